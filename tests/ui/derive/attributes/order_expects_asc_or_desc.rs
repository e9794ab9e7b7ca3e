use cql_orm::Model;

#[derive(Model)]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(clustering_key, order = "descending")]
    at: i64,
}

fn main() {}
