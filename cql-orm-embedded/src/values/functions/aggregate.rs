//! Native aggregates: `count`, `min`, `max`, `sum`, `avg` (Cassandra's `AggregateFcts`).

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};

use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::super::compare::compare;
use super::super::schema_text::type_to_schema_string;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CountRows,
    Count,
    Min,
    Max,
    Sum,
    Avg,
}

/// A resolved aggregate function.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateFn {
    kind: Kind,
    arg_type: CqlType,
    return_type: CqlType,
}

/// Whether `name` (case-insensitive, `system.` optional) is a native aggregate.
pub fn is_aggregate(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.strip_prefix("system.").unwrap_or(&lower),
        "count" | "min" | "max" | "sum" | "avg"
    )
}

/// `COUNT(*)` (also `COUNT(1)`): counts rows; result column `count`, type bigint.
pub fn count_rows() -> AggregateFn {
    AggregateFn {
        kind: Kind::CountRows,
        arg_type: CqlType::Native(NativeType::BigInt),
        return_type: CqlType::Native(NativeType::BigInt),
    }
}

fn numeric(t: NativeType) -> bool {
    use NativeType::*;
    matches!(
        t,
        TinyInt | SmallInt | Int | BigInt | Counter | Float | Double | Decimal | Varint
    )
}

/// Resolves an aggregate by name (case-insensitive, `system.` optional) for an argument
/// type. `count` takes any type, `min`/`max` any native type, `sum`/`avg` numeric types;
/// results are bigint for `count` and the argument type otherwise (bigint for counters).
pub fn lookup_aggregate(name: &str, arg_type: &CqlType) -> CqlResult<AggregateFn> {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_prefix("system.").unwrap_or(&lower);
    let kind = match base {
        "count" => Kind::Count,
        "min" => Kind::Min,
        "max" => Kind::Max,
        "sum" => Kind::Sum,
        "avg" => Kind::Avg,
        _ => return Err(CqlError::invalid(format!("Unknown function {name} called"))),
    };
    let native = match arg_type {
        CqlType::Native(t) => Some(*t),
        _ => None,
    };
    let ok = match kind {
        Kind::Count | Kind::CountRows => true,
        Kind::Min | Kind::Max => native.is_some(),
        Kind::Sum | Kind::Avg => native.is_some_and(numeric),
    };
    if !ok {
        return Err(CqlError::invalid(format!(
            "Invalid call to function {base}, none of its type signatures match (argument of type {})",
            type_to_schema_string(arg_type)
        )));
    }
    let return_type = match (kind, native) {
        (Kind::Count, _) => CqlType::Native(NativeType::BigInt),
        (_, Some(NativeType::Counter)) => CqlType::Native(NativeType::BigInt),
        _ => arg_type.clone(),
    };
    Ok(AggregateFn {
        kind,
        arg_type: arg_type.clone(),
        return_type,
    })
}

impl AggregateFn {
    /// The function's name (`count`, `min`, ...).
    pub fn name(&self) -> &'static str {
        match self.kind {
            Kind::CountRows | Kind::Count => "count",
            Kind::Min => "min",
            Kind::Max => "max",
            Kind::Sum => "sum",
            Kind::Avg => "avg",
        }
    }

    /// The argument type the aggregate was resolved for.
    pub fn arg_type(&self) -> &CqlType {
        &self.arg_type
    }

    /// The result type.
    pub fn return_type(&self) -> &CqlType {
        &self.return_type
    }

    /// The result column name: `count` for `COUNT(*)`, else `system.avg(v)`.
    pub fn column_name(&self, arg: &str) -> String {
        match self.kind {
            Kind::CountRows => "count".into(),
            _ => format!("system.{}({arg})", self.name()),
        }
    }

    /// A fresh accumulator (one per group / query).
    pub fn accumulator(&self) -> Accumulator {
        Accumulator {
            f: self.clone(),
            count: 0,
            state: State::Empty,
        }
    }
}

#[derive(Debug, Clone)]
enum State {
    Empty,
    Best(Value),
    Int(i128),
    Float { sum: f64, compensation: f64 },
    Big(BigInt),
    Dec(BigInt, i32),
}

/// The running state of an aggregate: feed every row's argument with [`Accumulator::add`]
/// (`None` for null; nulls and empty values are skipped, except by `COUNT(*)`), then read
/// the result with [`Accumulator::finish`].
#[derive(Debug, Clone)]
pub struct Accumulator {
    f: AggregateFn,
    count: i64,
    state: State,
}

impl Accumulator {
    /// Adds one row's argument.
    pub fn add(&mut self, value: Option<&Value>) {
        if self.f.kind == Kind::CountRows {
            self.count += 1;
            return;
        }
        let Some(v) = value else { return };
        if matches!(v, Value::Empty) {
            return;
        }
        self.count += 1;
        match self.f.kind {
            Kind::Min | Kind::Max => {
                let better = match &self.state {
                    State::Best(b) => {
                        let c = compare(&self.f.arg_type, v, b);
                        if self.f.kind == Kind::Min {
                            c == Ordering::Less
                        } else {
                            c == Ordering::Greater
                        }
                    }
                    _ => true,
                };
                if better {
                    self.state = State::Best(v.clone());
                }
            }
            Kind::Sum | Kind::Avg => self.add_number(v),
            Kind::Count | Kind::CountRows => {}
        }
    }

    fn add_number(&mut self, v: &Value) {
        let state = std::mem::replace(&mut self.state, State::Empty);
        self.state = match v {
            Value::TinyInt(_)
            | Value::SmallInt(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::Counter(_) => {
                let x = match v {
                    Value::TinyInt(x) => i128::from(*x),
                    Value::SmallInt(x) => i128::from(*x),
                    Value::Int(x) => i128::from(*x),
                    Value::BigInt(x) | Value::Counter(x) => i128::from(*x),
                    _ => 0,
                };
                let s = if let State::Int(s) = state { s } else { 0 };
                State::Int(s.saturating_add(x))
            }
            Value::Float(_) | Value::Double(_) => {
                let x = match v {
                    Value::Float(x) => f64::from(*x),
                    Value::Double(x) => *x,
                    _ => 0.0,
                };
                let (sum, c) = match state {
                    State::Float { sum, compensation } => (sum, compensation),
                    _ => (0.0, 0.0),
                };
                // Kahan (compensated) summation, as Cassandra sums floating point.
                let y = x - c;
                let t = sum + y;
                let compensation = if t.is_finite() { (t - sum) - y } else { 0.0 };
                State::Float {
                    sum: t,
                    compensation,
                }
            }
            Value::Varint(x) => match state {
                State::Big(s) => State::Big(s + x),
                _ => State::Big(x.clone()),
            },
            Value::Decimal { unscaled, scale } => match state {
                State::Dec(su, ss) => {
                    let (a, b, s) = align(&su, ss, unscaled, *scale);
                    State::Dec(a + b, s)
                }
                _ => {
                    // Java starts from BigDecimal.ZERO (scale 0).
                    let (a, b, s) = align(&BigInt::from(0), 0, unscaled, *scale);
                    State::Dec(a + b, s)
                }
            },
            _ => state,
        };
    }

    /// The aggregate's result (`None` is null: `min`/`max` of no values).
    pub fn finish(&self) -> Option<Value> {
        let rt = match &self.f.return_type {
            CqlType::Native(t) => *t,
            _ => NativeType::Blob,
        };
        match self.f.kind {
            Kind::CountRows | Kind::Count => Some(Value::BigInt(self.count)),
            Kind::Min | Kind::Max => match &self.state {
                State::Best(Value::Counter(c)) => Some(Value::BigInt(*c)),
                State::Best(v) => Some(v.clone()),
                _ => None,
            },
            Kind::Sum => Some(self.result(rt, 1)),
            Kind::Avg => Some(self.result(rt, self.count.max(1))),
        }
    }

    /// The sum divided by `div` (1 for `sum`), as a value of the result type; Java's
    /// arithmetic: integer sums wrap to the type's width, divisions truncate.
    fn result(&self, rt: NativeType, div: i64) -> Value {
        match (&self.state, rt) {
            (State::Float { sum, .. }, NativeType::Float) => {
                Value::Float((if div == 1 { *sum } else { sum / div as f64 }) as f32)
            }
            (State::Float { sum, .. }, _) => {
                Value::Double(if div == 1 { *sum } else { sum / div as f64 })
            }
            (State::Big(s), _) => Value::Varint(s / BigInt::from(div)),
            (State::Dec(u, s), _) => Value::Decimal {
                unscaled: div_half_even(u, &BigInt::from(div)),
                scale: *s,
            },
            (state, rt) => {
                let s = if let State::Int(s) = state { *s } else { 0 };
                let q = s / i128::from(div);
                match rt {
                    NativeType::TinyInt => Value::TinyInt(q as i8),
                    NativeType::SmallInt => Value::SmallInt(q as i16),
                    NativeType::Int => Value::Int(q as i32),
                    NativeType::Float => Value::Float(0.0),
                    NativeType::Double => Value::Double(0.0),
                    NativeType::Varint => Value::Varint(BigInt::from(q)),
                    NativeType::Decimal => Value::Decimal {
                        unscaled: BigInt::from(q),
                        scale: 0,
                    },
                    _ => Value::BigInt(q as i64),
                }
            }
        }
    }
}

/// Brings two decimals to the larger scale.
fn align(a: &BigInt, sa: i32, b: &BigInt, sb: i32) -> (BigInt, BigInt, i32) {
    let ten = BigInt::from(10u32);
    match sa.cmp(&sb) {
        Ordering::Equal => (a.clone(), b.clone(), sa),
        Ordering::Less => (a * ten.pow((sb - sa).unsigned_abs()), b.clone(), sb),
        Ordering::Greater => (a.clone(), b * ten.pow((sa - sb).unsigned_abs()), sa),
    }
}

/// `n / d` rounded half-even (d > 0).
fn div_half_even(n: &BigInt, d: &BigInt) -> BigInt {
    let q = n / d;
    let r = n - &q * d;
    let twice = (&r * 2i32).magnitude().clone();
    let dm = d.magnitude().clone();
    let away = match twice.cmp(&dm) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => (&q % 2i32).sign() != Sign::NoSign,
    };
    if !away {
        q
    } else if n.sign() == Sign::Minus {
        q - 1
    } else {
        q + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }

    fn run(name: &str, t: NativeType, vals: &[Option<Value>]) -> Option<Value> {
        let f = lookup_aggregate(name, &n(t)).ok()?;
        let mut acc = f.accumulator();
        for v in vals {
            acc.add(v.as_ref());
        }
        acc.finish()
    }

    #[test]
    fn recorded_aggregates() {
        let v = [Some(Value::Int(1)), Some(Value::Int(2)), None];
        assert_eq!(run("count", NativeType::Int, &v), Some(Value::BigInt(2)));
        assert_eq!(run("min", NativeType::Int, &v), Some(Value::Int(1)));
        assert_eq!(run("max", NativeType::Int, &v), Some(Value::Int(2)));
        assert_eq!(run("sum", NativeType::Int, &v), Some(Value::Int(3)));
        assert_eq!(run("avg", NativeType::Int, &v), Some(Value::Int(1)));
        let d = [
            Some(Value::Double(0.5)),
            Some(Value::Double(1.5)),
            Some(Value::Double(2.0)),
        ];
        assert_eq!(
            run("avg", NativeType::Double, &d),
            Some(Value::Double(1.3333333333333333))
        );
        let mut rows = count_rows().accumulator();
        for _ in 0..3 {
            rows.add(None);
        }
        assert_eq!(rows.finish(), Some(Value::BigInt(3)));
        assert_eq!(count_rows().column_name("*"), "count");
        let f = lookup_aggregate("AVG", &n(NativeType::Int));
        assert_eq!(
            f.map(|f| f.column_name("v")).ok().as_deref(),
            Some("system.avg(v)")
        );
    }

    #[test]
    fn java_overflow_and_empty_inputs() {
        let v = [Some(Value::Int(i32::MAX)), Some(Value::Int(1))];
        assert_eq!(run("sum", NativeType::Int, &v), Some(Value::Int(i32::MIN)));
        assert_eq!(run("avg", NativeType::Int, &v), Some(Value::Int(1 << 30)));
        assert_eq!(run("sum", NativeType::Int, &[]), Some(Value::Int(0)));
        assert_eq!(
            run("avg", NativeType::Double, &[]),
            Some(Value::Double(0.0))
        );
        assert_eq!(run("max", NativeType::Int, &[]), None);
        let t = [Some(Value::Text("b".into())), Some(Value::Text("a".into()))];
        assert_eq!(
            run("min", NativeType::Text, &t),
            Some(Value::Text("a".into()))
        );
        assert!(lookup_aggregate("sum", &n(NativeType::Text)).is_err());
        let c = [Some(Value::Counter(5)), Some(Value::Counter(2))];
        assert_eq!(run("sum", NativeType::Counter, &c), Some(Value::BigInt(7)));
        assert_eq!(run("max", NativeType::Counter, &c), Some(Value::BigInt(5)));
        let dec = |u: i64, s: i32| {
            Some(Value::Decimal {
                unscaled: BigInt::from(u),
                scale: s,
            })
        };
        assert_eq!(
            run("sum", NativeType::Decimal, &[dec(15, 1), dec(2, 0)]),
            dec(35, 1)
        );
        assert_eq!(
            run("avg", NativeType::Decimal, &[dec(15, 1), dec(2, 0)]),
            dec(18, 1)
        );
        assert_eq!(
            run(
                "avg",
                NativeType::Float,
                &[Some(Value::Float(1.0)), Some(Value::Float(2.0))]
            ),
            Some(Value::Float(1.5))
        );
    }
}
