//! The syntax tree of one CQL statement.
//!
//! Identifiers are already case-normalised: unquoted names are lower-cased, quoted names
//! keep their case and lose their quotes. Nothing here is resolved against the schema.

/// A keyspace-qualified name (`ks.name` or `name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QualifiedName {
    /// The keyspace, when written.
    pub keyspace: Option<String>,
    /// The object's name.
    pub name: String,
}

/// A CQL type as written, before user types are resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    /// A native type (`varchar` is parsed as `Text`).
    Native(crate::types::NativeType),
    /// `list<T>`
    List(Box<TypeExpr>),
    /// `set<T>`
    Set(Box<TypeExpr>),
    /// `map<K, V>`
    Map(Box<TypeExpr>, Box<TypeExpr>),
    /// `tuple<...>`
    Tuple(Vec<TypeExpr>),
    /// `frozen<T>`
    Frozen(Box<TypeExpr>),
    /// A user type name, maybe keyspace-qualified.
    Udt(QualifiedName),
    /// A custom type given as a quoted Java class name.
    Custom(String),
}

/// A constant as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `'text'` or `$$text$$`, unescaped.
    String(String),
    /// An integer literal as written, with its sign (`-12`).
    Integer(String),
    /// A floating-point literal as written, with its sign (`1.5e3`, `-0.0`).
    Float(String),
    /// `NaN`
    NaN,
    /// `Infinity` or `-Infinity`.
    Infinity {
        /// Whether it was written `-Infinity`.
        negative: bool,
    },
    /// `true` / `false`
    Boolean(bool),
    /// A UUID literal (unquoted).
    Uuid(uuid::Uuid),
    /// A blob literal `0x...`, decoded.
    Blob(Vec<u8>),
    /// A duration literal such as `1h30m`, `P1D` or `-2d` (text as written).
    Duration(String),
    /// `null`
    Null,
}

/// A bind marker: `?` or `:name`. `index` is its position among the statement's markers,
/// counted from 0 in order of appearance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BindMarker {
    /// Position among the statement's markers.
    pub index: usize,
    /// The name of a `:name` marker.
    pub name: Option<String>,
}

/// A value expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A constant.
    Literal(Literal),
    /// A bind marker.
    Bind(BindMarker),
    /// `[a, b]`
    List(Vec<Term>),
    /// `{a, b}` (non-empty).
    Set(Vec<Term>),
    /// `{k: v, ...}` with non-identifier keys; also `{}` (which may be assigned to a set, a
    /// map or a UDT).
    Map(Vec<(Term, Term)>),
    /// `(a, b, ...)`: a tuple literal (one or more elements; `(1)` is a one-element tuple).
    Tuple(Vec<Term>),
    /// `{field: v, ...}` where every key is an identifier (a UDT literal).
    Udt(Vec<(String, Term)>),
    /// A function call such as `now()` or `ks.fn(a, b)`.
    Function {
        /// The function name.
        name: QualifiedName,
        /// Its arguments.
        args: Vec<Term>,
    },
    /// A type hint: `(int) ?` or `(text) 'x'`.
    TypeHint {
        /// The hinted type.
        ty: TypeExpr,
        /// The value.
        term: Box<Term>,
    },
}

/// Comparison operators in WHERE and IF clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `=`
    Eq,
    /// `<`
    Lt,
    /// `<=`
    Lte,
    /// `>`
    Gt,
    /// `>=`
    Gte,
    /// `!=`
    Neq,
    /// `LIKE`
    Like,
}

/// The right side of an `IN`.
#[derive(Debug, Clone, PartialEq)]
pub enum InValues {
    /// `IN (a, b, c)`; for multi-column relations each entry is a `Term::Tuple` or marker.
    List(Vec<Term>),
    /// `IN ?`
    Marker(BindMarker),
}

/// The left side of a WHERE relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelationLhs {
    /// A column.
    Column(String),
    /// `token(a, b, ...)`
    Token(Vec<String>),
    /// `(c1, c2, ...)`
    MultiColumn(Vec<String>),
}

/// One relation of a WHERE clause.
#[derive(Debug, Clone, PartialEq)]
pub enum Relation {
    /// `lhs op term`
    Compare {
        /// The left side.
        lhs: RelationLhs,
        /// The operator.
        op: Operator,
        /// The right side (a tuple or marker for multi-column relations).
        rhs: Term,
    },
    /// `lhs IN ...`
    In {
        /// The left side.
        lhs: RelationLhs,
        /// The values.
        values: InValues,
    },
    /// `col CONTAINS v` or `col CONTAINS KEY v`
    Contains {
        /// The collection column.
        column: String,
        /// `CONTAINS KEY` rather than `CONTAINS`.
        key: bool,
        /// The value looked for.
        value: Term,
    },
    /// `m[key] = v` (filtering on a map entry).
    MapEntry {
        /// The map column.
        column: String,
        /// The key.
        key: Term,
        /// The operator.
        op: Operator,
        /// The value.
        value: Term,
    },
    /// `col IS NOT NULL` (only valid in materialized views; parsed so it can be refused).
    IsNotNull(String),
}

/// A selector in a SELECT clause.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// A column.
    Column(String),
    /// `COUNT(*)` (also `COUNT(1)`).
    CountStar,
    /// A function call over selectors: `system.token(k)`, `avg(v)`, `toDate(tu)`.
    Function {
        /// The function name as written (case-normalised).
        name: QualifiedName,
        /// Its arguments.
        args: Vec<Selector>,
    },
    /// `WRITETIME(col)`
    WriteTime(String),
    /// `TTL(col)`
    Ttl(String),
    /// `CAST(sel AS type)`
    Cast(Box<Selector>, crate::types::NativeType),
    /// `col[key]`
    Element(Box<Selector>, Term),
    /// `col[from..to]`, either bound optional.
    Slice(Box<Selector>, Option<Term>, Option<Term>),
    /// `sel.field`
    Field(Box<Selector>, String),
    /// A constant or marker used as a selector.
    Term(Term),
}

/// The selection of a SELECT.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// `*`
    Star,
    /// A list of selectors, each with an optional `AS alias`.
    List(Vec<(Selector, Option<String>)>),
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// `ASC`
    Asc,
    /// `DESC`
    Desc,
}

/// A SELECT statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// `SELECT JSON`
    pub json: bool,
    /// `SELECT DISTINCT`
    pub distinct: bool,
    /// The selection.
    pub selection: Selection,
    /// The table.
    pub table: QualifiedName,
    /// WHERE relations, in order.
    pub where_clause: Vec<Relation>,
    /// GROUP BY columns.
    pub group_by: Vec<String>,
    /// ORDER BY columns.
    pub order_by: Vec<(String, Order)>,
    /// PER PARTITION LIMIT.
    pub per_partition_limit: Option<Term>,
    /// LIMIT.
    pub limit: Option<Term>,
    /// ALLOW FILTERING.
    pub allow_filtering: bool,
}

/// `USING TTL ... AND TIMESTAMP ...`
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Using {
    /// USING TTL.
    pub ttl: Option<Term>,
    /// USING TIMESTAMP.
    pub timestamp: Option<Term>,
}

/// The target of an IF condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionTarget {
    /// `col`
    Column(String),
    /// `col[key]` (the key is a term).
    Element(String, TermKey),
    /// `col.field`
    Field(String, String),
}

/// A term used as a key inside [`ConditionTarget::Element`] and [`Assignment::SetElement`]
/// (a wrapper so the target can derive `Eq`; compare by its debug text).
#[derive(Debug, Clone, PartialEq)]
pub struct TermKey(pub Term);

impl Eq for TermKey {}

/// One IF condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `target op term`
    Compare {
        /// What is compared.
        target: ConditionTarget,
        /// The operator.
        op: Operator,
        /// The value.
        value: Term,
    },
    /// `target IN (...)` or `target IN ?`
    In {
        /// What is compared.
        target: ConditionTarget,
        /// The values.
        values: InValues,
    },
}

/// The IF clause of a write.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum WriteCondition {
    /// No IF clause.
    #[default]
    None,
    /// `IF NOT EXISTS` (INSERT only).
    IfNotExists,
    /// `IF EXISTS`
    IfExists,
    /// `IF c1 AND c2 ...`
    Conditions(Vec<Condition>),
}

/// An INSERT statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    /// The table.
    pub table: QualifiedName,
    /// The column names (empty for `INSERT JSON`).
    pub columns: Vec<String>,
    /// The values, one per column.
    pub values: Vec<Term>,
    /// `INSERT ... JSON term`
    pub json: Option<Term>,
    /// `DEFAULT UNSET` / `DEFAULT NULL` for JSON inserts: true when `DEFAULT UNSET`.
    pub json_default_unset: bool,
    /// IF NOT EXISTS (only `None` or `IfNotExists`).
    pub condition: WriteCondition,
    /// USING clause.
    pub using: Using,
}

/// One assignment of an UPDATE.
#[derive(Debug, Clone, PartialEq)]
pub enum Assignment {
    /// `col = term`
    Set(String, Term),
    /// `col[key] = term`
    SetElement(String, TermKey, Term),
    /// `col.field = term`
    SetField(String, String, Term),
    /// `col = col + term` (also `col += term`): counter increment, collection append/union.
    Add(String, Term),
    /// `col = term + col`: list prepend.
    Prepend(String, Term),
    /// `col = col - term` (also `col -= term`): counter decrement, collection removal.
    Subtract(String, Term),
}

/// An UPDATE statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// The table.
    pub table: QualifiedName,
    /// USING clause.
    pub using: Using,
    /// SET assignments, in order.
    pub assignments: Vec<Assignment>,
    /// WHERE relations.
    pub where_clause: Vec<Relation>,
    /// IF clause.
    pub condition: WriteCondition,
}

/// One target of a DELETE's column list.
#[derive(Debug, Clone, PartialEq)]
pub enum DeleteTarget {
    /// `col`
    Column(String),
    /// `col[key]`
    Element(String, Term),
    /// `col.field`
    Field(String, String),
}

/// A DELETE statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    /// The columns deleted (empty: the whole row(s)).
    pub targets: Vec<DeleteTarget>,
    /// The table.
    pub table: QualifiedName,
    /// USING TIMESTAMP (`ttl` is always `None`; `USING TTL` is a syntax error in DELETE).
    pub using: Using,
    /// WHERE relations.
    pub where_clause: Vec<Relation>,
    /// IF clause.
    pub condition: WriteCondition,
}

/// The kind of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchKind {
    /// `BEGIN BATCH`
    Logged,
    /// `BEGIN UNLOGGED BATCH`
    Unlogged,
    /// `BEGIN COUNTER BATCH`
    Counter,
}

/// A statement allowed inside a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchStatement {
    /// INSERT
    Insert(Insert),
    /// UPDATE
    Update(Update),
    /// DELETE
    Delete(Delete),
}

/// `BEGIN [UNLOGGED|COUNTER] BATCH [USING TIMESTAMP t] ...; ... APPLY BATCH`
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// Logged, unlogged or counter.
    pub kind: BatchKind,
    /// USING clause of the batch. Cassandra's grammar accepts `USING TTL` here and refuses it
    /// when preparing ("Global TTL on the BATCH statement is not supported."), so `ttl` is
    /// set when it was written.
    pub using: Using,
    /// The statements, in order.
    pub statements: Vec<BatchStatement>,
}

/// A property value in a WITH clause.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyValue {
    /// A constant (string, number, boolean).
    Literal(Literal),
    /// An unquoted identifier used as a value.
    Identifier(String),
    /// A map literal `{'k': 'v', ...}` with constant keys and values.
    Map(Vec<(Literal, Literal)>),
}

/// `name = value` in a WITH clause (names lower-cased).
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The property name.
    pub name: String,
    /// Its value.
    pub value: PropertyValue,
}

/// A column definition in CREATE TABLE.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// The column name.
    pub name: String,
    /// Its type.
    pub ty: TypeExpr,
    /// `STATIC`
    pub is_static: bool,
    /// `PRIMARY KEY` written on the column itself.
    pub primary_key: bool,
}

/// CREATE TABLE.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    /// IF NOT EXISTS.
    pub if_not_exists: bool,
    /// The table name.
    pub name: QualifiedName,
    /// Columns in declaration order.
    pub columns: Vec<ColumnDef>,
    /// `PRIMARY KEY ((a, b), c, d)`: the partition key columns (empty when the key was
    /// written on a column).
    pub partition_key: Vec<String>,
    /// The clustering columns from the PRIMARY KEY clause.
    pub clustering_key: Vec<String>,
    /// `CLUSTERING ORDER BY (c ASC, d DESC)`
    pub clustering_order: Vec<(String, Order)>,
    /// `COMPACT STORAGE`
    pub compact_storage: bool,
    /// Other WITH properties.
    pub properties: Vec<Property>,
}

/// One ALTER TABLE change.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterTableOp {
    /// `ADD c type [STATIC]` (possibly several: `ADD (a int, b text)`).
    Add(Vec<ColumnDef>),
    /// `DROP c` or `DROP (a, b)`, with an optional `USING TIMESTAMP`.
    Drop(Vec<String>, Option<i64>),
    /// `ALTER c TYPE t` (refused by Cassandra 4).
    AlterType(String, TypeExpr),
    /// `RENAME a TO b AND c TO d`
    Rename(Vec<(String, String)>),
    /// `WITH ...`
    With(Vec<Property>),
}

/// ALTER TABLE.
#[derive(Debug, Clone, PartialEq)]
pub struct AlterTable {
    /// The table.
    pub name: QualifiedName,
    /// The change.
    pub op: AlterTableOp,
}

/// One ALTER TYPE change.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterTypeOp {
    /// `ADD f type`
    Add(String, TypeExpr),
    /// `RENAME a TO b AND ...`
    Rename(Vec<(String, String)>),
    /// `ALTER f TYPE t` (refused by Cassandra 4).
    AlterType(String, TypeExpr),
}

/// What an index is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexTarget {
    /// `(v)` or `(values(v))` — `values` is true when written explicitly.
    Values(String, bool),
    /// `(keys(m))`
    Keys(String),
    /// `(entries(m))`
    Entries(String),
    /// `(full(c))`
    Full(String),
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// CREATE KEYSPACE
    CreateKeyspace {
        /// IF NOT EXISTS.
        if_not_exists: bool,
        /// The keyspace.
        name: String,
        /// WITH properties (replication, durable_writes).
        properties: Vec<Property>,
    },
    /// ALTER KEYSPACE
    AlterKeyspace {
        /// The keyspace.
        name: String,
        /// WITH properties.
        properties: Vec<Property>,
    },
    /// DROP KEYSPACE
    DropKeyspace {
        /// IF EXISTS.
        if_exists: bool,
        /// The keyspace.
        name: String,
    },
    /// USE ks
    Use(String),
    /// CREATE TABLE
    CreateTable(CreateTable),
    /// ALTER TABLE
    AlterTable(AlterTable),
    /// DROP TABLE
    DropTable {
        /// IF EXISTS.
        if_exists: bool,
        /// The table.
        name: QualifiedName,
    },
    /// `TRUNCATE [TABLE] t`
    Truncate(QualifiedName),
    /// CREATE TYPE
    CreateType {
        /// IF NOT EXISTS.
        if_not_exists: bool,
        /// The type.
        name: QualifiedName,
        /// Fields in order.
        fields: Vec<(String, TypeExpr)>,
    },
    /// ALTER TYPE
    AlterType {
        /// The type.
        name: QualifiedName,
        /// The change.
        op: AlterTypeOp,
    },
    /// DROP TYPE
    DropType {
        /// IF EXISTS.
        if_exists: bool,
        /// The type.
        name: QualifiedName,
    },
    /// `CREATE [CUSTOM] INDEX`
    CreateIndex {
        /// IF NOT EXISTS.
        if_not_exists: bool,
        /// The index name, when given.
        name: Option<String>,
        /// The table.
        table: QualifiedName,
        /// What is indexed.
        target: IndexTarget,
        /// `USING 'class'` for custom indexes.
        custom_class: Option<String>,
        /// WITH OPTIONS.
        properties: Vec<Property>,
    },
    /// DROP INDEX
    DropIndex {
        /// IF EXISTS.
        if_exists: bool,
        /// The index (keyspace-qualified or not).
        name: QualifiedName,
    },
    /// SELECT
    Select(Box<Select>),
    /// INSERT
    Insert(Box<Insert>),
    /// UPDATE
    Update(Box<Update>),
    /// DELETE
    Delete(Box<Delete>),
    /// BATCH
    Batch(Box<Batch>),
}
