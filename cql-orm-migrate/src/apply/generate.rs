//! [`Migrator::generate`]: the difference between the snapshot and a keyspace, written as
//! a new migration file.

use std::path::Path;

use chrono::Utc;

use super::{GeneratedMigration, Migrator};
use crate::cql::KsRef;
use crate::diff::{diff_owned, Change, RefusalKind};
use crate::error::{Error, Result};
use crate::history::{self, History, HISTORY_TABLE};
use crate::introspect;
use crate::migrations::MigrationError;
use crate::plan::Plan;

impl Migrator {
    /// Writes the difference between the desired schema and `keyspace` (after its applied
    /// migrations) as a new migration file `<version>_<name>.cql` in `dir`, with
    /// `${keyspace}` for the keyspace; returns `None` when there is no difference. With
    /// `dry_run` nothing is written.
    pub async fn generate(
        &self,
        keyspace: &str,
        name: &str,
        dir: &Path,
        dry_run: bool,
    ) -> Result<Option<GeneratedMigration>> {
        let desired = self.desired.as_ref().ok_or_else(|| {
            Error::Invalid("generate needs the desired schema (a snapshot)".to_owned())
        })?;
        let file_name = self
            .migrations
            .as_deref()
            .cloned()
            .unwrap_or_default()
            .next_file_name(name, Utc::now())?;
        let live = introspect::keyspace(&self.session, keyspace).await?;
        let history = match &live {
            Some(l) => {
                history::read(&self.session, keyspace, l.internal.contains(HISTORY_TABLE)).await?
            }
            None => History::default(),
        };
        let pending = self.pending(keyspace, &history)?;
        if !pending.is_empty() {
            return Err(Error::Invalid(format!(
                "keyspace `{keyspace}` has {} pending migration{}; apply them first, so that the new migration holds only what they leave out",
                pending.len(),
                if pending.len() == 1 { "" } else { "s" }
            )));
        }
        let base = live.map(|l| l.schema).unwrap_or_default();
        let mut d = diff_owned(desired, Some(&base), &history.owned()?);
        // A migration file serves every keyspace: it never creates or re-replicates one.
        d.changes
            .retain(|c| !matches!(c, Change::CreateKeyspace(_)));
        d.refusals.retain(|r| r.kind != RefusalKind::Replication);
        let plan = Plan::new(d, self.options.allow_destructive);
        if !plan.refusals.is_empty() {
            return Err(Error::Refused {
                keyspace: keyspace.to_owned(),
                refusals: plan.refusals,
            });
        }
        if plan.steps.is_empty() {
            return Ok(None);
        }
        let mut content = format!(
            "-- {file_name}: written by cql-migrate from the difference between the snapshot and keyspace `{keyspace}`.\n-- ${{keyspace}} stands for each keyspace the migration is applied to.\n"
        );
        for line in plan.render(KsRef::Placeholder).lines() {
            if line == "CQL:" {
                break;
            }
            content.push_str("-- ");
            content.push_str(line);
            content.push('\n');
        }
        content.push('\n');
        content.push_str(&plan.script(KsRef::Placeholder));
        let path = dir.join(&file_name);
        if !dry_run {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?;
            std::fs::write(&path, &content).map_err(|source| {
                Error::Migrations(MigrationError::Write {
                    path: path.clone(),
                    source,
                })
            })?;
        }
        Ok(Some(GeneratedMigration {
            path,
            content,
            plan,
        }))
    }
}
