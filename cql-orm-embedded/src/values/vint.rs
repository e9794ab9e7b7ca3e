//! Cassandra's variable-length integers (`VIntCoding`): the number of leading one bits of
//! the first byte is the number of extra bytes; the value is big-endian; signed values are
//! zig-zag encoded. Used by the `duration` encoding.

/// Appends `value` as an unsigned vint.
pub fn write_unsigned(value: u64, out: &mut Vec<u8>) {
    let magnitude = (value | 1).leading_zeros() as i64;
    let size = ((639 - magnitude * 9) >> 6) as usize;
    if size == 1 {
        out.push(value as u8);
        return;
    }
    let extra = size - 1;
    let mut buf = [0u8; 9];
    let mut v = value;
    for i in (0..size).rev() {
        buf[i] = v as u8;
        v = v.checked_shr(8).unwrap_or(0);
    }
    buf[0] |= !(0xffu16 >> extra) as u8;
    out.extend_from_slice(&buf[..size]);
}

/// Appends `value` as a signed (zig-zag) vint.
pub fn write_signed(value: i64, out: &mut Vec<u8>) {
    write_unsigned(((value << 1) ^ (value >> 63)) as u64, out)
}

/// Reads an unsigned vint at the start of `input`: the value and the number of bytes read,
/// or `None` when the input is too short.
pub fn read_unsigned(input: &[u8]) -> Option<(u64, usize)> {
    let first = *input.first()?;
    let extra = (!first).leading_zeros() as usize;
    if input.len() < 1 + extra {
        return None;
    }
    let mut value: u64 = if extra >= 8 {
        0
    } else {
        u64::from(first & (0xffu16 >> extra) as u8)
    };
    for b in &input[1..=extra] {
        value = (value << 8) | u64::from(*b);
    }
    Some((value, 1 + extra))
}

/// Reads a signed (zig-zag) vint.
pub fn read_signed(input: &[u8]) -> Option<(i64, usize)> {
    let (v, n) = read_unsigned(input)?;
    Some((((v >> 1) as i64) ^ -((v & 1) as i64), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_sizes() {
        for v in [
            0i64,
            1,
            -1,
            63,
            -64,
            64,
            1000,
            -1000,
            i64::MAX,
            i64::MIN,
            1 << 40,
        ] {
            let mut out = Vec::new();
            write_signed(v, &mut out);
            assert_eq!(read_signed(&out), Some((v, out.len())), "{v}");
        }
        let mut out = Vec::new();
        write_unsigned(127, &mut out);
        assert_eq!(out, vec![127]);
        out.clear();
        write_unsigned(128, &mut out);
        assert_eq!(out, vec![0x80, 0x80]);
        out.clear();
        write_unsigned(u64::MAX, &mut out);
        assert_eq!(out.len(), 9);
        assert_eq!(out[0], 0xff);
        // 1h30m = 5400000000000 ns, zig-zag 10800000000000
        out.clear();
        write_signed(5_400_000_000_000, &mut out);
        assert_eq!(read_signed(&out).map(|x| x.0), Some(5_400_000_000_000));
    }
}
