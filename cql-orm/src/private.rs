//! Everything `#[derive(Model)]` and `#[derive(UserType)]` reach, and nothing else should.
//! Not part of the public API: may change without notice.
//!
//! # Generated `DeserializeRow` (model rows)
//!
//! ```ignore
//! impl<'f, 'm> DeserializeRow<'f, 'm> for UserEvent {
//!     fn type_check(specs: &[ColumnSpec<'_>]) -> Result<(), TypeCheckError> {
//!         __private::type_check_row(specs, &[
//!             ("user_id", __private::type_checker::<Uuid>()),
//!             ("data", __private::type_checker::<Option<String>>()),
//!         ])
//!     }
//!     fn deserialize(row: ColumnIterator<'f, 'm>) -> Result<Self, DeserializationError> {
//!         let mut r = __private::RowReader::new(row);
//!         Ok(UserEvent { user_id: r.next("user_id")?, data: r.next("data")? })
//!     }
//! }
//! ```
//!
//! # Generated `BindValues`
//!
//! ```ignore
//! fn write_value<'b>(&self, index: usize, typ: &ColumnType<'_>, writer: CellWriter<'b>,
//!                    nulls: Nulls) -> Result<WrittenCellProof<'b>, SerializationError> {
//!     match index {
//!         0 => __private::write_value(&self.user_id, typ, writer, nulls),
//!         1 => __private::write_value(&self.data, typ, writer, nulls),
//!         _ => Err(__private::no_such_value::<Self>(index)),
//!     }
//! }
//! fn is_empty(&self, index: usize) -> bool {
//!     match index { 0 => __private::is_empty(&self.user_id), _ => false }
//! }
//! ```
//!
//! # Generated UDT value traits
//!
//! `SerializeValue::serialize` calls [`write_udt`] with `&[("street", &self.street as _), ...]`;
//! `DeserializeValue::type_check` calls [`udt_type_check`]; `DeserializeValue::deserialize`
//! builds the struct with [`UdtReader`]: `let mut r = UdtReader::new(typ, v)?;
//! Ok(Address { street: r.field("street")?, ... })`.

use scylla::cluster::metadata::{ColumnType, UserDefinedType};
use scylla::deserialize::row::{ColumnIterator, RawColumn};
use scylla::deserialize::value::{DeserializeValue, UdtIterator};
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::ColumnSpec;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;

pub use crate::column::{
    kind, order, CellColumn, ClusteringColumn, CollectionColumn, Column, ColumnOf, CounterColumn,
    DistinctColumn, FollowsClustering, Indexed, ListColumn, MapColumn, NoClustering,
    NonCounterColumn, NonKeyColumn, PartitionKeyColumn, RegularColumn, SetColumn, StaticColumn,
};
pub use crate::error::ColumnError;
pub use crate::model::{
    table_kind, BindValues, ClusteringOrder, ColumnDef, ColumnKind, FieldDef, IndexDef,
    IndexTarget, Model, Nulls, OptionValue, PartitionKeyOf, PrimaryKeyOf, Statements, TableOption,
    Template, UserType,
};
pub use crate::query::selector::{timed_column, write_column_selector, Selector, Ttl, WriteTime};
pub use crate::query::Projection;
pub use crate::types::{AsciiCompatible, CqlType, CqlTyped, NativeType, PrimaryKeyType};
pub use scylla;
pub use scylla::cluster::metadata::ColumnType as DriverColumnType;
pub use scylla::deserialize::row::DeserializeRow;
pub use scylla::frame::response::result::ColumnSpec as DriverColumnSpec;

// Generated code reaches a field's type only through its column `C` (`C::Value`), so that a
// field type without a CQL mapping fails once, at the column's `type Value = ...`, and not
// again at every use.

/// Writes one bind value of column `C`: `None` becomes *unset* under [`Nulls::Unset`], null
/// otherwise.
#[inline]
pub fn write_value<'b, C: Column>(
    value: &C::Value,
    typ: &ColumnType<'_>,
    writer: CellWriter<'b>,
    nulls: Nulls,
) -> Result<WrittenCellProof<'b>, SerializationError> {
    if nulls == Nulls::Unset && value.is_null() {
        return Ok(writer.set_unset());
    }
    value.serialize(typ, writer)
}

/// Whether a value of column `C` is null or an empty text/blob.
#[inline]
pub fn is_empty<C: Column>(value: &C::Value) -> bool {
    value.is_empty_value()
}

/// Selector `S`'s value type check, as a function pointer.
#[inline]
pub fn selector_type_checker<S: Selector<M>, M>() -> TypeChecker
where
    S::Value: for<'f, 'm> DeserializeValue<'f, 'm>,
{
    <S::Value as DeserializeValue<'_, '_>>::type_check
}

/// Type-checks a result row by position (projections: selector names such as `ttl(data)`
/// are the server's).
pub fn type_check_positional(
    specs: &[ColumnSpec<'_>],
    checks: &[TypeChecker],
) -> Result<(), TypeCheckError> {
    if specs.len() != checks.len() {
        return Err(TypeCheckError::new(ColumnCount {
            expected: checks.len(),
            found: specs.len(),
        }));
    }
    for (spec, check) in specs.iter().zip(checks) {
        check(spec.typ()).map_err(|source| {
            TypeCheckError::new(ColumnTypeError {
                column: spec.name().to_owned(),
                source,
            })
        })?;
    }
    Ok(())
}

/// A projection read a result with another number of columns.
#[derive(Debug, thiserror::Error)]
#[error("expected {expected} columns, the result has {found}")]
pub struct ColumnCount {
    expected: usize,
    found: usize,
}

/// Column `C`'s value type check, as a function pointer.
#[inline]
pub fn column_type_checker<C: Column>() -> TypeChecker {
    <C::Value as DeserializeValue<'_, '_>>::type_check
}

/// A bind value index past the end (a bug in generated code).
#[derive(Debug, thiserror::Error)]
#[error("`{type_name}` has no bind value number {index}")]
pub struct NoSuchValue {
    type_name: &'static str,
    index: usize,
}

/// The error for a bind value index past the end.
pub fn no_such_value<T: ?Sized>(index: usize) -> SerializationError {
    SerializationError::new(NoSuchValue {
        type_name: std::any::type_name::<T>(),
        index,
    })
}

/// The type check of one value type, as a function pointer.
pub type TypeChecker = fn(&ColumnType<'_>) -> Result<(), TypeCheckError>;

/// `T`'s value type check.
#[inline]
pub fn type_checker<'f, 'm, T: DeserializeValue<'f, 'm>>() -> TypeChecker {
    T::type_check
}

/// A column named by the model is absent from the result.
#[derive(Debug, thiserror::Error)]
#[error("the result has no column `{0}`")]
pub struct MissingColumn(pub String);

/// A column's type does not match the field.
#[derive(Debug, thiserror::Error)]
#[error("column `{column}` has an incompatible type: {source}")]
pub struct ColumnTypeError {
    /// The column.
    pub column: String,
    /// The driver's error.
    #[source]
    pub source: TypeCheckError,
}

/// Type-checks a result row against the named columns: by position when the names line up
/// (every generated statement), else by name (lightweight transaction results).
pub fn type_check_row(
    specs: &[ColumnSpec<'_>],
    columns: &[(&'static str, TypeChecker)],
) -> Result<(), TypeCheckError> {
    for (i, (name, check)) in columns.iter().enumerate() {
        let spec = match specs.get(i) {
            Some(s) if s.name() == *name => s,
            _ => specs
                .iter()
                .find(|s| s.name() == *name)
                .ok_or_else(|| TypeCheckError::new(MissingColumn((*name).to_owned())))?,
        };
        check(spec.typ()).map_err(|source| {
            TypeCheckError::new(ColumnTypeError {
                column: (*name).to_owned(),
                source,
            })
        })?;
    }
    Ok(())
}

/// Reads a row's columns by name, in the fast positional way while the names line up.
pub struct RowReader<'f, 'm> {
    iter: ColumnIterator<'f, 'm>,
    rest: Option<Vec<RawColumn<'f, 'm>>>,
}

impl<'f, 'm> RowReader<'f, 'm> {
    /// Starts reading a row.
    #[inline]
    pub fn new(iter: ColumnIterator<'f, 'm>) -> Self {
        RowReader { iter, rest: None }
    }

    /// Reads the next column of the result as selector `S` of model `M` (projections, which
    /// read by position).
    #[inline]
    pub fn selector<S: Selector<M>, M>(&mut self) -> Result<S::Value, DeserializationError>
    where
        S::Value: DeserializeValue<'f, 'm>,
    {
        match self.iter.next() {
            Some(Ok(col)) => {
                let name = col.spec.name();
                <S::Value as DeserializeValue<'f, 'm>>::deserialize(col.spec.typ(), col.slice)
                    .map_err(|source| {
                        DeserializationError::new(ColumnError {
                            column: name.to_owned(),
                            source,
                        })
                    })
            }
            Some(Err(e)) => Err(e),
            None => Err(DeserializationError::new(MissingColumn(
                std::any::type_name::<S>().to_owned(),
            ))),
        }
    }

    /// Reads column `C` (named `name` in the result).
    #[inline(always)]
    pub fn column<C: Column>(
        &mut self,
        name: &'static str,
    ) -> Result<C::Value, DeserializationError> {
        let (typ, slice) = self.raw(name)?;
        <C::Value as CqlTyped>::read_cell(typ, slice).map_err(|source| column_error(name, source))
    }

    /// Reads column `C`, or `default()` when the cell is null (`#[cql(default)]` fields).
    #[inline(always)]
    pub fn column_or_else<C: Column>(
        &mut self,
        name: &'static str,
        default: impl FnOnce() -> C::Value,
    ) -> Result<C::Value, DeserializationError> {
        let (typ, slice) = self.raw(name)?;
        let value = <Option<C::Value> as DeserializeValue<'f, 'm>>::deserialize(typ, slice)
            .map_err(|source| column_error(name, source))?;
        Ok(value.unwrap_or_else(default))
    }

    /// Reads column `name` as `T`; errors carry the column name ([`ColumnError`]).
    #[inline(always)]
    pub fn next<T: DeserializeValue<'f, 'm>>(
        &mut self,
        name: &'static str,
    ) -> Result<T, DeserializationError> {
        let (typ, slice) = self.raw(name)?;
        T::deserialize(typ, slice).map_err(|source| column_error(name, source))
    }

    /// The next column if it is `name` (the positional fast path, inlined into generated
    /// code so that the name comparison is against a literal), else [`Self::raw_by_name`].
    #[inline(always)]
    fn raw(
        &mut self,
        name: &'static str,
    ) -> Result<(&'m ColumnType<'m>, Option<FrameSlice<'f>>), DeserializationError> {
        if self.rest.is_none() {
            match self.iter.next() {
                Some(Ok(col)) if col.spec.name() == name => return Ok((col.spec.typ(), col.slice)),
                next => return self.raw_by_name(name, Some(next)),
            }
        }
        self.raw_by_name(name, None)
    }

    /// The slow path of [`Self::raw`]: the columns stopped lining up with the fields
    /// (`next` is the column just taken, if any), so the rest are collected and searched by
    /// name.
    #[cold]
    #[inline(never)]
    fn raw_by_name(
        &mut self,
        name: &'static str,
        next: Option<Option<Result<RawColumn<'f, 'm>, DeserializationError>>>,
    ) -> Result<(&'m ColumnType<'m>, Option<FrameSlice<'f>>), DeserializationError> {
        match next {
            Some(Some(Ok(col))) => {
                let mut rest = vec![col];
                for c in self.iter.by_ref() {
                    rest.push(c?);
                }
                self.rest = Some(rest);
            }
            Some(Some(Err(e))) => return Err(e),
            Some(None) => self.rest = Some(Vec::new()),
            None => {}
        }
        let rest = self.rest.as_mut();
        let col = rest
            .and_then(|rest| {
                let i = rest.iter().position(|c| c.spec.name() == name)?;
                Some(rest.swap_remove(i))
            })
            .ok_or_else(|| DeserializationError::new(MissingColumn(name.to_owned())))?;
        Ok((col.spec.typ(), col.slice))
    }
}

#[inline]
fn column_error(name: &'static str, source: DeserializationError) -> DeserializationError {
    DeserializationError::new(ColumnError {
        column: name.to_owned(),
        source,
    })
}

/// The value is not of a user-defined type.
#[derive(Debug, thiserror::Error)]
#[error("expected the user-defined type `{expected}`, found {found}")]
pub struct NotAUdt {
    expected: &'static str,
    found: String,
}

fn udt_definition<'a>(
    typ: &'a ColumnType<'a>,
    name: &'static str,
) -> Option<&'a UserDefinedType<'a>> {
    match typ {
        ColumnType::UserDefinedType { definition, .. } if definition.name == name => {
            Some(definition)
        }
        _ => None,
    }
}

/// Serialises a UDT value field by field, in the order the server's type definition lists
/// them; fields the Rust struct lacks are written as null.
pub fn write_udt<'b>(
    type_name: &'static str,
    typ: &ColumnType<'_>,
    writer: CellWriter<'b>,
    fields: &[(&'static str, &dyn SerializeValue)],
) -> Result<WrittenCellProof<'b>, SerializationError> {
    let def = udt_definition(typ, type_name).ok_or_else(|| {
        SerializationError::new(NotAUdt {
            expected: type_name,
            found: format!("{typ:?}"),
        })
    })?;
    let mut builder = writer.into_value_builder();
    for (fname, ftyp) in &def.field_types {
        let sub = builder.make_sub_writer();
        match fields.iter().find(|(n, _)| *n == fname.as_ref()) {
            Some((_, v)) => {
                v.serialize(ftyp, sub)?;
            }
            None => {
                sub.set_null();
            }
        }
    }
    builder.finish().map_err(SerializationError::new)
}

/// Type-checks a UDT: the server's type must carry every field the struct names, with
/// compatible types.
pub fn udt_type_check(
    type_name: &'static str,
    typ: &ColumnType<'_>,
    fields: &[(&'static str, TypeChecker)],
) -> Result<(), TypeCheckError> {
    let def = udt_definition(typ, type_name).ok_or_else(|| {
        TypeCheckError::new(NotAUdt {
            expected: type_name,
            found: format!("{typ:?}"),
        })
    })?;
    for (name, check) in fields {
        let (_, ftyp) = def
            .field_types
            .iter()
            .find(|(n, _)| n.as_ref() == *name)
            .ok_or_else(|| TypeCheckError::new(MissingColumn((*name).to_owned())))?;
        check(ftyp).map_err(|source| {
            TypeCheckError::new(ColumnTypeError {
                column: (*name).to_owned(),
                source,
            })
        })?;
    }
    Ok(())
}

type RawUdtField<'f, 'm> = (&'m str, &'m ColumnType<'m>, Option<FrameSlice<'f>>);

/// One field of a `#[derive(UserType)]` struct, named by a marker type inside the derive's
/// expansion: the only place the field's Rust type is written.
pub trait UdtField {
    /// The field's Rust type.
    type Value: CqlTyped;
    /// The field's CQL type (the mapping, or the `#[cql(type = ...)]` override).
    const CQL_TYPE: CqlType = <Self::Value as CqlTyped>::CQL_TYPE;
}

/// Field `F`'s value as the driver's serialisable value.
#[inline]
pub fn udt_field_value<F: UdtField>(value: &F::Value) -> &dyn SerializeValue {
    value
}

/// Field `F`'s value type check.
#[inline]
pub fn udt_field_checker<F: UdtField>() -> TypeChecker {
    <F::Value as DeserializeValue<'_, '_>>::type_check
}

/// Reads a UDT value's fields by name.
pub struct UdtReader<'f, 'm> {
    fields: Vec<RawUdtField<'f, 'm>>,
}

impl<'f, 'm> UdtReader<'f, 'm> {
    /// Splits a UDT value into its fields.
    pub fn new(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        let iter = UdtIterator::deserialize(typ, v)?;
        let mut fields = Vec::new();
        for ((name, ftyp), raw) in iter {
            fields.push((name.as_ref(), ftyp, raw?.flatten()));
        }
        Ok(UdtReader { fields })
    }

    /// Reads field `F`, named `name` (a field missing from the value reads as null).
    pub fn typed_field<F: UdtField>(
        &self,
        name: &'static str,
    ) -> Result<F::Value, DeserializationError> {
        self.field::<F::Value>(name)
    }

    /// Reads field `name` as `T` (a field missing from the value reads as null).
    pub fn field<T: DeserializeValue<'f, 'm>>(
        &self,
        name: &'static str,
    ) -> Result<T, DeserializationError> {
        let (_, typ, slice) = self
            .fields
            .iter()
            .find(|(n, _, _)| *n == name)
            .ok_or_else(|| DeserializationError::new(MissingColumn(name.to_owned())))?;
        T::deserialize(typ, *slice).map_err(|source| {
            DeserializationError::new(ColumnError {
                column: name.to_owned(),
                source,
            })
        })
    }
}
