//! Runs the logic of every example (`quickstart`, `user_types`, `counters`) against the test
//! node, each in a fresh keyspace, and checks what it returned and printed.
#![allow(
    clippy::unwrap_used,
    reason = "test code: a failed expectation is a failed test"
)]

use std::collections::BTreeMap;

use cql_orm::prelude::*;
use cql_orm::{Frozen, Session};
use cql_orm_examples::{contacts, page_views, sensor_log, user_events};
use cql_orm_tests::TestKeyspace;

async fn session(prefix: &str) -> (Session, TestKeyspace) {
    let driver = cql_orm_tests::connect().await.unwrap();
    let ks = cql_orm_tests::fresh_keyspace(&driver, prefix)
        .await
        .unwrap();
    (Session::from_scylla(driver), ks)
}

fn printed(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn quickstart_logs_reads_updates_and_queries_events() {
    let (db, ks) = session("ex_quickstart").await;
    let mut out = Vec::new();
    let got = user_events::run(&db, ks.name(), &mut out).await.unwrap();
    assert_eq!(got.latest, ["logout", "click"]);
    assert!(got.update_applied);
    assert_eq!(got.updated.event_type, "click");
    assert_eq!(got.updated.data.as_deref(), Some("button=buy"));
    assert_eq!(
        got.updated.tags,
        ["click", "purchase"].map(str::to_owned).into()
    );
    assert_eq!(got.earlier, ["login", "click"]);
    assert_eq!(got.on_phone, 2);
    let out = printed(out);
    assert!(out.contains("conditional update applied: true"), "{out}");
    assert!(out.contains("the live table matches the model"), "{out}");
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn user_types_round_trip_nested_collected_optional_and_renamed() {
    let (db, ks) = session("ex_user_types").await;
    let mut out = Vec::new();
    let got = contacts::run(&db, ks.name(), &mut out).await.unwrap();

    // Types in dependency order, then the table.
    let heads: Vec<&str> = got
        .ddl
        .iter()
        .map(|s| s.split(" (").next().unwrap())
        .collect();
    let ks_name = ks.name();
    assert_eq!(
        heads,
        [
            format!("CREATE TYPE IF NOT EXISTS \"{ks_name}\".\"address\""),
            format!("CREATE TYPE IF NOT EXISTS \"{ks_name}\".\"contact\""),
            format!("CREATE TABLE IF NOT EXISTS \"{ks_name}\".\"people\""),
        ]
    );
    assert!(got.ddl[0].contains("\"postcode\" text"), "{}", got.ddl[0]);
    assert!(
        got.ddl[1].contains("\"mailing\" frozen<\"address\">"),
        "{}",
        got.ddl[1]
    );
    assert!(got.ddl[2].contains("\"nick\" text"), "{}", got.ddl[2]);

    assert_eq!(got.read, got.written);
    // Read again here, independently of the example.
    let h = db.keyspace(ks.name());
    let people = contacts::Person::select()
        .partition(contacts::PersonPartitionKey {
            book: "friends".into(),
        })
        .all(&h)
        .await
        .unwrap();
    assert_eq!(people, got.written);
    let mut expected = contacts::sample_people("friends");
    expected[1].addresses.insert(
        "work".into(),
        Frozen(contacts::Address {
            street: "Manchester University".into(),
            city: "Manchester".into(),
            zip: Some("M13 9PL".into()),
        }),
    );
    assert_eq!(people, expected);
    let (ada, alan) = (&people[0], &people[1]);
    assert_eq!(ada.contact.mailing.zip.as_deref(), Some("N1 7AA"));
    assert_eq!(ada.previous.len(), 2);
    assert!(ada.billing.is_some());
    assert_eq!(alan.billing, None);
    assert_eq!(alan.nickname, None);
    assert_eq!(
        alan.addresses.keys().collect::<Vec<_>>(),
        ["work"],
        "the map update added one entry"
    );

    let out = printed(out);
    assert!(
        out.contains("every person reads back equal to what was written"),
        "{out}"
    );
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn counters_add_up_across_updates_concurrency_and_a_batch() {
    let (db, ks) = session("ex_counters").await;
    let mut out = Vec::new();
    let got = page_views::run(&db, ks.name(), &mut out).await.unwrap();
    let read: Vec<(&str, i64, i64)> = got
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.views.0, p.likes.0))
        .collect();
    let docs_views = page_views::CONCURRENT_VIEWS;
    assert_eq!(
        read,
        [
            ("/", 2, 3),
            ("/about", 0, 1),
            ("/blog", 7, 1),
            ("/docs", docs_views, 4)
        ]
    );
    let tallied: BTreeMap<&str, (i64, i64)> =
        got.expected.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        tallied,
        BTreeMap::from([
            ("/", (2, 3)),
            ("/about", (0, 1)),
            ("/blog", (7, 1)),
            ("/docs", (docs_views, 4))
        ])
    );
    let out = printed(out);
    assert!(out.contains("every counter matches the tally"), "{out}");
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn time_series_answers_time_ranges_newest_first() {
    let (db, ks) = session("ex_time_series").await;
    let mut out = Vec::new();
    let got = sensor_log::run(&db, ks.name(), &mut out).await.unwrap();
    assert_eq!(got.written, 240);
    // Minutes 19 down to 15, four readings each.
    let expected: Vec<i64> = (15..20).rev().flat_map(|m| [m; 4]).collect();
    assert_eq!(got.window_minutes, expected);
    let last = sensor_log::MINUTES - 1;
    assert_eq!(
        got.latest,
        [3, 2, 1].map(|n| sensor_log::value(last, n)).to_vec()
    );
    assert!((got.latest[0] - 25.93).abs() < 1e-9);
    assert_eq!(got.unit.as_deref(), Some("°C"));
    let ttl = got.short_ttl.unwrap();
    assert!((3590..=3600).contains(&ttl), "{ttl}");
    let printed = printed(out);
    assert!(
        printed.contains("wrote 240 readings in 3 batches"),
        "{printed}"
    );
    assert!(
        printed.contains("default_time_to_live = 2592000"),
        "{printed}"
    );
    ks.drop(db.scylla()).await.unwrap();
}
