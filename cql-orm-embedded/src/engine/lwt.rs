//! Lightweight transactions: IF NOT EXISTS, IF EXISTS and IF conditions, with the
//! `[applied]` result shapes Cassandra returns. The engine's write lock serialises them.

use std::cmp::Ordering;

use crate::cql::ast::{Condition, ConditionTarget, InValues, Operator, WriteCondition};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::api::{ColumnSpec, RowSet};
use super::catalog::{ColumnKind, TableDef};
use super::read::{view, RowView};
use super::restrictions::{clustering_types, op_holds, op_text};
use super::storage::compare_clustering;
use super::terms::{eval, BindCtx, Bound};
use super::write::{apply_all, partition_pos, RowsSel, WritePlan};
use super::{now_seconds, Engine, Node};

/// What an element condition addresses.
#[derive(Debug, Clone, PartialEq)]
pub enum CondTarget {
    /// The whole column.
    Column,
    /// A list index or map key.
    Element(Value),
    /// A UDT field.
    Field(usize),
}

/// One evaluated IF condition.
#[derive(Debug, Clone, PartialEq)]
pub struct CondCheck {
    /// Column index.
    pub col: usize,
    /// What part of the column.
    pub target: CondTarget,
    /// Operator (`Eq` for IN).
    pub op: Operator,
    /// Values compared with (several for IN).
    pub values: Vec<Option<Value>>,
    /// Whether this is an IN condition.
    pub is_in: bool,
}

/// The IF clause of a planned write.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PlannedCondition {
    /// No condition.
    #[default]
    None,
    /// IF NOT EXISTS.
    IfNotExists,
    /// IF EXISTS.
    IfExists,
    /// IF conditions.
    Conditions(Vec<CondCheck>),
}

/// Validates and evaluates an IF clause.
pub fn plan_condition(
    table: &TableDef,
    cond: &WriteCondition,
    ctx: &mut BindCtx,
) -> CqlResult<PlannedCondition> {
    Ok(match cond {
        WriteCondition::None => PlannedCondition::None,
        WriteCondition::IfNotExists => PlannedCondition::IfNotExists,
        WriteCondition::IfExists => PlannedCondition::IfExists,
        WriteCondition::Conditions(conds) => {
            let mut out = Vec::new();
            for c in conds {
                out.push(plan_one(table, c, ctx)?);
            }
            PlannedCondition::Conditions(out)
        }
    })
}

fn plan_one(table: &TableDef, c: &Condition, ctx: &mut BindCtx) -> CqlResult<CondCheck> {
    let target = match c {
        Condition::Compare { target, .. } | Condition::In { target, .. } => target,
    };
    let name = match target {
        ConditionTarget::Column(n)
        | ConditionTarget::Element(n, _)
        | ConditionTarget::Field(n, _) => n,
    };
    let col = table.existing_column(name)?;
    let def = &table.columns[col];
    if def.kind.is_primary_key() {
        return Err(CqlError::invalid(format!(
            "PRIMARY KEY column '{name}' cannot have IF conditions"
        )));
    }
    if def.ty.is_counter() {
        return Err(CqlError::invalid(
            "Conditions on counters are not supported",
        ));
    }
    let (ctarget, vty) = match target {
        ConditionTarget::Column(_) => (CondTarget::Column, def.ty.clone()),
        ConditionTarget::Element(_, key) => match &def.ty {
            CqlType::List { elem, .. } => {
                let k = eval(&key.0, name, &CqlType::Native(NativeType::Int), ctx)?;
                (
                    CondTarget::Element(k.value().unwrap_or(Value::Empty)),
                    (**elem).clone(),
                )
            }
            CqlType::Map { key: kt, value, .. } => {
                let k = eval(&key.0, name, kt, ctx)?;
                (
                    CondTarget::Element(k.value().unwrap_or(Value::Empty)),
                    (**value).clone(),
                )
            }
            _ => {
                return Err(CqlError::invalid(format!(
                    "Invalid element access syntax for non-collection column {name}"
                )))
            }
        },
        ConditionTarget::Field(_, f) => match &def.ty {
            CqlType::Udt { def: udt, .. } => {
                let i = udt.fields.iter().position(|(n, _)| n == f).ok_or_else(|| {
                    CqlError::invalid(format!("Unknown field {f} for column {name}"))
                })?;
                (CondTarget::Field(i), udt.fields[i].1.clone())
            }
            _ => {
                return Err(CqlError::invalid(format!(
                    "Invalid field selection: {name} is not a user type"
                )))
            }
        },
    };
    let vty = super::catalog::frozen(&vty);
    Ok(match c {
        Condition::Compare { op, value, .. } => CondCheck {
            col,
            target: ctarget,
            op: *op,
            values: vec![bound_opt(eval(value, name, &vty, ctx)?)],
            is_in: false,
        },
        Condition::In { values: inv, .. } => {
            let vals = match inv {
                InValues::List(items) => items
                    .iter()
                    .map(|t| Ok(bound_opt(eval(t, name, &vty, ctx)?)))
                    .collect::<CqlResult<Vec<_>>>()?,
                InValues::Marker(m) => {
                    let lty = CqlType::List {
                        elem: Box::new(vty.clone()),
                        frozen: false,
                    };
                    match ctx.marker(m.index, &format!("in({name})"), &lty)? {
                        Bound::Value(Value::List(items)) => items.into_iter().map(Some).collect(),
                        _ => Vec::new(),
                    }
                }
            };
            CondCheck {
                col,
                target: ctarget,
                op: Operator::Eq,
                values: vals,
                is_in: true,
            }
        }
    })
}

fn bound_opt(b: Bound) -> Option<Value> {
    b.value()
}

fn current_of(check: &CondCheck, table: &TableDef, row: &RowView) -> (CqlType, Option<Value>) {
    let def = &table.columns[check.col];
    let v = row.values.get(check.col).cloned().flatten();
    match (&check.target, &def.ty) {
        (CondTarget::Column, ty) => (ty.clone(), v),
        (CondTarget::Element(k), CqlType::List { elem, .. }) => {
            let idx = match k {
                Value::Int(i) => *i as usize,
                _ => usize::MAX,
            };
            let item = match v {
                Some(Value::List(items)) => items.get(idx).cloned(),
                _ => None,
            };
            ((**elem).clone(), item)
        }
        (CondTarget::Element(k), CqlType::Map { key, value, .. }) => {
            let item = match v {
                Some(Value::Map(entries)) => entries
                    .into_iter()
                    .find(|(ek, _)| values::compare(key, ek, k) == Ordering::Equal)
                    .map(|(_, v)| v),
                _ => None,
            };
            ((**value).clone(), item)
        }
        (CondTarget::Field(i), CqlType::Udt { def: udt, .. }) => {
            let item = match v {
                Some(Value::Udt(fields)) => fields.get(*i).cloned().flatten(),
                _ => None,
            };
            (
                udt.fields
                    .get(*i)
                    .map(|f| f.1.clone())
                    .unwrap_or(CqlType::Native(NativeType::Blob)),
                item,
            )
        }
        (_, ty) => (ty.clone(), None),
    }
}

/// Whether a condition holds on the current row. A null in the condition can only be
/// compared with `=` and `!=`, as in Cassandra's `ColumnCondition`.
fn holds(check: &CondCheck, table: &TableDef, row: &RowView) -> CqlResult<bool> {
    let (ty, cur) = current_of(check, table, row);
    let test = |expected: &Option<Value>, op: Operator| -> CqlResult<bool> {
        Ok(match (&cur, expected) {
            (_, None) if !matches!(op, Operator::Eq | Operator::Neq) => {
                return Err(CqlError::invalid(format!(
                    "Invalid comparison with null for operator \"{}\"",
                    op_text(op)
                )))
            }
            (None, None) => op == Operator::Eq,
            (None, Some(_)) | (Some(_), None) => op == Operator::Neq,
            (Some(a), Some(b)) => op_holds(op, values::compare(&ty, a, b)),
        })
    };
    if check.is_in {
        for v in &check.values {
            if test(v, Operator::Eq)? {
                return Ok(true);
            }
        }
        Ok(false)
    } else {
        match check.values.first() {
            Some(v) => test(v, check.op),
            None => Ok(false),
        }
    }
}

/// The current row a conditional write addresses (None when it does not exist).
fn current_row(node: &Node, plan: &WritePlan, now: i64) -> Option<(RowView, bool)> {
    let table = &plan.table;
    let key = plan.keys.first()?;
    let data = node.data.get(&table.id)?;
    let part = data.partitions.get(&partition_pos(table, key))?;
    match &plan.rows {
        RowsSel::Rows(cks) | RowsSel::DeleteRows(cks) => {
            let ck = cks.first()?;
            let types = clustering_types(table);
            match part.find_row(ck, &types) {
                Ok(i) => {
                    let row = &part.rows[i].1;
                    let live = row.is_live(now);
                    let v = view(table, &part.key, ck, &part.static_row, Some(row), now);
                    Some((v, live))
                }
                Err(_) => {
                    let live = part.static_row.has_live_cells(now);
                    if !live {
                        return None;
                    }
                    let v = view(table, &part.key, ck, &part.static_row, None, now);
                    Some((v, false))
                }
            }
        }
        _ => {
            // Without clustering columns the partition is one row (with an empty clustering
            // key): a whole-partition conditional delete checks that row.
            let types = clustering_types(table);
            if types.is_empty() {
                if let Ok(i) = part.find_row(&[], &types) {
                    let row = &part.rows[i].1;
                    let live = row.is_live(now);
                    let v = view(table, &part.key, &[], &part.static_row, Some(row), now);
                    return Some((v, live));
                }
            }
            let live = part.static_row.has_live_cells(now);
            let v = view(table, &part.key, &[], &part.static_row, None, now);
            Some((v, live))
        }
    }
}

fn applied_column(table: &TableDef) -> ColumnSpec {
    ColumnSpec {
        keyspace: table.keyspace.clone(),
        table: table.name.clone(),
        name: "[applied]".into(),
        ty: CqlType::Native(NativeType::Boolean),
    }
}

fn spec(table: &TableDef, col: usize) -> ColumnSpec {
    ColumnSpec {
        keyspace: table.keyspace.clone(),
        table: table.name.clone(),
        name: table.columns[col].name.clone(),
        ty: table.columns[col].ty.clone(),
    }
}

fn cell(ty: &CqlType, v: &Option<Value>) -> Option<Vec<u8>> {
    v.as_ref().map(|v| values::serialize(ty, v))
}

fn star_indexes(table: &TableDef) -> Vec<usize> {
    table
        .star_columns()
        .iter()
        .filter_map(|c| table.columns.iter().position(|x| x.name == c.name))
        .collect()
}

/// The columns of a failed conditional write's result: all of them (in `SELECT *` order)
/// as soon as one statement is `IF [NOT] EXISTS`, otherwise the condition columns in IF order
/// (regular before static), after the primary key for batches.
fn failure_columns(table: &TableDef, plans: &[WritePlan], is_batch: bool) -> Vec<usize> {
    let exists_check = plans.iter().any(|p| {
        matches!(
            p.condition,
            PlannedCondition::IfNotExists | PlannedCondition::IfExists
        )
    });
    if exists_check {
        return star_indexes(table);
    }
    let mut cols: Vec<usize> = Vec::new();
    let mut push = |c: usize| {
        if !cols.contains(&c) {
            cols.push(c);
        }
    };
    if is_batch {
        let key_columns = table.partition_key().into_iter().chain(table.clustering());
        for c in key_columns {
            if let Some(i) = table.columns.iter().position(|x| x.name == c.name) {
                push(i);
            }
        }
    }
    for p in plans {
        if let PlannedCondition::Conditions(checks) = &p.condition {
            let is_static = |c: &&CondCheck| table.columns[c.col].kind == ColumnKind::Static;
            let regular = checks.iter().filter(|c| !is_static(c));
            for c in regular.chain(checks.iter().filter(is_static)) {
                push(c.col);
            }
        }
    }
    cols
}

/// Checks the conditions of the plans (one statement, or a conditional batch on one
/// partition); applies every plan when they all hold. Returns the `[applied]` rows.
pub fn run(
    engine: &Engine,
    node: &mut Node,
    plans: &[WritePlan],
    is_batch: bool,
) -> CqlResult<RowSet> {
    let now = now_seconds();
    let Some(first) = plans.first() else {
        return Err(CqlError::invalid("Empty conditional batch"));
    };
    let table = first.table.clone();
    let mut ok = true;
    let mut existing: Vec<RowView> = Vec::new();
    for p in plans {
        if p.condition == PlannedCondition::None {
            continue;
        }
        let cur = current_row(node, p, now);
        let exists = cur.as_ref().is_some_and(|(_, live)| *live);
        let pass = match &p.condition {
            PlannedCondition::None => true,
            PlannedCondition::IfNotExists => !exists,
            PlannedCondition::IfExists => exists,
            PlannedCondition::Conditions(checks) => {
                let empty = RowView {
                    values: vec![None; p.table.columns.len()],
                    writetimes: Vec::new(),
                    ttls: Vec::new(),
                };
                let row = cur.as_ref().map(|(v, _)| v).unwrap_or(&empty);
                let mut all = true;
                for c in checks {
                    all &= holds(c, &p.table, row)?;
                }
                all
            }
        };
        ok &= pass;
        if let Some((v, true)) = cur {
            existing.push(v);
        }
    }
    let mut columns = vec![applied_column(&table)];
    if ok {
        apply_all(engine, node, plans)?;
        return Ok(RowSet {
            columns,
            rows: vec![vec![Some(vec![1])]],
            paging_state: None,
        });
    }
    // The rows read for the conditions, each once, in clustering order.
    let ck_cols: Vec<usize> = table
        .clustering()
        .iter()
        .filter_map(|c| table.columns.iter().position(|x| x.name == c.name))
        .collect();
    let ck_of = |v: &RowView| -> Vec<Value> {
        ck_cols
            .iter()
            .map(|c| v.values[*c].clone().unwrap_or(Value::Empty))
            .collect()
    };
    let types = clustering_types(&table);
    existing.sort_by(|a, b| compare_clustering(&ck_of(a), &ck_of(b), &types));
    existing.dedup_by(|a, b| compare_clustering(&ck_of(a), &ck_of(b), &types) == Ordering::Equal);
    if !is_batch {
        existing.truncate(1);
    }
    let cols = failure_columns(&table, plans, is_batch);
    let mut rows = Vec::new();
    if !cols.is_empty() {
        for v in &existing {
            let mut r = vec![Some(vec![0])];
            r.extend(
                cols.iter()
                    .map(|c| cell(&table.columns[*c].ty, &v.values[*c])),
            );
            rows.push(r);
        }
    }
    if rows.is_empty() {
        rows.push(vec![Some(vec![0])]);
    } else {
        columns.extend(cols.iter().map(|c| spec(&table, *c)));
    }
    Ok(RowSet {
        columns,
        rows,
        paging_state: None,
    })
}
