//! Plans: the changes of a [`Diff`] in dependency order (keyspace, nested types before the
//! types that use them, types before tables, columns before indexes, drops last), with the
//! destructive ones withheld unless allowed, rendered as CQL and as a readable summary.

use std::fmt::Write as _;

use crate::cql::{checksum, KsRef};
use crate::diff::{Change, Diff, Refusal};

/// One step of a plan: a change with its stable id and checksum.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The step name recorded in the history table, e.g. `schema: add column users.email`.
    pub id: String,
    /// The change.
    pub change: Change,
    /// The SHA-256 of the statement with the keyspace placeholder, the same for every
    /// keyspace.
    pub checksum: String,
}

impl Step {
    fn new(change: Change) -> Step {
        Step {
            id: format!("schema: {}", change.key()),
            checksum: checksum(&change.cql(KsRef::Placeholder)),
            change,
        }
    }

    /// The statement for keyspace `ks`.
    pub fn cql(&self, ks: KsRef<'_>) -> String {
        self.change.cql(ks)
    }
}

/// The ordered steps that bring a keyspace to the desired schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The steps to run, in order.
    pub steps: Vec<Step>,
    /// Destructive changes left out because they were not allowed.
    pub withheld: Vec<Change>,
    /// Differences that need a person; a plan with refusals is not applied.
    pub refusals: Vec<Refusal>,
}

impl Plan {
    /// Orders the changes of `diff`; drops of columns, tables and types become steps only
    /// when `allow_destructive` is set.
    pub fn new(diff: Diff, allow_destructive: bool) -> Plan {
        let mut changes = diff.changes;
        // Stable: within a kind, the diff's order (types already in dependency order).
        changes.sort_by_key(Change::rank);
        let (steps, withheld): (Vec<Change>, Vec<Change>) = changes
            .into_iter()
            .partition(|c| allow_destructive || !c.is_destructive());
        Plan {
            steps: steps.into_iter().map(Step::new).collect(),
            withheld,
            refusals: diff.refusals,
        }
    }

    /// Whether nothing is to be done and nothing is refused (withheld drops aside).
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.refusals.is_empty()
    }

    /// The statements, each ended by `;` on its own line.
    pub fn script(&self, ks: KsRef<'_>) -> String {
        let mut s = String::new();
        for step in &self.steps {
            let _ = writeln!(s, "{};", step.cql(ks));
        }
        s
    }

    /// A readable summary followed by the CQL, e.g.
    ///
    /// ```text
    /// 2 changes
    ///   + create table users (3 columns)
    ///   + add column events.device (text)
    /// CQL:
    ///   CREATE TABLE IF NOT EXISTS app.users (...);
    ///   ALTER TABLE app.events ADD device text;
    /// ```
    pub fn render(&self, ks: KsRef<'_>) -> String {
        let mut s = String::new();
        let n = self.steps.len();
        let _ = write!(s, "{n} change{}", if n == 1 { "" } else { "s" });
        if !self.withheld.is_empty() {
            let _ = write!(s, ", {} withheld", self.withheld.len());
        }
        if !self.refusals.is_empty() {
            let _ = write!(s, ", {} refused", self.refusals.len());
        }
        s.push('\n');
        for step in &self.steps {
            let _ = writeln!(s, "  {} {}", sign(&step.change), step.change);
        }
        if !self.withheld.is_empty() {
            s.push_str("withheld (destructive; pass --allow-destructive to run):\n");
            for c in &self.withheld {
                let _ = writeln!(s, "  {} {c}", sign(c));
            }
        }
        if !self.refusals.is_empty() {
            s.push_str("refused (the plan is not applied until these are resolved):\n");
            for r in &self.refusals {
                let _ = writeln!(s, "  ! {}: {}", r.object, r.reason);
                let _ = writeln!(s, "    manual path: {}", r.manual);
            }
        }
        if !self.steps.is_empty() {
            s.push_str("CQL:\n");
            for step in &self.steps {
                let _ = writeln!(s, "  {};", step.cql(ks));
            }
        }
        s
    }
}

fn sign(c: &Change) -> char {
    match c {
        Change::AlterOptions { .. } => '~',
        Change::DropIndex { .. }
        | Change::DropColumn { .. }
        | Change::DropTable { .. }
        | Change::DropType { .. } => '-',
        _ => '+',
    }
}
