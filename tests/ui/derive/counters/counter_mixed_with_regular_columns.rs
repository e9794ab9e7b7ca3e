use cql_orm::{Counter, Model};

#[derive(Model)]
struct PageViews {
    #[cql(partition_key)]
    page: String,
    views: Counter,
    title: Option<String>,
}

fn main() {}
