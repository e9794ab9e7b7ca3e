//! Schema statements against the embedded node: keyspace strategies, every CQL type,
//! composite keys, clustering order, statics, counters, table options, ALTER TABLE, user
//! types, secondary indexes, TRUNCATE, USE and IF [NOT] EXISTS, with Cassandra 4.0's
//! errors.

#[path = "embedded_support.rs"]
mod support;

use support::{Db, ALREADY_EXISTS, CONFIG, INVALID, SYNTAX};

#[path = "embedded_ddl/changes.rs"]
mod changes;
#[path = "embedded_ddl/tables.rs"]
mod tables;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyspace_replication_is_validated() {
    let db = Db::new("ddl_ks").await;
    let name = format!("{}_x", db.ks());
    let create =
        |replication: &str| format!("CREATE KEYSPACE {name} WITH replication = {{{replication}}}");
    assert_eq!(
        db.err(&create("'class': 'SimpleStrategy'")).await,
        (
            CONFIG,
            "SimpleStrategy requires a replication_factor strategy option.".into()
        )
    );
    assert_eq!(
        db.err(&create("'class': 'NetworkTopologyStrategy', 'dc2': 1"))
            .await,
        (
            CONFIG,
            format!("Unrecognized strategy option {{dc2}} passed to NetworkTopologyStrategy for keyspace {name}")
        )
    );
    assert_eq!(
        db.err(&create("'class': 'NoSuchStrategy', 'replication_factor': 1"))
            .await,
        (
            CONFIG,
            "Unable to find replication strategy class 'org.apache.cassandra.locator.NoSuchStrategy'"
                .into()
        )
    );
    let long = "k".repeat(49);
    assert_eq!(
        db.err(&format!("CREATE KEYSPACE {long} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"))
            .await,
        (
            CONFIG,
            format!("Keyspace name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{long}\")")
        )
    );

    // A full class name and NetworkTopologyStrategy on this node's datacenter are fine.
    db.ok(&create(
        "'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': 1",
    ))
    .await;
    let existing = db
        .run(&create(
            "'class': 'SimpleStrategy', 'replication_factor': 1",
        ))
        .await;
    let e = existing.expect_err("the keyspace exists");
    assert_eq!(e.code, ALREADY_EXISTS);
    assert_eq!(
        e.message,
        format!("Cannot add existing keyspace \"{name}\"")
    );
    match e.db {
        scylla::errors::DbError::AlreadyExists { keyspace, table } => {
            assert_eq!((keyspace.as_str(), table.as_str()), (name.as_str(), ""));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        db.err(&format!("DROP KEYSPACE {name}_missing")).await,
        (INVALID, format!("Keyspace '{name}_missing' doesn't exist"))
    );
    assert_eq!(
        db.err(&format!(
            "ALTER KEYSPACE {name}_missing WITH durable_writes = false"
        ))
        .await,
        (INVALID, format!("Keyspace '{name}_missing' doesn't exist"))
    );
    // IF EXISTS on ALTER statements only arrived in Cassandra 4.1.
    assert_eq!(
        db.err(&format!(
            "ALTER KEYSPACE IF EXISTS {name} WITH durable_writes = false"
        ))
        .await
        .0,
        SYNTAX
    );
    db.ok(&format!("DROP KEYSPACE {name}")).await;
    db.drop().await;
}
