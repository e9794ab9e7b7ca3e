//! Table and keyspace options (WITH clauses) with Cassandra 4.0's defaults.

use std::collections::BTreeMap;

use crate::cql::ast::{Literal, Property, PropertyValue};
use crate::error::{CqlError, CqlResult};

/// Options of a table as `system_schema.tables` shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct TableOptions {
    /// `additional_write_policy`
    pub additional_write_policy: String,
    /// `bloom_filter_fp_chance`
    pub bloom_filter_fp_chance: f64,
    /// `caching`
    pub caching: BTreeMap<String, String>,
    /// `cdc`
    pub cdc: bool,
    /// `comment`
    pub comment: String,
    /// `compaction`
    pub compaction: BTreeMap<String, String>,
    /// `compression`
    pub compression: BTreeMap<String, String>,
    /// `crc_check_chance`
    pub crc_check_chance: f64,
    /// `default_time_to_live`
    pub default_time_to_live: i32,
    /// `extensions`
    pub extensions: BTreeMap<String, Vec<u8>>,
    /// `gc_grace_seconds`
    pub gc_grace_seconds: i32,
    /// `max_index_interval`
    pub max_index_interval: i32,
    /// `memtable_flush_period_in_ms`
    pub memtable_flush_period_in_ms: i32,
    /// `min_index_interval`
    pub min_index_interval: i32,
    /// `read_repair`
    pub read_repair: String,
    /// `speculative_retry`
    pub speculative_retry: String,
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const STCS: &str = "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy";

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            additional_write_policy: "99p".into(),
            bloom_filter_fp_chance: 0.01,
            caching: map(&[("keys", "ALL"), ("rows_per_partition", "NONE")]),
            cdc: false,
            comment: String::new(),
            compaction: map(&[
                ("class", STCS),
                ("max_threshold", "32"),
                ("min_threshold", "4"),
            ]),
            compression: map(&[
                ("chunk_length_in_kb", "16"),
                ("class", "org.apache.cassandra.io.compress.LZ4Compressor"),
            ]),
            crc_check_chance: 1.0,
            default_time_to_live: 0,
            extensions: BTreeMap::new(),
            gc_grace_seconds: 864000,
            max_index_interval: 2048,
            memtable_flush_period_in_ms: 0,
            min_index_interval: 128,
            read_repair: "BLOCKING".into(),
            speculative_retry: "99p".into(),
        }
    }
}

/// The text of a constant property value.
pub fn literal_text(l: &Literal) -> String {
    match l {
        Literal::String(s) | Literal::Integer(s) | Literal::Float(s) | Literal::Duration(s) => {
            s.clone()
        }
        Literal::Boolean(b) => b.to_string(),
        Literal::Uuid(u) => u.to_string(),
        Literal::NaN => "NaN".into(),
        Literal::Infinity { negative } => {
            if *negative {
                "-Infinity".into()
            } else {
                "Infinity".into()
            }
        }
        Literal::Blob(b) => format!(
            "0x{}",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
        Literal::Null => "null".into(),
    }
}

fn value_text(v: &PropertyValue) -> CqlResult<String> {
    match v {
        PropertyValue::Literal(l) => Ok(literal_text(l)),
        PropertyValue::Identifier(s) => Ok(s.clone()),
        PropertyValue::Map(_) => Err(CqlError::syntax("Invalid value for property: a map")),
    }
}

fn value_map(name: &str, v: &PropertyValue) -> CqlResult<Vec<(String, String)>> {
    match v {
        PropertyValue::Map(pairs) => Ok(pairs
            .iter()
            .map(|(k, v)| (literal_text(k), literal_text(v)))
            .collect()),
        _ => Err(CqlError::syntax(format!(
            "Invalid value for property '{name}'. It should be a map."
        ))),
    }
}

fn parse_i32(name: &str, v: &PropertyValue) -> CqlResult<i32> {
    let text = value_text(v)?;
    text.parse::<i32>()
        .map_err(|_| CqlError::syntax(format!("Invalid integer value {text} for '{name}'")))
}

fn parse_f64(name: &str, v: &PropertyValue) -> CqlResult<f64> {
    let text = value_text(v)?;
    text.parse::<f64>()
        .map_err(|_| CqlError::syntax(format!("Invalid double value {text} for '{name}'")))
}

fn qualify(class: &str, package: &str) -> String {
    if class.contains('.') {
        class.to_string()
    } else {
        format!("{package}.{class}")
    }
}

impl TableOptions {
    /// Applies WITH properties of CREATE TABLE or ALTER TABLE.
    pub fn apply(&mut self, props: &[Property]) -> CqlResult<()> {
        for p in props {
            let v = &p.value;
            match p.name.as_str() {
                "additional_write_policy" => self.additional_write_policy = value_text(v)?,
                "bloom_filter_fp_chance" => {
                    self.bloom_filter_fp_chance = parse_f64(&p.name, v)?;
                }
                "caching" => {
                    let mut m = map(&[("keys", "ALL"), ("rows_per_partition", "NONE")]);
                    for (k, val) in value_map(&p.name, v)? {
                        m.insert(k, val);
                    }
                    self.caching = m;
                }
                "cdc" => self.cdc = value_text(v)?.eq_ignore_ascii_case("true"),
                "comment" => self.comment = value_text(v)?,
                "compaction" => {
                    let mut m: BTreeMap<String, String> =
                        value_map(&p.name, v)?.into_iter().collect();
                    let class = m.remove("class").ok_or_else(|| {
                        CqlError::config("Missing sub-option 'class' for the 'compaction' option.")
                    })?;
                    m.insert(
                        "class".into(),
                        qualify(&class, "org.apache.cassandra.db.compaction"),
                    );
                    m.entry("max_threshold".into())
                        .or_insert_with(|| "32".into());
                    m.entry("min_threshold".into())
                        .or_insert_with(|| "4".into());
                    self.compaction = m;
                }
                "compression" => {
                    let mut m: BTreeMap<String, String> =
                        value_map(&p.name, v)?.into_iter().collect();
                    if m.get("enabled").map(String::as_str) == Some("false") {
                        self.compression = map(&[("enabled", "false")]);
                        continue;
                    }
                    if let Some(class) = m.remove("class").or(m.remove("sstable_compression")) {
                        m.insert(
                            "class".into(),
                            qualify(&class, "org.apache.cassandra.io.compress"),
                        );
                    }
                    if let Some(kb) = m.remove("chunk_length_kb") {
                        m.insert("chunk_length_in_kb".into(), kb);
                    }
                    m.entry("chunk_length_in_kb".into())
                        .or_insert_with(|| "16".into());
                    m.entry("class".into())
                        .or_insert_with(|| "org.apache.cassandra.io.compress.LZ4Compressor".into());
                    self.compression = m;
                }
                "crc_check_chance" => self.crc_check_chance = parse_f64(&p.name, v)?,
                "default_time_to_live" => {
                    let ttl = parse_i32(&p.name, v)?;
                    if ttl < 0 {
                        return Err(CqlError::config(format!(
                            "default_time_to_live must be greater than or equal to 0 (got {ttl})"
                        )));
                    }
                    self.default_time_to_live = ttl;
                }
                "gc_grace_seconds" => self.gc_grace_seconds = parse_i32(&p.name, v)?,
                "max_index_interval" => self.max_index_interval = parse_i32(&p.name, v)?,
                "memtable_flush_period_in_ms" => {
                    self.memtable_flush_period_in_ms = parse_i32(&p.name, v)?;
                }
                "min_index_interval" => self.min_index_interval = parse_i32(&p.name, v)?,
                "read_repair" => self.read_repair = value_text(v)?.to_uppercase(),
                "speculative_retry" => self.speculative_retry = value_text(v)?,
                "extensions" => {
                    self.extensions = value_map(&p.name, v)?
                        .into_iter()
                        .map(|(k, v)| (k, v.into_bytes()))
                        .collect();
                }
                "dclocal_read_repair_chance" | "read_repair_chance" => {}
                other => {
                    return Err(CqlError::syntax(format!("Unknown property '{other}'")));
                }
            }
        }
        Ok(())
    }
}

/// Keyspace replication and durable_writes from CREATE/ALTER KEYSPACE properties.
pub fn keyspace_options(
    keyspace: &str,
    props: &[Property],
    existing: Option<(&BTreeMap<String, String>, bool)>,
) -> CqlResult<(BTreeMap<String, String>, bool)> {
    let mut replication = existing.map(|e| e.0.clone());
    let mut durable = existing.map(|e| e.1).unwrap_or(true);
    for p in props {
        match p.name.as_str() {
            "replication" => {
                let pairs = value_map("replication", &p.value)?;
                replication = Some(replication_map(keyspace, pairs)?);
            }
            "durable_writes" => {
                durable = value_text(&p.value)?.eq_ignore_ascii_case("true");
            }
            other => return Err(CqlError::syntax(format!("Unknown property '{other}'"))),
        }
    }
    let replication = replication
        .ok_or_else(|| CqlError::config("Missing mandatory option 'replication'".to_string()))?;
    Ok((replication, durable))
}

fn replication_map(
    keyspace: &str,
    pairs: Vec<(String, String)>,
) -> CqlResult<BTreeMap<String, String>> {
    let mut m: BTreeMap<String, String> = pairs.into_iter().collect();
    let class = m
        .remove("class")
        .ok_or_else(|| CqlError::config("Missing replication strategy class"))?;
    let class = qualify(&class, "org.apache.cassandra.locator");
    let short = class.rsplit('.').next().unwrap_or(&class).to_string();
    match short.as_str() {
        "SimpleStrategy" => {
            let rf = m.get("replication_factor").ok_or_else(|| {
                CqlError::config("SimpleStrategy requires a replication_factor strategy option.")
            })?;
            check_rf(rf)?;
            let unknown: Vec<&String> = m.keys().filter(|k| *k != "replication_factor").collect();
            if !unknown.is_empty() {
                return Err(CqlError::config(format!(
                    "Unrecognized strategy option {{{}}} passed to SimpleStrategy for keyspace {keyspace}",
                    unknown
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        "NetworkTopologyStrategy" => {
            if let Some(rf) = m.remove("replication_factor") {
                m.entry("datacenter1".into()).or_insert(rf);
            }
            let unknown: Vec<&String> = m.keys().filter(|k| *k != "datacenter1").collect();
            if !unknown.is_empty() {
                return Err(CqlError::config(format!(
                    "Unrecognized strategy option {{{}}} passed to NetworkTopologyStrategy for keyspace {keyspace}",
                    unknown
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            for rf in m.values() {
                check_rf(rf)?;
            }
        }
        "LocalStrategy" => {
            return Err(CqlError::config(
                "Unable to use given strategy class: LocalStrategy is reserved for internal use.",
            ))
        }
        _ => {
            return Err(CqlError::config(format!(
                "Unable to find replication strategy class '{class}'"
            )))
        }
    }
    m.insert("class".into(), class);
    Ok(m)
}

fn check_rf(rf: &str) -> CqlResult<()> {
    match rf.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(()),
        _ => Err(CqlError::config(format!(
            "Replication factor must be non-negative integer; found {rf}"
        ))),
    }
}
