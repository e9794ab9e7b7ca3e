//! The [`Model`] and [`UserType`] traits that `#[derive(Model)]` and `#[derive(UserType)]`
//! implement, and the metadata they describe a table with.
//!
//! # What the derive generates
//!
//! For a struct `UserEvent` the derive generates, inside `const _: () = { ... };` and reaching
//! the runtime only through `::cql_orm::__private`:
//!
//! * `impl Model for UserEvent` (this module),
//! * `impl DeserializeRow for UserEvent` reading the columns named by
//!   [`Statements::select_columns`] with [`crate::__private::RowReader`],
//! * the key structs `UserEventPartitionKey` and `UserEventPrimaryKey` (public, beside the
//!   model, one public field per key column with the field's name and type, in key order)
//!   implementing [`BindValues`], [`PartitionKeyOf`] / [`PrimaryKeyOf`] respectively,
//! * a public module `user_event` (the model name in snake case) holding one zero-sized
//!   column value per field (see [`crate::column`]).
//!
//! Statement texts are split around the table reference so that one model serves every
//! keyspace: the runtime renders `head + "\"ks\".\"table\"" + tail`. Every identifier inside
//! the texts is double-quoted verbatim (inner `"` doubled), e.g. `"user_id"`.

use scylla::cluster::metadata::ColumnType;
use scylla::deserialize::row::DeserializeRow;
use scylla::deserialize::value::DeserializeValue;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;

use futures::future::BoxFuture;

use crate::error::Result;
use crate::query::cond::NoCond;
use crate::query::insert::InsertableTable;
use crate::query::update::{scope, NoAssignment};
use crate::query::values::{check_partition_key, first_row, Values};
use crate::query::{Delete, Insert, Select, Update};
use crate::session::{push_table_ref, Db, StatementOptions};
use crate::types::{CqlType, CqlTyped};

/// The role of a column in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// Part of the partition key.
    PartitionKey,
    /// A clustering column.
    Clustering,
    /// A static column (one value per partition).
    Static,
    /// A regular column.
    Regular,
}

impl ColumnKind {
    /// The spelling used in `system_schema.columns.kind`.
    pub const fn schema_name(self) -> &'static str {
        match self {
            ColumnKind::PartitionKey => "partition_key",
            ColumnKind::Clustering => "clustering",
            ColumnKind::Static => "static",
            ColumnKind::Regular => "regular",
        }
    }
}

/// The on-disk order of a clustering column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ClusteringOrder {
    /// Ascending (the default).
    #[default]
    Asc,
    /// Descending.
    Desc,
}

impl ClusteringOrder {
    /// `ASC` or `DESC`.
    pub const fn keyword(self) -> &'static str {
        match self {
            ClusteringOrder::Asc => "ASC",
            ClusteringOrder::Desc => "DESC",
        }
    }
}

/// A secondary index on a column (`#[cql(index)]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndexDef {
    /// The index name; the derive uses Cassandra's default `<table>_<column>_idx`.
    pub name: &'static str,
    /// What is indexed.
    pub target: IndexTarget,
}

/// What a secondary index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexTarget {
    /// The value (for collections: the elements / map values).
    Values,
    /// The keys of a map.
    Keys,
    /// The entries of a map.
    Entries,
    /// A whole frozen collection.
    Full,
}

/// One column of a model, in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ColumnDef {
    /// The CQL column name (unquoted, exact case).
    pub name: &'static str,
    /// The Rust field name.
    pub field: &'static str,
    /// The CQL type (after `#[cql(type = ...)]` overrides).
    pub cql_type: CqlType,
    /// The role of the column.
    pub kind: ColumnKind,
    /// The position within the partition key or among the clustering columns
    /// (0-based); 0 for static and regular columns (as in `system_schema`, where it is -1).
    pub position: usize,
    /// The clustering order (only meaningful for clustering columns).
    pub order: ClusteringOrder,
    /// The secondary index on this column, if any.
    pub index: Option<IndexDef>,
}

/// A table option value in `WITH ...`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptionValue {
    /// An integer, e.g. `default_time_to_live = 0`.
    Int(i64),
    /// A floating-point number, e.g. `bloom_filter_fp_chance = 0.01`.
    Float(f64),
    /// A string literal, e.g. `comment = 'per-user log'` (quotes are added when rendering).
    Str(&'static str),
    /// A map literal, e.g. `compaction = {'class': 'LeveledCompactionStrategy'}`.
    Map(&'static [(&'static str, &'static str)]),
}

/// One table option: `name = value`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableOption {
    /// The option name, e.g. `comment`.
    pub name: &'static str,
    /// The value.
    pub value: OptionValue,
}

/// A statement text with the table reference left out: the runtime executes
/// `head + <qualified table> + tail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Template {
    /// Text before the table reference.
    pub head: &'static str,
    /// Text after the table reference.
    pub tail: &'static str,
}

impl Template {
    /// Renders the statement for a table reference such as `"ks"."table"`.
    pub fn render(&self, table: &str) -> String {
        let mut s = String::with_capacity(self.head.len() + table.len() + self.tail.len());
        s.push_str(self.head);
        s.push_str(table);
        s.push_str(self.tail);
        s
    }

    /// Renders the statement for model table `table` as seen through `db` (its keyspace,
    /// else `keyspace`), building the text in one allocation; `extra` is appended.
    pub(crate) fn render_for(
        &self,
        db: &impl Db,
        keyspace: Option<&str>,
        table: &str,
        extra: &str,
    ) -> String {
        let ks_len = db.keyspace_name().or(keyspace).map_or(0, |k| k.len() + 3);
        let mut s = String::with_capacity(
            self.head.len() + ks_len + table.len() + 2 + self.tail.len() + extra.len(),
        );
        s.push_str(self.head);
        push_table_ref(&mut s, db, keyspace, table);
        s.push_str(self.tail);
        s.push_str(extra);
        s
    }
}

/// The fixed statements of a model. `c1, c2` stands for every column in declaration order
/// (`"c1", "c2"`), `k1 = ? AND k2 = ?` for the partition key columns followed (for the
/// primary key) by the clustering columns, each quoted:
///
/// | field | head | tail |
/// |---|---|---|
/// | `insert` | `INSERT INTO ` | ` ("c1", "c2") VALUES (?, ?)` |
/// | `select_by_primary_key` | `SELECT "c1", "c2" FROM ` | ` WHERE "k1" = ? AND "k2" = ?` |
/// | `delete_by_primary_key` | `DELETE FROM ` | ` WHERE "k1" = ? AND "k2" = ?` |
/// | `select_partition` | `SELECT "c1", "c2" FROM ` | ` WHERE "p1" = ? AND "p2" = ?` |
///
/// `select_columns` is the bare list `"c1", "c2"`. Columns are never selected with `*`, so a
/// later `ALTER TABLE ... ADD` cannot change the shape of a prepared read.
/// [`crate::schema::render_statements`] renders the same texts at run time (tests compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Statements {
    /// The projection list of every model read.
    pub select_columns: &'static str,
    /// Insert of every column.
    pub insert: Template,
    /// Read of one row by its full primary key.
    pub select_by_primary_key: Template,
    /// Delete of one row by its full primary key.
    pub delete_by_primary_key: Template,
    /// Read of one whole partition.
    pub select_partition: Template,
}

/// Whether `None` values are bound as null (writing a tombstone) or left unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nulls {
    /// `None` binds as *unset*: the column is not written (no tombstone).
    #[default]
    Unset,
    /// `None` binds as null: the column is deleted.
    Null,
}

/// A fixed sequence of bind values (a model's columns, a partition or primary key), written
/// one cell at a time straight into the driver's request buffer.
pub trait BindValues {
    /// How many values [`BindValues::write_value`] accepts (indexes `0..COUNT`).
    const COUNT: usize;

    /// Writes value number `index` for a bind marker of type `typ`. Generated code calls
    /// [`crate::__private::write_value`] for each field, which honours `nulls`.
    fn write_value<'b>(
        &self,
        index: usize,
        typ: &ColumnType<'_>,
        writer: CellWriter<'b>,
        nulls: Nulls,
    ) -> Result<WrittenCellProof<'b>, SerializationError>;

    /// Whether value `index` is null or an empty text/blob (generated code calls
    /// [`crate::__private::is_empty`]); used to refuse empty partition keys before sending.
    fn is_empty(&self, index: usize) -> bool;
}

/// Table kinds, tracked in [`Model::TableKind`] to keep counters and regular writes apart.
pub mod table_kind {
    /// A table without counter columns.
    #[derive(Debug, Clone, Copy)]
    pub struct RegularTable;
    /// A table whose regular columns are all counters.
    #[derive(Debug, Clone, Copy)]
    pub struct CounterTable;
}

/// Implemented by [`table_kind::RegularTable`] and [`table_kind::CounterTable`].
pub trait TableKind: Send + Sync + 'static {
    /// Whether this is a counter table.
    const IS_COUNTER: bool;
}

impl TableKind for table_kind::RegularTable {
    const IS_COUNTER: bool = false;
}

impl TableKind for table_kind::CounterTable {
    const IS_COUNTER: bool = true;
}

/// A table mapped to a Rust struct. Implemented by `#[derive(Model)]`.
///
/// Statements are built with the provided methods ([`Model::select`], [`Model::get`],
/// [`Model::insert`], [`Model::update`], [`Model::delete`]); the column DSL lives in the
/// generated column module.
pub trait Model:
    Sized + Send + Sync + 'static + BindValues + for<'f, 'm> DeserializeRow<'f, 'm>
{
    /// The table name (unquoted, exact case).
    const TABLE: &'static str;
    /// The keyspace given with `#[cql(keyspace = "...")]`, used when the session handle does
    /// not name one.
    const KEYSPACE: Option<&'static str>;
    /// Every column in declaration order; `BindValues::write_value(i)` writes `COLUMNS[i]`.
    const COLUMNS: &'static [ColumnDef];
    /// Table options (`WITH ...`), clustering order excluded (it comes from `COLUMNS`).
    const OPTIONS: &'static [TableOption];
    /// The fixed statement texts.
    const STATEMENTS: Statements;

    /// [`table_kind::RegularTable`] or [`table_kind::CounterTable`].
    type TableKind: TableKind;
    /// The generated `<Model>PartitionKey` struct.
    type PartitionKey: PartitionKeyOf<Self>
        + BindValues
        + for<'f, 'm> DeserializeRow<'f, 'm>
        + std::fmt::Debug
        + Clone
        + PartialEq
        + Send
        + Sync
        + 'static;
    /// The generated `<Model>PrimaryKey` struct (partition key then clustering columns).
    type PrimaryKey: PrimaryKeyOf<Self> + BindValues + Send + Sync;

    /// The partition key of this row (cloned).
    fn partition_key(&self) -> Self::PartitionKey;
    /// The primary key of this row (cloned).
    fn primary_key(&self) -> Self::PrimaryKey;

    /// A SELECT of this table (`SELECT <every column> FROM ...`).
    fn select() -> Select<Self> {
        Select::new()
    }

    /// `SELECT DISTINCT <partition key>`: every partition key of the table, once each, in
    /// token order (`.all`, `.stream`, `.page` and `.token_range` apply).
    fn partition_keys() -> Select<Self, crate::query::state::Initial, Self::PartitionKey> {
        Select::<Self>::distinct_partition_keys()
    }

    /// Reads one row by its full primary key (`None` if it does not exist).
    fn get<'a, K, D: Db>(db: &'a D, key: K) -> BoxFuture<'a, Result<Option<Self>>>
    where
        K: PrimaryKeyOf<Self>,
    {
        let key: Self::PrimaryKey = key.into();
        Box::pin(async move {
            check_partition_key::<Self, _>(&key)?;
            // The driver is called here, not through a helper, so that its (large) future
            // is not copied through one more async layer.
            let session = db.session();
            let stmt = session
                .fixed_statement(
                    db,
                    &Self::STATEMENTS.select_by_primary_key,
                    (Self::KEYSPACE, Self::TABLE, ""),
                    &StatementOptions::default(),
                    true,
                )
                .await?;
            let values = Values::key(&key);
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
            first_row::<Self>(Self::TABLE, result)
        })
    }

    /// An INSERT of this row; `None` fields are bound as unset (no tombstones).
    fn insert(&self) -> Insert<'_, Self>
    where
        Self::TableKind: InsertableTable,
    {
        Insert::new(self)
    }

    /// An UPDATE of the row with this primary key.
    fn update<K>(key: K) -> Update<Self>
    where
        K: PrimaryKeyOf<Self>,
    {
        Update::new(key.into())
    }

    /// An UPDATE of the static columns of the partition with this key (`UPDATE ... SET
    /// <static columns> WHERE <partition key>`): only static columns can be set.
    fn update_static<K>(key: K) -> Update<Self, NoAssignment, NoCond, scope::Partition>
    where
        K: PartitionKeyOf<Self>,
    {
        Update::new(key.into())
    }

    /// A DELETE of the row with this primary key.
    fn delete<K>(key: K) -> Delete<Self>
    where
        K: PrimaryKeyOf<Self>,
    {
        Delete::new(key.into(), false)
    }

    /// A DELETE of the rows of a partition selected by clustering restrictions, added with
    /// `.filter(...)`: `DELETE FROM t WHERE <partition key> AND "c1" = ? AND "c2" > ?`.
    fn delete_range<K>(key: K) -> crate::query::RangeDelete<Self>
    where
        K: PartitionKeyOf<Self>,
    {
        crate::query::RangeDelete::new(key.into())
    }

    /// A DELETE of a whole partition.
    fn delete_partition<K>(key: K) -> Delete<Self, Self::PartitionKey>
    where
        K: PartitionKeyOf<Self>,
    {
        Delete::new(key.into(), true)
    }
}

/// The partition key struct of a model.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the partition key of `{M}`",
    label = "expected the generated partition key struct of `{M}`",
    note = "`.partition(...)` takes `{M}PartitionKey`, with every partition key column set"
)]
pub trait PartitionKeyOf<M: Model>: Into<M::PartitionKey> {}

/// The primary key struct of a model.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the full primary key of `{M}`",
    label = "expected `{M}PrimaryKey`",
    note = "reading, updating or deleting one row needs every partition key and clustering column: use `{M}PrimaryKey`"
)]
pub trait PrimaryKeyOf<M: Model>: Into<M::PrimaryKey> {}

/// One field of a user-defined type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldDef {
    /// The CQL field name (unquoted, exact case).
    pub name: &'static str,
    /// The CQL type.
    pub cql_type: CqlType,
}

/// A CQL user-defined type mapped to a Rust struct. Implemented by `#[derive(UserType)]`,
/// together with [`CqlTyped`] (`CQL_TYPE = CqlType::Udt(NAME)`, `Plain = Self`) and the
/// driver's value traits, written with [`crate::__private::write_udt`] and
/// [`crate::__private::UdtReader`].
pub trait UserType:
    CqlTyped + SerializeValue + for<'f, 'm> DeserializeValue<'f, 'm> + Send + Sync + 'static
{
    /// The type name (unquoted, exact case).
    const NAME: &'static str;
    /// The keyspace given with `#[cql(keyspace = "...")]`, if any.
    const KEYSPACE: Option<&'static str>;
    /// The fields in declaration order.
    const FIELDS: &'static [FieldDef];
}
