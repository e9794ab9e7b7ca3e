//! The CQL statement of each [`Change`].

use super::Change;
use crate::cql::{ident, qualified, string_literal, KsRef};
use crate::model::{ColumnKind, IndexDef, IndexTarget, OptionValue, TableDef, UserTypeDef};

impl Change {
    /// The statement that makes the change in keyspace `ks`.
    pub fn cql(&self, ks: KsRef<'_>) -> String {
        match self {
            Change::CreateKeyspace(o) => {
                format!(
                    "CREATE KEYSPACE IF NOT EXISTS {ks} WITH {}",
                    o.with_clause()
                )
            }
            Change::CreateType(t) => create_type(ks, t),
            Change::AddField { type_name, field } => format!(
                "ALTER TYPE {} ADD {} {}",
                qualified(ks, type_name),
                ident(&field.name),
                field.ty
            ),
            Change::CreateTable(t) => create_table(ks, t),
            Change::AddColumn { table, column } => format!(
                "ALTER TABLE {} ADD {} {}{}",
                qualified(ks, table),
                ident(&column.name),
                column.ty,
                if column.kind == ColumnKind::Static {
                    " STATIC"
                } else {
                    ""
                }
            ),
            Change::AlterOptions { table, options } => format!(
                "ALTER TABLE {} WITH {}",
                qualified(ks, table),
                with_options(options.iter())
            ),
            Change::DropIndex { index, .. } => {
                format!("DROP INDEX IF EXISTS {}", qualified(ks, index))
            }
            Change::CreateIndex { table, index } => create_index(ks, table, index),
            Change::DropColumn { table, column } => format!(
                "ALTER TABLE {} DROP {}",
                qualified(ks, table),
                ident(column)
            ),
            Change::DropTable { table } => {
                format!("DROP TABLE IF EXISTS {}", qualified(ks, table))
            }
            Change::DropType { type_name } => {
                format!("DROP TYPE IF EXISTS {}", qualified(ks, type_name))
            }
        }
    }
}

fn with_options<'a>(options: impl Iterator<Item = (&'a String, &'a OptionValue)>) -> String {
    options
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn create_type(ks: KsRef<'_>, t: &UserTypeDef) -> String {
    let fields: Vec<String> = t
        .fields
        .iter()
        .map(|f| format!("{} {}", ident(&f.name), f.ty))
        .collect();
    format!(
        "CREATE TYPE IF NOT EXISTS {} ({})",
        qualified(ks, &t.name),
        fields.join(", ")
    )
}

fn create_table(ks: KsRef<'_>, t: &TableDef) -> String {
    let mut parts: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let mut s = format!("{} {}", ident(&c.name), c.ty);
            if c.kind == ColumnKind::Static {
                s.push_str(" STATIC");
            }
            s
        })
        .collect();
    let pk: Vec<String> = t
        .partition_key()
        .iter()
        .map(|c| ident(&c.name).into_owned())
        .collect();
    let ck = t.clustering();
    let mut key = if pk.len() == 1 {
        pk.join("")
    } else {
        format!("({})", pk.join(", "))
    };
    for c in &ck {
        key.push_str(", ");
        key.push_str(&ident(&c.name));
    }
    parts.push(format!("PRIMARY KEY ({key})"));
    let mut with = Vec::new();
    if ck.iter().any(|c| c.order == crate::model::Order::Desc) {
        let order: Vec<String> = ck
            .iter()
            .map(|c| format!("{} {}", ident(&c.name), c.order.keyword()))
            .collect();
        with.push(format!("CLUSTERING ORDER BY ({})", order.join(", ")));
    }
    if !t.options.is_empty() {
        with.push(with_options(t.options.iter()));
    }
    let mut s = format!(
        "CREATE TABLE IF NOT EXISTS {} ({})",
        qualified(ks, &t.name),
        parts.join(", ")
    );
    if !with.is_empty() {
        s.push_str(" WITH ");
        s.push_str(&with.join(" AND "));
    }
    s
}

fn create_index(ks: KsRef<'_>, table: &str, i: &IndexDef) -> String {
    let col = ident(&i.column);
    let target = match i.target {
        IndexTarget::Values => col.into_owned(),
        IndexTarget::Keys => format!("KEYS({col})"),
        IndexTarget::Entries => format!("ENTRIES({col})"),
        IndexTarget::Full => format!("FULL({col})"),
    };
    let on = format!("{} ON {} ({target})", ident(&i.name), qualified(ks, table));
    match &i.class {
        None => format!("CREATE INDEX IF NOT EXISTS {on}"),
        Some(class) => {
            let mut s = format!(
                "CREATE CUSTOM INDEX IF NOT EXISTS {on} USING {}",
                string_literal(class)
            );
            if !i.options.is_empty() {
                s.push_str(&format!(
                    " WITH OPTIONS = {}",
                    OptionValue::Map(i.options.clone())
                ));
            }
            s
        }
    }
}
