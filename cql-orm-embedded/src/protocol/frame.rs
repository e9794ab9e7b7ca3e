//! Frame headers, the incremental frame decoder and frame encoding.
//!
//! A v4 frame is a 9-byte header (version, flags, stream, opcode, body length) and a body.
//! The decoder follows Cassandra 4.0's `Envelope.Decoder`: it checks the version from the
//! first byte alone (v1/v2 headers are shorter), refuses unknown opcodes on the frame's stream,
//! and skips the body of a frame over the size limit before answering it with an error, so
//! no input makes it allocate more than one maximum-size frame.

use bytes::{Buf, Bytes, BytesMut};

use crate::error::{CqlError, ErrorCode};

/// The only protocol version served.
pub const VERSION: u8 = 0x04;
/// The direction bit of the version byte, set on responses.
pub const RESPONSE_BIT: u8 = 0x80;
/// Length of a v3+ frame header.
pub const HEADER_LEN: usize = 9;
/// The largest frame (header and body) accepted: 256 MiB.
pub const MAX_FRAME_SIZE: usize = 256 * 1024 * 1024;

/// Header flag 0x01: the body is compressed.
pub const FLAG_COMPRESSION: u8 = 0x01;
/// Header flag 0x02: tracing requested (request) / tracing id present (response).
pub const FLAG_TRACING: u8 = 0x02;
/// Header flag 0x04: a custom payload precedes the body.
pub const FLAG_CUSTOM_PAYLOAD: u8 = 0x04;
/// Header flag 0x08: warnings precede the body (responses).
pub const FLAG_WARNING: u8 = 0x08;

/// Message opcodes of protocol v4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Opcode {
    /// 0x00 ERROR (response)
    Error = 0x00,
    /// 0x01 STARTUP (request)
    Startup = 0x01,
    /// 0x02 READY (response)
    Ready = 0x02,
    /// 0x03 AUTHENTICATE (response)
    Authenticate = 0x03,
    /// 0x05 OPTIONS (request)
    Options = 0x05,
    /// 0x06 SUPPORTED (response)
    Supported = 0x06,
    /// 0x07 QUERY (request)
    Query = 0x07,
    /// 0x08 RESULT (response)
    Result = 0x08,
    /// 0x09 PREPARE (request)
    Prepare = 0x09,
    /// 0x0A EXECUTE (request)
    Execute = 0x0A,
    /// 0x0B REGISTER (request)
    Register = 0x0B,
    /// 0x0C EVENT (response)
    Event = 0x0C,
    /// 0x0D BATCH (request)
    Batch = 0x0D,
    /// 0x0E AUTH_CHALLENGE (response)
    AuthChallenge = 0x0E,
    /// 0x0F AUTH_RESPONSE (request)
    AuthResponse = 0x0F,
    /// 0x10 AUTH_SUCCESS (response)
    AuthSuccess = 0x10,
}

impl Opcode {
    /// The opcode with this byte, if any (0x04, CREDENTIALS, was protocol v1 only).
    pub fn from_byte(b: u8) -> Option<Opcode> {
        Some(match b {
            0x00 => Opcode::Error,
            0x01 => Opcode::Startup,
            0x02 => Opcode::Ready,
            0x03 => Opcode::Authenticate,
            0x05 => Opcode::Options,
            0x06 => Opcode::Supported,
            0x07 => Opcode::Query,
            0x08 => Opcode::Result,
            0x09 => Opcode::Prepare,
            0x0A => Opcode::Execute,
            0x0B => Opcode::Register,
            0x0C => Opcode::Event,
            0x0D => Opcode::Batch,
            0x0E => Opcode::AuthChallenge,
            0x0F => Opcode::AuthResponse,
            0x10 => Opcode::AuthSuccess,
            _ => return None,
        })
    }

    /// Whether clients send this message (rather than servers).
    pub fn is_request(self) -> bool {
        matches!(
            self,
            Opcode::Startup
                | Opcode::Options
                | Opcode::Query
                | Opcode::Prepare
                | Opcode::Execute
                | Opcode::Register
                | Opcode::Batch
                | Opcode::AuthResponse
        )
    }

    /// Cassandra's name for the message type (as used in its error messages).
    pub fn name(self) -> &'static str {
        match self {
            Opcode::Error => "ERROR",
            Opcode::Startup => "STARTUP",
            Opcode::Ready => "READY",
            Opcode::Authenticate => "AUTHENTICATE",
            Opcode::Options => "OPTIONS",
            Opcode::Supported => "SUPPORTED",
            Opcode::Query => "QUERY",
            Opcode::Result => "RESULT",
            Opcode::Prepare => "PREPARE",
            Opcode::Execute => "EXECUTE",
            Opcode::Register => "REGISTER",
            Opcode::Event => "EVENT",
            Opcode::Batch => "BATCH",
            Opcode::AuthChallenge => "AUTH_CHALLENGE",
            Opcode::AuthResponse => "AUTH_RESPONSE",
            Opcode::AuthSuccess => "AUTH_SUCCESS",
        }
    }
}

/// A request frame, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Header flags as sent.
    pub flags: u8,
    /// The stream id the response must carry.
    pub stream: i16,
    /// The message type.
    pub opcode: Opcode,
    /// The body (custom payload included when flag 0x04 is set).
    pub body: Bytes,
}

/// A failure found while reading frames; answered with an ERROR frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError {
    /// The version byte the ERROR frame carries (without the direction bit), so that a client
    /// speaking another version can read it.
    pub version: u8,
    /// The stream the ERROR frame carries.
    pub stream: i16,
    /// The error.
    pub error: CqlError,
    /// Whether the connection closes once the error is sent (Cassandra closes on an
    /// unsupported protocol version, whose bytes cannot be framed).
    pub fatal: bool,
}

/// What [`FrameDecoder::decode`] found in the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A complete request frame.
    Frame(Frame),
    /// A frame that is answered with an error (its bytes have been consumed or are being
    /// skipped).
    Error(FrameError),
    /// More bytes are needed.
    NeedMore,
}

/// The supported-versions list of the version negotiation message and of SUPPORTED.
pub const SUPPORTED_VERSIONS: &[&str] = &["4/v4"];

/// The message Cassandra sends a client opening with a version it does not serve.
pub fn invalid_version_message(version: u8) -> String {
    format!(
        "Invalid or unsupported protocol version ({version}); supported versions are ({})",
        SUPPORTED_VERSIONS.join(", ")
    )
}

/// Splits a byte stream into request frames.
#[derive(Debug, Clone)]
pub struct FrameDecoder {
    max_frame: usize,
    /// Bytes still to skip of a frame being discarded.
    discarding: usize,
    /// The error to report once the discarded frame is fully skipped.
    after_discard: Option<FrameError>,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        FrameDecoder::new(MAX_FRAME_SIZE)
    }
}

impl FrameDecoder {
    /// A decoder refusing frames larger than `max_frame` bytes (header included).
    pub fn new(max_frame: usize) -> Self {
        FrameDecoder {
            max_frame,
            discarding: 0,
            after_discard: None,
        }
    }

    /// Whether the decoder is in the middle of skipping an oversized frame.
    pub fn is_discarding(&self) -> bool {
        self.discarding > 0
    }

    /// Takes the next frame (or error) off the front of `buf`.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Decoded {
        if self.discarding > 0 {
            let n = self.discarding.min(buf.len());
            buf.advance(n);
            self.discarding -= n;
            if self.discarding > 0 {
                return Decoded::NeedMore;
            }
            if let Some(err) = self.after_discard.take() {
                return Decoded::Error(err);
            }
        }
        let Some(&first) = buf.first() else {
            return Decoded::NeedMore;
        };
        let version = first & !RESPONSE_BIT;
        if version != VERSION {
            // Cassandra answers an old version in that version's own framing and anything
            // else with its newest version, always on stream 0, then closes.
            let reply_version = if (1..VERSION).contains(&version) {
                version
            } else {
                VERSION
            };
            buf.clear();
            return Decoded::Error(FrameError {
                version: reply_version,
                stream: 0,
                error: CqlError::protocol(invalid_version_message(version)),
                fatal: true,
            });
        }
        if buf.len() < HEADER_LEN {
            return Decoded::NeedMore;
        }
        let flags = buf[1];
        let stream = i16::from_be_bytes([buf[2], buf[3]]);
        let op = buf[4];
        let body_len = u32::from_be_bytes([buf[5], buf[6], buf[7], buf[8]]);
        let total = usize::try_from(body_len)
            .unwrap_or(usize::MAX)
            .saturating_add(HEADER_LEN);
        let opcode_error = match Opcode::from_byte(op) {
            None => Some(CqlError::protocol(format!("Unknown opcode {op}"))),
            Some(o) if !o.is_request() || first & RESPONSE_BIT != 0 => {
                let expected = if o.is_request() {
                    "REQUEST"
                } else {
                    "RESPONSE"
                };
                let got = if first & RESPONSE_BIT != 0 {
                    "RESPONSE"
                } else {
                    "REQUEST"
                };
                Some(CqlError::protocol(if expected == got {
                    format!("Unexpected message {}", o.name())
                } else {
                    format!(
                        "Wrong protocol direction (expected {expected}, got {got}) for opcode {op} ({})",
                        o.name()
                    )
                }))
            }
            Some(_) => None,
        };
        if total > self.max_frame {
            let msg = format!(
                "Request is too big: length {} exceeds maximum allowed length {}.",
                u64::from(body_len) + HEADER_LEN as u64,
                self.max_frame
            );
            self.start_discard(buf, total);
            let err = FrameError {
                version: VERSION,
                stream,
                error: CqlError::new(ErrorCode::Invalid, msg),
                fatal: false,
            };
            if self.discarding > 0 {
                self.after_discard = Some(err);
                return Decoded::NeedMore;
            }
            return Decoded::Error(err);
        }
        if let Some(error) = opcode_error {
            // The length is sane: skip the body and keep the connection usable.
            self.start_discard(buf, total);
            return Decoded::Error(FrameError {
                version: VERSION,
                stream,
                error,
                fatal: false,
            });
        }
        if buf.len() < total {
            // No reservation up front: a declared length alone never allocates.
            return Decoded::NeedMore;
        }
        let mut frame = buf.split_to(total);
        frame.advance(HEADER_LEN);
        let Some(opcode) = Opcode::from_byte(op) else {
            return Decoded::NeedMore;
        };
        Decoded::Frame(Frame {
            flags,
            stream,
            opcode,
            body: frame.freeze(),
        })
    }

    fn start_discard(&mut self, buf: &mut BytesMut, total: usize) {
        let n = total.min(buf.len());
        buf.advance(n);
        self.discarding = total - n;
    }
}

/// Encodes a response frame: header, then (as flags say) the tracing id, the warnings, then
/// `body`.
pub fn encode_response(
    version: u8,
    stream: i16,
    opcode: Opcode,
    tracing_id: Option<&uuid::Uuid>,
    warnings: &[String],
    body: &[u8],
) -> Vec<u8> {
    use crate::protocol::primitives::Writer;
    let mut flags = 0u8;
    let mut prefix = Vec::new();
    if let Some(id) = tracing_id {
        flags |= FLAG_TRACING;
        prefix.put_uuid(id);
    }
    if !warnings.is_empty() {
        flags |= FLAG_WARNING;
        prefix.put_string_list(warnings);
    }
    let len = prefix.len() + body.len();
    let mut out = Vec::with_capacity(HEADER_LEN + len);
    out.push(version | RESPONSE_BIT);
    out.push(flags);
    if version >= 3 {
        out.extend_from_slice(&stream.to_be_bytes());
    } else {
        // v1/v2 headers carry a one-byte stream id.
        out.push(stream.to_be_bytes()[1]);
    }
    out.push(opcode as u8);
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(&prefix);
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(version: u8, flags: u8, stream: i16, op: u8, len: u32) -> Vec<u8> {
        let mut v = vec![version, flags];
        v.extend_from_slice(&stream.to_be_bytes());
        v.push(op);
        v.extend_from_slice(&len.to_be_bytes());
        v
    }

    #[test]
    fn decodes_a_frame_split_across_reads() {
        let mut bytes = header(4, 0, 7, 0x05, 3);
        bytes.extend_from_slice(b"abc");
        let mut d = FrameDecoder::default();
        let mut buf = BytesMut::new();
        for (i, b) in bytes.iter().enumerate() {
            buf.extend_from_slice(&[*b]);
            let out = d.decode(&mut buf);
            if i + 1 < bytes.len() {
                assert_eq!(out, Decoded::NeedMore);
            } else {
                assert_eq!(
                    out,
                    Decoded::Frame(Frame {
                        flags: 0,
                        stream: 7,
                        opcode: Opcode::Options,
                        body: Bytes::from_static(b"abc"),
                    })
                );
            }
        }
        assert!(buf.is_empty());
    }

    #[test]
    fn refuses_other_versions_like_cassandra() {
        let mut d = FrameDecoder::default();
        let mut buf = BytesMut::from(&header(5, 0, 3, 0x05, 0)[..]);
        let Decoded::Error(e) = d.decode(&mut buf) else {
            panic!("expected an error")
        };
        assert_eq!((e.version, e.stream, e.fatal), (4, 0, true));
        assert_eq!(
            e.error.message,
            "Invalid or unsupported protocol version (5); supported versions are (4/v4)"
        );
        let mut buf = BytesMut::from(&[0x02u8][..]);
        let Decoded::Error(e) = d.decode(&mut buf) else {
            panic!("expected an error")
        };
        assert_eq!(e.version, 2);
        let v2 = encode_response(2, 0, Opcode::Error, None, &[], &[1, 2]);
        assert_eq!(v2, vec![0x82, 0, 0, 0, 0, 0, 0, 2, 1, 2]);
    }

    #[test]
    fn skips_unknown_opcodes_and_oversized_frames() {
        let mut d = FrameDecoder::new(64);
        let mut bytes = header(4, 0, 1, 0x33, 2);
        bytes.extend_from_slice(b"zz");
        bytes.extend_from_slice(&header(4, 0, 2, 0x07, 100));
        bytes.extend_from_slice(&[0u8; 100]);
        bytes.extend_from_slice(&header(4, 0, 3, 0x05, 0));
        let mut buf = BytesMut::from(&bytes[..20]);
        let Decoded::Error(e) = d.decode(&mut buf) else {
            panic!("expected an error")
        };
        assert_eq!(
            (e.stream, e.error.message.as_str()),
            (1, "Unknown opcode 51")
        );
        assert_eq!(d.decode(&mut buf), Decoded::NeedMore);
        assert!(d.is_discarding());
        buf.extend_from_slice(&bytes[20..]);
        let Decoded::Error(e) = d.decode(&mut buf) else {
            panic!("expected an error")
        };
        assert_eq!(e.stream, 2);
        assert_eq!(e.error.code, ErrorCode::Invalid);
        assert_eq!(
            e.error.message,
            "Request is too big: length 109 exceeds maximum allowed length 64."
        );
        let Decoded::Frame(f) = d.decode(&mut buf) else {
            panic!("expected a frame")
        };
        assert_eq!((f.stream, f.opcode), (3, Opcode::Options));
    }

    #[test]
    fn response_prefixes_tracing_id_then_warnings() {
        let id = uuid::Uuid::from_u128(1);
        let out = encode_response(4, -1, Opcode::Result, Some(&id), &["w".to_string()], &[7]);
        assert_eq!(
            &out[..5],
            &[0x84, FLAG_TRACING | FLAG_WARNING, 0xff, 0xff, 0x08]
        );
        assert_eq!(&out[5..9], &(16u32 + 2 + 2 + 1 + 1).to_be_bytes());
        assert_eq!(&out[9..25], id.as_bytes());
        assert_eq!(&out[25..], &[0, 1, 0, 1, b'w', 7]);
    }

    #[test]
    fn refuses_responses_sent_as_requests() {
        let mut d = FrameDecoder::default();
        let mut buf = BytesMut::from(&header(4, 0, 9, 0x02, 0)[..]);
        let Decoded::Error(e) = d.decode(&mut buf) else {
            panic!("expected an error")
        };
        assert_eq!(
            e.error.message,
            "Wrong protocol direction (expected RESPONSE, got REQUEST) for opcode 2 (READY)"
        );
        assert!(!e.fatal);
    }
}
