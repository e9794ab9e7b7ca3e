//! Quickstart: start an in-process embedded CQL node, define a model, create its schema,
//! write, read and query it, printing what happens.
//!
//! Run with `cargo run -p cql-orm-examples --example quickstart`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use cql_orm::prelude::*;
use cql_orm::{Model, Schema, Session};
use uuid::Uuid;

/// One event in a user's activity log, newest first.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "user_events", options(comment = "per-user log"))]
pub struct UserEvent {
    #[cql(partition_key)]
    pub user_id: Uuid,
    #[cql(clustering_key, order = desc)]
    pub event_time: DateTime<Utc>,
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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());

    let db = Session::connect([server.addr().to_string()]).await?;
    let schema = Schema::new().model::<UserEvent>();
    for stmt in schema.ddl("quickstart") {
        println!("DDL: {stmt}");
    }
    schema.create_all(&db, "quickstart").await?;
    let ks = db.keyspace("quickstart");

    let user_id = Uuid::new_v4();
    let start = Utc::now();
    for (i, kind) in ["login", "click", "click", "logout"]
        .into_iter()
        .enumerate()
    {
        let event = UserEvent {
            user_id,
            event_time: start + Duration::seconds(i as i64),
            event_type: kind.to_owned(),
            data: None,
            user_name: Some("ada".to_owned()),
            device: Some(if i % 2 == 0 { "phone" } else { "laptop" }.to_owned()),
            tags: HashSet::from([kind.to_owned()]),
            metadata: HashMap::new(),
        };
        event.insert().ttl(86_400).execute(&ks).await?;
    }
    println!("inserted 4 events for user {user_id}");

    let latest = UserEvent::select()
        .partition(UserEventPartitionKey { user_id })
        .limit(2)
        .all(&ks)
        .await?;
    for e in &latest {
        println!("latest: {} at {}", e.event_type, e.event_time);
    }

    let key = UserEventPrimaryKey {
        user_id,
        event_time: start + Duration::seconds(1),
    };
    let outcome = UserEvent::update(key.clone())
        .set(user_event::data, Some("button=buy".to_owned()))
        .add(user_event::tags, ["purchase"])
        .if_(user_event::event_type.eq("click"))
        .execute(&ks)
        .await?;
    println!("conditional update applied: {}", outcome.is_applied());

    if let Some(e) = UserEvent::get(&ks, key).await? {
        println!(
            "read back: {} data={:?} tags={:?}",
            e.event_type, e.data, e.tags
        );
    }

    let earlier = UserEvent::select()
        .partition(UserEventPartitionKey { user_id })
        .filter(user_event::event_time.lt(start + Duration::seconds(2)))
        .order_by(user_event::event_time.asc())
        .all(&ks)
        .await?;
    println!(
        "first two events, oldest first: {:?}",
        earlier.iter().map(|e| &e.event_type).collect::<Vec<_>>()
    );

    let on_phone = UserEvent::select()
        .filter(user_event::device.eq("phone"))
        .all(&ks)
        .await?;
    println!("events from a phone (secondary index): {}", on_phone.len());

    ks.verify::<UserEvent>().await?;
    println!("the live table matches the model");
    println!("prepared-statement cache: {:?}", db.cache_stats());

    server.shutdown().await;
    Ok(())
}
