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
