//! Reading a live keyspace's schema straight from `system_schema` (`keyspaces`, `tables`,
//! `columns`, `types`, `indexes`): the driver's metadata lacks clustering order, indexes and
//! table options.

use std::collections::{BTreeMap, BTreeSet};

use cql_orm::Session;
use scylla::value::CqlValue;

use crate::db::{self, RowRef};
use crate::error::{Error, Result};
use crate::history::HISTORY_TABLE;
use crate::lease::LEASE_TABLE;
use crate::model::{
    ColumnDef, ColumnKind, CqlType, FieldDef, IndexDef, IndexTarget, KeyspaceOptions, OptionValue,
    Order, Snapshot, TableDef, UserTypeDef,
};

/// The migrator's own tables in every keyspace it manages; they are not part of the
/// schema that is compared.
pub const INTERNAL_TABLES: [&str; 2] = [HISTORY_TABLE, LEASE_TABLE];

/// Columns of `system_schema.tables` that are not table options.
const NOT_OPTIONS: &[&str] = &["keyspace_name", "table_name", "id", "flags", "extensions"];

/// A live keyspace.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveKeyspace {
    /// Its schema (internal tables left out).
    pub schema: Snapshot,
    /// Which of [`INTERNAL_TABLES`] exist.
    pub internal: BTreeSet<String>,
}

/// The names of the live keyspaces, system keyspaces left out, sorted.
pub async fn keyspace_names(session: &Session) -> Result<Vec<String>> {
    let rows = db::select(
        session,
        "SELECT keyspace_name FROM system_schema.keyspaces",
        (),
        || "listing keyspaces".to_owned(),
    )
    .await?;
    let mut names: Vec<String> = rows
        .iter()
        .filter_map(|r| r.text("keyspace_name"))
        .filter(|n| !n.starts_with("system"))
        .collect();
    names.sort();
    Ok(names)
}

/// Whether a keyspace exists.
pub async fn keyspace_exists(session: &Session, keyspace: &str) -> Result<bool> {
    let rows = db::select(
        session,
        "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
        (keyspace,),
        || format!("reading system_schema.keyspaces for `{keyspace}`"),
    )
    .await?;
    Ok(rows.first().is_some())
}

/// The schema of keyspace `keyspace`, or `None` when it does not exist.
pub async fn keyspace(session: &Session, keyspace: &str) -> Result<Option<LiveKeyspace>> {
    let ctx = |table: &str| {
        let table = table.to_owned();
        let keyspace = keyspace.to_owned();
        move || format!("reading system_schema.{table} for `{keyspace}`")
    };
    let ks_rows = db::select(
        session,
        "SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
        (keyspace,),
        ctx("keyspaces"),
    )
    .await?;
    let Some(ks_row) = ks_rows.first() else {
        return Ok(None);
    };
    let options = KeyspaceOptions {
        replication: ks_row.text_map("replication"),
        durable_writes: ks_row.boolean("durable_writes").unwrap_or(true),
    };
    let tables = db::select(
        session,
        "SELECT * FROM system_schema.tables WHERE keyspace_name = ?",
        (keyspace,),
        ctx("tables"),
    )
    .await?;
    let columns = db::select(
        session,
        "SELECT table_name, column_name, clustering_order, kind, position, type FROM system_schema.columns WHERE keyspace_name = ?",
        (keyspace,),
        ctx("columns"),
    )
    .await?;
    let types = db::select(
        session,
        "SELECT type_name, field_names, field_types FROM system_schema.types WHERE keyspace_name = ?",
        (keyspace,),
        ctx("types"),
    )
    .await?;
    let indexes = db::select(
        session,
        "SELECT table_name, index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = ?",
        (keyspace,),
        ctx("indexes"),
    )
    .await?;

    let decode = |message: String| Error::Decode {
        context: format!("reading the schema of `{keyspace}`"),
        message,
    };
    let mut internal = BTreeSet::new();
    let mut by_name: BTreeMap<String, TableDef> = BTreeMap::new();
    for row in tables.iter() {
        let Some(name) = row.text("table_name") else {
            continue;
        };
        if INTERNAL_TABLES.contains(&name.as_str()) {
            internal.insert(name);
            continue;
        }
        by_name.insert(
            name.clone(),
            TableDef {
                name,
                columns: Vec::new(),
                options: table_options(row),
                indexes: Vec::new(),
            },
        );
    }
    for row in columns.iter() {
        let (Some(table), Some(name), Some(kind), Some(ty)) = (
            row.text("table_name"),
            row.text("column_name"),
            row.text("kind"),
            row.text("type"),
        ) else {
            continue;
        };
        // Columns of views and internal tables have no entry in `by_name`.
        let Some(t) = by_name.get_mut(&table) else {
            continue;
        };
        let kind = match kind.as_str() {
            "partition_key" => ColumnKind::PartitionKey,
            "clustering" => ColumnKind::Clustering,
            "static" => ColumnKind::Static,
            "regular" => ColumnKind::Regular,
            other => {
                return Err(decode(format!(
                    "column `{table}.{name}` has unknown kind `{other}`"
                )))
            }
        };
        let ty =
            CqlType::parse(&ty).map_err(|e| decode(format!("column `{table}.{name}`: {e}")))?;
        let position = row.int("position").unwrap_or(-1);
        t.columns.push(ColumnDef {
            name,
            ty,
            kind,
            position: if kind.is_key() {
                u32::try_from(position).unwrap_or(0)
            } else {
                0
            },
            order: match row.text("clustering_order").as_deref() {
                Some(o) if kind == ColumnKind::Clustering && o.eq_ignore_ascii_case("desc") => {
                    Order::Desc
                }
                _ => Order::Asc,
            },
        });
    }
    for row in indexes.iter() {
        let (Some(table), Some(name)) = (row.text("table_name"), row.text("index_name")) else {
            continue;
        };
        let Some(t) = by_name.get_mut(&table) else {
            continue;
        };
        let mut options = row.text_map("options");
        let target = options.remove("target").unwrap_or_default();
        let (target, column) = parse_target(&target);
        let class = options.remove("class_name");
        t.indexes.push(IndexDef {
            name,
            column,
            target,
            class,
            options,
        });
    }
    let mut user_types = Vec::new();
    for row in types.iter() {
        let Some(name) = row.text("type_name") else {
            continue;
        };
        let names = row.text_list("field_names");
        let tys = row.text_list("field_types");
        let mut fields = Vec::with_capacity(names.len());
        for (f, ty) in names.into_iter().zip(tys) {
            let ty = CqlType::parse(&ty).map_err(|e| decode(format!("field `{name}.{f}`: {e}")))?;
            fields.push(FieldDef { name: f, ty });
        }
        user_types.push(UserTypeDef { name, fields });
    }
    let mut tables: Vec<TableDef> = by_name.into_values().collect();
    for t in &mut tables {
        t.columns.sort_by(|a, b| {
            let rank = |c: &ColumnDef| match c.kind {
                ColumnKind::PartitionKey => 0,
                ColumnKind::Clustering => 1,
                ColumnKind::Static => 2,
                ColumnKind::Regular => 3,
            };
            (rank(a), a.position, &a.name).cmp(&(rank(b), b.position, &b.name))
        });
    }
    let schema = Snapshot {
        keyspace: Some(options),
        types: user_types,
        tables,
        ..Snapshot::default()
    };
    Ok(Some(LiveKeyspace {
        schema: types_sorted(schema),
        internal,
    }))
}

fn types_sorted(mut schema: Snapshot) -> Snapshot {
    let ordered: Vec<UserTypeDef> = schema
        .types_in_dependency_order()
        .into_iter()
        .cloned()
        .collect();
    schema.types = ordered;
    schema
}

/// Splits an index target as `system_schema.indexes` stores it: `col`, `"Col"`,
/// `values(col)`, `keys(col)`, `entries(col)`, `full(col)`.
fn parse_target(target: &str) -> (IndexTarget, String) {
    let t = target.trim();
    for (prefix, kind) in [
        ("values(", IndexTarget::Values),
        ("keys(", IndexTarget::Keys),
        ("entries(", IndexTarget::Entries),
        ("full(", IndexTarget::Full),
    ] {
        if let Some(inner) = t.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')) {
            return (kind, unquote(inner));
        }
    }
    (IndexTarget::Values, unquote(t))
}

fn unquote(name: &str) -> String {
    let n = name.trim();
    match n.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => n.to_owned(),
    }
}

fn table_options(row: RowRef<'_>) -> BTreeMap<String, OptionValue> {
    row.values()
        .filter(|(name, _)| !NOT_OPTIONS.contains(name))
        .filter_map(|(name, value)| {
            let v = match value {
                CqlValue::Boolean(b) => OptionValue::Bool(*b),
                CqlValue::Int(i) => OptionValue::Int(i64::from(*i)),
                CqlValue::BigInt(i) => OptionValue::Int(*i),
                CqlValue::Double(d) => OptionValue::Float(*d),
                CqlValue::Float(f) => OptionValue::Float(f64::from(*f)),
                CqlValue::Text(s) | CqlValue::Ascii(s) => OptionValue::Text(s.clone()),
                CqlValue::Map(entries) => OptionValue::Map(
                    entries
                        .iter()
                        .filter_map(|(k, v)| match (k, v) {
                            (CqlValue::Text(k), CqlValue::Text(v)) => Some((k.clone(), v.clone())),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => return None,
            };
            Some((name.to_owned(), v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_targets() {
        assert_eq!(
            parse_target("device"),
            (IndexTarget::Values, "device".into())
        );
        assert_eq!(
            parse_target("values(tags)"),
            (IndexTarget::Values, "tags".into())
        );
        assert_eq!(parse_target("keys(m)"), (IndexTarget::Keys, "m".into()));
        assert_eq!(
            parse_target("entries(\"M\")"),
            (IndexTarget::Entries, "M".into())
        );
        assert_eq!(parse_target("full(f)"), (IndexTarget::Full, "f".into()));
        assert_eq!(
            parse_target("\"a\"\"b\""),
            (IndexTarget::Values, "a\"b".into())
        );
    }
}
