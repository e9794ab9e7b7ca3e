use cql_orm::Model;

#[derive(Model)]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
    #[cql(type = "list<set<text>>")]
    tags: Vec<Vec<String>>,
}

fn main() {}
