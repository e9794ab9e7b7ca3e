//! Murmur3Partitioner tokens: Cassandra's variant of MurmurHash3 x64_128 (its tail bytes
//! are sign-extended, unlike the reference implementation).

const C1: u64 = 0x87c3_7b91_1142_53d5;
const C2: u64 = 0x4cf5_ad43_2745_937f;

fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

fn block(data: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&data[at..at + 8]);
    u64::from_le_bytes(b)
}

/// Cassandra's `MurmurHash.hash3_x64_128(key, 0, len, 0)`: both 64-bit halves.
pub fn hash3_x64_128(data: &[u8]) -> (i64, i64) {
    let len = data.len();
    let nblocks = len / 16;
    let (mut h1, mut h2) = (0u64, 0u64);
    for i in 0..nblocks {
        let mut k1 = block(data, i * 16);
        let mut k2 = block(data, i * 16 + 8);
        k1 = k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 ^= k1;
        h1 = h1
            .rotate_left(27)
            .wrapping_add(h2)
            .wrapping_mul(5)
            .wrapping_add(0x52dc_e729);
        k2 = k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 ^= k2;
        h2 = h2
            .rotate_left(31)
            .wrapping_add(h1)
            .wrapping_mul(5)
            .wrapping_add(0x3849_5ab5);
    }
    let tail = &data[nblocks * 16..];
    // Java's `(long) byte` sign-extends: each tail byte contributes its signed value.
    let signed = |i: usize| tail[i] as i8 as i64 as u64;
    let (mut k1, mut k2) = (0u64, 0u64);
    let rem = tail.len();
    for i in (8..rem).rev() {
        k2 ^= signed(i) << ((i - 8) * 8);
    }
    if rem > 8 {
        k2 = k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 ^= k2;
    }
    for i in (0..rem.min(8)).rev() {
        k1 ^= signed(i) << (i * 8);
    }
    if rem > 0 {
        k1 = k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 ^= k1;
    }
    h1 ^= len as u64;
    h2 ^= len as u64;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1 as i64, h2 as i64)
}

/// See [`crate::values::partition_key_bytes`].
pub fn partition_key_bytes(components: &[&[u8]]) -> Vec<u8> {
    if let [single] = components {
        return single.to_vec();
    }
    let mut out = Vec::new();
    for c in components {
        let len = u16::try_from(c.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&c[..usize::from(len)]);
        out.push(0);
    }
    out
}

/// See [`crate::values::token`].
pub fn token(components: &[&[u8]]) -> i64 {
    let key = partition_key_bytes(components);
    token_of_key(&key)
}

/// The token of already-composed partition key bytes.
pub fn token_of_key(key: &[u8]) -> i64 {
    let (h1, _) = hash3_x64_128(key);
    if h1 == i64::MIN {
        i64::MAX
    } else {
        h1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_int_and_text_tokens() {
        assert_eq!(token(&[&1i32.to_be_bytes()]), -4069959284402364209);
        assert_eq!(token(&[&5i32.to_be_bytes()]), -7509452495886106294);
        assert_eq!(token(&[&(-1i32).to_be_bytes()]), 7297452126230313552);
        assert_eq!(token(&[b"a"]), -8839064797231613815);
        assert_eq!(token(&[b"banana"]), 3791210906525771655);
    }

    #[test]
    fn composite_encoding() {
        let k = partition_key_bytes(&[b"ab", &[1, 2, 3]]);
        assert_eq!(k, vec![0, 2, b'a', b'b', 0, 0, 3, 1, 2, 3, 0]);
    }

    #[test]
    fn long_keys_hash_all_blocks() {
        let a: Vec<u8> = (0u8..40).collect();
        let mut b = a.clone();
        b[3] ^= 1;
        assert_ne!(token(&[&a]), token(&[&b]));
        // Tail bytes with the high bit set take the signed path and still differ.
        assert_ne!(token(&[&[0x80]]), token(&[&[0x00]]));
    }
}
