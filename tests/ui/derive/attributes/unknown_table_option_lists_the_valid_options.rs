use cql_orm::Model;

#[derive(Model)]
#[cql(options(ttl = 3600))]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
