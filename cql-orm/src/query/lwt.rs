//! Results of lightweight transactions (`IF NOT EXISTS`, `IF EXISTS`, `IF <conditions>`).

use scylla::response::query_result::QueryResult;
use scylla::value::{CqlValue, Row};

use crate::error::{rows_error, Error, Result};

/// The outcome of a conditional write.
#[derive(Debug, Clone, PartialEq)]
pub enum LwtResult<T> {
    /// The write was applied.
    Applied,
    /// The condition did not hold; carries what the server returned about the existing row
    /// (the whole row for `INSERT ... IF NOT EXISTS`, the condition columns otherwise).
    Rejected(T),
}

impl<T> LwtResult<T> {
    /// Whether the write was applied.
    pub fn is_applied(&self) -> bool {
        matches!(self, LwtResult::Applied)
    }

    /// The existing values, if the write was rejected.
    pub fn rejected(self) -> Option<T> {
        match self {
            LwtResult::Applied => None,
            LwtResult::Rejected(t) => Some(t),
        }
    }
}

/// The columns the server returned with a rejected conditional update or delete
/// (empty when the row did not exist).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RejectedRow {
    /// `(column name, value)` in the server's order, `[applied]` excluded; `None` is null.
    pub columns: Vec<(String, Option<CqlValue>)>,
}

impl RejectedRow {
    /// The value of a column, if the server returned it and it is not null.
    pub fn get(&self, column: &str) -> Option<&CqlValue> {
        self.columns
            .iter()
            .find(|(n, _)| n == column)
            .and_then(|(_, v)| v.as_ref())
    }
}

/// Splits an LWT result into "applied" or the rejected row read as `R`.
pub(crate) fn read_lwt<R>(
    table: &'static str,
    result: QueryResult,
    read: impl FnOnce(&scylla::response::query_result::QueryRowsResult) -> Result<R>,
) -> Result<LwtResult<R>> {
    let rows = result
        .into_rows_result()
        .map_err(|e| rows_error(table, e))?;
    let first: Row = rows
        .maybe_first_row::<Row>()
        .map_err(|e| Error::driver("reading the [applied] column", e))?
        .ok_or_else(|| Error::driver("reading the [applied] column", "no row returned"))?;
    match first.columns.first() {
        Some(Some(CqlValue::Boolean(true))) => Ok(LwtResult::Applied),
        Some(Some(CqlValue::Boolean(false))) => read(&rows).map(LwtResult::Rejected),
        _ => Err(Error::driver(
            "reading the [applied] column",
            "the first column is not a boolean [applied]",
        )),
    }
}

/// Reads a rejected row generically.
pub(crate) fn rejected_row(
    table: &'static str,
    rows: &scylla::response::query_result::QueryRowsResult,
) -> Result<RejectedRow> {
    let names: Vec<String> = rows
        .column_specs()
        .iter()
        .map(|s| s.name().to_owned())
        .collect();
    let row: Row = rows
        .maybe_first_row::<Row>()
        .map_err(|e| Error::driver("reading the rejected row", e))?
        .unwrap_or(Row {
            columns: Vec::new(),
        });
    let _ = table;
    Ok(RejectedRow {
        columns: names
            .into_iter()
            .zip(row.columns)
            .filter(|(n, _)| n != "[applied]")
            .collect(),
    })
}
