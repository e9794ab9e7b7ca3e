//! The typed column DSL.
//!
//! `#[derive(Model)]` on `UserEvent` generates a public module `user_event` holding, for each
//! field, a zero-sized unit struct named after the field (`#[allow(non_camel_case_types)]`,
//! deriving only `Debug, Clone, Copy, Default`), so `user_event::device` is both the type and
//! the value. Each implements:
//!
//! * [`Column`] (model, Rust value type, [`kind`], CQL name, index in `Model::COLUMNS`),
//! * [`ColumnOf<UserEvent>`],
//! * exactly one of [`PartitionKeyColumn`], [`ClusteringColumn`] (plus
//!   [`FollowsClustering<Prev>`] with `Prev` the previous clustering column's type, or
//!   [`NoClustering`] for the first), [`StaticColumn`], [`RegularColumn`],
//! * [`NonKeyColumn`] for static and regular columns, [`NonCounterColumn`] for every column
//!   whose type is not `Counter` (key columns included), [`CounterColumn`] for counters,
//! * [`Indexed`] for `#[cql(index)]` columns (their [`Column::Kind`] is [`kind::Indexed`]
//!   unless they are clustering columns),
//! * for non-frozen collections (the field type, under an optional `Option`, is spelled
//!   `Vec<_>` (not `Vec<u8>`), `HashSet<_>`, `BTreeSet<_>`, `HashMap<_, _>` or
//!   `BTreeMap<_, _>`): [`CollectionColumn`] + [`ListColumn`] / [`SetColumn`], or
//!   [`MapColumn`].
//!
//! The traits a user can fail to satisfy carry `#[diagnostic::on_unimplemented]`, so misuse
//! reads in CQL terms, e.g. "`device` is not a clustering column of `UserEvent`".

use chrono::{DateTime, Utc};

use crate::model::Model;
use crate::query::expr::{Bindable, Expr, Ordering};
use crate::query::ops;
use crate::types::CqlTyped;

/// Column kinds, used by [`Column::Kind`] to pick the query rules that apply.
pub mod kind {
    /// Partition key column.
    #[derive(Debug, Clone, Copy)]
    pub struct PartitionKey;
    /// Clustering column.
    #[derive(Debug, Clone, Copy)]
    pub struct Clustering;
    /// Static column without index.
    #[derive(Debug, Clone, Copy)]
    pub struct Static;
    /// Regular column without index.
    #[derive(Debug, Clone, Copy)]
    pub struct Regular;
    /// Static or regular column with a secondary index (on its value, or on the values of a
    /// collection).
    #[derive(Debug, Clone, Copy)]
    pub struct Indexed;
    /// Map column with a secondary index on its keys (`#[cql(index = "keys")]`).
    #[derive(Debug, Clone, Copy)]
    pub struct IndexedKeys;
}

/// Clustering orders at the type level (see [`ClusteringColumn::Order`]).
pub mod order {
    /// Ascending.
    #[derive(Debug, Clone, Copy)]
    pub struct Asc;
    /// Descending.
    #[derive(Debug, Clone, Copy)]
    pub struct Desc;
}

/// A column of a model.
pub trait Column: Copy + Send + Sync + 'static {
    /// The model the column belongs to.
    type Model: Model;
    /// The Rust type of the field (e.g. `Option<String>`).
    type Value: CqlTyped;
    /// One of the [`kind`] markers.
    type Kind;
    /// The CQL column name (unquoted, exact case).
    const NAME: &'static str;
    /// The CQL type of the column: the field type's mapping, or the `#[cql(type = ...)]`
    /// override.
    const CQL_TYPE: crate::types::CqlType = <Self::Value as CqlTyped>::CQL_TYPE;
    /// The index of this column in `Model::COLUMNS`.
    const INDEX: usize;
}

/// Marks a column as belonging to `M`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a column of `{M}`",
    label = "this column belongs to another model",
    note = "use the columns from the module generated for `{M}`"
)]
pub trait ColumnOf<M>: Column {}

/// A partition key column.
#[diagnostic::on_unimplemented(message = "`{Self}` is not a partition key column of `{M}`")]
pub trait PartitionKeyColumn<M>: ColumnOf<M> {
    /// Position within the partition key (0-based).
    const POSITION: usize;
}

/// A clustering column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a clustering column of `{M}`",
    label = "ORDER BY and clustering restrictions need a clustering column"
)]
pub trait ClusteringColumn<M>: ColumnOf<M> {
    /// Position among the clustering columns (0-based).
    const POSITION: usize;
    /// [`order::Asc`] or [`order::Desc`], as declared.
    type Order;
}

/// The "previous clustering column" of the first clustering column.
#[derive(Debug, Clone, Copy)]
pub struct NoClustering;

/// `Self` is the clustering column right after `Prev` ([`NoClustering`] for the first one).
#[diagnostic::on_unimplemented(
    message = "clustering column `{Self}` skips an earlier clustering column",
    label = "the clustering columns before `{Self}` are not all restricted (or ordered)",
    note = "clustering columns are restricted and ordered in their declared order, without gaps: restrict (or order by) the earlier ones first"
)]
pub trait FollowsClustering<Prev> {}

/// A static column.
#[diagnostic::on_unimplemented(message = "`{Self}` is not a static column of `{M}`")]
pub trait StaticColumn<M>: ColumnOf<M> {}

/// A regular (non-key, non-static) column.
#[diagnostic::on_unimplemented(message = "`{Self}` is not a regular column of `{M}`")]
pub trait RegularColumn<M>: ColumnOf<M> {}

/// A column outside the primary key (static or regular).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is part of the primary key of `{M}`",
    label = "primary key columns cannot be set or deleted",
    note = "to change a key, delete the row and insert a new one"
)]
pub trait NonKeyColumn<M>: ColumnOf<M> {}

/// A column whose type is not `counter`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a counter column of `{M}`",
    label = "counters cannot be set or inserted",
    note = "change counters with `.incr(...)` / `.decr(...)` on an update"
)]
pub trait NonCounterColumn<M>: ColumnOf<M> {}

/// A `counter` column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a counter column of `{M}`",
    label = "`incr`/`decr` need a `counter` column",
    note = "set other columns with `.set(...)`"
)]
pub trait CounterColumn<M>: ColumnOf<M> {}

/// A column stored as a single cell: not a non-frozen collection (nor a non-frozen UDT).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a non-frozen collection column of `{M}`",
    label = "this needs a column stored as one cell",
    note = "each element of a non-frozen collection is a cell of its own; wrap the type in `Frozen<...>` to store it as one"
)]
pub trait CellColumn<M>: ColumnOf<M> {}

/// A column a `SELECT DISTINCT` may read: a partition key or static column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read by SELECT DISTINCT on `{M}`",
    label = "DISTINCT reads only partition key and static columns"
)]
pub trait DistinctColumn<M>: ColumnOf<M> {}

/// A column with a secondary index.
#[diagnostic::on_unimplemented(message = "`{Self}` has no secondary index in `{M}`")]
pub trait Indexed<M>: ColumnOf<M> {}

/// A non-frozen `list` or `set` column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list or set column of `{M}`",
    label = "this collection operation needs a non-frozen `list<...>` or `set<...>` column"
)]
pub trait CollectionColumn<M>: ColumnOf<M> {
    /// The element type.
    type Elem: CqlTyped;
}

/// A non-frozen `set` column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set column of `{M}`",
    label = "`add` needs a non-frozen `set<...>` column",
    note = "lists take `append`/`prepend`, maps take `put`"
)]
pub trait SetColumn<M>: ColumnOf<M> {
    /// The element type (the same as [`CollectionColumn::Elem`]).
    type Elem: CqlTyped;
}

/// A non-frozen `list` column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list column of `{M}`",
    label = "`append`/`prepend` need a non-frozen `list<...>` column",
    note = "sets take `add`, maps take `put`"
)]
pub trait ListColumn<M>: ColumnOf<M> {
    /// The element type (the same as [`CollectionColumn::Elem`]).
    type Elem: CqlTyped;
}

/// A non-frozen `map` column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a map column of `{M}`",
    label = "this map operation needs a non-frozen `map<...>` column"
)]
pub trait MapColumn<M>: ColumnOf<M> {
    /// The key type.
    type Key: CqlTyped;
    /// The value type.
    type Val: CqlTyped;
}

/// A `timeuuid` value: [`crate::Timeuuid`] or the driver's `CqlTimeuuid`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a timeuuid",
    label = "minTimeuuid/maxTimeuuid time ranges need a `timeuuid` column",
    note = "compare other columns with `.gt(..)`, `.ge(..)`, `.lt(..)`, `.le(..)`"
)]
pub trait TimeuuidValue {}
impl TimeuuidValue for crate::types::Timeuuid {}
impl TimeuuidValue for scylla::value::CqlTimeuuid {}

/// The column DSL: comparisons for `filter(...)` and `if_(...)`, and orderings for
/// `order_by(...)`. Implemented for every [`Column`]; import it with `cql_orm::prelude::*`.
pub trait ColumnExt: Column {
    /// `column = value`.
    fn eq<V: Bindable<<Self::Value as CqlTyped>::Plain>>(self, value: V) -> Expr<Self, ops::Eq> {
        Expr::new("=", value.into_value())
    }
    /// `column != value` (only valid in `IF` conditions).
    fn ne<V: Bindable<<Self::Value as CqlTyped>::Plain>>(self, value: V) -> Expr<Self, ops::Ne> {
        Expr::new("!=", value.into_value())
    }
    /// `column > value`.
    fn gt<V: Bindable<<Self::Value as CqlTyped>::Plain>>(self, value: V) -> Expr<Self, ops::Range> {
        Expr::new(">", value.into_value())
    }
    /// `column >= value`.
    fn ge<V: Bindable<<Self::Value as CqlTyped>::Plain>>(self, value: V) -> Expr<Self, ops::Range> {
        Expr::new(">=", value.into_value())
    }
    /// `column < value`.
    fn lt<V: Bindable<<Self::Value as CqlTyped>::Plain>>(self, value: V) -> Expr<Self, ops::Range> {
        Expr::new("<", value.into_value())
    }
    /// `column <= value`.
    fn le<V: Bindable<<Self::Value as CqlTyped>::Plain>>(self, value: V) -> Expr<Self, ops::Range> {
        Expr::new("<=", value.into_value())
    }
    /// `column IN (values...)`, bound as one list value.
    fn in_<I>(self, values: I) -> Expr<Self, ops::In>
    where
        I: IntoIterator,
        I::Item: Bindable<<Self::Value as CqlTyped>::Plain>,
    {
        let list: Vec<<Self::Value as CqlTyped>::Plain> =
            values.into_iter().map(Bindable::into_value).collect();
        Expr::boxed(" IN ", Box::new(list))
    }
    /// `column CONTAINS value` on a list or set column.
    fn contains<V>(self, value: V) -> Expr<Self, ops::Contains>
    where
        Self: CollectionColumn<<Self as Column>::Model>,
        V: Bindable<<Self as CollectionColumn<<Self as Column>::Model>>::Elem>,
    {
        Expr::boxed(" CONTAINS ", Box::new(value.into_value()))
    }
    /// `column CONTAINS KEY key` on a map column.
    fn contains_key<V>(self, key: V) -> Expr<Self, ops::ContainsKey>
    where
        Self: MapColumn<<Self as Column>::Model>,
        V: Bindable<<Self as MapColumn<<Self as Column>::Model>>::Key>,
    {
        Expr::boxed(" CONTAINS KEY ", Box::new(key.into_value()))
    }
    /// `column >= minTimeuuid(at)`: the timeuuids of `at` and later.
    fn since(self, at: DateTime<Utc>) -> Expr<Self, ops::Range>
    where
        <Self::Value as CqlTyped>::Plain: TimeuuidValue,
    {
        Expr::new(">=", at).with_marker("minTimeuuid(?)")
    }
    /// `column > maxTimeuuid(at)`: the timeuuids after `at` (to the millisecond).
    fn after(self, at: DateTime<Utc>) -> Expr<Self, ops::Range>
    where
        <Self::Value as CqlTyped>::Plain: TimeuuidValue,
    {
        Expr::new(">", at).with_marker("maxTimeuuid(?)")
    }
    /// `column < minTimeuuid(at)`: the timeuuids before `at`.
    fn before(self, at: DateTime<Utc>) -> Expr<Self, ops::Range>
    where
        <Self::Value as CqlTyped>::Plain: TimeuuidValue,
    {
        Expr::new("<", at).with_marker("minTimeuuid(?)")
    }
    /// `column <= maxTimeuuid(at)`: the timeuuids of `at` (to the millisecond) and earlier.
    fn until(self, at: DateTime<Utc>) -> Expr<Self, ops::Range>
    where
        <Self::Value as CqlTyped>::Plain: TimeuuidValue,
    {
        Expr::new("<=", at).with_marker("maxTimeuuid(?)")
    }
    /// `TTL(column)` in a projection: `.columns((t::a, t::a.ttl()))`.
    fn ttl(self) -> crate::query::Ttl<Self>
    where
        Self: crate::query::TimedColumn<<Self as Column>::Model>,
    {
        crate::query::Ttl::new()
    }
    /// `WRITETIME(column)` in a projection: `.columns((t::a, t::a.writetime()))`.
    fn writetime(self) -> crate::query::WriteTime<Self>
    where
        Self: crate::query::TimedColumn<<Self as Column>::Model>,
    {
        crate::query::WriteTime::new()
    }
    /// `ORDER BY column ASC`.
    fn asc(self) -> Ordering<Self, order::Asc> {
        Ordering::new("ASC")
    }
    /// `ORDER BY column DESC`.
    fn desc(self) -> Ordering<Self, order::Desc> {
        Ordering::new("DESC")
    }
}

impl<C: Column> ColumnExt for C {}
