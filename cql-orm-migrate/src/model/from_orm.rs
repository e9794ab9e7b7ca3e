//! Building a [`Snapshot`] from the models collected in a [`cql_orm::Schema`].

use std::collections::BTreeMap;

use cql_orm::model::{
    ClusteringOrder, ColumnKind as OrmKind, IndexTarget as OrmTarget, OptionValue as OrmValue,
};
use cql_orm::schema::TableSchema;

use super::{
    ColumnDef, ColumnKind, CqlType, FieldDef, IndexDef, IndexTarget, OptionValue, Order, Snapshot,
    TableDef, UserTypeDef,
};

impl Snapshot {
    /// The desired schema of the models and user types in `schema`: types in dependency
    /// order, then tables in the order they were added. Keyspace options are left unset
    /// (see [`Snapshot::with_keyspace`]); a model's own `#[cql(keyspace)]` is ignored, as the
    /// snapshot is applied to whichever keyspaces the migrator is pointed at.
    pub fn from_orm(schema: &cql_orm::Schema) -> Snapshot {
        let types = schema
            .types_in_dependency_order()
            .into_iter()
            .map(|t| UserTypeDef {
                name: t.name.to_owned(),
                fields: t
                    .fields
                    .iter()
                    .map(|f| FieldDef {
                        name: f.name.to_owned(),
                        ty: CqlType::from_orm(&f.cql_type),
                    })
                    .collect(),
            })
            .collect();
        let tables = schema.tables().iter().map(table).collect();
        Snapshot {
            types,
            tables,
            ..Snapshot::default()
        }
    }
}

fn table(t: &TableSchema) -> TableDef {
    let columns = t
        .columns
        .iter()
        .map(|c| {
            let kind = match c.kind {
                OrmKind::PartitionKey => ColumnKind::PartitionKey,
                OrmKind::Clustering => ColumnKind::Clustering,
                OrmKind::Static => ColumnKind::Static,
                OrmKind::Regular => ColumnKind::Regular,
            };
            ColumnDef {
                name: c.name.to_owned(),
                ty: CqlType::from_orm(&c.cql_type),
                kind,
                position: if kind.is_key() {
                    u32::try_from(c.position).unwrap_or(u32::MAX)
                } else {
                    0
                },
                order: match (kind, c.order) {
                    (ColumnKind::Clustering, ClusteringOrder::Desc) => Order::Desc,
                    _ => Order::Asc,
                },
            }
        })
        .collect();
    let indexes = t
        .columns
        .iter()
        .filter_map(|c| {
            let idx = c.index?;
            Some(IndexDef {
                name: idx.name.to_owned(),
                column: c.name.to_owned(),
                target: match idx.target {
                    OrmTarget::Values => IndexTarget::Values,
                    OrmTarget::Keys => IndexTarget::Keys,
                    OrmTarget::Entries => IndexTarget::Entries,
                    OrmTarget::Full => IndexTarget::Full,
                },
                class: None,
                options: BTreeMap::new(),
            })
        })
        .collect();
    let options = t
        .options
        .iter()
        .map(|o| {
            let value = match o.value {
                OrmValue::Int(i) => OptionValue::Int(i),
                OrmValue::Float(f) => OptionValue::Float(f),
                OrmValue::Str(s) => OptionValue::Text(s.to_owned()),
                OrmValue::Map(entries) => OptionValue::Map(
                    entries
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                ),
            };
            (o.name.to_owned(), value)
        })
        .collect();
    TableDef {
        name: t.name.to_owned(),
        columns,
        options,
        indexes,
    }
}
