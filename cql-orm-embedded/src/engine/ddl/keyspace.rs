//! CREATE / ALTER / DROP KEYSPACE.

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::cql::ast::Property;
use crate::error::{CqlError, CqlResult};

use super::super::api::{ChangeTarget, ChangeType, SchemaChange};
use super::super::catalog::KeyspaceDef;
use super::super::options::keyspace_options;
use super::super::Node;
use super::{change, missing_keyspace, not_user_modifiable, valid_name};

/// `CREATE KEYSPACE [IF NOT EXISTS] name WITH ...`
pub(super) fn create(
    node: &mut Node,
    name: &str,
    if_not_exists: bool,
    properties: &[Property],
) -> CqlResult<Option<SchemaChange>> {
    if !valid_name(name) {
        return Err(CqlError::config(format!(
            "Keyspace name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{name}\")"
        )));
    }
    if node.catalog.keyspaces.contains_key(name) {
        if if_not_exists {
            return Ok(None);
        }
        return Err(CqlError::already_exists(
            format!("Cannot add existing keyspace \"{name}\""),
            name,
            "",
        ));
    }
    let (replication, durable_writes) = keyspace_options(name, properties, None)?;
    node.catalog.keyspaces.insert(
        name.to_string(),
        KeyspaceDef {
            name: name.to_string(),
            replication,
            durable_writes,
            tables: BTreeMap::new(),
            types: BTreeMap::new(),
            system: false,
        },
    );
    Ok(change(
        ChangeType::Created,
        ChangeTarget::Keyspace,
        name,
        None,
    ))
}

/// `ALTER KEYSPACE name WITH ...`
pub(super) fn alter(
    node: &mut Node,
    name: &str,
    properties: &[Property],
) -> CqlResult<Option<SchemaChange>> {
    let k = node
        .catalog
        .keyspaces
        .get_mut(name)
        .ok_or_else(|| missing_keyspace(name))?;
    if k.system {
        return Err(not_user_modifiable(name));
    }
    let (replication, durable) =
        keyspace_options(name, properties, Some((&k.replication, k.durable_writes)))?;
    k.replication = replication;
    k.durable_writes = durable;
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Keyspace,
        name,
        None,
    ))
}

/// `DROP KEYSPACE [IF EXISTS] name`: the keyspace, its types and its tables' data.
pub(super) fn drop(
    node: &mut Node,
    name: &str,
    if_exists: bool,
) -> CqlResult<Option<SchemaChange>> {
    let Some(k) = node.catalog.keyspaces.get(name) else {
        if if_exists {
            return Ok(None);
        }
        return Err(missing_keyspace(name));
    };
    if k.system {
        return Err(not_user_modifiable(name));
    }
    let ids: Vec<Uuid> = k.tables.values().map(|t| t.id).collect();
    for id in ids {
        node.data.remove(&id);
    }
    node.catalog.keyspaces.remove(name);
    Ok(change(
        ChangeType::Dropped,
        ChangeTarget::Keyspace,
        name,
        None,
    ))
}
