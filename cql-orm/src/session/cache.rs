//! The bounded prepared-statement cache (least recently used entries are evicted).
//!
//! Concurrent first uses of one text share a single PREPARE: each entry is a once-cell that
//! the first caller fills while the others wait for it.
//!
//! Every execution looks its text up, so the map hashes with foldhash (randomly seeded per
//! process) rather than SipHash: texts are ~100 bytes and SipHash would cost more than the
//! rest of the lookup.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use foldhash::fast::RandomState;
use parking_lot::Mutex;
use scylla::statement::prepared::PreparedStatement;
use tokio::sync::OnceCell;

/// Counters of a session's prepared-statement cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Lookups that found a prepared statement.
    pub hits: u64,
    /// Lookups that did not (they prepared, or waited for a concurrent prepare).
    pub misses: u64,
    /// PREPARE requests sent to the cluster.
    pub prepares: u64,
    /// Statements dropped to stay within capacity.
    pub evictions: u64,
    /// Statements currently cached.
    pub len: usize,
}

type Cell = Arc<OnceCell<PreparedStatement>>;
type Map = HashMap<Arc<str>, Entry, RandomState>;

struct Entry {
    cell: Cell,
    last_used: u64,
}

pub(crate) struct StatementCache {
    capacity: usize,
    map: Mutex<(Map, u64)>,
    hits: AtomicU64,
    misses: AtomicU64,
    prepares: AtomicU64,
    evictions: AtomicU64,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            capacity: capacity.max(1),
            map: Mutex::new((HashMap::with_hasher(RandomState::default()), 0)),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            prepares: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    fn cell(&self, text: &str) -> Cell {
        let mut guard = self.map.lock();
        let (map, tick) = &mut *guard;
        *tick += 1;
        if let Some(entry) = map.get_mut(text) {
            entry.last_used = *tick;
            return Arc::clone(&entry.cell);
        }
        if map.len() >= self.capacity {
            let oldest = map
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| Arc::clone(k));
            if let Some(k) = oldest {
                map.remove(&k);
                self.evictions.fetch_add(1, Ordering::Relaxed);
            }
        }
        let cell: Cell = Arc::new(OnceCell::new());
        map.insert(
            Arc::from(text),
            Entry {
                cell: Arc::clone(&cell),
                last_used: *tick,
            },
        );
        cell
    }

    /// The cached statement for `text` if it is prepared already (counted as a hit), else
    /// `None` without counting: the caller then goes through [`Self::get_or_prepare`].
    pub(crate) fn hit(&self, text: &str) -> Option<PreparedStatement> {
        let mut guard = self.map.lock();
        let (map, tick) = &mut *guard;
        let entry = map.get_mut(text)?;
        let stmt = entry.cell.get()?.clone();
        *tick += 1;
        entry.last_used = *tick;
        drop(guard);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(stmt)
    }

    /// The cached statement for `text`, or the one `prepare` produces (run at most once at a
    /// time per text; a failure leaves the entry empty for the next caller to retry).
    pub(crate) async fn get_or_prepare<F, Fut, E>(
        &self,
        text: &str,
        prepare: F,
    ) -> Result<PreparedStatement, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<PreparedStatement, E>>,
    {
        let cell = self.cell(text);
        if let Some(stmt) = cell.get() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(stmt.clone());
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let stmt = cell
            .get_or_try_init(|| {
                self.prepares.fetch_add(1, Ordering::Relaxed);
                prepare()
            })
            .await?;
        Ok(stmt.clone())
    }

    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            prepares: self.prepares.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            len: self.map.lock().0.len(),
        }
    }
}
