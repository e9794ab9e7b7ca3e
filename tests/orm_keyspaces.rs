//! One pooled session, two keyspaces, fully qualified names and no `USE`.

#[path = "orm/models.rs"]
mod models;

use cql_orm::prelude::*;
use cql_orm::Schema;
use models::{Item, ItemPartitionKey, ItemPrimaryKey};

#[tokio::test]
async fn two_keyspaces_through_one_session() {
    let driver = cql_orm_tests::connect().await.unwrap();
    let ks_a = cql_orm_tests::fresh_keyspace(&driver, "orm_tenant_a")
        .await
        .unwrap();
    let ks_b = cql_orm_tests::fresh_keyspace(&driver, "orm_tenant_b")
        .await
        .unwrap();
    let db = cql_orm::Session::from_scylla(driver);
    let schema = Schema::new().model::<Item>();
    schema.create_all(&db, ks_a.name()).await.unwrap();
    schema.create_all(&db, ks_b.name()).await.unwrap();

    let a = db.keyspace(ks_a.name());
    let b = db.keyspace(ks_b.name());
    let row = |payload: &str| Item {
        part: 1,
        n: 1,
        payload: payload.into(),
    };
    row("in a").insert().execute(&a).await.unwrap();
    row("in b").insert().execute(&b).await.unwrap();
    let key = || ItemPrimaryKey { part: 1, n: 1 };
    assert_eq!(Item::get(&a, key()).await.unwrap().unwrap().payload, "in a");
    assert_eq!(Item::get(&b, key()).await.unwrap().unwrap().payload, "in b");

    Item::delete_partition(ItemPartitionKey { part: 1 })
        .execute(&a)
        .await
        .unwrap();
    assert!(Item::get(&a, key()).await.unwrap().is_none());
    assert!(Item::get(&b, key()).await.unwrap().is_some());

    // The session never switched keyspace, and each keyspace has its own statements.
    assert_eq!(db.scylla().get_keyspace(), None);
    let stats = db.cache_stats();
    assert_eq!(stats.prepares, stats.len as u64);
    assert!(stats.len >= 5, "{stats:?}");

    // Without a keyspace on the handle or the model, the statement names the bare table,
    // which the server rejects (there is no current keyspace): nothing silently goes to `a`.
    assert!(Item::get(&db, key()).await.is_err());

    ks_a.drop(db.scylla()).await.unwrap();
    ks_b.drop(db.scylla()).await.unwrap();
}
