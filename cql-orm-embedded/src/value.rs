//! CQL values held by the engine. A SQL-style null is `Option::None` around a [`Value`].

use std::net::IpAddr;

use num_bigint::BigInt;
use uuid::Uuid;

/// A non-null CQL value.
///
/// Sets hold their elements sorted and deduplicated by the element type's order; maps hold
/// their entries sorted by key. The comparison that defines that order, serialisation to and
/// from protocol bytes and conversion from CQL literals live in `values/`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A zero-length value of a type other than text, ascii, blob or a collection
    /// (e.g. `blobAsInt(0x)`). Distinct from null.
    Empty,
    /// `ascii`
    Ascii(String),
    /// `text`
    Text(String),
    /// `blob`
    Blob(Vec<u8>),
    /// `boolean`
    Boolean(bool),
    /// `tinyint`
    TinyInt(i8),
    /// `smallint`
    SmallInt(i16),
    /// `int`
    Int(i32),
    /// `bigint`
    BigInt(i64),
    /// `counter`
    Counter(i64),
    /// `varint`
    Varint(BigInt),
    /// `decimal`: unscaled value and scale (value = unscaled × 10^-scale).
    Decimal {
        /// The unscaled integer.
        unscaled: BigInt,
        /// The scale.
        scale: i32,
    },
    /// `float`
    Float(f32),
    /// `double`
    Double(f64),
    /// `uuid`
    Uuid(Uuid),
    /// `timeuuid`
    TimeUuid(Uuid),
    /// `inet`
    Inet(IpAddr),
    /// `timestamp`: milliseconds since the Unix epoch.
    Timestamp(i64),
    /// `date`: days with the epoch (1970-01-01) at 2^31.
    Date(u32),
    /// `time`: nanoseconds since midnight.
    Time(i64),
    /// `duration`
    Duration {
        /// Months.
        months: i32,
        /// Days.
        days: i32,
        /// Nanoseconds.
        nanos: i64,
    },
    /// `list<T>`
    List(Vec<Value>),
    /// `set<T>`, sorted and without duplicates.
    Set(Vec<Value>),
    /// `map<K, V>`, sorted by key and without duplicate keys.
    Map(Vec<(Value, Value)>),
    /// A tuple; a component may be null.
    Tuple(Vec<Option<Value>>),
    /// A user-defined type value: one entry per field, in field order; a field may be null.
    Udt(Vec<Option<Value>>),
}
