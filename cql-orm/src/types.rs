//! CQL types: their runtime description ([`CqlType`]), the mapping from Rust types
//! ([`CqlTyped`]) and the wrapper types that select a CQL type ([`Frozen`], [`Timeuuid`],
//! [`Counter`], [`CqlDuration`]).

pub(crate) mod cql_type;
mod mapping;
mod wrappers;

pub use cql_type::{CqlType, NativeType};
pub use mapping::{AsciiCompatible, CqlTyped, PrimaryKeyType};
pub use wrappers::Frozen;

/// `timeuuid`: a version-1 UUID ordered by its timestamp (the driver's `CqlTimeuuid`).
pub use scylla::value::CqlTimeuuid as Timeuuid;

/// `counter`: a 64-bit counter column value (the driver's `Counter`).
pub use scylla::value::Counter;

/// `duration`: months, days and nanoseconds (the driver's `CqlDuration`).
pub use scylla::value::CqlDuration;
