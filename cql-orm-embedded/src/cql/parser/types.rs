//! Type expressions (`comparatorType`): native types, collections, tuples, `frozen<...>`,
//! user type names and custom types given as a quoted class name.

use super::{PResult, Parser};
use crate::cql::ast::{QualifiedName, TypeExpr};
use crate::cql::lexer::{Class, Kind, Kw, Sym};

/// Names Cassandra refuses for user types although they are not keywords.
const RESERVED_TYPE_NAMES: [&str; 6] = [
    "byte",
    "complex",
    "enum",
    "interval",
    "macaddr",
    "bitstring",
];

impl Parser<'_> {
    /// `comparatorType`
    pub(crate) fn type_expr(&mut self) -> PResult<TypeExpr> {
        self.nested(|p| p.type_inner())
    }

    fn type_inner(&mut self) -> PResult<TypeExpr> {
        let generic = self.kind_at(1) == Kind::Sym(Sym::Lt);
        match self.kind() {
            Kind::Keyword(Kw::Map) if generic => {
                self.advance();
                self.advance();
                let key = self.type_expr()?;
                self.expect_sym(Sym::Comma)?;
                let value = self.type_expr()?;
                self.expect_sym(Sym::Gt)?;
                Ok(TypeExpr::Map(Box::new(key), Box::new(value)))
            }
            Kind::Keyword(Kw::List) if generic => {
                self.advance();
                Ok(TypeExpr::List(Box::new(self.type_argument()?)))
            }
            Kind::Keyword(Kw::Set) => {
                self.advance();
                self.expect_sym(Sym::Lt)?;
                let elem = self.type_expr()?;
                self.expect_sym(Sym::Gt)?;
                Ok(TypeExpr::Set(Box::new(elem)))
            }
            Kind::Keyword(Kw::Tuple) if generic => {
                self.advance();
                self.advance();
                let mut items = vec![self.type_expr()?];
                while self.eat_sym(Sym::Comma) {
                    items.push(self.type_expr()?);
                }
                self.expect_sym(Sym::Gt)?;
                Ok(TypeExpr::Tuple(items))
            }
            Kind::Keyword(Kw::Frozen) if generic => {
                self.advance();
                let inner = self.type_argument()?;
                match inner {
                    TypeExpr::Native(_) | TypeExpr::Custom(_) => {
                        Err(self.recognition(format!(
                            "frozen<> is only allowed on collections, tuples, and user-defined types (got {})",
                            type_text(&inner)
                        )))
                    }
                    inner => Ok(TypeExpr::Frozen(Box::new(inner))),
                }
            }
            Kind::Keyword(kw) if kw.native_type().is_some() => {
                let native = kw.native_type();
                self.advance();
                native
                    .map(TypeExpr::Native)
                    .ok_or_else(|| self.no_viable(0))
            }
            Kind::String => {
                let class = self.text();
                self.advance();
                Ok(TypeExpr::Custom(class))
            }
            _ => Ok(TypeExpr::Udt(self.user_type_name()?)),
        }
    }

    /// `'<' comparatorType '>'` after a one-parameter type keyword.
    fn type_argument(&mut self) -> PResult<TypeExpr> {
        self.expect_sym(Sym::Lt)?;
        let inner = self.type_expr()?;
        self.expect_sym(Sym::Gt)?;
        Ok(inner)
    }

    /// `userTypeName`: `(ks '.')? non_type_ident`.
    pub(crate) fn user_type_name(&mut self) -> PResult<QualifiedName> {
        let keyspace = if self.kind_at(1) == Kind::Sym(Sym::Dot) && Self::is_ident(self.kind()) {
            let ks = self.ident()?;
            self.advance();
            Some(ks)
        } else {
            None
        };
        let name = match self.kind() {
            Kind::Ident => {
                let name = self.text().to_ascii_lowercase();
                if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                    return Err(self.recognition(format!(
                        "Invalid (reserved) user type name {}",
                        self.text()
                    )));
                }
                self.advance();
                name
            }
            Kind::QuotedName => {
                let name = self.text();
                self.advance();
                name
            }
            Kind::Keyword(kw) if kw.class() == Class::Basic || kw == Kw::Key => {
                let name = self.text().to_ascii_lowercase();
                self.advance();
                name
            }
            _ => return Err(self.no_viable(0)),
        };
        Ok(QualifiedName { keyspace, name })
    }
}

/// A type as Cassandra prints it in the `frozen<>` error.
fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Native(n) => format!("{n:?}").to_ascii_lowercase(),
        TypeExpr::Custom(c) => c.clone(),
        other => format!("{other:?}"),
    }
}
