//! CQL identifiers: which names are valid for keyspaces, tables, types and columns, and
//! how a name is written in generated CQL (quoted when it would otherwise be folded to
//! lower case or read as a keyword).

/// Longest keyspace, table or type name Cassandra accepts.
pub(crate) const MAX_SCHEMA_NAME_LEN: usize = 48;

/// What a name is for; it decides which rule applies and how errors describe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameKind {
    /// A keyspace name.
    Keyspace,
    /// A table name.
    Table,
    /// A user-defined type name.
    Type,
    /// A column of a table.
    Column,
    /// A field of a user-defined type.
    Field,
}

impl NameKind {
    /// How the kind reads in a message.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            NameKind::Keyspace => "keyspace",
            NameKind::Table => "table",
            NameKind::Type => "user-defined type",
            NameKind::Column => "column",
            NameKind::Field => "user-defined type field",
        }
    }
}

/// Checks `name` against the rule for `kind`; the error text says what is wrong, in
/// CQL terms.
pub(crate) fn validate(kind: NameKind, name: &str) -> Result<(), String> {
    let what = kind.describe();
    let Some(first) = name.chars().next() else {
        return Err(format!("invalid CQL {what} name: the name is empty"));
    };
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(format!(
            "invalid CQL {what} name `{name}`: {bad:?} is not allowed; use letters, digits and `_`"
        ));
    }
    match kind {
        NameKind::Keyspace | NameKind::Table | NameKind::Type => {
            if !first.is_ascii_alphabetic() {
                return Err(format!(
                    "invalid CQL {what} name `{name}`: it must start with a letter"
                ));
            }
            if name.len() > MAX_SCHEMA_NAME_LEN {
                return Err(format!(
                    "invalid CQL {what} name `{name}`: it is {} characters long, the limit is {MAX_SCHEMA_NAME_LEN}",
                    name.len()
                ));
            }
            if kind == NameKind::Type && is_native_type_name(name) {
                return Err(format!(
                    "invalid CQL {what} name `{name}`: it is the name of a native CQL type"
                ));
            }
        }
        NameKind::Column | NameKind::Field => {}
    }
    Ok(())
}

/// The name as written in CQL text: bare when CQL would read it back unchanged, in double
/// quotes otherwise (upper case letters, a leading digit or `_`, or a reserved word).
pub(crate) fn quote(name: &str) -> String {
    if needs_quotes(name) {
        format!("\"{}\"", name.replace('"', "\"\""))
    } else {
        name.to_owned()
    }
}

/// Whether `name` must be double-quoted in CQL text to keep its exact spelling.
pub(crate) fn needs_quotes(name: &str) -> bool {
    let mut chars = name.chars();
    let plain = match chars.next() {
        Some(c) if c.is_ascii_lowercase() => {
            chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        }
        _ => false,
    };
    !plain || is_keyword(name)
}

/// Words that are safest quoted: Cassandra's reserved keywords plus the unreserved ones
/// that some statement positions still misread.
const KEYWORDS: &[&str] = &[
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
    "authorize",
    "batch",
    "begin",
    "by",
    "called",
    "cast",
    "clustering",
    "columnfamily",
    "compact",
    "contains",
    "create",
    "custom",
    "default",
    "delete",
    "desc",
    "describe",
    "distinct",
    "drop",
    "entries",
    "execute",
    "exists",
    "filtering",
    "finalfunc",
    "from",
    "frozen",
    "full",
    "function",
    "functions",
    "grant",
    "if",
    "in",
    "index",
    "infinity",
    "initcond",
    "input",
    "insert",
    "into",
    "is",
    "json",
    "key",
    "keys",
    "keyspace",
    "keyspaces",
    "language",
    "like",
    "limit",
    "list",
    "login",
    "map",
    "materialized",
    "mbean",
    "mbeans",
    "modify",
    "nan",
    "norecursive",
    "nosuperuser",
    "not",
    "null",
    "of",
    "on",
    "options",
    "or",
    "order",
    "partition",
    "password",
    "per",
    "permission",
    "permissions",
    "primary",
    "rename",
    "replace",
    "returns",
    "revoke",
    "role",
    "roles",
    "schema",
    "select",
    "set",
    "sfunc",
    "static",
    "storage",
    "stype",
    "superuser",
    "table",
    "tables",
    "to",
    "token",
    "trigger",
    "truncate",
    "ttl",
    "tuple",
    "type",
    "unlogged",
    "unset",
    "update",
    "use",
    "user",
    "users",
    "using",
    "values",
    "view",
    "where",
    "with",
    "writetime",
];

/// Whether `name` (compared case-insensitively) is a CQL keyword.
pub(crate) fn is_keyword(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KEYWORDS.binary_search(&lower.as_str()).is_ok()
}

/// The native CQL type names (plus `counter`), which a user-defined type cannot take.
pub(crate) const NATIVE_TYPES: &[&str] = &[
    "ascii",
    "bigint",
    "blob",
    "boolean",
    "counter",
    "date",
    "decimal",
    "double",
    "duration",
    "float",
    "inet",
    "int",
    "smallint",
    "text",
    "time",
    "timestamp",
    "timeuuid",
    "tinyint",
    "uuid",
    "varchar",
    "varint",
];

/// Whether `name` (compared case-insensitively) names a native CQL type.
pub(crate) fn is_native_type_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    NATIVE_TYPES.binary_search(&lower.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_and_type_tables_are_sorted_for_binary_search() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(NATIVE_TYPES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn quoting_keeps_case_and_protects_keywords() {
        assert_eq!(quote("user_id"), "user_id");
        assert_eq!(quote("UserId"), "\"UserId\"");
        assert_eq!(quote("select"), "\"select\"");
        assert_eq!(quote("_hidden"), "\"_hidden\"");
        assert_eq!(quote("2fa"), "\"2fa\"");
    }

    #[test]
    fn schema_names_follow_cassandra_rules() {
        assert!(validate(NameKind::Table, "user_events").is_ok());
        assert!(validate(NameKind::Table, "bad-name").is_err());
        assert!(validate(NameKind::Table, "_t").is_err());
        assert!(validate(NameKind::Table, &"a".repeat(49)).is_err());
        assert!(validate(NameKind::Table, &"a".repeat(48)).is_ok());
        assert!(validate(NameKind::Type, "int").is_err());
        assert!(validate(NameKind::Column, "_private").is_ok());
        assert!(validate(NameKind::Column, "").is_err());
    }
}
