//! CQL constants to values (`Constants.Literal.prepare` and the types' `fromString`).

use std::net::IpAddr;

use num_bigint::BigInt;
use uuid::Uuid;

use crate::cql::ast::Literal;
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::decimal::parse_decimal;
use super::deserialize::deserialize;
use super::duration::parse_duration;
use super::schema_text::type_to_schema_string;
use super::temporal::{parse_date, parse_time, parse_timestamp};

/// Cassandra's name of a literal's kind, as in `Invalid STRING constant ...`.
fn kind(lit: &Literal) -> &'static str {
    match lit {
        Literal::String(_) => "STRING",
        Literal::Integer(_) => "INTEGER",
        Literal::Float(_) | Literal::NaN | Literal::Infinity { .. } => "FLOAT",
        Literal::Boolean(_) => "BOOLEAN",
        Literal::Uuid(_) => "UUID",
        Literal::Blob(_) => "HEX",
        Literal::Duration(_) => "DURATION",
        Literal::Null => "NULL",
    }
}

/// The text of a literal as Cassandra keeps it (strings without their quotes, blobs as
/// `0x` + hex), used in error messages.
pub fn literal_text(lit: &Literal) -> String {
    match lit {
        Literal::String(s) | Literal::Integer(s) | Literal::Float(s) | Literal::Duration(s) => {
            s.clone()
        }
        Literal::NaN => "NaN".into(),
        Literal::Infinity { negative: false } => "Infinity".into(),
        Literal::Infinity { negative: true } => "-Infinity".into(),
        Literal::Boolean(b) => b.to_string(),
        Literal::Uuid(u) => u.hyphenated().to_string(),
        Literal::Blob(b) => {
            let mut s = String::from("0x");
            for x in b {
                s.push_str(&format!("{x:02x}"));
            }
            s
        }
        Literal::Null => "null".into(),
    }
}

/// Whether a literal may be assigned to a type (`Constants.Literal.testAssignment`):
/// native types by the literal's kind, custom types always, collections/UDTs/tuples never.
pub fn literal_assignable(lit: &Literal, ty: &CqlType) -> bool {
    match ty {
        CqlType::Native(t) => assignable(lit, *t),
        CqlType::Custom(_) => true,
        _ => matches!(lit, Literal::Null),
    }
}

/// Whether a literal of this kind may be assigned to a native type (`testAssignment`).
fn assignable(lit: &Literal, t: NativeType) -> bool {
    use NativeType::*;
    match lit {
        Literal::String(_) => matches!(t, Ascii | Text | Inet | Date | Time | Timestamp),
        Literal::Integer(_) => matches!(
            t,
            BigInt
                | Counter
                | Date
                | Decimal
                | Double
                | Duration
                | Float
                | Int
                | SmallInt
                | Time
                | Timestamp
                | TinyInt
                | Varint
        ),
        Literal::Float(_) | Literal::NaN | Literal::Infinity { .. } => {
            matches!(t, Decimal | Double | Float)
        }
        Literal::Boolean(_) => t == Boolean,
        Literal::Uuid(_) => matches!(t, Uuid | TimeUuid),
        // A hex constant's preferred type is tinyint, so it is an exact match there.
        Literal::Blob(_) => matches!(t, Blob | TinyInt),
        Literal::Duration(_) => t == Duration,
        Literal::Null => true,
    }
}

/// See [`crate::values::from_literal_for`].
pub fn from_literal_for(ty: &CqlType, lit: &Literal, receiver: &str) -> CqlResult<Option<Value>> {
    if let Literal::Null = lit {
        if ty.is_counter() {
            return Err(CqlError::invalid(
                "Invalid null value for counter increment/decrement",
            ));
        }
        return Ok(None);
    }
    let refuse = || {
        CqlError::invalid(format!(
            "Invalid {} constant ({}) for \"{}\" of type {}",
            kind(lit),
            literal_text(lit),
            receiver,
            type_to_schema_string(ty)
        ))
    };
    match ty {
        CqlType::Native(t) => {
            if !assignable(lit, *t) {
                return Err(refuse());
            }
            native_from_literal(*t, lit).map(Some)
        }
        // Custom types accept any constant; only hex constants carry bytes we can keep.
        CqlType::Custom(_) => match lit {
            Literal::Blob(b) => Ok(Some(Value::Blob(b.clone()))),
            _ => Err(refuse()),
        },
        _ => Err(refuse()),
    }
}

fn text_of(lit: &Literal) -> String {
    literal_text(lit)
}

fn native_from_literal(t: NativeType, lit: &Literal) -> CqlResult<Value> {
    if let Literal::Blob(bytes) = lit {
        // Hex constants are taken as raw bytes of the receiver type.
        return deserialize(&CqlType::Native(t), bytes);
    }
    let text = text_of(lit);
    // Every `fromString` maps the empty string to the empty value.
    if text.is_empty() && !matches!(t, NativeType::Ascii | NativeType::Text) {
        return Ok(Value::Empty);
    }
    let invalid = |msg: String| CqlError::invalid(msg);
    Ok(match t {
        NativeType::Ascii => {
            if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
                return Err(invalid(format!(
                    "Invalid ASCII character in string literal: java.nio.charset.UnmappableCharacterException: Input length = {}",
                    c.len_utf16()
                )));
            }
            Value::Ascii(text)
        }
        NativeType::Text => Value::Text(text),
        NativeType::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => return Err(invalid(format!("Unable to make boolean from '{text}'"))),
        },
        NativeType::TinyInt => Value::TinyInt(
            java_integer(&text)
                .and_then(|v| i8::try_from(v).ok())
                .ok_or_else(|| invalid(format!("Unable to make byte from '{text}'")))?,
        ),
        NativeType::SmallInt => Value::SmallInt(
            java_integer(&text)
                .and_then(|v| i16::try_from(v).ok())
                .ok_or_else(|| invalid(format!("Unable to make short from '{text}'")))?,
        ),
        NativeType::Int => Value::Int(
            java_integer(&text)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| invalid(format!("Unable to make int from '{text}'")))?,
        ),
        NativeType::BigInt | NativeType::Counter => {
            let v = java_integer(&text)
                .and_then(|v| i64::try_from(v).ok())
                .ok_or_else(|| invalid(format!("Unable to make long from '{text}'")))?;
            if t == NativeType::Counter {
                Value::Counter(v)
            } else {
                Value::BigInt(v)
            }
        }
        NativeType::Varint => Value::Varint(
            java_integer(&text)
                .ok_or_else(|| invalid(format!("unable to make int from '{text}'")))?,
        ),
        NativeType::Decimal => {
            let (unscaled, scale) = parse_decimal(&text)
                .ok_or_else(|| invalid(format!("unable to make BigDecimal from '{text}'")))?;
            Value::Decimal { unscaled, scale }
        }
        NativeType::Float => Value::Float(
            parse_java_f32(&text)
                .ok_or_else(|| invalid(format!("Unable to make float from '{text}'")))?,
        ),
        NativeType::Double => Value::Double(
            java_float(&text)
                .ok_or_else(|| invalid(format!("Unable to make double from '{text}'")))?,
        ),
        NativeType::Uuid => Value::Uuid(
            parse_uuid(lit, &text)
                .ok_or_else(|| invalid(format!("Unable to make UUID from '{text}'")))?,
        ),
        NativeType::TimeUuid => {
            let u = parse_uuid(lit, &text)
                .ok_or_else(|| invalid(format!("Unknown timeuuid representation: {text}")))?;
            if u.get_version_num() != 1 {
                return Err(invalid("TimeUUID supports only version 1 UUIDs".into()));
            }
            Value::TimeUuid(u)
        }
        NativeType::Inet => Value::Inet(
            text.parse::<IpAddr>()
                .map_err(|_| invalid(format!("Unable to make inet address from '{text}'")))?,
        ),
        NativeType::Timestamp => Value::Timestamp(parse_timestamp(&text)?),
        NativeType::Date => Value::Date(parse_date(&text)?),
        NativeType::Time => Value::Time(parse_time(&text)?),
        NativeType::Duration => {
            let d = parse_duration(&text)?;
            Value::Duration {
                months: d.months,
                days: d.days,
                nanos: d.nanos,
            }
        }
        NativeType::Blob => {
            return Err(invalid(format!("cannot parse '{text}' as hex bytes")));
        }
    })
}

/// `Byte/Short/Integer/Long.parseLong` and `new BigInteger`: optional sign and digits.
fn java_integer(text: &str) -> Option<BigInt> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

/// `Double.parseDouble` for the forms CQL constants take (decimal, exponent, NaN,
/// Infinity).
fn java_float(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => {
            parse_decimal(text)?;
            text.parse().ok()
        }
    }
}

/// `Float.parseFloat`: rounds the decimal text directly to 32 bits.
fn parse_java_f32(text: &str) -> Option<f32> {
    match text {
        "NaN" => Some(f32::NAN),
        "Infinity" | "+Infinity" => Some(f32::INFINITY),
        "-Infinity" => Some(f32::NEG_INFINITY),
        _ => {
            parse_decimal(text)?;
            text.parse().ok()
        }
    }
}

fn parse_uuid(lit: &Literal, text: &str) -> Option<Uuid> {
    match lit {
        Literal::Uuid(u) => Some(*u),
        _ => {
            let b = text.as_bytes();
            let shape = b.len() == 36 && [8, 13, 18, 23].iter().all(|i| b[*i] == b'-');
            if shape {
                text.parse().ok()
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }

    fn conv(t: NativeType, lit: Literal) -> Result<Value, String> {
        match from_literal_for(&n(t), &lit, "v") {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err("null".into()),
            Err(e) => Err(e.message),
        }
    }

    fn int(s: &str) -> Literal {
        Literal::Integer(s.into())
    }

    #[test]
    fn recorded_messages() {
        let e = from_literal_for(&n(NativeType::Int), &int("2147483648"), "i").err();
        assert_eq!(
            e.map(|e| e.message).as_deref(),
            Some("Unable to make int from '2147483648'")
        );
        let e = from_literal_for(&n(NativeType::Int), &Literal::String("12".into()), "i").err();
        assert_eq!(
            e.map(|e| e.message).as_deref(),
            Some("Invalid STRING constant (12) for \"i\" of type int")
        );
        assert_eq!(
            conv(NativeType::Ascii, Literal::String("héllo".into())),
            Err("Invalid ASCII character in string literal: java.nio.charset.UnmappableCharacterException: Input length = 1".into())
        );
    }

    #[test]
    fn integers_everywhere() {
        assert_eq!(
            conv(NativeType::TinyInt, int("-128")),
            Ok(Value::TinyInt(-128))
        );
        assert_eq!(
            conv(NativeType::SmallInt, int("-0")),
            Ok(Value::SmallInt(0))
        );
        assert_eq!(
            conv(NativeType::BigInt, int("-9223372036854775808")),
            Ok(Value::BigInt(i64::MIN))
        );
        assert_eq!(
            conv(NativeType::TinyInt, int("128")),
            Err("Unable to make byte from '128'".into())
        );
        assert_eq!(
            conv(NativeType::SmallInt, int("32768")),
            Err("Unable to make short from '32768'".into())
        );
        let big = "-170141183460469231731687303715884105729";
        assert_eq!(
            conv(NativeType::Varint, int(big)),
            Ok(Value::Varint(big.parse().unwrap_or_default()))
        );
        assert_eq!(
            conv(NativeType::Timestamp, int("-1")),
            Ok(Value::Timestamp(-1))
        );
        assert_eq!(
            conv(NativeType::Time, int("86399999999999")),
            Ok(Value::Time(86_399_999_999_999))
        );
        assert_eq!(conv(NativeType::Date, int("0")), Ok(Value::Date(0)));
        assert_eq!(conv(NativeType::Double, int("3")), Ok(Value::Double(3.0)));
        assert_eq!(
            conv(NativeType::Decimal, int("12")),
            Ok(Value::Decimal {
                unscaled: BigInt::from(12),
                scale: 0
            })
        );
        assert_eq!(
            conv(NativeType::Duration, int("12")),
            Err("Unable to convert '12' to a duration".into())
        );
        assert_eq!(
            conv(NativeType::Text, int("1")),
            Err("Invalid INTEGER constant (1) for \"v\" of type text".into())
        );
    }

    #[test]
    fn floats() {
        assert_eq!(
            conv(NativeType::Float, Literal::Float("1.1".into())),
            Ok(Value::Float(1.1))
        );
        assert_eq!(f64::from(1.1f32), 1.100000023841858);
        assert!(
            matches!(conv(NativeType::Double, Literal::NaN), Ok(Value::Double(x)) if x.is_nan())
        );
        assert_eq!(
            conv(NativeType::Float, Literal::Infinity { negative: true }),
            Ok(Value::Float(f32::NEG_INFINITY))
        );
        assert_eq!(
            conv(NativeType::Decimal, Literal::Float("-0.00".into())),
            Ok(Value::Decimal {
                unscaled: BigInt::from(0),
                scale: 2
            })
        );
        assert_eq!(
            conv(NativeType::Decimal, Literal::NaN),
            Err("unable to make BigDecimal from 'NaN'".into())
        );
        assert_eq!(
            conv(NativeType::Int, Literal::Float("1.5".into())),
            Err("Invalid FLOAT constant (1.5) for \"v\" of type int".into())
        );
        assert_eq!(
            conv(NativeType::Float, Literal::Float("3.4028235E38".into())),
            Ok(Value::Float(f32::MAX))
        );
    }

    #[test]
    fn strings_uuids_blobs() {
        assert_eq!(
            conv(NativeType::Inet, Literal::String("2001:db8::1".into())),
            Ok(Value::Inet(
                "2001:db8::1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
            ))
        );
        assert_eq!(
            conv(NativeType::Inet, Literal::String("nope".into())),
            Err("Unable to make inet address from 'nope'".into())
        );
        assert_eq!(
            conv(NativeType::Timestamp, Literal::String("".into())),
            Ok(Value::Empty)
        );
        let v4: Uuid = "123e4567-e89b-42d3-a456-426614174000"
            .parse()
            .unwrap_or_default();
        assert_eq!(
            conv(NativeType::TimeUuid, Literal::Uuid(v4)),
            Err("TimeUUID supports only version 1 UUIDs".into())
        );
        assert_eq!(
            conv(NativeType::Uuid, Literal::Uuid(v4)),
            Ok(Value::Uuid(v4))
        );
        assert_eq!(
            conv(NativeType::Uuid, Literal::String(v4.to_string())),
            Err(format!(
                "Invalid STRING constant ({v4}) for \"v\" of type uuid"
            ))
        );
        assert_eq!(
            conv(NativeType::Blob, Literal::Blob(vec![0xde, 0xad])),
            Ok(Value::Blob(vec![0xde, 0xad]))
        );
        assert_eq!(
            conv(NativeType::TinyInt, Literal::Blob(vec![0x05])),
            Ok(Value::TinyInt(5))
        );
        assert_eq!(
            conv(NativeType::Int, Literal::Blob(vec![1])),
            Err("Invalid HEX constant (0x01) for \"v\" of type int".into())
        );
        assert_eq!(
            conv(NativeType::Duration, Literal::Duration("1h30m".into())),
            Ok(Value::Duration {
                months: 0,
                days: 0,
                nanos: 5_400_000_000_000
            })
        );
        assert_eq!(
            conv(NativeType::Boolean, Literal::Boolean(true)),
            Ok(Value::Boolean(true))
        );
        assert!(from_literal_for(&n(NativeType::Counter), &Literal::Null, "c").is_err());
        assert_eq!(
            from_literal_for(&n(NativeType::Int), &Literal::Null, "c").ok(),
            Some(None)
        );
        let l = CqlType::List {
            elem: Box::new(n(NativeType::Int)),
            frozen: false,
        };
        assert_eq!(
            from_literal_for(&l, &int("1"), "l")
                .err()
                .map(|e| e.message)
                .as_deref(),
            Some("Invalid INTEGER constant (1) for \"l\" of type list<int>")
        );
    }
}
