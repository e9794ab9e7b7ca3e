//! `cql-embedded`: runs the embedded CQL node as a process.
//!
//! ```text
//! cql-embedded [--port 9042] [--auth user:password]
//! ```
//!
//! Logs go to stderr, filtered by `RUST_LOG` (default `info`). Ctrl-C stops the node.

use std::process::ExitCode;

use clap::Parser;
use cql_orm_embedded::{Server, ServerConfig};

/// An in-memory, single-node CQL server (native protocol v4) on 127.0.0.1.
#[derive(Debug, Parser)]
#[command(name = "cql-embedded", version, about)]
struct Args {
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 9042)]
    port: u16,
    /// Require password authentication with these credentials, given as `user:password`.
    #[arg(long, value_name = "USER:PASSWORD", value_parser = parse_credentials)]
    auth: Option<(String, String)>,
}

fn parse_credentials(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((user, password)) if !user.is_empty() && !password.is_empty() => {
            Ok((user.to_string(), password.to_string()))
        }
        _ => Err("expected USER:PASSWORD with a non-empty user and password".to_string()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cql-embedded: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> std::io::Result<()> {
    let server = Server::start(ServerConfig {
        port: args.port,
        credentials: args.auth,
    })
    .await?;
    println!("cql-embedded listening on {}", server.addr());
    tokio::signal::ctrl_c().await?;
    tracing::info!("Ctrl-C received, stopping");
    server.shutdown().await;
    Ok(())
}
