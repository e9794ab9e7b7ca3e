use cql_orm::Model;

#[derive(Model)]
#[cql(table = "a_table_name_that_is_much_longer_than_cassandra_allows")]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
