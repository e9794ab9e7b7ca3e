//! Version 1 (time-based) UUIDs: generation for `now()` (unique and increasing within the
//! process), the `minTimeuuid` / `maxTimeuuid` bounds, and the timestamp of a timeuuid.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::OnceLock;

use uuid::Uuid;

use super::temporal::now_millis;

/// Milliseconds from the Gregorian epoch (1582-10-15) to the Unix epoch, negated.
const START_EPOCH_MS: i64 = -12_219_292_800_000;
/// The smallest clock-sequence-and-node half under `TimeUUIDType`'s signed byte order.
const MIN_CLOCK_SEQ_AND_NODE: u64 = 0x8080_8080_8080_8080;
/// The greatest clock-sequence-and-node half under `TimeUUIDType`'s signed byte order.
const MAX_CLOCK_SEQ_AND_NODE: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// 100-nanosecond ticks since the Gregorian epoch of a Unix millisecond timestamp.
fn ticks_from_unix_millis(ms: i64) -> i64 {
    ms.wrapping_sub(START_EPOCH_MS).wrapping_mul(10_000)
}

fn msb_from_ticks(ticks: i64) -> u64 {
    let t = ticks as u64;
    let time_low = t & 0xffff_ffff;
    let time_mid = (t >> 32) & 0xffff;
    let time_hi = (t >> 48) & 0x0fff;
    (time_low << 32) | (time_mid << 16) | 0x1000 | time_hi
}

fn from_halves(msb: u64, lsb: u64) -> Uuid {
    Uuid::from_u64_pair(msb, lsb)
}

/// The 100-ns tick count stored in a version 1 UUID.
pub fn ticks_of(u: &Uuid) -> i64 {
    let (msb, _) = u.as_u64_pair();
    let time_low = msb >> 32;
    let time_mid = (msb >> 16) & 0xffff;
    let time_hi = msb & 0x0fff;
    ((time_hi << 48) | (time_mid << 32) | time_low) as i64
}

/// The Unix millisecond timestamp of a timeuuid (`unixTimestampOf`, `toTimestamp`).
pub fn unix_millis_of(u: &Uuid) -> i64 {
    ticks_of(u).div_euclid(10_000) + START_EPOCH_MS
}

/// `minTimeuuid(ts)`: the smallest timeuuid of millisecond `ms`.
pub fn min_timeuuid(ms: i64) -> Uuid {
    from_halves(
        msb_from_ticks(ticks_from_unix_millis(ms)),
        MIN_CLOCK_SEQ_AND_NODE,
    )
}

/// `maxTimeuuid(ts)`: the greatest timeuuid of millisecond `ms`.
pub fn max_timeuuid(ms: i64) -> Uuid {
    let ticks = ticks_from_unix_millis(ms.wrapping_add(1)).wrapping_sub(1);
    from_halves(msb_from_ticks(ticks), MAX_CLOCK_SEQ_AND_NODE)
}

/// The clock sequence and node of this process: random, with the variant bits set and
/// the multicast bit of the node set (a random node id, as RFC 4122 asks).
fn clock_seq_and_node() -> u64 {
    static CSN: OnceLock<u64> = OnceLock::new();
    *CSN.get_or_init(|| {
        let (_, random) = Uuid::new_v4().as_u64_pair();
        let clock_seq = (random >> 48) & 0x3fff;
        let node = (random & 0xffff_ffff_ffff) | 0x0100_0000_0000;
        0x8000_0000_0000_0000 | (clock_seq << 48) | node
    })
}

/// A new timeuuid for `now()`: its timestamp is the current time, and every call returns a
/// greater tick count than the previous one in this process (so values are unique and
/// increasing even within one 100 ns tick).
pub fn now_timeuuid() -> Uuid {
    static LAST: AtomicI64 = AtomicI64::new(i64::MIN);
    let candidate = ticks_from_unix_millis(now_millis());
    let mut last = LAST.load(Ordering::Relaxed);
    let ticks = loop {
        let next = if candidate > last {
            candidate
        } else {
            last + 1
        };
        match LAST.compare_exchange_weak(last, next, Ordering::SeqCst, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(actual) => last = actual,
        }
    };
    from_halves(msb_from_ticks(ticks), clock_seq_and_node())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::compare::compare_timeuuid;
    use std::cmp::Ordering as Ord;

    #[test]
    fn bounds_bracket_recorded_uuids() {
        let recorded: Uuid = "a747c000-2c29-11ea-8000-0123456789ab"
            .parse()
            .unwrap_or_default();
        assert_eq!(unix_millis_of(&recorded), 1_577_836_800_000);
        let min = min_timeuuid(1_577_836_800_000);
        let max = max_timeuuid(1_577_836_800_000);
        assert_eq!(compare_timeuuid(&min, &recorded), Ord::Less);
        assert_eq!(compare_timeuuid(&recorded, &max), Ord::Less);
        assert_eq!(
            compare_timeuuid(&max, &min_timeuuid(1_577_836_800_001)),
            Ord::Less
        );
        assert_eq!(min.get_version_num(), 1);
        let late: Uuid = "fc1c0350-2dbb-11ea-8003-0123456789ab"
            .parse()
            .unwrap_or_default();
        assert_eq!(unix_millis_of(&late), 1_578_009_600_005);
    }

    #[test]
    fn generation_is_increasing() {
        let mut prev = now_timeuuid();
        for _ in 0..1000 {
            let next = now_timeuuid();
            assert_eq!(compare_timeuuid(&prev, &next), Ord::Less);
            assert_eq!(next.get_version_num(), 1);
            prev = next;
        }
        let ms = unix_millis_of(&prev);
        assert!((ms - now_millis()).abs() < 60_000);
    }
}
