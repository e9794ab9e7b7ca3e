//! Raw-socket tests of password authentication (PasswordAuthenticator, SASL PLAIN).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "protocol_support/client.rs"]
mod client;

use client::*;
use cql_orm_embedded::{Server, ServerConfig};

async fn server() -> Server {
    Server::start(ServerConfig {
        port: 0,
        credentials: Some(("cassandra".into(), "s3cret".into())),
    })
    .await
    .unwrap()
}

fn token(user: &str, password: &str) -> Vec<u8> {
    let mut t = vec![0u8];
    t.extend_from_slice(user.as_bytes());
    t.push(0);
    t.extend_from_slice(password.as_bytes());
    let mut body = (t.len() as i32).to_be_bytes().to_vec();
    body.extend_from_slice(&t);
    body
}

#[tokio::test]
async fn startup_asks_for_password_authentication() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    let f = c.startup().await;
    assert_eq!(f.opcode, AUTHENTICATE);
    assert_eq!(
        Body::new(&f.body).string(),
        "org.apache.cassandra.auth.PasswordAuthenticator"
    );
    let f = c
        .request(2, AUTH_RESPONSE, &token("cassandra", "s3cret"))
        .await;
    assert_eq!(f.opcode, AUTH_SUCCESS);
    assert_eq!(Body::new(&f.body).bytes(), None);
    // Authenticated: requests are served (the engine answers them).
    let f = c.request(3, OPTIONS, &[]).await;
    assert_eq!(f.opcode, SUPPORTED);
    let f = c
        .request(4, QUERY, &query_body(b"SELECT * FROM system.local"))
        .await;
    assert_eq!(f.opcode, RESULT, "{f:?}");
}

#[tokio::test]
async fn wrong_password_is_bad_credentials_and_may_be_retried() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, AUTHENTICATE);
    let f = c
        .request(2, AUTH_RESPONSE, &token("cassandra", "wrong"))
        .await;
    assert_eq!(
        f.error(),
        (
            0x0100,
            "Provided username cassandra and/or password are incorrect".to_string()
        )
    );
    let f = c
        .request(3, AUTH_RESPONSE, &token("nobody", "s3cret"))
        .await;
    assert_eq!(
        f.error(),
        (
            0x0100,
            "Provided username nobody and/or password are incorrect".to_string()
        )
    );
    let f = c.request(4, AUTH_RESPONSE, &token("", "s3cret")).await;
    assert_eq!(
        f.error(),
        (0x0100, "Authentication ID must not be null".to_string())
    );
    let f = c
        .request(5, AUTH_RESPONSE, &token("cassandra", "s3cret"))
        .await;
    assert_eq!(f.opcode, AUTH_SUCCESS);
}

#[tokio::test]
async fn requests_before_authentication_are_refused() {
    let server = server().await;
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, AUTHENTICATE);
    for (opcode, name) in [(QUERY, "QUERY"), (PREPARE, "PREPARE"), (OPTIONS, "OPTIONS")] {
        let body = query_body(b"SELECT * FROM system.local");
        let f = c.request(6, opcode, &body).await;
        assert_eq!(
            f.error(),
            (
                0x000A,
                format!("Unexpected message {name}, expecting SASL_RESPONSE")
            )
        );
    }
    let f = c
        .request(7, AUTH_RESPONSE, &token("cassandra", "s3cret"))
        .await;
    assert_eq!(f.opcode, AUTH_SUCCESS);
}

#[tokio::test]
async fn auth_response_without_configured_credentials_is_an_error() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let mut c = Client::connect(server.addr()).await;
    assert_eq!(c.startup().await.opcode, READY);
    let f = c.request(2, AUTH_RESPONSE, &token("a", "b")).await;
    assert_eq!(f.opcode, ERROR);
}
