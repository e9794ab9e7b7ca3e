//! WHERE clause analysis: which partitions, which clustering rows, and which filters, with
//! Cassandra's restriction rules and messages.

mod analyzer;
mod bind;
mod clustering;
mod merge;
mod row_filter;

pub(crate) use analyzer::op_text;
pub(crate) use clustering::op_holds;
pub use clustering::{ClusteringCond, ClusteringFilter};
pub use row_filter::RowFilter;

use crate::cql::ast::Relation;
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::value::Value;
use crate::values;

use super::catalog::TableDef;
use super::terms::BindCtx;

/// Which partitions a statement reads or writes.
#[derive(Debug, Clone, PartialEq)]
pub enum PartitionSel {
    /// Explicit partition keys (sorted, deduplicated).
    Keys(Vec<Vec<Value>>),
    /// A scan over a token range (both bounds optional; `bool` = inclusive).
    Scan {
        /// Lower bound.
        start: Option<(i64, bool)>,
        /// Upper bound.
        end: Option<(i64, bool)>,
    },
}

/// The analysed WHERE clause.
#[derive(Debug, Clone, PartialEq)]
pub struct WhereClause {
    /// Partitions.
    pub partition: PartitionSel,
    /// Clustering conditions (key order prefix rules respected).
    pub clustering: ClusteringFilter,
    /// Whether every clustering column is restricted by EQ/IN (single or multi-column).
    pub clustering_complete: bool,
    /// Whether some clustering column has a slice restriction.
    pub clustering_slice: bool,
    /// Filters on materialised rows.
    pub filters: Vec<RowFilter>,
    /// Whether the partition key is fully restricted by EQ/IN.
    pub partition_complete: bool,
    /// Whether an index serves the query.
    pub uses_index: bool,
    /// Whether the partition key restriction uses IN (for ORDER BY rules).
    pub partition_in: bool,
    /// Whether some clustering column uses IN.
    pub clustering_in: bool,
}

/// What kind of statement the WHERE clause belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhereKind {
    /// A SELECT, with ALLOW FILTERING or not.
    Select {
        /// ALLOW FILTERING.
        allow_filtering: bool,
    },
    /// UPDATE (clustering must be complete unless only statics are set).
    Update,
    /// DELETE.
    Delete,
}

const FILTERING_MSG: &str = "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING";

/// The message for a query that needs ALLOW FILTERING.
pub fn filtering_error() -> CqlError {
    CqlError::invalid(FILTERING_MSG)
}

/// Analyses a WHERE clause.
pub fn analyze(
    table: &TableDef,
    relations: &[Relation],
    kind: WhereKind,
    ctx: &mut BindCtx,
) -> CqlResult<WhereClause> {
    let mut analyzer = analyzer::Analyzer::new(table, kind, ctx);
    for rel in relations {
        analyzer.add(rel)?;
    }
    analyzer.finish()
}

/// Computes the token of a partition key given as values.
pub fn token_of(table: &TableDef, key: &[Value]) -> i64 {
    let pk = table.partition_key();
    let parts: Vec<Vec<u8>> = key
        .iter()
        .zip(pk.iter())
        .map(|(v, c)| values::serialize(&c.ty, v))
        .collect();
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    values::token(&refs)
}

/// Clustering types of a table with their direction.
pub fn clustering_types(table: &TableDef) -> Vec<(CqlType, bool)> {
    table
        .clustering()
        .iter()
        .map(|c| (c.ty.clone(), c.is_desc()))
        .collect()
}
