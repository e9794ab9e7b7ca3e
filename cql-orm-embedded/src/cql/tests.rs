//! Unit tests of the CQL front end: tree shapes per statement family, lexing details and
//! error messages.

mod ddl;
mod dml;
mod errors;
mod lexing;
mod select;

use super::ast::{Literal, QualifiedName, Statement, Term};
use super::parse;

/// Parses `text`, failing the test with the error when it does not parse.
fn ok(text: &str) -> Statement {
    match parse(text) {
        Ok(stmt) => stmt,
        Err(e) => panic!("{text:?} did not parse: {e}"),
    }
}

/// The error message of `text`, failing the test when it parses or is not a syntax error.
fn syntax_error(text: &str) -> String {
    match parse(text) {
        Ok(stmt) => panic!("{text:?} parsed: {stmt:?}"),
        Err(e) => {
            assert_eq!(e.code, crate::ErrorCode::SyntaxError, "{text:?}: {e}");
            e.message
        }
    }
}

fn name(ks: Option<&str>, n: &str) -> QualifiedName {
    QualifiedName {
        keyspace: ks.map(str::to_string),
        name: n.to_string(),
    }
}

fn int(text: &str) -> Term {
    Term::Literal(Literal::Integer(text.to_string()))
}

fn string(text: &str) -> Term {
    Term::Literal(Literal::String(text.to_string()))
}
