use cql_orm::Model;

#[derive(Model)]
#[cql(table = "user-events")]
struct UserEvent {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
