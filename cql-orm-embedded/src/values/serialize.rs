//! Values to protocol bytes (native protocol v4 encodings).

use std::net::IpAddr;

use crate::types::CqlType;
use crate::value::Value;

use super::vint;

/// See [`crate::values::serialize`]. The encoding is fully determined by the value; the
/// type is accepted for symmetry with [`crate::values::deserialize`].
pub fn serialize(_ty: &CqlType, value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_value(value, &mut out);
    out
}

/// Appends the bytes of `value` (without a length prefix).
pub fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Empty => {}
        Value::Ascii(s) | Value::Text(s) => out.extend_from_slice(s.as_bytes()),
        Value::Blob(b) => out.extend_from_slice(b),
        Value::Boolean(b) => out.push(u8::from(*b)),
        Value::TinyInt(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::SmallInt(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::Int(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::BigInt(v) | Value::Counter(v) | Value::Timestamp(v) | Value::Time(v) => {
            out.extend_from_slice(&v.to_be_bytes())
        }
        Value::Varint(v) => out.extend_from_slice(&v.to_signed_bytes_be()),
        Value::Decimal { unscaled, scale } => {
            out.extend_from_slice(&scale.to_be_bytes());
            out.extend_from_slice(&unscaled.to_signed_bytes_be());
        }
        Value::Float(v) => out.extend_from_slice(&v.to_bits().to_be_bytes()),
        Value::Double(v) => out.extend_from_slice(&v.to_bits().to_be_bytes()),
        Value::Uuid(u) | Value::TimeUuid(u) => out.extend_from_slice(u.as_bytes()),
        Value::Inet(IpAddr::V4(a)) => out.extend_from_slice(&a.octets()),
        Value::Inet(IpAddr::V6(a)) => out.extend_from_slice(&a.octets()),
        Value::Date(d) => out.extend_from_slice(&d.to_be_bytes()),
        Value::Duration {
            months,
            days,
            nanos,
        } => {
            vint::write_signed(i64::from(*months), out);
            vint::write_signed(i64::from(*days), out);
            vint::write_signed(*nanos, out);
        }
        Value::List(items) | Value::Set(items) => {
            put_count(items.len(), out);
            for item in items {
                write_element(item, out);
            }
        }
        Value::Map(entries) => {
            put_count(entries.len(), out);
            for (k, v) in entries {
                write_element(k, out);
                write_element(v, out);
            }
        }
        Value::Tuple(fields) | Value::Udt(fields) => {
            for f in fields {
                match f {
                    Some(v) => write_element(v, out),
                    None => out.extend_from_slice(&(-1i32).to_be_bytes()),
                }
            }
        }
    }
}

fn put_count(n: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(&(i32::try_from(n).unwrap_or(i32::MAX)).to_be_bytes());
}

/// Appends `[int length][bytes]`.
fn write_element(value: &Value, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&[0, 0, 0, 0]);
    write_value(value, out);
    let len = i32::try_from(out.len() - start - 4).unwrap_or(i32::MAX);
    out[start..start + 4].copy_from_slice(&len.to_be_bytes());
}
