//! Reads beyond whole rows: timeuuid time ranges, TTL() and WRITETIME(), table and
//! statement TTLs, COUNT(*), DISTINCT partition keys, projections into tuples and structs,
//! and token-range splits for parallel full scans.

#[path = "orm/data_model.rs"]
mod data_model;
#[path = "orm/setup.rs"]
mod setup;

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, TimeZone, Utc};
use cql_orm::prelude::*;
use cql_orm::query::TokenRange;
use cql_orm::{Schema, Timeuuid};
use data_model::{
    account, cell, sensor_event, Account, AccountPartitionKey, Cell, CellPartitionKey, EventValue,
    SensorEvent, SensorEventPartitionKey,
};
use futures::StreamExt;

fn schema() -> Schema {
    Schema::new()
        .model::<SensorEvent>()
        .model::<Cell>()
        .model::<Account>()
}

fn event(sensor: &str, id: Timeuuid, value: f64) -> SensorEvent {
    SensorEvent {
        sensor: sensor.into(),
        id,
        value,
        note: None,
        location: None,
        labels: BTreeSet::new(),
    }
}

#[tokio::test]
async fn timeuuid_time_ranges() {
    let (db, ks, h) = setup::setup("orm_reads_time", schema()).await;
    let t0 = Utc.with_ymd_and_hms(2024, 1, 1, 12, 0, 0).unwrap();
    // One event per minute for ten minutes, each with a random clock sequence and node.
    let ids: Vec<Timeuuid> = (0..10)
        .map(|m| Timeuuid::from_datetime(t0 + Duration::minutes(m)))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        event("s", *id, i as f64)
            .insert()
            .execute(&h)
            .await
            .unwrap();
    }
    let pk = || SensorEventPartitionKey { sensor: "s".into() };
    // [t0+2min, t0+5min]: minutes 2, 3, 4, 5, newest first (the clustering order).
    let window = SensorEvent::select()
        .partition(pk())
        .filter(sensor_event::id.since(t0 + Duration::minutes(2)))
        .filter(sensor_event::id.until(t0 + Duration::minutes(5)))
        .all(&h)
        .await
        .unwrap();
    assert_eq!(
        window.iter().map(|e| e.value).collect::<Vec<_>>(),
        vec![5.0, 4.0, 3.0, 2.0]
    );
    // (t0+2min, t0+5min): strictly between.
    let inner = SensorEvent::select()
        .partition(pk())
        .filter(sensor_event::id.after(t0 + Duration::minutes(2)))
        .filter(sensor_event::id.before(t0 + Duration::minutes(5)))
        .order_by(sensor_event::id.asc())
        .all(&h)
        .await
        .unwrap();
    assert_eq!(
        inner.iter().map(|e| e.value).collect::<Vec<_>>(),
        vec![3.0, 4.0]
    );
    // The timeuuid's own time survives the round trip.
    assert_eq!(inner[0].id.datetime(), t0 + Duration::minutes(3));
    // Client-side bounds select the same rows as the server's functions.
    let same = SensorEvent::select()
        .partition(pk())
        .filter(sensor_event::id.ge(Timeuuid::min_for(t0 + Duration::minutes(2))))
        .filter(sensor_event::id.le(Timeuuid::max_for(t0 + Duration::minutes(5))))
        .all(&h)
        .await
        .unwrap();
    assert_eq!(same, window);
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn ttl_and_writetime_of_columns() {
    let (db, ks, h) = setup::setup("orm_reads_ttl", schema()).await;
    let pk = || SensorEventPartitionKey { sensor: "t".into() };
    let a = Timeuuid::now();
    let b = Timeuuid::now();
    // The table's default_time_to_live (86400) applies without a statement TTL...
    event("t", a, 1.0).insert().execute(&h).await.unwrap();
    // ...and a statement TTL overrides it.
    event("t", b, 2.0)
        .insert()
        .ttl(600)
        .timestamp(1_234_567)
        .execute(&h)
        .await
        .unwrap();
    let rows = SensorEvent::select()
        .partition(pk())
        .order_by(sensor_event::id.asc())
        .columns((
            sensor_event::id,
            sensor_event::value.ttl(),
            sensor_event::value.writetime(),
            sensor_event::note.ttl(),
        ))
        .all(&h)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let (id_a, ttl_a, wt_a, note_ttl) = rows[0];
    assert_eq!(id_a, a);
    assert!((86_300..=86_400).contains(&ttl_a.unwrap()), "{ttl_a:?}");
    assert!(
        wt_a.unwrap() > 1_600_000_000_000_000,
        "microseconds since the epoch"
    );
    assert_eq!(note_ttl, None, "a null cell has no TTL");
    let (_, ttl_b, wt_b, _) = rows[1];
    assert!((590..=600).contains(&ttl_b.unwrap()), "{ttl_b:?}");
    assert_eq!(wt_b, Some(1_234_567));
    // The same through a projection struct.
    let values: Vec<EventValue> = SensorEvent::select()
        .partition(pk())
        .project::<EventValue>()
        .all(&h)
        .await
        .unwrap();
    assert_eq!(values.len(), 2);
    assert_eq!(values[0].id, b, "newest first");
    assert_eq!(values[0].value, 2.0);
    assert_eq!(values[0].written, Some(1_234_567));
    assert!((590..=600).contains(&values[0].value_ttl.unwrap()));
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn count_and_distinct_partition_keys() {
    let (db, ks, h) = setup::setup("orm_reads_count", schema()).await;
    for sheet in 0..6 {
        for row in 0..(sheet + 1) {
            Cell {
                sheet,
                row,
                col: 0,
                value: "v".into(),
            }
            .insert()
            .execute(&h)
            .await
            .unwrap();
        }
    }
    assert_eq!(Cell::select().count(&h).await.unwrap(), 21);
    assert_eq!(
        Cell::select()
            .partition(CellPartitionKey { sheet: 4 })
            .count(&h)
            .await
            .unwrap(),
        5
    );
    assert_eq!(
        Cell::select()
            .partition(CellPartitionKey { sheet: 4 })
            .filter(cell::row.ge(3))
            .count(&h)
            .await
            .unwrap(),
        2
    );
    let mut keys: Vec<i32> = Cell::partition_keys()
        .all(&h)
        .await
        .unwrap()
        .into_iter()
        .map(|k: CellPartitionKey| k.sheet)
        .collect();
    // DISTINCT returns partitions in token order; as a set they are every sheet once.
    let in_token_order = keys.clone();
    keys.sort();
    assert_eq!(keys, vec![0, 1, 2, 3, 4, 5]);
    // Paging over DISTINCT keeps the order.
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let page = Cell::partition_keys()
            .page(&h, 4, cursor.as_ref())
            .await
            .unwrap();
        paged.extend(page.items.into_iter().map(|k| k.sheet));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, in_token_order);
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn token_range_splits_scan_every_row_once_in_parallel() {
    let (db, ks, h) = setup::setup("orm_reads_tokens", schema()).await;
    let opened = Utc.with_ymd_and_hms(2020, 5, 6, 7, 8, 9).unwrap();
    for id in 0..500 {
        Account {
            id,
            owner: format!("owner{id}"),
            opened,
            flags: HashMap::from([("vip".to_owned(), id % 7 == 0)]),
        }
        .insert()
        .execute(&h)
        .await
        .unwrap();
    }
    let slices = TokenRange::FULL.split(8);
    let scans = slices.iter().map(|range| {
        let h = h.clone();
        let range = *range;
        async move {
            let mut stream = Account::select()
                .token_range(range)
                .columns((account::id,))
                .stream(&h)
                .await
                .unwrap();
            let mut ids = Vec::new();
            while let Some(row) = stream.next().await {
                ids.push(row.unwrap().0);
            }
            ids
        }
    });
    let per_slice: Vec<Vec<i32>> = futures::future::join_all(scans).await;
    assert!(
        per_slice.iter().filter(|s| !s.is_empty()).count() >= 6,
        "500 keys spread over most of 8 slices: {:?}",
        per_slice.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let mut all: Vec<i32> = per_slice.into_iter().flatten().collect();
    all.sort();
    assert_eq!(all, (0..500).collect::<Vec<_>>());
    // One slice's rows equal a filter on the same token bounds done by hand.
    let first = Account::select()
        .token_range(slices[0])
        .columns((account::id,))
        .all(&h)
        .await
        .unwrap();
    let count = Account::select()
        .token_range(slices[0])
        .count(&h)
        .await
        .unwrap();
    assert_eq!(first.len() as i64, count);
    let one = Account::get(&h, data_model::AccountPrimaryKey { id: 7 })
        .await
        .unwrap()
        .unwrap();
    assert!(one.flags["vip"]);
    let _ = AccountPartitionKey { id: 7 };
    ks.drop(db.scylla()).await.unwrap();
}
