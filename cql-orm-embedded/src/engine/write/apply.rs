//! Applying planned writes to storage, after the checks that need the stored data.

use std::cmp::Ordering;

use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::super::catalog::{ColumnKind, TableDef};
use super::super::restrictions::clustering_types;
use super::super::storage::{Cell, ColumnData, ElemKey, Marker, Row, Ttl};
use super::super::{now_seconds, Engine, Node};
use super::{partition_pos, Op, RowsSel, WritePlan};

/// Checks every plan against the data as it is (all before any is applied, as Cassandra
/// reads a statement's or batch's existing rows first), then applies them in order.
pub fn apply_all(engine: &Engine, node: &mut Node, plans: &[WritePlan]) -> CqlResult<()> {
    let now = now_seconds();
    for plan in plans {
        check_list_indexes(node, plan, now)?;
    }
    for plan in plans {
        apply(engine, node, plan, now);
    }
    Ok(())
}

/// The number of live elements of list column `col` in `row`.
fn list_len(row: Option<&Row>, col: u32, now: i64) -> usize {
    match row.and_then(|r| r.cells.get(&col)) {
        Some(ColumnData::Complex(cx)) => cx.live(now).count(),
        _ => 0,
    }
}

/// `l[i] = v` and `DELETE l[i]` need the element to exist.
fn check_list_indexes(node: &Node, plan: &WritePlan, now: i64) -> CqlResult<()> {
    let table = &plan.table;
    let types = clustering_types(table);
    for op in &plan.ops {
        let (col, idx, deleting) = match op {
            Op::ListSetIndex(c, idx, _) => (*c, *idx, false),
            Op::ListDeleteIndex(c, idx) => (*c, *idx, true),
            _ => continue,
        };
        let def = &table.columns[col];
        let data = node.data.get(&table.id);
        for key in &plan.keys {
            let part = data.and_then(|d| d.partitions.get(&partition_pos(table, key)));
            let rows: Vec<Option<&Row>> = match (&plan.rows, def.kind) {
                (_, ColumnKind::Static) | (RowsSel::Static, _) => {
                    vec![part.map(|p| &p.static_row)]
                }
                (RowsSel::Rows(cks), _) => cks
                    .iter()
                    .map(|ck| part.and_then(|p| p.find_row(ck, &types).ok().map(|i| &p.rows[i].1)))
                    .collect(),
                _ => Vec::new(),
            };
            for row in rows {
                let len = list_len(row, def.id, now);
                if len == 0 {
                    return Err(CqlError::invalid(if deleting {
                        "Attempted to delete an element from a list which is null"
                    } else {
                        "Attempted to set an element on a list which is null"
                    }));
                }
                if usize::try_from(idx).map_or(true, |i| i >= len) {
                    return Err(CqlError::invalid(format!(
                        "List index {idx} out of bound, list has size {len}"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Applies one planned write (conditions and list indexes already checked).
fn apply(engine: &Engine, node: &mut Node, plan: &WritePlan, now: i64) {
    let table = plan.table.clone();
    let types = clustering_types(&table);
    let ttl = (plan.ttl > 0).then(|| Ttl {
        ttl: plan.ttl,
        expires: now + i64::from(plan.ttl),
    });
    let writer = RowWriter {
        engine,
        table: &table,
        ts: plan.ts,
        ttl,
        now,
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
                for op in &plan.ops {
                    writer.apply_op(&mut part.static_row, op, shadow);
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
                            writer.apply_op(&mut part.static_row, op, static_shadow);
                        } else {
                            let row = part.row_mut(ck.clone(), &types);
                            writer.apply_op(row, op, shadow);
                        }
                    }
                }
                part.purge();
            }
        }
    }
}

/// The element type of a list or the value type of a map (what its cells hold).
fn elem_value_type(ty: &CqlType) -> CqlType {
    match ty {
        CqlType::List { elem, .. } => (**elem).clone(),
        CqlType::Map { value, .. } => (**value).clone(),
        _ => CqlType::Native(NativeType::Blob),
    }
}

fn live_list(row: &Row, col: u32, now: i64) -> Vec<(ElemKey, Value)> {
    match row.cells.get(&col) {
        Some(ColumnData::Complex(cx)) => cx
            .live(now)
            .filter_map(|(k, c)| c.value.clone().map(|v| (k.clone(), v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// What every operation of one write shares.
struct RowWriter<'a> {
    engine: &'a Engine,
    table: &'a TableDef,
    ts: i64,
    ttl: Option<Ttl>,
    now: i64,
}

impl RowWriter<'_> {
    fn cell(&self, value: Option<Value>) -> Cell {
        Cell {
            ts: self.ts,
            ttl: if value.is_some() { self.ttl } else { None },
            value,
        }
    }

    /// Writes the cells of a collection or UDT column, element by element.
    fn put_elements(&self, row: &mut Row, col: usize, elems: Vec<(ElemKey, Option<Value>)>) {
        let def = &self.table.columns[col];
        let vty = match &def.ty {
            CqlType::Udt { .. } => CqlType::Native(NativeType::Blob),
            other => elem_value_type(other),
        };
        if let Some(cx) = row.complex_mut(def.id) {
            for (k, v) in elems {
                let vty = match (&def.ty, &k) {
                    (CqlType::Udt { def: udt, .. }, ElemKey::Field(f)) => udt
                        .fields
                        .get(*f)
                        .map(|x| x.1.clone())
                        .unwrap_or_else(|| vty.clone()),
                    _ => vty.clone(),
                };
                cx.put(k, self.cell(v), &def.ty, &vty);
            }
        }
    }

    fn apply_op(&self, row: &mut Row, op: &Op, shadow: Option<i64>) {
        let ts = self.ts;
        let shadowed = |t: i64| shadow.is_some_and(|d| t <= d);
        if !matches!(op, Op::Marker | Op::Set(..) | Op::Counter(..)) && shadowed(ts) {
            return;
        }
        match op {
            Op::Marker => row.write_marker(Marker { ts, ttl: self.ttl }, shadow),
            Op::Set(c, v) => self.set(row, *c, v.as_ref(), shadow),
            Op::Counter(c, delta) => {
                row.add_counter(self.table.columns[*c].id, *delta, ts, shadow);
            }
            Op::ListAppend(c, items) | Op::ListPrepend(c, items) => {
                let n = items.len() as i64;
                let base = self.engine.next_seq(n);
                let append = matches!(op, Op::ListAppend(..));
                let elems = items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| {
                        let key = if append {
                            base + i as i64
                        } else {
                            -(base + n) + i as i64 - (1 << 40)
                        };
                        (ElemKey::Seq(key), Some(x.clone()))
                    })
                    .collect();
                self.put_elements(row, *c, elems);
            }
            Op::ListSetIndex(c, idx, v) => self.set_index(row, *c, *idx, v.clone()),
            Op::ListDeleteIndex(c, idx) => self.set_index(row, *c, *idx, None),
            Op::ListRemove(c, items) => {
                let vty = elem_value_type(&self.table.columns[*c].ty);
                let elems = live_list(row, self.table.columns[*c].id, self.now)
                    .into_iter()
                    .filter(|(_, v)| {
                        items
                            .iter()
                            .any(|x| values::compare(&vty, x, v) == Ordering::Equal)
                    })
                    .map(|(k, _)| (k, None))
                    .collect();
                self.put_elements(row, *c, elems);
            }
            Op::SetAdd(c, items) => {
                let elems = items
                    .iter()
                    .map(|x| (ElemKey::Value(x.clone()), Some(Value::Empty)))
                    .collect();
                self.put_elements(row, *c, elems);
            }
            Op::SetRemove(c, items) => {
                let elems = items
                    .iter()
                    .map(|x| (ElemKey::Value(x.clone()), None))
                    .collect();
                self.put_elements(row, *c, elems);
            }
            Op::MapPut(c, entries) => {
                let elems = entries
                    .iter()
                    .map(|(k, v)| (ElemKey::Value(k.clone()), v.clone()))
                    .collect();
                self.put_elements(row, *c, elems);
            }
            Op::Field(c, f, v) => self.put_elements(row, *c, vec![(ElemKey::Field(*f), v.clone())]),
        }
    }

    /// Sets a whole column: a cell, or for multi-cell columns a deletion just before the
    /// write followed by the new elements.
    fn set(&self, row: &mut Row, c: usize, v: Option<&Value>, shadow: Option<i64>) {
        let ts = self.ts;
        let shadowed = |t: i64| shadow.is_some_and(|d| t <= d);
        let def = &self.table.columns[c];
        if !def.ty.is_multi_cell() {
            row.write_cell(def.id, self.cell(v.cloned()), &def.ty, shadow);
            return;
        }
        if shadowed(ts - 1) && shadowed(ts) {
            return;
        }
        if let Some(cx) = row.complex_mut(def.id) {
            cx.delete_all(ts - 1);
        }
        let Some(v) = v else {
            return;
        };
        if shadowed(ts) {
            return;
        }
        let elems: Vec<(ElemKey, Option<Value>)> = match v {
            Value::List(items) => {
                let base = self.engine.next_seq(items.len() as i64);
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
        self.put_elements(row, c, elems);
    }

    /// Writes (or deletes) the element at a list index, when it exists.
    fn set_index(&self, row: &mut Row, c: usize, idx: i32, v: Option<Value>) {
        let live = live_list(row, self.table.columns[c].id, self.now);
        if let Some((key, _)) = usize::try_from(idx).ok().and_then(|i| live.get(i)) {
            self.put_elements(row, c, vec![(key.clone(), v)]);
        }
    }
}
