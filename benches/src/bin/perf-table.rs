//! `perf-table`: cql-orm against the raw driver, and the embedded node's throughput, in one
//! process against one embedded node, printed as one markdown table.
//!
//! ```text
//! perf-table [--rounds 10] [--round-ms 300] [--stream-rows 100000,300000,1000000]
//! perf-table prepare --node 127.0.0.1:9042
//! perf-table client --node 127.0.0.1:9042 --side orm --op insert --ops 1000
//! ```
//!
//! `prepare` and `client` drive a node in another process (the `cql-embedded` binary); they
//! exist for `benches/callgrind.sh`, which counts the client's instructions per operation.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use cql_orm_benches::alloc::CountingAlloc;
use cql_orm_benches::measure::{self, Budget};
use cql_orm_benches::node::Node;
use cql_orm_benches::report::{self, Figures};
use cql_orm_benches::{Bench, BenchError, Op, Side};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Benchmarks of cql-orm against hand-written prepared statements on the scylla driver.
#[derive(Debug, Parser)]
#[command(name = "perf-table", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    table: TableArgs,
}

#[derive(Debug, Args)]
struct TableArgs {
    /// Rounds per side and operation (each side's median is reported).
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// Length of one round, in milliseconds.
    #[arg(long, default_value_t = 300)]
    round_ms: u64,
    /// Sizes of the partitions streamed through `Select::stream`.
    #[arg(long, value_delimiter = ',', default_values_t = [100_000, 300_000, 1_000_000])]
    stream_rows: Vec<i32>,
    /// Worker threads of the embedded node's runtime.
    #[arg(long, default_value_t = 2)]
    node_workers: usize,
    /// Worker threads of the client's runtime.
    #[arg(long, default_value_t = 2)]
    client_workers: usize,
    /// Only these operations (default: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    ops: Vec<Op>,
    /// Rounds per level of the embedded node's scaling rows (the median is reported).
    #[arg(long, default_value_t = 5)]
    node_rounds: usize,
    /// Skip the embedded node's scaling rows.
    #[arg(long)]
    no_node: bool,
    /// Skip the streamed partitions.
    #[arg(long)]
    no_stream: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Creates the table and loads the rows on a node running elsewhere.
    Prepare {
        /// The node's address.
        #[arg(long)]
        node: SocketAddr,
    },
    /// Runs operations of one kind on one side against a node running elsewhere, one at a
    /// time, on a current-thread runtime (for callgrind).
    Client {
        /// The node's address.
        #[arg(long)]
        node: SocketAddr,
        /// Which client.
        #[arg(long, value_enum)]
        side: Side,
        /// Which operation.
        #[arg(long, value_enum)]
        op: Op,
        /// Operations measured.
        #[arg(long, default_value_t = 1000)]
        ops: u64,
        /// Operations run first (they prepare and warm the caches).
        #[arg(long, default_value_t = 20)]
        warmup: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("perf-table: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), BenchError> {
    match cli.command {
        None => {
            let node = Node::start(cli.table.node_workers)?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(cli.table.client_workers.max(1))
                .enable_all()
                .build()?;
            let out = runtime.block_on(table(node.addr(), &cli.table))?;
            drop(runtime);
            drop(node);
            println!("{out}");
            Ok(())
        }
        Some(Command::Prepare { node }) => current_thread()?.block_on(async {
            let bench = Bench::connect(node).await?;
            bench.load().await
        }),
        Some(Command::Client {
            node,
            side,
            op,
            ops,
            warmup,
        }) => current_thread()?.block_on(async {
            let bench = Bench::connect(node).await?;
            measure::run(&bench, side, op, 1, Budget::Ops(warmup), 0).await?;
            let rate = measure::run(&bench, side, op, 1, Budget::Ops(ops), warmup).await?;
            eprintln!("{side} {op}: {} ops in {:?}", rate.ops, rate.elapsed);
            Ok(())
        }),
    }
}

fn current_thread() -> Result<tokio::runtime::Runtime, BenchError> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

async fn table(addr: SocketAddr, args: &TableArgs) -> Result<String, BenchError> {
    let round = Duration::from_millis(args.round_ms);
    let ops: Vec<Op> = if args.ops.is_empty() {
        Op::ALL.to_vec()
    } else {
        args.ops.clone()
    };
    let bench = Bench::connect(addr).await?;
    eprintln!("loading rows");
    bench.load().await?;
    let mut figures = Figures {
        machine: report::machine(),
        ..Figures::default()
    };
    for &in_flight in &[1usize, 64] {
        for &op in &ops {
            let c = measure::compare(&bench, op, in_flight, args.rounds, round).await?;
            eprintln!(
                "{op}, {in_flight} in flight: orm {:.0}/s raw {:.0}/s ratio {:.3}, \
                 CPU {:.1}/{:.1} µs ratio {:.3}",
                c.orm,
                c.raw,
                c.ratio(),
                c.orm_cpu,
                c.raw_cpu,
                c.cpu_ratio()
            );
            figures.comparisons.push((op, in_flight, c));
        }
    }
    if !args.no_node {
        for op in [Op::Insert, Op::Get] {
            for in_flight in [1usize, 2, 4, 8, 16, 32, 64] {
                measure::run(&bench, Side::Raw, op, in_flight, Budget::Time(round / 2), 0).await?;
                let mut rates = Vec::with_capacity(args.node_rounds);
                let mut cpu = Vec::with_capacity(args.node_rounds);
                for _ in 0..args.node_rounds.max(1) {
                    let r = measure::run(&bench, Side::Raw, op, in_flight, Budget::Time(round), 0)
                        .await?;
                    rates.push(r.per_sec());
                    cpu.push(r.cpu_us_per_op());
                }
                let rate = measure::median(&mut rates);
                let cpu = measure::median(&mut cpu);
                eprintln!("node {op}, {in_flight} in flight: {rate:.0}/s, {cpu:.1} µs CPU/op");
                figures.node.push((op, in_flight, rate, cpu));
            }
        }
    }
    for &op in &ops {
        let n = match op {
            Op::Scan | Op::Batch => 200,
            _ => 2_000,
        };
        let orm = measure::allocs_per_op(&bench, Side::Orm, op, n).await?;
        let raw = measure::allocs_per_op(&bench, Side::Raw, op, n).await?;
        eprintln!("allocations, {op}: orm {orm:?} raw {raw:?}");
        figures.allocs.push((op, orm, raw));
    }
    let streams: &[i32] = if args.no_stream {
        &[]
    } else {
        &args.stream_rows
    };
    for (i, &rows) in streams.iter().enumerate() {
        let part = -1 - i as i64;
        eprintln!("loading a partition of {rows} rows");
        bench.load_stream_partition(part, rows).await?;
        let run = measure::stream_partition(&bench, part).await?;
        if run.rows != rows as u64 {
            return Err(BenchError::Check(format!(
                "streamed {} rows of {rows}",
                run.rows
            )));
        }
        eprintln!("streamed {run:?}");
        figures.streams.push(run);
    }
    Ok(report::render(&figures))
}
