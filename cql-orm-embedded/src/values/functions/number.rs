//! Java's numeric conversions (`Number.intValue()`, `BigDecimal.valueOf(double)`, ...), as
//! Cassandra's casts use them.

use num_bigint::BigInt;

use crate::types::NativeType;
use crate::value::Value;

use super::super::decimal::{decimal_from_f64, decimal_to_bigint};

/// A numeric value in one of Java's number classes.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// `Byte`, `Short`, `Integer`, `Long`.
    Long(i64),
    /// `Float`.
    Float(f32),
    /// `Double`.
    Double(f64),
    /// `BigInteger`.
    Big(BigInt),
    /// `BigDecimal` (unscaled, scale).
    Dec(BigInt, i32),
}

impl Num {
    /// The number held by a numeric value (`None` for other values, including empty).
    pub fn of(v: &Value) -> Option<Num> {
        Some(match v {
            Value::TinyInt(x) => Num::Long(i64::from(*x)),
            Value::SmallInt(x) => Num::Long(i64::from(*x)),
            Value::Int(x) => Num::Long(i64::from(*x)),
            Value::BigInt(x) | Value::Counter(x) => Num::Long(*x),
            Value::Float(x) => Num::Float(*x),
            Value::Double(x) => Num::Double(*x),
            Value::Varint(x) => Num::Big(x.clone()),
            Value::Decimal { unscaled, scale } => Num::Dec(unscaled.clone(), *scale),
            _ => return None,
        })
    }

    /// Java `longValue()`: wraps integers, saturates floating point (NaN is 0), truncates
    /// decimals.
    pub fn long_value(&self) -> i64 {
        match self {
            Num::Long(x) => *x,
            Num::Float(x) => *x as i64,
            Num::Double(x) => *x as i64,
            Num::Big(b) => low_bits(b),
            Num::Dec(u, s) => low_bits(&decimal_to_bigint(u, *s)),
        }
    }

    /// Java `intValue()` (floating point saturates to the int range).
    pub fn int_value(&self) -> i32 {
        match self {
            Num::Float(x) => *x as i32,
            Num::Double(x) => *x as i32,
            _ => self.long_value() as i32,
        }
    }

    /// Java `doubleValue()`.
    pub fn double_value(&self) -> f64 {
        match self {
            Num::Long(x) => *x as f64,
            Num::Float(x) => f64::from(*x),
            Num::Double(x) => *x,
            Num::Big(b) => b.to_string().parse().unwrap_or(f64::NAN),
            Num::Dec(u, s) => super::super::decimal::decimal_to_f64(u, *s),
        }
    }

    /// Java `floatValue()`.
    pub fn float_value(&self) -> f32 {
        match self {
            Num::Long(x) => *x as f32,
            Num::Float(x) => *x,
            Num::Double(x) => *x as f32,
            Num::Big(b) => b.to_string().parse().unwrap_or(f32::NAN),
            Num::Dec(u, s) => format!("{u}e{}", -i64::from(*s))
                .parse()
                .unwrap_or(f32::NAN),
        }
    }

    /// The value converted to a numeric CQL type as Cassandra's casts convert it; `None`
    /// when Java would fail (`BigDecimal.valueOf(NaN)`) or the target is not numeric.
    pub fn to_type(&self, t: NativeType) -> Option<Value> {
        Some(match t {
            NativeType::TinyInt => Value::TinyInt(self.int_value() as i8),
            NativeType::SmallInt => Value::SmallInt(self.int_value() as i16),
            NativeType::Int => Value::Int(self.int_value()),
            NativeType::BigInt => Value::BigInt(self.long_value()),
            NativeType::Counter => Value::Counter(self.long_value()),
            NativeType::Float => Value::Float(self.float_value()),
            NativeType::Double => Value::Double(self.double_value()),
            NativeType::Decimal => {
                let (unscaled, scale) = match self {
                    Num::Float(_) | Num::Double(_) => decimal_from_f64(self.double_value())?,
                    Num::Big(b) => (b.clone(), 0),
                    Num::Dec(u, s) => (u.clone(), *s),
                    Num::Long(x) => (BigInt::from(*x), 0),
                };
                Value::Decimal { unscaled, scale }
            }
            NativeType::Varint => Value::Varint(match self {
                Num::Big(b) => b.clone(),
                Num::Dec(u, s) => decimal_to_bigint(u, *s),
                _ => BigInt::from(self.long_value()),
            }),
            _ => return None,
        })
    }
}

/// The low 64 bits of a big integer, as `BigInteger.longValue()`.
pub fn low_bits(b: &BigInt) -> i64 {
    let masked: BigInt = b & BigInt::from(u64::MAX);
    u64::try_from(&masked).unwrap_or(0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_conversions() {
        assert_eq!(
            Num::Float(1.5).to_type(NativeType::Int),
            Some(Value::Int(1))
        );
        assert_eq!(
            Num::Float(-1.5).to_type(NativeType::Int),
            Some(Value::Int(-1))
        );
        assert_eq!(
            Num::Double(f64::NAN).to_type(NativeType::Int),
            Some(Value::Int(0))
        );
        assert_eq!(
            Num::Double(1e20).to_type(NativeType::Int),
            Some(Value::Int(i32::MAX))
        );
        assert_eq!(
            Num::Double(1e20).to_type(NativeType::TinyInt),
            Some(Value::TinyInt(-1))
        );
        assert_eq!(
            Num::Long(300).to_type(NativeType::TinyInt),
            Some(Value::TinyInt(44))
        );
        assert_eq!(
            Num::Long(10).to_type(NativeType::Double),
            Some(Value::Double(10.0))
        );
        assert_eq!(
            Num::Long(1).to_type(NativeType::Varint),
            Some(Value::Varint(BigInt::from(1)))
        );
        let big: BigInt = "18446744073709551617".parse().unwrap_or_default();
        assert_eq!(
            Num::Big(big).to_type(NativeType::BigInt),
            Some(Value::BigInt(1))
        );
        assert_eq!(
            Num::Float(1.1).to_type(NativeType::Decimal),
            Some(Value::Decimal {
                unscaled: BigInt::from(1100000023841858i64),
                scale: 15
            })
        );
        assert_eq!(Num::Double(f64::NAN).to_type(NativeType::Decimal), None);
        assert_eq!(
            Num::Dec(BigInt::from(-15), 1).to_type(NativeType::Varint),
            Some(Value::Varint(BigInt::from(-1)))
        );
    }
}
