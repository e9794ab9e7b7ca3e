//! Counters: increments, decrements, concurrent increments and a counter batch on a
//! counter table, read back and checked against a tally (the logic is
//! [`cql_orm_examples::page_views::run`]).
//!
//! Run with `cargo run -p cql-orm-examples --example counters`.

use cql_orm::Session;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());
    let db = Session::connect([server.addr().to_string()]).await?;
    cql_orm_examples::page_views::run(&db, "analytics", &mut std::io::stdout()).await?;
    server.shutdown().await;
    Ok(())
}
