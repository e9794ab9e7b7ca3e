//! A time series on a `timeuuid` clustering column: time-range queries with minTimeuuid and
//! maxTimeuuid, newest first, TTLs and a static column (the logic is
//! [`cql_orm_examples::sensor_log::run`]).
//!
//! Run with `cargo run -p cql-orm-examples --example time_series`.

use cql_orm::Session;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());
    let db = Session::connect([server.addr().to_string()]).await?;
    cql_orm_examples::sensor_log::run(&db, "telemetry", &mut std::io::stdout()).await?;
    server.shutdown().await;
    Ok(())
}
