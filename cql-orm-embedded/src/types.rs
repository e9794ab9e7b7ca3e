//! CQL data types as the engine knows them once user types are resolved.
//!
//! Parsing a type from text, rendering it the way `system_schema` shows it, and the protocol
//! `[option]` encoding live in the submodules of `values/`.

use std::sync::Arc;

/// A native (non-parameterised) CQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NativeType {
    /// `ascii`
    Ascii,
    /// `bigint`
    BigInt,
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `counter`
    Counter,
    /// `date`
    Date,
    /// `decimal`
    Decimal,
    /// `double`
    Double,
    /// `duration`
    Duration,
    /// `float`
    Float,
    /// `inet`
    Inet,
    /// `int`
    Int,
    /// `smallint`
    SmallInt,
    /// `text` (and its alias `varchar`)
    Text,
    /// `time`
    Time,
    /// `timestamp`
    Timestamp,
    /// `timeuuid`
    TimeUuid,
    /// `tinyint`
    TinyInt,
    /// `uuid`
    Uuid,
    /// `varint`
    Varint,
}

/// A user-defined type, resolved: its keyspace, name and fields in declaration order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UdtDef {
    /// The keyspace the type lives in.
    pub keyspace: String,
    /// The type's name (already case-normalised).
    pub name: String,
    /// Field names and types, in declaration order.
    pub fields: Vec<(String, CqlType)>,
}

/// A fully resolved CQL type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CqlType {
    /// A native type.
    Native(NativeType),
    /// `list<T>`; `frozen` when declared `frozen<list<T>>` or nested in another collection.
    List {
        /// The element type.
        elem: Box<CqlType>,
        /// Whether the value is frozen.
        frozen: bool,
    },
    /// `set<T>`
    Set {
        /// The element type.
        elem: Box<CqlType>,
        /// Whether the value is frozen.
        frozen: bool,
    },
    /// `map<K, V>`
    Map {
        /// The key type.
        key: Box<CqlType>,
        /// The value type.
        value: Box<CqlType>,
        /// Whether the value is frozen.
        frozen: bool,
    },
    /// `tuple<T1, T2, ...>` (always frozen).
    Tuple(Vec<CqlType>),
    /// A user-defined type.
    Udt {
        /// The type's definition, shared.
        def: Arc<UdtDef>,
        /// Whether the value is frozen.
        frozen: bool,
    },
    /// A custom type given by its Java class name (accepted, stored as blobs).
    Custom(String),
}

impl CqlType {
    /// Shorthand for a native type.
    pub const fn native(t: NativeType) -> Self {
        CqlType::Native(t)
    }

    /// Whether this is a collection (list, set or map), frozen or not.
    pub fn is_collection(&self) -> bool {
        matches!(
            self,
            CqlType::List { .. } | CqlType::Set { .. } | CqlType::Map { .. }
        )
    }

    /// Whether this is a non-frozen collection or non-frozen UDT (a multi-cell value).
    pub fn is_multi_cell(&self) -> bool {
        match self {
            CqlType::List { frozen, .. }
            | CqlType::Set { frozen, .. }
            | CqlType::Map { frozen, .. }
            | CqlType::Udt { frozen, .. } => !frozen,
            _ => false,
        }
    }

    /// Whether this is the `counter` type.
    pub fn is_counter(&self) -> bool {
        matches!(self, CqlType::Native(NativeType::Counter))
    }
}
