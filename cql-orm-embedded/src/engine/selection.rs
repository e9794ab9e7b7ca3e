//! The SELECT clause: selectors resolved against a table, their result metadata and their
//! evaluation on materialised rows, including aggregates.

use std::cmp::Ordering;

use crate::cql::ast::{Literal, Selection, Selector, Term};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;
use crate::values::functions::{
    count_rows, is_aggregate, lookup_aggregate, lookup_cast, lookup_scalar_described, Accumulator,
    AggregateFn, ArgType, ScalarFn,
};

use super::catalog::{ColumnKind, TableDef};
use super::read::RowView;
use super::restrictions::token_of;
use super::terms::{eval, term_text, BindCtx};

/// A resolved selector.
#[derive(Debug, Clone, PartialEq)]
pub enum Sel {
    /// A column (index into `TableDef::columns`).
    Column(usize),
    /// `writetime(c)`
    WriteTime(usize),
    /// `ttl(c)`
    Ttl(usize),
    /// `token(pk...)`
    Token,
    /// A scalar function over its arguments.
    Func(ScalarFn, Vec<Sel>),
    /// `CAST(x AS t)`
    Cast(Box<Sel>, ScalarFn),
    /// `m[key]` / `l[index]`
    Element(Box<Sel>, CqlType, Value),
    /// `m[a..b]` / `s[a..b]`
    Slice(Box<Sel>, CqlType, Option<Value>, Option<Value>),
    /// `u.field`
    Field(Box<Sel>, usize),
    /// A constant.
    Const(Option<Value>),
    /// `COUNT(*)`
    CountStar,
    /// An aggregate over a selector.
    Agg(AggregateFn, Box<Sel>),
}

impl Sel {
    /// Whether the selector aggregates rows.
    pub fn is_aggregate(&self) -> bool {
        matches!(self, Sel::CountStar | Sel::Agg(..))
    }
}

/// A resolved selection.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedSelection {
    /// Selectors with their output name and type.
    pub items: Vec<(Sel, String, CqlType)>,
    /// Whether the query aggregates.
    pub aggregate: bool,
}

/// Resolves the SELECT clause.
pub fn resolve(
    table: &TableDef,
    selection: &Selection,
    ctx: &mut BindCtx,
) -> CqlResult<ResolvedSelection> {
    let items = match selection {
        Selection::Star => table
            .star_columns()
            .iter()
            .map(|c| {
                let i = table.existing_column(&c.name)?;
                Ok((Sel::Column(i), c.name.clone(), c.ty.clone()))
            })
            .collect::<CqlResult<Vec<_>>>()?,
        Selection::List(list) => {
            let mut out = Vec::new();
            for (s, alias) in list {
                let (sel, name, ty) = resolve_one(table, s, ctx)?;
                out.push((sel, alias.clone().unwrap_or(name), ty));
            }
            out
        }
    };
    let aggregate = items.iter().any(|(s, _, _)| s.is_aggregate());
    Ok(ResolvedSelection { items, aggregate })
}

fn resolve_one(
    table: &TableDef,
    s: &Selector,
    ctx: &mut BindCtx,
) -> CqlResult<(Sel, String, CqlType)> {
    let bigint = CqlType::Native(NativeType::BigInt);
    Ok(match s {
        Selector::Column(name) => {
            let i = table.existing_column(name)?;
            (Sel::Column(i), name.clone(), table.columns[i].ty.clone())
        }
        Selector::CountStar => (Sel::CountStar, "count".into(), bigint),
        Selector::WriteTime(name) | Selector::Ttl(name) => {
            let wt = matches!(s, Selector::WriteTime(_));
            let fname = if wt { "writeTime" } else { "ttl" };
            let i = table.existing_column(name)?;
            let c = &table.columns[i];
            if c.kind.is_primary_key() {
                return Err(CqlError::invalid(format!(
                    "Cannot use selection function {fname} on PRIMARY KEY part {name}"
                )));
            }
            // Frozen collections too, as Cassandra 4.0 checks `isCollection()`.
            if c.ty.is_collection() || c.ty.is_multi_cell() {
                return Err(CqlError::invalid(format!(
                    "Cannot use selection function {fname} on collections"
                )));
            }
            if wt {
                (Sel::WriteTime(i), format!("writetime({name})"), bigint)
            } else {
                (
                    Sel::Ttl(i),
                    format!("ttl({name})"),
                    CqlType::Native(NativeType::Int),
                )
            }
        }
        Selector::Function { name, args } => resolve_function(table, &name.name, args, ctx)?,
        Selector::Cast(inner, to) => {
            let (sel, n, ty) = resolve_one(table, inner, ctx)?;
            if ty == CqlType::Native(*to) {
                // A cast to the selector's own type is the selector itself.
                return Ok((sel, n, ty));
            }
            let f = lookup_cast(&ty, *to, &n)?;
            let name = f.column_name(&[n.as_str()]);
            let ret = f.return_type().clone();
            (Sel::Cast(Box::new(sel), f), name, ret)
        }
        Selector::Element(inner, key) => {
            let (sel, n, ty) = resolve_one(table, inner, ctx)?;
            let (kty, vty) = match &ty {
                CqlType::Map { key, value, .. } => ((**key).clone(), (**value).clone()),
                CqlType::List { .. } => {
                    return Err(CqlError::invalid(format!(
                        "Element selection is only allowed on sets and maps, but {n} is a list"
                    )))
                }
                CqlType::Set { elem, .. } => ((**elem).clone(), (**elem).clone()),
                _ => {
                    return Err(CqlError::invalid(format!(
                        "Invalid element selection: {n} is of type {} is not a collection",
                        values::type_to_schema_string(&ty)
                    )))
                }
            };
            let k = eval(key, &n, &kty, ctx)?.value().unwrap_or(Value::Empty);
            (
                Sel::Element(Box::new(sel), ty.clone(), k),
                format!("{n}[{}]", term_text(key)),
                vty,
            )
        }
        Selector::Slice(inner, from, to) => {
            let (sel, n, ty) = resolve_one(table, inner, ctx)?;
            let kty = match &ty {
                CqlType::Map { key, .. } => (**key).clone(),
                CqlType::Set { elem, .. } => (**elem).clone(),
                _ => {
                    return Err(CqlError::invalid(format!(
                        "Invalid slice selection: {n} of type {} is not a set or map",
                        values::type_to_schema_string(&ty)
                    )))
                }
            };
            let f = match from {
                Some(t) => eval(t, &n, &kty, ctx)?.value(),
                None => None,
            };
            let e = match to {
                Some(t) => eval(t, &n, &kty, ctx)?.value(),
                None => None,
            };
            let name = format!(
                "{n}[{}..{}]",
                from.as_ref().map(term_text).unwrap_or_default(),
                to.as_ref().map(term_text).unwrap_or_default()
            );
            (Sel::Slice(Box::new(sel), ty.clone(), f, e), name, ty)
        }
        Selector::Field(inner, field) => {
            let (sel, n, ty) = resolve_one(table, inner, ctx)?;
            let CqlType::Udt { def, .. } = &ty else {
                return Err(CqlError::invalid(format!(
                    "Invalid field selection: {n} of type {} is not a user type",
                    values::type_to_schema_string(&ty)
                )));
            };
            let Some(i) = def.fields.iter().position(|(f, _)| f == field) else {
                return Err(CqlError::invalid(format!(
                    "{} has no field {field}",
                    def.name
                )));
            };
            let fty = def.fields[i].1.clone();
            (Sel::Field(Box::new(sel), i), format!("{n}.{field}"), fty)
        }
        Selector::Term(t) => {
            let ty = CqlType::Native(NativeType::Text);
            let v = eval(t, "selector", &ty, ctx)?.value();
            (Sel::Const(v), term_text(t), ty)
        }
    })
}

/// What an argument of a function selector tells overload resolution.
fn arg_type(arg: &Selector, resolved: &CqlType) -> ArgType {
    match arg {
        Selector::Term(Term::Literal(Literal::Null)) | Selector::Term(Term::Bind(_)) => {
            ArgType::Untyped
        }
        Selector::Term(Term::Literal(l)) => ArgType::Literal(l.clone()),
        _ => ArgType::Known(resolved.clone()),
    }
}

/// A function selector: `token(...)`, an aggregate, or a native scalar function whose
/// constant and marker arguments take the types of the chosen overload.
fn resolve_function(
    table: &TableDef,
    fname: &str,
    args: &[Selector],
    ctx: &mut BindCtx,
) -> CqlResult<(Sel, String, CqlType)> {
    let lower = fname.to_lowercase();
    let base = lower.strip_prefix("system.").unwrap_or(&lower).to_string();
    let mut resolved = Vec::new();
    let mut names = Vec::new();
    for a in args {
        let (sel, n, t) = match a {
            // Constants are evaluated once the overload (and so their type) is known.
            Selector::Term(t) => (
                Sel::Const(None),
                term_text(t),
                CqlType::Native(NativeType::Blob),
            ),
            other => resolve_one(table, other, ctx)?,
        };
        resolved.push((sel, t));
        names.push(n);
    }
    let bigint = CqlType::Native(NativeType::BigInt);
    if base == "token" {
        let pk = table.partition_key();
        let ok = resolved.len() == pk.len()
            && resolved
                .iter()
                .zip(pk.iter())
                .all(|((s, _), c)| matches!(s, Sel::Column(i) if table.columns[*i].name == c.name));
        if !ok {
            return Err(CqlError::invalid(format!(
                "Invalid arguments for function token: expected the partition key columns ({})",
                pk.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        return Ok((
            Sel::Token,
            format!("system.token({})", names.join(", ")),
            bigint,
        ));
    }
    if is_aggregate(&base) {
        let [(arg, aty)] = <[(Sel, CqlType); 1]>::try_from(resolved).map_err(|r| {
            CqlError::invalid(format!(
                "Invalid number of arguments in call to function system.{base}: 1 required but {} provided",
                r.len()
            ))
        })?;
        let f = lookup_aggregate(&base, &aty)?;
        let name = f.column_name(&names[0]);
        let ret = f.return_type().clone();
        return Ok((Sel::Agg(f, Box::new(arg)), name, ret));
    }
    let kinds: Vec<ArgType> = args
        .iter()
        .zip(&resolved)
        .map(|(a, (_, t))| arg_type(a, t))
        .collect();
    let texts: Vec<&str> = names.iter().map(String::as_str).collect();
    let f = lookup_scalar_described(&base, &kinds, &texts)?;
    let mut sels = Vec::with_capacity(resolved.len());
    for (i, (a, (sel, _))) in args.iter().zip(resolved).enumerate() {
        sels.push(match a {
            Selector::Term(t) => {
                let spec = format!("arg{i}(system.{})", f.name());
                Sel::Const(eval(t, &spec, &f.arg_types()[i], ctx)?.value())
            }
            _ => sel,
        });
    }
    let name = f.column_name(&texts);
    let ret = f.return_type().clone();
    Ok((Sel::Func(f, sels), name, ret))
}

/// Evaluates a (non-aggregate) selector on a row.
pub fn eval_sel(sel: &Sel, table: &TableDef, row: &RowView) -> CqlResult<Option<Value>> {
    Ok(match sel {
        Sel::Column(i) => row.values[*i].clone(),
        Sel::WriteTime(i) => row.writetimes[*i].map(Value::BigInt),
        Sel::Ttl(i) => row.ttls[*i].map(Value::Int),
        Sel::Token => {
            let key: Vec<Value> = table
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == ColumnKind::PartitionKey)
                .map(|(i, c)| (c.position, row.values[i].clone().unwrap_or(Value::Empty)))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_values()
                .collect();
            Some(Value::BigInt(token_of(table, &key)))
        }
        Sel::Func(f, args) => {
            let vals = args
                .iter()
                .map(|s| eval_sel(s, table, row))
                .collect::<CqlResult<Vec<_>>>()?;
            f.call(&vals)?
        }
        Sel::Cast(inner, f) => f.call(&[eval_sel(inner, table, row)?])?,
        Sel::Element(inner, ty, key) => match (eval_sel(inner, table, row)?, ty) {
            (Some(Value::Map(entries)), CqlType::Map { key: kt, .. }) => entries
                .into_iter()
                .find(|(k, _)| values::compare(kt, k, key) == Ordering::Equal)
                .map(|(_, v)| v),
            (Some(Value::Set(items)), CqlType::Set { elem, .. }) => items
                .into_iter()
                .find(|x| values::compare(elem, x, key) == Ordering::Equal),
            _ => None,
        },
        Sel::Slice(inner, ty, from, to) => {
            let kt = match ty {
                CqlType::Map { key, .. } => (**key).clone(),
                CqlType::Set { elem, .. } => (**elem).clone(),
                other => other.clone(),
            };
            let within = |k: &Value| {
                from.as_ref()
                    .is_none_or(|f| values::compare(&kt, k, f) != Ordering::Less)
                    && to
                        .as_ref()
                        .is_none_or(|t| values::compare(&kt, k, t) != Ordering::Greater)
            };
            match eval_sel(inner, table, row)? {
                Some(Value::Map(entries)) => {
                    let e: Vec<_> = entries.into_iter().filter(|(k, _)| within(k)).collect();
                    if e.is_empty() {
                        None
                    } else {
                        Some(Value::Map(e))
                    }
                }
                Some(Value::Set(items)) => {
                    let e: Vec<_> = items.into_iter().filter(|k| within(k)).collect();
                    if e.is_empty() {
                        None
                    } else {
                        Some(Value::Set(e))
                    }
                }
                _ => None,
            }
        }
        Sel::Field(inner, i) => match eval_sel(inner, table, row)? {
            Some(Value::Udt(fields)) => fields.get(*i).cloned().flatten(),
            _ => None,
        },
        Sel::Const(v) => v.clone(),
        Sel::CountStar | Sel::Agg(..) => None,
    })
}

/// The running state of one selector of an aggregate query.
#[derive(Debug, Clone)]
pub enum AggState {
    /// An aggregate's accumulator.
    Aggregate(Accumulator),
    /// A plain selector: the value of the first row.
    First(Option<Option<Value>>),
}

impl AggState {
    /// Fresh states for the selectors of a query.
    pub fn for_selection(sel: &ResolvedSelection) -> Vec<AggState> {
        sel.items
            .iter()
            .map(|(s, _, _)| match s {
                Sel::CountStar => AggState::Aggregate(count_rows().accumulator()),
                Sel::Agg(f, _) => AggState::Aggregate(f.accumulator()),
                _ => AggState::First(None),
            })
            .collect()
    }
}

/// Feeds one row into the aggregate states (one per selector).
pub fn accumulate(
    sel: &ResolvedSelection,
    states: &mut [AggState],
    table: &TableDef,
    row: &RowView,
) -> CqlResult<()> {
    for ((s, _, _), st) in sel.items.iter().zip(states.iter_mut()) {
        match (s, st) {
            (Sel::CountStar, AggState::Aggregate(acc)) => acc.add(Some(&Value::Boolean(true))),
            (Sel::Agg(_, arg), AggState::Aggregate(acc)) => {
                acc.add(eval_sel(arg, table, row)?.as_ref());
            }
            (_, AggState::First(first @ None)) => *first = Some(eval_sel(s, table, row)?),
            _ => {}
        }
    }
    Ok(())
}

/// The final values of the aggregate states.
pub fn finish(states: &[AggState]) -> Vec<Option<Value>> {
    states
        .iter()
        .map(|st| match st {
            AggState::Aggregate(acc) => acc.finish(),
            AggState::First(v) => v.clone().flatten(),
        })
        .collect()
}
