//! Types as text: the `system_schema` form (`CQL3Type.toString()` in Cassandra).

use crate::types::{CqlType, NativeType};

/// The CQL name of a native type (`varchar` is `text`).
pub fn native_type_name(t: NativeType) -> &'static str {
    match t {
        NativeType::Ascii => "ascii",
        NativeType::BigInt => "bigint",
        NativeType::Blob => "blob",
        NativeType::Boolean => "boolean",
        NativeType::Counter => "counter",
        NativeType::Date => "date",
        NativeType::Decimal => "decimal",
        NativeType::Double => "double",
        NativeType::Duration => "duration",
        NativeType::Float => "float",
        NativeType::Inet => "inet",
        NativeType::Int => "int",
        NativeType::SmallInt => "smallint",
        NativeType::Text => "text",
        NativeType::Time => "time",
        NativeType::Timestamp => "timestamp",
        NativeType::TimeUuid => "timeuuid",
        NativeType::TinyInt => "tinyint",
        NativeType::Uuid => "uuid",
        NativeType::Varint => "varint",
    }
}

/// Cassandra's reserved keywords: identifiers that must be double-quoted to be used as names.
const RESERVED: &[&str] = &[
    "add",
    "allow",
    "alter",
    "and",
    "apply",
    "asc",
    "authorize",
    "batch",
    "begin",
    "by",
    "columnfamily",
    "create",
    "default",
    "delete",
    "desc",
    "describe",
    "drop",
    "entries",
    "execute",
    "from",
    "full",
    "grant",
    "if",
    "in",
    "index",
    "infinity",
    "insert",
    "into",
    "is",
    "keyspace",
    "limit",
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
];

/// Writes an identifier as CQL needs it: bare when it is lower-case alphanumeric/underscore
/// starting with a letter and not a reserved keyword, otherwise double-quoted with `"`
/// doubled (Cassandra's `ColumnIdentifier.maybeQuote`).
pub fn quote_identifier_if_needed(name: &str) -> String {
    let mut chars = name.chars();
    let plain = matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && !RESERVED.contains(&name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// See [`crate::values::type_to_schema_string`].
pub fn type_to_schema_string(ty: &CqlType) -> String {
    let mut out = String::new();
    write_type(ty, &mut out);
    out
}

fn write_type(ty: &CqlType, out: &mut String) {
    match ty {
        CqlType::Native(t) => out.push_str(native_type_name(*t)),
        CqlType::List { elem, frozen } => {
            frozen_wrap(*frozen, out, |out| {
                out.push_str("list<");
                write_type(elem, out);
                out.push('>');
            });
        }
        CqlType::Set { elem, frozen } => {
            frozen_wrap(*frozen, out, |out| {
                out.push_str("set<");
                write_type(elem, out);
                out.push('>');
            });
        }
        CqlType::Map { key, value, frozen } => {
            frozen_wrap(*frozen, out, |out| {
                out.push_str("map<");
                write_type(key, out);
                out.push_str(", ");
                write_type(value, out);
                out.push('>');
            });
        }
        CqlType::Tuple(items) => {
            out.push_str("frozen<tuple<");
            for (i, t) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(t, out);
            }
            out.push_str(">>");
        }
        CqlType::Udt { def, frozen } => {
            frozen_wrap(*frozen, out, |out| {
                out.push_str(&quote_identifier_if_needed(&def.name))
            });
        }
        CqlType::Custom(class) => {
            out.push('\'');
            out.push_str(class);
            out.push('\'');
        }
    }
}

fn frozen_wrap(frozen: bool, out: &mut String, inner: impl FnOnce(&mut String)) {
    if frozen {
        out.push_str("frozen<");
        inner(out);
        out.push('>');
    } else {
        inner(out);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::types::UdtDef;

    fn n(t: NativeType) -> CqlType {
        CqlType::Native(t)
    }

    #[test]
    fn natives_and_collections() {
        assert_eq!(type_to_schema_string(&n(NativeType::Text)), "text");
        let l = CqlType::List {
            elem: Box::new(n(NativeType::Int)),
            frozen: true,
        };
        assert_eq!(type_to_schema_string(&l), "frozen<list<int>>");
        let m = CqlType::Map {
            key: Box::new(n(NativeType::Text)),
            value: Box::new(l.clone()),
            frozen: false,
        };
        assert_eq!(type_to_schema_string(&m), "map<text, frozen<list<int>>>");
        let t = CqlType::Tuple(vec![n(NativeType::Int), n(NativeType::Text)]);
        assert_eq!(type_to_schema_string(&t), "frozen<tuple<int, text>>");
        assert_eq!(
            type_to_schema_string(&CqlType::Custom("org.x.Y".into())),
            "'org.x.Y'"
        );
    }

    #[test]
    fn user_types() {
        let def = Arc::new(UdtDef {
            keyspace: "ks".into(),
            name: "pt".into(),
            fields: vec![],
        });
        let frozen = CqlType::Udt {
            def: def.clone(),
            frozen: true,
        };
        assert_eq!(type_to_schema_string(&frozen), "frozen<pt>");
        let l = CqlType::List {
            elem: Box::new(frozen),
            frozen: false,
        };
        assert_eq!(type_to_schema_string(&l), "list<frozen<pt>>");
        let def2 = Arc::new(UdtDef {
            keyspace: "ks".into(),
            name: "Addr".into(),
            fields: vec![],
        });
        assert_eq!(
            type_to_schema_string(&CqlType::Udt {
                def: def2,
                frozen: false
            }),
            "\"Addr\""
        );
    }
}
