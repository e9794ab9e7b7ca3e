//! Driver values to the corpus's canonical JSON forms (README "Canonical value forms").

use num_bigint::BigInt;
use scylla::value::CqlValue;
use serde_json::{json, Map, Value};

use crate::forms::{date_string, decimal_string};

/// The canonical JSON form of a nullable cell.
pub fn canonical(value: Option<&CqlValue>) -> Value {
    match value {
        None => Value::Null,
        Some(value) => canonical_value(value),
    }
}

/// The canonical JSON form of a non-null driver value.
pub fn canonical_value(value: &CqlValue) -> Value {
    match value {
        CqlValue::Empty => json!({"$empty": true}),
        CqlValue::Ascii(s) | CqlValue::Text(s) => Value::String(s.clone()),
        CqlValue::Blob(bytes) => Value::String(blob_string(bytes)),
        CqlValue::Boolean(b) => Value::Bool(*b),
        CqlValue::TinyInt(n) => Value::from(*n),
        CqlValue::SmallInt(n) => Value::from(*n),
        CqlValue::Int(n) => Value::from(*n),
        CqlValue::BigInt(n) => Value::from(*n),
        CqlValue::Counter(counter) => Value::from(counter.0),
        CqlValue::Varint(varint) => Value::String(
            BigInt::from_signed_bytes_be(varint.as_signed_bytes_be_slice()).to_string(),
        ),
        CqlValue::Decimal(decimal) => {
            let (bytes, scale) = decimal.as_signed_be_bytes_slice_and_exponent();
            Value::String(decimal_string(&BigInt::from_signed_bytes_be(bytes), scale))
        }
        CqlValue::Float(f) => float_value(f64::from(*f)),
        CqlValue::Double(d) => float_value(*d),
        CqlValue::Uuid(uuid) => Value::String(uuid.hyphenated().to_string()),
        CqlValue::Timeuuid(timeuuid) => Value::String(timeuuid.as_ref().hyphenated().to_string()),
        CqlValue::Inet(addr) => Value::String(addr.to_string()),
        CqlValue::Timestamp(ts) => Value::from(ts.0),
        CqlValue::Date(date) => Value::String(date_string(date.0)),
        CqlValue::Time(time) => Value::from(time.0),
        CqlValue::Duration(d) => {
            json!({"months": d.months, "days": d.days, "nanos": d.nanoseconds})
        }
        CqlValue::List(items) | CqlValue::Set(items) | CqlValue::Vector(items) => {
            Value::Array(items.iter().map(canonical_value).collect())
        }
        CqlValue::Map(pairs) => Value::Array(
            pairs
                .iter()
                .map(|(k, v)| Value::Array(vec![canonical_value(k), canonical_value(v)]))
                .collect(),
        ),
        CqlValue::Tuple(items) => {
            Value::Array(items.iter().map(|item| canonical(item.as_ref())).collect())
        }
        CqlValue::UserDefinedType { fields, .. } => Value::Object(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), canonical(value.as_ref())))
                .collect::<Map<String, Value>>(),
        ),
        other => json!({"$unsupported": format!("{other:?}")}),
    }
}

/// `0x` followed by lower-case hex.
pub fn blob_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A float or double: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn float_value(value: f64) -> Value {
    if value.is_nan() {
        Value::String("NaN".into())
    } else if value == f64::INFINITY {
        Value::String("Infinity".into())
    } else if value == f64::NEG_INFINITY {
        Value::String("-Infinity".into())
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use scylla::value::{
        Counter, CqlDate, CqlDecimal, CqlDuration, CqlTimestamp, CqlValue, CqlVarint,
    };
    use serde_json::json;

    use super::canonical_value;

    #[test]
    fn native_forms() {
        assert_eq!(
            canonical_value(&CqlValue::Float(1.1)),
            json!(1.100000023841858)
        );
        assert_eq!(canonical_value(&CqlValue::Float(-0.0)).to_string(), "-0.0");
        assert_eq!(canonical_value(&CqlValue::Double(5e-324)), json!(5e-324));
        assert_eq!(canonical_value(&CqlValue::Double(f64::NAN)), json!("NaN"));
        assert_eq!(
            canonical_value(&CqlValue::Float(f32::NEG_INFINITY)),
            json!("-Infinity")
        );
        assert_eq!(
            canonical_value(&CqlValue::Blob(vec![0xde, 0xad, 0xbe, 0xef])),
            json!("0xdeadbeef")
        );
        assert_eq!(canonical_value(&CqlValue::Blob(vec![])), json!("0x"));
        assert_eq!(canonical_value(&CqlValue::Empty), json!({"$empty": true}));
        assert_eq!(canonical_value(&CqlValue::Counter(Counter(-3))), json!(-3));
        assert_eq!(
            canonical_value(&CqlValue::Timestamp(CqlTimestamp(-1))),
            json!(-1)
        );
        assert_eq!(
            canonical_value(&CqlValue::Date(CqlDate(0))),
            json!("-5877641-06-23")
        );
        let ip: IpAddr = "2001:0db8:0000:0000:0000:ff00:0042:8329".parse().unwrap();
        assert_eq!(
            canonical_value(&CqlValue::Inet(ip)),
            json!("2001:db8::ff00:42:8329")
        );
        let d = CqlDuration {
            months: 0,
            days: 0,
            nanoseconds: 5_400_000_000_000,
        };
        assert_eq!(
            canonical_value(&CqlValue::Duration(d)),
            json!({"months": 0, "days": 0, "nanos": 5400000000000_i64})
        );
    }

    #[test]
    fn big_numbers() {
        let varint =
            num_bigint::BigInt::parse_bytes(b"-170141183460469231731687303715884105729", 10)
                .unwrap();
        assert_eq!(
            canonical_value(&CqlValue::Varint(CqlVarint::from_signed_bytes_be(
                varint.to_signed_bytes_be()
            ))),
            json!("-170141183460469231731687303715884105729")
        );
        let decimal = CqlDecimal::from_signed_be_bytes_and_exponent(vec![0xf6], 21);
        assert_eq!(
            canonical_value(&CqlValue::Decimal(decimal)),
            json!("-1.0E-20")
        );
        let decimal = CqlDecimal::from_signed_be_bytes_and_exponent(vec![0x03, 0xe8], 3);
        assert_eq!(canonical_value(&CqlValue::Decimal(decimal)), json!("1.000"));
    }

    #[test]
    fn composite_forms() {
        let map = CqlValue::Map(vec![
            (CqlValue::Text("a".into()), CqlValue::Int(10)),
            (CqlValue::Text("d".into()), CqlValue::Int(4)),
        ]);
        assert_eq!(canonical_value(&map), json!([["a", 10], ["d", 4]]));
        let tuple = CqlValue::Tuple(vec![Some(CqlValue::Int(2)), None]);
        assert_eq!(canonical_value(&tuple), json!([2, null]));
        let udt = CqlValue::UserDefinedType {
            keyspace: "ks".into(),
            name: "address".into(),
            fields: vec![
                ("street".into(), Some(CqlValue::Text("Side".into()))),
                ("city".into(), Some(CqlValue::Text("Y".into()))),
                ("zip".into(), None),
            ],
        };
        let value = canonical_value(&udt);
        assert_eq!(value, json!({"street": "Side", "city": "Y", "zip": null}));
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["street", "city", "zip"], "field order is kept");
    }
}
