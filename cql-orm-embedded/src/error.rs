//! Errors in Cassandra's own classes, as the native protocol reports them.

use thiserror::Error;

/// A protocol error code (the `[int]` at the start of an ERROR body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorCode {
    /// 0x0000: something unexpected happened server side.
    ServerError = 0x0000,
    /// 0x000A: a client message triggered a protocol violation.
    ProtocolError = 0x000A,
    /// 0x0100: authentication was required and failed.
    BadCredentials = 0x0100,
    /// 0x1000: not enough replicas alive.
    Unavailable = 0x1000,
    /// 0x1001: the request cannot be processed because the coordinator is overloaded.
    Overloaded = 0x1001,
    /// 0x1002: the coordinator is bootstrapping.
    IsBootstrapping = 0x1002,
    /// 0x1003: error during a truncation.
    TruncateError = 0x1003,
    /// 0x1100: timeout during a write.
    WriteTimeout = 0x1100,
    /// 0x1200: timeout during a read.
    ReadTimeout = 0x1200,
    /// 0x1300: a non-timeout exception during a read.
    ReadFailure = 0x1300,
    /// 0x1400: a (user defined) function failed during execution.
    FunctionFailure = 0x1400,
    /// 0x1500: a non-timeout exception during a write.
    WriteFailure = 0x1500,
    /// 0x2000: the submitted query has a syntax error.
    SyntaxError = 0x2000,
    /// 0x2100: the logged user does not have the right to perform the query.
    Unauthorized = 0x2100,
    /// 0x2200: the query is syntactically correct but invalid.
    Invalid = 0x2200,
    /// 0x2300: the query is invalid because of some configuration issue.
    ConfigError = 0x2300,
    /// 0x2400: the query attempted to create a keyspace or a table that already exists.
    AlreadyExists = 0x2400,
    /// 0x2500: a prepared statement id is not known by this host.
    Unprepared = 0x2500,
}

impl ErrorCode {
    /// The code as sent on the wire.
    pub fn as_i32(self) -> i32 {
        self as i32
    }
}

/// Extra fields that some error codes carry after the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorExtra {
    /// No extra fields.
    None,
    /// AlreadyExists: the keyspace and the table (empty for a keyspace).
    AlreadyExists {
        /// The keyspace that exists (or that holds the table that exists).
        keyspace: String,
        /// The table that exists; empty when the keyspace itself exists.
        table: String,
    },
    /// Unprepared: the unknown statement id.
    Unprepared {
        /// The id the client sent.
        id: Vec<u8>,
    },
    /// Unavailable: the level asked for, the replicas it needs and those alive.
    Unavailable {
        /// The consistency level of the request.
        consistency: crate::engine::api::Consistency,
        /// Replicas the level needs.
        required: i32,
        /// Replicas alive.
        alive: i32,
    },
}

/// An error as Cassandra would report it: a code, a message and the code's extra fields.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{code:?}: {message}")]
pub struct CqlError {
    /// The protocol error code.
    pub code: ErrorCode,
    /// The human-readable message, worded as Cassandra words it.
    pub message: String,
    /// Extra fields for codes that carry them.
    pub extra: ErrorExtra,
}

impl CqlError {
    /// An error with a code and a message and no extra fields.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CqlError {
            code,
            message: message.into(),
            extra: ErrorExtra::None,
        }
    }

    /// A SyntaxException (0x2000).
    pub fn syntax(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::SyntaxError, message)
    }

    /// An InvalidRequestException (0x2200).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }

    /// A ConfigurationException (0x2300).
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ConfigError, message)
    }

    /// A ProtocolException (0x000A).
    pub fn protocol(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ProtocolError, message)
    }

    /// A ServerError (0x0000).
    pub fn server(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ServerError, message)
    }

    /// An AlreadyExistsException (0x2400) for a keyspace (`table` empty) or a table.
    pub fn already_exists(
        message: impl Into<String>,
        keyspace: impl Into<String>,
        table: impl Into<String>,
    ) -> Self {
        CqlError {
            code: ErrorCode::AlreadyExists,
            message: message.into(),
            extra: ErrorExtra::AlreadyExists {
                keyspace: keyspace.into(),
                table: table.into(),
            },
        }
    }

    /// An Unprepared error (0x2500) for an unknown statement id.
    pub fn unprepared(id: &[u8]) -> Self {
        CqlError {
            code: ErrorCode::Unprepared,
            message: format!(
                "Prepared query with ID {} not found (either the query was not prepared on this host (maybe the host has been restarted?) or you have prepared too many queries and it has been evicted from the internal cache)",
                hex(id)
            ),
            extra: ErrorExtra::Unprepared { id: id.to_vec() },
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Shorthand for results whose error is a [`CqlError`].
pub type CqlResult<T> = Result<T, CqlError>;
