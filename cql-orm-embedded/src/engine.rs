//! The CQL engine: schema catalogue, in-memory storage and statement execution.

pub mod api;

pub use api::*;

use crate::error::{CqlError, CqlResult};

/// Settings of an [`Engine`].
#[derive(Debug, Clone, Default)]
pub struct EngineConfig {}

/// One node's schema and data, shared by all connections. Every method is synchronous and
/// takes its locks only for the duration of the call.
#[derive(Debug, Default)]
pub struct Engine {}

impl Engine {
    /// A node with only the system keyspaces.
    pub fn new(config: EngineConfig) -> Self {
        let _ = config;
        Engine {}
    }

    /// Runs one statement sent as a QUERY.
    pub fn query(
        &self,
        conn: &mut ConnectionState,
        cql: &str,
        params: &QueryParams,
    ) -> CqlResult<Response> {
        let _ = (conn, cql, params);
        Err(CqlError::server("the engine is not available"))
    }

    /// Prepares a statement.
    pub fn prepare(&self, conn: &ConnectionState, cql: &str) -> CqlResult<Prepared> {
        let _ = (conn, cql);
        Err(CqlError::server("the engine is not available"))
    }

    /// Runs a prepared statement.
    pub fn execute(
        &self,
        conn: &mut ConnectionState,
        id: &[u8],
        params: &QueryParams,
    ) -> CqlResult<Response> {
        let _ = (conn, params);
        Err(CqlError::unprepared(id))
    }

    /// Runs a BATCH.
    pub fn batch(&self, conn: &mut ConnectionState, batch: &BatchRequest) -> CqlResult<Response> {
        let _ = (conn, batch);
        Err(CqlError::server("the engine is not available"))
    }

    /// A receiver of every schema change from now on (for REGISTER'ed connections).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<SchemaChange> {
        let (_tx, rx) = tokio::sync::broadcast::channel(1);
        rx
    }
}
