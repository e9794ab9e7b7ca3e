//! The `cql-migrate` command line: [`Cli`] (clap) and [`run`], which the binary's `main`
//! calls and whose result it turns into an exit code (see [`crate::exit`]).

mod args;

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

pub use args::{
    BehaviourArgs, Cli, Command, ConnectionArgs, SelectionArgs, SourceArgs, EXIT_CODES,
};

use crate::apply::{Migrator, Options, Progress};
use crate::connect::{connect, ConnectOptions, TlsOptions};
use crate::error::{exit, Error, Result};
use crate::introspect;
use crate::lease::LeaseConfig;
use crate::migrations::MigrationSet;
use crate::model::Snapshot;
use crate::target::Targets;

/// Runs a parsed command line; `Ok` carries the exit code of a command that ran to its
/// end (for instance [`exit::DRIFT`] from `check`).
pub fn run(cli: Cli) -> Result<u8> {
    init_tracing(cli.verbose);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: "tokio runtime".into(),
            source,
        })?;
    runtime.block_on(execute(cli))
}

fn init_tracing(verbose: u8) {
    // The driver's own complaints are part of the error cql-migrate prints.
    let level = match verbose {
        0 => "warn,scylla=off",
        1 => "info,scylla=warn",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn connect_options(c: &ConnectionArgs, agreement_timeout: Duration) -> ConnectOptions {
    let tls = (c.tls || c.tls_ca.is_some() || c.tls_cert.is_some()).then(|| TlsOptions {
        ca: c.tls_ca.clone(),
        cert: c.tls_cert.clone(),
        key: c.tls_key.clone(),
    });
    ConnectOptions {
        nodes: c.nodes.clone(),
        credentials: c
            .user
            .clone()
            .map(|u| (u, c.password.clone().unwrap_or_default())),
        tls,
        connect_timeout: Duration::from_secs(c.connect_timeout.max(1)),
        agreement_timeout,
    }
}

fn options(b: &BehaviourArgs) -> Options {
    let ttl = Duration::from_secs(b.lock_ttl.max(2));
    let mut o = Options {
        allow_destructive: b.allow_destructive,
        create_keyspaces: b.create_keyspaces,
        parallelism: b.parallelism.max(1),
        lease: LeaseConfig {
            ttl,
            renew_every: (ttl / 3).max(Duration::from_millis(500)),
            wait: Duration::from_secs(b.lock_wait),
            ..LeaseConfig::default()
        },
        agreement_timeout: Duration::from_secs(b.agreement_timeout.max(1)),
        ..Options::default()
    };
    if let Some(owner) = &b.owner {
        o.owner = owner.clone();
    }
    o
}

fn targets(s: &SelectionArgs) -> Targets {
    Targets {
        keyspaces: s
            .keyspaces
            .iter()
            .filter(|k| !k.is_empty())
            .cloned()
            .collect(),
        patterns: s.patterns.clone(),
    }
}

fn progress_printer() -> impl Fn(&Progress<'_>) + Send + Sync + 'static {
    |p: &Progress<'_>| match p {
        Progress::Waiting { keyspace, holder } => {
            eprintln!("{keyspace}: waiting for the lease held by {}", holder.owner);
        }
        Progress::Finished {
            done,
            total,
            report,
        } => eprintln!("[{done}/{total}] {}", report.summary()),
        Progress::Failed {
            done,
            total,
            keyspace,
            error,
        } => eprintln!("[{done}/{total}] {keyspace}: FAILED: {error}"),
        Progress::Started { .. } | Progress::Step { .. } => {}
    }
}

async fn execute(cli: Cli) -> Result<u8> {
    let desired = cli
        .sources
        .schema
        .as_ref()
        .map(Snapshot::read_file)
        .transpose()?;
    // `generate` may be the first to write into a directory that does not exist yet.
    let migrations = match &cli.sources.migrations {
        Some(dir) if !dir.exists() && matches!(cli.command, Command::Generate { .. }) => {
            Some(MigrationSet::new())
        }
        Some(dir) => Some(MigrationSet::load(dir)?),
        None => None,
    };
    let needs_source = matches!(
        cli.command,
        Command::Plan | Command::Apply { .. } | Command::Check | Command::Generate { .. }
    );
    if needs_source && desired.is_none() && cli.sources.migrations.is_none() {
        return Err(Error::Usage(
            "nothing to compare with: pass --schema <snapshot> and/or --migrations <dir>"
                .to_owned(),
        ));
    }
    let opts = options(&cli.behaviour);
    let session = connect(&connect_options(&cli.connection, opts.agreement_timeout)).await?;
    let mut migrator = Migrator::new(session).options(opts);
    if let Some(set) = migrations {
        migrator = migrator.migrations(set);
    }
    if let Some(d) = desired {
        migrator = migrator.schema(d);
    }
    if !cli.quiet {
        migrator = migrator.on_progress(progress_printer());
    }
    let targets = targets(&cli.selection);
    match cli.command {
        Command::Plan => plan(&migrator, &targets).await,
        Command::Apply { dry_run: true, .. } => plan(&migrator, &targets).await,
        Command::Apply {
            dry_run: false,
            max_steps,
        } => {
            let migrator = migrator.max_steps(max_steps);
            let report = migrator.apply(&targets).await?;
            for k in &report.keyspaces {
                out(&format!("{}\n", k.summary()));
            }
            let steps = report.steps_applied();
            let ok = report.keyspaces.len();
            let reports = report.into_result()?;
            out(&format!(
                "applied {steps} step{} to {ok} keyspace{}\n",
                if steps == 1 { "" } else { "s" },
                if reports.len() == 1 { "" } else { "s" }
            ));
            Ok(exit::OK)
        }
        Command::Status => {
            for s in migrator.status(&targets).await? {
                out(&s.render());
            }
            Ok(exit::OK)
        }
        Command::History { limit } => {
            for ks in migrator.resolve(&targets).await? {
                let history = migrator.history(&ks).await?;
                let entries = &history.entries;
                let skip = limit.map_or(0, |l| entries.len().saturating_sub(l));
                out(&format!("keyspace {ks}: {} entries\n", entries.len()));
                for e in &entries[skip..] {
                    let when = e
                        .started
                        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                        .unwrap_or_else(|| "?".to_owned());
                    let mut line = format!(
                        "  {when}  {:<7}  {}  [{}] by {}",
                        e.outcome.as_str(),
                        e.step,
                        e.checksum.get(..12).unwrap_or(&e.checksum),
                        e.owner
                    );
                    if let Some(err) = &e.error {
                        line.push_str(&format!("\n      error: {err}"));
                    }
                    line.push('\n');
                    out(&line);
                }
            }
            Ok(exit::OK)
        }
        Command::Generate { name, dry_run } => {
            let keyspaces = migrator.resolve(&targets).await?;
            let [ks] = keyspaces.as_slice() else {
                return Err(Error::Usage(format!(
                    "generate compares the snapshot with exactly one keyspace; {} selected",
                    keyspaces.len()
                )));
            };
            let dir = cli.sources.migrations.as_deref().ok_or_else(|| {
                Error::Usage("generate needs --migrations <dir> to write to".to_owned())
            })?;
            match migrator.generate(ks, &name, dir, dry_run).await? {
                None => out(&format!("{ks}: no difference, no migration written\n")),
                Some(g) if dry_run => out(&g.content),
                Some(g) => out(&format!(
                    "wrote {} ({} statement{})\n",
                    g.path.display(),
                    g.plan.steps.len(),
                    if g.plan.steps.len() == 1 { "" } else { "s" }
                )),
            }
            Ok(exit::OK)
        }
        Command::Check => {
            let plans = migrator.plan(&targets).await?;
            let drift: Vec<_> = plans.iter().filter(|p| !p.is_empty()).collect();
            for p in &drift {
                out(&p.render());
            }
            if drift.is_empty() {
                out(&format!(
                    "ok: {} keyspace{} match{} the desired schema\n",
                    plans.len(),
                    if plans.len() == 1 { "" } else { "s" },
                    if plans.len() == 1 { "es" } else { "" }
                ));
                Ok(exit::OK)
            } else {
                let names: Vec<&str> = drift.iter().map(|p| p.keyspace.as_str()).collect();
                out(&format!("drift: {}\n", names.join(", ")));
                Ok(exit::DRIFT)
            }
        }
        Command::Unlock => {
            for ks in migrator.resolve(&targets).await? {
                match migrator.unlock(&ks).await? {
                    Some(h) => out(&format!("{ks}: removed the lease held by {}\n", h.owner)),
                    None => out(&format!("{ks}: not locked\n")),
                }
            }
            Ok(exit::OK)
        }
        Command::Snapshot { output } => {
            let keyspaces = migrator.resolve(&targets).await?;
            let [ks] = keyspaces.as_slice() else {
                return Err(Error::Usage(format!(
                    "snapshot reads exactly one keyspace; {} selected",
                    keyspaces.len()
                )));
            };
            let live = introspect::keyspace(migrator.session(), ks)
                .await?
                .ok_or_else(|| Error::UnknownKeyspace {
                    keyspace: ks.clone(),
                    hint: String::new(),
                })?;
            match output {
                Some(path) => {
                    live.schema.write_file(&path)?;
                    out(&format!("wrote {}\n", Path::new(&path).display()));
                }
                None => out(&live.schema.to_json()),
            }
            Ok(exit::OK)
        }
    }
}

async fn plan(migrator: &Migrator, targets: &Targets) -> Result<u8> {
    let plans = migrator.plan(targets).await?;
    let mut refused = false;
    for p in &plans {
        out(&p.render());
        refused |= p.has_refusals();
    }
    Ok(if refused { exit::REFUSED } else { exit::OK })
}
