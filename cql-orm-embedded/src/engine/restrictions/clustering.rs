//! Conditions on clustering columns: matching clustering keys, the full keys an EQ/IN
//! restriction names, and which columns a restriction leaves open.

use std::cmp::Ordering;

use crate::cql::ast::Operator;
use crate::value::Value;
use crate::values;

use super::super::storage::ClusteringTypes;

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

impl ClusteringCond {
    /// The clustering positions the condition restricts.
    fn positions(&self) -> std::ops::Range<usize> {
        match self {
            ClusteringCond::Cmp { idx, .. } | ClusteringCond::In { idx, .. } => *idx..*idx + 1,
            ClusteringCond::MultiCmp { start, values, .. } => *start..*start + values.len(),
            ClusteringCond::MultiIn { start, tuples } => {
                *start..*start + tuples.first().map(Vec::len).unwrap_or(0)
            }
        }
    }
}

/// A conjunction of clustering conditions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusteringFilter {
    /// The conditions.
    pub conds: Vec<ClusteringCond>,
}

/// Whether `o` (the ordering of a value against the restriction's) satisfies `op`.
pub(crate) fn op_holds(op: Operator, o: Ordering) -> bool {
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

    /// The full clustering keys named by EQ/IN conditions over all `n` clustering columns
    /// (their cartesian product, in clustering-column order).
    pub fn explicit_keys(&self, n: usize) -> Vec<Vec<Value>> {
        let mut per: Vec<Vec<Value>> = vec![Vec::new(); n];
        let mut tuples: Option<(usize, &[Vec<Value>])> = None;
        for c in &self.conds {
            match c {
                ClusteringCond::Cmp { idx, value, .. } => per[*idx] = vec![value.clone()],
                ClusteringCond::In { idx, values } => per[*idx] = values.clone(),
                ClusteringCond::MultiCmp { start, values, .. } => {
                    for (i, v) in values.iter().enumerate() {
                        if let Some(p) = per.get_mut(start + i) {
                            *p = vec![v.clone()];
                        }
                    }
                }
                ClusteringCond::MultiIn { start, tuples: t } => tuples = Some((*start, t)),
            }
        }
        let mut keys: Vec<Vec<Value>> = vec![Vec::new()];
        let mut i = 0;
        while i < n {
            let (choices, width): (Vec<&[Value]>, usize) = match tuples {
                Some((start, ts)) if start == i => (
                    ts.iter().map(Vec::as_slice).collect(),
                    ts.first().map(Vec::len).unwrap_or(1).max(1),
                ),
                _ => (per[i].iter().map(std::slice::from_ref).collect(), 1),
            };
            keys = keys
                .iter()
                .flat_map(|k| {
                    choices.iter().map(move |c| {
                        let mut nk = k.clone();
                        nk.extend(c.iter().cloned());
                        nk
                    })
                })
                .collect();
            i += width;
        }
        keys
    }

    /// Which of the `n` clustering columns no condition restricts (their positions).
    pub fn unrestricted(&self, n: usize) -> Vec<usize> {
        let mut restricted = vec![false; n];
        for c in &self.conds {
            for p in c.positions() {
                if let Some(r) = restricted.get_mut(p) {
                    *r = true;
                }
            }
        }
        (0..n).filter(|p| !restricted[*p]).collect()
    }
}
