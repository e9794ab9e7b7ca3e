//! `decimal` text forms: Java's `new BigDecimal(String)` grammar and `BigDecimal.toString()`.

use num_bigint::{BigInt, Sign};

/// Parses a decimal as `new BigDecimal(text)` does: optional sign, digits with an optional
/// point, optional exponent (`1.5e-3`, `-0.00`, `1E+10`). Returns the unscaled value and the
/// scale, or `None` when the text is not a decimal.
pub fn parse_decimal(text: &str) -> Option<(BigInt, i32)> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (negative, body) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part
        .bytes()
        .chain(frac_part.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            e.parse().ok()?
        }
    };
    let digits = format!("{int_part}{frac_part}");
    let mut unscaled: BigInt = digits.parse().ok()?;
    if negative {
        unscaled = -unscaled;
    }
    let scale = i64::try_from(frac_part.len()).ok()? - exp;
    Some((unscaled, i32::try_from(scale).ok()?))
}

/// Java's `BigDecimal.toString()`: plain notation when the scale is not negative and the
/// adjusted exponent is at least -6, scientific (`1E+10`, `-1.0E-20`) otherwise.
pub fn decimal_to_string(unscaled: &BigInt, scale: i32) -> String {
    let negative = unscaled.sign() == Sign::Minus;
    let digits = unscaled.magnitude().to_string();
    let sign = if negative { "-" } else { "" };
    let adjusted = -i64::from(scale) + (digits.len() as i64 - 1);
    if scale >= 0 && adjusted >= -6 {
        let s = scale as usize;
        if s == 0 {
            return format!("{sign}{digits}");
        }
        if digits.len() > s {
            let (i, f) = digits.split_at(digits.len() - s);
            format!("{sign}{i}.{f}")
        } else {
            format!("{sign}0.{}{digits}", "0".repeat(s - digits.len()))
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if adjusted >= 0 { "+" } else { "" };
        format!("{sign}{first}{point}E{exp_sign}{adjusted}")
    }
}

/// The nearest `f64` of a decimal (`BigDecimal.doubleValue()`).
pub fn decimal_to_f64(unscaled: &BigInt, scale: i32) -> f64 {
    format!("{unscaled}e{}", -i64::from(scale))
        .parse()
        .unwrap_or(f64::NAN)
}

/// `BigDecimal.valueOf(double)`: the decimal of Java's `Double.toString(x)`; `None` for NaN
/// and infinities.
pub fn decimal_from_f64(x: f64) -> Option<(BigInt, i32)> {
    if !x.is_finite() {
        return None;
    }
    parse_decimal(&super::java_float::double_to_string(x))
}

/// The integer part of a decimal, truncated towards zero (`BigDecimal.toBigInteger()`).
pub fn decimal_to_bigint(unscaled: &BigInt, scale: i32) -> BigInt {
    if scale <= 0 {
        unscaled * BigInt::from(10u32).pow(scale.unsigned_abs())
    } else {
        unscaled / BigInt::from(10u32).pow(scale.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(text: &str) -> String {
        let (u, s) = parse_decimal(text).unwrap_or_default();
        decimal_to_string(&u, s)
    }

    #[test]
    fn java_forms() {
        assert_eq!(round("1E+10"), "1E+10");
        assert_eq!(round("1e10"), "1E+10");
        assert_eq!(round("-0.00"), "0.00");
        assert_eq!(round("0.000000001"), "1E-9");
        assert_eq!(round("-1.0E-20"), "-1.0E-20");
        assert_eq!(round("1.000"), "1.000");
        assert_eq!(round("0"), "0");
        assert_eq!(round("0.000001"), "0.000001");
        assert_eq!(
            round("-123456789012345678901234567890.123456789"),
            "-123456789012345678901234567890.123456789"
        );
        assert_eq!(round("12.5e1"), "125");
        assert_eq!(round("1.25e5"), "1.25E+5");
        assert!(parse_decimal("NaN").is_none());
        assert!(parse_decimal("1.2.3").is_none());
        assert!(parse_decimal("e5").is_none());
    }

    #[test]
    fn conversions() {
        let (u, s) = parse_decimal("1.5").unwrap_or_default();
        assert_eq!(decimal_to_f64(&u, s), 1.5);
        assert_eq!(decimal_to_bigint(&BigInt::from(-15), 1), BigInt::from(-1));
        assert_eq!(decimal_to_bigint(&BigInt::from(15), -2), BigInt::from(1500));
        assert_eq!(decimal_from_f64(0.1), Some((BigInt::from(1), 1)));
    }
}
