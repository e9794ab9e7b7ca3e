//! An embedded node, a client runtime and a loaded [`Bench`], for the criterion benches and
//! the tests.

use crate::error::BenchError;
use crate::node::Node;
use crate::ops::Bench;

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
}
