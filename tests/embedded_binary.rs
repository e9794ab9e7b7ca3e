//! The `cql-embedded` binary, started as a process on a chosen port, answers a driver.
//!
//! The binary belongs to the `cql-orm-embedded` package, so Cargo does not hand its path to
//! this package's tests. The test builds it with the same `cargo` that runs the tests (a
//! no-op when it is up to date) into the same target directory, and runs it from there.
//! `CQL_EMBEDDED_BIN` overrides the path (for example in an environment without cargo).

// Test helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Kills the node process when the test ends, however it ends.
struct NodeProcess(Child);

impl Drop for NodeProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `target/<profile>/`, the directory holding this test's executable's `deps/` folder.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let deps = exe.parent().expect("deps dir");
    deps.parent().expect("profile dir").to_path_buf()
}

fn binary_path() -> PathBuf {
    if let Some(path) = std::env::var_os("CQL_EMBEDDED_BIN") {
        return PathBuf::from(path);
    }
    let profile_dir = profile_dir();
    let target_dir = profile_dir.parent().expect("target dir").to_path_buf();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .args([
            "build",
            "--quiet",
            "-p",
            "cql-orm-embedded",
            "--bin",
            "cql-embedded",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    // The profile `cargo test` builds with, so the embedded crate is shared, not rebuilt.
    if profile_dir.file_name().and_then(|n| n.to_str()) == Some("release") {
        build.arg("--release");
    } else {
        build.args(["--profile", "test"]);
    }
    let status = build.status().expect("running cargo build");
    assert!(
        status.success(),
        "cargo build of cql-embedded failed: {status}"
    );
    let path = profile_dir.join(format!("cql-embedded{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} was not built", path.display());
    path
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_a_driver_on_the_given_port() {
    let binary = binary_path();
    let port = free_port();
    let child = Command::new(&binary)
        .args(["--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", binary.display()));
    let mut node = NodeProcess(child);

    // The node announces its address on stdout once it listens.
    wait_for_announcement(&mut node, port).await;

    let session = scylla::client::session_builder::SessionBuilder::new()
        .known_node(format!("127.0.0.1:{port}"))
        .build()
        .await
        .expect("driver connects to the process");
    let (version,): (String,) = session
        .query_unpaged("SELECT release_version FROM system.local", &[])
        .await
        .expect("system.local")
        .into_rows_result()
        .expect("rows")
        .single_row()
        .expect("one row");
    assert!(version.starts_with('4'), "release_version {version}");

    session
        .query_unpaged(
            "CREATE KEYSPACE bin_ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            &[],
        )
        .await
        .expect("CREATE KEYSPACE");
    session
        .query_unpaged("CREATE TABLE bin_ks.t (k int PRIMARY KEY, v text)", &[])
        .await
        .expect("CREATE TABLE");
    let insert = session
        .prepare("INSERT INTO bin_ks.t (k, v) VALUES (?, ?)")
        .await
        .expect("prepare");
    session
        .execute_unpaged(&insert, (1, "one"))
        .await
        .expect("insert");
    let (v,): (String,) = session
        .query_unpaged("SELECT v FROM bin_ks.t WHERE k = 1", &[])
        .await
        .expect("select")
        .into_rows_result()
        .expect("rows")
        .single_row()
        .expect("one row");
    assert_eq!(v, "one");
    assert!(
        node.0.try_wait().expect("status").is_none(),
        "the node exited early"
    );
}

/// Waits until the process announces its address on stdout.
async fn wait_for_announcement(node: &mut NodeProcess, port: u16) {
    let stdout = node.0.stdout.take().expect("stdout");
    let announced = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        }),
    )
    .await
    .expect("the node did not announce itself within 30 s")
    .expect("reader task")
    .expect("reading stdout");
    assert!(
        announced.contains(&format!("127.0.0.1:{port}")),
        "unexpected announcement: {announced:?}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_requires_its_password_and_stops_on_ctrl_c() {
    let binary = binary_path();
    let port = free_port();
    let child = Command::new(&binary)
        .args(["--port", &port.to_string(), "--auth", "cassandra:s3cret"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", binary.display()));
    let mut node = NodeProcess(child);
    wait_for_announcement(&mut node, port).await;

    let builder = || {
        scylla::client::session_builder::SessionBuilder::new()
            .known_node(format!("127.0.0.1:{port}"))
    };
    let refused = builder().user("cassandra", "wrong").build().await;
    assert!(refused.is_err(), "a wrong password is refused");
    let session = builder()
        .user("cassandra", "s3cret")
        .build()
        .await
        .expect("the right password is accepted");
    session
        .query_unpaged("SELECT key FROM system.local", &[])
        .await
        .expect("a query once authenticated");

    // SIGINT is what Ctrl-C sends: the node stops cleanly and exits with success.
    let pid = node.0.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("running kill");
    assert!(sent.success());
    let status = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::task::spawn_blocking(move || {
            let status = node.0.wait();
            (node, status)
        }),
    )
    .await
    .expect("the node did not stop within 30 s of SIGINT")
    .expect("waiting task")
    .1
    .expect("exit status");
    assert!(status.success(), "exit status {status}");
}
