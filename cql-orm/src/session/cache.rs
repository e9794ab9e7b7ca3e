//! The bounded prepared-statement cache (least recently used entries are evicted).
//!
//! Concurrent first uses of one text share a single PREPARE: each entry is a once-cell that
//! the first caller fills while the others wait for it.
//!
//! Every execution looks its statement up, so the maps hash with foldhash (randomly seeded per
//! process) rather than SipHash. Statements whose text is made of static pieces and a keyspace
//! name (a model's fixed statements, an update's assignments) are also found by [`Shape`]: the
//! pieces' addresses and the keyspace, so that the text is neither rendered nor hashed again
//! once it has been prepared.

use std::collections::HashMap;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use foldhash::fast::RandomState;
use parking_lot::Mutex;
use scylla::statement::prepared::PreparedStatement;
use tokio::sync::OnceCell;

use crate::query::assignment::Assignment;

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

/// What a statement text is built from: static pieces and an update's assignments (both
/// compared by address) and the keyspace name it is qualified with. Two shapes that are equal
/// always render the same text; two different shapes may too (then the text is cached once and
/// found through both).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape<'a> {
    /// The keyspace the text names, if any.
    pub(crate) keyspace: Option<&'a str>,
    /// The static pieces that decide the text, in order.
    pub(crate) pieces: &'a [&'static str],
    /// An update's SET clause (empty for other statements).
    pub(crate) assignments: &'a [Assignment],
}

/// A static piece by identity: its address and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece(usize, usize);

impl Piece {
    fn of(s: &'static str) -> Piece {
        Piece(s.as_ptr() as usize, s.len())
    }
}

/// Folds words into one (a rotate and a multiply each): a shape is hashed on every execution.
fn fold(acc: u64, word: usize) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    (acc.rotate_left(23) ^ word as u64).wrapping_mul(K)
}

fn hash_shape<H: Hasher>(
    keyspace: Option<&str>,
    pieces: impl Iterator<Item = Piece>,
    assignments: &[Assignment],
    h: &mut H,
) {
    match keyspace {
        Some(k) => {
            h.write_u8(1);
            h.write(k.as_bytes());
        }
        None => h.write_u8(0),
    }
    let acc = pieces.fold(0, |acc, Piece(ptr, len)| fold(fold(acc, ptr), len));
    let acc = assignments.iter().fold(acc, |acc, a| {
        let (ptr, len, form) = a.identity();
        fold(fold(fold(acc, ptr), len), form)
    });
    h.write_u64(acc);
}

/// A [`Shape`] kept as a map key.
#[derive(Debug)]
struct ShapeKey {
    keyspace: Option<Box<str>>,
    pieces: Box<[Piece]>,
    assignments: Box<[Assignment]>,
}

impl Hash for ShapeKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_shape(
            self.keyspace.as_deref(),
            self.pieces.iter().copied(),
            &self.assignments,
            h,
        );
    }
}

impl PartialEq for ShapeKey {
    fn eq(&self, other: &Self) -> bool {
        self.keyspace == other.keyspace
            && self.pieces == other.pieces
            && same_assignments(&self.assignments, &other.assignments)
    }
}

impl Eq for ShapeKey {}

fn same_assignments(a: &[Assignment], b: &[Assignment]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.identity() == y.identity())
}

impl Hash for Shape<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_shape(
            self.keyspace,
            self.pieces.iter().map(|p| Piece::of(p)),
            self.assignments,
            h,
        );
    }
}

impl hashbrown::Equivalent<ShapeKey> for Shape<'_> {
    fn equivalent(&self, key: &ShapeKey) -> bool {
        self.keyspace == key.keyspace.as_deref()
            && self.pieces.len() == key.pieces.len()
            && self
                .pieces
                .iter()
                .zip(key.pieces.iter())
                .all(|(p, k)| Piece::of(p) == *k)
            && same_assignments(self.assignments, &key.assignments)
    }
}

/// One cached text: its statement (once prepared) and when it was last used.
struct Slot<T> {
    cell: OnceCell<T>,
    last_used: AtomicU64,
}

struct Maps<T> {
    by_text: HashMap<Arc<str>, Arc<Slot<T>>, RandomState>,
    /// Shapes of cached texts; an entry goes when its text is evicted.
    by_shape: hashbrown::HashMap<ShapeKey, Arc<Slot<T>>, RandomState>,
    tick: u64,
}

/// The cache itself, generic over what it holds (prepared statements in a session).
pub(crate) struct StatementCache<T = PreparedStatement> {
    capacity: usize,
    maps: Mutex<Maps<T>>,
    hits: AtomicU64,
    misses: AtomicU64,
    prepares: AtomicU64,
    evictions: AtomicU64,
}

impl<T: Clone> StatementCache<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            capacity: capacity.max(1),
            maps: Mutex::new(Maps {
                by_text: HashMap::with_hasher(RandomState::default()),
                by_shape: hashbrown::HashMap::with_hasher(RandomState::default()),
                tick: 0,
            }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            prepares: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    fn slot(&self, text: &str) -> Arc<Slot<T>> {
        let mut guard = self.maps.lock();
        let maps = &mut *guard;
        maps.tick += 1;
        if let Some(slot) = maps.by_text.get(text) {
            slot.last_used.store(maps.tick, Ordering::Relaxed);
            return Arc::clone(slot);
        }
        if maps.by_text.len() >= self.capacity {
            let oldest = maps
                .by_text
                .iter()
                .min_by_key(|(_, s)| s.last_used.load(Ordering::Relaxed))
                .map(|(k, _)| Arc::clone(k));
            if let Some(evicted) = oldest.and_then(|k| maps.by_text.remove(&k)) {
                maps.by_shape.retain(|_, s| !Arc::ptr_eq(s, &evicted));
                self.evictions.fetch_add(1, Ordering::Relaxed);
            }
        }
        let slot = Arc::new(Slot {
            cell: OnceCell::new(),
            last_used: AtomicU64::new(maps.tick),
        });
        maps.by_text.insert(Arc::from(text), Arc::clone(&slot));
        slot
    }

    /// The cached statement for `text` if it is prepared already (counted as a hit), else
    /// `None` without counting: the caller then goes through [`Self::get_or_prepare`].
    pub(crate) fn hit(&self, text: &str) -> Option<T> {
        self.hit_by(|maps| maps.by_text.get(text))
    }

    /// The cached statement of a text with this `shape`, if [`Self::remember_shape`] linked
    /// them and it is prepared (counted as a hit), else `None` without counting.
    pub(crate) fn hit_shape(&self, shape: Shape<'_>) -> Option<T> {
        self.hit_by(|maps| maps.by_shape.get(&shape))
    }

    fn hit_by(&self, find: impl FnOnce(&Maps<T>) -> Option<&Arc<Slot<T>>>) -> Option<T> {
        let mut guard = self.maps.lock();
        let maps = &mut *guard;
        maps.tick += 1;
        let tick = maps.tick;
        let slot = find(maps)?;
        let stmt = slot.cell.get()?.clone();
        slot.last_used.store(tick, Ordering::Relaxed);
        drop(guard);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(stmt)
    }

    /// Links `shape` to the cached entry of `text` (its rendering), if `text` is cached.
    pub(crate) fn remember_shape(&self, shape: Shape<'_>, text: &str) {
        let mut guard = self.maps.lock();
        let maps = &mut *guard;
        let Some(slot) = maps.by_text.get(text) else {
            return;
        };
        if maps.by_shape.contains_key(&shape) {
            return;
        }
        let key = ShapeKey {
            keyspace: shape.keyspace.map(Box::from),
            pieces: shape.pieces.iter().map(|p| Piece::of(p)).collect(),
            assignments: shape.assignments.into(),
        };
        let slot = Arc::clone(slot);
        maps.by_shape.insert(key, slot);
    }

    /// The cached statement for `text`, or the one `prepare` produces (run at most once at a
    /// time per text; a failure leaves the entry empty for the next caller to retry).
    pub(crate) async fn get_or_prepare<F, Fut, E>(&self, text: &str, prepare: F) -> Result<T, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let slot = self.slot(text);
        if let Some(stmt) = slot.cell.get() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(stmt.clone());
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let stmt = slot
            .cell
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
            len: self.maps.lock().by_text.len(),
        }
    }

    #[cfg(test)]
    fn shapes(&self) -> usize {
        self.maps.lock().by_shape.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn prepare(cache: &StatementCache<String>, text: &str) -> String {
        cache
            .get_or_prepare(text, || async { Ok::<_, ()>(format!("prepared {text}")) })
            .await
            .unwrap_or_default()
    }

    fn shape_of(keyspace: Option<&'static str>, pieces: &'static [&'static str]) -> Shape<'static> {
        Shape {
            keyspace,
            pieces,
            assignments: &[],
        }
    }

    const HEAD: &str = "SELECT * FROM ";
    const TAIL: &str = " WHERE k = ?";
    const OTHER_TAIL: &str = " WHERE k = ? LIMIT 1";

    #[tokio::test]
    async fn a_shape_finds_the_text_it_was_linked_to() {
        let cache = StatementCache::<String>::new(8);
        let shape = shape_of(Some("ks"), &[HEAD, TAIL]);
        assert_eq!(cache.hit_shape(shape), None);
        assert_eq!(prepare(&cache, "A").await, "prepared A");
        cache.remember_shape(shape, "A");
        assert_eq!(cache.hit_shape(shape).as_deref(), Some("prepared A"));
        // Another keyspace or other pieces are other shapes.
        let ks2 = Shape {
            keyspace: Some("ks2"),
            ..shape
        };
        let no_ks = Shape {
            keyspace: None,
            ..shape
        };
        let other = shape_of(Some("ks"), &[HEAD, OTHER_TAIL]);
        let longer = shape_of(Some("ks"), &[HEAD, TAIL, TAIL]);
        for s in [ks2, no_ks, other, longer] {
            assert_eq!(cache.hit_shape(s), None, "{s:?}");
        }
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.prepares), (1, 1, 1));
    }

    #[tokio::test]
    async fn assignments_are_part_of_the_shape() {
        use crate::query::assignment::{Assignment, Form};
        let cache = StatementCache::<String>::new(8);
        let add = [Assignment::new("tags", Form::Add)];
        let remove = [Assignment::new("tags", Form::Subtract)];
        let both = [add[0], remove[0]];
        let with = |assignments| Shape {
            assignments,
            ..shape_of(Some("ks"), &[HEAD, TAIL])
        };
        prepare(&cache, "ADD").await;
        cache.remember_shape(with(&add), "ADD");
        assert_eq!(cache.hit_shape(with(&add)).as_deref(), Some("prepared ADD"));
        for other in [&remove[..], &both[..], &[]] {
            assert_eq!(cache.hit_shape(with(other)), None, "{other:?}");
        }
    }

    #[tokio::test]
    async fn a_shape_is_not_linked_to_a_text_that_is_not_cached() {
        let cache = StatementCache::<String>::new(8);
        let shape = shape_of(None, &[HEAD]);
        cache.remember_shape(shape, "never prepared");
        assert_eq!(cache.shapes(), 0);
        assert_eq!(cache.hit_shape(shape), None);
    }

    #[tokio::test]
    async fn evicting_a_text_drops_its_shapes() {
        let cache = StatementCache::<String>::new(2);
        let a = shape_of(Some("a"), &[HEAD, TAIL]);
        let b = shape_of(Some("b"), &[HEAD, TAIL]);
        prepare(&cache, "A").await;
        cache.remember_shape(a, "A");
        prepare(&cache, "B").await;
        cache.remember_shape(b, "B");
        // A is used last through its shape, so B is the least recently used.
        assert!(cache.hit_shape(a).is_some());
        prepare(&cache, "C").await;
        let stats = cache.stats();
        assert_eq!((stats.len, stats.evictions), (2, 1));
        assert_eq!(cache.shapes(), 1);
        assert!(cache.hit_shape(a).is_some());
        assert_eq!(cache.hit_shape(b), None);
        assert_eq!(cache.hit("B"), None);
        assert_eq!(cache.hit("A").as_deref(), Some("prepared A"));
    }

    #[tokio::test]
    async fn concurrent_first_uses_prepare_once() {
        let cache = StatementCache::<String>::new(8);
        let (a, b) = tokio::join!(prepare(&cache, "X"), prepare(&cache, "X"));
        assert_eq!((a.as_str(), b.as_str()), ("prepared X", "prepared X"));
        let stats = cache.stats();
        assert_eq!((stats.prepares, stats.len), (1, 1));
    }
}
