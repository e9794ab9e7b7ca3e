//! Type-level state of a SELECT under construction, and the transition rules that make invalid
//! CQL a compile error.
//!
//! A [`crate::query::Select`] carries `St<P, K, F, O>`:
//!
//! * `P`: [`NoPartition`] or [`Partition`] (partition key restricted by `.partition(...)`),
//! * `K`: [`Eqs<Last>`] (clustering columns restricted by `=`/`IN` up to `Last`, starting at
//!   [`NoClustering`]) or [`Ranged<C>`] (a range on `C`; nothing may follow),
//! * `F`: [`Clean`], [`ViaIndex`] (one secondary-index equality), [`NeedsFiltering`] or
//!   [`Allowed`] (`.allow_filtering()` was called),
//! * `O`: [`Unordered`] or [`Ordered<Last, Flip>`].

use std::marker::PhantomData;

pub use crate::column::NoClustering;
use crate::column::{kind, order, ClusteringColumn, Column, FollowsClustering};
use crate::query::expr::ops;

/// The full state: see the module docs.
#[allow(clippy::type_complexity)]
pub struct St<P, K, F, O>(PhantomData<fn() -> (P, K, F, O)>);

/// The partition key is not restricted.
#[derive(Debug)]
pub struct NoPartition;
/// The partition key is restricted by equality.
#[derive(Debug)]
pub struct Partition;
/// The partitions are restricted by a token range (a slice of a full scan).
#[derive(Debug)]
pub struct TokenRanged;
/// Clustering columns restricted by equality up to `Last`.
#[derive(Debug)]
pub struct Eqs<Last>(PhantomData<Last>);
/// Clustering column `C` restricted by a range.
#[derive(Debug)]
pub struct Ranged<C>(PhantomData<C>);
/// No filtering needed.
#[derive(Debug)]
pub struct Clean;
/// Served by one secondary-index equality.
#[derive(Debug)]
pub struct ViaIndex;
/// The query needs `ALLOW FILTERING`.
#[derive(Debug)]
pub struct NeedsFiltering;
/// `ALLOW FILTERING` was requested.
#[derive(Debug)]
pub struct Allowed;
/// No ORDER BY yet.
#[derive(Debug)]
pub struct Unordered;
/// ORDER BY up to clustering column `Last`, keeping (`Same`) or reversing the table order.
#[derive(Debug)]
pub struct Ordered<Last, Flip>(PhantomData<(Last, Flip)>);
/// ORDER BY keeps the declared clustering order.
#[derive(Debug)]
pub struct Same;
/// ORDER BY reverses the declared clustering order.
#[derive(Debug)]
pub struct Reversed;

/// The initial state of a SELECT.
pub type Initial = St<NoPartition, Eqs<NoClustering>, Clean, Unordered>;

/// An operation allowed in a WHERE clause.
#[diagnostic::on_unimplemented(
    message = "`!=` cannot be used in a WHERE clause",
    label = "CQL supports `!=` only in `IF` conditions"
)]
pub trait WhereOp {}
#[diagnostic::do_not_recommend]
impl WhereOp for ops::Eq {}
#[diagnostic::do_not_recommend]
impl WhereOp for ops::Range {}
#[diagnostic::do_not_recommend]
impl WhereOp for ops::In {}
#[diagnostic::do_not_recommend]
impl WhereOp for ops::Contains {}
#[diagnostic::do_not_recommend]
impl WhereOp for ops::ContainsKey {}

/// Never implemented: partition key columns are restricted through `.partition(...)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a partition key column: it cannot be filtered, ranged or ordered",
    label = "restrict the partition key with `.partition(...)`",
    note = "Cassandra restricts a partition key only by equality on all of its columns (ranges need token(...))"
)]
pub trait NotAPartitionKeyColumn {}

/// Never implemented: a clustering restriction after a range.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be restricted after the range on `{R}`",
    label = "a range must be the last clustering restriction",
    note = "restrict earlier clustering columns by equality, then at most one column by a range"
)]
pub trait AfterRange<R> {}

/// `Self` is the clustering column already restricted by a range (a second bound on it).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be restricted after the range on `{R}`",
    label = "a range must be the last clustering restriction",
    note = "only the ranged column may take a second bound (e.g. `> a` and `< b`)"
)]
pub trait SameRangeColumn<R> {}
impl<C> SameRangeColumn<C> for C {}

/// Filtering-state change when a non-key column is restricted.
pub trait Escalate {
    /// The new state.
    type Out;
}
impl Escalate for Clean {
    type Out = NeedsFiltering;
}
impl Escalate for ViaIndex {
    type Out = NeedsFiltering;
}
impl Escalate for NeedsFiltering {
    type Out = NeedsFiltering;
}
impl Escalate for Allowed {
    type Out = Allowed;
}

/// Filtering-state change when an indexed column is restricted by equality.
pub trait UseIndex {
    /// The new state.
    type Out;
}
impl UseIndex for Clean {
    type Out = ViaIndex;
}
impl UseIndex for ViaIndex {
    type Out = NeedsFiltering;
}
impl UseIndex for NeedsFiltering {
    type Out = NeedsFiltering;
}
impl UseIndex for Allowed {
    type Out = Allowed;
}

/// Filtering-state change for a clustering restriction: needs filtering without the partition.
pub trait ClusteringFilter<P> {
    /// The new state.
    type Out;
}
impl<F> ClusteringFilter<Partition> for F {
    type Out = F;
}
impl<F: Escalate> ClusteringFilter<NoPartition> for F {
    type Out = F::Out;
}
impl<F: Escalate> ClusteringFilter<TokenRanged> for F {
    type Out = F::Out;
}

/// The transition for restricting column `C` with operation `Op` in state `(P, K, F)`,
/// implemented by the column's [`Column::Kind`].
pub trait KindRestrict<C, Op, P, K, F> {
    /// The next clustering state.
    type K;
    /// The next filtering state.
    type F;
}

impl<C, Op, P, K, F> KindRestrict<C, Op, P, K, F> for kind::PartitionKey
where
    C: NotAPartitionKeyColumn,
{
    type K = K;
    type F = F;
}

macro_rules! clustering_prefix_ops {
    ($($op:ty),*) => {$(
        impl<C, P, Last, F> KindRestrict<C, $op, P, Eqs<Last>, F> for kind::Clustering
        where
            C: FollowsClustering<Last>,
            F: ClusteringFilter<P>,
        {
            type K = Eqs<C>;
            type F = F::Out;
        }
        impl<C, P, R, F> KindRestrict<C, $op, P, Ranged<R>, F> for kind::Clustering
        where
            C: AfterRange<R>,
        {
            type K = Ranged<R>;
            type F = F;
        }
    )*};
}
clustering_prefix_ops!(ops::Eq, ops::In);

impl<C, P, Last, F> KindRestrict<C, ops::Range, P, Eqs<Last>, F> for kind::Clustering
where
    C: FollowsClustering<Last>,
    F: ClusteringFilter<P>,
{
    type K = Ranged<C>;
    type F = F::Out;
}

impl<C, P, R, F> KindRestrict<C, ops::Range, P, Ranged<R>, F> for kind::Clustering
where
    C: SameRangeColumn<R>,
{
    type K = Ranged<R>;
    type F = F;
}

macro_rules! filtering_ops {
    ($kind:ty => $($op:ty),*) => {$(
        impl<C, P, K, F: Escalate> KindRestrict<C, $op, P, K, F> for $kind {
            type K = K;
            type F = F::Out;
        }
    )*};
}
filtering_ops!(kind::Clustering => ops::Contains, ops::ContainsKey);
filtering_ops!(kind::Static => ops::Eq, ops::Range, ops::In, ops::Contains, ops::ContainsKey);
filtering_ops!(kind::Regular => ops::Eq, ops::Range, ops::In, ops::Contains, ops::ContainsKey);
filtering_ops!(kind::Indexed => ops::Range, ops::In, ops::ContainsKey);
filtering_ops!(kind::IndexedKeys => ops::Eq, ops::Range, ops::In, ops::Contains);

impl<C, P, K, F: UseIndex> KindRestrict<C, ops::ContainsKey, P, K, F> for kind::IndexedKeys {
    type K = K;
    type F = F::Out;
}

impl<C, P, K, F: UseIndex> KindRestrict<C, ops::Eq, P, K, F> for kind::Indexed {
    type K = K;
    type F = F::Out;
}
impl<C, P, K, F: UseIndex> KindRestrict<C, ops::Contains, P, K, F> for kind::Indexed {
    type K = K;
    type F = F::Out;
}

/// A SELECT whose partition key is restricted.
#[diagnostic::on_unimplemented(
    message = "ORDER BY needs the partition key restricted",
    label = "call `.partition(...)` before `.order_by(...)`",
    note = "Cassandra orders rows only within one partition"
)]
pub trait PartitionRestricted {}
#[diagnostic::do_not_recommend]
impl PartitionRestricted for Partition {}

/// A SELECT that may run without `ALLOW FILTERING` (or has it).
#[diagnostic::on_unimplemented(
    message = "this query needs ALLOW FILTERING",
    label = "add `.allow_filtering()` before running it",
    note = "it restricts a column that is neither part of the primary key nor indexed, more than one indexed column, or clustering columns without the partition key"
)]
pub trait FilteringOk {}
#[diagnostic::do_not_recommend]
impl FilteringOk for Clean {}
#[diagnostic::do_not_recommend]
impl FilteringOk for ViaIndex {}
#[diagnostic::do_not_recommend]
impl FilteringOk for Allowed {}

/// Direction of a requested ordering relative to the declared clustering order.
pub trait Flip<Declared> {
    /// [`Same`] or [`Reversed`].
    type Out;
}
impl Flip<order::Asc> for order::Asc {
    type Out = Same;
}
impl Flip<order::Desc> for order::Desc {
    type Out = Same;
}
impl Flip<order::Desc> for order::Asc {
    type Out = Reversed;
}
impl Flip<order::Asc> for order::Desc {
    type Out = Reversed;
}

/// Every ORDER BY column keeps, or every one reverses, the declared clustering order.
#[diagnostic::on_unimplemented(
    message = "ORDER BY must keep the table's clustering order on every column, or reverse it on every column",
    label = "this direction disagrees with the earlier ORDER BY column"
)]
pub trait SameDirection<Prev> {}
impl<F> SameDirection<F> for F {}

/// The transition for `ORDER BY C D` in order state `O`, implemented by the column's kind.
pub trait KindOrder<C, D, O> {
    /// The next order state.
    type O;
}

impl<C, D> KindOrder<C, D, Unordered> for kind::Clustering
where
    C: Column + ClusteringColumn<<C as Column>::Model> + FollowsClustering<NoClustering>,
    D: Flip<<C as ClusteringColumn<<C as Column>::Model>>::Order>,
{
    type O = Ordered<C, D::Out>;
}

impl<C, D, Last, Fl> KindOrder<C, D, Ordered<Last, Fl>> for kind::Clustering
where
    C: Column + ClusteringColumn<<C as Column>::Model> + FollowsClustering<Last>,
    D: Flip<<C as ClusteringColumn<<C as Column>::Model>>::Order>,
    D::Out: SameDirection<Fl>,
{
    type O = Ordered<C, Fl>;
}

macro_rules! not_orderable {
    ($($kind:ty),*) => {$(
        impl<C, D, O> KindOrder<C, D, O> for $kind
        where
            C: Column + ClusteringColumn<<C as Column>::Model>,
        {
            type O = O;
        }
    )*};
}
not_orderable!(
    kind::PartitionKey,
    kind::Static,
    kind::Regular,
    kind::Indexed,
    kind::IndexedKeys
);
