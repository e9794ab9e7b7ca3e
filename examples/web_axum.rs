//! A JSON web service on axum over the `notes` table of an embedded node (the application is
//! [`cql_orm_examples::web`]). Listens on 127.0.0.1:3000, or on the port in `PORT`.
//!
//! Run with `cargo run -p cql-orm-examples --example web_axum`, then for example:
//!
//! ```sh
//! U=6f1c2a5e-0000-4000-8000-000000000001
//! curl -i -XPOST localhost:3000/users/$U/notes -H 'content-type: application/json' \
//!      -d '{"title": "first", "tags": ["todo"]}'
//! curl 'localhost:3000/users/'$U'/notes?limit=10'
//! ```
//!
//! Stop it with Ctrl-C.

use cql_orm::Session;
use cql_orm_examples::web::{self, AppState};
use tokio::net::TcpListener;

/// The keyspace the service keeps its notes in.
const KEYSPACE: &str = "notes_app";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p.parse().map_err(|e| format!("PORT={p:?}: {e}"))?,
        Err(_) => 3000,
    };

    let server = cql_orm_embedded::Server::start(Default::default()).await?;
    println!("embedded node listening on {}", server.addr());
    let db = Session::connect([server.addr().to_string()]).await?;
    web::schema().create_all(&db, KEYSPACE).await?;

    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("serving notes on http://{}", listener.local_addr()?);
    let app = web::router(AppState::new(db.keyspace(KEYSPACE)));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            // If Ctrl-C cannot be watched, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    println!("shutting down");
    server.shutdown().await;
    Ok(())
}
