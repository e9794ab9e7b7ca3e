//! The embedded node on its own threads and tokio runtime, apart from the client's.

use std::net::SocketAddr;
use std::thread::JoinHandle;

use cql_orm_embedded::{Server, ServerConfig};
use tokio::sync::oneshot;

use crate::alloc;
use crate::error::BenchError;

/// A running embedded node; dropping it shuts the node down and joins its thread.
#[derive(Debug)]
pub struct Node {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Node {
    /// Starts `Server::start(Default::default())` on a runtime of `workers` threads whose
    /// allocations are not counted (see [`alloc::exclude_current_thread`]).
    pub fn start(workers: usize) -> Result<Node, BenchError> {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("cql-node".into())
            .spawn(move || {
                alloc::exclude_current_thread();
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(workers.max(1))
                    .thread_name("cql-node-worker")
                    .on_thread_start(alloc::exclude_current_thread)
                    .enable_all()
                    .build();
                let runtime = match runtime {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = addr_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match Server::start(ServerConfig::default()).await {
                        Ok(server) => {
                            let _ = addr_tx.send(Ok(server.addr()));
                            let _ = stop_rx.await;
                            server.shutdown().await;
                        }
                        Err(e) => {
                            let _ = addr_tx.send(Err(e));
                        }
                    }
                });
            })?;
        let addr = addr_rx
            .recv()
            .map_err(|_| std::io::Error::other("the node thread ended before listening"))??;
        Ok(Node {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// The address drivers connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
