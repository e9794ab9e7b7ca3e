//! `duration` literals and text (Cassandra's `Duration.from` / `Duration.toString`): the
//! unit form `1y2mo3w4d5h6m7s8ms9us10ns`, ISO 8601 `P1Y2M3DT4H5M6S`, `P2W` and the
//! alternative `P0001-02-03T04:05:06`, each optionally negated with a leading `-`.

use crate::error::{CqlError, CqlResult};

const NANOS_PER_MICRO: i64 = 1_000;
const NANOS_PER_MILLI: i64 = 1_000_000;
const NANOS_PER_SECOND: i64 = 1_000_000_000;
const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SECOND;
const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;

/// A normalised duration: months, days and nanoseconds, all of one sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// Months (years × 12 + months).
    pub months: i32,
    /// Days (weeks × 7 + days).
    pub days: i32,
    /// Nanoseconds (hours and smaller units).
    pub nanos: i64,
}

const UNIT_NAMES: [&str; 11] = [
    "",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
    "nanoseconds",
];

struct Builder {
    negative: bool,
    months: i64,
    days: i64,
    nanos: i64,
    current_unit: usize,
}

impl Builder {
    fn new(negative: bool) -> Self {
        Builder {
            negative,
            months: 0,
            days: 0,
            nanos: 0,
            current_unit: 0,
        }
    }

    fn order(&mut self, unit: usize) -> CqlResult<()> {
        if unit == self.current_unit {
            return Err(CqlError::invalid(format!(
                "Invalid duration. The {} are specified multiple times",
                UNIT_NAMES[unit]
            )));
        }
        if unit < self.current_unit {
            return Err(CqlError::invalid(format!(
                "Invalid duration. The {} should be after {}",
                UNIT_NAMES[self.current_unit], UNIT_NAMES[unit]
            )));
        }
        self.current_unit = unit;
        Ok(())
    }

    fn add(&mut self, unit: usize, n: i64) -> CqlResult<()> {
        self.order(unit)?;
        let int_limit = |have: i64, per: i64| (i64::from(i32::MAX) - have) / per;
        let too_many = |what: &str, max: String| {
            CqlError::invalid(format!(
                "Invalid duration. The total number of {what} must be less or equal to {max}"
            ))
        };
        match unit {
            1 | 2 => {
                let per = if unit == 1 { 12 } else { 1 };
                if n > int_limit(self.months, per) {
                    return Err(too_many("months", i32::MAX.to_string()));
                }
                self.months += n * per;
            }
            3 | 4 => {
                let per = if unit == 3 { 7 } else { 1 };
                if n > int_limit(self.days, per) {
                    return Err(too_many("days", i32::MAX.to_string()));
                }
                self.days += n * per;
            }
            _ => {
                let per = [
                    NANOS_PER_HOUR,
                    NANOS_PER_MINUTE,
                    NANOS_PER_SECOND,
                    NANOS_PER_MILLI,
                    NANOS_PER_MICRO,
                    1,
                ][unit - 5];
                if n > (i64::MAX - self.nanos) / per {
                    return Err(too_many("nanoseconds", i64::MAX.to_string()));
                }
                self.nanos += n * per;
            }
        }
        Ok(())
    }

    fn build(self) -> Duration {
        let s = if self.negative { -1 } else { 1 };
        Duration {
            months: (s * self.months) as i32,
            days: (s * self.days) as i32,
            nanos: s * self.nanos,
        }
    }
}

fn unable(source: &str) -> CqlError {
    CqlError::invalid(format!("Unable to convert '{source}' to a duration"))
}

/// Parses a duration literal (see the module docs), with Cassandra's messages.
pub fn parse_duration(input: &str) -> CqlResult<Duration> {
    let negative = input.starts_with('-');
    let source = if negative { &input[1..] } else { input };
    if let Some(body) = source.strip_prefix('P') {
        if let Some(weeks) = body.strip_suffix('W') {
            let mut b = Builder::new(negative);
            b.add(3, number(weeks).ok_or_else(|| unable(source))?)?;
            return Ok(b.build());
        }
        if body.contains('-') {
            return parse_iso_alternative(negative, source, body);
        }
        return parse_iso(negative, source, body);
    }
    parse_units(negative, source)
}

fn number(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Symbols of the unit form, in the order the pattern tries them, with their unit index.
const SYMBOLS: &[(&str, usize)] = &[
    ("y", 1),
    ("mo", 2),
    ("w", 3),
    ("d", 4),
    ("h", 5),
    ("s", 7),
    ("ms", 8),
    ("us", 9),
    ("µs", 9),
    ("ns", 10),
    ("m", 6),
];

fn parse_units(negative: bool, source: &str) -> CqlResult<Duration> {
    let mut b = Builder::new(negative);
    let lower = source.to_lowercase();
    let mut rest = lower.as_str();
    if rest.is_empty() {
        return Err(unable(source));
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let n = number(&rest[..digits]).ok_or_else(|| unable(source))?;
        rest = &rest[digits..];
        let (sym, unit) = SYMBOLS
            .iter()
            .find(|(s, _)| rest.starts_with(s))
            .ok_or_else(|| unable(source))?;
        rest = &rest[sym.len()..];
        b.add(*unit, n)?;
    }
    Ok(b.build())
}

/// `P[nY][nM][nD][T[nH][nM][nS]]` (all parts optional).
fn parse_iso(negative: bool, source: &str, body: &str) -> CqlResult<Duration> {
    let mut b = Builder::new(negative);
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let parse_part = |text: &str, units: &[(char, usize)], b: &mut Builder| -> CqlResult<()> {
        let mut rest = text;
        let mut next = 0;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n = number(&rest[..digits]).ok_or_else(|| unable(source))?;
            let c = rest[digits..]
                .chars()
                .next()
                .ok_or_else(|| unable(source))?;
            let pos = units[next..]
                .iter()
                .position(|(u, _)| *u == c)
                .ok_or_else(|| unable(source))?;
            b.add(units[next + pos].1, n)?;
            next += pos + 1;
            rest = &rest[digits + 1..];
        }
        Ok(())
    };
    parse_part(date, &[('Y', 1), ('M', 2), ('D', 4)], &mut b)?;
    if let Some(t) = time {
        parse_part(t, &[('H', 5), ('M', 6), ('S', 7)], &mut b)?;
    }
    Ok(b.build())
}

/// `PYYYY-MM-DDThh:mm:ss`.
fn parse_iso_alternative(negative: bool, source: &str, body: &str) -> CqlResult<Duration> {
    let bytes = body.as_bytes();
    let shape_ok = bytes.len() == 19
        && bytes.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(unable(source));
    }
    let field = |r: std::ops::Range<usize>| number(&body[r]).ok_or_else(|| unable(source));
    let mut b = Builder::new(negative);
    b.add(1, field(0..4)?)?;
    b.add(2, field(5..7)?)?;
    b.add(4, field(8..10)?)?;
    b.add(5, field(11..13)?)?;
    b.add(6, field(14..16)?)?;
    b.add(7, field(17..19)?)?;
    Ok(b.build())
}

/// Cassandra's `Duration.toString()`: `1y2mo25d5h6m7s8ms9us10ns`, `-1d`, and the empty
/// string for a zero duration.
pub fn format_duration(months: i32, days: i32, nanos: i64) -> String {
    let mut out = String::new();
    if months < 0 || days < 0 || nanos < 0 {
        out.push('-');
    }
    let mut append = |value: u64, divisor: u64, unit: &str| -> u64 {
        if value == 0 || value < divisor {
            return value;
        }
        out.push_str(&(value / divisor).to_string());
        out.push_str(unit);
        value % divisor
    };
    let rem = append(u64::from(months.unsigned_abs()), 12, "y");
    append(rem, 1, "mo");
    append(u64::from(days.unsigned_abs()), 1, "d");
    if nanos != 0 {
        let mut rem = nanos.unsigned_abs();
        for (div, unit) in [
            (NANOS_PER_HOUR, "h"),
            (NANOS_PER_MINUTE, "m"),
            (NANOS_PER_SECOND, "s"),
            (NANOS_PER_MILLI, "ms"),
            (NANOS_PER_MICRO, "us"),
            (1, "ns"),
        ] {
            rem = append(rem, div as u64, unit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> (i32, i32, i64) {
        parse_duration(s)
            .map(|d| (d.months, d.days, d.nanos))
            .unwrap_or((0, 0, -1))
    }

    #[test]
    fn forms() {
        assert_eq!(d("1y2mo3w4d5h6m7s8ms9us10ns"), (14, 25, 18_367_008_009_010));
        assert_eq!(d("1h30m"), (0, 0, 5_400_000_000_000));
        assert_eq!(d("-1d"), (0, -1, 0));
        assert_eq!(d("P1Y2M3DT4H5M6S"), (14, 3, 14_706_000_000_000));
        assert_eq!(d("P2W"), (0, 14, 0));
        assert_eq!(d("P0001-02-03T04:05:06"), (14, 3, 14_706_000_000_000));
        assert_eq!(d("1MO"), (1, 0, 0));
        assert_eq!(d("1µs"), (0, 0, 1000));
        assert_eq!(d("PT1M"), (0, 0, 60_000_000_000));
    }

    #[test]
    fn errors() {
        let msg = |s: &str| {
            parse_duration(s)
                .err()
                .map(|e| e.message)
                .unwrap_or_default()
        };
        assert_eq!(msg("12"), "Unable to convert '12' to a duration");
        assert_eq!(
            msg("1h1y"),
            "Invalid duration. The hours should be after years"
        );
        assert_eq!(
            msg("1d1d"),
            "Invalid duration. The days are specified multiple times"
        );
        assert_eq!(
            msg("2147483648mo"),
            "Invalid duration. The total number of months must be less or equal to 2147483647"
        );
        assert_eq!(msg("P1S"), "Unable to convert 'P1S' to a duration");
    }

    #[test]
    fn text() {
        assert_eq!(
            format_duration(14, 25, 18_367_008_009_010),
            "1y2mo25d5h6m7s8ms9us10ns"
        );
        assert_eq!(format_duration(0, -1, 0), "-1d");
        assert_eq!(format_duration(0, 0, 5_400_000_000_000), "1h30m");
        assert_eq!(format_duration(0, 0, 0), "");
    }
}
