use cql_orm::Model;

#[derive(Model)]
#[cql(table = "users")]
#[cql(table = "people")]
struct User {
    #[cql(partition_key, partition_key)]
    id: uuid::Uuid,
}

fn main() {}
