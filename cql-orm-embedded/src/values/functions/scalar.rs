//! The scalar function registry: time functions, blob conversions, and calls.

use uuid::Uuid;

use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::super::schema_text::{native_type_name, type_to_schema_string};
use super::super::temporal::{date_to_days, days_to_date, now_millis, NANOS_PER_DAY};
use super::super::timeuuid::{max_timeuuid, min_timeuuid, now_timeuuid, unix_millis_of};
use super::super::{deserialize, literal_assignable, serialize};
use super::{cast, ArgType, ScalarFn};

/// What a native scalar function does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Now,
    Uuid,
    CurrentTimestamp,
    CurrentDate,
    CurrentTime,
    MinTimeuuid,
    MaxTimeuuid,
    /// `toDate(x)`
    ToDate,
    /// `toTimestamp(x)`, `dateOf(tu)`
    ToTimestamp,
    /// `toUnixTimestamp(x)`, `unixTimestampOf(tu)`
    ToUnixTimestamp,
    /// `<type>AsBlob`
    ToBlob,
    /// `blobAs<type>`
    FromBlob(CqlType),
    /// `CAST(x AS type)` to this native type.
    Cast(NativeType),
}

const ALL_NATIVE: [NativeType; 20] = [
    NativeType::Ascii,
    NativeType::BigInt,
    NativeType::Blob,
    NativeType::Boolean,
    NativeType::Counter,
    NativeType::Date,
    NativeType::Decimal,
    NativeType::Double,
    NativeType::Duration,
    NativeType::Float,
    NativeType::Inet,
    NativeType::Int,
    NativeType::SmallInt,
    NativeType::Text,
    NativeType::Time,
    NativeType::Timestamp,
    NativeType::TimeUuid,
    NativeType::TinyInt,
    NativeType::Uuid,
    NativeType::Varint,
];

fn n(t: NativeType) -> CqlType {
    CqlType::Native(t)
}

fn sig(name: &str, args: &[NativeType], ret: NativeType, op: Op) -> ScalarFn {
    ScalarFn {
        name: name.to_string(),
        arg_types: args.iter().map(|t| n(*t)).collect(),
        return_type: n(ret),
        op,
    }
}

/// The native type named in a blob conversion function (`int`, `varchar`, ...).
fn native_by_name(s: &str) -> Option<NativeType> {
    if s == "varchar" {
        return Some(NativeType::Text);
    }
    ALL_NATIVE
        .iter()
        .copied()
        .find(|t| native_type_name(*t) == s && *t != NativeType::Blob)
}

/// Every overload of a native scalar function, by lower-case name (no keyspace). Empty
/// for names that are not native scalar functions (including `token` and `cast`).
pub fn scalar_signatures(name: &str) -> Vec<ScalarFn> {
    use NativeType::*;
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_prefix("system.").unwrap_or(&lower);
    match name {
        "now" | "currenttimeuuid" => vec![sig(name, &[], TimeUuid, Op::Now)],
        "uuid" => vec![sig(name, &[], Uuid, Op::Uuid)],
        "currenttimestamp" => vec![sig(name, &[], Timestamp, Op::CurrentTimestamp)],
        "currentdate" => vec![sig(name, &[], Date, Op::CurrentDate)],
        "currenttime" => vec![sig(name, &[], Time, Op::CurrentTime)],
        "mintimeuuid" => vec![sig(name, &[Timestamp], TimeUuid, Op::MinTimeuuid)],
        "maxtimeuuid" => vec![sig(name, &[Timestamp], TimeUuid, Op::MaxTimeuuid)],
        "dateof" => vec![sig(name, &[TimeUuid], Timestamp, Op::ToTimestamp)],
        "unixtimestampof" => vec![sig(name, &[TimeUuid], BigInt, Op::ToUnixTimestamp)],
        "todate" => vec![
            sig(name, &[TimeUuid], Date, Op::ToDate),
            sig(name, &[Timestamp], Date, Op::ToDate),
        ],
        "totimestamp" => vec![
            sig(name, &[TimeUuid], Timestamp, Op::ToTimestamp),
            sig(name, &[Date], Timestamp, Op::ToTimestamp),
        ],
        "tounixtimestamp" => vec![
            sig(name, &[TimeUuid], BigInt, Op::ToUnixTimestamp),
            sig(name, &[Timestamp], BigInt, Op::ToUnixTimestamp),
            sig(name, &[Date], BigInt, Op::ToUnixTimestamp),
        ],
        _ => {
            if let Some(t) = name.strip_suffix("asblob").and_then(native_by_name) {
                return vec![sig(name, &[t], Blob, Op::ToBlob)];
            }
            if let Some(t) = name.strip_prefix("blobas").and_then(native_by_name) {
                return vec![sig(name, &[Blob], t, Op::FromBlob(n(t)))];
            }
            Vec::new()
        }
    }
}

/// Whether a parameter of type `param` accepts an argument of type `arg` (Cassandra's
/// `isValueCompatibleWith`): the same type; anything for `blob`; `ascii` for `text`;
/// `bigint`/`timestamp` for each other; `timeuuid` for `uuid`; int/bigint for `varint`.
pub fn accepts(param: &CqlType, arg: &CqlType) -> bool {
    use NativeType::*;
    if param == arg {
        return true;
    }
    match (param, arg) {
        (CqlType::Native(p), CqlType::Native(a)) => matches!(
            (p, a),
            (Blob, _)
                | (Text, Ascii)
                | (Timestamp, BigInt)
                | (BigInt, Timestamp)
                | (Uuid, TimeUuid)
                | (Varint, Int | BigInt | Timestamp)
        ),
        (CqlType::Native(NativeType::Blob), _) => true,
        _ => false,
    }
}

fn arg_fits(param: &CqlType, arg: &ArgType) -> (bool, bool) {
    match arg {
        ArgType::Known(t) => (accepts(param, t), param == t),
        ArgType::Literal(l) => (literal_assignable(l, param), false),
        ArgType::Untyped => (true, false),
    }
}

fn signature_text(f: &ScalarFn) -> String {
    format!(
        "system.{} : ({}) -> {}",
        f.name,
        f.arg_types
            .iter()
            .map(type_to_schema_string)
            .collect::<Vec<_>>()
            .join(", "),
        type_to_schema_string(&f.return_type)
    )
}

/// Resolves a native scalar function by name (case-insensitive, `system.` optional) and
/// argument types, with Cassandra's messages: `Unknown function x called`,
/// `Invalid number of arguments in call to function system.x: 1 required but 2 provided`,
/// `Type error: ... cannot be passed as argument 0 of function system.x of type timestamp`,
/// `Ambiguous call to function ...`, `Invalid call to function ..., none of its type
/// signatures match ...`. `arg_texts` (optional, one per argument) are the arguments as
/// written, for those messages.
pub fn lookup_scalar(name: &str, args: &[ArgType]) -> CqlResult<ScalarFn> {
    lookup_scalar_described(name, args, &[])
}

/// [`lookup_scalar`] with the arguments' text for error messages.
pub fn lookup_scalar_described(
    name: &str,
    args: &[ArgType],
    arg_texts: &[&str],
) -> CqlResult<ScalarFn> {
    let candidates = scalar_signatures(name);
    if candidates.is_empty() {
        return Err(CqlError::invalid(format!("Unknown function {name} called")));
    }
    let text = |i: usize| match (arg_texts.get(i), args.get(i)) {
        (Some(t), _) => (*t).to_string(),
        (None, Some(ArgType::Literal(l))) => super::super::literal_text(l),
        _ => "?".to_string(),
    };
    if let [only] = candidates.as_slice() {
        if only.arg_types.len() != args.len() {
            return Err(CqlError::invalid(format!(
                "Invalid number of arguments in call to function system.{}: {} required but {} provided",
                only.name,
                only.arg_types.len(),
                args.len()
            )));
        }
        for (i, (p, a)) in only.arg_types.iter().zip(args).enumerate() {
            if !arg_fits(p, a).0 {
                return Err(CqlError::invalid(format!(
                    "Type error: {} cannot be passed as argument {i} of function system.{} of type {}",
                    text(i),
                    only.name,
                    type_to_schema_string(p)
                )));
            }
        }
        return Ok(only.clone());
    }
    let mut exact = Vec::new();
    let mut compatible = Vec::new();
    for c in &candidates {
        if c.arg_types.len() != args.len() {
            continue;
        }
        let fits: Vec<(bool, bool)> = c
            .arg_types
            .iter()
            .zip(args)
            .map(|(p, a)| arg_fits(p, a))
            .collect();
        if fits.iter().all(|f| f.0) {
            if fits.iter().all(|f| f.1) {
                exact.push(c.clone());
            }
            compatible.push(c.clone());
        }
    }
    if exact.len() == 1 {
        return Ok(exact.remove(0));
    }
    match compatible.len() {
        1 => Ok(compatible.remove(0)),
        0 => Err(CqlError::invalid(format!(
            "Invalid call to function {}, none of its type signatures match (known type signatures: {})",
            candidates[0].name,
            candidates.iter().map(signature_text).collect::<Vec<_>>().join(", ")
        ))),
        _ => Err(CqlError::invalid(format!(
            "Ambiguous call to function {} (can be matched by following signatures: {}): use type casts to disambiguate",
            candidates[0].name,
            compatible.iter().map(signature_text).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Milliseconds of a timestamp-like argument (`timestamp`, `bigint`, `date`, `timeuuid`).
fn millis_of(v: &Value) -> Option<i64> {
    match v {
        Value::Timestamp(ms) | Value::BigInt(ms) => Some(*ms),
        Value::Date(d) => Some(date_to_days(*d).wrapping_mul(86_400_000)),
        Value::TimeUuid(u) | Value::Uuid(u) => Some(unix_millis_of(u)),
        _ => None,
    }
}

/// `SimpleDateSerializer.timeInMillisToDay`: whole days of the (floored) seconds,
/// truncated towards zero, as a `date` value.
fn date_of_millis(ms: i64) -> Value {
    let days = ms.div_euclid(1000) / 86_400;
    Value::Date(days_to_date(days).unwrap_or((days + (1 << 31)) as u32))
}

fn current_time_nanos() -> i64 {
    now_millis().rem_euclid(86_400_000) * 1_000_000 % NANOS_PER_DAY
}

/// Runs a function (see [`ScalarFn::call`]).
pub(crate) fn call(f: &ScalarFn, args: &[Option<Value>]) -> CqlResult<Option<Value>> {
    match &f.op {
        Op::Now => return Ok(Some(Value::TimeUuid(now_timeuuid()))),
        Op::Uuid => return Ok(Some(Value::Uuid(Uuid::new_v4()))),
        Op::CurrentTimestamp => return Ok(Some(Value::Timestamp(now_millis()))),
        Op::CurrentDate => return Ok(Some(date_of_millis(now_millis()))),
        Op::CurrentTime => return Ok(Some(Value::Time(current_time_nanos()))),
        _ => {}
    }
    let Some(Some(arg)) = args.first() else {
        return Ok(None);
    };
    if let Value::Empty = arg {
        // Empty inputs read as null for the time functions; blob conversions keep bytes.
        if !matches!(f.op, Op::ToBlob | Op::FromBlob(_) | Op::Cast(_)) {
            return Ok(None);
        }
    }
    let ms = || {
        millis_of(arg).ok_or_else(|| {
            CqlError::invalid(format!("Invalid argument for function system.{}", f.name))
        })
    };
    Ok(match &f.op {
        Op::MinTimeuuid => Some(Value::TimeUuid(min_timeuuid(ms()?))),
        Op::MaxTimeuuid => Some(Value::TimeUuid(max_timeuuid(ms()?))),
        Op::ToDate => Some(match arg {
            Value::Date(d) => Value::Date(*d),
            _ => date_of_millis(ms()?),
        }),
        Op::ToTimestamp => Some(Value::Timestamp(ms()?)),
        Op::ToUnixTimestamp => Some(Value::BigInt(ms()?)),
        Op::ToBlob => {
            let ty = f.arg_types.first().cloned().unwrap_or(n(NativeType::Blob));
            Some(Value::Blob(serialize(&ty, arg)))
        }
        Op::FromBlob(to) => {
            let bytes = match arg {
                Value::Blob(b) => b.clone(),
                other => serialize(&n(NativeType::Blob), other),
            };
            Some(deserialize(to, &bytes).map_err(|_| {
                CqlError::invalid(format!(
                    "In call to function system.{}, value 0x{} is not a valid binary representation for type {}",
                    f.name,
                    bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
                    type_to_schema_string(to)
                ))
            })?)
        }
        Op::Cast(to) => cast::convert(arg, *to),
        Op::Now | Op::Uuid | Op::CurrentTimestamp | Op::CurrentDate | Op::CurrentTime => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cql::ast::Literal;

    fn known(t: NativeType) -> ArgType {
        ArgType::Known(n(t))
    }

    fn call1(name: &str, arg: ArgType, v: Value) -> Result<Option<Value>, String> {
        let f = lookup_scalar(name, &[arg]).map_err(|e| e.message)?;
        f.call(&[Some(v)]).map_err(|e| e.message)
    }

    #[test]
    fn recorded_blob_conversions() {
        assert_eq!(
            call1(
                "textAsBlob",
                known(NativeType::Text),
                Value::Text("hi".into())
            ),
            Ok(Some(Value::Blob(b"hi".to_vec())))
        );
        assert_eq!(
            call1(
                "blobAsInt",
                known(NativeType::Blob),
                Value::Blob(vec![0, 0, 0, 0x2a])
            ),
            Ok(Some(Value::Int(42)))
        );
        assert_eq!(
            call1("blobAsInt", known(NativeType::Blob), Value::Blob(vec![])),
            Ok(Some(Value::Empty))
        );
        assert_eq!(
            call1(
                "bigintAsBlob",
                known(NativeType::BigInt),
                Value::BigInt(256)
            ),
            Ok(Some(Value::Blob(vec![0, 0, 0, 0, 0, 0, 1, 0])))
        );
        assert_eq!(
            call1("blobAsInt", known(NativeType::Blob), Value::Blob(vec![1, 2, 3])),
            Err("In call to function system.blobasint, value 0x010203 is not a valid binary representation for type int".into())
        );
        // blobAsText accepts a non-blob argument, as Cassandra 4.0.7 does.
        assert!(lookup_scalar("blobAsText", &[known(NativeType::Int)]).is_ok());
        let f = lookup_scalar("system.INTASBLOB", &[known(NativeType::Int)]);
        assert_eq!(
            f.map(|f| f.column_name(&["i"])).ok().as_deref(),
            Some("system.intasblob(i)")
        );
    }

    #[test]
    fn recorded_time_functions() {
        let tu: Uuid = "fc1c0350-2dbb-11ea-8003-0123456789ab"
            .parse()
            .unwrap_or_default();
        let d = call1("toDate", known(NativeType::TimeUuid), Value::TimeUuid(tu));
        assert_eq!(d, Ok(Some(Value::Date((1 << 31) + 18264))));
        assert_eq!(
            call1(
                "toUnixTimestamp",
                known(NativeType::TimeUuid),
                Value::TimeUuid(tu)
            ),
            Ok(Some(Value::BigInt(1_578_009_600_005)))
        );
        let date_2021_03_04 = Value::Date((1 << 31) + 18690);
        assert_eq!(
            call1(
                "toTimestamp",
                known(NativeType::Date),
                date_2021_03_04.clone()
            ),
            Ok(Some(Value::Timestamp(1_614_816_000_000)))
        );
        assert_eq!(
            call1("toUnixTimestamp", known(NativeType::Date), date_2021_03_04),
            Ok(Some(Value::BigInt(1_614_816_000_000)))
        );
        assert_eq!(
            call1(
                "toDate",
                known(NativeType::Timestamp),
                Value::Timestamp(1_577_836_800_000)
            ),
            Ok(Some(Value::Date((1 << 31) + 18262)))
        );
        // A string literal picks the only overload it can be assigned to.
        let lit = ArgType::Literal(Literal::String("2020-01-01 00:00:00+0000".into()));
        let f = lookup_scalar("minTimeuuid", &[lit]);
        assert_eq!(
            f.map(|f| f.arg_types().to_vec()).ok(),
            Some(vec![n(NativeType::Timestamp)])
        );
        let lit = ArgType::Literal(Literal::String("2020-01-01".into()));
        let f = lookup_scalar("toTimestamp", &[lit]);
        assert_eq!(
            f.map(|f| f.arg_types().to_vec()).ok(),
            Some(vec![n(NativeType::Date)])
        );
        let amb = lookup_scalar("toDate", &[ArgType::Untyped])
            .err()
            .map(|e| e.message);
        assert!(amb.is_some_and(|m| m.starts_with("Ambiguous call to function todate")));
    }

    #[test]
    fn errors_and_nondeterminism() {
        assert_eq!(
            lookup_scalar("nope", &[])
                .err()
                .map(|e| e.message)
                .as_deref(),
            Some("Unknown function nope called")
        );
        assert_eq!(
            lookup_scalar("now", &[ArgType::Untyped]).err().map(|e| e.message).as_deref(),
            Some("Invalid number of arguments in call to function system.now: 0 required but 1 provided")
        );
        let now = lookup_scalar("now", &[]);
        assert_eq!(
            now.as_ref().map(ScalarFn::is_deterministic).ok(),
            Some(false)
        );
        let a = now.as_ref().ok().and_then(|f| f.call(&[]).ok().flatten());
        let b = now.as_ref().ok().and_then(|f| f.call(&[]).ok().flatten());
        assert!(a.is_some() && a != b);
        assert_eq!(
            lookup_scalar("minTimeuuid", &[known(NativeType::Int)]).err().map(|e| e.message).as_deref(),
            Some("Type error: ? cannot be passed as argument 0 of function system.mintimeuuid of type timestamp")
        );
        assert_eq!(
            lookup_scalar("toDate", &[known(NativeType::Timestamp)])
                .and_then(|f| f.call(&[None]))
                .ok(),
            Some(None)
        );
    }
}
