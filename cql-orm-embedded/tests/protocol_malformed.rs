//! Malformed input never takes the node down: every case is followed by a check that a new
//! connection still gets READY and answers OPTIONS.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use client::*;
use cql_orm_embedded::protocol::MAX_FRAME_SIZE;
use cql_orm_embedded::{Server, ServerConfig};

async fn server() -> Server {
    Server::start(ServerConfig::default()).await.unwrap()
}

async fn ready_client(server: &Server) -> Client {
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, READY);
    c
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[tokio::test]
async fn truncated_header_then_close() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    c.send_raw(&frame(1, OPTIONS, 0, &[])[..5]).await;
    drop(c);
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn truncated_body_then_close() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    let full = frame(2, QUERY, 0, &query_body(b"SELECT * FROM system.local"));
    c.send_raw(&full[..full.len() - 7]).await;
    drop(c);
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn truncated_body_then_the_rest_is_answered() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    let full = frame(3, OPTIONS, 0, &[]);
    c.send_raw(&full[..4]).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    c.send_raw(&full[4..]).await;
    assert_eq!(c.recv().await.unwrap().opcode, SUPPORTED);
}

#[tokio::test]
async fn garbage_bytes() {
    let server = server().await;
    for seed in 1..20u64 {
        let mut c = Client::connect(server.addr()).await;
        let mut bytes = noise(seed, 4096);
        if seed % 2 == 0 {
            // A valid version byte in front: the garbage is read as a header and a body.
            bytes[0] = 0x04;
        } else if bytes[0] & 0x7f == 4 {
            bytes[0] = 0x47;
        }
        c.send_raw(&bytes).await;
        if seed % 2 == 1 {
            let f = c.recv().await.expect("an ERROR frame");
            assert_eq!(f.error().0, 0x000A);
            assert!(c.is_closed().await);
        }
        drop(c);
    }
    // An HTTP request sent to the CQL port.
    let mut c = Client::connect(server.addr()).await;
    c.send_raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await;
    let f = c.recv().await.expect("an ERROR frame");
    assert_eq!(
        f.error().1,
        "Invalid or unsupported protocol version (71); supported versions are (4/v4)"
    );
    assert!(c.is_closed().await);
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn oversized_length_is_skipped_and_answered_on_its_stream() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    let body_len = MAX_FRAME_SIZE - 9 + 1;
    let mut header = frame(11, QUERY, 0, &[]);
    header[5..9].copy_from_slice(&(body_len as u32).to_be_bytes());
    c.send_raw(&header).await;
    let chunk = vec![0u8; 1 << 20];
    let mut left = body_len;
    while left > 0 {
        let n = left.min(chunk.len());
        c.send_raw(&chunk[..n]).await;
        left -= n;
    }
    let f = c.recv().await.expect("an ERROR frame");
    assert_eq!(f.stream, 11);
    assert_eq!(
        f.error(),
        (
            0x2200,
            format!(
                "Request is too big: length {} exceeds maximum allowed length {}.",
                MAX_FRAME_SIZE + 1,
                MAX_FRAME_SIZE
            )
        )
    );
    // The connection stays usable.
    assert_eq!(c.request(12, OPTIONS, &[]).await.opcode, SUPPORTED);
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn huge_length_field_does_not_allocate_or_block_others() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    let mut header = frame(5, QUERY, 0, &[]);
    header[5..9].copy_from_slice(&u32::MAX.to_be_bytes());
    c.send_raw(&header).await;
    c.send_raw(&noise(9, 100_000)).await;
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn unknown_opcodes_are_answered_and_skipped() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    for (stream, opcode) in [(21i16, 0x33u8), (22, 0x04), (23, 0x11), (24, 0xff)] {
        let f = c.request(stream, opcode, b"xyz").await;
        assert_eq!(f.error(), (0x000A, format!("Unknown opcode {opcode}")));
    }
    // A response opcode sent by a client.
    let f = c.request(25, READY, &[]).await;
    assert_eq!(
        f.error().1,
        "Wrong protocol direction (expected RESPONSE, got REQUEST) for opcode 2 (READY)"
    );
    assert_eq!(c.request(26, OPTIONS, &[]).await.opcode, SUPPORTED);
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn invalid_utf8_in_a_query_string() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    let f = c
        .request(
            31,
            QUERY,
            &query_body(b"SELECT * FROM \xff\xfe system.local"),
        )
        .await;
    let (code, message) = f.error();
    assert_eq!(code, 0x000A);
    assert!(
        message.starts_with("Cannot decode string as UTF8: '"),
        "{message}"
    );
    let f = c
        .request(32, PREPARE, &{
            let mut b = Vec::new();
            long_string(&mut b, b"\xc3\x28");
            b
        })
        .await;
    assert_eq!(f.error().0, 0x000A);
    assert_eq!(c.request(33, OPTIONS, &[]).await.opcode, SUPPORTED);
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn invalid_bodies_are_protocol_errors() {
    let server = server().await;
    let mut c = ready_client(&server).await;
    // A long string longer than the body.
    let mut body = Vec::new();
    body.extend_from_slice(&1000i32.to_be_bytes());
    body.extend_from_slice(b"SELECT");
    let f = c.request(41, QUERY, &body).await;
    assert_eq!(
        f.error(),
        (
            0x000A,
            "Not enough bytes to read an UTF8 serialized string preceded by its 4 bytes length"
                .to_string()
        )
    );
    // Values flag with a value of length -3.
    let mut body = Vec::new();
    long_string(&mut body, b"SELECT * FROM system.local");
    body.extend_from_slice(&[0x00, 0x01, 0x01, 0x00, 0x01]);
    body.extend_from_slice(&(-3i32).to_be_bytes());
    let f = c.request(42, QUERY, &body).await;
    assert_eq!(
        f.error(),
        (0x000A, "Invalid ByteBuffer length -3".to_string())
    );
    // Unknown consistency.
    let mut body = Vec::new();
    long_string(&mut body, b"SELECT * FROM system.local");
    body.extend_from_slice(&[0x00, 0x63, 0x00]);
    let f = c.request(43, QUERY, &body).await;
    assert_eq!(
        f.error(),
        (
            0x000A,
            "Unknown code 99 for a consistency level".to_string()
        )
    );
    // EXECUTE, BATCH and REGISTER with empty bodies.
    for (stream, opcode) in [(44i16, EXECUTE), (45, BATCH), (46, REGISTER), (47, STARTUP)] {
        let f = c.request(stream, opcode, &[]).await;
        assert_eq!(f.opcode, ERROR, "{f:?}");
    }
    assert_eq!(c.request(48, OPTIONS, &[]).await.opcode, SUPPORTED);
    assert_node_serves(server.addr()).await;
}
