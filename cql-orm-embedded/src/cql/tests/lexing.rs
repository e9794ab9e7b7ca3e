//! Lexing details: identifiers, escapes, numbers, durations, UUIDs, blobs, comments.

use super::{int, ok, string, syntax_error};
use crate::cql::ast::{Insert, Literal, Statement, Term};
use crate::cql::{needs_quoting, parse};

/// The VALUES of `INSERT INTO t (k) VALUES (<value>)`.
fn value(v: &str) -> Term {
    match ok(&format!("INSERT INTO t (k) VALUES ({v})")) {
        Statement::Insert(i) => {
            let Insert { mut values, .. } = *i;
            assert_eq!(values.len(), 1);
            values.remove(0)
        }
        other => panic!("{other:?}"),
    }
}

fn lit(v: &str) -> Literal {
    match value(v) {
        Term::Literal(l) => l,
        other => panic!("{v}: {other:?}"),
    }
}

#[test]
fn quoted_identifiers_keep_case_and_unescape_quotes() {
    let Statement::Insert(i) =
        ok(r#"INSERT INTO "MixedCase" ("Key", "a""b", LOWER, "select") VALUES (1, 2, 3, 4)"#)
    else {
        panic!()
    };
    assert_eq!(i.table.name, "MixedCase");
    assert_eq!(i.columns, ["Key", "a\"b", "lower", "select"]);
}

#[test]
fn keywords_and_identifiers_are_case_insensitive() {
    let Statement::Select(s) = ok("sElEcT Key, TTL, COUNT, Values FrOm KS.Tab WhErE Key = 1")
    else {
        panic!()
    };
    assert_eq!(s.table, super::name(Some("ks"), "tab"));
    let crate::cql::ast::Selection::List(items) = &s.selection else {
        panic!()
    };
    let names: Vec<_> = items
        .iter()
        .map(|(sel, _)| match sel {
            crate::cql::ast::Selector::Column(c) => c.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["key", "ttl", "count", "values"]);
}

#[test]
fn strings_unescape_doubled_quotes_and_dollar_quotes() {
    assert_eq!(value("'it''s'"), string("it's"));
    assert_eq!(value("''"), string(""));
    assert_eq!(
        value("$$dollar 'quoted' $ sign$$"),
        string("dollar 'quoted' $ sign")
    );
    assert_eq!(value("'héllo — 日本語 🎉'"), string("héllo — 日本語 🎉"));
}

#[test]
fn numbers_keep_their_text_and_sign() {
    assert_eq!(value("-12"), int("-12"));
    assert_eq!(value("0"), int("0"));
    assert_eq!(lit("-0.0"), Literal::Float("-0.0".into()));
    assert_eq!(
        lit("1.7976931348623157E308"),
        Literal::Float("1.7976931348623157E308".into())
    );
    assert_eq!(lit("4.9E-324"), Literal::Float("4.9E-324".into()));
    assert_eq!(lit("1E+10"), Literal::Float("1E+10".into()));
    assert_eq!(lit("1."), Literal::Float("1.".into()));
    assert_eq!(lit("NaN"), Literal::NaN);
    assert_eq!(lit("-NaN"), Literal::NaN);
    assert_eq!(lit("Infinity"), Literal::Infinity { negative: false });
    assert_eq!(lit("-Infinity"), Literal::Infinity { negative: true });
    assert_eq!(lit("- Infinity"), Literal::Infinity { negative: true });
    assert_eq!(lit("TRUE"), Literal::Boolean(true));
    assert_eq!(lit("False"), Literal::Boolean(false));
    assert_eq!(lit("null"), Literal::Null);
}

#[test]
fn durations_in_every_form() {
    for d in [
        "1h30m",
        "1y2mo3w4d5h6m7s8ms9us10ns",
        "1mo",
        "-1d",
        "1µs",
        "P1Y2M3DT4H5M6S",
        "P2W",
        "PT5M",
        "-P1D",
        "P0001-02-03T04:05:06",
    ] {
        assert_eq!(lit(d), Literal::Duration(d.to_string()), "{d}");
    }
}

#[test]
fn uuid_literals_versus_identifiers() {
    let u = "bf444710-ee9f-11d3-8001-0123456789ab";
    assert_eq!(lit(u), Literal::Uuid(uuid::Uuid::parse_str(u).unwrap()));
    let d = "11111111-2222-3333-4444-555555555555";
    assert_eq!(lit(d), Literal::Uuid(uuid::Uuid::parse_str(d).unwrap()));
    // A hex-looking word that is not a UUID is an identifier (here: a function name).
    assert_eq!(
        value("deadbeef()"),
        Term::Function {
            name: super::name(None, "deadbeef"),
            args: vec![]
        }
    );
}

#[test]
fn blob_literals_decode_any_case_and_the_empty_blob() {
    assert_eq!(
        lit("0xDEADbeef"),
        Literal::Blob(vec![0xde, 0xad, 0xbe, 0xef])
    );
    assert_eq!(lit("0x"), Literal::Blob(vec![]));
    assert_eq!(lit("0X00"), Literal::Blob(vec![0]));
    let err = parse("INSERT INTO t (k) VALUES (0x123)").unwrap_err();
    assert_eq!(err.code, crate::ErrorCode::Invalid);
    assert_eq!(err.message, "cannot parse '123' as hex bytes");
}

#[test]
fn comments_and_semicolons_around_a_statement() {
    let plain = ok("SELECT * FROM t");
    for text in [
        "SELECT * FROM t;",
        "SELECT * FROM t;;",
        "  -- leading comment\nSELECT * FROM t  ",
        "/* block */ SELECT /* inner */ * FROM t // trailing",
        "SELECT * FROM t -- no newline at the end",
        "\n\tSELECT\r\n*\nFROM\tt\n;\n",
    ] {
        assert_eq!(ok(text), plain, "{text:?}");
    }
}

#[test]
fn bind_markers_are_numbered_in_order_of_appearance() {
    let stmt = ok("UPDATE t USING TTL ? AND TIMESTAMP :ts SET v = ?, m[?] = :Val WHERE k IN ? AND c = ? IF v = ?");
    let markers = crate::cql::bind_markers(&stmt);
    let seen: Vec<_> = markers
        .iter()
        .map(|m| (m.index, m.name.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (0, None),
            (1, Some("ts")),
            (2, None),
            (3, None),
            (4, Some("val")),
            (5, None),
            (6, None),
            (7, None)
        ]
    );
    assert_eq!(crate::cql::bind_marker_count(&stmt), 8);
    let batch = ok("BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k) VALUES (?); DELETE FROM t WHERE k = ? APPLY BATCH");
    assert_eq!(crate::cql::bind_marker_count(&batch), 3);
    assert_eq!(
        crate::cql::bind_marker_count(&ok("SELECT * FROM t LIMIT ?")),
        1
    );
    assert_eq!(
        crate::cql::bind_marker_count(&ok("CREATE TABLE t (k int PRIMARY KEY)")),
        0
    );
}

#[test]
fn type_hints_and_tuples() {
    assert_eq!(
        value("(int) ?"),
        Term::TypeHint {
            ty: crate::cql::ast::TypeExpr::Native(crate::types::NativeType::Int),
            term: Box::new(Term::Bind(crate::cql::ast::BindMarker {
                index: 0,
                name: None
            })),
        }
    );
    assert_eq!(value("(1, 'a')"), Term::Tuple(vec![int("1"), string("a")]));
    assert_eq!(value("('a')"), Term::Tuple(vec![string("a")]));
    assert_eq!(
        value("(2, null)"),
        Term::Tuple(vec![int("2"), Term::Literal(Literal::Null)])
    );
}

#[test]
fn braces_are_sets_maps_or_udts() {
    assert_eq!(value("{}"), Term::Map(vec![]));
    assert_eq!(value("{1, 2}"), Term::Set(vec![int("1"), int("2")]));
    assert_eq!(value("{'a': 1}"), Term::Map(vec![(string("a"), int("1"))]));
    assert_eq!(
        value("{street: 'x', \"Zip\": 2, key: {}}"),
        Term::Udt(vec![
            ("street".into(), string("x")),
            ("Zip".into(), int("2")),
            ("key".into(), Term::Map(vec![]))
        ])
    );
    assert_eq!(
        value("[[], [1]]"),
        Term::List(vec![Term::List(vec![]), Term::List(vec![int("1")])])
    );
}

#[test]
fn negative_numbers_lex_as_one_token() {
    // `c = c -1` is an addition of -1, as in Cassandra.
    let Statement::Update(u) = ok("UPDATE t SET c = c -1 WHERE k = 1") else {
        panic!()
    };
    assert_eq!(
        u.assignments,
        [crate::cql::ast::Assignment::Add("c".into(), int("-1"))]
    );
}

#[test]
fn reserved_words_need_quotes_unreserved_do_not() {
    for word in [
        "select", "from", "table", "keyspace", "token", "replace", "is", "in", "where",
    ] {
        let message = syntax_error(&format!("SELECT {word} FROM t"));
        assert!(
            message.contains("no viable alternative") || message.contains("mismatched"),
            "{word}: {message}"
        );
        assert!(needs_quoting(word), "{word}");
    }
    for word in [
        "key",
        "type",
        "count",
        "ttl",
        "writetime",
        "values",
        "timestamp",
        "date",
        "json",
        "distinct",
        "as",
        "frozen",
        "list",
        "map",
        "custom",
        "exists",
    ] {
        ok(&format!("SELECT {word} FROM t WHERE {word} = 1"));
        assert!(!needs_quoting(word), "{word}");
    }
    assert!(needs_quoting("null"));
    assert!(needs_quoting("MixedCase"));
    assert!(needs_quoting("bad-name"));
    assert!(needs_quoting(""));
    assert!(!needs_quoting("lower_case1"));
}
