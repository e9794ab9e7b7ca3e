//! A counter table, and the `crate = "..."` override for a renamed runtime crate.

extern crate cql_orm as orm;

use orm::model::table_kind::CounterTable;
use orm::{Counter, Model};

#[derive(Model)]
#[cql(crate = "orm", table = "page_views")]
pub struct PageViews {
    #[cql(partition_key)]
    pub site: String,
    #[cql(clustering_key)]
    pub page: String,
    pub views: Counter,
    pub unique_views: Counter,
}

fn is_counter_table<M: Model<TableKind = CounterTable>>() -> bool {
    true
}

fn main() {
    assert!(is_counter_table::<PageViews>());
    let types: Vec<String> = PageViews::COLUMNS.iter().map(|c| c.cql_type.to_string()).collect();
    assert_eq!(types, ["text", "text", "counter", "counter"]);
}
