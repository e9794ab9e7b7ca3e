//! SELECT: [`Select`], built with [`crate::Model::select`].

use std::marker::PhantomData;

use futures::future::BoxFuture;
use futures::stream::{BoxStream, StreamExt};
use scylla::client::pager::TypedRowStream;
use scylla::deserialize::row::DeserializeRow;
use scylla::response::{PagingState, PagingStateResponse};

use crate::column::ColumnOf;
use crate::error::{Error, Result};
use crate::model::{ColumnKind, Model, PartitionKeyOf};
use crate::query::expr::{BoxedValue, Expr, Ordering};
use crate::query::page::{Cursor, Page};
use crate::query::selector::Selector;
use crate::query::state::{
    Allowed, Eqs, FilteringOk, Initial, KindOrder, KindRestrict, NoClustering, NoPartition,
    Partition, PartitionRestricted, St, TokenRanged, WhereOp,
};
use crate::query::token::TokenRange;
use crate::query::values::{check_partition_key, first_row, rows, Values};
use crate::schema::push_quoted;
use crate::session::{table_ref, Configure, Db, StatementOptions};

/// A row type a SELECT can produce: the model itself or a tuple of column values.
pub trait RowType: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static {}
impl<R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static> RowType for R {}

/// A SELECT under construction. `S` is the type-level state of its WHERE and ORDER BY
/// clauses ([`crate::query::state`]); `R` is the row type (the model, or a tuple after
/// [`Select::columns`]).
pub struct Select<M: Model, S = Initial, R = M> {
    partition: Option<M::PartitionKey>,
    clauses: String,
    values: Vec<BoxedValue>,
    order: String,
    projection: Option<String>,
    limit: Option<i32>,
    per_partition_limit: Option<i32>,
    allow_filtering: bool,
    distinct: bool,
    token_range: Option<TokenRange>,
    opts: StatementOptions,
    _state: PhantomData<fn() -> (S, R)>,
}

impl<M: Model, S, R> std::fmt::Debug for Select<M, S, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Select")
            .field("table", &M::TABLE)
            .field("where", &self.clauses)
            .field("order", &self.order)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl<M: Model> Select<M> {
    pub(crate) fn new() -> Self {
        Select {
            partition: None,
            clauses: String::new(),
            values: Vec::new(),
            order: String::new(),
            projection: None,
            limit: None,
            per_partition_limit: None,
            allow_filtering: false,
            distinct: false,
            token_range: None,
            opts: StatementOptions::default(),
            _state: PhantomData,
        }
    }

    /// `SELECT DISTINCT <partition key> FROM ...`: every partition key of the table, once.
    pub(crate) fn distinct_partition_keys() -> Select<M, Initial, M::PartitionKey> {
        let mut list = String::new();
        push_partition_key::<M>(&mut list);
        let mut s = Select::new();
        s.projection = Some(list);
        s.distinct = true;
        s.into_state()
    }
}

/// Token ranges scan many partitions: not together with `.partition(...)`.
#[diagnostic::on_unimplemented(
    message = "a token range cannot be combined with `.partition(...)`",
    label = "`.token_range(...)` scans whole partitions by token; `.partition(...)` reads one",
    note = "use one or the other"
)]
pub trait NoPartitionYet {}
impl NoPartitionYet for NoPartition {}

/// The partition key has not been restricted yet.
#[diagnostic::on_unimplemented(
    message = "the partition key is already restricted",
    label = "`.partition(...)` can be called once"
)]
pub trait NotYetPartitioned {}
impl NotYetPartitioned for NoPartition {}

/// No clustering column has been restricted yet.
#[diagnostic::on_unimplemented(
    message = "`.partition(...)` must come before clustering restrictions",
    label = "call `.partition(...)` first"
)]
pub trait NoClusteringYet {}
impl NoClusteringYet for Eqs<NoClustering> {}

impl<M: Model, P, K, F, O, R> Select<M, St<P, K, F, O>, R> {
    fn into_state<S2, R2>(self) -> Select<M, S2, R2> {
        Select {
            partition: self.partition,
            clauses: self.clauses,
            values: self.values,
            order: self.order,
            projection: self.projection,
            limit: self.limit,
            per_partition_limit: self.per_partition_limit,
            allow_filtering: self.allow_filtering,
            distinct: self.distinct,
            token_range: self.token_range,
            opts: self.opts,
            _state: PhantomData,
        }
    }

    /// `WHERE token(<partition key>) > start AND token(<partition key>) <= end`: the partitions
    /// whose Murmur3 token falls in `range`. With [`TokenRange::split`], a full-table scan
    /// runs as independent parallel slices.
    pub fn token_range(mut self, range: TokenRange) -> Select<M, St<TokenRanged, K, F, O>, R>
    where
        P: NoPartitionYet,
    {
        self.token_range = Some(range);
        self.into_state()
    }

    /// `WHERE <partition key columns> = ...`: restricts the query to one partition.
    pub fn partition<Key>(mut self, key: Key) -> Select<M, St<Partition, K, F, O>, R>
    where
        Key: PartitionKeyOf<M>,
        P: NotYetPartitioned,
        K: NoClusteringYet,
    {
        self.partition = Some(key.into());
        self.into_state()
    }

    /// Adds a restriction (`col.eq(v)`, `col.gt(v)`, `col.in_(vs)`, `col.contains(v)`...).
    /// Which restrictions are allowed, and whether the query then needs
    /// [`Select::allow_filtering`], follows Cassandra's rules and is checked at compile time.
    #[allow(clippy::type_complexity)]
    pub fn filter<C, Op>(
        mut self,
        expr: Expr<C, Op>,
    ) -> Select<
        M,
        St<
            P,
            <C::Kind as KindRestrict<C, Op, P, K, F>>::K,
            <C::Kind as KindRestrict<C, Op, P, K, F>>::F,
            O,
        >,
        R,
    >
    where
        C: ColumnOf<M>,
        Op: WhereOp,
        C::Kind: KindRestrict<C, Op, P, K, F>,
    {
        if !self.clauses.is_empty() {
            self.clauses.push_str(" AND ");
        }
        expr.render(&mut self.clauses);
        self.values.push(expr.value);
        self.into_state()
    }

    #[allow(clippy::type_complexity)]
    /// `ORDER BY col ASC|DESC`: clustering columns in declared order, all keeping or all
    /// reversing the table's order; the partition key must be restricted first.
    pub fn order_by<C, D>(
        mut self,
        ordering: Ordering<C, D>,
    ) -> Select<M, St<P, K, F, <C::Kind as KindOrder<C, D, O>>::O>, R>
    where
        C: ColumnOf<M>,
        P: PartitionRestricted,
        C::Kind: KindOrder<C, D, O>,
    {
        if !self.order.is_empty() {
            self.order.push_str(", ");
        }
        push_quoted(&mut self.order, C::NAME);
        self.order.push(' ');
        self.order.push_str(ordering.keyword);
        self.into_state()
    }

    /// `ALLOW FILTERING`.
    pub fn allow_filtering(mut self) -> Select<M, St<P, K, Allowed, O>, R> {
        self.allow_filtering = true;
        self.into_state()
    }

    /// `LIMIT n` (bound, so every limit shares one prepared statement).
    pub fn limit(mut self, n: i32) -> Self {
        self.limit = Some(n);
        self
    }

    /// `PER PARTITION LIMIT n`.
    pub fn per_partition_limit(mut self, n: i32) -> Self {
        self.per_partition_limit = Some(n);
        self
    }

    /// Reads rows into `P`, a `#[derive(Projection)]` struct of some columns of `M`.
    pub fn project<Pj: Projection<M>>(mut self) -> Select<M, St<P, K, F, O>, Pj::Row> {
        let mut list = String::new();
        Pj::write_names(&mut list);
        self.projection = Some(list);
        self.into_state()
    }

    /// Reads only some columns, as a tuple: `.columns((user_event::event_type, user_event::data))`.
    pub fn columns<Pr: Projection<M>>(
        mut self,
        _columns: Pr,
    ) -> Select<M, St<P, K, F, O>, Pr::Row> {
        let mut list = String::new();
        Pr::write_names(&mut list);
        self.projection = Some(list);
        self.into_state()
    }
}

impl<M: Model, S, R> Configure for Select<M, S, R> {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.opts
    }
}

impl<M: Model, P, K, F, O, R: RowType> Select<M, St<P, K, F, O>, R> {
    /// The statement text for a table reference such as `"ks"."table"`.
    pub fn text_for(&self, table: &str) -> String {
        let mut s = String::with_capacity(160);
        s.push_str("SELECT ");
        if self.distinct {
            s.push_str("DISTINCT ");
        }
        s.push_str(
            self.projection
                .as_deref()
                .unwrap_or(M::STATEMENTS.select_columns),
        );
        s.push_str(" FROM ");
        s.push_str(table);
        let mut first = true;
        if self.partition.is_some() {
            let mut pk: Vec<_> = M::COLUMNS
                .iter()
                .filter(|c| c.kind == ColumnKind::PartitionKey)
                .collect();
            pk.sort_by_key(|c| c.position);
            for c in pk {
                s.push_str(if first { " WHERE " } else { " AND " });
                first = false;
                push_quoted(&mut s, c.name);
                s.push_str(" = ?");
            }
        }
        if self.token_range.is_some() {
            let mut token = String::from("token(");
            push_partition_key::<M>(&mut token);
            token.push(')');
            s.push_str(if first { " WHERE " } else { " AND " });
            first = false;
            s.push_str(&token);
            s.push_str(" > ? AND ");
            s.push_str(&token);
            s.push_str(" <= ?");
        }
        if !self.clauses.is_empty() {
            s.push_str(if first { " WHERE " } else { " AND " });
            s.push_str(&self.clauses);
        }
        if !self.order.is_empty() {
            s.push_str(" ORDER BY ");
            s.push_str(&self.order);
        }
        if self.per_partition_limit.is_some() {
            s.push_str(" PER PARTITION LIMIT ?");
        }
        if self.limit.is_some() {
            s.push_str(" LIMIT ?");
        }
        if self.allow_filtering {
            s.push_str(" ALLOW FILTERING");
        }
        s
    }

    /// Runs the query and collects every row (all pages).
    pub fn all<'a, D: Db>(self, db: &'a D) -> BoxFuture<'a, Result<Vec<R>>>
    where
        F: FilteringOk,
        Self: 'a,
    {
        Box::pin(self.all_inner(db))
    }

    /// `SELECT COUNT(*)` with this query's restrictions: the number of matching rows.
    pub fn count<'a, D: Db>(mut self, db: &'a D) -> BoxFuture<'a, Result<i64>>
    where
        F: FilteringOk,
        Self: 'a,
    {
        Box::pin(async move {
            self.projection = Some("COUNT(*)".to_owned());
            self.distinct = false;
            self.limit = None;
            let text = self.text(db);
            let (pk, values, opts) = self.into_values()?;
            let v = Values {
                before: &[],
                key: pk.as_ref(),
                after: &values,
                nulls: Default::default(),
            };
            let result = db.session().run(&text, &v, &opts, true).await?;
            let counts = rows::<(i64,)>(M::TABLE, result)?;
            Ok(counts.first().map_or(0, |(n,)| *n))
        })
    }

    /// Runs the query and returns the first row, if any.
    pub fn one<'a, D: Db>(self, db: &'a D) -> BoxFuture<'a, Result<Option<R>>>
    where
        F: FilteringOk,
        Self: 'a,
    {
        Box::pin(self.one_inner(db))
    }

    /// Runs the query and returns the first row, or [`Error::NotFound`].
    pub fn one_or_not_found<'a, D: Db>(self, db: &'a D) -> BoxFuture<'a, Result<R>>
    where
        F: FilteringOk,
        Self: 'a,
    {
        Box::pin(self.one_or_not_found_inner(db))
    }

    /// Streams the rows, fetching pages as they are consumed (bounded memory).
    pub fn stream<'a, D: Db>(
        self,
        db: &'a D,
    ) -> BoxFuture<'a, Result<BoxStream<'static, Result<R>>>>
    where
        F: FilteringOk,
        Self: 'a,
    {
        Box::pin(self.stream_inner(db))
    }

    /// Fetches one page of at most `size` rows, starting at `cursor` (`None`: the first page).
    /// The returned [`Page::next`] resumes after it, also from its string form.
    pub fn page<'a, D: Db>(
        self,
        db: &'a D,
        size: i32,
        cursor: Option<&'a Cursor>,
    ) -> BoxFuture<'a, Result<Page<R>>>
    where
        F: FilteringOk,
        Self: 'a,
    {
        Box::pin(self.page_inner(db, size, cursor))
    }

    fn text(&self, db: &impl Db) -> String {
        self.text_for(&table_ref(db, M::KEYSPACE, M::TABLE))
    }

    #[allow(clippy::type_complexity)]
    fn into_values(
        mut self,
    ) -> Result<(Option<M::PartitionKey>, Vec<BoxedValue>, StatementOptions)> {
        if let Some(pk) = &self.partition {
            check_partition_key::<M, _>(pk)?;
        }
        if let Some(range) = self.token_range {
            self.values.insert(0, Box::new(range.start));
            self.values.insert(1, Box::new(range.end));
        }
        if let Some(n) = self.per_partition_limit {
            self.values.push(Box::new(n));
        }
        if let Some(n) = self.limit {
            self.values.push(Box::new(n));
        }
        Ok((self.partition, self.values, self.opts))
    }

    /// Runs the query and collects every row (all pages), straight from the driver's row
    /// stream.
    async fn all_inner(self, db: &impl Db) -> Result<Vec<R>> {
        let mut stream = self.rows_inner(db).await?;
        let mut out = Vec::new();
        while let Some(row) = stream.next().await {
            out.push(row.map_err(row_error::<M>)?);
        }
        Ok(out)
    }

    /// Runs the query and returns the first row, if any.
    async fn one_inner(mut self, db: &impl Db) -> Result<Option<R>> {
        if self.limit.is_none() {
            self.limit = Some(1);
        }
        let text = self.text(db);
        let (pk, values, opts) = self.into_values()?;
        let v = Values {
            before: &[],
            key: pk.as_ref(),
            after: &values,
            nulls: Default::default(),
        };
        let result = db.session().run(&text, &v, &opts, true).await?;
        first_row::<R>(M::TABLE, result)
    }

    /// Runs the query and returns the first row, or [`Error::NotFound`].
    async fn one_or_not_found_inner(self, db: &impl Db) -> Result<R> {
        self.one_inner(db)
            .await?
            .ok_or(Error::NotFound { table: M::TABLE })
    }

    /// Streams the rows, fetching pages as they are consumed (bounded memory).
    async fn stream_inner(self, db: &impl Db) -> Result<BoxStream<'static, Result<R>>> {
        Ok(self
            .rows_inner(db)
            .await?
            .map(|r| r.map_err(row_error::<M>))
            .boxed())
    }

    /// Starts the query: the driver's typed row stream.
    async fn rows_inner(self, db: &impl Db) -> Result<TypedRowStream<R>> {
        let text = self.text(db);
        let (pk, values, opts) = self.into_values()?;
        let v = Values {
            before: &[],
            key: pk.as_ref(),
            after: &values,
            nulls: Default::default(),
        };
        let pager = db.session().run_iter(&text, v, &opts).await?;
        pager
            .rows_stream::<R>()
            .map_err(|e| Error::driver("checking the row type", e))
    }

    /// Fetches one page of at most `size` rows, starting at `cursor` (`None`: the first page).
    /// The returned [`Page::next`] resumes after it, also from its string form.
    async fn page_inner(self, db: &impl Db, size: i32, cursor: Option<&Cursor>) -> Result<Page<R>> {
        let text = self.text(db);
        let (pk, values, mut opts) = self.into_values()?;
        opts.page_size = Some(size);
        let v = Values {
            before: &[],
            key: pk.as_ref(),
            after: &values,
            nulls: Default::default(),
        };
        // The cursor belongs to this statement on this partition.
        let owner = match &pk {
            Some(pk) => format!("{text}\u{0}{pk:?}"),
            None => text.clone(),
        };
        let state = match cursor {
            Some(c) => c.state_for(&owner)?,
            None => PagingState::start(),
        };
        let (result, next) = db.session().run_page(&text, &v, &opts, state).await?;
        let items = rows::<R>(M::TABLE, result)?;
        let next = match next {
            PagingStateResponse::HasMorePages { state } => Cursor::from_state(&owner, &state),
            PagingStateResponse::NoMorePages => None,
        };
        Ok(Page { items, next })
    }
}

/// A streamed row's error, naming the table for deserialisation failures.
fn row_error<M: Model>(e: scylla::errors::NextRowError) -> Error {
    match e {
        scylla::errors::NextRowError::RowDeserializationError(d) => {
            Error::deserialization(M::TABLE, d)
        }
        other => Error::from(other),
    }
}

/// A tuple of [`Selector`]s of `M` (columns, `.ttl()`, `.writetime()`) to read instead of
/// whole rows.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a tuple of columns of `{M}`",
    label = "pass a tuple of columns, e.g. `(user_event::a, user_event::b.ttl())`"
)]
pub trait Projection<M> {
    /// The row type read (a tuple of the selectors' value types).
    type Row: RowType;
    /// Appends `"a", TTL("b")`.
    fn write_names(out: &mut String);
}

macro_rules! projections {
    ($( ($($c:ident),+) )*) => {$(
        impl<M, $($c),+> Projection<M> for ($($c,)+)
        where
            $($c: Selector<M>,)+
            ($(<$c as Selector<M>>::Value,)+): RowType,
        {
            type Row = ($(<$c as Selector<M>>::Value,)+);
            fn write_names(out: &mut String) {
                let mut first = true;
                $(
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    <$c as Selector<M>>::write_selector(out);
                )+
                let _ = first;
            }
        }
    )*};
}

projections! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
}

/// Appends `M`'s partition key columns, quoted, in key order: `"a", "b"`.
fn push_partition_key<M: Model>(out: &mut String) {
    let mut pk: Vec<_> = M::COLUMNS
        .iter()
        .filter(|c| c.kind == ColumnKind::PartitionKey)
        .collect();
    pk.sort_by_key(|c| c.position);
    for (i, c) in pk.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_quoted(out, c.name);
    }
}
