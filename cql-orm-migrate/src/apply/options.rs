//! The settings of a [`super::Migrator`] and the progress it reports.

use std::time::Duration;

use super::KeyspaceReport;
use crate::error::Error;
use crate::lease::{LeaseConfig, LeaseInfo};

/// Progress of a run, reported to the callback set with [`Migrator::on_progress`](crate::Migrator::on_progress).
#[derive(Debug)]
pub enum Progress<'a> {
    /// Work on a keyspace started.
    Started {
        /// The keyspace.
        keyspace: &'a str,
    },
    /// Another migrator holds the keyspace's lease; waiting for it.
    Waiting {
        /// The keyspace.
        keyspace: &'a str,
        /// Who holds it.
        holder: &'a LeaseInfo,
    },
    /// A step is about to run.
    Step {
        /// The keyspace.
        keyspace: &'a str,
        /// The step name.
        step: &'a str,
    },
    /// A keyspace finished.
    Finished {
        /// How many keyspaces are finished or failed so far (this one included).
        done: usize,
        /// How many the run has.
        total: usize,
        /// What was done.
        report: &'a KeyspaceReport,
    },
    /// A keyspace failed (the others go on).
    Failed {
        /// How many keyspaces are finished or failed so far (this one included).
        done: usize,
        /// How many the run has.
        total: usize,
        /// The keyspace.
        keyspace: &'a str,
        /// Why.
        error: &'a Error,
    },
}

pub(super) type ProgressFn = dyn Fn(&Progress<'_>) + Send + Sync;

/// Settings of a [`Migrator`](crate::Migrator).
#[derive(Debug, Clone)]
pub struct Options {
    /// Run drops of columns, tables and types (default false: they are withheld).
    pub allow_destructive: bool,
    /// Create missing named keyspaces with the snapshot's keyspace options (default
    /// false: a missing keyspace is an error).
    pub create_keyspaces: bool,
    /// How many keyspaces are worked on at once (default 4).
    pub parallelism: usize,
    /// Lease timings.
    pub lease: LeaseConfig,
    /// How long to wait for schema agreement after each DDL statement (default 60 s);
    /// a timeout is an error.
    pub agreement_timeout: Duration,
    /// Stop each keyspace after this many steps (a run resumes where it stopped).
    pub max_steps: Option<usize>,
    /// This migrator's owner id in leases and history (unique per process by default).
    pub owner: String,
}

impl Default for Options {
    fn default() -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "cql-migrate".to_owned());
        let random = uuid::Uuid::new_v4().simple().to_string();
        Options {
            allow_destructive: false,
            create_keyspaces: false,
            parallelism: 4,
            lease: LeaseConfig::default(),
            agreement_timeout: Duration::from_secs(60),
            max_steps: None,
            owner: format!("{host}-{}-{}", std::process::id(), &random[..8]),
        }
    }
}
