//! A time series: readings on a `timeuuid` clustering column, queried by time range with
//! `minTimeuuid` / `maxTimeuuid`, newest first, with a per-table and a per-statement TTL, a
//! static column, the remaining TTL read back and parallel writes. Run by the `time_series`
//! example.

use std::io::Write;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cql_orm::prelude::*;
use cql_orm::query::{insert_by_partition, SplitLimits};
use cql_orm::{Schema, Session, Timeuuid};

use crate::check::{found, same};
use crate::ExampleError;

mod model;

pub use model::{reading, Reading, ReadingPartitionKey, ValueWithTtl};

/// The schema of this example.
pub fn schema() -> Schema {
    Schema::new().model::<Reading>()
}

/// The sensor [`run`] records.
pub const SENSOR: &str = "greenhouse-1";
/// The day [`run`] records (`YYYYMMDD`).
pub const DAY: i32 = 20240601;
/// Readings per minute.
pub const PER_MINUTE: i64 = 4;
/// Minutes recorded.
pub const MINUTES: i64 = 60;

/// What [`run`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Readings written.
    pub written: usize,
    /// Readings between 10:15 and 10:19:59.999, newest first: their minute offsets.
    pub window_minutes: Vec<i64>,
    /// The latest three values.
    pub latest: Vec<f64>,
    /// The unit stored once for the partition.
    pub unit: Option<String>,
    /// The remaining TTL of a reading written with a 1-hour TTL.
    pub short_ttl: Option<i32>,
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 10, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The value [`run`] records for reading `n` of `minute`.
pub fn value(minute: i64, n: i64) -> f64 {
    20.0 + minute as f64 / 10.0 + n as f64 / 100.0
}

/// Creates the schema, writes an hour of readings (as per-partition batches, in parallel),
/// queries a five-minute window, the latest readings and the static unit, writes one reading
/// with a short TTL and reads its remaining TTL. Prints each step to `out`.
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
    let pk = || ReadingPartitionKey {
        sensor: SENSOR.to_owned(),
        day: DAY,
    };

    // The unit is static: written once for the partition, by its key alone.
    Reading::update_static(pk())
        .set(reading::unit, Some("°C".to_owned()))
        .execute(&ks)
        .await?;

    let t0 = start();
    let mut rows = Vec::new();
    for minute in 0..MINUTES {
        for n in 0..PER_MINUTE {
            let at = t0 + Duration::minutes(minute) + Duration::seconds(n * 15);
            rows.push(Reading {
                sensor: SENSOR.to_owned(),
                day: DAY,
                id: Timeuuid::from_datetime(at),
                value: value(minute, n),
                unit: None,
            });
        }
    }
    let report = insert_by_partition(&ks, &rows, SplitLimits::default()).await?;
    writeln!(
        out,
        "wrote {} readings in {} batches of one partition",
        report.rows, report.batches
    )?;

    // 10:15:00.000 to 10:19:59.999, by the readings' own timestamps.
    let from = t0 + Duration::minutes(15);
    let to = t0 + Duration::minutes(20) - Duration::milliseconds(1);
    let window = Reading::select()
        .partition(pk())
        .filter(reading::id.since(from))
        .filter(reading::id.until(to))
        .all(&ks)
        .await?;
    let window_minutes: Vec<i64> = window
        .iter()
        .map(|r| (r.id.datetime() - t0).num_minutes())
        .collect();
    writeln!(
        out,
        "{} readings from {} to {}, newest first: minutes {:?}",
        window.len(),
        from.format("%H:%M:%S"),
        to.format("%H:%M:%S%.3f"),
        window_minutes
    )?;
    same(
        "readings in the window",
        &(5 * PER_MINUTE as usize),
        &window.len(),
    )?;

    let latest: Vec<f64> = Reading::select()
        .partition(pk())
        .limit(3)
        .all(&ks)
        .await?
        .into_iter()
        .map(|r| r.value)
        .collect();
    writeln!(out, "latest three values: {latest:?}")?;
    same(
        "latest values",
        &vec![
            value(MINUTES - 1, 3),
            value(MINUTES - 1, 2),
            value(MINUTES - 1, 1),
        ],
        &latest,
    )?;

    let unit = found(
        "the partition's unit",
        Reading::select()
            .partition(pk())
            .columns((reading::unit,))
            .one(&ks)
            .await?,
    )?
    .0;
    writeln!(out, "unit: {unit:?}")?;

    // A reading that must expire sooner than the table's 30 days.
    let probe = Reading {
        sensor: SENSOR.to_owned(),
        day: DAY,
        id: Timeuuid::now(),
        value: -1.0,
        unit: None,
    };
    probe.insert().ttl(3600).execute(&ks).await?;
    let ttls = Reading::select()
        .partition(pk())
        .filter(reading::id.eq(probe.id))
        .project::<ValueWithTtl>()
        .one(&ks)
        .await?;
    let short_ttl = found("the probe reading", ttls)?.ttl;
    writeln!(out, "the probe reading expires in {short_ttl:?} seconds")?;

    Ok(Outcome {
        written: report.rows,
        window_minutes,
        latest,
        unit,
        short_ttl,
    })
}
