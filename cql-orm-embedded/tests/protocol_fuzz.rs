//! Property tests: the frame decoder and the request body decoders never panic, whatever
//! the bytes, and a live server survives mutated frames.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use bytes::BytesMut;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use cql_orm_embedded::protocol::frame::{Decoded, FrameDecoder, Opcode};
use cql_orm_embedded::protocol::primitives::Reader;
use cql_orm_embedded::protocol::request::{decode_body, decode_request};

/// Cases per property; `PROPTEST_CASES` overrides it for longer runs.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4096)
}

/// Valid request frames of every kind, to mutate.
fn valid_frames() -> Vec<Vec<u8>> {
    use client::*;
    let mut query = Vec::new();
    long_string(&mut query, b"SELECT * FROM ks.t WHERE k = ? AND c = ?");
    query.extend_from_slice(&[0x00, 0x0A, 0x7d, 0x00, 0x02]);
    string(&mut query, "k");
    query.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 1]);
    string(&mut query, "c");
    query.extend_from_slice(&(-2i32).to_be_bytes());
    query.extend_from_slice(&100i32.to_be_bytes());
    query.extend_from_slice(&[0, 0, 0, 2, 0xab, 0xcd, 0x00, 0x09]);
    query.extend_from_slice(&1_700_000_000_000_000i64.to_be_bytes());

    let mut execute = vec![0, 16];
    execute.extend_from_slice(&[7u8; 16]);
    execute.extend_from_slice(&[0x00, 0x01, 0x03, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff]);

    let mut batch = vec![0x00, 0x00, 0x02, 0x00];
    long_string(&mut batch, b"INSERT INTO t (k, v) VALUES (?, ?)");
    batch.extend_from_slice(&[
        0, 2, 0, 0, 0, 1, 5, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 2, 1, 2, 0, 0,
    ]);
    batch.extend_from_slice(&[0x00, 0x04, 0x30, 0x00, 0x08]);
    batch.extend_from_slice(&42i64.to_be_bytes());

    let mut prepare = Vec::new();
    long_string(&mut prepare, b"INSERT INTO ks.t (k) VALUES (?)");

    let mut auth = vec![0, 0, 0, 7, 0, b'u', b's', b'r', 0, b'p', b'w'];
    auth.truncate(11);

    vec![
        frame(
            1,
            STARTUP,
            0,
            &string_map(&[("CQL_VERSION", "3.4.5"), ("DRIVER_NAME", "x")]),
        ),
        frame(2, OPTIONS, 0, &[]),
        frame(3, QUERY, 0x02, &query),
        frame(4, EXECUTE, 0, &execute),
        frame(5, BATCH, 0, &batch),
        frame(6, PREPARE, 0, &prepare),
        frame(
            7,
            REGISTER,
            0,
            &string_list(&["SCHEMA_CHANGE", "STATUS_CHANGE"]),
        ),
        frame(8, AUTH_RESPONSE, 0, &auth),
    ]
}

/// Feeds `bytes` to a decoder in chunks, decoding every complete frame's body.
fn drive(bytes: &[u8], chunk: usize) -> usize {
    let mut decoder = FrameDecoder::new(64 * 1024);
    let mut buf = BytesMut::new();
    let mut frames = 0;
    for piece in bytes.chunks(chunk.max(1)) {
        buf.extend_from_slice(piece);
        // Each iteration consumes input or stops: bound it anyway.
        for _ in 0..=bytes.len() + 1 {
            match decoder.decode(&mut buf) {
                Decoded::NeedMore => break,
                Decoded::Frame(f) => {
                    frames += 1;
                    let _ = decode_request(&f);
                }
                Decoded::Error(e) => {
                    if e.fatal {
                        return frames;
                    }
                }
            }
        }
    }
    frames
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    SetLength(u32),
}

fn mutate(mut frame: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        match m {
            Mutation::Flip(i, x) => {
                if !frame.is_empty() {
                    let i = i % frame.len();
                    frame[i] ^= x | 1;
                }
            }
            Mutation::Truncate(n) => {
                let n = n % (frame.len() + 1);
                frame.truncate(n);
            }
            Mutation::Insert(i, bytes) => {
                let i = i % (frame.len() + 1);
                frame.splice(i..i, bytes.iter().copied());
            }
            Mutation::SetLength(len) => {
                if frame.len() >= 9 {
                    frame[5..9].copy_from_slice(&len.to_be_bytes());
                }
            }
        }
    }
    frame
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, x)| Mutation::Flip(i, x)),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<u32>().prop_map(Mutation::SetLength),
    ]
}

const OPCODES: [Opcode; 8] = [
    Opcode::Startup,
    Opcode::AuthResponse,
    Opcode::Options,
    Opcode::Query,
    Opcode::Prepare,
    Opcode::Execute,
    Opcode::Batch,
    Opcode::Register,
];

#[test]
fn valid_frames_decode() {
    for bytes in valid_frames() {
        let mut decoder = FrameDecoder::default();
        let mut buf = BytesMut::from(&bytes[..]);
        let Decoded::Frame(f) = decoder.decode(&mut buf) else {
            panic!("not a frame: {bytes:?}")
        };
        decode_request(&f).unwrap_or_else(|e| panic!("{:?}: {e}", f.opcode));
        assert!(buf.is_empty());
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(), ..Config::default() })]

    #[test]
    fn random_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        chunk in 1usize..300,
    ) {
        drive(&bytes, chunk);
    }

    #[test]
    fn random_bytes_after_a_v4_header_never_panic(
        header in proptest::collection::vec(any::<u8>(), 8),
        body in proptest::collection::vec(any::<u8>(), 0..1024),
        chunk in 1usize..64,
    ) {
        let mut bytes = vec![0x04];
        bytes.extend_from_slice(&header);
        bytes.extend_from_slice(&body);
        drive(&bytes, chunk);
    }

    #[test]
    fn mutated_valid_frames_never_panic(
        which in 0usize..8,
        mutations in proptest::collection::vec(mutation(), 1..6),
        chunk in 1usize..128,
    ) {
        let frames = valid_frames();
        let mut bytes = mutate(frames[which].clone(), &mutations);
        // Follow with a valid OPTIONS: unless the mutation broke the framing, it decodes.
        bytes.extend_from_slice(&frames[1]);
        drive(&bytes, chunk);
    }

    #[test]
    fn body_decoders_never_panic(
        which in 0usize..8,
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let _ = decode_body(OPCODES[which], &mut Reader::new(&body));
    }

    #[test]
    fn mutated_bodies_never_panic(
        which in 0usize..8,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let frames = valid_frames();
        let frame = &frames[which];
        let body = mutate(frame[9..].to_vec(), &mutations);
        let opcode = Opcode::from_byte(frame[4]).unwrap();
        let _ = decode_body(opcode, &mut Reader::new(&body));
    }
}

/// Mutated frames sent to a live server: each connection gets whatever answer it gets, and the
/// node keeps serving new connections.
#[test]
fn live_server_survives_mutated_frames() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt
        .block_on(cql_orm_embedded::Server::start(Default::default()))
        .unwrap();
    let addr = server.addr();
    let mut runner = TestRunner::new(Config {
        cases: (cases() / 16).max(64),
        ..Config::default()
    });
    let strategy = (0usize..8, proptest::collection::vec(mutation(), 1..4));
    runner
        .run(&strategy, |(which, mutations)| {
            let frames = valid_frames();
            let mut bytes = frames[0].clone();
            bytes.extend_from_slice(&mutate(frames[which].clone(), &mutations));
            rt.block_on(async {
                let mut c = client::Client::connect(addr).await;
                c.send_raw(&bytes).await;
                // Read whatever comes back for a moment, then hang up.
                let _ = tokio::time::timeout(std::time::Duration::from_millis(5), async {
                    while c.recv().await.is_some() {}
                })
                .await;
            });
            Ok(())
        })
        .unwrap();
    rt.block_on(client::assert_node_serves(addr));
    drop(server);
}
