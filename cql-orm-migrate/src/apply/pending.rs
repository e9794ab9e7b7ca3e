//! Which migration statements a keyspace still needs, and whether the applied ones are
//! unchanged.

use crate::error::{Error, Result};
use crate::history::{History, StepKind};
use crate::migrations::{Migration, MigrationSet, MigrationStatement};

/// A migration file with the statements a keyspace has not run yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMigration {
    /// The migration.
    pub migration: Migration,
    /// Its statements not yet done, in order (all of them for a new file).
    pub statements: Vec<MigrationStatement>,
}

fn short(sum: &str) -> &str {
    sum.get(..12).unwrap_or(sum)
}

/// The migration id and statement index of a history step name.
fn parse_step(step: &str) -> Option<(&str, Option<usize>)> {
    let rest = step.strip_prefix("migration: ")?;
    match rest.rsplit_once(" #") {
        Some((id, n)) => Some((id, n.parse().ok())),
        None => Some((rest, None)),
    }
}

/// Checks the history of `keyspace` against the files and lists what is left to run.
/// An applied file (or an applied statement of a partly applied one) whose checksum
/// changed is [`Error::EditedMigration`]; an applied migration without a file is
/// [`Error::MissingMigration`].
pub(crate) fn pending(
    keyspace: &str,
    set: &MigrationSet,
    history: &History,
) -> Result<Vec<PendingMigration>> {
    for e in &history.entries {
        if !matches!(e.kind, StepKind::Migration | StepKind::Statement)
            || e.outcome != crate::history::Outcome::Done
        {
            continue;
        }
        if let Some((id, _)) = parse_step(&e.step) {
            if set.get(id).is_none() {
                return Err(Error::MissingMigration {
                    keyspace: keyspace.to_owned(),
                    migration: id.to_owned(),
                });
            }
        }
    }
    let mut out = Vec::new();
    for m in set.migrations() {
        let edited = |detail: String| Error::EditedMigration {
            keyspace: keyspace.to_owned(),
            migration: m.id(),
            detail,
        };
        if let Some(done) = history.done(&m.step_id()) {
            if done.checksum != m.checksum {
                return Err(edited(format!(
                    "file checksum {} when applied, {} now",
                    short(&done.checksum),
                    short(&m.checksum)
                )));
            }
            continue;
        }
        let mut left = Vec::new();
        for st in &m.statements {
            match history.done(&m.statement_step_id(st.index)) {
                Some(done) if done.checksum != st.checksum => {
                    return Err(edited(format!(
                        "statement #{} (line {}) changed after it ran",
                        st.index, st.statement.line
                    )));
                }
                Some(_) => {}
                None => left.push(st.clone()),
            }
        }
        for e in &history.entries {
            if e.outcome != crate::history::Outcome::Done {
                continue;
            }
            if let Some((id, Some(n))) = parse_step(&e.step) {
                if id == m.id() && n > m.statements.len() {
                    return Err(edited(format!(
                        "statement #{n} ran but the file now has {} statement{}",
                        m.statements.len(),
                        if m.statements.len() == 1 { "" } else { "s" }
                    )));
                }
            }
        }
        out.push(PendingMigration {
            migration: m.clone(),
            statements: left,
        });
    }
    Ok(out)
}
