//! The design's example model: every table-level and column-level attribute at once.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use cql_orm::model::{ClusteringOrder, ColumnKind, IndexTarget, OptionValue};
use cql_orm::Model;
use uuid::Uuid;

#[derive(Model, Debug, Clone, PartialEq)]
#[cql(
    table = "user_events",
    keyspace = "app",
    options(
        default_time_to_live = 0,
        comment = "per-user log",
        gc_grace_seconds = 864000,
        compaction(class = "TimeWindowCompactionStrategy", compaction_window_size = 1),
    )
)]
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
    #[cql(name = "meta", index = "keys")]
    pub metadata: HashMap<String, String>,
}

fn main() {
    assert_eq!(UserEvent::TABLE, "user_events");
    assert_eq!(UserEvent::KEYSPACE, Some("app"));
    let cols = UserEvent::COLUMNS;
    let names: Vec<&str> = cols.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        ["user_id", "event_time", "event_type", "data", "user_name", "device", "tags", "meta"]
    );
    assert_eq!(cols[0].kind, ColumnKind::PartitionKey);
    assert_eq!(cols[1].kind, ColumnKind::Clustering);
    assert_eq!(cols[1].order, ClusteringOrder::Desc);
    assert_eq!(cols[4].kind, ColumnKind::Static);
    assert_eq!(cols[7].field, "metadata");
    let types: Vec<String> = cols.iter().map(|c| c.cql_type.to_string()).collect();
    assert_eq!(
        types,
        ["uuid", "timestamp", "text", "text", "text", "text", "set<text>", "map<text, text>"]
    );
    let device = cols[5].index.map(|i| (i.name, i.target));
    assert_eq!(device, Some(("user_events_device_idx", IndexTarget::Values)));
    assert_eq!(cols[7].index.map(|i| i.target), Some(IndexTarget::Keys));

    let opts: Vec<&str> = UserEvent::OPTIONS.iter().map(|o| o.name).collect();
    assert_eq!(opts, ["default_time_to_live", "comment", "gc_grace_seconds", "compaction"]);
    assert_eq!(UserEvent::OPTIONS[1].value, OptionValue::Str("per-user log"));

    let st = UserEvent::STATEMENTS;
    assert_eq!(
        st.select_by_primary_key.render("\"app\".\"user_events\""),
        "SELECT \"user_id\", \"event_time\", \"event_type\", \"data\", \"user_name\", \
         \"device\", \"tags\", \"meta\" FROM \"app\".\"user_events\" \
         WHERE \"user_id\" = ? AND \"event_time\" = ?"
    );
    assert_eq!(
        st.select_partition.tail,
        " WHERE \"user_id\" = ?"
    );

    let event = UserEvent {
        user_id: Uuid::nil(),
        event_time: DateTime::<Utc>::UNIX_EPOCH,
        event_type: "click".into(),
        data: None,
        user_name: None,
        device: None,
        tags: HashSet::new(),
        metadata: HashMap::new(),
    };
    let key: UserEventPrimaryKey = event.primary_key();
    assert_eq!(key, UserEventPrimaryKey { user_id: Uuid::nil(), event_time: DateTime::<Utc>::UNIX_EPOCH });
    let partition: UserEventPartitionKey = event.partition_key();
    assert_eq!(partition.user_id, Uuid::nil());
    let _columns = (user_event::user_id, user_event::event_time, user_event::metadata);
}
