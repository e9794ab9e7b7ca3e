//! Cassandra's rules for several relations on the same column (`RestrictionSet` merging):
//! which combinations are allowed and the message of each refused one.

use crate::cql::ast::Operator;
use crate::error::{CqlError, CqlResult};

/// The kind of one relation, as far as merging cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `=`
    Eq,
    /// `IN`
    In,
    /// `>`, `>=`, `<`, `<=`
    Slice(Operator),
    /// `CONTAINS`, `CONTAINS KEY` or a map-entry equality.
    Contains,
}

/// The relations already seen on one column (or one group of columns).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Seen {
    eq: bool,
    in_: bool,
    start: bool,
    end: bool,
    contains: bool,
}

impl Seen {
    fn is_slice(&self) -> bool {
        self.start || self.end
    }

    fn is_empty(&self) -> bool {
        *self == Seen::default()
    }

    /// Adds a relation on the column(s) named `names`, or explains why Cassandra refuses it.
    pub(super) fn merge(&mut self, kind: Kind, names: &str) -> CqlResult<()> {
        if !self.is_empty() {
            if self.eq {
                return Err(CqlError::invalid(format!(
                    "{names} cannot be restricted by more than one relation if it includes an Equal"
                )));
            }
            if self.in_ {
                return Err(CqlError::invalid(format!(
                    "{names} cannot be restricted by more than one relation if it includes a IN"
                )));
            }
            if self.is_slice() && !matches!(kind, Kind::Slice(_)) {
                return Err(CqlError::invalid(format!(
                    "Column \"{names}\" cannot be restricted by both an equality and an inequality relation"
                )));
            }
            if self.contains && kind != Kind::Contains {
                return Err(CqlError::invalid(format!(
                    "Collection column {names} can only be restricted by CONTAINS, CONTAINS KEY, or map-entry equality"
                )));
            }
        }
        match kind {
            Kind::Eq => self.eq = true,
            Kind::In => self.in_ = true,
            Kind::Contains => self.contains = true,
            Kind::Slice(op) => {
                let start = matches!(op, Operator::Gt | Operator::Gte);
                let (bound, taken) = if start {
                    ("start", &mut self.start)
                } else {
                    ("end", &mut self.end)
                };
                if *taken {
                    return Err(CqlError::invalid(format!(
                        "More than one restriction was found for the {bound} bound on {names}"
                    )));
                }
                *taken = true;
            }
        }
        Ok(())
    }

    /// Like [`Seen::merge`] for `token(...)` relations, whose messages differ.
    pub(super) fn merge_token(&mut self, kind: Kind, names: &str) -> CqlResult<()> {
        if self.is_slice() && !matches!(kind, Kind::Slice(_)) {
            return Err(CqlError::invalid(format!(
                "Columns \"{names}\" cannot be restricted by both an equality and an inequality relation"
            )));
        }
        self.merge(kind, names)
    }
}

/// The kind of `lhs op ...`.
pub(super) fn kind_of(op: Operator) -> Kind {
    match op {
        Operator::Eq => Kind::Eq,
        other => Kind::Slice(other),
    }
}
