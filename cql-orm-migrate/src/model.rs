//! The schema model: what a keyspace holds (replication, user-defined types, tables with
//! their columns, options and indexes), as a serde structure that is written to and read
//! from a committed snapshot file, built from cql-orm models ([`Snapshot::from_orm`]) or
//! read from a live keyspace ([`crate::introspect`]).
//!
//! A snapshot does not name a keyspace: one desired schema is applied to many keyspaces.

mod cql_type;
mod file;
mod from_orm;
mod layout;
mod options;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use cql_type::{CqlType, TypeError};
pub use file::SnapshotError;
pub use options::{option_matches, KeyspaceOptions, OptionValue};

/// The current snapshot file format.
pub const FORMAT: u32 = 1;

/// The schema of one keyspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The file format version ([`FORMAT`]).
    pub format: u32,
    /// Replication and durable writes. When absent, they are not compared, and a missing
    /// keyspace cannot be created from this snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyspace: Option<KeyspaceOptions>,
    /// User-defined types, in dependency order (a type after the types it uses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<UserTypeDef>,
    /// Tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableDef>,
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot {
            format: FORMAT,
            keyspace: None,
            types: Vec::new(),
            tables: Vec::new(),
        }
    }
}

/// A user-defined type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserTypeDef {
    /// The type name (exact case, unquoted).
    pub name: String,
    /// The fields in order.
    pub fields: Vec<FieldDef>,
}

/// One field of a user-defined type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The field name (exact case, unquoted).
    pub name: String,
    /// The field type.
    #[serde(rename = "type")]
    pub ty: CqlType,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// The table name (exact case, unquoted).
    pub name: String,
    /// The columns (order is kept for reading, not compared).
    pub columns: Vec<ColumnDef>,
    /// Table options (`WITH name = value`). Only the options named here are managed: an
    /// option left out keeps whatever value the live table has.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, OptionValue>,
    /// Secondary indexes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<IndexDef>,
}

/// The role of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Part of the partition key.
    PartitionKey,
    /// A clustering column.
    Clustering,
    /// A static column.
    Static,
    /// A regular column.
    #[default]
    Regular,
}

impl ColumnKind {
    /// The spelling of `system_schema.columns.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::PartitionKey => "partition_key",
            ColumnKind::Clustering => "clustering",
            ColumnKind::Static => "static",
            ColumnKind::Regular => "regular",
        }
    }

    /// Whether the column is part of the primary key.
    pub fn is_key(self) -> bool {
        matches!(self, ColumnKind::PartitionKey | ColumnKind::Clustering)
    }

    fn is_regular(&self) -> bool {
        *self == ColumnKind::Regular
    }
}

/// The order of a clustering column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Ascending (the default).
    #[default]
    Asc,
    /// Descending.
    Desc,
}

impl Order {
    /// `ASC` or `DESC`.
    pub fn keyword(self) -> &'static str {
        match self {
            Order::Asc => "ASC",
            Order::Desc => "DESC",
        }
    }

    fn is_asc(&self) -> bool {
        *self == Order::Asc
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// The column name (exact case, unquoted).
    pub name: String,
    /// The column type.
    #[serde(rename = "type")]
    pub ty: CqlType,
    /// The role of the column (`regular` when left out).
    #[serde(default, skip_serializing_if = "ColumnKind::is_regular")]
    pub kind: ColumnKind,
    /// The 0-based position within the partition key or among the clustering columns.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub position: u32,
    /// The clustering order (clustering columns only).
    #[serde(default, skip_serializing_if = "Order::is_asc")]
    pub order: Order,
}

/// What a secondary index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexTarget {
    /// The value (for collections: the elements or map values).
    #[default]
    Values,
    /// The keys of a map.
    Keys,
    /// The entries of a map.
    Entries,
    /// A whole frozen collection.
    Full,
}

impl IndexTarget {
    fn is_values(&self) -> bool {
        *self == IndexTarget::Values
    }
}

/// A secondary index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexDef {
    /// The index name.
    pub name: String,
    /// The indexed column.
    pub column: String,
    /// What is indexed (`values` when left out).
    #[serde(default, skip_serializing_if = "IndexTarget::is_values")]
    pub target: IndexTarget,
    /// The class of a custom index (`CREATE CUSTOM INDEX ... USING 'class'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The options of a custom index.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

impl Snapshot {
    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The user-defined type named `name`.
    pub fn user_type(&self, name: &str) -> Option<&UserTypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Sets the keyspace options (replication) used to compare and to create keyspaces.
    pub fn with_keyspace(mut self, options: KeyspaceOptions) -> Self {
        self.keyspace = Some(options);
        self
    }

    /// The types ordered so that each comes after the types it uses (declaration order
    /// otherwise; a cycle, which CQL cannot express, keeps declaration order).
    pub fn types_in_dependency_order(&self) -> Vec<&UserTypeDef> {
        dependency_order(&self.types)
    }
}

/// Orders `types` so that each comes after the types (of the same list) it uses.
pub(crate) fn dependency_order(types: &[UserTypeDef]) -> Vec<&UserTypeDef> {
    let known: std::collections::BTreeSet<&str> = types.iter().map(|t| t.name.as_str()).collect();
    let mut done: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(types.len());
    while out.len() < types.len() {
        let before = out.len();
        for t in types {
            if done.contains(t.name.as_str()) {
                continue;
            }
            let ready = t.fields.iter().all(|f| {
                f.ty.udts()
                    .iter()
                    .all(|d| *d == t.name || !known.contains(d) || done.contains(d))
            });
            if ready {
                done.insert(&t.name);
                out.push(t);
            }
        }
        if out.len() == before {
            out.extend(types.iter().filter(|t| !done.contains(t.name.as_str())));
            break;
        }
    }
    out
}

impl TableDef {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The partition key columns in key order.
    pub fn partition_key(&self) -> Vec<&ColumnDef> {
        self.key_columns(ColumnKind::PartitionKey)
    }

    /// The clustering columns in key order.
    pub fn clustering(&self) -> Vec<&ColumnDef> {
        self.key_columns(ColumnKind::Clustering)
    }

    fn key_columns(&self, kind: ColumnKind) -> Vec<&ColumnDef> {
        let mut v: Vec<&ColumnDef> = self.columns.iter().filter(|c| c.kind == kind).collect();
        v.sort_by_key(|c| c.position);
        v
    }

    /// The index named `name`.
    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.name == name)
    }
}
