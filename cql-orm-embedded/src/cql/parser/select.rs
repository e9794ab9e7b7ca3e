//! SELECT: selection, selectors and the clauses after FROM.

use super::{PResult, Parser};
use crate::cql::ast::{Order, Select, Selection, Selector};
use crate::cql::lexer::{Kind, Kw, Sym};

impl Parser<'_> {
    /// `selectStatement`
    pub(crate) fn select(&mut self) -> PResult<Select> {
        self.expect_kw(Kw::Select)?;
        // `json` and `distinct` are also valid column names: they are keywords only when a
        // selection follows them (Cassandra's syntactic predicates).
        let json = self.at_kw(Kw::Json)
            && self.speculate(|p| {
                p.advance();
                p.select_clause()
            });
        if json {
            self.advance();
        }
        let distinct = self.at_kw(Kw::Distinct)
            && self.speculate(|p| {
                p.advance();
                p.selection()
            });
        if distinct {
            self.advance();
        }
        let selection = self.selection()?;
        self.expect_kw(Kw::From)?;
        let table = self.table_name()?;
        let where_clause = if self.eat_kw(Kw::Where) {
            self.where_clause()?
        } else {
            Vec::new()
        };
        let mut group_by = Vec::new();
        if self.eat_kw(Kw::Group) {
            self.expect_kw(Kw::By)?;
            group_by.push(self.cident()?);
            while self.eat_sym(Sym::Comma) {
                group_by.push(self.cident()?);
            }
        }
        let mut order_by = Vec::new();
        if self.eat_kw(Kw::Order) {
            self.expect_kw(Kw::By)?;
            loop {
                let column = self.cident()?;
                let order = if self.eat_kw(Kw::Desc) {
                    Order::Desc
                } else {
                    self.eat_kw(Kw::Asc);
                    Order::Asc
                };
                order_by.push((column, order));
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        let per_partition_limit = if self.eat_kw(Kw::Per) {
            self.expect_kw(Kw::Partition)?;
            self.expect_kw(Kw::Limit)?;
            Some(self.int_value()?)
        } else {
            None
        };
        let limit = if self.eat_kw(Kw::Limit) {
            Some(self.int_value()?)
        } else {
            None
        };
        let allow_filtering = self.eat_kw(Kw::Allow);
        if allow_filtering {
            self.expect_kw(Kw::Filtering)?;
        }
        Ok(Select {
            json,
            distinct,
            selection,
            table,
            where_clause,
            group_by,
            order_by,
            per_partition_limit,
            limit,
            allow_filtering,
        })
    }

    /// `selectClause`: an optional DISTINCT and the selection (used by the JSON predicate).
    fn select_clause(&mut self) -> PResult<()> {
        if self.at_kw(Kw::Distinct)
            && self.speculate(|p| {
                p.advance();
                p.selection()
            })
        {
            self.advance();
        }
        self.selection().map(|_| ())
    }

    /// `selectors`: `*` or a list of selectors with optional aliases.
    fn selection(&mut self) -> PResult<Selection> {
        if self.eat_sym(Sym::Star) {
            return Ok(Selection::Star);
        }
        let mut items = Vec::new();
        loop {
            let selector = self.selector()?;
            let alias = if self.eat_kw(Kw::As) {
                Some(self.ident()?)
            } else {
                None
            };
            items.push((selector, alias));
            if !self.eat_sym(Sym::Comma) {
                break;
            }
        }
        Ok(Selection::List(items))
    }

    /// `unaliasedSelector`: a base selector and its field / element / slice modifiers.
    pub(crate) fn selector(&mut self) -> PResult<Selector> {
        self.nested(|p| {
            let mut selector = p.selector_base()?;
            loop {
                if p.at_sym(Sym::Dot) {
                    p.advance();
                    selector = Selector::Field(Box::new(selector), p.ident()?);
                } else if p.eat_sym(Sym::LBracket) {
                    selector = p.sub_selection(selector)?;
                    p.expect_sym(Sym::RBracket)?;
                } else {
                    return Ok(selector);
                }
            }
        })
    }

    /// `collectionSubSelection`: `[key]`, `[from..to]`, `[from..]`, `[..to]`.
    fn sub_selection(&mut self, receiver: Selector) -> PResult<Selector> {
        let receiver = Box::new(receiver);
        if self.kind() == Kind::Range {
            self.advance();
            let to = self.term()?;
            return Ok(Selector::Slice(receiver, None, Some(to)));
        }
        let from = self.term()?;
        if self.kind() != Kind::Range {
            return Ok(Selector::Element(receiver, from));
        }
        self.advance();
        let to = if self.at_sym(Sym::RBracket) {
            None
        } else {
            Some(self.term()?)
        };
        Ok(Selector::Slice(receiver, Some(from), to))
    }

    fn selector_base(&mut self) -> PResult<Selector> {
        let call = self.kind_at(1) == Kind::Sym(Sym::LParen);
        match self.kind() {
            Kind::Keyword(Kw::Count) if call => {
                let star = self.kind_at(2) == Kind::Sym(Sym::Star);
                let one = self.kind_at(2) == Kind::Integer
                    && self.text_at(2) == "1"
                    && self.kind_at(3) == Kind::Sym(Sym::RParen);
                if star || one {
                    self.advance();
                    self.advance();
                    self.advance();
                    self.expect_sym(Sym::RParen)?;
                    return Ok(Selector::CountStar);
                }
                self.function_selector()
            }
            Kind::Keyword(kw @ (Kw::WriteTime | Kw::Ttl)) if call => {
                self.advance();
                self.advance();
                let column = self.cident()?;
                self.expect_sym(Sym::RParen)?;
                Ok(match kw {
                    Kw::WriteTime => Selector::WriteTime(column),
                    _ => Selector::Ttl(column),
                })
            }
            Kind::Keyword(Kw::Cast) if call => {
                self.advance();
                self.advance();
                let inner = self.selector()?;
                self.expect_kw(Kw::As)?;
                let native = match self.kind() {
                    Kind::Keyword(kw) => kw.native_type(),
                    _ => None,
                };
                let Some(native) = native else {
                    return Err(self.no_viable(0));
                };
                self.advance();
                self.expect_sym(Sym::RParen)?;
                Ok(Selector::Cast(Box::new(inner), native))
            }
            _ if self.at_function_call() => self.function_selector(),
            k if Self::is_ident(k) => Ok(Selector::Column(self.ident()?)),
            _ => Ok(Selector::Term(self.term()?)),
        }
    }

    /// `functionName selectionFunctionArgs`
    fn function_selector(&mut self) -> PResult<Selector> {
        let name = self.function_name()?;
        self.expect_sym(Sym::LParen)?;
        let mut args = Vec::new();
        if !self.eat_sym(Sym::RParen) {
            args.push(self.selector()?);
            while self.eat_sym(Sym::Comma) {
                args.push(self.selector()?);
            }
            self.expect_sym(Sym::RParen)?;
        }
        Ok(Selector::Function { name, args })
    }
}
