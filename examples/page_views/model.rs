//! The `page_views` counter table.
use cql_orm::{Counter, Model};

/// The counters of one page (table `page_views`: every regular column is a counter).
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "page_views")]
pub struct PageView {
    /// The site (partition key).
    #[cql(partition_key)]
    pub site: String,
    /// The page path (clustering key).
    #[cql(clustering_key)]
    pub path: String,
    /// How often the page was viewed.
    pub views: Counter,
    /// How many likes it has.
    pub likes: Counter,
}
