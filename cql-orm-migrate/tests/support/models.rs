//! Models of the migrator's tests, in versions (included with `#[path]`).
#![allow(dead_code)]

/// The first version: every kind of column, type and option the derive offers.
pub mod v1 {
    use std::collections::{HashMap, HashSet};

    use chrono::{DateTime, Utc};
    use cql_orm::{Counter, Frozen, Model, UserType};
    use uuid::Uuid;

    #[derive(UserType, Debug, Clone, PartialEq)]
    #[cql(name = "geo")]
    pub struct Geo {
        pub lat: f64,
        pub lon: f64,
    }

    #[derive(UserType, Debug, Clone, PartialEq)]
    #[cql(name = "address")]
    pub struct Address {
        pub street: String,
        pub city: String,
        pub zip: Option<String>,
        pub geo: Option<Frozen<Geo>>,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(
        table = "user_events",
        options(
            default_time_to_live = 0,
            comment = "per-user log",
            gc_grace_seconds = 3600,
            bloom_filter_fp_chance = 0.01,
            compaction(class = "LeveledCompactionStrategy"),
            caching(keys = "ALL", rows_per_partition = "NONE"),
            speculative_retry = "99PERCENTILE"
        )
    )]
    pub struct UserEvent {
        #[cql(partition_key)]
        pub user_id: Uuid,
        #[cql(clustering_key, order = desc)]
        pub event_time: DateTime<Utc>,
        #[cql(clustering_key)]
        pub seq: i32,
        pub event_type: String,
        #[cql(static)]
        pub user_name: Option<String>,
        #[cql(index)]
        pub device: Option<String>,
        #[cql(index = "values")]
        pub tags: HashSet<String>,
        #[cql(index = "keys")]
        pub attrs: HashMap<String, String>,
        pub scores: HashMap<String, Frozen<Vec<i32>>>,
        pub pair: Option<(i32, String)>,
        pub home: Option<Address>,
        pub addresses: Vec<Frozen<Address>>,
        #[cql(index = "full")]
        pub shape: Frozen<Vec<i32>>,
        #[cql(type = "ascii")]
        pub code: Option<String>,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "page_views")]
    pub struct PageView {
        #[cql(partition_key)]
        pub page: String,
        pub views: Counter,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "profiles")]
    pub struct Profile {
        #[cql(partition_key)]
        pub id: Uuid,
        pub name: String,
        pub age: Option<i32>,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "timeline")]
    pub struct Timeline {
        #[cql(partition_key)]
        pub feed: String,
        #[cql(clustering_key)]
        pub at: i64,
        #[cql(static)]
        pub title: Option<String>,
        pub body: String,
    }

    /// Every model and type of this version.
    pub fn schema() -> cql_orm::Schema {
        cql_orm::Schema::new()
            .user_type::<Address>()
            .user_type::<Geo>()
            .model::<UserEvent>()
            .model::<PageView>()
            .model::<Profile>()
            .model::<Timeline>()
    }
}

/// `Profile` gains a field.
pub mod added_field {
    use cql_orm::Model;
    use uuid::Uuid;

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "profiles")]
    pub struct Profile {
        #[cql(partition_key)]
        pub id: Uuid,
        pub name: String,
        pub age: Option<i32>,
        pub nickname: Option<String>,
    }
}

/// `Profile` loses a field.
pub mod removed_field {
    use cql_orm::Model;
    use uuid::Uuid;

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "profiles")]
    pub struct Profile {
        #[cql(partition_key)]
        pub id: Uuid,
        pub name: String,
    }
}

/// `Profile` gets another partition key.
pub mod new_key {
    use cql_orm::Model;
    use uuid::Uuid;

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "profiles")]
    pub struct Profile {
        #[cql(partition_key)]
        pub id: Uuid,
        #[cql(partition_key)]
        pub name: String,
        pub age: Option<i32>,
    }
}

/// `Profile.age` becomes a bigint.
pub mod new_type {
    use cql_orm::Model;
    use uuid::Uuid;

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "profiles")]
    pub struct Profile {
        #[cql(partition_key)]
        pub id: Uuid,
        pub name: String,
        pub age: Option<i64>,
    }
}

/// `Timeline` changes its clustering order and makes `body` static.
pub mod timeline_changes {
    use cql_orm::Model;

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "timeline")]
    pub struct DescTimeline {
        #[cql(partition_key)]
        pub feed: String,
        #[cql(clustering_key, order = desc)]
        pub at: i64,
        #[cql(static)]
        pub title: Option<String>,
        pub body: String,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "timeline")]
    pub struct StaticBody {
        #[cql(partition_key)]
        pub feed: String,
        #[cql(clustering_key)]
        pub at: i64,
        #[cql(static)]
        pub title: Option<String>,
        #[cql(static)]
        pub body: Option<String>,
    }
}

/// `Address` gains a field; `UserEvent` changes its comment and loses an index.
pub mod evolved {
    use std::collections::{HashMap, HashSet};

    use chrono::{DateTime, Utc};
    use cql_orm::{Frozen, Model, UserType};
    use uuid::Uuid;

    pub use super::v1::Geo;

    #[derive(UserType, Debug, Clone, PartialEq)]
    #[cql(name = "address")]
    pub struct Address {
        pub street: String,
        pub city: String,
        pub zip: Option<String>,
        pub geo: Option<Frozen<Geo>>,
        pub country: Option<String>,
    }

    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(
        table = "user_events",
        options(
            default_time_to_live = 0,
            comment = "per-user activity",
            gc_grace_seconds = 3600,
            bloom_filter_fp_chance = 0.01,
            compaction(class = "LeveledCompactionStrategy"),
            caching(keys = "ALL", rows_per_partition = "NONE"),
            speculative_retry = "99PERCENTILE"
        )
    )]
    pub struct UserEvent {
        #[cql(partition_key)]
        pub user_id: Uuid,
        #[cql(clustering_key, order = desc)]
        pub event_time: DateTime<Utc>,
        #[cql(clustering_key)]
        pub seq: i32,
        pub event_type: String,
        #[cql(static)]
        pub user_name: Option<String>,
        pub device: Option<String>,
        #[cql(index = "values")]
        pub tags: HashSet<String>,
        #[cql(index = "keys")]
        pub attrs: HashMap<String, String>,
        pub scores: HashMap<String, Frozen<Vec<i32>>>,
        pub pair: Option<(i32, String)>,
        pub home: Option<Address>,
        pub addresses: Vec<Frozen<Address>>,
        #[cql(index = "full")]
        pub shape: Frozen<Vec<i32>>,
        #[cql(type = "ascii")]
        pub code: Option<String>,
    }
}
