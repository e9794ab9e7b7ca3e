//! Planning a DELETE: whole partitions, rows, clustering ranges, columns and elements.

use crate::cql::ast::{Delete, DeleteTarget};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::super::api::ConnectionState;
use super::super::catalog::TableDef;
use super::super::lwt::{self, PlannedCondition};
use super::super::restrictions::{analyze, WhereKind};
use super::super::terms::{eval, BindCtx, Bound};
use super::super::Node;
use super::{
    check_conditional, check_using, checked_keys, missing_clustering, only_static_ops, using,
    writable_table, Op, RowsSel, Stamps, WritePlan,
};

/// Plans `DELETE [targets] FROM t [USING TIMESTAMP] WHERE ... [IF ...]`.
pub(super) fn plan(
    node: &Node,
    conn: &ConnectionState,
    del: &Delete,
    ctx: &mut BindCtx,
    stamps: &Stamps<'_>,
) -> CqlResult<WritePlan> {
    let table = writable_table(node, &del.table, conn)?;
    let (ts, _, explicit_ts) = using(&table, &del.using, ctx, stamps)?;
    let mut ops = Vec::new();
    for t in &del.targets {
        target_op(&table, t, ctx, &mut ops)?;
    }
    let wc = analyze(&table, &del.where_clause, WhereKind::Delete, ctx)?;
    let condition = lwt::plan_condition(&table, &del.condition, ctx)?;
    check_using(&table, &del.using, &condition)?;
    let ck_len = table.clustering().len();
    let all_static = only_static_ops(&table, &ops);
    let rows = if ops.is_empty() {
        if ck_len == 0 || wc.clustering.is_empty() {
            RowsSel::DeletePartition
        } else if wc.clustering_complete {
            RowsSel::DeleteRows(wc.clustering.explicit_keys(ck_len))
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
        RowsSel::Rows(wc.clustering.explicit_keys(ck_len))
    } else if all_static && wc.clustering.is_empty() {
        RowsSel::Static
    } else if wc.clustering.is_empty() {
        return Err(missing_clustering(&table, &wc.clustering));
    } else {
        return Err(CqlError::invalid(
            "Range deletions are not supported for specific columns",
        ));
    };
    let keys = checked_keys(&table, wc.partition, ctx)?;
    check_conditional(&condition, &keys, wc.clustering_in, "deletions")?;
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

/// The operation of one deletion target: a column, a collection element or a UDT field.
fn target_op(
    table: &TableDef,
    target: &DeleteTarget,
    ctx: &mut BindCtx,
    ops: &mut Vec<Op>,
) -> CqlResult<()> {
    match target {
        DeleteTarget::Column(name) => {
            let i = table.existing_column(name)?;
            if table.columns[i].kind.is_primary_key() {
                return Err(CqlError::invalid(format!(
                    "Invalid identifier {name} for deletion (should not be a PRIMARY KEY part)"
                )));
            }
            ops.push(Op::Set(i, None));
        }
        DeleteTarget::Element(name, key) => {
            let i = table.existing_column(name)?;
            let ty = &table.columns[i].ty;
            if !ty.is_collection() {
                return Err(CqlError::invalid(format!(
                    "Invalid deletion operation for non collection column {name}"
                )));
            }
            if !ty.is_multi_cell() {
                return Err(CqlError::invalid(format!(
                    "Invalid deletion operation for frozen collection column {name}"
                )));
            }
            let (key_ty, null_message, unset_message) = match ty {
                CqlType::List { .. } => (
                    CqlType::Native(NativeType::Int),
                    "Invalid null value for list index",
                    None,
                ),
                CqlType::Map { key, .. } => (
                    (**key).clone(),
                    "Invalid null map key",
                    Some("Invalid unset map key"),
                ),
                CqlType::Set { elem, .. } => ((**elem).clone(), "Invalid null set element", None),
                _ => return Ok(()),
            };
            let label = match ty {
                CqlType::Set { .. } => name.clone(),
                _ => format!("key({name})"),
            };
            let k = match eval(key, &label, &key_ty, ctx)? {
                Bound::Value(k) => k,
                Bound::Null => return Err(CqlError::invalid(null_message)),
                // An unset list index or set element leaves the column alone.
                Bound::Unset => match unset_message {
                    Some(m) => return Err(CqlError::invalid(m)),
                    None => return Ok(()),
                },
            };
            match (ty, k) {
                (CqlType::List { .. }, Value::Int(idx)) => ops.push(Op::ListDeleteIndex(i, idx)),
                (CqlType::List { .. }, _) => {}
                (CqlType::Map { .. }, k) => ops.push(Op::MapPut(i, vec![(k, None)])),
                (_, k) => ops.push(Op::SetRemove(i, vec![k])),
            }
        }
        DeleteTarget::Field(name, field) => {
            let i = table.existing_column(name)?;
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
    Ok(())
}
