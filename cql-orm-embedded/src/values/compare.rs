//! Cassandra's sort order for values (`AbstractType.compare` of each type).

use std::cmp::Ordering;
use std::net::IpAddr;

use num_bigint::{BigInt, Sign};
use uuid::Uuid;

use crate::types::CqlType;
use crate::value::Value;

use super::serialize::write_value;

/// See [`crate::values::compare`].
pub fn compare(ty: &CqlType, a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Empty, Value::Empty) => return Ordering::Equal,
        (Value::Empty, _) => return Ordering::Less,
        (_, Value::Empty) => return Ordering::Greater,
        _ => {}
    }
    match (a, b) {
        (Value::Ascii(x), Value::Ascii(y))
        | (Value::Text(x), Value::Text(y))
        | (Value::Ascii(x), Value::Text(y))
        | (Value::Text(x), Value::Ascii(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        (Value::Boolean(x), Value::Boolean(y)) => x.cmp(y),
        (Value::TinyInt(x), Value::TinyInt(y)) => x.cmp(y),
        (Value::SmallInt(x), Value::SmallInt(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::BigInt(x), Value::BigInt(y))
        | (Value::Counter(x), Value::Counter(y))
        | (Value::Timestamp(x), Value::Timestamp(y))
        | (Value::Time(x), Value::Time(y)) => x.cmp(y),
        (Value::Varint(x), Value::Varint(y)) => x.cmp(y),
        (
            Value::Decimal {
                unscaled: ua,
                scale: sa,
            },
            Value::Decimal {
                unscaled: ub,
                scale: sb,
            },
        ) => compare_decimal(ua, *sa, ub, *sb),
        (Value::Float(x), Value::Float(y)) => java_float_compare(f64::from(*x), f64::from(*y)),
        (Value::Double(x), Value::Double(y)) => java_float_compare(*x, *y),
        (Value::Uuid(x), Value::Uuid(y)) => compare_uuid(x, y),
        (Value::TimeUuid(x), Value::TimeUuid(y)) => compare_timeuuid(x, y),
        (Value::Inet(x), Value::Inet(y)) => inet_bytes(x).cmp(&inet_bytes(y)),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            let elem = element_type(ty);
            for (p, q) in x.iter().zip(y.iter()) {
                let c = compare_with(elem, p, q);
                if c != Ordering::Equal {
                    return c;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            let (kt, vt) = match ty {
                CqlType::Map { key, value, .. } => (Some(&**key), Some(&**value)),
                _ => (None, None),
            };
            for ((k1, v1), (k2, v2)) in x.iter().zip(y.iter()) {
                let c = compare_with(kt, k1, k2).then_with(|| compare_with(vt, v1, v2));
                if c != Ordering::Equal {
                    return c;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Tuple(x), Value::Tuple(y)) | (Value::Udt(x), Value::Udt(y)) => {
            let n = x.len().max(y.len());
            for i in 0..n {
                let ft = field_type(ty, i);
                let p = x.get(i).and_then(Option::as_ref);
                let q = y.get(i).and_then(Option::as_ref);
                let c = compare_nullable_with(ft, p, q);
                if c != Ordering::Equal {
                    return c;
                }
            }
            Ordering::Equal
        }
        // Durations (not orderable in CQL, but stored in lists and compared for equality)
        // and mismatched values: byte order of the serialised forms.
        _ => {
            let mut p = Vec::new();
            let mut q = Vec::new();
            write_value(a, &mut p);
            write_value(b, &mut q);
            p.cmp(&q)
        }
    }
}

/// See [`crate::values::compare_nullable`].
pub fn compare_nullable(ty: &CqlType, a: Option<&Value>, b: Option<&Value>) -> Ordering {
    compare_nullable_with(Some(ty), a, b)
}

fn compare_nullable_with(ty: Option<&CqlType>, a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => compare_with(ty, x, y),
    }
}

const UNKNOWN: CqlType = CqlType::Custom(String::new());

fn compare_with(ty: Option<&CqlType>, a: &Value, b: &Value) -> Ordering {
    compare(ty.unwrap_or(&UNKNOWN), a, b)
}

fn element_type(ty: &CqlType) -> Option<&CqlType> {
    match ty {
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => Some(elem),
        _ => None,
    }
}

fn field_type(ty: &CqlType, i: usize) -> Option<&CqlType> {
    match ty {
        CqlType::Tuple(items) => items.get(i),
        CqlType::Udt { def, .. } => def.fields.get(i).map(|(_, t)| t),
        _ => None,
    }
}

fn inet_bytes(a: &IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(v) => v.octets().to_vec(),
        IpAddr::V6(v) => v.octets().to_vec(),
    }
}

/// Java's `Double.compare` (also `Float.compare` on widened floats): `-0.0 < 0.0`, every
/// NaN equal to every NaN and greater than everything else.
pub fn java_float_compare(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.total_cmp(&b),
    }
}

/// Number of decimal digits of |v| (0 for zero).
fn decimal_digits(v: &BigInt) -> i64 {
    if v.sign() == Sign::NoSign {
        0
    } else {
        v.magnitude().to_string().len() as i64
    }
}

/// Numeric comparison of `ua × 10^-sa` and `ub × 10^-sb` (`BigDecimal.compareTo`).
pub fn compare_decimal(ua: &BigInt, sa: i32, ub: &BigInt, sb: i32) -> Ordering {
    let (sign_a, sign_b) = (ua.sign(), ub.sign());
    let rank = |s: Sign| match s {
        Sign::Minus => -1,
        Sign::NoSign => 0,
        Sign::Plus => 1,
    };
    if rank(sign_a) != rank(sign_b) {
        return rank(sign_a).cmp(&rank(sign_b));
    }
    if sign_a == Sign::NoSign {
        return Ordering::Equal;
    }
    // Magnitudes: |x| lies in [10^(digits-1-scale), 10^(digits-scale)).
    let ea = decimal_digits(ua) - i64::from(sa);
    let eb = decimal_digits(ub) - i64::from(sb);
    let mag = if ea != eb {
        ea.cmp(&eb)
    } else {
        // Same adjusted exponent: the scale difference is at most the digit difference.
        let (ma, mb) = (ua.magnitude().clone(), ub.magnitude().clone());
        match sa.cmp(&sb) {
            Ordering::Equal => ma.cmp(&mb),
            Ordering::Greater => {
                let k = (i64::from(sa) - i64::from(sb)) as u32;
                ma.cmp(&(mb * num_bigint::BigUint::from(10u32).pow(k)))
            }
            Ordering::Less => {
                let k = (i64::from(sb) - i64::from(sa)) as u32;
                (ma * num_bigint::BigUint::from(10u32).pow(k)).cmp(&mb)
            }
        }
    };
    if sign_a == Sign::Minus {
        mag.reverse()
    } else {
        mag
    }
}

/// The 60-bit timestamp of a version 1 UUID (with the version nibble on top, constant).
fn reordered_timestamp(msb: u64) -> u64 {
    (msb << 48) | ((msb << 16) & 0xFFFF_0000_0000) | (msb >> 32)
}

fn halves(u: &Uuid) -> (u64, u64) {
    let b = u.as_bytes();
    let mut hi = [0u8; 8];
    let mut lo = [0u8; 8];
    hi.copy_from_slice(&b[..8]);
    lo.copy_from_slice(&b[8..]);
    (u64::from_be_bytes(hi), u64::from_be_bytes(lo))
}

/// `UUIDType`: version, then (version 1) timestamp or (others) the high half unsigned,
/// then the low half unsigned.
pub fn compare_uuid(a: &Uuid, b: &Uuid) -> Ordering {
    let (ha, la) = halves(a);
    let (hb, lb) = halves(b);
    let (va, vb) = ((ha >> 12) & 0xf, (hb >> 12) & 0xf);
    if va != vb {
        return va.cmp(&vb);
    }
    let c = if va == 1 {
        reordered_timestamp(ha).cmp(&reordered_timestamp(hb))
    } else {
        ha.cmp(&hb)
    };
    c.then_with(|| la.cmp(&lb))
}

/// `TimeUUIDType`: timestamp, then the low 8 bytes compared as signed bytes.
pub fn compare_timeuuid(a: &Uuid, b: &Uuid) -> Ordering {
    let (ha, _) = halves(a);
    let (hb, _) = halves(b);
    (reordered_timestamp(ha) as i64)
        .cmp(&(reordered_timestamp(hb) as i64))
        .then_with(|| {
            let x = a.as_bytes()[8..].iter().map(|v| *v as i8);
            let y = b.as_bytes()[8..].iter().map(|v| *v as i8);
            x.cmp(y)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::NativeType;

    fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }

    #[test]
    fn floats_follow_java() {
        let f = n(NativeType::Float);
        assert_eq!(
            compare(&f, &Value::Float(-0.0), &Value::Float(0.0)),
            Ordering::Less
        );
        assert_eq!(
            compare(&f, &Value::Float(f32::NAN), &Value::Float(f32::INFINITY)),
            Ordering::Greater
        );
        assert_eq!(
            compare(&f, &Value::Float(f32::NAN), &Value::Float(-f32::NAN)),
            Ordering::Equal
        );
        assert_eq!(
            compare(&f, &Value::Empty, &Value::Float(f32::NEG_INFINITY)),
            Ordering::Less
        );
    }

    #[test]
    fn decimals_numeric() {
        let d = |u: i64, s: i32| Value::Decimal {
            unscaled: BigInt::from(u),
            scale: s,
        };
        let t = n(NativeType::Decimal);
        assert_eq!(compare(&t, &d(10, 1), &d(100, 2)), Ordering::Equal);
        assert_eq!(compare(&t, &d(1, -10), &d(9, 0)), Ordering::Greater);
        assert_eq!(compare(&t, &d(-1, -10), &d(-9, 0)), Ordering::Less);
        assert_eq!(compare(&t, &d(0, 2), &d(0, -5)), Ordering::Equal);
        assert_eq!(compare(&t, &d(123, 2), &d(1229, 3)), Ordering::Greater);
    }

    #[test]
    fn uuids() {
        let t1: Uuid = "a747c000-2c29-11ea-8000-0123456789ab"
            .parse()
            .unwrap_or_default();
        let t2: Uuid = "3c7ca000-2c8e-11ea-8001-0123456789ab"
            .parse()
            .unwrap_or_default();
        assert_eq!(compare_timeuuid(&t1, &t2), Ordering::Less);
        assert_eq!(compare_uuid(&t1, &t2), Ordering::Less);
        // Signed low bytes: 0x80 sorts before 0x00 for timeuuid, after it for uuid.
        let a: Uuid = "a747c000-2c29-11ea-8000-0123456789ab"
            .parse()
            .unwrap_or_default();
        let b: Uuid = "a747c000-2c29-11ea-0000-0123456789ab"
            .parse()
            .unwrap_or_default();
        assert_eq!(compare_timeuuid(&a, &b), Ordering::Less);
        assert_eq!(compare_uuid(&a, &b), Ordering::Greater);
        // Version first for uuid.
        let v4: Uuid = "00000000-0000-4000-8000-000000000000"
            .parse()
            .unwrap_or_default();
        assert_eq!(compare_uuid(&t1, &v4), Ordering::Less);
    }

    #[test]
    fn tuples_null_first() {
        let t = CqlType::Tuple(vec![n(NativeType::Int), n(NativeType::Int)]);
        let a = Value::Tuple(vec![Some(Value::Int(1)), None]);
        let b = Value::Tuple(vec![Some(Value::Int(1)), Some(Value::Int(-5))]);
        assert_eq!(compare(&t, &a, &b), Ordering::Less);
        let c = Value::Tuple(vec![Some(Value::Int(1))]);
        assert_eq!(compare(&t, &a, &c), Ordering::Equal);
    }
}
