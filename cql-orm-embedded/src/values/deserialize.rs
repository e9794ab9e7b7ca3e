//! Protocol bytes to values, validated with Cassandra's messages.

use std::cmp::Ordering;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use num_bigint::BigInt;
use uuid::Uuid;

use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::compare::compare;
use super::vint;

fn marshal(msg: impl Into<String>) -> CqlError {
    CqlError::invalid(msg)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fixed<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut a = [0u8; N];
    a.copy_from_slice(&bytes[..N]);
    a
}

/// See [`crate::values::deserialize`].
pub fn deserialize(ty: &CqlType, bytes: &[u8]) -> CqlResult<Value> {
    match ty {
        CqlType::Native(t) => deserialize_native(*t, bytes),
        CqlType::Custom(_) => Ok(Value::Blob(bytes.to_vec())),
        CqlType::List { elem, .. } => {
            let items = read_collection(bytes, "list", 1, |chunks| {
                chunks.iter().map(|c| deserialize(elem, c)).collect()
            })?;
            Ok(Value::List(items))
        }
        CqlType::Set { elem, .. } => {
            let mut items: Vec<Value> = read_collection(bytes, "set", 1, |chunks| {
                chunks.iter().map(|c| deserialize(elem, c)).collect()
            })?;
            sort_dedup(elem, &mut items);
            Ok(Value::Set(items))
        }
        CqlType::Map { key, value, .. } => {
            let pairs: Vec<(Value, Value)> = read_collection(bytes, "map", 2, |chunks| {
                chunks
                    .chunks(2)
                    .map(|kv| Ok((deserialize(key, kv[0])?, deserialize(value, kv[1])?)))
                    .collect()
            })?;
            Ok(Value::Map(sort_dedup_map(key, pairs)))
        }
        CqlType::Tuple(types) => {
            let fields = read_fields(bytes, types.len(), FieldNames::Tuple)?;
            let mut out = Vec::with_capacity(types.len());
            for (i, t) in types.iter().enumerate() {
                out.push(match fields.get(i).copied().flatten() {
                    Some(b) => Some(deserialize(t, b)?),
                    None => None,
                });
            }
            Ok(Value::Tuple(out))
        }
        CqlType::Udt { def, .. } => {
            let names: Vec<&str> = def.fields.iter().map(|(n, _)| n.as_str()).collect();
            let fields = read_fields(bytes, def.fields.len(), FieldNames::Udt(&names))?;
            let mut out = Vec::with_capacity(def.fields.len());
            for (i, (_, t)) in def.fields.iter().enumerate() {
                out.push(match fields.get(i).copied().flatten() {
                    Some(b) => Some(deserialize(t, b)?),
                    None => None,
                });
            }
            Ok(Value::Udt(out))
        }
    }
}

/// Sorts set elements by the element type's order and drops duplicates (keeping the first).
pub fn sort_dedup(elem: &CqlType, items: &mut Vec<Value>) {
    items.sort_by(|a, b| compare(elem, a, b));
    items.dedup_by(|later, earlier| compare(elem, earlier, later) == Ordering::Equal);
}

/// Sorts map entries by key; for duplicate keys the last value wins (under the first key).
pub fn sort_dedup_map(key: &CqlType, mut pairs: Vec<(Value, Value)>) -> Vec<(Value, Value)> {
    pairs.sort_by(|a, b| compare(key, &a.0, &b.0));
    let mut out: Vec<(Value, Value)> = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        match out.last_mut() {
            Some(last) if compare(key, &last.0, &k) == Ordering::Equal => last.1 = v,
            _ => out.push((k, v)),
        }
    }
    out
}

fn read_i32(bytes: &[u8], pos: usize) -> Option<i32> {
    bytes
        .get(pos..pos + 4)
        .map(|b| i32::from_be_bytes(fixed(b)))
}

/// Reads `[int n]` then `n * per_entry` `[int len][bytes]` chunks.
fn read_collection<T>(
    bytes: &[u8],
    kind: &str,
    per_entry: usize,
    build: impl FnOnce(Vec<&[u8]>) -> CqlResult<Vec<T>>,
) -> CqlResult<Vec<T>> {
    let short = || marshal(format!("Not enough bytes to read a {kind}"));
    let n = read_i32(bytes, 0).ok_or_else(short)?;
    if n < 0 {
        return Err(short());
    }
    let mut pos = 4;
    let mut chunks = Vec::new();
    for _ in 0..(n as usize).saturating_mul(per_entry) {
        let len = read_i32(bytes, pos).ok_or_else(short)?;
        pos += 4;
        if len < 0 {
            return Err(marshal("null is not supported inside collections"));
        }
        let end = pos + len as usize;
        chunks.push(bytes.get(pos..end).ok_or_else(short)?);
        pos = end;
    }
    if pos != bytes.len() {
        return Err(marshal(format!(
            "Unexpected extraneous bytes after {kind} value"
        )));
    }
    build(chunks)
}

enum FieldNames<'a> {
    Tuple,
    Udt(&'a [&'a str]),
}

/// Reads up to `count` `[int len][bytes]` fields (length < 0: null); fewer are allowed.
fn read_fields<'b>(
    bytes: &'b [u8],
    count: usize,
    names: FieldNames<'_>,
) -> CqlResult<Vec<Option<&'b [u8]>>> {
    let label = |i: usize| match &names {
        FieldNames::Tuple => format!("{i}th component"),
        FieldNames::Udt(n) => format!("field {}", n.get(i).copied().unwrap_or("")),
    };
    let mut out = Vec::new();
    let mut pos = 0;
    for i in 0..count {
        if pos == bytes.len() {
            break;
        }
        let Some(len) = read_i32(bytes, pos) else {
            return Err(marshal(format!(
                "Not enough bytes to read size of {}",
                label(i)
            )));
        };
        pos += 4;
        if len < 0 {
            out.push(None);
            continue;
        }
        let end = pos + len as usize;
        let Some(field) = bytes.get(pos..end) else {
            return Err(marshal(format!("Not enough bytes to read {}", label(i))));
        };
        out.push(Some(field));
        pos = end;
    }
    if pos != bytes.len() {
        return Err(marshal(match names {
            FieldNames::Tuple => "Invalid remaining data after end of tuple value",
            FieldNames::Udt(_) => "Invalid remaining data after end of UDT value",
        }));
    }
    Ok(out)
}

fn deserialize_native(t: NativeType, b: &[u8]) -> CqlResult<Value> {
    let n = b.len();
    Ok(match t {
        NativeType::Ascii => {
            if let Some(bad) = b.iter().find(|x| **x >= 0x80) {
                return Err(marshal(format!("Invalid byte for ascii: {}", *bad as i8)));
            }
            Value::Ascii(String::from_utf8_lossy(b).into_owned())
        }
        NativeType::Text => match std::str::from_utf8(b) {
            Ok(s) => Value::Text(s.to_string()),
            Err(_) => return Err(marshal("String didn't validate.")),
        },
        NativeType::Blob => Value::Blob(b.to_vec()),
        _ if n == 0 && allows_empty(t) => Value::Empty,
        NativeType::Boolean => {
            if n != 1 {
                return Err(marshal(format!("Expected 1 or 0 byte value ({n})")));
            }
            Value::Boolean(b[0] != 0)
        }
        NativeType::TinyInt => {
            if n != 1 {
                return Err(marshal(format!("Expected 1 byte for a tinyint ({n})")));
            }
            Value::TinyInt(b[0] as i8)
        }
        NativeType::SmallInt => {
            if n != 2 {
                return Err(marshal(format!("Expected 2 bytes for a smallint ({n})")));
            }
            Value::SmallInt(i16::from_be_bytes(fixed(b)))
        }
        NativeType::Int => {
            if n != 4 {
                return Err(marshal(format!("Expected 4 or 0 byte int ({n})")));
            }
            Value::Int(i32::from_be_bytes(fixed(b)))
        }
        NativeType::BigInt | NativeType::Counter => {
            if n != 8 {
                return Err(marshal(format!("Expected 8 or 0 byte long ({n})")));
            }
            let v = i64::from_be_bytes(fixed(b));
            if t == NativeType::Counter {
                Value::Counter(v)
            } else {
                Value::BigInt(v)
            }
        }
        NativeType::Varint => Value::Varint(BigInt::from_signed_bytes_be(b)),
        NativeType::Decimal => {
            if n < 4 {
                return Err(marshal(format!("Expected 0 or at least 4 bytes ({n})")));
            }
            Value::Decimal {
                scale: i32::from_be_bytes(fixed(b)),
                unscaled: BigInt::from_signed_bytes_be(&b[4..]),
            }
        }
        NativeType::Float => {
            if n != 4 {
                return Err(marshal(format!(
                    "Expected 4 or 0 byte value for a float ({n})"
                )));
            }
            Value::Float(f32::from_bits(u32::from_be_bytes(fixed(b))))
        }
        NativeType::Double => {
            if n != 8 {
                return Err(marshal(format!(
                    "Expected 8 or 0 byte value for a double ({n})"
                )));
            }
            Value::Double(f64::from_bits(u64::from_be_bytes(fixed(b))))
        }
        NativeType::Uuid | NativeType::TimeUuid => {
            if n != 16 {
                return Err(marshal(format!("UUID should be 16 or 0 bytes ({n})")));
            }
            let u = Uuid::from_bytes(fixed(b));
            if t == NativeType::TimeUuid {
                if b[6] & 0xf0 != 0x10 {
                    return Err(marshal("Invalid version for TimeUUID type."));
                }
                Value::TimeUuid(u)
            } else {
                Value::Uuid(u)
            }
        }
        NativeType::Inet => match n {
            4 => Value::Inet(IpAddr::V4(Ipv4Addr::from(fixed::<4>(b)))),
            16 => Value::Inet(IpAddr::V6(Ipv6Addr::from(fixed::<16>(b)))),
            _ => {
                return Err(marshal(format!(
                    "Expected 4 or 16 byte inetaddress; got {}",
                    hex(b)
                )))
            }
        },
        NativeType::Timestamp => {
            if n != 8 {
                return Err(marshal(format!("Expected 8 or 0 byte long for date ({n})")));
            }
            Value::Timestamp(i64::from_be_bytes(fixed(b)))
        }
        NativeType::Date => {
            if n != 4 {
                return Err(marshal(format!("Expected 4 byte long for date ({n})")));
            }
            Value::Date(u32::from_be_bytes(fixed(b)))
        }
        NativeType::Time => {
            if n != 8 {
                return Err(marshal(format!("Expected 8 byte long for time ({n})")));
            }
            Value::Time(i64::from_be_bytes(fixed(b)))
        }
        NativeType::Duration => read_duration(b)?,
    })
}

/// Whether Cassandra accepts a zero-length value of this native type (as an empty value).
pub fn allows_empty(t: NativeType) -> bool {
    matches!(
        t,
        NativeType::Int
            | NativeType::BigInt
            | NativeType::Counter
            | NativeType::Varint
            | NativeType::Decimal
            | NativeType::Float
            | NativeType::Double
            | NativeType::Boolean
            | NativeType::Uuid
            | NativeType::TimeUuid
            | NativeType::Inet
            | NativeType::Timestamp
    )
}

fn read_duration(b: &[u8]) -> CqlResult<Value> {
    if b.len() < 3 {
        return Err(marshal(format!(
            "Expected at least 3 bytes for a duration ({})",
            b.len()
        )));
    }
    let bad = || marshal("Unable to read a duration: not enough bytes");
    let (months, a) = vint::read_signed(b).ok_or_else(bad)?;
    let (days, c) = vint::read_signed(&b[a..]).ok_or_else(bad)?;
    let (nanos, d) = vint::read_signed(&b[a + c..]).ok_or_else(bad)?;
    if a + c + d != b.len() {
        return Err(marshal("Unexpected extraneous bytes after duration value"));
    }
    let (months, days) = (months as i32, days as i32);
    let signs = [
        i64::from(months).signum(),
        i64::from(days).signum(),
        nanos.signum(),
    ];
    if signs.contains(&1) && signs.contains(&-1) {
        return Err(marshal(format!(
            "The duration months, days and nanoseconds must be all of the same sign ({months}, {days}, {nanos})"
        )));
    }
    Ok(Value::Duration {
        months,
        days,
        nanos,
    })
}
