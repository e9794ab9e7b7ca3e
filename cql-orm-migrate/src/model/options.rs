//! Table option values and keyspace options, with the comparison rules that keep a clean
//! schema from showing a false difference (class names qualified or not, numbers written as
//! integers or floats, map options given partially, percentile spellings).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cql::string_literal;

/// A table option value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    /// `true` / `false`.
    Bool(bool),
    /// An integer, e.g. `default_time_to_live = 0`.
    Int(i64),
    /// A floating-point number, e.g. `bloom_filter_fp_chance = 0.01`.
    Float(f64),
    /// A string, e.g. `comment = 'per-user log'`.
    Text(String),
    /// A map of strings, e.g. `compaction = {'class': 'LeveledCompactionStrategy'}`.
    Map(BTreeMap<String, String>),
}

impl fmt::Display for OptionValue {
    /// The CQL literal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionValue::Bool(b) => write!(f, "{b}"),
            OptionValue::Int(i) => write!(f, "{i}"),
            OptionValue::Float(x) => {
                if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
                    write!(f, "{x:.1}")
                } else {
                    write!(f, "{x}")
                }
            }
            OptionValue::Text(s) => f.write_str(&string_literal(s)),
            OptionValue::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {}", string_literal(k), string_literal(v))?;
                }
                f.write_str("}")
            }
        }
    }
}

impl OptionValue {
    fn as_number(&self) -> Option<f64> {
        match self {
            OptionValue::Int(i) => Some(*i as f64),
            OptionValue::Float(x) => Some(*x),
            OptionValue::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn as_text(&self) -> String {
        match self {
            OptionValue::Bool(b) => b.to_string(),
            OptionValue::Int(i) => i.to_string(),
            OptionValue::Float(x) => x.to_string(),
            OptionValue::Text(s) => s.clone(),
            OptionValue::Map(_) => self.to_string(),
        }
    }
}

/// The last segment of a Java class name (`org.apache.cassandra.db.compaction.X` is `X`).
fn short_class(s: &str) -> &str {
    s.rsplit('.').next().unwrap_or(s)
}

/// Options whose text values Cassandra upper-cases or respells.
const CASE_INSENSITIVE: &[&str] = &[
    "speculative_retry",
    "additional_write_policy",
    "read_repair",
];

/// `99PERCENTILE`, `99.0p` and `99p` are one setting.
fn percentile(s: &str) -> String {
    let lower = s.trim().to_ascii_lowercase();
    let number = lower
        .strip_suffix("percentile")
        .or_else(|| lower.strip_suffix('p'));
    match number.and_then(|n| n.parse::<f64>().ok()) {
        Some(n) => format!("{n}p"),
        None => lower,
    }
}

fn map_key(option: &str, key: &str) -> String {
    match (option, key) {
        ("compression", "chunk_length_kb") => "chunk_length_in_kb".to_owned(),
        ("compression", "sstable_compression") => "class".to_owned(),
        _ => key.to_owned(),
    }
}

fn map_value_matches(key: &str, desired: &str, live: &str) -> bool {
    if key == "class" {
        return short_class(desired) == short_class(live);
    }
    if desired == live {
        return true;
    }
    match (desired.trim().parse::<f64>(), live.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => desired.trim().eq_ignore_ascii_case(live.trim()),
    }
}

/// Whether the live value of table option `name` satisfies the desired value. Maps match
/// when every desired entry is present (Cassandra fills in defaults for the others).
pub fn option_matches(name: &str, desired: &OptionValue, live: &OptionValue) -> bool {
    match (desired, live) {
        (OptionValue::Map(d), OptionValue::Map(l)) => d.iter().all(|(k, v)| {
            let k = map_key(name, k);
            l.get(&k).is_some_and(|lv| map_value_matches(&k, v, lv))
        }),
        (OptionValue::Map(_), _) | (_, OptionValue::Map(_)) => false,
        _ => {
            if let (Some(a), Some(b)) = (desired.as_number(), live.as_number()) {
                return (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs()).max(1.0);
            }
            let (d, l) = (desired.as_text(), live.as_text());
            if CASE_INSENSITIVE.contains(&name) {
                percentile(&d) == percentile(&l)
            } else {
                d == l
            }
        }
    }
}

/// Replication and durable writes of a keyspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyspaceOptions {
    /// The replication map, e.g. `{"class": "NetworkTopologyStrategy", "dc1": "3"}`.
    pub replication: BTreeMap<String, String>,
    /// `durable_writes` (true when left out).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub durable_writes: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl KeyspaceOptions {
    /// `SimpleStrategy` with a replication factor (for development and tests).
    pub fn simple(replication_factor: u32) -> Self {
        KeyspaceOptions {
            replication: BTreeMap::from([
                ("class".to_owned(), "SimpleStrategy".to_owned()),
                (
                    "replication_factor".to_owned(),
                    replication_factor.to_string(),
                ),
            ]),
            durable_writes: true,
        }
    }

    /// `NetworkTopologyStrategy` with a replication factor per datacenter.
    pub fn network_topology<I, S>(datacenters: I) -> Self
    where
        I: IntoIterator<Item = (S, u32)>,
        S: Into<String>,
    {
        let mut replication: BTreeMap<String, String> = datacenters
            .into_iter()
            .map(|(dc, rf)| (dc.into(), rf.to_string()))
            .collect();
        replication.insert("class".to_owned(), "NetworkTopologyStrategy".to_owned());
        KeyspaceOptions {
            replication,
            durable_writes: true,
        }
    }

    /// Whether the live options satisfy these (class names compared without their package).
    pub fn matches(&self, live: &KeyspaceOptions) -> bool {
        if self.durable_writes != live.durable_writes {
            return false;
        }
        let norm = |m: &BTreeMap<String, String>| -> BTreeMap<String, String> {
            m.iter()
                .map(|(k, v)| {
                    let v = if k == "class" {
                        short_class(v).to_owned()
                    } else {
                        v.trim().to_owned()
                    };
                    (k.clone(), v)
                })
                .collect()
        };
        norm(&self.replication) == norm(&live.replication)
    }

    /// The `WITH ...` clause of `CREATE KEYSPACE` / `ALTER KEYSPACE`.
    pub fn with_clause(&self) -> String {
        let mut s = format!(
            "replication = {}",
            OptionValue::Map(self.replication.clone())
        );
        if !self.durable_writes {
            s.push_str(" AND durable_writes = false");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> OptionValue {
        OptionValue::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn equivalent_spellings_match() {
        assert!(option_matches(
            "compaction",
            &map(&[("class", "LeveledCompactionStrategy")]),
            &map(&[
                (
                    "class",
                    "org.apache.cassandra.db.compaction.LeveledCompactionStrategy"
                ),
                ("max_threshold", "32"),
                ("min_threshold", "4")
            ])
        ));
        assert!(option_matches(
            "compression",
            &map(&[("chunk_length_kb", "64")]),
            &map(&[("chunk_length_in_kb", "64"), ("class", "x.LZ4Compressor")])
        ));
        assert!(option_matches(
            "crc_check_chance",
            &OptionValue::Int(1),
            &OptionValue::Float(1.0)
        ));
        assert!(option_matches(
            "bloom_filter_fp_chance",
            &OptionValue::Float(0.01),
            &OptionValue::Float(0.01)
        ));
        assert!(option_matches(
            "speculative_retry",
            &OptionValue::Text("99PERCENTILE".into()),
            &OptionValue::Text("99p".into())
        ));
        assert!(option_matches(
            "cdc",
            &OptionValue::Bool(false),
            &OptionValue::Bool(false)
        ));
    }

    #[test]
    fn real_differences_do_not_match() {
        assert!(!option_matches(
            "compaction",
            &map(&[("class", "LeveledCompactionStrategy")]),
            &map(&[(
                "class",
                "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy"
            )])
        ));
        assert!(!option_matches(
            "comment",
            &OptionValue::Text("a".into()),
            &OptionValue::Text("A".into())
        ));
        assert!(!option_matches(
            "default_time_to_live",
            &OptionValue::Int(0),
            &OptionValue::Int(60)
        ));
        assert!(!option_matches(
            "caching",
            &map(&[("keys", "ALL")]),
            &OptionValue::Text("x".into())
        ));
    }

    #[test]
    fn literals() {
        assert_eq!(OptionValue::Float(1.0).to_string(), "1.0");
        assert_eq!(OptionValue::Float(0.01).to_string(), "0.01");
        assert_eq!(OptionValue::Text("it's".into()).to_string(), "'it''s'");
        assert_eq!(
            map(&[("a", "1"), ("b", "x")]).to_string(),
            "{'a': '1', 'b': 'x'}"
        );
    }

    #[test]
    fn keyspace_options() {
        let live = KeyspaceOptions {
            replication: BTreeMap::from([
                (
                    "class".into(),
                    "org.apache.cassandra.locator.SimpleStrategy".into(),
                ),
                ("replication_factor".into(), "1".into()),
            ]),
            durable_writes: true,
        };
        assert!(KeyspaceOptions::simple(1).matches(&live));
        assert!(!KeyspaceOptions::simple(3).matches(&live));
        assert_eq!(
            KeyspaceOptions::network_topology([("dc1", 3)]).with_clause(),
            "replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3'}"
        );
    }
}
