use cql_orm::Model;

#[derive(Model)]
#[cql(rename_all = "kebab-case")]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
