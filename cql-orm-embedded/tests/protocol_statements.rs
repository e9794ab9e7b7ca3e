//! Raw-socket tests of statements over the wire: tracing ids, USE and per-connection
//! keyspaces, PREPARED partition key indexes, Unprepared errors and AlreadyExists fields.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use client::*;
use cql_orm_embedded::{Server, ServerConfig};

async fn ready(server: &Server) -> Client {
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, READY);
    c
}

async fn query(c: &mut Client, stream: i16, cql: &str) -> RawFrame {
    c.request(stream, QUERY, &query_body(cql.as_bytes())).await
}

#[tokio::test]
async fn tracing_requests_get_a_session_id() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = ready(&server).await;
    c.send_raw(&frame(
        3,
        QUERY,
        0x02,
        &query_body(b"SELECT key FROM system.local"),
    ))
    .await;
    let f = c.recv().await.unwrap();
    assert_eq!(f.opcode, RESULT, "{f:?}");
    assert_eq!(f.flags & 0x02, 0x02);
    // A time-based (version 1) uuid, then the result kind.
    assert_eq!(f.body[6] >> 4, 1);
    assert_eq!(&f.body[16..20], &2i32.to_be_bytes());
    // Without the flag: no tracing id.
    let f = query(&mut c, 4, "SELECT key FROM system.local").await;
    assert_eq!(f.flags & 0x02, 0);
    assert_eq!(&f.body[..4], &2i32.to_be_bytes());
}

#[tokio::test]
async fn use_sets_the_keyspace_of_this_connection_only() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut a = ready(&server).await;
    let mut b = ready(&server).await;
    let f = query(&mut a, 1, "USE system").await;
    assert_eq!(f.opcode, RESULT, "{f:?}");
    let mut body = Body::new(&f.body);
    assert_eq!(body.int(), 3);
    assert_eq!(body.string(), "system");
    let f = query(&mut a, 2, "SELECT key FROM local").await;
    assert_eq!(f.opcode, RESULT, "{f:?}");
    let f = query(&mut b, 2, "SELECT key FROM local").await;
    assert_eq!(f.error().0, 0x2200, "{f:?}");
}

#[tokio::test]
async fn prepared_metadata_carries_partition_key_indexes() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = ready(&server).await;
    let mut body = Vec::new();
    long_string(&mut body, b"SELECT key FROM system.local WHERE key = ?");
    let f = c.request(5, PREPARE, &body).await;
    assert_eq!(f.opcode, RESULT, "{f:?}");
    let mut r = Body::new(&f.body);
    assert_eq!(r.int(), 4);
    let id = r.short_bytes();
    assert!(!id.is_empty());
    assert_eq!(r.int(), 0x0001, "global tables spec");
    assert_eq!(r.int(), 1, "one bind variable");
    assert_eq!(r.int(), 1, "one partition key component");
    assert_eq!(r.short(), 0);
    assert_eq!(r.string(), "system");
    assert_eq!(r.string(), "local");
    assert_eq!(r.string(), "key");

    // EXECUTE with skip_metadata: NO_METADATA in the rows.
    let mut exec = Vec::new();
    exec.extend_from_slice(&(id.len() as u16).to_be_bytes());
    exec.extend_from_slice(&id);
    exec.extend_from_slice(&[0x00, 0x01, 0x03, 0x00, 0x01]);
    long_string(&mut exec, b"local");
    let f = c.request(6, EXECUTE, &exec).await;
    assert_eq!(f.opcode, RESULT, "{f:?}");
    let mut r = Body::new(&f.body);
    assert_eq!(r.int(), 2);
    assert_eq!(r.int() & 0x0004, 0x0004);
    assert_eq!(r.int(), 1);
    assert_eq!(r.int(), 1, "one row");
}

#[tokio::test]
async fn unknown_prepared_ids_are_unprepared_with_the_id() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = ready(&server).await;
    let mut exec = vec![0, 4, 0xde, 0xad, 0xbe, 0xef];
    exec.extend_from_slice(&[0x00, 0x01, 0x00]);
    let f = c.request(7, EXECUTE, &exec).await;
    let mut r = Body::new(&f.body);
    assert_eq!(r.int(), 0x2500);
    r.string();
    assert_eq!(r.short_bytes(), vec![0xde, 0xad, 0xbe, 0xef]);
}

#[tokio::test]
async fn already_exists_carries_keyspace_and_table() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = ready(&server).await;
    let create = "CREATE KEYSPACE dup WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
    assert_eq!(query(&mut c, 1, create).await.opcode, RESULT);
    let f = query(&mut c, 2, create).await;
    let mut r = Body::new(&f.body);
    assert_eq!(r.int(), 0x2400);
    assert_eq!(r.string(), "Cannot add existing keyspace \"dup\"");
    assert_eq!((r.string(), r.string()), ("dup".to_string(), String::new()));
}
