//! Keyspace, table, type and index DDL.

use std::collections::BTreeMap;
use std::sync::Arc;

use uuid::Uuid;

use crate::cql::ast::{
    AlterTable, AlterTableOp, AlterTypeOp, CreateTable, IndexTarget, Order, Property,
    QualifiedName, Statement, TypeExpr,
};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType, UdtDef};

use super::api::{ChangeTarget, ChangeType, ConnectionState, SchemaChange};
use super::catalog::{
    expr_uses_udt, resolve_type, type_uses_udt, ColumnDef, ColumnKind, DroppedColumn, IndexDef,
    IndexKind, KeyspaceDef, TableDef, TypeContext, UserType,
};
use super::options::{keyspace_options, TableOptions};
use super::{keyspace_of, Engine, Node};

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

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 48
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn missing_keyspace(ks: &str) -> CqlError {
    CqlError::invalid(format!("Keyspace '{ks}' doesn't exist"))
}

fn user_keyspace<'a>(node: &'a mut Node, ks: &str) -> CqlResult<&'a mut KeyspaceDef> {
    let k = node
        .catalog
        .keyspaces
        .get_mut(ks)
        .ok_or_else(|| missing_keyspace(ks))?;
    if k.system {
        return Err(CqlError::new(
            crate::error::ErrorCode::Unauthorized,
            format!("{ks} keyspace is not user-modifiable."),
        ));
    }
    Ok(k)
}

/// Runs a DDL statement; `None` means nothing changed (IF [NOT] EXISTS, TRUNCATE).
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
        } => create_keyspace(node, name, *if_not_exists, properties),
        Statement::AlterKeyspace {
            if_exists,
            name,
            properties,
        } => {
            let Some(k) = node.catalog.keyspaces.get_mut(name) else {
                if *if_exists {
                    return Ok(None);
                }
                return Err(missing_keyspace(name));
            };
            if k.system {
                return Err(CqlError::new(
                    crate::error::ErrorCode::Unauthorized,
                    format!("{name} keyspace is not user-modifiable."),
                ));
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
        Statement::DropKeyspace { if_exists, name } => {
            let Some(k) = node.catalog.keyspaces.get(name) else {
                if *if_exists {
                    return Ok(None);
                }
                return Err(missing_keyspace(name));
            };
            if k.system {
                return Err(CqlError::new(
                    crate::error::ErrorCode::Unauthorized,
                    format!("{name} keyspace is not user-modifiable."),
                ));
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
        Statement::CreateTable(ct) => create_table(node, conn, ct),
        Statement::AlterTable(at) => alter_table(engine, node, conn, at),
        Statement::DropTable { if_exists, name } => {
            let ks = keyspace_of(name, conn)?;
            let k = user_keyspace(node, &ks)?;
            let Some(t) = k.tables.get(&name.name).cloned() else {
                if *if_exists {
                    return Ok(None);
                }
                return Err(CqlError::invalid(format!(
                    "Table '{ks}.{}' doesn't exist",
                    name.name
                )));
            };
            k.tables.remove(&name.name);
            node.data.remove(&t.id);
            Ok(change(
                ChangeType::Dropped,
                ChangeTarget::Table,
                &ks,
                Some(&name.name),
            ))
        }
        Statement::Truncate(name) => {
            let ks = keyspace_of(name, conn)?;
            let t = node.catalog.table(&ks, &name.name)?;
            if t.system {
                return Err(CqlError::new(
                    crate::error::ErrorCode::Unauthorized,
                    format!("{ks} keyspace is not user-modifiable."),
                ));
            }
            node.data.remove(&t.id);
            Ok(None)
        }
        Statement::CreateType {
            if_not_exists,
            name,
            fields,
        } => create_type(node, conn, name, *if_not_exists, fields),
        Statement::AlterType {
            if_exists,
            name,
            op,
        } => alter_type(node, conn, name, *if_exists, op),
        Statement::DropType { if_exists, name } => drop_type(node, conn, name, *if_exists),
        Statement::CreateIndex {
            if_not_exists,
            name,
            table,
            target,
            custom_class,
            properties,
        } => {
            let _ = properties;
            create_index(
                node,
                conn,
                name.as_deref(),
                table,
                target,
                custom_class.clone(),
                *if_not_exists,
            )
        }
        Statement::DropIndex { if_exists, name } => {
            let ks = keyspace_of(name, conn)?;
            let k = user_keyspace(node, &ks)?;
            let found = k
                .tables
                .values()
                .find(|t| t.indexes.iter().any(|i| i.name == name.name))
                .cloned();
            let Some(t) = found else {
                if *if_exists {
                    return Ok(None);
                }
                return Err(CqlError::invalid(format!(
                    "Index '{}' could not be found in any of the tables of keyspace '{ks}'",
                    name.name
                )));
            };
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
        _ => Err(CqlError::server("not a schema statement")),
    }
}

fn create_keyspace(
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

fn check_key_type(name: &str, ty: &CqlType) -> CqlResult<()> {
    match ty {
        CqlType::List { frozen: false, .. }
        | CqlType::Set { frozen: false, .. }
        | CqlType::Map { frozen: false, .. } => Err(CqlError::invalid(format!(
            "Invalid non-frozen collection type {} for PRIMARY KEY component {name}",
            crate::values::type_to_schema_string(ty)
        ))),
        CqlType::Udt { frozen: false, def } => Err(CqlError::invalid(format!(
            "Invalid non-frozen user-defined type \"{}\" for PRIMARY KEY component {name}",
            def.name
        ))),
        CqlType::Native(NativeType::Counter) => Err(CqlError::invalid(format!(
            "counter type is not supported for PRIMARY KEY column '{name}'"
        ))),
        CqlType::Native(NativeType::Duration) => Err(CqlError::invalid(format!(
            "duration type is not supported for PRIMARY KEY column '{name}'"
        ))),
        _ => Ok(()),
    }
}

fn create_table(
    node: &mut Node,
    conn: &ConnectionState,
    ct: &CreateTable,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(&ct.name, conn)?;
    let table_name = ct.name.name.clone();
    let k = user_keyspace(node, &ks)?;
    if !valid_name(&table_name) {
        return Err(CqlError::config(format!(
            "{ks}.{table_name}: Table name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{table_name}\")"
        )));
    }
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
    // Primary key.
    let inline: Vec<&str> = ct
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.as_str())
        .collect();
    let (pk_names, ck_names): (Vec<String>, Vec<String>) = if !inline.is_empty() {
        if inline.len() > 1 || !ct.partition_key.is_empty() {
            return Err(CqlError::invalid(
                "Multiple PRIMARY KEYs specified (exactly one required)",
            ));
        }
        (vec![inline[0].to_string()], Vec::new())
    } else {
        if ct.partition_key.is_empty() {
            return Err(CqlError::invalid(format!(
                "No PRIMARY KEY specifed for table '{ks}.{table_name}' (exactly one required)"
            )));
        }
        (ct.partition_key.clone(), ct.clustering_key.clone())
    };
    let mut seen = std::collections::HashSet::new();
    for c in &ct.columns {
        if !seen.insert(c.name.as_str()) {
            return Err(CqlError::invalid(format!(
                "Multiple definition of identifier {}",
                c.name
            )));
        }
    }
    for n in pk_names.iter().chain(ck_names.iter()) {
        if !ct.columns.iter().any(|c| &c.name == n) {
            return Err(CqlError::invalid(format!(
                "Unknown definition {n} referenced in PRIMARY KEY"
            )));
        }
    }
    // Clustering order.
    let mut orders: Vec<Order> = vec![Order::Asc; ck_names.len()];
    for (i, (name, order)) in ct.clustering_order.iter().enumerate() {
        match ck_names.iter().position(|c| c == name) {
            None => {
                return Err(CqlError::invalid(format!(
                    "Only clustering key columns can be defined in CLUSTERING ORDER directive: {name} is not"
                )))
            }
            Some(p) if p != i => {
                return Err(CqlError::invalid(format!(
                    "The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns ({} must appear before {name})",
                    ck_names.get(i).cloned().unwrap_or_default()
                )))
            }
            Some(p) => orders[p] = *order,
        }
    }
    let mut columns = Vec::new();
    let mut counters = 0;
    let mut non_counters = 0;
    for (id, c) in ct.columns.iter().enumerate() {
        let ty = resolve_type(&c.ty, k, TypeContext::Column)?;
        let (kind, position, order) = if let Some(p) = pk_names.iter().position(|n| n == &c.name) {
            (ColumnKind::PartitionKey, p as i32, Order::Asc)
        } else if let Some(p) = ck_names.iter().position(|n| n == &c.name) {
            (ColumnKind::Clustering, p as i32, orders[p])
        } else if c.is_static {
            (ColumnKind::Static, -1, Order::Asc)
        } else {
            (ColumnKind::Regular, -1, Order::Asc)
        };
        if kind.is_primary_key() {
            if c.is_static {
                return Err(CqlError::invalid(format!(
                    "Static column {} cannot be part of the PRIMARY KEY",
                    c.name
                )));
            }
            check_key_type(&c.name, &ty)?;
        } else if ty.is_counter() {
            counters += 1;
        } else {
            non_counters += 1;
        }
        if kind == ColumnKind::Static && ck_names.is_empty() {
            return Err(CqlError::invalid(
                "Static columns are only useful (and thus allowed) if the table has at least one clustering column",
            ));
        }
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
    if counters > 0 && non_counters > 0 {
        return Err(CqlError::invalid(
            "Cannot mix counter and non counter columns in the same table",
        ));
    }
    let mut options = TableOptions::default();
    options.apply(&ct.properties)?;
    if counters > 0 && options.default_time_to_live > 0 {
        return Err(CqlError::invalid(
            "Cannot set default_time_to_live on a table with counters",
        ));
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

fn alter_table(
    engine: &Engine,
    node: &mut Node,
    conn: &ConnectionState,
    at: &AlterTable,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(&at.name, conn)?;
    let k = user_keyspace(node, &ks)?;
    let Some(t) = k.tables.get(&at.name.name).cloned() else {
        if at.if_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "Table '{ks}.{}' doesn't exist",
            at.name.name
        )));
    };
    let mut nt = (*t).clone();
    let mut purge: Vec<u32> = Vec::new();
    match &at.op {
        AlterTableOp::Add(cols) => {
            for c in cols {
                if nt.column(&c.name).is_some() {
                    return Err(CqlError::invalid(format!(
                        "Column with name '{}' already exists",
                        c.name
                    )));
                }
                let ty = resolve_type(&c.ty, k, TypeContext::Column)?;
                if c.is_static && nt.clustering().is_empty() {
                    return Err(CqlError::invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column"));
                }
                if ty.is_counter() != nt.is_counter() && nt.non_key_columns().next().is_some() {
                    return Err(CqlError::invalid(if ty.is_counter() {
                        format!(
                            "Cannot add a counter column ({}) in a non counter column family",
                            c.name
                        )
                    } else {
                        format!(
                            "Cannot add a non counter column ({}) in a counter column family",
                            c.name
                        )
                    }));
                }
                if let Some(d) = nt.dropped.iter().find(|d| d.name == c.name) {
                    if d.ty.is_multi_cell() != ty.is_multi_cell() {
                        return Err(CqlError::invalid(format!(
                            "Cannot re-add previously dropped column '{}' of type {}, incompatible with previous type {}",
                            c.name,
                            crate::values::type_to_schema_string(&ty),
                            crate::values::type_to_schema_string(&d.ty)
                        )));
                    }
                }
                let id = nt.next_column_id;
                nt.next_column_id += 1;
                nt.columns.push(ColumnDef {
                    id,
                    name: c.name.clone(),
                    ty,
                    ty_expr: c.ty.clone(),
                    kind: if c.is_static {
                        ColumnKind::Static
                    } else {
                        ColumnKind::Regular
                    },
                    position: -1,
                    order: Order::Asc,
                });
            }
        }
        AlterTableOp::Drop(names, ts) => {
            for name in names {
                let Some(col) = nt.column(name).cloned() else {
                    return Err(CqlError::invalid(format!(
                        "Column {name} was not found in table {}",
                        nt.name
                    )));
                };
                if col.kind.is_primary_key() {
                    return Err(CqlError::invalid(format!(
                        "Cannot drop PRIMARY KEY part {name}"
                    )));
                }
                let deps: Vec<&str> = nt
                    .indexes
                    .iter()
                    .filter(|i| &i.column == name)
                    .map(|i| i.name.as_str())
                    .collect();
                if !deps.is_empty() {
                    return Err(CqlError::invalid(format!(
                        "Cannot drop column {name} because it has dependent secondary indexes ({})",
                        deps.join(", ")
                    )));
                }
                nt.columns.retain(|c| &c.name != name);
                nt.dropped.retain(|d| &d.name != name);
                nt.dropped.push(DroppedColumn {
                    name: name.clone(),
                    ty: col.ty.clone(),
                    kind: col.kind,
                    dropped_time: ts.unwrap_or_else(|| engine.next_timestamp()),
                });
                purge.push(col.id);
            }
        }
        AlterTableOp::AlterType(..) => {
            return Err(CqlError::invalid(
                "Altering column types is no longer supported",
            ))
        }
        AlterTableOp::Rename(pairs) => {
            for (from, to) in pairs {
                let Some(pos) = nt.columns.iter().position(|c| &c.name == from) else {
                    return Err(CqlError::invalid(format!(
                        "Column {from} was not found in table {}",
                        nt.name
                    )));
                };
                if !nt.columns[pos].kind.is_primary_key() {
                    return Err(CqlError::invalid(format!(
                        "Cannot rename non PRIMARY KEY column {from}"
                    )));
                }
                if nt.column(to).is_some() {
                    return Err(CqlError::invalid(format!(
                        "Cannot rename column {from} to {to} in table '{}'; another column with that name already exists",
                        nt.name
                    )));
                }
                nt.columns[pos].name = to.clone();
            }
        }
        AlterTableOp::With(props) => {
            nt.options.apply(props)?;
        }
    }
    let id = nt.id;
    k.tables.insert(nt.name.clone(), Arc::new(nt));
    if !purge.is_empty() {
        if let Some(data) = node.data.get_mut(&id) {
            for p in data.partitions.values_mut() {
                for col in &purge {
                    p.static_row.drop_column(*col);
                    for (_, r) in &mut p.rows {
                        r.drop_column(*col);
                    }
                }
                p.purge();
            }
        }
    }
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Table,
        &ks,
        Some(&at.name.name),
    ))
}

fn create_type(
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
        return Err(CqlError::already_exists(
            format!("A user type with name '{}' already exists", name.name),
            ks.clone(),
            name.name.clone(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (f, _) in fields {
        if !seen.insert(f.as_str()) {
            return Err(CqlError::invalid(format!(
                "Duplicate field name '{f}' in type '{}'",
                name.name
            )));
        }
    }
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
    let mut out = Vec::new();
    for (f, e) in fields {
        if expr_uses_udt(e, name) {
            return Err(CqlError::invalid(format!(
                "User type {}.{name} cannot refer to itself",
                k.name
            )));
        }
        out.push((f.clone(), resolve_type(e, k, TypeContext::UdtField)?));
    }
    Ok(UdtDef {
        keyspace: k.name.clone(),
        name: name.to_string(),
        fields: out,
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

fn alter_type(
    node: &mut Node,
    conn: &ConnectionState,
    name: &QualifiedName,
    if_exists: bool,
    op: &AlterTypeOp,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(name, conn)?;
    let k = user_keyspace(node, &ks)?;
    let Some(ut) = k.types.get(&name.name).cloned() else {
        if if_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "Type '{ks}.{}' doesn't exist",
            name.name
        )));
    };
    let mut fields = ut.fields.clone();
    match op {
        AlterTypeOp::Add(f, e) => {
            if fields.iter().any(|(n, _)| n == f) {
                return Err(CqlError::invalid(format!(
                    "Cannot add new field '{f}' to type '{ks}.{}': a field with name '{f}' already exists",
                    name.name
                )));
            }
            fields.push((f.clone(), e.clone()));
        }
        AlterTypeOp::Rename(pairs) => {
            for (from, to) in pairs {
                let Some(p) = fields.iter().position(|(n, _)| n == from) else {
                    return Err(CqlError::invalid(format!(
                        "Unkown field {from} in user type {ks}.{}",
                        name.name
                    )));
                };
                fields[p].0 = to.clone();
            }
        }
        AlterTypeOp::AlterType(..) => {
            return Err(CqlError::invalid(
                "Alterations of field types is not supported",
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

fn drop_type(
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

fn create_index(
    node: &mut Node,
    conn: &ConnectionState,
    name: Option<&str>,
    table: &QualifiedName,
    target: &IndexTarget,
    custom_class: Option<String>,
    if_not_exists: bool,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(table, conn)?;
    let k = user_keyspace(node, &ks)?;
    let t = k
        .tables
        .get(&table.name)
        .cloned()
        .ok_or_else(|| CqlError::invalid(format!("table {} does not exist", table.name)))?;
    let (col_name, explicit) = match target {
        IndexTarget::Values(c, explicit) => (c, *explicit),
        IndexTarget::Keys(c) | IndexTarget::Entries(c) | IndexTarget::Full(c) => (c, true),
    };
    let col = t
        .column(col_name)
        .cloned()
        .ok_or_else(|| CqlError::invalid(format!("Undefined column name {col_name}")))?;
    let is_map = matches!(col.ty, CqlType::Map { .. });
    let multi = col.ty.is_multi_cell();
    let (kind, target_text) = match target {
        IndexTarget::Values(c, _) => {
            if multi || (explicit && col.ty.is_collection()) {
                (IndexKind::Values, format!("values({c})"))
            } else if col.ty.is_collection() {
                (IndexKind::Full, format!("full({c})"))
            } else {
                (IndexKind::Values, c.clone())
            }
        }
        IndexTarget::Keys(c) => {
            if !is_map {
                return Err(CqlError::invalid(format!(
                    "Cannot create index on keys of column {c} with non-map type"
                )));
            }
            (IndexKind::Keys, format!("keys({c})"))
        }
        IndexTarget::Entries(c) => {
            if !is_map {
                return Err(CqlError::invalid(format!(
                    "Cannot create index on entries of column {c} with non-map type"
                )));
            }
            (IndexKind::Entries, format!("entries({c})"))
        }
        IndexTarget::Full(c) => {
            if multi || !col.ty.is_collection() && !matches!(col.ty, CqlType::Udt { .. }) {
                return Err(CqlError::invalid(
                    "full() indexes can only be created on frozen collections",
                ));
            }
            (IndexKind::Full, format!("full({c})"))
        }
    };
    if col.kind == ColumnKind::PartitionKey && t.partition_key().len() == 1 {
        return Err(CqlError::invalid(format!(
            "Cannot create secondary index on the only partition key column {col_name}"
        )));
    }
    if col.ty.is_counter() {
        return Err(CqlError::invalid(
            "Secondary indexes on counter columns are not supported",
        ));
    }
    let index_name = name
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}_{}_idx", t.name, col_name));
    let exists = k
        .tables
        .values()
        .any(|tt| tt.indexes.iter().any(|i| i.name == index_name));
    if exists {
        if if_not_exists {
            return Ok(None);
        }
        return Err(CqlError::invalid(format!(
            "Index '{index_name}' already exists"
        )));
    }
    if let Some(dup) = t
        .indexes
        .iter()
        .find(|i| i.column == *col_name && i.kind == kind)
    {
        if if_not_exists {
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
        custom_class,
    });
    k.tables.insert(nt.name.clone(), Arc::new(nt));
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Table,
        &ks,
        Some(&table.name),
    ))
}
