//! An embedded node, a client runtime and a loaded [`Bench`], for the criterion benches and
//! the tests.

use std::time::Duration;

use crate::error::BenchError;
use crate::measure::{self, Budget};
use crate::node::Node;
use crate::ops::{Bench, Op, Side};

/// A node on its own threads plus a client runtime connected to it with the rows loaded.
/// Fields drop in declaration order: the client before the node.
#[derive(Debug)]
pub struct Local {
    /// The connected client.
    pub bench: Bench,
    /// The client's runtime (drive [`Local::bench`] with `runtime.block_on`).
    pub runtime: tokio::runtime::Runtime,
    /// The embedded node.
    pub node: Node,
}

impl Local {
    /// Starts a node with `node_workers` threads, a multi-threaded client runtime with
    /// `client_workers` threads, connects and loads the rows.
    pub fn start(node_workers: usize, client_workers: usize) -> Result<Local, BenchError> {
        let node = Node::start(node_workers)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(client_workers.max(1))
            .enable_all()
            .build()?;
        let bench = runtime.block_on(async {
            let bench = Bench::connect(node.addr()).await?;
            bench.load().await?;
            Ok::<_, BenchError>(bench)
        })?;
        Ok(Local {
            bench,
            runtime,
            node,
        })
    }

    /// [`Local::start`] for a criterion bench: a failure ends the process with `label` and
    /// the error (criterion has no way to report one).
    pub fn start_or_exit(label: &str, node_workers: usize, client_workers: usize) -> Local {
        Local::start(node_workers, client_workers).unwrap_or_else(|e| {
            eprintln!("{label}: {e}");
            std::process::exit(1)
        })
    }

    /// For criterion's `iter_custom`: the time `iters` operations take, numbered from
    /// `*first` on (advanced past them). A failure ends the process with `label` and the error.
    pub fn timed(
        &self,
        label: &str,
        (side, op, in_flight): (Side, Op, usize),
        iters: u64,
        first: &mut u64,
    ) -> Duration {
        let run = measure::run(&self.bench, side, op, in_flight, Budget::Ops(iters), *first);
        match self.runtime.block_on(run) {
            Ok(rate) => {
                *first += rate.ops;
                rate.elapsed
            }
            Err(e) => {
                eprintln!("{label}: {side} {op}: {e}");
                std::process::exit(1)
            }
        }
    }
}
