use cql_orm::Model;

#[derive(Model)]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(order = desc)]
    at: i64,
}

fn main() {}
