//! What the protocol layer hands the engine and what it gets back.
//!
//! Values cross this boundary as protocol bytes: the engine decodes bound values with the
//! receiver's type and encodes result cells, so the protocol layer never interprets a value.

use crate::types::CqlType;

/// A bound value as it arrived in a QUERY/EXECUTE/BATCH body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundValue {
    /// `[bytes]` with length -1.
    Null,
    /// `[bytes]` with length -2 (protocol v4 "unset").
    Unset,
    /// The value's serialised bytes (possibly empty).
    Bytes(Vec<u8>),
}

/// Consistency levels of the native protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Consistency {
    /// 0x0000
    Any,
    /// 0x0001
    One,
    /// 0x0002
    Two,
    /// 0x0003
    Three,
    /// 0x0004
    Quorum,
    /// 0x0005
    All,
    /// 0x0006
    LocalQuorum,
    /// 0x0007
    EachQuorum,
    /// 0x0008
    Serial,
    /// 0x0009
    LocalSerial,
    /// 0x000A
    LocalOne,
}

/// The `<query_parameters>` of QUERY and EXECUTE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryParams {
    /// The consistency level.
    pub consistency: Consistency,
    /// Bound values, in marker order (or matched by name when `names` is set).
    pub values: Vec<BoundValue>,
    /// Names sent with the values (flag 0x40), one per value.
    pub names: Option<Vec<String>>,
    /// Skip result metadata (flag 0x02).
    pub skip_metadata: bool,
    /// Requested page size (flag 0x04); `None` or a non-positive size means no paging.
    pub page_size: Option<i32>,
    /// Paging state from a previous page (flag 0x08).
    pub paging_state: Option<Vec<u8>>,
    /// Serial consistency (flag 0x10).
    pub serial_consistency: Option<Consistency>,
    /// Client-supplied default timestamp in microseconds (flag 0x20).
    pub timestamp: Option<i64>,
}

impl Default for QueryParams {
    fn default() -> Self {
        QueryParams {
            consistency: Consistency::One,
            values: Vec::new(),
            names: None,
            skip_metadata: false,
            page_size: None,
            paging_state: None,
            serial_consistency: None,
            timestamp: None,
        }
    }
}

/// One statement of a BATCH request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchQuery {
    /// A query string with its values.
    Query {
        /// The statement text.
        cql: String,
        /// Its values.
        values: Vec<BoundValue>,
    },
    /// A prepared statement id with its values.
    Prepared {
        /// The id returned by PREPARE.
        id: Vec<u8>,
        /// Its values.
        values: Vec<BoundValue>,
    },
}

/// A BATCH request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRequest {
    /// 0 logged, 1 unlogged, 2 counter.
    pub kind: u8,
    /// The statements.
    pub queries: Vec<BatchQuery>,
    /// Consistency.
    pub consistency: Consistency,
    /// Serial consistency.
    pub serial_consistency: Option<Consistency>,
    /// Client timestamp in microseconds.
    pub timestamp: Option<i64>,
}

/// Metadata of one column of a result or one bind variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Keyspace of the table.
    pub keyspace: String,
    /// Table name.
    pub table: String,
    /// Column (or bind variable) name as the protocol reports it.
    pub name: String,
    /// Its type.
    pub ty: CqlType,
}

/// A ROWS result, cells already serialised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSet {
    /// Result metadata.
    pub columns: Vec<ColumnSpec>,
    /// Rows; each cell is `None` for null, or its serialised bytes.
    pub rows: Vec<Vec<Option<Vec<u8>>>>,
    /// Paging state when more pages follow.
    pub paging_state: Option<Vec<u8>>,
}

/// The kind of a schema change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeType {
    /// CREATED
    Created,
    /// UPDATED
    Updated,
    /// DROPPED
    Dropped,
}

/// The target of a schema change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeTarget {
    /// KEYSPACE
    Keyspace,
    /// TABLE
    Table,
    /// TYPE
    Type,
    /// FUNCTION
    Function,
    /// AGGREGATE
    Aggregate,
}

/// A SCHEMA_CHANGE result (and event).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SchemaChange {
    /// Created, updated or dropped.
    pub change: ChangeType,
    /// What changed.
    pub target: ChangeTarget,
    /// The keyspace.
    pub keyspace: String,
    /// The table or type name (absent for a keyspace).
    pub name: Option<String>,
}

/// What a QUERY, EXECUTE or BATCH produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A VOID result.
    Void,
    /// Rows.
    Rows(RowSet),
    /// The result of `USE ks`.
    SetKeyspace(String),
    /// A schema change.
    SchemaChange(SchemaChange),
}

/// A response with the warnings Cassandra would attach to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The outcome.
    pub outcome: Outcome,
    /// Warnings (flag 0x08 on the response frame).
    pub warnings: Vec<String>,
}

/// The PREPARED result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The statement id (stable for the same text and keyspace).
    pub id: Vec<u8>,
    /// Bind variables' metadata.
    pub bind: Vec<ColumnSpec>,
    /// Positions in `bind` of the partition key components, in partition key order.
    pub pk_indexes: Vec<u16>,
    /// Result metadata (empty for non-SELECTs and conditional statements).
    pub result: Vec<ColumnSpec>,
}

/// Per-connection state the engine reads and updates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionState {
    /// The keyspace set by `USE`.
    pub keyspace: Option<String>,
}
