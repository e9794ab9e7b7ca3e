//! Benchmarks of cql-orm against hand-written prepared statements on the raw `scylla` driver,
//! and of the embedded node's throughput.
//!
//! Everything runs against one [`cql_orm_embedded::Server`] started on its own threads
//! ([`node::Node`]), so that the client's allocations can be told apart from the server's
//! ([`alloc`]). Each benchmarked operation ([`ops::Op`]) exists twice, once through cql-orm's
//! derive and builders and once through prepared statements on the driver with its own
//! `SerializeRow` / `DeserializeRow` derives, on the same statements and the same data
//! ([`ops::Bench`]).
//!
//! * `cargo run --release -p cql-orm-benches --bin perf-table` prints the whole comparison as
//!   one markdown table ([`report`]);
//! * `cargo bench -p cql-orm-benches` runs the criterion benches;
//! * `benches/callgrind.sh` counts client instructions per operation under valgrind.

pub mod alloc;
pub mod cpu;
pub mod data;
pub mod error;
pub mod local;
pub mod measure;
pub mod node;
pub mod ops;
pub mod raw;
pub mod report;

pub use error::BenchError;
pub use ops::{Bench, Op, Side};
