//! Driver batches built once and reused while their statements and options stay the same.
//!
//! A batch of a hundred inserts of one model is a hundred copies of one prepared statement:
//! building the driver's [`Batch`] clones each of them. The session keeps the built batches of
//! recent shapes (kind, options, and the statement texts as runs of repeats), so that a batch
//! of a shape seen before costs one lookup.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use foldhash::fast::RandomState;
use parking_lot::Mutex;
use scylla::statement::batch::{Batch, BatchType};

use super::StatementOptions;

/// The texts of a batch's statements, each with how many times it repeats in a row.
pub(crate) type Runs<'a> = [(&'a str, u32)];

/// How a batch was built: everything that decides the driver's [`Batch`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct BatchShape<'a> {
    pub(crate) kind: BatchType,
    pub(crate) idempotent: bool,
    pub(crate) opts: &'a StatementOptions,
    pub(crate) runs: &'a Runs<'a>,
}

fn kind_code(kind: BatchType) -> u8 {
    match kind {
        BatchType::Logged => 0,
        BatchType::Unlogged => 1,
        BatchType::Counter => 2,
    }
}

fn hash_shape<'a, H: Hasher>(
    kind: BatchType,
    idempotent: bool,
    runs: impl Iterator<Item = (&'a str, u32)>,
    h: &mut H,
) {
    h.write_u8(kind_code(kind));
    h.write_u8(u8::from(idempotent));
    for (text, count) in runs {
        h.write(text.as_bytes());
        h.write_u32(count);
    }
}

impl Hash for BatchShape<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_shape(self.kind, self.idempotent, self.runs.iter().copied(), h);
    }
}

/// A [`BatchShape`] kept as a map key.
#[derive(Debug)]
struct Key {
    kind: BatchType,
    idempotent: bool,
    opts: StatementOptions,
    runs: Box<[(Arc<str>, u32)]>,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let runs = self.runs.iter().map(|(t, n)| (&**t, *n));
        hash_shape(self.kind, self.idempotent, runs, h);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        kind_code(self.kind) == kind_code(other.kind)
            && self.idempotent == other.idempotent
            && self.opts == other.opts
            && self.runs == other.runs
    }
}

impl Eq for Key {}

impl hashbrown::Equivalent<Key> for BatchShape<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        kind_code(self.kind) == kind_code(key.kind)
            && self.idempotent == key.idempotent
            && *self.opts == key.opts
            && self.runs.len() == key.runs.len()
            && self
                .runs
                .iter()
                .zip(key.runs.iter())
                .all(|((t, n), (kt, kn))| n == kn && *t == &**kt)
    }
}

struct Entry {
    batch: Arc<Batch>,
    last_used: u64,
}

/// The session's built batches (least recently used dropped beyond capacity).
pub(crate) struct BatchCache {
    capacity: usize,
    map: Mutex<(hashbrown::HashMap<Key, Entry, RandomState>, u64)>,
}

impl BatchCache {
    pub(crate) fn new(capacity: usize) -> Self {
        BatchCache {
            capacity: capacity.max(1),
            map: Mutex::new((hashbrown::HashMap::with_hasher(RandomState::default()), 0)),
        }
    }

    /// The batch built for `shape`, if it is kept.
    pub(crate) fn get(&self, shape: &BatchShape<'_>) -> Option<Arc<Batch>> {
        let mut guard = self.map.lock();
        let (map, tick) = &mut *guard;
        let entry = map.get_mut(shape)?;
        *tick += 1;
        entry.last_used = *tick;
        Some(Arc::clone(&entry.batch))
    }

    /// Keeps `batch` as the one built for `shape`.
    pub(crate) fn insert(&self, shape: &BatchShape<'_>, batch: Arc<Batch>) {
        let mut guard = self.map.lock();
        let (map, tick) = &mut *guard;
        *tick += 1;
        if map.len() >= self.capacity && !map.contains_key(shape) {
            // Ticks are unique: this drops exactly the least recently used batch.
            if let Some(oldest) = map.values().map(|e| e.last_used).min() {
                map.retain(|_, e| e.last_used != oldest);
            }
        }
        let key = Key {
            kind: shape.kind,
            idempotent: shape.idempotent,
            opts: shape.opts.clone(),
            runs: shape
                .runs
                .iter()
                .map(|(t, n)| (Arc::from(*t), *n))
                .collect(),
        };
        map.insert(
            key,
            Entry {
                batch,
                last_used: *tick,
            },
        );
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.lock().0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<'a>(opts: &'a StatementOptions, runs: &'a Runs<'a>) -> BatchShape<'a> {
        BatchShape {
            kind: BatchType::Unlogged,
            idempotent: true,
            opts,
            runs,
        }
    }

    #[test]
    fn a_batch_is_found_by_kind_options_and_runs() {
        let cache = BatchCache::new(4);
        let opts = StatementOptions::default();
        let runs_a: Vec<(&str, u32)> = vec![("INSERT a", 100)];
        let a = shape(&opts, &runs_a);
        assert!(cache.get(&a).is_none());
        cache.insert(&a, Arc::new(Batch::new(BatchType::Unlogged)));
        assert!(cache.get(&a).is_some());

        let fewer: Vec<(&str, u32)> = vec![("INSERT a", 99)];
        let other_text: Vec<(&str, u32)> = vec![("INSERT b", 100)];
        let strong = StatementOptions {
            consistency: Some(scylla::statement::Consistency::All),
            ..StatementOptions::default()
        };
        let logged = BatchShape {
            kind: BatchType::Logged,
            ..a
        };
        let not_idempotent = BatchShape {
            idempotent: false,
            ..a
        };
        for s in [
            shape(&opts, &fewer),
            shape(&opts, &other_text),
            shape(&strong, &runs_a),
            logged,
            not_idempotent,
        ] {
            assert!(cache.get(&s).is_none(), "{s:?}");
        }
    }

    #[test]
    fn the_least_recently_used_batch_goes_first() {
        let cache = BatchCache::new(2);
        let opts = StatementOptions::default();
        let (r1, r2, r3) = (vec![("one", 1)], vec![("two", 1)], vec![("three", 1)]);
        let (s1, s2, s3) = (shape(&opts, &r1), shape(&opts, &r2), shape(&opts, &r3));
        let batch = || Arc::new(Batch::new(BatchType::Unlogged));
        cache.insert(&s1, batch());
        cache.insert(&s2, batch());
        assert!(cache.get(&s1).is_some());
        cache.insert(&s3, batch());
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&s1).is_some());
        assert!(cache.get(&s2).is_none());
        assert!(cache.get(&s3).is_some());
    }
}
