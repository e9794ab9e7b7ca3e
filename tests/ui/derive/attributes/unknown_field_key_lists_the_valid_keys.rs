use cql_orm::Model;

#[derive(Model)]
struct User {
    #[cql(primary_key)]
    id: uuid::Uuid,
}

fn main() {}
