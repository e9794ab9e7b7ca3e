//! Wrapper types that choose a CQL type for a Rust value.

use std::ops::{Deref, DerefMut};

use scylla::cluster::metadata::ColumnType;
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;

/// `frozen<T>`: stores a collection or user-defined type as one immutable cell, as primary key
/// columns and collection elements require.
///
/// ```
/// use cql_orm::{CqlTyped, Frozen};
/// assert_eq!(<Frozen<Vec<i32>>>::CQL_TYPE.to_string(), "frozen<list<int>>");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Frozen<T>(pub T);

impl<T> Frozen<T> {
    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Frozen<T> {
    fn from(value: T) -> Self {
        Frozen(value)
    }
}

impl<T> Deref for Frozen<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Frozen<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: SerializeValue> SerializeValue for Frozen<T> {
    #[inline]
    fn serialize<'b>(
        &self,
        typ: &ColumnType<'_>,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        self.0.serialize(typ, writer)
    }
}

impl<'f, 'm, T: DeserializeValue<'f, 'm>> DeserializeValue<'f, 'm> for Frozen<T> {
    #[inline]
    fn type_check(typ: &ColumnType<'_>) -> Result<(), TypeCheckError> {
        T::type_check(typ)
    }

    #[inline]
    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        T::deserialize(typ, v).map(Frozen)
    }
}
