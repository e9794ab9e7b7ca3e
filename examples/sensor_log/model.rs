//! The `readings` time series and its projection.

use cql_orm::{Model, Projection, Timeuuid};

/// One reading of a sensor on a day, newest first (table `readings`: a partition per sensor
/// and day keeps partitions bounded; a `timeuuid` clustering column orders the readings).
#[derive(Model, Debug, Clone, PartialEq)]
#[cql(
    table = "readings",
    options(default_time_to_live = 2592000, comment = "30 days of sensor readings")
)]
pub struct Reading {
    /// The sensor.
    #[cql(partition_key)]
    pub sensor: String,
    /// The day, as `YYYYMMDD`.
    #[cql(partition_key)]
    pub day: i32,
    /// When the reading was taken (a time-based UUID: unique even within a millisecond).
    #[cql(clustering_key, order = desc)]
    pub id: Timeuuid,
    /// The measured value.
    pub value: f64,
    /// The sensor's unit, one per partition.
    #[cql(static)]
    pub unit: Option<String>,
}

/// A reading's value with the seconds its `value` cell has left to live.
#[derive(Projection, Debug, Clone, PartialEq)]
#[cql(model = Reading)]
pub struct ValueWithTtl {
    /// The reading's id.
    pub id: Timeuuid,
    /// The value.
    pub value: f64,
    /// `TTL(value)`.
    #[cql(ttl = value)]
    pub ttl: Option<i32>,
}
