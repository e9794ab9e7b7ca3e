//! `CAST(x AS type)` (Cassandra's `CastFcts`).

use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::super::render::to_cql_text;
use super::super::temporal::date_to_days;
use super::super::timeuuid::unix_millis_of;
use super::number::Num;
use super::scalar::Op;
use super::ScalarFn;

fn is_numeric(t: NativeType) -> bool {
    use NativeType::*;
    matches!(
        t,
        TinyInt | SmallInt | Int | BigInt | Counter | Float | Double | Decimal | Varint
    )
}

/// Whether Cassandra has a cast from `from` to `to` (the same type is allowed and returns
/// the value unchanged).
pub fn cast_supported(from: NativeType, to: NativeType) -> bool {
    use NativeType::*;
    if from == to {
        return true;
    }
    let castable_input = !matches!(from, Blob);
    match to {
        Ascii | Text => castable_input,
        TinyInt | SmallInt | Int | BigInt | Float | Double | Decimal | Varint => is_numeric(from),
        Date => matches!(from, Timestamp | TimeUuid),
        Timestamp => matches!(from, Date | TimeUuid),
        _ => false,
    }
}

/// Resolves `CAST(arg AS to)`; `arg_text` is the argument as written, for the message
/// `v cannot be cast to uuid`.
pub fn lookup_cast(from: &CqlType, to: NativeType, arg_text: &str) -> CqlResult<ScalarFn> {
    let target = CqlType::Native(to);
    let ok = matches!(from, CqlType::Native(f) if cast_supported(*f, to));
    if !ok {
        return Err(CqlError::invalid(format!(
            "{arg_text} cannot be cast to {}",
            super::super::type_to_schema_string(&target)
        )));
    }
    Ok(ScalarFn {
        name: format!("castas{}", super::super::type_to_schema_string(&target)),
        arg_types: vec![from.clone()],
        return_type: target,
        op: Op::Cast(to),
    })
}

/// Converts a value for a cast to `to` (`None`: the result is null).
pub(crate) fn convert(arg: &Value, to: NativeType) -> Option<Value> {
    match to {
        NativeType::Text => return Some(Value::Text(to_cql_text(&CqlType::Native(to), arg))),
        NativeType::Ascii => return Some(Value::Ascii(to_cql_text(&CqlType::Native(to), arg))),
        _ => {}
    }
    if let Value::Empty = arg {
        return None;
    }
    match (arg, to) {
        (Value::Date(d), NativeType::Date) => Some(Value::Date(*d)),
        (Value::Date(d), NativeType::Timestamp) => {
            Some(Value::Timestamp(date_to_days(*d).wrapping_mul(86_400_000)))
        }
        (Value::Timestamp(ms), NativeType::Timestamp) => Some(Value::Timestamp(*ms)),
        (Value::Timestamp(ms), NativeType::Date) => Some(date_of(*ms)),
        (Value::TimeUuid(u), NativeType::Timestamp) => Some(Value::Timestamp(unix_millis_of(u))),
        (Value::TimeUuid(u), NativeType::Date) => Some(date_of(unix_millis_of(u))),
        _ => match Num::of(arg) {
            Some(num) => num.to_type(to),
            None => Some(arg.clone()),
        },
    }
}

fn date_of(ms: i64) -> Value {
    let days = ms.div_euclid(1000) / 86_400;
    Value::Date((days + (1 << 31)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }

    fn cast(from: NativeType, to: NativeType, v: Value) -> Option<Value> {
        lookup_cast(&n(from), to, "v").ok()?.call(&[Some(v)]).ok()?
    }

    #[test]
    fn recorded_projection_casts() {
        assert_eq!(
            cast(NativeType::Int, NativeType::Text, Value::Int(10)),
            Some(Value::Text("10".into()))
        );
        assert_eq!(
            cast(NativeType::Int, NativeType::Double, Value::Int(20)),
            Some(Value::Double(20.0))
        );
        assert_eq!(
            cast(NativeType::Float, NativeType::Int, Value::Float(1.5)),
            Some(Value::Int(1))
        );
        assert_eq!(
            cast(NativeType::Int, NativeType::Varint, Value::Int(2)),
            Some(Value::Varint(2.into()))
        );
        let f = lookup_cast(&n(NativeType::Int), NativeType::Text, "v");
        assert_eq!(
            f.map(|f| f.column_name(&["v"])).ok().as_deref(),
            Some("cast(v as text)")
        );
        let null =
            lookup_cast(&n(NativeType::Float), NativeType::Int, "f").and_then(|f| f.call(&[None]));
        assert_eq!(null.ok(), Some(None));
    }

    #[test]
    fn other_casts() {
        assert_eq!(
            cast(NativeType::Timestamp, NativeType::Text, Value::Timestamp(0)),
            Some(Value::Text("1970-01-01T00:00:00.000Z".into()))
        );
        assert_eq!(
            cast(
                NativeType::Timestamp,
                NativeType::Date,
                Value::Timestamp(86_400_000)
            ),
            Some(Value::Date((1 << 31) + 1))
        );
        assert_eq!(
            cast(NativeType::Boolean, NativeType::Text, Value::Boolean(true)),
            Some(Value::Text("true".into()))
        );
        assert_eq!(
            lookup_cast(&n(NativeType::Text), NativeType::Int, "t")
                .err()
                .map(|e| e.message)
                .as_deref(),
            Some("t cannot be cast to int")
        );
        assert!(lookup_cast(&n(NativeType::Blob), NativeType::Text, "b").is_err());
    }
}
