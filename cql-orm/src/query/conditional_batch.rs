//! Conditional batches: lightweight transactions spanning several statements on one
//! partition of one table, applied all together or not at all.

use scylla::value::{CqlValue, Row};

use crate::error::{rows_error, Error, Result};
use crate::model::table_kind::RegularTable;
use crate::model::{BindValues, Model, Nulls};
use crate::query::batch::{BatchDb, BatchPart, Owned};
use crate::query::batch_parts::Parts;
use crate::query::cond::CondState;
use crate::query::delete::Delete;
use crate::query::expr::ValueList;
use crate::query::insert::{mode, Insert};
use crate::query::lwt::{LwtResult, RejectedRow};
use crate::query::update::{Assigned, Update, UpdateScope};
use crate::query::values::{check_partition_key, check_row_partition_key};
use crate::session::{Configure, Db, StatementOptions};

/// A statement that may go in a [`ConditionalBatch`] on table `M`: inserts (plain or
/// `IF NOT EXISTS`), updates and deletes (plain or conditional) of `M`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot go in a conditional batch on `{M}`",
    label = "a conditional batch holds inserts, updates and deletes of one table",
    note = "Cassandra applies a batch with conditions only within one partition of one table"
)]
pub trait ConditionalStatement<'a, M: Model> {
    #[doc(hidden)]
    fn into_conditional_part(self, db: &dyn BatchDb) -> Result<BatchPart<'a>>;
}

/// A conditional table: counter tables take no conditions.
#[diagnostic::on_unimplemented(
    message = "counter tables cannot be written in a conditional batch",
    label = "`{Self}` has counter columns",
    note = "Cassandra supports no conditions on counter updates"
)]
pub trait AcceptsConditionalBatch {}
impl AcceptsConditionalBatch for RegularTable {}

impl<'a, M: Model> ConditionalStatement<'a, M> for Insert<'a, M, mode::Plain> {
    fn into_conditional_part(self, db: &dyn BatchDb) -> Result<BatchPart<'a>> {
        insert_part(self.row(), self.extra_values(), self.nulls(), false, db)
    }
}

impl<'a, M: Model> ConditionalStatement<'a, M> for Insert<'a, M, mode::IfNotExists> {
    fn into_conditional_part(self, db: &dyn BatchDb) -> Result<BatchPart<'a>> {
        insert_part(self.row(), self.extra_values(), self.nulls(), true, db)
    }
}

fn insert_part<'a, M: Model>(
    row: &'a M,
    extra: Vec<crate::query::expr::BoxedValue>,
    nulls: Nulls,
    if_not_exists: bool,
    db: &dyn BatchDb,
) -> Result<BatchPart<'a>> {
    check_row_partition_key(row)?;
    let mut text = M::STATEMENTS
        .insert
        .render(&db.table_ref(M::KEYSPACE, M::TABLE));
    if if_not_exists {
        text.push_str(" IF NOT EXISTS");
    }
    if !extra.is_empty() {
        text.push_str(" USING TTL ?");
    }
    Ok(BatchPart::row(text, row, extra, nulls, false))
}

impl<'a, M: Model, Cd: CondState, S: UpdateScope> ConditionalStatement<'a, M>
    for Update<M, Assigned, Cd, S>
{
    fn into_conditional_part(mut self, db: &dyn BatchDb) -> Result<BatchPart<'a>> {
        check_partition_key::<M, _>(&self.key)?;
        let text = self.text_in(db);
        let before = self.before_values();
        let (key, after, _opts) = self.into_key_and_conditions();
        Ok(BatchPart::owned(
            text,
            Owned {
                before,
                key,
                after,
                nulls: Nulls::Null,
            },
            false,
        ))
    }
}

impl<'a, M: Model, K: BindValues + Send + Sync + 'a, Cd: CondState> ConditionalStatement<'a, M>
    for Delete<M, K, Cd>
{
    fn into_conditional_part(self, db: &dyn BatchDb) -> Result<BatchPart<'a>> {
        check_partition_key::<M, _>(self.key())?;
        let text = self.text(&db.table_ref(M::KEYSPACE, M::TABLE));
        let (before, key, after) = self.into_values();
        Ok(BatchPart::owned(
            text,
            Owned {
                before: ValueList::from_vec(before),
                key,
                after,
                nulls: Nulls::Unset,
            },
            false,
        ))
    }
}

/// A logged batch with conditions, on one partition of table `M`: either every statement is
/// applied, or none is and the result carries the rows the conditions saw. Built with
/// [`crate::Batch::conditional`].
///
/// A batch whose statements address more than one partition is refused by the server
/// ([`Error::Driver`] with Cassandra's "cannot span multiple partitions").
pub struct ConditionalBatch<'a, D, M> {
    db: &'a D,
    parts: Parts<'a>,
    opts: StatementOptions,
    _model: std::marker::PhantomData<fn() -> M>,
}

impl<D, M: Model> std::fmt::Debug for ConditionalBatch<'_, D, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConditionalBatch")
            .field("table", &M::TABLE)
            .field("statements", &self.parts.len())
            .finish_non_exhaustive()
    }
}

impl<'a, D: Db, M: Model> ConditionalBatch<'a, D, M> {
    pub(crate) fn new(db: &'a D) -> Self {
        ConditionalBatch {
            db,
            parts: Parts::new(),
            opts: StatementOptions::default(),
            _model: std::marker::PhantomData,
        }
    }

    /// Adds a statement on `M` (conditional or not).
    #[allow(clippy::should_implement_trait)]
    pub fn add<S: ConditionalStatement<'a, M>>(mut self, statement: S) -> Result<Self> {
        self.parts.push(statement.into_conditional_part(self.db)?);
        Ok(self)
    }

    /// How many statements the batch holds.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.parts.len() == 0
    }

    /// Executes the batch: [`LwtResult::Applied`], or [`LwtResult::Rejected`] with one
    /// [`RejectedRow`] per row the server returned (the existing values the conditions were
    /// checked against).
    pub async fn execute(self) -> Result<LwtResult<Vec<RejectedRow>>> {
        let session = self.db.session();
        let batch_opts = self.opts;
        let result = crate::query::batch::run_batch(
            session,
            scylla::statement::batch::BatchType::Logged,
            self.parts,
            &batch_opts,
            false,
        )
        .await?;
        let rows = result
            .into_rows_result()
            .map_err(|e| rows_error(M::TABLE, e))?;
        let names: Vec<String> = rows
            .column_specs()
            .iter()
            .map(|s| s.name().to_owned())
            .collect();
        let mut rejected = Vec::new();
        let mut applied = None;
        for row in rows
            .rows::<Row>()
            .map_err(|e| Error::driver("reading the conditional batch result", e))?
        {
            let row = row.map_err(|e| Error::driver("reading the conditional batch result", e))?;
            match row.columns.first() {
                Some(Some(CqlValue::Boolean(a))) => {
                    applied.get_or_insert(*a);
                }
                _ => {
                    return Err(Error::driver(
                        "reading the [applied] column",
                        "the first column is not a boolean [applied]",
                    ))
                }
            }
            rejected.push(RejectedRow {
                columns: names
                    .iter()
                    .cloned()
                    .zip(row.columns)
                    .filter(|(n, _)| n != "[applied]")
                    .collect(),
            });
        }
        match applied {
            Some(true) => Ok(LwtResult::Applied),
            Some(false) => Ok(LwtResult::Rejected(rejected)),
            None => Err(Error::driver(
                "reading the [applied] column",
                "no row returned",
            )),
        }
    }
}

impl<D, M> Configure for ConditionalBatch<'_, D, M> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
