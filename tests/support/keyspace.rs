//! Uniquely named keyspaces, one per test.

use std::sync::atomic::{AtomicU32, Ordering};

use scylla::client::session::Session;

use crate::HarnessError;

/// A keyspace created for one test by [`fresh_keyspace`]. It is not dropped automatically
/// (dropping needs an async call): call [`TestKeyspace::drop`] at the end of the test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestKeyspace {
    name: String,
}

impl TestKeyspace {
    /// The keyspace name (lower case, needs no quoting).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The qualified name `keyspace.table` of a table in this keyspace.
    pub fn table(&self, table: &str) -> String {
        format!("{}.{}", self.name, table)
    }

    /// Drops the keyspace (`DROP KEYSPACE IF EXISTS`).
    pub async fn drop(self, session: &Session) -> Result<(), HarnessError> {
        session
            .query_unpaged(format!("DROP KEYSPACE IF EXISTS {}", self.name), &[])
            .await?;
        Ok(())
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Creates a keyspace named `<prefix>_<unique suffix>` with
/// `{'class': 'SimpleStrategy', 'replication_factor': 1}`.
///
/// The suffix combines a per-process counter with random bits, so parallel tests and
/// repeated runs against a real cluster never collide. `prefix` must be 1 to 24 characters
/// of `[a-z0-9_]` starting with a letter (keyspace names are limited to 48 characters).
pub async fn fresh_keyspace(session: &Session, prefix: &str) -> Result<TestKeyspace, HarnessError> {
    let name = unique_name(prefix)?;
    session
        .query_unpaged(
            format!(
                "CREATE KEYSPACE {name} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
            ),
            &[],
        )
        .await?;
    Ok(TestKeyspace { name })
}

fn unique_name(prefix: &str) -> Result<String, HarnessError> {
    let valid = !prefix.is_empty()
        && prefix.len() <= 24
        && prefix.starts_with(|c: char| c.is_ascii_lowercase())
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(HarnessError::BadPrefix(prefix.to_owned()));
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = uuid::Uuid::new_v4().simple().to_string();
    Ok(format!("{prefix}_{n}_{}", &random[..8]))
}

#[cfg(test)]
mod tests {
    use super::unique_name;

    #[test]
    fn names_are_unique_and_valid() {
        let a = unique_name("orm_users").unwrap();
        let b = unique_name("orm_users").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("orm_users_") && a.len() <= 48, "{a}");
        assert!(unique_name("Users").is_err());
        assert!(unique_name("").is_err());
        assert!(unique_name("1abc").is_err());
        assert!(unique_name(&"a".repeat(25)).is_err());
    }
}
