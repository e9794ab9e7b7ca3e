//! The body notations of native protocol v4 (§3 of `native_protocol_v4.spec`): a bounds-checked
//! reader over a frame body and the matching writers.
//!
//! Every read failure is a ProtocolError (0x000A) worded after Cassandra's `CBUtil`, so a
//! truncated or malformed body can never do more than fail the request it belongs to.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use uuid::Uuid;

use crate::engine::{BoundValue, Consistency};
use crate::error::{CqlError, CqlResult};

/// A cursor over a request body. Reads never go past the end: they fail with a ProtocolError.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Takes the next `n` bytes; `what` names the notation in the error.
    fn take(&mut self, n: usize, what: &str) -> CqlResult<&'a [u8]> {
        if self.remaining() < n {
            return Err(CqlError::protocol(format!(
                "Not enough bytes to read {what} (needed {n}, {} left in the message body)",
                self.remaining()
            )));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self, what: &str) -> CqlResult<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    /// `[byte]`
    pub fn byte(&mut self) -> CqlResult<u8> {
        Ok(self.array::<1>("a byte")?[0])
    }

    /// `[short]` (unsigned 16 bits).
    pub fn short(&mut self) -> CqlResult<u16> {
        Ok(u16::from_be_bytes(self.array("a short")?))
    }

    /// `[int]`
    pub fn int(&mut self) -> CqlResult<i32> {
        Ok(i32::from_be_bytes(self.array("an int")?))
    }

    /// `[long]`
    pub fn long(&mut self) -> CqlResult<i64> {
        Ok(i64::from_be_bytes(self.array("a long")?))
    }

    /// `[string]`: a `[short]` length and UTF-8 bytes.
    pub fn string(&mut self) -> CqlResult<String> {
        let len = self.short().map_err(|_| {
            CqlError::protocol(
                "Not enough bytes to read an UTF8 serialized string preceded by its 2 bytes length",
            )
        })?;
        let bytes = self
            .take(usize::from(len), "an UTF8 serialized string")
            .map_err(|_| {
                CqlError::protocol(
                "Not enough bytes to read an UTF8 serialized string preceded by its 2 bytes length",
            )
            })?;
        utf8(bytes)
    }

    /// `[long string]`: an `[int]` length and UTF-8 bytes.
    pub fn long_string(&mut self) -> CqlResult<String> {
        let short = || {
            CqlError::protocol(
                "Not enough bytes to read an UTF8 serialized string preceded by its 4 bytes length",
            )
        };
        let len = self.int().map_err(|_| short())?;
        let len = usize::try_from(len).map_err(|_| short())?;
        let bytes = self
            .take(len, "an UTF8 serialized string")
            .map_err(|_| short())?;
        utf8(bytes)
    }

    /// `[uuid]`
    pub fn uuid(&mut self) -> CqlResult<Uuid> {
        Ok(Uuid::from_bytes(self.array("a uuid")?))
    }

    /// `[string list]`
    pub fn string_list(&mut self) -> CqlResult<Vec<String>> {
        let n = self.short()?;
        (0..n).map(|_| self.string()).collect()
    }

    /// `[bytes]`: `None` for a negative length.
    pub fn bytes(&mut self) -> CqlResult<Option<&'a [u8]>> {
        let len = self.int()?;
        if len < 0 {
            return Ok(None);
        }
        self.bytes_of_len(len)
    }

    fn bytes_of_len(&mut self, len: i32) -> CqlResult<Option<&'a [u8]>> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        self.take(len, "a byte array preceded by its 4 bytes length")
            .map(Some)
    }

    /// `[value]`: `[bytes]` where -1 is null and -2 is "unset"; other negative lengths are
    /// refused as Cassandra refuses them.
    pub fn value(&mut self) -> CqlResult<BoundValue> {
        let len = self.int()?;
        match len {
            -1 => Ok(BoundValue::Null),
            -2 => Ok(BoundValue::Unset),
            l if l < 0 => Err(CqlError::protocol(format!("Invalid ByteBuffer length {l}"))),
            l => Ok(BoundValue::Bytes(
                self.bytes_of_len(l)?.unwrap_or_default().to_vec(),
            )),
        }
    }

    /// `[short bytes]`
    pub fn short_bytes(&mut self) -> CqlResult<&'a [u8]> {
        let len = self.short()?;
        self.take(
            usize::from(len),
            "a byte array preceded by its 2 bytes length",
        )
    }

    /// `[string map]`
    pub fn string_map(&mut self) -> CqlResult<Vec<(String, String)>> {
        let n = self.short()?;
        (0..n)
            .map(|_| Ok((self.string()?, self.string()?)))
            .collect()
    }

    /// `[string multimap]`
    pub fn string_multimap(&mut self) -> CqlResult<Vec<(String, Vec<String>)>> {
        let n = self.short()?;
        (0..n)
            .map(|_| Ok((self.string()?, self.string_list()?)))
            .collect()
    }

    /// `[bytes map]` (custom payloads).
    pub fn bytes_map(&mut self) -> CqlResult<HashMap<String, Option<Vec<u8>>>> {
        let n = self.short()?;
        (0..n)
            .map(|_| Ok((self.string()?, self.bytes()?.map(<[u8]>::to_vec))))
            .collect()
    }

    /// `[inet]`: a one-byte address size (4 or 16), the address and an `[int]` port.
    pub fn inet(&mut self) -> CqlResult<SocketAddr> {
        let size = self.byte()?;
        let ip = match size {
            4 => IpAddr::V4(Ipv4Addr::from(self.array::<4>("an IPv4 address")?)),
            16 => IpAddr::V6(Ipv6Addr::from(self.array::<16>("an IPv6 address")?)),
            n => {
                return Err(CqlError::protocol(format!(
                    "Invalid IP address size {n} while deserializing inet address"
                )))
            }
        };
        let port = self.int()?;
        let port = u16::try_from(port)
            .map_err(|_| CqlError::protocol(format!("Invalid port {port} in inet address")))?;
        Ok(SocketAddr::new(ip, port))
    }

    /// `[consistency]`
    pub fn consistency(&mut self) -> CqlResult<Consistency> {
        let code = self.short()?;
        consistency_from_code(code)
    }
}

fn utf8(bytes: &[u8]) -> CqlResult<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(CqlError::protocol(format!(
            "Cannot decode string as UTF8: '{}'; java.nio.charset.MalformedInputException: Input length = {}",
            hex(bytes),
            e.error_len().unwrap_or(1)
        ))),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The consistency level with protocol code `code`.
pub fn consistency_from_code(code: u16) -> CqlResult<Consistency> {
    Ok(match code {
        0x0000 => Consistency::Any,
        0x0001 => Consistency::One,
        0x0002 => Consistency::Two,
        0x0003 => Consistency::Three,
        0x0004 => Consistency::Quorum,
        0x0005 => Consistency::All,
        0x0006 => Consistency::LocalQuorum,
        0x0007 => Consistency::EachQuorum,
        0x0008 => Consistency::Serial,
        0x0009 => Consistency::LocalSerial,
        0x000A => Consistency::LocalOne,
        other => {
            return Err(CqlError::protocol(format!(
                "Unknown code {other} for a consistency level"
            )))
        }
    })
}

/// The protocol code of a consistency level.
pub fn consistency_code(c: Consistency) -> u16 {
    match c {
        Consistency::Any => 0x0000,
        Consistency::One => 0x0001,
        Consistency::Two => 0x0002,
        Consistency::Three => 0x0003,
        Consistency::Quorum => 0x0004,
        Consistency::All => 0x0005,
        Consistency::LocalQuorum => 0x0006,
        Consistency::EachQuorum => 0x0007,
        Consistency::Serial => 0x0008,
        Consistency::LocalSerial => 0x0009,
        Consistency::LocalOne => 0x000A,
    }
}

/// Writers for the body notations, appending to a `Vec<u8>`.
pub trait Writer {
    /// `[byte]`
    fn put_byte(&mut self, v: u8);
    /// `[short]`
    fn put_short(&mut self, v: u16);
    /// `[int]`
    fn put_int(&mut self, v: i32);
    /// `[long]`
    fn put_long(&mut self, v: i64);
    /// `[string]`; strings longer than 65535 bytes are cut at a character boundary.
    fn put_string(&mut self, v: &str);
    /// `[long string]`
    fn put_long_string(&mut self, v: &str);
    /// `[uuid]`
    fn put_uuid(&mut self, v: &Uuid);
    /// `[string list]`
    fn put_string_list<S: AsRef<str>>(&mut self, v: &[S]);
    /// `[bytes]`: `None` is written as length -1.
    fn put_bytes(&mut self, v: Option<&[u8]>);
    /// `[short bytes]`
    fn put_short_bytes(&mut self, v: &[u8]);
    /// `[string multimap]`
    fn put_string_multimap<S: AsRef<str>>(&mut self, v: &[(S, Vec<S>)]);
    /// `[inet]`
    fn put_inet(&mut self, v: &SocketAddr);
    /// `[consistency]`
    fn put_consistency(&mut self, v: Consistency);
}

impl Writer for Vec<u8> {
    fn put_byte(&mut self, v: u8) {
        self.push(v);
    }

    fn put_short(&mut self, v: u16) {
        self.extend_from_slice(&v.to_be_bytes());
    }

    fn put_int(&mut self, v: i32) {
        self.extend_from_slice(&v.to_be_bytes());
    }

    fn put_long(&mut self, v: i64) {
        self.extend_from_slice(&v.to_be_bytes());
    }

    fn put_string(&mut self, v: &str) {
        let mut end = v.len().min(usize::from(u16::MAX));
        while !v.is_char_boundary(end) {
            end -= 1;
        }
        let s = &v[..end];
        self.put_short(u16::try_from(s.len()).unwrap_or(u16::MAX));
        self.extend_from_slice(s.as_bytes());
    }

    fn put_long_string(&mut self, v: &str) {
        self.put_int(i32::try_from(v.len()).unwrap_or(i32::MAX));
        self.extend_from_slice(v.as_bytes());
    }

    fn put_uuid(&mut self, v: &Uuid) {
        self.extend_from_slice(v.as_bytes());
    }

    fn put_string_list<S: AsRef<str>>(&mut self, v: &[S]) {
        self.put_short(u16::try_from(v.len()).unwrap_or(u16::MAX));
        for s in v.iter().take(usize::from(u16::MAX)) {
            self.put_string(s.as_ref());
        }
    }

    fn put_bytes(&mut self, v: Option<&[u8]>) {
        match v {
            None => self.put_int(-1),
            Some(b) => {
                self.put_int(i32::try_from(b.len()).unwrap_or(i32::MAX));
                self.extend_from_slice(b);
            }
        }
    }

    fn put_short_bytes(&mut self, v: &[u8]) {
        let n = v.len().min(usize::from(u16::MAX));
        self.put_short(u16::try_from(n).unwrap_or(u16::MAX));
        self.extend_from_slice(&v[..n]);
    }

    fn put_string_multimap<S: AsRef<str>>(&mut self, v: &[(S, Vec<S>)]) {
        self.put_short(u16::try_from(v.len()).unwrap_or(u16::MAX));
        for (k, vs) in v {
            self.put_string(k.as_ref());
            self.put_string_list(vs);
        }
    }

    fn put_inet(&mut self, v: &SocketAddr) {
        match v.ip() {
            IpAddr::V4(ip) => {
                self.put_byte(4);
                self.extend_from_slice(&ip.octets());
            }
            IpAddr::V6(ip) => {
                self.put_byte(16);
                self.extend_from_slice(&ip.octets());
            }
        }
        self.put_int(i32::from(v.port()));
    }

    fn put_consistency(&mut self, v: Consistency) {
        self.put_short(consistency_code(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_notation() {
        let mut out = Vec::new();
        out.put_byte(7);
        out.put_short(65535);
        out.put_int(-5);
        out.put_long(i64::MIN);
        out.put_string("héllo");
        out.put_long_string("SELECT * FROM t");
        let id = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        out.put_uuid(&id);
        out.put_string_list(&["a", "bc"]);
        out.put_bytes(None);
        out.put_bytes(Some(&[1, 2]));
        out.put_short_bytes(&[9]);
        out.put_string_multimap(&[("K", vec!["x", "y"])]);
        let addr: SocketAddr = "[::1]:9042".parse().unwrap();
        out.put_inet(&addr);
        out.put_consistency(Consistency::LocalOne);
        out.put_int(-2);

        let mut r = Reader::new(&out);
        assert_eq!(r.byte().unwrap(), 7);
        assert_eq!(r.short().unwrap(), 65535);
        assert_eq!(r.int().unwrap(), -5);
        assert_eq!(r.long().unwrap(), i64::MIN);
        assert_eq!(r.string().unwrap(), "héllo");
        assert_eq!(r.long_string().unwrap(), "SELECT * FROM t");
        assert_eq!(r.uuid().unwrap(), id);
        assert_eq!(r.string_list().unwrap(), vec!["a", "bc"]);
        assert_eq!(r.value().unwrap(), BoundValue::Null);
        assert_eq!(r.bytes().unwrap(), Some(&[1u8, 2][..]));
        assert_eq!(r.short_bytes().unwrap(), &[9]);
        assert_eq!(
            r.string_multimap().unwrap(),
            vec![("K".to_string(), vec!["x".to_string(), "y".to_string()])]
        );
        assert_eq!(r.inet().unwrap(), addr);
        assert_eq!(r.consistency().unwrap(), Consistency::LocalOne);
        assert_eq!(r.value().unwrap(), BoundValue::Unset);
        assert_eq!(r.remaining(), 0);
        assert_eq!(r.byte().unwrap_err().code, crate::ErrorCode::ProtocolError);
    }

    #[test]
    fn refuses_bad_lengths_and_utf8() {
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xfd]);
        assert_eq!(
            r.value().unwrap_err().message,
            "Invalid ByteBuffer length -3"
        );
        let mut r = Reader::new(&[0, 0, 0, 2, 0xc3, 0x28]);
        let err = r.long_string().unwrap_err();
        assert!(
            err.message
                .starts_with("Cannot decode string as UTF8: 'c328'"),
            "{err:?}"
        );
        let mut r = Reader::new(&[0, 0, 0, 9, b'a']);
        assert_eq!(
            r.long_string().unwrap_err().message,
            "Not enough bytes to read an UTF8 serialized string preceded by its 4 bytes length"
        );
        let mut r = Reader::new(&[0, 11]);
        assert_eq!(
            r.consistency().unwrap_err().message,
            "Unknown code 11 for a consistency level"
        );
    }
}
