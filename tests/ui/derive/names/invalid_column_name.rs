use cql_orm::Model;

#[derive(Model)]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(name = "event type")]
    kind: String,
}

fn main() {}
