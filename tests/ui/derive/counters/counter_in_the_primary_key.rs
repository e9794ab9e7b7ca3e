use cql_orm::{Counter, Model};

#[derive(Model)]
struct PageViews {
    #[cql(partition_key)]
    page: String,
    #[cql(clustering_key)]
    views: Counter,
}

fn main() {}
