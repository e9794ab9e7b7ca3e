use cql_orm::Model;

#[derive(Model)]
#[cql(options(default_time_to_live = -1, comment = 5))]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
