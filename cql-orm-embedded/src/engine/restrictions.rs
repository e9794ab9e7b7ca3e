//! WHERE clause analysis: which partitions, which clustering rows, and which filters, with
//! Cassandra's restriction rules and messages.

use std::cmp::Ordering;

use crate::cql::ast::{InValues, Operator, Relation, RelationLhs, Term};
use crate::error::{CqlError, CqlResult};
use crate::types::{CqlType, NativeType};
use crate::value::Value;
use crate::values;

use super::catalog::{ColumnKind, IndexKind, TableDef};
use super::storage::ClusteringTypes;
use super::terms::{eval, eval_required, BindCtx, Bound};

/// A condition on clustering columns (in value order, whatever the clustering order).
#[derive(Debug, Clone, PartialEq)]
pub enum ClusteringCond {
    /// `c op v` on clustering column `idx`.
    Cmp {
        /// Clustering column position.
        idx: usize,
        /// Operator (EQ or a slice operator).
        op: Operator,
        /// The value.
        value: Value,
    },
    /// `c IN (...)`
    In {
        /// Clustering column position.
        idx: usize,
        /// The values.
        values: Vec<Value>,
    },
    /// `(c1, c2) op (v1, v2)` starting at clustering column `start`.
    MultiCmp {
        /// First clustering column position.
        start: usize,
        /// Operator.
        op: Operator,
        /// The tuple's values.
        values: Vec<Value>,
    },
    /// `(c1, c2) IN ((..), (..))`
    MultiIn {
        /// First clustering column position.
        start: usize,
        /// The tuples.
        tuples: Vec<Vec<Value>>,
    },
}

/// A conjunction of clustering conditions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusteringFilter {
    /// The conditions.
    pub conds: Vec<ClusteringCond>,
}

fn op_holds(op: Operator, o: Ordering) -> bool {
    match op {
        Operator::Eq => o == Ordering::Equal,
        Operator::Neq => o != Ordering::Equal,
        Operator::Lt => o == Ordering::Less,
        Operator::Lte => o != Ordering::Greater,
        Operator::Gt => o == Ordering::Greater,
        Operator::Gte => o != Ordering::Less,
        Operator::Like => false,
    }
}

fn cmp_tuple(ck: &[Value], start: usize, vals: &[Value], types: &ClusteringTypes) -> Ordering {
    for (i, v) in vals.iter().enumerate() {
        let (Some(k), Some((ty, _))) = (ck.get(start + i), types.get(start + i)) else {
            return Ordering::Less;
        };
        let o = values::compare(ty, k, v);
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

impl ClusteringFilter {
    /// Whether the clustering key satisfies every condition.
    pub fn matches(&self, ck: &[Value], types: &ClusteringTypes) -> bool {
        self.conds.iter().all(|c| match c {
            ClusteringCond::Cmp { idx, op, value } => match (ck.get(*idx), types.get(*idx)) {
                (Some(k), Some((ty, _))) => op_holds(*op, values::compare(ty, k, value)),
                _ => false,
            },
            ClusteringCond::In { idx, values: vs } => match (ck.get(*idx), types.get(*idx)) {
                (Some(k), Some((ty, _))) => vs
                    .iter()
                    .any(|v| values::compare(ty, k, v) == Ordering::Equal),
                _ => false,
            },
            ClusteringCond::MultiCmp { start, op, values } => {
                op_holds(*op, cmp_tuple(ck, *start, values, types))
            }
            ClusteringCond::MultiIn { start, tuples } => tuples
                .iter()
                .any(|t| cmp_tuple(ck, *start, t, types) == Ordering::Equal),
        })
    }

    /// Whether there is no condition.
    pub fn is_empty(&self) -> bool {
        self.conds.is_empty()
    }
}

/// A filter evaluated on a materialised row (values indexed like `TableDef::columns`).
#[derive(Debug, Clone, PartialEq)]
pub enum RowFilter {
    /// `col op value`
    Cmp {
        /// Column index.
        col: usize,
        /// Operator.
        op: Operator,
        /// Value.
        value: Value,
    },
    /// `col IN (...)`
    In {
        /// Column index.
        col: usize,
        /// Values.
        values: Vec<Value>,
    },
    /// `col CONTAINS v` / `col CONTAINS KEY v`
    Contains {
        /// Column index.
        col: usize,
        /// CONTAINS KEY.
        key: bool,
        /// The value.
        value: Value,
    },
    /// `m[k] op v`
    Entry {
        /// Column index.
        col: usize,
        /// Map key.
        key: Value,
        /// Operator.
        op: Operator,
        /// Value.
        value: Value,
    },
}

impl RowFilter {
    /// Whether the row passes the filter.
    pub fn matches(&self, table: &TableDef, row: &[Option<Value>]) -> bool {
        match self {
            RowFilter::Cmp { col, op, value } => match &row[*col] {
                Some(v) => op_holds(*op, values::compare(&table.columns[*col].ty, v, value)),
                None => false,
            },
            RowFilter::In { col, values: vs } => match &row[*col] {
                Some(v) => vs
                    .iter()
                    .any(|x| values::compare(&table.columns[*col].ty, v, x) == Ordering::Equal),
                None => false,
            },
            RowFilter::Contains { col, key, value } => {
                let ty = &table.columns[*col].ty;
                match (&row[*col], ty) {
                    (Some(Value::List(items)), CqlType::List { elem, .. })
                    | (Some(Value::Set(items)), CqlType::Set { elem, .. }) => items
                        .iter()
                        .any(|x| values::compare(elem, x, value) == Ordering::Equal),
                    (
                        Some(Value::Map(entries)),
                        CqlType::Map {
                            key: kt, value: vt, ..
                        },
                    ) => entries.iter().any(|(k, v)| {
                        if *key {
                            values::compare(kt, k, value) == Ordering::Equal
                        } else {
                            values::compare(vt, v, value) == Ordering::Equal
                        }
                    }),
                    _ => false,
                }
            }
            RowFilter::Entry {
                col,
                key,
                op,
                value,
            } => match (&row[*col], &table.columns[*col].ty) {
                (
                    Some(Value::Map(entries)),
                    CqlType::Map {
                        key: kt, value: vt, ..
                    },
                ) => entries
                    .iter()
                    .find(|(k, _)| values::compare(kt, k, key) == Ordering::Equal)
                    .is_some_and(|(_, v)| op_holds(*op, values::compare(vt, v, value))),
                _ => false,
            },
        }
    }
}

/// Which partitions a statement reads or writes.
#[derive(Debug, Clone, PartialEq)]
pub enum PartitionSel {
    /// Explicit partition keys (sorted, deduplicated).
    Keys(Vec<Vec<Value>>),
    /// A scan over a token range (both bounds optional; `bool` = inclusive).
    Scan {
        /// Lower bound.
        start: Option<(i64, bool)>,
        /// Upper bound.
        end: Option<(i64, bool)>,
    },
}

/// The analysed WHERE clause.
#[derive(Debug, Clone, PartialEq)]
pub struct WhereClause {
    /// Partitions.
    pub partition: PartitionSel,
    /// Clustering conditions (key order prefix rules respected).
    pub clustering: ClusteringFilter,
    /// Whether every clustering column is restricted by EQ/IN (single or multi-column).
    pub clustering_complete: bool,
    /// Whether some clustering column has a slice restriction.
    pub clustering_slice: bool,
    /// Filters on materialised rows.
    pub filters: Vec<RowFilter>,
    /// Whether the partition key is fully restricted by EQ/IN.
    pub partition_complete: bool,
    /// Whether an index serves the query.
    pub uses_index: bool,
    /// Whether the partition key restriction uses IN (for ORDER BY rules).
    pub partition_in: bool,
    /// Whether some clustering column uses IN.
    pub clustering_in: bool,
}

/// What kind of statement the WHERE clause belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhereKind {
    /// A SELECT, with ALLOW FILTERING or not.
    Select {
        /// ALLOW FILTERING.
        allow_filtering: bool,
    },
    /// UPDATE (clustering must be complete unless only statics are set).
    Update,
    /// DELETE.
    Delete,
}

const FILTERING_MSG: &str = "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING";

/// The message for a query that needs ALLOW FILTERING.
pub fn filtering_error() -> CqlError {
    CqlError::invalid(FILTERING_MSG)
}

fn col_index(table: &TableDef, name: &str) -> CqlResult<usize> {
    table
        .columns
        .iter()
        .position(|c| c.name == name)
        .ok_or_else(|| {
            CqlError::invalid(format!(
                "Undefined column name {name} in table {}.{}",
                table.keyspace, table.name
            ))
        })
}

fn list_values(b: Bound, name: &str) -> CqlResult<Vec<Value>> {
    match b {
        Bound::Value(Value::List(v)) | Bound::Value(Value::Set(v)) => Ok(v),
        Bound::Value(Value::Empty) => Ok(Vec::new()),
        Bound::Value(_) => Ok(Vec::new()),
        Bound::Null => Err(CqlError::invalid(format!(
            "Invalid null value for IN restriction on {name}"
        ))),
        Bound::Unset => Err(CqlError::invalid(format!(
            "Invalid unset value for column {name}"
        ))),
    }
}

fn in_values(
    values_: &InValues,
    name: &str,
    ty: &CqlType,
    ctx: &mut BindCtx,
) -> CqlResult<Vec<Value>> {
    match values_ {
        InValues::List(terms) => terms
            .iter()
            .map(|t| eval_required(t, name, ty, ctx))
            .collect(),
        InValues::Marker(m) => {
            let lty = CqlType::List {
                elem: Box::new(ty.clone()),
                frozen: false,
            };
            let b = ctx.marker(m.index, &format!("in({name})"), &lty)?;
            list_values(b, name)
        }
    }
}

fn tuple_values(
    term: &Term,
    names: &[String],
    types: &[CqlType],
    ctx: &mut BindCtx,
) -> CqlResult<Vec<Value>> {
    match term {
        Term::Tuple(items) => {
            if items.len() != types.len() {
                return Err(CqlError::invalid(format!(
                    "Expected {} elements in value tuple, but got {}: {:?}",
                    types.len(),
                    items.len(),
                    items.len()
                )));
            }
            items
                .iter()
                .zip(names.iter().zip(types.iter()))
                .map(|(t, (n, ty))| eval_required(t, n, ty, ctx))
                .collect()
        }
        other => {
            let tty = CqlType::Tuple(types.to_vec());
            let label = format!("({})", names.join(","));
            match eval(other, &label, &tty, ctx)? {
                Bound::Value(Value::Tuple(items)) => Ok(items
                    .into_iter()
                    .map(|v| v.unwrap_or(Value::Empty))
                    .collect()),
                Bound::Value(_) => Ok(vec![Value::Empty; types.len()]),
                _ => Err(CqlError::invalid(format!(
                    "Invalid null value for column {label}"
                ))),
            }
        }
    }
}

/// Computes the token of a partition key given as values.
pub fn token_of(table: &TableDef, key: &[Value]) -> i64 {
    let pk = table.partition_key();
    let parts: Vec<Vec<u8>> = key
        .iter()
        .zip(pk.iter())
        .map(|(v, c)| values::serialize(&c.ty, v))
        .collect();
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    values::token(&refs)
}

fn token_value(table: &TableDef, term: &Term, ctx: &mut BindCtx) -> CqlResult<i64> {
    if let Term::Function { name, args } = term {
        if name.name == "token" {
            let pk = table.partition_key();
            if args.len() != pk.len() {
                return Err(CqlError::invalid(format!(
                    "Invalid number of arguments in call to function token: {} required but {} provided",
                    pk.len(),
                    args.len()
                )));
            }
            let mut key = Vec::new();
            for (a, c) in args.iter().zip(pk.iter()) {
                key.push(eval_required(a, &c.name, &c.ty, ctx)?);
            }
            if ctx.is_preparing() {
                return Ok(0);
            }
            return Ok(token_of(table, &key));
        }
    }
    let bigint = CqlType::Native(NativeType::BigInt);
    match eval_required(term, "partition key token", &bigint, ctx)? {
        Value::BigInt(t) => Ok(t),
        _ => Ok(0),
    }
}

struct Col<'a> {
    index: usize,
    def: &'a super::catalog::ColumnDef,
}

/// Analyses a WHERE clause.
pub fn analyze(
    table: &TableDef,
    relations: &[Relation],
    kind: WhereKind,
    ctx: &mut BindCtx,
) -> CqlResult<WhereClause> {
    let pk = table.partition_key();
    let ck = table.clustering();
    let is_select = matches!(kind, WhereKind::Select { .. });
    let allow_filtering = matches!(
        kind,
        WhereKind::Select {
            allow_filtering: true
        }
    );

    let mut pk_values: Vec<Option<Vec<Value>>> = vec![None; pk.len()];
    let mut pk_in = false;
    let mut token_start: Option<(i64, bool)> = None;
    let mut token_end: Option<(i64, bool)> = None;
    let mut has_token = false;
    let mut filters: Vec<RowFilter> = Vec::new();
    let mut pk_filtered = false;
    // Per clustering column: (restricted by EQ/IN, restricted by slice)
    let mut ck_eq = vec![false; ck.len()];
    let mut ck_slice = vec![false; ck.len()];
    let mut ck_conds: Vec<(usize, ClusteringCond)> = Vec::new();
    let mut clustering_in = false;
    let mut non_pk: Vec<String> = Vec::new();
    let mut uses_index = false;
    let mut regular_filtered = false;

    for rel in relations {
        match rel {
            Relation::Compare {
                lhs: RelationLhs::Token(cols),
                op,
                rhs,
            } => {
                let names: Vec<&str> = pk.iter().map(|c| c.name.as_str()).collect();
                if cols.iter().map(String::as_str).collect::<Vec<_>>() != names {
                    return Err(CqlError::invalid(format!(
                        "The token function arguments must be in the partition key order: {}",
                        names.join(", ")
                    )));
                }
                let t = token_value(table, rhs, ctx)?;
                has_token = true;
                match op {
                    Operator::Gt => token_start = Some((t, false)),
                    Operator::Gte => token_start = Some((t, true)),
                    Operator::Lt => token_end = Some((t, false)),
                    Operator::Lte => token_end = Some((t, true)),
                    Operator::Eq => {
                        token_start = Some((t, true));
                        token_end = Some((t, true));
                    }
                    _ => {
                        return Err(CqlError::invalid(format!(
                            "Unsupported \"{}\" relation: token(...)",
                            op_text(*op)
                        )))
                    }
                }
            }
            Relation::Compare {
                lhs: RelationLhs::MultiColumn(cols),
                op,
                rhs,
            } => {
                let (start, names, types) = multi_columns(table, &ck, cols)?;
                if matches!(kind, WhereKind::Update) && *op != Operator::Eq {
                    return Err(CqlError::invalid("Slice restrictions are not supported on the clustering columns in UPDATE statements"));
                }
                let vals = tuple_values(rhs, &names, &types, ctx)?;
                for i in start..start + cols.len() {
                    if *op == Operator::Eq {
                        ck_eq[i] = true;
                    } else {
                        ck_slice[i] = true;
                    }
                }
                ck_conds.push((
                    start,
                    ClusteringCond::MultiCmp {
                        start,
                        op: *op,
                        values: vals,
                    },
                ));
            }
            Relation::In {
                lhs: RelationLhs::MultiColumn(cols),
                values: inv,
            } => {
                let (start, names, types) = multi_columns(table, &ck, cols)?;
                let tuples: Vec<Vec<Value>> = match inv {
                    InValues::List(items) => items
                        .iter()
                        .map(|t| tuple_values(t, &names, &types, ctx))
                        .collect::<CqlResult<_>>()?,
                    InValues::Marker(m) => {
                        let lty = CqlType::List {
                            elem: Box::new(CqlType::Tuple(types.clone())),
                            frozen: false,
                        };
                        let b = ctx.marker(m.index, &format!("in({})", names.join(",")), &lty)?;
                        list_values(b, "tuple")?
                            .into_iter()
                            .map(|v| match v {
                                Value::Tuple(items) => items
                                    .into_iter()
                                    .map(|x| x.unwrap_or(Value::Empty))
                                    .collect(),
                                _ => Vec::new(),
                            })
                            .collect()
                    }
                };
                for e in ck_eq.iter_mut().skip(start).take(cols.len()) {
                    *e = true;
                }
                clustering_in = true;
                ck_conds.push((start, ClusteringCond::MultiIn { start, tuples }));
            }
            Relation::Compare {
                lhs: RelationLhs::Column(name),
                op,
                rhs,
            } => {
                let c = column(table, name)?;
                if *op == Operator::Like {
                    return Err(CqlError::invalid(format!(
                        "LIKE restriction is only supported on properly indexed columns. {name} LIKE ... is not valid."
                    )));
                }
                if *op == Operator::Neq {
                    return Err(CqlError::invalid(format!(
                        "Unsupported \"!=\" relation: {name} != ..."
                    )));
                }
                let value = eval_required(rhs, &c.def.name, &c.def.ty, ctx)?;
                match c.def.kind {
                    ColumnKind::PartitionKey => {
                        let pos = c.def.position as usize;
                        if *op == Operator::Eq {
                            pk_values[pos] = Some(vec![value.clone()]);
                        } else {
                            if !is_select {
                                return Err(CqlError::invalid(
                                    "Only EQ and IN relation are supported on the partition key (unless you use the token() function)",
                                ));
                            }
                            pk_filtered = true;
                        }
                        filters.push(RowFilter::Cmp {
                            col: c.index,
                            op: *op,
                            value,
                        });
                    }
                    ColumnKind::Clustering => {
                        let pos = c.def.position as usize;
                        if *op == Operator::Eq {
                            ck_eq[pos] = true;
                        } else {
                            if matches!(kind, WhereKind::Update) {
                                return Err(CqlError::invalid("Slice restrictions are not supported on the clustering columns in UPDATE statements"));
                            }
                            ck_slice[pos] = true;
                        }
                        ck_conds.push((
                            pos,
                            ClusteringCond::Cmp {
                                idx: pos,
                                op: *op,
                                value,
                            },
                        ));
                    }
                    _ => {
                        if !is_select {
                            non_pk.push(name.clone());
                            continue;
                        }
                        let indexed = *op == Operator::Eq
                            && table
                                .index_on(name)
                                .iter()
                                .any(|i| matches!(i.kind, IndexKind::Values | IndexKind::Full));
                        if indexed && !uses_index {
                            uses_index = true;
                        } else {
                            regular_filtered = true;
                        }
                        filters.push(RowFilter::Cmp {
                            col: c.index,
                            op: *op,
                            value,
                        });
                    }
                }
            }
            Relation::In {
                lhs: RelationLhs::Column(name),
                values: inv,
            } => {
                let c = column(table, name)?;
                let mut vals = in_values(inv, &c.def.name, &c.def.ty, ctx)?;
                vals.sort_by(|a, b| values::compare(&c.def.ty, a, b));
                vals.dedup_by(|a, b| values::compare(&c.def.ty, a, b) == Ordering::Equal);
                match c.def.kind {
                    ColumnKind::PartitionKey => {
                        pk_in = true;
                        pk_values[c.def.position as usize] = Some(vals.clone());
                        filters.push(RowFilter::In {
                            col: c.index,
                            values: vals,
                        });
                    }
                    ColumnKind::Clustering => {
                        let pos = c.def.position as usize;
                        ck_eq[pos] = true;
                        clustering_in = true;
                        ck_conds.push((
                            pos,
                            ClusteringCond::In {
                                idx: pos,
                                values: vals,
                            },
                        ));
                    }
                    _ => {
                        if !is_select {
                            non_pk.push(name.clone());
                            continue;
                        }
                        regular_filtered = true;
                        filters.push(RowFilter::In {
                            col: c.index,
                            values: vals,
                        });
                    }
                }
            }
            Relation::In {
                lhs: RelationLhs::Token(_),
                ..
            } => {
                return Err(CqlError::invalid(
                    "IN restrictions are not supported on token() expressions",
                ))
            }
            Relation::Contains {
                column: name,
                key,
                value,
            } => {
                let c = column(table, name)?;
                let ety = match (&c.def.ty, key) {
                    (CqlType::Map { key: kt, .. }, true) => kt.as_ref().clone(),
                    (CqlType::Map { value: vt, .. }, false) => vt.as_ref().clone(),
                    (CqlType::List { elem, .. }, false) | (CqlType::Set { elem, .. }, false) => {
                        elem.as_ref().clone()
                    }
                    _ => {
                        return Err(CqlError::invalid(format!(
                            "Cannot use {} on non-collection column {name}",
                            if *key { "CONTAINS KEY" } else { "CONTAINS" }
                        )))
                    }
                };
                if !is_select {
                    non_pk.push(name.clone());
                    continue;
                }
                let v = eval_required(value, &c.def.name, &ety, ctx)?;
                let wanted = if *key {
                    IndexKind::Keys
                } else {
                    IndexKind::Values
                };
                let indexed = table.index_on(name).iter().any(|i| i.kind == wanted);
                if indexed && !uses_index {
                    uses_index = true;
                } else {
                    regular_filtered = true;
                }
                filters.push(RowFilter::Contains {
                    col: c.index,
                    key: *key,
                    value: v,
                });
            }
            Relation::MapEntry {
                column: name,
                key,
                op,
                value,
            } => {
                let c = column(table, name)?;
                let CqlType::Map {
                    key: kt, value: vt, ..
                } = &c.def.ty
                else {
                    return Err(CqlError::invalid(format!(
                        "Column {name} cannot be used as a map"
                    )));
                };
                if !is_select {
                    non_pk.push(name.clone());
                    continue;
                }
                let k = eval_required(key, &c.def.name, kt, ctx)?;
                let v = eval_required(value, &c.def.name, vt, ctx)?;
                let indexed = *op == Operator::Eq
                    && table
                        .index_on(name)
                        .iter()
                        .any(|i| i.kind == IndexKind::Entries);
                if indexed && !uses_index {
                    uses_index = true;
                } else {
                    regular_filtered = true;
                }
                filters.push(RowFilter::Entry {
                    col: c.index,
                    key: k,
                    op: *op,
                    value: v,
                });
            }
            Relation::IsNotNull(name) => {
                return Err(CqlError::invalid(format!(
                    "Unsupported restriction: {name} IS NOT NULL"
                )))
            }
        }
    }

    if !non_pk.is_empty() {
        return Err(CqlError::invalid(format!(
            "Non PRIMARY KEY columns found in where clause: {} ",
            non_pk.join(", ")
        )));
    }

    let pk_complete = pk_values.iter().all(Option::is_some);
    let pk_any = pk_values.iter().any(Option::is_some) || pk_filtered;

    if !is_select {
        let missing: Vec<&str> = pk
            .iter()
            .zip(pk_values.iter())
            .filter(|(_, v)| v.is_none())
            .map(|(c, _)| c.name.as_str())
            .collect();
        if !missing.is_empty() || has_token {
            if has_token {
                return Err(CqlError::invalid(
                    "The token function cannot be used in WHERE clauses for UPDATE and DELETE statements",
                ));
            }
            return Err(CqlError::invalid(format!(
                "Some partition key parts are missing: {}",
                missing.join(", ")
            )));
        }
    }

    // Partition key filters are only needed when the key is not fully given by EQ/IN.
    let key_filters_needed = is_select && (!pk_complete || has_token) && pk_any;
    if !key_filters_needed {
        filters.retain(|f| match f {
            RowFilter::Cmp { col, .. } | RowFilter::In { col, .. } => {
                table.columns[*col].kind != ColumnKind::PartitionKey
            }
            _ => true,
        });
    }
    if is_select && pk_any && (!pk_complete || has_token) && !allow_filtering {
        return Err(filtering_error());
    }

    // Clustering prefix rules.
    let mut clustering = ClusteringFilter::default();
    let mut first_unrestricted: Option<usize> = None;
    let mut slice_at: Option<usize> = None;
    let mut ck_filtered = false;
    for i in 0..ck.len() {
        let restricted = ck_eq[i] || ck_slice[i];
        if !restricted {
            if first_unrestricted.is_none() {
                first_unrestricted = Some(i);
            }
            continue;
        }
        if let Some(prev) = first_unrestricted {
            if is_select && (allow_filtering || uses_index) {
                ck_filtered = true;
                continue;
            }
            return Err(CqlError::invalid(format!(
                "PRIMARY KEY column \"{}\" cannot be restricted as preceding column \"{}\" is not restricted",
                ck[i].name, ck[prev].name
            )));
        }
        if let Some(s) = slice_at {
            if s != i && !is_multi_covering(&ck_conds, s, i) {
                if is_select && (allow_filtering || uses_index) {
                    ck_filtered = true;
                    continue;
                }
                return Err(CqlError::invalid(format!(
                    "Clustering column \"{}\" cannot be restricted (preceding column \"{}\" is restricted by a non-EQ relation)",
                    ck[i].name, ck[s].name
                )));
            }
        }
        if ck_slice[i] && slice_at.is_none() {
            slice_at = Some(i);
        }
    }
    for (_, cond) in ck_conds {
        clustering.conds.push(cond);
    }
    let clustering_complete = ck_eq.iter().all(|e| *e);
    let clustering_slice = ck_slice.iter().any(|s| *s);

    if matches!(kind, WhereKind::Update) && !clustering_complete && !ck.is_empty() {
        // The caller decides (static-only updates may omit clustering columns).
    }

    if is_select && !allow_filtering {
        if regular_filtered || ck_filtered {
            return Err(filtering_error());
        }
        if !uses_index && !pk_complete && !clustering.is_empty() && !has_token {
            return Err(filtering_error());
        }
    }

    let partition = if pk_complete && !has_token {
        let mut keys: Vec<Vec<Value>> = vec![Vec::new()];
        for (vals, c) in pk_values.iter().zip(pk.iter()) {
            let vals = vals.clone().unwrap_or_default();
            let mut next = Vec::with_capacity(keys.len() * vals.len());
            for k in &keys {
                for v in &vals {
                    let mut nk = k.clone();
                    nk.push(v.clone());
                    next.push(nk);
                }
            }
            keys = next;
            let _ = c;
        }
        PartitionSel::Keys(keys)
    } else {
        PartitionSel::Scan {
            start: token_start,
            end: token_end,
        }
    };

    Ok(WhereClause {
        partition,
        clustering,
        clustering_complete,
        clustering_slice,
        filters,
        partition_complete: pk_complete && !has_token,
        uses_index,
        partition_in: pk_in,
        clustering_in,
    })
}

fn is_multi_covering(conds: &[(usize, ClusteringCond)], slice: usize, i: usize) -> bool {
    conds.iter().any(|(_, c)| match c {
        ClusteringCond::MultiCmp { start, values, .. } => {
            *start <= slice && i < start + values.len()
        }
        _ => false,
    })
}

fn column<'a>(table: &'a TableDef, name: &str) -> CqlResult<Col<'a>> {
    let index = col_index(table, name)?;
    Ok(Col {
        index,
        def: &table.columns[index],
    })
}

fn multi_columns(
    table: &TableDef,
    ck: &[&super::catalog::ColumnDef],
    cols: &[String],
) -> CqlResult<(usize, Vec<String>, Vec<CqlType>)> {
    let mut start = None;
    let mut types = Vec::new();
    for (i, name) in cols.iter().enumerate() {
        let c = column(table, name)?;
        if c.def.kind != ColumnKind::Clustering {
            return Err(CqlError::invalid(format!(
                "Multi-column relations can only be applied to clustering columns but was applied to: {name}"
            )));
        }
        let pos = c.def.position as usize;
        match start {
            None => start = Some(pos),
            Some(s) => {
                if pos != s + i {
                    return Err(CqlError::invalid(format!(
                        "Clustering columns must appear in the PRIMARY KEY order in multi-column relations: ({})",
                        cols.join(", ")
                    )));
                }
            }
        }
        types.push(c.def.ty.clone());
    }
    let start = start.unwrap_or(0);
    if start != 0 && ck.len() > start {
        // A multi-column relation must start at the first unrestricted clustering column;
        // the prefix rules above report it if earlier columns are missing.
    }
    Ok((start, cols.to_vec(), types))
}

fn op_text(op: Operator) -> &'static str {
    match op {
        Operator::Eq => "=",
        Operator::Lt => "<",
        Operator::Lte => "<=",
        Operator::Gt => ">",
        Operator::Gte => ">=",
        Operator::Neq => "!=",
        Operator::Like => "LIKE",
    }
}

/// Clustering types of a table with their direction.
pub fn clustering_types(table: &TableDef) -> Vec<(CqlType, bool)> {
    table
        .clustering()
        .iter()
        .map(|c| (c.ty.clone(), c.is_desc()))
        .collect()
}
