//! A JSON web service over a cql-orm model, on axum: per-user notes, created with a POST,
//! read one at a time by key, and listed a page at a time with string cursors.
//!
//! | route | handler | answers |
//! |---|---|---|
//! | `POST /users/{user_id}/notes` | [`handlers::create_note`] | 201 with the note, `Location` header |
//! | `GET /users/{user_id}/notes/{note_id}` | [`handlers::get_note`] | 200 with the note, 404, 400 for a malformed id |
//! | `GET /users/{user_id}/notes?limit=&cursor=` | [`handlers::list_notes`] | 200 with `{items, next}`, 400 for a malformed cursor |
//!
//! Every failure is an [`AppError`], turned into a status and a `{"error": "..."}` body in one
//! place ([`AppError`]'s `IntoResponse`). The `web_axum` example serves this router from an
//! embedded node; the package's `web_axum` test drives it over real HTTP.

pub mod api;
pub mod error;
pub mod handlers;
mod model;

use axum::routing::{get, post};
use axum::Router;
use cql_orm::{Keyspace, Schema};

pub use api::{NewNote, NoteView, NotesPage};
pub use error::AppError;
pub use model::{note, Note, NotePartitionKey, NotePrimaryKey};

/// The schema the service needs (create it with [`Schema::create_all`] before serving).
pub fn schema() -> Schema {
    Schema::new().model::<Note>()
}

/// What every handler shares: the keyspace holding the notes. Note ids come from
/// [`cql_orm::Timeuuid::now`], which strictly increases within the process, so notes list
/// in creation order.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The keyspace the `notes` table lives in.
    pub keyspace: Keyspace,
}

impl AppState {
    /// State over `keyspace`.
    pub fn new(keyspace: Keyspace) -> Self {
        AppState { keyspace }
    }
}

/// The service's routes; unknown routes answer 404 with a JSON error.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/users/{user_id}/notes",
            post(handlers::create_note).get(handlers::list_notes),
        )
        .route("/users/{user_id}/notes/{note_id}", get(handlers::get_note))
        .fallback(handlers::no_route)
        .with_state(state)
}
