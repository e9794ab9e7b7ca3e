//! [`Session`]: a pooled scylla session with a bounded prepared-statement cache, per-session
//! statement defaults and keyspace handles.

mod batch_cache;
mod builder;
mod cache;
mod exec;
pub(crate) use cache::Shape;
pub(crate) use exec::statement_span;
mod keyspace;
mod options;

use std::sync::Arc;

pub use builder::SessionBuilder;
pub use cache::CacheStats;
pub use keyspace::Keyspace;
pub use options::{Configure, StatementOptions};

use crate::error::Result;
use batch_cache::BatchCache;
pub(crate) use batch_cache::BatchShape;
use cache::StatementCache;

/// The default number of prepared statements a session keeps.
pub const DEFAULT_CACHE_CAPACITY: usize = 1024;

/// How many built batches (of distinct statement sequences and options) a session keeps.
const BATCH_CACHE_CAPACITY: usize = 64;

/// A connection to a Cassandra or ScyllaDB cluster: the driver's pooled session plus a bounded
/// cache of prepared statements keyed by statement text. Cheap to clone (shared).
///
/// Statements are found in the cache by their shape (model, statement kind, assignments,
/// keyspace) without rendering their text once it has been prepared, and a batch of a shape
/// seen before (kind, options and statement texts) reuses the driver batch built for it.
///
/// Statements are qualified with the keyspace of the handle they run through
/// ([`Session::keyspace`]), else the model's `#[cql(keyspace = ...)]`, else the session's
/// default keyspace ([`SessionBuilder::default_keyspace`]); `USE` is never issued.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    driver: scylla::client::session::Session,
    cache: StatementCache,
    batches: BatchCache,
    defaults: StatementOptions,
    keyspace: Option<Arc<str>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("keyspace", &self.inner.keyspace)
            .field("cache", &self.inner.cache.stats())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Connects to the given contact points (`"host:port"`) with default settings.
    pub async fn connect<I, S>(nodes: I) -> Result<Session>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        SessionBuilder::new().known_nodes(nodes).build().await
    }

    /// A builder for authentication, TLS, policies, defaults and cache size.
    pub fn builder() -> SessionBuilder {
        SessionBuilder::new()
    }

    /// Wraps an existing driver session (with default statement options and cache size).
    pub fn from_scylla(session: scylla::client::session::Session) -> Session {
        Session::from_parts(
            session,
            DEFAULT_CACHE_CAPACITY,
            StatementOptions::default(),
            None,
        )
    }

    pub(crate) fn from_parts(
        driver: scylla::client::session::Session,
        capacity: usize,
        defaults: StatementOptions,
        keyspace: Option<Arc<str>>,
    ) -> Session {
        Session {
            inner: Arc::new(Inner {
                driver,
                cache: StatementCache::new(capacity),
                batches: BatchCache::new(BATCH_CACHE_CAPACITY),
                defaults,
                keyspace,
            }),
        }
    }

    /// The wrapped driver session, for anything cql-orm does not cover.
    pub fn scylla(&self) -> &scylla::client::session::Session {
        &self.inner.driver
    }

    /// A handle whose statements address tables as `"name"."table"`.
    pub fn keyspace(&self, name: impl Into<String>) -> Keyspace {
        Keyspace::new(self.clone(), Arc::from(name.into()))
    }

    /// The driver's request metrics: counts of queries, errors and retries, latency
    /// percentiles, request rates and connection counts.
    pub fn metrics(&self) -> Arc<scylla::observability::metrics::Metrics> {
        self.inner.driver.get_metrics()
    }

    /// Counters of the prepared-statement cache.
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// The driver batch kept for `shape`, if any.
    pub(crate) fn kept_batch(
        &self,
        shape: &BatchShape<'_>,
    ) -> Option<Arc<scylla::statement::batch::Batch>> {
        self.inner.batches.get(shape)
    }

    /// Keeps `batch`, built for `shape`, for the next batch of that shape.
    pub(crate) fn keep_batch(
        &self,
        shape: &BatchShape<'_>,
        batch: Arc<scylla::statement::batch::Batch>,
    ) {
        self.inner.batches.insert(shape, batch);
    }

    /// The statement options every statement starts from.
    pub fn defaults(&self) -> &StatementOptions {
        &self.inner.defaults
    }
}

/// Something statements can run through: a [`Session`] or a [`Keyspace`] handle.
pub trait Db: Send + Sync + sealed::Sealed {
    /// The session.
    fn session(&self) -> &Session;
    /// The keyspace statements are qualified with, if the handle names one.
    fn keyspace_name(&self) -> Option<&str>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Session {}
    impl Sealed for super::Keyspace {}
}

impl Db for Session {
    fn session(&self) -> &Session {
        self
    }
    fn keyspace_name(&self) -> Option<&str> {
        self.inner.keyspace.as_deref()
    }
}

/// `"ks"."table"` (or `"table"`) for a model's table as seen through `db`.
pub(crate) fn table_ref(db: &impl Db, model_keyspace: Option<&str>, table: &str) -> String {
    let mut s = String::with_capacity(table.len() + 24);
    push_table_ref(&mut s, db, model_keyspace, table);
    s
}

/// Appends [`table_ref`] to `out`.
pub(crate) fn push_table_ref(
    out: &mut String,
    db: &impl Db,
    model_keyspace: Option<&str>,
    table: &str,
) {
    if let Some(ks) = db.keyspace_name().or(model_keyspace) {
        crate::schema::push_quoted(out, ks);
        out.push('.');
    }
    crate::schema::push_quoted(out, table);
}
