//! The WHERE clause walk: each relation checked against the table and the relations before
//! it, then the partition key, clustering prefix and filtering rules over the whole clause.

use std::cmp::Ordering;

use crate::cql::ast::{InValues, Operator, Relation, RelationLhs, Term};
use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::value::Value;
use crate::values;

use super::super::catalog::{ColumnDef, ColumnKind, IndexKind, TableDef};
use super::super::terms::{eval_required, term_text, BindCtx};
use super::bind::{in_values, token_value, tuple_list, tuple_values};
use super::clustering::{ClusteringCond, ClusteringFilter};
use super::merge::{kind_of, Kind, Seen};
use super::row_filter::RowFilter;
use super::{filtering_error, PartitionSel, WhereClause, WhereKind};

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

    /// Checks the clause as a whole and produces its analysis.
    pub(super) fn finish(mut self) -> CqlResult<WhereClause> {
        if !self.non_pk.is_empty() {
            return Err(CqlError::invalid(format!(
                "Non PRIMARY KEY columns found in where clause: {} ",
                self.non_pk.join(", ")
            )));
        }
        let is_select = self.is_select();
        let allow_filtering = self.allow_filtering();
        let pk_complete = self.pk_values.iter().all(Option::is_some);
        let pk_any = self.pk_values.iter().any(Option::is_some) || self.pk_filtered;

        if let Some(statement) = self.statement_type() {
            if self.has_token {
                return Err(CqlError::invalid(format!(
                    "The token function cannot be used in WHERE clauses for {statement} statements"
                )));
            }
            let missing: Vec<&str> = self
                .pk
                .iter()
                .zip(self.pk_values.iter())
                .zip(&self.seen_pk)
                .filter(|((_, v), seen)| v.is_none() && !**seen)
                .map(|((c, _), _)| c.name.as_str())
                .collect();
            if !missing.is_empty() {
                return Err(CqlError::invalid(format!(
                    "Some partition key parts are missing: {}",
                    missing.join(", ")
                )));
            }
            if self.pk_filtered {
                return Err(CqlError::invalid(format!(
                    "Only EQ and IN relation are supported on the partition key (unless you use the token() function) for {statement} statements"
                )));
            }
        }

        // Partition key filters are only needed when the key is not fully given by EQ/IN.
        let key_filtered = is_select && (!pk_complete || self.has_token) && pk_any;
        if !key_filtered {
            let table = self.table;
            self.filters.retain(|f| match f {
                RowFilter::Cmp { col, .. } | RowFilter::In { col, .. } => {
                    table.columns[*col].kind != ColumnKind::PartitionKey
                }
                _ => true,
            });
        }
        // Cassandra's index selection: an index is used when some restriction is an equality
        // on an indexed column and the primary key alone does not serve the query.
        let prefix_broken = is_select && self.clustering_prefix(true)?;
        let queriable = self.uses_index || self.pk_index_eq || self.ck_index_eq;
        let index_mode = queriable && (key_filtered || prefix_broken || self.uses_index);
        if index_mode {
            self.uses_index = true;
            // What the index does not serve is filtered; Cassandra serves one set of
            // restrictions (partition key, clustering or regular columns) by index.
            let sets = usize::from(key_filtered)
                + usize::from(prefix_broken)
                + usize::from(self.has_regular);
            let needs_filtering = sets > 1
                || (key_filtered && self.pk_unindexed)
                || (prefix_broken && self.ck_unindexed)
                || self.regular_filtered;
            if needs_filtering && !allow_filtering {
                return Err(filtering_error());
            }
        } else if is_select && !allow_filtering {
            if key_filtered {
                return Err(filtering_error());
            }
            // Reports the prefix rule Cassandra reports.
            self.clustering_prefix(false)?;
            if self.regular_filtered {
                return Err(filtering_error());
            }
        } else if !is_select {
            self.clustering_prefix(false)?;
        }
        let clustering = ClusteringFilter {
            conds: std::mem::take(&mut self.ck_conds),
        };
        if is_select
            && !allow_filtering
            && !self.uses_index
            && !pk_complete
            && !clustering.is_empty()
            && !self.has_token
        {
            return Err(filtering_error());
        }

        let partition = if pk_complete && !self.has_token {
            let mut keys: Vec<Vec<Value>> = vec![Vec::new()];
            for vals in &self.pk_values {
                let vals = vals.as_deref().unwrap_or_default();
                keys = keys
                    .iter()
                    .flat_map(|k| {
                        vals.iter().map(move |v| {
                            let mut nk = k.clone();
                            nk.push(v.clone());
                            nk
                        })
                    })
                    .collect();
            }
            PartitionSel::Keys(keys)
        } else {
            PartitionSel::Scan {
                start: self.token_start,
                end: self.token_end,
            }
        };

        Ok(WhereClause {
            partition,
            clustering,
            clustering_complete: self.ck_eq.iter().all(|e| *e),
            clustering_slice: self.ck_slice.iter().any(|s| *s),
            filters: self.filters,
            partition_complete: pk_complete && !self.has_token,
            uses_index: self.uses_index,
            partition_in: self.pk_in,
            clustering_in: self.clustering_in,
        })
    }

    /// Cassandra's clustering prefix rules. Returns whether some clustering restriction can
    /// only be applied by filtering (allowed when `may_filter`).
    fn clustering_prefix(&self, may_filter: bool) -> CqlResult<bool> {
        let mut first_unrestricted: Option<usize> = None;
        let mut slice_at: Option<usize> = None;
        let mut filtered = false;
        for i in 0..self.ck.len() {
            if !(self.ck_eq[i] || self.ck_slice[i]) {
                first_unrestricted.get_or_insert(i);
                continue;
            }
            if let Some(prev) = first_unrestricted {
                if may_filter {
                    filtered = true;
                    continue;
                }
                return Err(CqlError::invalid(format!(
                    "PRIMARY KEY column \"{}\" cannot be restricted as preceding column \"{}\" is not restricted",
                    self.ck[i].name, self.ck[prev].name
                )));
            }
            if let Some(s) = slice_at.filter(|s| *s != i && !self.multi_slice_covers(*s, i)) {
                if may_filter {
                    filtered = true;
                    continue;
                }
                return Err(CqlError::invalid(format!(
                    "Clustering column \"{}\" cannot be restricted (preceding column \"{}\" is restricted by a non-EQ relation)",
                    self.ck[i].name, self.ck[s].name
                )));
            }
            if self.ck_slice[i] && slice_at.is_none() {
                slice_at = Some(i);
            }
        }
        Ok(filtered)
    }

    /// Whether one multi-column slice covers both positions.
    fn multi_slice_covers(&self, slice: usize, i: usize) -> bool {
        self.ck_conds.iter().any(|c| match c {
            ClusteringCond::MultiCmp { start, values, .. } => {
                *start <= slice && i < start + values.len()
            }
            _ => false,
        })
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
