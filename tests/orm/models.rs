//! Models shared by the ORM integration tests (included with `#[path]`).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

use bigdecimal::BigDecimal;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use cql_orm::{Counter, CqlDuration, Frozen, Model, Timeuuid, UserType};
use num_bigint::BigInt;
use uuid::Uuid;

/// The model from the design document: static, indexed and collection columns.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(
    table = "user_events",
    options(default_time_to_live = 0, comment = "per-user log")
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
    #[cql(name = "meta")]
    pub metadata: HashMap<String, String>,
}

/// A composite partition key and two clustering columns in mixed orders.
#[derive(Model, Debug, Clone, PartialEq)]
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
    pub notes: Vec<String>,
}

/// A counter table.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "page_views")]
pub struct PageView {
    #[cql(partition_key)]
    pub page: String,
    pub views: Counter,
    pub likes: Counter,
}

/// A user-defined type.
#[derive(UserType, Debug, Clone, PartialEq)]
#[cql(name = "address")]
pub struct Address {
    pub street: String,
    pub city: String,
    pub zip: Option<String>,
}

/// One column of every supported type.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "all_types")]
pub struct AllTypes {
    #[cql(partition_key)]
    pub id: i32,
    pub text_v: String,
    #[cql(type = "ascii")]
    pub ascii_v: String,
    pub tinyint_v: i8,
    pub smallint_v: i16,
    pub int_v: i32,
    pub bigint_v: i64,
    pub float_v: f32,
    pub double_v: f64,
    pub boolean_v: bool,
    pub uuid_v: Uuid,
    pub timeuuid_v: Timeuuid,
    pub timestamp_v: DateTime<Utc>,
    pub date_v: NaiveDate,
    pub time_v: NaiveTime,
    pub blob_v: Vec<u8>,
    pub inet_v: IpAddr,
    pub decimal_v: BigDecimal,
    pub varint_v: BigInt,
    pub duration_v: CqlDuration,
    pub list_v: Vec<i32>,
    pub set_v: BTreeSet<String>,
    pub map_v: BTreeMap<String, i64>,
    pub tuple_v: (i32, String),
    pub frozen_v: Frozen<Vec<String>>,
    pub udt_v: Address,
    pub nested_v: Vec<Frozen<Address>>,
    pub missing_v: Option<i32>,
}

/// A plain wide partition for paging and streaming.
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(table = "items")]
pub struct Item {
    #[cql(partition_key)]
    pub part: i32,
    #[cql(clustering_key)]
    pub n: i32,
    pub payload: String,
}
