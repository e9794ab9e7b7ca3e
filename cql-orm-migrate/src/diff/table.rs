//! Comparing one table: keys, columns, options and indexes.

use std::collections::BTreeMap;

use super::{Change, Diff, Refusal, RefusalKind};
use crate::model::{option_matches, ColumnDef, IndexDef, TableDef};

fn key_refusal(want: &TableDef, have: &TableDef) -> Option<Refusal> {
    let (wp, hp) = (want.partition_key(), have.partition_key());
    let (wc, hc) = (want.clustering(), have.clustering());
    let same = |a: &[&ColumnDef], b: &[&ColumnDef]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.name == y.name && x.ty == y.ty)
    };
    let manual = format!(
        "create a new table (for example `{}_v2`) with the new key, copy the rows over (a migration file, DSBulk or a Spark job), move the application to it, then drop `{}` (with --allow-destructive)",
        want.name, want.name
    );
    if !same(&wp, &hp) {
        return Some(Refusal {
            object: format!("table {}", want.name),
            kind: RefusalKind::PrimaryKey,
            reason: format!(
                "the partition key is {} in the keyspace but {} in the snapshot; Cassandra cannot change a primary key",
                describe_key(&hp),
                describe_key(&wp)
            ),
            manual,
        });
    }
    if !same(&wc, &hc) {
        return Some(Refusal {
            object: format!("table {}", want.name),
            kind: RefusalKind::PrimaryKey,
            reason: format!(
                "the clustering columns are {} in the keyspace but {} in the snapshot; Cassandra cannot change a primary key",
                describe_key(&hc),
                describe_key(&wc)
            ),
            manual,
        });
    }
    let differs: Vec<&str> = wc
        .iter()
        .zip(&hc)
        .filter(|(w, h)| w.order != h.order)
        .map(|(w, _)| w.name.as_str())
        .collect();
    if !differs.is_empty() {
        let order = |cols: &[&ColumnDef]| {
            let v: Vec<String> = cols
                .iter()
                .map(|c| format!("{} {}", c.name, c.order.keyword()))
                .collect();
            v.join(", ")
        };
        return Some(Refusal {
            object: format!("table {}", want.name),
            kind: RefusalKind::ClusteringOrder,
            reason: format!(
                "the clustering order is ({}) in the keyspace but ({}) in the snapshot; rows are stored in that order, so it cannot change in place",
                order(&hc),
                order(&wc)
            ),
            manual: format!(
                "create a new table with `WITH CLUSTERING ORDER BY ({})`, copy the rows over, move the application to it, then drop `{}` (with --allow-destructive); or keep the order and read with ORDER BY",
                order(&wc),
                want.name
            ),
        });
    }
    None
}

fn describe_key(cols: &[&ColumnDef]) -> String {
    if cols.is_empty() {
        return "()".to_owned();
    }
    let v: Vec<String> = cols
        .iter()
        .map(|c| format!("{} {}", c.name, c.ty))
        .collect();
    format!("({})", v.join(", "))
}

fn type_refusal(table: &str, want: &ColumnDef, have: &ColumnDef) -> Refusal {
    let why = if want.ty.unfrozen() == have.ty.unfrozen() {
        "frozen and non-frozen values are stored differently and cannot be converted in place"
    } else {
        "Cassandra cannot change the type of an existing column"
    };
    Refusal {
        object: format!("column {table}.{}", want.name),
        kind: RefusalKind::TypeChange,
        reason: format!(
            "it is `{}` in the keyspace but `{}` in the snapshot; {why}",
            have.ty, want.ty
        ),
        manual: format!(
            "add a column with a new name and type `{}`, backfill it from `{}` (a migration file or a job), move readers and writers to it, then drop `{}` (with --allow-destructive)",
            want.ty, want.name, want.name
        ),
    }
}

fn index_matches(want: &IndexDef, have: &IndexDef) -> bool {
    let short = |c: &Option<String>| {
        c.as_deref()
            .map(|c| c.rsplit('.').next().unwrap_or(c).to_owned())
    };
    want.column == have.column
        && want.target == have.target
        && short(&want.class) == short(&have.class)
        && want
            .options
            .iter()
            .all(|(k, v)| have.options.get(k) == Some(v))
}

/// Appends the changes and refusals that turn `have` into `want`. `owned` is `None` when
/// everything live may be dropped, else what the migrator applied before (`Some(None)`:
/// it never had this table).
pub(super) fn diff_table(
    want: &TableDef,
    have: &TableDef,
    owned: Option<Option<&TableDef>>,
    out: &mut Diff,
) {
    let owns_column = |c: &str| owned.is_none_or(|t| t.is_some_and(|t| t.column(c).is_some()));
    let owns_index = |i: &str| owned.is_none_or(|t| t.is_some_and(|t| t.index(i).is_some()));
    if let Some(r) = key_refusal(want, have) {
        out.refusals.push(r);
    }
    for w in &want.columns {
        match have.column(&w.name) {
            None if w.kind.is_key() => {} // part of the refused key change
            None => out.changes.push(Change::AddColumn {
                table: want.name.clone(),
                column: w.clone(),
            }),
            Some(h) => {
                if w.kind.is_key() || h.kind.is_key() {
                    // Key columns agree unless the key change was refused above.
                    continue;
                }
                if w.ty != h.ty {
                    out.refusals.push(type_refusal(&want.name, w, h));
                } else if w.kind != h.kind {
                    out.refusals.push(Refusal {
                        object: format!("column {}.{}", want.name, w.name),
                        kind: RefusalKind::KindChange,
                        reason: format!(
                            "it is {} in the keyspace but {} in the snapshot; a column cannot move between static and regular in place",
                            h.kind.as_str(),
                            w.kind.as_str()
                        ),
                        manual: format!(
                            "add a {} column with a new name, backfill it, move the application to it, then drop `{}` (with --allow-destructive)",
                            w.kind.as_str(),
                            w.name
                        ),
                    });
                }
            }
        }
    }
    for h in &have.columns {
        if want.column(&h.name).is_none() && !h.kind.is_key() && owns_column(&h.name) {
            out.changes.push(Change::DropColumn {
                table: want.name.clone(),
                column: h.name.clone(),
            });
        }
    }
    let options: BTreeMap<_, _> = want
        .options
        .iter()
        .filter(|(name, value)| {
            !have
                .options
                .get(*name)
                .is_some_and(|live| option_matches(name, value, live))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !options.is_empty() {
        out.changes.push(Change::AlterOptions {
            table: want.name.clone(),
            options,
        });
    }
    for h in &have.indexes {
        let drop = match want.index(&h.name) {
            // Recreated below with the desired definition.
            Some(w) => !index_matches(w, h),
            None => owns_index(&h.name),
        };
        if drop {
            out.changes.push(Change::DropIndex {
                table: want.name.clone(),
                index: h.name.clone(),
            });
        }
    }
    for w in &want.indexes {
        let exists = have.index(&w.name).is_some_and(|h| index_matches(w, h));
        if !exists {
            out.changes.push(Change::CreateIndex {
                table: want.name.clone(),
                index: w.clone(),
            });
        }
    }
}
