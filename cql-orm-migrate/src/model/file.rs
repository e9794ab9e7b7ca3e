//! Snapshot files: pretty JSON, read back with validation.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{ColumnKind, IndexTarget, Order, Snapshot, FORMAT};

/// Why a snapshot could not be read, written or accepted.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The file could not be read.
    #[error("cannot read snapshot {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("cannot write snapshot {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not a snapshot (bad JSON, unknown fields, bad types).
    #[error("{origin}: not a valid snapshot: {source}")]
    Parse {
        /// Where the text came from.
        origin: String,
        /// The parser's error (with line and column).
        #[source]
        source: serde_json::Error,
    },
    /// The snapshot is of another format version.
    #[error(
        "{origin}: snapshot format {found} is not supported (this version reads format {FORMAT})"
    )]
    Format {
        /// Where the text came from.
        origin: String,
        /// The format found.
        found: u32,
    },
    /// The snapshot describes a schema CQL cannot hold.
    #[error("{origin}: {}", problems.join("; "))]
    Invalid {
        /// Where the snapshot came from.
        origin: String,
        /// Every problem found, one sentence each.
        problems: Vec<String>,
    },
}

impl Snapshot {
    /// The snapshot as JSON laid out for review (a column, a field or a replication map
    /// per line, two-space indents, trailing newline): the form to commit.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        super::layout::layout(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Parses and validates a snapshot; `origin` names the source in error messages.
    pub fn from_json(text: &str, origin: &str) -> Result<Snapshot, SnapshotError> {
        #[derive(serde::Deserialize)]
        struct Version {
            format: u32,
        }
        if let Ok(v) = serde_json::from_str::<Version>(text) {
            if v.format != FORMAT {
                return Err(SnapshotError::Format {
                    origin: origin.to_owned(),
                    found: v.format,
                });
            }
        }
        let snapshot: Snapshot =
            serde_json::from_str(text).map_err(|source| SnapshotError::Parse {
                origin: origin.to_owned(),
                source,
            })?;
        snapshot.validate(origin)?;
        Ok(snapshot)
    }

    /// Reads and validates a snapshot file.
    pub fn read_file(path: impl AsRef<Path>) -> Result<Snapshot, SnapshotError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SnapshotError::Read {
            path: path.to_owned(),
            source,
        })?;
        Snapshot::from_json(&text, &path.display().to_string())
    }

    /// Writes the snapshot to `path` (see [`Snapshot::to_json`]).
    pub fn write_file(&self, path: impl AsRef<Path>) -> Result<(), SnapshotError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_json()).map_err(|source| SnapshotError::Write {
            path: path.to_owned(),
            source,
        })
    }

    /// Checks that the snapshot describes a schema CQL can hold: unique names, a partition
    /// key per table, contiguous key positions, frozen key types, defined user types,
    /// indexes on existing columns, statics only beside clustering columns, counters kept
    /// apart. `origin` names the source in the error.
    pub fn validate(&self, origin: &str) -> Result<(), SnapshotError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SnapshotError::Invalid {
                origin: origin.to_owned(),
                problems,
            })
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.format != FORMAT {
            p.push(format!("format {} is not {FORMAT}", self.format));
        }
        let type_names: BTreeSet<&str> = self.types.iter().map(|t| t.name.as_str()).collect();
        if type_names.len() != self.types.len() {
            p.push("a user-defined type is defined twice".to_owned());
        }
        let check_udts = |p: &mut Vec<String>, what: &str, ty: &super::CqlType| {
            for u in ty.udts() {
                if !type_names.contains(u) {
                    p.push(format!(
                        "{what} uses type `{u}`, which the snapshot does not define"
                    ));
                }
            }
        };
        for t in &self.types {
            if t.fields.is_empty() {
                p.push(format!("type `{}` has no fields", t.name));
            }
            let mut seen = BTreeSet::new();
            for f in &t.fields {
                if !seen.insert(f.name.as_str()) {
                    p.push(format!(
                        "type `{}` has two fields named `{}`",
                        t.name, f.name
                    ));
                }
                check_udts(&mut p, &format!("field `{}.{}`", t.name, f.name), &f.ty);
            }
        }
        let mut tables = BTreeSet::new();
        let mut index_names = BTreeSet::new();
        for t in &self.tables {
            if !tables.insert(t.name.as_str()) {
                p.push(format!("table `{}` is defined twice", t.name));
            }
            let mut seen = BTreeSet::new();
            for c in &t.columns {
                let what = format!("column `{}.{}`", t.name, c.name);
                if !seen.insert(c.name.as_str()) {
                    p.push(format!(
                        "table `{}` has two columns named `{}`",
                        t.name, c.name
                    ));
                }
                check_udts(&mut p, &what, &c.ty);
                if c.kind.is_key() && !c.ty.is_frozen() {
                    p.push(format!(
                        "{what} is part of the primary key, so its type `{}` must be frozen",
                        c.ty
                    ));
                }
                if c.kind != ColumnKind::Clustering && c.order != Order::Asc {
                    p.push(format!(
                        "{what} has an order but is not a clustering column"
                    ));
                }
                if !c.kind.is_key() && c.position != 0 {
                    p.push(format!("{what} has a position but is not a key column"));
                }
            }
            for (kind, name) in [
                (ColumnKind::PartitionKey, "partition key"),
                (ColumnKind::Clustering, "clustering"),
            ] {
                let mut positions: Vec<u32> = t
                    .columns
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| c.position)
                    .collect();
                positions.sort_unstable();
                if positions
                    .iter()
                    .enumerate()
                    .any(|(i, pos)| *pos as usize != i)
                {
                    p.push(format!(
                        "table `{}`: {name} positions must be 0, 1, 2, ... (found {positions:?})",
                        t.name
                    ));
                }
            }
            if t.partition_key().is_empty() {
                p.push(format!("table `{}` has no partition key column", t.name));
            }
            if t.clustering().is_empty() && t.columns.iter().any(|c| c.kind == ColumnKind::Static) {
                p.push(format!(
                    "table `{}` has a static column but no clustering column",
                    t.name
                ));
            }
            let counters = t.columns.iter().filter(|c| c.ty.is_counter()).count();
            let values = t.columns.iter().filter(|c| !c.kind.is_key()).count();
            if counters > 0 && counters != values {
                p.push(format!(
                    "table `{}` mixes counter and non-counter columns",
                    t.name
                ));
            }
            for i in &t.indexes {
                if !index_names.insert(i.name.as_str()) {
                    p.push(format!("index `{}` is defined twice", i.name));
                }
                match t.column(&i.column) {
                    None => p.push(format!(
                        "index `{}` is on column `{}`, which table `{}` does not have",
                        i.name, i.column, t.name
                    )),
                    Some(c) => {
                        if matches!(i.target, IndexTarget::Keys | IndexTarget::Entries)
                            && !(c.ty.is_map() && c.ty.is_collection())
                        {
                            p.push(format!(
                                "index `{}` targets map keys or entries but `{}` is not a non-frozen map",
                                i.name, i.column
                            ));
                        }
                        if i.target == IndexTarget::Full && c.ty.unfrozen() == &c.ty {
                            p.push(format!(
                                "index `{}` indexes the full value but `{}` is not a frozen collection",
                                i.name, i.column
                            ));
                        }
                    }
                }
            }
        }
        p
    }
}
