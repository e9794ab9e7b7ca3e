//! Versioned CQL migration files: `migrations/<version>_<name>.cql`, where the version is a
//! number (by convention the UTC time `YYYYMMDDHHMMSS` it was written) and the name is made
//! of letters, digits, `_` and `-`. Files are applied in version order; each statement is a
//! step of its own (split by [`crate::cql::split`]), so a run that stops inside a file
//! resumes at the next statement. `${keyspace}` in a file stands for each target keyspace.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::cql::checksum;
use crate::cql::split::{split, RawStatement, SplitError};

/// Why migration files could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// The directory could not be listed.
    #[error("cannot read the migrations directory {}: {source}", dir.display())]
    ReadDir {
        /// The directory.
        dir: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read migration {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A `.cql` file whose name is not `<version>_<name>.cql`.
    #[error("migration file `{file}`: {reason}")]
    BadName {
        /// The file name.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// Two files with one version.
    #[error("migrations `{first}` and `{second}` have the same version")]
    DuplicateVersion {
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
    /// A file that cannot be split into statements.
    #[error("migration `{file}`: {source}")]
    Split {
        /// The file name.
        file: String,
        /// Where and why.
        #[source]
        source: SplitError,
    },
    /// A name for a new migration that cannot be used.
    #[error("invalid migration name `{0}`: use letters, digits, `_` and `-`")]
    BadNewName(String),
    /// A new migration could not be written.
    #[error("cannot write migration {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// One statement of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatement {
    /// The 1-based number of the statement in its file.
    pub index: usize,
    /// The statement.
    pub statement: RawStatement,
    /// The SHA-256 of its text (placeholder spelled `${keyspace}`).
    pub checksum: String,
}

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version (the number before the first `_`).
    pub version: u64,
    /// The name after the version.
    pub name: String,
    /// The SHA-256 of the whole file.
    pub checksum: String,
    /// The statements in order.
    pub statements: Vec<MigrationStatement>,
}

impl Migration {
    /// The migration id, `<version>_<name>` as in the file name.
    pub fn id(&self) -> String {
        format!("{}_{}", self.version, self.name)
    }

    /// The history step name of the whole file.
    pub fn step_id(&self) -> String {
        format!("migration: {}", self.id())
    }

    /// The history step name of statement `index` (1-based).
    pub fn statement_step_id(&self, index: usize) -> String {
        format!("migration: {} #{index}", self.id())
    }

    /// Parses a migration from its file name and content.
    pub fn parse(file_name: &str, content: &str) -> Result<Migration, MigrationError> {
        let bad = |reason: &str| MigrationError::BadName {
            file: file_name.to_owned(),
            reason: reason.to_owned(),
        };
        let stem = file_name
            .strip_suffix(".cql")
            .ok_or_else(|| bad("the name must end with `.cql`"))?;
        let (version, name) = stem
            .split_once('_')
            .ok_or_else(|| bad("the name must be `<version>_<name>.cql`"))?;
        if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad("the version before the first `_` must be digits"));
        }
        let version: u64 = version
            .parse()
            .map_err(|_| bad("the version is too large"))?;
        if !valid_name(name) {
            return Err(bad(
                "the name after the version must be letters, digits, `_` and `-`",
            ));
        }
        let statements = split(content)
            .map_err(|source| MigrationError::Split {
                file: file_name.to_owned(),
                source,
            })?
            .into_iter()
            .enumerate()
            .map(|(i, statement)| MigrationStatement {
                index: i + 1,
                checksum: checksum(&statement.text()),
                statement,
            })
            .collect();
        Ok(Migration {
            version,
            name: name.to_owned(),
            checksum: checksum(content),
            statements,
        })
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The migrations of a directory (or given in code), in version order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationSet {
    migrations: Vec<Migration>,
}

impl MigrationSet {
    /// No migrations.
    pub fn new() -> Self {
        MigrationSet::default()
    }

    /// Reads every `*.cql` file of `dir` (other files are ignored). A missing directory
    /// is an error.
    pub fn load(dir: impl AsRef<Path>) -> Result<MigrationSet, MigrationError> {
        let dir = dir.as_ref();
        let read_dir = |source| MigrationError::ReadDir {
            dir: dir.to_owned(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(read_dir)? {
            let entry = entry.map_err(read_dir)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".cql") || name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let content = std::fs::read_to_string(&path)
                .map_err(|source| MigrationError::Read { path, source })?;
            files.push((name, content));
        }
        MigrationSet::from_sources(files)
    }

    /// Builds the set from `(file name, content)` pairs, e.g. files embedded with
    /// `include_str!` for application start-up.
    pub fn from_sources<I, N, C>(files: I) -> Result<MigrationSet, MigrationError>
    where
        I: IntoIterator<Item = (N, C)>,
        N: AsRef<str>,
        C: AsRef<str>,
    {
        let mut migrations = files
            .into_iter()
            .map(|(n, c)| Migration::parse(n.as_ref(), c.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        migrations.sort_by(|a, b| (a.version, &a.name).cmp(&(b.version, &b.name)));
        for pair in migrations.windows(2) {
            if pair[0].version == pair[1].version {
                return Err(MigrationError::DuplicateVersion {
                    first: format!("{}.cql", pair[0].id()),
                    second: format!("{}.cql", pair[1].id()),
                });
            }
        }
        Ok(MigrationSet { migrations })
    }

    /// The migrations in version order.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.migrations.is_empty()
    }

    /// The migration with id `id`.
    pub fn get(&self, id: &str) -> Option<&Migration> {
        self.migrations.iter().find(|m| m.id() == id)
    }

    /// The file name for a new migration called `name` written at `now`: the version is
    /// `now` as `YYYYMMDDHHMMSS`, or one more than the latest existing version if that is
    /// not later.
    pub fn next_file_name(&self, name: &str, now: DateTime<Utc>) -> Result<String, MigrationError> {
        if !valid_name(name) {
            return Err(MigrationError::BadNewName(name.to_owned()));
        }
        let stamp: u64 = now.format("%Y%m%d%H%M%S").to_string().parse().unwrap_or(0);
        let last = self.migrations.last().map_or(0, |m| m.version);
        let version = stamp.max(last.saturating_add(1));
        Ok(format!("{version}_{name}.cql"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_statements() {
        let m = Migration::parse(
            "20240102030405_add-users.cql",
            "CREATE TABLE ${keyspace}.users (id int PRIMARY KEY);\nINSERT INTO ${keyspace}.users (id) VALUES (1);\n",
        )
        .unwrap();
        assert_eq!(m.version, 20240102030405);
        assert_eq!(m.id(), "20240102030405_add-users");
        assert_eq!(m.statements.len(), 2);
        assert_eq!(m.statements[1].index, 2);
        assert_eq!(m.statements[1].statement.line, 2);
        assert_eq!(
            m.statement_step_id(2),
            "migration: 20240102030405_add-users #2"
        );
        assert_eq!(m.checksum, checksum("CREATE TABLE ${keyspace}.users (id int PRIMARY KEY);\nINSERT INTO ${keyspace}.users (id) VALUES (1);\n"));
    }

    #[test]
    fn bad_names_are_errors() {
        for name in [
            "abc.cql",
            "12.cql",
            "x_1.cql",
            "1_.cql",
            "1_a b.cql",
            "1_a.sql",
        ] {
            assert!(Migration::parse(name, "").is_err(), "{name}");
        }
        let dup = MigrationSet::from_sources([("1_a.cql", ""), ("1_b.cql", "")]).unwrap_err();
        assert!(dup.to_string().contains("same version"), "{dup}");
    }

    #[test]
    fn order_and_next_name() {
        let set = MigrationSet::from_sources([("20_b.cql", ""), ("3_a.cql", "")]).unwrap();
        let ids: Vec<String> = set.migrations().iter().map(Migration::id).collect();
        assert_eq!(ids, ["3_a", "20_b"]);
        let now = DateTime::parse_from_rfc3339("2024-05-06T07:08:09Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            set.next_file_name("add_x", now).unwrap(),
            "20240506070809_add_x.cql"
        );
        let future = MigrationSet::from_sources([("99999999999999_z.cql", "")]).unwrap();
        assert_eq!(
            future.next_file_name("y", now).unwrap(),
            "100000000000000_y.cql"
        );
        assert!(set.next_file_name("bad name", now).is_err());
    }
}
