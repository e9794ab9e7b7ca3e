//! DDL rendered from models, read back from `system_schema`, and `verify`.

#[path = "orm/models.rs"]
mod models;

use cql_orm::{Error, Schema, Verify};
use models::{Address, AllTypes, Item, PageView, Reading, UserEvent};

async fn setup(prefix: &str) -> (cql_orm::Session, cql_orm_tests::TestKeyspace) {
    let driver = cql_orm_tests::connect().await.expect("connect");
    let ks = cql_orm_tests::fresh_keyspace(&driver, prefix)
        .await
        .expect("keyspace");
    (cql_orm::Session::from_scylla(driver), ks)
}

fn schema() -> Schema {
    Schema::new()
        .user_type::<Address>()
        .model::<UserEvent>()
        .model::<Reading>()
        .model::<PageView>()
        .model::<AllTypes>()
        .model::<Item>()
}

#[tokio::test]
async fn created_tables_read_back_from_system_schema_like_the_model() {
    let (db, ks) = setup("orm_schema").await;
    schema().create_all(&db, ks.name()).await.unwrap();

    let handle = db.keyspace(ks.name());
    handle.verify::<UserEvent>().await.unwrap();
    handle.verify::<Reading>().await.unwrap();
    handle.verify::<PageView>().await.unwrap();
    handle.verify::<AllTypes>().await.unwrap();
    handle.verify::<Item>().await.unwrap();

    // Column kinds, positions and clustering orders as Cassandra records them.
    let result = db
        .scylla()
        .query_unpaged(
            "SELECT column_name, clustering_order, kind, position, type FROM system_schema.columns \
             WHERE keyspace_name = ? AND table_name = ?",
            (ks.name(), "readings"),
        )
        .await
        .unwrap()
        .into_rows_result()
        .unwrap();
    let mut cols: Vec<(String, String, String, i32, String)> = result
        .rows::<(String, String, String, i32, String)>()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    cols.sort();
    assert_eq!(
        cols,
        vec![
            (
                "at".into(),
                "desc".into(),
                "clustering".into(),
                0,
                "bigint".into()
            ),
            (
                "day".into(),
                "none".into(),
                "partition_key".into(),
                1,
                "int".into()
            ),
            (
                "notes".into(),
                "none".into(),
                "regular".into(),
                -1,
                "list<text>".into()
            ),
            (
                "sensor".into(),
                "none".into(),
                "partition_key".into(),
                0,
                "text".into()
            ),
            (
                "seq".into(),
                "asc".into(),
                "clustering".into(),
                1,
                "int".into()
            ),
            (
                "value".into(),
                "none".into(),
                "regular".into(),
                -1,
                "double".into()
            ),
        ]
    );

    // The index on user_events.device and the static column.
    let idx = db
        .scylla()
        .query_unpaged(
            "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?",
            (ks.name(), "user_events"),
        )
        .await
        .unwrap()
        .into_rows_result()
        .unwrap();
    let names: Vec<(String,)> = idx.rows().unwrap().map(Result::unwrap).collect();
    assert_eq!(names, vec![("user_events_device_idx".to_owned(),)]);

    // Table options survive.
    let opts = db
        .scylla()
        .query_unpaged(
            "SELECT comment, default_time_to_live FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
            (ks.name(), "user_events"),
        )
        .await
        .unwrap()
        .into_rows_result()
        .unwrap();
    let (comment, ttl): (String, i32) = opts.single_row().unwrap();
    assert_eq!(comment, "per-user log");
    assert_eq!(ttl, 0);

    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn verify_names_every_difference() {
    let (db, ks) = setup("orm_verify").await;
    // A hand-made `readings` that differs in type, order, a missing and an extra column.
    db.execute_raw(&format!(
        "CREATE TABLE {}.readings (sensor text, day int, at bigint, seq int, value float, extra int, \
         PRIMARY KEY ((sensor, day), at, seq)) WITH CLUSTERING ORDER BY (at ASC, seq ASC)",
        ks.name()
    ))
    .await
    .unwrap();
    let err = db
        .keyspace(ks.name())
        .verify::<Reading>()
        .await
        .unwrap_err();
    let Error::SchemaMismatch { differences, .. } = &err else {
        panic!("expected a schema mismatch, got {err:?}");
    };
    let text = differences.join("\n");
    assert!(
        text.contains("`value` is `float` in the table but `double`"),
        "{text}"
    );
    assert!(
        text.contains("`at` is ordered asc in the table but desc"),
        "{text}"
    );
    assert!(text.contains("`notes` is missing"), "{text}");
    assert!(text.contains("`extra` exists in the table"), "{text}");
    assert_eq!(differences.len(), 4, "{text}");

    let missing = db.keyspace(ks.name()).verify::<Item>().await.unwrap_err();
    assert!(missing.to_string().contains("does not exist"), "{missing}");
    ks.drop(db.scylla()).await.unwrap();
}
