//! A per-user activity log: a model with a descending clustering key, a static, an indexed,
//! a set and a renamed map column; inserts with TTL, partition reads, a conditional update,
//! a clustering range and a secondary-index query. Run by the `quickstart` example.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use chrono::{DateTime, Duration, Utc};
use cql_orm::prelude::*;
use cql_orm::{Schema, Session};
use uuid::Uuid;

use crate::check::{found, same};
use crate::ExampleError;

mod model;

pub use model::{user_event, UserEvent, UserEventPartitionKey, UserEventPrimaryKey};

/// The schema of this example.
pub fn schema() -> Schema {
    Schema::new().model::<UserEvent>()
}

/// What [`run`] observed.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The two newest event types, newest first.
    pub latest: Vec<String>,
    /// Whether the conditional update was applied.
    pub update_applied: bool,
    /// The updated event as read back.
    pub updated: UserEvent,
    /// The event types before the third event, oldest first.
    pub earlier: Vec<String>,
    /// How many events the secondary index finds for the device `phone`.
    pub on_phone: usize,
}

/// Creates the schema in `keyspace`, logs four events of one user, then reads, updates and
/// queries them, printing each step to `out`.
pub async fn run<W: Write + Send>(
    db: &Session,
    keyspace: &str,
    out: &mut W,
) -> Result<Outcome, ExampleError> {
    let schema = schema();
    for stmt in schema.ddl(keyspace) {
        writeln!(out, "DDL: {stmt}")?;
    }
    schema.create_all(db, keyspace).await?;
    let ks = db.keyspace(keyspace);

    let user_id = Uuid::new_v4();
    // Cassandra timestamps have millisecond precision.
    let start = DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).unwrap_or_default();
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
    writeln!(out, "inserted 4 events for user {user_id}")?;

    let latest = UserEvent::select()
        .partition(UserEventPartitionKey { user_id })
        .limit(2)
        .all(&ks)
        .await?;
    for e in &latest {
        writeln!(out, "latest: {} at {}", e.event_type, e.event_time)?;
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
    writeln!(out, "conditional update applied: {}", outcome.is_applied())?;

    let updated = found("the updated event", UserEvent::get(&ks, key).await?)?;
    same(
        "the updated event's data",
        &Some("button=buy".to_owned()),
        &updated.data,
    )?;
    writeln!(
        out,
        "read back: {} data={:?} tags={:?}",
        updated.event_type, updated.data, updated.tags
    )?;

    let earlier = UserEvent::select()
        .partition(UserEventPartitionKey { user_id })
        .filter(user_event::event_time.lt(start + Duration::seconds(2)))
        .order_by(user_event::event_time.asc())
        .all(&ks)
        .await?;
    let earlier: Vec<String> = earlier.into_iter().map(|e| e.event_type).collect();
    writeln!(out, "first two events, oldest first: {earlier:?}")?;

    let on_phone = UserEvent::select()
        .filter(user_event::device.eq("phone"))
        .all(&ks)
        .await?
        .len();
    writeln!(out, "events from a phone (secondary index): {on_phone}")?;

    ks.verify::<UserEvent>().await?;
    writeln!(out, "the live table matches the model")?;
    writeln!(out, "prepared-statement cache: {:?}", db.cache_stats())?;
    Ok(Outcome {
        latest: latest.into_iter().map(|e| e.event_type).collect(),
        update_applied: outcome.is_applied(),
        updated,
        earlier,
        on_phone,
    })
}
