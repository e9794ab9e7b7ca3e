use cql_orm::{Counter, Model};

#[derive(Model)]
#[cql(options(default_time_to_live = 3600))]
struct PageViews {
    #[cql(partition_key)]
    page: String,
    views: Counter,
}

fn main() {}
