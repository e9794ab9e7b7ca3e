use cql_orm::Model;

#[derive(Model)]
#[cql(options(compaction(sstable_size_in_mb = 160)))]
struct Event {
    #[cql(partition_key)]
    id: uuid::Uuid,
}

fn main() {}
