//! [`SessionBuilder`]: the driver's builder plus cql-orm's own settings.

use std::sync::Arc;

use super::{Configure, Session, StatementOptions, DEFAULT_CACHE_CAPACITY};
use crate::error::Result;

/// Builds a [`Session`]. Driver settings (authentication, TLS, policies, pool size...) pass
/// through [`SessionBuilder::driver`] untouched.
pub struct SessionBuilder {
    driver: scylla::client::session_builder::SessionBuilder,
    capacity: usize,
    defaults: StatementOptions,
    keyspace: Option<Arc<str>>,
}

impl std::fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("capacity", &self.capacity)
            .field("defaults", &self.defaults)
            .field("keyspace", &self.keyspace)
            .finish_non_exhaustive()
    }
}

impl Default for SessionBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SessionBuilder {
    /// A builder with no contact points.
    pub fn new() -> Self {
        SessionBuilder {
            driver: scylla::client::session_builder::SessionBuilder::new(),
            capacity: DEFAULT_CACHE_CAPACITY,
            defaults: StatementOptions::default(),
            keyspace: None,
        }
    }

    /// Adds a contact point (`"host:port"`).
    pub fn known_node(mut self, node: impl AsRef<str>) -> Self {
        self.driver = self.driver.known_node(node);
        self
    }

    /// Adds contact points.
    pub fn known_nodes<I, S>(mut self, nodes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for n in nodes {
            self.driver = self.driver.known_node(n);
        }
        self
    }

    /// Authenticates with a user name and password (PasswordAuthenticator).
    pub fn user(mut self, name: impl Into<String>, password: impl Into<String>) -> Self {
        self.driver = self.driver.user(name, password);
        self
    }

    /// Any other driver setting: `builder.driver(|b| b.tls_context(Some(ctx)))`.
    pub fn driver(
        mut self,
        f: impl FnOnce(
            scylla::client::session_builder::SessionBuilder,
        ) -> scylla::client::session_builder::SessionBuilder,
    ) -> Self {
        self.driver = f(self.driver);
        self
    }

    /// How many prepared statements to keep (least recently used ones are dropped).
    pub fn statement_cache_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }

    /// The keyspace used for models without `#[cql(keyspace)]` when the statement runs through
    /// the session itself (statement texts are qualified; no `USE` is sent).
    pub fn default_keyspace(mut self, keyspace: impl Into<String>) -> Self {
        self.keyspace = Some(Arc::from(keyspace.into()));
        self
    }

    /// Connects.
    pub async fn build(self) -> Result<Session> {
        let driver = self.driver.build().await?;
        Ok(Session::from_parts(
            driver,
            self.capacity,
            self.defaults,
            self.keyspace,
        ))
    }
}

impl Configure for SessionBuilder {
    fn options_mut(&mut self) -> &mut StatementOptions {
        &mut self.defaults
    }
}
