//! Driver sessions connected to the node(s) under test.

use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;

use crate::{node_addresses, HarnessError};

/// A default [`SessionBuilder`] with the node(s) under test as known nodes, for tests that
/// need to tune the session before connecting.
pub fn session_builder() -> Result<SessionBuilder, HarnessError> {
    Ok(SessionBuilder::new().known_nodes(node_addresses()?))
}

/// Connects a driver session (default [`SessionBuilder`] settings: schema metadata fetch and
/// schema agreement on) to the node(s) under test, starting the embedded node on first use.
pub async fn connect() -> Result<Session, HarnessError> {
    let nodes = node_addresses()?;
    SessionBuilder::new()
        .known_nodes(&nodes)
        .build()
        .await
        .map_err(|source| HarnessError::Connect {
            nodes,
            source: Box::new(source),
        })
}
