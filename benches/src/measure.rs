//! Running operations: for a time or a count, one at a time or many in flight, and
//! interleaved comparisons of the two sides.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cql_orm::prelude::*;
use futures::TryStreamExt;

use crate::data::{BenchRow, BenchRowPartitionKey};
use crate::error::BenchError;
use crate::ops::{Bench, Op, Side};
use crate::{alloc, cpu};

/// How long a run lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Exactly this many operations.
    Ops(u64),
    /// As many operations as start before this much time has passed.
    Time(Duration),
}

/// Operations done and the time they took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Operations completed.
    pub ops: u64,
    /// Wall-clock time from the first start to the last completion.
    pub elapsed: Duration,
    /// CPU time the whole process used meanwhile (client and, in-process, node threads).
    pub cpu: Duration,
}

impl Rate {
    /// Operations per second.
    pub fn per_sec(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Process CPU time per operation, in microseconds.
    pub fn cpu_us_per_op(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.ops.max(1) as f64
    }
}

/// Runs `op` on `side` with `in_flight` concurrent requests (one tokio task each, each
/// awaiting its operation before starting the next) until the budget is spent. Operation
/// numbers start at `first`.
pub async fn run(
    bench: &Bench,
    side: Side,
    op: Op,
    in_flight: usize,
    budget: Budget,
    first: u64,
) -> Result<Rate, BenchError> {
    let next = Arc::new(AtomicU64::new(first));
    let cpu_start = cpu::process_time();
    let start = Instant::now();
    let (limit, deadline) = match budget {
        Budget::Ops(n) => (first.saturating_add(n), None),
        Budget::Time(d) => (u64::MAX, Some(start + d)),
    };
    let mut tasks = Vec::with_capacity(in_flight);
    for _ in 0..in_flight.max(1) {
        let bench = bench.clone();
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= limit {
                    break;
                }
                bench.run(side, op, i).await?;
                done += 1;
            }
            Ok::<u64, BenchError>(done)
        }));
    }
    let mut ops = 0;
    for t in tasks {
        ops += t.await??;
    }
    Ok(Rate {
        ops,
        elapsed: start.elapsed(),
        cpu: cpu::process_time().saturating_sub(cpu_start),
    })
}

/// Medians of each side over interleaved rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// cql-orm's ops/s.
    pub orm: f64,
    /// The raw driver's ops/s.
    pub raw: f64,
    /// cql-orm's process CPU time per operation (µs).
    pub orm_cpu: f64,
    /// The raw driver's process CPU time per operation (µs).
    pub raw_cpu: f64,
}

impl Comparison {
    /// cql-orm's cost per operation relative to the raw driver's (raw ops/s over cql-orm
    /// ops/s): 1.00 is no overhead, 1.05 is 5% slower.
    pub fn ratio(&self) -> f64 {
        self.raw / self.orm
    }

    /// cql-orm's CPU time per operation over the raw driver's (client and node together).
    pub fn cpu_ratio(&self) -> f64 {
        self.orm_cpu / self.raw_cpu
    }
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Compares the two sides on `op`: a warm-up of each, then `rounds` rounds of both sides in
/// alternating order (ORM first, then raw first), `round` long each; the medians are kept.
pub async fn compare(
    bench: &Bench,
    op: Op,
    in_flight: usize,
    rounds: usize,
    round: Duration,
) -> Result<Comparison, BenchError> {
    let warm = Budget::Time(round / 2);
    let mut first = 0;
    for side in [Side::Orm, Side::Raw] {
        first += run(bench, side, op, in_flight, warm, first).await?.ops;
    }
    let mut orm = Vec::with_capacity(rounds);
    let mut raw = Vec::with_capacity(rounds);
    let mut orm_cpu = Vec::with_capacity(rounds);
    let mut raw_cpu = Vec::with_capacity(rounds);
    for r in 0..rounds {
        let order = if r % 2 == 0 {
            [Side::Orm, Side::Raw]
        } else {
            [Side::Raw, Side::Orm]
        };
        for side in order {
            let rate = run(bench, side, op, in_flight, Budget::Time(round), first).await?;
            first += rate.ops;
            match side {
                Side::Orm => {
                    orm.push(rate.per_sec());
                    orm_cpu.push(rate.cpu_us_per_op());
                }
                Side::Raw => {
                    raw.push(rate.per_sec());
                    raw_cpu.push(rate.cpu_us_per_op());
                }
            }
        }
    }
    Ok(Comparison {
        orm: median(&mut orm),
        raw: median(&mut raw),
        orm_cpu: median(&mut orm_cpu),
        raw_cpu: median(&mut raw_cpu),
    })
}

/// Allocations per operation of one side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AllocsPerOp {
    /// Allocation calls per operation.
    pub allocs: f64,
    /// Bytes requested per operation.
    pub bytes: f64,
}

/// Counts the client's allocations over `n` sequential operations (after a warm-up of
/// `n / 10 + 1`). Needs [`alloc::CountingAlloc`] as the global allocator.
pub async fn allocs_per_op(
    bench: &Bench,
    side: Side,
    op: Op,
    n: u64,
) -> Result<AllocsPerOp, BenchError> {
    if !alloc::installed() {
        return Err(BenchError::Check(
            "the counting allocator is not the global allocator".into(),
        ));
    }
    run(bench, side, op, 1, Budget::Ops(n / 10 + 1), 0).await?;
    alloc::enable(true);
    let before = alloc::snapshot();
    let result = run(bench, side, op, 1, Budget::Ops(n), 0).await;
    let after = alloc::snapshot();
    alloc::enable(false);
    let rate = result?;
    let ops = rate.ops.max(1) as f64;
    Ok(AllocsPerOp {
        allocs: (after.allocs - before.allocs) as f64 / ops,
        bytes: (after.bytes - before.bytes) as f64 / ops,
    })
}

/// What streaming one partition through `Select::stream` cost the client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamRun {
    /// Rows read.
    pub rows: u64,
    /// The client's heap high-water mark above its level when the stream started, in bytes.
    pub peak_bytes: i64,
    /// Time from the request to the last row.
    pub elapsed: Duration,
}

/// Streams partition `part` through cql-orm's `Select::stream`, counting rows and tracking
/// the client's heap. Needs [`alloc::CountingAlloc`] as the global allocator.
pub async fn stream_partition(bench: &Bench, part: i64) -> Result<StreamRun, BenchError> {
    if !alloc::installed() {
        return Err(BenchError::Check(
            "the counting allocator is not the global allocator".into(),
        ));
    }
    alloc::enable(true);
    alloc::reset_peak();
    let base = alloc::snapshot().live;
    let start = Instant::now();
    let result = async {
        let mut stream = BenchRow::select()
            .partition(BenchRowPartitionKey { part })
            .stream(&bench.ks)
            .await?;
        let mut rows = 0u64;
        let mut last = -1;
        while let Some(row) = stream.try_next().await? {
            if row.seq != last + 1 {
                return Err(BenchError::Check(format!(
                    "row {} followed row {last} in the stream",
                    row.seq
                )));
            }
            last = row.seq;
            rows += 1;
        }
        Ok(rows)
    }
    .await;
    let elapsed = start.elapsed();
    let peak = alloc::snapshot().peak - base;
    alloc::enable(false);
    Ok(StreamRun {
        rows: result?,
        peak_bytes: peak,
        elapsed,
    })
}
