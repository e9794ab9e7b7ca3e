//! WHERE relations and IF conditions.

use super::{PResult, Parser};
use crate::cql::ast::{
    Condition, ConditionTarget, InValues, Operator, Relation, RelationLhs, Term, TermKey,
    WriteCondition,
};
use crate::cql::lexer::{Kind, Kw, Sym};

/// The comparison operator a token is, if any.
fn operator(kind: Kind) -> Option<Operator> {
    Some(match kind {
        Kind::Sym(Sym::Eq) => Operator::Eq,
        Kind::Sym(Sym::Lt) => Operator::Lt,
        Kind::Sym(Sym::Lte) => Operator::Lte,
        Kind::Sym(Sym::Gt) => Operator::Gt,
        Kind::Sym(Sym::Gte) => Operator::Gte,
        Kind::Sym(Sym::Neq) => Operator::Neq,
        _ => return None,
    })
}

impl Parser<'_> {
    /// `relationType`
    fn relation_type(&mut self) -> PResult<Operator> {
        match operator(self.kind()) {
            Some(op) => {
                self.advance();
                Ok(op)
            }
            None => Err(self.no_viable(0)),
        }
    }

    /// `whereClause`: `relation (AND relation)*`.
    pub(crate) fn where_clause(&mut self) -> PResult<Vec<Relation>> {
        let mut relations = Vec::new();
        self.relation(&mut relations)?;
        while self.eat_kw(Kw::And) {
            self.relation(&mut relations)?;
        }
        Ok(relations)
    }

    fn relation(&mut self, out: &mut Vec<Relation>) -> PResult<()> {
        match self.kind() {
            Kind::Keyword(Kw::Token) => {
                self.advance();
                let columns = self.tuple_of_identifiers()?;
                let op = self.relation_type()?;
                let rhs = self.term()?;
                out.push(Relation::Compare {
                    lhs: RelationLhs::Token(columns),
                    op,
                    rhs,
                });
                Ok(())
            }
            Kind::Sym(Sym::LParen) => {
                let tuple = (Self::is_ident(self.kind_at(1))
                    || self.kind_at(1) == Kind::EmptyQuotedName)
                    && matches!(self.kind_at(2), Kind::Sym(Sym::Comma | Sym::RParen));
                if tuple {
                    out.push(self.multi_column_relation()?);
                    return Ok(());
                }
                self.nested(|p| {
                    p.advance();
                    p.relation(out)?;
                    p.expect_sym(Sym::RParen)
                })
            }
            k if Self::is_ident(k) || k == Kind::EmptyQuotedName => {
                out.push(self.single_column_relation()?);
                Ok(())
            }
            _ => Err(self.no_viable(0)),
        }
    }

    fn single_column_relation(&mut self) -> PResult<Relation> {
        let column = self.cident()?;
        if let Some(op) = operator(self.kind()) {
            self.advance();
            let rhs = self.term()?;
            return Ok(Relation::Compare {
                lhs: RelationLhs::Column(column),
                op,
                rhs,
            });
        }
        match self.kind() {
            Kind::Keyword(Kw::In) => {
                self.advance();
                let values = self.single_column_in_values()?;
                Ok(Relation::In {
                    lhs: RelationLhs::Column(column),
                    values,
                })
            }
            Kind::Keyword(Kw::Contains) => {
                self.advance();
                let key = self.eat_kw(Kw::Key);
                let value = self.term()?;
                Ok(Relation::Contains { column, key, value })
            }
            Kind::Keyword(Kw::Like) => {
                self.advance();
                let rhs = self.term()?;
                Ok(Relation::Compare {
                    lhs: RelationLhs::Column(column),
                    op: Operator::Like,
                    rhs,
                })
            }
            Kind::Keyword(Kw::Is) => {
                self.advance();
                self.expect_kw(Kw::Not)?;
                self.expect_kw(Kw::Null)?;
                Ok(Relation::IsNotNull(column))
            }
            Kind::Sym(Sym::LBracket) => {
                self.advance();
                let key = self.term()?;
                self.expect_sym(Sym::RBracket)?;
                let op = self.relation_type()?;
                let value = self.term()?;
                Ok(Relation::MapEntry {
                    column,
                    key,
                    op,
                    value,
                })
            }
            _ => Err(self.no_viable(0)),
        }
    }

    /// `tupleOfIdentifiers`: `'(' cident (',' cident)* ')'`.
    fn tuple_of_identifiers(&mut self) -> PResult<Vec<String>> {
        self.expect_sym(Sym::LParen)?;
        let mut columns = vec![self.cident()?];
        while self.eat_sym(Sym::Comma) {
            columns.push(self.cident()?);
        }
        self.expect_sym(Sym::RParen)?;
        Ok(columns)
    }

    fn multi_column_relation(&mut self) -> PResult<Relation> {
        let columns = self.tuple_of_identifiers()?;
        let lhs = RelationLhs::MultiColumn(columns);
        if self.eat_kw(Kw::In) {
            let values = if self.at_marker() {
                InValues::Marker(self.marker()?)
            } else {
                self.expect_sym(Sym::LParen)?;
                let mut items = Vec::new();
                if !self.eat_sym(Sym::RParen) {
                    let tuples = self.at_sym(Sym::LParen);
                    loop {
                        items.push(if tuples {
                            Term::Tuple(self.nested(|p| p.tuple_literal())?)
                        } else if self.at_marker() {
                            Term::Bind(self.marker()?)
                        } else {
                            return Err(self.no_viable(0));
                        });
                        if !self.eat_sym(Sym::Comma) {
                            break;
                        }
                    }
                    self.expect_sym(Sym::RParen)?;
                }
                InValues::List(items)
            };
            return Ok(Relation::In { lhs, values });
        }
        let op = self.relation_type()?;
        let rhs = if self.at_marker() {
            Term::Bind(self.marker()?)
        } else if self.at_sym(Sym::LParen) {
            Term::Tuple(self.nested(|p| p.tuple_literal())?)
        } else {
            return Err(self.no_viable(0));
        };
        Ok(Relation::Compare { lhs, op, rhs })
    }

    /// `singleColumnInValues`: `'(' terms? ')'` or an IN marker.
    fn single_column_in_values(&mut self) -> PResult<InValues> {
        if self.at_marker() {
            return Ok(InValues::Marker(self.marker()?));
        }
        self.expect_sym(Sym::LParen)?;
        Ok(InValues::List(self.terms_until(Sym::RParen)?))
    }

    /// The IF clause of UPDATE and DELETE: `IF EXISTS` or conditions.
    pub(crate) fn update_condition(&mut self) -> PResult<WriteCondition> {
        if !self.eat_kw(Kw::If) {
            return Ok(WriteCondition::None);
        }
        if self.at_kw(Kw::Exists) {
            let next = self.kind_at(1);
            let column = operator(next).is_some()
                || matches!(
                    next,
                    Kind::Keyword(Kw::In) | Kind::Sym(Sym::LBracket | Sym::Dot)
                );
            if !column {
                self.advance();
                return Ok(WriteCondition::IfExists);
            }
        }
        let mut conditions = vec![self.condition()?];
        while self.eat_kw(Kw::And) {
            conditions.push(self.condition()?);
        }
        Ok(WriteCondition::Conditions(conditions))
    }

    /// `columnCondition`
    fn condition(&mut self) -> PResult<Condition> {
        let column = self.cident()?;
        let target = if self.eat_sym(Sym::LBracket) {
            let key = self.term()?;
            self.expect_sym(Sym::RBracket)?;
            ConditionTarget::Element(column, TermKey(key))
        } else if self.eat_sym(Sym::Dot) {
            let field = self.ident()?;
            ConditionTarget::Field(column, field)
        } else {
            ConditionTarget::Column(column)
        };
        if self.eat_kw(Kw::In) {
            let values = self.single_column_in_values()?;
            return Ok(Condition::In { target, values });
        }
        let op = self.relation_type()?;
        let value = self.term()?;
        Ok(Condition::Compare { target, op, value })
    }
}
