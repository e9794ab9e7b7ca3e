//! Connecting: contact points, authentication, TLS and timeouts, giving a pooled
//! [`cql_orm::Session`].

#[cfg(feature = "tls")]
mod tls;

use std::path::PathBuf;
use std::time::Duration;

use cql_orm::Session;

use crate::error::{Error, Result};

/// The default port of a contact point given without one.
pub const DEFAULT_PORT: u16 = 9042;

/// TLS settings (rustls).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    /// PEM file of the certificate authorities that sign the nodes' certificates.
    pub ca: Option<PathBuf>,
    /// PEM file of a client certificate (for nodes that require client authentication).
    pub cert: Option<PathBuf>,
    /// PEM file of the client certificate's private key.
    pub key: Option<PathBuf>,
}

/// How to reach the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Contact points, `host:port` (`host` alone means port 9042).
    pub nodes: Vec<String>,
    /// User name and password (PasswordAuthenticator).
    pub credentials: Option<(String, String)>,
    /// TLS, when set.
    pub tls: Option<TlsOptions>,
    /// How long to wait for a connection to open.
    pub connect_timeout: Duration,
    /// How long the driver waits for schema agreement.
    pub agreement_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            nodes: vec![format!("127.0.0.1:{DEFAULT_PORT}")],
            credentials: None,
            tls: None,
            connect_timeout: Duration::from_secs(5),
            agreement_timeout: Duration::from_secs(60),
        }
    }
}

/// `host` becomes `host:9042`; `host:port` and `[v6]:port` stay as they are.
pub fn with_default_port(node: &str) -> String {
    let node = node.trim();
    let has_port = if let Some(rest) = node.strip_prefix('[') {
        rest.contains("]:")
    } else {
        node.matches(':').count() == 1
    };
    if has_port {
        node.to_owned()
    } else if node.contains(':') && !node.starts_with('[') {
        format!("[{node}]:{DEFAULT_PORT}")
    } else {
        format!("{node}:{DEFAULT_PORT}")
    }
}

/// Opens a session. TLS files are read before any connection is tried, so a bad path
/// fails fast with [`Error::Tls`].
pub async fn connect(options: &ConnectOptions) -> Result<Session> {
    let nodes: Vec<String> = options
        .nodes
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| with_default_port(n))
        .collect();
    if nodes.is_empty() {
        return Err(Error::Invalid(
            "no contact point: pass --nodes or set CQL_NODES".to_owned(),
        ));
    }
    #[cfg(feature = "tls")]
    let tls = options.tls.as_ref().map(tls::client_config).transpose()?;
    #[cfg(not(feature = "tls"))]
    if options.tls.is_some() {
        return Err(Error::Tls(
            "this build has no TLS support (built without the `tls` feature)".to_owned(),
        ));
    }
    let mut builder = Session::builder().known_nodes(&nodes);
    if let Some((user, password)) = &options.credentials {
        builder = builder.user(user, password);
    }
    let (connect_timeout, agreement_timeout) = (options.connect_timeout, options.agreement_timeout);
    builder = builder.driver(|d| {
        let d = d
            .connection_timeout(connect_timeout)
            .schema_agreement_timeout(agreement_timeout)
            // Schemas are read from system_schema directly (the driver's parser also
            // rejects the quoted user-type names Cassandra writes there).
            .fetch_schema_metadata(false)
            .fetch_full_schema_metadata(false);
        #[cfg(feature = "tls")]
        let d = d.tls_context(tls);
        d
    });
    tracing::debug!(?nodes, "connecting");
    builder.build().await.map_err(|source| Error::Connect {
        nodes,
        source: Box::new(source),
    })
}

#[cfg(test)]
mod tests {
    use super::with_default_port;

    #[test]
    fn default_port() {
        assert_eq!(with_default_port("db1"), "db1:9042");
        assert_eq!(with_default_port("db1:19042"), "db1:19042");
        assert_eq!(with_default_port("[::1]:9043"), "[::1]:9043");
        assert_eq!(with_default_port("::1"), "[::1]:9042");
        assert_eq!(with_default_port(" 10.0.0.1 "), "10.0.0.1:9042");
    }
}
