// Models shared by the query-rule cases.
#![allow(dead_code)]

use cql_orm::{Counter, Model};
use std::collections::HashSet;

#[derive(Model, Debug, Clone)]
#[cql(table = "events")]
pub struct Event {
    #[cql(partition_key)]
    pub user_id: i32,
    #[cql(clustering_key, order = desc)]
    pub day: i32,
    #[cql(clustering_key)]
    pub seq: i32,
    pub kind: String,
    #[cql(index)]
    pub device: Option<String>,
    pub tags: HashSet<String>,
}

#[derive(Model, Debug, Clone)]
#[cql(table = "other")]
pub struct Other {
    #[cql(partition_key)]
    pub id: i32,
    pub name: String,
}

#[derive(Model, Debug, Clone)]
#[cql(table = "views")]
pub struct Views {
    #[cql(partition_key)]
    pub page: String,
    pub hits: Counter,
}
