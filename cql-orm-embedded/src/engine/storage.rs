//! In-memory storage: partitions in token order, rows in clustering order, cells with write
//! timestamps, TTLs and tombstones, reconciled last-write-wins as Cassandra does.
//!
//! Deletions are applied eagerly (shadowed data is removed at once) and remembered as
//! tombstone timestamps, so a later write with an older timestamp is dropped on arrival and
//! reads only need to check expiry.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::types::CqlType;
use crate::value::Value;
use crate::values;

use super::restrictions::ClusteringFilter;

/// A TTL on a cell or row marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ttl {
    /// The TTL in seconds as written.
    pub ttl: i32,
    /// When it expires (seconds since the epoch).
    pub expires: i64,
}

/// One cell: a value (or a tombstone when `value` is `None`) with its timestamp and TTL.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Write timestamp (µs).
    pub ts: i64,
    /// TTL, if any.
    pub ttl: Option<Ttl>,
    /// The value; `None` is a cell tombstone.
    pub value: Option<Value>,
}

impl Cell {
    /// Whether the cell holds a value at `now` (seconds).
    pub fn is_live(&self, now: i64) -> bool {
        self.value.is_some() && self.ttl.is_none_or(|t| t.expires > now)
    }
}

/// The path of an element of a multi-cell column.
#[derive(Debug, Clone, PartialEq)]
pub enum ElemKey {
    /// A set element or map key.
    Value(Value),
    /// A list element's position key.
    Seq(i64),
    /// A UDT field index.
    Field(usize),
}

/// A multi-cell (non-frozen collection or UDT) column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Complex {
    /// Timestamp of the last whole-column deletion.
    pub deleted_at: Option<i64>,
    /// Elements sorted by key.
    pub cells: Vec<(ElemKey, Cell)>,
}

/// The data of one column in a row.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// A single-cell value.
    Simple(Cell),
    /// A multi-cell value.
    Complex(Complex),
}

/// Row liveness info (the row marker written by INSERT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Timestamp.
    pub ts: i64,
    /// TTL.
    pub ttl: Option<Ttl>,
}

/// A row (or a partition's static row).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The row marker.
    pub marker: Option<Marker>,
    /// Timestamp of the last row deletion.
    pub deleted_at: Option<i64>,
    /// Cells by column id.
    pub cells: BTreeMap<u32, ColumnData>,
}

/// A range tombstone over clustering keys.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeTombstone {
    /// Which clustering keys it covers.
    pub filter: ClusteringFilter,
    /// Its timestamp.
    pub ts: i64,
}

/// A partition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Partition {
    /// The partition key component values.
    pub key: Vec<Value>,
    /// Timestamp of the last partition deletion.
    pub deleted_at: Option<i64>,
    /// Static cells.
    pub static_row: Row,
    /// Rows sorted by clustering key.
    pub rows: Vec<(Vec<Value>, Row)>,
    /// Range tombstones.
    pub range_tombstones: Vec<RangeTombstone>,
}

/// A partition's position: token, then serialised key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartitionPos {
    /// Murmur3 token.
    pub token: i64,
    /// The serialised partition key.
    pub bytes: Vec<u8>,
}

/// All data of a table.
#[derive(Debug, Clone, Default)]
pub struct TableData {
    /// Partitions in token order.
    pub partitions: BTreeMap<PartitionPos, Partition>,
}

/// Clustering column types with their direction (true = DESC).
pub type ClusteringTypes = [(CqlType, bool)];

/// Compares two clustering keys (or prefixes: the shorter one sorts first on a tie).
pub fn compare_clustering(a: &[Value], b: &[Value], types: &ClusteringTypes) -> Ordering {
    for ((x, y), (ty, desc)) in a.iter().zip(b.iter()).zip(types.iter()) {
        let o = values::compare(ty, x, y);
        let o = if *desc { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// Cassandra's reconciliation of two cells: true when `new` wins over `old`.
pub fn wins(new: &Cell, old: &Cell, ty: &CqlType) -> bool {
    match new.ts.cmp(&old.ts) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => match (&new.value, &old.value) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => {
                let ea = new.ttl.map(|t| t.expires).unwrap_or(i64::MAX);
                let eb = old.ttl.map(|t| t.expires).unwrap_or(i64::MAX);
                if ea != eb {
                    return ea < eb;
                }
                values::serialize(ty, a) >= values::serialize(ty, b)
            }
        },
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Complex {
    /// Index of `key` among the elements.
    fn find(&self, key: &ElemKey, ty: &CqlType) -> Result<usize, usize> {
        self.cells
            .binary_search_by(|(k, _)| compare_elem_keys(k, key, ty))
    }

    /// Writes one element, reconciling with what is there.
    pub fn put(&mut self, key: ElemKey, cell: Cell, ty: &CqlType, value_ty: &CqlType) {
        if self.deleted_at.is_some_and(|d| cell.ts <= d) {
            return;
        }
        match self.find(&key, ty) {
            Ok(i) => {
                if wins(&cell, &self.cells[i].1, value_ty) {
                    self.cells[i].1 = cell;
                }
            }
            Err(i) => self.cells.insert(i, (key, cell)),
        }
    }

    /// Deletes the whole column at `ts`.
    pub fn delete_all(&mut self, ts: i64) {
        self.deleted_at = max_opt(self.deleted_at, Some(ts));
        self.cells.retain(|(_, c)| c.ts > ts);
    }

    /// Live elements at `now`.
    pub fn live(&self, now: i64) -> impl Iterator<Item = (&ElemKey, &Cell)> {
        self.cells
            .iter()
            .filter(move |(_, c)| c.is_live(now))
            .map(|(k, c)| (k, c))
    }
}

/// Orders element keys of a collection of type `ty`.
pub fn compare_elem_keys(a: &ElemKey, b: &ElemKey, ty: &CqlType) -> Ordering {
    match (a, b) {
        (ElemKey::Seq(x), ElemKey::Seq(y)) => x.cmp(y),
        (ElemKey::Field(x), ElemKey::Field(y)) => x.cmp(y),
        (ElemKey::Value(x), ElemKey::Value(y)) => {
            let key_ty = match ty {
                CqlType::Set { elem, .. } => elem.as_ref(),
                CqlType::Map { key, .. } => key.as_ref(),
                other => other,
            };
            values::compare(key_ty, x, y)
        }
        (ElemKey::Seq(_), _) => Ordering::Less,
        (_, ElemKey::Seq(_)) => Ordering::Greater,
        (ElemKey::Field(_), _) => Ordering::Less,
        (_, ElemKey::Field(_)) => Ordering::Greater,
    }
}

impl Row {
    /// Whether the row has a live marker or a live cell at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        if self
            .marker
            .is_some_and(|m| m.ttl.is_none_or(|t| t.expires > now))
        {
            return true;
        }
        self.has_live_cells(now)
    }

    /// Whether any cell is live at `now`.
    pub fn has_live_cells(&self, now: i64) -> bool {
        self.cells.values().any(|d| match d {
            ColumnData::Simple(c) => c.is_live(now),
            ColumnData::Complex(cx) => cx.live(now).next().is_some(),
        })
    }

    /// Writes the row marker.
    pub fn write_marker(&mut self, marker: Marker, shadow: Option<i64>) {
        let shadow = max_opt(shadow, self.deleted_at);
        if shadow.is_some_and(|d| marker.ts <= d) {
            return;
        }
        match &self.marker {
            Some(m) if m.ts > marker.ts => {}
            _ => self.marker = Some(marker),
        }
    }

    /// Writes a simple cell with last-write-wins.
    pub fn write_cell(&mut self, col: u32, cell: Cell, ty: &CqlType, shadow: Option<i64>) {
        let shadow = max_opt(shadow, self.deleted_at);
        if shadow.is_some_and(|d| cell.ts <= d) {
            return;
        }
        match self.cells.get_mut(&col) {
            Some(ColumnData::Simple(old)) => {
                if wins(&cell, old, ty) {
                    *old = cell;
                }
            }
            _ => {
                self.cells.insert(col, ColumnData::Simple(cell));
            }
        }
    }

    /// Adds a counter delta.
    pub fn add_counter(&mut self, col: u32, delta: i64, ts: i64, shadow: Option<i64>) {
        let shadow = max_opt(shadow, self.deleted_at);
        if shadow.is_some_and(|d| ts <= d) {
            return;
        }
        let current = match self.cells.get(&col) {
            Some(ColumnData::Simple(Cell {
                value: Some(Value::Counter(n)),
                ts: old_ts,
                ..
            })) => Some((*n, *old_ts)),
            _ => None,
        };
        let (sum, ts) = match current {
            Some((n, old_ts)) => (n.wrapping_add(delta), ts.max(old_ts)),
            None => (delta, ts),
        };
        self.cells.insert(
            col,
            ColumnData::Simple(Cell {
                ts,
                ttl: None,
                value: Some(Value::Counter(sum)),
            }),
        );
    }

    /// The multi-cell column `col`, created when missing (`None` never happens in practice:
    /// a simple cell in its place is replaced).
    pub fn complex_mut(&mut self, col: u32) -> Option<&mut Complex> {
        if !matches!(self.cells.get(&col), Some(ColumnData::Complex(_))) {
            self.cells.insert(
                col,
                ColumnData::Complex(Complex {
                    deleted_at: self.deleted_at,
                    cells: Vec::new(),
                }),
            );
        }
        match self.cells.get_mut(&col) {
            Some(ColumnData::Complex(c)) => Some(c),
            _ => None,
        }
    }

    /// Deletes the row at `ts`.
    pub fn delete(&mut self, ts: i64) {
        self.deleted_at = max_opt(self.deleted_at, Some(ts));
        if self.marker.is_some_and(|m| m.ts <= ts) {
            self.marker = None;
        }
        self.cells.retain(|_, d| match d {
            ColumnData::Simple(c) => c.ts > ts,
            ColumnData::Complex(cx) => {
                cx.delete_all(ts);
                true
            }
        });
    }

    /// Removes every trace of a column (ALTER TABLE DROP).
    pub fn drop_column(&mut self, col: u32) {
        self.cells.remove(&col);
    }
}

impl Partition {
    /// Index of the row with this clustering key.
    pub fn find_row(&self, ck: &[Value], types: &ClusteringTypes) -> Result<usize, usize> {
        self.rows
            .binary_search_by(|(k, _)| compare_clustering(k, ck, types))
    }

    /// The row with this clustering key, created when missing.
    pub fn row_mut(&mut self, ck: Vec<Value>, types: &ClusteringTypes) -> &mut Row {
        let i = match self.find_row(&ck, types) {
            Ok(i) => i,
            Err(i) => {
                self.rows.insert(i, (ck, Row::default()));
                i
            }
        };
        &mut self.rows[i].1
    }

    /// The tombstone timestamp covering the row `ck` (partition and range deletions).
    pub fn shadow_for(&self, ck: &[Value], types: &ClusteringTypes) -> Option<i64> {
        let mut shadow = self.deleted_at;
        for rt in &self.range_tombstones {
            if rt.filter.matches(ck, types) {
                shadow = max_opt(shadow, Some(rt.ts));
            }
        }
        shadow
    }

    /// Deletes the whole partition at `ts`.
    pub fn delete(&mut self, ts: i64) {
        self.deleted_at = max_opt(self.deleted_at, Some(ts));
        self.static_row.delete(ts);
        for (_, row) in &mut self.rows {
            row.delete(ts);
        }
        self.purge();
    }

    /// Deletes a clustering range at `ts`.
    pub fn delete_range(&mut self, filter: ClusteringFilter, ts: i64, types: &ClusteringTypes) {
        for (ck, row) in &mut self.rows {
            if filter.matches(ck, types) {
                row.delete(ts);
            }
        }
        self.range_tombstones.push(RangeTombstone { filter, ts });
        self.purge();
    }

    /// Drops rows that hold nothing any more (tombstone timestamps stay on the partition).
    pub fn purge(&mut self) {
        self.rows
            .retain(|(_, r)| r.marker.is_some() || !r.cells.is_empty() || r.deleted_at.is_some());
    }

    /// Whether the partition has any live row or static cell at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        self.static_row.has_live_cells(now) || self.rows.iter().any(|(_, r)| r.is_live(now))
    }
}
