//! The recursive-descent parser: token cursor, error reporting in Cassandra's ANTLR wording,
//! identifiers and names, and the statement dispatch. Statement families live in the
//! submodules.

mod dml;
mod relations;
mod schema;
mod select;
mod snippet;
mod table;
mod terms;
mod types;

use super::ast::{BindMarker, QualifiedName, Statement};
use super::lexer::{self, Class, Kind, Kw, LexError, Sym, Token};
use crate::error::CqlError;

/// The deepest nesting of parentheses, brackets, braces and types accepted.
pub(crate) const MAX_DEPTH: usize = 100;

/// Results inside the parser.
pub(crate) type PResult<T> = Result<T, CqlError>;

/// Parser state over one statement's tokens.
pub(crate) struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    /// Index (into `toks`) of the current non-hidden token.
    pos: usize,
    /// The furthest token index looked at (ANTLR's buffered token stream size - 1).
    fetched: usize,
    lex_error: Option<LexError>,
    depth: usize,
    markers: usize,
    /// An error Cassandra raises after a successful parse (e.g. while preparing).
    deferred: Option<CqlError>,
}

/// Which kind of name a bind marker was written in place of.
#[derive(Clone, Copy)]
pub(crate) enum NameRole {
    Keyspace,
    Table,
    Index,
}

impl<'a> Parser<'a> {
    /// Lexes `src` and positions the parser on the first token.
    pub(crate) fn new(src: &'a str) -> Self {
        let lexed = lexer::lex(src);
        let mut parser = Parser {
            src,
            toks: lexed.tokens,
            pos: 0,
            fetched: 0,
            lex_error: lexed.error,
            depth: 0,
            markers: 0,
            deferred: None,
        };
        parser.pos = parser.skip_hidden(0);
        parser.fetched = parser.pos;
        parser
    }

    fn last(&self) -> usize {
        self.toks.len().saturating_sub(1)
    }

    fn skip_hidden(&self, mut i: usize) -> usize {
        while i < self.last() && self.toks.get(i).is_some_and(|t| t.kind.is_hidden()) {
            i += 1;
        }
        i.min(self.last())
    }

    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i.min(self.last()))
    }

    /// The index of the `n`-th non-hidden token from the current one (0: current).
    pub(crate) fn la(&mut self, n: usize) -> usize {
        let mut i = self.pos;
        for _ in 0..n {
            if i >= self.last() {
                break;
            }
            i = self.skip_hidden(i + 1);
        }
        self.fetched = self.fetched.max(i);
        i
    }

    /// The kind of the `n`-th token ahead (0: current).
    pub(crate) fn kind_at(&mut self, n: usize) -> Kind {
        let i = self.la(n);
        self.tok(i).map_or(Kind::Eof, |t| t.kind)
    }

    /// The current token's kind.
    pub(crate) fn kind(&self) -> Kind {
        self.tok(self.pos).map_or(Kind::Eof, |t| t.kind)
    }

    /// The current token's text.
    pub(crate) fn text(&self) -> String {
        self.tok(self.pos)
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }

    /// The text of the `n`-th token ahead.
    pub(crate) fn text_at(&mut self, n: usize) -> String {
        let i = self.la(n);
        self.tok(i).map(|t| t.text.clone()).unwrap_or_default()
    }

    /// Moves to the next non-hidden token.
    pub(crate) fn advance(&mut self) {
        if self.pos < self.last() {
            self.pos = self.skip_hidden(self.pos + 1);
            self.fetched = self.fetched.max(self.pos);
        }
    }

    /// Whether the current token is keyword `kw`.
    pub(crate) fn at_kw(&self, kw: Kw) -> bool {
        self.kind() == Kind::Keyword(kw)
    }

    /// Whether the current token is `sym`.
    pub(crate) fn at_sym(&self, sym: Sym) -> bool {
        self.kind() == Kind::Sym(sym)
    }

    /// Consumes keyword `kw` if it is next.
    pub(crate) fn eat_kw(&mut self, kw: Kw) -> bool {
        let found = self.at_kw(kw);
        if found {
            self.advance();
        }
        found
    }

    /// Consumes `sym` if it is next.
    pub(crate) fn eat_sym(&mut self, sym: Sym) -> bool {
        let found = self.at_sym(sym);
        if found {
            self.advance();
        }
        found
    }

    /// Consumes keyword `kw` or fails with ANTLR's "mismatched input" message.
    pub(crate) fn expect_kw(&mut self, kw: Kw) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.mismatch(kw.token_name()))
        }
    }

    /// Consumes `sym` or fails with ANTLR's "mismatched input" message.
    pub(crate) fn expect_sym(&mut self, sym: Sym) -> PResult<()> {
        if self.eat_sym(sym) {
            Ok(())
        } else {
            Err(self.mismatch(sym.token_name()))
        }
    }

    /// `IF NOT EXISTS` (after `IF` was seen) or nothing.
    pub(crate) fn if_not_exists(&mut self) -> PResult<bool> {
        if !self.eat_kw(Kw::If) {
            return Ok(false);
        }
        self.expect_kw(Kw::Not)?;
        self.expect_kw(Kw::Exists)?;
        Ok(true)
    }

    /// `IF EXISTS` or nothing.
    pub(crate) fn if_exists(&mut self) -> PResult<bool> {
        if !self.eat_kw(Kw::If) {
            return Ok(false);
        }
        self.expect_kw(Kw::Exists)?;
        Ok(true)
    }

    // ----- errors -----

    /// The lexing error, when Cassandra would have reported it before a parsing error now.
    fn earlier_lex_error(&self) -> Option<CqlError> {
        self.lex_error
            .as_ref()
            .filter(|e| e.token_index <= self.fetched)
            .map(|e| CqlError::syntax(e.message.clone()))
    }

    /// A parser error: `line L:C <core> (<snippet>)`, with the header at token `at` and the
    /// snippet around the current position.
    pub(crate) fn fail_at(&self, core: String, at: usize, index: usize) -> CqlError {
        if let Some(err) = self.earlier_lex_error() {
            return err;
        }
        let (line, col) = self.tok(at).map_or((0, -1), |t| (t.line, t.col));
        let mut message = format!("line {line}:{col} {core}");
        snippet::append(&mut message, self.src, &self.toks, index, self.fetched + 1);
        CqlError::syntax(message)
    }

    /// `mismatched input 'X' expecting NAME` at the current token.
    pub(crate) fn mismatch(&self, expecting: &str) -> CqlError {
        let core = format!(
            "mismatched input {} expecting {expecting}",
            self.display(self.pos)
        );
        self.fail_at(core, self.pos, self.pos)
    }

    /// `no viable alternative at input 'X'` for the `n`-th token ahead.
    pub(crate) fn no_viable(&mut self, n: usize) -> CqlError {
        let at = self.la(n);
        let core = format!("no viable alternative at input {}", self.display(at));
        self.fail_at(core, at, self.pos)
    }

    /// An error Cassandra's parser reports as a bare message (`addRecognitionError`).
    pub(crate) fn recognition(&self, message: impl Into<String>) -> CqlError {
        self.earlier_lex_error()
            .unwrap_or_else(|| CqlError::syntax(message.into()))
    }

    /// Records an error Cassandra reports only once the statement parsed.
    pub(crate) fn defer(&mut self, err: CqlError) {
        if self.deferred.is_none() {
            self.deferred = Some(err);
        }
    }

    fn display(&self, i: usize) -> String {
        match self.tok(i) {
            Some(t) if t.kind != Kind::Eof => {
                let escaped = t
                    .text
                    .replace('\n', "\\n")
                    .replace('\r', "\\r")
                    .replace('\t', "\\t");
                format!("'{escaped}'")
            }
            _ => "'<EOF>'".to_string(),
        }
    }

    // ----- nesting and speculation -----

    /// Runs `f` one nesting level deeper, refusing input nested beyond [`MAX_DEPTH`].
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            let core = format!("input nested too deeply (more than {MAX_DEPTH} levels)");
            return Err(self.fail_at(core, self.pos, self.pos));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Whether `f` would parse from here; the position is restored either way.
    pub(crate) fn speculate<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> bool {
        let (pos, markers, depth) = (self.pos, self.markers, self.depth);
        let deferred = self.deferred.clone();
        let ok = f(self).is_ok();
        self.pos = pos;
        self.markers = markers;
        self.depth = depth;
        self.deferred = deferred;
        ok
    }

    /// A new bind marker, numbered in order of appearance.
    pub(crate) fn new_marker(&mut self, name: Option<String>) -> BindMarker {
        let marker = BindMarker {
            index: self.markers,
            name,
        };
        self.markers += 1;
        marker
    }

    // ----- identifiers and names -----

    /// Whether token kind `k` is Cassandra's `ident` (IDENT, QUOTED_NAME, unreserved keyword).
    pub(crate) fn is_ident(k: Kind) -> bool {
        match k {
            Kind::Ident | Kind::QuotedName => true,
            Kind::Keyword(kw) => kw.is_unreserved(),
            _ => false,
        }
    }

    /// Whether token kind `k` can name a function (`allowedFunctionName`).
    pub(crate) fn is_function_name(k: Kind) -> bool {
        match k {
            Kind::Ident | Kind::QuotedName => true,
            Kind::Keyword(Kw::Token | Kw::Count) => true,
            Kind::Keyword(kw) => matches!(kw.class(), Class::Basic | Class::Native),
            _ => false,
        }
    }

    /// The current identifier token's value (unquoted ones lower-cased), then advances.
    fn take_ident(&mut self) -> String {
        let text = self.text();
        let value = if self.kind() == Kind::QuotedName {
            text
        } else {
            text.to_ascii_lowercase()
        };
        self.advance();
        value
    }

    /// `ident`: an identifier, a quoted name or an unreserved keyword.
    pub(crate) fn ident(&mut self) -> PResult<String> {
        if Self::is_ident(self.kind()) {
            Ok(self.take_ident())
        } else {
            Err(self.no_viable(0))
        }
    }

    /// `cident`: like [`Self::ident`], also accepting the empty quoted name `""`.
    pub(crate) fn cident(&mut self) -> PResult<String> {
        if self.kind() == Kind::EmptyQuotedName {
            self.advance();
            return Ok(String::new());
        }
        self.ident()
    }

    /// A keyspace, table or index name component (a `?` there is refused).
    fn name_part(&mut self, role: NameRole) -> PResult<String> {
        if self.kind() == Kind::QMark {
            let what = match role {
                NameRole::Keyspace => "keyspace",
                NameRole::Table => "table",
                NameRole::Index => "index",
            };
            return Err(self.recognition(format!("Bind variables cannot be used for {what} names")));
        }
        self.ident()
    }

    /// `keyspaceName`
    pub(crate) fn keyspace_name(&mut self) -> PResult<String> {
        self.name_part(NameRole::Keyspace)
    }

    /// `columnFamilyName` / `indexName`: `(ks '.')? name`.
    pub(crate) fn qualified_name(&mut self, role: NameRole) -> PResult<QualifiedName> {
        let keyspace = if self.kind_at(1) == Kind::Sym(Sym::Dot) {
            let ks = self.keyspace_name()?;
            self.advance();
            Some(ks)
        } else {
            None
        };
        let name = self.name_part(role)?;
        Ok(QualifiedName { keyspace, name })
    }

    /// A table name.
    pub(crate) fn table_name(&mut self) -> PResult<QualifiedName> {
        self.qualified_name(NameRole::Table)
    }

    // ----- statements -----

    /// Parses the whole input as one statement, `;`s and the end of input included.
    pub(crate) fn statement_to_end(mut self) -> PResult<(Statement, usize)> {
        let stmt = self.statement()?;
        while self.eat_sym(Sym::Semi) {}
        if self.kind() != Kind::Eof {
            return Err(self.mismatch("EOF"));
        }
        self.finish()?;
        Ok((stmt, self.markers))
    }

    /// After a successful parse: the lexing error, else the deferred error, if any.
    pub(crate) fn finish(&mut self) -> PResult<()> {
        if let Some(err) = &self.lex_error {
            return Err(CqlError::syntax(err.message.clone()));
        }
        match self.deferred.take() {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }

    fn statement(&mut self) -> PResult<Statement> {
        Ok(match self.kind() {
            Kind::Keyword(Kw::Select) => Statement::Select(Box::new(self.select()?)),
            Kind::Keyword(Kw::Insert) => Statement::Insert(Box::new(self.insert()?)),
            Kind::Keyword(Kw::Update) => Statement::Update(Box::new(self.update()?)),
            Kind::Keyword(Kw::Delete) => Statement::Delete(Box::new(self.delete()?)),
            Kind::Keyword(Kw::Begin) => Statement::Batch(Box::new(self.batch()?)),
            Kind::Keyword(Kw::Use) => {
                self.advance();
                Statement::Use(self.keyspace_name()?)
            }
            Kind::Keyword(Kw::Truncate) => {
                self.advance();
                self.eat_kw(Kw::ColumnFamily);
                Statement::Truncate(self.table_name()?)
            }
            Kind::Keyword(Kw::Create) => self.create()?,
            Kind::Keyword(Kw::Drop) => self.drop()?,
            Kind::Keyword(Kw::Alter) => self.alter()?,
            Kind::Keyword(Kw::Grant | Kw::Revoke) => return Err(self.unsupported()),
            Kind::Keyword(Kw::Describe | Kw::Desc) => return Err(self.unsupported()),
            Kind::Keyword(Kw::List)
                if matches!(
                    self.kind_at(1),
                    Kind::Keyword(Kw::Roles | Kw::Users | Kw::All | Kw::Permissions)
                ) || Self::is_permission(self.kind_at(1)) =>
            {
                return Err(self.unsupported())
            }
            _ => return Err(self.no_viable(0)),
        })
    }

    fn is_permission(k: Kind) -> bool {
        matches!(
            k,
            Kind::Keyword(
                Kw::Create
                    | Kw::Alter
                    | Kw::Drop
                    | Kw::Select
                    | Kw::Modify
                    | Kw::Authorize
                    | Kw::Describe
                    | Kw::Execute
            )
        )
    }

    /// A statement Cassandra accepts but the embedded node does not implement.
    pub(crate) fn unsupported(&mut self) -> CqlError {
        let start = self.pos;
        let mut words = Vec::new();
        let mut n = 0;
        while let Kind::Keyword(_) = self.kind_at(n) {
            words.push(self.text_at(n).to_ascii_uppercase());
            n += 1;
            if words.len() == 2 {
                break;
            }
        }
        self.pos = start;
        CqlError::invalid(format!(
            "{} statements are not supported by the embedded CQL node",
            words.join(" ")
        ))
    }
}
