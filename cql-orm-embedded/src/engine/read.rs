//! Reading stored rows back as values: live cells only, collections assembled from their
//! elements, write timestamps and remaining TTLs for WRITETIME/TTL.

use crate::types::CqlType;
use crate::value::Value;

use super::catalog::{ColumnKind, TableDef};
use super::storage::{ColumnData, ElemKey, Row};

/// A row as values, indexed like `TableDef::columns`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowView {
    /// Column values.
    pub values: Vec<Option<Value>>,
    /// Write timestamps of simple cells.
    pub writetimes: Vec<Option<i64>>,
    /// Remaining TTLs of simple cells.
    pub ttls: Vec<Option<i32>>,
}

/// The live value of a column in a row at `now`.
pub fn column_value(ty: &CqlType, data: Option<&ColumnData>, now: i64) -> Option<Value> {
    match data? {
        ColumnData::Simple(c) => {
            if c.is_live(now) {
                c.value.clone()
            } else {
                None
            }
        }
        ColumnData::Complex(cx) => {
            let live: Vec<(&ElemKey, Option<&Value>)> =
                cx.live(now).map(|(k, c)| (k, c.value.as_ref())).collect();
            if live.is_empty() {
                return None;
            }
            Some(match ty {
                CqlType::List { .. } => {
                    Value::List(live.into_iter().filter_map(|(_, v)| v.cloned()).collect())
                }
                CqlType::Set { .. } => Value::Set(
                    live.into_iter()
                        .filter_map(|(k, _)| match k {
                            ElemKey::Value(v) => Some(v.clone()),
                            _ => None,
                        })
                        .collect(),
                ),
                CqlType::Map { .. } => Value::Map(
                    live.into_iter()
                        .filter_map(|(k, v)| match (k, v) {
                            (ElemKey::Value(k), Some(v)) => Some((k.clone(), v.clone())),
                            _ => None,
                        })
                        .collect(),
                ),
                CqlType::Udt { def, .. } => {
                    let mut fields: Vec<Option<Value>> = vec![None; def.fields.len()];
                    for (k, v) in live {
                        if let (ElemKey::Field(i), Some(v)) = (k, v) {
                            if let Some(slot) = fields.get_mut(*i) {
                                *slot = Some(v.clone());
                            }
                        }
                    }
                    Value::Udt(fields)
                }
                _ => return None,
            })
        }
    }
}

/// Materialises a row: key values, static cells and regular cells.
pub fn view(
    table: &TableDef,
    pk: &[Value],
    ck: &[Value],
    static_row: &Row,
    row: Option<&Row>,
    now: i64,
) -> RowView {
    let n = table.columns.len();
    let mut out = RowView {
        values: vec![None; n],
        writetimes: vec![None; n],
        ttls: vec![None; n],
    };
    for (i, c) in table.columns.iter().enumerate() {
        match c.kind {
            ColumnKind::PartitionKey => {
                out.values[i] = pk.get(c.position as usize).cloned();
            }
            ColumnKind::Clustering => {
                if row.is_some() {
                    out.values[i] = ck.get(c.position as usize).cloned();
                }
            }
            ColumnKind::Static | ColumnKind::Regular => {
                let source = if c.kind == ColumnKind::Static {
                    Some(static_row)
                } else {
                    row
                };
                let Some(source) = source else {
                    continue;
                };
                let data = source.cells.get(&c.id);
                out.values[i] = column_value(&c.ty, data, now);
                if let Some(ColumnData::Simple(cell)) = data {
                    if cell.is_live(now) {
                        out.writetimes[i] = Some(cell.ts);
                        out.ttls[i] = cell.ttl.map(|t| (t.expires - now).max(0) as i32);
                    }
                }
            }
        }
    }
    out
}
