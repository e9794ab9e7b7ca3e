//! The WHERE clause walk: each relation checked against the table and the relations before
//! it; `finish` (in `analyzer/finish.rs`) applies the rules over the whole clause.

mod finish;

use std::cmp::Ordering;

use crate::cql::ast::{InValues, Operator, Relation, RelationLhs, Term};
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::value::Value;
use crate::values;

use super::super::catalog::{ColumnDef, ColumnKind, IndexKind, TableDef};
use super::super::terms::{eval_required, term_text, BindCtx};
use super::bind::{in_values, token_value, tuple_list, tuple_values};
use super::clustering::ClusteringCond;
use super::merge::{kind_of, Kind, Seen};
use super::row_filter::RowFilter;
use super::WhereKind;

/// The state of one WHERE clause analysis.
pub(super) struct Analyzer<'a, 'c> {
    table: &'a TableDef,
    kind: WhereKind,
    ctx: &'c mut BindCtx,
    pk: Vec<&'a ColumnDef>,
    ck: Vec<&'a ColumnDef>,
    /// Relations seen per column (indexed like `TableDef::columns`).
    seen: Vec<Seen>,
    token_seen: Seen,
    pk_values: Vec<Option<Vec<Value>>>,
    /// Whether each partition key column has some restriction (EQ, IN or a slice).
    seen_pk: Vec<bool>,
    pk_in: bool,
    pk_filtered: bool,
    token_start: Option<(i64, bool)>,
    token_end: Option<(i64, bool)>,
    has_token: bool,
    filters: Vec<RowFilter>,
    /// Per clustering column: restricted by EQ/IN, restricted by a slice.
    ck_eq: Vec<bool>,
    ck_slice: Vec<bool>,
    /// The first column of the clustering slice, when there is one.
    ck_slice_first: Option<usize>,
    ck_conds: Vec<ClusteringCond>,
    clustering_in: bool,
    non_pk: Vec<String>,
    uses_index: bool,
    regular_filtered: bool,
    /// Whether some regular column is restricted.
    has_regular: bool,
    /// Key restrictions an index could serve (EQ on an indexed column), and the others.
    pk_index_eq: bool,
    pk_unindexed: bool,
    ck_index_eq: bool,
    ck_unindexed: bool,
}

const UPDATE_SLICE: &str =
    "Slice restrictions are not supported on the clustering columns in UPDATE statements";

impl<'a, 'c> Analyzer<'a, 'c> {
    pub(super) fn new(table: &'a TableDef, kind: WhereKind, ctx: &'c mut BindCtx) -> Self {
        let pk = table.partition_key();
        let ck = table.clustering();
        Analyzer {
            table,
            kind,
            ctx,
            seen: vec![Seen::default(); table.columns.len()],
            token_seen: Seen::default(),
            pk_values: vec![None; pk.len()],
            seen_pk: vec![false; pk.len()],
            pk_in: false,
            pk_filtered: false,
            token_start: None,
            token_end: None,
            has_token: false,
            filters: Vec::new(),
            ck_eq: vec![false; ck.len()],
            ck_slice: vec![false; ck.len()],
            ck_slice_first: None,
            ck_conds: Vec::new(),
            clustering_in: false,
            non_pk: Vec::new(),
            uses_index: false,
            regular_filtered: false,
            has_regular: false,
            pk_index_eq: false,
            pk_unindexed: false,
            ck_index_eq: false,
            ck_unindexed: false,
            pk,
            ck,
        }
    }

    fn is_select(&self) -> bool {
        matches!(self.kind, WhereKind::Select { .. })
    }

    /// The statement type as Cassandra names it in messages, for writes.
    fn statement_type(&self) -> Option<&'static str> {
        match self.kind {
            WhereKind::Select { .. } => None,
            WhereKind::Update => Some("UPDATE"),
            WhereKind::Delete => Some("DELETE"),
        }
    }

    fn allow_filtering(&self) -> bool {
        matches!(
            self.kind,
            WhereKind::Select {
                allow_filtering: true
            }
        )
    }

    /// Adds one relation.
    pub(super) fn add(&mut self, rel: &Relation) -> CqlResult<()> {
        match rel {
            Relation::Compare {
                lhs: RelationLhs::Token(cols),
                op,
                rhs,
            } => self.token(cols, *op, rhs),
            Relation::Compare {
                lhs: RelationLhs::MultiColumn(cols),
                op,
                rhs,
            } => self.multi_compare(cols, *op, rhs),
            Relation::In {
                lhs: RelationLhs::MultiColumn(cols),
                values,
            } => self.multi_in(cols, values),
            Relation::Compare {
                lhs: RelationLhs::Column(name),
                op,
                rhs,
            } => self.compare(name, *op, rhs),
            Relation::In {
                lhs: RelationLhs::Column(name),
                values,
            } => self.column_in(name, values),
            Relation::In {
                lhs: RelationLhs::Token(_),
                ..
            } => Err(CqlError::invalid(
                "IN restrictions are not supported on token() expressions",
            )),
            Relation::Contains { column, key, value } => self.contains(column, *key, value),
            Relation::MapEntry {
                column,
                key,
                op,
                value,
            } => self.map_entry(column, key, *op, value),
            Relation::IsNotNull(name) => Err(CqlError::invalid(format!(
                "Unsupported restriction: {name} IS NOT NULL"
            ))),
        }
    }

    fn token(&mut self, cols: &[String], op: Operator, rhs: &Term) -> CqlResult<()> {
        let names: Vec<&str> = self.pk.iter().map(|c| c.name.as_str()).collect();
        if cols.iter().map(String::as_str).collect::<Vec<_>>() != names {
            return Err(CqlError::invalid(format!(
                "The token function arguments must be in the partition key order: {}",
                names.join(", ")
            )));
        }
        if !matches!(
            op,
            Operator::Eq | Operator::Gt | Operator::Gte | Operator::Lt | Operator::Lte
        ) {
            return Err(CqlError::invalid(format!(
                "Unsupported \"{}\" relation: token(...)",
                op_text(op)
            )));
        }
        self.token_seen
            .merge_token(kind_of(op), &names.join(", "))?;
        let t = token_value(self.table, rhs, self.ctx)?;
        self.has_token = true;
        match op {
            Operator::Gt => self.token_start = Some((t, false)),
            Operator::Gte => self.token_start = Some((t, true)),
            Operator::Lt => self.token_end = Some((t, false)),
            Operator::Lte => self.token_end = Some((t, true)),
            _ => {
                self.token_start = Some((t, true));
                self.token_end = Some((t, true));
            }
        }
        Ok(())
    }

    /// The clustering columns of a multi-column relation: first position, names, types.
    fn multi_columns(&self, cols: &[String]) -> CqlResult<(usize, Vec<CqlType>)> {
        let mut start = None;
        let mut types = Vec::new();
        for (i, name) in cols.iter().enumerate() {
            let def = &self.table.columns[self.table.existing_column(name)?];
            if def.kind != ColumnKind::Clustering {
                return Err(CqlError::invalid(format!(
                    "Multi-column relations can only be applied to clustering columns but was applied to: {name}"
                )));
            }
            let pos = def.position as usize;
            match start {
                None => start = Some(pos),
                Some(s) if pos != s + i => {
                    return Err(CqlError::invalid(format!(
                        "Clustering columns must appear in the PRIMARY KEY order in multi-column relations: ({})",
                        cols.join(", ")
                    )))
                }
                Some(_) => {}
            }
            types.push(def.ty.clone());
        }
        Ok((start.unwrap_or(0), types))
    }

    /// Merges a relation on clustering positions `start..start + len`.
    fn merge_clustering(&mut self, start: usize, len: usize, kind: Kind) -> CqlResult<()> {
        let cols: Vec<usize> = (start..start + len)
            .map(|p| {
                self.table
                    .columns
                    .iter()
                    .position(|c| c.kind == ColumnKind::Clustering && c.position as usize == p)
                    .unwrap_or(0)
            })
            .collect();
        let common: Vec<&str> = cols
            .iter()
            .filter(|c| self.seen[**c] != Seen::default())
            .map(|c| self.table.columns[*c].name.as_str())
            .collect();
        if let (Kind::Slice(_), Some(first)) = (kind, self.ck_slice_first) {
            if first != start && !common.is_empty() {
                let later = self.ck[first.max(start)].name.as_str();
                return Err(CqlError::invalid(format!(
                    "Column \"{later}\" cannot be restricted by two inequalities not starting with the same column"
                )));
            }
        }
        let names = common.join(", ");
        for c in cols {
            let label = if names.is_empty() {
                self.table.columns[c].name.clone()
            } else {
                names.clone()
            };
            self.seen[c].merge(kind, &label)?;
        }
        if matches!(kind, Kind::Slice(_)) {
            self.ck_slice_first.get_or_insert(start);
        }
        Ok(())
    }

    fn multi_compare(&mut self, cols: &[String], op: Operator, rhs: &Term) -> CqlResult<()> {
        let (start, types) = self.multi_columns(cols)?;
        if matches!(self.kind, WhereKind::Update) && op != Operator::Eq {
            return Err(CqlError::invalid(UPDATE_SLICE));
        }
        self.merge_clustering(start, cols.len(), kind_of(op))?;
        self.ck_unindexed = true;
        let values = tuple_values(rhs, cols, &types, self.ctx)?;
        for i in start..start + cols.len() {
            if op == Operator::Eq {
                self.ck_eq[i] = true;
            } else {
                self.ck_slice[i] = true;
            }
        }
        self.ck_conds
            .push(ClusteringCond::MultiCmp { start, op, values });
        Ok(())
    }

    fn multi_in(&mut self, cols: &[String], inv: &InValues) -> CqlResult<()> {
        let (start, types) = self.multi_columns(cols)?;
        self.merge_clustering(start, cols.len(), Kind::In)?;
        self.ck_unindexed = true;
        let tuples: Vec<Vec<Value>> = match inv {
            InValues::List(items) => items
                .iter()
                .map(|t| tuple_values(t, cols, &types, self.ctx))
                .collect::<CqlResult<_>>()?,
            InValues::Marker(m) => {
                let lty = CqlType::List {
                    elem: Box::new(CqlType::Tuple(types.clone())),
                    frozen: false,
                };
                let b = self
                    .ctx
                    .marker(m.index, &format!("in({})", cols.join(",")), &lty)?;
                tuple_list(b)?
            }
        };
        for e in self.ck_eq.iter_mut().skip(start).take(cols.len()) {
            *e = true;
        }
        self.clustering_in = true;
        self.ck_conds
            .push(ClusteringCond::MultiIn { start, tuples });
        Ok(())
    }

    /// Records whether a restriction on a key column could be served by an index on it (an
    /// equality on an indexed column) or not.
    fn note_key_restriction(&mut self, def: &ColumnDef, eq: bool) {
        let indexed = eq
            && self
                .table
                .index_on(&def.name)
                .iter()
                .any(|i| matches!(i.kind, IndexKind::Values | IndexKind::Full));
        match (def.kind, indexed) {
            (ColumnKind::PartitionKey, true) => self.pk_index_eq = true,
            (ColumnKind::PartitionKey, false) => self.pk_unindexed = true,
            (ColumnKind::Clustering, true) => self.ck_index_eq = true,
            (ColumnKind::Clustering, false) => self.ck_unindexed = true,
            _ => {}
        }
    }

    /// Whether an index of one of `kinds` on `name` can serve an equality (only the first
    /// indexed relation of a query uses its index; the others filter).
    fn take_index(&mut self, name: &str, usable: bool, kinds: &[IndexKind]) {
        let indexed = usable
            && self
                .table
                .index_on(name)
                .iter()
                .any(|i| kinds.contains(&i.kind));
        if indexed && !self.uses_index {
            self.uses_index = true;
        } else {
            self.regular_filtered = true;
        }
    }

    fn compare(&mut self, name: &str, op: Operator, rhs: &Term) -> CqlResult<()> {
        let index = self.table.existing_column(name)?;
        let def = &self.table.columns[index];
        if op == Operator::Like {
            return Err(CqlError::invalid(format!(
                "LIKE restriction is only supported on properly indexed columns. {name} LIKE ... is not valid."
            )));
        }
        if op == Operator::Neq {
            return Err(CqlError::invalid(format!(
                "Unsupported \"!=\" relation: {name} != {}",
                term_text(rhs)
            )));
        }
        check_collection_relation(def, op_text(op))?;
        if !self.is_select() && !def.kind.is_primary_key() {
            self.non_pk.push(name.to_string());
            return Ok(());
        }
        match def.kind {
            ColumnKind::Clustering => {
                let pos = def.position as usize;
                if op != Operator::Eq && matches!(self.kind, WhereKind::Update) {
                    return Err(CqlError::invalid(UPDATE_SLICE));
                }
                self.merge_clustering(pos, 1, kind_of(op))?;
            }
            _ => self.seen[index].merge(kind_of(op), name)?,
        }
        if def.kind.is_primary_key() {
            self.note_key_restriction(def, op == Operator::Eq);
        } else {
            self.has_regular = true;
        }
        let value = eval_required(rhs, &def.name, &def.ty, self.ctx)?;
        match def.kind {
            ColumnKind::PartitionKey => {
                self.seen_pk[def.position as usize] = true;
                if op == Operator::Eq {
                    self.pk_values[def.position as usize] = Some(vec![value.clone()]);
                } else {
                    self.pk_filtered = true;
                }
                self.filters.push(RowFilter::Cmp {
                    col: index,
                    op,
                    value,
                });
            }
            ColumnKind::Clustering => {
                let pos = def.position as usize;
                if op == Operator::Eq {
                    self.ck_eq[pos] = true;
                } else {
                    self.ck_slice[pos] = true;
                }
                self.ck_conds.push(ClusteringCond::Cmp {
                    idx: pos,
                    op,
                    value,
                });
            }
            _ => {
                self.take_index(
                    name,
                    op == Operator::Eq,
                    &[IndexKind::Values, IndexKind::Full],
                );
                self.filters.push(RowFilter::Cmp {
                    col: index,
                    op,
                    value,
                });
            }
        }
        Ok(())
    }

    fn column_in(&mut self, name: &str, inv: &InValues) -> CqlResult<()> {
        let index = self.table.existing_column(name)?;
        let def = &self.table.columns[index];
        check_collection_relation(def, "IN")?;
        if !self.is_select() && !def.kind.is_primary_key() {
            self.non_pk.push(name.to_string());
            return Ok(());
        }
        match def.kind {
            ColumnKind::Clustering => self.merge_clustering(def.position as usize, 1, Kind::In)?,
            _ => self.seen[index].merge(Kind::In, name)?,
        }
        if def.kind.is_primary_key() {
            self.note_key_restriction(def, false);
        } else {
            self.has_regular = true;
        }
        let mut vals = in_values(inv, &def.name, &def.ty, self.ctx)?;
        vals.sort_by(|a, b| values::compare(&def.ty, a, b));
        vals.dedup_by(|a, b| values::compare(&def.ty, a, b) == Ordering::Equal);
        match def.kind {
            ColumnKind::PartitionKey => {
                self.pk_in = true;
                self.pk_values[def.position as usize] = Some(vals.clone());
                self.filters.push(RowFilter::In {
                    col: index,
                    values: vals,
                });
            }
            ColumnKind::Clustering => {
                let pos = def.position as usize;
                self.ck_eq[pos] = true;
                self.clustering_in = true;
                self.ck_conds.push(ClusteringCond::In {
                    idx: pos,
                    values: vals,
                });
            }
            _ => {
                self.regular_filtered = true;
                self.filters.push(RowFilter::In {
                    col: index,
                    values: vals,
                });
            }
        }
        Ok(())
    }

    fn contains(&mut self, name: &str, key: bool, value: &Term) -> CqlResult<()> {
        let index = self.table.existing_column(name)?;
        let def = &self.table.columns[index];
        let ety = match (&def.ty, key) {
            (CqlType::Map { key: kt, .. }, true) => kt.as_ref().clone(),
            (CqlType::Map { value: vt, .. }, false) => vt.as_ref().clone(),
            (CqlType::List { elem, .. }, false) | (CqlType::Set { elem, .. }, false) => {
                elem.as_ref().clone()
            }
            _ => {
                return Err(CqlError::invalid(format!(
                    "Cannot use {} on non-collection column {name}",
                    if key { "CONTAINS KEY" } else { "CONTAINS" }
                )))
            }
        };
        if !self.is_select() {
            self.non_pk.push(name.to_string());
            return Ok(());
        }
        self.seen[index].merge(Kind::Contains, name)?;
        self.has_regular = true;
        let v = eval_required(value, &def.name, &ety, self.ctx)?;
        let wanted = if key {
            IndexKind::Keys
        } else {
            IndexKind::Values
        };
        self.take_index(name, true, &[wanted]);
        self.filters.push(RowFilter::Contains {
            col: index,
            key,
            value: v,
        });
        Ok(())
    }

    fn map_entry(&mut self, name: &str, key: &Term, op: Operator, value: &Term) -> CqlResult<()> {
        let index = self.table.existing_column(name)?;
        let def = &self.table.columns[index];
        let CqlType::Map {
            key: kt, value: vt, ..
        } = &def.ty
        else {
            return Err(CqlError::invalid(format!(
                "Column {name} cannot be used as a map"
            )));
        };
        if !self.is_select() {
            self.non_pk.push(name.to_string());
            return Ok(());
        }
        self.seen[index].merge(Kind::Contains, name)?;
        self.has_regular = true;
        let k = eval_required(key, &def.name, kt, self.ctx)?;
        let v = eval_required(value, &def.name, vt, self.ctx)?;
        self.take_index(name, op == Operator::Eq, &[IndexKind::Entries]);
        self.filters.push(RowFilter::Entry {
            col: index,
            key: k,
            op,
            value: v,
        });
        Ok(())
    }
}

/// A non-frozen collection is only restricted by CONTAINS, CONTAINS KEY or map entries.
fn check_collection_relation(def: &ColumnDef, op: &str) -> CqlResult<()> {
    if def.ty.is_collection() && def.ty.is_multi_cell() {
        return Err(CqlError::invalid(format!(
            "Collection column '{}' ({}) cannot be restricted by a '{op}' relation",
            def.name,
            crate::values::type_to_schema_string(&def.ty)
        )));
    }
    Ok(())
}

/// An operator as CQL writes it.
pub(crate) fn op_text(op: Operator) -> &'static str {
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
