//! CQL text helpers: identifiers, string literals, the keyspace reference used when
//! rendering statements, and the statement splitter for migration files ([`split`]).

pub mod split;

use std::borrow::Cow;
use std::fmt;

/// The placeholder that stands for the target keyspace in migration files and generated
/// statements: `CREATE TABLE ${keyspace}.users (...)`.
pub const KEYSPACE_PLACEHOLDER: &str = "${keyspace}";

/// Cassandra's reserved words (and a few words that are only reserved in some versions):
/// an identifier spelled like one of these must be double-quoted.
const RESERVED: &[&str] = &[
    "add",
    "aggregate",
    "all",
    "allow",
    "alter",
    "and",
    "any",
    "apply",
    "as",
    "asc",
    "ascii",
    "authorize",
    "batch",
    "begin",
    "by",
    "cast",
    "columnfamily",
    "create",
    "default",
    "delete",
    "desc",
    "describe",
    "distinct",
    "drop",
    "entries",
    "execute",
    "from",
    "full",
    "function",
    "grant",
    "if",
    "in",
    "index",
    "infinity",
    "insert",
    "into",
    "is",
    "json",
    "keyspace",
    "keyspaces",
    "limit",
    "materialized",
    "mbean",
    "mbeans",
    "modify",
    "nan",
    "norecursive",
    "not",
    "null",
    "of",
    "on",
    "or",
    "order",
    "partition",
    "primary",
    "rename",
    "replace",
    "revoke",
    "schema",
    "select",
    "set",
    "table",
    "to",
    "token",
    "truncate",
    "unlogged",
    "unset",
    "update",
    "use",
    "using",
    "view",
    "where",
    "with",
    "writetime",
];

/// Whether `name` can be written without quotes: lower-case letters, digits and `_`,
/// starting with a letter, and not a reserved word.
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&name)
}

/// An identifier as CQL needs it: bare when [`is_plain_identifier`], otherwise
/// double-quoted with inner `"` doubled (Cassandra's `maybeQuote`).
pub fn ident(name: &str) -> Cow<'_, str> {
    if is_plain_identifier(name) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    }
}

/// A CQL string literal: `'text'` with inner `'` doubled.
pub fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Which keyspace rendered statements name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KsRef<'a> {
    /// A real keyspace, quoted when needed.
    Name(&'a str),
    /// The [`KEYSPACE_PLACEHOLDER`], for migration files that serve every keyspace.
    Placeholder,
}

impl fmt::Display for KsRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KsRef::Name(name) => f.write_str(&ident(name)),
            KsRef::Placeholder => f.write_str(KEYSPACE_PLACEHOLDER),
        }
    }
}

/// `ks.name` with both parts quoted when needed.
pub fn qualified(ks: KsRef<'_>, name: &str) -> String {
    format!("{ks}.{}", ident(name))
}

/// The lower-case hexadecimal SHA-256 of `text`: the checksum of steps and migrations.
pub fn checksum(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(ident("users"), "users");
        assert_eq!(ident("user_events2"), "user_events2");
        assert_eq!(ident("Users"), "\"Users\"");
        assert_eq!(ident("select"), "\"select\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(ident("1abc"), "\"1abc\"");
        assert_eq!(qualified(KsRef::Name("Tenant"), "t"), "\"Tenant\".t");
        assert_eq!(qualified(KsRef::Placeholder, "t"), "${keyspace}.t");
    }

    #[test]
    fn literals_and_checksums() {
        assert_eq!(string_literal("it's"), "'it''s'");
        assert_eq!(
            checksum("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
