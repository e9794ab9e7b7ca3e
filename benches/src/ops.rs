//! The benchmarked operations, through cql-orm and through the raw driver.

use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::sync::Arc;

use cql_orm::prelude::*;
use cql_orm::{Keyspace, Session};
use futures::TryStreamExt;
use scylla::client::PoolSize;

use crate::data::{
    bench_row, BenchRow, BenchRowPartitionKey, BenchRowPrimaryKey, Data, RawRow, BATCH_SIZE,
    KEYSPACE, SCAN_PARTITION, SCAN_ROWS, UPDATE_TAGS,
};
use crate::error::BenchError;
use crate::raw::{self, AddTags, Key, Partition};

/// One benchmarked operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Op {
    /// A prepared `INSERT` of one row.
    Insert,
    /// A read of one row by its full primary key.
    Get,
    /// A read of a whole 1,000-row partition.
    Scan,
    /// An unlogged batch of 100 inserts into one partition.
    Batch,
    /// `UPDATE ... SET tags = tags + ?` on one row.
    Update,
}

impl Op {
    /// Every operation, in table order.
    pub const ALL: [Op; 5] = [Op::Insert, Op::Get, Op::Scan, Op::Batch, Op::Update];

    /// How the operation is named in tables.
    pub fn label(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Get => "get by primary key",
            Op::Scan => "partition scan (1,000 rows)",
            Op::Batch => "batch of 100 inserts",
            Op::Update => "update, set add",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which client runs an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Side {
    /// cql-orm's derive and builders.
    Orm,
    /// Hand-written prepared statements on the `scylla` driver.
    Raw,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Orm => "orm",
            Side::Raw => "raw",
        })
    }
}

/// Connects a driver session with exactly one connection to `addr`.
pub async fn connect_driver(
    addr: SocketAddr,
) -> Result<scylla::client::session::Session, BenchError> {
    let one = NonZeroUsize::MIN;
    scylla::client::session_builder::SessionBuilder::new()
        .known_node_addr(addr)
        .pool_size(PoolSize::PerHost(one))
        .build()
        .await
        .map_err(BenchError::driver("connecting"))
}

/// A connected client with both sides ready: one driver session (one connection) shared by a
/// cql-orm [`Session`] and the raw [`raw::Statements`].
#[derive(Debug, Clone)]
pub struct Bench {
    /// The cql-orm session (its driver session is the raw side's).
    pub db: Session,
    /// The cql-orm handle on [`KEYSPACE`].
    pub ks: Keyspace,
    /// The raw side's prepared statements.
    pub raw: Arc<raw::Statements>,
    /// The rows written.
    pub data: Arc<Data>,
}

impl Bench {
    /// Connects to `addr`, creates the keyspace and table if needed and prepares the raw
    /// statements. Rows are loaded by [`Bench::load`].
    pub async fn connect(addr: SocketAddr) -> Result<Bench, BenchError> {
        let driver = connect_driver(addr).await?;
        let db = Session::from_scylla(driver);
        cql_orm::Schema::new()
            .model::<BenchRow>()
            .create_all(&db, KEYSPACE)
            .await?;
        let raw = raw::Statements::prepare(db.scylla()).await?;
        Ok(Bench {
            ks: db.keyspace(KEYSPACE),
            db,
            raw: Arc::new(raw),
            data: Arc::new(Data::new()),
        })
    }

    /// Writes the keyed rows and the scanned partition (raw batches, 64 in flight).
    pub async fn load(&self) -> Result<(), BenchError> {
        let rows: Vec<RawRow> = self
            .data
            .keyed_raw
            .iter()
            .cloned()
            .chain(self.data.scan.iter().map(RawRow::from))
            .collect();
        self.load_rows(&rows).await
    }

    /// Writes `rows` in unlogged batches of up to [`BATCH_SIZE`] rows, 64 batches in flight
    /// (each batch should stay within one partition).
    pub async fn load_rows(&self, rows: &[RawRow]) -> Result<(), BenchError> {
        use futures::StreamExt;
        let size = BATCH_SIZE as usize;
        futures::stream::iter(rows.chunks(size))
            .map(|chunk| async move {
                let partial;
                let batch = if chunk.len() == size {
                    &self.raw.batch
                } else {
                    partial = self.raw.batch_of(chunk.len());
                    &partial
                };
                self.db
                    .scylla()
                    .batch(batch, chunk)
                    .await
                    .map_err(BenchError::driver("loading rows"))
                    .map(drop)
            })
            .buffer_unordered(64)
            .try_collect::<()>()
            .await
    }

    /// Writes a partition of `rows` small rows for streaming: `UPDATE ... WHERE "seq" IN ?`
    /// a thousand rows at a time (one statement per thousand rows keeps loading a million-row
    /// partition quick on the embedded node, which scans the partition once per statement).
    pub async fn load_stream_partition(&self, part: i64, rows: i32) -> Result<(), BenchError> {
        use futures::StreamExt;
        const PER_STATEMENT: i32 = 1_000;
        let stmt = self
            .db
            .scylla()
            .prepare(raw::bulk_text())
            .await
            .map_err(BenchError::driver("preparing the bulk load"))?;
        let chunks = (0..rows).step_by(PER_STATEMENT as usize).map(|start| {
            let seqs: Vec<i32> = (start..(start + PER_STATEMENT).min(rows)).collect();
            raw::Bulk {
                name: "",
                value: 0.0,
                part,
                seqs,
            }
        });
        let stmt = &stmt;
        futures::stream::iter(chunks)
            .map(|values| async move {
                self.db
                    .scylla()
                    .execute_unpaged(stmt, values)
                    .await
                    .map_err(BenchError::driver("loading a streamed partition"))
                    .map(drop)
            })
            .buffer_unordered(4)
            .try_collect::<()>()
            .await
    }

    /// Runs operation number `i` of kind `op` on `side`. Every result is checked against what
    /// was written.
    pub async fn run(&self, side: Side, op: Op, i: u64) -> Result<(), BenchError> {
        match side {
            Side::Orm => self.orm(op, i).await,
            Side::Raw => self.raw(op, i).await,
        }
    }

    async fn orm(&self, op: Op, i: u64) -> Result<(), BenchError> {
        match op {
            Op::Insert => {
                let (r, _) = self.data.keyed(i);
                r.insert().execute(&self.ks).await?;
            }
            Op::Get => {
                let (r, _) = self.data.keyed(i);
                let key = BenchRowPrimaryKey {
                    part: r.part,
                    seq: r.seq,
                };
                let got = BenchRow::get(&self.ks, key).await?;
                check_key(got.as_ref().map(|g| (g.part, g.seq)), r)?;
            }
            Op::Scan => {
                let rows = BenchRow::select()
                    .partition(BenchRowPartitionKey {
                        part: SCAN_PARTITION,
                    })
                    .all(&self.ks)
                    .await?;
                check_scan(rows.len(), rows.last().map(|r| r.seq))?;
            }
            Op::Batch => {
                let (rows, _) = self.data.batch(i);
                let mut batch = cql_orm::Batch::unlogged(&self.ks);
                for r in rows {
                    batch = batch.add(r.insert())?;
                }
                batch.execute().await?;
            }
            Op::Update => {
                let (r, _) = self.data.keyed(i);
                let key = BenchRowPrimaryKey {
                    part: r.part,
                    seq: r.seq,
                };
                BenchRow::update(key)
                    .add(bench_row::tags, [update_tag(i)])
                    .execute(&self.ks)
                    .await?;
            }
        }
        Ok(())
    }

    async fn raw(&self, op: Op, i: u64) -> Result<(), BenchError> {
        let session = self.db.scylla();
        match op {
            Op::Insert => {
                let (_, r) = self.data.keyed(i);
                session
                    .execute_unpaged(&self.raw.insert, r)
                    .await
                    .map_err(BenchError::driver("insert"))?;
            }
            Op::Get => {
                let (_, r) = self.data.keyed(i);
                let key = Key {
                    part: r.part,
                    seq: r.seq,
                };
                let got = session
                    .execute_unpaged(&self.raw.get, key)
                    .await
                    .map_err(BenchError::driver("get"))?
                    .into_rows_result()
                    .map_err(BenchError::driver("get"))?
                    .maybe_first_row::<RawRow>()
                    .map_err(BenchError::driver("get"))?;
                check_key(got.as_ref().map(|g| (g.part, g.seq)), r)?;
            }
            Op::Scan => {
                let rows: Vec<RawRow> = session
                    .execute_iter(
                        self.raw.scan.clone(),
                        Partition {
                            part: SCAN_PARTITION,
                        },
                    )
                    .await
                    .map_err(BenchError::driver("scan"))?
                    .rows_stream::<RawRow>()
                    .map_err(BenchError::driver("scan"))?
                    .try_collect()
                    .await
                    .map_err(BenchError::driver("scan"))?;
                check_scan(rows.len(), rows.last().map(|r| r.seq))?;
            }
            Op::Batch => {
                let (_, rows) = self.data.batch(i);
                session
                    .batch(&self.raw.batch, rows)
                    .await
                    .map_err(BenchError::driver("batch"))?;
            }
            Op::Update => {
                let (_, r) = self.data.keyed(i);
                let tags = [update_tag(i)];
                let values = AddTags {
                    tags: &tags,
                    part: r.part,
                    seq: r.seq,
                };
                session
                    .execute_unpaged(&self.raw.update, values)
                    .await
                    .map_err(BenchError::driver("update"))?;
            }
        }
        Ok(())
    }
}

/// The tag added by update number `i`.
pub fn update_tag(i: u64) -> &'static str {
    UPDATE_TAGS[(i % UPDATE_TAGS.len() as u64) as usize]
}

fn check_key<R>(got: Option<(i64, i32)>, want: &R) -> Result<(), BenchError>
where
    R: KeyOf,
{
    match got {
        Some(k) if k == want.key() => Ok(()),
        other => Err(BenchError::Check(format!(
            "read {other:?} for key {:?}",
            want.key()
        ))),
    }
}

fn check_scan(len: usize, last: Option<i32>) -> Result<(), BenchError> {
    if len == SCAN_ROWS as usize && last == Some(SCAN_ROWS - 1) {
        Ok(())
    } else {
        Err(BenchError::Check(format!(
            "the scan read {len} rows ending at {last:?}"
        )))
    }
}

/// Rows that know their primary key.
trait KeyOf {
    fn key(&self) -> (i64, i32);
}

impl KeyOf for BenchRow {
    fn key(&self) -> (i64, i32) {
        (self.part, self.seq)
    }
}

impl KeyOf for RawRow {
    fn key(&self) -> (i64, i32) {
        (self.part, self.seq)
    }
}
