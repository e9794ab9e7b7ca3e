//! INSERT, UPDATE, DELETE and BATCH.

use super::{PResult, Parser};
use crate::cql::ast::{
    Assignment, Batch, BatchKind, BatchStatement, Delete, DeleteTarget, Insert, Literal, Term,
    TermKey, Update, Using, WriteCondition,
};
use crate::cql::lexer::{Kind, Kw, Sym};

impl Parser<'_> {
    /// `insertStatement`
    pub(crate) fn insert(&mut self) -> PResult<Insert> {
        self.expect_kw(Kw::Insert)?;
        self.expect_kw(Kw::Into)?;
        let table = self.table_name()?;
        let mut insert = Insert {
            table,
            columns: Vec::new(),
            values: Vec::new(),
            json: None,
            json_default_unset: false,
            condition: WriteCondition::None,
            using: Using::default(),
        };
        if self.eat_sym(Sym::LParen) {
            insert.columns.push(self.cident()?);
            while self.eat_sym(Sym::Comma) {
                insert.columns.push(self.cident()?);
            }
            self.expect_sym(Sym::RParen)?;
            self.expect_kw(Kw::Values)?;
            insert.values = self.nested(|p| p.tuple_literal())?;
        } else if self.eat_kw(Kw::Json) {
            insert.json = Some(match self.kind() {
                Kind::String => {
                    let text = self.text();
                    self.advance();
                    Term::Literal(Literal::String(text))
                }
                _ if self.at_marker() => Term::Bind(self.marker()?),
                _ => return Err(self.no_viable(0)),
            });
            if self.eat_kw(Kw::Default) {
                if self.eat_kw(Kw::Unset) {
                    insert.json_default_unset = true;
                } else if !self.eat_kw(Kw::Null) {
                    return Err(self.no_viable(0));
                }
            }
        } else {
            return Err(self.no_viable(0));
        }
        if self.if_not_exists()? {
            insert.condition = WriteCondition::IfNotExists;
        }
        insert.using = self.using_clause()?;
        Ok(insert)
    }

    /// `usingClause`: `USING (TTL n | TIMESTAMP n) (AND ...)*`, or nothing.
    fn using_clause(&mut self) -> PResult<Using> {
        let mut using = Using::default();
        if !self.eat_kw(Kw::Using) {
            return Ok(using);
        }
        loop {
            if self.eat_kw(Kw::Timestamp) {
                using.timestamp = Some(self.int_value()?);
            } else if self.eat_kw(Kw::Ttl) {
                using.ttl = Some(self.int_value()?);
            } else {
                return Err(self.no_viable(0));
            }
            if !self.eat_kw(Kw::And) {
                return Ok(using);
            }
        }
    }

    /// `updateStatement`
    pub(crate) fn update(&mut self) -> PResult<Update> {
        self.expect_kw(Kw::Update)?;
        let table = self.table_name()?;
        let using = self.using_clause()?;
        self.expect_kw(Kw::Set)?;
        let mut assignments: Vec<Assignment> = Vec::new();
        loop {
            let assignment = self.assignment()?;
            let (column, kind) = assignment_kind(&assignment);
            let conflict = assignments.iter().any(|other| {
                let (other_column, other_kind) = assignment_kind(other);
                other_column == column && !compatible(kind, other_kind)
            });
            if conflict {
                return Err(
                    self.recognition(format!("Multiple incompatible setting of column {column}"))
                );
            }
            assignments.push(assignment);
            if !self.eat_sym(Sym::Comma) {
                break;
            }
        }
        self.expect_kw(Kw::Where)?;
        let where_clause = self.where_clause()?;
        let condition = self.update_condition()?;
        Ok(Update {
            table,
            using,
            assignments,
            where_clause,
            condition,
        })
    }

    /// `columnOperation`
    fn assignment(&mut self) -> PResult<Assignment> {
        let column = self.cident()?;
        match self.kind() {
            Kind::Sym(Sym::PlusEq) => {
                self.advance();
                Ok(Assignment::Add(column, self.term()?))
            }
            Kind::Sym(Sym::MinusEq) => {
                self.advance();
                Ok(Assignment::Subtract(column, self.term()?))
            }
            Kind::Sym(Sym::LBracket) => {
                self.advance();
                let key = self.term()?;
                self.expect_sym(Sym::RBracket)?;
                self.expect_sym(Sym::Eq)?;
                Ok(Assignment::SetElement(column, TermKey(key), self.term()?))
            }
            Kind::Sym(Sym::Dot) => {
                self.advance();
                let field = self.ident()?;
                self.expect_sym(Sym::Eq)?;
                Ok(Assignment::SetField(column, field, self.term()?))
            }
            Kind::Sym(Sym::Eq) => {
                self.advance();
                self.assignment_value(column)
            }
            _ => Err(self.no_viable(0)),
        }
    }

    /// `normalColumnOperation`: what follows `col =`.
    fn assignment_value(&mut self, column: String) -> PResult<Assignment> {
        let operand = Self::is_ident(self.kind()) || self.kind() == Kind::EmptyQuotedName;
        if operand {
            let next = self.kind_at(1);
            if matches!(next, Kind::Sym(Sym::Plus | Sym::Minus) | Kind::Integer) {
                let other = self.cident()?;
                if next == Kind::Integer {
                    // `c = c -3` lexes as [c, '=', c, INTEGER(-3)]: an addition.
                    let text = self.text();
                    let sign = if text.starts_with('-') { '-' } else { '+' };
                    if other != column {
                        return Err(self.recognition(format!(
                            "Only expressions of the form X = X {sign} <value> are supported."
                        )));
                    }
                    self.advance();
                    return Ok(Assignment::Add(
                        column,
                        Term::Literal(Literal::Integer(text)),
                    ));
                }
                let plus = next == Kind::Sym(Sym::Plus);
                if other != column {
                    let sign = if plus { '+' } else { '-' };
                    return Err(self.recognition(format!(
                        "Only expressions of the form X = X {sign}<value> are supported."
                    )));
                }
                self.advance();
                let value = self.term()?;
                return Ok(if plus {
                    Assignment::Add(column, value)
                } else {
                    Assignment::Subtract(column, value)
                });
            }
        }
        let value = self.term()?;
        if !self.eat_sym(Sym::Plus) {
            return Ok(Assignment::Set(column, value));
        }
        let other = self.cident()?;
        if other != column {
            return Err(
                self.recognition("Only expressions of the form X = <value> + X are supported.")
            );
        }
        Ok(Assignment::Prepend(column, value))
    }

    /// `deleteStatement`
    pub(crate) fn delete(&mut self) -> PResult<Delete> {
        self.expect_kw(Kw::Delete)?;
        let mut targets = Vec::new();
        if !self.at_kw(Kw::From) {
            loop {
                let column = self.cident()?;
                targets.push(if self.eat_sym(Sym::LBracket) {
                    let key = self.term()?;
                    self.expect_sym(Sym::RBracket)?;
                    DeleteTarget::Element(column, key)
                } else if self.eat_sym(Sym::Dot) {
                    DeleteTarget::Field(column, self.ident()?)
                } else {
                    DeleteTarget::Column(column)
                });
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        self.expect_kw(Kw::From)?;
        let table = self.table_name()?;
        let mut using = Using::default();
        if self.eat_kw(Kw::Using) {
            self.expect_kw(Kw::Timestamp)?;
            using.timestamp = Some(self.int_value()?);
        }
        self.expect_kw(Kw::Where)?;
        let where_clause = self.where_clause()?;
        let condition = self.update_condition()?;
        Ok(Delete {
            targets,
            table,
            using,
            where_clause,
            condition,
        })
    }

    /// `batchStatement`
    pub(crate) fn batch(&mut self) -> PResult<Batch> {
        self.expect_kw(Kw::Begin)?;
        let kind = if self.eat_kw(Kw::Unlogged) {
            BatchKind::Unlogged
        } else if self.eat_kw(Kw::Counter) {
            BatchKind::Counter
        } else {
            BatchKind::Logged
        };
        self.expect_kw(Kw::Batch)?;
        let using = self.using_clause()?;
        let mut statements = Vec::new();
        loop {
            let statement = match self.kind() {
                Kind::Keyword(Kw::Insert) => BatchStatement::Insert(self.insert()?),
                Kind::Keyword(Kw::Update) => BatchStatement::Update(self.update()?),
                Kind::Keyword(Kw::Delete) => BatchStatement::Delete(self.delete()?),
                _ => break,
            };
            statements.push(statement);
            self.eat_sym(Sym::Semi);
        }
        self.expect_kw(Kw::Apply)?;
        self.expect_kw(Kw::Batch)?;
        Ok(Batch {
            kind,
            using,
            statements,
        })
    }
}

/// The kinds of update Cassandra checks for conflicts on one column.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UpdateKind<'a> {
    SetValue,
    SetElement,
    SetField(&'a str),
    Other,
}

fn assignment_kind(a: &Assignment) -> (&str, UpdateKind<'_>) {
    match a {
        Assignment::Set(c, _) => (c, UpdateKind::SetValue),
        Assignment::SetElement(c, _, _) => (c, UpdateKind::SetElement),
        Assignment::SetField(c, f, _) => (c, UpdateKind::SetField(f)),
        Assignment::Add(c, _) | Assignment::Prepend(c, _) | Assignment::Subtract(c, _) => {
            (c, UpdateKind::Other)
        }
    }
}

/// Cassandra's `isCompatibleWith` between a new update and an earlier one on one column.
fn compatible(new: UpdateKind<'_>, earlier: UpdateKind<'_>) -> bool {
    match (new, earlier) {
        (UpdateKind::SetValue, _) | (_, UpdateKind::SetValue) => false,
        (UpdateKind::SetField(a), UpdateKind::SetField(b)) => a != b,
        _ => true,
    }
}
