//! Every supported Rust type survives a write and a read through its CQL type.

#[path = "orm/models.rs"]
mod models;
#[path = "orm/setup.rs"]
mod setup;

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use cql_orm::prelude::*;
use cql_orm::{CqlDuration, Frozen, Schema, Timeuuid};
use models::{all_types, Address, AllTypes, AllTypesPartitionKey, AllTypesPrimaryKey};
use num_bigint::BigInt;
use uuid::Uuid;

fn sample(id: i32) -> AllTypes {
    AllTypes {
        id,
        text_v: "héllo ✓".into(),
        ascii_v: "plain ascii".into(),
        tinyint_v: -7,
        smallint_v: -300,
        int_v: i32::MIN,
        bigint_v: i64::MAX,
        float_v: 1.5,
        double_v: -2.25e100,
        boolean_v: true,
        uuid_v: Uuid::new_v4(),
        timeuuid_v: Timeuuid::from_str("8e14e760-7fa8-11eb-bc66-000000000001").unwrap(),
        timestamp_v: Utc.timestamp_millis_opt(1_614_000_000_123).unwrap(),
        date_v: NaiveDate::from_ymd_opt(1969, 7, 20).unwrap(),
        time_v: NaiveTime::from_hms_nano_opt(23, 59, 58, 123_456_789).unwrap(),
        blob_v: vec![0, 1, 2, 255],
        inet_v: "2001:db8::1".parse().unwrap(),
        decimal_v: BigDecimal::from_str("-12345.678900").unwrap(),
        varint_v: BigInt::from_str("-123456789012345678901234567890").unwrap(),
        duration_v: CqlDuration {
            months: 1,
            days: 2,
            nanoseconds: 3_000_000_000,
        },
        list_v: vec![3, 1, 3],
        set_v: BTreeSet::from(["b".to_owned(), "a".to_owned()]),
        map_v: BTreeMap::from([("x".to_owned(), 1), ("y".to_owned(), -1)]),
        tuple_v: (42, "forty-two".into()),
        frozen_v: Frozen(vec!["f".into(), "g".into()]),
        udt_v: Address {
            street: "1 Main St".into(),
            city: "Springfield".into(),
            zip: None,
        },
        nested_v: vec![Frozen(Address {
            street: "2 Side St".into(),
            city: "Shelbyville".into(),
            zip: Some("12345".into()),
        })],
        missing_v: None,
    }
}

#[tokio::test]
async fn every_type_round_trips() {
    let schema = Schema::new().user_type::<Address>().model::<AllTypes>();
    let (db, ks, h) = setup::setup("orm_types", schema).await;
    let row = sample(1);
    row.insert().execute(&h).await.unwrap();
    let got = AllTypes::get(&h, AllTypesPrimaryKey { id: 1 })
        .await
        .unwrap();
    assert_eq!(got.as_ref(), Some(&row));

    // A projection reads single columns with the same types.
    let (udt, tuple): (Address, (i32, String)) = AllTypes::select()
        .partition(AllTypesPartitionKey { id: 1 })
        .columns((all_types::udt_v, all_types::tuple_v))
        .one(&h)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((udt, tuple), (row.udt_v.clone(), row.tuple_v.clone()));

    // Nulls: `with_nulls` writes a tombstone where the default leaves the cell alone.
    let mut second = sample(2);
    second.missing_v = Some(5);
    second.insert().execute(&h).await.unwrap();
    second.missing_v = None;
    second.insert().execute(&h).await.unwrap();
    let kept = AllTypes::get(&h, AllTypesPrimaryKey { id: 2 })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.missing_v, Some(5));
    second.insert().with_nulls().execute(&h).await.unwrap();
    let cleared = AllTypes::get(&h, AllTypesPrimaryKey { id: 2 })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cleared.missing_v, None);
    ks.drop(db.scylla()).await.unwrap();
}
