//! The error type of every migrator operation, and the process exit code of each kind.

use std::path::PathBuf;
use std::time::Duration;

use crate::diff::Refusal;
use crate::lease::LeaseInfo;
use crate::migrations::MigrationError;
use crate::model::SnapshotError;

/// A shorthand for `Result<T, cql_orm_migrate::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The exit codes of `cql-migrate` (also returned by [`Error::exit_code`]).
pub mod exit {
    /// Success; for `check`: the live schema matches.
    pub const OK: u8 = 0;
    /// Any other failure: a statement failed, a file could not be read, a bad snapshot.
    pub const FAILURE: u8 = 1;
    /// The command line is invalid.
    pub const USAGE: u8 = 2;
    /// `check`: the live schema differs from the desired one, or migrations are pending.
    pub const DRIFT: u8 = 3;
    /// The plan contains refused changes (primary key, clustering order, type or kind
    /// changes, replication); nothing was applied to that keyspace.
    pub const REFUSED: u8 = 4;
    /// No node could be reached (or authentication or TLS failed).
    pub const UNREACHABLE: u8 = 5;
    /// A named keyspace does not exist, or a pattern matched none.
    pub const UNKNOWN_KEYSPACE: u8 = 6;
    /// An applied migration file was edited or removed.
    pub const MIGRATION_MISMATCH: u8 = 7;
    /// Another migrator holds the keyspace's lease.
    pub const LOCKED: u8 = 8;
    /// Schema agreement was not reached in time after a DDL statement.
    pub const SCHEMA_AGREEMENT: u8 = 9;
}

/// Everything that can go wrong while planning, applying or checking migrations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The session could not be created.
    #[error("cannot connect to {}: {source}", nodes.join(", "))]
    Connect {
        /// The contact points.
        nodes: Vec<String>,
        /// The driver's error.
        #[source]
        source: Box<cql_orm::Error>,
    },
    /// A query of the migrator itself (introspection, history, lease) failed.
    #[error("{context}: {source}")]
    Query {
        /// What was being done.
        context: String,
        /// The error.
        #[source]
        source: Box<cql_orm::Error>,
    },
    /// A result could not be read.
    #[error("{context}: {message}")]
    Decode {
        /// What was being read.
        context: String,
        /// What went wrong.
        message: String,
    },
    /// A step (a schema change or a migration statement) failed.
    #[error("keyspace `{keyspace}`: step `{step}` failed: {source}\n  statement: {cql}")]
    Step {
        /// The keyspace.
        keyspace: String,
        /// The step id.
        step: String,
        /// The statement sent.
        cql: String,
        /// The server's answer.
        #[source]
        source: Box<cql_orm::Error>,
    },
    /// Schema agreement was not reached within the timeout after a DDL statement.
    #[error("keyspace `{keyspace}`: the nodes did not agree on the schema within {timeout:?} after `{step}`; check `nodetool describecluster` and retry")]
    SchemaAgreementTimeout {
        /// The keyspace.
        keyspace: String,
        /// The step after which agreement was awaited.
        step: String,
        /// The timeout.
        timeout: Duration,
    },
    /// Checking schema agreement failed.
    #[error("keyspace `{keyspace}`: awaiting schema agreement after `{step}` failed: {message}")]
    SchemaAgreement {
        /// The keyspace.
        keyspace: String,
        /// The step after which agreement was awaited.
        step: String,
        /// The driver's message.
        message: String,
    },
    /// A keyspace that was named does not exist.
    #[error("keyspace `{keyspace}` does not exist{hint}")]
    UnknownKeyspace {
        /// The keyspace.
        keyspace: String,
        /// What to do about it (may be empty).
        hint: String,
    },
    /// No live keyspace matched the patterns.
    #[error("no keyspace matches {}", patterns.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "))]
    NoKeyspaceMatched {
        /// The patterns.
        patterns: Vec<String>,
    },
    /// Neither keyspaces nor patterns were given.
    #[error("no keyspace selected: name one with --keyspace or --keyspace-pattern")]
    NoTargets,
    /// The snapshot could not be used.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// The migration files could not be used.
    #[error(transparent)]
    Migrations(#[from] MigrationError),
    /// An applied migration file was changed.
    #[error("keyspace `{keyspace}`: migration `{migration}` was applied and has been edited since ({detail}); restore the file and put the change in a new migration")]
    EditedMigration {
        /// The keyspace.
        keyspace: String,
        /// The migration id.
        migration: String,
        /// What differs.
        detail: String,
    },
    /// An applied migration file is gone.
    #[error("keyspace `{keyspace}`: migration `{migration}` was applied but its file is missing from the migrations directory")]
    MissingMigration {
        /// The keyspace.
        keyspace: String,
        /// The migration id.
        migration: String,
    },
    /// The plan contains refused changes.
    #[error("keyspace `{keyspace}`: {} refused change{} (nothing applied):\n{}", refusals.len(), if refusals.len() == 1 { "" } else { "s" }, refusals.iter().map(|r| format!("  - {r}")).collect::<Vec<_>>().join("\n"))]
    Refused {
        /// The keyspace.
        keyspace: String,
        /// The refusals.
        refusals: Vec<Refusal>,
    },
    /// `check` found differences.
    #[error("schema drift in {}", keyspaces.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))]
    Drift {
        /// The keyspaces that differ.
        keyspaces: Vec<String>,
    },
    /// Another migrator holds the lease.
    #[error("keyspace `{keyspace}` is locked by `{}` (since {}); waited {waited:?}. If that migrator is gone, wait for the lease to expire or run `cql-migrate unlock`", holder.owner, holder.acquired.map(|t| t.to_rfc3339()).unwrap_or_else(|| "?".to_owned()))]
    Locked {
        /// The keyspace.
        keyspace: String,
        /// Who holds it.
        holder: LeaseInfo,
        /// How long this migrator waited.
        waited: Duration,
    },
    /// The lease could not be renewed (it expired or was taken over): the run stopped.
    #[error("keyspace `{keyspace}`: the migration lease of `{owner}` was lost; stopped before the next step")]
    LeaseLost {
        /// The keyspace.
        keyspace: String,
        /// This migrator's owner id.
        owner: String,
    },
    /// TLS could not be set up.
    #[error("TLS: {0}")]
    Tls(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A request the migrator cannot carry out as asked.
    #[error("{0}")]
    Invalid(String),
    /// Arguments that do not go together (exit code [`exit::USAGE`]).
    #[error("{0}")]
    Usage(String),
    /// Some keyspaces of a run failed (the others were completed).
    #[error("{} of {total} keyspace{} failed:\n{}", failures.len(), if *total == 1 { "" } else { "s" }, failures.iter().map(|(k, e)| format!("  {k}: {e}")).collect::<Vec<_>>().join("\n"))]
    Keyspaces {
        /// The keyspaces that failed, with their errors.
        failures: Vec<(String, Error)>,
        /// How many keyspaces the run had.
        total: usize,
    },
}

impl Error {
    /// The `cql-migrate` exit code for this error (see [`exit`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Connect { .. } => exit::UNREACHABLE,
            Error::UnknownKeyspace { .. } | Error::NoKeyspaceMatched { .. } => {
                exit::UNKNOWN_KEYSPACE
            }
            Error::NoTargets | Error::Usage(_) => exit::USAGE,
            Error::EditedMigration { .. } | Error::MissingMigration { .. } => {
                exit::MIGRATION_MISMATCH
            }
            Error::Refused { .. } => exit::REFUSED,
            Error::Drift { .. } => exit::DRIFT,
            Error::Locked { .. } => exit::LOCKED,
            Error::SchemaAgreementTimeout { .. } => exit::SCHEMA_AGREEMENT,
            Error::Keyspaces { failures, .. } => {
                let mut codes = failures.iter().map(|(_, e)| e.exit_code());
                let first = codes.next().unwrap_or(exit::FAILURE);
                if codes.all(|c| c == first) {
                    first
                } else {
                    exit::FAILURE
                }
            }
            _ => exit::FAILURE,
        }
    }
}
