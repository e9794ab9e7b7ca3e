//! The library half of the cql-orm examples.
//!
//! Each runnable example (`cargo run -p cql-orm-examples --example <name>`) is a thin `main`
//! that starts an in-process embedded CQL node and calls into this library, so that the
//! package's tests run exactly the same logic against the test node:
//!
//! | example | library module | what it shows |
//! |---|---|---|
//! | `quickstart` | [`user_events`] | a model, its DDL, inserts, partition reads, LWT, indexes |
//! | `user_types` | [`contacts`] | nested UDTs, UDTs in collections, optional and renamed fields |
//! | `counters` | [`page_views`] | counter increments, decrements and counter batches |
//! | `time_series` | [`sensor_log`] | timeuuid time ranges, newest first, TTLs, a static column |
//! | `web_axum` | [`web`] | an axum JSON service with cursor paging over a model |

pub mod check;
pub mod contacts;
pub mod error;
pub mod page_views;
pub mod sensor_log;
pub mod user_events;
pub mod web;

pub use error::ExampleError;
