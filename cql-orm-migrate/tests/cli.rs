//! `cql-migrate` as a process, against the node of this test process: every subcommand,
//! and the exit codes of the errors users meet.

// Test code may unwrap and panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
mod common;
#[path = "support/models.rs"]
mod models;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cql_orm_migrate::{exit, lease, Snapshot};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn nodes() -> String {
    cql_orm_tests::node_addresses().unwrap().join(",")
}

/// Runs the binary with `--nodes` pointing at the node under test.
fn cql_migrate(args: &[&str]) -> Run {
    run_with(args, &[("--nodes", &nodes())], &[])
}

fn run_with(args: &[&str], extra: &[(&str, &str)], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cql-migrate"));
    cmd.args(args);
    for (flag, value) in extra {
        cmd.arg(flag).arg(value);
    }
    cmd.env_remove("CQL_NODES").env_remove("RUST_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run cql-migrate");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write_snapshot(dir: &Path, name: &str, schema: cql_orm::Schema) -> String {
    let path = dir.join(name);
    Snapshot::from_orm(&schema).write_file(&path).unwrap();
    path.display().to_string()
}

fn profiles_v1() -> cql_orm::Schema {
    cql_orm::Schema::new()
        .model::<models::v1::Profile>()
        .model::<models::v1::Timeline>()
}

fn profiles_v2() -> cql_orm::Schema {
    cql_orm::Schema::new()
        .model::<models::added_field::Profile>()
        .model::<models::v1::Timeline>()
}

fn migrations_dir(dir: &Path) -> PathBuf {
    let m = dir.join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("20240101000000_seed.cql"),
        "-- seed data; runs once per keyspace\n\
         CREATE TABLE ${keyspace}.settings (k text PRIMARY KEY, v text);\n\
         INSERT INTO ${keyspace}.settings (k, v) VALUES ('greeting', 'hello; world');\n",
    )
    .unwrap();
    m
}

#[test]
fn help_names_every_subcommand_and_the_exit_codes() {
    let help = run_with(&["--help"], &[], &[]);
    assert_eq!(help.code, 0, "{help:?}");
    for word in [
        "plan",
        "apply",
        "status",
        "history",
        "generate",
        "check",
        "unlock",
        "snapshot",
        "Exit codes:",
        "--keyspace-pattern",
        "--allow-destructive",
        "--tls-ca",
        "CQL_NODES",
    ] {
        assert!(
            help.stdout.contains(word),
            "`{word}` missing from --help:\n{}",
            help.stdout
        );
    }
    let bad = run_with(&["apply", "--no-such-flag"], &[], &[]);
    assert_eq!(bad.code, i32::from(exit::USAGE), "{bad:?}");
    let half_tls = run_with(&["check", "--tls-cert", "c.pem"], &[], &[]);
    assert_eq!(half_tls.code, i32::from(exit::USAGE), "{half_tls:?}");
    assert!(half_tls.stderr.contains("--tls-key"), "{half_tls:?}");
}

#[tokio::test]
async fn every_subcommand_through_a_schema_change() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "cli_flow").await;
    let dir = tempfile::tempdir().unwrap();
    let v1 = write_snapshot(dir.path(), "v1.json", profiles_v1());
    let migrations = migrations_dir(dir.path());
    let m = migrations.display().to_string();
    let base = [
        "-k",
        ks.as_str(),
        "--schema",
        v1.as_str(),
        "--migrations",
        m.as_str(),
    ];
    let with = |cmd: &[&str]| -> Vec<String> {
        cmd.iter()
            .chain(base.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let run = |cmd: &[&str]| {
        let args = with(cmd);
        cql_migrate(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    let check = run(&["check"]);
    assert_eq!(check.code, i32::from(exit::DRIFT), "{check:?}");
    assert!(
        check.stdout.contains("20240101000000_seed (2 statements)"),
        "{check:?}"
    );
    assert!(check.stdout.contains(&format!("drift: {ks}")), "{check:?}");

    let plan = run(&["plan"]);
    assert_eq!(plan.code, 0, "{plan:?}");
    assert!(
        plan.stdout.contains("+ create table profiles (3 columns)"),
        "{plan:?}"
    );
    assert!(
        plan.stdout.contains(&format!("CREATE TABLE IF NOT EXISTS {ks}.profiles (id uuid, name text, age int, PRIMARY KEY (id));")),
        "{plan:?}"
    );
    let dry = run(&["apply", "--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert_eq!(dry.stdout, plan.stdout);
    assert_eq!(
        run(&["check"]).code,
        i32::from(exit::DRIFT),
        "a dry run changes nothing"
    );

    let apply = run(&["apply"]);
    assert_eq!(apply.code, 0, "{apply:?}");
    assert!(
        apply.stdout.contains(&format!("{ks}: 4 steps applied")),
        "{apply:?}"
    );
    assert!(
        apply
            .stderr
            .contains(&format!("[1/1] {ks}: 4 steps applied")),
        "{apply:?}"
    );

    let check = run(&["check"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(check.stdout.contains("ok: 1 keyspace matches"), "{check:?}");

    let status = run(&["status"]);
    assert_eq!(status.code, 0, "{status:?}");
    for line in [
        "lease: free",
        "migrations: 1 applied, 0 pending",
        "schema: 0 changes pending, 0 withheld, 0 refused",
        "last step: migration: 20240101000000_seed (done",
    ] {
        assert!(status.stdout.contains(line), "`{line}`: {status:?}");
    }

    let history = run(&["history"]);
    assert_eq!(history.code, 0, "{history:?}");
    assert!(
        history
            .stdout
            .contains(&format!("keyspace {ks}: 6 entries")),
        "{history:?}"
    );
    assert!(history.stdout.contains("done     snapshot"), "{history:?}");
    assert!(
        history
            .stdout
            .contains("done     migration: 20240101000000_seed #2"),
        "{history:?}"
    );
    assert!(
        history
            .stdout
            .contains("done     schema: create table profiles"),
        "{history:?}"
    );
    let last = run(&["history", "--limit", "1"]);
    assert_eq!(last.stdout.lines().count(), 2, "{last:?}");

    // The model gains a field: generate writes it as a migration file, apply runs it.
    let v2 = write_snapshot(dir.path(), "v2.json", profiles_v2());
    let gen_args = [
        "generate",
        "add_nickname",
        "-k",
        &ks,
        "--schema",
        &v2,
        "--migrations",
        &m,
    ];
    let dry = cql_migrate(&[&gen_args[..], &["--dry-run"]].concat());
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(
        dry.stdout
            .contains("ALTER TABLE ${keyspace}.profiles ADD nickname text;"),
        "{dry:?}"
    );
    assert_eq!(
        std::fs::read_dir(&migrations).unwrap().count(),
        1,
        "a dry run writes nothing"
    );
    let generated = cql_migrate(&gen_args);
    assert_eq!(generated.code, 0, "{generated:?}");
    assert!(
        generated.stdout.contains("_add_nickname.cql (1 statement)"),
        "{generated:?}"
    );
    let file = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("_add_nickname.cql"))
        .unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), dry.stdout);
    // Files only: the generated migration carries the change (the snapshot is for check).
    let with_v2 = ["-k", &ks, "--schema", &v2, "--migrations", &m];
    let check = cql_migrate(&[&["check"][..], &with_v2].concat());
    assert_eq!(check.code, i32::from(exit::DRIFT), "{check:?}");
    let apply = cql_migrate(&["apply", "-k", &ks, "--migrations", &m]);
    assert_eq!(apply.code, 0, "{apply:?}");
    assert!(
        apply.stdout.contains(&format!("{ks}: 1 step applied")),
        "{apply:?}"
    );
    let check = cql_migrate(&[&["check"][..], &with_v2].concat());
    assert_eq!(check.code, 0, "{check:?}");
    let nothing = cql_migrate(&[&gen_args[..], &["--dry-run"]].concat());
    assert!(nothing.stdout.contains("no difference"), "{nothing:?}");

    // snapshot writes the live schema; used as the desired one it shows no drift.
    let live = dir.path().join("live.json");
    let snap = cql_migrate(&["snapshot", "-k", &ks, "-o", &live.display().to_string()]);
    assert_eq!(snap.code, 0, "{snap:?}");
    let written = Snapshot::read_file(&live).unwrap();
    assert!(written
        .table("profiles")
        .unwrap()
        .column("nickname")
        .is_some());
    let check = cql_migrate(&["check", "-k", &ks, "--schema", &live.display().to_string()]);
    assert_eq!(check.code, 0, "{check:?}");

    let unlock = cql_migrate(&["unlock", "-k", &ks]);
    assert_eq!(unlock.code, 0, "{unlock:?}");
    assert_eq!(unlock.stdout, format!("{ks}: not locked\n"));
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn an_unreachable_node_an_unknown_keyspace_and_bad_tls_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = write_snapshot(dir.path(), "v1.json", profiles_v1());

    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap().to_string();
    drop(closed);
    let down = run_with(
        &["check", "-k", "x", "--schema", &v1],
        &[("--nodes", &addr)],
        &[],
    );
    assert_eq!(down.code, i32::from(exit::UNREACHABLE), "{down:?}");
    assert!(
        down.stderr.contains(&format!("cannot connect to {addr}")),
        "{down:?}"
    );

    let unknown = cql_migrate(&["status", "-k", "no_such_keyspace"]);
    assert_eq!(
        unknown.code,
        i32::from(exit::UNKNOWN_KEYSPACE),
        "{unknown:?}"
    );
    assert!(
        unknown
            .stderr
            .contains("keyspace `no_such_keyspace` does not exist"),
        "{unknown:?}"
    );
    let apply = cql_migrate(&["apply", "-k", "no_such_keyspace", "--schema", &v1]);
    assert_eq!(apply.code, i32::from(exit::UNKNOWN_KEYSPACE), "{apply:?}");
    assert!(
        apply.stderr.contains("pass --create-keyspaces"),
        "{apply:?}"
    );
    let pattern = cql_migrate(&[
        "plan",
        "--keyspace-pattern",
        "nothing_like_this_*",
        "--schema",
        &v1,
    ]);
    assert_eq!(
        pattern.code,
        i32::from(exit::UNKNOWN_KEYSPACE),
        "{pattern:?}"
    );
    assert!(
        pattern
            .stderr
            .contains("no keyspace matches `nothing_like_this_*`"),
        "{pattern:?}"
    );
    let none = cql_migrate(&["plan", "--schema", &v1]);
    assert_eq!(none.code, i32::from(exit::USAGE), "{none:?}");
    let no_source = cql_migrate(&["plan", "-k", "x"]);
    assert_eq!(no_source.code, i32::from(exit::USAGE), "{no_source:?}");

    // TLS: a missing CA file is named before any connection; a CA that is fine meets a node
    // that does not speak TLS.
    let bad_ca = cql_migrate(&[
        "check",
        "-k",
        "x",
        "--schema",
        &v1,
        "--tls-ca",
        "/no/such/ca.pem",
    ]);
    assert_eq!(bad_ca.code, i32::from(exit::FAILURE), "{bad_ca:?}");
    assert!(
        bad_ca
            .stderr
            .contains("TLS: cannot read the CA certificate file /no/such/ca.pem"),
        "{bad_ca:?}"
    );
    let no_ca = cql_migrate(&["check", "-k", "x", "--schema", &v1, "--tls"]);
    assert!(no_ca.stderr.contains("--tls-ca is required"), "{no_ca:?}");
    let not_pem = dir.path().join("not.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    let empty = cql_migrate(&[
        "check",
        "-k",
        "x",
        "--schema",
        &v1,
        "--tls-ca",
        &not_pem.display().to_string(),
    ]);
    assert!(
        empty.stderr.contains("holds no PEM certificate"),
        "{empty:?}"
    );
    let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test-ca.pem");
    let handshake = run_with(
        &[
            "check",
            "-k",
            "x",
            "--schema",
            &v1,
            "--tls-ca",
            ca,
            "--connect-timeout",
            "2",
        ],
        &[("--nodes", &nodes())],
        &[],
    );
    assert_eq!(
        handshake.code,
        i32::from(exit::UNREACHABLE),
        "{handshake:?}"
    );
    // rustls met a plaintext answer: the TLS options reached the driver.
    assert!(handshake.stderr.contains("cannot connect"), "{handshake:?}");
    assert!(
        handshake.stderr.contains("corrupt message"),
        "{handshake:?}"
    );

    // Nodes from the environment.
    let from_env = run_with(
        &["status", "-k", "no_such_keyspace"],
        &[],
        &[("CQL_NODES", &nodes())],
    );
    assert_eq!(
        from_env.code,
        i32::from(exit::UNKNOWN_KEYSPACE),
        "{from_env:?}"
    );
}

#[tokio::test]
async fn edited_migrations_refused_changes_and_locks_exit_with_their_codes() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "cli_errors").await;
    let dir = tempfile::tempdir().unwrap();
    let v1 = write_snapshot(dir.path(), "v1.json", profiles_v1());
    let migrations = migrations_dir(dir.path());
    let m = migrations.display().to_string();
    let args = |cmd: &str, schema: &str| -> Vec<String> {
        [cmd, "-k", &ks, "--schema", schema, "--migrations", &m]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let run = |a: Vec<String>, extra: &[&str]| {
        let mut all: Vec<&str> = a.iter().map(String::as_str).collect();
        all.extend_from_slice(extra);
        cql_migrate(&all)
    };
    assert_eq!(run(args("apply", &v1), &[]).code, 0);

    // An applied migration is edited.
    let seed = migrations.join("20240101000000_seed.cql");
    let original = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, original.replace("hello; world", "hi")).unwrap();
    for cmd in ["apply", "check", "plan", "status"] {
        let edited = run(args(cmd, &v1), &[]);
        assert_eq!(
            edited.code,
            i32::from(exit::MIGRATION_MISMATCH),
            "{cmd}: {edited:?}"
        );
        assert!(
            edited
                .stderr
                .contains("migration `20240101000000_seed` was applied and has been edited"),
            "{cmd}: {edited:?}"
        );
    }
    std::fs::write(&seed, &original).unwrap();

    // A primary key change is refused by plan and apply.
    let new_key = write_snapshot(
        dir.path(),
        "new_key.json",
        cql_orm::Schema::new()
            .model::<models::new_key::Profile>()
            .model::<models::v1::Timeline>(),
    );
    let plan = run(args("plan", &new_key), &[]);
    assert_eq!(plan.code, i32::from(exit::REFUSED), "{plan:?}");
    assert!(plan.stdout.contains("! table profiles: the partition key is (id uuid) in the keyspace but (id uuid, name text) in the snapshot"), "{plan:?}");
    assert!(
        plan.stdout.contains("manual path: create a new table"),
        "{plan:?}"
    );
    let apply = run(args("apply", &new_key), &[]);
    assert_eq!(apply.code, i32::from(exit::REFUSED), "{apply:?}");
    assert!(
        apply.stderr.contains("1 refused change (nothing applied)"),
        "{apply:?}"
    );

    // Removing a column needs --allow-destructive.
    let removed = write_snapshot(
        dir.path(),
        "removed.json",
        cql_orm::Schema::new()
            .model::<models::removed_field::Profile>()
            .model::<models::v1::Timeline>(),
    );
    let plan = run(args("plan", &removed), &[]);
    assert!(plan.stdout.contains("0 changes, 1 withheld"), "{plan:?}");
    assert!(
        plan.stdout.contains("- drop column profiles.age"),
        "{plan:?}"
    );
    assert_eq!(
        run(args("check", &removed), &[]).code,
        0,
        "a withheld drop is not drift"
    );
    let plan = run(args("plan", &removed), &["--allow-destructive"]);
    assert!(
        plan.stdout
            .contains(&format!("ALTER TABLE {ks}.profiles DROP age;")),
        "{plan:?}"
    );

    // Another migrator holds the lease.
    assert_eq!(
        lease::try_acquire(&db, &ks, "deploy-7", Duration::from_secs(60))
            .await
            .unwrap(),
        None
    );
    let locked = run(args("apply", &v1), &["--lock-wait", "0"]);
    assert_eq!(locked.code, i32::from(exit::LOCKED), "{locked:?}");
    assert!(
        locked
            .stderr
            .contains(&format!("keyspace `{ks}` is locked by `deploy-7`")),
        "{locked:?}"
    );
    let status = run(args("status", &v1), &[]);
    assert!(
        status.stdout.contains("lease: held by deploy-7 since"),
        "{status:?}"
    );
    let unlock = cql_migrate(&["unlock", "-k", &ks]);
    assert_eq!(
        unlock.stdout,
        format!("{ks}: removed the lease held by deploy-7\n"),
        "{unlock:?}"
    );
    let apply = run(args("apply", &v1), &["--lock-wait", "0"]);
    assert_eq!(apply.code, 0, "{apply:?}");
    assert!(apply.stdout.contains("up to date"), "{apply:?}");
    common::drop_keyspace(&db, &ks).await;
}
