//! CQL type strings built from the protocol's type information, exactly as the corpus
//! writes them (README "Type strings").

use scylla::frame::response::result::{CollectionType, ColumnType, NativeType};

/// The type string of a column type: native names (`varchar` is `text`), collections
/// without `frozen<>`, UDTs as `frozen<name>`, tuples as `frozen<tuple<...>>`, components
/// separated by `", "`.
pub fn type_string(typ: &ColumnType<'_>) -> String {
    match typ {
        ColumnType::Native(native) => native_name(native).to_owned(),
        ColumnType::Collection { typ, .. } => match typ {
            CollectionType::List(element) => format!("list<{}>", type_string(element)),
            CollectionType::Set(element) => format!("set<{}>", type_string(element)),
            CollectionType::Map(key, value) => {
                format!("map<{}, {}>", type_string(key), type_string(value))
            }
            other => format!("<unknown collection {other:?}>"),
        },
        ColumnType::UserDefinedType { definition, .. } => format!("frozen<{}>", definition.name),
        ColumnType::Tuple(components) => format!(
            "frozen<tuple<{}>>",
            components
                .iter()
                .map(type_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ColumnType::Vector { typ, dimensions } => {
            format!("vector<{}, {dimensions}>", type_string(typ))
        }
        other => format!("<unknown type {other:?}>"),
    }
}

/// The CQL name of a native type.
pub fn native_name(native: &NativeType) -> &'static str {
    match native {
        NativeType::Ascii => "ascii",
        NativeType::Boolean => "boolean",
        NativeType::Blob => "blob",
        NativeType::Counter => "counter",
        NativeType::Date => "date",
        NativeType::Decimal => "decimal",
        NativeType::Double => "double",
        NativeType::Duration => "duration",
        NativeType::Float => "float",
        NativeType::Int => "int",
        NativeType::BigInt => "bigint",
        NativeType::Text => "text",
        NativeType::Timestamp => "timestamp",
        NativeType::Inet => "inet",
        NativeType::SmallInt => "smallint",
        NativeType::TinyInt => "tinyint",
        NativeType::Time => "time",
        NativeType::Timeuuid => "timeuuid",
        NativeType::Uuid => "uuid",
        NativeType::Varint => "varint",
        _ => "<unknown native type>",
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Arc;

    use scylla::frame::response::result::{
        CollectionType, ColumnType, NativeType, UserDefinedType,
    };

    use super::type_string;

    fn native(n: NativeType) -> ColumnType<'static> {
        ColumnType::Native(n)
    }

    fn udt(name: &'static str) -> ColumnType<'static> {
        ColumnType::UserDefinedType {
            frozen: false,
            definition: Arc::new(UserDefinedType {
                name: Cow::Borrowed(name),
                keyspace: Cow::Borrowed("ks"),
                field_types: vec![(Cow::Borrowed("a"), native(NativeType::Int))],
            }),
        }
    }

    #[test]
    fn renders_like_the_corpus() {
        assert_eq!(type_string(&native(NativeType::Text)), "text");
        assert_eq!(type_string(&native(NativeType::BigInt)), "bigint");
        let map = ColumnType::Collection {
            frozen: true,
            typ: CollectionType::Map(Box::new(native(NativeType::Text)), Box::new(udt("person"))),
        };
        assert_eq!(type_string(&map), "map<text, frozen<person>>");
        let nested = ColumnType::Collection {
            frozen: false,
            typ: CollectionType::List(Box::new(ColumnType::Collection {
                frozen: true,
                typ: CollectionType::Set(Box::new(native(NativeType::Text))),
            })),
        };
        assert_eq!(type_string(&nested), "list<set<text>>");
        let tuple = ColumnType::Tuple(vec![native(NativeType::Int), native(NativeType::Text)]);
        assert_eq!(type_string(&tuple), "frozen<tuple<int, text>>");
        assert_eq!(type_string(&udt("address")), "frozen<address>");
    }
}
