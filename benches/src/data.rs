//! The benchmark table, its cql-orm model and raw driver row, and the data written.
//!
//! Both sides use the same rows: [`Data`] holds every row twice, once as the model and once as
//! the raw row, with equal values.

use std::collections::BTreeSet;

pub use model::{bench_row, BenchRow, BenchRowPartitionKey, BenchRowPrimaryKey};

/// The model, in a module of its own (re-exported above).
mod model {
    use std::collections::BTreeSet;

    use cql_orm::Model;

    /// The benchmark table as a cql-orm model.
    #[derive(Model, Debug, Clone, PartialEq)]
    #[cql(table = "bench_rows")]
    pub struct BenchRow {
        /// The partition key.
        #[cql(partition_key)]
        pub part: i64,
        /// The clustering key.
        #[cql(clustering_key)]
        pub seq: i32,
        /// A short text.
        pub name: String,
        /// A number.
        pub value: f64,
        /// A set of short texts (updated with `SET tags = tags + ?`).
        pub tags: BTreeSet<String>,
    }
}

/// The keyspace every benchmark works in.
pub const KEYSPACE: &str = "bench";

/// Partitions of the keyed rows (inserted, read back by key and updated).
pub const KEYED_PARTITIONS: i64 = 100;
/// Rows per keyed partition.
pub const KEYED_ROWS_PER_PARTITION: i32 = 100;
/// The first keyed partition.
pub const KEYED_BASE: i64 = 1_000;
/// The partition scanned by [`crate::Op::Scan`].
pub const SCAN_PARTITION: i64 = 1;
/// Rows of the scanned partition.
pub const SCAN_ROWS: i32 = 1_000;
/// The first partition written by batches.
pub const BATCH_BASE: i64 = 10_000;
/// Distinct batches (each into its own partition).
pub const BATCH_PARTITIONS: i64 = 16;
/// Inserts per batch.
pub const BATCH_SIZE: i32 = 100;
/// The tags added by [`crate::Op::Update`], in turn (the set stays small).
pub const UPDATE_TAGS: [&str; 4] = ["red", "green", "blue", "gold"];

/// The same table as a hand-written driver row: bound in statement order and read by
/// position (`enforce_order`, the driver's cheapest flavour).
#[derive(scylla::SerializeRow, scylla::DeserializeRow, Debug, Clone, PartialEq)]
#[scylla(flavor = "enforce_order")]
pub struct RawRow {
    /// The partition key.
    pub part: i64,
    /// The clustering key.
    pub seq: i32,
    /// A short text.
    pub name: String,
    /// A number.
    pub value: f64,
    /// A set of short texts.
    pub tags: BTreeSet<String>,
}

impl From<&BenchRow> for RawRow {
    fn from(r: &BenchRow) -> Self {
        RawRow {
            part: r.part,
            seq: r.seq,
            name: r.name.clone(),
            value: r.value,
            tags: r.tags.clone(),
        }
    }
}

impl PartialEq<RawRow> for BenchRow {
    fn eq(&self, other: &RawRow) -> bool {
        self.part == other.part
            && self.seq == other.seq
            && self.name == other.name
            && self.value == other.value
            && self.tags == other.tags
    }
}

/// The row written at `(part, seq)`.
pub fn row(part: i64, seq: i32) -> BenchRow {
    BenchRow {
        part,
        seq,
        name: format!("name-{part}-{seq}"),
        value: f64::from(seq) * 0.5,
        tags: ["alpha".to_owned(), format!("beta-{}", seq % 10)]
            .into_iter()
            .collect(),
    }
}

/// The primary key of keyed row number `k` (taken modulo the number of keyed rows).
pub fn keyed_key(k: u64) -> (i64, i32) {
    let per = KEYED_ROWS_PER_PARTITION as u64;
    let k = k % (KEYED_PARTITIONS as u64 * per);
    // Both quotients are below 10,000: the casts cannot truncate.
    (KEYED_BASE + (k / per) as i64, (k % per) as i32)
}

/// Every row the operations write, as models and as raw rows.
#[derive(Debug, Clone)]
pub struct Data {
    /// The keyed rows, in [`keyed_key`] order.
    pub keyed: Vec<BenchRow>,
    /// The keyed rows as raw rows.
    pub keyed_raw: Vec<RawRow>,
    /// The scanned partition.
    pub scan: Vec<BenchRow>,
    /// The rows of each batch.
    pub batches: Vec<Vec<BenchRow>>,
    /// The rows of each batch as raw rows.
    pub batches_raw: Vec<Vec<RawRow>>,
}

impl Data {
    /// Builds every row.
    pub fn new() -> Data {
        let n = (KEYED_PARTITIONS * i64::from(KEYED_ROWS_PER_PARTITION)) as u64;
        let keyed: Vec<BenchRow> = (0..n)
            .map(|k| {
                let (p, s) = keyed_key(k);
                row(p, s)
            })
            .collect();
        let keyed_raw = keyed.iter().map(RawRow::from).collect();
        let scan = (0..SCAN_ROWS).map(|s| row(SCAN_PARTITION, s)).collect();
        let batches: Vec<Vec<BenchRow>> = (0..BATCH_PARTITIONS)
            .map(|b| (0..BATCH_SIZE).map(|s| row(BATCH_BASE + b, s)).collect())
            .collect();
        let batches_raw = batches
            .iter()
            .map(|b| b.iter().map(RawRow::from).collect())
            .collect();
        Data {
            keyed,
            keyed_raw,
            scan,
            batches,
            batches_raw,
        }
    }

    /// The keyed row number `k` (modulo their number).
    pub fn keyed(&self, k: u64) -> (&BenchRow, &RawRow) {
        let i = (k % self.keyed.len() as u64) as usize;
        (&self.keyed[i], &self.keyed_raw[i])
    }

    /// Batch number `k` (modulo their number).
    pub fn batch(&self, k: u64) -> (&[BenchRow], &[RawRow]) {
        let i = (k % self.batches.len() as u64) as usize;
        (&self.batches[i], &self.batches_raw[i])
    }
}

impl Default for Data {
    fn default() -> Self {
        Data::new()
    }
}
