//! `cql-migrate`: plan, apply and verify schemas across keyspaces. See
//! `cql-migrate --help` and the crate documentation of `cql-orm-migrate`.

use std::process::ExitCode;

use clap::Parser;
use cql_orm_migrate::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("cql-migrate: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
