//! Shared harness for the workspace's integration tests.
//!
//! Every integration test of the workspace (ORM tests, driver-level tests of the embedded
//! node, the conformance runner) finds its CQL node through this crate:
//!
//! * By default an **embedded node** ([`cql_orm_embedded::Server`]) is started once per test
//!   process, on its own background thread with its own tokio runtime, so it outlives the
//!   runtime of every `#[tokio::test]` and is shared by all tests of that process.
//! * When the environment variable [`NODES_ENV`] (`CQL_ORM_TEST_NODES=host:port[,host:port]`)
//!   is set, the tests talk to that cluster instead and no embedded node is started.
//!
//! Each test should own its data: [`fresh_keyspace`] creates a uniquely named keyspace
//! (SimpleStrategy, replication factor 1) and [`TestKeyspace::drop`] removes it again.
//!
//! ```no_run
//! # async fn demo() -> Result<(), cql_orm_tests::HarnessError> {
//! let session = cql_orm_tests::connect().await?;
//! let ks = cql_orm_tests::fresh_keyspace(&session, "users").await?;
//! session
//!     .query_unpaged(format!("CREATE TABLE {} (k int PRIMARY KEY, v text)", ks.table("t")), &[])
//!     .await?;
//! // ... the test itself ...
//! ks.drop(&session).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Test targets of this package
//!
//! The package root is the workspace's `tests/` folder, so Cargo discovers integration
//! tests in `tests/tests/*.rs` by itself; files placed directly in `tests/` (such as
//! `conformance.rs` and `embedded_*.rs`) are declared as `[[test]]` targets in
//! `tests/Cargo.toml`.
//!
//! * `conformance` (`harness = false`, libtest-mimic): every recorded Cassandra 4.0.7
//!   scenario of `conformance/cases/<area>/<name>.json` is one test named `<area>::<name>`;
//!   `cargo test -p cql-orm-tests --test conformance -- sel_clustering` runs one.
//! * `conformance_units`: the runner's value conversions and comparison rules.
//! * `embedded_driver`, `embedded_concurrency`, `embedded_binary`: driver-level acceptance
//!   of the embedded node and of the `cql-embedded` binary.
//!
//! Every test process shares one embedded node; tests run in parallel, so each test must
//! work in its own keyspace.

#[path = "support/error.rs"]
mod error;
#[path = "support/keyspace.rs"]
mod keyspace;
#[path = "support/node.rs"]
mod node;
#[path = "support/session.rs"]
mod session;

pub use error::HarnessError;
pub use keyspace::{fresh_keyspace, TestKeyspace};
pub use node::{node_addresses, NodeSource, NODES_ENV};
pub use session::{connect, session_builder};
