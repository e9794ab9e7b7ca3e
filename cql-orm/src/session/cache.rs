//! The bounded prepared-statement cache (least recently used entries are evicted).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use scylla::statement::prepared::PreparedStatement;

/// Counters of a session's prepared-statement cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Lookups that found a prepared statement.
    pub hits: u64,
    /// Lookups that did not.
    pub misses: u64,
    /// PREPARE requests sent to the cluster.
    pub prepares: u64,
    /// Statements dropped to stay within capacity.
    pub evictions: u64,
    /// Statements currently cached.
    pub len: usize,
}

struct Entry {
    statement: PreparedStatement,
    last_used: u64,
}

pub(crate) struct StatementCache {
    capacity: usize,
    map: Mutex<(HashMap<Arc<str>, Entry>, u64)>,
    hits: AtomicU64,
    misses: AtomicU64,
    prepares: AtomicU64,
    evictions: AtomicU64,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            capacity: capacity.max(1),
            map: Mutex::new((HashMap::new(), 0)),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            prepares: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    pub(crate) fn get(&self, text: &str) -> Option<PreparedStatement> {
        let mut guard = self.map.lock();
        let (map, tick) = &mut *guard;
        *tick += 1;
        match map.get_mut(text) {
            Some(entry) => {
                entry.last_used = *tick;
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(entry.statement.clone())
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    pub(crate) fn record_prepare(&self) {
        self.prepares.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn insert(&self, text: &str, statement: PreparedStatement) {
        let mut guard = self.map.lock();
        let (map, tick) = &mut *guard;
        *tick += 1;
        if !map.contains_key(text) && map.len() >= self.capacity {
            let oldest = map
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| Arc::clone(k));
            if let Some(k) = oldest {
                map.remove(&k);
                self.evictions.fetch_add(1, Ordering::Relaxed);
            }
        }
        map.insert(
            Arc::from(text),
            Entry {
                statement,
                last_used: *tick,
            },
        );
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
