//! Planning an INSERT.

use std::collections::HashSet;

use crate::cql::ast::{Insert, WriteCondition};
use crate::error::{CqlError, CqlResult};
use crate::value::Value;

use super::super::api::ConnectionState;
use super::super::catalog::ColumnKind;
use super::super::lwt::PlannedCondition;
use super::super::terms::{eval, eval_required, BindCtx, Bound};
use super::super::Node;
use super::{check_key, check_using, using, writable_table, Op, RowsSel, Stamps, WritePlan};

/// Plans `INSERT INTO t (cols) VALUES (...) [IF NOT EXISTS] [USING ...]`.
pub(super) fn plan(
    node: &Node,
    conn: &ConnectionState,
    ins: &Insert,
    ctx: &mut BindCtx,
    stamps: &Stamps<'_>,
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
    let mut seen = HashSet::new();
    let mut cols = Vec::new();
    for name in &ins.columns {
        let i = table.existing_column(name)?;
        if !seen.insert(i) {
            return Err(CqlError::invalid("The column names contains duplicates"));
        }
        cols.push(i);
    }
    let pk = table.partition_key();
    let ck = table.clustering();
    let missing = |keys: &[&crate::engine::catalog::ColumnDef]| -> Vec<String> {
        keys.iter()
            .filter(|c| !ins.columns.contains(&c.name))
            .map(|c| c.name.clone())
            .collect()
    };
    let missing_pk = missing(&pk);
    if !missing_pk.is_empty() {
        return Err(CqlError::invalid(format!(
            "Some partition key parts are missing: {}",
            missing_pk.join(", ")
        )));
    }
    let missing_ck = missing(&ck);
    let kind_of = |i: &usize| table.columns[*i].kind;
    let only_static = cols
        .iter()
        .all(|i| matches!(kind_of(i), ColumnKind::PartitionKey | ColumnKind::Static))
        && cols.iter().any(|i| kind_of(i) == ColumnKind::Static);
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
    let (ts, ttl, explicit_ts) = using(&table, &ins.using, ctx, stamps)?;
    check_key(&table, &key, ctx)?;
    let condition = match &ins.condition {
        WriteCondition::IfNotExists => PlannedCondition::IfNotExists,
        _ => PlannedCondition::None,
    };
    check_using(&table, &ins.using, &condition)?;
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
