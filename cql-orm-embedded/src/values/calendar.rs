//! Calendar arithmetic for `date` and `timestamp`: proleptic Gregorian days (what `date`
//! uses, like `java.time`), and the Julian/Gregorian calendar with the 1582-10-15 cutover
//! (what Cassandra's `timestamp` text parsing and formatting use, like
//! `java.util.GregorianCalendar`).

/// Milliseconds in a day.
pub const MILLIS_PER_DAY: i64 = 86_400_000;
/// The `date` value of 1970-01-01 (dates are unsigned days with the epoch at 2^31).
pub const DATE_EPOCH: i64 = 1 << 31;

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12, day 1..=31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Whether a Gregorian year is a leap year.
pub fn is_leap_gregorian(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month_gregorian(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_gregorian(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a Julian calendar date.
fn days_from_julian(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    // Julian day number of March 1st of year y, relative to the Unix epoch.
    let era = y.div_euclid(4);
    let yoe = y - era * 4;
    era * 1461 + yoe * 365 + doy - 719_470
}

fn julian_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_470;
    let era = z.div_euclid(1461);
    let doe = z - era * 1461;
    let yoe = (doe - doe / 1460).min(3 * 365 + 365) / 365;
    let yoe = yoe.min(3);
    let doy = doe - 365 * yoe;
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 4 + i64::from(m <= 2);
    (y, m, d)
}

/// The first Gregorian day (1582-10-15) as days since the epoch.
const CUTOVER_DAYS: i64 = -141_427;

/// Days since the epoch of a date in `GregorianCalendar`'s hybrid calendar, or `None` if
/// the date does not exist there (1582-10-05..=14, or an invalid day of month).
pub fn days_from_hybrid(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let g = days_from_civil(year, month, day);
    if g >= CUTOVER_DAYS {
        if day > days_in_month_gregorian(year, month) {
            return None;
        }
        return Some(g);
    }
    let julian_leap = year.rem_euclid(4) == 0;
    let max = match month {
        2 if julian_leap => 29,
        2 => 28,
        _ => days_in_month_gregorian(2001, month),
    };
    if day > max {
        return None;
    }
    let j = days_from_julian(year, month, day);
    if j >= CUTOVER_DAYS {
        // 1582-10-05 ..= 1582-10-14: skipped by the cutover.
        return None;
    }
    Some(j)
}

/// The hybrid-calendar date of a day count (Julian before 1582-10-15).
pub fn hybrid_from_days(days: i64) -> (i64, u32, u32) {
    if days >= CUTOVER_DAYS {
        civil_from_days(days)
    } else {
        julian_from_days(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gregorian_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2021, 3, 4), 18690);
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
        for d in [-1_000_000i64, -719_162, -1, 0, 1, 18690, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        // Date extremes: day i32::MIN and i32::MAX relative to the epoch.
        assert_eq!(civil_from_days(i64::from(i32::MIN)), (-5_877_641, 6, 23));
        assert_eq!(civil_from_days(i64::from(i32::MAX)), (5_881_580, 7, 11));
    }

    #[test]
    fn hybrid_calendar() {
        assert_eq!(days_from_hybrid(1582, 10, 15), Some(CUTOVER_DAYS));
        assert_eq!(days_from_hybrid(1582, 10, 4), Some(CUTOVER_DAYS - 1));
        assert_eq!(days_from_hybrid(1582, 10, 10), None);
        assert_eq!(hybrid_from_days(CUTOVER_DAYS - 1), (1582, 10, 4));
        for d in [-800_000i64, -719_164, -500_000, CUTOVER_DAYS - 1] {
            let (y, m, dd) = hybrid_from_days(d);
            assert_eq!(days_from_hybrid(y, m, dd), Some(d), "{d}");
        }
        // Julian 0001-01-01 is two days after proleptic Gregorian 0001-01-01.
        assert_eq!(days_from_hybrid(1, 1, 1), Some(-719_164));
        assert_eq!(days_from_hybrid(1900, 2, 29), None);
        assert!(days_from_hybrid(1500, 2, 29).is_some());
    }
}
