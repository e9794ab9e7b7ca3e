//! Runs one step through the `scylla` driver and records what came back.

use scylla::client::session::Session;
use scylla::errors::{DbError, ExecutionError, PrepareError, RequestAttemptError};
use scylla::frame::protocol_features::ProtocolFeatures;
use scylla::frame::response::result::ColumnType;
use scylla::frame::types::{Consistency, SerialConsistency};
use scylla::response::query_result::{ColumnSpecs, QueryResult};
use scylla::response::{PagingState, PagingStateResponse};
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::unprepared::Statement;
use scylla::value::{CqlValue, Row};
use serde_json::{json, Value};

use crate::bind::bind_value;
use crate::canonical::canonical;
use crate::scenario::Step;
use crate::typestring::type_string;

/// Page size of steps without `fetch_size` (what the recording asked for).
const DEFAULT_PAGE_SIZE: i32 = 5000;
/// A safety stop for a server that never ends paging.
const MAX_PAGES: usize = 100_000;

/// A column or bind variable: its name and its type.
#[derive(Debug, Clone)]
pub struct Column {
    /// The name the server sent.
    pub name: String,
    /// The type the server sent.
    pub typ: ColumnType<'static>,
}

impl Column {
    /// `[name, type string]`, the corpus's form.
    pub fn pair(&self) -> (String, String) {
        (self.name.clone(), type_string(&self.typ))
    }
}

/// The PREPARED result's metadata.
#[derive(Debug, Clone)]
pub struct PreparedMeta {
    /// Bind variables.
    pub bind: Vec<Column>,
    /// Bind positions of the partition key components, in partition key order.
    pub pk_indexes: Vec<usize>,
    /// Result columns.
    pub result: Vec<Column>,
}

/// What a successful step returned.
#[derive(Debug, Clone)]
pub enum Success {
    /// VOID, SET_KEYSPACE or SCHEMA_CHANGE: the driver's public API does not tell them apart.
    /// `keyspace_after` is the session's keyspace after the step (set by a SET_KEYSPACE result).
    NotRows {
        /// The session's current keyspace after the step.
        keyspace_after: Option<String>,
    },
    /// A ROWS result, all pages.
    Rows {
        /// Result metadata of the first page.
        columns: Vec<Column>,
        /// All rows, values in canonical form.
        rows: Vec<Vec<Value>>,
        /// Rows per page.
        pages: Vec<usize>,
        /// Warnings of all pages.
        warnings: Vec<String>,
    },
}

/// Where a failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The PREPARE request.
    Prepare,
    /// The QUERY / EXECUTE request (or a later page of it).
    Execute,
}

/// A failed step.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Which request failed.
    pub phase: Phase,
    /// The server's ERROR response, or `None` when the failure was on the client side.
    pub server: Option<ServerError>,
    /// The driver's description of the failure.
    pub description: String,
}

/// An ERROR response of the server.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerError {
    /// The protocol error code.
    pub code: i32,
    /// The message text.
    pub message: String,
    /// The extra error fields, for codes that carry them.
    pub info: Option<Value>,
}

/// Everything observed for one step.
#[derive(Debug, Clone)]
pub struct Observed {
    /// PREPARED metadata, when the step was prepared successfully.
    pub prepared: Option<PreparedMeta>,
    /// The outcome.
    pub outcome: Result<Success, Failure>,
}

/// Runs a step: a plain QUERY without `params`, PREPARE + EXECUTE with them.
pub async fn run_step(session: &Session, step: &Step) -> Observed {
    let consistency = match parse_consistency(step.consistency.as_deref()) {
        Ok(c) => c,
        Err(e) => return client_failure(None, Phase::Execute, e),
    };
    let serial = match parse_serial(step.serial_consistency.as_deref()) {
        Ok(s) => s,
        Err(e) => return client_failure(None, Phase::Execute, e),
    };
    let mut statement = Statement::new(step.cql.clone());
    statement.set_consistency(consistency);
    statement.set_serial_consistency(serial);
    statement.set_page_size(step.fetch_size.unwrap_or(DEFAULT_PAGE_SIZE));

    let Some(params) = &step.params else {
        let outcome = fetch_pages(session, |state| {
            let statement = statement.clone();
            async move { session.query_single_page(statement, (), state).await }
        })
        .await;
        return Observed {
            prepared: None,
            outcome,
        };
    };

    let prepared = match session.prepare(statement).await {
        Ok(prepared) => prepared,
        Err(error) => {
            return Observed {
                prepared: None,
                outcome: Err(prepare_failure(error)),
            }
        }
    };
    let meta = prepared_meta(&prepared);
    let values = match bind_params(&meta, params) {
        Ok(values) => values,
        Err(e) => return client_failure(Some(meta), Phase::Execute, e),
    };
    let outcome = fetch_pages(session, |state| {
        let (prepared, values) = (&prepared, &values);
        async move { session.execute_single_page(prepared, values, state).await }
    })
    .await;
    Observed {
        prepared: Some(meta),
        outcome,
    }
}

fn client_failure(prepared: Option<PreparedMeta>, phase: Phase, description: String) -> Observed {
    Observed {
        prepared,
        outcome: Err(Failure {
            phase,
            server: None,
            description,
        }),
    }
}

fn bind_params(
    meta: &PreparedMeta,
    params: &[crate::scenario::Param],
) -> Result<Vec<Option<CqlValue>>, String> {
    if meta.bind.len() != params.len() {
        return Err(format!(
            "the statement has {} bind markers but the step gives {} params",
            meta.bind.len(),
            params.len()
        ));
    }
    meta.bind
        .iter()
        .zip(params)
        .enumerate()
        .map(|(i, (column, param))| {
            bind_value(&column.typ, &param.value)
                .map_err(|e| format!("param {i} ({} {}): {e}", column.name, param.typ))
        })
        .collect()
}

/// Fetches every page, following the paging state.
async fn fetch_pages<F, Fut>(session: &Session, mut fetch: F) -> Result<Success, Failure>
where
    F: FnMut(PagingState) -> Fut,
    Fut: std::future::Future<Output = Result<(QueryResult, PagingStateResponse), ExecutionError>>,
{
    let mut state = PagingState::start();
    let mut columns: Option<Vec<Column>> = None;
    let mut rows = Vec::new();
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    loop {
        let (result, paging) = fetch(state).await.map_err(execution_failure)?;
        warnings.extend(result.warnings().map(str::to_owned));
        if !result.is_rows() {
            if pages.is_empty() {
                return Ok(Success::NotRows {
                    keyspace_after: session.get_keyspace().map(|k| k.to_string()),
                });
            }
            return Err(client_error("a later page was not a ROWS result".into()));
        }
        let page = result
            .into_rows_result()
            .map_err(|e| client_error(format!("reading the ROWS result: {e}")))?;
        if columns.is_none() {
            columns = Some(columns_of(page.column_specs()));
        }
        let before = rows.len();
        let typed = page
            .rows::<Row>()
            .map_err(|e| client_error(format!("reading rows: {e}")))?;
        for row in typed {
            let row = row.map_err(|e| client_error(format!("deserialising a row: {e}")))?;
            rows.push(row.columns.iter().map(|c| canonical(c.as_ref())).collect());
        }
        pages.push(rows.len() - before);
        match paging {
            PagingStateResponse::HasMorePages { state: next } if pages.len() < MAX_PAGES => {
                state = next;
            }
            PagingStateResponse::HasMorePages { .. } => {
                return Err(client_error(format!("more than {MAX_PAGES} pages")));
            }
            PagingStateResponse::NoMorePages => break,
        }
    }
    Ok(Success::Rows {
        columns: columns.unwrap_or_default(),
        rows,
        pages,
        warnings,
    })
}

fn client_error(description: String) -> Failure {
    Failure {
        phase: Phase::Execute,
        server: None,
        description,
    }
}

fn columns_of(specs: ColumnSpecs<'_, '_>) -> Vec<Column> {
    specs
        .iter()
        .map(|spec| Column {
            name: spec.name().to_owned(),
            typ: spec.typ().clone().into_owned(),
        })
        .collect()
}

fn prepared_meta(prepared: &PreparedStatement) -> PreparedMeta {
    let mut pk = prepared.get_variable_pk_indexes().to_vec();
    pk.sort_by_key(|index| index.sequence);
    PreparedMeta {
        bind: columns_of(prepared.get_variable_col_specs()),
        pk_indexes: pk.iter().map(|index| usize::from(index.index)).collect(),
        result: columns_of(prepared.get_current_result_set_col_specs().get()),
    }
}

fn prepare_failure(error: PrepareError) -> Failure {
    let server = match &error {
        PrepareError::AllAttemptsFailed { first_attempt } => attempt_server_error(first_attempt),
        _ => None,
    };
    Failure {
        phase: Phase::Prepare,
        server,
        description: error.to_string(),
    }
}

fn execution_failure(error: ExecutionError) -> Failure {
    let server = match &error {
        ExecutionError::LastAttemptError(attempt) => attempt_server_error(attempt),
        _ => None,
    };
    Failure {
        phase: Phase::Execute,
        server,
        description: error.to_string(),
    }
}

fn attempt_server_error(attempt: &RequestAttemptError) -> Option<ServerError> {
    match attempt {
        RequestAttemptError::DbError(error, message) => Some(ServerError {
            code: error_code(error),
            message: message.clone(),
            info: error_info(error),
        }),
        _ => None,
    }
}

/// The protocol error code of a server error.
pub fn error_code(error: &DbError) -> i32 {
    match error {
        // Only ScyllaDB sends it, with a code negotiated at start-up.
        DbError::RateLimitReached { .. } => -1,
        other => other.code(&ProtocolFeatures::default()),
    }
}

/// The extra fields of an error body, in the corpus's form.
fn error_info(error: &DbError) -> Option<Value> {
    match error {
        DbError::AlreadyExists { keyspace, table } => {
            Some(json!({"keyspace": keyspace, "table": table}))
        }
        DbError::FunctionFailure {
            keyspace,
            function,
            arg_types,
        } => Some(json!({"keyspace": keyspace, "function": function, "arg_types": arg_types})),
        DbError::Unavailable {
            consistency,
            required,
            alive,
        } => Some(
            json!({"consistency": consistency.to_string(), "required": required, "alive": alive}),
        ),
        _ => None,
    }
}

/// The step's consistency (default `LOCAL_ONE`, as recorded).
fn parse_consistency(name: Option<&str>) -> Result<Consistency, String> {
    Ok(match name.unwrap_or("LOCAL_ONE") {
        "ANY" => Consistency::Any,
        "ONE" => Consistency::One,
        "TWO" => Consistency::Two,
        "THREE" => Consistency::Three,
        "QUORUM" => Consistency::Quorum,
        "ALL" => Consistency::All,
        "LOCAL_QUORUM" => Consistency::LocalQuorum,
        "EACH_QUORUM" => Consistency::EachQuorum,
        "LOCAL_ONE" => Consistency::LocalOne,
        "SERIAL" => Consistency::Serial,
        "LOCAL_SERIAL" => Consistency::LocalSerial,
        other => return Err(format!("unknown consistency {other:?}")),
    })
}

/// The step's serial consistency (default: none sent, as recorded).
fn parse_serial(name: Option<&str>) -> Result<Option<SerialConsistency>, String> {
    match name {
        None => Ok(None),
        Some("SERIAL") => Ok(Some(SerialConsistency::Serial)),
        Some("LOCAL_SERIAL") => Ok(Some(SerialConsistency::LocalSerial)),
        Some(other) => Err(format!("unknown serial consistency {other:?}")),
    }
}
