//! Evaluating the right-hand sides of WHERE relations: IN lists, tuples and tokens.

use crate::cql::ast::{InValues, Term};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::super::catalog::TableDef;
use super::super::terms::{eval, eval_required, BindCtx, Bound};
use super::token_of;

/// The values of an `IN ?` marker bound to a list.
pub(super) fn list_values(b: Bound, name: &str) -> CqlResult<Vec<Value>> {
    match b {
        Bound::Value(Value::List(v)) | Bound::Value(Value::Set(v)) => Ok(v),
        Bound::Value(_) => Ok(Vec::new()),
        Bound::Null => Err(CqlError::invalid(format!(
            "Invalid null value for column {name}"
        ))),
        Bound::Unset => Err(CqlError::invalid(format!(
            "Invalid unset value for column {name}"
        ))),
    }
}

/// The values of `col IN (...)` or `col IN ?`.
pub(super) fn in_values(
    values_: &InValues,
    name: &str,
    ty: &CqlType,
    ctx: &mut BindCtx,
) -> CqlResult<Vec<Value>> {
    match values_ {
        InValues::List(terms) => terms
            .iter()
            .map(|t| eval_required(t, name, ty, ctx))
            .collect(),
        InValues::Marker(m) => {
            let lty = CqlType::List {
                elem: Box::new(ty.clone()),
                frozen: false,
            };
            let b = ctx.marker(m.index, &format!("in({name})"), &lty)?;
            list_values(b, name)
        }
    }
}

/// The values of the tuple on the right of a multi-column relation.
pub(super) fn tuple_values(
    term: &Term,
    names: &[String],
    types: &[CqlType],
    ctx: &mut BindCtx,
) -> CqlResult<Vec<Value>> {
    match term {
        Term::Tuple(items) => {
            if items.len() != types.len() {
                return Err(CqlError::invalid(format!(
                    "Expected {} elements in value tuple, but got {}: {:?}",
                    types.len(),
                    items.len(),
                    items.len()
                )));
            }
            items
                .iter()
                .zip(names.iter().zip(types.iter()))
                .map(|(t, (n, ty))| eval_required(t, n, ty, ctx))
                .collect()
        }
        other => {
            let tty = CqlType::Tuple(types.to_vec());
            let label = format!("({})", names.join(","));
            match eval(other, &label, &tty, ctx)? {
                Bound::Value(Value::Tuple(items)) => Ok(items
                    .into_iter()
                    .map(|v| v.unwrap_or(Value::Empty))
                    .collect()),
                Bound::Value(_) => Ok(vec![Value::Empty; types.len()]),
                _ => Err(CqlError::invalid(format!(
                    "Invalid null value for column {label}"
                ))),
            }
        }
    }
}

/// The tuples of `(c1, c2) IN ?` bound to a list of tuples.
pub(super) fn tuple_list(b: Bound) -> CqlResult<Vec<Vec<Value>>> {
    Ok(list_values(b, "tuple")?
        .into_iter()
        .map(|v| match v {
            Value::Tuple(items) => items
                .into_iter()
                .map(|x| x.unwrap_or(Value::Empty))
                .collect(),
            _ => Vec::new(),
        })
        .collect())
}

/// The token on the right of `token(...) op term`: `token(values)` or a bigint.
pub(super) fn token_value(table: &TableDef, term: &Term, ctx: &mut BindCtx) -> CqlResult<i64> {
    if let Term::Function { name, args } = term {
        if name.name == "token" {
            let pk = table.partition_key();
            if args.len() != pk.len() {
                return Err(CqlError::invalid(format!(
                    "Invalid number of arguments in call to function token: {} required but {} provided",
                    pk.len(),
                    args.len()
                )));
            }
            let mut key = Vec::new();
            for (a, c) in args.iter().zip(pk.iter()) {
                key.push(eval_required(a, &c.name, &c.ty, ctx)?);
            }
            if ctx.is_preparing() {
                return Ok(0);
            }
            return Ok(token_of(table, &key));
        }
    }
    let bigint = CqlType::Native(NativeType::BigInt);
    match eval_required(term, "partition key token", &bigint, ctx)? {
        Value::BigInt(t) => Ok(t),
        _ => Ok(0),
    }
}
