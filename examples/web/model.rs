//! The `notes` table.
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use cql_orm::{Model, Timeuuid};
use uuid::Uuid;

/// A note of a user (table `notes`): one partition per user, notes in creation order.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "notes")]
pub struct Note {
    /// The owner (partition key).
    #[cql(partition_key)]
    pub user_id: Uuid,
    /// A time-based id (clustering key), so a partition lists oldest first.
    #[cql(clustering_key)]
    pub note_id: Timeuuid,
    /// The title (never empty).
    pub title: String,
    /// The text, if any.
    pub body: Option<String>,
    /// Labels.
    pub tags: BTreeSet<String>,
    /// When the note was created (millisecond precision).
    pub created_at: DateTime<Utc>,
}
