use cql_orm::Model;

#[derive(Model)]
struct Code {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(type = "ascii")]
    value: i32,
}

fn main() {}
