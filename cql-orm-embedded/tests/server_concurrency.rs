//! Many concurrent streams on one connection and many connections at once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use std::collections::BTreeSet;

use client::*;
use cql_orm_embedded::{Server, ServerConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_streams_each_get_one_answer() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, READY);
    // 3000 requests written at once (more than the in-flight bound), alternating kinds.
    let mut bytes = Vec::new();
    let streams: Vec<i16> = (0..3000).map(|i| (i * 7 % 32768) as i16).collect();
    for (i, s) in streams.iter().enumerate() {
        if i % 3 == 0 {
            bytes.extend_from_slice(&frame(*s, OPTIONS, 0, &[]));
        } else {
            bytes.extend_from_slice(&frame(
                *s,
                QUERY,
                0,
                &query_body(b"SELECT release_version FROM system.local"),
            ));
        }
    }
    // Write everything from one task while this one reads the answers.
    let (mut rd, mut wr) = c.stream.into_split();
    let writer = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        wr.write_all(&bytes).await.unwrap();
        wr
    });
    let mut seen = BTreeSet::new();
    for _ in 0..streams.len() {
        let (stream, opcode, body) = read_frame(&mut rd).await;
        assert!(
            [SUPPORTED, RESULT, ERROR].contains(&opcode),
            "opcode {opcode}"
        );
        if opcode == ERROR {
            // Not a protocol problem: the statement itself was executed.
            let code = i32::from_be_bytes([body[0], body[1], body[2], body[3]]);
            assert_ne!(code, 0x000A, "{}", String::from_utf8_lossy(&body));
        }
        assert!(seen.insert(stream), "stream {stream} answered twice");
    }
    let expected: BTreeSet<i16> = streams.iter().copied().collect();
    assert_eq!(seen, expected);
    let wr = writer.await.unwrap();
    let mut c = Client {
        stream: rd.reunite(wr).unwrap(),
    };
    assert_eq!(c.request(1, OPTIONS, &[]).await.opcode, SUPPORTED);
}

async fn read_frame(rd: &mut tokio::net::tcp::OwnedReadHalf) -> (i16, u8, Vec<u8>) {
    use tokio::io::AsyncReadExt;
    let mut header = [0u8; 9];
    tokio::time::timeout(
        std::time::Duration::from_secs(30),
        rd.read_exact(&mut header),
    )
    .await
    .expect("responses keep coming")
    .unwrap();
    assert_eq!(header[0], 0x84);
    let len = u32::from_be_bytes([header[5], header[6], header[7], header[8]]);
    let mut body = vec![0u8; len as usize];
    rd.read_exact(&mut body).await.unwrap();
    (i16::from_be_bytes([header[2], header[3]]), header[4], body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_connections_at_once() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let addr = server.addr();
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            tokio::spawn(async move {
                let mut c = Client::connect(addr).await;
                assert_eq!(c.startup().await.opcode, READY);
                for j in 0..20i16 {
                    let f = c.request(j, OPTIONS, &[]).await;
                    assert_eq!((f.opcode, f.stream), (SUPPORTED, j), "connection {i}");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

/// A client that sends requests but never reads the answers is pushed back on (the node stops
/// reading it instead of queueing answers without bound), and the node still shuts down.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_is_pushed_back() {
    use tokio::io::AsyncWriteExt;
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, READY);
    let chunk: Vec<u8> = (0..1000)
        .flat_map(|i| frame(i as i16, OPTIONS, 0, &[]))
        .collect();
    let mut written = 0usize;
    let blocked = loop {
        let write = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            c.stream.write_all(&chunk),
        )
        .await;
        match write {
            Err(_) => break true,
            Ok(r) => r.unwrap(),
        }
        written += chunk.len();
        if written > 200 << 20 {
            break false;
        }
    };
    assert!(
        blocked,
        "the node kept reading {written} bytes without answers being read"
    );
    // Other clients are served meanwhile.
    assert_node_serves(server.addr()).await;
    tokio::time::timeout(std::time::Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown does not wait for a client that never reads");
}
