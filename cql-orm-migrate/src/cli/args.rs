//! The command line, as clap derives it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The exit codes, shown under `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success (check: the schema matches and no migration is pending)
  1  failure (a statement failed, a file could not be read, an invalid snapshot, ...)
  2  invalid command line
  3  check: schema drift or pending migrations
  4  refused changes in the plan (primary key, clustering order, type or kind change,
     replication); nothing was applied to that keyspace
  5  no node could be reached (or authentication or TLS failed)
  6  unknown keyspace, or a pattern that matches none
  7  an applied migration file was edited or removed
  8  the keyspace is locked by another migrator
  9  schema agreement was not reached in time";

/// Plan, apply and verify Cassandra/ScyllaDB schemas across keyspaces.
///
/// The desired schema is a snapshot file (`--schema`, written from cql-orm models with
/// `Snapshot::write_file`, or from a live keyspace with `cql-migrate snapshot`) plus
/// versioned CQL files (`--migrations`, `<version>_<name>.cql`, applied in version order,
/// `${keyspace}` standing for each target keyspace).
#[derive(Debug, Parser)]
#[command(name = "cql-migrate", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// How to connect.
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Which keyspaces.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// The desired schema and the migrations.
    #[command(flatten)]
    pub sources: SourceArgs,
    /// How to apply.
    #[command(flatten)]
    pub behaviour: BehaviourArgs,
    /// More log output on stderr (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// No progress lines on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Connection options.
#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// Contact points, `host[:port]`, comma-separated.
    #[arg(
        long,
        env = "CQL_NODES",
        value_delimiter = ',',
        default_value = "127.0.0.1:9042",
        global = true
    )]
    pub nodes: Vec<String>,
    /// User name (PasswordAuthenticator).
    #[arg(long, env = "CQL_USER", global = true)]
    pub user: Option<String>,
    /// Password.
    #[arg(
        long,
        env = "CQL_PASSWORD",
        requires = "user",
        hide_env_values = true,
        global = true
    )]
    pub password: Option<String>,
    /// Connect with TLS (implied by the other --tls-* options).
    #[arg(long, global = true)]
    pub tls: bool,
    /// PEM file of the CA that signs the nodes' certificates.
    #[arg(long, value_name = "FILE", global = true)]
    pub tls_ca: Option<PathBuf>,
    /// PEM file of a client certificate.
    #[arg(long, value_name = "FILE", requires = "tls_key", global = true)]
    pub tls_cert: Option<PathBuf>,
    /// PEM file of the client certificate's private key.
    #[arg(long, value_name = "FILE", requires = "tls_cert", global = true)]
    pub tls_key: Option<PathBuf>,
    /// Seconds to wait for a connection.
    #[arg(long, value_name = "SECS", default_value_t = 5, global = true)]
    pub connect_timeout: u64,
}

/// Keyspace selection.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// A keyspace (repeatable, or comma-separated).
    #[arg(
        short,
        long = "keyspace",
        value_name = "NAME",
        value_delimiter = ',',
        global = true
    )]
    pub keyspaces: Vec<String>,
    /// A glob (`*`, `?`) matched against the live keyspaces (repeatable).
    #[arg(long = "keyspace-pattern", value_name = "GLOB", global = true)]
    pub patterns: Vec<String>,
}

/// Sources of the desired schema.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The snapshot file of the desired schema.
    #[arg(long, value_name = "FILE", global = true)]
    pub schema: Option<PathBuf>,
    /// The directory of versioned CQL migrations.
    #[arg(long, value_name = "DIR", global = true)]
    pub migrations: Option<PathBuf>,
}

/// Apply settings.
#[derive(Debug, Args)]
pub struct BehaviourArgs {
    /// Also drop columns, tables and types that the snapshot does not have.
    #[arg(long, global = true)]
    pub allow_destructive: bool,
    /// Create named keyspaces that do not exist (replication from the snapshot).
    #[arg(long, global = true)]
    pub create_keyspaces: bool,
    /// How many keyspaces to work on at once.
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 4,
        global = true
    )]
    pub parallelism: usize,
    /// Seconds a migration lease lives without renewal (at least 2; renewed every third).
    #[arg(long, value_name = "SECS", default_value_t = 60, global = true)]
    pub lock_ttl: u64,
    /// Seconds to wait for a lease held by another migrator.
    #[arg(long, value_name = "SECS", default_value_t = 300, global = true)]
    pub lock_wait: u64,
    /// Seconds to wait for schema agreement after each DDL statement (then fail).
    #[arg(long, value_name = "SECS", default_value_t = 60, global = true)]
    pub agreement_timeout: u64,
    /// The owner id recorded in leases and history (default: host, pid and a random part).
    #[arg(long, value_name = "ID", global = true)]
    pub owner: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what `apply` would do (exit 4 if a change is refused).
    Plan,
    /// Apply pending migrations and schema changes.
    Apply {
        /// Only show the plan.
        #[arg(long)]
        dry_run: bool,
        /// Stop each keyspace after this many steps (run again to continue).
        #[arg(long, value_name = "N")]
        max_steps: Option<usize>,
    },
    /// Show leases, applied and pending migrations and pending changes.
    Status,
    /// Show the history of each keyspace.
    History {
        /// Show only the latest N entries per keyspace.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Write the difference between the snapshot and one keyspace as a new migration file.
    Generate {
        /// The migration name (letters, digits, `_`, `-`).
        name: String,
        /// Print the file instead of writing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Exit 3 if any keyspace differs from the snapshot or has pending migrations.
    Check,
    /// Remove the migration lease of each keyspace, whoever holds it.
    Unlock,
    /// Write the live schema of one keyspace as a snapshot file.
    Snapshot {
        /// The file to write (stdout when left out).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}
