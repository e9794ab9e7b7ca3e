//! PREPARE: stable ids, bind variable metadata, partition key indexes and result metadata.

use std::hash::{Hash, Hasher};

use crate::cql::ast::{QualifiedName, Statement};
use crate::error::{CqlError, CqlResult};

use super::api::{BoundValue, ColumnSpec, ConnectionState, Outcome, Prepared, QueryParams};
use super::catalog::ColumnKind;
use super::terms::BindCtx;
use super::{keyspace_of, Engine, RequestOptions};

/// A prepared statement kept by the engine.
#[derive(Debug, Clone)]
pub struct PreparedStatement {
    /// The keyspace in effect when it was prepared.
    pub keyspace: Option<String>,
    /// The parsed statement.
    pub statement: Statement,
    /// What PREPARE returned.
    pub prepared: Prepared,
}

/// The id of a statement: a 128-bit hash of the keyspace and the text.
pub fn statement_id(keyspace: Option<&str>, cql: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for salt in [0x5eed_u64, 0xcafe_u64] {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        keyspace.unwrap_or("").hash(&mut h);
        cql.hash(&mut h);
        out.extend_from_slice(&h.finish().to_be_bytes());
    }
    out
}

fn table_of(stmt: &Statement) -> Option<&QualifiedName> {
    match stmt {
        Statement::Select(s) => Some(&s.table),
        Statement::Insert(i) => Some(&i.table),
        Statement::Update(u) => Some(&u.table),
        Statement::Delete(d) => Some(&d.table),
        Statement::Batch(b) => b.statements.first().map(|s| match s {
            crate::cql::ast::BatchStatement::Insert(i) => &i.table,
            crate::cql::ast::BatchStatement::Update(u) => &u.table,
            crate::cql::ast::BatchStatement::Delete(d) => &d.table,
        }),
        _ => None,
    }
}

/// Prepares a parsed statement.
pub fn prepare(
    engine: &Engine,
    conn: &ConnectionState,
    cql: &str,
    stmt: Statement,
) -> CqlResult<PreparedStatement> {
    let mut ctx = BindCtx::preparing();
    let mut c = conn.clone();
    let out = engine.run(&mut c, &stmt, &mut ctx, &RequestOptions::default())?;
    let (ks, table) = match table_of(&stmt) {
        Some(name) => {
            let ks = keyspace_of(name, conn).unwrap_or_default();
            let node = engine.node.read();
            (ks.clone(), node.catalog.table(&ks, &name.name).ok())
        }
        None => (conn.keyspace.clone().unwrap_or_default(), None),
    };
    let table_name = table.as_ref().map(|t| t.name.clone()).unwrap_or_default();
    let mut bind = Vec::new();
    for (i, spec) in ctx.specs.iter().enumerate() {
        let Some((name, ty)) = spec else {
            return Err(CqlError::invalid(format!(
                "Bind marker {i} has no receiver"
            )));
        };
        bind.push(ColumnSpec {
            keyspace: ks.clone(),
            table: table_name.clone(),
            name: name.clone(),
            ty: ty.clone(),
        });
    }
    let mut pk_indexes = Vec::new();
    if let (Some(t), false) = (&table, matches!(stmt, Statement::Batch(_))) {
        for c in t.partition_key() {
            match ctx
                .receivers
                .iter()
                .position(|r| r.as_deref() == Some(c.name.as_str()))
            {
                Some(i) => pk_indexes.push(i as u16),
                None => {
                    pk_indexes.clear();
                    break;
                }
            }
        }
        let _ = ColumnKind::PartitionKey;
    }
    let result = match out.outcome {
        Outcome::Rows(rs) => rs.columns,
        _ => Vec::new(),
    };
    let keyspace = conn.keyspace.clone();
    Ok(PreparedStatement {
        prepared: Prepared {
            id: statement_id(keyspace.as_deref(), cql),
            bind,
            pk_indexes,
            result,
        },
        keyspace,
        statement: stmt,
    })
}

/// The bound values in marker order (values sent by name are matched to the metadata).
pub fn order_values(p: &PreparedStatement, params: &QueryParams) -> CqlResult<Vec<BoundValue>> {
    let expected = p.prepared.bind.len();
    match &params.names {
        Some(names) => {
            let mut out = vec![BoundValue::Unset; expected];
            for (name, v) in names.iter().zip(params.values.iter()) {
                let matching: Vec<usize> = p
                    .prepared
                    .bind
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| &b.name == name)
                    .map(|(i, _)| i)
                    .collect();
                if matching.is_empty() {
                    return Err(CqlError::invalid(format!(
                        "Invalid bind variable name {name}"
                    )));
                }
                for i in matching {
                    out[i] = v.clone();
                }
            }
            Ok(out)
        }
        None => {
            if params.values.len() != expected {
                return Err(CqlError::invalid(format!(
                    "There were {expected} markers(?) in CQL but {} bound variables",
                    params.values.len()
                )));
            }
            Ok(params.values.clone())
        }
    }
}
