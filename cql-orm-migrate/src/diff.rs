//! Comparing a desired schema with a live one: typed [`Change`]s that can be applied, and
//! [`Refusal`]s for differences no statement can fix safely (with the reason and the manual
//! path).

mod render;
mod table;

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{
    dependency_order, FieldDef, IndexDef, KeyspaceOptions, OptionValue, Snapshot, TableDef,
    UserTypeDef,
};

/// One schema change.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// `CREATE KEYSPACE`.
    CreateKeyspace(KeyspaceOptions),
    /// `CREATE TYPE`.
    CreateType(UserTypeDef),
    /// `ALTER TYPE ... ADD`.
    AddField {
        /// The type.
        type_name: String,
        /// The new field.
        field: FieldDef,
    },
    /// `CREATE TABLE` (its indexes are separate [`Change::CreateIndex`] changes).
    CreateTable(TableDef),
    /// `ALTER TABLE ... ADD`.
    AddColumn {
        /// The table.
        table: String,
        /// The new column (regular or static).
        column: crate::model::ColumnDef,
    },
    /// `ALTER TABLE ... WITH`.
    AlterOptions {
        /// The table.
        table: String,
        /// The options to set.
        options: BTreeMap<String, OptionValue>,
    },
    /// `DROP INDEX` (an index no longer wanted, or about to be recreated differently).
    DropIndex {
        /// The table it is on.
        table: String,
        /// The index name.
        index: String,
    },
    /// `CREATE INDEX`.
    CreateIndex {
        /// The table.
        table: String,
        /// The index.
        index: IndexDef,
    },
    /// `ALTER TABLE ... DROP` (destructive).
    DropColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// `DROP TABLE` (destructive).
    DropTable {
        /// The table.
        table: String,
    },
    /// `DROP TYPE` (destructive).
    DropType {
        /// The type.
        type_name: String,
    },
}

impl Change {
    /// Whether the change loses data: drops of columns, tables and types, which only run
    /// when explicitly allowed.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            Change::DropColumn { .. } | Change::DropTable { .. } | Change::DropType { .. }
        )
    }

    /// The position of the change's kind in a plan: keyspace, types, fields, tables,
    /// columns, options, index drops, index creations, column drops, table drops, type
    /// drops.
    pub fn rank(&self) -> u8 {
        match self {
            Change::CreateKeyspace(_) => 0,
            Change::CreateType(_) => 1,
            Change::AddField { .. } => 2,
            Change::CreateTable(_) => 3,
            Change::AddColumn { .. } => 4,
            Change::AlterOptions { .. } => 5,
            Change::DropIndex { .. } => 6,
            Change::CreateIndex { .. } => 7,
            Change::DropColumn { .. } => 8,
            Change::DropTable { .. } => 9,
            Change::DropType { .. } => 10,
        }
    }

    /// A stable identifier of the change, used as its step name in the history table,
    /// e.g. `add column users.email`.
    pub fn key(&self) -> String {
        match self {
            Change::CreateKeyspace(_) => "create keyspace".to_owned(),
            Change::CreateType(t) => format!("create type {}", t.name),
            Change::AddField { type_name, field } => {
                format!("add field {type_name}.{}", field.name)
            }
            Change::CreateTable(t) => format!("create table {}", t.name),
            Change::AddColumn { table, column } => format!("add column {table}.{}", column.name),
            Change::AlterOptions { table, options } => format!(
                "alter options {table} ({})",
                options.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
            Change::DropIndex { index, .. } => format!("drop index {index}"),
            Change::CreateIndex { index, .. } => format!("create index {}", index.name),
            Change::DropColumn { table, column } => format!("drop column {table}.{column}"),
            Change::DropTable { table } => format!("drop table {table}"),
            Change::DropType { type_name } => format!("drop type {type_name}"),
        }
    }
}

impl fmt::Display for Change {
    /// A one-line readable summary, e.g. `add column users.email (text)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreateKeyspace(o) => write!(f, "create keyspace ({})", o.with_clause()),
            Change::CreateType(t) => write!(
                f,
                "create type {} ({} field{})",
                t.name,
                t.fields.len(),
                if t.fields.len() == 1 { "" } else { "s" }
            ),
            Change::AddField { type_name, field } => {
                write!(f, "add field {type_name}.{} ({})", field.name, field.ty)
            }
            Change::CreateTable(t) => write!(
                f,
                "create table {} ({} column{})",
                t.name,
                t.columns.len(),
                if t.columns.len() == 1 { "" } else { "s" }
            ),
            Change::AddColumn { table, column } => {
                write!(f, "add column {table}.{} ({}", column.name, column.ty)?;
                if column.kind == crate::model::ColumnKind::Static {
                    f.write_str(" static")?;
                }
                f.write_str(")")
            }
            Change::AlterOptions { table, options } => {
                write!(f, "set options of {table}: ")?;
                for (i, (k, v)) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                Ok(())
            }
            Change::DropIndex { table, index } => write!(f, "drop index {index} (on {table})"),
            Change::CreateIndex { table, index } => {
                write!(
                    f,
                    "create index {} on {table} ({})",
                    index.name, index.column
                )
            }
            Change::DropColumn { table, column } => {
                write!(f, "drop column {table}.{column} (its data is lost)")
            }
            Change::DropTable { table } => write!(f, "drop table {table} (its data is lost)"),
            Change::DropType { type_name } => write!(f, "drop type {type_name}"),
        }
    }
}

/// What kind of difference was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// The partition key or the clustering columns differ.
    PrimaryKey,
    /// A clustering column's order differs.
    ClusteringOrder,
    /// A column or field has another type.
    TypeChange,
    /// A column changed between regular and static.
    KindChange,
    /// A field of a user-defined type is gone from the snapshot.
    FieldRemoved,
    /// The keyspace's replication or durable writes differ.
    Replication,
    /// The keyspace does not exist and the snapshot cannot create it.
    NoKeyspaceOptions,
}

/// A difference that the migrator will not fix by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What it is about, e.g. `table users` or `column users.age`.
    pub object: String,
    /// The kind of difference.
    pub kind: RefusalKind,
    /// What differs and why no statement fixes it.
    pub reason: String,
    /// What to do instead.
    pub manual: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}. Manual path: {}",
            self.object, self.reason, self.manual
        )
    }
}

/// The result of [`diff`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Changes that statements can make (destructive ones included; the plan withholds them
    /// unless allowed).
    pub changes: Vec<Change>,
    /// Differences that need a person.
    pub refusals: Vec<Refusal>,
}

impl Diff {
    /// Whether the schemas agree.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.refusals.is_empty()
    }
}

/// Compares the desired schema with a live keyspace (`None` when it does not exist); every
/// live object the desired schema lacks is a drop (see [`diff_owned`] for the migrator's
/// rule).
pub fn diff(desired: &Snapshot, live: Option<&Snapshot>) -> Diff {
    compare(desired, live, None)
}

/// Like [`diff`], but only objects of `owned` (the schema the migrator applied before) are
/// dropped: tables, columns, types and indexes that were created by hand or by migration
/// files are left alone.
pub fn diff_owned(desired: &Snapshot, live: Option<&Snapshot>, owned: &Snapshot) -> Diff {
    compare(desired, live, Some(owned))
}

fn compare(desired: &Snapshot, live: Option<&Snapshot>, owned: Option<&Snapshot>) -> Diff {
    let mut out = Diff::default();
    let empty = Snapshot::default();
    let live = match live {
        Some(l) => {
            if let (Some(want), Some(have)) = (&desired.keyspace, &l.keyspace) {
                if !want.matches(have) {
                    out.refusals.push(Refusal {
                        object: "keyspace".to_owned(),
                        kind: RefusalKind::Replication,
                        reason: format!(
                            "its options are {} but the snapshot asks for {}; a replication change moves data between nodes",
                            have.with_clause(),
                            want.with_clause()
                        ),
                        manual: format!(
                            "run `ALTER KEYSPACE <keyspace> WITH {}` yourself, then a full repair (`nodetool repair -full`) on every node",
                            want.with_clause()
                        ),
                    });
                }
            }
            l
        }
        None => {
            match &desired.keyspace {
                Some(o) => out.changes.push(Change::CreateKeyspace(o.clone())),
                None => out.refusals.push(Refusal {
                    object: "keyspace".to_owned(),
                    kind: RefusalKind::NoKeyspaceOptions,
                    reason: "it does not exist and the snapshot has no `keyspace` section (replication) to create it with".to_owned(),
                    manual: "add a `keyspace` section to the snapshot, or create the keyspace yourself".to_owned(),
                }),
            }
            &empty
        }
    };
    diff_types(desired, live, owned, &mut out);
    for want in &desired.tables {
        match live.table(&want.name) {
            None => {
                out.changes.push(Change::CreateTable(TableDef {
                    indexes: Vec::new(),
                    ..want.clone()
                }));
                for index in &want.indexes {
                    out.changes.push(Change::CreateIndex {
                        table: want.name.clone(),
                        index: index.clone(),
                    });
                }
            }
            Some(have) => {
                table::diff_table(want, have, owned.map(|o| o.table(&want.name)), &mut out)
            }
        }
    }
    for have in &live.tables {
        let is_owned = owned.is_none_or(|o| o.table(&have.name).is_some());
        if desired.table(&have.name).is_none() && is_owned {
            out.changes.push(Change::DropTable {
                table: have.name.clone(),
            });
        }
    }
    out
}

fn diff_types(desired: &Snapshot, live: &Snapshot, owned: Option<&Snapshot>, out: &mut Diff) {
    for want in desired.types_in_dependency_order() {
        let Some(have) = live.user_type(&want.name) else {
            out.changes.push(Change::CreateType(want.clone()));
            continue;
        };
        for field in &want.fields {
            match have.fields.iter().find(|f| f.name == field.name) {
                None => out.changes.push(Change::AddField {
                    type_name: want.name.clone(),
                    field: field.clone(),
                }),
                Some(h) if h.ty != field.ty => out.refusals.push(Refusal {
                    object: format!("field {}.{}", want.name, field.name),
                    kind: RefusalKind::TypeChange,
                    reason: format!(
                        "it is `{}` in the keyspace but `{}` in the snapshot; Cassandra cannot change the type of a field in place",
                        h.ty, field.ty
                    ),
                    manual: format!(
                        "add a field with a new name and the new type, move readers and writers to it, and keep `{}` in the type",
                        field.name
                    ),
                }),
                Some(_) => {}
            }
        }
        for h in &have.fields {
            if !want.fields.iter().any(|f| f.name == h.name) {
                out.refusals.push(Refusal {
                    object: format!("field {}.{}", want.name, h.name),
                    kind: RefusalKind::FieldRemoved,
                    reason: "it exists in the keyspace but not in the snapshot; Cassandra cannot remove a field from a user-defined type".to_owned(),
                    manual: format!(
                        "keep the field (add `{}` back to the type, unused), or create a new type and move the columns that use `{}` to it",
                        h.name, want.name
                    ),
                });
            }
        }
    }
    let dropped: Vec<UserTypeDef> = live
        .types
        .iter()
        .filter(|t| desired.user_type(&t.name).is_none())
        .filter(|t| owned.is_none_or(|o| o.user_type(&t.name).is_some()))
        .cloned()
        .collect();
    // Drop a type only after the types that use it.
    for t in dependency_order(&dropped).into_iter().rev() {
        out.changes.push(Change::DropType {
            type_name: t.name.clone(),
        });
    }
}
