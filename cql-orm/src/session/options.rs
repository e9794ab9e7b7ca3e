//! Per-statement options (consistency, timeout, timestamp, page size, tracing, idempotence).

use std::time::Duration;

use scylla::statement::prepared::PreparedStatement;
use scylla::statement::{Consistency, SerialConsistency};

/// Options applied to one statement; unset fields fall back to the session defaults and then
/// to the driver's execution profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatementOptions {
    /// Consistency level.
    pub consistency: Option<Consistency>,
    /// Serial consistency level (lightweight transactions).
    pub serial_consistency: Option<SerialConsistency>,
    /// Client-side request timeout.
    pub timeout: Option<Duration>,
    /// Write timestamp in microseconds (`USING TIMESTAMP` semantics, sent in the request).
    pub timestamp: Option<i64>,
    /// Page size for reads.
    pub page_size: Option<i32>,
    /// Whether to trace the request.
    pub tracing: Option<bool>,
    /// Override of the statement's idempotence (cql-orm marks idempotent statements itself).
    pub idempotent: Option<bool>,
}

impl StatementOptions {
    /// `self` with unset fields taken from `defaults`.
    pub fn or(&self, defaults: &StatementOptions) -> StatementOptions {
        StatementOptions {
            consistency: self.consistency.or(defaults.consistency),
            serial_consistency: self.serial_consistency.or(defaults.serial_consistency),
            timeout: self.timeout.or(defaults.timeout),
            timestamp: self.timestamp.or(defaults.timestamp),
            page_size: self.page_size.or(defaults.page_size),
            tracing: self.tracing.or(defaults.tracing),
            idempotent: self.idempotent.or(defaults.idempotent),
        }
    }

    pub(crate) fn apply(&self, stmt: &mut PreparedStatement, idempotent: bool) {
        if let Some(c) = self.consistency {
            stmt.set_consistency(c);
        }
        if let Some(sc) = self.serial_consistency {
            stmt.set_serial_consistency(Some(sc));
        }
        if self.timeout.is_some() {
            stmt.set_request_timeout(self.timeout);
        }
        if self.timestamp.is_some() {
            stmt.set_timestamp(self.timestamp);
        }
        if let Some(p) = self.page_size {
            stmt.set_page_size(p);
        }
        if let Some(t) = self.tracing {
            stmt.set_tracing(t);
        }
        stmt.set_is_idempotent(self.idempotent.unwrap_or(idempotent));
    }
}

/// Setters shared by every statement builder (and by [`crate::SessionBuilder`] for defaults).
pub trait Configure: Sized {
    /// The options being built.
    fn options_mut(&mut self) -> &mut StatementOptions;

    /// Sets the consistency level.
    fn consistency(mut self, consistency: Consistency) -> Self {
        self.options_mut().consistency = Some(consistency);
        self
    }
    /// Sets the serial consistency level (lightweight transactions).
    fn serial_consistency(mut self, serial: SerialConsistency) -> Self {
        self.options_mut().serial_consistency = Some(serial);
        self
    }
    /// Sets the client-side timeout.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.options_mut().timeout = Some(timeout);
        self
    }
    /// Sets the write timestamp (microseconds since the epoch).
    fn timestamp(mut self, micros: i64) -> Self {
        self.options_mut().timestamp = Some(micros);
        self
    }
    /// Sets the page size of reads.
    fn page_size(mut self, rows: i32) -> Self {
        self.options_mut().page_size = Some(rows);
        self
    }
    /// Turns request tracing on or off.
    fn tracing(mut self, on: bool) -> Self {
        self.options_mut().tracing = Some(on);
        self
    }
    /// Overrides the statement's idempotence (cql-orm marks statements that are safe to retry
    /// as idempotent by itself: reads, plain inserts, sets and deletes).
    fn idempotent(mut self, idempotent: bool) -> Self {
        self.options_mut().idempotent = Some(idempotent);
        self
    }
}
