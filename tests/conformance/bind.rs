//! Canonical JSON values (a step's `params`) to driver values, guided by the bind
//! marker's type from the PREPARED metadata.

use num_bigint::BigInt;
use scylla::frame::response::result::{CollectionType, ColumnType, NativeType};
use scylla::value::{
    Counter, CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlTimeuuid, CqlValue,
    CqlVarint,
};
use serde_json::Value;

use crate::forms::{parse_date, parse_decimal};
use crate::typestring::type_string;

/// Converts a canonical JSON value to a driver value of type `typ` (`None` for null).
pub fn bind_value(typ: &ColumnType<'_>, value: &Value) -> Result<Option<CqlValue>, String> {
    if value.is_null() {
        return Ok(None);
    }
    if value.get("$empty") == Some(&Value::Bool(true)) {
        return Ok(Some(CqlValue::Empty));
    }
    non_null(typ, value).map(Some)
}

fn non_null(typ: &ColumnType<'_>, value: &Value) -> Result<CqlValue, String> {
    let mismatch = || format!("{value} is not a canonical {} value", type_string(typ));
    let converted = match typ {
        ColumnType::Native(native) => native_value(native, value),
        ColumnType::Collection {
            typ: collection, ..
        } => match collection {
            CollectionType::List(element) => elements(element, value).map(CqlValue::List),
            CollectionType::Set(element) => elements(element, value).map(CqlValue::Set),
            CollectionType::Map(key_type, value_type) => value
                .as_array()
                .and_then(|pairs| {
                    pairs
                        .iter()
                        .map(|pair| match pair.as_array().map(Vec::as_slice) {
                            Some([k, v]) => {
                                Some((non_null(key_type, k).ok()?, non_null(value_type, v).ok()?))
                            }
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()
                })
                .map(CqlValue::Map),
            _ => None,
        },
        ColumnType::Tuple(components) => value.as_array().and_then(|items| {
            if items.len() != components.len() {
                return None;
            }
            components
                .iter()
                .zip(items)
                .map(|(typ, item)| bind_value(typ, item).ok())
                .collect::<Option<Vec<_>>>()
                .map(CqlValue::Tuple)
        }),
        ColumnType::UserDefinedType { definition, .. } => value.as_object().and_then(|object| {
            if object
                .keys()
                .any(|key| !definition.field_types.iter().any(|(name, _)| name == key))
            {
                return None;
            }
            let fields = definition
                .field_types
                .iter()
                .map(|(name, typ)| {
                    let field = match object.get(name.as_ref()) {
                        Some(v) => bind_value(typ, v).ok()?,
                        None => None,
                    };
                    Some((name.to_string(), field))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(CqlValue::UserDefinedType {
                keyspace: definition.keyspace.to_string(),
                name: definition.name.to_string(),
                fields,
            })
        }),
        _ => None,
    };
    converted.ok_or_else(mismatch)
}

fn elements(element: &ColumnType<'_>, value: &Value) -> Option<Vec<CqlValue>> {
    value
        .as_array()?
        .iter()
        .map(|item| non_null(element, item).ok())
        .collect()
}

fn native_value(native: &NativeType, value: &Value) -> Option<CqlValue> {
    Some(match native {
        NativeType::Ascii => CqlValue::Ascii(value.as_str()?.to_owned()),
        NativeType::Text => CqlValue::Text(value.as_str()?.to_owned()),
        NativeType::Blob => CqlValue::Blob(parse_blob(value.as_str()?)?),
        NativeType::Boolean => CqlValue::Boolean(value.as_bool()?),
        NativeType::TinyInt => CqlValue::TinyInt(i8::try_from(value.as_i64()?).ok()?),
        NativeType::SmallInt => CqlValue::SmallInt(i16::try_from(value.as_i64()?).ok()?),
        NativeType::Int => CqlValue::Int(i32::try_from(value.as_i64()?).ok()?),
        NativeType::BigInt => CqlValue::BigInt(value.as_i64()?),
        NativeType::Counter => CqlValue::Counter(Counter(value.as_i64()?)),
        NativeType::Timestamp => CqlValue::Timestamp(CqlTimestamp(value.as_i64()?)),
        NativeType::Time => CqlValue::Time(CqlTime(value.as_i64()?)),
        NativeType::Varint => {
            let n: BigInt = value.as_str()?.parse().ok()?;
            CqlValue::Varint(CqlVarint::from_signed_bytes_be(n.to_signed_bytes_be()))
        }
        NativeType::Decimal => {
            let (unscaled, scale) = parse_decimal(value.as_str()?)?;
            CqlValue::Decimal(CqlDecimal::from_signed_be_bytes_and_exponent(
                unscaled.to_signed_bytes_be(),
                scale,
            ))
        }
        NativeType::Float => CqlValue::Float(parse_float(value)? as f32),
        NativeType::Double => CqlValue::Double(parse_float(value)?),
        NativeType::Uuid => CqlValue::Uuid(value.as_str()?.parse().ok()?),
        NativeType::Timeuuid => CqlValue::Timeuuid(CqlTimeuuid::from(
            value.as_str()?.parse::<uuid::Uuid>().ok()?,
        )),
        NativeType::Inet => CqlValue::Inet(value.as_str()?.parse().ok()?),
        NativeType::Date => CqlValue::Date(CqlDate(parse_date(value.as_str()?)?)),
        NativeType::Duration => {
            let object = value.as_object()?;
            CqlValue::Duration(CqlDuration {
                months: i32::try_from(object.get("months")?.as_i64()?).ok()?,
                days: i32::try_from(object.get("days")?.as_i64()?).ok()?,
                nanoseconds: object.get("nanos")?.as_i64()?,
            })
        }
        _ => return None,
    })
}

/// A JSON number, or one of `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn parse_float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

fn parse_blob(text: &str) -> Option<Vec<u8>> {
    let hex = text.strip_prefix("0x")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Arc;

    use scylla::frame::response::result::{
        CollectionType, ColumnType, NativeType, UserDefinedType,
    };
    use scylla::value::CqlValue;
    use serde_json::json;

    use super::bind_value;
    use crate::canonical::canonical;

    fn round_trip(typ: ColumnType<'static>, value: serde_json::Value) {
        let bound = bind_value(&typ, &value).unwrap();
        assert_eq!(canonical(bound.as_ref()), value, "{typ:?}");
    }

    #[test]
    fn natives_round_trip() {
        use NativeType::*;
        round_trip(ColumnType::Native(Int), json!(-2147483648));
        round_trip(ColumnType::Native(BigInt), json!(-9223372036854775808_i64));
        round_trip(
            ColumnType::Native(Varint),
            json!("-170141183460469231731687303715884105729"),
        );
        round_trip(ColumnType::Native(Decimal), json!("-1.0E-20"));
        round_trip(ColumnType::Native(Decimal), json!("0.00"));
        round_trip(ColumnType::Native(Float), json!(1.100000023841858));
        round_trip(ColumnType::Native(Double), json!("Infinity"));
        round_trip(ColumnType::Native(Blob), json!("0xdeadbeef"));
        round_trip(ColumnType::Native(Date), json!("-1-12-31"));
        round_trip(ColumnType::Native(Inet), json!("2001:db8::ff00:42:8329"));
        round_trip(
            ColumnType::Native(Timeuuid),
            json!("fe2b4360-28c6-11ee-be56-0242ac120002"),
        );
        round_trip(
            ColumnType::Native(Duration),
            json!({"months": 14, "days": 25, "nanos": 18367008009010_i64}),
        );
        round_trip(ColumnType::Native(Int), json!({"$empty": true}));
        round_trip(ColumnType::Native(Text), json!(null));
        assert!(bind_value(&ColumnType::Native(TinyInt), &json!(300)).is_err());
        assert!(bind_value(&ColumnType::Native(Blob), &json!("dead")).is_err());
    }

    #[test]
    fn composites_round_trip() {
        let map = ColumnType::Collection {
            frozen: false,
            typ: CollectionType::Map(
                Box::new(ColumnType::Native(NativeType::Text)),
                Box::new(ColumnType::Native(NativeType::Int)),
            ),
        };
        round_trip(map, json!([["a", 10], ["d", 4]]));
        let tuple = ColumnType::Tuple(vec![
            ColumnType::Native(NativeType::Int),
            ColumnType::Native(NativeType::Text),
        ]);
        round_trip(tuple, json!([2, null]));
    }

    #[test]
    fn udt_fields_left_out_are_null() {
        let udt = ColumnType::UserDefinedType {
            frozen: true,
            definition: Arc::new(UserDefinedType {
                name: Cow::Borrowed("address"),
                keyspace: Cow::Borrowed("ks"),
                field_types: vec![
                    (
                        Cow::Borrowed("street"),
                        ColumnType::Native(NativeType::Text),
                    ),
                    (Cow::Borrowed("zip"), ColumnType::Native(NativeType::Int)),
                ],
            }),
        };
        let bound = bind_value(&udt, &json!({"street": "Main"}))
            .unwrap()
            .unwrap();
        match bound {
            CqlValue::UserDefinedType {
                keyspace,
                name,
                fields,
            } => {
                assert_eq!((keyspace.as_str(), name.as_str()), ("ks", "address"));
                assert_eq!(
                    fields,
                    vec![
                        ("street".to_owned(), Some(CqlValue::Text("Main".into()))),
                        ("zip".to_owned(), None),
                    ]
                );
            }
            other => panic!("not a UDT: {other:?}"),
        }
        assert!(bind_value(&udt, &json!({"nope": 1})).is_err());
    }
}
