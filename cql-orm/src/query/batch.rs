//! BATCH: [`Batch`] groups plain inserts, updates and deletes into one request.

use std::any::TypeId;
use std::marker::PhantomData;
use std::sync::Arc;

use scylla::cluster::metadata::ColumnType;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::writers::RowWriter;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;
use scylla::statement::batch::BatchType;

use crate::error::Result;
use crate::model::table_kind::{CounterTable, RegularTable};
use crate::model::{BindValues, Model, Nulls, Template};
use crate::query::batch_parts::Parts;
use crate::query::cond::NoCond;
use crate::query::conditional_batch::{AcceptsConditionalBatch, ConditionalBatch};
use crate::query::delete::Delete;
use crate::query::expr::{BoxedValue, ValueList};
use crate::query::insert::{mode, Insert};
use crate::query::update::{Assigned, Update, UpdateScope};
use crate::query::values::{check_partition_key, check_row_partition_key, CountMismatch, Values};
use crate::session::{Configure, Db, StatementOptions};

/// Batch kinds at the type level.
pub mod kind {
    /// `BEGIN BATCH` (logged).
    #[derive(Debug)]
    pub struct Logged;
    /// `BEGIN UNLOGGED BATCH`.
    #[derive(Debug)]
    pub struct Unlogged;
    /// `BEGIN COUNTER BATCH`.
    #[derive(Debug)]
    pub struct Counter;
}

/// A batch kind.
pub trait BatchKind {
    /// The driver's batch type.
    const TYPE: BatchType;
}
impl BatchKind for kind::Logged {
    const TYPE: BatchType = BatchType::Logged;
}
impl BatchKind for kind::Unlogged {
    const TYPE: BatchType = BatchType::Unlogged;
}
impl BatchKind for kind::Counter {
    const TYPE: BatchType = BatchType::Counter;
}

/// Statements on tables of kind `Self` may go in a batch of kind `B`.
#[diagnostic::on_unimplemented(
    message = "a statement on a `{Self}` cannot go in a `{B}` batch",
    label = "counter and non-counter statements cannot share a batch",
    note = "counter updates go in `Batch::counter(...)`, which takes nothing else"
)]
pub trait AllowedIn<B> {}
impl AllowedIn<kind::Logged> for RegularTable {}
impl AllowedIn<kind::Unlogged> for RegularTable {}
impl AllowedIn<kind::Counter> for CounterTable {}

/// A statement that can be added to a [`Batch`]: a plain insert, update or delete.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be added to a batch",
    label = "batches take plain inserts, updates with an assignment, and deletes",
    note = "conditional (IF ...) statements go alone or in `Batch::conditional::<Model>(db)`"
)]
pub trait BatchStatement<'a> {
    /// The table kind of the statement's model.
    type TableKind;
    #[doc(hidden)]
    fn into_batch_part(
        self,
        db: &dyn BatchDb,
        previous: Option<PartShape>,
    ) -> Result<BatchPart<'a>>;
}

#[doc(hidden)]
/// Object-safe view of a [`Db`] for rendering batch statements.
pub trait BatchDb {
    fn table_ref(&self, keyspace: Option<&str>, table: &str) -> String;
    fn push_table_ref(&self, out: &mut String, keyspace: Option<&str>, table: &str);
    fn render(
        &self,
        template: &Template,
        keyspace: Option<&str>,
        table: &str,
        extra: &str,
    ) -> String;
}

impl<D: Db> BatchDb for D {
    fn table_ref(&self, keyspace: Option<&str>, table: &str) -> String {
        crate::session::table_ref(self, keyspace, table)
    }
    fn push_table_ref(&self, out: &mut String, keyspace: Option<&str>, table: &str) {
        crate::session::push_table_ref(out, self, keyspace, table)
    }
    fn render(
        &self,
        template: &Template,
        keyspace: Option<&str>,
        table: &str,
        extra: &str,
    ) -> String {
        template.render_for(self, keyspace, table, extra)
    }
}

#[doc(hidden)]
/// The statements whose text depends only on their model and options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartShape {
    /// A plain insert of model `model`, with or without `USING TTL`.
    Insert { model: TypeId, ttl: bool },
}

#[doc(hidden)]
/// One rendered statement of a batch.
pub struct BatchPart<'a> {
    /// The text; `None`: the same as the previous statement's.
    pub(crate) text: Option<Arc<str>>,
    /// What produced `text`, when the next statement can reuse it without rendering.
    pub(crate) shape: Option<PartShape>,
    pub(crate) values: PartValues<'a>,
    pub(crate) idempotent: bool,
}

impl<'a> BatchPart<'a> {
    /// A statement whose values are `before ++ key ++ after`.
    pub(crate) fn owned<K: BindValues + Send + Sync + 'a>(
        text: String,
        values: Owned<K>,
        idempotent: bool,
    ) -> Self {
        BatchPart {
            text: Some(Arc::from(text)),
            shape: None,
            values: PartValues(PartValuesInner::Boxed(Box::new(values))),
            idempotent,
        }
    }

    /// An insert of a borrowed row, then `after` (the TTL).
    pub(crate) fn row<M: BindValues + Send + Sync>(
        text: String,
        row: &'a M,
        after: Vec<BoxedValue>,
        nulls: Nulls,
        idempotent: bool,
    ) -> Self {
        BatchPart {
            text: Some(Arc::from(text)),
            shape: None,
            values: PartValues(PartValuesInner::Row { row, after, nulls }),
            idempotent,
        }
    }
}

/// Owned bind values: `before ++ key ++ after`.
pub(crate) struct Owned<K> {
    pub(crate) before: ValueList,
    pub(crate) key: K,
    pub(crate) after: Vec<BoxedValue>,
    pub(crate) nulls: Nulls,
}

impl<K: BindValues> SerializeRow for Owned<K> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter<'_>,
    ) -> Result<(), SerializationError> {
        Values {
            before: &self.before,
            key: Some(&self.key),
            after: &self.after,
            nulls: self.nulls,
        }
        .serialize(ctx, writer)
    }

    fn is_empty(&self) -> bool {
        self.before.is_empty() && K::COUNT == 0 && self.after.is_empty()
    }
}

/// A model row as object-safe bind values (so that an insert's row is borrowed, not boxed).
trait RowValues: Send + Sync {
    fn count(&self) -> usize;
    fn write<'b>(
        &self,
        index: usize,
        typ: &ColumnType<'_>,
        writer: CellWriter<'b>,
        nulls: Nulls,
    ) -> Result<WrittenCellProof<'b>, SerializationError>;
}

impl<M: BindValues + Send + Sync> RowValues for M {
    fn count(&self) -> usize {
        M::COUNT
    }
    fn write<'b>(
        &self,
        index: usize,
        typ: &ColumnType<'_>,
        writer: CellWriter<'b>,
        nulls: Nulls,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        self.write_value(index, typ, writer, nulls)
    }
}

#[doc(hidden)]
/// The bind values of one statement of a batch.
pub struct PartValues<'a>(PartValuesInner<'a>);

impl PartValues<'_> {
    /// No values.
    #[cfg(test)]
    pub(crate) fn none() -> Self {
        PartValues(PartValuesInner::Boxed(Box::new(())))
    }
}

enum PartValuesInner<'a> {
    /// An insert: the borrowed row, then its trailing values (the TTL).
    Row {
        row: &'a dyn RowValues,
        after: Vec<BoxedValue>,
        nulls: Nulls,
    },
    /// Any other statement's values.
    Boxed(Box<dyn SerializeRow + Send + Sync + 'a>),
}

impl SerializeRow for PartValues<'_> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter<'_>,
    ) -> Result<(), SerializationError> {
        match &self.0 {
            PartValuesInner::Row { row, after, nulls } => {
                let specs = ctx.columns();
                let count = row.count() + after.len();
                if specs.len() != count {
                    return Err(SerializationError::new(CountMismatch {
                        markers: specs.len(),
                        values: count,
                    }));
                }
                let (row_specs, after_specs) = specs.split_at(row.count());
                for (i, spec) in row_specs.iter().enumerate() {
                    row.write(i, spec.typ(), writer.make_cell_writer(), *nulls)?;
                }
                for (v, spec) in after.iter().zip(after_specs) {
                    v.serialize(spec.typ(), writer.make_cell_writer())?;
                }
                Ok(())
            }
            PartValuesInner::Boxed(values) => values.serialize(ctx, writer),
        }
    }

    fn is_empty(&self) -> bool {
        match &self.0 {
            PartValuesInner::Row { row, after, .. } => row.count() == 0 && after.is_empty(),
            PartValuesInner::Boxed(values) => values.is_empty(),
        }
    }
}

impl<'a, M: Model + Sync> BatchStatement<'a> for Insert<'a, M, mode::Plain> {
    type TableKind = M::TableKind;
    fn into_batch_part(
        self,
        db: &dyn BatchDb,
        previous: Option<PartShape>,
    ) -> Result<BatchPart<'a>> {
        check_row_partition_key(self.row())?;
        let after = self.extra_values();
        let shape = Some(PartShape::Insert {
            model: TypeId::of::<M>(),
            ttl: !after.is_empty(),
        });
        // Inserts of one model through one handle share their text: render it once.
        let text = if previous == shape {
            None
        } else {
            let ttl = if after.is_empty() { "" } else { " USING TTL ?" };
            Some(Arc::from(db.render(
                &M::STATEMENTS.insert,
                M::KEYSPACE,
                M::TABLE,
                ttl,
            )))
        };
        Ok(BatchPart {
            text,
            shape,
            values: PartValues(PartValuesInner::Row {
                row: self.row(),
                after,
                nulls: self.nulls(),
            }),
            idempotent: true,
        })
    }
}

impl<'a, M: Model, S: UpdateScope> BatchStatement<'a> for Update<M, Assigned, NoCond, S> {
    type TableKind = M::TableKind;
    fn into_batch_part(
        mut self,
        db: &dyn BatchDb,
        _previous: Option<PartShape>,
    ) -> Result<BatchPart<'a>> {
        check_partition_key::<M, _>(&self.key)?;
        let text = Some(Arc::from(self.text_in(db)));
        let idempotent = self.is_idempotent();
        let before = self.before_values();
        let (key, after, _opts) = self.into_key_and_conditions();
        Ok(BatchPart {
            text,
            shape: None,
            values: PartValues(PartValuesInner::Boxed(Box::new(Owned {
                before,
                key,
                after,
                nulls: Nulls::Null,
            }))),
            idempotent,
        })
    }
}

impl<'a, M: Model, K: BindValues + Send + Sync + 'a> BatchStatement<'a> for Delete<M, K, NoCond> {
    type TableKind = M::TableKind;
    fn into_batch_part(
        self,
        db: &dyn BatchDb,
        _previous: Option<PartShape>,
    ) -> Result<BatchPart<'a>> {
        check_partition_key::<M, _>(self.key())?;
        let text = Some(Arc::from(self.text(&db.table_ref(M::KEYSPACE, M::TABLE))));
        let (before, key, after) = self.into_values();
        Ok(BatchPart {
            text,
            shape: None,
            values: PartValues(PartValuesInner::Boxed(Box::new(Owned {
                before: ValueList::from_vec(before),
                key,
                after,
                nulls: Nulls::Unset,
            }))),
            idempotent: true,
        })
    }
}

impl<'a, M: Model, K> BatchStatement<'a> for crate::query::RangeDelete<M, K> {
    type TableKind = M::TableKind;
    fn into_batch_part(
        self,
        db: &dyn BatchDb,
        _previous: Option<PartShape>,
    ) -> Result<BatchPart<'a>> {
        check_partition_key::<M, _>(self.key())?;
        let text = self.text(&db.table_ref(M::KEYSPACE, M::TABLE));
        let (key, after) = self.into_parts();
        Ok(BatchPart::owned(
            text,
            Owned {
                before: ValueList::new(),
                key,
                after,
                nulls: Nulls::Unset,
            },
            true,
        ))
    }
}

/// A batch of statements of one kind, executed through `db` as one request.
pub struct Batch<'a, D, B = kind::Logged> {
    db: &'a D,
    parts: Parts<'a>,
    opts: StatementOptions,
    _kind: PhantomData<fn() -> B>,
}

impl<D, B> std::fmt::Debug for Batch<'_, D, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("statements", &self.parts.texts())
            .finish_non_exhaustive()
    }
}

impl<'a, D: Db> Batch<'a, D, kind::Logged> {
    /// A logged batch (atomic across partitions).
    pub fn logged(db: &'a D) -> Self {
        Batch::with_kind(db)
    }
}

impl<'a, D: Db> Batch<'a, D, kind::Unlogged> {
    /// An unlogged batch.
    pub fn unlogged(db: &'a D) -> Self {
        Batch::with_kind(db)
    }
}

impl<'a, D: Db> Batch<'a, D, kind::Counter> {
    /// A counter batch (counter updates only).
    pub fn counter(db: &'a D) -> Self {
        Batch::with_kind(db)
    }
}

impl<'a, D: Db, B: BatchKind> Batch<'a, D, B> {
    fn with_kind(db: &'a D) -> Self {
        Batch {
            db,
            parts: Parts::new(),
            opts: StatementOptions::default(),
            _kind: PhantomData,
        }
    }

    /// Adds a statement; counter statements only go in counter batches and vice versa.
    #[allow(clippy::should_implement_trait)]
    pub fn add<S>(mut self, statement: S) -> Result<Self>
    where
        S: BatchStatement<'a>,
        S::TableKind: AllowedIn<B>,
    {
        let part = statement.into_batch_part(self.db, self.parts.last_shape())?;
        self.parts.push(part);
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

    /// Executes the batch (statements are prepared through the session's cache; a statement
    /// with the same text as the one before it reuses that one's without a lookup).
    pub async fn execute(self) -> Result<()> {
        let idempotent = !matches!(B::TYPE, BatchType::Counter);
        run_batch(
            self.db.session(),
            B::TYPE,
            self.parts,
            &self.opts,
            idempotent,
        )
        .await?;
        Ok(())
    }
}

impl<'a, D: Db> Batch<'a, D, kind::Logged> {
    /// A conditional batch on table `M`: inserts, updates and deletes of one partition, with
    /// `IF` conditions, applied together or not at all.
    pub fn conditional<M: Model>(db: &'a D) -> ConditionalBatch<'a, D, M>
    where
        M::TableKind: AcceptsConditionalBatch,
    {
        ConditionalBatch::new(db)
    }
}

/// The largest batch whose built driver batch the session keeps.
const KEEP_AT_MOST: usize = 1_000;

/// Sends the parts as one batch. The driver's batch is built once per shape (kind, options,
/// statement texts) and kept by the session; each distinct text is prepared through the
/// statement cache once per build.
pub(crate) async fn run_batch(
    session: &crate::Session,
    kind: BatchType,
    parts: Parts<'_>,
    opts: &StatementOptions,
    idempotent: bool,
) -> Result<scylla::response::query_result::QueryResult> {
    let opts = opts.or(session.defaults());
    let idempotent = opts.idempotent.unwrap_or(idempotent && parts.idempotent());
    let batch = {
        let runs = parts.runs();
        let shape = crate::session::BatchShape {
            kind,
            idempotent,
            opts: &opts,
            runs: &runs,
        };
        // A write timestamp differs from one batch to the next, and a very large batch would
        // keep that many statements alive: such batches are built each time.
        let keep = opts.timestamp.is_none() && parts.len() <= KEEP_AT_MOST;
        match keep.then(|| session.kept_batch(&shape)).flatten() {
            Some(batch) => batch,
            None => {
                let batch = Arc::new(build_batch(session, &shape).await?);
                if keep {
                    session.keep_batch(&shape, Arc::clone(&batch));
                }
                batch
            }
        }
    };
    let statements = parts.len();
    let values = parts.into_values();
    let span = tracing::debug_span!("cql", statement = "BATCH", statements);
    Ok(tracing::Instrument::instrument(session.scylla().batch(&batch, values), span).await?)
}

/// Builds the driver's batch for `shape`: each run's statement prepared (through the cache)
/// and repeated, the options applied.
async fn build_batch(
    session: &crate::Session,
    shape: &crate::session::BatchShape<'_>,
) -> Result<scylla::statement::batch::Batch> {
    let mut batch = scylla::statement::batch::Batch::new(shape.kind);
    let total: u32 = shape.runs.iter().map(|(_, n)| n).sum();
    batch.statements.reserve_exact(total as usize);
    for (text, count) in shape.runs {
        let stmt = session.prepare(text).await?;
        for _ in 0..*count {
            batch.append_statement(stmt.clone());
        }
    }
    let opts = shape.opts;
    if let Some(c) = opts.consistency {
        batch.set_consistency(c);
    }
    if let Some(sc) = opts.serial_consistency {
        batch.set_serial_consistency(Some(sc));
    }
    if opts.timeout.is_some() {
        batch.set_request_timeout(opts.timeout);
    }
    if opts.timestamp.is_some() {
        batch.set_timestamp(opts.timestamp);
    }
    if let Some(t) = opts.tracing {
        batch.set_tracing(t);
    }
    batch.set_is_idempotent(shape.idempotent);
    Ok(batch)
}

impl<D, B> Configure for Batch<'_, D, B> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}
