//! The harness's error type.

use scylla::errors::{ExecutionError, NewSessionError};

/// Why the harness could not provide a node, a session or a keyspace.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// `CQL_ORM_TEST_NODES` is set but names no usable `host:port` address.
    #[error("CQL_ORM_TEST_NODES is set but invalid ({0:?}): expected host:port[,host:port]")]
    BadNodesVariable(String),
    /// The embedded node could not be started.
    #[error("the embedded CQL node could not be started: {0}")]
    EmbeddedStart(String),
    /// The driver could not connect to the node(s).
    #[error("could not connect to {nodes:?}: {source}")]
    Connect {
        /// The addresses tried.
        nodes: Vec<String>,
        /// The driver's error.
        #[source]
        source: Box<NewSessionError>,
    },
    /// A keyspace prefix that cannot form a valid keyspace name.
    #[error("invalid keyspace prefix {0:?}: use 1 to 24 characters of [a-z0-9_], starting with a letter")]
    BadPrefix(String),
    /// A statement issued by the harness (or through it) failed.
    #[error(transparent)]
    Execution(Box<ExecutionError>),
}

impl From<ExecutionError> for HarnessError {
    fn from(error: ExecutionError) -> Self {
        HarnessError::Execution(Box::new(error))
    }
}
