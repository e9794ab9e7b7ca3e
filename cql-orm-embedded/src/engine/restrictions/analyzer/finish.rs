//! The checks over a whole WHERE clause: the partition key and clustering prefix rules,
//! index selection and when ALLOW FILTERING is needed.

use crate::error::{CqlError, CqlResult};
use crate::value::Value;

use super::super::clustering::{ClusteringCond, ClusteringFilter};
use super::super::row_filter::RowFilter;
use super::super::{filtering_error, PartitionSel, WhereClause};
use super::Analyzer;
use crate::engine::catalog::ColumnKind;

impl Analyzer<'_, '_> {
    /// Checks the clause as a whole and produces its analysis.
    pub(in crate::engine::restrictions) fn finish(mut self) -> CqlResult<WhereClause> {
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
