//! Bind values of a statement: dynamic values around an optional fixed key, serialised
//! straight into the driver's request buffer.

use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::writers::RowWriter;
use scylla::serialize::SerializationError;

use crate::error::{Error, Result};
use crate::model::{BindValues, ColumnKind, Model, Nulls};
use crate::query::expr::BoxedValue;

/// The number of bind markers did not match the values (a bug in generated code or here).
#[derive(Debug, thiserror::Error)]
#[error("statement has {markers} bind markers but {values} values were given")]
pub(crate) struct CountMismatch {
    pub(crate) markers: usize,
    pub(crate) values: usize,
}

/// `before ++ key ++ after`, in bind-marker order.
pub(crate) struct Values<'a, K> {
    pub(crate) before: &'a [BoxedValue],
    pub(crate) key: Option<&'a K>,
    pub(crate) after: &'a [BoxedValue],
    pub(crate) nulls: Nulls,
}

impl<'a, K: BindValues> Values<'a, K> {
    pub(crate) fn key(key: &'a K) -> Self {
        Values {
            before: &[],
            key: Some(key),
            after: &[],
            nulls: Nulls::Unset,
        }
    }

    fn count(&self) -> usize {
        self.before.len() + self.key.map_or(0, |_| K::COUNT) + self.after.len()
    }
}

impl<K: BindValues> SerializeRow for Values<'_, K> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter<'_>,
    ) -> Result<(), SerializationError> {
        let specs = ctx.columns();
        if specs.len() != self.count() {
            return Err(SerializationError::new(CountMismatch {
                markers: specs.len(),
                values: self.count(),
            }));
        }
        let mut specs = specs.iter();
        for (v, spec) in self.before.iter().zip(specs.by_ref()) {
            v.serialize(spec.typ(), writer.make_cell_writer())?;
        }
        if let Some(key) = self.key {
            for (i, spec) in specs.by_ref().take(K::COUNT).enumerate() {
                key.write_value(i, spec.typ(), writer.make_cell_writer(), self.nulls)?;
            }
        }
        for (v, spec) in self.after.iter().zip(specs) {
            v.serialize(spec.typ(), writer.make_cell_writer())?;
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.count() == 0
    }
}

/// Refuses a single-column partition key that is null or an empty text/blob, which Cassandra
/// rejects with "Key may not be empty".
pub(crate) fn check_partition_key<M: Model, K: BindValues>(key: &K) -> Result<()> {
    let pk_columns = M::COLUMNS
        .iter()
        .filter(|c| c.kind == ColumnKind::PartitionKey)
        .count();
    if pk_columns == 1 && key.is_empty(0) {
        return Err(Error::Validation(format!(
            "the partition key of `{}` may not be empty",
            M::TABLE
        )));
    }
    Ok(())
}

/// The same check on a whole row (the partition key column is found in `COLUMNS`).
pub(crate) fn check_row_partition_key<M: Model>(row: &M) -> Result<()> {
    let mut pk = M::COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ColumnKind::PartitionKey);
    if let (Some((i, _)), None) = (pk.next(), pk.next()) {
        if row.is_empty(i) {
            return Err(Error::Validation(format!(
                "the partition key of `{}` may not be empty",
                M::TABLE
            )));
        }
    }
    Ok(())
}

/// Reads the first row of a result as `R`, if any (the others are not deserialised).
pub(crate) fn first_row<R>(
    table: &'static str,
    result: scylla::response::query_result::QueryResult,
) -> Result<Option<R>>
where
    R: for<'f, 'm> scylla::deserialize::row::DeserializeRow<'f, 'm>,
{
    let rows = result
        .into_rows_result()
        .map_err(|e| crate::error::rows_error(table, e))?;
    let mut iter = rows
        .rows::<R>()
        .map_err(|e| crate::error::rows_error(table, e))?;
    iter.next()
        .transpose()
        .map_err(|e| Error::deserialization(table, e))
}

/// Reads every row of a result as `R`.
pub(crate) fn rows<R>(
    table: &'static str,
    result: scylla::response::query_result::QueryResult,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> scylla::deserialize::row::DeserializeRow<'f, 'm>,
{
    let rows = result
        .into_rows_result()
        .map_err(|e| crate::error::rows_error(table, e))?;
    let iter = rows
        .rows::<R>()
        .map_err(|e| crate::error::rows_error(table, e))?;
    iter.map(|r| r.map_err(|e| Error::deserialization(table, e)))
        .collect()
}
