//! Quickstart: start an in-process embedded CQL node, define a model, create its schema,
//! write, read and query it, printing what happens (the logic is
//! [`cql_orm_examples::user_events::run`]).
//!
//! Run with `cargo run -p cql-orm-examples --example quickstart`.

use cql_orm::Session;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());
    let db = Session::connect([server.addr().to_string()]).await?;
    cql_orm_examples::user_events::run(&db, "quickstart", &mut std::io::stdout()).await?;
    server.shutdown().await;
    Ok(())
}
