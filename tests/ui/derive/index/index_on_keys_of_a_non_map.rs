use cql_orm::Model;

#[derive(Model)]
struct Post {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(index = "keys")]
    tags: std::collections::HashSet<String>,
}

fn main() {}
