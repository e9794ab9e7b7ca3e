use cql_orm::Model;

#[derive(Model)]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(skip, index)]
    cached: Option<String>,
}

fn main() {}
