//! What a SELECT can read besides whole rows: columns, and the `TTL(...)` / `WRITETIME(...)`
//! of a column, combined into tuples by [`crate::query::Projection`].

use std::marker::PhantomData;

use crate::column::{CellColumn, Column, ColumnOf, NonCounterColumn, NonKeyColumn};
use crate::schema::push_quoted;

/// One item of a SELECT list for model `M`. `#[derive(Model)]` implements it for every column;
/// [`Ttl`] and [`WriteTime`] wrap a column (built only for a [`TimedColumn`], by
/// [`crate::ColumnExt::ttl`] / [`crate::ColumnExt::writetime`] or a checked projection).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be selected from `{M}`",
    label = "select columns of `{M}`, or `.ttl()` / `.writetime()` of one"
)]
pub trait Selector<M> {
    /// The Rust type read. (Unbounded here so that a field type without a CQL mapping is
    /// reported once, by the column; reading requires `DeserializeValue`.)
    type Value;
    /// Appends the selector's CQL text.
    fn write_selector(out: &mut String);
}

/// `TTL(column)`: the seconds left before the cell expires, `None` without a TTL (or for a
/// null cell). Built with [`crate::ColumnExt::ttl`].
pub struct Ttl<C>(PhantomData<fn() -> C>);

/// `WRITETIME(column)`: the cell's write timestamp in microseconds since the Unix epoch,
/// `None` for a null cell. Built with [`crate::ColumnExt::writetime`].
pub struct WriteTime<C>(PhantomData<fn() -> C>);

impl<C> Ttl<C> {
    pub(crate) fn new() -> Self {
        Ttl(PhantomData)
    }
}

impl<C> WriteTime<C> {
    pub(crate) fn new() -> Self {
        WriteTime(PhantomData)
    }
}

impl<C> Clone for Ttl<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for Ttl<C> {}
impl<C> Clone for WriteTime<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for WriteTime<C> {}

impl<C> std::fmt::Debug for Ttl<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ttl({})", std::any::type_name::<C>())
    }
}

impl<C> std::fmt::Debug for WriteTime<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WriteTime({})", std::any::type_name::<C>())
    }
}

/// A column whose cells carry a TTL and a write time of their own: a non-key, non-counter
/// column that is not a non-frozen collection (Cassandra refuses `TTL()` and `WRITETIME()`
/// on those).
#[diagnostic::on_unimplemented(
    message = "`TTL()` and `WRITETIME()` cannot read `{Self}`",
    label = "needs a regular or static column that is not a counter or a non-frozen collection",
    note = "key columns have no TTL or write time of their own; the cells of a non-frozen collection each have their own"
)]
pub trait TimedColumn<M> {}
impl<M, C> TimedColumn<M> for C where
    C: ColumnOf<M> + NonKeyColumn<M> + NonCounterColumn<M> + CellColumn<M>
{
}

impl<M, C: Column> Selector<M> for Ttl<C> {
    type Value = Option<i32>;
    fn write_selector(out: &mut String) {
        out.push_str("TTL(");
        push_quoted(out, C::NAME);
        out.push(')');
    }
}

impl<M, C: Column> Selector<M> for WriteTime<C> {
    type Value = Option<i64>;
    fn write_selector(out: &mut String) {
        out.push_str("WRITETIME(");
        push_quoted(out, C::NAME);
        out.push(')');
    }
}

/// Compiles only for a [`TimedColumn`] (what `#[derive(Projection)]` checks `ttl = ...` and
/// `writetime = ...` fields with; `.ttl()` / `.writetime()` check it themselves).
pub fn timed_column<M, C: TimedColumn<M>>() {}

/// Appends a column's quoted name (what the derive's [`Selector`] impls call).
pub fn write_column_selector<C: Column>(out: &mut String) {
    push_quoted(out, C::NAME);
}
