//! UPDATE: [`Update`], built with [`crate::Model::update`].

use std::marker::PhantomData;

use scylla::value::Counter;

use crate::column::{
    CollectionColumn, ColumnOf, CounterColumn, ListColumn, MapColumn, NonCounterColumn,
    NonKeyColumn, SetColumn, StaticColumn,
};
use crate::error::Result;
use crate::model::{BindValues, Model, Nulls, TableKind};
use crate::query::assignment::{Assignment, Assignments, Form};
use crate::query::batch::BatchDb;
use crate::query::cond::{
    AcceptsConditions, AcceptsIfExists, CondOp, CondState, IfConds, IfExists, NoCond,
    SupportsConditions,
};
use crate::query::expr::{Bindable, BoxedValue, Expr, Items, ValueList};
use crate::query::values::{check_partition_key, Values};
use crate::session::{Configure, Db, Shape, StatementOptions};

/// No assignment yet.
#[derive(Debug)]
pub struct NoAssignment;
/// At least one assignment.
#[derive(Debug)]
pub struct Assigned;

/// An UPDATE with at least one assignment.
#[diagnostic::on_unimplemented(
    message = "an UPDATE needs at least one assignment",
    label = "add `.set(...)`, a collection operation or `.incr(...)` before executing"
)]
pub trait HasAssignment<M = ()> {}
impl<M> HasAssignment<M> for Assigned {}

/// A table whose writes may carry a TTL.
#[diagnostic::on_unimplemented(
    message = "counter updates cannot have a TTL",
    label = "`{Self}` has counter columns",
    note = "Cassandra does not expire counters; remove `.ttl(...)`"
)]
pub trait SupportsTtl {}
impl SupportsTtl for crate::model::table_kind::RegularTable {}

/// What an UPDATE addresses, at the type level.
pub mod scope {
    /// One row, by its full primary key ([`crate::Model::update`]).
    #[derive(Debug)]
    pub struct Row;
    /// The static columns of one partition, by its partition key
    /// ([`crate::Model::update_static`]).
    #[derive(Debug)]
    pub struct Partition;
}

/// [`scope::Row`] or [`scope::Partition`]: the key an UPDATE binds and its WHERE clause.
pub trait UpdateScope: Send + Sync + 'static {
    /// The key struct bound in the WHERE clause.
    type Key<M: Model>: BindValues + Send + Sync + 'static;
    /// ` WHERE "k1" = ? AND ...` for this scope.
    fn where_clause<M: Model>() -> &'static str;
}

impl UpdateScope for scope::Row {
    type Key<M: Model> = M::PrimaryKey;
    fn where_clause<M: Model>() -> &'static str {
        M::STATEMENTS.delete_by_primary_key.tail
    }
}

impl UpdateScope for scope::Partition {
    type Key<M: Model> = M::PartitionKey;
    fn where_clause<M: Model>() -> &'static str {
        M::STATEMENTS.select_partition.tail
    }
}

/// Column `C` of `M` may be assigned in an update of this scope: any non-key column of a row,
/// only static columns of a partition.
#[diagnostic::on_unimplemented(
    message = "`{C}` cannot be assigned in this UPDATE of `{M}`",
    label = "an update by partition key alone sets only static columns"
)]
pub trait Assignable<M, C> {}
impl<M, C: NonKeyColumn<M>> Assignable<M, C> for scope::Row {}
impl<M, C: StaticColumn<M>> Assignable<M, C> for scope::Partition {}

/// An UPDATE of one row (or, in [`scope::Partition`], of a partition's static columns).
pub struct Update<M: Model, A = NoAssignment, Cd = NoCond, S: UpdateScope = scope::Row> {
    pub(crate) key: S::Key<M>,
    assignments: Assignments,
    values: ValueList,
    conditions: String,
    cond_values: Vec<BoxedValue>,
    ttl: Option<i32>,
    idempotent: bool,
    opts: StatementOptions,
    _state: PhantomData<fn() -> (A, Cd)>,
}

impl<M: Model, A, Cd, S: UpdateScope> std::fmt::Debug for Update<M, A, Cd, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("table", &M::TABLE)
            .field("set", &self.assignments.to_text())
            .field("if", &self.conditions)
            .finish_non_exhaustive()
    }
}

impl<M: Model, S: UpdateScope> Update<M, NoAssignment, NoCond, S> {
    pub(crate) fn new(key: S::Key<M>) -> Self {
        Update {
            key,
            assignments: Assignments::default(),
            values: ValueList::new(),
            conditions: String::new(),
            cond_values: Vec::new(),
            ttl: None,
            idempotent: !<M::TableKind as TableKind>::IS_COUNTER,
            opts: StatementOptions::default(),
            _state: PhantomData,
        }
    }
}

impl<M: Model, A, Cd, S: UpdateScope> Update<M, A, Cd, S> {
    fn cast<A2, Cd2>(self) -> Update<M, A2, Cd2, S> {
        Update {
            key: self.key,
            assignments: self.assignments,
            values: self.values,
            conditions: self.conditions,
            cond_values: self.cond_values,
            ttl: self.ttl,
            idempotent: self.idempotent,
            opts: self.opts,
            _state: PhantomData,
        }
    }

    fn assign(mut self, assignment: Assignment, value: BoxedValue) -> Update<M, Assigned, Cd, S> {
        self.assignments.push(assignment);
        self.values.push(value);
        self.cast()
    }

    /// `SET col = value` (a `None` value deletes the cell).
    pub fn set<C, V>(self, column: C, value: V) -> Update<M, Assigned, Cd, S>
    where
        C: ColumnOf<M> + NonCounterColumn<M>,
        S: Assignable<M, C>,
        V: Bindable<C::Value>,
    {
        let _ = column;
        self.assign(
            Assignment::new(C::NAME, Form::Value),
            Box::new(value.into_value()),
        )
    }

    /// `SET col = col + {items}` on a set column.
    pub fn add<C, I>(self, column: C, items: I) -> Update<M, Assigned, Cd, S>
    where
        C: SetColumn<M>,
        S: Assignable<M, C>,
        I: IntoIterator,
        I::Item: Bindable<<C as SetColumn<M>>::Elem>,
    {
        let _ = column;
        let v: Items<<C as SetColumn<M>>::Elem> =
            items.into_iter().map(Bindable::into_value).collect();
        self.assign(Assignment::new(C::NAME, Form::Add), Box::new(v))
    }

    /// `SET col = col - {items}` on a set, or removes every occurrence from a list.
    pub fn remove<C, I>(self, column: C, items: I) -> Update<M, Assigned, Cd, S>
    where
        C: CollectionColumn<M>,
        S: Assignable<M, C>,
        I: IntoIterator,
        I::Item: Bindable<C::Elem>,
    {
        let _ = column;
        let v: Items<C::Elem> = items.into_iter().map(Bindable::into_value).collect();
        self.assign(Assignment::new(C::NAME, Form::Subtract), Box::new(v))
    }

    /// `SET col = col + [items]` on a list column (not idempotent).
    pub fn append<C, I>(mut self, column: C, items: I) -> Update<M, Assigned, Cd, S>
    where
        C: ListColumn<M>,
        S: Assignable<M, C>,
        I: IntoIterator,
        I::Item: Bindable<<C as ListColumn<M>>::Elem>,
    {
        let _ = column;
        self.idempotent = false;
        let v: Items<<C as ListColumn<M>>::Elem> =
            items.into_iter().map(Bindable::into_value).collect();
        self.assign(Assignment::new(C::NAME, Form::Add), Box::new(v))
    }

    /// `SET col = [items] + col` on a list column (not idempotent).
    pub fn prepend<C, I>(mut self, column: C, items: I) -> Update<M, Assigned, Cd, S>
    where
        C: ListColumn<M>,
        S: Assignable<M, C>,
        I: IntoIterator,
        I::Item: Bindable<<C as ListColumn<M>>::Elem>,
    {
        let _ = column;
        self.idempotent = false;
        let v: Items<<C as ListColumn<M>>::Elem> =
            items.into_iter().map(Bindable::into_value).collect();
        self.assign(Assignment::new(C::NAME, Form::Prepend), Box::new(v))
    }

    /// `SET col[key] = value` on a map column.
    pub fn put<C, K, V>(mut self, column: C, key: K, value: V) -> Update<M, Assigned, Cd, S>
    where
        C: MapColumn<M>,
        S: Assignable<M, C>,
        K: Bindable<C::Key>,
        V: Bindable<C::Val>,
    {
        let _ = column;
        self.assignments
            .push(Assignment::new(C::NAME, Form::Element));
        self.values.push(Box::new(key.into_value()));
        self.values.push(Box::new(value.into_value()));
        self.cast()
    }

    /// `SET col[index] = value` on a list column: replaces one element (the list must be that
    /// long; not idempotent with other list operations).
    pub fn set_at<C, V>(mut self, column: C, index: i32, value: V) -> Update<M, Assigned, Cd, S>
    where
        C: ListColumn<M>,
        S: Assignable<M, C>,
        V: Bindable<<C as ListColumn<M>>::Elem>,
    {
        let _ = column;
        self.assignments
            .push(Assignment::new(C::NAME, Form::Element));
        self.values.push(Box::new(index));
        self.values.push(Box::new(value.into_value()));
        self.cast()
    }

    /// `SET col = col + {entries}` on a map column: adds or replaces these entries, keeping
    /// the others.
    pub fn merge<C, I, K, V>(self, column: C, entries: I) -> Update<M, Assigned, Cd, S>
    where
        C: MapColumn<M>,
        S: Assignable<M, C>,
        I: IntoIterator<Item = (K, V)>,
        K: Bindable<C::Key>,
        V: Bindable<C::Val>,
        C::Key: Eq + std::hash::Hash,
    {
        let _ = column;
        let m: std::collections::HashMap<C::Key, C::Val> = entries
            .into_iter()
            .map(|(k, v)| (k.into_value(), v.into_value()))
            .collect();
        self.assign(Assignment::new(C::NAME, Form::Add), Box::new(m))
    }

    /// `SET col = col - {keys}` on a map column.
    pub fn remove_keys<C, I>(self, column: C, keys: I) -> Update<M, Assigned, Cd, S>
    where
        C: MapColumn<M>,
        S: Assignable<M, C>,
        I: IntoIterator,
        I::Item: Bindable<C::Key>,
    {
        let _ = column;
        let v: Items<C::Key> = keys.into_iter().map(Bindable::into_value).collect();
        self.assign(Assignment::new(C::NAME, Form::Subtract), Box::new(v))
    }

    /// `SET col = col + n` on a counter column.
    pub fn incr<C: CounterColumn<M>>(self, column: C, n: i64) -> Update<M, Assigned, Cd, S>
    where
        S: Assignable<M, C>,
    {
        let _ = column;
        self.assign(Assignment::new(C::NAME, Form::Add), Box::new(Counter(n)))
    }

    /// `SET col = col - n` on a counter column.
    pub fn decr<C: CounterColumn<M>>(self, column: C, n: i64) -> Update<M, Assigned, Cd, S>
    where
        S: Assignable<M, C>,
    {
        let _ = column;
        self.assign(
            Assignment::new(C::NAME, Form::Subtract),
            Box::new(Counter(n)),
        )
    }

    /// `USING TTL seconds` (not on counter tables).
    pub fn ttl(mut self, seconds: i32) -> Self
    where
        M::TableKind: SupportsTtl,
    {
        self.ttl = Some(seconds);
        self
    }

    /// `IF col <op> value` (a lightweight transaction; see [`crate::LwtResult`]).
    pub fn if_<C, Op>(mut self, condition: Expr<C, Op>) -> Update<M, A, IfConds, S>
    where
        C: ColumnOf<M> + NonKeyColumn<M>,
        Op: CondOp,
        Cd: AcceptsConditions,
        M::TableKind: SupportsConditions,
    {
        if !self.conditions.is_empty() {
            self.conditions.push_str(" AND ");
        }
        condition.render(&mut self.conditions);
        self.cond_values.push(condition.value);
        self.cast()
    }

    /// `IF EXISTS` (a lightweight transaction).
    pub fn if_exists(self) -> Update<M, A, IfExists, S>
    where
        Cd: AcceptsIfExists,
        M::TableKind: SupportsConditions,
    {
        self.cast()
    }

    /// The statement text for a table reference such as `"ks"."table"`.
    #[cfg(test)]
    pub(crate) fn text(&self, table: &str) -> String
    where
        Cd: CondState,
    {
        self.render(|s| s.push_str(table))
    }

    /// The statement text for this model's table as seen through `db` (one allocation).
    pub(crate) fn text_in(&self, db: &dyn BatchDb) -> String
    where
        Cd: CondState,
    {
        self.render(|s| db.push_table_ref(s, M::KEYSPACE, M::TABLE))
    }

    fn render(&self, push_table: impl FnOnce(&mut String)) -> String
    where
        Cd: CondState,
    {
        let mut s = String::with_capacity(128);
        s.push_str("UPDATE ");
        push_table(&mut s);
        if self.ttl.is_some() {
            s.push_str(" USING TTL ?");
        }
        s.push_str(" SET ");
        self.assignments.render(&mut s);
        s.push_str(S::where_clause::<M>());
        if !self.conditions.is_empty() {
            s.push_str(" IF ");
            s.push_str(&self.conditions);
        } else if Cd::LWT {
            s.push_str(" IF EXISTS");
        }
        s
    }

    pub(crate) fn is_idempotent(&self) -> bool
    where
        Cd: CondState,
    {
        self.idempotent && !Cd::LWT
    }

    /// The prepared statement through `db`: an update without `IF` conditions is found by
    /// its shape (model, scope, TTL, assignments), without rendering its text.
    async fn statement_in<D: Db>(
        &self,
        db: &D,
    ) -> Result<scylla::statement::prepared::PreparedStatement>
    where
        Cd: CondState,
    {
        let session = db.session();
        let idempotent = self.is_idempotent();
        if !self.conditions.is_empty() {
            let text = self.text_in(db);
            return session.statement(&text, &self.opts, idempotent).await;
        }
        let pieces = [
            "UPDATE ",
            M::TABLE,
            if self.ttl.is_some() {
                " USING TTL ?"
            } else {
                ""
            },
            S::where_clause::<M>(),
            if Cd::LWT { " IF EXISTS" } else { "" },
        ];
        let shape = Shape {
            keyspace: db.keyspace_name().or(M::KEYSPACE),
            pieces: &pieces,
            assignments: self.assignments.as_slice(),
        };
        session
            .shaped_statement(shape, || self.text_in(db), &self.opts, idempotent)
            .await
    }

    pub(crate) fn before_values(&mut self) -> ValueList {
        let mut before = std::mem::take(&mut self.values);
        if let Some(t) = self.ttl {
            before.insert(0, Box::new(t));
        }
        before
    }

    pub(crate) fn into_key_and_conditions(self) -> (S::Key<M>, Vec<BoxedValue>, StatementOptions) {
        (self.key, self.cond_values, self.opts)
    }
}

impl<M: Model, Cd: CondState, S: UpdateScope> Update<M, Assigned, Cd, S> {
    /// Executes the update. Plain updates return `()`; with `.if_exists()` or `.if_(...)` the
    /// result is an [`LwtResult`](crate::LwtResult) whose rejection carries the condition columns' values.
    ///
    /// The returned future holds the driver's request inline (no allocation of its own).
    // Not an `async fn`: the signature promises `Send`, checked here rather than in callers.
    #[allow(clippy::manual_async_fn)]
    pub fn execute<'a, D: Db>(
        mut self,
        db: &'a D,
    ) -> impl std::future::Future<Output = Result<Cd::Output>> + Send + 'a
    where
        Self: 'a,
        Cd::Output: Send,
    {
        async move {
            check_partition_key::<M, _>(&self.key)?;
            let session = db.session();
            let stmt = self.statement_in(db).await?;
            let before = self.before_values();
            let values = Values {
                before: &before,
                key: Some(&self.key),
                after: &self.cond_values,
                nulls: Nulls::Null,
            };
            let driver = session.scylla();
            let span = crate::session::statement_span(stmt.get_statement());
            // Each branch builds the driver's future where it is awaited: a future built first and
            // moved into either branch is copied once more (it is several kilobytes).
            let result = if span.is_disabled() {
                driver.execute_unpaged(&stmt, &values).await?
            } else {
                tracing::Instrument::instrument(driver.execute_unpaged(&stmt, &values), span)
                    .await?
            };
            Cd::finish(M::TABLE, result)
        }
    }
}

impl<M: Model, Cd: CondState, S: UpdateScope> Update<M, NoAssignment, Cd, S> {
    /// Refused at compile time: an UPDATE needs at least one assignment (`.set(...)`, a
    /// collection operation or `.incr(...)`).
    pub fn execute<D: Db>(self, db: &D) -> std::future::Pending<Result<Cd::Output>>
    where
        NoAssignment: HasAssignment<M>,
    {
        let _ = (self, db);
        std::future::pending()
    }
}

impl<M: Model, A, Cd, S: UpdateScope> Configure for Update<M, A, Cd, S> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
