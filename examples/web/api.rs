//! The JSON shapes the service reads and writes.

use std::collections::BTreeSet;

use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::Note;

/// The longest title accepted.
pub const MAX_TITLE_CHARS: usize = 200;

/// The body of `POST /users/{user_id}/notes`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// The title: 1 to [`MAX_TITLE_CHARS`] characters, not only whitespace.
    pub title: String,
    /// The text.
    #[serde(default)]
    pub body: Option<String>,
    /// Labels.
    #[serde(default)]
    pub tags: BTreeSet<String>,
}

impl NewNote {
    /// Why this note cannot be stored, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.title.trim().is_empty() {
            Some("`title` must not be empty".to_owned())
        } else if self.title.chars().count() > MAX_TITLE_CHARS {
            Some(format!(
                "`title` is longer than {MAX_TITLE_CHARS} characters"
            ))
        } else {
            None
        }
    }
}

/// A note as the service returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct NoteView {
    /// The owner.
    pub user_id: Uuid,
    /// The note's id (a version 1 UUID).
    pub note_id: Uuid,
    /// The title.
    pub title: String,
    /// The text.
    pub body: Option<String>,
    /// Labels, sorted.
    pub tags: BTreeSet<String>,
    /// Creation time, RFC 3339 with milliseconds in UTC.
    pub created_at: String,
}

impl From<Note> for NoteView {
    fn from(n: Note) -> Self {
        NoteView {
            user_id: n.user_id,
            note_id: n.note_id.into(),
            title: n.title,
            body: n.body,
            tags: n.tags,
            created_at: n.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        }
    }
}

/// One page of `GET /users/{user_id}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct NotesPage {
    /// The notes of this page, oldest first.
    pub items: Vec<NoteView>,
    /// Pass as `?cursor=` to get the next page; `null` on the last page.
    pub next: Option<String>,
}
