//! Java's `Double.toString` / `Float.toString` text forms (`1.0E10`, `0.001`, `NaN`).

/// Shortest round-trip digits and decimal exponent: `x = 0.d1d2... × 10^exp`... expressed as
/// (`digits`, `point`) where the value is `digits` with the decimal point after `point`
/// digits.
fn digits_and_point(text_e: &str) -> (String, i64) {
    // `text_e` is Rust's `{:e}` output of a positive finite number: `d[.ddd]e[-]n`.
    let (mantissa, exp) = text_e.split_once('e').unwrap_or((text_e, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp + 1)
}

fn java_format(negative: bool, text_e: &str, is_zero: bool) -> String {
    let sign = if negative { "-" } else { "" };
    if is_zero {
        return format!("{sign}0.0");
    }
    let (digits, point) = digits_and_point(text_e);
    // Java: plain notation for 10^-3 <= |x| < 10^7, computerized scientific otherwise.
    if (-2..=7).contains(&point) {
        if point <= 0 {
            let zeros = "0".repeat((-point) as usize);
            format!("{sign}0.{zeros}{digits}")
        } else {
            let p = point as usize;
            let (int_part, frac) = if digits.len() > p {
                (digits[..p].to_string(), digits[p..].to_string())
            } else {
                (
                    format!("{digits}{}", "0".repeat(p - digits.len())),
                    String::new(),
                )
            };
            let frac = if frac.is_empty() {
                "0".to_string()
            } else {
                frac
            };
            format!("{sign}{int_part}.{frac}")
        }
    } else {
        let first = &digits[..1];
        let rest = if digits.len() > 1 { &digits[1..] } else { "0" };
        format!("{sign}{first}.{rest}E{}", point - 1)
    }
}

/// Java's `Double.toString(x)`.
pub fn double_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    // Java's (pre-19) algorithm prints the smallest subnormal with two digits.
    if x.abs() == f64::from_bits(1) {
        return format!("{}4.9E-324", if x < 0.0 { "-" } else { "" });
    }
    java_format(x.is_sign_negative(), &format!("{:e}", x.abs()), x == 0.0)
}

/// Java's `Float.toString(x)`.
pub fn float_to_string(x: f32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if x.abs() == f32::from_bits(1) {
        return format!("{}1.4E-45", if x < 0.0 { "-" } else { "" });
    }
    java_format(x.is_sign_negative(), &format!("{:e}", x.abs()), x == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles() {
        assert_eq!(double_to_string(10.0), "10.0");
        assert_eq!(double_to_string(1.1), "1.1");
        assert_eq!(double_to_string(-0.0), "-0.0");
        assert_eq!(double_to_string(1e10), "1.0E10");
        assert_eq!(double_to_string(1234567.0), "1234567.0");
        assert_eq!(double_to_string(12345678.0), "1.2345678E7");
        assert_eq!(double_to_string(0.001), "0.001");
        assert_eq!(double_to_string(0.0001), "1.0E-4");
        assert_eq!(double_to_string(5e-324), "4.9E-324");
        assert_eq!(double_to_string(100.0), "100.0");
        assert_eq!(double_to_string(f64::MAX), "1.7976931348623157E308");
        assert_eq!(double_to_string(1.3333333333333333), "1.3333333333333333");
    }

    #[test]
    fn floats() {
        assert_eq!(float_to_string(1.1), "1.1");
        assert_eq!(float_to_string(1.5), "1.5");
        assert_eq!(float_to_string(3.4028235e38), "3.4028235E38");
        assert_eq!(float_to_string(f32::NEG_INFINITY), "-Infinity");
    }
}
