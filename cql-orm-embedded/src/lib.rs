//! An in-memory, single-node CQL server that speaks native protocol v4 and behaves like
//! Apache Cassandra 4.0: the default backend for cql-orm's tests and examples.

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
