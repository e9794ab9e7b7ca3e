//! Operations on CQL types and values: the type text form, protocol encoding of types and
//! values, Cassandra's sort order, conversion from literals, tokens and native functions.
//!
//! These are the only functions the engine and the protocol layer use to interpret values.
//! Everything follows Apache Cassandra 4.0.7 (native protocol v4), error texts included:
//! every failure is a [`CqlError`](crate::CqlError) with code Invalid (0x2200) unless a function says otherwise.
//!
//! # Map of the module
//!
//! | need | function |
//! |---|---|
//! | type as `system_schema` / error messages show it (`frozen<list<int>>`) | [`type_to_schema_string`] |
//! | type as a protocol `[option]` (result / bind metadata) | [`encode_type_option`] |
//! | value → protocol bytes, bytes → value (validated) | [`serialize`], [`deserialize`] |
//! | Cassandra's order (clustering, set elements, map keys) | [`compare`] |
//! | CQL constant → value | [`from_literal`], [`from_literal_for`] (with the receiver's name) |
//! | value → text as `CAST(x AS text)` renders it | [`to_cql_text`] |
//! | Murmur3 token of a partition key | [`token`], [`token_of_values`] |
//! | native functions (`now()`, `toDate`, `blobAsInt`, `cast`, `count`, `avg`, ...) | [`functions`] |
//! | timeuuid generation and bounds | [`timeuuid`] |
//!
//! # Nulls and empty values
//!
//! A CQL null is `Option::None` around a [`Value`] and never reaches [`serialize`]; on the
//! wire it is the length `-1`, which the protocol layer handles. A zero-length value of a
//! type other than text, ascii, blob, a collection, a tuple or a UDT deserialises to
//! [`Value::Empty`] (for the types where Cassandra accepts it: int, bigint, counter, varint,
//! decimal, float, double, boolean, uuid, timeuuid, inet, timestamp). `Value::Empty` sorts
//! before every other value of its type.
//!
//! # Literals
//!
//! [`from_literal_for`] implements Cassandra's `Constants.Literal.prepare`: the literal kind
//! must be assignable to the receiver's type (a string into int is refused with
//! `Invalid STRING constant (12) for "i" of type int`), then the text is parsed as the
//! receiver type's `fromString` parses it (`Unable to make int from '2147483648'`). Composite
//! terms (collection, tuple and UDT literals, bind markers, function calls) are the
//! engine's: it builds the [`Value`] from the components converted here (and refuses
//! `null` inside a collection with `null is not supported inside collections`).
//!
//! # Functions
//!
//! See [`functions`]: [`functions::lookup_scalar`] resolves a native scalar function by
//! name and argument types to a [`functions::ScalarFn`] (result type, result column name,
//! `call`), [`functions::lookup_aggregate`] an aggregate to an [`functions::AggregateFn`]
//! whose [`functions::Accumulator`] is fed row by row, and [`functions::lookup_cast`] a
//! `CAST(x AS type)`.

pub mod calendar;
mod compare;
mod decimal;
mod deserialize;
pub mod duration;
pub mod functions;
mod java_float;
mod literal;
mod murmur3;
mod render;
mod schema_text;
mod serialize;
pub mod temporal;
pub mod timeuuid;
mod type_option;
mod vint;

use std::cmp::Ordering;

use crate::cql::ast::Literal;
use crate::error::CqlResult;
use crate::types::CqlType;
use crate::value::Value;

pub use decimal::{decimal_to_string, parse_decimal};
pub use literal::{literal_assignable, literal_text};
pub use render::{to_cql_literal, to_cql_text};
pub use schema_text::{native_type_name, quote_identifier_if_needed};

/// Renders a type the way `system_schema` (and Cassandra's error messages) show it:
/// `frozen<list<int>>`, `map<text, int>`, `frozen<address>` (user types by bare name, quoted
/// when needed), `frozen<tuple<int, text>>`, custom types as `'class.Name'`.
///
/// `frozen<...>` is written exactly where the type says it is frozen (a collection nested
/// in another collection is frozen by construction).
pub fn type_to_schema_string(ty: &CqlType) -> String {
    schema_text::type_to_schema_string(ty)
}

/// Encodes a type as a protocol v4 `[option]` (result and bind metadata): native ids
/// 0x0001..0x0014, list 0x0020, map 0x0021, set 0x0022, UDT 0x0030 (keyspace, name, fields),
/// tuple 0x0031; `duration` has no v4 id and is sent as the custom type
/// `org.apache.cassandra.db.marshal.DurationType` (0x0000 + class name), as Cassandra does.
pub fn encode_type_option(ty: &CqlType, out: &mut Vec<u8>) {
    type_option::encode_type_option(ty, out)
}

/// Serialises a value of type `ty` to its protocol bytes (collections in the v4 format with
/// `[int]` counts and lengths; null tuple/UDT fields as length -1; [`Value::Empty`] as no
/// bytes).
pub fn serialize(ty: &CqlType, value: &Value) -> Vec<u8> {
    serialize::serialize(ty, value)
}

/// Decodes protocol bytes of type `ty`, validating them as Cassandra does (sizes, UTF-8,
/// ASCII, collection framing) with Cassandra's messages, e.g. `Expected 4 or 0 byte int (3)`,
/// `String didn't validate.`, `Invalid byte for ascii: -61`. Zero bytes for a type other
/// than text/ascii/blob/collections/tuples/UDTs give [`Value::Empty`] where Cassandra
/// allows empty values. Sets and maps come back sorted and deduplicated. UDT values with
/// fewer fields than the type read the missing fields as null.
pub fn deserialize(ty: &CqlType, bytes: &[u8]) -> CqlResult<Value> {
    deserialize::deserialize(ty, bytes)
}

/// Cassandra's order for values of type `ty` (clustering order, set elements, map keys):
/// signed integers, numeric varint/decimal, Java's `Float.compare`/`Double.compare` for
/// float/double (`-0.0 < 0.0`, NaN greatest), byte-wise unsigned text/ascii/blob/inet,
/// `false < true`, uuid by version then (v1) timestamp then bytes, timeuuid by timestamp
/// then signed bytes, unsigned dates, collections element-wise, tuples/UDTs field by field
/// with null first, and [`Value::Empty`] before every non-empty value.
///
/// Values that compare `Equal` are the same element for Cassandra (e.g. decimals `1.0` and
/// `1.00`), so sets and map keys must be deduplicated with this function, not `==`.
pub fn compare(ty: &CqlType, a: &Value, b: &Value) -> Ordering {
    compare::compare(ty, a, b)
}

/// [`compare`] for nullable values: null sorts first (as a null tuple component does).
pub fn compare_nullable(ty: &CqlType, a: Option<&Value>, b: Option<&Value>) -> Ordering {
    compare::compare_nullable(ty, a, b)
}

/// Converts a scalar literal to a value of type `ty`, with Cassandra's error messages.
///
/// Prefer [`from_literal_for`], which names the receiver in the "Invalid ... constant"
/// message as Cassandra does; this function uses the receiver name `value`. `null` is
/// refused here (the engine handles null before converting); use [`from_literal_for`] to
/// have it as `None`.
pub fn from_literal(ty: &CqlType, literal: &Literal) -> CqlResult<Value> {
    match literal::from_literal_for(ty, literal, "value")? {
        Some(v) => Ok(v),
        None => Err(crate::error::CqlError::invalid(
            "Invalid null value for \"value\"",
        )),
    }
}

/// Converts a scalar literal assigned to the receiver `receiver` (a column, a UDT field,
/// `value(m)`, ...) of type `ty`: `Ok(None)` for `null` (refused for counters with
/// `Invalid null value for counter increment/decrement`), otherwise the value, or
/// Cassandra's error (`Invalid STRING constant (12) for "i" of type int`,
/// `Unable to make int from '2147483648'`, `Invalid ASCII character in string literal: ...`).
pub fn from_literal_for(
    ty: &CqlType,
    literal: &Literal,
    receiver: &str,
) -> CqlResult<Option<Value>> {
    literal::from_literal_for(ty, literal, receiver)
}

/// The Murmur3 token of a serialised partition key (single component: its bytes; composite:
/// each component as `[u16 length][bytes][0x00]`), as Cassandra's Murmur3Partitioner
/// computes it (x64_128 with signed tail bytes, first 64 bits, `i64::MIN` mapped to
/// `i64::MAX`).
pub fn token(partition_key_components: &[&[u8]]) -> i64 {
    murmur3::token(partition_key_components)
}

/// The token of a partition key given as values with their types (serialises, then
/// [`token`]).
pub fn token_of_values(components: &[(&CqlType, &Value)]) -> i64 {
    let bytes: Vec<Vec<u8>> = components.iter().map(|(ty, v)| serialize(ty, v)).collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    token(&refs)
}

/// The composite partition key bytes Cassandra hashes (and stores as the partition key)
/// for several components: each `[u16 length][bytes][0x00]`. One component is kept as is.
pub fn partition_key_bytes(components: &[&[u8]]) -> Vec<u8> {
    murmur3::partition_key_bytes(components)
}

/// Murmur3 x64_128 as Cassandra computes it (seed 0), both halves: the partitioner uses the
/// first.
pub fn murmur3_x64_128(data: &[u8]) -> (i64, i64) {
    murmur3::hash3_x64_128(data)
}
