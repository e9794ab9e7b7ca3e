//! Unit tests over derived models: statement texts, DDL and builder rendering.

use std::collections::{HashMap, HashSet};

use crate::prelude::*;
use crate::query::cond::CondState;
use crate::schema::{create_index_cql, create_table_cql, render_statements, TableSchema};
use crate::{Frozen, Schema, UserType};

#[derive(crate::Model, Debug, Clone, PartialEq)]
#[cql(
    table = "user_events",
    options(default_time_to_live = 0, comment = "per-user log")
)]
pub struct UserEvent {
    #[cql(partition_key)]
    pub user_id: uuid::Uuid,
    #[cql(clustering_key, order = desc)]
    pub event_time: chrono::DateTime<chrono::Utc>,
    pub event_type: String,
    pub data: Option<String>,
    #[cql(static)]
    pub user_name: Option<String>,
    #[cql(index)]
    pub device: Option<String>,
    pub tags: HashSet<String>,
    #[cql(name = "meta")]
    pub metadata: HashMap<String, String>,
}

#[derive(crate::Model, Debug, Clone, PartialEq)]
#[cql(table = "readings")]
pub struct Reading {
    #[cql(partition_key)]
    pub sensor: String,
    #[cql(partition_key)]
    pub day: i32,
    #[cql(clustering_key, order = desc)]
    pub at: i64,
    #[cql(clustering_key)]
    pub seq: i32,
    pub value: f64,
}

#[derive(crate::UserType, Debug, Clone, PartialEq)]
#[cql(name = "address")]
pub struct Address {
    pub street: String,
    pub zip: Option<String>,
}

#[derive(crate::UserType, Debug, Clone, PartialEq)]
#[cql(name = "person")]
pub struct Person {
    pub name: String,
    pub home: Frozen<Address>,
}

#[test]
fn generated_statements_match_the_runtime_rendering() {
    assert!(render_statements(UserEvent::COLUMNS).matches(&UserEvent::STATEMENTS));
    assert!(render_statements(Reading::COLUMNS).matches(&Reading::STATEMENTS));
    assert_eq!(
        Reading::STATEMENTS
            .select_partition
            .render("\"ks\".\"readings\""),
        "SELECT \"sensor\", \"day\", \"at\", \"seq\", \"value\" FROM \"ks\".\"readings\" \
         WHERE \"sensor\" = ? AND \"day\" = ?"
    );
}

#[test]
fn create_table_renders_keys_orders_static_and_options() {
    assert_eq!(
        create_table_cql("app", &TableSchema::of::<UserEvent>()),
        "CREATE TABLE IF NOT EXISTS \"app\".\"user_events\" (\"user_id\" uuid, \
         \"event_time\" timestamp, \"event_type\" text, \"data\" text, \"user_name\" text STATIC, \
         \"device\" text, \"tags\" set<text>, \"meta\" map<text, text>, \
         PRIMARY KEY (\"user_id\", \"event_time\")) WITH CLUSTERING ORDER BY (\"event_time\" DESC) \
         AND default_time_to_live = 0 AND comment = 'per-user log'"
    );
    assert_eq!(
        create_table_cql("app", &TableSchema::of::<Reading>()),
        "CREATE TABLE IF NOT EXISTS \"app\".\"readings\" (\"sensor\" text, \"day\" int, \
         \"at\" bigint, \"seq\" int, \"value\" double, \
         PRIMARY KEY ((\"sensor\", \"day\"), \"at\", \"seq\")) \
         WITH CLUSTERING ORDER BY (\"at\" DESC, \"seq\" ASC)"
    );
    assert_eq!(
        create_index_cql("app", &TableSchema::of::<UserEvent>()),
        vec!["CREATE INDEX IF NOT EXISTS \"user_events_device_idx\" ON \"app\".\"user_events\" (\"device\")"]
    );
}

#[test]
fn schema_orders_types_before_the_types_using_them() {
    let schema = Schema::new()
        .user_type::<Person>()
        .user_type::<Address>()
        .model::<Reading>();
    let ddl = schema.ddl("ks");
    assert_eq!(
        ddl,
        vec![
            "CREATE TYPE IF NOT EXISTS \"ks\".\"address\" (\"street\" text, \"zip\" text)".to_owned(),
            "CREATE TYPE IF NOT EXISTS \"ks\".\"person\" (\"name\" text, \"home\" frozen<\"address\">)"
                .to_owned(),
            create_table_cql("ks", &TableSchema::of::<Reading>()),
        ]
    );
    assert_eq!(<Person as UserType>::NAME, "person");
}

#[test]
fn select_builder_renders_restrictions_in_order() {
    let q = Reading::select()
        .partition(ReadingPartitionKey {
            sensor: "s".into(),
            day: 1,
        })
        .filter(reading::at.eq(5))
        .filter(reading::seq.gt(1))
        .filter(reading::seq.le(9))
        .order_by(reading::at.asc())
        .order_by(reading::seq.desc())
        .per_partition_limit(3)
        .limit(10);
    assert_eq!(
        q.text_for("\"ks\".\"readings\""),
        "SELECT \"sensor\", \"day\", \"at\", \"seq\", \"value\" FROM \"ks\".\"readings\" \
         WHERE \"sensor\" = ? AND \"day\" = ? AND \"at\" = ? AND \"seq\" > ? AND \"seq\" <= ? \
         ORDER BY \"at\" ASC, \"seq\" DESC PER PARTITION LIMIT ? LIMIT ?"
    );

    let q = UserEvent::select()
        .filter(user_event::device.eq("phone"))
        .filter(user_event::tags.contains("a"))
        .allow_filtering()
        .columns((user_event::user_id, user_event::metadata));
    assert_eq!(
        q.text_for("\"user_events\""),
        "SELECT \"user_id\", \"meta\" FROM \"user_events\" WHERE \"device\" = ? \
         AND \"tags\" CONTAINS ? ALLOW FILTERING"
    );
}

#[test]
fn update_and_delete_builders_render_assignments_and_conditions() {
    let key = || UserEventPrimaryKey {
        user_id: uuid::Uuid::nil(),
        event_time: chrono::DateTime::UNIX_EPOCH,
    };
    let u = UserEvent::update(key())
        .set(user_event::data, Some("x".to_owned()))
        .add(user_event::tags, ["a"])
        .put(user_event::metadata, "k", "v")
        .ttl(60)
        .if_(user_event::event_type.eq("click"));
    assert_eq!(
        u.text("\"t\""),
        "UPDATE \"t\" USING TTL ? SET \"data\" = ?, \"tags\" = \"tags\" + ?, \"meta\"[?] = ? \
         WHERE \"user_id\" = ? AND \"event_time\" = ? IF \"event_type\" = ?"
    );
    assert!(!u.is_idempotent());

    let d = UserEvent::delete(key())
        .column(user_event::device)
        .if_exists();
    assert_eq!(
        d.text("\"t\""),
        "DELETE \"device\" FROM \"t\" WHERE \"user_id\" = ? AND \"event_time\" = ? IF EXISTS"
    );
    let d = UserEvent::delete_partition(UserEventPartitionKey {
        user_id: uuid::Uuid::nil(),
    });
    assert_eq!(d.text("\"t\""), "DELETE FROM \"t\" WHERE \"user_id\" = ?");
    const { assert!(<crate::query::cond::IfExists as CondState>::LWT) };
}

#[test]
fn empty_single_column_partition_keys_are_refused() {
    let key = ReadingPartitionKey {
        sensor: String::new(),
        day: 1,
    };
    // Composite keys may hold an empty component.
    assert!(crate::query::values::check_partition_key::<Reading, _>(&key).is_ok());
    #[derive(crate::Model, Debug, Clone)]
    #[cql(table = "by_name")]
    pub struct ByName {
        #[cql(partition_key)]
        pub name: String,
        pub v: i32,
    }
    let err = crate::query::values::check_partition_key::<ByName, _>(&ByNamePartitionKey {
        name: String::new(),
    })
    .unwrap_err();
    assert!(matches!(err, crate::Error::Validation(_)), "{err}");
    assert!(
        crate::query::values::check_partition_key::<ByName, _>(&ByNamePartitionKey {
            name: "x".into(),
        })
        .is_ok()
    );
}
