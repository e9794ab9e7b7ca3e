//! The request handlers. Each takes its extractors as `Result`s so that a malformed path,
//! query string or body becomes an [`AppError`] (and a JSON error) like every other failure.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::Json;
use cql_orm::prelude::*;
use cql_orm::{Cursor, Timeuuid};
use scylla::errors::DbError;
use serde::Deserialize;
use uuid::Uuid;

use super::{
    note, AppError, AppState, NewNote, Note, NotePartitionKey, NotePrimaryKey, NoteView, NotesPage,
};

/// The page size when `?limit=` is absent.
pub const DEFAULT_LIMIT: i32 = 20;
/// The largest page size served.
pub const MAX_LIMIT: i32 = 100;

/// `POST /users/{user_id}/notes` with a [`NewNote`] body: stores the note with a new
/// time-based id and answers 201 with the note and its `Location`.
pub async fn create_note(
    State(state): State<AppState>,
    user: Result<Path<Uuid>, PathRejection>,
    body: Result<Json<NewNote>, JsonRejection>,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, String); 1],
        Json<NoteView>,
    ),
    AppError,
> {
    let Path(user_id) = user?;
    let Json(new) = body?;
    if let Some(problem) = new.problem() {
        return Err(AppError::InvalidNote(problem));
    }
    let note_id = Timeuuid::now();
    // The instant the id stands for, at the millisecond a CQL `timestamp` keeps.
    let created_at = chrono::DateTime::from_timestamp_millis(note_id.datetime().timestamp_millis())
        .unwrap_or_default();
    let note = Note {
        user_id,
        note_id,
        title: new.title,
        body: new.body,
        tags: new.tags,
        created_at,
    };
    note.insert().execute(&state.keyspace).await?;
    let location = format!("/users/{user_id}/notes/{note_id}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(note.into()),
    ))
}

/// `GET /users/{user_id}/notes/{note_id}`: the note, 404 if there is none, 400 if either id
/// is malformed.
pub async fn get_note(
    State(state): State<AppState>,
    ids: Result<Path<(Uuid, Uuid)>, PathRejection>,
) -> Result<Json<NoteView>, AppError> {
    let Path((user_id, note_id)) = ids?;
    // A timeuuid column accepts only version 1 UUIDs; refuse others before asking.
    let key = NotePrimaryKey {
        user_id,
        note_id: Timeuuid::from_uuid(note_id).map_err(|_| AppError::NotANoteId(note_id))?,
    };
    let note = Note::get(&state.keyspace, key)
        .await?
        .ok_or(AppError::NoteNotFound { user_id, note_id })?;
    Ok(Json(note.into()))
}

/// The query string of [`list_notes`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// The page size, 1 to [`MAX_LIMIT`] (default [`DEFAULT_LIMIT`]).
    pub limit: Option<i32>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

/// `GET /users/{user_id}/notes?limit=&cursor=`: one page of the user's notes, oldest first,
/// with the cursor of the next page (`null` on the last one). A cursor that does not parse
/// is a 400.
pub async fn list_notes(
    State(state): State<AppState>,
    user: Result<Path<Uuid>, PathRejection>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<NotesPage>, AppError> {
    let Path(user_id) = user?;
    let Query(params) = params?;
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::Limit {
            got: limit,
            max: MAX_LIMIT,
        });
    }
    let cursor: Option<Cursor> = params.cursor.as_deref().map(str::parse).transpose()?;
    let page = Note::select()
        .partition(NotePartitionKey { user_id })
        .order_by(note::note_id.asc())
        .page(&state.keyspace, limit, cursor.as_ref())
        .await
        .map_err(|e| cursor_refused(cursor.is_some(), e))?;
    Ok(Json(NotesPage {
        items: page.items.into_iter().map(NoteView::from).collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

/// The error of a listing: when a cursor was given, a protocol error from the server means it
/// could not resume from it (Cassandra answers "Invalid value for the paging state").
fn cursor_refused(had_cursor: bool, e: cql_orm::Error) -> AppError {
    match e.db_error() {
        Some((DbError::ProtocolError, _)) if had_cursor => AppError::BadCursor,
        _ => AppError::Db(e),
    }
}

/// Any other route: 404 with a JSON error.
pub async fn no_route(method: Method, uri: Uri) -> AppError {
    AppError::NoRoute {
        method: method.to_string(),
        path: uri.path().to_owned(),
    }
}
