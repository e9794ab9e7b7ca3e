//! The schema catalogue: keyspaces, tables, columns, user types and indexes.

use std::collections::BTreeMap;
use std::sync::Arc;

use uuid::Uuid;

use crate::cql::ast::{Order, TypeExpr};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType, UdtDef};

use super::options::TableOptions;

/// The kind of a column, as `system_schema.columns.kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColumnKind {
    /// A partition key component.
    PartitionKey,
    /// A clustering column.
    Clustering,
    /// A static column.
    Static,
    /// A regular column.
    Regular,
}

impl ColumnKind {
    /// The name used in `system_schema`.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::PartitionKey => "partition_key",
            ColumnKind::Clustering => "clustering",
            ColumnKind::Static => "static",
            ColumnKind::Regular => "regular",
        }
    }

    /// Whether the column is part of the primary key.
    pub fn is_primary_key(self) -> bool {
        matches!(self, ColumnKind::PartitionKey | ColumnKind::Clustering)
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Stable id inside its table (never reused), the key of its cells in storage.
    pub id: u32,
    /// The column name.
    pub name: String,
    /// The resolved type.
    pub ty: CqlType,
    /// The type as declared (kept to re-resolve after `ALTER TYPE`).
    pub ty_expr: TypeExpr,
    /// Its kind.
    pub kind: ColumnKind,
    /// Position among the partition key or clustering columns (-1 otherwise).
    pub position: i32,
    /// Clustering order (clustering columns only).
    pub order: Order,
}

impl ColumnDef {
    /// Whether the column sorts descending.
    pub fn is_desc(&self) -> bool {
        self.kind == ColumnKind::Clustering && self.order == Order::Desc
    }
}

/// What a secondary index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// The value (or collection values).
    Values,
    /// Map keys.
    Keys,
    /// Map entries.
    Entries,
    /// The whole frozen value.
    Full,
}

/// A secondary index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    /// Its name.
    pub name: String,
    /// The indexed column.
    pub column: String,
    /// What is indexed.
    pub kind: IndexKind,
    /// The `target` option as `system_schema.indexes` shows it.
    pub target: String,
    /// A custom index class, when `CREATE CUSTOM INDEX`.
    pub custom_class: Option<String>,
}

/// A column dropped by `ALTER TABLE ... DROP`.
#[derive(Debug, Clone, PartialEq)]
pub struct DroppedColumn {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: CqlType,
    /// Its kind.
    pub kind: ColumnKind,
    /// When it was dropped (µs).
    pub dropped_time: i64,
}

/// A table definition.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// Its keyspace.
    pub keyspace: String,
    /// Its name.
    pub name: String,
    /// The table id.
    pub id: Uuid,
    /// All columns, in declaration order.
    pub columns: Vec<ColumnDef>,
    /// Next column id.
    pub next_column_id: u32,
    /// Table options.
    pub options: TableOptions,
    /// Secondary indexes.
    pub indexes: Vec<IndexDef>,
    /// Dropped columns.
    pub dropped: Vec<DroppedColumn>,
    /// Whether this is a (read-only) system table.
    pub system: bool,
}

impl TableDef {
    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The position in `columns` of the column with this name, or Cassandra's
    /// `getExistingColumn` error.
    pub fn existing_column(&self, name: &str) -> CqlResult<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                CqlError::invalid(format!(
                    "Undefined column name {name} in table {}.{}",
                    self.keyspace, self.name
                ))
            })
    }

    /// Partition key columns in key order.
    pub fn partition_key(&self) -> Vec<&ColumnDef> {
        self.key_columns(ColumnKind::PartitionKey)
    }

    /// Clustering columns in key order.
    pub fn clustering(&self) -> Vec<&ColumnDef> {
        self.key_columns(ColumnKind::Clustering)
    }

    fn key_columns(&self, kind: ColumnKind) -> Vec<&ColumnDef> {
        let mut cols: Vec<&ColumnDef> = self.columns.iter().filter(|c| c.kind == kind).collect();
        cols.sort_by_key(|c| c.position);
        cols
    }

    /// Static and regular columns.
    pub fn non_key_columns(&self) -> impl Iterator<Item = &ColumnDef> {
        self.columns.iter().filter(|c| !c.kind.is_primary_key())
    }

    /// Whether the table has static columns.
    pub fn has_statics(&self) -> bool {
        self.columns.iter().any(|c| c.kind == ColumnKind::Static)
    }

    /// Whether the table is a counter table.
    pub fn is_counter(&self) -> bool {
        self.non_key_columns().any(|c| c.ty.is_counter())
    }

    /// `SELECT *` order: partition key, clustering, then the rest sorted by name.
    pub fn star_columns(&self) -> Vec<&ColumnDef> {
        let mut out = self.partition_key();
        out.extend(self.clustering());
        let mut rest: Vec<&ColumnDef> = self.non_key_columns().collect();
        rest.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        out.extend(rest);
        out
    }

    /// Whether a secondary index covers the column.
    pub fn index_on(&self, column: &str) -> Vec<&IndexDef> {
        self.indexes.iter().filter(|i| i.column == column).collect()
    }
}

/// A keyspace.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyspaceDef {
    /// Its name.
    pub name: String,
    /// Replication map as `system_schema.keyspaces` shows it.
    pub replication: BTreeMap<String, String>,
    /// `durable_writes`.
    pub durable_writes: bool,
    /// Tables by name.
    pub tables: BTreeMap<String, Arc<TableDef>>,
    /// User types by name, with their declared field types.
    pub types: BTreeMap<String, UserType>,
    /// Whether this is a system keyspace (read-only to users).
    pub system: bool,
}

/// A user type as declared plus its resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct UserType {
    /// Declared fields.
    pub fields: Vec<(String, TypeExpr)>,
    /// The resolved definition.
    pub def: Arc<UdtDef>,
}

/// The whole schema.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Keyspaces by name.
    pub keyspaces: BTreeMap<String, KeyspaceDef>,
}

impl Catalog {
    /// The keyspace or the SELECT-style error.
    pub fn keyspace(&self, name: &str) -> CqlResult<&KeyspaceDef> {
        self.keyspaces
            .get(name)
            .ok_or_else(|| CqlError::invalid(format!("keyspace {name} does not exist")))
    }

    /// The table or Cassandra's "does not exist" errors.
    pub fn table(&self, ks: &str, name: &str) -> CqlResult<Arc<TableDef>> {
        let keyspace = self.keyspace(ks)?;
        keyspace
            .tables
            .get(name)
            .cloned()
            .ok_or_else(|| CqlError::invalid(format!("table {name} does not exist")))
    }
}

/// Where a type appears, for the frozen rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeContext {
    /// A top-level table column.
    Column,
    /// A field of a user type.
    UdtField,
}

/// Resolves a declared type into a [`CqlType`] with Cassandra's frozen rules.
pub fn resolve_type(
    expr: &TypeExpr,
    keyspace: &KeyspaceDef,
    context: TypeContext,
) -> CqlResult<CqlType> {
    let ty = resolve(expr, keyspace, false, true)?;
    if context == TypeContext::UdtField {
        if let CqlType::Udt { frozen: false, .. } = ty {
            return Err(CqlError::invalid(
                "A user type cannot contain non-frozen UDTs".to_string(),
            ));
        }
    }
    Ok(ty)
}

fn resolve(expr: &TypeExpr, keyspace: &KeyspaceDef, frozen: bool, top: bool) -> CqlResult<CqlType> {
    Ok(match expr {
        TypeExpr::Native(n) => CqlType::Native(*n),
        TypeExpr::Frozen(inner) => {
            if matches!(**inner, TypeExpr::Native(_)) {
                return Err(CqlError::invalid(format!(
                    "frozen<> is only allowed on collections, tuples, and user-defined types (got {})",
                    type_expr_text(inner)
                )));
            }
            resolve(inner, keyspace, true, top)?
        }
        TypeExpr::List(e) => {
            check_nested(e, expr, keyspace)?;
            CqlType::List {
                elem: Box::new(resolve(e, keyspace, true, false)?),
                frozen: frozen || !top,
            }
        }
        TypeExpr::Set(e) => {
            check_nested(e, expr, keyspace)?;
            CqlType::Set {
                elem: Box::new(resolve(e, keyspace, true, false)?),
                frozen: frozen || !top,
            }
        }
        TypeExpr::Map(k, v) => {
            check_nested(k, expr, keyspace)?;
            check_nested(v, expr, keyspace)?;
            CqlType::Map {
                key: Box::new(resolve(k, keyspace, true, false)?),
                value: Box::new(resolve(v, keyspace, true, false)?),
                frozen: frozen || !top,
            }
        }
        TypeExpr::Tuple(items) => CqlType::Tuple(
            items
                .iter()
                .map(|t| resolve(t, keyspace, true, false))
                .collect::<CqlResult<Vec<_>>>()?,
        ),
        TypeExpr::Udt(qn) => {
            if let Some(ks) = &qn.keyspace {
                if ks != &keyspace.name {
                    return Err(CqlError::invalid(format!(
                        "Statement on keyspace {} cannot refer to a user type in keyspace {}; user types can only be used in the keyspace they are defined in",
                        keyspace.name, ks
                    )));
                }
            }
            let ut = keyspace.types.get(&qn.name).ok_or_else(|| {
                CqlError::invalid(format!("Unknown type {}.{}", keyspace.name, qn.name))
            })?;
            CqlType::Udt {
                def: ut.def.clone(),
                frozen: frozen || !top,
            }
        }
        TypeExpr::Custom(class) => CqlType::Custom(class.clone()),
    })
}

fn is_unfrozen_collection(e: &TypeExpr) -> bool {
    matches!(e, TypeExpr::List(_) | TypeExpr::Set(_) | TypeExpr::Map(..))
}

fn check_nested(elem: &TypeExpr, outer: &TypeExpr, keyspace: &KeyspaceDef) -> CqlResult<()> {
    if is_unfrozen_collection(elem) {
        return Err(CqlError::invalid(format!(
            "Non-frozen collections are not allowed inside collections: {}",
            type_expr_text(outer)
        )));
    }
    if let TypeExpr::Udt(q) = elem {
        if keyspace.types.contains_key(&q.name) {
            return Err(CqlError::invalid(format!(
                "Non-frozen UDTs are not allowed inside collections: {}",
                type_expr_text(outer)
            )));
        }
    }
    if matches!(elem, TypeExpr::Native(NativeType::Counter)) {
        return Err(CqlError::invalid(format!(
            "Counters are not allowed inside collections: {}",
            type_expr_text(outer)
        )));
    }
    Ok(())
}

/// The text of a declared type (for messages).
pub fn type_expr_text(e: &TypeExpr) -> String {
    match e {
        TypeExpr::Native(n) => crate::values::native_type_name(*n).to_string(),
        TypeExpr::List(t) => format!("list<{}>", type_expr_text(t)),
        TypeExpr::Set(t) => format!("set<{}>", type_expr_text(t)),
        TypeExpr::Map(k, v) => format!("map<{}, {}>", type_expr_text(k), type_expr_text(v)),
        TypeExpr::Tuple(items) => format!(
            "tuple<{}>",
            items
                .iter()
                .map(type_expr_text)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeExpr::Frozen(t) => format!("frozen<{}>", type_expr_text(t)),
        TypeExpr::Udt(q) => q.name.clone(),
        TypeExpr::Custom(c) => format!("'{c}'"),
    }
}

/// Whether a type mentions the user type `name` anywhere.
pub fn type_uses_udt(ty: &CqlType, name: &str) -> bool {
    match ty {
        CqlType::Native(_) | CqlType::Custom(_) => false,
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => type_uses_udt(elem, name),
        CqlType::Map { key, value, .. } => type_uses_udt(key, name) || type_uses_udt(value, name),
        CqlType::Tuple(items) => items.iter().any(|t| type_uses_udt(t, name)),
        CqlType::Udt { def, .. } => {
            def.name == name || def.fields.iter().any(|(_, t)| type_uses_udt(t, name))
        }
    }
}

/// Whether a declared type mentions the user type `name` directly.
pub fn expr_uses_udt(e: &TypeExpr, name: &str) -> bool {
    match e {
        TypeExpr::Native(_) | TypeExpr::Custom(_) => false,
        TypeExpr::List(t) | TypeExpr::Set(t) | TypeExpr::Frozen(t) => expr_uses_udt(t, name),
        TypeExpr::Map(k, v) => expr_uses_udt(k, name) || expr_uses_udt(v, name),
        TypeExpr::Tuple(items) => items.iter().any(|t| expr_uses_udt(t, name)),
        TypeExpr::Udt(q) => q.name == name,
    }
}

/// Returns the frozen version of a type (for values nested in frozen contexts).
pub fn frozen(ty: &CqlType) -> CqlType {
    match ty {
        CqlType::List { elem, .. } => CqlType::List {
            elem: elem.clone(),
            frozen: true,
        },
        CqlType::Set { elem, .. } => CqlType::Set {
            elem: elem.clone(),
            frozen: true,
        },
        CqlType::Map { key, value, .. } => CqlType::Map {
            key: key.clone(),
            value: value.clone(),
            frozen: true,
        },
        CqlType::Udt { def, .. } => CqlType::Udt {
            def: def.clone(),
            frozen: true,
        },
        other => other.clone(),
    }
}
