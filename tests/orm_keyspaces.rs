//! One pooled session, two keyspaces, fully qualified names and no `USE`.

#[path = "orm/models.rs"]
mod models;

use cql_orm::prelude::*;
use cql_orm::Schema;
use models::{item, Item, ItemPartitionKey, ItemPrimaryKey};

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

    // Updates and batches of one shape through the two handles: each goes to its own
    // keyspace (statements are found by shape and keyspace, not rendered again).
    for (h, text) in [(&a, "updated a"), (&b, "updated b"), (&a, "again a")] {
        Item::update(key())
            .set(item::payload, text)
            .execute(h)
            .await
            .unwrap();
        assert_eq!(Item::get(h, key()).await.unwrap().unwrap().payload, text);
    }
    assert_eq!(
        Item::get(&b, key()).await.unwrap().unwrap().payload,
        "updated b"
    );
    for (h, part) in [(&a, 10), (&b, 20), (&a, 30)] {
        let rows: Vec<Item> = (0..3)
            .map(|n| Item {
                part,
                n,
                payload: format!("{part}/{n}"),
            })
            .collect();
        let mut batch = cql_orm::Batch::unlogged(h);
        for r in &rows {
            batch = batch.add(r.insert()).unwrap();
        }
        batch.execute().await.unwrap();
        for other in [&a, &b] {
            let read = Item::select()
                .partition(ItemPartitionKey { part })
                .all(other)
                .await
                .unwrap();
            let expected = if std::ptr::eq(other, h) {
                &rows[..]
            } else {
                &[]
            };
            assert_eq!(read, expected, "partition {part}");
        }
    }

    // A batch of a shape seen before but with other options is built for those options: at
    // consistency TWO a keyspace with one replica cannot answer, and the default batch after
    // it still works.
    let row = Item {
        part: 10,
        n: 0,
        payload: "x".into(),
    };
    let two = cql_orm::Batch::unlogged(&a)
        .add(row.insert())
        .unwrap()
        .consistency(cql_orm::Consistency::Two)
        .execute()
        .await
        .unwrap_err();
    assert!(two.is_unavailable(), "{two:?}");
    cql_orm::Batch::unlogged(&a)
        .add(row.insert())
        .unwrap()
        .execute()
        .await
        .unwrap();

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
