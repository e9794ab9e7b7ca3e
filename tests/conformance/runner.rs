//! Runs one scenario on a fresh driver session and reports every step that differs.

use std::time::Duration;

use scylla::client::session::Session;
use serde_json::Value;

use crate::compare::compare;
use crate::events::{EventListener, SchemaEvent};
use crate::execute::{run_step, Observed, Success};
use crate::scenario::{Expect, Scenario, Step};

/// How long a step that reported a schema change may take to deliver its event.
const EVENT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to keep collecting the events that follow the first one (a dropped keyspace
/// also reports its tables and types).
const EVENT_GRACE: Duration = Duration::from_millis(20);

/// Runs `scenario` against the node(s) under test. `Err` carries the report of every
/// differing step: its index, its CQL and expected vs actual.
pub async fn run_scenario(scenario: &Scenario) -> Result<(), String> {
    let session = cql_orm_tests::connect()
        .await
        .map_err(|e| format!("connecting: {e}"))?;
    let nodes = cql_orm_tests::node_addresses().map_err(|e| e.to_string())?;
    let node = nodes.first().ok_or("no node address")?;
    let mut events = EventListener::connect(node)
        .await
        .map_err(|e| format!("registering for schema change events: {e}"))?;
    let prefix = format!("cf_{}", scenario.name);
    drop_keyspaces(&session, &prefix)
        .await
        .map_err(|e| format!("dropping leftover {prefix}* keyspaces: {e}"))?;
    tokio::time::sleep(EVENT_GRACE).await;
    events.drain();

    let mut report = Vec::new();
    for (index, step) in scenario.steps.iter().enumerate() {
        if let Some(ms) = step.sleep_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let observed = run_step(&session, step).await;
        let mut problems = compare(step, &observed);
        problems.extend(check_events(&mut events, &prefix, step, &observed).await);
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

/// Checks the schema change events that followed a step: a step recorded as
/// `schema_change` must have produced that event; any other step must have produced none.
async fn check_events(
    events: &mut EventListener,
    prefix: &str,
    step: &Step,
    observed: &Observed,
) -> Vec<String> {
    let ours = |seen: Vec<SchemaEvent>| -> Vec<SchemaEvent> {
        seen.into_iter()
            .filter(|e| e.keyspace.starts_with(prefix))
            .collect()
    };
    let list = |seen: &[SchemaEvent]| -> String {
        let texts: Vec<String> = seen.iter().map(ToString::to_string).collect();
        format!("[{}]", texts.join(", "))
    };
    match (&step.expect, &observed.outcome) {
        (
            Expect::SchemaChange {
                change,
                target,
                keyspace,
                name,
                ..
            },
            Ok(Success::NotRows { .. }),
        ) => {
            let wanted = SchemaEvent {
                change: change.clone(),
                target: target.clone(),
                keyspace: keyspace.clone(),
                name: name.clone(),
            };
            let mut seen = events.wait_for(&wanted, EVENT_TIMEOUT).await;
            tokio::time::sleep(EVENT_GRACE).await;
            seen.extend(events.drain());
            let seen = ours(seen);
            if seen.contains(&wanted) {
                Vec::new()
            } else {
                vec![format!(
                    "expected schema_change {wanted}, but the node announced {} \
                     (the driver does not expose the result body; events are compared)",
                    list(&seen)
                )]
            }
        }
        (Expect::SchemaChange { .. }, _) => Vec::new(),
        (expected, _) => {
            let seen = ours(events.drain());
            if seen.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "expected a {} result without a schema change, but the node announced {}",
                    expected.kind(),
                    list(&seen)
                )]
            }
        }
    }
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
