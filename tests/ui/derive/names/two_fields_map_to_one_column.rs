use cql_orm::Model;

#[derive(Model)]
struct User {
    #[cql(partition_key)]
    id: uuid::Uuid,
    email: String,
    #[cql(name = "email")]
    contact: String,
}

fn main() {}
