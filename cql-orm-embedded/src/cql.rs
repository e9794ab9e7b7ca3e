//! The CQL language front end: lexer, parser and the syntax tree it produces.
//!
//! The dialect is Apache Cassandra 4.0's. The API:
//!
//! - [`parse`] turns the text of exactly one statement into an [`ast::Statement`]. The
//!   statement may be followed by `;`s, and whitespace and comments (`-- ...`, `// ...`,
//!   `/* ... */`) may surround it. Malformed text gives a [`CqlError`](crate::CqlError) with code
//!   SyntaxError (0x2000) worded like Cassandra's ANTLR messages, for example
//!   `line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM]...)` or
//!   `line 1:53 mismatched character '<EOF>' expecting '''`.
//! - Bind markers (`?`, `:name`) carry their `index`: their order of appearance in the text,
//!   from 0, across the whole statement (batches included). [`bind_marker_count`] gives how
//!   many values an EXECUTE must bind, and [`bind_markers`] lists the markers in index order
//!   (with their names, for `:name` markers).
//! - [`parse_type`] reads a type such as `map<text, frozen<list<int>>>`.
//!
//! What the tree keeps and how:
//!
//! - Unquoted identifiers and keywords are case-insensitive; identifiers are lower-cased.
//!   Quoted identifiers (`"MixedCase"`, `""` for a quote inside) keep their case. Reserved
//!   keywords (`SELECT`, `FROM`, `TABLE`, `KEYSPACE`, `TOKEN`, `NULL`, ...) cannot be used as
//!   unquoted identifiers; unreserved ones (`key`, `type`, `count`, `ttl`, `writetime`,
//!   `values`, `timestamp`, `date`, ...) can.
//! - Numbers keep their text (`-12`, `1.5e3`); `0x...` blobs are decoded; durations
//!   (`1h30m`, `-2d`, `P1Y2M`, `P2W`, `P0001-02-03T04:05:06`) keep their text.
//! - `{}` is an empty [`ast::Term::Map`]; `{a: 1}` with identifier keys is a UDT literal.
//!
//! Some statements Cassandra accepts are refused with an Invalid error (0x2200) because the
//! embedded node does not implement them: roles, users, permissions, functions,
//! aggregates, triggers, materialized views, DESCRIBE. Arithmetic operators in terms and
//! selectors (`a + 1`), and `CAST` inside terms, are not parsed (SyntaxError).
//!
//! Input nested more than 100 levels deep (parentheses, brackets, braces, types) is refused
//! with a SyntaxError rather than exhausting the stack.

pub mod ast;
mod lexer;
mod markers;
mod parser;

#[cfg(test)]
mod tests;

pub use markers::{bind_marker_count, bind_markers};

use crate::error::CqlResult;
use lexer::Kind;

/// Parses the text of one CQL statement.
///
/// Errors: SyntaxError (0x2000) for malformed text; Invalid (0x2200) for the few checks
/// Cassandra makes while parsing (two PRIMARY KEY clauses, an odd-length blob literal, an
/// index without a target) and for statements the embedded node does not implement.
pub fn parse(text: &str) -> CqlResult<ast::Statement> {
    parser::Parser::new(text)
        .statement_to_end()
        .map(|(stmt, _)| stmt)
}

/// Parses one statement and also returns its number of bind markers.
pub fn parse_counting_markers(text: &str) -> CqlResult<(ast::Statement, usize)> {
    parser::Parser::new(text).statement_to_end()
}

/// Parses a CQL type (`int`, `frozen<map<text, list<int>>>`, `ks.address`, ...).
pub fn parse_type(text: &str) -> CqlResult<ast::TypeExpr> {
    let mut p = parser::Parser::new(text);
    let ty = p.type_expr()?;
    if p.kind() != Kind::Eof {
        return Err(p.mismatch("EOF"));
    }
    p.finish()?;
    Ok(ty)
}

/// Whether `name` must be double-quoted to be used as an identifier in CQL text (it is not
/// a lower-case unquoted identifier, or it is a reserved keyword).
pub fn needs_quoting(name: &str) -> bool {
    let lexed = lexer::lex(name);
    let simple = matches!(
        lexed.tokens.as_slice(),
        [first, eof] if eof.kind == Kind::Eof
            && (first.kind == Kind::Ident
                || matches!(first.kind, Kind::Keyword(k) if k.is_unreserved()))
    );
    !(simple && lexed.error.is_none() && name.bytes().all(|b| !b.is_ascii_uppercase()))
}
