//! The CQL language front end: lexer, parser and the syntax tree it produces.
//!
//! `parse(text)` turns one statement's text into an [`ast::Statement`], with Cassandra's
//! SyntaxException (0x2000) wording for malformed text.

pub mod ast;
