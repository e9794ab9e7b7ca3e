//! The per-keyspace history table: one row per attempt at a step (a schema change, a
//! migration statement, a whole migration file), with its checksum, start and finish times
//! and outcome. A step whose latest attempt is `done` is never run again; the rows of a run
//! that died midway tell where to resume.

use std::fmt;

use chrono::{DateTime, Utc};
use cql_orm::Session;
use uuid::Uuid;

use crate::cql::{qualified, KsRef};
use crate::db;
use crate::error::{Error, Result};
use crate::model::Snapshot;

/// The history table's name, in every managed keyspace.
pub const HISTORY_TABLE: &str = "cql_migrate_history";

/// `CREATE TABLE IF NOT EXISTS` of the history table in `keyspace`.
pub fn create_table_cql(keyspace: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (step text, attempt uuid, kind text, checksum text, cql text, owner text, started timestamp, finished timestamp, outcome text, error text, PRIMARY KEY (step, attempt)) WITH comment = 'cql-migrate: one row per attempt at a step'",
        qualified(KsRef::Name(keyspace), HISTORY_TABLE)
    )
}

/// What a step was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// A schema change from the desired snapshot.
    Schema,
    /// One statement of a migration file.
    Statement,
    /// A whole migration file (done once all its statements are).
    Migration,
    /// The schema the migrator brought the keyspace to: the desired snapshot plus the
    /// drops it withheld, as JSON in the `cql` column. Only objects recorded here are ever
    /// dropped.
    Snapshot,
}

impl StepKind {
    /// The spelling stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Schema => "schema",
            StepKind::Statement => "statement",
            StepKind::Migration => "migration",
            StepKind::Snapshot => "snapshot",
        }
    }

    fn parse(s: &str) -> StepKind {
        match s {
            "statement" => StepKind::Statement,
            "migration" => StepKind::Migration,
            "snapshot" => StepKind::Snapshot,
            _ => StepKind::Schema,
        }
    }
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Started and not finished: still running, or the run died during the step.
    Running,
    /// Finished successfully.
    Done,
    /// Failed (see the error column).
    Failed,
}

impl Outcome {
    /// The spelling stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Running => "running",
            Outcome::Done => "done",
            Outcome::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Outcome {
        match s {
            "done" => Outcome::Done,
            "failed" => Outcome::Failed,
            _ => Outcome::Running,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One attempt at a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The step name, e.g. `schema: add column users.email` or
    /// `migration: 20240101000000_backfill #2`.
    pub step: String,
    /// The attempt id (a version 7 UUID: ordered by creation).
    pub attempt: Uuid,
    /// What the step was.
    pub kind: StepKind,
    /// The checksum of the statement (or file) that ran.
    pub checksum: String,
    /// The statement sent (empty for a whole file).
    pub cql: String,
    /// The owner id of the migrator that ran it.
    pub owner: String,
    /// When it started.
    pub started: Option<DateTime<Utc>>,
    /// When it finished.
    pub finished: Option<DateTime<Utc>>,
    /// How it ended.
    pub outcome: Outcome,
    /// The error of a failed attempt.
    pub error: Option<String>,
}

/// The step name of [`StepKind::Snapshot`] entries.
pub const SNAPSHOT_STEP: &str = "snapshot";

/// The history of one keyspace, oldest attempt first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Every attempt.
    pub entries: Vec<HistoryEntry>,
}

impl History {
    /// The successful attempt at `step`, if any.
    pub fn done(&self, step: &str) -> Option<&HistoryEntry> {
        self.entries
            .iter()
            .find(|e| e.step == step && e.outcome == Outcome::Done)
    }

    /// The latest recorded [`StepKind::Snapshot`] entry.
    pub fn snapshot_entry(&self) -> Option<&HistoryEntry> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.kind == StepKind::Snapshot && e.outcome == Outcome::Done)
    }

    /// The schema the migrator last brought the keyspace to (see [`StepKind::Snapshot`]),
    /// empty when none was recorded.
    pub fn owned(&self) -> Result<Snapshot> {
        match self.snapshot_entry() {
            None => Ok(Snapshot::default()),
            Some(e) => serde_json::from_str(&e.cql).map_err(|err| Error::Decode {
                context: "reading the recorded snapshot from the history".to_owned(),
                message: err.to_string(),
            }),
        }
    }

    /// Every attempt at `step`.
    pub fn attempts<'a>(&'a self, step: &'a str) -> impl Iterator<Item = &'a HistoryEntry> + 'a {
        self.entries.iter().filter(move |e| e.step == step)
    }
}

/// Reads the history of `keyspace` (empty when the table does not exist yet).
pub async fn read(session: &Session, keyspace: &str, table_exists: bool) -> Result<History> {
    if !table_exists {
        return Ok(History::default());
    }
    let cql = format!(
        "SELECT step, attempt, kind, checksum, cql, owner, started, finished, outcome, error FROM {}",
        qualified(KsRef::Name(keyspace), HISTORY_TABLE)
    );
    let rows = db::select(session, &cql, (), || {
        format!("reading the history of `{keyspace}`")
    })
    .await?;
    let mut entries: Vec<HistoryEntry> = rows
        .iter()
        .filter_map(|r| {
            Some(HistoryEntry {
                step: r.text("step")?,
                attempt: r.uuid("attempt")?,
                kind: StepKind::parse(&r.text("kind").unwrap_or_default()),
                checksum: r.text("checksum").unwrap_or_default(),
                cql: r.text("cql").unwrap_or_default(),
                owner: r.text("owner").unwrap_or_default(),
                started: r.timestamp("started"),
                finished: r.timestamp("finished"),
                outcome: Outcome::parse(&r.text("outcome").unwrap_or_default()),
                error: r.text("error"),
            })
        })
        .collect();
    entries.sort_by_key(|e| (e.started, e.attempt));
    Ok(History { entries })
}

/// What a new attempt records.
pub(crate) struct NewAttempt<'a> {
    pub step: &'a str,
    pub kind: StepKind,
    pub checksum: &'a str,
    pub cql: &'a str,
    pub owner: &'a str,
}

/// Records the start of an attempt; returns its id.
pub(crate) async fn start(session: &Session, keyspace: &str, a: &NewAttempt<'_>) -> Result<Uuid> {
    // Time-ordered, and ordered within one process even inside a millisecond.
    let attempt = Uuid::now_v7();
    let cql = format!(
        "INSERT INTO {} (step, attempt, kind, checksum, cql, owner, started, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        qualified(KsRef::Name(keyspace), HISTORY_TABLE)
    );
    db::execute(
        session,
        &cql,
        (
            a.step,
            attempt,
            a.kind.as_str(),
            a.checksum,
            a.cql,
            a.owner,
            Utc::now(),
            Outcome::Running.as_str(),
        ),
        || format!("recording step `{}` in the history of `{keyspace}`", a.step),
    )
    .await?;
    Ok(attempt)
}

/// Records how an attempt ended.
pub(crate) async fn finish(
    session: &Session,
    keyspace: &str,
    step: &str,
    attempt: Uuid,
    outcome: Outcome,
    error: Option<&str>,
) -> Result<()> {
    let cql = format!(
        "UPDATE {} SET finished = ?, outcome = ?, error = ? WHERE step = ? AND attempt = ?",
        qualified(KsRef::Name(keyspace), HISTORY_TABLE)
    );
    db::execute(
        session,
        &cql,
        (Utc::now(), outcome.as_str(), error, step, attempt),
        || format!("recording the end of step `{step}` in the history of `{keyspace}`"),
    )
    .await?;
    Ok(())
}
