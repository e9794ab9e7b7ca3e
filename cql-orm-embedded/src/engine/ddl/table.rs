//! CREATE TABLE, DROP TABLE and TRUNCATE.

use std::collections::HashSet;
use std::sync::Arc;

use uuid::Uuid;

use crate::cql::ast::{CreateTable, Order, QualifiedName};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::values::type_to_schema_string;

use super::super::api::{ChangeTarget, ChangeType, ConnectionState, SchemaChange};
use super::super::catalog::{resolve_type, ColumnDef, ColumnKind, TableDef, TypeContext};
use super::super::options::TableOptions;
use super::super::{keyspace_of, Node};
use super::{change, not_user_modifiable, user_keyspace, valid_name};

/// Cassandra's checks on the type of a PRIMARY KEY column.
fn check_key_type(name: &str, ty: &CqlType) -> CqlResult<()> {
    if ty.is_multi_cell() {
        let what = if ty.is_collection() {
            "collection"
        } else {
            "user-defined"
        };
        return Err(CqlError::invalid(format!(
            "Invalid non-frozen {what} type {} for PRIMARY KEY column '{name}'",
            cql3_type_text(ty)
        )));
    }
    if ty.is_counter() {
        return Err(CqlError::invalid(format!(
            "counter type is not supported for PRIMARY KEY column '{name}'"
        )));
    }
    if references_duration(ty) {
        return Err(CqlError::invalid(format!(
            "duration type is not supported for PRIMARY KEY column '{name}'"
        )));
    }
    Ok(())
}

/// A type as Cassandra's `CQL3Type.toString()` prints it: like `system_schema`, except that
/// a non-frozen user type is its bare name.
pub(super) fn cql3_type_text(ty: &CqlType) -> String {
    match ty {
        CqlType::Udt { def, frozen: false } => crate::values::quote_identifier_if_needed(&def.name),
        other => type_to_schema_string(other),
    }
}

/// Whether a type is or contains `duration`.
pub(super) fn references_duration(ty: &CqlType) -> bool {
    match ty {
        CqlType::Native(n) => *n == NativeType::Duration,
        CqlType::Custom(_) => false,
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => references_duration(elem),
        CqlType::Map { key, value, .. } => references_duration(key) || references_duration(value),
        CqlType::Tuple(items) => items.iter().any(references_duration),
        CqlType::Udt { def, .. } => def.fields.iter().any(|(_, t)| references_duration(t)),
    }
}

/// A non-frozen user type must not hold non-frozen collections.
pub(super) fn check_udt_nesting(ty: &CqlType) -> CqlResult<()> {
    if let CqlType::Udt { def, frozen: false } = ty {
        if def.fields.iter().any(|(_, t)| t.is_multi_cell()) {
            return Err(CqlError::invalid(
                "Non-frozen UDTs with nested non-frozen collections are not supported",
            ));
        }
    }
    Ok(())
}

/// The PRIMARY KEY of a CREATE TABLE: partition key and clustering column names.
fn primary_key(ct: &CreateTable, ks: &str) -> CqlResult<(Vec<String>, Vec<String>)> {
    let inline: Vec<&str> = ct
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.as_str())
        .collect();
    if inline.len() > 1 || (!inline.is_empty() && !ct.partition_key.is_empty()) {
        return Err(CqlError::invalid(
            "Multiple PRIMARY KEYs specified (exactly one required)",
        ));
    }
    if let Some(only) = inline.first() {
        return Ok((vec![(*only).to_string()], Vec::new()));
    }
    if ct.partition_key.is_empty() {
        return Err(CqlError::invalid(format!(
            "No PRIMARY KEY specifed for table '{ks}.{}' (exactly one required)",
            ct.name.name
        )));
    }
    Ok((ct.partition_key.clone(), ct.clustering_key.clone()))
}

/// The clustering order of each clustering column, with `CLUSTERING ORDER BY`'s rules.
fn clustering_orders(ct: &CreateTable, ck_names: &[String]) -> CqlResult<Vec<Order>> {
    if ct.clustering_order.len() > ck_names.len() {
        return Err(CqlError::invalid(
            "Only clustering columns can be defined in CLUSTERING ORDER directive",
        ));
    }
    let mut orders = vec![Order::Asc; ck_names.len()];
    for (i, (name, order)) in ct.clustering_order.iter().enumerate() {
        let expected = &ck_names[i];
        if name != expected {
            if ct.clustering_order.iter().any(|(n, _)| n == expected) {
                return Err(CqlError::invalid(format!(
                    "The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns ({expected} must appear before {name})"
                )));
            }
            return Err(CqlError::invalid(format!(
                "Missing CLUSTERING ORDER for column {expected}"
            )));
        }
        orders[i] = *order;
    }
    Ok(orders)
}

/// `CREATE TABLE [IF NOT EXISTS] ...`, checked in the order Cassandra 4.0 checks.
pub(super) fn create(
    node: &mut Node,
    conn: &ConnectionState,
    ct: &CreateTable,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(&ct.name, conn)?;
    let table_name = ct.name.name.clone();
    let mut seen = HashSet::new();
    for c in &ct.columns {
        if !seen.insert(c.name.as_str()) {
            return Err(CqlError::invalid(format!(
                "Multiple definition of identifier {}",
                c.name
            )));
        }
    }
    let (pk_names, ck_names) = primary_key(ct, &ks)?;
    let k = user_keyspace(node, &ks)?;
    if k.tables.contains_key(&table_name) {
        if ct.if_not_exists {
            return Ok(None);
        }
        return Err(CqlError::already_exists(
            format!("Cannot add already existing table \"{table_name}\" to keyspace \"{ks}\""),
            ks.clone(),
            table_name.clone(),
        ));
    }
    let mut options = TableOptions::default();
    options.apply(&ct.properties)?;

    // Types resolve in the order of the column names' bytes, as Cassandra's TreeMap has it.
    let mut by_name: Vec<usize> = (0..ct.columns.len()).collect();
    by_name.sort_by(|a, b| {
        ct.columns[*a]
            .name
            .as_bytes()
            .cmp(ct.columns[*b].name.as_bytes())
    });
    let mut types: Vec<Option<CqlType>> = vec![None; ct.columns.len()];
    for i in by_name {
        types[i] = Some(resolve_type(&ct.columns[i].ty, k, TypeContext::Column)?);
    }
    let types: Vec<CqlType> = types.into_iter().flatten().collect();
    for ty in &types {
        check_udt_nesting(ty)?;
    }

    let mut key_seen = HashSet::new();
    for name in pk_names.iter().chain(ck_names.iter()) {
        let Some(i) = ct.columns.iter().position(|c| &c.name == name) else {
            return Err(CqlError::invalid(format!(
                "Unknown column '{name}' referenced in PRIMARY KEY for table '{table_name}'"
            )));
        };
        if !key_seen.insert(name.as_str()) {
            return Err(CqlError::invalid(format!(
                "Duplicate column '{name}' in PRIMARY KEY clause for table '{table_name}'"
            )));
        }
        check_key_type(name, &types[i])?;
        if ct.columns[i].is_static {
            return Err(CqlError::invalid(format!(
                "Static column '{name}' cannot be part of the PRIMARY KEY"
            )));
        }
    }
    let orders = clustering_orders(ct, &ck_names)?;
    if ck_names.is_empty() && ct.columns.iter().any(|c| c.is_static) {
        return Err(CqlError::invalid(
            "Static columns are only useful (and thus allowed) if the table has at least one clustering column",
        ));
    }

    let mut columns = Vec::new();
    for (id, (c, ty)) in ct.columns.iter().zip(types).enumerate() {
        let (kind, position, order) = if let Some(p) = pk_names.iter().position(|n| n == &c.name) {
            (ColumnKind::PartitionKey, p as i32, Order::Asc)
        } else if let Some(p) = ck_names.iter().position(|n| n == &c.name) {
            (ColumnKind::Clustering, p as i32, orders[p])
        } else if c.is_static {
            (ColumnKind::Static, -1, Order::Asc)
        } else {
            (ColumnKind::Regular, -1, Order::Asc)
        };
        columns.push(ColumnDef {
            id: id as u32,
            name: c.name.clone(),
            ty,
            ty_expr: c.ty.clone(),
            kind,
            position,
            order,
        });
    }
    let non_key = || columns.iter().filter(|c| !c.kind.is_primary_key());
    let counters = non_key().any(|c| c.ty.is_counter());
    if counters && non_key().any(|c| !c.ty.is_counter()) {
        return Err(CqlError::invalid(
            "Cannot mix counter and non counter columns in the same table",
        ));
    }
    if counters && options.default_time_to_live > 0 {
        return Err(CqlError::invalid(
            "Cannot set default_time_to_live on a table with counters",
        ));
    }
    if !valid_name(&table_name) {
        return Err(CqlError::config(format!(
            "{ks}.{table_name}: Table name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{table_name}\")"
        )));
    }
    let table = TableDef {
        keyspace: ks.clone(),
        name: table_name.clone(),
        id: Uuid::new_v4(),
        next_column_id: columns.len() as u32,
        columns,
        options,
        indexes: Vec::new(),
        dropped: Vec::new(),
        system: false,
    };
    k.tables.insert(table_name.clone(), Arc::new(table));
    Ok(change(
        ChangeType::Created,
        ChangeTarget::Table,
        &ks,
        Some(&table_name),
    ))
}

/// `DROP TABLE [IF EXISTS] name`: the table and its data.
pub(super) fn drop(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
    if_exists: bool,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let k = user_keyspace(node, &ks)?;
    let Some(t) = k.tables.remove(&name.name) else {
        if if_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "Table '{ks}.{}' doesn't exist",
            name.name
        )));
    };
    node.data.remove(&t.id);
    Ok(change(
        ChangeType::Dropped,
        ChangeTarget::Table,
        &ks,
        Some(&name.name),
    ))
}

/// `TRUNCATE [TABLE] name`: removes the data, keeps the schema.
pub(super) fn truncate(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let t = node.catalog.table(&ks, &name.name)?;
    if t.system {
        return Err(not_user_modifiable(&ks));
    }
    node.data.remove(&t.id);
    Ok(None)
}
