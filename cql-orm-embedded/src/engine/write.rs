//! INSERT, UPDATE and DELETE: validation, planning into operations, and applying them.
//!
//! A statement is first planned ([`plan`]) into a [`WritePlan`]: its partitions, rows,
//! per-row operations, timestamp, TTL and condition. Planning does every check that needs
//! only the schema and the bound values; [`apply_all`] then checks what needs the stored
//! data (list indexes) for every plan before changing anything, and applies them.

mod apply;
mod delete;
mod insert;
mod update;

use std::sync::Arc;

use crate::cql::ast::{QualifiedName, Statement, Using};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::api::{ConnectionState, Outcome, Response};
use super::catalog::TableDef;
use super::lwt::{self, PlannedCondition};
use super::restrictions::{token_of, ClusteringFilter, PartitionSel};
use super::storage::PartitionPos;
use super::terms::{eval, BindCtx, Bound};
use super::{resolve_table, resp, Engine, Node, RequestOptions};

pub use apply::apply_all;

/// The largest TTL Cassandra accepts (20 years, in seconds).
const MAX_TTL: i64 = 630_720_000;

/// One change to a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Write the row marker (INSERT).
    Marker,
    /// Set a column (whole value; `None` deletes it).
    Set(usize, Option<Value>),
    /// Add to a counter.
    Counter(usize, i64),
    /// Append to a list.
    ListAppend(usize, Vec<Value>),
    /// Prepend to a list.
    ListPrepend(usize, Vec<Value>),
    /// `l[i] = v`: set the element at an index of a list (`None` deletes it).
    ListSetIndex(usize, i32, Option<Value>),
    /// `DELETE l[i]`: remove the element at an index of a list.
    ListDeleteIndex(usize, i32),
    /// Remove all occurrences of values from a list.
    ListRemove(usize, Vec<Value>),
    /// Add set elements.
    SetAdd(usize, Vec<Value>),
    /// Remove set elements (or map keys).
    SetRemove(usize, Vec<Value>),
    /// Put map entries (`None` deletes the key).
    MapPut(usize, Vec<(Value, Option<Value>)>),
    /// Set a field of a non-frozen UDT (`None` deletes it).
    Field(usize, usize, Option<Value>),
}

impl Op {
    /// The column (index into `TableDef::columns`) the operation changes.
    pub fn column(&self) -> Option<usize> {
        match self {
            Op::Marker => None,
            Op::Set(c, _)
            | Op::Counter(c, _)
            | Op::ListAppend(c, _)
            | Op::ListPrepend(c, _)
            | Op::ListSetIndex(c, _, _)
            | Op::ListDeleteIndex(c, _)
            | Op::ListRemove(c, _)
            | Op::SetAdd(c, _)
            | Op::SetRemove(c, _)
            | Op::MapPut(c, _)
            | Op::Field(c, _, _) => Some(*c),
        }
    }
}

/// Which rows of each partition a write touches.
#[derive(Debug, Clone, PartialEq)]
pub enum RowsSel {
    /// These full clustering keys (one empty key for tables without clustering columns).
    Rows(Vec<Vec<Value>>),
    /// Only the static row.
    Static,
    /// Delete a clustering range.
    DeleteRange(ClusteringFilter),
    /// Delete these rows.
    DeleteRows(Vec<Vec<Value>>),
    /// Delete the whole partition.
    DeletePartition,
}

/// A planned write.
#[derive(Debug, Clone)]
pub struct WritePlan {
    /// The table.
    pub table: Arc<TableDef>,
    /// Partition keys.
    pub keys: Vec<Vec<Value>>,
    /// Rows.
    pub rows: RowsSel,
    /// Operations on each row (static columns go to the static row).
    pub ops: Vec<Op>,
    /// Timestamp (µs).
    pub ts: i64,
    /// TTL in seconds (0: none).
    pub ttl: i32,
    /// The IF clause.
    pub condition: PlannedCondition,
    /// Whether the statement carried USING TIMESTAMP.
    pub explicit_ts: bool,
}

/// The serialised form of a partition key (for ordering ties and lookups).
pub fn key_bytes(table: &TableDef, key: &[Value]) -> Vec<u8> {
    let pk = table.partition_key();
    if key.len() == 1 {
        if let Some(c) = pk.first() {
            return values::serialize(&c.ty, &key[0]);
        }
    }
    let mut out = Vec::new();
    for (v, c) in key.iter().zip(pk.iter()) {
        let b = values::serialize(&c.ty, v);
        out.extend_from_slice(&(b.len() as u16).to_be_bytes());
        out.extend_from_slice(&b);
        out.push(0);
    }
    out
}

/// The storage position of a partition key.
pub fn partition_pos(table: &TableDef, key: &[Value]) -> PartitionPos {
    PartitionPos {
        token: token_of(table, key),
        bytes: key_bytes(table, key),
    }
}

/// Runs one INSERT, UPDATE or DELETE.
pub fn run_single(
    engine: &Engine,
    node: &mut Node,
    conn: &ConnectionState,
    stmt: &Statement,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
) -> CqlResult<Response> {
    let plan = plan(engine, node, conn, stmt, ctx, opts, None)?;
    if ctx.is_preparing() {
        return Ok(resp(Outcome::Void));
    }
    let plans = std::slice::from_ref(&plan);
    if plan.condition != PlannedCondition::None {
        let rows = lwt::run(engine, node, plans, false)?;
        return Ok(resp(Outcome::Rows(rows)));
    }
    apply_all(engine, node, plans)?;
    Ok(resp(Outcome::Void))
}

/// Plans a write statement.
pub fn plan(
    engine: &Engine,
    node: &Node,
    conn: &ConnectionState,
    stmt: &Statement,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
    batch_ts: Option<i64>,
) -> CqlResult<WritePlan> {
    let stamps = Stamps {
        engine,
        opts,
        batch_ts,
    };
    match stmt {
        Statement::Insert(i) => insert::plan(node, conn, i, ctx, &stamps),
        Statement::Update(u) => update::plan(node, conn, u, ctx, &stamps),
        Statement::Delete(d) => delete::plan(node, conn, d, ctx, &stamps),
        _ => Err(CqlError::invalid(
            "Only INSERT, UPDATE and DELETE are allowed here",
        )),
    }
}

/// Where a write's timestamp comes from when the statement does not give one.
struct Stamps<'a> {
    engine: &'a Engine,
    opts: &'a RequestOptions,
    batch_ts: Option<i64>,
}

impl Stamps<'_> {
    /// The batch's, the client's or a fresh server timestamp.
    fn default_ts(&self) -> i64 {
        self.batch_ts
            .or(self.opts.timestamp)
            .unwrap_or_else(|| self.engine.next_timestamp())
    }
}

/// A table that user statements may write.
fn writable_table(
    node: &Node,
    name: &QualifiedName,
    conn: &ConnectionState,
) -> CqlResult<Arc<TableDef>> {
    let t = resolve_table(node, name, conn)?;
    if t.system {
        return Err(super::ddl::not_user_modifiable(&t.keyspace));
    }
    Ok(t)
}

/// Evaluates USING TIMESTAMP / TTL: `(timestamp, ttl, whether the timestamp was given)`.
fn using(
    table: &TableDef,
    u: &Using,
    ctx: &mut BindCtx,
    stamps: &Stamps<'_>,
) -> CqlResult<(i64, i32, bool)> {
    let ts = match &u.timestamp {
        Some(t) => match eval(t, "[timestamp]", &CqlType::Native(NativeType::BigInt), ctx)? {
            Bound::Value(Value::BigInt(v)) => v,
            Bound::Value(_) => 0,
            Bound::Null => return Err(CqlError::invalid("Invalid null value of timestamp")),
            Bound::Unset => stamps.default_ts(),
        },
        None => stamps.default_ts(),
    };
    let ttl = match &u.ttl {
        Some(t) => match eval(t, "[ttl]", &CqlType::Native(NativeType::Int), ctx)? {
            Bound::Value(Value::Int(v)) => {
                if v < 0 {
                    return Err(CqlError::invalid(format!(
                        "A TTL must be greater or equal to 0, but was {v}"
                    )));
                }
                if i64::from(v) > MAX_TTL {
                    return Err(CqlError::invalid(format!(
                        "ttl is too large. requested ({v}) maximum ({MAX_TTL})"
                    )));
                }
                v
            }
            Bound::Value(_) => 0,
            Bound::Null => return Err(CqlError::invalid("Invalid null value of TTL")),
            Bound::Unset => table.options.default_time_to_live,
        },
        None => table.options.default_time_to_live,
    };
    Ok((ts, ttl, u.timestamp.is_some()))
}

/// Cassandra's `ModificationStatement.validate`: what USING may not say for conditional
/// and counter writes.
fn check_using(table: &TableDef, u: &Using, condition: &PlannedCondition) -> CqlResult<()> {
    if *condition != PlannedCondition::None && u.timestamp.is_some() {
        return Err(CqlError::invalid(
            "Cannot provide custom timestamp for conditional updates",
        ));
    }
    if table.is_counter() && u.timestamp.is_some() {
        return Err(CqlError::invalid(
            "Cannot provide custom timestamp for counter updates",
        ));
    }
    if table.is_counter() && u.ttl.is_some() {
        return Err(CqlError::invalid(
            "Cannot provide custom TTL for counter updates",
        ));
    }
    Ok(())
}

/// Cassandra's checks on a partition key's serialised form.
fn check_key(table: &TableDef, key: &[Value], ctx: &BindCtx) -> CqlResult<()> {
    if ctx.is_preparing() {
        return Ok(());
    }
    let bytes = key_bytes(table, key);
    if key.len() == 1 && bytes.is_empty() {
        return Err(CqlError::invalid("Key may not be empty"));
    }
    if bytes.len() > 65535 {
        return Err(CqlError::invalid(format!(
            "Key length of {} is longer than maximum of 65535",
            bytes.len()
        )));
    }
    Ok(())
}

/// Whether every operation writes a static column (so no clustering key is needed).
fn only_static_ops(table: &TableDef, ops: &[Op]) -> bool {
    !ops.is_empty()
        && ops.iter().all(|o| {
            o.column()
                .is_some_and(|c| table.columns[c].kind == super::catalog::ColumnKind::Static)
        })
}

/// A conditional UPDATE or DELETE (`what`: "updates" or "deletions") must address one row.
fn check_conditional(
    condition: &PlannedCondition,
    keys: &[Vec<Value>],
    clustering_in: bool,
    what: &str,
) -> CqlResult<()> {
    if *condition == PlannedCondition::None {
        return Ok(());
    }
    if keys.len() > 1 {
        return Err(CqlError::invalid(format!(
            "IN on the partition key is not supported with conditional {what}"
        )));
    }
    if clustering_in {
        return Err(CqlError::invalid(format!(
            "IN on the clustering key columns is not supported with conditional {what}"
        )));
    }
    Ok(())
}

/// The partition keys a WHERE clause names, each checked.
fn checked_keys(table: &TableDef, sel: PartitionSel, ctx: &BindCtx) -> CqlResult<Vec<Vec<Value>>> {
    let keys = match sel {
        PartitionSel::Keys(keys) => keys,
        PartitionSel::Scan { .. } => Vec::new(),
    };
    for k in &keys {
        check_key(table, k, ctx)?;
    }
    Ok(keys)
}

/// The message for a statement that leaves clustering columns unrestricted.
fn missing_clustering(table: &TableDef, filter: &ClusteringFilter) -> CqlError {
    let ck = table.clustering();
    let names: Vec<&str> = filter
        .unrestricted(ck.len())
        .into_iter()
        .map(|p| ck[p].name.as_str())
        .collect();
    CqlError::invalid(format!(
        "Some clustering keys are missing: {}",
        names.join(", ")
    ))
}
