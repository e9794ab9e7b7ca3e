//! [`TimeuuidClock`]: time-based (version 1) UUIDs that strictly increase, so notes created
//! one after another list in creation order even within one clock tick.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use cql_orm::Timeuuid;
use uuid::timestamp::UUID_TICKS_BETWEEN_EPOCHS;
use uuid::Builder;

/// A generator of strictly increasing timeuuids (100 ns ticks since 1582-10-15), with a
/// random node id per generator.
#[derive(Debug)]
pub struct TimeuuidClock {
    node: [u8; 6],
    clock_seq: u16,
    last_tick: Mutex<u64>,
}

impl Default for TimeuuidClock {
    fn default() -> Self {
        Self::new()
    }
}

impl TimeuuidClock {
    /// A generator with a random node id and clock sequence.
    pub fn new() -> Self {
        let random = uuid::Uuid::new_v4().into_bytes();
        let mut node = [0; 6];
        node.copy_from_slice(&random[..6]);
        // The multicast bit marks a node id that is not a MAC address (RFC 9562, 6.10).
        node[0] |= 0x01;
        TimeuuidClock {
            node,
            clock_seq: u16::from_be_bytes([random[6], random[7]]) & 0x3fff,
            last_tick: Mutex::new(0),
        }
    }

    /// The next id, later than every id this generator returned before, and the instant it
    /// stands for at millisecond precision (what a CQL `timestamp` keeps).
    pub fn next(&self) -> (Timeuuid, DateTime<Utc>) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| (d.as_nanos() / 100) as u64)
            + UUID_TICKS_BETWEEN_EPOCHS;
        let tick = {
            // A poisoned lock still holds a valid tick.
            let mut last = self.last_tick.lock().unwrap_or_else(|e| e.into_inner());
            *last = now.max(*last + 1);
            *last
        };
        let id = Builder::from_gregorian_timestamp(tick, self.clock_seq, &self.node).into_uuid();
        let millis = (tick - UUID_TICKS_BETWEEN_EPOCHS) / 10_000;
        let at = DateTime::from_timestamp_millis(millis as i64).unwrap_or_default();
        (Timeuuid::from(id), at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_strictly_increase_in_timeuuid_order() {
        let clock = TimeuuidClock::new();
        let ids: Vec<(Timeuuid, DateTime<Utc>)> = (0..1000).map(|_| clock.next()).collect();
        for pair in ids.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} !< {:?}", pair[0], pair[1]);
            assert!(pair[0].1 <= pair[1].1);
        }
        let first: uuid::Uuid = ids[0].0.into();
        assert_eq!(first.get_version_num(), 1);
        let secs = first.get_timestamp().map(|t| t.to_unix().0);
        assert_eq!(secs, Some(ids[0].1.timestamp() as u64));
    }
}
