//! Splitting large writes into per-partition batches.

use std::collections::HashMap;

use futures::stream::{self, StreamExt, TryStreamExt};

use crate::error::Result;
use crate::model::Model;
use crate::query::batch::{kind, AllowedIn, Batch};
use crate::query::insert::InsertableTable;
use crate::session::Db;

/// Limits for [`insert_by_partition`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitLimits {
    /// The most inserts in one batch (Cassandra warns above 5 KiB per batch and refuses above
    /// 50 KiB by default; keep batches of small rows in the tens to low hundreds).
    pub max_statements: usize,
    /// How many batches are in flight at once.
    pub concurrency: usize,
}

impl Default for SplitLimits {
    fn default() -> Self {
        SplitLimits {
            max_statements: 100,
            concurrency: 8,
        }
    }
}

/// What [`insert_by_partition`] sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SplitReport {
    /// Rows written.
    pub rows: usize,
    /// Distinct partitions among them.
    pub partitions: usize,
    /// Batches sent.
    pub batches: usize,
}

/// Inserts `rows` as unlogged batches that each hold rows of a single partition (so each
/// batch is applied atomically and in isolation by the one replica set that owns it), at most
/// [`SplitLimits::max_statements`] rows per batch, [`SplitLimits::concurrency`] batches in
/// flight. Rows keep their relative order within a partition.
///
/// On error the first failure is returned; batches already sent stay written.
pub async fn insert_by_partition<M, D>(
    db: &D,
    rows: &[M],
    limits: SplitLimits,
) -> Result<SplitReport>
where
    M: Model,
    M::TableKind: InsertableTable + AllowedIn<kind::Unlogged>,
    D: Db,
{
    let mut order: Vec<Vec<&M>> = Vec::new();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for row in rows {
        let key = row.partition_key();
        // Bucket by the key's debug text, then compare keys exactly within the bucket.
        let bucket = index.entry(format!("{key:?}")).or_default();
        match bucket
            .iter()
            .copied()
            .find(|&g| order[g][0].partition_key() == key)
        {
            Some(g) => order[g].push(row),
            None => {
                bucket.push(order.len());
                order.push(vec![row]);
            }
        }
    }
    let max = limits.max_statements.max(1);
    let chunks: Vec<&[&M]> = order.iter().flat_map(|g| g.chunks(max)).collect();
    let report = SplitReport {
        rows: rows.len(),
        partitions: order.len(),
        batches: chunks.len(),
    };
    stream::iter(chunks)
        .map(|chunk| async move {
            let mut batch = Batch::unlogged(db);
            for row in chunk {
                batch = batch.add(row.insert())?;
            }
            batch.execute().await
        })
        .buffer_unordered(limits.concurrency.max(1))
        .try_collect::<Vec<()>>()
        .await?;
    Ok(report)
}
