//! The `system_schema` keyspace: Cassandra 4.0's schema tables, rewritten from the catalogue
//! after every schema change so that SELECT reads them like any other table.

use std::collections::BTreeMap;

use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::catalog::{KeyspaceDef, TableDef};
use super::restrictions::token_of;
use super::storage::PartitionPos;
use super::system_tables::ty::*;
use super::system_tables::{put_row, system_table, K};
use super::Node;

const KS: &str = "system_schema";

fn table_option_columns() -> Vec<(&'static str, CqlType, K)> {
    use NativeType as N;
    vec![
        ("additional_write_policy", text(), K::R),
        ("bloom_filter_fp_chance", n(N::Double), K::R),
        ("caching", fmap_text(), K::R),
        ("cdc", n(N::Boolean), K::R),
        ("comment", text(), K::R),
        ("compaction", fmap_text(), K::R),
        ("compression", fmap_text(), K::R),
        ("crc_check_chance", n(N::Double), K::R),
        ("dclocal_read_repair_chance", n(N::Double), K::R),
        ("default_time_to_live", n(N::Int), K::R),
        ("extensions", fmap_blob(), K::R),
        ("gc_grace_seconds", n(N::Int), K::R),
        ("id", n(N::Uuid), K::R),
        ("max_index_interval", n(N::Int), K::R),
        ("memtable_flush_period_in_ms", n(N::Int), K::R),
        ("min_index_interval", n(N::Int), K::R),
        ("read_repair", text(), K::R),
        ("read_repair_chance", n(N::Double), K::R),
        ("speculative_retry", text(), K::R),
    ]
}

/// The definitions of the `system_schema` tables.
pub fn tables() -> Vec<TableDef> {
    use NativeType as N;
    let ks = ("keyspace_name", text(), K::P(0));
    let mut tables_cols = vec![ks.clone(), ("table_name", text(), K::C(0))];
    tables_cols.extend(table_option_columns());
    tables_cols.push(("flags", fset_text(), K::R));
    let mut views_cols = vec![ks.clone(), ("view_name", text(), K::C(0))];
    views_cols.extend(table_option_columns());
    views_cols.extend([
        ("base_table_id", n(N::Uuid), K::R),
        ("base_table_name", text(), K::R),
        ("include_all_columns", n(N::Boolean), K::R),
        ("where_clause", text(), K::R),
    ]);
    vec![
        system_table(
            KS,
            "keyspaces",
            &[
                ks.clone(),
                ("durable_writes", n(N::Boolean), K::R),
                ("replication", fmap_text(), K::R),
            ],
        ),
        system_table(KS, "tables", &tables_cols),
        system_table(
            KS,
            "columns",
            &[
                ks.clone(),
                ("table_name", text(), K::C(0)),
                ("column_name", text(), K::C(1)),
                ("clustering_order", text(), K::R),
                ("column_name_bytes", n(N::Blob), K::R),
                ("kind", text(), K::R),
                ("position", n(N::Int), K::R),
                ("type", text(), K::R),
            ],
        ),
        system_table(
            KS,
            "dropped_columns",
            &[
                ks.clone(),
                ("table_name", text(), K::C(0)),
                ("column_name", text(), K::C(1)),
                ("dropped_time", n(N::Timestamp), K::R),
                ("kind", text(), K::R),
                ("type", text(), K::R),
            ],
        ),
        system_table(
            KS,
            "triggers",
            &[
                ks.clone(),
                ("table_name", text(), K::C(0)),
                ("trigger_name", text(), K::C(1)),
                ("options", fmap_text(), K::R),
            ],
        ),
        system_table(KS, "views", &views_cols),
        system_table(
            KS,
            "types",
            &[
                ks.clone(),
                ("type_name", text(), K::C(0)),
                ("field_names", flist_text(), K::R),
                ("field_types", flist_text(), K::R),
            ],
        ),
        system_table(
            KS,
            "functions",
            &[
                ks.clone(),
                ("function_name", text(), K::C(0)),
                ("argument_types", flist_text(), K::C(1)),
                ("argument_names", flist_text(), K::R),
                ("body", text(), K::R),
                ("called_on_null_input", n(N::Boolean), K::R),
                ("language", text(), K::R),
                ("return_type", text(), K::R),
            ],
        ),
        system_table(
            KS,
            "aggregates",
            &[
                ks.clone(),
                ("aggregate_name", text(), K::C(0)),
                ("argument_types", flist_text(), K::C(1)),
                ("final_func", text(), K::R),
                ("initcond", text(), K::R),
                ("return_type", text(), K::R),
                ("state_func", text(), K::R),
                ("state_type", text(), K::R),
            ],
        ),
        system_table(
            KS,
            "indexes",
            &[
                ks,
                ("table_name", text(), K::C(0)),
                ("index_name", text(), K::C(1)),
                ("kind", text(), K::R),
                ("options", fmap_text(), K::R),
            ],
        ),
    ]
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn text_map(m: &BTreeMap<String, String>) -> Value {
    Value::Map(m.iter().map(|(k, v)| (t(k), t(v))).collect())
}

/// Rewrites every `system_schema` partition of keyspace `ks` from the catalogue.
pub fn refresh(node: &mut Node, ks: &str) {
    let schema_tables: Vec<_> = match node.catalog.keyspaces.get(KS) {
        Some(k) => k.tables.values().cloned().collect(),
        None => return,
    };
    // Remove the keyspace's partition from each schema table.
    for st in &schema_tables {
        let key = vec![t(ks)];
        let pos = PartitionPos {
            token: token_of(st, &key),
            bytes: super::write::key_bytes(st, &key),
        };
        if let Some(d) = node.data.get_mut(&st.id) {
            d.partitions.remove(&pos);
        }
    }
    let Some(k) = node.catalog.keyspaces.get(ks).cloned() else {
        return;
    };
    let get = |name: &str| schema_tables.iter().find(|s| s.name == name).cloned();
    if let Some(st) = get("keyspaces") {
        put_row(
            node,
            &st,
            vec![
                ("keyspace_name", t(ks)),
                ("durable_writes", Value::Boolean(k.durable_writes)),
                ("replication", text_map(&k.replication)),
            ],
        );
    }
    write_types(node, &k, get("types"));
    for table in k.tables.values() {
        if let Some(st) = get("tables") {
            put_row(node, &st, table_row(table));
        }
        if let Some(st) = get("columns") {
            for c in &table.columns {
                let order = if c.kind == super::catalog::ColumnKind::Clustering {
                    if c.is_desc() {
                        "desc"
                    } else {
                        "asc"
                    }
                } else {
                    "none"
                };
                put_row(
                    node,
                    &st,
                    vec![
                        ("keyspace_name", t(ks)),
                        ("table_name", t(&table.name)),
                        ("column_name", t(&c.name)),
                        ("clustering_order", t(order)),
                        ("column_name_bytes", Value::Blob(c.name.as_bytes().to_vec())),
                        ("kind", t(c.kind.as_str())),
                        ("position", Value::Int(c.position)),
                        ("type", t(&values::type_to_schema_string(&c.ty))),
                    ],
                );
            }
        }
        if let Some(st) = get("dropped_columns") {
            for d in &table.dropped {
                put_row(
                    node,
                    &st,
                    vec![
                        ("keyspace_name", t(ks)),
                        ("table_name", t(&table.name)),
                        ("column_name", t(&d.name)),
                        ("dropped_time", Value::Timestamp(d.dropped_time / 1000)),
                        ("kind", t(d.kind.as_str())),
                        ("type", t(&values::type_to_schema_string(&d.ty))),
                    ],
                );
            }
        }
        if let Some(st) = get("indexes") {
            for i in &table.indexes {
                let mut opts = BTreeMap::new();
                opts.insert("target".to_string(), i.target.clone());
                let kind = if let Some(class) = &i.custom_class {
                    opts.insert("class_name".to_string(), class.clone());
                    "CUSTOM"
                } else {
                    "COMPOSITES"
                };
                put_row(
                    node,
                    &st,
                    vec![
                        ("keyspace_name", t(ks)),
                        ("table_name", t(&table.name)),
                        ("index_name", t(&i.name)),
                        ("kind", t(kind)),
                        ("options", text_map(&opts)),
                    ],
                );
            }
        }
    }
}

fn write_types(node: &mut Node, k: &KeyspaceDef, st: Option<std::sync::Arc<TableDef>>) {
    let Some(st) = st else {
        return;
    };
    for (name, ut) in &k.types {
        let names = ut.def.fields.iter().map(|(f, _)| t(f)).collect();
        let types = ut
            .def
            .fields
            .iter()
            .map(|(_, ty)| t(&values::type_to_schema_string(ty)))
            .collect();
        put_row(
            node,
            &st,
            vec![
                ("keyspace_name", t(&k.name)),
                ("type_name", t(name)),
                ("field_names", Value::List(names)),
                ("field_types", Value::List(types)),
            ],
        );
    }
}

fn table_row(table: &TableDef) -> Vec<(&'static str, Value)> {
    let o = &table.options;
    let mut flags = vec![t("compound")];
    if table.is_counter() {
        flags.push(t("counter"));
    }
    vec![
        ("keyspace_name", t(&table.keyspace)),
        ("table_name", t(&table.name)),
        ("additional_write_policy", t(&o.additional_write_policy)),
        (
            "bloom_filter_fp_chance",
            Value::Double(o.bloom_filter_fp_chance),
        ),
        ("caching", text_map(&o.caching)),
        ("cdc", Value::Boolean(o.cdc)),
        ("comment", t(&o.comment)),
        ("compaction", text_map(&o.compaction)),
        ("compression", text_map(&o.compression)),
        ("crc_check_chance", Value::Double(o.crc_check_chance)),
        ("dclocal_read_repair_chance", Value::Double(0.0)),
        ("default_time_to_live", Value::Int(o.default_time_to_live)),
        (
            "extensions",
            Value::Map(
                o.extensions
                    .iter()
                    .map(|(k, v)| (t(k), Value::Blob(v.clone())))
                    .collect(),
            ),
        ),
        ("flags", Value::Set(flags)),
        ("gc_grace_seconds", Value::Int(o.gc_grace_seconds)),
        ("id", Value::Uuid(table.id)),
        ("max_index_interval", Value::Int(o.max_index_interval)),
        (
            "memtable_flush_period_in_ms",
            Value::Int(o.memtable_flush_period_in_ms),
        ),
        ("min_index_interval", Value::Int(o.min_index_interval)),
        ("read_repair", t(&o.read_repair)),
        ("read_repair_chance", Value::Double(0.0)),
        ("speculative_retry", t(&o.speculative_retry)),
    ]
}
