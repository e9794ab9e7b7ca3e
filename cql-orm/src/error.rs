//! The error type of every fallible cql-orm operation.

use std::fmt;

use scylla::deserialize::DeserializationError;
use scylla::errors::{
    DbError, ExecutionError, NewSessionError, NextPageError, NextRowError, PagerExecutionError,
    PrepareError, RequestAttemptError, RequestError,
};

/// A shorthand for `Result<T, cql_orm::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to the database through cql-orm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A row that had to exist (for example through [`crate::query::Select::one`]) was not found.
    #[error("no row of `{table}` matched the query")]
    NotFound {
        /// The table that was read.
        table: &'static str,
    },

    /// A lightweight transaction was not applied where the caller required it to be.
    #[error("the lightweight transaction on `{table}` was not applied")]
    LwtRejected {
        /// The table that was written.
        table: &'static str,
    },

    /// A row or value could not be converted into its Rust type.
    #[error("cannot read column `{column}` of `{table}`: {source}")]
    Deserialization {
        /// The table that was read (empty when unknown).
        table: &'static str,
        /// The column whose value could not be read (`?` when unknown).
        column: String,
        /// What the driver reported.
        #[source]
        source: DeserializationError,
    },

    /// The live table differs from the model.
    #[error("table `{table}` does not match its model: {}", differences.join("; "))]
    SchemaMismatch {
        /// The table that was compared.
        table: String,
        /// Every difference found, one sentence each.
        differences: Vec<String>,
    },

    /// The request was refused before it was sent (for example an empty partition key value
    /// or a malformed paging cursor).
    #[error("invalid request: {0}")]
    Validation(String),

    /// A statement could not be executed by the driver (kept whole).
    #[error(transparent)]
    Execution(Box<ExecutionError>),

    /// A statement could not be prepared by the driver (kept whole).
    #[error(transparent)]
    Prepare(Box<PrepareError>),

    /// A paged query could not be started (kept whole).
    #[error(transparent)]
    Pager(Box<PagerExecutionError>),

    /// A page of a streamed query could not be fetched (kept whole).
    #[error(transparent)]
    NextRow(Box<NextRowError>),

    /// The session could not be created (kept whole).
    #[error(transparent)]
    Connect(Box<NewSessionError>),

    /// The driver reported an error this crate does not model more precisely.
    #[error("{context}: {message}")]
    Driver {
        /// What cql-orm was doing.
        context: &'static str,
        /// The driver's message.
        message: String,
    },
}

impl Error {
    /// The database error code returned by the server, if the failure came from one.
    pub fn db_error(&self) -> Option<(&DbError, &str)> {
        fn from_attempt(e: &RequestAttemptError) -> Option<(&DbError, &str)> {
            match e {
                RequestAttemptError::DbError(db, msg) => Some((db, msg.as_str())),
                _ => None,
            }
        }
        match self {
            Error::Execution(e) => match &**e {
                ExecutionError::LastAttemptError(e) => from_attempt(e),
                _ => None,
            },
            Error::Pager(e) => match &**e {
                PagerExecutionError::NextPageError(NextPageError::RequestFailure(
                    RequestError::LastAttemptError(e),
                )) => from_attempt(e),
                _ => None,
            },
            Error::NextRow(e) => match &**e {
                NextRowError::NextPageError(NextPageError::RequestFailure(
                    RequestError::LastAttemptError(e),
                )) => from_attempt(e),
                _ => None,
            },
            Error::Prepare(e) => match &**e {
                PrepareError::AllAttemptsFailed { first_attempt } => from_attempt(first_attempt),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the server or the client gave up waiting (read/write timeout or client timeout).
    pub fn is_timeout(&self) -> bool {
        let client_timeout = match self {
            Error::Execution(e) => matches!(**e, ExecutionError::RequestTimeout(_)),
            Error::Pager(e) => matches!(
                **e,
                PagerExecutionError::NextPageError(NextPageError::RequestFailure(
                    RequestError::RequestTimeout(_)
                ))
            ),
            Error::NextRow(e) => matches!(
                **e,
                NextRowError::NextPageError(NextPageError::RequestFailure(
                    RequestError::RequestTimeout(_)
                ))
            ),
            _ => false,
        };
        if client_timeout {
            return true;
        }
        matches!(
            self.db_error(),
            Some((
                DbError::ReadTimeout { .. } | DbError::WriteTimeout { .. },
                _
            ))
        )
    }

    /// Whether the coordinator had too few live replicas for the requested consistency.
    pub fn is_unavailable(&self) -> bool {
        matches!(self.db_error(), Some((DbError::Unavailable { .. }, _)))
    }

    /// Whether the server rejected the statement as invalid (`Invalid` error code).
    pub fn is_invalid(&self) -> bool {
        matches!(self.db_error(), Some((DbError::Invalid, _)))
    }

    pub(crate) fn deserialization(table: &'static str, source: DeserializationError) -> Self {
        let column = column_of(&source).unwrap_or_else(|| "?".to_owned());
        Error::Deserialization {
            table,
            column,
            source,
        }
    }

    pub(crate) fn driver(context: &'static str, e: impl fmt::Display) -> Self {
        Error::Driver {
            context,
            message: e.to_string(),
        }
    }
}

/// A deserialisation failure of one named column (wrapped into the driver's
/// [`DeserializationError`] by generated code, so the column name survives).
#[derive(Debug, thiserror::Error)]
#[error("column `{column}`: {source}")]
pub struct ColumnError {
    /// The column that failed.
    pub column: String,
    /// The underlying failure.
    #[source]
    pub source: DeserializationError,
}

fn column_of(e: &DeserializationError) -> Option<String> {
    if let Some(c) = e.downcast_ref::<ColumnError>() {
        return Some(c.column.clone());
    }
    use scylla::deserialize::row::{BuiltinDeserializationError, BuiltinDeserializationErrorKind};
    match &e.downcast_ref::<BuiltinDeserializationError>()?.kind {
        BuiltinDeserializationErrorKind::ColumnDeserializationFailed { column_name, .. }
        | BuiltinDeserializationErrorKind::RawColumnDeserializationFailed { column_name, .. } => {
            Some(column_name.clone())
        }
        _ => None,
    }
}

/// Converts the driver's row-level errors, keeping the column name.
pub(crate) fn rows_error(table: &'static str, e: impl Into<RowsErr>) -> Error {
    match e.into() {
        RowsErr::De(d) => Error::deserialization(table, d),
        RowsErr::Other(m) => Error::driver("reading rows", m),
    }
}

/// Internal normalisation of the driver's many row-result error types.
pub(crate) enum RowsErr {
    De(DeserializationError),
    Other(String),
}

impl From<DeserializationError> for RowsErr {
    fn from(e: DeserializationError) -> Self {
        RowsErr::De(e)
    }
}

impl From<scylla::response::query_result::RowsError> for RowsErr {
    fn from(e: scylla::response::query_result::RowsError) -> Self {
        RowsErr::Other(e.to_string())
    }
}

impl From<scylla::response::query_result::IntoRowsResultError> for RowsErr {
    fn from(e: scylla::response::query_result::IntoRowsResultError) -> Self {
        RowsErr::Other(e.to_string())
    }
}

impl From<ExecutionError> for Error {
    fn from(e: ExecutionError) -> Self {
        Error::Execution(Box::new(e))
    }
}

impl From<PrepareError> for Error {
    fn from(e: PrepareError) -> Self {
        Error::Prepare(Box::new(e))
    }
}

impl From<PagerExecutionError> for Error {
    fn from(e: PagerExecutionError) -> Self {
        Error::Pager(Box::new(e))
    }
}

impl From<NextRowError> for Error {
    fn from(e: NextRowError) -> Self {
        Error::NextRow(Box::new(e))
    }
}

impl From<NewSessionError> for Error {
    fn from(e: NewSessionError) -> Self {
        Error::Connect(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use scylla::errors::{DbError, ExecutionError, RequestAttemptError};
    use scylla::statement::Consistency;

    use super::Error;

    fn server(db: DbError) -> Error {
        Error::from(ExecutionError::LastAttemptError(
            RequestAttemptError::DbError(db, "from the server".into()),
        ))
    }

    #[test]
    fn timeouts_unavailability_and_invalid_requests_are_told_apart() {
        let client = Error::from(ExecutionError::RequestTimeout(Duration::from_millis(5)));
        assert!(client.is_timeout() && !client.is_unavailable());
        let read = server(DbError::ReadTimeout {
            consistency: Consistency::Quorum,
            received: 1,
            required: 2,
            data_present: false,
        });
        assert!(read.is_timeout());
        assert_eq!(read.db_error().map(|(_, m)| m), Some("from the server"));
        let unavailable = server(DbError::Unavailable {
            consistency: Consistency::Two,
            required: 2,
            alive: 1,
        });
        assert!(unavailable.is_unavailable() && !unavailable.is_timeout());
        let invalid = server(DbError::Invalid);
        assert!(invalid.is_invalid() && !invalid.is_timeout() && !invalid.is_unavailable());
        let not_found = Error::NotFound { table: "t" };
        assert!(!not_found.is_timeout() && not_found.db_error().is_none());
    }
}
