//! The hand-written side: the same statements as cql-orm generates, prepared once on the
//! driver and bound with the driver's own derives.

use scylla::client::session::Session;
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::prepared::PreparedStatement;

use crate::data::{BATCH_SIZE, KEYSPACE};
use crate::error::BenchError;

const COLUMNS: &str = "\"part\", \"seq\", \"name\", \"value\", \"tags\"";

/// `INSERT` of a whole row.
pub fn insert_text() -> String {
    format!("INSERT INTO \"{KEYSPACE}\".\"bench_rows\" ({COLUMNS}) VALUES (?, ?, ?, ?, ?)")
}

/// `SELECT` of one row by its primary key.
pub fn get_text() -> String {
    format!(
        "SELECT {COLUMNS} FROM \"{KEYSPACE}\".\"bench_rows\" WHERE \"part\" = ? AND \"seq\" = ?"
    )
}

/// `SELECT` of one partition.
pub fn scan_text() -> String {
    format!("SELECT {COLUMNS} FROM \"{KEYSPACE}\".\"bench_rows\" WHERE \"part\" = ?")
}

/// `UPDATE` adding elements to the set column.
pub fn update_text() -> String {
    format!(
        "UPDATE \"{KEYSPACE}\".\"bench_rows\" SET \"tags\" = \"tags\" + ? WHERE \"part\" = ? AND \"seq\" = ?"
    )
}

/// `UPDATE` of many rows of one partition at once (bulk loading).
pub fn bulk_text() -> String {
    format!(
        "UPDATE \"{KEYSPACE}\".\"bench_rows\" SET \"name\" = ?, \"value\" = ? WHERE \"part\" = ? AND \"seq\" IN ?"
    )
}

/// The bind values of [`bulk_text`].
#[derive(scylla::SerializeRow, Debug, Clone)]
#[scylla(flavor = "enforce_order", skip_name_checks)]
pub struct Bulk<'a> {
    /// The text of every row.
    pub name: &'a str,
    /// The number of every row.
    pub value: f64,
    /// The partition key.
    pub part: i64,
    /// The clustering keys of the rows written.
    pub seqs: Vec<i32>,
}

/// The bind values of a read by primary key.
#[derive(scylla::SerializeRow, Debug, Clone, Copy)]
#[scylla(flavor = "enforce_order")]
pub struct Key {
    /// The partition key.
    pub part: i64,
    /// The clustering key.
    pub seq: i32,
}

/// The bind values of a partition read.
#[derive(scylla::SerializeRow, Debug, Clone, Copy)]
#[scylla(flavor = "enforce_order")]
pub struct Partition {
    /// The partition key.
    pub part: i64,
}

/// The bind values of the set update.
#[derive(scylla::SerializeRow, Debug, Clone, Copy)]
#[scylla(flavor = "enforce_order")]
pub struct AddTags<'a> {
    /// The elements to add.
    pub tags: &'a [&'a str],
    /// The partition key.
    pub part: i64,
    /// The clustering key.
    pub seq: i32,
}

/// Every statement of the raw side, prepared once.
#[derive(Clone)]
pub struct Statements {
    /// [`insert_text`].
    pub insert: PreparedStatement,
    /// [`get_text`].
    pub get: PreparedStatement,
    /// [`scan_text`].
    pub scan: PreparedStatement,
    /// [`update_text`].
    pub update: PreparedStatement,
    /// An unlogged batch of [`BATCH_SIZE`] inserts, built once and reused.
    pub batch: Batch,
}

impl std::fmt::Debug for Statements {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Statements")
            .field("insert", &self.insert.get_statement())
            .field("get", &self.get.get_statement())
            .field("scan", &self.scan.get_statement())
            .field("update", &self.update.get_statement())
            .field("batch", &self.batch.statements.len())
            .finish()
    }
}

impl Statements {
    /// Prepares every statement (the table must exist).
    pub async fn prepare(session: &Session) -> Result<Statements, BenchError> {
        let prepare = |text: String| async move {
            let mut stmt = session
                .prepare(text)
                .await
                .map_err(BenchError::driver("preparing a raw statement"))?;
            stmt.set_is_idempotent(true);
            Ok::<_, BenchError>(stmt)
        };
        let insert = prepare(insert_text()).await?;
        let get = prepare(get_text()).await?;
        let scan = prepare(scan_text()).await?;
        let update = prepare(update_text()).await?;
        let batch = inserts(&insert, BATCH_SIZE as usize);
        Ok(Statements {
            insert,
            get,
            scan,
            update,
            batch,
        })
    }

    /// An unlogged batch of `n` inserts.
    pub fn batch_of(&self, n: usize) -> Batch {
        inserts(&self.insert, n)
    }
}

fn inserts(insert: &PreparedStatement, n: usize) -> Batch {
    let mut batch = Batch::new(BatchType::Unlogged);
    for _ in 0..n {
        batch.append_statement(insert.clone());
    }
    batch.set_is_idempotent(true);
    batch
}
