//! Models exercising the whole CQL data model (included with `#[path]`).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use cql_orm::{Counter, Frozen, Model, Projection, Timeuuid, UserType};
use uuid::Uuid;

/// A UDT nested in another.
#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "geo")]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
}

/// A UDT with a nested UDT, an optional field and a renamed field.
#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "place")]
pub struct Place {
    pub street: String,
    #[cql(name = "postal_code")]
    pub zip: Option<String>,
    pub geo: Option<Frozen<Geo>>,
}

/// Every collection shape, frozen and nested, and UDTs inside collections.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "profiles")]
pub struct Profile {
    #[cql(partition_key)]
    pub id: Uuid,
    #[cql(index)]
    pub tags: BTreeSet<String>,
    pub history: Vec<String>,
    #[cql(index = "keys")]
    pub prefs: BTreeMap<String, String>,
    pub scores: BTreeMap<String, i32>,
    pub frozen_tags: Frozen<BTreeSet<String>>,
    pub nested: BTreeMap<String, Frozen<Vec<Frozen<BTreeSet<i32>>>>>,
    pub home: Option<Place>,
    pub places: Vec<Frozen<Place>>,
    pub by_name: BTreeMap<String, Frozen<Place>>,
}

/// A UDT holding a UDT and a list of UDTs, neither written `Frozen`: the DDL freezes them.
#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "route")]
pub struct Route {
    pub from: Geo,
    pub stops: Vec<Geo>,
}

/// UDTs and collections nested without `Frozen`, frozen by the DDL as CQL requires.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "trips")]
pub struct Trip {
    #[cql(partition_key)]
    pub id: i32,
    pub route: Route,
    pub waypoints: Vec<Geo>,
    pub legs: BTreeMap<String, Vec<i32>>,
}

/// A UDT frozen in the primary key.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "visits")]
pub struct Visit {
    #[cql(partition_key)]
    pub place: Frozen<Place>,
    #[cql(clustering_key)]
    pub at: i64,
    pub who: String,
}

/// A time series on a timeuuid clustering column, with a static column.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "sensor_events", options(default_time_to_live = 86400))]
pub struct SensorEvent {
    #[cql(partition_key)]
    pub sensor: String,
    #[cql(clustering_key, order = desc)]
    pub id: Timeuuid,
    pub value: f64,
    pub note: Option<String>,
    #[cql(static)]
    pub location: Option<String>,
    #[cql(static)]
    pub labels: BTreeSet<String>,
}

/// A projection of [`SensorEvent`] into a struct, with the TTL and write time of a column.
#[derive(Projection, Debug, Clone, PartialEq)]
#[cql(model = SensorEvent)]
pub struct EventValue {
    pub id: Timeuuid,
    pub value: f64,
    #[cql(ttl = value)]
    pub value_ttl: Option<i32>,
    #[cql(writetime = value)]
    pub written: Option<i64>,
}

/// A wide table with two clustering columns, for range deletes and counts.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "grid")]
pub struct Cell {
    #[cql(partition_key)]
    pub sheet: i32,
    #[cql(clustering_key)]
    pub row: i32,
    #[cql(clustering_key)]
    pub col: i32,
    pub value: String,
}

/// Accounts with a conditional (LWT) balance.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "ledger")]
pub struct Entry {
    #[cql(partition_key)]
    pub account: String,
    #[cql(clustering_key)]
    pub seq: i32,
    pub amount: i64,
    #[cql(static)]
    pub balance: Option<i64>,
}

/// A counter table.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "hits")]
pub struct Hits {
    #[cql(partition_key)]
    pub page: String,
    #[cql(clustering_key)]
    pub day: i32,
    pub views: Counter,
    pub clicks: Counter,
}

/// A keyed table for full scans.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "accounts")]
pub struct Account {
    #[cql(partition_key)]
    pub id: i32,
    pub owner: String,
    pub opened: DateTime<Utc>,
    pub flags: HashMap<String, bool>,
}
