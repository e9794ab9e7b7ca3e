use cql_orm::Model;

#[derive(Model)]
struct Tagged {
    #[cql(partition_key)]
    tags: std::collections::HashSet<String>,
}

fn main() {}
