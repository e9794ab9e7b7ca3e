//! The conformance runner: every recorded Cassandra 4.0.7 scenario in
//! `conformance/cases/<area>/<name>.json` is one test named `<area>::<name>`, run against
//! the embedded node (or the cluster in `CQL_ORM_TEST_NODES`).
//!
//! ```sh
//! cargo test -p cql-orm-tests --test conformance                  # all scenarios
//! cargo test -p cql-orm-tests --test conformance -- sel_clustering # one scenario
//! ```

// Checked in test mode (clippy --all-targets), this crate sees the `#[cfg(test)]` modules
// of its files without their tests, which run in the `conformance_units` target.
#![cfg_attr(test, allow(unused_imports, dead_code))]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};

#[path = "conformance/bind.rs"]
mod bind;
#[path = "conformance/canonical.rs"]
mod canonical;
#[path = "conformance/compare.rs"]
mod compare;
#[path = "conformance/events.rs"]
mod events;
#[path = "conformance/execute.rs"]
mod execute;
#[path = "conformance/forms.rs"]
mod forms;
#[path = "conformance/runner.rs"]
mod runner;
#[path = "conformance/scenario.rs"]
mod scenario;
#[path = "conformance/typestring.rs"]
mod typestring;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    // `CQL_CONFORMANCE_CASES` points the runner at another copy of the corpus.
    let root = std::env::var_os("CQL_CONFORMANCE_CASES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance/cases"),
        PathBuf::from,
    );
    let cases = match scenario::discover(&root) {
        Ok(cases) if !cases.is_empty() => cases,
        Ok(_) => {
            eprintln!("no scenarios found under {}", root.display());
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("listing {}: {e}", root.display());
            return ExitCode::FAILURE;
        }
    };
    let trials = cases
        .into_iter()
        .map(|case| {
            let name = format!("{}::{}", case.area, case.name);
            Trial::test(name, move || run_case(&case))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

fn run_case(case: &scenario::CaseFile) -> Result<(), Failed> {
    let scenario = scenario::load(case)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    runtime.block_on(runner::run_scenario(&scenario))?;
    Ok(())
}
