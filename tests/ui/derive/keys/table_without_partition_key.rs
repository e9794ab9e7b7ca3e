use cql_orm::Model;

#[derive(Model)]
#[cql(table = "events")]
struct Event {
    id: uuid::Uuid,
    body: String,
}

fn main() {}
