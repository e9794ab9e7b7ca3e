//! Compares what a step returned with the recording (README "How to compare").

use scylla::frame::response::result::{CollectionType, ColumnType, NativeType};
use serde_json::Value;

use crate::bind::parse_float;
use crate::execute::{Column, Observed, Phase, PreparedMeta, Success};
use crate::scenario::{ErrorExpect, Expect, Prepared, RowsExpect, Step};

/// How many differing rows a report lists before summarising.
const MAX_ROWS_SHOWN: usize = 20;

/// Every difference between the recording and the observation, each as readable text.
/// Empty means the step conforms.
pub fn compare(step: &Step, observed: &Observed) -> Vec<String> {
    let mut problems = Vec::new();
    if step.expects_error() != matches!(step.expect, Expect::Error(_)) {
        problems.push(format!(
            "the scenario is inconsistent: intent {:?} with an expected {} result",
            step.intent,
            step.expect.kind()
        ));
    }
    if let Some(expected) = step.expect.prepared() {
        match &observed.prepared {
            Some(actual) => compare_prepared(expected, actual, &mut problems),
            None if observed_prepare_failed(observed) => {}
            None => {
                problems.push("expected a PREPARED result, but the step was not prepared".into())
            }
        }
    }
    match (&step.expect, &observed.outcome) {
        (Expect::Error(expected), Err(failure)) => {
            let expected_phase = if expected.phase.as_deref() == Some("prepare") {
                Phase::Prepare
            } else {
                Phase::Execute
            };
            if failure.phase != expected_phase {
                problems.push(format!(
                    "error came back for the {} request, expected it for the {} request",
                    phase_name(failure.phase),
                    phase_name(expected_phase)
                ));
            }
            match &failure.server {
                Some(server) => compare_error(expected, server, &mut problems),
                None => problems.push(format!(
                    "expected server error {} {} {:?}\n    but the driver failed on its own: {}",
                    expected.code, expected.error, expected.message, failure.description
                )),
            }
        }
        (expected, Err(failure)) => problems.push(format!(
            "expected a {} result\n    but got an error ({} request): {}",
            expected.kind(),
            phase_name(failure.phase),
            failure.description
        )),
        (Expect::Error(expected), Ok(success)) => problems.push(format!(
            "expected error {} {} {:?}\n    but the step succeeded with {}",
            expected.code,
            expected.error,
            expected.message,
            describe(success)
        )),
        (
            Expect::Rows(expected),
            Ok(Success::Rows {
                columns,
                rows,
                pages,
                ..
            }),
        ) => compare_rows(step, expected, columns, rows, pages, &mut problems),
        (Expect::Rows(_), Ok(other)) => {
            problems.push(format!("expected a rows result, got {}", describe(other)))
        }
        (Expect::SetKeyspace { keyspace, .. }, Ok(Success::NotRows { keyspace_after })) => {
            if keyspace_after.as_deref() != Some(keyspace.as_str()) {
                problems.push(format!(
                    "expected set_keyspace {keyspace:?}, but the session's keyspace is now {keyspace_after:?}"
                ));
            }
        }
        (Expect::Void { .. } | Expect::SchemaChange { .. }, Ok(Success::NotRows { .. })) => {}
        (expected, Ok(other)) => problems.push(format!(
            "expected a {} result, got {}",
            expected.kind(),
            describe(other)
        )),
    }
    problems
}

fn observed_prepare_failed(observed: &Observed) -> bool {
    matches!(&observed.outcome, Err(f) if f.phase == Phase::Prepare)
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Prepare => "PREPARE",
        Phase::Execute => "QUERY/EXECUTE",
    }
}

fn describe(success: &Success) -> String {
    match success {
        Success::NotRows { .. } => "a void / set_keyspace / schema_change result".into(),
        Success::Rows {
            columns,
            rows,
            warnings,
            ..
        } => format!(
            "rows {} ({} rows, warnings {warnings:?})",
            pairs_json(&columns.iter().map(Column::pair).collect::<Vec<_>>()),
            rows.len()
        ),
    }
}

fn pairs_json(pairs: &[(String, String)]) -> String {
    serde_json::to_string(pairs).unwrap_or_default()
}

fn compare_prepared(expected: &Prepared, actual: &PreparedMeta, problems: &mut Vec<String>) {
    let bind: Vec<_> = actual.bind.iter().map(Column::pair).collect();
    if bind != expected.bind {
        problems.push(format!(
            "prepared bind metadata differs\n    - expected: {}\n    + actual:   {}",
            pairs_json(&expected.bind),
            pairs_json(&bind)
        ));
    }
    if actual.pk_indexes != expected.pk_indexes {
        problems.push(format!(
            "prepared pk_indexes differ\n    - expected: {:?}\n    + actual:   {:?}",
            expected.pk_indexes, actual.pk_indexes
        ));
    }
    let result: Vec<_> = actual.result.iter().map(Column::pair).collect();
    if result != expected.result {
        problems.push(format!(
            "prepared result metadata differs\n    - expected: {}\n    + actual:   {}",
            pairs_json(&expected.result),
            pairs_json(&result)
        ));
    }
}

fn compare_error(
    expected: &ErrorExpect,
    actual: &crate::execute::ServerError,
    problems: &mut Vec<String>,
) {
    if actual.code != expected.code {
        problems.push(format!(
            "error code differs\n    - expected: {} (0x{:04x} {}) {:?}\n    + actual:   {} (0x{:04x}) {:?}",
            expected.code, expected.code, expected.error, expected.message, actual.code,
            actual.code, actual.message
        ));
    } else if actual.message != expected.message {
        problems.push(format!(
            "error message differs (code {} {} matches)\n    - expected: {:?}\n    + actual:   {:?}",
            expected.code, expected.error, expected.message, actual.message
        ));
    }
    if actual.info != expected.info {
        problems.push(format!(
            "error info differs\n    - expected: {}\n    + actual:   {}",
            json_or_none(expected.info.as_ref()),
            json_or_none(actual.info.as_ref())
        ));
    }
}

fn json_or_none(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".into(), Value::to_string)
}

fn compare_rows(
    step: &Step,
    expected: &RowsExpect,
    columns: &[Column],
    rows: &[Vec<Value>],
    pages: &[usize],
    problems: &mut Vec<String>,
) {
    let actual_columns: Vec<_> = columns.iter().map(Column::pair).collect();
    if actual_columns != expected.columns {
        problems.push(format!(
            "columns differ\n    - expected: {}\n    + actual:   {}",
            pairs_json(&expected.columns),
            pairs_json(&actual_columns)
        ));
    }
    if let Some(expected_pages) = &expected.pages {
        if expected_pages.as_slice() != pages {
            problems.push(format!(
                "pages differ (fetch_size {:?})\n    - expected: {expected_pages:?}\n    + actual:   {pages:?}",
                step.fetch_size
            ));
        }
    }
    let ttl_columns = expected.ttl_columns.as_deref().unwrap_or(&[]);
    let tolerance = step.ttl_tolerance_s.unwrap_or(0);
    let mut lines = Vec::new();
    let mut differing = 0;
    for i in 0..expected.rows.len().max(rows.len()) {
        let (want, got) = (expected.rows.get(i), rows.get(i));
        let same = match (want, got) {
            (Some(want), Some(got)) => row_matches(columns, want, got, ttl_columns, tolerance),
            _ => false,
        };
        if !same {
            differing += 1;
            if differing <= MAX_ROWS_SHOWN {
                lines.push(format!(
                    "  row {i}:\n    - expected: {}\n    + actual:   {}",
                    row_text(want),
                    row_text(got)
                ));
            }
        }
    }
    if differing > 0 {
        let mut text = format!(
            "rows differ: {differing} of {} expected / {} actual rows",
            expected.rows.len(),
            rows.len()
        );
        if !ttl_columns.is_empty() {
            text.push_str(&format!(
                " (ttl columns {ttl_columns:?} within {tolerance}s)"
            ));
        }
        for line in lines {
            text.push('\n');
            text.push_str(&line);
        }
        if differing > MAX_ROWS_SHOWN {
            text.push_str(&format!("\n  ... and {} more", differing - MAX_ROWS_SHOWN));
        }
        problems.push(text);
    }
}

fn row_text(row: Option<&Vec<Value>>) -> String {
    row.map_or_else(
        || "(no row)".into(),
        |r| Value::Array(r.clone()).to_string(),
    )
}

fn row_matches(
    columns: &[Column],
    expected: &[Value],
    actual: &[Value],
    ttl_columns: &[usize],
    tolerance: i64,
) -> bool {
    expected.len() == actual.len()
        && expected.iter().zip(actual).enumerate().all(|(i, (e, a))| {
            if ttl_columns.contains(&i) {
                return match (e.as_i64(), a.as_i64()) {
                    (Some(e), Some(a)) => (e - a).abs() <= tolerance,
                    _ => e == a,
                };
            }
            match columns.get(i) {
                Some(column) => value_matches(&column.typ, e, a),
                None => e == a,
            }
        })
}

/// Compares two canonical values of type `typ`: floating-point values by their exact bits
/// (so `-0.0` differs from `0.0` and `NaN` equals `NaN`), UDT fields in order, everything
/// else as JSON.
pub fn value_matches(typ: &ColumnType<'_>, expected: &Value, actual: &Value) -> bool {
    if expected.is_null() || actual.is_null() || expected.get("$empty").is_some() {
        return expected == actual;
    }
    match typ {
        // A float is a 32-bit value: the recording's widened double may be written with
        // fewer digits than needed to name the double exactly (`3.402823466385289e+38` for
        // the largest float), but it always names the right 32-bit value.
        ColumnType::Native(NativeType::Float) => match (parse_float(expected), parse_float(actual))
        {
            (Some(e), Some(a)) => {
                let (e, a) = (e as f32, a as f32);
                (e.is_nan() && a.is_nan()) || e.to_bits() == a.to_bits()
            }
            _ => false,
        },
        ColumnType::Native(NativeType::Double) => {
            match (parse_float(expected), parse_float(actual)) {
                (Some(e), Some(a)) => (e.is_nan() && a.is_nan()) || e.to_bits() == a.to_bits(),
                _ => false,
            }
        }
        ColumnType::Collection { typ, .. } => match typ {
            CollectionType::List(element) | CollectionType::Set(element) => {
                all_pairs(expected, actual, |e, a| value_matches(element, e, a))
            }
            CollectionType::Map(key, value) => all_pairs(expected, actual, |e, a| {
                match (
                    e.as_array().map(Vec::as_slice),
                    a.as_array().map(Vec::as_slice),
                ) {
                    (Some([ek, ev]), Some([ak, av])) => {
                        value_matches(key, ek, ak) && value_matches(value, ev, av)
                    }
                    _ => false,
                }
            }),
            _ => expected == actual,
        },
        ColumnType::Tuple(components) => match (expected.as_array(), actual.as_array()) {
            (Some(e), Some(a)) => {
                e.len() == a.len()
                    && a.len() == components.len()
                    && components
                        .iter()
                        .zip(e.iter().zip(a))
                        .all(|(t, (e, a))| value_matches(t, e, a))
            }
            _ => false,
        },
        ColumnType::UserDefinedType { definition, .. } => {
            match (expected.as_object(), actual.as_object()) {
                (Some(e), Some(a)) => {
                    e.keys().eq(a.keys())
                        && e.iter().all(|(name, ev)| {
                            let field_type = definition
                                .field_types
                                .iter()
                                .find(|(n, _)| n == name)
                                .map(|(_, t)| t);
                            match (field_type, a.get(name)) {
                                (Some(t), Some(av)) => value_matches(t, ev, av),
                                (None, Some(av)) => ev == av,
                                _ => false,
                            }
                        })
                }
                _ => false,
            }
        }
        _ => expected == actual,
    }
}

fn all_pairs(expected: &Value, actual: &Value, matches: impl Fn(&Value, &Value) -> bool) -> bool {
    match (expected.as_array(), actual.as_array()) {
        (Some(e), Some(a)) => e.len() == a.len() && e.iter().zip(a).all(|(e, a)| matches(e, a)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use scylla::frame::response::result::{ColumnType, NativeType};
    use serde_json::json;

    use super::value_matches;

    #[test]
    fn floats_compare_by_bits() {
        let double = ColumnType::Native(NativeType::Double);
        assert!(value_matches(&double, &json!(1.0), &json!(1)));
        assert!(value_matches(&double, &json!("NaN"), &json!("NaN")));
        assert!(!value_matches(&double, &json!(-0.0), &json!(0.0)));
        assert!(!value_matches(
            &double,
            &json!(1.1),
            &json!(1.100000023841858)
        ));
        assert!(!value_matches(&double, &json!(null), &json!(0.0)));
    }

    #[test]
    fn floats_compare_as_32_bit_values() {
        let float = ColumnType::Native(NativeType::Float);
        let max = f64::from(f32::MAX);
        assert!(value_matches(
            &float,
            &json!(3.402823466385289e38),
            &json!(max)
        ));
        assert!(value_matches(
            &float,
            &json!(1.100000023841858),
            &json!(f64::from(1.1f32))
        ));
        assert!(!value_matches(
            &float,
            &json!(1.1000001),
            &json!(f64::from(1.1f32))
        ));
        assert!(!value_matches(&float, &json!(-0.0), &json!(0.0)));
        assert!(value_matches(
            &float,
            &json!("-Infinity"),
            &json!("-Infinity")
        ));
        assert!(!value_matches(&float, &json!("Infinity"), &json!(max)));
    }

    #[test]
    fn others_compare_exactly() {
        let int = ColumnType::Native(NativeType::Int);
        assert!(value_matches(&int, &json!(3), &json!(3)));
        assert!(!value_matches(&int, &json!(3), &json!(4)));
        assert!(!value_matches(&int, &json!({"$empty": true}), &json!(null)));
        let text = ColumnType::Native(NativeType::Text);
        assert!(!value_matches(&text, &json!(""), &json!(null)));
    }
}
