//! The TCP server: accepts connections on loopback and serves native protocol v4 requests.
//!
//! One task accepts connections; each connection gets a reader task (frame decoding, the
//! connection state machine) and a writer task (responses written as they complete, batched
//! into as few socket writes as possible). QUERY, PREPARE, EXECUTE and BATCH requests run
//! concurrently, each in its own task, up to [`MAX_IN_FLIGHT_PER_CONNECTION`] per connection;
//! the engine is called synchronously from that task and no lock is held across socket I/O.

mod auth;
mod connection;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::engine::{Engine, EngineConfig};

/// How many requests of one connection may be executing at once; further frames wait in the
/// socket until one completes.
pub const MAX_IN_FLIGHT_PER_CONNECTION: usize = 2048;

/// How to start a [`Server`].
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// The port to bind on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// When set, clients must authenticate with this user name and password
    /// (PasswordAuthenticator).
    pub credentials: Option<(String, String)>,
}

/// What every connection of a server shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) engine: Arc<Engine>,
    pub(crate) credentials: Option<(String, String)>,
}

/// A running embedded node. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    engine: Arc<Engine>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 and starts serving in the background on the current tokio runtime.
    pub async fn start(config: ServerConfig) -> std::io::Result<Server> {
        let engine = Arc::new(Engine::new(EngineConfig::default()));
        Server::start_with_engine(config, engine).await
    }

    /// Like [`Server::start`], serving an engine the caller already holds (for instance to
    /// inspect it directly, or to serve one node on several ports).
    pub async fn start_with_engine(
        config: ServerConfig,
        engine: Arc<Engine>,
    ) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            engine: Arc::clone(&engine),
            credentials: config.credentials,
        });
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, shared, stopped));
        tracing::info!(%addr, "embedded CQL node listening");
        Ok(Server {
            addr,
            engine,
            stop,
            task: Some(task),
        })
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The engine this server serves.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Stops accepting connections, closes the open ones and waits until they are gone.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The accept loop and every connection watch this flag (and the sender's drop).
        let _ = self.stop.send(true);
    }
}

/// Resolves once `stopped` says the server is stopping (or its sender is gone).
pub(crate) async fn stopping(stopped: &mut watch::Receiver<bool>) {
    while !*stopped.borrow_and_update() {
        if stopped.changed().await.is_err() {
            return;
        }
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stopping(&mut stopped) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    if let Err(e) = stream.set_nodelay(true) {
                        tracing::debug!(%peer, error = %e, "could not set TCP_NODELAY");
                    }
                    tracing::debug!(%peer, "connection accepted");
                    connections.spawn(connection::serve(
                        stream,
                        Arc::clone(&shared),
                        stopped.clone(),
                    ));
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait a little and go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
    tracing::info!("embedded CQL node stopped");
}
