use cql_orm::Model;

#[derive(Model)]
struct Post {
    #[cql(partition_key, index)]
    id: uuid::Uuid,
}

fn main() {}
