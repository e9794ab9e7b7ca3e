//! CREATE INDEX and DROP INDEX, with Cassandra 4.0's target rules and messages.

use std::sync::Arc;

use crate::cql::ast::{IndexTarget, QualifiedName};
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;

use super::super::api::{ChangeTarget, ChangeType, ConnectionState, SchemaChange};
use super::super::catalog::{ColumnKind, IndexDef, IndexKind, KeyspaceDef};
use super::super::{keyspace_of, Node};
use super::table::references_duration;
use super::{change, user_keyspace};

/// What a CREATE INDEX asks for.
pub(super) struct IndexRequest<'a> {
    /// The index name, when given.
    pub name: Option<&'a str>,
    /// The indexed table.
    pub table: &'a QualifiedName,
    /// What is indexed.
    pub target: &'a IndexTarget,
    /// `CREATE CUSTOM INDEX ... USING 'class'`.
    pub custom_class: Option<String>,
    /// IF NOT EXISTS.
    pub if_not_exists: bool,
}

/// Cassandra's `IndexTarget.Type`, as its messages print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TargetType {
    Simple,
    Values,
    Keys,
    Entries,
    Full,
}

impl TargetType {
    fn text(self) -> &'static str {
        match self {
            TargetType::Simple => "",
            TargetType::Values => "values",
            TargetType::Keys => "keys",
            TargetType::Entries => "entries",
            TargetType::Full => "full",
        }
    }
}

/// The first free name from `base`, `base_1`, `base_2`, ... in the keyspace.
fn available_name(k: &KeyspaceDef, base: &str) -> String {
    let taken = |n: &str| {
        k.tables
            .values()
            .any(|t| t.indexes.iter().any(|i| i.name == n))
    };
    if !taken(base) {
        return base.to_string();
    }
    (1..)
        .map(|i| format!("{base}_{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

/// `CREATE [CUSTOM] INDEX [IF NOT EXISTS] [name] ON table (target)`
pub(super) fn create(
    node: &mut Node,
    conn: &ConnectionState,
    req: IndexRequest<'_>,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(req.table, conn)?;
    let k = user_keyspace(node, &ks)?;
    let Some(t) = k.tables.get(&req.table.name).cloned() else {
        return Err(CqlError::invalid(format!(
            "Table '{}' doesn't exist",
            req.table.name
        )));
    };
    let taken = |n: &str| {
        k.tables
            .values()
            .any(|t| t.indexes.iter().any(|i| i.name == n))
    };
    if let Some(name) = req.name.filter(|n| taken(n)) {
        if req.if_not_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!("Index '{name}' already exists")));
    }
    if t.is_counter() {
        return Err(CqlError::invalid(
            "Secondary indexes on counter tables aren't supported",
        ));
    }
    let (col_name, written) = match req.target {
        IndexTarget::Values(c, true) => (c, TargetType::Values),
        IndexTarget::Values(c, false) => (c, TargetType::Simple),
        IndexTarget::Keys(c) => (c, TargetType::Keys),
        IndexTarget::Entries(c) => (c, TargetType::Entries),
        IndexTarget::Full(c) => (c, TargetType::Full),
    };
    let col = t
        .column(col_name)
        .cloned()
        .ok_or_else(|| CqlError::invalid(format!("Undefined column name {col_name}")))?;
    let ty = &col.ty;
    // A plain `(c)` on a collection indexes its values.
    let target = if written == TargetType::Simple && ty.is_collection() {
        TargetType::Values
    } else {
        written
    };
    if references_duration(ty) {
        return Err(CqlError::invalid(match ty {
            t if t.is_collection() => {
                "Secondary indexes are not supported on collections containing durations"
            }
            CqlType::Tuple(_) => {
                "Secondary indexes are not supported on tuples containing durations"
            }
            CqlType::Udt { .. } => {
                "Secondary indexes are not supported on UDTs containing durations"
            }
            _ => "Secondary indexes are not supported on duration columns",
        }));
    }
    if col.kind == ColumnKind::PartitionKey && t.partition_key().len() == 1 {
        return Err(CqlError::invalid(format!(
            "Cannot create secondary index on the only partition key column {col_name}"
        )));
    }
    let frozen_collection = ty.is_collection() && !ty.is_multi_cell();
    if frozen_collection && target != TargetType::Full {
        return Err(CqlError::invalid(format!(
            "Cannot create {}() index on frozen column {col_name}. Frozen collections are immutable and must be fully indexed by using the 'full({col_name})' modifier",
            target.text()
        )));
    }
    if !frozen_collection && target == TargetType::Full {
        return Err(CqlError::invalid(
            "full() indexes can only be created on frozen collections",
        ));
    }
    if !ty.is_collection() && target != TargetType::Simple {
        return Err(CqlError::invalid(format!(
            "Cannot create {}() index on {col_name}. Non-collection columns only support simple indexes",
            target.text()
        )));
    }
    let multi_cell_map = matches!(ty, CqlType::Map { frozen: false, .. });
    if !multi_cell_map && matches!(target, TargetType::Keys | TargetType::Entries) {
        return Err(CqlError::invalid(format!(
            "Cannot create index on {} of column {col_name} with non-map type",
            target.text()
        )));
    }
    if matches!(ty, CqlType::Udt { frozen: false, .. }) {
        return Err(CqlError::invalid(format!(
            "Cannot create index on non-frozen UDT column {col_name}"
        )));
    }
    let (kind, target_text) = match target {
        TargetType::Simple => (IndexKind::Values, col_name.clone()),
        TargetType::Values => (IndexKind::Values, format!("values({col_name})")),
        TargetType::Keys => (IndexKind::Keys, format!("keys({col_name})")),
        TargetType::Entries => (IndexKind::Entries, format!("entries({col_name})")),
        TargetType::Full => (IndexKind::Full, format!("full({col_name})")),
    };
    let index_name = match req.name {
        Some(n) => n.to_string(),
        None => {
            let base: String = format!("{}_{}_idx", t.name, col_name)
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            available_name(k, &base)
        }
    };
    if let Some(dup) = t
        .indexes
        .iter()
        .find(|i| i.column == *col_name && i.kind == kind && i.custom_class == req.custom_class)
    {
        if req.if_not_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "Index {index_name} is a duplicate of existing index {}",
            dup.name
        )));
    }
    let mut nt = (*t).clone();
    nt.indexes.push(IndexDef {
        name: index_name,
        column: col_name.clone(),
        kind,
        target: target_text,
        custom_class: req.custom_class,
    });
    k.tables.insert(nt.name.clone(), Arc::new(nt));
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Table,
        &ks,
        Some(&req.table.name),
    ))
}

/// `DROP INDEX [IF EXISTS] [ks.]name`
pub(super) fn drop(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
    if_exists: bool,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let found = node.catalog.keyspaces.get(&ks).and_then(|k| {
        k.tables
            .values()
            .find(|t| t.indexes.iter().any(|i| i.name == name.name))
            .cloned()
    });
    let Some(t) = found else {
        if if_exists {
            return Ok(None);
        }
        // Cassandra's message has the stray quote at the end.
        return Err(CqlError::invalid(format!(
            "Index '{ks}.{}' doesn't exist'",
            name.name
        )));
    };
    let k = user_keyspace(node, &ks)?;
    let mut nt = (*t).clone();
    nt.indexes.retain(|i| i.name != name.name);
    k.tables.insert(nt.name.clone(), Arc::new(nt));
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Table,
        &ks,
        Some(&t.name),
    ))
}
