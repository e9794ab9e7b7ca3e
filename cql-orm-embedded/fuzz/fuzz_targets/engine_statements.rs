//! Arbitrary statements run against an engine holding a small schema of its own plus the
//! schema and data of every scenario of the conformance corpus (so that statements seeded
//! from the corpus, then mutated, reach execution): the engine may refuse them with any CQL
//! error, and must never panic.
#![no_main]

use std::sync::OnceLock;

use cql_orm_embedded::engine::{ConnectionState, Engine, QueryParams};
use libfuzzer_sys::fuzz_target;

const SCHEMA: &[&str] = &[
    "CREATE KEYSPACE fz WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    "CREATE TYPE fz.addr (street text, zip int)",
    "CREATE TABLE fz.t (k int, c text, s int static, v int, l list<int>, m map<text, int>, \
     st set<int>, a addr, f frozen<addr>, PRIMARY KEY (k, c))",
    "CREATE TABLE fz.n (k int PRIMARY KEY, hits counter)",
    "CREATE INDEX ON fz.t (v)",
    "INSERT INTO fz.t (k, c, s, v, l, m, st) VALUES (1, 'a', 1, 1, [1], {'x': 1}, {1})",
];

/// Every statement of the conformance corpus but the scenarios' final DROP KEYSPACE.
fn corpus_setup() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/cases");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|area| std::fs::read_dir(area.path()).into_iter().flatten().flatten())
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for step in doc["steps"].as_array().into_iter().flatten() {
            if let Some(cql) = step["cql"].as_str().filter(|c| !c.starts_with("DROP KEYSPACE")) {
                out.push(cql.to_string());
            }
        }
    }
    out
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let engine = Engine::default();
        let mut conn = ConnectionState::default();
        for cql in SCHEMA {
            if let Err(e) = engine.query(&mut conn, cql, &QueryParams::default()) {
                panic!("schema statement {cql} failed: {e}");
            }
        }
        // Failing steps of the corpus are meant to fail.
        for cql in corpus_setup() {
            let _ = engine.query(&mut conn, &cql, &QueryParams::default());
        }
        engine
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut conn = ConnectionState {
        keyspace: Some("fz".to_string()),
    };
    let _ = engine().query(&mut conn, &text, &QueryParams::default());
});
