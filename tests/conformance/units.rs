//! Unit tests of the conformance runner's conversions (type strings, canonical values,
//! bind values, comparison), compiled as a normal test harness: the runner itself
//! (`conformance.rs`) uses its own harness, where `#[cfg(test)]` code is not built.

#![allow(dead_code)]

#[path = "bind.rs"]
mod bind;
#[path = "canonical.rs"]
mod canonical;
#[path = "compare.rs"]
mod compare;
#[path = "events.rs"]
mod events;
#[path = "execute.rs"]
mod execute;
#[path = "forms.rs"]
mod forms;
#[path = "scenario.rs"]
mod scenario;
#[path = "typestring.rs"]
mod typestring;

#[test]
fn every_scenario_file_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance/cases");
    let cases = scenario::discover(&root).unwrap();
    assert!(cases.len() >= 44, "found {} scenarios", cases.len());
    for case in &cases {
        let scenario = scenario::load(case).unwrap();
        let first = &scenario.steps[0].cql;
        assert!(
            first.starts_with(&format!("CREATE KEYSPACE cf_{}", scenario.name)),
            "{first}"
        );
    }
}
