//! Syncing keyspaces from models: a clean schema shows no difference, additions become
//! `ALTER`s, removals need the allow flag, key, order, type and kind changes are refused.

// Test code may unwrap and panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
mod common;
#[path = "support/models.rs"]
mod models;

use cql_orm::prelude::*;
use cql_orm_migrate::cql::KsRef;
use cql_orm_migrate::introspect;
use cql_orm_migrate::{
    diff, Change, Error, KeyspaceOptions, Migrator, Plan, RefusalKind, Snapshot, Targets,
};

async fn plan(migrator: &Migrator, ks: &str) -> Plan {
    let mut plans = migrator.plan(&Targets::keyspaces([ks])).await.unwrap();
    assert_eq!(plans.len(), 1);
    plans.remove(0).plan.expect("a schema plan")
}

async fn apply(migrator: &Migrator, ks: &str) -> Vec<String> {
    let mut reports = migrator
        .apply(&Targets::keyspaces([ks]))
        .await
        .unwrap()
        .into_result()
        .unwrap();
    reports.remove(0).applied
}

fn schema(s: cql_orm::Schema) -> Snapshot {
    Snapshot::from_orm(&s)
}

#[tokio::test]
async fn a_synced_keyspace_shows_no_difference() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "sync_clean").await;
    let desired = schema(models::v1::schema()).with_keyspace(KeyspaceOptions::simple(1));
    let migrator = Migrator::new(db.clone())
        .schema(desired.clone())
        .lease(common::quick_lease());

    let applied = apply(&migrator, &ks).await;
    // 2 types, 4 tables, 4 indexes.
    assert_eq!(applied.len(), 10, "{applied:#?}");
    assert_eq!(applied[0], "schema: create type geo", "nested type first");
    assert_eq!(applied[1], "schema: create type address");

    let again = plan(&migrator, &ks).await;
    assert!(again.steps.is_empty(), "{}", again.render(KsRef::Name(&ks)));
    assert!(again.refusals.is_empty(), "{:#?}", again.refusals);
    assert!(again.withheld.is_empty(), "{:#?}", again.withheld);
    migrator.verify(&Targets::keyspaces([&ks])).await.unwrap();

    // The live schema read back equals the desired one after normalisation, in both
    // directions (a live snapshot as the desired schema shows nothing either).
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    assert!(diff(&desired, Some(&live)).is_empty());
    assert!(diff(&live, Some(&live)).is_empty());
    let reread = Snapshot::from_json(&live.to_json(), "live").unwrap();
    assert_eq!(reread, live);
    let shape = live.table("user_events").unwrap();
    assert_eq!(
        shape.column("scores").unwrap().ty.to_string(),
        "map<text, frozen<list<int>>>"
    );
    assert_eq!(
        shape.column("pair").unwrap().ty.to_string(),
        "frozen<tuple<int, text>>"
    );
    assert_eq!(
        shape.column("addresses").unwrap().ty.to_string(),
        "list<frozen<address>>"
    );
    assert_eq!(shape.column("home").unwrap().ty.to_string(), "address");
    assert_eq!(
        shape.column("shape").unwrap().ty.to_string(),
        "frozen<list<int>>"
    );
    assert_eq!(shape.indexes.len(), 4);

    // cql-orm's own model check agrees.
    let handle = db.keyspace(&ks);
    handle.verify::<models::v1::UserEvent>().await.unwrap();
    handle.verify::<models::v1::PageView>().await.unwrap();
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn an_added_field_is_one_alter_table_add_and_a_removed_one_needs_the_flag() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "sync_fields").await;
    let base = Migrator::new(db.clone()).lease(common::quick_lease());
    let v1 = base.clone().schema(schema(
        cql_orm::Schema::new().model::<models::v1::Profile>(),
    ));
    apply(&v1, &ks).await;

    let v2 = base.clone().schema(schema(
        cql_orm::Schema::new().model::<models::added_field::Profile>(),
    ));
    let added = plan(&v2, &ks).await;
    assert_eq!(added.steps.len(), 1, "{}", added.render(KsRef::Name(&ks)));
    assert_eq!(
        added.steps[0].cql(KsRef::Name(&ks)),
        format!("ALTER TABLE {ks}.profiles ADD nickname text")
    );
    assert_eq!(added.steps[0].id, "schema: add column profiles.nickname");
    assert_eq!(
        apply(&v2, &ks).await,
        ["schema: add column profiles.nickname"]
    );
    assert!(plan(&v2, &ks).await.is_empty());

    // Removing `age` and `nickname`: nothing without the flag...
    let v3 = base.clone().schema(schema(
        cql_orm::Schema::new().model::<models::removed_field::Profile>(),
    ));
    let removed = plan(&v3, &ks).await;
    assert!(
        removed.steps.is_empty(),
        "{}",
        removed.render(KsRef::Name(&ks))
    );
    assert_eq!(removed.withheld.len(), 2);
    assert!(removed.withheld.iter().all(Change::is_destructive));
    assert!(apply(&v3, &ks).await.is_empty());
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    assert!(live.table("profiles").unwrap().column("age").is_some());

    // ...and DROPs with it.
    let v3 = v3.allow_destructive(true);
    let drops = plan(&v3, &ks).await;
    let cql: Vec<String> = drops
        .steps
        .iter()
        .map(|s| s.cql(KsRef::Name(&ks)))
        .collect();
    assert_eq!(
        cql,
        [
            format!("ALTER TABLE {ks}.profiles DROP age"),
            format!("ALTER TABLE {ks}.profiles DROP nickname"),
        ]
    );
    assert_eq!(apply(&v3, &ks).await.len(), 2);
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    assert!(live.table("profiles").unwrap().column("age").is_none());
    assert!(plan(&v3, &ks).await.is_empty());
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn key_order_type_and_kind_changes_are_refused_with_a_manual_path() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "sync_refused").await;
    let base = Migrator::new(db.clone()).lease(common::quick_lease());
    apply(
        &base.clone().schema(schema(
            cql_orm::Schema::new()
                .model::<models::v1::Profile>()
                .model::<models::v1::Timeline>(),
        )),
        &ks,
    )
    .await;

    let cases: Vec<(cql_orm::Schema, RefusalKind, &str)> = vec![
        (
            cql_orm::Schema::new().model::<models::new_key::Profile>(),
            RefusalKind::PrimaryKey,
            "the partition key is (id uuid) in the keyspace but (id uuid, name text) in the snapshot",
        ),
        (
            cql_orm::Schema::new().model::<models::new_type::Profile>(),
            RefusalKind::TypeChange,
            "it is `int` in the keyspace but `bigint` in the snapshot",
        ),
        (
            cql_orm::Schema::new().model::<models::timeline_changes::DescTimeline>(),
            RefusalKind::ClusteringOrder,
            "the clustering order is (at ASC) in the keyspace but (at DESC) in the snapshot",
        ),
        (
            cql_orm::Schema::new().model::<models::timeline_changes::StaticBody>(),
            RefusalKind::KindChange,
            "it is regular in the keyspace but static in the snapshot",
        ),
    ];
    for (models, kind, reason) in cases {
        // Keep the other table so that nothing is to be dropped.
        let mut desired = schema(models);
        let live = introspect::keyspace(&db, &ks)
            .await
            .unwrap()
            .unwrap()
            .schema;
        for t in &live.tables {
            if desired.table(&t.name).is_none() {
                desired.tables.push(t.clone());
            }
        }
        let m = base.clone().schema(desired);
        let p = plan(&m, &ks).await;
        assert!(p.steps.is_empty(), "{}", p.render(KsRef::Name(&ks)));
        assert_eq!(p.refusals.len(), 1, "{:#?}", p.refusals);
        let r = &p.refusals[0];
        assert_eq!(r.kind, kind);
        assert!(r.reason.contains(reason), "{}", r.reason);
        assert!(!r.manual.is_empty());
        assert!(p.render(KsRef::Name(&ks)).contains("manual path: "));

        let err = m
            .apply(&Targets::keyspaces([&ks]))
            .await
            .unwrap()
            .into_result()
            .unwrap_err();
        assert_eq!(err.exit_code(), cql_orm_migrate::exit::REFUSED, "{err}");
        assert!(err.to_string().contains(reason), "{err}");
        assert!(matches!(
            m.verify(&Targets::keyspaces([&ks])).await,
            Err(Error::Drift { .. })
        ));
    }
    // Nothing was changed.
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    let age = live.table("profiles").unwrap().column("age").unwrap();
    assert_eq!(age.ty.to_string(), "int");
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn type_fields_options_and_indexes_evolve_in_place() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "sync_evolve").await;
    let base = Migrator::new(db.clone()).lease(common::quick_lease());
    let v1 = cql_orm::Schema::new()
        .user_type::<models::v1::Geo>()
        .user_type::<models::v1::Address>()
        .model::<models::v1::UserEvent>();
    apply(&base.clone().schema(schema(v1)), &ks).await;

    let evolved = cql_orm::Schema::new()
        .user_type::<models::evolved::Geo>()
        .user_type::<models::evolved::Address>()
        .model::<models::evolved::UserEvent>();
    let m = base.clone().schema(schema(evolved));
    let p = plan(&m, &ks).await;
    let cql: Vec<String> = p.steps.iter().map(|s| s.cql(KsRef::Name(&ks))).collect();
    assert_eq!(
        cql,
        [
            format!("ALTER TYPE {ks}.address ADD country text"),
            format!("ALTER TABLE {ks}.user_events WITH comment = 'per-user activity'"),
            format!("DROP INDEX IF EXISTS {ks}.user_events_device_idx"),
        ],
        "{}",
        p.render(KsRef::Name(&ks))
    );
    assert!(p.withheld.is_empty() && p.refusals.is_empty());
    assert_eq!(apply(&m, &ks).await.len(), 3);
    assert!(plan(&m, &ks).await.is_empty());
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    assert_eq!(
        live.table("user_events").unwrap().options["comment"],
        cql_orm_migrate::model::OptionValue::Text("per-user activity".into())
    );
    assert_eq!(live.user_type("address").unwrap().fields.len(), 5);
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn hand_written_spellings_do_not_show_a_false_difference() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "sync_spelling").await;
    for stmt in [
        format!("CREATE TYPE {ks}.\"Point\" (X double, \"Y\" DOUBLE)"),
        format!(
            "CREATE TABLE {ks}.Readings (Sensor VARCHAR, \"Day\" int, at TIMESTAMP, \
             vals Map<Text, frozen<List<INT>>>, pt frozen<\"Point\">, pts list<frozen<\"Point\">>, \
             pair Tuple<int,varchar>, PRIMARY KEY ((Sensor, \"Day\"), at)) \
             WITH CLUSTERING ORDER BY (at DESC) AND compaction = {{'class': 'LeveledCompactionStrategy'}} \
             AND speculative_retry = '99PERCENTILE' AND crc_check_chance = 1"
        ),
        format!("CREATE INDEX ON {ks}.readings (KEYS(vals))"),
    ] {
        db.execute_raw(&stmt).await.unwrap();
    }
    // The same schema as a person might write the snapshot: other case, spacing,
    // quoting and frozen spellings, short class names, integers for doubles.
    let snapshot = r#"{
      "format": 1,
      "keyspace": {"replication": {"class": "SimpleStrategy", "replication_factor": "1"}},
      "types": [{"name": "Point", "fields": [{"name": "x", "type": "DOUBLE"}, {"name": "Y", "type": "double"}]}],
      "tables": [{
        "name": "readings",
        "columns": [
          {"name": "sensor", "type": "text", "kind": "partition_key"},
          {"name": "Day", "type": "INT", "kind": "partition_key", "position": 1},
          {"name": "at", "type": "timestamp", "kind": "clustering", "order": "desc"},
          {"name": "vals", "type": "map<varchar,list<int>>"},
          {"name": "pt", "type": "frozen< \"Point\" >"},
          {"name": "pts", "type": "list<\"Point\">"},
          {"name": "pair", "type": "frozen<tuple<int, text>>"}
        ],
        "options": {
          "compaction": {"class": "org.apache.cassandra.db.compaction.LeveledCompactionStrategy"},
          "speculative_retry": "99p",
          "crc_check_chance": 1.0
        },
        "indexes": [{"name": "readings_vals_idx", "column": "vals", "target": "keys"}]
      }]
    }"#;
    let desired = Snapshot::from_json(snapshot, "test").unwrap();
    let m = Migrator::new(db.clone()).schema(desired);
    let p = plan(&m, &ks).await;
    assert!(p.is_empty(), "{}", p.render(KsRef::Name(&ks)));
    assert!(p.withheld.is_empty(), "{:#?}", p.withheld);
    common::drop_keyspace(&db, &ks).await;
}

#[test]
fn the_plan_of_a_new_keyspace_is_in_dependency_order() {
    let desired = schema(models::v1::schema()).with_keyspace(KeyspaceOptions::simple(3));
    let plan = Plan::new(diff(&desired, None), false);
    insta::assert_snapshot!("new_keyspace_plan", plan.render(KsRef::Name("app")));
}

#[test]
fn model_snapshots_round_trip_through_json() {
    let desired =
        schema(models::v1::schema()).with_keyspace(KeyspaceOptions::network_topology([("dc1", 3)]));
    let json = desired.to_json();
    assert_eq!(Snapshot::from_json(&json, "test").unwrap(), desired);
    insta::assert_snapshot!("v1_snapshot", json);
}

#[tokio::test]
async fn only_what_an_applied_snapshot_had_is_ever_dropped() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "sync_owned").await;
    // Created by hand before the migrator came: a table, a type, an index on a model table.
    for stmt in [
        format!("CREATE TABLE {ks}.legacy (k int PRIMARY KEY, v text)"),
        format!("CREATE TYPE {ks}.legacy_t (a int)"),
        format!("CREATE TABLE {ks}.profiles (id uuid PRIMARY KEY, name text, age int, notes text)"),
        format!("CREATE INDEX profiles_name_idx ON {ks}.profiles (name)"),
    ] {
        db.execute_raw(&stmt).await.unwrap();
    }
    let both = cql_orm::Schema::new()
        .model::<models::v1::Profile>()
        .model::<models::v1::Timeline>();
    let m = Migrator::new(db.clone())
        .schema(schema(both))
        .allow_destructive(true)
        .lease(common::quick_lease());
    // Even with drops allowed, nothing the migrator did not create goes.
    let first = plan(&m, &ks).await;
    let cql: Vec<String> = first
        .steps
        .iter()
        .map(|s| s.cql(KsRef::Name(&ks)))
        .collect();
    assert_eq!(cql.len(), 1, "{cql:#?}");
    assert!(cql[0].starts_with(&format!("CREATE TABLE IF NOT EXISTS {ks}.timeline")));
    assert_eq!(apply(&m, &ks).await.len(), 1);
    assert!(plan(&m, &ks).await.is_empty());
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    assert!(live.table("legacy").is_some() && live.user_type("legacy_t").is_some());
    assert!(live.table("profiles").unwrap().column("notes").is_some());
    assert!(live
        .table("profiles")
        .unwrap()
        .index("profiles_name_idx")
        .is_some());

    // A model the migrator applied and that is gone from the snapshot is dropped (with the
    // flag), and the hand-made objects still stay.
    let m = m.schema(schema(
        cql_orm::Schema::new().model::<models::v1::Profile>(),
    ));
    let drop = plan(&m, &ks).await;
    let cql: Vec<String> = drop.steps.iter().map(|s| s.cql(KsRef::Name(&ks))).collect();
    assert_eq!(cql, [format!("DROP TABLE IF EXISTS {ks}.timeline")]);
    assert_eq!(apply(&m, &ks).await.len(), 1);
    let live = introspect::keyspace(&db, &ks)
        .await
        .unwrap()
        .unwrap()
        .schema;
    assert!(live.table("timeline").is_none());
    assert!(live.table("legacy").is_some());
    common::drop_keyspace(&db, &ks).await;
}
