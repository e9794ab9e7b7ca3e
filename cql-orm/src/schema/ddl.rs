//! Rendering CQL text from model metadata: DDL and the fixed statements.

use std::fmt::Write as _;

use super::{push_quoted, quote, TableSchema};
use crate::model::{
    ClusteringOrder, ColumnDef, ColumnKind, FieldDef, IndexTarget, OptionValue, Statements,
    TableOption, Template,
};

fn key_columns(columns: &[ColumnDef], kind: ColumnKind) -> Vec<&ColumnDef> {
    let mut v: Vec<&ColumnDef> = columns.iter().filter(|c| c.kind == kind).collect();
    v.sort_by_key(|c| c.position);
    v
}

fn push_list<'a>(
    out: &mut String,
    names: impl IntoIterator<Item = &'a str>,
    sep: &str,
    suffix: &str,
) {
    for (i, n) in names.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        push_quoted(out, n);
        out.push_str(suffix);
    }
}

/// Renders, at run time, the texts `#[derive(Model)]` generates as `Model::STATEMENTS`
/// (tests compare the two).
pub fn render_statements(columns: &[ColumnDef]) -> OwnedStatements {
    let mut cols = String::new();
    push_list(&mut cols, columns.iter().map(|c| c.name), ", ", "");
    let pk = key_columns(columns, ColumnKind::PartitionKey);
    let ck = key_columns(columns, ColumnKind::Clustering);
    let mut pk_where = String::new();
    push_list(&mut pk_where, pk.iter().map(|c| c.name), " AND ", " = ?");
    let mut full_where = pk_where.clone();
    if !ck.is_empty() {
        full_where.push_str(" AND ");
        push_list(&mut full_where, ck.iter().map(|c| c.name), " AND ", " = ?");
    }
    let markers = vec!["?"; columns.len()].join(", ");
    OwnedStatements {
        select_columns: cols.clone(),
        insert: (
            "INSERT INTO ".to_owned(),
            format!(" ({cols}) VALUES ({markers})"),
        ),
        select_by_primary_key: (
            format!("SELECT {cols} FROM "),
            format!(" WHERE {full_where}"),
        ),
        delete_by_primary_key: ("DELETE FROM ".to_owned(), format!(" WHERE {full_where}")),
        select_partition: (format!("SELECT {cols} FROM "), format!(" WHERE {pk_where}")),
    }
}

/// Owned counterpart of [`Statements`] produced by [`render_statements`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedStatements {
    /// See [`Statements::select_columns`].
    pub select_columns: String,
    /// See [`Statements::insert`] (head, tail).
    pub insert: (String, String),
    /// See [`Statements::select_by_primary_key`].
    pub select_by_primary_key: (String, String),
    /// See [`Statements::delete_by_primary_key`].
    pub delete_by_primary_key: (String, String),
    /// See [`Statements::select_partition`].
    pub select_partition: (String, String),
}

impl OwnedStatements {
    /// Whether generated statements equal these.
    pub fn matches(&self, s: &Statements) -> bool {
        let eq = |a: &(String, String), b: &Template| a.0 == b.head && a.1 == b.tail;
        self.select_columns == s.select_columns
            && eq(&self.insert, &s.insert)
            && eq(&self.select_by_primary_key, &s.select_by_primary_key)
            && eq(&self.delete_by_primary_key, &s.delete_by_primary_key)
            && eq(&self.select_partition, &s.select_partition)
    }
}

fn option_value(out: &mut String, v: &OptionValue) {
    match v {
        OptionValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        OptionValue::Float(f) => {
            let _ = write!(out, "{f}");
        }
        OptionValue::Str(s) => push_string_literal(out, s),
        OptionValue::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_string_literal(out, k);
                out.push_str(": ");
                push_string_literal(out, v);
            }
            out.push('}');
        }
    }
}

fn push_string_literal(out: &mut String, s: &str) {
    out.push('\'');
    out.push_str(&s.replace('\'', "''"));
    out.push('\'');
}

/// `CREATE TABLE IF NOT EXISTS "ks"."table" (...) WITH ...`.
pub fn create_table_cql(ks: &str, table: &TableSchema) -> String {
    let mut s = format!(
        "CREATE TABLE IF NOT EXISTS {}.{} (",
        quote(ks),
        quote(table.name)
    );
    for c in table.columns {
        push_quoted(&mut s, c.name);
        let _ = write!(s, " {}", c.cql_type.ddl_string());
        if c.kind == ColumnKind::Static {
            s.push_str(" STATIC");
        }
        s.push_str(", ");
    }
    let pk = key_columns(table.columns, ColumnKind::PartitionKey);
    let ck = key_columns(table.columns, ColumnKind::Clustering);
    s.push_str("PRIMARY KEY (");
    if pk.len() == 1 {
        push_list(&mut s, pk.iter().map(|c| c.name), ", ", "");
    } else {
        s.push('(');
        push_list(&mut s, pk.iter().map(|c| c.name), ", ", "");
        s.push(')');
    }
    for c in &ck {
        s.push_str(", ");
        push_quoted(&mut s, c.name);
    }
    s.push_str("))");
    let mut with: Vec<String> = Vec::new();
    if ck.iter().any(|c| c.order == ClusteringOrder::Desc) {
        let mut o = String::from("CLUSTERING ORDER BY (");
        for (i, c) in ck.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            push_quoted(&mut o, c.name);
            o.push(' ');
            o.push_str(c.order.keyword());
        }
        o.push(')');
        with.push(o);
    }
    for TableOption { name, value } in table.options {
        let mut o = format!("{name} = ");
        option_value(&mut o, value);
        with.push(o);
    }
    if !with.is_empty() {
        s.push_str(" WITH ");
        s.push_str(&with.join(" AND "));
    }
    s
}

/// `CREATE INDEX IF NOT EXISTS "name" ON "ks"."table" (target)` for every indexed column.
pub fn create_index_cql(ks: &str, table: &TableSchema) -> Vec<String> {
    table
        .columns
        .iter()
        .filter_map(|c| {
            let idx = c.index?;
            let col = quote(c.name);
            let target = match idx.target {
                IndexTarget::Values => col,
                IndexTarget::Keys => format!("KEYS({col})"),
                IndexTarget::Entries => format!("ENTRIES({col})"),
                IndexTarget::Full => format!("FULL({col})"),
            };
            Some(format!(
                "CREATE INDEX IF NOT EXISTS {} ON {}.{} ({target})",
                quote(idx.name),
                quote(ks),
                quote(table.name)
            ))
        })
        .collect()
}

/// `CREATE TYPE IF NOT EXISTS "ks"."name" ("field" type, ...)`.
pub fn create_type_cql(ks: &str, name: &str, fields: &[FieldDef]) -> String {
    let mut s = format!("CREATE TYPE IF NOT EXISTS {}.{} (", quote(ks), quote(name));
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        push_quoted(&mut s, f.name);
        let _ = write!(s, " {}", f.cql_type.ddl_field_string());
    }
    s.push(')');
    s
}
