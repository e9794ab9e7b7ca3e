//! `system.local.schema_version` changes with every schema change and with nothing else.
//!
//! The schema version is node-wide, so this target holds a single test: no other test of
//! the process changes the schema while it watches the version.

#[path = "embedded_support.rs"]
mod support;

use support::Db;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_version_changes_on_every_schema_change_and_only_then() {
    let db = Db::new("version").await;
    let ks = db.ks().to_owned();
    let mut seen = vec![db.schema_version().await];
    for ddl in [
        "CREATE TABLE t (k int PRIMARY KEY, v int)".to_owned(),
        "ALTER TABLE t ADD w text".to_owned(),
        "ALTER TABLE t WITH comment = 'versioned'".to_owned(),
        "CREATE TYPE ty (a int)".to_owned(),
        "ALTER TYPE ty ADD b text".to_owned(),
        "ALTER TYPE ty RENAME b TO c".to_owned(),
        "CREATE INDEX ON t (v)".to_owned(),
        "DROP INDEX t_v_idx".to_owned(),
        "ALTER TABLE t DROP w".to_owned(),
        "ALTER TABLE t RENAME k TO k2".to_owned(),
        "DROP TABLE t".to_owned(),
        "DROP TYPE ty".to_owned(),
        format!("ALTER KEYSPACE {ks} WITH durable_writes = false"),
        format!("CREATE KEYSPACE {ks}_2 WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"),
        format!("DROP KEYSPACE {ks}_2"),
        "CREATE TABLE u (k int PRIMARY KEY, v int)".to_owned(),
        "CREATE TYPE ty2 (a int)".to_owned(),
    ] {
        db.ok(&ddl).await;
        let v = db.schema_version().await;
        assert!(!seen.contains(&v), "{ddl} kept schema_version {v}");
        seen.push(v);
    }

    // Writes, reads, TRUNCATE, refused DDL and DDL that changes nothing keep the version.
    let version = db.schema_version().await;
    for cql in [
        "INSERT INTO u (k, v) VALUES (1, 1)".to_owned(),
        "UPDATE u SET v = 2 WHERE k = 1".to_owned(),
        "SELECT * FROM u".to_owned(),
        "DELETE FROM u WHERE k = 1".to_owned(),
        "TRUNCATE u".to_owned(),
        "CREATE TABLE IF NOT EXISTS u (k int PRIMARY KEY)".to_owned(),
        format!("CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"),
        "CREATE TYPE IF NOT EXISTS ty2 (b text)".to_owned(),
        "DROP TABLE IF EXISTS nope".to_owned(),
        "DROP TYPE IF EXISTS nope".to_owned(),
        "DROP INDEX IF EXISTS nope".to_owned(),
        format!("DROP KEYSPACE IF EXISTS {ks}_nope"),
    ] {
        db.ok(&cql).await;
        assert_eq!(db.schema_version().await, version, "{cql}");
    }
    for refused in [
        "CREATE TABLE u (k int PRIMARY KEY)",
        "ALTER TABLE u ADD v int",
        "DROP TABLE nope",
        "CREATE TYPE ty2 (a int)",
    ] {
        let _ = db.err(refused).await;
        assert_eq!(db.schema_version().await, version, "{refused}");
    }
    // The version the driver agrees on is the one system.local reports.
    let agreed = db
        .session
        .check_schema_agreement()
        .await
        .expect("schema agreement check");
    assert_eq!(
        agreed.map(|v| v.to_string()),
        Some(db.schema_version().await)
    );
    db.drop().await;
}
