//! Schema: identifier quoting, statement and DDL rendering, [`Schema`] (a set of models and
//! user types) with [`Schema::create_all`], and [`Verify::verify`].

mod ddl;
mod verify;

use std::collections::BTreeSet;

pub use ddl::{create_index_cql, create_table_cql, create_type_cql, render_statements};
pub use verify::{Difference, Verify};

use crate::error::Result;
use crate::model::{ColumnDef, FieldDef, Model, TableOption, UserType};
use crate::session::Db;

/// Appends `"name"` (inner `"` doubled) to `out`.
pub fn push_quoted(out: &mut String, name: &str) {
    out.reserve(name.len() + 2);
    out.push('"');
    if name.bytes().any(|b| b == b'"') {
        for part in name.split_inclusive('"') {
            out.push_str(part);
            if part.ends_with('"') {
                out.push('"');
            }
        }
    } else {
        // The usual case, copied whole (statement texts are rendered on every execution).
        out.push_str(name);
    }
    out.push('"');
}

/// `"name"` (inner `"` doubled). Every identifier cql-orm renders is quoted this way, so names
/// are used verbatim (case-sensitive) and reserved words are harmless.
pub fn quote(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    push_quoted(&mut s, name);
    s
}

/// A model's table, as collected by [`Schema`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableSchema {
    /// The table name.
    pub name: &'static str,
    /// The model's own keyspace, if any.
    pub keyspace: Option<&'static str>,
    /// The columns in declaration order.
    pub columns: &'static [ColumnDef],
    /// The table options.
    pub options: &'static [TableOption],
}

impl TableSchema {
    /// The table of model `M`.
    pub fn of<M: Model>() -> Self {
        TableSchema {
            name: M::TABLE,
            keyspace: M::KEYSPACE,
            columns: M::COLUMNS,
            options: M::OPTIONS,
        }
    }
}

/// A user-defined type, as collected by [`Schema`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypeSchema {
    /// The type name.
    pub name: &'static str,
    /// The fields in declaration order.
    pub fields: &'static [FieldDef],
}

/// A set of models and user-defined types: renders their DDL (types first, in dependency
/// order) and creates them.
///
/// ```
/// # use cql_orm::Schema;
/// let schema = Schema::new();
/// assert!(schema.ddl("ks").is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Schema {
    tables: Vec<TableSchema>,
    types: Vec<TypeSchema>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Schema::default()
    }

    /// Adds a model's table (and its indexes).
    pub fn model<M: Model>(mut self) -> Self {
        self.tables.push(TableSchema::of::<M>());
        self
    }

    /// Adds a user-defined type.
    pub fn user_type<T: UserType>(mut self) -> Self {
        self.types.push(TypeSchema {
            name: T::NAME,
            fields: T::FIELDS,
        });
        self
    }

    /// The tables added so far.
    pub fn tables(&self) -> &[TableSchema] {
        &self.tables
    }

    /// The user-defined types added so far.
    pub fn types(&self) -> &[TypeSchema] {
        &self.types
    }

    /// The types ordered so that every type comes after the types its fields use.
    pub fn types_in_dependency_order(&self) -> Vec<TypeSchema> {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut out = Vec::with_capacity(self.types.len());
        let known: BTreeSet<&str> = self.types.iter().map(|t| t.name).collect();
        while out.len() < self.types.len() {
            let before = out.len();
            for t in &self.types {
                if done.contains(t.name) {
                    continue;
                }
                let mut ready = true;
                for f in t.fields {
                    f.cql_type.visit_udts(&mut |dep| {
                        if dep != t.name && known.contains(dep) && !done.contains(dep) {
                            ready = false;
                        }
                    });
                }
                if ready {
                    done.insert(t.name);
                    out.push(*t);
                }
            }
            if out.len() == before {
                // A cycle (which CQL cannot express anyway): keep declaration order.
                out.extend(
                    self.types
                        .iter()
                        .filter(|t| !done.contains(t.name))
                        .copied(),
                );
                break;
            }
        }
        out
    }

    /// Every DDL statement for keyspace `ks`: types, then tables, then indexes, each with
    /// `IF NOT EXISTS`.
    pub fn ddl(&self, ks: &str) -> Vec<String> {
        let mut out = Vec::new();
        for t in self.types_in_dependency_order() {
            out.push(create_type_cql(ks, t.name, t.fields));
        }
        for t in &self.tables {
            out.push(create_table_cql(ks, t));
        }
        for t in &self.tables {
            out.extend(create_index_cql(ks, t));
        }
        out
    }

    /// Creates keyspace `ks` if missing (SimpleStrategy, replication factor 1: meant for tests
    /// and prototypes), then every type, table and index, awaiting schema agreement.
    pub async fn create_all(&self, db: &impl Db, ks: &str) -> Result<()> {
        let session = db.session();
        session
            .execute_raw(&format!(
                "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}",
                quote(ks)
            ))
            .await?;
        for stmt in self.ddl(ks) {
            session.execute_raw(&stmt).await?;
        }
        session.await_schema_agreement().await
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_doubles_inner_quotes() {
        assert_eq!(quote("events"), "\"events\"");
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote("\"x\"\""), "\"\"\"x\"\"\"\"\"");
        assert_eq!(quote("é\"ü"), "\"é\"\"ü\"");
    }
}
