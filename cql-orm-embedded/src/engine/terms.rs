//! Evaluating value expressions (literals, collection literals, markers, functions) against a
//! receiver type, and recording bind variable metadata on the way.

use std::cmp::Ordering;

use crate::cql::ast::{Literal, Term, TypeExpr};
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::value::Value;
use crate::values;
use crate::values::functions::{accepts, lookup_scalar_described, ArgType, ScalarFn};

use super::api::BoundValue;
use super::catalog::frozen;

/// A value after evaluation: null, unset (leave alone) or a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// `null`
    Null,
    /// An unset bind value.
    Unset,
    /// A value.
    Value(Value),
}

impl Bound {
    /// The value, when there is one.
    pub fn value(self) -> Option<Value> {
        match self {
            Bound::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Bind variable state of one statement execution (or preparation).
#[derive(Debug, Clone, Default)]
pub struct BindCtx {
    /// Bound values in marker order; `None` while preparing.
    pub values: Option<Vec<BoundValue>>,
    /// Reported name and type of each marker, by marker index.
    pub specs: Vec<Option<(String, CqlType)>>,
    /// The receiver column of each marker (for partition key indexes).
    pub receivers: Vec<Option<String>>,
}

impl BindCtx {
    /// A context for preparing (no values).
    pub fn preparing() -> Self {
        BindCtx::default()
    }

    /// A context with values.
    pub fn with_values(values: Vec<BoundValue>) -> Self {
        BindCtx {
            values: Some(values),
            specs: Vec::new(),
            receivers: Vec::new(),
        }
    }

    /// Whether the statement is only being prepared.
    pub fn is_preparing(&self) -> bool {
        self.values.is_none()
    }

    /// Records the receiver of marker `index`: `name` is what the metadata reports,
    /// `receiver` the column it binds.
    pub fn record(&mut self, index: usize, name: &str, receiver: &str, ty: &CqlType) {
        if self.specs.len() <= index {
            self.specs.resize(index + 1, None);
            self.receivers.resize(index + 1, None);
        }
        if self.specs[index].is_none() {
            self.specs[index] = Some((name.to_string(), ty.clone()));
            self.receivers[index] = Some(receiver.to_string());
        }
    }

    /// The value bound to marker `index` (named `name` in metadata), decoded as `ty`.
    pub fn marker(&mut self, index: usize, name: &str, ty: &CqlType) -> CqlResult<Bound> {
        self.marker_for(index, name, name, ty)
    }

    /// Like [`BindCtx::marker`] with a receiver column distinct from the reported name.
    pub fn marker_for(
        &mut self,
        index: usize,
        name: &str,
        receiver: &str,
        ty: &CqlType,
    ) -> CqlResult<Bound> {
        self.record(index, name, receiver, ty);
        let Some(values) = &self.values else {
            return Ok(Bound::Value(Value::Empty));
        };
        match values.get(index) {
            None => Err(CqlError::invalid(format!(
                "There were {} markers(?) in CQL but {} bound variables",
                index + 1,
                values.len()
            ))),
            Some(BoundValue::Null) => Ok(Bound::Null),
            Some(BoundValue::Unset) => Ok(Bound::Unset),
            Some(BoundValue::Bytes(b)) => {
                // Cassandra reports the type's MarshalException message as it is.
                let v = values::deserialize(ty, b).map_err(|e| CqlError::invalid(e.message))?;
                Ok(Bound::Value(v))
            }
        }
    }
}

/// What a function argument tells overload resolution.
fn arg_type(arg: &Term) -> CqlResult<ArgType> {
    Ok(match arg {
        Term::Literal(Literal::Null) | Term::Bind(_) => ArgType::Untyped,
        Term::Literal(l) => ArgType::Literal(l.clone()),
        Term::TypeHint {
            ty: TypeExpr::Native(n),
            ..
        } => ArgType::Known(CqlType::Native(*n)),
        Term::Function { name, args } => {
            ArgType::Known(resolve_call(&name.name, args)?.return_type().clone())
        }
        _ => ArgType::Untyped,
    })
}

/// The native scalar function a call names, chosen by its arguments.
fn resolve_call(fname: &str, args: &[Term]) -> CqlResult<ScalarFn> {
    let lower = fname.to_lowercase();
    let base = lower.strip_prefix("system.").unwrap_or(&lower);
    if base == "token" {
        return Err(CqlError::invalid(
            "token() is only supported in the WHERE clause against partition key columns",
        ));
    }
    let kinds = args.iter().map(arg_type).collect::<CqlResult<Vec<_>>>()?;
    let texts: Vec<String> = args.iter().map(term_text).collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    lookup_scalar_described(base, &kinds, &texts)
}

/// A native function call used as a value (`minTimeuuid('2020-01-01')`, `intAsBlob(?)`):
/// its arguments take the chosen overload's types and its result must suit the receiver.
fn function_call(
    fname: &str,
    args: &[Term],
    receiver: &str,
    ty: &CqlType,
    ctx: &mut BindCtx,
) -> CqlResult<Bound> {
    let f = resolve_call(fname, args)?;
    if !accepts(ty, f.return_type()) {
        return Err(CqlError::invalid(format!(
            "Type error: cannot assign result of function system.{} (type {}) to {receiver} (type {})",
            f.name(),
            values::type_to_schema_string(f.return_type()),
            values::type_to_schema_string(ty)
        )));
    }
    let mut vals = Vec::with_capacity(args.len());
    for (i, (a, t)) in args.iter().zip(f.arg_types()).enumerate() {
        let spec = format!("arg{i}(system.{})", f.name());
        vals.push(eval(a, &spec, t, ctx)?.value());
    }
    if ctx.is_preparing() {
        return Ok(Bound::Value(Value::Empty));
    }
    Ok(match f.call(&vals)? {
        Some(v) => Bound::Value(v),
        None => Bound::Null,
    })
}

/// Evaluates `term` for a receiver named `name` of type `ty`.
pub fn eval(term: &Term, name: &str, ty: &CqlType, ctx: &mut BindCtx) -> CqlResult<Bound> {
    match term {
        Term::Literal(Literal::Null) => Ok(Bound::Null),
        Term::Literal(lit) => literal(lit, name, ty),
        Term::Bind(m) => ctx.marker_for(m.index, m.name.as_deref().unwrap_or(name), name, ty),
        Term::TypeHint { term, .. } => eval(term, name, ty, ctx),
        Term::Function { name: fname, args } => function_call(&fname.name, args, name, ty, ctx),
        Term::List(items) => match ty {
            CqlType::List { elem, .. } => {
                Ok(Bound::Value(Value::List(elements(items, name, elem, ctx)?)))
            }
            CqlType::Set { elem, .. } if items.is_empty() => {
                let _ = elem;
                Ok(Bound::Value(Value::Set(Vec::new())))
            }
            _ => Err(invalid_literal("list", name, ty)),
        },
        Term::Set(items) => match ty {
            CqlType::Set { elem, .. } => {
                let mut vals = elements(items, name, elem, ctx)?;
                sort_dedup(&mut vals, elem);
                Ok(Bound::Value(Value::Set(vals)))
            }
            // `m - {'a', 'b'}` removes map keys: the receiver is then the key set.
            CqlType::Map { key, .. } => {
                let mut vals = elements(items, name, key, ctx)?;
                sort_dedup(&mut vals, key);
                Ok(Bound::Value(Value::Set(vals)))
            }
            _ => Err(invalid_literal("set", name, ty)),
        },
        Term::Map(pairs) => match ty {
            CqlType::Map { key, value, .. } => {
                let mut out: Vec<(Value, Value)> = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let kv = non_null(eval(k, name, &frozen(key), ctx)?)?;
                    let vv = non_null(eval(v, name, &frozen(value), ctx)?)?;
                    out.push((kv, vv));
                }
                out.sort_by(|a, b| values::compare(key, &a.0, &b.0));
                out.dedup_by(|a, b| values::compare(key, &a.0, &b.0) == Ordering::Equal);
                Ok(Bound::Value(Value::Map(out)))
            }
            CqlType::Set { .. } if pairs.is_empty() => Ok(Bound::Value(Value::Set(Vec::new()))),
            CqlType::List { .. } if pairs.is_empty() => Ok(Bound::Value(Value::List(Vec::new()))),
            CqlType::Udt { .. } if pairs.is_empty() => Ok(Bound::Value(Value::Udt(Vec::new()))),
            _ => Err(invalid_literal("map", name, ty)),
        },
        Term::Tuple(items) => match ty {
            CqlType::Tuple(types) => {
                if items.len() > types.len() {
                    return Err(CqlError::invalid(format!(
                        "Invalid tuple literal for {name}: too many elements. Type {} expects {} but got {}",
                        values::type_to_schema_string(ty),
                        types.len(),
                        items.len()
                    )));
                }
                let mut out = Vec::with_capacity(types.len());
                for (item, t) in items.iter().zip(types.iter()) {
                    out.push(eval(item, name, &frozen(t), ctx)?.value());
                }
                Ok(Bound::Value(Value::Tuple(out)))
            }
            _ => Err(invalid_literal("tuple", name, ty)),
        },
        Term::Udt(fields) => match ty {
            CqlType::Udt { def, .. } => {
                let mut out: Vec<Option<Value>> = vec![None; def.fields.len()];
                for (fname, t) in fields {
                    let Some(i) = def.fields.iter().position(|(n, _)| n == fname) else {
                        return Err(CqlError::invalid(format!(
                            "Unknown field '{fname}' in value of user defined type {}",
                            def.name
                        )));
                    };
                    out[i] = eval(t, name, &frozen(&def.fields[i].1), ctx)?.value();
                }
                Ok(Bound::Value(Value::Udt(out)))
            }
            _ => Err(invalid_literal("user type", name, ty)),
        },
    }
}

fn invalid_literal(kind: &str, name: &str, ty: &CqlType) -> CqlError {
    CqlError::invalid(format!(
        "Invalid {kind} literal for {name} of type {}",
        values::type_to_schema_string(ty)
    ))
}

fn non_null(b: Bound) -> CqlResult<Value> {
    match b {
        Bound::Value(v) => Ok(v),
        Bound::Null => Err(CqlError::invalid(
            "null is not supported inside collections",
        )),
        Bound::Unset => Err(CqlError::invalid(
            "unset value is not supported inside collections",
        )),
    }
}

fn elements(
    items: &[Term],
    name: &str,
    elem: &CqlType,
    ctx: &mut BindCtx,
) -> CqlResult<Vec<Value>> {
    let ety = frozen(elem);
    items
        .iter()
        .map(|t| non_null(eval(t, name, &ety, ctx)?))
        .collect()
}

/// Sorts and deduplicates set elements.
pub fn sort_dedup(vals: &mut Vec<Value>, elem: &CqlType) {
    vals.sort_by(|a, b| values::compare(elem, a, b));
    vals.dedup_by(|a, b| values::compare(elem, a, b) == Ordering::Equal);
}

fn literal(lit: &Literal, name: &str, ty: &CqlType) -> CqlResult<Bound> {
    Ok(match values::from_literal_for(ty, lit, name)? {
        Some(v) => Bound::Value(v),
        None => Bound::Null,
    })
}

/// Evaluates a term that must produce a value (keys): null and unset are errors.
pub fn eval_required(term: &Term, name: &str, ty: &CqlType, ctx: &mut BindCtx) -> CqlResult<Value> {
    match eval(term, name, ty, ctx)? {
        Bound::Value(v) => Ok(v),
        Bound::Null => Err(CqlError::invalid(format!(
            "Invalid null value in condition for column {name}"
        ))),
        Bound::Unset => Err(CqlError::invalid(format!(
            "Invalid unset value for column {name}"
        ))),
    }
}

/// The text of a term as Cassandra prints it in messages (`'Z'`, `[1, 2]`, `?`).
pub fn term_text(term: &Term) -> String {
    match term {
        Term::Literal(Literal::String(s)) => format!("'{}'", s.replace('\'', "''")),
        Term::Literal(l) => super::options::literal_text(l),
        Term::Bind(m) => match &m.name {
            Some(n) => format!(":{n}"),
            None => "?".to_string(),
        },
        Term::List(items) => format!("[{}]", join(items)),
        Term::Set(items) => format!("{{{}}}", join(items)),
        Term::Map(pairs) => format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", term_text(k), term_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Term::Tuple(items) => format!("({})", join(items)),
        Term::Udt(fields) => format!(
            "{{{}}}",
            fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", term_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Term::Function { name, args } => format!("{}({})", name.name, join(args)),
        Term::TypeHint { ty, term } => format!(
            "({}){}",
            super::catalog::type_expr_text(ty),
            term_text(term)
        ),
    }
}

fn join(items: &[Term]) -> String {
    items.iter().map(term_text).collect::<Vec<_>>().join(", ")
}
