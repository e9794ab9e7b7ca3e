use cql_orm::Model;

#[derive(Model)]
#[cql(keyspace = "1app")]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
