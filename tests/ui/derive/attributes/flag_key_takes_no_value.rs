use cql_orm::Model;

#[derive(Model)]
struct User {
    #[cql(partition_key = true)]
    id: uuid::Uuid,
}

fn main() {}
