//! Talking to the cluster: prepared statements through cql-orm's cache, generic rows, DDL,
//! and schema agreement with a hard timeout.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cql_orm::Session;
use scylla::response::query_result::QueryResult;
use scylla::serialize::row::SerializeRow;
use scylla::value::{CqlValue, Row};

use crate::error::{Error, Result};

/// The rows of a result, with their column names.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    columns: Vec<String>,
    rows: Vec<Row>,
}

/// One row of [`Rows`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowRef<'a> {
    columns: &'a [String],
    row: &'a Row,
}

impl Rows {
    fn from_result(result: QueryResult, context: &str) -> Result<Rows> {
        let decode = |message: String| Error::Decode {
            context: context.to_owned(),
            message,
        };
        let rows = result
            .into_rows_result()
            .map_err(|e| decode(e.to_string()))?;
        let columns = rows
            .column_specs()
            .iter()
            .map(|s| s.name().to_owned())
            .collect();
        let rows = rows
            .rows::<Row>()
            .map_err(|e| decode(e.to_string()))?
            .collect::<std::result::Result<Vec<Row>, _>>()
            .map_err(|e| decode(e.to_string()))?;
        Ok(Rows { columns, rows })
    }

    /// Every row.
    pub(crate) fn iter(&self) -> impl Iterator<Item = RowRef<'_>> {
        self.rows.iter().map(|row| RowRef {
            columns: &self.columns,
            row,
        })
    }

    /// The first row.
    pub(crate) fn first(&self) -> Option<RowRef<'_>> {
        self.iter().next()
    }
}

fn text_of(v: &CqlValue) -> Option<String> {
    match v {
        CqlValue::Text(s) | CqlValue::Ascii(s) => Some(s.clone()),
        _ => None,
    }
}

impl<'a> RowRef<'a> {
    /// The value of column `name` (None when null or absent).
    pub(crate) fn get(&self, name: &str) -> Option<&'a CqlValue> {
        let i = self.columns.iter().position(|c| c == name)?;
        self.row.columns.get(i)?.as_ref()
    }

    /// Every (column, value) pair, nulls left out.
    pub(crate) fn values(&self) -> impl Iterator<Item = (&'a str, &'a CqlValue)> {
        self.columns
            .iter()
            .zip(&self.row.columns)
            .filter_map(|(c, v)| Some((c.as_str(), v.as_ref()?)))
    }

    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(text_of)
    }

    pub(crate) fn int(&self, name: &str) -> Option<i32> {
        match self.get(name)? {
            CqlValue::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn boolean(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            CqlValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn uuid(&self, name: &str) -> Option<uuid::Uuid> {
        match self.get(name)? {
            CqlValue::Uuid(u) => Some(*u),
            CqlValue::Timeuuid(u) => Some(uuid::Uuid::from(*u)),
            _ => None,
        }
    }

    pub(crate) fn timestamp(&self, name: &str) -> Option<DateTime<Utc>> {
        match self.get(name)? {
            CqlValue::Timestamp(t) => DateTime::from_timestamp_millis(t.0),
            _ => None,
        }
    }

    pub(crate) fn text_list(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(CqlValue::List(items) | CqlValue::Set(items)) => {
                items.iter().filter_map(text_of).collect()
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn text_map(&self, name: &str) -> BTreeMap<String, String> {
        match self.get(name) {
            Some(CqlValue::Map(entries)) => entries
                .iter()
                .filter_map(|(k, v)| Some((text_of(k)?, text_of(v)?)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }
}

/// Runs a prepared statement (prepared once per session through cql-orm's cache).
pub(crate) async fn execute(
    session: &Session,
    cql: &str,
    values: impl SerializeRow,
    context: impl FnOnce() -> String,
) -> Result<QueryResult> {
    let run = async {
        let stmt = session.prepare(cql).await?;
        let result = session.scylla().execute_unpaged(&stmt, values).await?;
        Ok::<_, cql_orm::Error>(result)
    };
    run.await.map_err(|source| Error::Query {
        context: context(),
        source: Box::new(source),
    })
}

/// Runs a prepared read and collects its rows.
pub(crate) async fn select(
    session: &Session,
    cql: &str,
    values: impl SerializeRow,
    context: impl Fn() -> String,
) -> Result<Rows> {
    let result = execute(session, cql, values, &context).await?;
    Rows::from_result(result, &context())
}

/// The `[applied]` flag of a lightweight transaction and the row that came with it.
pub(crate) async fn lwt(
    session: &Session,
    cql: &str,
    values: impl SerializeRow,
    context: impl Fn() -> String,
) -> Result<(bool, Rows)> {
    let rows = select(session, cql, values, &context).await?;
    let applied = rows
        .first()
        .and_then(|r| r.boolean("[applied]"))
        .ok_or_else(|| Error::Decode {
            context: context(),
            message: "the lightweight transaction returned no [applied] column".to_owned(),
        })?;
    Ok((applied, rows))
}

/// Runs an unprepared statement (DDL).
pub(crate) async fn raw(session: &Session, cql: &str) -> std::result::Result<(), cql_orm::Error> {
    session.execute_raw(cql).await.map(|_| ())
}

/// Why schema agreement was not reached.
#[derive(Debug, Clone)]
pub(crate) enum Disagreement {
    /// Not within the timeout.
    Timeout,
    /// The check itself failed.
    Failed(String),
}

/// Waits until every reachable node reports the same schema version; giving up after
/// `timeout` is an error.
pub(crate) async fn await_agreement(
    session: &Session,
    timeout: Duration,
) -> std::result::Result<(), Disagreement> {
    match tokio::time::timeout(timeout, session.scylla().await_schema_agreement()).await {
        Err(_) => Err(Disagreement::Timeout),
        Ok(Err(scylla::errors::SchemaAgreementError::Timeout(_))) => Err(Disagreement::Timeout),
        Ok(Err(e)) => Err(Disagreement::Failed(e.to_string())),
        Ok(Ok(_)) => Ok(()),
    }
}
