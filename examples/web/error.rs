//! [`AppError`]: every way a request can fail, and the one place that maps each to an HTTP
//! status and a JSON body `{"error": "..."}`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use uuid::Uuid;

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A path segment did not parse (for example an id that is not a UUID).
    #[error("malformed path: {}", .0.body_text())]
    Path(#[from] PathRejection),

    /// The query string did not parse (for example `limit=ten`).
    #[error("malformed query string: {}", .0.body_text())]
    Query(#[from] QueryRejection),

    /// The body was not the expected JSON (or not JSON at all).
    #[error("malformed body: {}", .0.body_text())]
    Body(#[from] JsonRejection),

    /// A note id that is a UUID but not a time-based one.
    #[error("`{0}` is not a note id: note ids are time-based (version 1) UUIDs")]
    NotANoteId(Uuid),

    /// A cursor that decodes but that the server cannot resume from (not one of its
    /// `next` values).
    #[error("`cursor` is not a cursor of this listing")]
    BadCursor,

    /// A page size out of range.
    #[error("`limit` must be between 1 and {max}, not {got}")]
    Limit {
        /// The size asked for.
        got: i32,
        /// The largest size served.
        max: i32,
    },

    /// A well-formed note that breaks a rule (e.g. an empty title).
    #[error("invalid note: {0}")]
    InvalidNote(String),

    /// The note does not exist.
    #[error("user {user_id} has no note {note_id}")]
    NoteNotFound {
        /// The owner asked for.
        user_id: Uuid,
        /// The note asked for.
        note_id: Uuid,
    },

    /// No route matches the request.
    #[error("no route for {method} {path}")]
    NoRoute {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
    },

    /// The ORM or the database failed; [`db_status`] picks the status.
    #[error(transparent)]
    Db(#[from] cql_orm::Error),
}

/// The HTTP status for an ORM error: a malformed cursor or empty key is the client's fault
/// (400), a missing row 404, a rejected lightweight transaction a conflict (409), an
/// overloaded or unreachable cluster 503/504, anything else a server error.
pub fn db_status(e: &cql_orm::Error) -> StatusCode {
    match e {
        cql_orm::Error::Validation(_) => StatusCode::BAD_REQUEST,
        cql_orm::Error::NotFound { .. } => StatusCode::NOT_FOUND,
        cql_orm::Error::LwtRejected { .. } => StatusCode::CONFLICT,
        e if e.is_timeout() => StatusCode::GATEWAY_TIMEOUT,
        e if e.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl AppError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Path(r) => r.status(),
            AppError::Query(r) => r.status(),
            AppError::Body(r) => r.status(),
            AppError::NotANoteId(_) | AppError::BadCursor | AppError::Limit { .. } => {
                StatusCode::BAD_REQUEST
            }
            AppError::InvalidNote(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NoteNotFound { .. } | AppError::NoRoute { .. } => StatusCode::NOT_FOUND,
            AppError::Db(e) => db_status(e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        // Server-side failures are logged in full and answered without internals.
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            status
                .canonical_reason()
                .unwrap_or("server error")
                .to_owned()
        } else {
            self.to_string()
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}
