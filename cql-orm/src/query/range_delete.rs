//! Range deletes: `DELETE FROM t WHERE <partition key> AND <clustering restrictions>`, built
//! with [`crate::Model::delete_range`].

use std::marker::PhantomData;

use crate::column::{kind, ColumnOf, FollowsClustering, NoClustering};
use crate::error::Result;
use crate::model::{Model, Nulls};
use crate::query::expr::{ops, BoxedValue, Expr};
use crate::query::state::{AfterRange, Eqs, Ranged, SameRangeColumn};
use crate::query::values::{check_partition_key, Values};
use crate::session::{table_ref, Configure, Db, StatementOptions};

/// A DELETE of the rows of one partition whose clustering columns match: equalities (or
/// `IN`) on a prefix of the clustering columns, then at most one range. `K` tracks the restrictions as
/// in a SELECT ([`Eqs`] / [`Ranged`]).
pub struct RangeDelete<M: Model, K = Eqs<NoClustering>> {
    key: M::PartitionKey,
    clauses: String,
    values: Vec<BoxedValue>,
    opts: StatementOptions,
    _state: PhantomData<fn() -> K>,
}

impl<M: Model, K> std::fmt::Debug for RangeDelete<M, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RangeDelete")
            .field("table", &M::TABLE)
            .field("where", &self.clauses)
            .finish_non_exhaustive()
    }
}

/// The clustering-restriction step of a range delete: restricting column `Self` with `Op`
/// after restrictions `K`.
#[diagnostic::on_unimplemented(
    message = "a range delete cannot restrict `{Self}` with this operation here",
    label = "range deletes take `eq` / `in_` on a prefix of the clustering columns, then at most one range (`gt`, `ge`, `lt`, `le`)"
)]
pub trait RangeStep<Op, K> {
    /// The restrictions after this one.
    type Next;
}

impl<C: FollowsClustering<Last>, Last> RangeStep<ops::Eq, Eqs<Last>> for C {
    type Next = Eqs<C>;
}
impl<C: FollowsClustering<Last>, Last> RangeStep<ops::In, Eqs<Last>> for C {
    type Next = Eqs<C>;
}
impl<C: FollowsClustering<Last>, Last> RangeStep<ops::Range, Eqs<Last>> for C {
    type Next = Ranged<C>;
}
impl<C: AfterRange<R>, R> RangeStep<ops::Eq, Ranged<R>> for C {
    type Next = Ranged<R>;
}
impl<C: AfterRange<R>, R> RangeStep<ops::In, Ranged<R>> for C {
    type Next = Ranged<R>;
}
impl<C: SameRangeColumn<R>, R> RangeStep<ops::Range, Ranged<R>> for C {
    type Next = Ranged<R>;
}

/// Only clustering columns may be restricted in a range delete (dispatch on the column's
/// kind).
#[diagnostic::on_unimplemented(
    message = "a range delete restricts only clustering columns: `{C}` is not one",
    label = "the partition is given by the key; filter on clustering columns",
    note = "to delete rows by other columns, read their keys first"
)]
pub trait RangeDeleteKind<C, Op, K> {
    /// The restrictions after this one.
    type Next;
}
impl<C: RangeStep<Op, K>, Op, K> RangeDeleteKind<C, Op, K> for kind::Clustering {
    type Next = C::Next;
}

impl<M: Model> RangeDelete<M> {
    pub(crate) fn new(key: M::PartitionKey) -> Self {
        RangeDelete {
            key,
            clauses: String::new(),
            values: Vec::new(),
            opts: StatementOptions::default(),
            _state: PhantomData,
        }
    }
}

impl<M: Model, K> RangeDelete<M, K> {
    /// Adds a clustering restriction (`col.eq(v)`, `col.gt(v)`, ...), checked at compile time
    /// against Cassandra's rules for range deletes.
    pub fn filter<C, Op>(
        mut self,
        expr: Expr<C, Op>,
    ) -> RangeDelete<M, <C::Kind as RangeDeleteKind<C, Op, K>>::Next>
    where
        C: ColumnOf<M>,
        C::Kind: RangeDeleteKind<C, Op, K>,
    {
        self.clauses.push_str(" AND ");
        expr.render(&mut self.clauses);
        self.values.push(expr.value);
        RangeDelete {
            key: self.key,
            clauses: self.clauses,
            values: self.values,
            opts: self.opts,
            _state: PhantomData,
        }
    }

    pub(crate) fn text(&self, table: &str) -> String {
        let mut s = String::with_capacity(96);
        s.push_str("DELETE FROM ");
        s.push_str(table);
        s.push_str(M::STATEMENTS.select_partition.tail);
        s.push_str(&self.clauses);
        s
    }

    pub(crate) fn into_parts(self) -> (M::PartitionKey, Vec<BoxedValue>) {
        (self.key, self.values)
    }

    pub(crate) fn key(&self) -> &M::PartitionKey {
        &self.key
    }

    /// Executes the delete.
    pub async fn execute(self, db: &impl Db) -> Result<()> {
        check_partition_key::<M, _>(&self.key)?;
        let text = self.text(&table_ref(db, M::KEYSPACE, M::TABLE));
        let values = Values {
            before: &[],
            key: Some(&self.key),
            after: &self.values,
            nulls: Nulls::Unset,
        };
        db.session().run(&text, &values, &self.opts, true).await?;
        Ok(())
    }
}

impl<M: Model, K> Configure for RangeDelete<M, K> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
