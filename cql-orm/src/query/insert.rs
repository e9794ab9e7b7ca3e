//! INSERT: [`Insert`], built with [`crate::Model::insert`].

use std::marker::PhantomData;

use crate::error::{Error, Result};
use crate::model::{Model, Nulls};
use crate::query::expr::BoxedValue;
use crate::query::lwt::{read_lwt, LwtResult};
use crate::query::values::{check_row_partition_key, Values};
use crate::session::{Configure, Db, StatementOptions};

/// Insert modes at the type level.
pub mod mode {
    /// A plain (idempotent) insert.
    #[derive(Debug)]
    pub struct Plain;
    /// `IF NOT EXISTS`: a lightweight transaction returning [`super::LwtResult`].
    #[derive(Debug)]
    pub struct IfNotExists;
}

/// A table that accepts `INSERT` (every table but counter tables).
#[diagnostic::on_unimplemented(
    message = "counter tables cannot be written with INSERT",
    label = "`{Self}` has counter columns",
    note = "change counters with `Model::update(key).incr(column, n)`"
)]
pub trait InsertableTable {}
impl InsertableTable for crate::model::table_kind::RegularTable {}

/// INSERT accepts no `IF` conditions but `IF NOT EXISTS`; implemented by no insert mode, so
/// [`Insert::if_`] never compiles and says why.
#[diagnostic::on_unimplemented(
    message = "INSERT takes no IF conditions: only IF NOT EXISTS",
    label = "`if_not_exists()` cannot be combined with `if_(...)` conditions",
    note = "to write only when columns hold given values, use `Model::update(key).set(..).if_(..)`"
)]
pub trait InsertCondition {}

/// An INSERT of a whole row. `None` fields are bound as *unset* (no tombstone) unless
/// [`Insert::with_nulls`] is called.
pub struct Insert<'a, M, L = mode::Plain> {
    row: &'a M,
    ttl: Option<i32>,
    nulls: Nulls,
    opts: StatementOptions,
    _mode: PhantomData<fn() -> L>,
}

impl<M: Model, L> std::fmt::Debug for Insert<'_, M, L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Insert")
            .field("table", &M::TABLE)
            .field("ttl", &self.ttl)
            .field("nulls", &self.nulls)
            .finish_non_exhaustive()
    }
}

impl<'a, M: Model> Insert<'a, M> {
    pub(crate) fn new(row: &'a M) -> Self {
        Insert {
            row,
            ttl: None,
            nulls: Nulls::Unset,
            opts: StatementOptions::default(),
            _mode: PhantomData,
        }
    }

    /// `IF NOT EXISTS`: insert only if no row has this primary key.
    pub fn if_not_exists(self) -> Insert<'a, M, mode::IfNotExists> {
        Insert {
            row: self.row,
            ttl: self.ttl,
            nulls: self.nulls,
            opts: self.opts,
            _mode: PhantomData,
        }
    }

    /// Executes the insert.
    pub async fn execute(self, db: &impl Db) -> Result<()> {
        // As `run`, without its async layer around the driver's (large) future.
        check_row_partition_key(self.row)?;
        let extra = self.extra_values();
        let values = Values {
            before: &[],
            key: Some(self.row),
            after: &extra,
            nulls: self.nulls,
        };
        let session = db.session();
        let stmt = session
            .fixed_statement(
                db,
                &M::STATEMENTS.insert,
                (
                    M::KEYSPACE,
                    M::TABLE,
                    Self::extra_text(false, self.ttl.is_some()),
                ),
                &self.opts,
                true,
            )
            .await?;
        let driver = session.scylla();
        let span = crate::session::statement_span(stmt.get_statement());
        // Each branch builds the driver's future where it is awaited: a future built first and
        // moved into either branch is copied once more (it is several kilobytes).
        if span.is_disabled() {
            driver.execute_unpaged(&stmt, &values).await?;
        } else {
            tracing::Instrument::instrument(driver.execute_unpaged(&stmt, &values), span).await?;
        }
        Ok(())
    }
}

impl<'a, M: Model> Insert<'a, M, mode::IfNotExists> {
    /// Executes the conditional insert; a rejection carries the existing row.
    pub async fn execute(self, db: &impl Db) -> Result<LwtResult<M>> {
        let result = self.run(db, true).await?;
        read_lwt(M::TABLE, result, |rows| {
            rows.single_row::<M>().map_err(|e| match e {
                scylla::response::query_result::SingleRowError::DeserializationFailed(d) => {
                    Error::deserialization(M::TABLE, d)
                }
                other => Error::driver("reading the existing row", other),
            })
        })
    }

    /// Executes the conditional insert and turns a rejection into [`Error::LwtRejected`].
    pub async fn execute_applied(self, db: &impl Db) -> Result<()> {
        match self.execute(db).await? {
            LwtResult::Applied => Ok(()),
            LwtResult::Rejected(_) => Err(Error::LwtRejected { table: M::TABLE }),
        }
    }
}

impl<'a, M: Model, L> Insert<'a, M, L> {
    /// `USING TTL seconds`.
    pub fn ttl(mut self, seconds: i32) -> Self {
        self.ttl = Some(seconds);
        self
    }

    /// Binds `None` fields as null, deleting whatever the columns held.
    pub fn with_nulls(mut self) -> Self {
        self.nulls = Nulls::Null;
        self
    }

    /// Never compiles: CQL's INSERT has no `IF` conditions besides `IF NOT EXISTS`
    /// ([`Insert::if_not_exists`]); conditions on column values belong to an UPDATE. The
    /// method exists so that the mistake is reported in those terms.
    pub fn if_<C, Op>(self, condition: crate::query::Expr<C, Op>) -> Self
    where
        L: InsertCondition,
    {
        let _ = condition;
        self
    }

    /// What follows the column values: `IF NOT EXISTS` and `USING TTL ?`.
    fn extra_text(lwt: bool, ttl: bool) -> &'static str {
        match (lwt, ttl) {
            (false, false) => "",
            (true, false) => " IF NOT EXISTS",
            (false, true) => " USING TTL ?",
            (true, true) => " IF NOT EXISTS USING TTL ?",
        }
    }

    pub(crate) fn text(&self, db: &impl Db, lwt: bool) -> String {
        let extra = Self::extra_text(lwt, self.ttl.is_some());
        M::STATEMENTS
            .insert
            .render_for(db, M::KEYSPACE, M::TABLE, extra)
    }

    pub(crate) fn extra_values(&self) -> Vec<BoxedValue> {
        match self.ttl {
            Some(t) => vec![Box::new(t)],
            None => Vec::new(),
        }
    }

    pub(crate) fn row(&self) -> &'a M {
        self.row
    }

    pub(crate) fn nulls(&self) -> Nulls {
        self.nulls
    }

    async fn run(
        self,
        db: &impl Db,
        lwt: bool,
    ) -> Result<scylla::response::query_result::QueryResult> {
        check_row_partition_key(self.row)?;
        let text = self.text(db, lwt);
        let extra = self.extra_values();
        let values = Values {
            before: &[],
            key: Some(self.row),
            after: &extra,
            nulls: self.nulls,
        };
        db.session().run(&text, &values, &self.opts, !lwt).await
    }
}

impl<M: Model, L> Configure for Insert<'_, M, L> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
