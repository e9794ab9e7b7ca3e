//! Keyspace handles: one pooled session, many keyspaces, no `USE`.

use std::sync::Arc;

use super::{Db, Session};

/// A [`Session`] handle whose statements use fully qualified `"keyspace"."table"` names.
/// Created by [`Session::keyspace`]; cheap to clone.
#[derive(Debug, Clone)]
pub struct Keyspace {
    session: Session,
    name: Arc<str>,
}

impl Keyspace {
    pub(crate) fn new(session: Session, name: Arc<str>) -> Self {
        Keyspace { session, name }
    }

    /// The keyspace name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Db for Keyspace {
    fn session(&self) -> &Session {
        &self.session
    }
    fn keyspace_name(&self) -> Option<&str> {
        Some(&self.name)
    }
}
