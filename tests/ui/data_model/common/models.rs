// Models shared by the data-model misuse cases.
#![allow(dead_code)]

pub use cql_orm::Timeuuid;
use cql_orm::{Counter, Frozen, Model, Projection};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Model, Debug, Clone)]
#[cql(table = "feed")]
pub struct Feed {
    #[cql(partition_key)]
    pub user: i32,
    #[cql(clustering_key)]
    pub day: i32,
    #[cql(clustering_key)]
    pub id: Timeuuid,
    pub body: String,
    pub tags: BTreeSet<String>,
    pub history: Vec<String>,
    pub prefs: BTreeMap<String, String>,
    pub frozen_prefs: Frozen<BTreeMap<String, String>>,
    #[cql(static)]
    pub owner: Option<String>,
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

#[derive(Projection, Debug, Clone)]
#[cql(model = Other)]
pub struct OtherName {
    pub name: String,
}

pub fn feed_key() -> FeedPrimaryKey {
    FeedPrimaryKey {
        user: 1,
        day: 2,
        id: Timeuuid::now(),
    }
}

pub fn feed_partition() -> FeedPartitionKey {
    FeedPartitionKey { user: 1 }
}
