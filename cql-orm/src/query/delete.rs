//! DELETE: [`Delete`], built with [`crate::Model::delete`] and
//! [`crate::Model::delete_partition`].

use std::marker::PhantomData;

use crate::column::{ColumnOf, ListColumn, MapColumn, NonKeyColumn};
use crate::error::Result;
use crate::model::{BindValues, Model, Nulls};
use crate::query::cond::{
    AcceptsConditions, AcceptsIfExists, CondOp, CondState, IfConds, IfExists, NoCond,
    SupportsConditions,
};
use crate::query::expr::{Bindable, BoxedValue, Expr};
use crate::query::values::{check_partition_key, Values};
use crate::schema::push_quoted;
use crate::session::{table_ref, Configure, Db, StatementOptions};

/// A DELETE of one row (key `K` = the primary key) or one partition (`K` = the partition key),
/// or of some of its columns.
pub struct Delete<M: Model, K = <M as Model>::PrimaryKey, Cd = NoCond> {
    key: K,
    whole_partition: bool,
    columns: String,
    /// Values bound in the column list (`"m"[?]`), before the key.
    column_values: Vec<BoxedValue>,
    conditions: String,
    cond_values: Vec<BoxedValue>,
    opts: StatementOptions,
    _state: PhantomData<fn() -> (M, Cd)>,
}

impl<M: Model, K, Cd> std::fmt::Debug for Delete<M, K, Cd> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delete")
            .field("table", &M::TABLE)
            .field("columns", &self.columns)
            .field("if", &self.conditions)
            .finish_non_exhaustive()
    }
}

impl<M: Model, K: BindValues> Delete<M, K> {
    pub(crate) fn new(key: K, whole_partition: bool) -> Self {
        Delete {
            key,
            whole_partition,
            columns: String::new(),
            column_values: Vec::new(),
            conditions: String::new(),
            cond_values: Vec::new(),
            opts: StatementOptions::default(),
            _state: PhantomData,
        }
    }
}

impl<M: Model, K: BindValues, Cd> Delete<M, K, Cd> {
    fn cast<Cd2>(self) -> Delete<M, K, Cd2> {
        Delete {
            key: self.key,
            whole_partition: self.whole_partition,
            columns: self.columns,
            column_values: self.column_values,
            conditions: self.conditions,
            cond_values: self.cond_values,
            opts: self.opts,
            _state: PhantomData,
        }
    }

    /// Deletes only this column (call again for more): `DELETE "col" FROM ...`.
    pub fn column<C>(mut self, column: C) -> Self
    where
        C: ColumnOf<M> + NonKeyColumn<M>,
    {
        let _ = column;
        if !self.columns.is_empty() {
            self.columns.push_str(", ");
        }
        push_quoted(&mut self.columns, C::NAME);
        self
    }

    /// Deletes one entry of a map column: `DELETE "col"[key] FROM ...`.
    pub fn element<C, V>(mut self, column: C, key: V) -> Self
    where
        C: MapColumn<M> + NonKeyColumn<M>,
        V: Bindable<C::Key>,
    {
        let _ = column;
        self.push_element(C::NAME, Box::new(key.into_value()));
        self
    }

    /// Deletes the element at `index` of a list column: `DELETE "col"[index] FROM ...`
    /// (not idempotent: later elements shift).
    pub fn element_at<C>(mut self, column: C, index: i32) -> Self
    where
        C: ListColumn<M> + NonKeyColumn<M>,
    {
        let _ = column;
        self.opts.idempotent = Some(false);
        self.push_element(C::NAME, Box::new(index));
        self
    }

    fn push_element(&mut self, name: &str, value: BoxedValue) {
        if !self.columns.is_empty() {
            self.columns.push_str(", ");
        }
        push_quoted(&mut self.columns, name);
        self.columns.push_str("[?]");
        self.column_values.push(value);
    }

    /// `IF col <op> value` (a lightweight transaction).
    pub fn if_<C, Op>(mut self, condition: Expr<C, Op>) -> Delete<M, K, IfConds>
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
    pub fn if_exists(self) -> Delete<M, K, IfExists>
    where
        Cd: AcceptsIfExists,
        M::TableKind: SupportsConditions,
    {
        self.cast()
    }

    pub(crate) fn text(&self, table: &str) -> String
    where
        Cd: CondState,
    {
        let mut s = String::with_capacity(96);
        s.push_str("DELETE ");
        if !self.columns.is_empty() {
            s.push_str(&self.columns);
            s.push(' ');
        }
        s.push_str("FROM ");
        s.push_str(table);
        if self.whole_partition {
            s.push_str(M::STATEMENTS.select_partition.tail);
        } else {
            s.push_str(M::STATEMENTS.delete_by_primary_key.tail);
        }
        if !self.conditions.is_empty() {
            s.push_str(" IF ");
            s.push_str(&self.conditions);
        } else if Cd::LWT {
            s.push_str(" IF EXISTS");
        }
        s
    }

    pub(crate) fn key(&self) -> &K {
        &self.key
    }

    pub(crate) fn into_values(self) -> (Vec<BoxedValue>, K, Vec<BoxedValue>) {
        (self.column_values, self.key, self.cond_values)
    }

    /// Executes the delete. Plain deletes return `()`; with `.if_exists()` or `.if_(...)` the
    /// result is a [`crate::LwtResult`].
    pub async fn execute(self, db: &impl Db) -> Result<Cd::Output>
    where
        Cd: CondState,
    {
        check_partition_key::<M, _>(&self.key)?;
        let text = self.text(&table_ref(db, M::KEYSPACE, M::TABLE));
        let values = Values {
            before: &self.column_values,
            key: Some(&self.key),
            after: &self.cond_values,
            nulls: Nulls::Unset,
        };
        let idempotent = !Cd::LWT && self.opts.idempotent != Some(false);
        let result = db
            .session()
            .run(&text, &values, &self.opts, idempotent)
            .await?;
        Cd::finish(M::TABLE, result)
    }
}

impl<M: Model, K, Cd> Configure for Delete<M, K, Cd> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
