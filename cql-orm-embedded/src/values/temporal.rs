//! Text forms of `timestamp`, `date` and `time`, parsed and printed as Cassandra 4.0 does
//! (`TimestampSerializer`, `SimpleDateSerializer`, `TimeSerializer`). Timestamps without a
//! zone are read in UTC (the node's time zone).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{CqlError, CqlResult};

use super::calendar::{
    civil_from_days, days_from_civil, days_from_hybrid, days_in_month_gregorian, hybrid_from_days,
    DATE_EPOCH, MILLIS_PER_DAY,
};

/// Nanoseconds in a day.
pub const NANOS_PER_DAY: i64 = 86_400_000_000_000;

/// The current time in milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

fn is_raw_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `TimestampSerializer.dateStringToTimestamp`: `now`, a raw millisecond count, or one of
/// the `yyyy-MM-dd[( |T)HH:mm[:ss[.SSS]]][zone]` forms (zone: ` z` general zone such as
/// ` UTC`, ` GMT+01:00`, ` +0100`; or ISO `Z`, `+01`, `+0100`, `+01:00`).
pub fn parse_timestamp(text: &str) -> CqlResult<i64> {
    if text.eq_ignore_ascii_case("now") {
        return Ok(now_millis());
    }
    if is_raw_number(text) {
        return text.parse::<i64>().map_err(|_| {
            CqlError::invalid(format!("Unable to make long (for date) from: '{text}'"))
        });
    }
    parse_date_time(text).ok_or_else(|| {
        CqlError::invalid(format!(
            "Unable to coerce '{text}' to a formatted date (long)"
        ))
    })
}

/// A small cursor over ASCII text.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    /// Reads 1..=max digits (as a number).
    fn number(&mut self, max: usize) -> Option<i64> {
        let start = self.pos;
        while self.pos - start < max && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.pos])
            .ok()?
            .parse()
            .ok()
    }
    /// Reads exactly `n` digits.
    fn fixed(&mut self, n: usize) -> Option<i64> {
        let start = self.pos;
        let v = self.number(n)?;
        (self.pos - start == n).then_some(v)
    }
    fn rest(&self) -> &str {
        std::str::from_utf8(&self.s[self.pos..]).unwrap_or("")
    }
    fn done(&self) -> bool {
        self.pos == self.s.len()
    }
}

fn parse_date_time(text: &str) -> Option<i64> {
    let mut c = Cursor {
        s: text.as_bytes(),
        pos: 0,
    };
    let year = c.number(10)?;
    if !c.eat(b'-') {
        return None;
    }
    let month = c.number(10)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.number(10)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_hybrid(year, month as u32, day as u32)?;
    let mut millis_of_day = 0i64;
    // Optional time part, after ' ' or 'T'.
    let save = c.pos;
    if c.eat(b' ') || c.eat(b'T') {
        match parse_clock(&mut c) {
            Some(ms) => millis_of_day = ms,
            None => {
                if text.as_bytes().get(save) == Some(&b'T') {
                    return None;
                }
                c.pos = save;
            }
        }
    }
    let offset_ms = if c.done() { 0 } else { parse_zone(&mut c)? };
    if !c.done() {
        return None;
    }
    days.checked_mul(MILLIS_PER_DAY)?
        .checked_add(millis_of_day)?
        .checked_sub(offset_ms)
}

/// `HH:mm[:ss[.SSS]]` as milliseconds of the day.
fn parse_clock(c: &mut Cursor<'_>) -> Option<i64> {
    let h = c.number(10)?;
    if !c.eat(b':') {
        return None;
    }
    let m = c.number(10)?;
    let mut s = 0;
    let mut ms = 0;
    if c.peek() == Some(b':') {
        c.pos += 1;
        s = c.number(10)?;
        if c.peek() == Some(b'.') {
            c.pos += 1;
            // `SSS` reads the digits as a number of milliseconds ('.5' is 5 ms).
            ms = c.number(10)?;
        }
    }
    if h > 23 || m > 59 || s > 59 || ms > 999 {
        return None;
    }
    Some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// A zone suffix: ` <general zone>` or an ISO offset directly after the time.
fn parse_zone(c: &mut Cursor<'_>) -> Option<i64> {
    if c.eat(b' ') {
        let rest = c.rest().to_string();
        let offset = general_zone(&rest)?;
        c.pos = c.s.len();
        return Some(offset);
    }
    if c.eat(b'Z') {
        return Some(0);
    }
    let sign = match c.peek()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    c.pos += 1;
    let h = c.fixed(2)?;
    let m = if c.done() {
        0
    } else {
        c.eat(b':');
        c.fixed(2)?
    };
    offset_ms(sign, h, m)
}

fn offset_ms(sign: i64, h: i64, m: i64) -> Option<i64> {
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m) * 60_000)
}

/// Java's general time zone (`z` when parsing): zone names, `GMT±h[h][[:]mm]`, and RFC 822
/// `±hhmm`.
fn general_zone(s: &str) -> Option<i64> {
    match s {
        "UTC" | "GMT" | "UT" | "Z" | "Coordinated Universal Time" | "Greenwich Mean Time" => {
            return Some(0)
        }
        _ => {}
    }
    let (sign, body) = if let Some(r) = s.strip_prefix("GMT+") {
        (1, r)
    } else if let Some(r) = s.strip_prefix("GMT-") {
        (-1, r)
    } else if let Some(r) = s.strip_prefix('+') {
        return (r.len() == 4 && r.bytes().all(|b| b.is_ascii_digit()))
            .then(|| offset_ms(1, r[..2].parse().ok()?, r[2..].parse().ok()?))
            .flatten();
    } else if let Some(r) = s.strip_prefix('-') {
        return (r.len() == 4 && r.bytes().all(|b| b.is_ascii_digit()))
            .then(|| offset_ms(-1, r[..2].parse().ok()?, r[2..].parse().ok()?))
            .flatten();
    } else {
        return None;
    };
    if !body.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    let (h, m) = match body.split_once(':') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => {
            (h.parse().ok()?, m.parse().ok()?)
        }
        None if (1..=2).contains(&body.len()) => (body.parse().ok()?, 0),
        None if body.len() == 4 => (body[..2].parse().ok()?, body[2..].parse().ok()?),
        _ => return None,
    };
    offset_ms(sign, h, m)
}

/// Milliseconds since the epoch as Cassandra prints a timestamp in text (CAST, `toString`):
/// `yyyy-MM-dd'T'HH:mm:ss.SSSZ` in UTC (`2011-02-03T04:05:00.000Z`).
pub fn format_timestamp(millis: i64) -> String {
    let days = millis.div_euclid(MILLIS_PER_DAY);
    let ms = millis.rem_euclid(MILLIS_PER_DAY);
    let (y, mo, d) = hybrid_from_days(days);
    // `yyyy` prints the year of era (1 BC is year 1).
    let year = if y <= 0 { 1 - y } else { y };
    format!(
        "{year:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// `SimpleDateSerializer.dateStringToDays`: a raw unsigned day number (epoch at 2^31) or an
/// ISO local date (`2021-03-04`, `-0001-12-31`, `+10000-01-01`).
pub fn parse_date(text: &str) -> CqlResult<u32> {
    if is_raw_number(text) {
        return match text.parse::<i64>() {
            Ok(v) if (0..=i64::from(u32::MAX)).contains(&v) => Ok(v as u32),
            _ => Err(CqlError::invalid(format!(
                "Unable to make unsigned int (for date) from: '{text}'"
            ))),
        };
    }
    let days = parse_iso_date(text).ok_or_else(|| {
        CqlError::invalid(format!(
            "Unable to coerce '{text}' to a formatted date (long)"
        ))
    })?;
    let min = i64::from(i32::MIN);
    let max = i64::from(i32::MAX);
    if days < min {
        return Err(CqlError::invalid(format!(
            "Input date {text} is less than min supported date {}T00:00Z",
            format_days(min)
        )));
    }
    if days > max {
        return Err(CqlError::invalid(format!(
            "Input date {text} is greater than max supported date {}T00:00Z",
            format_days(max)
        )));
    }
    Ok((days + DATE_EPOCH) as u32)
}

/// `DateTimeFormatter.ISO_LOCAL_DATE` (strict) as days since the epoch.
fn parse_iso_date(text: &str) -> Option<i64> {
    let (sign, body) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => (0, text),
    };
    let mut parts = body.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(y) || !all_digits(m) || !all_digits(d) || m.len() != 2 || d.len() != 2 {
        return None;
    }
    // Four digits without '+'; more (up to 10) only with a sign.
    if y.len() < 4 || y.len() > 10 || (y.len() > 4 && sign == 0) || (y.len() == 4 && sign == 1) {
        return None;
    }
    let year: i64 = y.parse::<i64>().ok()? * if sign == -1 { -1 } else { 1 };
    let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month_gregorian(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// A day count since the epoch as `java.time.LocalDate.toString()` prints it.
pub fn format_days(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    if y > 9999 {
        format!("+{y}-{m:02}-{d:02}")
    } else if y < 0 {
        format!("-{:04}-{m:02}-{d:02}", -y)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// A `date` value (unsigned days, epoch at 2^31) as Cassandra prints it.
pub fn format_date(date: u32) -> String {
    format_days(i64::from(date) - DATE_EPOCH)
}

/// Days since the epoch of a `date` value.
pub fn date_to_days(date: u32) -> i64 {
    i64::from(date) - DATE_EPOCH
}

/// The `date` value of a day count since the epoch, if in range.
pub fn days_to_date(days: i64) -> Option<u32> {
    u32::try_from(days + DATE_EPOCH).ok()
}

/// `TimeSerializer.timeStringToLong`: raw nanoseconds of the day, or
/// `hh:mm:ss[.fffffffff]`.
pub fn parse_time(text: &str) -> CqlResult<i64> {
    if is_raw_number(text) {
        return match text.parse::<i64>() {
            Ok(v) if (0..NANOS_PER_DAY).contains(&v) => Ok(v),
            _ => Err(CqlError::invalid(format!(
                "Unable to make long (for time) from: '{text}'"
            ))),
        };
    }
    parse_clock_nanos(text.trim()).ok_or_else(|| {
        CqlError::invalid(format!(
            "(TimeType) Unable to coerce '{text}' to a formatted time (long)"
        ))
    })
}

/// Java's `Integer.parseInt` (optional sign, decimal digits).
fn java_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i32>().ok().map(i64::from)
}

fn parse_clock_nanos(s: &str) -> Option<i64> {
    let first = s.find(':')?;
    let second = first + 1 + s[first + 1..].find(':')?;
    if first == 0 || second >= s.len() - 1 {
        return None;
    }
    let hour = java_parse_int(&s[..first])?;
    let minute = java_parse_int(&s[first + 1..second])?;
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) {
        return None;
    }
    let after = &s[second + 1..];
    let (second_v, nanos) = match after.find('.') {
        Some(p) if p + 1 < after.len() => {
            let frac = &after[p + 1..];
            if frac.len() > 9 || !frac.as_bytes()[0].is_ascii_digit() {
                return None;
            }
            let padded = format!("{frac:0<9}");
            (java_parse_int(&after[..p])?, java_parse_int(&padded)?)
        }
        Some(_) => return None,
        None => (java_parse_int(after)?, 0),
    };
    if !(0..60).contains(&second_v) {
        return None;
    }
    Some(((hour * 60 + minute) * 60 + second_v) * 1_000_000_000 + nanos)
}

/// A `time` value as Cassandra prints it: `HH:MM:SS.nnnnnnnnn`.
pub fn format_time(nanos: i64) -> String {
    let secs = nanos.div_euclid(1_000_000_000);
    let frac = nanos.rem_euclid(1_000_000_000);
    format!(
        "{:02}:{:02}:{:02}.{frac:09}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        parse_timestamp(s).unwrap_or(i64::MIN)
    }

    #[test]
    fn timestamp_forms() {
        assert_eq!(ts("1969-12-31 23:59:59.999+0000"), -1);
        assert_eq!(ts("1900-01-01T00:00:00Z"), -2_208_988_800_000);
        assert_eq!(ts("2038-01-19 03:14:08+0000"), 2_147_483_648_000);
        assert_eq!(ts("2020-01-01 00:00:00+0000"), 1_577_836_800_000);
        assert_eq!(ts("2011-02-03"), 1_296_691_200_000);
        assert_eq!(ts("2011-02-03 04:05"), 1_296_705_900_000);
        assert_eq!(ts("2011-02-03T04:05:00.000+0000"), 1_296_705_900_000);
        assert_eq!(ts("2011-02-03T04:05:00.000Z"), 1_296_705_900_000);
        assert_eq!(ts("2011-02-03 04:05+01:00"), 1_296_702_300_000);
        assert_eq!(ts("2011-02-03 04:05 UTC"), 1_296_705_900_000);
        assert_eq!(ts("2011-02-03 04:05 GMT-01:00"), 1_296_709_500_000);
        assert_eq!(ts("2011-02-03 04:05:06.5"), 1_296_705_906_005);
        assert_eq!(ts("2011-02-03+0000"), 1_296_691_200_000);
        assert_eq!(ts("-1"), -1);
        assert_eq!(ts("1577836800000"), 1_577_836_800_000);
        let e = parse_timestamp("2011-02-30").err().map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("Unable to coerce '2011-02-30' to a formatted date (long)")
        );
        assert!(parse_timestamp("2011-02-03 25:00").is_err());
        assert!(parse_timestamp("now").is_ok());
    }

    #[test]
    fn timestamp_text() {
        assert_eq!(
            format_timestamp(1_296_705_900_000),
            "2011-02-03T04:05:00.000Z"
        );
        assert_eq!(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01").ok(), Some(1u32 << 31));
        assert_eq!(
            parse_date("0").ok().map(format_date).as_deref(),
            Some("-5877641-06-23")
        );
        assert_eq!(
            parse_date("4294967295").ok().map(format_date).as_deref(),
            Some("+5881580-07-11")
        );
        assert_eq!(
            parse_date("-0001-12-31").ok().map(format_date).as_deref(),
            Some("-0001-12-31")
        );
        assert_eq!(parse_date("+5881580-07-11").ok(), Some(u32::MAX));
        assert_eq!(
            parse_date("+5881580-07-12").err().map(|e| e.message).as_deref(),
            Some("Input date +5881580-07-12 is greater than max supported date +5881580-07-11T00:00Z")
        );
        assert!(parse_date("2021-3-04").is_err());
        assert!(parse_date("2021-02-29").is_err());
        assert_eq!(
            parse_date("4294967296").err().map(|e| e.message).as_deref(),
            Some("Unable to make unsigned int (for date) from: '4294967296'")
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time("08:12:54.123456789").ok(),
            Some(29_574_123_456_789)
        );
        assert_eq!(
            parse_time("23:59:59.999999999").ok(),
            Some(86_399_999_999_999)
        );
        assert_eq!(parse_time("12:34:56.789").ok(), Some(45_296_789_000_000));
        assert_eq!(parse_time("00:00:00").ok(), Some(0));
        assert!(parse_time("24:00:00").is_err());
        assert!(parse_time("86400000000000").is_err());
        assert_eq!(format_time(45_296_789_000_000), "12:34:56.789000000");
    }
}
