//! User-defined types: a UDT nested in a UDT, UDTs in a map and a list, an optional UDT and
//! renamed fields; prints the DDL in dependency order, writes two rows and checks that they
//! read back equal (the logic is [`cql_orm_examples::contacts::run`]).
//!
//! Run with `cargo run -p cql-orm-examples --example user_types`.

use cql_orm::Session;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());
    let db = Session::connect([server.addr().to_string()]).await?;
    cql_orm_examples::contacts::run(&db, "address_book", &mut std::io::stdout()).await?;
    server.shutdown().await;
    Ok(())
}
