//! Shared set-up of the migrator's integration tests (included with `#[path]`): a pooled
//! session to the node under test (an embedded node started once per test process, or the
//! cluster in `CQL_ORM_TEST_NODES`) and uniquely named keyspaces.
#![allow(dead_code)]

use std::time::Duration;

use cql_orm::Session;
use cql_orm_migrate::lease::LeaseConfig;

/// A session to the node under test, made the way `cql-migrate` makes one (the driver's
/// own schema metadata off: the migrator reads `system_schema` itself).
pub async fn session() -> Session {
    let nodes = cql_orm_tests::node_addresses().expect("a node to test against");
    cql_orm_migrate::connect::connect(&cql_orm_migrate::connect::ConnectOptions {
        nodes,
        ..Default::default()
    })
    .await
    .expect("connect to the node")
}

/// A new, empty keyspace (SimpleStrategy, replication factor 1).
pub async fn fresh_keyspace(session: &Session, prefix: &str) -> String {
    cql_orm_tests::fresh_keyspace(session.scylla(), prefix)
        .await
        .expect("create a keyspace")
        .name()
        .to_owned()
}

/// A keyspace name nobody uses yet (the keyspace is not created).
pub fn unique_name(prefix: &str) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{}", &random[..10])
}

/// Drops a keyspace.
pub async fn drop_keyspace(session: &Session, name: &str) {
    session
        .execute_raw(&format!("DROP KEYSPACE IF EXISTS {name}"))
        .await
        .expect("drop the keyspace");
}

/// Lease timings short enough for tests that wait on one another.
pub fn quick_lease() -> LeaseConfig {
    LeaseConfig {
        ttl: Duration::from_secs(10),
        renew_every: Duration::from_secs(2),
        wait: Duration::from_secs(60),
        retry_every: Duration::from_millis(50),
    }
}
