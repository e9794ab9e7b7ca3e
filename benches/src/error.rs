//! The error type of the benchmarks.

/// Anything that stops a benchmark.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// An operation through cql-orm failed.
    #[error(transparent)]
    Orm(#[from] cql_orm::Error),
    /// An operation on the raw driver failed.
    #[error("{what}: {source}")]
    Driver {
        /// What was being done.
        what: &'static str,
        /// The driver's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The embedded node could not be started or its thread failed.
    #[error("embedded node: {0}")]
    Node(#[from] std::io::Error),
    /// An operation returned something other than what the benchmark wrote.
    #[error("unexpected result: {0}")]
    Check(String),
    /// A benchmark task panicked or was cancelled.
    #[error("benchmark task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl BenchError {
    /// Wraps a driver error with what was being done.
    pub fn driver<E>(what: &'static str) -> impl FnOnce(E) -> BenchError
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        move |e| BenchError::Driver {
            what,
            source: Box::new(e),
        }
    }
}
