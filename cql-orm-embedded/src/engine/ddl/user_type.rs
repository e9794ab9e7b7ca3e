//! CREATE / ALTER / DROP TYPE, with Cassandra 4.0's checks and messages.

use std::collections::HashSet;
use std::sync::Arc;

use crate::cql::ast::{AlterTypeOp, QualifiedName, TypeExpr};
use crate::error::{CqlError, CqlResult};
use crate::types::{NativeType, UdtDef};

use super::super::api::{ChangeTarget, ChangeType, ConnectionState, SchemaChange};
use super::super::catalog::{
    expr_uses_udt, resolve_type, type_expr_text, type_uses_udt, KeyspaceDef, TableDef, TypeContext,
    UserType,
};
use super::super::{keyspace_of, Node};
use super::{change, user_keyspace};

/// The type as `UserType.toCQLString()` names it: `ks.name`.
fn qualified(ks: &str, name: &str) -> String {
    format!(
        "{}.{}",
        crate::values::quote_identifier_if_needed(ks),
        crate::values::quote_identifier_if_needed(name)
    )
}

/// `CREATE TYPE [IF NOT EXISTS] name (field type, ...)`
pub(super) fn create(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
    if_not_exists: bool,
    fields: &[(String, TypeExpr)],
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let k = user_keyspace(node, &ks)?;
    if k.types.contains_key(&name.name) {
        if if_not_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "A user type with name '{}' already exists",
            name.name
        )));
    }
    let mut seen = HashSet::new();
    for (f, _) in fields {
        if !seen.insert(f.as_str()) {
            return Err(CqlError::invalid(format!(
                "Duplicate field name '{f}' in type '{}'",
                name.name
            )));
        }
    }
    for (_, e) in fields {
        if matches!(e, TypeExpr::Native(NativeType::Counter)) {
            return Err(CqlError::invalid("A user type cannot contain counters"));
        }
        if matches!(e, TypeExpr::Udt(_)) {
            return Err(CqlError::invalid(
                "A user type cannot contain non-frozen UDTs",
            ));
        }
    }
    // The type does not exist yet, so a reference to itself fails as an unknown type.
    let def = resolve_udt(k, &name.name, fields)?;
    k.types.insert(
        name.name.clone(),
        UserType {
            fields: fields.to_vec(),
            def: Arc::new(def),
        },
    );
    Ok(change(
        ChangeType::Created,
        ChangeTarget::Type,
        &ks,
        Some(&name.name),
    ))
}

fn resolve_udt(k: &KeyspaceDef, name: &str, fields: &[(String, TypeExpr)]) -> CqlResult<UdtDef> {
    let fields = fields
        .iter()
        .map(|(f, e)| Ok((f.clone(), resolve_type(e, k, TypeContext::UdtField)?)))
        .collect::<CqlResult<Vec<_>>>()?;
    Ok(UdtDef {
        keyspace: k.name.clone(),
        name: name.to_string(),
        fields,
    })
}

/// Re-resolves every type and table column of a keyspace after a type changed.
fn reresolve(k: &mut KeyspaceDef) -> CqlResult<()> {
    // Types may depend on each other: resolve repeatedly in dependency order.
    let names: Vec<String> = k.types.keys().cloned().collect();
    for _ in 0..names.len().max(1) {
        for n in &names {
            let fields = k.types.get(n).map(|t| t.fields.clone()).unwrap_or_default();
            let def = resolve_udt(k, n, &fields)?;
            if let Some(t) = k.types.get_mut(n) {
                t.def = Arc::new(def);
            }
        }
    }
    let tables: Vec<Arc<TableDef>> = k.tables.values().cloned().collect();
    for t in tables {
        let mut nt = (*t).clone();
        for c in &mut nt.columns {
            c.ty = resolve_type(&c.ty_expr, k, TypeContext::Column)?;
        }
        k.tables.insert(nt.name.clone(), Arc::new(nt));
    }
    Ok(())
}

/// `ALTER TYPE name ADD field type` / `RENAME a TO b [AND ...]` / `ALTER field TYPE t`.
pub(super) fn alter(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
    op: &AlterTypeOp,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let k = user_keyspace(node, &ks)?;
    let Some(ut) = k.types.get(&name.name).cloned() else {
        return Err(CqlError::invalid(format!(
            "Type {ks}.{} doesn't exist",
            name.name
        )));
    };
    let type_text = qualified(&ks, &name.name);
    let mut fields = ut.fields.clone();
    match op {
        AlterTypeOp::Add(f, e) => {
            if fields.iter().any(|(n, _)| n == f) {
                return Err(CqlError::invalid(format!(
                    "Cannot add field {f} to type {type_text}: a field with name {f} already exists"
                )));
            }
            if expr_uses_udt(e, &name.name) {
                return Err(CqlError::invalid(format!(
                    "Cannot add new field {f} of type {} to user type {type_text} as it would create a circular reference",
                    type_expr_text(e)
                )));
            }
            fields.push((f.clone(), e.clone()));
        }
        AlterTypeOp::Rename(pairs) => {
            for (from, to) in pairs {
                let Some(p) = fields.iter().position(|(n, _)| n == from) else {
                    // Cassandra formats this message with the keyspace where the type belongs.
                    return Err(CqlError::invalid(format!(
                        "Unkown field {from} in user type {ks}"
                    )));
                };
                fields[p].0 = to.clone();
            }
            let mut seen = HashSet::new();
            if let Some((dup, _)) = fields.iter().find(|(n, _)| !seen.insert(n.as_str())) {
                return Err(CqlError::invalid(format!(
                    "Duplicate field name {dup} in type {ks}"
                )));
            }
        }
        AlterTypeOp::AlterType(..) => {
            return Err(CqlError::invalid(
                "Alterting field types is no longer supported",
            ))
        }
    }
    let def = resolve_udt(k, &name.name, &fields)?;
    k.types.insert(
        name.name.clone(),
        UserType {
            fields,
            def: Arc::new(def),
        },
    );
    reresolve(k)?;
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Type,
        &ks,
        Some(&name.name),
    ))
}

/// `DROP TYPE [IF EXISTS] name`, refused while types or tables still use it.
pub(super) fn drop(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
    if_exists: bool,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let k = user_keyspace(node, &ks)?;
    if !k.types.contains_key(&name.name) {
        if if_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "Type '{ks}.{}' doesn't exist",
            name.name
        )));
    }
    let users: Vec<&str> = k
        .types
        .iter()
        .filter(|(n, t)| {
            *n != &name.name && t.fields.iter().any(|(_, e)| expr_uses_udt(e, &name.name))
        })
        .map(|(n, _)| n.as_str())
        .collect();
    if !users.is_empty() {
        return Err(CqlError::invalid(format!(
            "Cannot drop user type '{ks}.{}' as it is still used by user types {}",
            name.name,
            users.join(", ")
        )));
    }
    let tables: Vec<&str> = k
        .tables
        .values()
        .filter(|t| t.columns.iter().any(|c| type_uses_udt(&c.ty, &name.name)))
        .map(|t| t.name.as_str())
        .collect();
    if !tables.is_empty() {
        return Err(CqlError::invalid(format!(
            "Cannot drop user type '{ks}.{}' as it is still used by tables {}",
            name.name,
            tables.join(", ")
        )));
    }
    k.types.remove(&name.name);
    Ok(change(
        ChangeType::Dropped,
        ChangeTarget::Type,
        &ks,
        Some(&name.name),
    ))
}
