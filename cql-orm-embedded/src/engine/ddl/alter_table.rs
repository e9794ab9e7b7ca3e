//! ALTER TABLE: ADD, DROP, RENAME and WITH, with Cassandra 4.0's messages.

use std::sync::Arc;

use crate::cql::ast::{AlterTable, AlterTableOp, ColumnDef as ColumnDecl, Order};
use crate::error::{CqlError, CqlResult};

use super::super::api::{ChangeTarget, ChangeType, ConnectionState, SchemaChange};
use super::super::catalog::{
    resolve_type, ColumnDef, ColumnKind, DroppedColumn, KeyspaceDef, TableDef, TypeContext,
};
use super::super::{keyspace_of, Engine, Node};
use super::table::{check_udt_nesting, cql3_type_text};
use super::{change, table_text, user_keyspace};

/// `ALTER TABLE name ...`
pub(super) fn alter(
    engine: &Engine,
    node: &mut Node,
    conn: &ConnectionState,
    at: &AlterTable,
) -> CqlResult<Option<SchemaChange>> {
    let ks = keyspace_of(&at.name, conn)?;
    let k = user_keyspace(node, &ks)?;
    let Some(t) = k.tables.get(&at.name.name).cloned() else {
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
                add_column(k, &mut nt, c)?;
            }
        }
        AlterTableOp::Drop(names, ts) => {
            let dropped_time = ts.unwrap_or_else(|| engine.next_timestamp());
            for name in names {
                purge.push(drop_column(&mut nt, name, dropped_time)?);
            }
        }
        AlterTableOp::AlterType(..) => {
            return Err(CqlError::invalid(
                "Altering column types is no longer supported",
            ))
        }
        AlterTableOp::Rename(pairs) => {
            for (from, to) in pairs {
                rename_column(&mut nt, from, to)?;
            }
        }
        AlterTableOp::With(props) => {
            let mut options = nt.options.clone();
            options.apply(props)?;
            if nt.is_counter() && options.default_time_to_live > 0 {
                return Err(CqlError::invalid(
                    "Cannot set default_time_to_live on a table with counters",
                ));
            }
            nt.options = options;
        }
    }
    let id = nt.id;
    k.tables.insert(nt.name.clone(), Arc::new(nt));
    if let Some(data) = node.data.get_mut(&id).filter(|_| !purge.is_empty()) {
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
    Ok(change(
        ChangeType::Updated,
        ChangeTarget::Table,
        &ks,
        Some(&at.name.name),
    ))
}

fn kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::PartitionKey => "PARTITION_KEY",
        ColumnKind::Clustering => "CLUSTERING",
        ColumnKind::Static => "STATIC",
        ColumnKind::Regular => "REGULAR",
    }
}

fn add_column(k: &KeyspaceDef, nt: &mut TableDef, c: &ColumnDecl) -> CqlResult<()> {
    let ty = resolve_type(&c.ty, k, TypeContext::Column)?;
    if nt.column(&c.name).is_some() {
        return Err(CqlError::invalid(format!(
            "Column with name '{}' already exists",
            c.name
        )));
    }
    if c.is_static && nt.clustering().is_empty() {
        return Err(CqlError::invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column"));
    }
    check_udt_nesting(&ty)?;
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
    let kind = if c.is_static {
        ColumnKind::Static
    } else {
        ColumnKind::Regular
    };
    if let Some(d) = nt.dropped.iter().find(|d| d.name == c.name) {
        if d.ty.is_multi_cell() != ty.is_multi_cell() {
            return Err(CqlError::invalid(format!(
                "Cannot re-add previously dropped column '{}' of type {}, incompatible with previous type {}",
                c.name,
                cql3_type_text(&ty),
                cql3_type_text(&d.ty)
            )));
        }
        if d.kind != kind {
            return Err(CqlError::invalid(format!(
                "Cannot re-add previously dropped column '{}' of kind {}, incompatible with previous kind {}",
                c.name,
                kind_name(kind),
                kind_name(d.kind)
            )));
        }
        if nt.is_counter() {
            return Err(CqlError::invalid(format!(
                "Cannot re-add previously dropped counter column {}",
                c.name
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
        kind,
        position: -1,
        order: Order::Asc,
    });
    Ok(())
}

/// Drops a column and records it in `dropped_columns`; returns its storage id.
fn drop_column(nt: &mut TableDef, name: &str, dropped_time: i64) -> CqlResult<u32> {
    let Some(col) = nt.column(name).cloned() else {
        return Err(CqlError::invalid(format!(
            "Column {name} was not found in table '{}'",
            table_text(nt)
        )));
    };
    if col.kind.is_primary_key() {
        return Err(CqlError::invalid(format!(
            "Cannot drop PRIMARY KEY column {name}"
        )));
    }
    if matches!(col.ty, crate::types::CqlType::Udt { frozen: false, .. }) {
        return Err(CqlError::invalid(format!(
            "Cannot drop non-frozen column {name} of user type {}",
            cql3_type_text(&col.ty)
        )));
    }
    let deps = dependent_indexes(nt, name);
    if !deps.is_empty() {
        return Err(CqlError::invalid(format!(
            "Cannot drop column {name} because it has dependent secondary indexes ({deps})"
        )));
    }
    nt.columns.retain(|c| c.name != name);
    nt.dropped.retain(|d| d.name != name);
    nt.dropped.push(DroppedColumn {
        name: name.to_string(),
        ty: col.ty.clone(),
        kind: col.kind,
        dropped_time,
    });
    Ok(col.id)
}

fn rename_column(nt: &mut TableDef, from: &str, to: &str) -> CqlResult<()> {
    let Some(pos) = nt.columns.iter().position(|c| c.name == from) else {
        return Err(CqlError::invalid(format!(
            "Column {from} was not found in table {}",
            table_text(nt)
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
            table_text(nt)
        )));
    }
    let deps = dependent_indexes(nt, from);
    if !deps.is_empty() {
        return Err(CqlError::invalid(format!(
            "Can't rename column {from} because it has dependent secondary indexes ({deps})"
        )));
    }
    nt.columns[pos].name = to.to_string();
    Ok(())
}

/// The names of the indexes on a column, comma separated.
fn dependent_indexes(t: &TableDef, column: &str) -> String {
    t.indexes
        .iter()
        .filter(|i| i.column == column)
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
