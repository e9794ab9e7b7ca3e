//! Scanners for the multi-character literal shapes: UUIDs, durations and numbers.
//!
//! Each takes the input as characters and a start position and returns the end position
//! (exclusive) of the longest match, or `None`.

/// Whether `c` is an ASCII hex digit.
fn hex(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_hexdigit())
}

/// Whether `c` is an ASCII digit.
fn digit(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

/// An unquoted UUID (8-4-4-4-12 hex digits).
pub(super) fn uuid(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start;
    for (n, group) in [8usize, 4, 4, 4, 12].into_iter().enumerate() {
        if n > 0 {
            if chars.get(i) != Some(&'-') {
                return None;
            }
            i += 1;
        }
        for _ in 0..group {
            if !hex(chars.get(i)) {
                return None;
            }
            i += 1;
        }
    }
    Some(i)
}

/// A run of digits starting at `i`; returns its end (== `i` when there is none).
fn digits(chars: &[char], mut i: usize) -> usize {
    while digit(chars.get(i)) {
        i += 1;
    }
    i
}

/// The length of a duration unit at `i` (`y mo w d h m s ms us µs ns`, any case).
fn unit(chars: &[char], i: usize) -> Option<usize> {
    let lower = |k: usize| chars.get(i + k).map(|c| c.to_ascii_lowercase());
    match (lower(0), lower(1)) {
        (Some('m'), Some('o')) | (Some('m'), Some('s')) => Some(2),
        (Some('u'), Some('s')) | (Some('µ'), Some('s')) | (Some('n'), Some('s')) => Some(2),
        (Some('y' | 'w' | 'd' | 'h' | 'm' | 's'), _) => Some(1),
        _ => None,
    }
}

/// A duration literal: `-`? then `1h30m`-style units or an ISO 8601 form (`P...`).
pub(super) fn duration(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        i += 1;
    }
    if chars.get(i) == Some(&'P') {
        return iso(chars, i + 1);
    }
    let mut end = None;
    loop {
        let d = digits(chars, i);
        if d == i {
            break;
        }
        match unit(chars, d) {
            Some(len) => {
                i = d + len;
                end = Some(i);
            }
            None => break,
        }
    }
    end
}

/// `n` digits exactly at `i`.
fn exact_digits(chars: &[char], i: usize, n: usize) -> bool {
    (0..n).all(|k| digit(chars.get(i + k)))
}

/// Designated components `DIGIT+ X` in a fixed order, each optional, at least one; returns
/// the end and the letters seen.
fn designated(chars: &[char], mut i: usize, order: &[char]) -> (usize, usize) {
    let mut seen = 0;
    let mut next = 0;
    loop {
        let d = digits(chars, i);
        if d == i {
            break;
        }
        let Some(pos) = order[next..].iter().position(|c| chars.get(d) == Some(c)) else {
            break;
        };
        next += pos + 1;
        seen += 1;
        i = d + 1;
        if next >= order.len() {
            break;
        }
    }
    (i, seen)
}

/// The ISO 8601 part after `P`.
fn iso(chars: &[char], i: usize) -> Option<usize> {
    // Alternative format: PYYYY-MM-DDThh:mm:ss
    let alt = exact_digits(chars, i, 4)
        && chars.get(i + 4) == Some(&'-')
        && exact_digits(chars, i + 5, 2)
        && chars.get(i + 7) == Some(&'-')
        && exact_digits(chars, i + 8, 2)
        && chars.get(i + 10) == Some(&'T')
        && exact_digits(chars, i + 11, 2)
        && chars.get(i + 13) == Some(&':')
        && exact_digits(chars, i + 14, 2)
        && chars.get(i + 16) == Some(&':')
        && exact_digits(chars, i + 17, 2);
    if alt {
        return Some(i + 19);
    }
    // Weeks: PnW
    let d = digits(chars, i);
    if d > i && chars.get(d) == Some(&'W') {
        return Some(d + 1);
    }
    let (date_end, date_seen) = designated(chars, i, &['Y', 'M', 'D']);
    let time = |at: usize| -> Option<usize> {
        if chars.get(at) != Some(&'T') {
            return None;
        }
        let (end, seen) = designated(chars, at + 1, &['H', 'M', 'S']);
        (seen > 0).then_some(end)
    };
    match (date_seen > 0, time(date_end)) {
        (_, Some(end)) => Some(end),
        (true, None) => Some(date_end),
        (false, None) => None,
    }
}

/// What a number scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Number {
    /// `-`? digits
    Integer,
    /// With a fraction or an exponent.
    Float,
}

/// An integer or float literal at `start` (`-`? then a digit).
pub(super) fn number(chars: &[char], start: usize) -> (usize, Number) {
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        i += 1;
    }
    i = digits(chars, i);
    let mut kind = Number::Integer;
    if chars.get(i) == Some(&'.') {
        if chars.get(i + 1) == Some(&'.') {
            return (i, Number::Integer);
        }
        i = digits(chars, i + 1);
        kind = Number::Float;
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        let end = digits(chars, j);
        if end > j {
            i = end;
            kind = Number::Float;
        }
    }
    (i, kind)
}
