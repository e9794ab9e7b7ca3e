//! Planning an UPDATE: its assignments (every collection, counter and UDT-field operation)
//! and its rows.

use crate::cql::ast::{Assignment, Term, Update};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::super::api::ConnectionState;
use super::super::catalog::TableDef;
use super::super::lwt;
use super::super::restrictions::{analyze, WhereKind};
use super::super::terms::{eval, term_text, BindCtx, Bound};
use super::super::Node;
use super::{
    check_conditional, check_using, checked_keys, missing_clustering, only_static_ops, using,
    writable_table, Op, RowsSel, Stamps, WritePlan,
};

/// Plans `UPDATE t [USING ...] SET ... WHERE ... [IF ...]`.
pub(super) fn plan(
    node: &Node,
    conn: &ConnectionState,
    up: &Update,
    ctx: &mut BindCtx,
    stamps: &Stamps<'_>,
) -> CqlResult<WritePlan> {
    let table = writable_table(node, &up.table, conn)?;
    let (ts, ttl, explicit_ts) = using(&table, &up.using, ctx, stamps)?;
    let mut ops = Vec::new();
    for a in &up.assignments {
        plan_assignment(&table, a, ctx, &mut ops)?;
    }
    let wc = analyze(&table, &up.where_clause, WhereKind::Update, ctx)?;
    let condition = lwt::plan_condition(&table, &up.condition, ctx)?;
    check_using(&table, &up.using, &condition)?;
    let all_static = !up.assignments.is_empty() && only_static_ops(&table, &ops);
    let ck_len = table.clustering().len();
    let rows = if ck_len == 0 {
        RowsSel::Rows(vec![Vec::new()])
    } else if wc.clustering_complete {
        RowsSel::Rows(wc.clustering.explicit_keys(ck_len))
    } else if all_static && wc.clustering.is_empty() {
        RowsSel::Static
    } else {
        return Err(missing_clustering(&table, &wc.clustering));
    };
    let keys = checked_keys(&table, wc.partition, ctx)?;
    check_conditional(&condition, &keys, wc.clustering_in, "updates")?;
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

fn op_error(kind: &str, text: String, col: &str) -> CqlError {
    CqlError::invalid(format!(
        "Invalid operation ({text}) for {kind} column {col}"
    ))
}

fn assigned_column(a: &Assignment) -> &str {
    match a {
        Assignment::Set(n, _)
        | Assignment::SetElement(n, _, _)
        | Assignment::SetField(n, _, _)
        | Assignment::Add(n, _)
        | Assignment::Prepend(n, _)
        | Assignment::Subtract(n, _) => n,
    }
}

/// Turns one assignment into operations.
fn plan_assignment(
    table: &TableDef,
    a: &Assignment,
    ctx: &mut BindCtx,
    ops: &mut Vec<Op>,
) -> CqlResult<()> {
    let name = assigned_column(a);
    let i = table.existing_column(name)?;
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
        Assignment::Add(_, term) => add_or_subtract(i, name, ty, term, true, ctx, ops)?,
        Assignment::Subtract(_, term) => add_or_subtract(i, name, ty, term, false, ctx, ops)?,
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
            set_element(i, name, ty, &key.0, term, text, ctx, ops)?;
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

/// `c = c + x` / `c = c - x` on a counter or a non-frozen collection.
fn add_or_subtract(
    i: usize,
    name: &str,
    ty: &CqlType,
    term: &Term,
    add: bool,
    ctx: &mut BindCtx,
    ops: &mut Vec<Op>,
) -> CqlResult<()> {
    let text = format!(
        "{name} = {name} {} {}",
        if add { "+" } else { "-" },
        term_text(term)
    );
    if ty.is_counter() {
        match eval(term, name, ty, ctx)? {
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
        (CqlType::List { .. }, Value::List(items), true) => ops.push(Op::ListAppend(i, items)),
        (CqlType::List { .. }, Value::List(items), false) => ops.push(Op::ListRemove(i, items)),
        (CqlType::Set { .. }, Value::Set(items), true) => ops.push(Op::SetAdd(i, items)),
        (CqlType::Set { .. }, Value::Set(items), false) => ops.push(Op::SetRemove(i, items)),
        (CqlType::Map { .. }, Value::Map(entries), true) => ops.push(Op::MapPut(
            i,
            entries.into_iter().map(|(k, v)| (k, Some(v))).collect(),
        )),
        (CqlType::Map { .. }, Value::Set(keys), false) => ops.push(Op::SetRemove(i, keys)),
        (_, Value::Empty, _) => {}
        _ => return Err(op_error("collection", text, name)),
    }
    Ok(())
}

/// `l[i] = v` or `m[k] = v`.
#[allow(clippy::too_many_arguments)]
fn set_element(
    i: usize,
    name: &str,
    ty: &CqlType,
    key: &Term,
    term: &Term,
    text: String,
    ctx: &mut BindCtx,
    ops: &mut Vec<Op>,
) -> CqlResult<()> {
    if !ty.is_multi_cell() || !ty.is_collection() {
        let kind = if ty.is_collection() {
            "frozen collection"
        } else {
            "non collection"
        };
        return Err(op_error(kind, text, name));
    }
    let (kty, vty) = match ty {
        CqlType::List { elem, .. } => (CqlType::Native(NativeType::Int), (**elem).clone()),
        CqlType::Map { key, value, .. } => ((**key).clone(), (**value).clone()),
        _ => return Err(op_error("set", text, name)),
    };
    let is_list = matches!(ty, CqlType::List { .. });
    let k = match eval(key, &format!("key({name})"), &kty, ctx)? {
        Bound::Value(k) => k,
        Bound::Null if is_list => {
            return Err(CqlError::invalid("Invalid null value for list index"))
        }
        Bound::Unset if is_list => {
            return Err(CqlError::invalid("Invalid unset value for list index"))
        }
        Bound::Null => return Err(CqlError::invalid("Invalid null map key")),
        Bound::Unset => return Err(CqlError::invalid("Invalid unset map key")),
    };
    let v = eval(term, &format!("value({name})"), &vty, ctx)?;
    if v == Bound::Unset {
        return Ok(());
    }
    match k {
        Value::Int(idx) if is_list => ops.push(Op::ListSetIndex(i, idx, v.value())),
        _ if is_list => {}
        k => ops.push(Op::MapPut(i, vec![(k, v.value())])),
    }
    Ok(())
}
