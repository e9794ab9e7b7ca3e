use cql_orm::Model;

#[derive(Model)]
struct Event<T> {
    #[cql(partition_key)]
    id: uuid::Uuid,
    payload: T,
}

fn main() {}
