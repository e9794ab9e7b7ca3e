//! The scenario file format of the recorded corpus (see `cases/README.md`).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// One recorded scenario: `cases/<area>/<name>.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// `[a-z][a-z0-9_]*`, the file name without `.json`.
    pub name: String,
    /// The folder name.
    pub area: String,
    /// What the scenario exercises.
    pub description: String,
    /// The steps, run in order on one connection.
    pub steps: Vec<Step>,
}

/// One statement of a scenario and its recorded result.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The statement text, sent as is.
    pub cql: String,
    /// Present: PREPARE + EXECUTE with these values; absent: a plain QUERY.
    pub params: Option<Vec<Param>>,
    /// Page size to fetch with, following the paging state.
    pub fetch_size: Option<i32>,
    /// Pause before the step, in milliseconds.
    pub sleep_ms: Option<u64>,
    /// Consistency level name for this step (default `LOCAL_ONE`).
    pub consistency: Option<String>,
    /// Serial consistency name for this step (default: none sent).
    pub serial_consistency: Option<String>,
    /// Tolerance in seconds for the `ttl(...)` columns listed in `expect.ttl_columns`.
    pub ttl_tolerance_s: Option<i64>,
    /// `"error"` when the step is meant to fail.
    pub intent: Option<String>,
    /// The recorded result.
    pub expect: Expect,
}

impl Step {
    /// Whether the step is meant to fail.
    pub fn expects_error(&self) -> bool {
        self.intent.as_deref() == Some("error")
    }
}

/// A bound value: `type` is informative, `value` is in canonical form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The receiver's CQL type (`frozen<>` may be left out).
    #[serde(rename = "type")]
    pub typ: String,
    /// The value in canonical JSON form.
    pub value: Value,
}

/// The recorded result of a step.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// A VOID result.
    Void {
        /// Metadata of the PREPARED result (steps with `params`).
        prepared: Option<Prepared>,
    },
    /// The result of `USE`.
    SetKeyspace {
        /// The keyspace the server reported.
        keyspace: String,
        /// Metadata of the PREPARED result (steps with `params`).
        prepared: Option<Prepared>,
    },
    /// A SCHEMA_CHANGE result.
    SchemaChange {
        /// `CREATED` / `UPDATED` / `DROPPED`.
        change: String,
        /// `KEYSPACE` / `TABLE` / `TYPE`.
        target: String,
        /// The keyspace.
        keyspace: String,
        /// Table or type name (absent for KEYSPACE).
        name: Option<String>,
        /// Metadata of the PREPARED result (steps with `params`).
        prepared: Option<Prepared>,
    },
    /// A ROWS result (all pages).
    Rows(RowsExpect),
    /// An ERROR response.
    Error(ErrorExpect),
}

impl Expect {
    /// The kind name as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Expect::Void { .. } => "void",
            Expect::SetKeyspace { .. } => "set_keyspace",
            Expect::SchemaChange { .. } => "schema_change",
            Expect::Rows(_) => "rows",
            Expect::Error(_) => "error",
        }
    }

    /// The recorded PREPARED metadata, if any.
    pub fn prepared(&self) -> Option<&Prepared> {
        match self {
            Expect::Void { prepared }
            | Expect::SetKeyspace { prepared, .. }
            | Expect::SchemaChange { prepared, .. } => prepared.as_ref(),
            Expect::Rows(rows) => rows.prepared.as_ref(),
            Expect::Error(error) => error.prepared.as_ref(),
        }
    }
}

/// A recorded ROWS result.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowsExpect {
    /// `[name, type]` of each result column.
    pub columns: Vec<(String, String)>,
    /// All rows of all pages, values in canonical form.
    pub rows: Vec<Vec<Value>>,
    /// Rows per page (steps with `fetch_size` only).
    pub pages: Option<Vec<usize>>,
    /// Indexes of the `ttl(...)` columns (steps with `ttl_tolerance_s` only).
    pub ttl_columns: Option<Vec<usize>>,
    /// Server warnings (informative).
    pub warnings: Option<Vec<String>>,
    /// Metadata of the PREPARED result (steps with `params`).
    pub prepared: Option<Prepared>,
}

/// A recorded ERROR response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorExpect {
    /// The protocol error code.
    pub code: i32,
    /// The code's name.
    pub error: String,
    /// Cassandra's message text.
    pub message: String,
    /// Extra error fields (AlreadyExists: `keyspace`, `table`).
    pub info: Option<Value>,
    /// `"prepare"` when the PREPARE itself failed.
    pub phase: Option<String>,
    /// Server warnings (informative).
    pub warnings: Option<Vec<String>>,
    /// Metadata of the PREPARED result (when the PREPARE succeeded).
    pub prepared: Option<Prepared>,
}

/// A recorded PREPARED result.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prepared {
    /// `[name, type]` of each bind variable.
    pub bind: Vec<(String, String)>,
    /// Bind positions of the partition key components, in partition key order.
    pub pk_indexes: Vec<usize>,
    /// `[name, type]` of the result columns (`[]` for non-SELECT and LWT statements).
    pub result: Vec<(String, String)>,
}

/// A scenario file found on disk.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// The area (folder name).
    pub area: String,
    /// The scenario name (file name without `.json`).
    pub name: String,
    /// The file.
    pub path: PathBuf,
}

/// Lists `<root>/<area>/<name>.json`, sorted by area then name.
pub fn discover(root: &Path) -> std::io::Result<Vec<CaseFile>> {
    let mut cases = Vec::new();
    for area in std::fs::read_dir(root)? {
        let area = area?;
        if !area.file_type()?.is_dir() {
            continue;
        }
        let area_name = area.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(area.path())? {
            let path = file?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            cases.push(CaseFile {
                area: area_name.clone(),
                name: name.to_owned(),
                path: path.clone(),
            });
        }
    }
    cases.sort_by(|a, b| (&a.area, &a.name).cmp(&(&b.area, &b.name)));
    Ok(cases)
}

/// Reads and checks one scenario file.
pub fn load(case: &CaseFile) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(&case.path)
        .map_err(|e| format!("reading {}: {e}", case.path.display()))?;
    let scenario: Scenario =
        serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", case.path.display()))?;
    if scenario.name != case.name || scenario.area != case.area {
        return Err(format!(
            "{}: name/area {:?}/{:?} do not match the file's place",
            case.path.display(),
            scenario.area,
            scenario.name
        ));
    }
    Ok(scenario)
}
