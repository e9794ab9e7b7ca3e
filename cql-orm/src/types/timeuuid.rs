//! [`Timeuuid`]: the `timeuuid` CQL type, with generation and time-range helpers.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use chrono::{DateTime, TimeZone as _, Utc};
use scylla::cluster::metadata::ColumnType;
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;
use scylla::value::CqlTimeuuid;
use uuid::Uuid;

/// 100-nanosecond intervals between the UUID epoch (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET: u64 = 0x01B2_1DD2_1381_4000;

/// `timeuuid`: a version-1 UUID, ordered as Cassandra orders it (by its timestamp, then by its
/// bytes as signed values).
///
/// ```
/// use cql_orm::Timeuuid;
/// let a = Timeuuid::now();
/// let b = Timeuuid::now();
/// assert!(a < b);
/// assert!(Timeuuid::min_for(a.datetime()) <= a && a <= Timeuuid::max_for(a.datetime()));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timeuuid(CqlTimeuuid);

/// A UUID that is not of version 1 cannot be a `timeuuid`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{uuid} is a version {version} UUID; a timeuuid must be version 1")]
pub struct NotATimeuuid {
    /// The UUID given.
    pub uuid: Uuid,
    /// Its version number.
    pub version: usize,
}

/// Why a string is not a timeuuid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseTimeuuidError {
    /// Not a UUID at all.
    #[error("not a UUID: {0}")]
    Uuid(String),
    /// A UUID, but not of version 1.
    #[error(transparent)]
    Version(#[from] NotATimeuuid),
}

impl Timeuuid {
    /// A new timeuuid for the current time. Within a process every call returns a greater
    /// value than the last (the timestamp advances by at least one 100-ns tick, as Cassandra's
    /// own generator does); across processes a random node id and clock sequence keep them
    /// unique.
    pub fn now() -> Timeuuid {
        static LAST: AtomicU64 = AtomicU64::new(0);
        let now = ticks(Utc::now());
        let mut last = LAST.load(AtomicOrdering::Relaxed);
        let next = loop {
            let candidate = now.max(last + 1);
            match LAST.compare_exchange_weak(
                last,
                candidate,
                AtomicOrdering::Relaxed,
                AtomicOrdering::Relaxed,
            ) {
                Ok(_) => break candidate,
                Err(seen) => last = seen,
            }
        };
        Timeuuid::from_parts(next, process_lsb())
    }

    /// A new timeuuid for time `at` (random clock sequence and node id).
    pub fn from_datetime(at: DateTime<Utc>) -> Timeuuid {
        let random = Uuid::new_v4();
        let r = random.as_bytes();
        let clock_seq = u16::from_be_bytes([r[0], r[1]]) & 0x3FFF;
        let mut node = [0u8; 6];
        node.copy_from_slice(&r[2..8]);
        node[0] |= 0x01; // multicast bit: a random node id, never a real MAC address
        let lsb = (0x8000u64 | u64::from(clock_seq)) << 48 | node_u64(node);
        Timeuuid::from_parts(ticks(at), lsb)
    }

    /// The smallest timeuuid of time `at`, as CQL's `minTimeuuid(at)`: use with `>=`/`>` to
    /// start a time range.
    pub fn min_for(at: DateTime<Utc>) -> Timeuuid {
        Timeuuid::from_parts(ticks(at), 0x8080_8080_8080_8080)
    }

    /// The largest timeuuid of time `at` (to the millisecond, as CQL's `maxTimeuuid(at)`): use
    /// with `<=`/`<` to end a time range.
    pub fn max_for(at: DateTime<Utc>) -> Timeuuid {
        let last_tick_of_milli = ticks(at) - ticks(at) % 10_000 + 9_999;
        Timeuuid::from_parts(last_tick_of_milli, 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// Wraps a UUID, which must be of version 1.
    pub fn from_uuid(uuid: Uuid) -> Result<Timeuuid, NotATimeuuid> {
        match uuid.get_version_num() {
            1 => Ok(Timeuuid(CqlTimeuuid::from(uuid))),
            version => Err(NotATimeuuid { uuid, version }),
        }
    }

    /// The UUID.
    pub fn as_uuid(&self) -> &Uuid {
        self.0.as_ref()
    }

    /// The driver's representation.
    pub fn as_cql(&self) -> CqlTimeuuid {
        self.0
    }

    /// The timestamp, in 100-nanosecond intervals since 1582-10-15.
    pub fn ticks(&self) -> u64 {
        let b = self.as_uuid().as_bytes();
        let time_low = u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        let time_mid = u64::from(u16::from_be_bytes([b[4], b[5]]));
        let time_hi = u64::from(u16::from_be_bytes([b[6], b[7]]) & 0x0FFF);
        time_hi << 48 | time_mid << 32 | time_low
    }

    /// The time it was made for, to the microsecond (`toTimestamp()` gives the millisecond).
    pub fn datetime(&self) -> DateTime<Utc> {
        let since_unix = self.ticks() as i64 - GREGORIAN_OFFSET as i64;
        let micros = since_unix.div_euclid(10);
        Utc.timestamp_micros(micros)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    fn from_parts(ticks: u64, lsb: u64) -> Timeuuid {
        let time_low = (ticks & 0xFFFF_FFFF) as u32;
        let time_mid = ((ticks >> 32) & 0xFFFF) as u16;
        let time_hi = ((ticks >> 48) & 0x0FFF) as u16 | 0x1000;
        let msb = u64::from(time_low) << 32 | u64::from(time_mid) << 16 | u64::from(time_hi);
        Timeuuid(CqlTimeuuid::from(Uuid::from_u64_pair(msb, lsb)))
    }
}

fn node_u64(node: [u8; 6]) -> u64 {
    node.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b))
}

/// 100-ns ticks since the UUID epoch of `at`, saturating before 1582.
fn ticks(at: DateTime<Utc>) -> u64 {
    let micros = at.timestamp_micros();
    let since_gregorian = i128::from(micros) * 10 + i128::from(GREGORIAN_OFFSET);
    since_gregorian.clamp(0, i128::from(0x0FFF_FFFF_FFFF_FFFFu64)) as u64
}

/// This process's clock sequence and node id: random, with the multicast bit of the node set
/// so it never collides with a MAC address.
fn process_lsb() -> u64 {
    static LSB: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LSB.get_or_init(|| {
        let r = *Uuid::new_v4().as_bytes();
        let clock_seq = u16::from_be_bytes([r[0], r[1]]) & 0x3FFF;
        let node = [r[2] | 0x01, r[3], r[4], r[5], r[6], r[7]];
        (0x8000u64 | u64::from(clock_seq)) << 48 | node_u64(node)
    })
}

impl PartialOrd for Timeuuid {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timeuuid {
    /// Cassandra's order: the timestamp, then the bytes as signed values.
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl fmt::Debug for Timeuuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timeuuid({})", self.as_uuid())
    }
}

impl fmt::Display for Timeuuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_uuid(), f)
    }
}

impl FromStr for Timeuuid {
    type Err = ParseTimeuuidError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uuid = Uuid::parse_str(s).map_err(|e| ParseTimeuuidError::Uuid(e.to_string()))?;
        Ok(Timeuuid::from_uuid(uuid)?)
    }
}

impl TryFrom<Uuid> for Timeuuid {
    type Error = NotATimeuuid;
    fn try_from(uuid: Uuid) -> Result<Self, Self::Error> {
        Timeuuid::from_uuid(uuid)
    }
}

impl From<Timeuuid> for Uuid {
    fn from(t: Timeuuid) -> Uuid {
        *t.as_uuid()
    }
}

impl From<CqlTimeuuid> for Timeuuid {
    fn from(t: CqlTimeuuid) -> Timeuuid {
        Timeuuid(t)
    }
}

impl From<Timeuuid> for CqlTimeuuid {
    fn from(t: Timeuuid) -> CqlTimeuuid {
        t.0
    }
}

impl SerializeValue for Timeuuid {
    #[inline]
    fn serialize<'b>(
        &self,
        typ: &ColumnType<'_>,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        self.0.serialize(typ, writer)
    }
}

impl<'f, 'm> DeserializeValue<'f, 'm> for Timeuuid {
    #[inline]
    fn type_check(typ: &ColumnType<'_>) -> Result<(), TypeCheckError> {
        <CqlTimeuuid as DeserializeValue<'f, 'm>>::type_check(typ)
    }

    #[inline]
    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        <CqlTimeuuid as DeserializeValue<'f, 'm>>::deserialize(typ, v).map(Timeuuid)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Timeuuid {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Timeuuid {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s: String = serde::Deserialize::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn timestamps_round_trip_to_the_microsecond() {
        let t = at("2024-05-06T07:08:09.123456Z");
        let u = Timeuuid::from_datetime(t);
        assert_eq!(u.as_uuid().get_version_num(), 1);
        assert_eq!(u.datetime(), t);
        assert_eq!(Timeuuid::min_for(t).datetime(), t);
    }

    #[test]
    fn min_and_max_bracket_every_uuid_of_their_millisecond() {
        let t = at("2024-05-06T07:08:09.123Z");
        let lo = Timeuuid::min_for(t);
        let hi = Timeuuid::max_for(t);
        for _ in 0..100 {
            let u = Timeuuid::from_datetime(t + chrono::Duration::microseconds(999));
            assert!(lo <= u && u <= hi, "{lo} {u} {hi}");
        }
        assert!(Timeuuid::max_for(t) < Timeuuid::min_for(t + chrono::Duration::milliseconds(1)));
        // The same bytes Cassandra gives for minTimeuuid / maxTimeuuid of that instant.
        assert!(lo.to_string().ends_with("-8080-808080808080"), "{lo}");
        assert!(hi.to_string().ends_with("-7f7f-7f7f7f7f7f7f"), "{hi}");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_uses_the_string_form() {
        let t: Timeuuid = "8e14e760-7fa8-11eb-bc66-000000000001".parse().unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"8e14e760-7fa8-11eb-bc66-000000000001\"");
        assert_eq!(serde_json::from_str::<Timeuuid>(&json).unwrap(), t);
        let v4 = "\"d3b07384-d9a0-4c3f-9a0b-000000000001\"";
        assert!(serde_json::from_str::<Timeuuid>(v4).is_err());
    }

    #[test]
    fn now_is_strictly_increasing_and_version_one() {
        let mut prev = Timeuuid::now();
        for _ in 0..1000 {
            let next = Timeuuid::now();
            assert!(prev < next);
            prev = next;
        }
        assert_eq!(
            "8e14e760-7fa8-11eb-bc66-000000000001"
                .parse::<Timeuuid>()
                .unwrap()
                .datetime(),
            at("2021-03-08T00:52:27.990Z")
        );
        assert!("d3b07384-d9a0-4c3f-9a0b-000000000001"
            .parse::<Timeuuid>()
            .is_err());
    }
}
