//! What the migrator's operations return.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::pending::PendingMigration;
use crate::cql::KsRef;
use crate::diff::Change;
use crate::error::{Error, Result};
use crate::history::HistoryEntry;
use crate::lease::LeaseInfo;
use crate::plan::Plan;

/// What one keyspace's apply did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyspaceReport {
    /// The keyspace.
    pub keyspace: String,
    /// Whether this run created the keyspace.
    pub created: bool,
    /// The steps this run executed, in order (history step names).
    pub applied: Vec<String>,
    /// Destructive changes left out because they were not allowed.
    pub withheld: Vec<Change>,
    /// Whether the run stopped at the step limit with steps left.
    pub stopped_early: bool,
}

impl KeyspaceReport {
    /// One line, e.g. `tenant_1: 3 steps applied` or `tenant_1: up to date`.
    pub fn summary(&self) -> String {
        let mut s = if self.applied.is_empty() {
            format!("{}: up to date", self.keyspace)
        } else {
            let n = self.applied.len();
            format!(
                "{}: {n} step{} applied",
                self.keyspace,
                if n == 1 { "" } else { "s" }
            )
        };
        if self.created {
            s.push_str(" (keyspace created)");
        }
        if self.stopped_early {
            s.push_str(" (stopped at the step limit; run again to continue)");
        }
        if !self.withheld.is_empty() {
            let _ = write!(
                s,
                " ({} destructive change{} withheld)",
                self.withheld.len(),
                if self.withheld.len() == 1 { "" } else { "s" }
            );
        }
        s
    }
}

/// What a run over many keyspaces did.
#[derive(Debug, Default)]
pub struct RunReport {
    /// The keyspaces that completed, in target order.
    pub keyspaces: Vec<KeyspaceReport>,
    /// The keyspaces that failed, in target order, with their errors.
    pub failures: Vec<(String, Error)>,
}

impl RunReport {
    /// The total number of steps executed.
    pub fn steps_applied(&self) -> usize {
        self.keyspaces.iter().map(|k| k.applied.len()).sum()
    }

    /// The reports, or [`Error::Keyspaces`] when any keyspace failed.
    pub fn into_result(self) -> Result<Vec<KeyspaceReport>> {
        if self.failures.is_empty() {
            Ok(self.keyspaces)
        } else {
            Err(Error::Keyspaces {
                total: self.keyspaces.len() + self.failures.len(),
                failures: self.failures,
            })
        }
    }
}

/// What would happen to one keyspace.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyspacePlan {
    /// The keyspace.
    pub keyspace: String,
    /// Whether it exists.
    pub exists: bool,
    /// Migration files (or their remaining statements) not yet applied.
    pub pending: Vec<PendingMigration>,
    /// The schema changes, when a desired snapshot is set (they run before the pending
    /// migrations).
    pub plan: Option<Plan>,
}

impl KeyspacePlan {
    /// Whether nothing is pending and nothing is refused (withheld drops aside).
    pub fn is_empty(&self) -> bool {
        self.pending_statements() == 0 && self.plan.as_ref().is_none_or(Plan::is_empty)
    }

    /// How many migration statements are pending.
    pub fn pending_statements(&self) -> usize {
        self.pending.iter().map(|p| p.statements.len().max(1)).sum()
    }

    /// Whether the schema plan has refused changes.
    pub fn has_refusals(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| !p.refusals.is_empty())
    }

    /// The plan and the pending migrations, in the order they run, as text.
    pub fn render(&self) -> String {
        let mut s = format!("keyspace {}", self.keyspace);
        if !self.exists {
            s.push_str(" (does not exist yet)");
        }
        s.push('\n');
        if let Some(plan) = &self.plan {
            s.push_str("schema changes: ");
            s.push_str(&plan.render(KsRef::Name(&self.keyspace)));
        }
        if !self.pending.is_empty() {
            let _ = writeln!(s, "pending migrations:");
            for p in &self.pending {
                let total = p.migration.statements.len();
                let left = p.statements.len();
                if left == total {
                    let _ = writeln!(
                        s,
                        "  {} ({total} statement{})",
                        p.migration.id(),
                        if total == 1 { "" } else { "s" }
                    );
                } else {
                    let _ = writeln!(
                        s,
                        "  {} ({left} of {total} statements left)",
                        p.migration.id()
                    );
                }
            }
        } else if self.plan.is_none() {
            s.push_str("nothing to do\n");
        }
        s
    }
}

/// The status of one keyspace.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyspaceStatus {
    /// The keyspace.
    pub keyspace: String,
    /// Who holds its lease now.
    pub lease: Option<LeaseInfo>,
    /// How many migration files are fully applied.
    pub applied_migrations: usize,
    /// The plan: pending migrations and schema changes.
    pub plan: KeyspacePlan,
    /// The latest history entry.
    pub last: Option<HistoryEntry>,
}

impl KeyspaceStatus {
    /// One line per fact.
    pub fn render(&self) -> String {
        let mut s = format!("keyspace {}\n", self.keyspace);
        match &self.lease {
            Some(l) => {
                let _ = writeln!(
                    s,
                    "  lease: held by {} since {}",
                    l.owner,
                    l.acquired
                        .map(|t| t.to_rfc3339())
                        .unwrap_or_else(|| "?".to_owned())
                );
            }
            None => s.push_str("  lease: free\n"),
        }
        let _ = writeln!(
            s,
            "  migrations: {} applied, {} pending",
            self.applied_migrations,
            self.plan.pending.len()
        );
        match &self.plan.plan {
            Some(p) => {
                let _ = writeln!(
                    s,
                    "  schema: {} change{} pending, {} withheld, {} refused",
                    p.steps.len(),
                    if p.steps.len() == 1 { "" } else { "s" },
                    p.withheld.len(),
                    p.refusals.len()
                );
            }
            None => s.push_str("  schema: no snapshot given\n"),
        }
        if let Some(e) = &self.last {
            let _ = writeln!(
                s,
                "  last step: {} ({}{})",
                e.step,
                e.outcome,
                e.finished
                    .or(e.started)
                    .map(|t| format!(", {}", t.to_rfc3339()))
                    .unwrap_or_default()
            );
        }
        s
    }
}

/// A migration file written by [`super::Migrator::generate`].
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedMigration {
    /// Where it was (or, in a dry run, would be) written.
    pub path: PathBuf,
    /// Its content.
    pub content: String,
    /// The plan it holds.
    pub plan: Plan,
}
