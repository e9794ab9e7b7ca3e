//! Where the CQL node under test is: an embedded node started once per process, or the
//! cluster named by `CQL_ORM_TEST_NODES`.

use std::net::SocketAddr;
use std::sync::OnceLock;

use cql_orm_embedded::{Server, ServerConfig};

use crate::HarnessError;

/// The environment variable naming a real cluster: `host:port[,host:port]`.
pub const NODES_ENV: &str = "CQL_ORM_TEST_NODES";

/// Where the node addresses of this test process come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeSource {
    /// The embedded node started by this process, listening on this address.
    Embedded(SocketAddr),
    /// The cluster named by [`NODES_ENV`].
    External(Vec<String>),
}

impl NodeSource {
    /// The contact points as `host:port` strings.
    pub fn addresses(&self) -> Vec<String> {
        match self {
            NodeSource::Embedded(addr) => vec![addr.to_string()],
            NodeSource::External(nodes) => nodes.clone(),
        }
    }

    /// Whether the tests run against the embedded node.
    pub fn is_embedded(&self) -> bool {
        matches!(self, NodeSource::Embedded(_))
    }
}

static SOURCE: OnceLock<Result<NodeSource, String>> = OnceLock::new();

/// The node(s) of this test process. The first call starts the embedded node unless
/// [`NODES_ENV`] is set; later calls return the same answer.
pub fn node_source() -> Result<NodeSource, HarnessError> {
    SOURCE
        .get_or_init(resolve)
        .clone()
        .map_err(HarnessError::EmbeddedStart)
        .and_then(|source| match source {
            NodeSource::External(ref nodes) if nodes.is_empty() => Err(
                HarnessError::BadNodesVariable(std::env::var(NODES_ENV).unwrap_or_default()),
            ),
            source => Ok(source),
        })
}

/// The contact points of the node(s) under test as `host:port` strings: the embedded node
/// (started on first use) or the addresses in [`NODES_ENV`].
pub fn node_addresses() -> Result<Vec<String>, HarnessError> {
    node_source().map(|source| source.addresses())
}

fn resolve() -> Result<NodeSource, String> {
    match std::env::var(NODES_ENV) {
        Ok(value) if !value.trim().is_empty() => Ok(NodeSource::External(parse_nodes(&value))),
        _ => start_embedded().map(NodeSource::Embedded),
    }
}

/// Splits `host:port[,host:port]`; entries without a port are dropped (an empty result
/// is reported as [`HarnessError::BadNodesVariable`]).
fn parse_nodes(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|node| {
            node.rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok())
        })
        .map(str::to_owned)
        .collect()
}

/// Starts the embedded node on a thread of its own that runs its own tokio runtime for the
/// rest of the process, and returns the address it listens on.
fn start_embedded() -> Result<SocketAddr, String> {
    let (tx, rx) = std::sync::mpsc::channel::<Result<SocketAddr, String>>();
    std::thread::Builder::new()
        .name("cql-embedded-node".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("cql-embedded-worker")
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    let _ = tx.send(Err(format!("tokio runtime: {e}")));
                    return;
                }
            };
            runtime.block_on(async move {
                match Server::start(ServerConfig::default()).await {
                    Ok(server) => {
                        let _ = tx.send(Ok(server.addr()));
                        // Keep the server (and this runtime) alive until the process exits.
                        let _serving = server;
                        std::future::pending::<()>().await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                    }
                }
            });
        })
        .map_err(|e| format!("spawning the node thread: {e}"))?;
    rx.recv()
        .map_err(|_| "the node thread ended before reporting its address".to_owned())?
}

#[cfg(test)]
mod tests {
    use super::parse_nodes;

    #[test]
    fn parses_node_lists() {
        assert_eq!(
            parse_nodes("10.0.0.1:9042, node2:19042"),
            vec!["10.0.0.1:9042", "node2:19042"]
        );
        assert_eq!(parse_nodes("[::1]:9042"), vec!["[::1]:9042"]);
        assert!(parse_nodes("nohost,:9042,h:notaport").is_empty());
    }
}
