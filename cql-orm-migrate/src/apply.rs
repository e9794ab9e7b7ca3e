//! The [`Migrator`]: plan, apply, check, status, history, generate and unlock over one
//! pooled session across many keyspaces, with bounded parallelism.

mod generate;
mod options;
mod pending;
mod report;
mod run;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cql_orm::Session;
use futures::stream::{self, StreamExt};

use options::ProgressFn;
pub use options::{Options, Progress};
pub use pending::PendingMigration;
pub use report::{GeneratedMigration, KeyspacePlan, KeyspaceReport, KeyspaceStatus, RunReport};

use crate::diff::diff_owned;
use crate::error::{Error, Result};
use crate::history::{self, History, HISTORY_TABLE};
use crate::introspect;
use crate::lease::{self, LeaseConfig, LeaseInfo, LEASE_TABLE};
use crate::migrations::MigrationSet;
use crate::model::Snapshot;
use crate::plan::Plan;
use crate::target::Targets;

/// Brings keyspaces to a desired schema (a [`Snapshot`]) and a set of migration files,
/// over one pooled [`Session`].
///
/// ```no_run
/// # async fn demo(db: cql_orm::Session, schema: cql_orm::Schema) -> Result<(), cql_orm_migrate::Error> {
/// use cql_orm_migrate::{Migrator, Snapshot, Targets};
/// let migrator = Migrator::new(db).schema(Snapshot::from_orm(&schema));
/// // At application start-up, refuse to run against a schema that differs:
/// migrator.verify(&Targets::keyspaces(["app"])).await?;
/// // Or bring every tenant keyspace up to date:
/// let report = migrator.apply(&Targets::pattern("tenant_*")).await?.into_result()?;
/// # let _ = report; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Migrator {
    session: Session,
    desired: Option<Arc<Snapshot>>,
    /// `None` when no migrations were given: the history of applied ones is not checked.
    migrations: Option<Arc<MigrationSet>>,
    options: Options,
    progress: Option<Arc<ProgressFn>>,
}

impl std::fmt::Debug for Migrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("desired", &self.desired.is_some())
            .field(
                "migrations",
                &self.migrations.as_ref().map(|m| m.migrations().len()),
            )
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Migrator {
    /// A migrator with no desired schema and no migrations yet.
    pub fn new(session: Session) -> Migrator {
        Migrator {
            session,
            desired: None,
            migrations: None,
            options: Options::default(),
            progress: None,
        }
    }

    /// The desired schema.
    pub fn schema(mut self, desired: Snapshot) -> Self {
        self.desired = Some(Arc::new(desired));
        self
    }

    /// The migration files. Once set (even to an empty set), migrations recorded in a
    /// keyspace's history must still be there, unchanged.
    pub fn migrations(mut self, migrations: MigrationSet) -> Self {
        self.migrations = Some(Arc::new(migrations));
        self
    }

    /// All settings at once.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// See [`Options::allow_destructive`].
    pub fn allow_destructive(mut self, allow: bool) -> Self {
        self.options.allow_destructive = allow;
        self
    }

    /// See [`Options::create_keyspaces`].
    pub fn create_keyspaces(mut self, create: bool) -> Self {
        self.options.create_keyspaces = create;
        self
    }

    /// See [`Options::parallelism`].
    pub fn parallelism(mut self, keyspaces_at_once: usize) -> Self {
        self.options.parallelism = keyspaces_at_once.max(1);
        self
    }

    /// See [`Options::lease`].
    pub fn lease(mut self, config: LeaseConfig) -> Self {
        self.options.lease = config;
        self
    }

    /// See [`Options::agreement_timeout`].
    pub fn agreement_timeout(mut self, timeout: Duration) -> Self {
        self.options.agreement_timeout = timeout;
        self
    }

    /// See [`Options::max_steps`].
    pub fn max_steps(mut self, steps: Option<usize>) -> Self {
        self.options.max_steps = steps;
        self
    }

    /// See [`Options::owner`].
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.options.owner = owner.into();
        self
    }

    /// Calls `f` as the run progresses (from the task driving the run).
    pub fn on_progress(mut self, f: impl Fn(&Progress<'_>) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// The settings.
    pub fn settings(&self) -> &Options {
        &self.options
    }

    /// The session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    fn report(&self, p: &Progress<'_>) {
        if let Some(f) = &self.progress {
            f(p);
        }
    }

    /// Runs `f` for every keyspace, at most [`Options::parallelism`] at once, and returns
    /// the results in target order.
    async fn each<'a, T, F, Fut>(&'a self, keyspaces: &[String], f: F) -> Vec<(String, Result<T>)>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T>> + 'a,
    {
        let jobs = keyspaces.iter().cloned().enumerate().map(|(i, ks)| {
            let fut = f(ks.clone());
            async move { (i, ks, fut.await) }
        });
        let mut results: Vec<(usize, String, Result<T>)> = stream::iter(jobs)
            .buffer_unordered(self.options.parallelism.max(1))
            .collect()
            .await;
        results.sort_by_key(|r| r.0);
        results.into_iter().map(|(_, k, r)| (k, r)).collect()
    }

    /// Resolves the targets against the live keyspaces.
    pub async fn resolve(&self, targets: &Targets) -> Result<Vec<String>> {
        targets.resolve(&self.session).await
    }

    /// Applies migrations and schema changes to every target keyspace. Keyspaces fail
    /// independently: the report lists what completed and what failed.
    pub async fn apply(&self, targets: &Targets) -> Result<RunReport> {
        let keyspaces = self.resolve(targets).await?;
        let total = keyspaces.len();
        let done = AtomicUsize::new(0);
        let results = self
            .each(&keyspaces, |ks| {
                let done = &done;
                async move {
                    let ks = ks.as_str();
                    self.report(&Progress::Started { keyspace: ks });
                    let r = self.apply_keyspace(ks).await;
                    let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                    match &r {
                        Ok(report) => self.report(&Progress::Finished {
                            done: n,
                            total,
                            report,
                        }),
                        Err(error) => self.report(&Progress::Failed {
                            done: n,
                            total,
                            keyspace: ks,
                            error,
                        }),
                    }
                    r
                }
            })
            .await;
        let mut report = RunReport::default();
        for (ks, r) in results {
            match r {
                Ok(k) => report.keyspaces.push(k),
                Err(e) => report.failures.push((ks, e)),
            }
        }
        Ok(report)
    }

    /// What `apply` would do to every target keyspace (nothing is changed).
    pub async fn plan(&self, targets: &Targets) -> Result<Vec<KeyspacePlan>> {
        let keyspaces = self.resolve(targets).await?;
        self.each(
            &keyspaces,
            |ks| async move { self.plan_keyspace(&ks).await },
        )
        .await
        .into_iter()
        .map(|(_, r)| r)
        .collect()
    }

    /// The plans of every target keyspace, failing with [`Error::Drift`] unless all are
    /// empty: the verify-only mode for CI and application start-up.
    pub async fn verify(&self, targets: &Targets) -> Result<Vec<KeyspacePlan>> {
        let plans = self.plan(targets).await?;
        let drift: Vec<String> = plans
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.keyspace.clone())
            .collect();
        if drift.is_empty() {
            Ok(plans)
        } else {
            Err(Error::Drift { keyspaces: drift })
        }
    }

    /// The status of every target keyspace.
    pub async fn status(&self, targets: &Targets) -> Result<Vec<KeyspaceStatus>> {
        let keyspaces = self.resolve(targets).await?;
        self.each(&keyspaces, |ks| async move {
            let ks = ks.as_str();
            let live = self.existing(ks).await?;
            let has_history = live.internal.contains(HISTORY_TABLE);
            let history = history::read(&self.session, ks, has_history).await?;
            let lease = if live.internal.contains(LEASE_TABLE) {
                lease::holder(&self.session, ks).await?
            } else {
                None
            };
            let plan = self.plan_live(ks, Some(live), &history)?;
            let applied_migrations = history
                .entries
                .iter()
                .filter(|e| {
                    e.kind == history::StepKind::Migration && e.outcome == history::Outcome::Done
                })
                .map(|e| e.step.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            Ok(KeyspaceStatus {
                keyspace: ks.to_owned(),
                lease,
                applied_migrations,
                plan,
                last: history
                    .entries
                    .iter()
                    .rev()
                    .find(|e| e.kind != history::StepKind::Snapshot)
                    .cloned(),
            })
        })
        .await
        .into_iter()
        .map(|(_, r)| r)
        .collect()
    }

    /// The history of `keyspace`, oldest attempt first.
    pub async fn history(&self, keyspace: &str) -> Result<History> {
        let live = self.existing(keyspace).await?;
        history::read(
            &self.session,
            keyspace,
            live.internal.contains(HISTORY_TABLE),
        )
        .await
    }

    /// Removes the lease of `keyspace` whoever holds it; returns the holder it removed.
    pub async fn unlock(&self, keyspace: &str) -> Result<Option<LeaseInfo>> {
        let live = self.existing(keyspace).await?;
        if !live.internal.contains(LEASE_TABLE) {
            return Ok(None);
        }
        lease::force_release(&self.session, keyspace).await
    }

    /// The live keyspace, or [`Error::UnknownKeyspace`].
    async fn existing(&self, keyspace: &str) -> Result<introspect::LiveKeyspace> {
        introspect::keyspace(&self.session, keyspace)
            .await?
            .ok_or_else(|| Error::UnknownKeyspace {
                keyspace: keyspace.to_owned(),
                hint: String::new(),
            })
    }

    async fn plan_keyspace(&self, keyspace: &str) -> Result<KeyspacePlan> {
        let live = introspect::keyspace(&self.session, keyspace).await?;
        let history = match &live {
            Some(l) => {
                history::read(&self.session, keyspace, l.internal.contains(HISTORY_TABLE)).await?
            }
            None => History::default(),
        };
        self.plan_live(keyspace, live, &history)
    }

    fn plan_live(
        &self,
        keyspace: &str,
        live: Option<introspect::LiveKeyspace>,
        history: &History,
    ) -> Result<KeyspacePlan> {
        if live.is_none() {
            self.missing_keyspace(keyspace)?;
        }
        let pending = self.pending(keyspace, history)?;
        let owned = history.owned()?;
        let plan = self.desired.as_ref().map(|d| {
            Plan::new(
                diff_owned(d, live.as_ref().map(|l| &l.schema), &owned),
                self.options.allow_destructive,
            )
        });
        Ok(KeyspacePlan {
            keyspace: keyspace.to_owned(),
            exists: live.is_some(),
            pending: pending
                .into_iter()
                .filter(|p| !p.statements.is_empty() || p.migration.statements.is_empty())
                .collect(),
            plan,
        })
    }

    /// The migrations `keyspace` still needs (none when no migrations were given).
    fn pending(&self, keyspace: &str, history: &History) -> Result<Vec<PendingMigration>> {
        match &self.migrations {
            Some(set) => pending::pending(keyspace, set, history),
            None => Ok(Vec::new()),
        }
    }

    /// Whether a missing keyspace may be created; the error when not.
    fn missing_keyspace(&self, keyspace: &str) -> Result<()> {
        let hint = if !self.options.create_keyspaces {
            " (pass --create-keyspaces to create it from the snapshot)"
        } else if self.desired.as_ref().is_none_or(|d| d.keyspace.is_none()) {
            "; the snapshot has no `keyspace` section (replication) to create it with"
        } else {
            return Ok(());
        };
        Err(Error::UnknownKeyspace {
            keyspace: keyspace.to_owned(),
            hint: hint.to_owned(),
        })
    }
}
