//! Filters evaluated on materialised rows: ALLOW FILTERING, index lookups, CONTAINS and
//! map-entry relations.

use std::cmp::Ordering;

use crate::cql::ast::Operator;
use crate::types::CqlType;
use crate::value::Value;
use crate::values;

use super::super::catalog::TableDef;
use super::clustering::op_holds;

/// A filter evaluated on a materialised row (values indexed like `TableDef::columns`).
#[derive(Debug, Clone, PartialEq)]
pub enum RowFilter {
    /// `col op value`
    Cmp {
        /// Column index.
        col: usize,
        /// Operator.
        op: Operator,
        /// Value.
        value: Value,
    },
    /// `col IN (...)`
    In {
        /// Column index.
        col: usize,
        /// Values.
        values: Vec<Value>,
    },
    /// `col CONTAINS v` / `col CONTAINS KEY v`
    Contains {
        /// Column index.
        col: usize,
        /// CONTAINS KEY.
        key: bool,
        /// The value.
        value: Value,
    },
    /// `m[k] op v`
    Entry {
        /// Column index.
        col: usize,
        /// Map key.
        key: Value,
        /// Operator.
        op: Operator,
        /// Value.
        value: Value,
    },
}

impl RowFilter {
    /// The column the filter reads.
    pub fn column(&self) -> usize {
        match self {
            RowFilter::Cmp { col, .. }
            | RowFilter::In { col, .. }
            | RowFilter::Contains { col, .. }
            | RowFilter::Entry { col, .. } => *col,
        }
    }

    /// Whether the row passes the filter.
    pub fn matches(&self, table: &TableDef, row: &[Option<Value>]) -> bool {
        let ty = &table.columns[self.column()].ty;
        let Some(cell) = &row[self.column()] else {
            return false;
        };
        let eq = |t: &CqlType, a: &Value, b: &Value| values::compare(t, a, b) == Ordering::Equal;
        match self {
            RowFilter::Cmp { op, value, .. } => op_holds(*op, values::compare(ty, cell, value)),
            RowFilter::In { values: vs, .. } => vs.iter().any(|x| eq(ty, cell, x)),
            RowFilter::Contains { key, value, .. } => match (cell, ty) {
                (Value::List(items), CqlType::List { elem, .. })
                | (Value::Set(items), CqlType::Set { elem, .. }) => {
                    items.iter().any(|x| eq(elem, x, value))
                }
                (
                    Value::Map(entries),
                    CqlType::Map {
                        key: kt, value: vt, ..
                    },
                ) => entries.iter().any(|(k, v)| {
                    if *key {
                        eq(kt, k, value)
                    } else {
                        eq(vt, v, value)
                    }
                }),
                _ => false,
            },
            RowFilter::Entry { key, op, value, .. } => match (cell, ty) {
                (
                    Value::Map(entries),
                    CqlType::Map {
                        key: kt, value: vt, ..
                    },
                ) => entries
                    .iter()
                    .find(|(k, _)| eq(kt, k, key))
                    .is_some_and(|(_, v)| op_holds(*op, values::compare(vt, v, value))),
                _ => false,
            },
        }
    }
}
