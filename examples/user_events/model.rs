//! The `user_events` table.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use cql_orm::Model;
use uuid::Uuid;

/// One event in a user's activity log, newest first.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "user_events", options(comment = "per-user log"))]
pub struct UserEvent {
    /// The user (partition key).
    #[cql(partition_key)]
    pub user_id: Uuid,
    /// When it happened (clustering key, newest first).
    #[cql(clustering_key, order = desc)]
    pub event_time: DateTime<Utc>,
    /// What happened.
    pub event_type: String,
    /// Free-form details.
    pub data: Option<String>,
    /// The user's name, one value per partition.
    #[cql(static)]
    pub user_name: Option<String>,
    /// The device used (secondary index).
    #[cql(index)]
    pub device: Option<String>,
    /// Labels.
    pub tags: HashSet<String>,
    /// Extra attributes, stored in the CQL column `meta`.
    #[cql(name = "meta")]
    pub metadata: HashMap<String, String>,
}
