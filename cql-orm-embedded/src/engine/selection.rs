//! The SELECT clause: selectors resolved against a table, their result metadata and their
//! evaluation on materialised rows, including aggregates.

use std::cmp::Ordering;

use num_bigint::BigInt;

use crate::cql::ast::{Selection, Selector};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::catalog::{ColumnKind, TableDef};
use super::functions;
use super::read::RowView;
use super::restrictions::token_of;
use super::terms::{eval, term_text, BindCtx};
use crate::values::native_type_name as native_name;

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
    /// A scalar function.
    Func(String, Vec<(Sel, CqlType)>),
    /// `CAST(x AS t)`
    Cast(Box<Sel>, CqlType, NativeType),
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
    Agg(String, Box<Sel>, CqlType),
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
            if c.ty.is_multi_cell() {
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
        Selector::Function { name, args } => {
            let fname = name.name.to_lowercase();
            let mut resolved = Vec::new();
            let mut names = Vec::new();
            for a in args {
                let (sel, n, t) = resolve_one(table, a, ctx)?;
                resolved.push((sel, t));
                names.push(n);
            }
            let display = functions::selector_name(&fname, &names);
            if fname == "token" {
                let pk = table.partition_key();
                let ok = resolved.len() == pk.len()
                    && resolved.iter().zip(pk.iter()).all(|((s, _), c)| {
                        matches!(s, Sel::Column(i) if table.columns[*i].name == c.name)
                    });
                if !ok {
                    return Err(CqlError::invalid(format!(
                        "Invalid arguments for function token: expected the partition key columns ({})",
                        pk.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
                    )));
                }
                return Ok((Sel::Token, display, bigint));
            }
            if functions::is_aggregate(&fname) {
                let Some((arg, aty)) = resolved.into_iter().next() else {
                    return Err(CqlError::invalid(format!(
                        "Invalid number of arguments in call to function {fname}: 1 required but 0 provided"
                    )));
                };
                let ty = if fname == "count" {
                    bigint
                } else {
                    aty.clone()
                };
                return Ok((Sel::Agg(fname, Box::new(arg), aty), display, ty));
            }
            let types: Vec<CqlType> = resolved.iter().map(|(_, t)| t.clone()).collect();
            let ret = functions::return_type(&fname, &types)?;
            (Sel::Func(fname, resolved), display, ret)
        }
        Selector::Cast(inner, to) => {
            let (sel, n, ty) = resolve_one(table, inner, ctx)?;
            let name = format!("cast({n} as {})", native_name(*to));
            (
                Sel::Cast(Box::new(sel), ty, *to),
                name,
                CqlType::Native(*to),
            )
        }
        Selector::Element(inner, key) => {
            let (sel, n, ty) = resolve_one(table, inner, ctx)?;
            let (kty, vty) = match &ty {
                CqlType::Map { key, value, .. } => ((**key).clone(), (**value).clone()),
                CqlType::List { elem, .. } => (CqlType::Native(NativeType::Int), (**elem).clone()),
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
        Sel::Func(name, args) => {
            let mut vals = Vec::new();
            for (s, t) in args {
                vals.push((t.clone(), eval_sel(s, table, row)?));
            }
            functions::apply(name, &vals)?.1
        }
        Sel::Cast(inner, from, to) => match eval_sel(inner, table, row)? {
            Some(v) => cast(&v, from, *to),
            None => None,
        },
        Sel::Element(inner, ty, key) => match (eval_sel(inner, table, row)?, ty) {
            (Some(Value::Map(entries)), CqlType::Map { key: kt, .. }) => entries
                .into_iter()
                .find(|(k, _)| values::compare(kt, k, key) == Ordering::Equal)
                .map(|(_, v)| v),
            (Some(Value::List(items)), _) => match key {
                Value::Int(i) => usize::try_from(*i).ok().and_then(|i| items.get(i).cloned()),
                _ => None,
            },
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

fn as_f64(v: &Value) -> Option<f64> {
    Some(match v {
        Value::TinyInt(x) => *x as f64,
        Value::SmallInt(x) => *x as f64,
        Value::Int(x) => *x as f64,
        Value::BigInt(x) | Value::Counter(x) => *x as f64,
        Value::Float(x) => *x as f64,
        Value::Double(x) => *x,
        Value::Varint(b) => b.to_string().parse().ok()?,
        Value::Decimal { unscaled, scale } => format!("{unscaled}e{}", -scale).parse().ok()?,
        _ => return None,
    })
}

fn as_i128(v: &Value) -> Option<i128> {
    Some(match v {
        Value::TinyInt(x) => *x as i128,
        Value::SmallInt(x) => *x as i128,
        Value::Int(x) => *x as i128,
        Value::BigInt(x) | Value::Counter(x) => *x as i128,
        Value::Float(x) => *x as i128,
        Value::Double(x) => *x as i128,
        Value::Varint(b) => b.to_string().parse().ok()?,
        Value::Decimal { .. } => as_f64(v)? as i128,
        _ => return None,
    })
}

/// Java's `Double.toString` for the common cases.
pub fn java_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let a = d.abs();
    if a == 0.0 || (1e-3..1e7).contains(&a) {
        let s = format!("{d}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let s = format!("{d:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = if m.contains('.') {
            m.to_string()
        } else {
            format!("{m}.0")
        };
        format!("{m}E{e}")
    }
}

fn text_of(v: &Value) -> Option<String> {
    Some(match v {
        Value::Ascii(s) | Value::Text(s) => s.clone(),
        Value::Boolean(b) => b.to_string(),
        Value::TinyInt(x) => x.to_string(),
        Value::SmallInt(x) => x.to_string(),
        Value::Int(x) => x.to_string(),
        Value::BigInt(x) | Value::Counter(x) => x.to_string(),
        Value::Varint(b) => b.to_string(),
        Value::Float(f) => java_double(*f as f64),
        Value::Double(d) => java_double(*d),
        Value::Uuid(u) | Value::TimeUuid(u) => u.to_string(),
        Value::Inet(ip) => ip.to_string(),
        _ => return None,
    })
}

/// `CAST(v AS to)`.
pub fn cast(v: &Value, from: &CqlType, to: NativeType) -> Option<Value> {
    let _ = from;
    use NativeType as N;
    Some(match to {
        N::Text => Value::Text(text_of(v)?),
        N::Ascii => Value::Ascii(text_of(v)?),
        N::Double => Value::Double(as_f64(v)?),
        N::Float => Value::Float(as_f64(v)? as f32),
        N::TinyInt => Value::TinyInt(as_i128(v)? as i8),
        N::SmallInt => Value::SmallInt(as_i128(v)? as i16),
        N::Int => Value::Int(as_i128(v)? as i32),
        N::BigInt => Value::BigInt(as_i128(v)? as i64),
        N::Varint => Value::Varint(BigInt::from(as_i128(v)?)),
        N::Decimal => {
            let f = as_f64(v)?;
            if f.fract() == 0.0 {
                Value::Decimal {
                    unscaled: BigInt::from(f as i128),
                    scale: 0,
                }
            } else {
                let s = java_double(f);
                let (int, frac) = s.split_once('.')?;
                let digits = format!("{int}{frac}");
                Value::Decimal {
                    unscaled: digits.parse().ok()?,
                    scale: frac.len() as i32,
                }
            }
        }
        _ => return None,
    })
}

/// Running state of one aggregate.
#[derive(Debug, Clone, Default)]
pub struct AggState {
    count: i64,
    sum_i: i128,
    sum_f: f64,
    best: Option<Value>,
}

/// Feeds one row into the aggregate states (one per selector).
pub fn accumulate(
    sel: &ResolvedSelection,
    states: &mut [AggState],
    table: &TableDef,
    row: &RowView,
) -> CqlResult<()> {
    for ((s, _, _), st) in sel.items.iter().zip(states.iter_mut()) {
        match s {
            Sel::CountStar => st.count += 1,
            Sel::Agg(name, arg, ty) => {
                let Some(v) = eval_sel(arg, table, row)? else {
                    continue;
                };
                st.count += 1;
                match name.as_str() {
                    "min" | "max" => {
                        let better = match &st.best {
                            None => true,
                            Some(b) => {
                                let o = values::compare(ty, &v, b);
                                if name == "min" {
                                    o == Ordering::Less
                                } else {
                                    o == Ordering::Greater
                                }
                            }
                        };
                        if better {
                            st.best = Some(v);
                        }
                    }
                    "sum" | "avg" => {
                        st.sum_i += as_i128(&v).unwrap_or(0);
                        st.sum_f += as_f64(&v).unwrap_or(0.0);
                    }
                    _ => {}
                }
            }
            _ => {
                if st.best.is_none() && st.count == 0 {
                    st.best = eval_sel(s, table, row)?;
                    st.count = -1;
                }
            }
        }
    }
    Ok(())
}

fn numeric(ty: &CqlType, i: i128, f: f64) -> Option<Value> {
    use NativeType as N;
    Some(match ty {
        CqlType::Native(N::TinyInt) => Value::TinyInt(i as i8),
        CqlType::Native(N::SmallInt) => Value::SmallInt(i as i16),
        CqlType::Native(N::Int) => Value::Int(i as i32),
        CqlType::Native(N::BigInt) => Value::BigInt(i as i64),
        CqlType::Native(N::Counter) => Value::Counter(i as i64),
        CqlType::Native(N::Varint) => Value::Varint(BigInt::from(i)),
        CqlType::Native(N::Float) => Value::Float(f as f32),
        CqlType::Native(N::Double) => Value::Double(f),
        CqlType::Native(N::Decimal) => return cast(&Value::Double(f), ty, N::Decimal),
        _ => return None,
    })
}

/// The final values of the aggregate states.
pub fn finish(sel: &ResolvedSelection, states: &[AggState]) -> Vec<Option<Value>> {
    sel.items
        .iter()
        .zip(states.iter())
        .map(|((s, _, _), st)| match s {
            Sel::CountStar => Some(Value::BigInt(st.count)),
            Sel::Agg(name, _, ty) => match name.as_str() {
                "count" => Some(Value::BigInt(st.count)),
                "min" | "max" => st.best.clone(),
                "sum" => numeric(ty, st.sum_i, st.sum_f),
                "avg" => {
                    if st.count == 0 {
                        numeric(ty, 0, 0.0)
                    } else {
                        numeric(ty, st.sum_i / st.count as i128, st.sum_f / st.count as f64)
                    }
                }
                _ => None,
            },
            _ => st.best.clone(),
        })
        .collect()
}
