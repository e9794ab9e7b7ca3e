//! Values as text: Cassandra's `toCQLLiteral` (what `CAST(x AS text)` returns) and a
//! parseable CQL literal form.

use std::net::IpAddr;

use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::decimal::decimal_to_string;
use super::duration::format_duration;
use super::java_float::{double_to_string, float_to_string};
use super::schema_text::{native_type_name, quote_identifier_if_needed};
use super::temporal::{format_date, format_time, format_timestamp};

/// Java's `InetAddress.getHostAddress()`: dotted quad, or eight uncompressed lower-case
/// hex groups for IPv6 (IPv4-mapped addresses print as IPv4, as Java turns them into
/// `Inet4Address`).
pub fn java_host_address(a: &IpAddr) -> String {
    match a {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6
                .segments()
                .iter()
                .map(|s| format!("{s:x}"))
                .collect::<Vec<_>>()
                .join(":"),
        },
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(2 + 2 * b.len());
    s.push_str("0x");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

/// Cassandra's `TypeSerializer.toCQLLiteral` for a value of type `ty`: what
/// `CAST(x AS text)` returns. Numbers as Java prints them (`10`, `1.5`, `1.0E10`,
/// `1.100000023841858`), timestamps as `2011-02-03T04:05:00.000Z`, dates `2021-03-04`, times
/// `12:34:56.789000000`, text quoted (`'it''s'`), blobs `0x...`, inet as Java prints it,
/// durations `1h30m`; an empty value is `null`.
pub fn to_cql_text(ty: &CqlType, value: &Value) -> String {
    let _ = ty;
    match value {
        Value::Empty => "null".into(),
        Value::Ascii(s) | Value::Text(s) => quote(s),
        Value::Blob(b) => hex(b),
        Value::Boolean(b) => b.to_string(),
        Value::TinyInt(v) => v.to_string(),
        Value::SmallInt(v) => v.to_string(),
        Value::Int(v) => v.to_string(),
        Value::BigInt(v) | Value::Counter(v) => v.to_string(),
        Value::Varint(v) => v.to_string(),
        Value::Decimal { unscaled, scale } => decimal_to_string(unscaled, *scale),
        Value::Float(v) => float_to_string(*v),
        Value::Double(v) => double_to_string(*v),
        Value::Uuid(u) | Value::TimeUuid(u) => u.hyphenated().to_string(),
        Value::Inet(a) => java_host_address(a),
        Value::Timestamp(ms) => format_timestamp(*ms),
        Value::Date(d) => format_date(*d),
        Value::Time(n) => format_time(*n),
        Value::Duration {
            months,
            days,
            nanos,
        } => format_duration(*months, *days, *nanos),
        _ => to_cql_literal(ty, value),
    }
}

/// A CQL literal that reads back as `value` when assigned to type `ty`: strings, dates,
/// times, timestamps and inets quoted, blobs `0x...`, collections `[...]` / `{...}` /
/// `{k: v}`, tuples `(...)`, UDTs `{field: v}`; an empty value as `blobAs<type>(0x)`.
pub fn to_cql_literal(ty: &CqlType, value: &Value) -> String {
    match value {
        Value::Empty => match ty {
            CqlType::Native(t) => format!("blobAs{}(0x)", capitalised(native_type_name(*t))),
            _ => "null".into(),
        },
        Value::Timestamp(ms) => quote(&format_timestamp(*ms)),
        Value::Date(d) => quote(&format_date(*d)),
        Value::Time(n) => quote(&format_time(*n)),
        Value::Inet(a) => quote(&java_host_address(a)),
        Value::Duration {
            months: 0,
            days: 0,
            nanos: 0,
        } => "0s".into(),
        Value::List(items) => {
            let et = elem_type(ty);
            format!("[{}]", join(items.iter().map(|v| to_cql_literal(&et, v))))
        }
        Value::Set(items) => {
            let et = elem_type(ty);
            format!("{{{}}}", join(items.iter().map(|v| to_cql_literal(&et, v))))
        }
        Value::Map(entries) => {
            let (kt, vt) = match ty {
                CqlType::Map { key, value, .. } => ((**key).clone(), (**value).clone()),
                _ => (blob(), blob()),
            };
            format!(
                "{{{}}}",
                join(entries.iter().map(|(k, v)| format!(
                    "{}: {}",
                    to_cql_literal(&kt, k),
                    to_cql_literal(&vt, v)
                )))
            )
        }
        Value::Tuple(fields) => {
            let types: Vec<CqlType> = match ty {
                CqlType::Tuple(t) => t.clone(),
                _ => Vec::new(),
            };
            format!(
                "({})",
                join(
                    fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| nullable_literal(types.get(i), f.as_ref()))
                )
            )
        }
        Value::Udt(fields) => {
            let defs: Vec<(String, CqlType)> = match ty {
                CqlType::Udt { def, .. } => def.fields.clone(),
                _ => Vec::new(),
            };
            format!(
                "{{{}}}",
                join(fields.iter().enumerate().map(|(i, f)| {
                    let (name, fty) = match defs.get(i) {
                        Some((n, t)) => (quote_identifier_if_needed(n), Some(t)),
                        None => (format!("field{i}"), None),
                    };
                    format!("{name}: {}", nullable_literal(fty, f.as_ref()))
                }))
            )
        }
        _ => to_cql_text(ty, value),
    }
}

fn nullable_literal(ty: Option<&CqlType>, v: Option<&Value>) -> String {
    match v {
        None => "null".into(),
        Some(v) => to_cql_literal(ty.unwrap_or(&blob()), v),
    }
}

fn blob() -> CqlType {
    CqlType::Native(NativeType::Blob)
}

fn elem_type(ty: &CqlType) -> CqlType {
    match ty {
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => (**elem).clone(),
        _ => blob(),
    }
}

fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join(", ")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::*;

    fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }

    #[test]
    fn cast_text_forms() {
        assert_eq!(to_cql_text(&n(NativeType::Int), &Value::Int(10)), "10");
        assert_eq!(
            to_cql_text(&n(NativeType::Float), &Value::Float(1.1)),
            "1.1"
        );
        assert_eq!(
            to_cql_text(&n(NativeType::Double), &Value::Double(1e10)),
            "1.0E10"
        );
        assert_eq!(
            to_cql_text(&n(NativeType::Text), &Value::Text("it's".into())),
            "'it''s'"
        );
        assert_eq!(
            to_cql_text(
                &n(NativeType::Decimal),
                &Value::Decimal {
                    unscaled: BigInt::from(1),
                    scale: -10
                }
            ),
            "1E+10"
        );
        assert_eq!(
            to_cql_text(&n(NativeType::Timestamp), &Value::Timestamp(0)),
            "1970-01-01T00:00:00.000Z"
        );
        let v6: IpAddr = "2001:db8::ff00:42:8329"
            .parse()
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        assert_eq!(
            to_cql_text(&n(NativeType::Inet), &Value::Inet(v6)),
            "2001:db8:0:0:0:ff00:42:8329"
        );
        assert_eq!(to_cql_text(&n(NativeType::Int), &Value::Empty), "null");
    }

    #[test]
    fn literals() {
        let l = CqlType::List {
            elem: Box::new(n(NativeType::Text)),
            frozen: false,
        };
        assert_eq!(
            to_cql_literal(
                &l,
                &Value::List(vec![Value::Text("a".into()), Value::Text("b'".into())])
            ),
            "['a', 'b''']"
        );
        assert_eq!(
            to_cql_literal(&n(NativeType::Int), &Value::Empty),
            "blobAsInt(0x)"
        );
        assert_eq!(
            to_cql_literal(&n(NativeType::Date), &Value::Date(1 << 31)),
            "'1970-01-01'"
        );
    }
}
