#![doc = include_str!("../README.md")]
//!
//! # Modules
//!
//! * [`model`]: the serde schema model and snapshot files, with normalised types;
//! * [`introspect`]: reading a live keyspace from `system_schema`;
//! * [`diff`](mod@diff) and [`plan`](mod@plan): typed changes, refusals, dependency order, rendered CQL;
//! * [`apply`]: the [`Migrator`] (apply, plan, verify, status, history, generate, unlock);
//! * [`history`] and [`lease`]: the per-keyspace history and lease tables;
//! * [`migrations`] and [`cql::split`]: versioned CQL files and the statement tokenizer;
//! * [`connect`], [`target`], [`cli`]: sessions, keyspace selection, the `cql-migrate`
//!   command line.

pub mod apply;
pub mod cli;
pub mod connect;
pub mod cql;
mod db;
pub mod diff;
pub mod error;
pub mod history;
pub mod introspect;
pub mod lease;
pub mod migrations;
pub mod model;
pub mod plan;
pub mod target;

pub use apply::{KeyspacePlan, KeyspaceReport, Migrator, Options, Progress, RunReport};
pub use diff::{diff, diff_owned, Change, Diff, Refusal, RefusalKind};
pub use error::{exit, Error, Result};
pub use migrations::{Migration, MigrationSet};
pub use model::{CqlType, KeyspaceOptions, Snapshot};
pub use plan::{Plan, Step};
pub use target::Targets;
