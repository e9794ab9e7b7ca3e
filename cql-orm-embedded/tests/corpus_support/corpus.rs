//! The statements of the recorded Cassandra 4.0.7 conformance corpus, for the parser and
//! engine property tests.

#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One step of a scenario: file, step index, CQL text, and the recorded error if any.
pub struct Step {
    pub file: String,
    pub index: usize,
    pub cql: String,
    pub code: Option<i64>,
    pub message: Option<String>,
}

/// Cases per property: `PROPTEST_CASES` when set (for longer runs), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Every step of every scenario, scenarios in file name order, steps in order.
pub fn corpus() -> Vec<Step> {
    let mut files = Vec::new();
    json_files(&cases_dir(), &mut files);
    files.sort();
    let mut steps = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable scenario");
        let doc: Value = serde_json::from_str(&text).expect("valid JSON scenario");
        let name = file.display().to_string();
        for (index, step) in doc["steps"].as_array().expect("steps").iter().enumerate() {
            steps.push(Step {
                file: name.clone(),
                index,
                cql: step["cql"].as_str().expect("cql text").to_string(),
                code: step["expect"]["code"].as_i64(),
                message: step["expect"]["message"].as_str().map(str::to_string),
            });
        }
    }
    steps
}

/// A statement with one of its space-separated words (`which`, modulo their count) removed.
pub fn delete_token(text: &str, which: usize) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let skip = which % words.len().max(1);
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != skip)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}
