//! INSERT, UPDATE, DELETE, BATCH.

use super::{int, name, ok, string};
use crate::cql::ast::{
    Assignment, BatchKind, BatchStatement, BindMarker, Condition, ConditionTarget, DeleteTarget,
    InValues, Literal, Operator, Statement, Term, TermKey, Using, WriteCondition,
};

fn marker(index: usize) -> Term {
    Term::Bind(BindMarker { index, name: None })
}

#[test]
fn insert_forms() {
    let Statement::Insert(i) =
        ok("INSERT INTO ks.t (k, v) VALUES (1, 'a') IF NOT EXISTS USING TTL 10 AND TIMESTAMP 20")
    else {
        panic!()
    };
    assert_eq!(i.table, name(Some("ks"), "t"));
    assert_eq!(i.columns, ["k", "v"]);
    assert_eq!(i.values, [int("1"), string("a")]);
    assert_eq!(i.condition, WriteCondition::IfNotExists);
    assert_eq!(
        i.using,
        Using {
            ttl: Some(int("10")),
            timestamp: Some(int("20"))
        }
    );
    let Statement::Insert(i) = ok("INSERT INTO t (k) VALUES (?) USING TIMESTAMP ? AND TTL :t")
    else {
        panic!()
    };
    assert_eq!(i.using.timestamp, Some(marker(1)));
    assert_eq!(
        i.using.ttl,
        Some(Term::Bind(BindMarker {
            index: 2,
            name: Some("t".into())
        }))
    );
    let Statement::Insert(i) = ok("INSERT INTO t JSON '{\"k\": 1}' DEFAULT UNSET IF NOT EXISTS")
    else {
        panic!()
    };
    assert_eq!(i.json, Some(string("{\"k\": 1}")));
    assert!(i.json_default_unset);
    assert!(i.columns.is_empty());
    let Statement::Insert(i) = ok("INSERT INTO t JSON ? DEFAULT NULL") else {
        panic!()
    };
    assert_eq!(i.json, Some(marker(0)));
    assert!(!i.json_default_unset);
}

#[test]
fn update_assignments_of_every_kind() {
    let Statement::Update(u) = ok("UPDATE t USING TIMESTAMP 5 AND TTL 3 SET a = 1, l[1] = 'A', u.city = 'Y', n = n + 1, n2 = n2 - 2, l2 = ['z'] + l2, s += {'x'}, s2 -= {'y'}, m = m + {'d': 4} WHERE k = 1 IF EXISTS") else { panic!() };
    assert_eq!(
        u.using,
        Using {
            ttl: Some(int("3")),
            timestamp: Some(int("5"))
        }
    );
    assert_eq!(
        u.assignments,
        [
            Assignment::Set("a".into(), int("1")),
            Assignment::SetElement("l".into(), TermKey(int("1")), string("A")),
            Assignment::SetField("u".into(), "city".into(), string("Y")),
            Assignment::Add("n".into(), int("1")),
            Assignment::Subtract("n2".into(), int("2")),
            Assignment::Prepend("l2".into(), Term::List(vec![string("z")])),
            Assignment::Add("s".into(), Term::Set(vec![string("x")])),
            Assignment::Subtract("s2".into(), Term::Set(vec![string("y")])),
            Assignment::Add("m".into(), Term::Map(vec![(string("d"), int("4"))])),
        ]
    );
    assert_eq!(u.condition, WriteCondition::IfExists);
}

#[test]
fn update_conditions() {
    let Statement::Update(u) = ok("UPDATE t SET v = 'x' WHERE k = 1 IF v = 'a' AND m['k'] != 2 AND u.f = 3 AND w IN (1, 2) AND x IN ? AND l[0] IN (4) AND exists = 5") else { panic!() };
    let cmp = |target, op, value| Condition::Compare { target, op, value };
    assert_eq!(
        u.condition,
        WriteCondition::Conditions(vec![
            cmp(
                ConditionTarget::Column("v".into()),
                Operator::Eq,
                string("a")
            ),
            cmp(
                ConditionTarget::Element("m".into(), TermKey(string("k"))),
                Operator::Neq,
                int("2")
            ),
            cmp(
                ConditionTarget::Field("u".into(), "f".into()),
                Operator::Eq,
                int("3")
            ),
            Condition::In {
                target: ConditionTarget::Column("w".into()),
                values: InValues::List(vec![int("1"), int("2")])
            },
            Condition::In {
                target: ConditionTarget::Column("x".into()),
                values: InValues::Marker(BindMarker {
                    index: 0,
                    name: None
                })
            },
            Condition::In {
                target: ConditionTarget::Element("l".into(), TermKey(int("0"))),
                values: InValues::List(vec![int("4")])
            },
            cmp(
                ConditionTarget::Column("exists".into()),
                Operator::Eq,
                int("5")
            ),
        ])
    );
    let Statement::Update(u) = ok("UPDATE t SET v = null WHERE k = 1 IF v = null") else {
        panic!()
    };
    assert_eq!(
        u.assignments,
        [Assignment::Set("v".into(), Term::Literal(Literal::Null))]
    );
}

#[test]
fn incompatible_updates_of_one_column_are_refused() {
    let err = crate::cql::parse("UPDATE t SET a = 1, a = 2 WHERE k = 1").unwrap_err();
    assert_eq!(err.message, "Multiple incompatible setting of column a");
    ok("UPDATE t SET u.a = 1, u.b = 2, m['x'] = 1, m['y'] = 2 WHERE k = 1");
    assert!(crate::cql::parse("UPDATE t SET u.a = 1, u.a = 2 WHERE k = 1").is_err());
    assert_eq!(
        crate::cql::parse("UPDATE t SET a = b + 1 WHERE k = 1")
            .unwrap_err()
            .message,
        "Only expressions of the form X = X +<value> are supported."
    );
    assert_eq!(
        crate::cql::parse("UPDATE t SET a = [1] + b WHERE k = 1")
            .unwrap_err()
            .message,
        "Only expressions of the form X = <value> + X are supported."
    );
}

#[test]
fn delete_forms() {
    let Statement::Delete(d) = ok("DELETE v, m['c'], u.f, l[0] FROM ks.t USING TIMESTAMP 99 WHERE k = 1 AND c >= 2 IF v = 'x'") else { panic!() };
    assert_eq!(
        d.targets,
        [
            DeleteTarget::Column("v".into()),
            DeleteTarget::Element("m".into(), string("c")),
            DeleteTarget::Field("u".into(), "f".into()),
            DeleteTarget::Element("l".into(), int("0")),
        ]
    );
    assert_eq!(
        d.using,
        Using {
            ttl: None,
            timestamp: Some(int("99"))
        }
    );
    assert_eq!(d.where_clause.len(), 2);
    assert!(matches!(d.condition, WriteCondition::Conditions(_)));
    let Statement::Delete(d) = ok("DELETE FROM t WHERE k = 1 IF EXISTS") else {
        panic!()
    };
    assert!(d.targets.is_empty());
    assert_eq!(d.condition, WriteCondition::IfExists);
    super::syntax_error("DELETE FROM t USING TTL 5 WHERE k = 1");
}

#[test]
fn batches() {
    let Statement::Batch(b) = ok("BEGIN UNLOGGED BATCH USING TIMESTAMP 1000 INSERT INTO t (k) VALUES (1); UPDATE t SET v = 1 WHERE k = 2 DELETE FROM t WHERE k = 3; APPLY BATCH;") else { panic!() };
    assert_eq!(b.kind, BatchKind::Unlogged);
    assert_eq!(b.using.timestamp, Some(int("1000")));
    assert!(matches!(
        b.statements.as_slice(),
        [
            BatchStatement::Insert(_),
            BatchStatement::Update(_),
            BatchStatement::Delete(_)
        ]
    ));
    let Statement::Batch(b) =
        ok("BEGIN COUNTER BATCH UPDATE c SET n = n + 1 WHERE k = 1 APPLY BATCH")
    else {
        panic!()
    };
    assert_eq!(b.kind, BatchKind::Counter);
    let Statement::Batch(b) = ok("begin batch apply batch") else {
        panic!()
    };
    assert_eq!(b.kind, BatchKind::Logged);
    assert!(b.statements.is_empty());
    assert!(
        super::syntax_error("BEGIN BATCH SELECT * FROM t APPLY BATCH")
            .contains("expecting K_APPLY")
    );
}
