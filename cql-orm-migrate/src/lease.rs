//! The migration lease: one row per keyspace, written with lightweight transactions, that
//! stops two migrators from working on one keyspace at once.
//!
//! Every write is a lightweight transaction on the `owner` column of the one lease row: a
//! migrator takes the lease with `UPDATE ... USING TTL ... IF owner = null` (the row is
//! absent, or its cells expired or were deleted), renews it from a background task while it
//! runs (`UPDATE ... USING TTL ... IF owner = <self>`), and releases it with
//! `DELETE owner, ... IF owner = <self>`. The row has no row marker, so it disappears with
//! its cells. A migrator that dies leaves a lease that expires after its TTL;
//! `cql-migrate unlock` removes one at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use cql_orm::Session;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::cql::{qualified, KsRef};
use crate::db::{self, Rows};
use crate::error::{Error, Result};

/// The lease table's name, in every managed keyspace.
pub const LEASE_TABLE: &str = "cql_migrate_lease";

/// The key of the one lease row.
const LEASE_ROW: &str = "migrate";

/// `CREATE TABLE IF NOT EXISTS` of the lease table in `keyspace`.
pub fn create_table_cql(keyspace: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, owner text, acquired timestamp, renewed timestamp) WITH comment = 'cql-migrate: who is migrating this keyspace'",
        qualified(KsRef::Name(keyspace), LEASE_TABLE)
    )
}

/// Who holds a lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseInfo {
    /// The holder's owner id.
    pub owner: String,
    /// When it was taken.
    pub acquired: Option<DateTime<Utc>>,
    /// When it was last renewed.
    pub renewed: Option<DateTime<Utc>>,
}

impl LeaseInfo {
    fn from_rows(rows: &Rows) -> Option<LeaseInfo> {
        let r = rows.first()?;
        Some(LeaseInfo {
            owner: r.text("owner")?,
            acquired: r.timestamp("acquired"),
            renewed: r.timestamp("renewed"),
        })
    }
}

/// Lease timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaseConfig {
    /// How long a lease lives without renewal: whole seconds, at least 2. TTLs count whole
    /// seconds on the server, so a lease lives between `ttl - 1s` and `ttl`.
    pub ttl: Duration,
    /// How often the holder renews it (well below `ttl - 1s`).
    pub renew_every: Duration,
    /// How long to wait for a lease held by someone else before giving up.
    pub wait: Duration,
    /// How often to retry while waiting.
    pub retry_every: Duration,
}

impl Default for LeaseConfig {
    /// A 60 s lease renewed every 20 s; wait up to 5 minutes, retrying every 500 ms.
    fn default() -> Self {
        LeaseConfig {
            ttl: Duration::from_secs(60),
            renew_every: Duration::from_secs(20),
            wait: Duration::from_secs(300),
            retry_every: Duration::from_millis(500),
        }
    }
}

fn ttl_secs(ttl: Duration) -> i32 {
    i32::try_from(ttl.as_secs().max(2)).unwrap_or(i32::MAX)
}

fn table(keyspace: &str) -> String {
    qualified(KsRef::Name(keyspace), LEASE_TABLE)
}

/// Tries once to take the lease: `Ok(None)` when taken, `Ok(Some(holder))` when someone
/// else (or another run with the same owner id) holds it.
pub async fn try_acquire(
    session: &Session,
    keyspace: &str,
    owner: &str,
    ttl: Duration,
) -> Result<Option<LeaseInfo>> {
    let now = Utc::now();
    let cql = format!(
        "UPDATE {} USING TTL ? SET owner = ?, acquired = ?, renewed = ? WHERE name = ? IF owner = null",
        table(keyspace)
    );
    let (applied, rows) = db::lwt(
        session,
        &cql,
        (ttl_secs(ttl), owner, now, now, LEASE_ROW),
        || format!("taking the migration lease of `{keyspace}`"),
    )
    .await?;
    if applied {
        tracing::debug!(keyspace, owner, "lease taken");
        return Ok(None);
    }
    // The LWT answer names the current owner; the times come from a read.
    let holder = match holder(session, keyspace).await? {
        Some(h) => h,
        None => LeaseInfo {
            owner: rows
                .first()
                .and_then(|r| r.text("owner"))
                .unwrap_or_else(|| "?".to_owned()),
            acquired: None,
            renewed: None,
        },
    };
    Ok(Some(holder))
}

/// Extends the lease by `ttl` if `owner` still holds it; false when it does not.
pub async fn renew(
    session: &Session,
    keyspace: &str,
    owner: &str,
    acquired: DateTime<Utc>,
    ttl: Duration,
) -> Result<bool> {
    let cql = format!(
        "UPDATE {} USING TTL ? SET owner = ?, acquired = ?, renewed = ? WHERE name = ? IF owner = ?",
        table(keyspace)
    );
    let (applied, _) = db::lwt(
        session,
        &cql,
        (ttl_secs(ttl), owner, acquired, Utc::now(), LEASE_ROW, owner),
        || format!("renewing the migration lease of `{keyspace}`"),
    )
    .await?;
    Ok(applied)
}

/// Releases the lease if `owner` holds it; false when it did not.
pub async fn release(session: &Session, keyspace: &str, owner: &str) -> Result<bool> {
    let cql = format!(
        "DELETE owner, acquired, renewed FROM {} WHERE name = ? IF owner = ?",
        table(keyspace)
    );
    let (applied, _) = db::lwt(session, &cql, (LEASE_ROW, owner), || {
        format!("releasing the migration lease of `{keyspace}`")
    })
    .await?;
    Ok(applied)
}

/// Who holds the lease of `keyspace` now, if anyone.
pub async fn holder(session: &Session, keyspace: &str) -> Result<Option<LeaseInfo>> {
    let cql = format!(
        "SELECT owner, acquired, renewed FROM {} WHERE name = ?",
        table(keyspace)
    );
    let rows = db::select(session, &cql, (LEASE_ROW,), || {
        format!("reading the migration lease of `{keyspace}`")
    })
    .await?;
    Ok(LeaseInfo::from_rows(&rows))
}

/// Removes the lease whoever holds it (`cql-migrate unlock`); returns the holder it
/// removed. The removal is conditional on the holder just read, so a lease taken over in
/// between is not removed by mistake (the call then retries with the new holder).
pub async fn force_release(session: &Session, keyspace: &str) -> Result<Option<LeaseInfo>> {
    for _ in 0..10 {
        let Some(current) = holder(session, keyspace).await? else {
            return Ok(None);
        };
        if release(session, keyspace, &current.owner).await? {
            return Ok(Some(current));
        }
    }
    Err(Error::Invalid(format!(
        "the migration lease of `{keyspace}` keeps changing hands; try again"
    )))
}

/// A held lease, renewed in the background until [`Lease::release`] (or drop, which stops
/// renewing and lets it expire).
#[derive(Debug)]
pub struct Lease {
    session: Session,
    keyspace: String,
    owner: String,
    lost: Arc<AtomicBool>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Lease {
    /// Takes the lease of `keyspace` for `owner`, waiting up to `config.wait` while someone
    /// else holds it (`on_wait` is called once with the holder when waiting starts).
    pub async fn acquire(
        session: &Session,
        keyspace: &str,
        owner: &str,
        config: &LeaseConfig,
        on_wait: &(dyn Fn(&LeaseInfo) + Send + Sync),
    ) -> Result<Lease> {
        let started = Instant::now();
        let mut told = false;
        loop {
            match try_acquire(session, keyspace, owner, config.ttl).await? {
                None => break,
                Some(holder) => {
                    let waited = started.elapsed();
                    if waited >= config.wait {
                        return Err(Error::Locked {
                            keyspace: keyspace.to_owned(),
                            holder,
                            waited,
                        });
                    }
                    if !told {
                        told = true;
                        tracing::info!(keyspace, holder = %holder.owner, "waiting for the migration lease");
                        on_wait(&holder);
                    }
                    tokio::time::sleep(config.retry_every).await;
                }
            }
        }
        let acquired = Utc::now();
        let lost = Arc::new(AtomicBool::new(false));
        let (stop, mut stopped) = oneshot::channel::<()>();
        let task = {
            let session = session.clone();
            let keyspace = keyspace.to_owned();
            let owner = owner.to_owned();
            let lost = Arc::clone(&lost);
            let config = *config;
            tokio::spawn(async move {
                let mut last_ok = Instant::now();
                loop {
                    tokio::select! {
                        _ = &mut stopped => break,
                        () = tokio::time::sleep(config.renew_every) => {}
                    }
                    match renew(&session, &keyspace, &owner, acquired, config.ttl).await {
                        Ok(true) => {
                            last_ok = Instant::now();
                            tracing::trace!(keyspace, owner, "lease renewed");
                        }
                        Ok(false) => {
                            tracing::error!(keyspace, owner, "the migration lease was taken over");
                            lost.store(true, Ordering::SeqCst);
                            break;
                        }
                        Err(e) => {
                            tracing::warn!(keyspace, owner, error = %e, "could not renew the migration lease");
                            if last_ok.elapsed() >= config.ttl {
                                lost.store(true, Ordering::SeqCst);
                                break;
                            }
                        }
                    }
                }
            })
        };
        Ok(Lease {
            session: session.clone(),
            keyspace: keyspace.to_owned(),
            owner: owner.to_owned(),
            lost,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Fails with [`Error::LeaseLost`] once the lease could not be renewed.
    pub fn check(&self) -> Result<()> {
        if self.lost.load(Ordering::SeqCst) {
            Err(Error::LeaseLost {
                keyspace: self.keyspace.clone(),
                owner: self.owner.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// The owner id.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Stops renewing and deletes the lease row (only if this owner still holds it).
    pub async fn release(mut self) -> Result<()> {
        self.stop_renewal().await;
        let released = release(&self.session, &self.keyspace, &self.owner).await?;
        if !released {
            tracing::warn!(keyspace = %self.keyspace, owner = %self.owner, "the lease was no longer held at release");
        }
        Ok(())
    }

    async fn stop_renewal(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
