//! SELECT: selection, relations and clauses.

use super::{int, name, ok, string};
use crate::cql::ast::{
    BindMarker, InValues, Literal, Operator, Order, Relation, RelationLhs, Select, Selection,
    Selector, Statement, Term,
};
use crate::types::NativeType;

fn select(text: &str) -> Select {
    match ok(text) {
        Statement::Select(s) => *s,
        other => panic!("{other:?}"),
    }
}

fn selectors(text: &str) -> Vec<(Selector, Option<String>)> {
    match select(text).selection {
        Selection::List(items) => items,
        Selection::Star => panic!("star"),
    }
}

fn col(c: &str) -> Selector {
    Selector::Column(c.to_string())
}

#[test]
fn all_clauses() {
    let s = select("SELECT JSON DISTINCT k FROM ks.t WHERE k = 1 AND c > 2 GROUP BY k, c ORDER BY c DESC, d PER PARTITION LIMIT 2 LIMIT ? ALLOW FILTERING");
    assert!(s.json && s.distinct && s.allow_filtering);
    assert_eq!(s.table, name(Some("ks"), "t"));
    assert_eq!(s.group_by, ["k", "c"]);
    assert_eq!(
        s.order_by,
        [("c".into(), Order::Desc), ("d".into(), Order::Asc)]
    );
    assert_eq!(s.per_partition_limit, Some(int("2")));
    assert_eq!(
        s.limit,
        Some(Term::Bind(BindMarker {
            index: 0,
            name: None
        }))
    );
    assert_eq!(s.where_clause.len(), 2);
    let star = select("SELECT * FROM t");
    assert_eq!(star.selection, Selection::Star);
    assert!(!star.json && !star.distinct && star.where_clause.is_empty());
}

#[test]
fn json_and_distinct_can_be_column_names() {
    assert_eq!(selectors("SELECT json FROM t"), [(col("json"), None)]);
    assert_eq!(
        selectors("SELECT distinct, json FROM t"),
        [(col("distinct"), None), (col("json"), None)]
    );
    let s = select("SELECT DISTINCT json FROM t");
    assert!(s.distinct && !s.json);
    let s = select("SELECT JSON json FROM t");
    assert!(s.json);
}

#[test]
fn selectors_of_every_kind() {
    let items = selectors("SELECT COUNT(*), count(1), COUNT(v), system.token(k), token(a, b), WRITETIME(v), TTL(v) AS t, CAST(v AS text), m['a'], m['a'..'c'], m[..'c'], m['a'..], a.b.c, toDate(tu) AS \"D\", 5, ?, ttl, count FROM t");
    let expected = vec![
        (Selector::CountStar, None),
        (Selector::CountStar, None),
        (
            Selector::Function {
                name: name(None, "count"),
                args: vec![col("v")],
            },
            None,
        ),
        (
            Selector::Function {
                name: name(Some("system"), "token"),
                args: vec![col("k")],
            },
            None,
        ),
        (
            Selector::Function {
                name: name(None, "token"),
                args: vec![col("a"), col("b")],
            },
            None,
        ),
        (Selector::WriteTime("v".into()), None),
        (Selector::Ttl("v".into()), Some("t".into())),
        (Selector::Cast(Box::new(col("v")), NativeType::Text), None),
        (Selector::Element(Box::new(col("m")), string("a")), None),
        (
            Selector::Slice(Box::new(col("m")), Some(string("a")), Some(string("c"))),
            None,
        ),
        (
            Selector::Slice(Box::new(col("m")), None, Some(string("c"))),
            None,
        ),
        (
            Selector::Slice(Box::new(col("m")), Some(string("a")), None),
            None,
        ),
        (
            Selector::Field(
                Box::new(Selector::Field(Box::new(col("a")), "b".into())),
                "c".into(),
            ),
            None,
        ),
        (
            Selector::Function {
                name: name(None, "todate"),
                args: vec![col("tu")],
            },
            Some("D".into()),
        ),
        (Selector::Term(int("5")), None),
        (
            Selector::Term(Term::Bind(BindMarker {
                index: 0,
                name: None,
            })),
            None,
        ),
        (col("ttl"), None),
        (col("count"), None),
    ];
    assert_eq!(items, expected);
}

#[test]
fn relations_of_every_kind() {
    let s = select("SELECT * FROM t WHERE k = 1 AND c < 2 AND c <= 3 AND d > 4 AND d >= 5 AND e != 6 AND k IN (1, 2) AND c IN ? AND (c1, c2) > (1, 2) AND (c1, c2) IN ((1, 1), (3, 3)) AND (c1, c2) IN (?, ?) AND (c1) = ? AND token(a, b) > token(1, 2) AND s CONTAINS 'x' AND m CONTAINS KEY 'a' AND m['k'] = 'v' AND v IS NOT NULL AND w LIKE 'a%' AND (x = 7) AND k IN ()");
    let w = s.where_clause;
    let cmp = |c: &str, op, rhs| Relation::Compare {
        lhs: RelationLhs::Column(c.into()),
        op,
        rhs,
    };
    let m = |i| {
        Term::Bind(BindMarker {
            index: i,
            name: None,
        })
    };
    let multi = || RelationLhs::MultiColumn(vec!["c1".into(), "c2".into()]);
    let expected = vec![
        cmp("k", Operator::Eq, int("1")),
        cmp("c", Operator::Lt, int("2")),
        cmp("c", Operator::Lte, int("3")),
        cmp("d", Operator::Gt, int("4")),
        cmp("d", Operator::Gte, int("5")),
        cmp("e", Operator::Neq, int("6")),
        Relation::In {
            lhs: RelationLhs::Column("k".into()),
            values: InValues::List(vec![int("1"), int("2")]),
        },
        Relation::In {
            lhs: RelationLhs::Column("c".into()),
            values: InValues::Marker(BindMarker {
                index: 0,
                name: None,
            }),
        },
        Relation::Compare {
            lhs: multi(),
            op: Operator::Gt,
            rhs: Term::Tuple(vec![int("1"), int("2")]),
        },
        Relation::In {
            lhs: multi(),
            values: InValues::List(vec![
                Term::Tuple(vec![int("1"), int("1")]),
                Term::Tuple(vec![int("3"), int("3")]),
            ]),
        },
        Relation::In {
            lhs: multi(),
            values: InValues::List(vec![m(1), m(2)]),
        },
        Relation::Compare {
            lhs: RelationLhs::MultiColumn(vec!["c1".into()]),
            op: Operator::Eq,
            rhs: m(3),
        },
        Relation::Compare {
            lhs: RelationLhs::Token(vec!["a".into(), "b".into()]),
            op: Operator::Gt,
            rhs: Term::Function {
                name: name(None, "token"),
                args: vec![int("1"), int("2")],
            },
        },
        Relation::Contains {
            column: "s".into(),
            key: false,
            value: string("x"),
        },
        Relation::Contains {
            column: "m".into(),
            key: true,
            value: string("a"),
        },
        Relation::MapEntry {
            column: "m".into(),
            key: string("k"),
            op: Operator::Eq,
            value: string("v"),
        },
        Relation::IsNotNull("v".into()),
        cmp("w", Operator::Like, string("a%")),
        cmp("x", Operator::Eq, int("7")),
        Relation::In {
            lhs: RelationLhs::Column("k".into()),
            values: InValues::List(vec![]),
        },
    ];
    assert_eq!(w, expected);
}

#[test]
fn function_terms_in_relations() {
    let s = select("SELECT tu FROM t WHERE k = 1 AND tu >= minTimeuuid('2020-01-01 00:00:00+0000') AND d = ks.\"MyFn\"()");
    assert_eq!(
        s.where_clause[1],
        Relation::Compare {
            lhs: RelationLhs::Column("tu".into()),
            op: Operator::Gte,
            rhs: Term::Function {
                name: name(None, "mintimeuuid"),
                args: vec![string("2020-01-01 00:00:00+0000")]
            },
        }
    );
    assert_eq!(
        s.where_clause[2],
        Relation::Compare {
            lhs: RelationLhs::Column("d".into()),
            op: Operator::Eq,
            rhs: Term::Function {
                name: name(Some("ks"), "MyFn"),
                args: vec![]
            },
        }
    );
    let s = select("SELECT * FROM t WHERE k = blobAsInt(0x)");
    assert_eq!(
        s.where_clause[0],
        Relation::Compare {
            lhs: RelationLhs::Column("k".into()),
            op: Operator::Eq,
            rhs: Term::Function {
                name: name(None, "blobasint"),
                args: vec![Term::Literal(Literal::Blob(vec![]))]
            },
        }
    );
}
