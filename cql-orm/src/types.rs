//! CQL types: their runtime description ([`CqlType`]), the mapping from Rust types
//! ([`CqlTyped`]) and the wrapper types that select a CQL type ([`Frozen`], [`Timeuuid`],
//! [`Counter`], [`CqlDuration`]).

pub(crate) mod cql_type;
mod mapping;
mod timeuuid;
mod wrappers;

pub use cql_type::{CqlType, NativeType};
pub use mapping::{AsciiCompatible, CqlTyped, PrimaryKeyType};
pub use timeuuid::{NotATimeuuid, ParseTimeuuidError, Timeuuid};
pub use wrappers::Frozen;

/// `counter`: a 64-bit counter column value (the driver's `Counter`).
pub use scylla::value::Counter;

/// `duration`: months, days and nanoseconds (the driver's `CqlDuration`).
pub use scylla::value::CqlDuration;
