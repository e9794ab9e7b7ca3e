//! Raw-socket tests of the handshake: OPTIONS/SUPPORTED, STARTUP/READY, the connection stages
//! and protocol version negotiation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use client::*;
use cql_orm_embedded::{Server, ServerConfig};

async fn server() -> Server {
    Server::start(ServerConfig::default()).await.unwrap()
}

#[tokio::test]
async fn options_lists_supported_options() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    let f = c.request(5, OPTIONS, &[]).await;
    assert_eq!((f.version, f.opcode, f.stream), (0x84, SUPPORTED, 5));
    let mut options = Body::new(&f.body).string_multimap();
    options.sort();
    assert_eq!(
        options,
        vec![
            ("COMPRESSION".to_string(), vec![]),
            ("CQL_VERSION".to_string(), vec!["3.4.5".to_string()]),
            ("PROTOCOL_VERSIONS".to_string(), vec!["4/v4".to_string()]),
        ]
    );
    // OPTIONS is also answered after STARTUP.
    assert_eq!(c.startup().await.opcode, READY);
    assert_eq!(c.request(6, OPTIONS, &[]).await.opcode, SUPPORTED);
}

#[tokio::test]
async fn startup_gets_ready_and_only_once() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    let f = c.startup().await;
    assert_eq!(
        (f.version, f.flags, f.stream, f.opcode),
        (0x84, 0, 1, READY)
    );
    assert!(f.body.is_empty());
    let again = c.startup().await;
    assert_eq!(
        again.error(),
        (
            0x000A,
            "Unexpected message STARTUP, the connection is already initialized".to_string()
        )
    );
}

#[tokio::test]
async fn startup_checks_its_options() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    let f = c.request(1, STARTUP, &string_map(&[])).await;
    assert_eq!(
        f.error(),
        (
            0x000A,
            "Missing value CQL_VERSION in STARTUP message".to_string()
        )
    );
    let f = c
        .request(2, STARTUP, &string_map(&[("CQL_VERSION", "2.0.0")]))
        .await;
    assert_eq!(f.error().0, 0x000A);
    for (algorithm, message) in [
        ("lz4", "This instance does not support LZ4 compression"),
        (
            "snappy",
            "This instance does not support Snappy compression",
        ),
        ("zstd", "Unknown compression algorithm: zstd"),
    ] {
        let f = c
            .request(
                3,
                STARTUP,
                &string_map(&[("CQL_VERSION", "3.4.5"), ("COMPRESSION", algorithm)]),
            )
            .await;
        assert_eq!(f.error(), (0x000A, message.to_string()));
    }
    // The connection is still waiting for a good STARTUP.
    assert_eq!(c.startup().await.opcode, READY);
}

#[tokio::test]
async fn requests_before_startup_are_refused() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    let f = c
        .request(9, QUERY, &query_body(b"SELECT * FROM system.local"))
        .await;
    assert_eq!(
        f.error(),
        (
            0x000A,
            "Unexpected message QUERY, expecting STARTUP or OPTIONS".to_string()
        )
    );
    let f = c
        .request(10, REGISTER, &string_list(&["SCHEMA_CHANGE"]))
        .await;
    assert_eq!(
        f.error().1,
        "Unexpected message REGISTER, expecting STARTUP or OPTIONS"
    );
    assert_eq!(c.startup().await.opcode, READY);
}

#[tokio::test]
async fn register_accepts_the_three_event_types() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    c.startup().await;
    let f = c
        .request(
            3,
            REGISTER,
            &string_list(&["TOPOLOGY_CHANGE", "STATUS_CHANGE", "SCHEMA_CHANGE"]),
        )
        .await;
    assert_eq!(f.opcode, READY);
    let f = c
        .request(4, REGISTER, &string_list(&["NOT_AN_EVENT"]))
        .await;
    assert_eq!(f.error().0, 0x0000);
}

#[tokio::test]
async fn v5_client_gets_the_error_that_makes_drivers_fall_back() {
    let server = server().await;
    for version in [5u8, 6, 0x45] {
        let mut c = Client::connect(server.addr()).await;
        let mut bytes = frame(7, STARTUP, 0, &string_map(&[("CQL_VERSION", "3.0.0")]));
        bytes[0] = version;
        c.send_raw(&bytes).await;
        let f = c.recv().await.expect("an ERROR frame");
        assert_eq!((f.version, f.stream), (0x84, 0), "{f:?}");
        assert_eq!(
            f.error(),
            (
                0x000A,
                format!(
                    "Invalid or unsupported protocol version ({version}); supported versions are (4/v4)"
                )
            )
        );
        assert!(c.is_closed().await, "the connection closes after the error");
    }
    // The fallback works: a v4 STARTUP on a new connection.
    assert_node_serves(server.addr()).await;
}

#[tokio::test]
async fn old_versions_get_the_error_in_their_own_framing() {
    let server = server().await;
    for version in [1u8, 2, 3] {
        let mut c = Client::connect(server.addr()).await;
        // A v1/v2 header is 8 bytes; the server must answer from the first byte alone.
        c.send_raw(&[version, 0, 1, STARTUP]).await;
        let f = c.recv().await.expect("an ERROR frame");
        assert_eq!(f.version, 0x80 | version, "{f:?}");
        assert_eq!(f.stream, 0);
        assert_eq!(
            f.error().1,
            format!(
                "Invalid or unsupported protocol version ({version}); supported versions are (4/v4)"
            )
        );
        assert!(c.is_closed().await);
    }
}

#[tokio::test]
async fn tracing_and_unknown_request_flags() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    // Custom payload (0x04) before the STARTUP body, and the compression flag without
    // compression negotiated (ignored, as Cassandra does).
    let mut body = vec![0, 1];
    string(&mut body, "k");
    body.extend_from_slice(&[0, 0, 0, 1, 42]);
    body.extend_from_slice(&string_map(&[("CQL_VERSION", "3.4.5")]));
    c.send_raw(&frame(1, STARTUP, 0x04 | 0x01, &body)).await;
    assert_eq!(c.recv().await.unwrap().opcode, READY);
}

#[tokio::test]
async fn shutdown_closes_connections_and_the_listener() {
    let server = server().await;
    let addr = server.addr();
    let mut c = Client::connect(addr).await;
    assert_eq!(c.startup().await.opcode, READY);
    tokio::time::timeout(std::time::Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown completes");
    assert!(c.is_closed().await);
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = server().await;
    let addr = server.addr();
    let mut c = Client::connect(addr).await;
    assert_eq!(c.startup().await.opcode, READY);
    drop(server);
    assert!(c.is_closed().await);
}
