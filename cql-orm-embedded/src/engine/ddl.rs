//! Keyspace, table, type and index DDL, with Cassandra 4.0's checks and messages.
//!
//! Each statement family lives in its own module; this one dispatches and holds the
//! helpers they share.

mod alter_table;
mod index;
mod keyspace;
mod table;
mod user_type;

use crate::cql::ast::Statement;
use crate::error::{CqlError, CqlResult, ErrorCode};

use super::api::{ChangeTarget, ChangeType, ConnectionState, SchemaChange};
use super::catalog::{KeyspaceDef, TableDef};
use super::{Engine, Node};

/// Runs a DDL statement; `None` means nothing changed (`IF [NOT] EXISTS`, `TRUNCATE`).
pub fn execute(
    engine: &Engine,
    node: &mut Node,
    conn: &ConnectionState,
    stmt: &Statement,
) -> CqlResult<Option<SchemaChange>> {
    match stmt {
        Statement::CreateKeyspace {
            if_not_exists,
            name,
            properties,
        } => keyspace::create(node, name, *if_not_exists, properties),
        Statement::AlterKeyspace { name, properties } => keyspace::alter(node, name, properties),
        Statement::DropKeyspace { if_exists, name } => keyspace::drop(node, name, *if_exists),
        Statement::CreateTable(ct) => table::create(node, conn, ct),
        Statement::AlterTable(at) => alter_table::alter(engine, node, conn, at),
        Statement::DropTable { if_exists, name } => table::drop(node, conn, name, *if_exists),
        Statement::Truncate(name) => table::truncate(node, conn, name),
        Statement::CreateType {
            if_not_exists,
            name,
            fields,
        } => user_type::create(node, conn, name, *if_not_exists, fields),
        Statement::AlterType { name, op } => user_type::alter(node, conn, name, op),
        Statement::DropType { if_exists, name } => user_type::drop(node, conn, name, *if_exists),
        Statement::CreateIndex {
            if_not_exists,
            name,
            table,
            target,
            custom_class,
            properties: _,
        } => index::create(
            node,
            conn,
            index::IndexRequest {
                name: name.as_deref(),
                table,
                target,
                custom_class: custom_class.clone(),
                if_not_exists: *if_not_exists,
            },
        ),
        Statement::DropIndex { if_exists, name } => index::drop(node, conn, name, *if_exists),
        _ => Err(CqlError::server("not a schema statement")),
    }
}

/// The schema change a successful statement reports.
fn change(
    change: ChangeType,
    target: ChangeTarget,
    keyspace: &str,
    name: Option<&str>,
) -> Option<SchemaChange> {
    Some(SchemaChange {
        change,
        target,
        keyspace: keyspace.to_string(),
        name: name.map(str::to_string),
    })
}

/// Cassandra's rule for keyspace and table names.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 48
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn missing_keyspace(ks: &str) -> CqlError {
    CqlError::invalid(format!("Keyspace '{ks}' doesn't exist"))
}

/// The error for a schema change of a system keyspace.
pub(crate) fn not_user_modifiable(ks: &str) -> CqlError {
    CqlError::new(
        ErrorCode::Unauthorized,
        format!("{ks} keyspace is not user-modifiable."),
    )
}

/// A user (non-system) keyspace, for modification.
fn user_keyspace<'a>(node: &'a mut Node, ks: &str) -> CqlResult<&'a mut KeyspaceDef> {
    let k = node
        .catalog
        .keyspaces
        .get_mut(ks)
        .ok_or_else(|| missing_keyspace(ks))?;
    if k.system {
        return Err(not_user_modifiable(ks));
    }
    Ok(k)
}

/// A table as Cassandra's `TableMetadata.toString()` prints it in messages: `ks.table`.
fn table_text(t: &TableDef) -> String {
    format!(
        "{}.{}",
        crate::values::quote_identifier_if_needed(&t.keyspace),
        crate::values::quote_identifier_if_needed(&t.name)
    )
}
