//! Lightweight transactions (applied and rejected) and TTL expiry.

#[path = "orm/models.rs"]
mod models;
#[path = "orm/setup.rs"]
mod setup;

use std::time::Duration;

use cql_orm::prelude::*;
use cql_orm::{Error, LwtResult, Schema};
use models::{item, Item, ItemPartitionKey, ItemPrimaryKey};

fn item(part: i32, n: i32, payload: &str) -> Item {
    Item {
        part,
        n,
        payload: payload.into(),
    }
}

#[tokio::test]
async fn insert_if_not_exists_applies_once_and_returns_the_existing_row() {
    let (db, ks, h) = setup::setup("orm_lwt", Schema::new().model::<Item>()).await;
    let first = item(1, 1, "first");
    assert_eq!(
        first.insert().if_not_exists().execute(&h).await.unwrap(),
        LwtResult::Applied
    );
    let second = item(1, 1, "second");
    match second.insert().if_not_exists().execute(&h).await.unwrap() {
        LwtResult::Rejected(existing) => assert_eq!(existing, first),
        LwtResult::Applied => panic!("the second insert must be rejected"),
    }
    let err = second
        .insert()
        .if_not_exists()
        .execute_applied(&h)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::LwtRejected { table: "items" }),
        "{err:?}"
    );

    // Conditional update: applied, then rejected with the current value.
    let key = ItemPrimaryKey { part: 1, n: 1 };
    let ok = Item::update(key.clone())
        .set(item::payload, "third")
        .if_(item::payload.eq("first"))
        .execute(&h)
        .await
        .unwrap();
    assert!(ok.is_applied());
    let no = Item::update(key.clone())
        .set(item::payload, "fourth")
        .if_(item::payload.eq("first"))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        no.rejected().and_then(|r| r.get("payload").cloned()),
        Some(scylla::value::CqlValue::Text("third".into()))
    );
    // IF EXISTS on a missing row.
    let missing = Item::update(ItemPrimaryKey { part: 9, n: 9 })
        .set(item::payload, "x")
        .if_exists()
        .execute(&h)
        .await
        .unwrap();
    assert!(!missing.is_applied());
    assert!(Item::get(&h, ItemPrimaryKey { part: 9, n: 9 })
        .await
        .unwrap()
        .is_none());
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn ttl_expires_rows_and_cells() {
    let (db, ks, h) = setup::setup("orm_ttl", Schema::new().model::<Item>()).await;
    item(2, 1, "short")
        .insert()
        .ttl(1)
        .execute(&h)
        .await
        .unwrap();
    item(2, 2, "long")
        .insert()
        .ttl(3600)
        .execute(&h)
        .await
        .unwrap();
    item(2, 3, "forever").insert().execute(&h).await.unwrap();
    // An update with a TTL on a row that has no other live cells expires it too.
    Item::update(ItemPrimaryKey { part: 2, n: 4 })
        .set(item::payload, "brief")
        .ttl(1)
        .execute(&h)
        .await
        .unwrap();
    let before = Item::select()
        .partition(ItemPartitionKey { part: 2 })
        .all(&h)
        .await
        .unwrap();
    assert_eq!(before.len(), 4);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let after = Item::select()
        .partition(ItemPartitionKey { part: 2 })
        .all(&h)
        .await
        .unwrap();
    let ns: Vec<i32> = after.iter().map(|i| i.n).collect();
    assert_eq!(ns, vec![2, 3], "{after:?}");
    ks.drop(db.scylla()).await.unwrap();
}
