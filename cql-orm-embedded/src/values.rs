//! Operations on CQL types and values: the type text form, protocol encoding of types and
//! values, Cassandra's sort order, conversion from literals, tokens and native functions.
//!
//! These are the only functions the engine and the protocol layer use to interpret values.

use std::cmp::Ordering;

use crate::cql::ast::Literal;
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::value::Value;

/// Renders a type the way `system_schema` shows it (`frozen<list<int>>`, `map<text, int>`,
/// user types by bare name).
pub fn type_to_schema_string(ty: &CqlType) -> String {
    let _ = ty;
    String::new()
}

/// Encodes a type as a protocol `[option]` (result and bind metadata).
pub fn encode_type_option(ty: &CqlType, out: &mut Vec<u8>) {
    let _ = (ty, out);
}

/// Serialises a value of type `ty` to its protocol bytes.
pub fn serialize(ty: &CqlType, value: &Value) -> Vec<u8> {
    let _ = (ty, value);
    Vec::new()
}

/// Decodes protocol bytes of type `ty`, validating them as Cassandra does (sizes, UTF-8,
/// ASCII). Zero bytes for a type other than text/ascii/blob/collections give `Value::Empty`.
pub fn deserialize(ty: &CqlType, bytes: &[u8]) -> CqlResult<Value> {
    let _ = (ty, bytes);
    Err(CqlError::server("value decoding is not available"))
}

/// Cassandra's order for values of type `ty` (clustering order, set elements, map keys).
pub fn compare(ty: &CqlType, a: &Value, b: &Value) -> Ordering {
    let _ = (ty, a, b);
    Ordering::Equal
}

/// Converts a scalar literal to a value of type `ty`, with Cassandra's error messages.
pub fn from_literal(ty: &CqlType, literal: &Literal) -> CqlResult<Value> {
    let _ = (ty, literal);
    Err(CqlError::server("literal conversion is not available"))
}

/// The Murmur3 token of a serialised partition key (single component: its bytes; composite:
/// Cassandra's composite encoding of the components).
pub fn token(partition_key_components: &[&[u8]]) -> i64 {
    let _ = partition_key_components;
    0
}
