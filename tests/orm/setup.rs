//! Session and keyspace set-up shared by the ORM integration tests (included with `#[path]`).
#![allow(dead_code)]

use cql_orm::{Keyspace, Schema, Session};
use cql_orm_tests::TestKeyspace;

/// A cql-orm session over the harness node, a fresh keyspace with `schema` created in it,
/// and a handle on that keyspace.
pub async fn setup(prefix: &str, schema: Schema) -> (Session, TestKeyspace, Keyspace) {
    let driver = cql_orm_tests::connect()
        .await
        .expect("connect to the test node");
    let ks = cql_orm_tests::fresh_keyspace(&driver, prefix)
        .await
        .expect("create a keyspace");
    let db = Session::from_scylla(driver);
    schema
        .create_all(&db, ks.name())
        .await
        .expect("create the schema");
    let handle = db.keyspace(ks.name());
    (db, ks, handle)
}
