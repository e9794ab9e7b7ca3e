//! The mapping from Rust types to CQL types.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

use super::cql_type::{CqlType, NativeType};
use super::wrappers::Frozen;
use scylla::cluster::metadata::ColumnType;
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice};
use scylla::serialize::value::SerializeValue;
use scylla::value::{Counter, CqlDuration, CqlTimeuuid};

/// A Rust type that can be stored in a CQL column, with the CQL type it maps to.
///
/// Implemented for the native mappings (`String` text, `i8` tinyint, `i16` smallint, `i32` int,
/// `i64` bigint, `f32` float, `f64` double, `bool` boolean, `Uuid` uuid, [`crate::Timeuuid`]
/// timeuuid, `DateTime<Utc>` timestamp, `NaiveDate` date, `NaiveTime` time, `Vec<u8>` blob,
/// `IpAddr` inet, `BigDecimal` decimal, `BigInt` varint, [`crate::CqlDuration`] duration,
/// [`crate::Counter`] counter), the collections (`Vec<T>` list, `HashSet`/`BTreeSet` set,
/// `HashMap`/`BTreeMap` map), tuples up to 8 elements, [`Frozen<T>`] and `Option<T>`
/// (a nullable column of `T`). `#[derive(UserType)]` implements it for user-defined types.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no CQL type mapping",
    label = "this type cannot be stored in a CQL column",
    note = "map to CQL with String, i8..i64, f32, f64, bool, Uuid, Timeuuid, DateTime<Utc>, NaiveDate, NaiveTime, Vec<u8>, IpAddr, BigDecimal, BigInt, CqlDuration, Counter, Vec/HashSet/BTreeSet/HashMap/BTreeMap, tuples, Frozen<T>, a #[derive(UserType)] struct, or Option of these"
)]
pub trait CqlTyped:
    SerializeValue + for<'f, 'm> DeserializeValue<'f, 'm> + Send + Sync + 'static
{
    /// The CQL type of a column holding this Rust type.
    const CQL_TYPE: CqlType;

    /// Whether the Rust type can represent null (only `Option<T>`).
    const NULLABLE: bool = false;

    /// The type of a single non-null value, used in `WHERE` and `IF` comparisons
    /// (`T` for `Option<T>`, `Self` otherwise).
    type Plain: SerializeValue + Send + Sync + 'static;

    /// Whether this value is null in CQL: `None`, or an empty non-frozen collection (which
    /// CQL cannot tell from null). Inserts bind such values as *unset*, so that no tombstone
    /// is written and nothing already stored is cleared, unless nulls are requested
    /// explicitly (`Insert::with_nulls`).
    #[inline]
    fn is_null(&self) -> bool {
        false
    }

    /// Whether this value is null or an empty `text`/`blob` (not a valid partition key).
    #[inline]
    fn is_empty_value(&self) -> bool {
        self.is_null()
    }

    /// Reads a cell of a result row: the driver's deserialisation, except where CQL gives
    /// null a meaning for the type (a counter that was never changed reads as 0).
    #[inline]
    fn read_cell<'f, 'm>(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        <Self as DeserializeValue<'f, 'm>>::deserialize(typ, v)
    }
}

macro_rules! native {
    ($($t:ty => $n:ident),* $(,)?) => {$(
        impl CqlTyped for $t {
            const CQL_TYPE: CqlType = CqlType::Native(NativeType::$n);
            type Plain = Self;
        }
        impl PrimaryKeyType for $t {}
    )*};
}

impl CqlTyped for String {
    const CQL_TYPE: CqlType = CqlType::Native(NativeType::Text);
    type Plain = Self;
    #[inline]
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}
impl PrimaryKeyType for String {}

impl CqlTyped for Vec<u8> {
    const CQL_TYPE: CqlType = CqlType::Native(NativeType::Blob);
    type Plain = Self;
    #[inline]
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}
impl PrimaryKeyType for Vec<u8> {}

native! {
    i8 => Tinyint,
    i16 => Smallint,
    i32 => Int,
    i64 => Bigint,
    f32 => Float,
    f64 => Double,
    bool => Boolean,
    uuid::Uuid => Uuid,
    CqlTimeuuid => Timeuuid,
    super::timeuuid::Timeuuid => Timeuuid,
    chrono::DateTime<chrono::Utc> => Timestamp,
    chrono::NaiveDate => Date,
    chrono::NaiveTime => Time,
    IpAddr => Inet,
    bigdecimal::BigDecimal => Decimal,
    num_bigint::BigInt => Varint,
    CqlDuration => Duration,
}

impl CqlTyped for Counter {
    const CQL_TYPE: CqlType = CqlType::Native(NativeType::Counter);
    type Plain = Self;

    /// Cassandra returns null for a counter of an existing row that was never incremented;
    /// as in cqlengine, it reads as 0.
    #[inline]
    fn read_cell<'f, 'm>(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        match v {
            None => {
                <Self as DeserializeValue<'f, 'm>>::type_check(typ)
                    .map_err(|e| DeserializationError::new(NullCounterType(e.to_string())))?;
                Ok(Counter(0))
            }
            Some(_) => <Self as DeserializeValue<'f, 'm>>::deserialize(typ, v),
        }
    }
}

/// A null cell read as a counter is not of a counter type.
#[derive(Debug, thiserror::Error)]
#[error("a null cell cannot be read as a counter: {0}")]
struct NullCounterType(String);

impl<T: CqlTyped> CqlTyped for Option<T> {
    const CQL_TYPE: CqlType = T::CQL_TYPE;
    const NULLABLE: bool = true;
    type Plain = T::Plain;
    #[inline]
    fn is_null(&self) -> bool {
        self.as_ref().is_none_or(CqlTyped::is_null)
    }
    #[inline]
    fn is_empty_value(&self) -> bool {
        self.as_ref().is_none_or(CqlTyped::is_empty_value)
    }
}

impl<T: CqlTyped> CqlTyped for Vec<T> {
    const CQL_TYPE: CqlType = CqlType::List(&T::CQL_TYPE);
    type Plain = Self;
    #[inline]
    fn is_null(&self) -> bool {
        self.is_empty()
    }
}

impl<T, S> CqlTyped for HashSet<T, S>
where
    T: CqlTyped + Eq + std::hash::Hash,
    S: std::hash::BuildHasher + Default + Send + Sync + 'static,
{
    const CQL_TYPE: CqlType = CqlType::Set(&T::CQL_TYPE);
    type Plain = Self;
    #[inline]
    fn is_null(&self) -> bool {
        self.is_empty()
    }
}

impl<T: CqlTyped + Ord> CqlTyped for BTreeSet<T> {
    const CQL_TYPE: CqlType = CqlType::Set(&T::CQL_TYPE);
    type Plain = Self;
    #[inline]
    fn is_null(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V, S> CqlTyped for HashMap<K, V, S>
where
    K: CqlTyped + Eq + std::hash::Hash,
    V: CqlTyped,
    S: std::hash::BuildHasher + Default + Send + Sync + 'static,
{
    const CQL_TYPE: CqlType = CqlType::Map(&K::CQL_TYPE, &V::CQL_TYPE);
    type Plain = Self;
    #[inline]
    fn is_null(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> CqlTyped for BTreeMap<K, V>
where
    K: CqlTyped + Ord,
    V: CqlTyped,
{
    const CQL_TYPE: CqlType = CqlType::Map(&K::CQL_TYPE, &V::CQL_TYPE);
    type Plain = Self;
    #[inline]
    fn is_null(&self) -> bool {
        self.is_empty()
    }
}

impl<T: CqlTyped> CqlTyped for Frozen<T> {
    const CQL_TYPE: CqlType = CqlType::Frozen(&T::CQL_TYPE);
    type Plain = Self;
}

impl<T: CqlTyped> PrimaryKeyType for Frozen<T> {}

macro_rules! tuples {
    ($( ($($t:ident),+) )*) => {$(
        impl<$($t: CqlTyped),+> CqlTyped for ($($t,)+) {
            const CQL_TYPE: CqlType = CqlType::Tuple(&[$($t::CQL_TYPE),+]);
            type Plain = Self;
        }
        impl<$($t: CqlTyped),+> PrimaryKeyType for ($($t,)+) {}
    )*};
}

tuples! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
}

/// A Rust type allowed in a primary key column: stored as a single frozen cell and never null.
///
/// The derive requires it of every partition and clustering key field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be part of a primary key",
    label = "not allowed in a partition or clustering key column",
    note = "key columns cannot be null (no `Option`) or counters, and collections and user-defined types in a key must be frozen: wrap them in `cql_orm::Frozen<...>`"
)]
pub trait PrimaryKeyType: CqlTyped {}

/// A Rust type that can hold an `ascii` column (`#[cql(type = "ascii")]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an `ascii` column",
    label = "`#[cql(type = \"ascii\")]` needs a `String` or `Option<String>` field"
)]
pub trait AsciiCompatible {}

impl AsciiCompatible for String {}
impl AsciiCompatible for Option<String> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn ty<T: CqlTyped>() -> String {
        T::CQL_TYPE.to_string()
    }

    #[test]
    fn native_types_map_to_their_cql_names() {
        assert_eq!(ty::<String>(), "text");
        assert_eq!(ty::<i8>(), "tinyint");
        assert_eq!(ty::<i16>(), "smallint");
        assert_eq!(ty::<i32>(), "int");
        assert_eq!(ty::<i64>(), "bigint");
        assert_eq!(ty::<f32>(), "float");
        assert_eq!(ty::<f64>(), "double");
        assert_eq!(ty::<bool>(), "boolean");
        assert_eq!(ty::<uuid::Uuid>(), "uuid");
        assert_eq!(ty::<CqlTimeuuid>(), "timeuuid");
        assert_eq!(ty::<chrono::DateTime<chrono::Utc>>(), "timestamp");
        assert_eq!(ty::<chrono::NaiveDate>(), "date");
        assert_eq!(ty::<chrono::NaiveTime>(), "time");
        assert_eq!(ty::<Vec<u8>>(), "blob");
        assert_eq!(ty::<IpAddr>(), "inet");
        assert_eq!(ty::<bigdecimal::BigDecimal>(), "decimal");
        assert_eq!(ty::<num_bigint::BigInt>(), "varint");
        assert_eq!(ty::<CqlDuration>(), "duration");
        assert_eq!(ty::<Counter>(), "counter");
    }

    #[test]
    fn collections_tuples_and_frozen_nest() {
        assert_eq!(ty::<Vec<i32>>(), "list<int>");
        assert_eq!(ty::<HashSet<String>>(), "set<text>");
        assert_eq!(ty::<BTreeSet<i64>>(), "set<bigint>");
        assert_eq!(ty::<HashMap<String, String>>(), "map<text, text>");
        assert_eq!(
            ty::<BTreeMap<i32, Frozen<Vec<String>>>>(),
            "map<int, frozen<list<text>>>"
        );
        assert_eq!(ty::<(i32, String, bool)>(), "tuple<int, text, boolean>");
        assert_eq!(ty::<Option<Vec<u8>>>(), "blob");
        assert_eq!(ty::<Vec<Vec<u8>>>(), "list<blob>");
    }

    #[test]
    fn nullability_comes_from_option_only() {
        const { assert!(<Option<i32> as CqlTyped>::NULLABLE) };
        const { assert!(!<i32 as CqlTyped>::NULLABLE) };
        assert!(None::<i32>.is_null());
        assert!(!Some(1).is_null());
        assert!(!5i32.is_null());
        assert!(Vec::<i32>::new().is_null() && !vec![1].is_null());
        assert!(Some(BTreeSet::<i32>::new()).is_null());
        assert!(
            !Frozen(Vec::<i32>::new()).is_null(),
            "a frozen empty list is a value"
        );
    }

    #[test]
    fn ddl_freezes_what_cql_requires_frozen() {
        const ADDR: CqlType = CqlType::Udt("address");
        assert_eq!(
            CqlType::List(&ADDR).ddl_string(),
            "list<frozen<\"address\">>"
        );
        assert_eq!(ADDR.ddl_string(), "\"address\"");
        assert_eq!(ADDR.ddl_field_string(), "frozen<\"address\">");
        assert_eq!(
            <BTreeMap<String, Vec<i32>>>::CQL_TYPE.ddl_string(),
            "map<text, frozen<list<int>>>"
        );
        assert_eq!(
            <BTreeMap<i32, Frozen<Vec<String>>>>::CQL_TYPE.ddl_string(),
            "map<int, frozen<list<text>>>"
        );
        assert_eq!(<Vec<i32>>::CQL_TYPE.ddl_field_string(), "frozen<list<int>>");
        assert_eq!(
            <Frozen<Vec<Vec<i32>>>>::CQL_TYPE.ddl_string(),
            "frozen<list<frozen<list<int>>>>"
        );
        assert_eq!(
            <(i32, Vec<String>)>::CQL_TYPE.ddl_string(),
            "tuple<int, frozen<list<text>>>"
        );
    }

    #[test]
    fn schema_strings_freeze_nested_values_like_cassandra() {
        assert_eq!(
            <BTreeMap<i32, Frozen<Vec<String>>>>::CQL_TYPE.schema_string(),
            "map<int, frozen<list<text>>>"
        );
        assert_eq!(
            <(i32, String)>::CQL_TYPE.schema_string(),
            "frozen<tuple<int, text>>"
        );
        assert_eq!(
            <Frozen<HashSet<i32>>>::CQL_TYPE.schema_string(),
            "frozen<set<int>>"
        );
        assert_eq!(
            super::super::cql_type::normalize_type_string("map<text,  VARCHAR>"),
            "map<text, text>"
        );
    }
}
