use cql_orm::Model;

#[derive(Model)]
struct Event {
    #[cql(partition_key, clustering_key)]
    id: uuid::Uuid,
}

fn main() {}
