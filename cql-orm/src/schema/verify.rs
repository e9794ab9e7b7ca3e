//! Comparing a model with its live table, read from `system_schema`.

use std::collections::HashMap;
use std::fmt;

use crate::error::{Error, Result};
use crate::model::{ClusteringOrder, ColumnKind, Model};
use crate::query::values::rows;
use crate::session::{Db, Session, StatementOptions};
use crate::types::cql_type::normalize_type_string;

/// One difference between a model and its live table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The table does not exist.
    MissingTable,
    /// The model has a column the table lacks.
    MissingColumn(String),
    /// The table has a column the model lacks.
    ExtraColumn(String),
    /// The column types differ.
    Type {
        /// The column.
        column: String,
        /// The model's type.
        model: String,
        /// The live type.
        live: String,
    },
    /// The column roles (partition key, clustering, static, regular) differ.
    Kind {
        /// The column.
        column: String,
        /// The model's kind.
        model: String,
        /// The live kind.
        live: String,
    },
    /// The position in the partition key or among clustering columns differs.
    Position {
        /// The column.
        column: String,
        /// The model's position.
        model: usize,
        /// The live position.
        live: i32,
    },
    /// The clustering order differs.
    Order {
        /// The column.
        column: String,
        /// The model's order.
        model: String,
        /// The live order.
        live: String,
    },
    /// The model declares an index on a column that the table does not have.
    MissingIndex {
        /// The column.
        column: String,
        /// The expected index name.
        index: String,
    },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::MissingTable => f.write_str("the table does not exist"),
            Difference::MissingColumn(c) => write!(f, "column `{c}` is missing from the table"),
            Difference::ExtraColumn(c) => write!(f, "column `{c}` exists in the table but not in the model"),
            Difference::Type { column, model, live } => {
                write!(f, "column `{column}` is `{live}` in the table but `{model}` in the model")
            }
            Difference::Kind { column, model, live } => {
                write!(f, "column `{column}` is {live} in the table but {model} in the model")
            }
            Difference::Position { column, model, live } => write!(
                f,
                "column `{column}` is at key position {live} in the table but {model} in the model"
            ),
            Difference::Order { column, model, live } => write!(
                f,
                "clustering column `{column}` is ordered {live} in the table but {model} in the model"
            ),
            Difference::MissingIndex { column, index } => {
                write!(f, "index `{index}` on column `{column}` is missing")
            }
        }
    }
}

type ColumnRow = (String, String, String, i32, String);

impl Session {
    /// Every difference between model `M` and its live table in keyspace `ks`.
    pub async fn schema_differences<M: Model>(&self, ks: &str) -> Result<Vec<Difference>> {
        let opts = StatementOptions::default();
        let result = self
            .run(
                "SELECT column_name, clustering_order, kind, position, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
                &(ks, M::TABLE),
                &opts,
                true,
            )
            .await?;
        let live: Vec<ColumnRow> = rows("system_schema.columns", result)?;
        if live.is_empty() {
            return Ok(vec![Difference::MissingTable]);
        }
        let by_name: HashMap<&str, &ColumnRow> = live.iter().map(|r| (r.0.as_str(), r)).collect();
        let mut diffs = Vec::new();
        for c in M::COLUMNS {
            let Some((_, order, kind, position, typ)) = by_name.get(c.name).copied() else {
                diffs.push(Difference::MissingColumn(c.name.to_owned()));
                continue;
            };
            let model_type = c.cql_type.schema_string();
            if normalize_type_string(typ) != normalize_type_string(&model_type) {
                diffs.push(Difference::Type {
                    column: c.name.to_owned(),
                    model: model_type,
                    live: typ.clone(),
                });
            }
            if kind != c.kind.schema_name() {
                diffs.push(Difference::Kind {
                    column: c.name.to_owned(),
                    model: c.kind.schema_name().to_owned(),
                    live: kind.clone(),
                });
                continue;
            }
            if matches!(c.kind, ColumnKind::PartitionKey | ColumnKind::Clustering)
                && i64::from(*position) != c.position as i64
            {
                diffs.push(Difference::Position {
                    column: c.name.to_owned(),
                    model: c.position,
                    live: *position,
                });
            }
            if c.kind == ColumnKind::Clustering {
                let model_order = match c.order {
                    ClusteringOrder::Asc => "asc",
                    ClusteringOrder::Desc => "desc",
                };
                if !order.eq_ignore_ascii_case(model_order) {
                    diffs.push(Difference::Order {
                        column: c.name.to_owned(),
                        model: model_order.to_owned(),
                        live: order.to_ascii_lowercase(),
                    });
                }
            }
        }
        for (name, ..) in &live {
            if !M::COLUMNS.iter().any(|c| c.name == name) {
                diffs.push(Difference::ExtraColumn(name.clone()));
            }
        }
        if M::COLUMNS.iter().any(|c| c.index.is_some()) {
            let result = self
                .run(
                    "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?",
                    &(ks, M::TABLE),
                    &opts,
                    true,
                )
                .await?;
            let indexes: Vec<(String,)> = rows("system_schema.indexes", result)?;
            for c in M::COLUMNS {
                if let Some(idx) = c.index {
                    if !indexes.iter().any(|(n,)| n == idx.name) {
                        diffs.push(Difference::MissingIndex {
                            column: c.name.to_owned(),
                            index: idx.name.to_owned(),
                        });
                    }
                }
            }
        }
        Ok(diffs)
    }

    /// Compares model `M` with its live table (in `ks`) and fails with
    /// [`Error::SchemaMismatch`] naming every difference.
    pub async fn verify_in<M: Model>(&self, ks: &str) -> Result<()> {
        let diffs = self.schema_differences::<M>(ks).await?;
        if diffs.is_empty() {
            Ok(())
        } else {
            Err(Error::SchemaMismatch {
                table: format!("{ks}.{}", M::TABLE),
                differences: diffs.iter().map(ToString::to_string).collect(),
            })
        }
    }
}

/// `db.verify::<M>()`: compares model `M` with its live table in the keyspace the handle
/// resolves to.
pub trait Verify: Db {
    /// Fails with [`Error::SchemaMismatch`] naming every difference.
    fn verify<M: Model>(&self) -> impl std::future::Future<Output = Result<()>> + Send {
        async move {
            let ks = self
                .keyspace_name()
                .or(M::KEYSPACE)
                .ok_or_else(|| {
                    Error::Validation(format!(
                        "no keyspace to verify `{}` in: use `db.keyspace(...)`",
                        M::TABLE
                    ))
                })?
                .to_owned();
            self.session().verify_in::<M>(&ks).await
        }
    }
}

impl<D: Db> Verify for D {}
