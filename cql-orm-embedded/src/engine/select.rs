//! SELECT execution: partitions in token (or IN) order, rows in clustering order, filters,
//! limits, ORDER BY, DISTINCT, aggregates and paging.

use std::cmp::Ordering;

use crate::cql::ast::{Order, Select};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::api::{ColumnSpec, ConnectionState, Outcome, Response, RowSet};
use super::catalog::{ColumnKind, TableDef};
use super::paging::PagingState;
use super::read::{view, RowView};

/// A callback over matching rows: partition position, clustering values, the row; returns
/// false to stop.
type RowVisitor<'f> = dyn FnMut(&PartitionPos, Option<&[Value]>, &RowView) -> bool + 'f;
use super::restrictions::{analyze, clustering_types, PartitionSel, WhereClause, WhereKind};
use super::selection::{accumulate, eval_sel, finish, resolve, AggState, ResolvedSelection};
use super::storage::{compare_clustering, Partition, PartitionPos};
use super::terms::{eval, BindCtx, Bound};
use super::write::partition_pos;
use super::{keyspace_of, now_seconds, Engine, Node, RequestOptions};

fn limit_value(
    term: &Option<crate::cql::ast::Term>,
    name: &str,
    ctx: &mut BindCtx,
) -> CqlResult<Option<u64>> {
    let Some(t) = term else {
        return Ok(None);
    };
    match eval(t, name, &CqlType::Native(NativeType::Int), ctx)? {
        Bound::Value(Value::Int(n)) => {
            if n <= 0 {
                let what = if name == "[limit]" {
                    "LIMIT"
                } else {
                    "PER PARTITION LIMIT"
                };
                return Err(CqlError::invalid(format!(
                    "{what} must be strictly positive"
                )));
            }
            Ok(Some(n as u64))
        }
        Bound::Value(_) | Bound::Unset => Ok(None),
        Bound::Null => Err(CqlError::invalid(format!(
            "Invalid null value of {}",
            if name == "[limit]" {
                "limit"
            } else {
                "per partition limit"
            }
        ))),
    }
}

/// Whether rows come out in reverse clustering order.
fn check_order(table: &TableDef, sel: &Select, wc: &WhereClause) -> CqlResult<bool> {
    if sel.order_by.is_empty() {
        return Ok(false);
    }
    if !matches!(wc.partition, PartitionSel::Keys(_)) {
        return Err(CqlError::invalid(
            "ORDER BY is only supported when the partition key is restricted by an EQ or an IN.",
        ));
    }
    let ck = table.clustering();
    let mut reversed: Option<bool> = None;
    for (i, (name, order)) in sel.order_by.iter().enumerate() {
        let c = &table.columns[table.existing_column(name)?];
        if c.kind != ColumnKind::Clustering {
            return Err(CqlError::invalid(format!(
                "Order by is currently only supported on the clustered columns of the PRIMARY KEY, got {name}"
            )));
        }
        if ck.get(i).map(|x| &x.name) != Some(name) {
            return Err(CqlError::invalid(
                "Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY",
            ));
        }
        let rev = (*order == Order::Desc) != c.is_desc();
        match reversed {
            None => reversed = Some(rev),
            Some(r) if r != rev => {
                return Err(CqlError::invalid("Unsupported order by relation"));
            }
            _ => {}
        }
    }
    Ok(reversed.unwrap_or(false))
}

struct Collected {
    rows: Vec<Vec<Option<Value>>>,
    paging: Option<PagingState>,
}

/// Runs a SELECT.
pub fn run(
    engine: &Engine,
    node: &Node,
    conn: &ConnectionState,
    sel: &Select,
    ctx: &mut BindCtx,
    opts: &RequestOptions,
) -> CqlResult<Response> {
    let _ = engine;
    let ks = keyspace_of(&sel.table, conn)?;
    let table = node.catalog.table(&ks, &sel.table.name)?;
    if sel.json {
        return Err(CqlError::invalid("SELECT JSON is not supported"));
    }
    if !sel.group_by.is_empty() {
        return Err(CqlError::invalid("GROUP BY is not supported"));
    }
    let selection = resolve(&table, &sel.selection, ctx)?;
    if sel.distinct {
        for (s, n, _) in &selection.items {
            if let super::selection::Sel::Column(i) = s {
                let k = table.columns[*i].kind;
                if !matches!(k, ColumnKind::PartitionKey | ColumnKind::Static) {
                    return Err(CqlError::invalid(format!(
                        "SELECT DISTINCT queries must only request partition key columns and/or static columns (not {n})"
                    )));
                }
            }
        }
    }
    let wc = analyze(
        &table,
        &sel.where_clause,
        WhereKind::Select {
            allow_filtering: sel.allow_filtering,
        },
        ctx,
    )?;
    let regular_filter = wc
        .filters
        .iter()
        .any(|f| table.columns[f.column()].kind == ColumnKind::Regular);
    if sel.distinct && (!wc.clustering.is_empty() || regular_filter) {
        return Err(CqlError::invalid(
            "SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.",
        ));
    }
    let reversed = check_order(&table, sel, &wc)?;
    let limit = limit_value(&sel.limit, "[limit]", ctx)?;
    let ppl = limit_value(&sel.per_partition_limit, "[per_partition_limit]", ctx)?;
    let columns: Vec<ColumnSpec> = selection
        .items
        .iter()
        .map(|(_, name, ty)| ColumnSpec {
            keyspace: table.keyspace.clone(),
            table: table.name.clone(),
            name: name.clone(),
            ty: ty.clone(),
        })
        .collect();
    if ctx.is_preparing() {
        return Ok(super::resp(Outcome::Rows(RowSet {
            columns,
            rows: Vec::new(),
            paging_state: None,
        })));
    }
    let mut warnings = Vec::new();
    let ck_types: Vec<CqlType> = table.clustering().iter().map(|c| c.ty.clone()).collect();
    let page_size = if selection.aggregate {
        None
    } else {
        opts.page_size
    };
    // Ordering the rows of several partitions needs them all at once (CASSANDRA-6722).
    let needs_paging = page_size.is_some_and(|p| limit.is_none_or(|l| l > p as u64));
    if needs_paging && wc.partition_in && !sel.order_by.is_empty() {
        return Err(CqlError::invalid(
            "Cannot page queries with both ORDER BY and a IN restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable paging for this query",
        ));
    }
    let resume = match &opts.paging_state {
        Some(b) if !selection.aggregate => Some(PagingState::decode(b, &ck_types)?),
        _ => None,
    };
    let scan = Scan {
        table: &table,
        wc: &wc,
        selection: &selection,
        reversed,
        distinct: sel.distinct,
        limit,
        ppl,
        page_size,
        now: now_seconds(),
        ordered_multi: !sel.order_by.is_empty()
            && matches!(&wc.partition, PartitionSel::Keys(k) if k.len() > 1),
    };
    let rows = if selection.aggregate {
        if matches!(wc.partition, PartitionSel::Scan { .. }) {
            warnings.push("Aggregation query used without partition key".to_string());
        }
        let mut states = AggState::for_selection(&selection);
        let mut err = None;
        scan.for_each_row(node, None, &mut |_, _, v| {
            if let Err(e) = accumulate(&selection, &mut states, &table, v) {
                err = Some(e);
                return false;
            }
            true
        });
        if let Some(e) = err {
            return Err(e);
        }
        let mut r = vec![finish(&states)];
        if limit == Some(0) {
            r.clear();
        }
        Collected {
            rows: r,
            paging: None,
        }
    } else {
        scan.collect(node, resume)?
    };
    let encoded: Vec<Vec<Option<Vec<u8>>>> = rows
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(selection.items.iter())
                .map(|(v, (_, _, ty))| v.as_ref().map(|v| values::serialize(ty, v)))
                .collect()
        })
        .collect();
    Ok(Response {
        outcome: Outcome::Rows(RowSet {
            columns,
            rows: encoded,
            paging_state: rows.paging.map(|p| p.encode(&ck_types)),
        }),
        warnings,
    })
}

struct Scan<'a> {
    table: &'a TableDef,
    wc: &'a WhereClause,
    selection: &'a ResolvedSelection,
    reversed: bool,
    distinct: bool,
    limit: Option<u64>,
    ppl: Option<u64>,
    page_size: Option<usize>,
    now: i64,
    ordered_multi: bool,
}

impl Scan<'_> {
    /// The partitions to read, in order, starting at `from` (inclusive).
    fn partitions<'n>(
        &self,
        node: &'n Node,
        from: Option<&PartitionPos>,
    ) -> Vec<(PartitionPos, &'n Partition)> {
        let Some(data) = node.data.get(&self.table.id) else {
            return Vec::new();
        };
        match &self.wc.partition {
            PartitionSel::Keys(keys) => {
                let positions: Vec<PartitionPos> =
                    keys.iter().map(|k| partition_pos(self.table, k)).collect();
                let start = match from {
                    Some(p) => positions
                        .iter()
                        .position(|x| x == p)
                        .unwrap_or(positions.len()),
                    None => 0,
                };
                positions[start..]
                    .iter()
                    .filter_map(|p| data.partitions.get(p).map(|part| (p.clone(), part)))
                    .collect()
            }
            PartitionSel::Scan { start, end } => data
                .partitions
                .range(
                    from.cloned().unwrap_or(PartitionPos {
                        token: i64::MIN,
                        bytes: Vec::new(),
                    })..,
                )
                .filter(|(p, _)| match start {
                    Some((t, incl)) => p.token > *t || (*incl && p.token == *t),
                    None => true,
                })
                .take_while(|(p, _)| match end {
                    Some((t, incl)) => p.token < *t || (*incl && p.token == *t),
                    None => true,
                })
                .map(|(p, part)| (p.clone(), part))
                .collect(),
        }
    }

    /// Whether a materialised row passes every row filter of the WHERE clause.
    fn passes(&self, v: &RowView) -> bool {
        self.wc
            .filters
            .iter()
            .all(|fl| fl.matches(self.table, &v.values))
    }

    /// Calls `f` for every matching row (position, clustering, view) until it returns false.
    fn for_each_row(&self, node: &Node, resume: Option<&PagingState>, f: &mut RowVisitor<'_>) {
        let types = clustering_types(self.table);
        let parts = self.partitions(node, resume.map(|r| &r.partition));
        for (pos, part) in parts {
            let resuming = resume.filter(|r| r.partition == pos);
            if let Some(r) = resuming {
                if r.clustering.is_none() {
                    continue;
                }
            }
            if !part.is_live(self.now) {
                continue;
            }
            let mut in_part = resuming.map(|r| r.in_partition).unwrap_or(0);
            if self.distinct {
                let v = view(self.table, &part.key, &[], &part.static_row, None, self.now);
                if self.passes(&v) && !f(&pos, None, &v) {
                    return;
                }
                continue;
            }
            let mut any = false;
            let iter: Box<dyn Iterator<Item = &(Vec<Value>, super::storage::Row)>> =
                if self.reversed {
                    Box::new(part.rows.iter().rev())
                } else {
                    Box::new(part.rows.iter())
                };
            for (ck, row) in iter {
                if let Some(Some(last)) = resuming.map(|r| &r.clustering) {
                    let o = compare_clustering(ck, last, &types);
                    let past = if self.reversed {
                        o == Ordering::Less
                    } else {
                        o == Ordering::Greater
                    };
                    if !past {
                        continue;
                    }
                }
                if !row.is_live(self.now) || !self.wc.clustering.matches(ck, &types) {
                    continue;
                }
                any = true;
                let v = view(
                    self.table,
                    &part.key,
                    ck,
                    &part.static_row,
                    Some(row),
                    self.now,
                );
                if !self.passes(&v) {
                    continue;
                }
                if self.ppl.is_some_and(|l| in_part >= l) {
                    break;
                }
                in_part += 1;
                if !f(&pos, Some(ck), &v) {
                    return;
                }
            }
            let static_only = !any
                && resuming.is_none()
                && self.wc.clustering.is_empty()
                && part.static_row.has_live_cells(self.now);
            if static_only {
                let v = view(self.table, &part.key, &[], &part.static_row, None, self.now);
                if self.passes(&v) && !f(&pos, None, &v) {
                    return;
                }
            }
        }
    }

    fn collect(&self, node: &Node, resume: Option<PagingState>) -> CqlResult<Collected> {
        let mut rows: Vec<Vec<Option<Value>>> = Vec::new();
        let mut cks: Vec<Option<Vec<Value>>> = Vec::new();
        let already = resume.as_ref().map(|r| r.returned).unwrap_or(0);
        let remaining_limit = self.limit.map(|l| l.saturating_sub(already));
        let mut last: Option<(PartitionPos, Option<Vec<Value>>)> = None;
        let mut last_in_part = 0u64;
        let mut err = None;
        let page = if self.ordered_multi {
            None
        } else {
            self.page_size
        };
        let mut current_part: Option<PartitionPos> = resume.as_ref().map(|r| r.partition.clone());
        let mut in_part = resume.as_ref().map(|r| r.in_partition).unwrap_or(0);
        self.for_each_row(node, resume.as_ref(), &mut |pos, ck, v| {
            if remaining_limit.is_some_and(|l| rows.len() as u64 >= l) {
                return false;
            }
            if page.is_some_and(|p| rows.len() >= p) {
                return false;
            }
            let mut out = Vec::with_capacity(self.selection.items.len());
            for (s, _, _) in &self.selection.items {
                match eval_sel(s, self.table, v) {
                    Ok(x) => out.push(x),
                    Err(e) => {
                        err = Some(e);
                        return false;
                    }
                }
            }
            if current_part.as_ref() != Some(pos) {
                current_part = Some(pos.clone());
                in_part = 0;
            }
            in_part += 1;
            rows.push(out);
            cks.push(ck.map(<[Value]>::to_vec));
            last = Some((pos.clone(), ck.map(<[Value]>::to_vec)));
            last_in_part = in_part;
            true
        });
        if let Some(e) = err {
            return Err(e);
        }
        if self.ordered_multi {
            let types = clustering_types(self.table);
            let mut idx: Vec<usize> = (0..rows.len()).collect();
            idx.sort_by(|a, b| {
                let o = match (&cks[*a], &cks[*b]) {
                    (Some(x), Some(y)) => compare_clustering(x, y, &types),
                    _ => Ordering::Equal,
                };
                if self.reversed {
                    o.reverse()
                } else {
                    o
                }
            });
            let mut sorted: Vec<Vec<Option<Value>>> =
                idx.iter().map(|i| rows[*i].clone()).collect();
            if let Some(l) = remaining_limit {
                sorted.truncate(l as usize);
            }
            return Ok(Collected {
                rows: sorted,
                paging: None,
            });
        }
        let limit_reached = remaining_limit.is_some_and(|l| rows.len() as u64 >= l);
        let page_full = page.is_some_and(|p| rows.len() >= p);
        let paging = match (page_full && !limit_reached, last) {
            (true, Some((partition, clustering))) => Some(PagingState {
                partition,
                clustering,
                returned: already + rows.len() as u64,
                in_partition: last_in_part,
            }),
            _ => None,
        };
        Ok(Collected { rows, paging })
    }
}
