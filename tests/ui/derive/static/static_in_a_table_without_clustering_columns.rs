use cql_orm::Model;

#[derive(Model)]
struct Account {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(static)]
    owner: Option<String>,
}

fn main() {}
