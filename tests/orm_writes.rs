//! Writes beyond whole rows: static columns by partition key, deletes of rows, partitions,
//! columns, clustering ranges and collection elements, write timestamps, conditional batches,
//! per-partition batch splitting and counters.

#[path = "orm/data_model.rs"]
mod data_model;
#[path = "orm/setup.rs"]
mod setup;

use std::collections::BTreeSet;

use cql_orm::prelude::*;
use cql_orm::query::{insert_by_partition, SplitLimits};
use cql_orm::{Batch, Counter, LwtResult, Schema, Timeuuid};
use data_model::{
    account, cell, entry, hits, sensor_event, Account, AccountPrimaryKey, Cell, CellPartitionKey,
    CellPrimaryKey, Entry, EntryPartitionKey, EntryPrimaryKey, Hits, HitsPartitionKey,
    HitsPrimaryKey, SensorEvent, SensorEventPartitionKey,
};

fn schema() -> Schema {
    Schema::new()
        .model::<Account>()
        .model::<SensorEvent>()
        .model::<Cell>()
        .model::<Entry>()
        .model::<Hits>()
}

fn cells(sheet: i32, rows: i32, cols: i32) -> Vec<Cell> {
    (0..rows)
        .flat_map(|row| {
            (0..cols).map(move |col| Cell {
                sheet,
                row,
                col,
                value: format!("{row}:{col}"),
            })
        })
        .collect()
}

async fn positions(h: &cql_orm::Keyspace, sheet: i32) -> Vec<(i32, i32)> {
    Cell::select()
        .partition(CellPartitionKey { sheet })
        .columns((cell::row, cell::col))
        .all(h)
        .await
        .unwrap()
}

#[tokio::test]
async fn static_columns_by_partition_key_alone() {
    let (db, ks, h) = setup::setup("orm_writes_static", schema()).await;
    let pk = || SensorEventPartitionKey {
        sensor: "s1".into(),
    };
    // A partition with only static values: written and read with the partition key alone.
    SensorEvent::update_static(pk())
        .set(sensor_event::location, Some("roof".to_owned()))
        .add(sensor_event::labels, ["outdoor"])
        .execute(&h)
        .await
        .unwrap();
    let statics = SensorEvent::select()
        .partition(pk())
        .columns((sensor_event::location, sensor_event::labels))
        .one(&h)
        .await
        .unwrap();
    assert_eq!(
        statics,
        Some((
            Some("roof".to_owned()),
            BTreeSet::from(["outdoor".to_owned()])
        ))
    );
    // Rows written later share the static values.
    for v in [1.0, 2.0] {
        SensorEvent {
            sensor: "s1".into(),
            id: Timeuuid::now(),
            value: v,
            note: None,
            location: None,
            labels: BTreeSet::new(),
        }
        .insert()
        .execute(&h)
        .await
        .unwrap();
    }
    let rows = SensorEvent::select().partition(pk()).all(&h).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.location.as_deref() == Some("roof") && r.labels.len() == 1));
    // Changing the static value through the partition changes it for every row.
    SensorEvent::update_static(pk())
        .set(sensor_event::location, Some("cellar".to_owned()))
        .execute(&h)
        .await
        .unwrap();
    let rows = SensorEvent::select().partition(pk()).all(&h).await.unwrap();
    assert!(rows.iter().all(|r| r.location.as_deref() == Some("cellar")));
    // A conditional static update (LWT on the partition).
    let lwt = SensorEvent::update_static(pk())
        .set(sensor_event::location, Some("attic".to_owned()))
        .if_(sensor_event::location.eq("roof"))
        .execute(&h)
        .await
        .unwrap();
    assert!(!lwt.is_applied());
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn deletes_of_ranges_rows_columns_and_partitions() {
    let (db, ks, h) = setup::setup("orm_writes_delete", schema()).await;
    for c in cells(1, 4, 3).iter().chain(&cells(2, 2, 2)) {
        c.insert().execute(&h).await.unwrap();
    }
    // Range on the first clustering column.
    Cell::delete_range(CellPartitionKey { sheet: 1 })
        .filter(cell::row.ge(3))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(positions(&h, 1).await.len(), 9);
    // Equality on the first, range on the second.
    Cell::delete_range(CellPartitionKey { sheet: 1 })
        .filter(cell::row.eq(0))
        .filter(cell::col.gt(0))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        positions(&h, 1).await,
        vec![(0, 0), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
    );
    // Both bounds on one column.
    Cell::delete_range(CellPartitionKey { sheet: 1 })
        .filter(cell::row.eq(1))
        .filter(cell::col.gt(0))
        .filter(cell::col.lt(2))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        positions(&h, 1).await,
        vec![(0, 0), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)]
    );
    // IN on the first clustering column, then a range on the second.
    Cell::delete_range(CellPartitionKey { sheet: 1 })
        .filter(cell::row.in_([0, 2]))
        .filter(cell::col.ge(2))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        positions(&h, 1).await,
        vec![(0, 0), (1, 0), (1, 2), (2, 0), (2, 1)]
    );
    // One row, one column of a row.
    Cell::delete(CellPrimaryKey {
        sheet: 1,
        row: 1,
        col: 2,
    })
    .execute(&h)
    .await
    .unwrap();
    Cell::delete(CellPrimaryKey {
        sheet: 1,
        row: 2,
        col: 1,
    })
    .column(cell::value)
    .execute(&h)
    .await
    .unwrap();
    let row = Cell::select()
        .partition(CellPartitionKey { sheet: 1 })
        .filter(cell::row.eq(2))
        .columns((cell::col, cell::value.writetime()))
        .all(&h)
        .await
        .unwrap();
    assert_eq!(row.len(), 2);
    assert_eq!(row[1], (1, None), "the deleted cell has no write time");
    assert!(row[0].1.is_some());
    // A whole partition.
    Cell::delete_partition(CellPartitionKey { sheet: 2 })
        .execute(&h)
        .await
        .unwrap();
    assert!(positions(&h, 2).await.is_empty());
    assert_eq!(positions(&h, 1).await, vec![(0, 0), (1, 0), (2, 0), (2, 1)]);
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn write_timestamps_decide_the_last_write() {
    let (db, ks, h) = setup::setup("orm_writes_ts", schema()).await;
    let key = CellPrimaryKey {
        sheet: 9,
        row: 0,
        col: 0,
    };
    Cell {
        sheet: 9,
        row: 0,
        col: 0,
        value: "new".into(),
    }
    .insert()
    .timestamp(2_000)
    .execute(&h)
    .await
    .unwrap();
    // An older write loses, whatever the order of arrival.
    Cell::update(key.clone())
        .set(cell::value, "old")
        .timestamp(1_000)
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        Cell::get(&h, key.clone()).await.unwrap().unwrap().value,
        "new"
    );
    // A delete older than the write does not remove it; a newer one does.
    Cell::delete(key.clone())
        .timestamp(1_500)
        .execute(&h)
        .await
        .unwrap();
    assert!(Cell::get(&h, key.clone()).await.unwrap().is_some());
    let written = Cell::select()
        .partition(CellPartitionKey { sheet: 9 })
        .columns((cell::value.writetime(),))
        .one(&h)
        .await
        .unwrap();
    assert_eq!(written, Some((Some(2_000),)));
    Cell::delete(key.clone())
        .timestamp(2_001)
        .execute(&h)
        .await
        .unwrap();
    assert!(Cell::get(&h, key).await.unwrap().is_none());
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn conditional_batches_apply_all_or_nothing() {
    let (db, ks, h) = setup::setup("orm_writes_lwt_batch", schema()).await;
    let entry = |seq: i32, amount: i64| Entry {
        account: "acc".into(),
        seq,
        amount,
        balance: None,
    };
    let e1 = entry(1, 100);
    let applied = Batch::conditional::<Entry>(&h)
        .add(e1.insert().if_not_exists())
        .unwrap()
        .add(
            Entry::update_static(EntryPartitionKey {
                account: "acc".into(),
            })
            .set(entry::balance, Some(100)),
        )
        .unwrap()
        .execute()
        .await
        .unwrap();
    assert_eq!(applied, LwtResult::Applied);

    // The second insert of seq 1 is rejected, so the balance update does not happen either.
    let e1b = entry(1, 999);
    let e2 = entry(2, 50);
    let rejected = Batch::conditional::<Entry>(&h)
        .add(e1b.insert().if_not_exists())
        .unwrap()
        .add(e2.insert())
        .unwrap()
        .add(
            Entry::update_static(EntryPartitionKey {
                account: "acc".into(),
            })
            .set(entry::balance, Some(150)),
        )
        .unwrap()
        .execute()
        .await
        .unwrap();
    let rows = rejected.rejected().expect("rejected");
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .any(|r| r.get("seq") == Some(&scylla::value::CqlValue::Int(1))));
    assert!(Entry::get(
        &h,
        EntryPrimaryKey {
            account: "acc".into(),
            seq: 2
        }
    )
    .await
    .unwrap()
    .is_none());

    // A condition on the static column guards a two-statement change.
    let ok = Batch::conditional::<Entry>(&h)
        .add(
            Entry::update_static(EntryPartitionKey {
                account: "acc".into(),
            })
            .set(entry::balance, Some(150))
            .if_(entry::balance.eq(100)),
        )
        .unwrap()
        .add(e2.insert())
        .unwrap()
        .execute()
        .await
        .unwrap();
    assert!(ok.is_applied());
    let all = Entry::select()
        .partition(EntryPartitionKey {
            account: "acc".into(),
        })
        .all(&h)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|e| e.balance == Some(150)));

    // Two partitions in one conditional batch: the server's error, kept whole.
    let other = Entry {
        account: "other".into(),
        ..entry(1, 1)
    };
    let err = Batch::conditional::<Entry>(&h)
        .add(e1.insert().if_not_exists())
        .unwrap()
        .add(other.insert())
        .unwrap()
        .execute()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("partition"), "{err}");
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn large_writes_split_into_per_partition_batches() {
    let (db, ks, h) = setup::setup("orm_writes_split", schema()).await;
    let mut rows = Vec::new();
    for sheet in 0..5 {
        rows.extend(cells(sheet, 25, 10)); // 250 rows per partition
    }
    let report = insert_by_partition(
        &h,
        &rows,
        SplitLimits {
            max_statements: 100,
            concurrency: 4,
        },
    )
    .await
    .unwrap();
    assert_eq!(report.rows, 1250);
    assert_eq!(report.partitions, 5);
    assert_eq!(report.batches, 15, "3 batches of at most 100 per partition");
    for sheet in 0..5 {
        assert_eq!(
            Cell::select()
                .partition(CellPartitionKey { sheet })
                .count(&h)
                .await
                .unwrap(),
            250
        );
    }
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn counters_increment_decrement_and_batch() {
    let (db, ks, h) = setup::setup("orm_writes_counters", schema()).await;
    let key = |day| HitsPrimaryKey {
        page: "home".into(),
        day,
    };
    for _ in 0..3 {
        Hits::update(key(1))
            .incr(hits::views, 2)
            .execute(&h)
            .await
            .unwrap();
    }
    Hits::update(key(1))
        .decr(hits::views, 1)
        .incr(hits::clicks, 7)
        .execute(&h)
        .await
        .unwrap();
    Batch::counter(&h)
        .add(Hits::update(key(2)).incr(hits::views, 10))
        .unwrap()
        .add(Hits::update(key(1)).decr(hits::clicks, 2))
        .unwrap()
        .execute()
        .await
        .unwrap();
    let all = Hits::select()
        .partition(HitsPartitionKey {
            page: "home".into(),
        })
        .all(&h)
        .await
        .unwrap();
    assert_eq!(
        all.iter()
            .map(|r| (r.day, r.views, r.clicks))
            .collect::<Vec<_>>(),
        vec![(1, Counter(5), Counter(5)), (2, Counter(10), Counter(0))]
    );
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn conditional_deletes_of_a_row_without_clustering_columns() {
    let (db, ks, h) = setup::setup("orm_writes_lwt_delete", schema()).await;
    let opened = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    for (id, owner) in [(1, "ada"), (2, "bob")] {
        Account {
            id,
            owner: owner.into(),
            opened,
            flags: Default::default(),
        }
        .insert()
        .execute(&h)
        .await
        .unwrap();
    }
    // A condition that does not hold: not applied, the row's value comes back.
    let no = Account::delete(AccountPrimaryKey { id: 1 })
        .if_(account::owner.eq("bob"))
        .execute(&h)
        .await
        .unwrap();
    assert_eq!(
        no.rejected().unwrap().get("owner"),
        Some(&scylla::value::CqlValue::Text("ada".into()))
    );
    // One that holds deletes the row.
    let yes = Account::delete(AccountPrimaryKey { id: 1 })
        .if_(account::owner.eq("ada"))
        .execute(&h)
        .await
        .unwrap();
    assert!(yes.is_applied());
    assert!(Account::get(&h, AccountPrimaryKey { id: 1 })
        .await
        .unwrap()
        .is_none());
    // IF EXISTS on a row that exists, then on one that does not.
    assert!(Account::delete(AccountPrimaryKey { id: 2 })
        .if_exists()
        .execute(&h)
        .await
        .unwrap()
        .is_applied());
    assert!(!Account::delete(AccountPrimaryKey { id: 2 })
        .if_exists()
        .execute(&h)
        .await
        .unwrap()
        .is_applied());
    ks.drop(db.scylla()).await.unwrap();
}
