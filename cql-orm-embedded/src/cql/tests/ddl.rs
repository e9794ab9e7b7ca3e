//! Schema statements: keyspaces, tables, types, indexes.

use super::{name, ok};
use crate::cql::ast::{
    AlterTable, AlterTableOp, AlterTypeOp, ColumnDef, IndexTarget, Literal, Order, Property,
    PropertyValue, Statement, TypeExpr,
};
use crate::cql::parse_type;
use crate::types::NativeType;

fn native(n: NativeType) -> TypeExpr {
    TypeExpr::Native(n)
}

fn s(text: &str) -> Literal {
    Literal::String(text.to_string())
}

#[test]
fn keyspace_statements() {
    let stmt = ok("CREATE KEYSPACE IF NOT EXISTS Ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = false");
    assert_eq!(
        stmt,
        Statement::CreateKeyspace {
            if_not_exists: true,
            name: "ks".into(),
            properties: vec![
                Property {
                    name: "replication".into(),
                    value: PropertyValue::Map(vec![
                        (s("class"), s("SimpleStrategy")),
                        (s("replication_factor"), Literal::Integer("1".into())),
                    ]),
                },
                Property {
                    name: "durable_writes".into(),
                    value: PropertyValue::Literal(Literal::Boolean(false))
                },
            ],
        }
    );
    assert_eq!(
        ok("CREATE SCHEMA k2 WITH replication = {}"),
        Statement::CreateKeyspace {
            if_not_exists: false,
            name: "k2".into(),
            properties: vec![Property {
                name: "replication".into(),
                value: PropertyValue::Map(vec![])
            }],
        }
    );
    assert!(matches!(
        ok("ALTER KEYSPACE ks WITH durable_writes = true"),
        Statement::AlterKeyspace { .. }
    ));
    assert_eq!(
        ok("DROP KEYSPACE IF EXISTS \"Ks\""),
        Statement::DropKeyspace {
            if_exists: true,
            name: "Ks".into()
        }
    );
    assert_eq!(ok("USE ks"), Statement::Use("ks".into()));
}

#[test]
fn create_table_with_composite_keys_order_and_options() {
    let Statement::CreateTable(t) = ok("CREATE TABLE IF NOT EXISTS ks.t (a int, b text, c1 timeuuid, c2 text, s int static, v frozen<pt>, m map<text, frozen<list<int>>>, tu tuple<int, text>, PRIMARY KEY ((a, b), c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC) AND COMPACT STORAGE AND comment = 'ss' AND gc_grace_seconds = 3600 AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '64'} AND caching = {'keys': 'NONE'} AND speculative_retry = 'ALWAYS' AND x = ALL") else {
        panic!()
    };
    assert!(t.if_not_exists);
    assert_eq!(t.name, name(Some("ks"), "t"));
    assert_eq!(t.partition_key, ["a", "b"]);
    assert_eq!(t.clustering_key, ["c1", "c2"]);
    assert_eq!(
        t.clustering_order,
        [("c1".into(), Order::Desc), ("c2".into(), Order::Asc)]
    );
    assert!(t.compact_storage);
    assert_eq!(t.columns.len(), 8);
    assert_eq!(
        t.columns[4],
        ColumnDef {
            name: "s".into(),
            ty: native(NativeType::Int),
            is_static: true,
            primary_key: false
        }
    );
    assert_eq!(
        t.columns[5].ty,
        TypeExpr::Frozen(Box::new(TypeExpr::Udt(name(None, "pt"))))
    );
    assert_eq!(
        t.columns[6].ty,
        TypeExpr::Map(
            Box::new(native(NativeType::Text)),
            Box::new(TypeExpr::Frozen(Box::new(TypeExpr::List(Box::new(
                native(NativeType::Int)
            )))))
        )
    );
    assert_eq!(
        t.columns[7].ty,
        TypeExpr::Tuple(vec![native(NativeType::Int), native(NativeType::Text)])
    );
    let names: Vec<_> = t.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "comment",
            "gc_grace_seconds",
            "compaction",
            "caching",
            "speculative_retry",
            "x"
        ]
    );
    assert_eq!(
        t.properties[5].value,
        PropertyValue::Identifier("ALL".into())
    );
    // Only constants and unreserved keywords are property values.
    super::syntax_error("CREATE TABLE t (k int PRIMARY KEY) WITH speculative_retry = ALWAYS");
}

#[test]
fn create_table_with_inline_key_and_trailing_comma() {
    let Statement::CreateTable(t) = ok("CREATE TABLE t (k int PRIMARY KEY, v varchar, )") else {
        panic!()
    };
    assert!(t.partition_key.is_empty());
    assert!(t.columns[0].primary_key);
    assert_eq!(t.columns[1].ty, native(NativeType::Text));
    let Statement::CreateTable(t) = ok("CREATE COLUMNFAMILY t (k int, c int, PRIMARY KEY (k, c))")
    else {
        panic!()
    };
    assert_eq!(
        (t.partition_key.as_slice(), t.clustering_key.as_slice()),
        (&["k".to_string()][..], &["c".to_string()][..])
    );
    let err = parse_err("CREATE TABLE t (k int PRIMARY KEY, v int, PRIMARY KEY (v))");
    assert_eq!(err.code, crate::ErrorCode::Invalid);
}

fn parse_err(text: &str) -> crate::CqlError {
    crate::cql::parse(text).unwrap_err()
}

#[test]
fn alter_table_forms() {
    let alter = |text: &str| match ok(text) {
        Statement::AlterTable(AlterTable { op, .. }) => op,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        alter("ALTER TABLE t ADD x set<int>"),
        AlterTableOp::Add(vec![ColumnDef {
            name: "x".into(),
            ty: TypeExpr::Set(Box::new(native(NativeType::Int))),
            is_static: false,
            primary_key: false
        }])
    );
    let AlterTableOp::Add(cols) = alter("ALTER TABLE t ADD (a int, b text static)") else {
        panic!()
    };
    assert_eq!(cols.len(), 2);
    assert!(cols[1].is_static);
    assert_eq!(
        alter("ALTER TABLE t DROP w"),
        AlterTableOp::Drop(vec!["w".into()], None)
    );
    assert_eq!(
        alter("ALTER TABLE t DROP (gone, gone2) USING TIMESTAMP 12"),
        AlterTableOp::Drop(vec!["gone".into(), "gone2".into()], Some(12))
    );
    assert_eq!(
        alter("ALTER TABLE t RENAME a TO b AND c TO d"),
        AlterTableOp::Rename(vec![("a".into(), "b".into()), ("c".into(), "d".into())])
    );
    assert_eq!(
        alter("ALTER TABLE t ALTER v TYPE blob"),
        AlterTableOp::AlterType("v".into(), native(NativeType::Blob))
    );
    let AlterTableOp::With(props) =
        alter("ALTER TABLE t WITH comment = 'changed' AND default_time_to_live = 0")
    else {
        panic!()
    };
    assert_eq!(props.len(), 2);
    // IF EXISTS on ALTER statements arrived in Cassandra 4.1.
    let message = super::syntax_error("ALTER TABLE IF EXISTS ks.t WITH comment = ''");
    assert!(
        message.starts_with("line 1:12 no viable alternative at input 'IF'"),
        "{message}"
    );
    assert_eq!(
        super::syntax_error("ALTER TABLE t ADD IF NOT EXISTS v int"),
        "line 1:18 no viable alternative at input 'IF' (ALTER TABLE t ADD [IF]...)"
    );
}

#[test]
fn drop_and_truncate() {
    assert_eq!(
        ok("DROP TABLE IF EXISTS ks.t"),
        Statement::DropTable {
            if_exists: true,
            name: name(Some("ks"), "t")
        }
    );
    assert_eq!(
        ok("TRUNCATE ks.t"),
        Statement::Truncate(name(Some("ks"), "t"))
    );
    assert_eq!(ok("TRUNCATE TABLE t"), Statement::Truncate(name(None, "t")));
    assert_eq!(
        ok("DROP INDEX ks.t_v_idx"),
        Statement::DropIndex {
            if_exists: false,
            name: name(Some("ks"), "t_v_idx")
        }
    );
    assert_eq!(
        ok("DROP TYPE IF EXISTS ks.address"),
        Statement::DropType {
            if_exists: true,
            name: name(Some("ks"), "address")
        }
    );
}

#[test]
fn user_types() {
    assert_eq!(
        ok("CREATE TYPE IF NOT EXISTS ks.person (name text, phones list<frozen<phone>>, \"Home\" frozen<ks.phone>)"),
        Statement::CreateType {
            if_not_exists: true,
            name: name(Some("ks"), "person"),
            fields: vec![
                ("name".into(), native(NativeType::Text)),
                ("phones".into(), TypeExpr::List(Box::new(TypeExpr::Frozen(Box::new(TypeExpr::Udt(name(None, "phone"))))))),
                ("Home".into(), TypeExpr::Frozen(Box::new(TypeExpr::Udt(name(Some("ks"), "phone"))))),
            ],
        }
    );
    let alter = |text: &str| match ok(text) {
        Statement::AlterType { op, .. } => op,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        alter("ALTER TYPE a ADD zip int"),
        AlterTypeOp::Add("zip".into(), native(NativeType::Int))
    );
    assert_eq!(
        alter("ALTER TYPE a RENAME x TO y"),
        AlterTypeOp::Rename(vec![("x".into(), "y".into())])
    );
    assert_eq!(
        alter("ALTER TYPE a ALTER x TYPE text"),
        AlterTypeOp::AlterType("x".into(), native(NativeType::Text))
    );
}

#[test]
fn indexes() {
    let index = |text: &str| match ok(text) {
        Statement::CreateIndex {
            name,
            target,
            custom_class,
            properties,
            if_not_exists,
            ..
        } => (name, target, custom_class, properties.len(), if_not_exists),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        index("CREATE INDEX ON ks.t (v)"),
        (None, IndexTarget::Values("v".into(), false), None, 0, false)
    );
    assert_eq!(
        index("CREATE INDEX IF NOT EXISTS s_idx ON t (values(s))").1,
        IndexTarget::Values("s".into(), true)
    );
    assert_eq!(
        index("CREATE INDEX ON t (keys(m))").1,
        IndexTarget::Keys("m".into())
    );
    assert_eq!(
        index("CREATE INDEX ON t (entries(m))").1,
        IndexTarget::Entries("m".into())
    );
    assert_eq!(
        index("CREATE INDEX ON t (full(fl))").1,
        IndexTarget::Full("fl".into())
    );
    assert_eq!(
        index("CREATE INDEX ON t (keys)").1,
        IndexTarget::Values("keys".into(), false)
    );
    let custom = index("CREATE CUSTOM INDEX IF NOT EXISTS ci ON t (v) USING 'org.example.Idx' WITH OPTIONS = {'mode': 'CONTAINS'}");
    assert_eq!(
        custom,
        (
            Some("ci".into()),
            IndexTarget::Values("v".into(), false),
            Some("org.example.Idx".into()),
            1,
            true
        )
    );
}

#[test]
fn types_from_text() {
    assert_eq!(parse_type("varchar").unwrap(), native(NativeType::Text));
    assert_eq!(
        parse_type("frozen<map<text, frozen<person>>>").unwrap(),
        TypeExpr::Frozen(Box::new(TypeExpr::Map(
            Box::new(native(NativeType::Text)),
            Box::new(TypeExpr::Frozen(Box::new(TypeExpr::Udt(name(
                None, "person"
            )))))
        )))
    );
    assert_eq!(
        parse_type("'org.apache.cassandra.db.marshal.BytesType'").unwrap(),
        TypeExpr::Custom("org.apache.cassandra.db.marshal.BytesType".into())
    );
    assert_eq!(
        parse_type("list<set<text>>").unwrap(),
        TypeExpr::List(Box::new(TypeExpr::Set(Box::new(native(NativeType::Text)))))
    );
    assert_eq!(parse_type("map").unwrap(), TypeExpr::Udt(name(None, "map")));
    assert!(parse_type("map<int>").is_err());
    assert!(parse_type("int int").is_err());
    assert_eq!(
        parse_type("frozen<int>").unwrap_err().message,
        "frozen<> is only allowed on collections, tuples, and user-defined types (got int)"
    );
    assert_eq!(
        parse_type("enum").unwrap_err().message,
        "Invalid (reserved) user type name enum"
    );
}

#[test]
fn unsupported_statements_are_invalid_not_syntax_errors() {
    for text in [
        "CREATE ROLE r",
        "GRANT SELECT ON t TO r",
        "DESCRIBE KEYSPACES",
        "CREATE FUNCTION f() CALLED ON NULL INPUT RETURNS int LANGUAGE java AS 'return 1;'",
        "DROP MATERIALIZED VIEW v",
        "LIST ROLES",
    ] {
        let err = parse_err(text);
        assert_eq!(err.code, crate::ErrorCode::Invalid, "{text}: {err}");
        assert!(err.message.contains("not supported"), "{}", err.message);
    }
}
