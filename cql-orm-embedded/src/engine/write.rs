//! INSERT, UPDATE and DELETE: validation, planning into operations, and applying them.

use std::sync::Arc;

use crate::cql::ast::{
    Assignment, Delete, DeleteTarget, Insert, Statement, Update, Using, WriteCondition,
};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::api::{ConnectionState, Outcome, Response};
use super::catalog::{ColumnKind, TableDef};
use super::lwt::{self, PlannedCondition};
use super::restrictions::{
    analyze, clustering_types, token_of, ClusteringCond, ClusteringFilter, PartitionSel, WhereKind,
};
use super::storage::{Cell, ElemKey, Marker, PartitionPos, Row, Ttl};
use super::terms::{eval, eval_required, term_text, BindCtx, Bound};
use super::{now_seconds, resolve_table, resp, Engine, Node, RequestOptions};

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
    /// Set the element at an index of a list (`None` deletes it).
    ListSetIndex(usize, i32, Option<Value>),
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
    fn column(&self) -> Option<usize> {
        match self {
            Op::Marker => None,
            Op::Set(c, _)
            | Op::Counter(c, _)
            | Op::ListAppend(c, _)
            | Op::ListPrepend(c, _)
            | Op::ListSetIndex(c, _, _)
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
    if plan.condition != PlannedCondition::None {
        let rows = lwt::run(engine, node, std::slice::from_ref(&plan))?;
        return Ok(resp(Outcome::Rows(rows)));
    }
    apply(engine, node, &plan);
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
    match stmt {
        Statement::Insert(i) => plan_insert(engine, node, conn, i, ctx, opts, batch_ts),
        Statement::Update(u) => plan_update(engine, node, conn, u, ctx, opts, batch_ts),
        Statement::Delete(d) => plan_delete(engine, node, conn, d, ctx, opts, batch_ts),
        _ => Err(CqlError::invalid(
            "Only INSERT, UPDATE and DELETE are allowed here",
        )),
    }
}

fn writable_table(
    node: &Node,
    name: &crate::cql::ast::QualifiedName,
    conn: &ConnectionState,
) -> CqlResult<Arc<TableDef>> {
    let t = resolve_table(node, name, conn)?;
    if t.system {
        return Err(CqlError::new(
            crate::error::ErrorCode::Unauthorized,
            format!("{} keyspace is not user-modifiable.", t.keyspace),
        ));
    }
    Ok(t)
}

fn column_index(table: &TableDef, name: &str) -> CqlResult<usize> {
    table
        .columns
        .iter()
        .position(|c| c.name == name)
        .ok_or_else(|| {
            CqlError::invalid(format!(
                "Undefined column name {name} in table {}.{}",
                table.keyspace, table.name
            ))
        })
}

/// Evaluates USING TIMESTAMP / TTL.
fn using(
    engine: &Engine,
    table: &TableDef,
    u: &Using,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
    batch_ts: Option<i64>,
) -> CqlResult<(i64, i32, bool)> {
    let mut explicit = false;
    let ts = match &u.timestamp {
        Some(t) => {
            explicit = true;
            match eval(t, "[timestamp]", &CqlType::Native(NativeType::BigInt), ctx)? {
                Bound::Value(Value::BigInt(v)) => v,
                Bound::Value(_) => 0,
                Bound::Null => return Err(CqlError::invalid("Invalid null value of timestamp")),
                Bound::Unset => batch_ts
                    .or(opts.timestamp)
                    .unwrap_or_else(|| engine.next_timestamp()),
            }
        }
        None => batch_ts
            .or(opts.timestamp)
            .unwrap_or_else(|| engine.next_timestamp()),
    };
    let ttl = match &u.ttl {
        Some(t) => {
            if table.is_counter() {
                return Err(CqlError::invalid(
                    "Cannot provide custom TTL for counter updates",
                ));
            }
            match eval(t, "[ttl]", &CqlType::Native(NativeType::Int), ctx)? {
                Bound::Value(Value::Int(v)) => {
                    if v < 0 {
                        return Err(CqlError::invalid(format!(
                            "A TTL must be greater or equal to 0, but was {v}"
                        )));
                    }
                    if v as i64 > MAX_TTL {
                        return Err(CqlError::invalid(format!(
                            "ttl is too large. requested ({v}) maximum ({MAX_TTL})"
                        )));
                    }
                    v
                }
                Bound::Value(_) => 0,
                Bound::Null => return Err(CqlError::invalid("Invalid null value of TTL")),
                Bound::Unset => table.options.default_time_to_live,
            }
        }
        None => table.options.default_time_to_live,
    };
    Ok((ts, ttl, explicit))
}

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

fn plan_insert(
    engine: &Engine,
    node: &Node,
    conn: &ConnectionState,
    ins: &Insert,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
    batch_ts: Option<i64>,
) -> CqlResult<WritePlan> {
    let table = writable_table(node, &ins.table, conn)?;
    if table.is_counter() {
        return Err(CqlError::invalid(
            "INSERT statements are not allowed on counter tables, use UPDATE instead",
        ));
    }
    if ins.json.is_some() {
        return Err(CqlError::invalid("INSERT JSON is not supported"));
    }
    if ins.columns.len() != ins.values.len() {
        return Err(CqlError::invalid("Unmatched column names/values"));
    }
    let mut seen = std::collections::HashSet::new();
    let mut cols = Vec::new();
    for name in &ins.columns {
        let i = column_index(&table, name)?;
        if !seen.insert(i) {
            return Err(CqlError::invalid("The column names contains duplicates"));
        }
        cols.push(i);
    }
    let pk = table.partition_key();
    let ck = table.clustering();
    let missing_pk: Vec<&str> = pk
        .iter()
        .filter(|c| !ins.columns.contains(&c.name))
        .map(|c| c.name.as_str())
        .collect();
    if !missing_pk.is_empty() {
        return Err(CqlError::invalid(format!(
            "Some partition key parts are missing: {}",
            missing_pk.join(", ")
        )));
    }
    let missing_ck: Vec<&str> = ck
        .iter()
        .filter(|c| !ins.columns.contains(&c.name))
        .map(|c| c.name.as_str())
        .collect();
    let only_static = cols.iter().all(|i| {
        matches!(
            table.columns[*i].kind,
            ColumnKind::PartitionKey | ColumnKind::Static
        )
    }) && cols
        .iter()
        .any(|i| table.columns[*i].kind == ColumnKind::Static);
    if !(missing_ck.is_empty() || (only_static && missing_ck.len() == ck.len())) {
        return Err(CqlError::invalid(format!(
            "Some clustering keys are missing: {}",
            missing_ck.join(", ")
        )));
    }
    let mut key = vec![Value::Empty; pk.len()];
    let mut ckey = vec![Value::Empty; ck.len()];
    let mut ops = Vec::new();
    if !only_static {
        ops.push(Op::Marker);
    }
    for (i, term) in cols.iter().zip(ins.values.iter()) {
        let c = &table.columns[*i];
        match c.kind {
            ColumnKind::PartitionKey => {
                key[c.position as usize] = eval_required(term, &c.name, &c.ty, ctx)?;
            }
            ColumnKind::Clustering => {
                ckey[c.position as usize] = eval_required(term, &c.name, &c.ty, ctx)?;
            }
            _ => match eval(term, &c.name, &c.ty, ctx)? {
                Bound::Unset => {}
                Bound::Null => ops.push(Op::Set(*i, None)),
                Bound::Value(v) => ops.push(Op::Set(*i, Some(v))),
            },
        }
    }
    let (ts, ttl, explicit_ts) = using(engine, &table, &ins.using, ctx, opts, batch_ts)?;
    check_key(&table, &key, ctx)?;
    let condition = match &ins.condition {
        WriteCondition::IfNotExists => PlannedCondition::IfNotExists,
        _ => PlannedCondition::None,
    };
    Ok(WritePlan {
        rows: if only_static {
            RowsSel::Static
        } else {
            RowsSel::Rows(vec![ckey])
        },
        table,
        keys: vec![key],
        ops,
        ts,
        ttl,
        condition,
        explicit_ts,
    })
}

/// Full clustering keys from EQ/IN conditions (cartesian product in clustering order).
pub fn explicit_clustering(filter: &ClusteringFilter, n: usize) -> Vec<Vec<Value>> {
    let mut per: Vec<Vec<Value>> = vec![Vec::new(); n];
    let mut tuples: Option<(usize, Vec<Vec<Value>>)> = None;
    for c in &filter.conds {
        match c {
            ClusteringCond::Cmp { idx, value, .. } => per[*idx] = vec![value.clone()],
            ClusteringCond::In { idx, values } => per[*idx] = values.clone(),
            ClusteringCond::MultiCmp { start, values, .. } => {
                for (i, v) in values.iter().enumerate() {
                    if let Some(p) = per.get_mut(start + i) {
                        *p = vec![v.clone()];
                    }
                }
            }
            ClusteringCond::MultiIn { start, tuples: t } => tuples = Some((*start, t.clone())),
        }
    }
    let mut keys: Vec<Vec<Value>> = vec![Vec::new()];
    let mut i = 0;
    while i < n {
        if let Some((start, ts)) = &tuples {
            if *start == i {
                let width = ts.first().map(Vec::len).unwrap_or(1).max(1);
                let mut next = Vec::new();
                for k in &keys {
                    for t in ts {
                        let mut nk = k.clone();
                        nk.extend(t.iter().cloned());
                        next.push(nk);
                    }
                }
                keys = next;
                i += width;
                continue;
            }
        }
        let mut next = Vec::new();
        for k in &keys {
            for v in &per[i] {
                let mut nk = k.clone();
                nk.push(v.clone());
                next.push(nk);
            }
        }
        keys = next;
        i += 1;
    }
    keys
}

fn op_error(kind: &str, text: String, col: &str) -> CqlError {
    CqlError::invalid(format!(
        "Invalid operation ({text}) for {kind} column {col}"
    ))
}

fn element_types(ty: &CqlType) -> Option<(CqlType, CqlType)> {
    match ty {
        CqlType::List { elem, .. } => Some((CqlType::Native(NativeType::Int), (**elem).clone())),
        CqlType::Map { key, value, .. } => Some(((**key).clone(), (**value).clone())),
        _ => None,
    }
}

fn plan_assignment(
    table: &TableDef,
    a: &Assignment,
    ctx: &mut BindCtx,
    ops: &mut Vec<Op>,
) -> CqlResult<()> {
    let name = match a {
        Assignment::Set(n, _)
        | Assignment::SetElement(n, _, _)
        | Assignment::SetField(n, _, _)
        | Assignment::Add(n, _)
        | Assignment::Prepend(n, _)
        | Assignment::Subtract(n, _) => n,
    };
    let i = column_index(table, name)?;
    let c = &table.columns[i];
    if c.kind.is_primary_key() {
        return Err(CqlError::invalid(format!(
            "PRIMARY KEY part {name} found in SET part"
        )));
    }
    let ty = &c.ty;
    match a {
        Assignment::Set(_, term) => {
            if ty.is_counter() {
                return Err(CqlError::invalid(format!(
                    "Cannot set the value of counter column {name} (counters can only be incremented/decremented, not set)"
                )));
            }
            match eval(term, name, ty, ctx)? {
                Bound::Unset => {}
                Bound::Null => ops.push(Op::Set(i, None)),
                Bound::Value(v) => ops.push(Op::Set(i, Some(v))),
            }
        }
        Assignment::Add(_, term) | Assignment::Subtract(_, term) => {
            let add = matches!(a, Assignment::Add(..));
            let text = format!(
                "{name} = {name} {} {}",
                if add { "+" } else { "-" },
                term_text(term)
            );
            if ty.is_counter() {
                let b = eval(term, name, ty, ctx)?;
                match b {
                    Bound::Value(Value::BigInt(n)) | Bound::Value(Value::Counter(n)) => {
                        ops.push(Op::Counter(i, if add { n } else { n.wrapping_neg() }))
                    }
                    Bound::Value(_) | Bound::Unset => {}
                    Bound::Null => {
                        return Err(CqlError::invalid(
                            "Invalid null value for counter increment",
                        ))
                    }
                }
                return Ok(());
            }
            if !ty.is_collection() {
                return Err(op_error("non counter", text, name));
            }
            if !ty.is_multi_cell() {
                return Err(op_error("frozen collection", text, name));
            }
            // Removing from a map takes the set of keys to remove (`m = m - {'a', 'b'}`).
            let rhs_ty = match (ty, add) {
                (CqlType::Map { key, .. }, false) => CqlType::Set {
                    elem: key.clone(),
                    frozen: false,
                },
                _ => ty.clone(),
            };
            let Bound::Value(v) = eval(term, name, &rhs_ty, ctx)? else {
                return Ok(());
            };
            match (ty, v, add) {
                (CqlType::List { .. }, Value::List(items), true) => {
                    ops.push(Op::ListAppend(i, items))
                }
                (CqlType::List { .. }, Value::List(items), false) => {
                    ops.push(Op::ListRemove(i, items))
                }
                (CqlType::Set { .. }, Value::Set(items), true) => ops.push(Op::SetAdd(i, items)),
                (CqlType::Set { .. }, Value::Set(items), false) => {
                    ops.push(Op::SetRemove(i, items))
                }
                (CqlType::Map { .. }, Value::Map(entries), true) => ops.push(Op::MapPut(
                    i,
                    entries.into_iter().map(|(k, v)| (k, Some(v))).collect(),
                )),
                (CqlType::Map { .. }, Value::Set(keys), false) => ops.push(Op::SetRemove(i, keys)),
                (_, Value::Empty, _) => {}
                _ => return Err(op_error("collection", text, name)),
            }
        }
        Assignment::Prepend(_, term) => {
            let text = format!("{name} = {} + {name}", term_text(term));
            match ty {
                CqlType::List { frozen: false, .. } => {
                    if let Bound::Value(Value::List(items)) = eval(term, name, ty, ctx)? {
                        ops.push(Op::ListPrepend(i, items));
                    }
                }
                CqlType::List { .. } => return Err(op_error("frozen collection", text, name)),
                _ => return Err(op_error("non list", text, name)),
            }
        }
        Assignment::SetElement(_, key, term) => {
            let text = format!("{name}[{}] = {}", term_text(&key.0), term_text(term));
            if !ty.is_multi_cell() || !ty.is_collection() {
                let kind = if ty.is_collection() {
                    "frozen collection"
                } else {
                    "non collection"
                };
                return Err(op_error(kind, text, name));
            }
            let Some((kty, vty)) = element_types(ty) else {
                return Err(op_error("set", text, name));
            };
            let k = eval_required(&key.0, &format!("key({name})"), &kty, ctx)?;
            let v = eval(term, &format!("value({name})"), &vty, ctx)?;
            if v == Bound::Unset {
                return Ok(());
            }
            match (ty, k) {
                (CqlType::List { .. }, Value::Int(idx)) => {
                    ops.push(Op::ListSetIndex(i, idx, v.value()))
                }
                (CqlType::List { .. }, _) => {}
                (_, k) => ops.push(Op::MapPut(i, vec![(k, v.value())])),
            }
        }
        Assignment::SetField(_, field, term) => {
            let text = format!("{name}.{field} = {}", term_text(term));
            let CqlType::Udt { def, frozen } = ty else {
                return Err(op_error("non-UDT", text, name));
            };
            if *frozen {
                return Err(op_error("frozen UDT", text, name));
            }
            let Some(f) = def.fields.iter().position(|(n, _)| n == field) else {
                return Err(CqlError::invalid(format!(
                    "UDT column {name} does not have a field named {field}"
                )));
            };
            let v = eval(term, &format!("{name}.{field}"), &def.fields[f].1, ctx)?;
            if v != Bound::Unset {
                ops.push(Op::Field(i, f, v.value()));
            }
        }
    }
    Ok(())
}

fn missing_clustering(table: &TableDef, filter: &ClusteringFilter) -> Vec<String> {
    let ck = table.clustering();
    let mut restricted = vec![false; ck.len()];
    for c in &filter.conds {
        match c {
            ClusteringCond::Cmp { idx, .. } | ClusteringCond::In { idx, .. } => {
                restricted[*idx] = true
            }
            ClusteringCond::MultiCmp { start, values, .. } => {
                for r in restricted.iter_mut().skip(*start).take(values.len()) {
                    *r = true;
                }
            }
            ClusteringCond::MultiIn { start, tuples } => {
                let w = tuples.first().map(Vec::len).unwrap_or(0);
                for r in restricted.iter_mut().skip(*start).take(w) {
                    *r = true;
                }
            }
        }
    }
    ck.iter()
        .zip(restricted)
        .filter(|(_, r)| !r)
        .map(|(c, _)| c.name.clone())
        .collect()
}

fn keys_of(sel: PartitionSel) -> Vec<Vec<Value>> {
    match sel {
        PartitionSel::Keys(k) => k,
        PartitionSel::Scan { .. } => Vec::new(),
    }
}

fn plan_update(
    engine: &Engine,
    node: &Node,
    conn: &ConnectionState,
    up: &Update,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
    batch_ts: Option<i64>,
) -> CqlResult<WritePlan> {
    let table = writable_table(node, &up.table, conn)?;
    let (ts, ttl, explicit_ts) = using(engine, &table, &up.using, ctx, opts, batch_ts)?;
    let mut ops = Vec::new();
    for a in &up.assignments {
        plan_assignment(&table, a, ctx, &mut ops)?;
    }
    let wc = analyze(&table, &up.where_clause, WhereKind::Update, ctx)?;
    let condition = lwt::plan_condition(&table, &up.condition, ctx)?;
    let all_static = !up.assignments.is_empty()
        && ops.iter().all(|o| {
            o.column()
                .is_some_and(|c| table.columns[c].kind == ColumnKind::Static)
        });
    let ck_len = table.clustering().len();
    let rows = if ck_len == 0 {
        RowsSel::Rows(vec![Vec::new()])
    } else if wc.clustering_complete {
        RowsSel::Rows(explicit_clustering(&wc.clustering, ck_len))
    } else if all_static && wc.clustering.is_empty() {
        RowsSel::Static
    } else {
        return Err(CqlError::invalid(format!(
            "Some clustering keys are missing: {}",
            missing_clustering(&table, &wc.clustering).join(", ")
        )));
    };
    let keys = keys_of(wc.partition);
    for k in &keys {
        check_key(&table, k, ctx)?;
    }
    if condition != lwt::PlannedCondition::None && keys.len() > 1 {
        return Err(CqlError::invalid(
            "IN on the partition key is not supported with conditional updates",
        ));
    }
    Ok(WritePlan {
        table,
        keys,
        rows,
        ops,
        ts,
        ttl,
        condition,
        explicit_ts,
    })
}

fn plan_delete(
    engine: &Engine,
    node: &Node,
    conn: &ConnectionState,
    del: &Delete,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
    batch_ts: Option<i64>,
) -> CqlResult<WritePlan> {
    let table = writable_table(node, &del.table, conn)?;
    let (ts, _, explicit_ts) = using(engine, &table, &del.using, ctx, opts, batch_ts)?;
    let mut ops = Vec::new();
    for t in &del.targets {
        match t {
            DeleteTarget::Column(name) => {
                let i = column_index(&table, name)?;
                if table.columns[i].kind.is_primary_key() {
                    return Err(CqlError::invalid(format!(
                        "Invalid identifier {name} for deletion (should not be a PRIMARY KEY part)"
                    )));
                }
                ops.push(Op::Set(i, None));
            }
            DeleteTarget::Element(name, key) => {
                let i = column_index(&table, name)?;
                let ty = &table.columns[i].ty;
                if !ty.is_multi_cell() || !ty.is_collection() {
                    return Err(CqlError::invalid(format!(
                        "Invalid deletion operation for frozen collection column {name}"
                    )));
                }
                match ty {
                    CqlType::List { .. } => {
                        let k = eval_required(
                            key,
                            &format!("key({name})"),
                            &CqlType::Native(NativeType::Int),
                            ctx,
                        )?;
                        if let Value::Int(idx) = k {
                            ops.push(Op::ListSetIndex(i, idx, None));
                        }
                    }
                    CqlType::Map { key: kt, .. } => {
                        let k = eval_required(key, &format!("key({name})"), kt, ctx)?;
                        ops.push(Op::MapPut(i, vec![(k, None)]));
                    }
                    CqlType::Set { elem, .. } => {
                        let k = eval_required(key, name, elem, ctx)?;
                        ops.push(Op::SetRemove(i, vec![k]));
                    }
                    _ => {}
                }
            }
            DeleteTarget::Field(name, field) => {
                let i = column_index(&table, name)?;
                let CqlType::Udt { def, frozen } = &table.columns[i].ty else {
                    return Err(CqlError::invalid(format!(
                        "Invalid deletion operation for non-UDT column {name}"
                    )));
                };
                if *frozen {
                    return Err(CqlError::invalid(format!(
                        "Frozen UDT column {name} does not support field deletion"
                    )));
                }
                let Some(f) = def.fields.iter().position(|(n, _)| n == field) else {
                    return Err(CqlError::invalid(format!(
                        "UDT column {name} does not have a field named {field}"
                    )));
                };
                ops.push(Op::Field(i, f, None));
            }
        }
    }
    let wc = analyze(&table, &del.where_clause, WhereKind::Delete, ctx)?;
    let condition = lwt::plan_condition(&table, &del.condition, ctx)?;
    let ck_len = table.clustering().len();
    let all_static = !ops.is_empty()
        && ops.iter().all(|o| {
            o.column()
                .is_some_and(|c| table.columns[c].kind == ColumnKind::Static)
        });
    let rows = if ops.is_empty() {
        if ck_len == 0 {
            RowsSel::DeletePartition
        } else if wc.clustering_complete {
            RowsSel::DeleteRows(explicit_clustering(&wc.clustering, ck_len))
        } else if wc.clustering.is_empty() {
            RowsSel::DeletePartition
        } else {
            if condition != PlannedCondition::None {
                return Err(CqlError::invalid(
                    "DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions",
                ));
            }
            RowsSel::DeleteRange(wc.clustering.clone())
        }
    } else if ck_len == 0 {
        RowsSel::Rows(vec![Vec::new()])
    } else if wc.clustering_complete {
        RowsSel::Rows(explicit_clustering(&wc.clustering, ck_len))
    } else if all_static && wc.clustering.is_empty() {
        RowsSel::Static
    } else if wc.clustering.is_empty() {
        return Err(CqlError::invalid(format!(
            "Some clustering keys are missing: {}",
            missing_clustering(&table, &wc.clustering).join(", ")
        )));
    } else {
        return Err(CqlError::invalid(
            "Range deletions are not supported for specific columns",
        ));
    };
    let keys = keys_of(wc.partition);
    for k in &keys {
        check_key(&table, k, ctx)?;
    }
    Ok(WritePlan {
        table,
        keys,
        rows,
        ops,
        ts,
        ttl: 0,
        condition,
        explicit_ts,
    })
}

/// Applies a planned write (conditions already checked).
pub fn apply(engine: &Engine, node: &mut Node, plan: &WritePlan) {
    let table = plan.table.clone();
    let types = clustering_types(&table);
    let now = now_seconds();
    let ttl = if plan.ttl > 0 {
        Some(Ttl {
            ttl: plan.ttl,
            expires: now + plan.ttl as i64,
        })
    } else {
        None
    };
    for key in &plan.keys {
        let pos = partition_pos(&table, key);
        let data = node.table_data(table.id);
        let part = data.partitions.entry(pos).or_default();
        if part.key.is_empty() {
            part.key = key.clone();
        }
        match &plan.rows {
            RowsSel::DeletePartition => part.delete(plan.ts),
            RowsSel::DeleteRange(f) => part.delete_range(f.clone(), plan.ts, &types),
            RowsSel::DeleteRows(cks) => {
                for ck in cks {
                    part.row_mut(ck.clone(), &types).delete(plan.ts);
                }
                part.purge();
            }
            RowsSel::Static => {
                let shadow = part.deleted_at;
                let row = &mut part.static_row;
                for op in &plan.ops {
                    apply_op(engine, &table, row, op, plan.ts, ttl, shadow, now);
                }
            }
            RowsSel::Rows(cks) => {
                for ck in cks {
                    let shadow = part.shadow_for(ck, &types);
                    let static_shadow = part.deleted_at;
                    for op in &plan.ops {
                        let is_static = op
                            .column()
                            .is_some_and(|c| table.columns[c].kind == ColumnKind::Static);
                        if is_static {
                            apply_op(
                                engine,
                                &table,
                                &mut part.static_row,
                                op,
                                plan.ts,
                                ttl,
                                static_shadow,
                                now,
                            );
                        } else {
                            let row = part.row_mut(ck.clone(), &types);
                            apply_op(engine, &table, row, op, plan.ts, ttl, shadow, now);
                        }
                    }
                }
                part.purge();
            }
        }
    }
}

fn elem_value_type(ty: &CqlType) -> CqlType {
    match ty {
        CqlType::List { elem, .. } => (**elem).clone(),
        CqlType::Map { value, .. } => (**value).clone(),
        _ => CqlType::Native(NativeType::Blob),
    }
}

fn live_list(row: &Row, col: u32, now: i64) -> Vec<(ElemKey, Value)> {
    match row.cells.get(&col) {
        Some(super::storage::ColumnData::Complex(cx)) => cx
            .live(now)
            .filter_map(|(k, c)| c.value.clone().map(|v| (k.clone(), v)))
            .collect(),
        _ => Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_op(
    engine: &Engine,
    table: &TableDef,
    row: &mut Row,
    op: &Op,
    ts: i64,
    ttl: Option<Ttl>,
    shadow: Option<i64>,
    now: i64,
) {
    let shadowed = |t: i64| shadow.is_some_and(|d| t <= d);
    let cell = |value: Option<Value>| Cell {
        ts,
        ttl: if value.is_some() { ttl } else { None },
        value,
    };
    match op {
        Op::Marker => row.write_marker(Marker { ts, ttl }, shadow),
        Op::Set(c, v) => {
            let col = &table.columns[*c];
            if col.ty.is_multi_cell() {
                if shadowed(ts - 1) && shadowed(ts) {
                    return;
                }
                let Some(cx) = row.complex_mut(col.id) else {
                    return;
                };
                cx.delete_all(ts - 1);
                if let Some(v) = v {
                    let vty = elem_value_type(&col.ty);
                    let items: Vec<(ElemKey, Option<Value>)> = match v {
                        Value::List(items) => {
                            let base = engine.next_seq(items.len() as i64);
                            items
                                .iter()
                                .enumerate()
                                .map(|(i, x)| (ElemKey::Seq(base + i as i64), Some(x.clone())))
                                .collect()
                        }
                        Value::Set(items) => items
                            .iter()
                            .map(|x| (ElemKey::Value(x.clone()), Some(Value::Empty)))
                            .collect(),
                        Value::Map(entries) => entries
                            .iter()
                            .map(|(k, x)| (ElemKey::Value(k.clone()), Some(x.clone())))
                            .collect(),
                        Value::Udt(fields) => fields
                            .iter()
                            .enumerate()
                            .filter(|(_, f)| f.is_some())
                            .map(|(i, f)| (ElemKey::Field(i), f.clone()))
                            .collect(),
                        _ => Vec::new(),
                    };
                    if shadowed(ts) {
                        return;
                    }
                    for (k, x) in items {
                        cx.put(k, cell(x), &col.ty, &vty);
                    }
                }
            } else {
                row.write_cell(col.id, cell(v.clone()), &col.ty, shadow);
            }
        }
        Op::Counter(c, delta) => {
            let col = &table.columns[*c];
            row.add_counter(col.id, *delta, ts, shadow);
        }
        Op::ListAppend(c, items) | Op::ListPrepend(c, items) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let vty = elem_value_type(&col.ty);
            let n = items.len() as i64;
            let base = engine.next_seq(n);
            let Some(cx) = row.complex_mut(col.id) else {
                return;
            };
            for (i, x) in items.iter().enumerate() {
                let key = if matches!(op, Op::ListAppend(..)) {
                    base + i as i64
                } else {
                    -(base + n) + i as i64 - (1 << 40)
                };
                cx.put(ElemKey::Seq(key), cell(Some(x.clone())), &col.ty, &vty);
            }
        }
        Op::ListSetIndex(c, idx, v) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let vty = elem_value_type(&col.ty);
            let live = live_list(row, col.id, now);
            let Some((key, _)) = usize::try_from(*idx).ok().and_then(|i| live.get(i)) else {
                return;
            };
            let key = key.clone();
            if let Some(cx) = row.complex_mut(col.id) {
                cx.put(key, cell(v.clone()), &col.ty, &vty);
            }
        }
        Op::ListRemove(c, items) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let vty = elem_value_type(&col.ty);
            let live = live_list(row, col.id, now);
            if let Some(cx) = row.complex_mut(col.id) {
                for (k, v) in live {
                    if items
                        .iter()
                        .any(|x| values::compare(&vty, x, &v) == std::cmp::Ordering::Equal)
                    {
                        cx.put(k, cell(None), &col.ty, &vty);
                    }
                }
            }
        }
        Op::SetAdd(c, items) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let vty = elem_value_type(&col.ty);
            if let Some(cx) = row.complex_mut(col.id) {
                for x in items {
                    cx.put(
                        ElemKey::Value(x.clone()),
                        cell(Some(Value::Empty)),
                        &col.ty,
                        &vty,
                    );
                }
            }
        }
        Op::SetRemove(c, items) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let vty = elem_value_type(&col.ty);
            if let Some(cx) = row.complex_mut(col.id) {
                for x in items {
                    cx.put(ElemKey::Value(x.clone()), cell(None), &col.ty, &vty);
                }
            }
        }
        Op::MapPut(c, entries) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let vty = elem_value_type(&col.ty);
            if let Some(cx) = row.complex_mut(col.id) {
                for (k, v) in entries {
                    cx.put(ElemKey::Value(k.clone()), cell(v.clone()), &col.ty, &vty);
                }
            }
        }
        Op::Field(c, f, v) => {
            if shadowed(ts) {
                return;
            }
            let col = &table.columns[*c];
            let fty = match &col.ty {
                CqlType::Udt { def, .. } => def
                    .fields
                    .get(*f)
                    .map(|x| x.1.clone())
                    .unwrap_or(CqlType::Native(NativeType::Blob)),
                other => other.clone(),
            };
            if let Some(cx) = row.complex_mut(col.id) {
                cx.put(ElemKey::Field(*f), cell(v.clone()), &col.ty, &fty);
            }
        }
    }
}
