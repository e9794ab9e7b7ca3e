//! CRUD through models: composite partition keys, several clustering columns in mixed
//! orders, static, indexed and collection columns, counters and batches.

#[path = "orm/models.rs"]
mod models;
#[path = "orm/setup.rs"]
mod setup;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};
use cql_orm::prelude::*;
use cql_orm::{Batch, Counter, Schema};
use models::{
    page_view, reading, user_event, PageView, PageViewPartitionKey, PageViewPrimaryKey, Reading,
    ReadingPartitionKey, ReadingPrimaryKey, UserEvent, UserEventPartitionKey, UserEventPrimaryKey,
};
use uuid::Uuid;

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + secs, 0).unwrap()
}

fn event(user_id: Uuid, secs: i64, kind: &str, device: Option<&str>) -> UserEvent {
    UserEvent {
        user_id,
        event_time: at(secs),
        event_type: kind.to_owned(),
        data: None,
        user_name: Some("ada".to_owned()),
        device: device.map(str::to_owned),
        tags: HashSet::from(["a".to_owned()]),
        metadata: HashMap::from([("k".to_owned(), "v".to_owned())]),
    }
}

fn reading(sensor: &str, day: i32, at: i64, seq: i32, value: f64) -> Reading {
    Reading {
        sensor: sensor.to_owned(),
        day,
        at,
        seq,
        value,
        notes: vec![],
    }
}

#[tokio::test]
async fn composite_keys_and_mixed_clustering_orders() {
    let (db, ks, h) = setup::setup("orm_crud_keys", Schema::new().model::<Reading>()).await;
    for at in 0..4 {
        for seq in 0..3 {
            reading("s1", 1, at, seq, (at * 10 + seq as i64) as f64)
                .insert()
                .execute(&h)
                .await
                .unwrap();
        }
    }
    reading("s1", 2, 0, 0, -1.0)
        .insert()
        .execute(&h)
        .await
        .unwrap();

    // The partition in table order: `at` descending, then `seq` ascending.
    let pk = || ReadingPartitionKey {
        sensor: "s1".into(),
        day: 1,
    };
    let rows = Reading::select().partition(pk()).all(&h).await.unwrap();
    let keys: Vec<(i64, i32)> = rows.iter().map(|r| (r.at, r.seq)).collect();
    assert_eq!(
        keys,
        vec![
            (3, 0),
            (3, 1),
            (3, 2),
            (2, 0),
            (2, 1),
            (2, 2),
            (1, 0),
            (1, 1),
            (1, 2),
            (0, 0),
            (0, 1),
            (0, 2)
        ]
    );

    // Equality on the first clustering column, range on the second, reversed order.
    let rows = Reading::select()
        .partition(pk())
        .filter(reading::at.eq(2))
        .filter(reading::seq.ge(1))
        .order_by(reading::at.asc())
        .order_by(reading::seq.desc())
        .all(&h)
        .await
        .unwrap();
    let keys: Vec<(i64, i32)> = rows.iter().map(|r| (r.at, r.seq)).collect();
    assert_eq!(keys, vec![(2, 2), (2, 1)]);

    // A range on the first clustering column, with a limit and a projection.
    let values: Vec<(i64, f64)> = Reading::select()
        .partition(pk())
        .filter(reading::at.gt(0))
        .filter(reading::at.le(2))
        .columns((reading::at, reading::value))
        .limit(4)
        .all(&h)
        .await
        .unwrap();
    assert_eq!(values, vec![(2, 20.0), (2, 21.0), (2, 22.0), (1, 10.0)]);

    // get by the full primary key, update, delete.
    let key = || ReadingPrimaryKey {
        sensor: "s1".into(),
        day: 1,
        at: 3,
        seq: 2,
    };
    let got = Reading::get(&h, key()).await.unwrap().unwrap();
    assert_eq!(got.value, 32.0);
    Reading::update(key())
        .set(reading::value, 99.5)
        .append(reading::notes, ["x"])
        .prepend(reading::notes, ["w"])
        .execute(&h)
        .await
        .unwrap();
    let got = Reading::get(&h, key()).await.unwrap().unwrap();
    assert_eq!(
        (got.value, got.notes.clone()),
        (99.5, vec!["w".to_owned(), "x".to_owned()])
    );
    Reading::delete(key()).execute(&h).await.unwrap();
    assert_eq!(Reading::get(&h, key()).await.unwrap(), None);

    // The other partition is untouched; deleting it as a whole leaves the first.
    Reading::delete_partition(ReadingPartitionKey {
        sensor: "s1".into(),
        day: 2,
    })
    .execute(&h)
    .await
    .unwrap();
    let all = Reading::select().all(&h).await.unwrap();
    assert_eq!(all.len(), 11);

    // Filtering on a regular column needs (and gets) ALLOW FILTERING.
    let high = Reading::select()
        .filter(reading::value.gt(25.0))
        .allow_filtering()
        .all(&h)
        .await
        .unwrap();
    let mut seen: Vec<f64> = high.iter().map(|r| r.value).collect();
    seen.sort_by(f64::total_cmp);
    assert_eq!(seen, vec![30.0, 31.0]);

    // An empty single-column partition key is refused before it is sent: `sensor` is part
    // of a composite key here, so it is allowed.
    reading("", 1, 0, 0, 0.0)
        .insert()
        .execute(&h)
        .await
        .unwrap();
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn static_indexed_and_collection_columns() {
    let (db, ks, h) = setup::setup("orm_crud_cols", Schema::new().model::<UserEvent>()).await;
    let u1 = Uuid::new_v4();
    let u2 = Uuid::new_v4();
    event(u1, 1, "click", Some("phone"))
        .insert()
        .execute(&h)
        .await
        .unwrap();
    event(u1, 2, "view", Some("laptop"))
        .insert()
        .execute(&h)
        .await
        .unwrap();
    let mut e3 = event(u2, 3, "click", Some("phone"));
    e3.user_name = Some("bob".into());
    e3.insert().execute(&h).await.unwrap();

    // The static column is shared by the partition: the last write wins for every row.
    let mut renamed = event(u1, 5, "buy", None);
    renamed.user_name = Some("ada lovelace".into());
    renamed.insert().execute(&h).await.unwrap();
    let rows = UserEvent::select()
        .partition(UserEventPartitionKey { user_id: u1 })
        .all(&h)
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows
        .iter()
        .all(|r| r.user_name.as_deref() == Some("ada lovelace")));
    // Clustering order is DESC: newest first.
    assert_eq!(rows[0].event_time, at(5));
    // `None` fields were bound as unset: the earlier device survives on row 1.
    assert_eq!(rows[2].device.as_deref(), Some("phone"));

    // A secondary-index query without ALLOW FILTERING.
    let phones = UserEvent::select()
        .filter(user_event::device.eq("phone"))
        .all(&h)
        .await
        .unwrap();
    let mut users: Vec<Uuid> = phones.iter().map(|e| e.user_id).collect();
    users.sort();
    let mut expected = vec![u1, u2];
    expected.sort();
    assert_eq!(users, expected);

    // Collection operations and a conditional update.
    let key = UserEventPrimaryKey {
        user_id: u1,
        event_time: at(1),
    };
    let applied = UserEvent::update(key.clone())
        .set(user_event::data, Some("x".to_owned()))
        .add(user_event::tags, ["b", "c"])
        .remove(user_event::tags, ["a"])
        .put(user_event::metadata, "k2", "v2")
        .if_(user_event::event_type.eq("click"))
        .execute(&h)
        .await
        .unwrap();
    assert!(applied.is_applied());
    let got = UserEvent::get(&h, key.clone()).await.unwrap().unwrap();
    assert_eq!(got.data.as_deref(), Some("x"));
    assert_eq!(got.tags, HashSet::from(["b".to_owned(), "c".to_owned()]));
    assert_eq!(
        got.metadata,
        HashMap::from([
            ("k".to_owned(), "v".to_owned()),
            ("k2".to_owned(), "v2".to_owned())
        ])
    );

    // A rejected condition reports the current value.
    let rejected = UserEvent::update(key.clone())
        .set(user_event::data, None)
        .if_(user_event::event_type.eq("view"))
        .execute(&h)
        .await
        .unwrap();
    let row = rejected.rejected().expect("rejected");
    assert_eq!(
        row.get("event_type"),
        Some(&scylla::value::CqlValue::Text("click".into()))
    );

    // Deleting one column, then the row with IF EXISTS.
    UserEvent::delete(key.clone())
        .column(user_event::data)
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        UserEvent::get(&h, key.clone()).await.unwrap().unwrap().data,
        None
    );
    assert!(UserEvent::delete(key.clone())
        .if_exists()
        .execute(&h)
        .await
        .unwrap()
        .is_applied());
    assert!(!UserEvent::delete(key)
        .if_exists()
        .execute(&h)
        .await
        .unwrap()
        .is_applied());

    // An empty single-column partition key is a validation error.
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn counters_and_batches() {
    let (db, ks, h) = setup::setup(
        "orm_crud_batch",
        Schema::new().model::<PageView>().model::<Reading>(),
    )
    .await;
    let key = |p: &str| PageViewPrimaryKey { page: p.into() };
    PageView::update(key("home"))
        .incr(page_view::views, 3)
        .incr(page_view::likes, 1)
        .execute(&h)
        .await
        .unwrap();
    PageView::update(key("home"))
        .decr(page_view::views, 1)
        .execute(&h)
        .await
        .unwrap();
    Batch::counter(&h)
        .add(PageView::update(key("home")).incr(page_view::views, 10))
        .unwrap()
        // `views` of "about" is never changed: Cassandra returns null for it.
        .add(PageView::update(key("about")).incr(page_view::likes, 2))
        .unwrap()
        .execute()
        .await
        .unwrap();
    let home = PageView::get(&h, key("home")).await.unwrap().unwrap();
    assert_eq!((home.views, home.likes), (Counter(12), Counter(1)));
    let about = PageView::select()
        .partition(PageViewPartitionKey {
            page: "about".into(),
        })
        .one(&h)
        .await
        .unwrap()
        .unwrap();
    // A counter that was never changed reads as 0.
    assert_eq!((about.views, about.likes), (Counter(0), Counter(2)));
    let about = PageView::get(&h, key("about")).await.unwrap().unwrap();
    assert_eq!((about.views, about.likes), (Counter(0), Counter(2)));

    let r1 = reading("b", 1, 1, 1, 1.0);
    let r2 = reading("b", 1, 2, 1, 2.0);
    Batch::logged(&h)
        .add(r1.insert())
        .unwrap()
        .add(r2.insert().ttl(3600))
        .unwrap()
        .add(Reading::update(r1.primary_key()).set(reading::value, 5.0))
        .unwrap()
        .execute()
        .await
        .unwrap();
    let rows = Reading::select()
        .partition(r1.partition_key())
        .all(&h)
        .await
        .unwrap();
    let values: Vec<f64> = rows.iter().map(|r| r.value).collect();
    assert_eq!(values, vec![2.0, 5.0]);

    let empty = PageView::update(key(""))
        .incr(page_view::views, 1)
        .execute(&h)
        .await;
    assert!(
        matches!(empty, Err(cql_orm::Error::Validation(_))),
        "{empty:?}"
    );
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn map_keys_are_removed_with_a_set_of_keys() {
    let (db, ks, h) = setup::setup("orm_crud_map", Schema::new().model::<UserEvent>()).await;
    let u = Uuid::new_v4();
    let mut e = event(u, 1, "click", None);
    e.metadata.insert("k2".into(), "v2".into());
    e.insert().execute(&h).await.unwrap();
    let key = UserEventPrimaryKey {
        user_id: u,
        event_time: at(1),
    };
    UserEvent::update(key.clone())
        .remove_keys(user_event::metadata, ["k"])
        .execute(&h)
        .await
        .unwrap();
    let got = UserEvent::get(&h, key).await.unwrap().unwrap();
    assert_eq!(
        got.metadata,
        HashMap::from([("k2".to_owned(), "v2".to_owned())])
    );
    ks.drop(db.scylla()).await.unwrap();
}
