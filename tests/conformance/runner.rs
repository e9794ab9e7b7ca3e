//! Runs one scenario on a fresh driver session and reports every step that differs.

use std::time::Duration;

use scylla::client::session::Session;
use serde_json::Value;

use crate::compare::compare;
use crate::execute::run_step;
use crate::scenario::{Scenario, Step};

/// Runs `scenario` against the node(s) under test. `Err` carries the report of every
/// differing step: its index, its CQL and expected vs actual.
pub async fn run_scenario(scenario: &Scenario) -> Result<(), String> {
    let session = cql_orm_tests::connect()
        .await
        .map_err(|e| format!("connecting: {e}"))?;
    let prefix = format!("cf_{}", scenario.name);
    drop_keyspaces(&session, &prefix)
        .await
        .map_err(|e| format!("dropping leftover {prefix}* keyspaces: {e}"))?;

    let mut report = Vec::new();
    for (index, step) in scenario.steps.iter().enumerate() {
        if let Some(ms) = step.sleep_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let observed = run_step(&session, step).await;
        let problems = compare(step, &observed);
        if !problems.is_empty() {
            report.push(step_report(index, scenario.steps.len(), step, &problems));
        }
    }
    if report.is_empty() {
        return Ok(());
    }
    // Leave nothing behind after a failure half way (best effort).
    let _ = drop_keyspaces(&session, &prefix).await;
    Err(format!(
        "{} of {} steps differ from Cassandra 4.0.7 ({}/{}: {}):\n\n{}",
        report.len(),
        scenario.steps.len(),
        scenario.area,
        scenario.name,
        scenario.description,
        report.join("\n\n")
    ))
}

fn step_report(index: usize, total: usize, step: &Step, problems: &[String]) -> String {
    let mut text = format!("step {index} (of {total}): {}", step.cql);
    if let Some(params) = &step.params {
        let values: Vec<&Value> = params.iter().map(|p| &p.value).collect();
        text.push_str(&format!(
            "\n  params: {}",
            serde_json::to_string(&values).unwrap_or_default()
        ));
    }
    if let Some(fetch_size) = step.fetch_size {
        text.push_str(&format!("\n  fetch_size: {fetch_size}"));
    }
    for problem in problems {
        text.push_str("\n  ");
        text.push_str(&problem.replace('\n', "\n  "));
    }
    text
}

/// Drops every keyspace whose name starts with `prefix`.
async fn drop_keyspaces(session: &Session, prefix: &str) -> Result<(), String> {
    let result = session
        .query_unpaged("SELECT keyspace_name FROM system_schema.keyspaces", ())
        .await
        .map_err(|e| e.to_string())?
        .into_rows_result()
        .map_err(|e| e.to_string())?;
    let names = result
        .rows::<(String,)>()
        .map_err(|e| e.to_string())?
        .map(|row| row.map(|(name,)| name))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    for name in names.iter().filter(|name| name.starts_with(prefix)) {
        session
            .query_unpaged(format!("DROP KEYSPACE IF EXISTS \"{name}\""), ())
            .await
            .map_err(|e| format!("DROP KEYSPACE {name}: {e}"))?;
    }
    Ok(())
}
