//! Arbitrary statements run against an engine holding a small schema: the engine may
//! refuse them with any CQL error, and must never panic.
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
