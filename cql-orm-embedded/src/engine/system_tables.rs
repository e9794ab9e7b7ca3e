//! The system keyspaces a node has from the start, `system.local`, `system.peers` and
//! `system.peers_v2`, stored as ordinary (read-only) tables.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use uuid::Uuid;

use crate::cql::ast::{Order, TypeExpr};
use crate::types::{CqlType, NativeType};
use crate::value::Value;

use super::catalog::{ColumnDef, ColumnKind, KeyspaceDef, TableDef};
use super::options::TableOptions;
use super::restrictions::{clustering_types, token_of};
use super::storage::{Cell, ColumnData, Complex, ElemKey, Marker, PartitionPos, Row};
use super::Node;

/// Shorthands for the types of system columns.
pub mod ty {
    use super::*;

    /// A native type.
    pub fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }
    /// `text`
    pub fn text() -> CqlType {
        n(NativeType::Text)
    }
    /// `frozen<map<text, text>>`
    pub fn fmap_text() -> CqlType {
        CqlType::Map {
            key: Box::new(text()),
            value: Box::new(text()),
            frozen: true,
        }
    }
    /// `frozen<map<text, blob>>`
    pub fn fmap_blob() -> CqlType {
        CqlType::Map {
            key: Box::new(text()),
            value: Box::new(n(NativeType::Blob)),
            frozen: true,
        }
    }
    /// `frozen<list<text>>`
    pub fn flist_text() -> CqlType {
        CqlType::List {
            elem: Box::new(text()),
            frozen: true,
        }
    }
    /// `frozen<set<text>>`
    pub fn fset_text() -> CqlType {
        CqlType::Set {
            elem: Box::new(text()),
            frozen: true,
        }
    }
    /// `set<text>` (multi-cell)
    pub fn set_text() -> CqlType {
        CqlType::Set {
            elem: Box::new(text()),
            frozen: false,
        }
    }
}

/// Column kinds in system table definitions: `P(pos)`, `C(pos)`, `R`.
#[derive(Debug, Clone, Copy)]
pub enum K {
    /// Partition key at a position.
    P(i32),
    /// Clustering column at a position.
    C(i32),
    /// Regular column.
    R,
}

fn expr_of(t: &CqlType) -> TypeExpr {
    match t {
        CqlType::Native(n) => TypeExpr::Native(*n),
        CqlType::List { elem, frozen } => wrap(TypeExpr::List(Box::new(expr_of(elem))), *frozen),
        CqlType::Set { elem, frozen } => wrap(TypeExpr::Set(Box::new(expr_of(elem))), *frozen),
        CqlType::Map { key, value, frozen } => wrap(
            TypeExpr::Map(Box::new(expr_of(key)), Box::new(expr_of(value))),
            *frozen,
        ),
        CqlType::Tuple(items) => TypeExpr::Tuple(items.iter().map(expr_of).collect()),
        CqlType::Udt { def, .. } => TypeExpr::Udt(crate::cql::ast::QualifiedName {
            keyspace: None,
            name: def.name.clone(),
        }),
        CqlType::Custom(c) => TypeExpr::Custom(c.clone()),
    }
}

fn wrap(e: TypeExpr, frozen: bool) -> TypeExpr {
    if frozen {
        TypeExpr::Frozen(Box::new(e))
    } else {
        e
    }
}

/// Builds a system table definition.
pub fn system_table(ks: &str, name: &str, cols: &[(&str, CqlType, K)]) -> TableDef {
    let columns = cols
        .iter()
        .enumerate()
        .map(|(i, (n, t, k))| {
            let (kind, position) = match k {
                K::P(p) => (ColumnKind::PartitionKey, *p),
                K::C(p) => (ColumnKind::Clustering, *p),
                K::R => (ColumnKind::Regular, -1),
            };
            ColumnDef {
                id: i as u32,
                name: n.to_string(),
                ty: t.clone(),
                ty_expr: expr_of(t),
                kind,
                position,
                order: Order::Asc,
            }
        })
        .collect::<Vec<_>>();
    let mut id_bytes = [0u8; 16];
    id_bytes.copy_from_slice(&super::prepared::statement_id(Some(ks), name));
    let id = Uuid::from_bytes(id_bytes);
    TableDef {
        keyspace: ks.to_string(),
        name: name.to_string(),
        id,
        next_column_id: columns.len() as u32,
        columns,
        options: TableOptions::default(),
        indexes: Vec::new(),
        dropped: Vec::new(),
        system: true,
    }
}

/// Writes one row (values by column name; missing columns stay null) with timestamp 0.
pub fn put_row(node: &mut Node, table: &TableDef, values: Vec<(&str, Value)>) {
    let mut by_name: BTreeMap<&str, Value> = values.into_iter().collect();
    let pk: Vec<Value> = table
        .partition_key()
        .iter()
        .map(|c| by_name.remove(c.name.as_str()).unwrap_or(Value::Empty))
        .collect();
    let ck: Vec<Value> = table
        .clustering()
        .iter()
        .map(|c| by_name.remove(c.name.as_str()).unwrap_or(Value::Empty))
        .collect();
    let token = token_of(table, &pk);
    let bytes = super::write::key_bytes(table, &pk);
    let types = clustering_types(table);
    let data = node.table_data(table.id);
    let part = data
        .partitions
        .entry(PartitionPos { token, bytes })
        .or_default();
    part.key = pk;
    let row: &mut Row = part.row_mut(ck, &types);
    row.marker = Some(Marker { ts: 0, ttl: None });
    for (name, v) in by_name {
        let Some(col) = table.column(name) else {
            continue;
        };
        let data = if col.ty.is_multi_cell() {
            let cells = match v {
                Value::Set(items) => items
                    .into_iter()
                    .map(|e| {
                        (
                            ElemKey::Value(e),
                            Cell {
                                ts: 0,
                                ttl: None,
                                value: Some(Value::Empty),
                            },
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            ColumnData::Complex(Complex {
                deleted_at: None,
                cells,
            })
        } else {
            ColumnData::Simple(Cell {
                ts: 0,
                ttl: None,
                value: Some(v),
            })
        };
        row.cells.insert(col.id, data);
    }
}

/// Removes every row of a table.
pub fn clear(node: &mut Node, table: &TableDef) {
    node.data.remove(&table.id);
}

fn keyspace(name: &str, class: &str, rf: Option<&str>) -> KeyspaceDef {
    let mut replication = BTreeMap::new();
    replication.insert("class".to_string(), class.to_string());
    if let Some(rf) = rf {
        replication.insert("replication_factor".to_string(), rf.to_string());
    }
    KeyspaceDef {
        name: name.to_string(),
        replication,
        durable_writes: true,
        tables: BTreeMap::new(),
        types: BTreeMap::new(),
        system: true,
    }
}

fn local_table() -> TableDef {
    use ty::*;
    use NativeType as N;
    system_table(
        "system",
        "local",
        &[
            ("key", text(), K::P(0)),
            ("bootstrapped", text(), K::R),
            ("broadcast_address", n(N::Inet), K::R),
            ("broadcast_port", n(N::Int), K::R),
            ("cluster_name", text(), K::R),
            ("cql_version", text(), K::R),
            ("data_center", text(), K::R),
            ("gossip_generation", n(N::Int), K::R),
            ("host_id", n(N::Uuid), K::R),
            ("listen_address", n(N::Inet), K::R),
            ("listen_port", n(N::Int), K::R),
            ("native_protocol_version", text(), K::R),
            ("partitioner", text(), K::R),
            ("rack", text(), K::R),
            ("release_version", text(), K::R),
            ("rpc_address", n(N::Inet), K::R),
            ("rpc_port", n(N::Int), K::R),
            ("schema_version", n(N::Uuid), K::R),
            ("tokens", set_text(), K::R),
            (
                "truncated_at",
                CqlType::Map {
                    key: Box::new(n(N::Uuid)),
                    value: Box::new(n(N::Blob)),
                    frozen: false,
                },
                K::R,
            ),
        ],
    )
}

fn peers_table() -> TableDef {
    use ty::*;
    use NativeType as N;
    system_table(
        "system",
        "peers",
        &[
            ("peer", n(N::Inet), K::P(0)),
            ("data_center", text(), K::R),
            ("host_id", n(N::Uuid), K::R),
            ("preferred_ip", n(N::Inet), K::R),
            ("rack", text(), K::R),
            ("release_version", text(), K::R),
            ("rpc_address", n(N::Inet), K::R),
            ("schema_version", n(N::Uuid), K::R),
            ("tokens", set_text(), K::R),
        ],
    )
}

fn peers_v2_table() -> TableDef {
    use ty::*;
    use NativeType as N;
    system_table(
        "system",
        "peers_v2",
        &[
            ("peer", n(N::Inet), K::P(0)),
            ("peer_port", n(N::Int), K::C(0)),
            ("data_center", text(), K::R),
            ("host_id", n(N::Uuid), K::R),
            ("native_address", n(N::Inet), K::R),
            ("native_port", n(N::Int), K::R),
            ("preferred_ip", n(N::Inet), K::R),
            ("preferred_port", n(N::Int), K::R),
            ("rack", text(), K::R),
            ("release_version", text(), K::R),
            ("schema_version", n(N::Uuid), K::R),
            ("tokens", set_text(), K::R),
        ],
    )
}

/// Creates the system keyspaces and tables and fills them.
pub fn bootstrap(node: &mut Node, host_id: Uuid) {
    let mut system = keyspace("system", "org.apache.cassandra.locator.LocalStrategy", None);
    for t in [local_table(), peers_table(), peers_v2_table()] {
        system.tables.insert(t.name.clone(), Arc::new(t));
    }
    let mut schema = keyspace(
        "system_schema",
        "org.apache.cassandra.locator.LocalStrategy",
        None,
    );
    for t in super::system_schema::tables() {
        schema.tables.insert(t.name.clone(), Arc::new(t));
    }
    let ks = [
        system,
        schema,
        keyspace(
            "system_auth",
            "org.apache.cassandra.locator.SimpleStrategy",
            Some("1"),
        ),
        keyspace(
            "system_distributed",
            "org.apache.cassandra.locator.SimpleStrategy",
            Some("3"),
        ),
        keyspace(
            "system_traces",
            "org.apache.cassandra.locator.SimpleStrategy",
            Some("2"),
        ),
    ];
    for k in ks {
        node.catalog.keyspaces.insert(k.name.clone(), k);
    }
    node.schema_version = Uuid::new_v4();
    let names: Vec<String> = node.catalog.keyspaces.keys().cloned().collect();
    for n in names {
        super::system_schema::refresh(node, &n);
    }
    refresh_local(node, host_id);
}

/// Rewrites the `system.local` row (after a schema version change).
pub fn refresh_local(node: &mut Node, host_id: Uuid) {
    let Ok(table) = node.catalog.table("system", "local") else {
        return;
    };
    clear(node, &table);
    let loopback = Value::Inet(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let text = |s: &str| Value::Text(s.to_string());
    let version = node.schema_version;
    put_row(
        node,
        &table,
        vec![
            ("key", text("local")),
            ("bootstrapped", text("COMPLETED")),
            ("broadcast_address", loopback.clone()),
            ("broadcast_port", Value::Int(7000)),
            ("cluster_name", text("Test Cluster")),
            ("cql_version", text("3.4.5")),
            ("data_center", text("datacenter1")),
            ("gossip_generation", Value::Int(1_700_000_000)),
            ("host_id", Value::Uuid(host_id)),
            ("listen_address", loopback.clone()),
            ("listen_port", Value::Int(7000)),
            ("native_protocol_version", text("4")),
            (
                "partitioner",
                text("org.apache.cassandra.dht.Murmur3Partitioner"),
            ),
            ("rack", text("rack1")),
            ("release_version", text("4.0.7")),
            ("rpc_address", loopback),
            ("rpc_port", Value::Int(9042)),
            ("schema_version", Value::Uuid(version)),
            ("tokens", Value::Set(vec![text("0")])),
        ],
    );
}
