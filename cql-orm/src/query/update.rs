//! UPDATE: [`Update`], built with [`crate::Model::update`].

use std::marker::PhantomData;

use futures::future::BoxFuture;
use scylla::value::Counter;

use crate::column::{
    CollectionColumn, ColumnOf, CounterColumn, ListColumn, MapColumn, NonCounterColumn,
    NonKeyColumn, SetColumn, StaticColumn,
};
use crate::error::Result;
use crate::model::{BindValues, Model, Nulls, TableKind};
use crate::query::batch::BatchDb;
use crate::query::cond::{
    AcceptsConditions, AcceptsIfExists, CondOp, CondState, IfConds, IfExists, NoCond,
    SupportsConditions,
};
use crate::query::expr::{Bindable, BoxedValue, Expr};
use crate::query::values::{check_partition_key, Values};
use crate::schema::push_quoted;
use crate::session::{Configure, Db, StatementOptions};

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
pub trait HasAssignment {}
impl HasAssignment for Assigned {}

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
    assignments: String,
    values: Vec<BoxedValue>,
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
            .field("set", &self.assignments)
            .field("if", &self.conditions)
            .finish_non_exhaustive()
    }
}

impl<M: Model, S: UpdateScope> Update<M, NoAssignment, NoCond, S> {
    pub(crate) fn new(key: S::Key<M>) -> Self {
        Update {
            key,
            // One allocation for the usual one or two assignments.
            assignments: String::with_capacity(64),
            values: Vec::new(),
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

    fn assign(
        mut self,
        column: &str,
        template: (&str, &str),
        value: BoxedValue,
    ) -> Update<M, Assigned, Cd, S> {
        if !self.assignments.is_empty() {
            self.assignments.push_str(", ");
        }
        push_quoted(&mut self.assignments, column);
        self.assignments.push_str(template.0);
        if !template.1.is_empty() {
            push_quoted(&mut self.assignments, column);
            self.assignments.push_str(template.1);
        }
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
        self.assign(C::NAME, (" = ?", ""), Box::new(value.into_value()))
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
        let v: Vec<<C as SetColumn<M>>::Elem> =
            items.into_iter().map(Bindable::into_value).collect();
        self.assign(C::NAME, (" = ", " + ?"), Box::new(v))
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
        let v: Vec<C::Elem> = items.into_iter().map(Bindable::into_value).collect();
        self.assign(C::NAME, (" = ", " - ?"), Box::new(v))
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
        let v: Vec<<C as ListColumn<M>>::Elem> =
            items.into_iter().map(Bindable::into_value).collect();
        self.assign(C::NAME, (" = ", " + ?"), Box::new(v))
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
        let v: Vec<<C as ListColumn<M>>::Elem> =
            items.into_iter().map(Bindable::into_value).collect();
        if !self.assignments.is_empty() {
            self.assignments.push_str(", ");
        }
        push_quoted(&mut self.assignments, C::NAME);
        self.assignments.push_str(" = ? + ");
        push_quoted(&mut self.assignments, C::NAME);
        self.values.push(Box::new(v));
        self.cast()
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
        if !self.assignments.is_empty() {
            self.assignments.push_str(", ");
        }
        push_quoted(&mut self.assignments, C::NAME);
        self.assignments.push_str("[?] = ?");
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
        if !self.assignments.is_empty() {
            self.assignments.push_str(", ");
        }
        push_quoted(&mut self.assignments, C::NAME);
        self.assignments.push_str("[?] = ?");
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
        self.assign(C::NAME, (" = ", " + ?"), Box::new(m))
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
        let v: Vec<C::Key> = keys.into_iter().map(Bindable::into_value).collect();
        self.assign(C::NAME, (" = ", " - ?"), Box::new(v))
    }

    /// `SET col = col + n` on a counter column.
    pub fn incr<C: CounterColumn<M>>(self, column: C, n: i64) -> Update<M, Assigned, Cd, S>
    where
        S: Assignable<M, C>,
    {
        let _ = column;
        self.assign(C::NAME, (" = ", " + ?"), Box::new(Counter(n)))
    }

    /// `SET col = col - n` on a counter column.
    pub fn decr<C: CounterColumn<M>>(self, column: C, n: i64) -> Update<M, Assigned, Cd, S>
    where
        S: Assignable<M, C>,
    {
        let _ = column;
        self.assign(C::NAME, (" = ", " - ?"), Box::new(Counter(n)))
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
        s.push_str(&self.assignments);
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

    pub(crate) fn before_values(&mut self) -> Vec<BoxedValue> {
        let Some(t) = self.ttl else {
            return std::mem::take(&mut self.values);
        };
        let mut before: Vec<BoxedValue> = Vec::with_capacity(self.values.len() + 1);
        before.push(Box::new(t));
        before.append(&mut self.values);
        before
    }

    pub(crate) fn into_key_and_conditions(self) -> (S::Key<M>, Vec<BoxedValue>, StatementOptions) {
        (self.key, self.cond_values, self.opts)
    }
}

impl<M: Model, A, Cd: CondState, S: UpdateScope> Update<M, A, Cd, S> {
    /// Executes the update. Plain updates return `()`; with `.if_exists()` or `.if_(...)` the
    /// result is an [`LwtResult`] whose rejection carries the condition columns' values.
    pub fn execute<'a, D: Db>(self, db: &'a D) -> BoxFuture<'a, Result<Cd::Output>>
    where
        A: HasAssignment,
        Self: 'a,
        Cd::Output: Send,
    {
        Box::pin(async move {
            let mut this = self;
            check_partition_key::<M, _>(&this.key)?;
            let text = this.text_in(db);
            let idempotent = this.is_idempotent();
            let before = this.before_values();
            let (key, after, opts) = this.into_key_and_conditions();
            let values = Values {
                before: &before,
                key: Some(&key),
                after: &after,
                nulls: Nulls::Null,
            };
            // The driver is called here so that its (large) future is not copied through
            // more async layers.
            let session = db.session();
            let stmt = session.statement(&text, &opts, idempotent).await?;
            let driver = session.scylla();
            let span = crate::session::statement_span(&text);
            // Each branch builds the driver's future where it is awaited: a future built first and
            // moved into either branch is copied once more (it is several kilobytes).
            let result = if span.is_disabled() {
                driver.execute_unpaged(&stmt, &values).await?
            } else {
                tracing::Instrument::instrument(driver.execute_unpaged(&stmt, &values), span)
                    .await?
            };
            Cd::finish(M::TABLE, result)
        })
    }
}

impl<M: Model, A, Cd, S: UpdateScope> Configure for Update<M, A, Cd, S> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
