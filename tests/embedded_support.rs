//! Helpers shared by the driver-level tests of the embedded node (`embedded_*.rs`): a
//! session bound to a fresh keyspace, statements run as QUERY or PREPARE + EXECUTE, rows
//! rendered as CQL literals so expectations read like `cqlsh` output, and server errors as
//! their protocol code and message.
//!
//! Every test file includes this module with `#[path = "embedded_support.rs"] mod support;`
//! and uses the part it needs.

#![allow(dead_code)]

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate};
use num_bigint::BigInt;
use scylla::client::session::Session;
use scylla::errors::{DbError, ExecutionError, PrepareError, RequestAttemptError};
use scylla::frame::protocol_features::ProtocolFeatures;
use scylla::response::query_result::QueryResult;
use scylla::serialize::row::SerializeRow;
use scylla::statement::prepared::PreparedStatement;
use scylla::value::{CqlValue, Row};

/// `SyntaxException`
pub const SYNTAX: i32 = 0x2000;
/// `InvalidRequestException`
pub const INVALID: i32 = 0x2200;
/// `ConfigurationException`
pub const CONFIG: i32 = 0x2300;
/// `AlreadyExistsException`
pub const ALREADY_EXISTS: i32 = 0x2400;
/// The Unprepared error.
pub const UNPREPARED: i32 = 0x2500;

/// An ERROR response of the node.
#[derive(Debug, Clone)]
pub struct ServerError {
    /// The protocol error code.
    pub code: i32,
    /// The message.
    pub message: String,
    /// The driver's view of the error (with the code's extra fields).
    pub db: DbError,
}

fn server_error(attempt: &RequestAttemptError) -> Option<ServerError> {
    match attempt {
        RequestAttemptError::DbError(db, message) => Some(ServerError {
            code: db.code(&ProtocolFeatures::default()),
            message: message.clone(),
            db: db.clone(),
        }),
        _ => None,
    }
}

/// The server error inside a failed execution (panics on client-side failures).
pub fn execution_error(e: ExecutionError) -> ServerError {
    match &e {
        ExecutionError::LastAttemptError(attempt) => server_error(attempt),
        _ => None,
    }
    .unwrap_or_else(|| panic!("not a server error: {e}"))
}

/// The server error inside a failed PREPARE (panics on client-side failures).
pub fn prepare_error(e: PrepareError) -> ServerError {
    match &e {
        PrepareError::AllAttemptsFailed { first_attempt } => server_error(first_attempt),
        _ => None,
    }
    .unwrap_or_else(|| panic!("not a server error: {e}"))
}

/// A driver session (default `SessionBuilder`) working in a keyspace of its own.
pub struct Db {
    /// The session, with the keyspace set by `USE`.
    pub session: Session,
    ks: cql_orm_tests::TestKeyspace,
}

impl Db {
    /// Connects and creates (and uses) a fresh keyspace named after `prefix`.
    pub async fn new(prefix: &str) -> Db {
        let session = cql_orm_tests::connect().await.expect("connect");
        let ks = cql_orm_tests::fresh_keyspace(&session, prefix)
            .await
            .expect("fresh keyspace");
        session
            .use_keyspace(ks.name(), false)
            .await
            .expect("USE the keyspace");
        Db { session, ks }
    }

    /// The keyspace's name.
    pub fn ks(&self) -> &str {
        self.ks.name()
    }

    /// Runs a statement as a QUERY (one page of up to 5000 rows).
    pub async fn run(&self, cql: &str) -> Result<QueryResult, ServerError> {
        self.session
            .query_unpaged(cql, &[])
            .await
            .map_err(execution_error)
    }

    /// Runs a statement that must succeed.
    pub async fn ok(&self, cql: &str) -> QueryResult {
        match self.run(cql).await {
            Ok(r) => r,
            Err(e) => panic!("{cql}\n  failed: {:#06x} {}", e.code, e.message),
        }
    }

    /// Runs statements that must succeed, one after the other.
    pub async fn ok_all(&self, statements: &[&str]) {
        for cql in statements {
            self.ok(cql).await;
        }
    }

    /// The rows of a query, each rendered as `v1 | v2 | ...`.
    pub async fn rows(&self, cql: &str) -> Vec<String> {
        render_rows(self.ok(cql).await)
    }

    /// The result columns of a query as `name type`.
    pub async fn columns(&self, cql: &str) -> Vec<String> {
        column_specs(&self.ok(cql).await)
    }

    /// The code and message of a statement that must fail.
    pub async fn err(&self, cql: &str) -> (i32, String) {
        match self.run(cql).await {
            Ok(r) => panic!("{cql}\n  succeeded: {:?}", render_rows(r)),
            Err(e) => (e.code, e.message),
        }
    }

    /// Checks that each statement fails with `code` and its message.
    pub async fn refuses<M: AsRef<str>>(&self, code: i32, cases: &[(&str, M)]) {
        for (cql, message) in cases {
            assert_eq!(
                self.err(cql).await,
                (code, message.as_ref().to_owned()),
                "{cql}"
            );
        }
    }

    /// Prepares a statement that must prepare.
    pub async fn prepare(&self, cql: &str) -> PreparedStatement {
        self.session
            .prepare(cql)
            .await
            .unwrap_or_else(|e| panic!("PREPARE {cql}: {e}"))
    }

    /// Prepares and executes a statement with values.
    pub async fn execute(
        &self,
        cql: &str,
        values: impl SerializeRow,
    ) -> Result<QueryResult, ServerError> {
        let prepared = self.prepare(cql).await;
        self.session
            .execute_unpaged(&prepared, values)
            .await
            .map_err(execution_error)
    }

    /// Prepares and executes a statement that must succeed, returning its rendered rows.
    pub async fn execute_rows(&self, cql: &str, values: impl SerializeRow) -> Vec<String> {
        match self.execute(cql, values).await {
            Ok(r) => render_rows(r),
            Err(e) => panic!("{cql}\n  failed: {:#06x} {}", e.code, e.message),
        }
    }

    /// The current `schema_version` of `system.local`.
    pub async fn schema_version(&self) -> String {
        self.rows("SELECT schema_version FROM system.local WHERE key = 'local'")
            .await
            .remove(0)
    }

    /// Drops the keyspace.
    pub async fn drop(self) {
        self.ks.drop(&self.session).await.expect("drop keyspace");
    }
}

/// The result columns of a result as `name type`.
pub fn column_specs(result: &QueryResult) -> Vec<String> {
    let rows = result.clone().into_rows_result().expect("a ROWS result");
    rows.column_specs()
        .iter()
        .map(|c| format!("{} {}", c.name(), type_string(c.typ())))
        .collect()
}

/// The rows of a ROWS result, each rendered as `v1 | v2 | ...`.
pub fn render_rows(result: QueryResult) -> Vec<String> {
    let rows = result.into_rows_result().expect("a ROWS result");
    rows.rows::<Row>()
        .expect("rows")
        .map(|row| {
            let row = row.expect("a row");
            row.columns
                .iter()
                .map(|c| render(c.as_ref()))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

/// A type as CQL text (collections without `frozen<>`, UDTs by name).
pub fn type_string(typ: &scylla::frame::response::result::ColumnType<'_>) -> String {
    use scylla::frame::response::result::{CollectionType, ColumnType};
    match typ {
        ColumnType::Native(n) => format!("{n:?}").to_lowercase(),
        ColumnType::Collection { typ, .. } => match typ {
            CollectionType::List(e) => format!("list<{}>", type_string(e)),
            CollectionType::Set(e) => format!("set<{}>", type_string(e)),
            CollectionType::Map(k, v) => format!("map<{}, {}>", type_string(k), type_string(v)),
            other => format!("{other:?}"),
        },
        ColumnType::UserDefinedType { definition, .. } => definition.name.to_string(),
        ColumnType::Tuple(items) => format!(
            "tuple<{}>",
            items.iter().map(type_string).collect::<Vec<_>>().join(", ")
        ),
        other => format!("{other:?}"),
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn join<'a>(items: impl Iterator<Item = &'a CqlValue>) -> String {
    items
        .map(|v| render(Some(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value as a CQL literal: `1`, `'text'`, `0xcafe`, `[1, 2]`, `{'a': 1}`, `(1, null)`,
/// `{f: 1}`; timestamps as `'2020-01-01T00:00:00.000Z'`, dates as `'2020-01-01'`; `null`
/// for null and `<empty>` for an empty value.
pub fn render(value: Option<&CqlValue>) -> String {
    let Some(value) = value else {
        return "null".into();
    };
    match value {
        CqlValue::Empty => "<empty>".into(),
        CqlValue::Ascii(s) | CqlValue::Text(s) => quote(s),
        CqlValue::Blob(b) => {
            let mut out = String::from("0x");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out
        }
        CqlValue::Boolean(b) => b.to_string(),
        CqlValue::TinyInt(n) => n.to_string(),
        CqlValue::SmallInt(n) => n.to_string(),
        CqlValue::Int(n) => n.to_string(),
        CqlValue::BigInt(n) => n.to_string(),
        CqlValue::Counter(c) => c.0.to_string(),
        CqlValue::Varint(v) => {
            BigInt::from_signed_bytes_be(v.as_signed_bytes_be_slice()).to_string()
        }
        CqlValue::Decimal(d) => {
            let (bytes, scale) = d.as_signed_be_bytes_slice_and_exponent();
            format!("{}E{}", BigInt::from_signed_bytes_be(bytes), -scale)
        }
        CqlValue::Float(f) => f.to_string(),
        CqlValue::Double(d) => d.to_string(),
        CqlValue::Uuid(u) => u.to_string(),
        CqlValue::Timeuuid(u) => u.as_ref().to_string(),
        CqlValue::Inet(ip) => quote(&ip.to_string()),
        CqlValue::Timestamp(ts) => match DateTime::from_timestamp_millis(ts.0) {
            Some(t) => quote(&t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
            None => ts.0.to_string(),
        },
        CqlValue::Date(d) => {
            let days = i64::from(d.0) - (1 << 31);
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
            match epoch.checked_add_signed(chrono::Duration::days(days)) {
                Some(date) => quote(&date.to_string()),
                None => format!("date({})", d.0),
            }
        }
        CqlValue::Time(t) => t.0.to_string(),
        CqlValue::Duration(d) => format!("{}mo{}d{}ns", d.months, d.days, d.nanoseconds),
        CqlValue::List(items) => format!("[{}]", join(items.iter())),
        CqlValue::Set(items) => format!("{{{}}}", join(items.iter())),
        CqlValue::Map(pairs) => format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", render(Some(k)), render(Some(v))))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        CqlValue::Tuple(items) => format!(
            "({})",
            items
                .iter()
                .map(|v| render(v.as_ref()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        CqlValue::UserDefinedType { fields, .. } => format!(
            "{{{}}}",
            fields
                .iter()
                .map(|(name, v)| format!("{name}: {}", render(v.as_ref())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => format!("{other:?}"),
    }
}

/// Sleeps (for TTL expiry; timings are never asserted).
pub async fn sleep_ms(ms: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}
