//! Cassandra's native functions: scalar functions, `CAST`, and aggregates.
//!
//! # Using the registry
//!
//! ```
//! use cql_orm_embedded::types::{CqlType, NativeType};
//! use cql_orm_embedded::value::Value;
//! use cql_orm_embedded::values::functions::{lookup_aggregate, lookup_scalar, ArgType};
//!
//! let int = CqlType::Native(NativeType::Int);
//! // Argument types: `Known` for columns and typed terms, `Literal` for constants,
//! // `Untyped` for bind markers.
//! let f = lookup_scalar("intAsBlob", &[ArgType::Known(int.clone())]).unwrap();
//! assert_eq!(f.return_type(), &CqlType::Native(NativeType::Blob));
//! assert_eq!(f.column_name(&["i"]), "system.intasblob(i)");
//! let out = f.call(&[Some(Value::Int(42))]).unwrap();
//! assert_eq!(out, Some(Value::Blob(vec![0, 0, 0, 42])));
//!
//! let avg = lookup_aggregate("avg", &int).unwrap();
//! let mut acc = avg.accumulator();
//! for v in [Some(Value::Int(1)), None, Some(Value::Int(2))] {
//!     acc.add(v.as_ref());
//! }
//! assert_eq!(acc.finish(), Some(Value::Int(1))); // avg of int is an int, truncated
//! ```
//!
//! * [`lookup_scalar`] resolves a function name (case-insensitive, with or without the
//!   `system.` keyspace) and the argument types to a [`ScalarFn`]. When an argument is
//!   [`ArgType::Literal`] or [`ArgType::Untyped`], the parameter type comes from the
//!   chosen overload: convert the literal with [`crate::values::from_literal_for`] against
//!   [`ScalarFn::arg_types`]`[i]`, bind markers get that type in the prepared metadata.
//!   `token` is not here: the engine hashes with [`crate::values::token`].
//! * [`ScalarFn::call`] takes the evaluated arguments (`None` = null) and returns the
//!   result (`None` = null). Functions of null arguments return null.
//!   [`ScalarFn::is_deterministic`] is false for `now()`, `uuid()`, `current*()`.
//! * [`lookup_cast`] resolves `CAST(x AS type)`; its [`ScalarFn::column_name`] gives
//!   `cast(v as text)`.
//! * [`lookup_aggregate`] resolves `count`, `min`, `max`, `sum`, `avg` for an argument
//!   type to an [`AggregateFn`]; [`AggregateFn::accumulator`] gives a fresh
//!   [`Accumulator`] per group. [`count_rows`] is `COUNT(*)` (column name `count`).
//!   Aggregates skip nulls; `sum`/`avg` of no rows are 0, `min`/`max` null, `count` 0.
//! * [`is_aggregate`] tells the engine whether a name is an aggregate.

mod aggregate;
mod cast;
mod number;
mod scalar;

pub use aggregate::{count_rows, is_aggregate, lookup_aggregate, Accumulator, AggregateFn};
pub use cast::lookup_cast;
pub use scalar::{accepts, lookup_scalar, lookup_scalar_described, scalar_signatures};

use crate::error::CqlResult;
use crate::types::CqlType;
use crate::value::Value;

/// The type of a function argument as the engine knows it before choosing an overload.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgType {
    /// The argument has a known type (a column, a typed function result, a type hint).
    Known(CqlType),
    /// A constant: overloads whose parameter type accepts this literal kind may be chosen
    /// (`toTimestamp('2020-01-01')` picks the `date` overload).
    Literal(crate::cql::ast::Literal),
    /// A bind marker (or anything else without a type): every overload fits, so a call
    /// with several overloads is ambiguous, as in Cassandra.
    Untyped,
}

/// A resolved native scalar function (or cast): its signature, result type and behaviour.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarFn {
    pub(crate) name: String,
    pub(crate) arg_types: Vec<CqlType>,
    pub(crate) return_type: CqlType,
    pub(crate) op: scalar::Op,
}

impl ScalarFn {
    /// The function's name, lower-case, without keyspace (`todate`, `intasblob`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The parameter types of the chosen overload.
    pub fn arg_types(&self) -> &[CqlType] {
        &self.arg_types
    }

    /// The result type.
    pub fn return_type(&self) -> &CqlType {
        &self.return_type
    }

    /// Whether two calls with the same arguments always give the same result (false for
    /// `now()`, `uuid()`, `currentTimestamp()` and the other `current*()` functions).
    pub fn is_deterministic(&self) -> bool {
        !matches!(
            self.op,
            scalar::Op::Now
                | scalar::Op::Uuid
                | scalar::Op::CurrentTimestamp
                | scalar::Op::CurrentDate
                | scalar::Op::CurrentTime
        )
    }

    /// The result column name Cassandra gives a selection of this function, from the
    /// arguments' own column names: `system.todate(tu)`, `system.now()`, or for casts
    /// `cast(v as text)`.
    pub fn column_name(&self, args: &[&str]) -> String {
        match &self.op {
            scalar::Op::Cast(_) => format!(
                "cast({} as {})",
                args.first().copied().unwrap_or(""),
                crate::values::type_to_schema_string(&self.return_type)
            ),
            _ => format!("system.{}({})", self.name, args.join(", ")),
        }
    }

    /// Runs the function on evaluated arguments (`None` is null).
    pub fn call(&self, args: &[Option<Value>]) -> CqlResult<Option<Value>> {
        scalar::call(self, args)
    }
}
