//! Text forms of the canonical values that need more than `Display`: decimals written like
//! Java's `BigDecimal.toString()`, and dates with the signed-year forms.

use num_bigint::{BigInt, Sign};

/// Writes `unscaled × 10^-scale` like Java's `BigDecimal.toString()`: plain notation when
/// the scale is not negative and the adjusted exponent is at least -6, scientific otherwise.
pub fn decimal_string(unscaled: &BigInt, scale: i32) -> String {
    let digits = unscaled.magnitude().to_string();
    let n = digits.len() as i64;
    let scale = i64::from(scale);
    let adjusted = n - 1 - scale;
    let mut out = String::new();
    if unscaled.sign() == Sign::Minus {
        out.push('-');
    }
    if scale >= 0 && adjusted >= -6 {
        if scale == 0 {
            out.push_str(&digits);
        } else if n > scale {
            let split = (n - scale) as usize;
            out.push_str(&digits[..split]);
            out.push('.');
            out.push_str(&digits[split..]);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (scale - n) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('E');
        if adjusted > 0 {
            out.push('+');
        }
        out.push_str(&adjusted.to_string());
    }
    out
}

/// Parses a decimal written as `[-+]digits[.digits][E[-+]digits]` into its unscaled value
/// and scale, keeping the scale as written (`"1.000"` has scale 3, `"1E+10"` scale -10).
pub fn parse_decimal(text: &str) -> Option<(BigInt, i32)> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (negative, mantissa) = match mantissa.as_bytes().first()? {
        b'-' => (true, &mantissa[1..]),
        b'+' => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int_part}{frac_part}");
    if all.is_empty() || !all.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut unscaled: BigInt = all.parse().ok()?;
    if negative {
        unscaled = -unscaled;
    }
    let scale = i32::try_from(frac_part.len() as i64 - exponent).ok()?;
    Some((unscaled, scale))
}

/// The day-number epoch of the CQL `date` type: 2^31 is 1970-01-01.
const DATE_EPOCH: i64 = 1 << 31;

/// The proleptic Gregorian (ISO, year 0 exists) date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day count since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The canonical text of a CQL `date` (days with 2^31 as 1970-01-01): `YYYY-MM-DD` for
/// years 0..=9999, otherwise sign + unpadded year (`-5877641-06-23`, `+5881580-07-11`).
pub fn date_string(day_number: u32) -> String {
    let (year, month, day) = civil_from_days(i64::from(day_number) - DATE_EPOCH);
    if (0..=9999).contains(&year) {
        format!("{year:04}-{month:02}-{day:02}")
    } else if year < 0 {
        format!("-{}-{month:02}-{day:02}", -year)
    } else {
        format!("+{year}-{month:02}-{day:02}")
    }
}

/// Parses the canonical text of a date back into its day number.
pub fn parse_date(text: &str) -> Option<u32> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let mut parts = rest.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year = if negative { -year } else { year };
    u32::try_from(days_from_civil(year, month, day) + DATE_EPOCH).ok()
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::*;

    fn dec(unscaled: i64, scale: i32) -> String {
        decimal_string(&BigInt::from(unscaled), scale)
    }

    #[test]
    fn decimals_like_java_big_decimal() {
        assert_eq!(dec(1000, 3), "1.000");
        assert_eq!(dec(0, 2), "0.00");
        assert_eq!(dec(1, -10), "1E+10");
        assert_eq!(dec(1, 9), "1E-9");
        assert_eq!(dec(-10, 21), "-1.0E-20");
        assert_eq!(dec(123, 0), "123");
        assert_eq!(dec(-12345, 2), "-123.45");
        assert_eq!(dec(1, 6), "0.000001");
        assert_eq!(dec(1, 7), "1E-7");
        assert_eq!(dec(0, -2), "0E+2");
        assert_eq!(dec(123, -1), "1.23E+3");
        assert_eq!(dec(5, 1), "0.5");
    }

    #[test]
    fn decimal_text_round_trips_with_scale() {
        for text in [
            "1.000", "0.00", "1E+10", "1E-9", "-1.0E-20", "123", "-123.45", "0.000001",
        ] {
            let (unscaled, scale) = parse_decimal(text).unwrap();
            assert_eq!(decimal_string(&unscaled, scale), text);
        }
        assert_eq!(parse_decimal("-0.00"), Some((BigInt::from(0), 2)));
        assert_eq!(parse_decimal("1.5e3"), Some((BigInt::from(15), -2)));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn dates_with_signed_years() {
        assert_eq!(date_string(1 << 31), "1970-01-01");
        assert_eq!(date_string(0), "-5877641-06-23");
        assert_eq!(date_string(u32::MAX), "+5881580-07-11");
        assert_eq!(date_string((1 << 31) - 1), "1969-12-31");
        assert_eq!(date_string((1 << 31) + 19_000), "2022-01-08");
        // Year -1 (2 BC) ends on December 31st, the day before 0000-01-01.
        let year_zero = parse_date("0000-01-01").unwrap();
        assert_eq!(date_string(year_zero - 1), "-1-12-31");
        assert_eq!(date_string(year_zero), "0000-01-01");
        assert_eq!(
            parse_date("9999-12-31").map(date_string).as_deref(),
            Some("9999-12-31")
        );
        assert_eq!(
            date_string(parse_date("+10000-01-01").unwrap()),
            "+10000-01-01"
        );
    }

    #[test]
    fn dates_parse_back() {
        for text in [
            "1970-01-01",
            "-5877641-06-23",
            "+5881580-07-11",
            "-1-12-31",
            "2000-02-29",
        ] {
            assert_eq!(date_string(parse_date(text).unwrap()), text);
        }
        assert_eq!(parse_date("1970-01-01"), Some(1 << 31));
        assert_eq!(parse_date("+5881580-07-12"), None);
        assert_eq!(parse_date("1970-13-01"), None);
    }
}
