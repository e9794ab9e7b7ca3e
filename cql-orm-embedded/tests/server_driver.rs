//! The scylla driver against the embedded node: connecting with a default `SessionBuilder`,
//! password authentication, and prepared statements with paging over the wire.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use cql_orm_embedded::{Server, ServerConfig};
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::statement::Statement;

async fn connect(builder: SessionBuilder) -> Result<Session, scylla::errors::NewSessionError> {
    tokio::time::timeout(Duration::from_secs(30), builder.build())
        .await
        .expect("the session is built or fails within 30 s")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_session_builder_connects() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let session = connect(SessionBuilder::new().known_node_addr(server.addr()))
        .await
        .unwrap();
    let rows = session
        .query_unpaged("SELECT release_version FROM system.local", &[])
        .await
        .unwrap()
        .into_rows_result()
        .unwrap();
    let (version,): (String,) = rows.single_row().unwrap();
    assert!(version.starts_with("4.0"), "{version}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn driver_authenticates_with_a_password() {
    let server = Server::start(ServerConfig {
        port: 0,
        credentials: Some(("cassandra".into(), "s3cret".into())),
    })
    .await
    .unwrap();
    let wrong = connect(
        SessionBuilder::new()
            .known_node_addr(server.addr())
            .user("cassandra", "nope"),
    )
    .await;
    let Err(err) = wrong else {
        panic!("a wrong password is refused")
    };
    let err = err.to_string();
    assert!(
        err.contains("Provided username cassandra and/or password are incorrect"),
        "{err}"
    );
    let session = connect(
        SessionBuilder::new()
            .known_node_addr(server.addr())
            .user("cassandra", "s3cret"),
    )
    .await
    .unwrap();
    session
        .query_unpaged("SELECT key FROM system.local", &[])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepared_statements_and_paging_over_the_wire() {
    let server = Server::start(ServerConfig::default()).await.unwrap();
    let session = connect(SessionBuilder::new().known_node_addr(server.addr()))
        .await
        .unwrap();
    session
        .query_unpaged(
            "CREATE KEYSPACE wire WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            &[],
        )
        .await
        .unwrap();
    session
        .query_unpaged(
            "CREATE TABLE wire.t (k int, c int, v text, PRIMARY KEY (k, c))",
            &[],
        )
        .await
        .unwrap();
    let insert = session
        .prepare("INSERT INTO wire.t (k, c, v) VALUES (?, ?, ?)")
        .await
        .unwrap();
    // The partition key index lets the driver route by token.
    assert!(insert.is_token_aware());
    for c in 0..25i32 {
        session
            .execute_unpaged(&insert, (1i32, c, format!("v{c}")))
            .await
            .unwrap();
    }
    let mut select = Statement::new("SELECT c, v FROM wire.t WHERE k = ?");
    select.set_page_size(10);
    let select = session.prepare(select).await.unwrap();
    let mut pages = Vec::new();
    let mut state = scylla::response::PagingState::start();
    let mut all = Vec::new();
    loop {
        let (result, next) = session
            .execute_single_page(&select, (1i32,), state)
            .await
            .unwrap();
        let rows = result.into_rows_result().unwrap();
        let page: Vec<(i32, String)> = rows
            .rows::<(i32, String)>()
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        pages.push(page.len());
        all.extend(page);
        match next.into_paging_control_flow() {
            std::ops::ControlFlow::Break(()) => break,
            std::ops::ControlFlow::Continue(s) => state = s,
        }
    }
    assert_eq!(pages, vec![10, 10, 5]);
    let expected: Vec<(i32, String)> = (0..25).map(|c| (c, format!("v{c}"))).collect();
    assert_eq!(all, expected);
}
