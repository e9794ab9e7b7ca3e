use cql_orm::Model;

#[derive(Model)]
#[cql(table = "users", partition_key)]
struct User {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
