//! An in-memory, single-node CQL server that speaks native protocol v4 and behaves like
//! Apache Cassandra 4.0: the default backend for cql-orm's tests and examples.
//!
//! Nothing needs to be installed: the node keeps its schema and data in memory, listens on
//! `127.0.0.1`, and answers any CQL driver (the `scylla` Rust driver, the DataStax drivers,
//! `cqlsh`) as a one-node Cassandra 4.0.7 cluster in datacenter `datacenter1` would. What
//! Cassandra rejects it rejects with the same error code and, where known, the same message.
//!
//! # In-process
//!
//! ```no_run
//! use cql_orm_embedded::{Server, ServerConfig};
//!
//! # async fn demo() -> std::io::Result<()> {
//! // Port 0 picks a free port; `credentials` turns on password authentication.
//! let server = Server::start(ServerConfig::default()).await?;
//! let addr = server.addr(); // hand this to the driver, e.g. SessionBuilder::new().known_node_addr(addr)
//! # let _ = addr;
//! server.shutdown().await; // or just drop it
//! # Ok(())
//! # }
//! ```
//!
//! The server runs on the current tokio runtime (multi-threaded or current-thread); each
//! connection serves many concurrent stream ids.
//!
//! # As a process
//!
//! ```text
//! cargo run -p cql-orm-embedded --bin cql-embedded -- --port 9042 [--auth user:password]
//! ```
//!
//! It prints the address it listens on, logs to stderr (`RUST_LOG=debug` for more) and stops
//! cleanly on Ctrl-C.
//!
//! # Pointing clients at it
//!
//! - `cqlsh 127.0.0.1 9042 --cqlversion=3.4.5` (add `-u user -p password` with `--auth`);
//! - drivers: a contact point `127.0.0.1:<port>`, protocol v4, no compression. A driver that
//!   opens with protocol v5 receives the same "Invalid or unsupported protocol version"
//!   error Cassandra sends and retries with v4.
//!
//! # Protocol support
//!
//! Native protocol v4 only (v1, v2, v3 and v5+ are refused with the negotiation error, in a
//! frame the client can read). STARTUP (`CQL_VERSION` required; COMPRESSION refused: SUPPORTED
//! advertises none), OPTIONS, PasswordAuthenticator over SASL PLAIN, REGISTER with
//! SCHEMA_CHANGE events pushed on stream -1, QUERY / PREPARE / EXECUTE / BATCH with paging,
//! warnings, tracing ids and partition key indexes in PREPARED metadata. Frames are limited to
//! [`protocol::MAX_FRAME_SIZE`] (256 MiB).
//!
//! # Scope and tests
//!
//! `SCOPE.md` beside this crate's manifest lists every item of the node's scope with the
//! tests that show it; `fuzz/README.md` describes the cargo-fuzz targets.

pub mod cql;
pub mod engine;
pub mod error;
pub mod protocol;
pub mod server;
pub mod types;
pub mod value;
pub mod values;

pub use error::{CqlError, CqlResult, ErrorCode};
pub use server::{Server, ServerConfig};
