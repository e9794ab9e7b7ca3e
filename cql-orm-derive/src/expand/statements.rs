//! The fixed CQL texts of a model, split around the table reference so one model serves
//! every keyspace (`head + "ks"."table" + tail`). Every identifier is double-quoted
//! verbatim, so case and reserved words are always safe.

use crate::internals::ast::{Model, ModelField};

/// The statement texts of one model.
pub(crate) struct Statements {
    /// Every column, comma separated, in declaration order.
    pub(crate) select_columns: String,
    /// `INSERT INTO ` + ` ("c", ...) VALUES (?, ...)`.
    pub(crate) insert: (String, String),
    /// `SELECT ... FROM ` + ` WHERE <full primary key>`.
    pub(crate) select_by_primary_key: (String, String),
    /// `DELETE FROM ` + ` WHERE <full primary key>`.
    pub(crate) delete_by_primary_key: (String, String),
    /// `SELECT ... FROM ` + ` WHERE <partition key>`.
    pub(crate) select_partition: (String, String),
}

/// `name` in double quotes, inner quotes doubled.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn names<'a, 'f: 'a>(fields: impl Iterator<Item = &'a ModelField<'f>>) -> Vec<String> {
    fields.map(|f| quoted(&f.column.value)).collect()
}

fn restriction(cols: &[String]) -> String {
    let parts: Vec<String> = cols.iter().map(|c| format!("{c} = ?")).collect();
    format!(" WHERE {}", parts.join(" AND "))
}

impl Statements {
    /// Computes every text for `m`.
    pub(crate) fn new(m: &Model<'_>) -> Self {
        let all = names(m.columns());
        let select_columns = all.join(", ");
        let pk = restriction(&names(m.primary_key()));
        let partition = restriction(&names(m.partition_key()));
        let markers = vec!["?"; all.len()].join(", ");
        let select_head = format!("SELECT {select_columns} FROM ");
        Statements {
            insert: (
                "INSERT INTO ".to_owned(),
                format!(" ({select_columns}) VALUES ({markers})"),
            ),
            select_by_primary_key: (select_head.clone(), pk.clone()),
            delete_by_primary_key: ("DELETE FROM ".to_owned(), pk),
            select_partition: (select_head, partition),
            select_columns,
        }
    }
}
