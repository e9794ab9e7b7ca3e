//! Applying to one keyspace: create it if asked, create the migrator's tables, take the
//! lease, run the schema steps, then the pending migration statements, each recorded in
//! the history and followed by schema agreement when it is DDL.

use super::{KeyspaceReport, Migrator, Progress};
use crate::cql::KsRef;
use crate::db::{self, Disagreement};
use crate::diff::{diff_owned, Change};
use crate::error::{Error, Result};
use crate::history::{self, NewAttempt, Outcome, StepKind, HISTORY_TABLE};
use crate::introspect;
use crate::lease::{self, Lease, LEASE_TABLE};
use crate::plan::Plan;

/// The history step name of keyspace creation.
const CREATE_KEYSPACE_STEP: &str = "schema: create keyspace";

/// Whether a statement changes the schema (and so is followed by schema agreement).
fn is_ddl(cql: &str) -> bool {
    let first = cql
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    ["create", "alter", "drop"]
        .iter()
        .any(|k| first.eq_ignore_ascii_case(k))
}

struct Step<'a> {
    id: &'a str,
    kind: StepKind,
    checksum: &'a str,
    cql: &'a str,
}

impl Migrator {
    async fn agree(&self, keyspace: &str, step: &str) -> Result<()> {
        let timeout = self.options.agreement_timeout;
        db::await_agreement(&self.session, timeout)
            .await
            .map_err(|d| match d {
                Disagreement::Timeout => Error::SchemaAgreementTimeout {
                    keyspace: keyspace.to_owned(),
                    step: step.to_owned(),
                    timeout,
                },
                Disagreement::Failed(message) => Error::SchemaAgreement {
                    keyspace: keyspace.to_owned(),
                    step: step.to_owned(),
                    message,
                },
            })
    }

    /// Runs a statement that is not recorded (keyspace and internal tables, before the
    /// history table can hold anything), then awaits agreement.
    async fn bootstrap(&self, keyspace: &str, step: &str, cql: &str) -> Result<()> {
        tracing::info!(keyspace, step, cql, "running");
        db::raw(&self.session, cql)
            .await
            .map_err(|source| Error::Step {
                keyspace: keyspace.to_owned(),
                step: step.to_owned(),
                cql: cql.to_owned(),
                source: Box::new(source),
            })?;
        self.agree(keyspace, step).await
    }

    /// Runs one recorded step.
    async fn step(&self, keyspace: &str, lease: &Lease, s: Step<'_>) -> Result<()> {
        lease.check()?;
        self.report(&Progress::Step {
            keyspace,
            step: s.id,
        });
        tracing::info!(keyspace, step = s.id, cql = s.cql, "running");
        let attempt = history::start(
            &self.session,
            keyspace,
            &NewAttempt {
                step: s.id,
                kind: s.kind,
                checksum: s.checksum,
                cql: s.cql,
                owner: lease.owner(),
            },
        )
        .await?;
        let mut result = Ok(());
        if !s.cql.is_empty() {
            result = db::raw(&self.session, s.cql)
                .await
                .map_err(|source| Error::Step {
                    keyspace: keyspace.to_owned(),
                    step: s.id.to_owned(),
                    cql: s.cql.to_owned(),
                    source: Box::new(source),
                });
            if result.is_ok() && is_ddl(s.cql) {
                result = self.agree(keyspace, s.id).await;
            }
        }
        match result {
            Ok(()) => {
                history::finish(&self.session, keyspace, s.id, attempt, Outcome::Done, None).await
            }
            Err(e) => {
                let message = match &e {
                    Error::Step { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                if let Err(record) = history::finish(
                    &self.session,
                    keyspace,
                    s.id,
                    attempt,
                    Outcome::Failed,
                    Some(&message),
                )
                .await
                {
                    tracing::warn!(keyspace, step = s.id, error = %record, "could not record the failure");
                }
                Err(e)
            }
        }
    }

    /// Applies everything pending to one keyspace.
    pub(super) async fn apply_keyspace(&self, keyspace: &str) -> Result<KeyspaceReport> {
        let mut report = KeyspaceReport {
            keyspace: keyspace.to_owned(),
            ..KeyspaceReport::default()
        };
        let mut live = introspect::keyspace(&self.session, keyspace).await?;
        if live.is_none() {
            self.missing_keyspace(keyspace)?;
            let options = self
                .desired
                .as_ref()
                .and_then(|d| d.keyspace.clone())
                .ok_or_else(|| Error::UnknownKeyspace {
                    keyspace: keyspace.to_owned(),
                    hint: String::new(),
                })?;
            let cql = Change::CreateKeyspace(options).cql(KsRef::Name(keyspace));
            self.bootstrap(keyspace, CREATE_KEYSPACE_STEP, &cql).await?;
            report.created = true;
            live = introspect::keyspace(&self.session, keyspace).await?;
        }
        let live = live.ok_or_else(|| Error::UnknownKeyspace {
            keyspace: keyspace.to_owned(),
            hint: " (it disappeared while being migrated)".to_owned(),
        })?;
        for (table, cql) in [
            (HISTORY_TABLE, history::create_table_cql(keyspace)),
            (LEASE_TABLE, lease::create_table_cql(keyspace)),
        ] {
            if !live.internal.contains(table) {
                self.bootstrap(keyspace, &format!("create table {table}"), &cql)
                    .await?;
            }
        }
        let on_wait = |holder: &lease::LeaseInfo| {
            self.report(&Progress::Waiting { keyspace, holder });
        };
        let lease = Lease::acquire(
            &self.session,
            keyspace,
            &self.options.owner,
            &self.options.lease,
            &on_wait,
        )
        .await?;
        let result = self.apply_locked(keyspace, &lease, &mut report).await;
        let released = lease.release().await;
        result?;
        released?;
        Ok(report)
    }

    async fn apply_locked(
        &self,
        keyspace: &str,
        lease: &Lease,
        report: &mut KeyspaceReport,
    ) -> Result<()> {
        let history = history::read(&self.session, keyspace, true).await?;
        if report.created && history.done(CREATE_KEYSPACE_STEP).is_none() {
            // Recorded once the history table exists; a migrator racing on creation sees
            // this row (it holds the lease only after this one released it) and adds none.
            let change = self
                .desired
                .as_ref()
                .and_then(|d| d.keyspace.clone())
                .map(Change::CreateKeyspace);
            let (cql, checksum) = match &change {
                Some(c) => (
                    c.cql(KsRef::Name(keyspace)),
                    crate::cql::checksum(&c.cql(KsRef::Placeholder)),
                ),
                None => (String::new(), String::new()),
            };
            let attempt = history::start(
                &self.session,
                keyspace,
                &NewAttempt {
                    step: CREATE_KEYSPACE_STEP,
                    kind: StepKind::Schema,
                    checksum: &checksum,
                    cql: &cql,
                    owner: lease.owner(),
                },
            )
            .await?;
            history::finish(
                &self.session,
                keyspace,
                CREATE_KEYSPACE_STEP,
                attempt,
                Outcome::Done,
                None,
            )
            .await?;
            report.applied.push(CREATE_KEYSPACE_STEP.to_owned());
        } else {
            report.created = false;
        }
        // The schema first, so that migration files (data, extras the models cannot
        // express) find the models' tables.
        if self.apply_schema(keyspace, lease, &history, report).await? {
            self.apply_files(keyspace, lease, &history, report).await?;
        }
        Ok(())
    }

    fn out_of_budget(&self, report: &mut KeyspaceReport) -> bool {
        let out = self
            .options
            .max_steps
            .is_some_and(|max| report.applied.len() >= max);
        report.stopped_early |= out;
        out
    }

    /// The schema steps; false when the step limit stopped the run.
    async fn apply_schema(
        &self,
        keyspace: &str,
        lease: &Lease,
        history: &history::History,
        report: &mut KeyspaceReport,
    ) -> Result<bool> {
        let Some(desired) = &self.desired else {
            return Ok(true);
        };
        let live = introspect::keyspace(&self.session, keyspace)
            .await?
            .ok_or_else(|| Error::UnknownKeyspace {
                keyspace: keyspace.to_owned(),
                hint: " (it disappeared while being migrated)".to_owned(),
            })?;
        let owned = history.owned()?;
        let plan = Plan::new(
            diff_owned(desired, Some(&live.schema), &owned),
            self.options.allow_destructive,
        );
        if !plan.refusals.is_empty() {
            return Err(Error::Refused {
                keyspace: keyspace.to_owned(),
                refusals: plan.refusals,
            });
        }
        report.withheld = plan.withheld.clone();
        for step in &plan.steps {
            if self.out_of_budget(report) {
                return Ok(false);
            }
            let cql = step.cql(KsRef::Name(keyspace));
            self.step(
                keyspace,
                lease,
                Step {
                    id: &step.id,
                    kind: StepKind::Schema,
                    checksum: &step.checksum,
                    cql: &cql,
                },
            )
            .await?;
            report.applied.push(step.id.clone());
        }
        self.record_owned(keyspace, lease, history, desired, &live.schema, &plan)
            .await?;
        Ok(true)
    }

    /// The pending migration statements, file by file.
    async fn apply_files(
        &self,
        keyspace: &str,
        lease: &Lease,
        history: &history::History,
        report: &mut KeyspaceReport,
    ) -> Result<()> {
        for p in self.pending(keyspace, history)? {
            for st in &p.statements {
                if self.out_of_budget(report) {
                    return Ok(());
                }
                let id = p.migration.statement_step_id(st.index);
                let cql = st.statement.render(KsRef::Name(keyspace));
                self.step(
                    keyspace,
                    lease,
                    Step {
                        id: &id,
                        kind: StepKind::Statement,
                        checksum: &st.checksum,
                        cql: &cql,
                    },
                )
                .await?;
                report.applied.push(id);
            }
            // The whole file, once every statement is done (no statement of its own).
            self.step(
                keyspace,
                lease,
                Step {
                    id: &p.migration.step_id(),
                    kind: StepKind::Migration,
                    checksum: &p.migration.checksum,
                    cql: "",
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Records what the migrator now owns in the keyspace (the desired snapshot plus the
    /// objects whose drop was withheld), when it changed.
    async fn record_owned(
        &self,
        keyspace: &str,
        lease: &Lease,
        history: &history::History,
        desired: &crate::model::Snapshot,
        live: &crate::model::Snapshot,
        plan: &Plan,
    ) -> Result<()> {
        let mut owned = desired.clone();
        for change in &plan.withheld {
            match change {
                Change::DropColumn { table, column } => {
                    let def = live.table(table).and_then(|t| t.column(column));
                    let target = owned.tables.iter_mut().find(|t| &t.name == table);
                    if let (Some(def), Some(target)) = (def, target) {
                        target.columns.push(def.clone());
                    }
                }
                Change::DropTable { table } => {
                    if let Some(t) = live.table(table) {
                        owned.tables.push(t.clone());
                    }
                }
                Change::DropType { type_name } => {
                    if let Some(t) = live.user_type(type_name) {
                        owned.types.push(t.clone());
                    }
                }
                _ => {}
            }
        }
        let json = owned.to_json();
        let sum = crate::cql::checksum(&json);
        if history.snapshot_entry().is_some_and(|e| e.checksum == sum) {
            return Ok(());
        }
        let attempt = history::start(
            &self.session,
            keyspace,
            &NewAttempt {
                step: history::SNAPSHOT_STEP,
                kind: StepKind::Snapshot,
                checksum: &sum,
                cql: &json,
                owner: lease.owner(),
            },
        )
        .await?;
        history::finish(
            &self.session,
            keyspace,
            history::SNAPSHOT_STEP,
            attempt,
            Outcome::Done,
            None,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::is_ddl;

    #[test]
    fn ddl_detection() {
        assert!(is_ddl("CREATE TABLE x (k int PRIMARY KEY)"));
        assert!(is_ddl("  alter table x add y int"));
        assert!(is_ddl("DROP INDEX IF EXISTS i"));
        assert!(!is_ddl("INSERT INTO x (k) VALUES (1)"));
        assert!(!is_ddl("UPDATE x SET y = 1 WHERE k = 1"));
        assert!(!is_ddl(""));
    }
}
