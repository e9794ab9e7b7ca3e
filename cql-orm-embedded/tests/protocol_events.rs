//! REGISTER'ed connections receive SCHEMA_CHANGE events on stream -1 after DDL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use std::time::Duration;

use client::*;
use cql_orm_embedded::{Server, ServerConfig};

fn schema_change(body: &[u8]) -> Vec<String> {
    let mut b = Body::new(body);
    let mut out = Vec::new();
    while !b.buf.is_empty() {
        out.push(b.string());
    }
    out
}

#[tokio::test]
async fn ddl_is_pushed_to_registered_connections() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut listener = Client::connect(server.addr()).await;
    assert_eq!(listener.startup().await.opcode, READY);
    let f = listener
        .request(2, REGISTER, &string_list(&["SCHEMA_CHANGE"]))
        .await;
    assert_eq!(f.opcode, READY);
    let mut bystander = Client::connect(server.addr()).await;
    assert_eq!(bystander.startup().await.opcode, READY);

    let mut ddl = Client::connect(server.addr()).await;
    assert_eq!(ddl.startup().await.opcode, READY);
    let f = ddl
        .request(
            3,
            QUERY,
            &query_body(
                b"CREATE KEYSPACE ev WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            ),
        )
        .await;
    assert_eq!(f.opcode, RESULT, "{f:?}");
    let mut body = Body::new(&f.body);
    assert_eq!(body.int(), 0x0005);
    assert_eq!(
        schema_change(body.buf),
        ["CREATED", "KEYSPACE", "ev"].map(String::from)
    );

    let f = ddl
        .request(
            4,
            QUERY,
            &query_body(b"CREATE TABLE ev.t (k int PRIMARY KEY, v int)"),
        )
        .await;
    assert_eq!(f.opcode, RESULT, "{f:?}");

    let event = listener.recv().await.expect("an EVENT");
    assert_eq!((event.opcode, event.stream), (EVENT, -1));
    assert_eq!(
        schema_change(&event.body),
        ["SCHEMA_CHANGE", "CREATED", "KEYSPACE", "ev"].map(String::from)
    );
    let event = listener.recv().await.expect("an EVENT");
    assert_eq!(
        schema_change(&event.body),
        ["SCHEMA_CHANGE", "CREATED", "TABLE", "ev", "t"].map(String::from)
    );

    // A connection that did not register gets no events.
    let mut buf = [0u8; 1];
    let nothing = tokio::time::timeout(
        Duration::from_millis(200),
        tokio::io::AsyncReadExt::read(&mut bystander.stream, &mut buf),
    )
    .await;
    assert!(
        nothing.is_err(),
        "unexpected bytes for an unregistered connection"
    );
}

/// Runs a statement on `ddl` and returns the event `listener` receives for it.
async fn event_for(ddl: &mut Client, listener: &mut Client, stream: i16, cql: &str) -> Vec<String> {
    let f = ddl
        .request(stream, QUERY, &query_body(cql.as_bytes()))
        .await;
    assert_eq!(f.opcode, RESULT, "{cql}: {f:?}");
    let event = listener.recv().await.expect("an EVENT");
    assert_eq!((event.opcode, event.stream), (EVENT, -1), "{cql}");
    schema_change(&event.body)
}

#[tokio::test]
async fn every_kind_of_schema_change_is_pushed() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut listener = Client::connect(server.addr()).await;
    assert_eq!(listener.startup().await.opcode, READY);
    let f = listener
        .request(
            2,
            REGISTER,
            &string_list(&["SCHEMA_CHANGE", "TOPOLOGY_CHANGE", "STATUS_CHANGE"]),
        )
        .await;
    assert_eq!(f.opcode, READY);
    let mut ddl = Client::connect(server.addr()).await;
    assert_eq!(ddl.startup().await.opcode, READY);
    let expected = |parts: &[&str]| {
        std::iter::once("SCHEMA_CHANGE")
            .chain(parts.iter().copied())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    for (i, (cql, parts)) in [
        (
            "CREATE KEYSPACE ev2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            &["CREATED", "KEYSPACE", "ev2"][..],
        ),
        ("ALTER KEYSPACE ev2 WITH durable_writes = false", &["UPDATED", "KEYSPACE", "ev2"]),
        ("CREATE TYPE ev2.ty (a int)", &["CREATED", "TYPE", "ev2", "ty"]),
        ("ALTER TYPE ev2.ty ADD b text", &["UPDATED", "TYPE", "ev2", "ty"]),
        ("CREATE TABLE ev2.t (k int PRIMARY KEY, v int)", &["CREATED", "TABLE", "ev2", "t"]),
        ("ALTER TABLE ev2.t ADD w int", &["UPDATED", "TABLE", "ev2", "t"]),
        // Index changes are reported as changes of their table.
        ("CREATE INDEX i ON ev2.t (v)", &["UPDATED", "TABLE", "ev2", "t"]),
        ("DROP INDEX ev2.i", &["UPDATED", "TABLE", "ev2", "t"]),
        ("DROP TABLE ev2.t", &["DROPPED", "TABLE", "ev2", "t"]),
        ("DROP TYPE ev2.ty", &["DROPPED", "TYPE", "ev2", "ty"]),
        ("DROP KEYSPACE ev2", &["DROPPED", "KEYSPACE", "ev2"]),
    ]
    .into_iter()
    .enumerate()
    {
        let stream = 10 + i as i16;
        assert_eq!(
            event_for(&mut ddl, &mut listener, stream, cql).await,
            expected(parts),
            "{cql}"
        );
    }
    // Statements that change nothing push nothing.
    for (i, cql) in [
        "CREATE KEYSPACE IF NOT EXISTS system_auth WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "DROP KEYSPACE IF EXISTS ev_missing",
        "SELECT * FROM system.local",
    ]
    .into_iter()
    .enumerate()
    {
        let f = ddl
            .request(40 + i as i16, QUERY, &query_body(cql.as_bytes()))
            .await;
        assert_eq!(f.opcode, RESULT, "{cql}: {f:?}");
    }
    let mut buf = [0u8; 1];
    let nothing = tokio::time::timeout(
        Duration::from_millis(200),
        tokio::io::AsyncReadExt::read(&mut listener.stream, &mut buf),
    )
    .await;
    assert!(
        nothing.is_err(),
        "no event for statements that change nothing"
    );
}
