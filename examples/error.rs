//! [`ExampleError`]: why an example run failed.

/// Everything that can make an example fail.
#[derive(Debug, thiserror::Error)]
pub enum ExampleError {
    /// The database refused or failed a request.
    #[error(transparent)]
    Db(#[from] cql_orm::Error),

    /// The example's report could not be written.
    #[error("cannot write the example's output: {0}")]
    Output(#[from] std::io::Error),

    /// A value read back differs from the value written.
    #[error("{what}: expected {expected}, read back {actual}")]
    Mismatch {
        /// What was compared.
        what: String,
        /// The value written (or computed), debug-formatted.
        expected: String,
        /// The value read back, debug-formatted.
        actual: String,
    },

    /// A spawned task panicked or was cancelled.
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),

    /// A row that was written could not be found.
    #[error("{0} was written but is not in the table")]
    Missing(String),
}
