//! Terms: constants, collection / UDT / tuple literals, bind markers, function calls and
//! type hints.

use super::{PResult, Parser};
use crate::cql::ast::{BindMarker, Literal, QualifiedName, Term};
use crate::cql::lexer::{Kind, Kw, Sym};
use crate::error::CqlError;

impl Parser<'_> {
    /// Whether the current token is a constant (`constant` in Cassandra's grammar).
    pub(crate) fn at_constant(&mut self) -> bool {
        match self.kind() {
            Kind::String
            | Kind::Integer
            | Kind::Float
            | Kind::Boolean
            | Kind::Duration
            | Kind::Uuid
            | Kind::Hex
            | Kind::Keyword(Kw::NaN | Kw::Infinity) => true,
            Kind::Sym(Sym::Minus) => {
                matches!(self.kind_at(1), Kind::Keyword(Kw::NaN | Kw::Infinity))
            }
            _ => false,
        }
    }

    /// `constant`; the caller checked [`Self::at_constant`].
    pub(crate) fn constant(&mut self) -> PResult<Literal> {
        let text = self.text();
        let literal = match self.kind() {
            Kind::String => Literal::String(text),
            Kind::Integer => Literal::Integer(text),
            Kind::Float => Literal::Float(text),
            Kind::Boolean => Literal::Boolean(text.eq_ignore_ascii_case("true")),
            Kind::Duration => Literal::Duration(text),
            Kind::Uuid => match uuid::Uuid::parse_str(&text) {
                Ok(u) => Literal::Uuid(u),
                Err(_) => return Err(self.no_viable(0)),
            },
            Kind::Hex => Literal::Blob(self.hex_bytes(&text)),
            Kind::Keyword(Kw::NaN) => Literal::NaN,
            Kind::Keyword(Kw::Infinity) => Literal::Infinity { negative: false },
            Kind::Sym(Sym::Minus) => {
                self.advance();
                let negative = self.at_kw(Kw::Infinity);
                let literal = if negative {
                    Literal::Infinity { negative }
                } else {
                    Literal::NaN
                };
                self.advance();
                return Ok(literal);
            }
            _ => return Err(self.no_viable(0)),
        };
        self.advance();
        Ok(literal)
    }

    /// Decodes a `0x...` literal; an odd number of digits is refused when preparing.
    fn hex_bytes(&mut self, text: &str) -> Vec<u8> {
        let digits = text.get(2..).unwrap_or_default();
        let nibbles: Vec<u8> = digits
            .chars()
            .filter_map(|c| c.to_digit(16))
            .filter_map(|d| u8::try_from(d).ok())
            .collect();
        if !nibbles.len().is_multiple_of(2) {
            self.defer(CqlError::invalid(format!(
                "cannot parse '{digits}' as hex bytes"
            )));
            return Vec::new();
        }
        nibbles
            .chunks(2)
            .filter_map(|pair| match pair {
                [high, low] => Some((high << 4) | low),
                _ => None,
            })
            .collect()
    }

    /// `marker`: `?` or `:name`; the caller checked [`Self::at_marker`].
    pub(crate) fn marker(&mut self) -> PResult<BindMarker> {
        if self.eat_sym(Sym::Colon) {
            let name = self.ident()?;
            return Ok(self.new_marker(Some(name)));
        }
        if self.kind() == Kind::QMark {
            self.advance();
            return Ok(self.new_marker(None));
        }
        Err(self.no_viable(0))
    }

    /// Whether a bind marker starts here.
    pub(crate) fn at_marker(&self) -> bool {
        matches!(self.kind(), Kind::QMark | Kind::Sym(Sym::Colon))
    }

    /// `intValue`: an integer or a marker (LIMIT, TTL, TIMESTAMP).
    pub(crate) fn int_value(&mut self) -> PResult<Term> {
        if self.kind() == Kind::Integer {
            let text = self.text();
            self.advance();
            return Ok(Term::Literal(Literal::Integer(text)));
        }
        if self.at_marker() {
            return Ok(Term::Bind(self.marker()?));
        }
        Err(self.no_viable(0))
    }

    /// Whether a function call (`name(` or `ks.name(`) starts here.
    pub(crate) fn at_function_call(&mut self) -> bool {
        let k0 = self.kind();
        if Self::is_function_name(k0) && self.kind_at(1) == Kind::Sym(Sym::LParen) {
            return true;
        }
        Self::is_ident(k0)
            && self.kind_at(1) == Kind::Sym(Sym::Dot)
            && Self::is_function_name(self.kind_at(2))
            && self.kind_at(3) == Kind::Sym(Sym::LParen)
    }

    /// `functionName` (the caller checked [`Self::at_function_call`]).
    pub(crate) fn function_name(&mut self) -> PResult<QualifiedName> {
        let keyspace = if self.kind_at(1) == Kind::Sym(Sym::Dot) {
            let ks = self.keyspace_name()?;
            self.advance();
            Some(ks)
        } else {
            None
        };
        if !Self::is_function_name(self.kind()) {
            return Err(self.no_viable(0));
        }
        let name = if self.kind() == Kind::QuotedName {
            self.text()
        } else {
            self.text().to_ascii_lowercase()
        };
        self.advance();
        Ok(QualifiedName { keyspace, name })
    }

    /// `term`
    pub(crate) fn term(&mut self) -> PResult<Term> {
        self.nested(|p| p.term_inner())
    }

    fn term_inner(&mut self) -> PResult<Term> {
        if self.at_constant() {
            return Ok(Term::Literal(self.constant()?));
        }
        if self.at_marker() {
            return Ok(Term::Bind(self.marker()?));
        }
        match self.kind() {
            Kind::Keyword(Kw::Null) => {
                self.advance();
                Ok(Term::Literal(Literal::Null))
            }
            Kind::Sym(Sym::LBracket) => {
                self.advance();
                let items = self.terms_until(Sym::RBracket)?;
                Ok(Term::List(items))
            }
            Kind::Sym(Sym::LBrace) => self.brace_literal(),
            Kind::Sym(Sym::LParen) => self.paren_term(),
            k if Self::is_ident(k) || Self::is_function_name(k) => {
                if self.at_function_call() {
                    let name = self.function_name()?;
                    self.expect_sym(Sym::LParen)?;
                    let args = self.terms_until(Sym::RParen)?;
                    return Ok(Term::Function { name, args });
                }
                let n = if self.kind_at(1) == Kind::Sym(Sym::Dot) {
                    3
                } else {
                    1
                };
                Err(self.no_viable(n))
            }
            _ => Err(self.no_viable(0)),
        }
    }

    /// `(term (',' term)*)? close` after the opening token was consumed.
    pub(crate) fn terms_until(&mut self, close: Sym) -> PResult<Vec<Term>> {
        let mut items = Vec::new();
        if self.eat_sym(close) {
            return Ok(items);
        }
        items.push(self.term()?);
        while self.eat_sym(Sym::Comma) {
            items.push(self.term()?);
        }
        self.expect_sym(close)?;
        Ok(items)
    }

    /// `{}`, a set, a map or a UDT literal.
    fn brace_literal(&mut self) -> PResult<Term> {
        self.advance();
        if self.eat_sym(Sym::RBrace) {
            return Ok(Term::Map(Vec::new()));
        }
        if Self::is_ident(self.kind()) && self.kind_at(1) == Kind::Sym(Sym::Colon) {
            let mut fields = Vec::new();
            loop {
                let field = self.ident()?;
                self.expect_sym(Sym::Colon)?;
                fields.push((field, self.term()?));
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
            self.expect_sym(Sym::RBrace)?;
            return Ok(Term::Udt(fields));
        }
        let first = self.term()?;
        if self.eat_sym(Sym::Colon) {
            let mut entries = vec![(first, self.term()?)];
            while self.eat_sym(Sym::Comma) {
                let key = self.term()?;
                self.expect_sym(Sym::Colon)?;
                entries.push((key, self.term()?));
            }
            self.expect_sym(Sym::RBrace)?;
            return Ok(Term::Map(entries));
        }
        let mut items = vec![first];
        while self.eat_sym(Sym::Comma) {
            items.push(self.term()?);
        }
        self.expect_sym(Sym::RBrace)?;
        Ok(Term::Set(items))
    }

    /// `'(' type ')' term` (a type hint) or a tuple literal.
    fn paren_term(&mut self) -> PResult<Term> {
        if self.at_type_hint() {
            self.advance();
            let ty = self.type_expr()?;
            self.expect_sym(Sym::RParen)?;
            let term = self.term()?;
            return Ok(Term::TypeHint {
                ty,
                term: Box::new(term),
            });
        }
        Ok(Term::Tuple(self.tuple_literal()?))
    }

    /// Whether `'(' type ')'` followed by the start of a term comes next.
    pub(crate) fn at_type_hint(&mut self) -> bool {
        if matches!(
            self.kind_at(1),
            Kind::Integer | Kind::Float | Kind::Boolean | Kind::QMark | Kind::Sym(_)
        ) {
            return false;
        }
        let start = self.pos;
        let mut after = None;
        let parsed = self.speculate(|p| {
            p.advance();
            p.type_expr()?;
            p.expect_sym(Sym::RParen)?;
            after = Some(p.pos);
            Ok(())
        });
        let Some(after) = after.filter(|_| parsed) else {
            return false;
        };
        self.pos = after;
        let term_follows = self.at_constant()
            || self.at_marker()
            || matches!(
                self.kind(),
                Kind::Keyword(Kw::Null) | Kind::Sym(Sym::LParen | Sym::LBracket | Sym::LBrace)
            )
            || self.at_function_call();
        self.pos = start;
        term_follows
    }

    /// `tupleLiteral`: `'(' term (',' term)* ')'`.
    pub(crate) fn tuple_literal(&mut self) -> PResult<Vec<Term>> {
        self.expect_sym(Sym::LParen)?;
        let mut items = vec![self.term()?];
        while self.eat_sym(Sym::Comma) {
            items.push(self.term()?);
        }
        self.expect_sym(Sym::RParen)?;
        Ok(items)
    }
}
