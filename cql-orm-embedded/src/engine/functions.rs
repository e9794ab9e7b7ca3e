//! Native scalar functions (`token` aside): type conversions to and from blobs, time
//! functions and generators, usable both in terms and in selectors.

use std::time::{SystemTime, UNIX_EPOCH};

use uuid::Uuid;

use crate::cql::ast::Term;
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::terms::{eval, BindCtx, Bound};
use crate::values::native_type_name as native_name;

const UUID_EPOCH_OFFSET: i64 = 0x01B2_1DD2_1381_4000;
const DATE_EPOCH: i64 = 1 << 31;
const DAY_MS: i64 = 86_400_000;

fn native_by_name(name: &str) -> Option<NativeType> {
    use NativeType::*;
    Some(match name {
        "ascii" => Ascii,
        "bigint" => BigInt,
        "blob" => Blob,
        "boolean" => Boolean,
        "counter" => Counter,
        "date" => Date,
        "decimal" => Decimal,
        "double" => Double,
        "duration" => Duration,
        "float" => Float,
        "inet" => Inet,
        "int" => Int,
        "smallint" => SmallInt,
        "text" | "varchar" => Text,
        "time" => Time,
        "timestamp" => Timestamp,
        "timeuuid" => TimeUuid,
        "tinyint" => TinyInt,
        "uuid" => Uuid,
        "varint" => Varint,
        _ => return None,
    })
}

fn strip_system(name: &str) -> &str {
    name.strip_prefix("system.").unwrap_or(name)
}

fn unknown(name: &str) -> CqlError {
    CqlError::invalid(format!("Unknown function '{name}'"))
}

/// The argument types a function expects when its arguments are literals or markers.
fn arg_types(name: &str, receiver: &CqlType, argc: usize) -> CqlResult<Vec<CqlType>> {
    let n = strip_system(name);
    let ts = CqlType::Native(NativeType::Timestamp);
    Ok(match n {
        "now" | "uuid" | "currenttimestamp" | "currentdate" | "currenttime" | "currenttimeuuid" => {
            Vec::new()
        }
        "mintimeuuid" | "maxtimeuuid" => vec![ts],
        "totimestamp" | "todate" | "tounixtimestamp" => {
            vec![CqlType::Native(NativeType::TimeUuid); argc]
        }
        _ => {
            if let Some(t) = n.strip_prefix("blobas") {
                let _ = native_by_name(t).ok_or_else(|| unknown(name))?;
                vec![CqlType::Native(NativeType::Blob)]
            } else if let Some(t) = n.strip_suffix("asblob") {
                let t = native_by_name(t).ok_or_else(|| unknown(name))?;
                vec![CqlType::Native(t)]
            } else if n == "token" {
                let _ = receiver;
                return Err(CqlError::invalid(
                    "token() is only supported in the WHERE clause against partition key columns",
                ));
            } else {
                return Err(unknown(name));
            }
        }
    })
}

/// Evaluates a function call used as a term for a receiver of type `ty`.
pub fn eval_term_function(
    fname: &str,
    args: &[Term],
    receiver: &str,
    ty: &CqlType,
    ctx: &mut BindCtx,
) -> CqlResult<Bound> {
    let types = arg_types(fname, ty, args.len())?;
    if types.len() != args.len() {
        return Err(CqlError::invalid(format!(
            "Invalid number of arguments in call to function {}: {} required but {} provided",
            strip_system(fname),
            types.len(),
            args.len()
        )));
    }
    let mut vals = Vec::with_capacity(args.len());
    for (a, t) in args.iter().zip(types.iter()) {
        let arg_name = format!("{}(arg)", strip_system(fname));
        let _ = receiver;
        let t = hint_type(a).unwrap_or_else(|| t.clone());
        vals.push((t.clone(), eval(a, &arg_name, &t, ctx)?.value()));
    }
    if ctx.is_preparing() && vals.iter().any(|(_, v)| matches!(v, Some(Value::Empty))) {
        return Ok(Bound::Value(Value::Empty));
    }
    let (_, v) = apply(fname, &vals)?;
    Ok(match v {
        Some(v) => Bound::Value(v),
        None => Bound::Null,
    })
}

fn hint_type(t: &Term) -> Option<CqlType> {
    match t {
        Term::TypeHint {
            ty: crate::cql::ast::TypeExpr::Native(n),
            ..
        } => Some(CqlType::Native(*n)),
        _ => None,
    }
}

/// The result type of a function applied to arguments of the given types.
pub fn return_type(fname: &str, args: &[CqlType]) -> CqlResult<CqlType> {
    let n = strip_system(fname);
    use NativeType as N;
    Ok(CqlType::Native(match n {
        "now" | "currenttimeuuid" | "mintimeuuid" | "maxtimeuuid" => N::TimeUuid,
        "uuid" => N::Uuid,
        "currenttimestamp" | "totimestamp" => N::Timestamp,
        "currentdate" | "todate" => N::Date,
        "currenttime" => N::Time,
        "tounixtimestamp" => N::BigInt,
        _ => {
            if let Some(t) = n.strip_prefix("blobas") {
                native_by_name(t).ok_or_else(|| unknown(fname))?
            } else if let Some(t) = n.strip_suffix("asblob") {
                let _ = native_by_name(t).ok_or_else(|| unknown(fname))?;
                N::Blob
            } else {
                let _ = args;
                return Err(unknown(fname));
            }
        }
    }))
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Milliseconds since the epoch of a version 1 UUID.
pub fn timeuuid_ms(u: &Uuid) -> i64 {
    let b = u.as_bytes();
    let time_low = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as i64;
    let time_mid = u16::from_be_bytes([b[4], b[5]]) as i64;
    let time_hi = (u16::from_be_bytes([b[6], b[7]]) & 0x0fff) as i64;
    let ts = (time_hi << 48) | (time_mid << 32) | time_low;
    (ts - UUID_EPOCH_OFFSET).div_euclid(10_000)
}

fn make_timeuuid(ts100ns: i64, lsb: u64) -> Uuid {
    let ts = ts100ns as u64;
    let time_low = (ts & 0xffff_ffff) as u32;
    let time_mid = ((ts >> 32) & 0xffff) as u16;
    let time_hi = (((ts >> 48) & 0x0fff) as u16) | 0x1000;
    let mut b = [0u8; 16];
    b[0..4].copy_from_slice(&time_low.to_be_bytes());
    b[4..6].copy_from_slice(&time_mid.to_be_bytes());
    b[6..8].copy_from_slice(&time_hi.to_be_bytes());
    b[8..16].copy_from_slice(&lsb.to_be_bytes());
    Uuid::from_bytes(b)
}

fn new_timeuuid() -> Uuid {
    let ms = now_ms();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| (d.subsec_nanos() % 1_000_000) as i64 / 100)
        .unwrap_or(0);
    let lsb = (Uuid::new_v4().as_u128() as u64 & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    make_timeuuid(ms * 10_000 + nanos + UUID_EPOCH_OFFSET, lsb)
}

fn date_of_ms(ms: i64) -> Value {
    Value::Date((ms.div_euclid(DAY_MS) + DATE_EPOCH) as u32)
}

fn ms_of(v: &Value) -> Option<i64> {
    match v {
        Value::TimeUuid(u) | Value::Uuid(u) => Some(timeuuid_ms(u)),
        Value::Timestamp(ms) => Some(*ms),
        Value::Date(d) => Some((*d as i64 - DATE_EPOCH) * DAY_MS),
        _ => None,
    }
}

/// Applies a function to evaluated arguments.
pub fn apply(
    fname: &str,
    args: &[(CqlType, Option<Value>)],
) -> CqlResult<(CqlType, Option<Value>)> {
    let types: Vec<CqlType> = args.iter().map(|(t, _)| t.clone()).collect();
    let ret = return_type(fname, &types)?;
    let n = strip_system(fname);
    let first = args.first().and_then(|(_, v)| v.as_ref());
    let out = match n {
        "now" | "currenttimeuuid" => Some(Value::TimeUuid(new_timeuuid())),
        "uuid" => Some(Value::Uuid(Uuid::new_v4())),
        "currenttimestamp" => Some(Value::Timestamp(now_ms())),
        "currentdate" => Some(date_of_ms(now_ms())),
        "currenttime" => Some(Value::Time(now_ms().rem_euclid(DAY_MS) * 1_000_000)),
        "mintimeuuid" => first.and_then(ms_of).map(|ms| {
            Value::TimeUuid(make_timeuuid(
                ms * 10_000 + UUID_EPOCH_OFFSET,
                0x8080_8080_8080_8080,
            ))
        }),
        "maxtimeuuid" => first.and_then(ms_of).map(|ms| {
            Value::TimeUuid(make_timeuuid(
                (ms + 1) * 10_000 + UUID_EPOCH_OFFSET - 1,
                0x7f7f_7f7f_7f7f_7f7f,
            ))
        }),
        "totimestamp" => first.and_then(ms_of).map(Value::Timestamp),
        "todate" => first.and_then(ms_of).map(date_of_ms),
        "tounixtimestamp" => first.and_then(ms_of).map(Value::BigInt),
        _ => {
            if n.strip_prefix("blobas").is_some() {
                match first {
                    Some(Value::Blob(b)) => Some(values::deserialize(&ret, b)?),
                    Some(other) => {
                        let arg_ty = &args[0].0;
                        let bytes = values::serialize(arg_ty, other);
                        Some(values::deserialize(&ret, &bytes)?)
                    }
                    None => None,
                }
            } else if n.strip_suffix("asblob").is_some() {
                first.map(|v| Value::Blob(values::serialize(&args[0].0, v)))
            } else {
                return Err(unknown(fname));
            }
        }
    };
    Ok((ret, out))
}

/// The canonical selector name of a function call (`system.todate(tu)`).
pub fn selector_name(fname: &str, args: &[String]) -> String {
    format!("system.{}({})", strip_system(fname), args.join(", "))
}

/// Whether a name is an aggregate function.
pub fn is_aggregate(fname: &str) -> bool {
    matches!(strip_system(fname), "count" | "min" | "max" | "sum" | "avg")
}

/// The name of a native type for `CAST` result columns.
pub fn cast_type_name(n: NativeType) -> &'static str {
    native_name(n)
}
