//! cql-orm: a compile-time checked object mapper for Apache Cassandra and ScyllaDB, on the
//! `scylla` driver and tokio.
//!
//! Structs carry `#[derive(Model)]` (tables) or `#[derive(UserType)]` (user-defined types);
//! the derive implements [`Model`] / [`UserType`] and generates key structs and a module of
//! typed columns. Statements are built from those and checked by the compiler against
//! Cassandra's rules (see [`query`]), then run through a [`Session`] that prepares each
//! statement once.
//!
//! ```no_run
//! use cql_orm::prelude::*;
//! # async fn demo(db: &cql_orm::Session) -> cql_orm::Result<()> {
//! let stats = db.cache_stats();
//! println!("{} prepared statements", stats.len);
//! let ks = db.keyspace("tenant_42");
//! cql_orm::Schema::new().create_all(&ks, "tenant_42").await?;
//! # Ok(()) }
//! ```

// Lets the derive's `::cql_orm::...` paths resolve inside this crate's own tests.
#[cfg(test)]
extern crate self as cql_orm;

pub mod column;
pub mod error;
pub mod model;
pub mod query;
pub mod schema;
pub mod session;
pub mod types;

#[cfg(test)]
mod tests;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use column::ColumnExt;
pub use error::{Error, Result};
pub use model::{Model, UserType};
pub use query::{Batch, Cursor, LwtResult, Page, RejectedRow};
pub use schema::{Schema, Verify};
/// The server's error codes, as [`Error::db_error`] returns them.
pub use scylla::errors::DbError;
pub use session::{CacheStats, Configure, Db, Keyspace, Session, SessionBuilder, StatementOptions};
pub use types::{Counter, CqlDuration, CqlType, CqlTyped, Frozen, NativeType, Timeuuid};

/// The derive macros (same names as the traits they implement).
#[allow(unused_imports)]
pub use cql_orm_derive::*;

/// The driver's consistency levels, for [`Configure::consistency`].
pub use scylla::statement::{Consistency, SerialConsistency};

/// Everything an application needs in scope: the traits with methods used on models, columns,
/// builders and sessions.
pub mod prelude {
    pub use crate::column::ColumnExt as _;
    pub use crate::model::Model;
    pub use crate::schema::Verify as _;
    pub use crate::session::Configure as _;
    pub use crate::{Batch, Cursor, LwtResult, Page, Schema, Session};
}
