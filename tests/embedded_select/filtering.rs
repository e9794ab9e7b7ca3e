//! ALLOW FILTERING and CONTAINS, indexes on key columns, WRITETIME / TTL and aliases, native functions.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allow_filtering_and_contains() {
    let db = Db::new("sel_filter").await;
    db.ok(
        "CREATE TABLE t (k int, c int, s int static, v int, l list<int>, m map<text, int>, \
         PRIMARY KEY (k, c))",
    )
    .await;
    db.ok_all(&[
        "INSERT INTO t (k, c, s, v, l, m) VALUES (1, 1, 10, 1, [1, 2], {'a': 1})",
        "INSERT INTO t (k, c, v, l, m) VALUES (1, 2, 2, [3], {'b': 2})",
        "INSERT INTO t (k, c, s, v, l, m) VALUES (2, 1, 20, 2, [2], {'a': 3})",
    ])
    .await;
    let sorted = |mut rows: Vec<String>| {
        rows.sort();
        rows
    };
    for (relation, expected) in [
        ("v = 2", vec!["1 | 2", "2 | 1"]),
        ("v > 1 AND v < 3", vec!["1 | 2", "2 | 1"]),
        ("c = 2", vec!["1 | 2"]),
        ("s = 20", vec!["2 | 1"]),
        ("k > 1", vec!["2 | 1"]),
        ("v IN (1, 9)", vec!["1 | 1"]),
        ("l CONTAINS 2", vec!["1 | 1", "2 | 1"]),
        ("m CONTAINS KEY 'a'", vec!["1 | 1", "2 | 1"]),
        ("m CONTAINS 2", vec!["1 | 2"]),
        ("m['a'] = 3", vec!["2 | 1"]),
        ("l CONTAINS 2 AND v = 2", vec!["2 | 1"]),
    ] {
        let rows = db
            .rows(&format!(
                "SELECT k, c FROM t WHERE {relation} ALLOW FILTERING"
            ))
            .await;
        assert_eq!(sorted(rows), expected, "{relation}");
        assert_eq!(
            db.err(&format!("SELECT k, c FROM t WHERE {relation}"))
                .await,
            (INVALID, FILTERING.to_owned()),
            "{relation} without ALLOW FILTERING"
        );
    }
    // Within a partition, clustering restrictions need no filtering; others do.
    assert_eq!(
        db.rows("SELECT c FROM t WHERE k = 1 AND c = 2").await,
        ["2"]
    );
    assert_eq!(
        db.rows("SELECT c FROM t WHERE k = 1 AND v = 2 ALLOW FILTERING")
            .await,
        ["2"]
    );
    db.refuses(
        INVALID,
        &[
            (
                "SELECT k FROM t WHERE v CONTAINS 1 ALLOW FILTERING",
                "Cannot use CONTAINS on non-collection column v",
            ),
            (
                "SELECT k FROM t WHERE l = [1, 2] ALLOW FILTERING",
                "Collection column 'l' (list<int>) cannot be restricted by a '=' relation",
            ),
            (
                "SELECT k FROM t WHERE m > {'a': 1} ALLOW FILTERING",
                "Collection column 'm' (map<text, int>) cannot be restricted by a '>' relation",
            ),
            (
                "SELECT k FROM t WHERE l IN ([1]) ALLOW FILTERING",
                "Collection column 'l' (list<int>) cannot be restricted by a 'IN' relation",
            ),
            (
                "SELECT k FROM t WHERE v != 2 ALLOW FILTERING",
                "Unsupported \"!=\" relation: v != 2",
            ),
            (
                "SELECT k FROM t WHERE v IS NOT NULL ALLOW FILTERING",
                "Unsupported restriction: v IS NOT NULL",
            ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexes_on_key_columns_serve_queries() {
    let db = Db::new("sel_key_index").await;
    db.ok(
        "CREATE TABLE t (id1 int, id2 int, author text, time bigint, v text, \
         PRIMARY KEY ((id1, id2), author, time))",
    )
    .await;
    db.ok("CREATE INDEX ON t (time)").await;
    db.ok("CREATE INDEX ON t (id2)").await;
    db.ok_all(&[
        "INSERT INTO t (id1, id2, author, time, v) VALUES (0, 0, 'bob', 0, 'A')",
        "INSERT INTO t (id1, id2, author, time, v) VALUES (0, 0, 'bob', 1, 'B')",
        "INSERT INTO t (id1, id2, author, time, v) VALUES (0, 1, 'bob', 2, 'C')",
        "INSERT INTO t (id1, id2, author, time, v) VALUES (0, 0, 'tom', 0, 'D')",
        "INSERT INTO t (id1, id2, author, time, v) VALUES (0, 1, 'tom', 1, 'E')",
    ])
    .await;
    let sorted = |mut rows: Vec<String>| {
        rows.sort();
        rows
    };
    // An index on a clustering column or on part of the partition key serves equality.
    assert_eq!(
        sorted(db.rows("SELECT v FROM t WHERE time = 1").await),
        ["'B'", "'E'"]
    );
    assert_eq!(
        sorted(db.rows("SELECT v FROM t WHERE id2 = 1").await),
        ["'C'", "'E'"]
    );
    // IN is not served by an index; other restrictions need filtering.
    assert_eq!(
        db.err("SELECT v FROM t WHERE time IN (1, 2)").await,
        (
            INVALID,
            "PRIMARY KEY column \"time\" cannot be restricted as preceding column \"author\" is not restricted".into()
        )
    );
    for cql in [
        "SELECT v FROM t WHERE id2 IN (0, 2)",
        "SELECT v FROM t WHERE author > 'ted' AND time = 1",
        "SELECT v FROM t WHERE id1 = 0 AND time = 1",
        "SELECT v FROM t WHERE id2 = 1 AND time = 1",
    ] {
        assert_eq!(db.err(cql).await, (INVALID, FILTERING.to_owned()), "{cql}");
    }
    assert_eq!(
        sorted(
            db.rows("SELECT v FROM t WHERE time IN (1, 2) ALLOW FILTERING")
                .await
        ),
        ["'B'", "'C'", "'E'"]
    );
    assert_eq!(
        db.rows("SELECT v FROM t WHERE author > 'ted' AND time = 1 ALLOW FILTERING")
            .await,
        ["'E'"]
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writetime_ttl_and_aliases() {
    let db = Db::new("sel_writetime").await;
    db.ok("CREATE TABLE t (k int, c int, v text, w int, l list<int>, PRIMARY KEY (k, c))")
        .await;
    db.ok("INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1) USING TIMESTAMP 1234 AND TTL 600")
        .await;
    db.ok("UPDATE t USING TIMESTAMP 99 SET w = 2 WHERE k = 1 AND c = 2")
        .await;
    let rows = db
        .rows("SELECT c, WRITETIME(v), WRITETIME(w), TTL(w) FROM t WHERE k = 1")
        .await;
    assert_eq!(rows[1], "2 | null | 99 | null");
    assert!(rows[0].starts_with("1 | 1234 | 1234 | "), "{rows:?}");
    let ttl: i32 = rows[0].rsplit(" | ").next().unwrap().parse().unwrap();
    assert!((590..=600).contains(&ttl), "ttl {ttl}");
    assert_eq!(
        db.columns(
            "SELECT k AS key, c AS \"Clustering\", WRITETIME(v) AS wt, TTL(v) FROM t WHERE k = 1"
        )
        .await,
        ["key int", "Clustering int", "wt bigint", "ttl(v) int"]
    );
    for (cql, message) in [
        (
            "SELECT WRITETIME(k) FROM t",
            "Cannot use selection function writeTime on PRIMARY KEY part k",
        ),
        (
            "SELECT TTL(c) FROM t",
            "Cannot use selection function ttl on PRIMARY KEY part c",
        ),
        (
            "SELECT k AS kk FROM t WHERE kk = 1",
            "Undefined column name kk in table REPLACE.t",
        ),
        (
            "SELECT WRITETIME(l) FROM t",
            "Cannot use selection function writeTime on collections",
        ),
        (
            "SELECT TTL(l) FROM t",
            "Cannot use selection function ttl on collections",
        ),
        (
            "SELECT l[0] FROM t",
            "Element selection is only allowed on sets and maps, but l is a list",
        ),
    ] {
        let message = message.replace("REPLACE", db.ks());
        assert_eq!(db.err(cql).await, (INVALID, message), "{cql}");
    }
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn native_functions() {
    let db = Db::new("sel_functions").await;
    db.ok("CREATE TABLE t (k int, tu timeuuid, ts timestamp, d date, b blob, PRIMARY KEY (k, tu))")
        .await;
    // 2020-01-01 00:00:00 UTC and one minute later.
    db.ok_all(&[
        "INSERT INTO t (k, tu, ts, d, b) VALUES (1, a747c000-2c29-11ea-8000-0123456789ab, '2020-01-01 00:00:00+0000', '2020-01-01', intAsBlob(42))",
        "INSERT INTO t (k, tu) VALUES (1, cb0b3400-2c29-11ea-8000-0123456789ab)",
        "INSERT INTO t (k, tu) VALUES (1, now())",
    ])
    .await;
    assert_eq!(
        db.rows(
            "SELECT tu FROM t WHERE k = 1 AND tu > maxTimeuuid('2020-01-01 00:00:00+0000') \
             AND tu < minTimeuuid('2020-01-02 00:00:00+0000')"
        )
        .await,
        ["cb0b3400-2c29-11ea-8000-0123456789ab"]
    );
    assert_eq!(
        db.rows(
            "SELECT toDate(tu), toTimestamp(tu), toUnixTimestamp(tu), toUnixTimestamp(ts), \
             toTimestamp(d), toDate(ts), blobAsInt(b), intAsBlob(k), blobAsBigint(bigintAsBlob(7)) \
             FROM t WHERE k = 1 LIMIT 1"
        )
        .await,
        [
            "'2020-01-01' | '2020-01-01T00:00:00.000Z' | 1577836800000 | 1577836800000 | \
          '2020-01-01T00:00:00.000Z' | '2020-01-01' | 42 | 0x00000001 | 7"
        ]
    );
    assert_eq!(
        db.columns(
            "SELECT toDate(tu), blobAsInt(b), minTimeuuid('2020-01-01') FROM t WHERE k = 1 LIMIT 1"
        )
        .await,
        [
            "system.todate(tu) date",
            "system.blobasint(b) int",
            "system.mintimeuuid('2020-01-01') timeuuid"
        ]
    );
    // now() is a version 1 UUID of the current time; uuid() a fresh version 4 per row.
    let rows = db
        .session
        .query_unpaged("SELECT now(), uuid() FROM t WHERE k = 1", &[])
        .await
        .unwrap()
        .into_rows_result()
        .unwrap();
    let values: Vec<(scylla::value::CqlTimeuuid, uuid::Uuid)> = rows
        .rows::<(scylla::value::CqlTimeuuid, uuid::Uuid)>()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(values.len(), 3);
    for (now, random) in &values {
        assert_eq!(now.as_ref().get_version_num(), 1);
        assert_eq!(random.get_version_num(), 4);
    }
    assert_ne!(values[0].1, values[1].1);
    let newest = db
        .rows("SELECT toUnixTimestamp(tu) FROM t WHERE k = 1")
        .await;
    let newest: i64 = newest[2].parse().unwrap();
    assert!(newest > 1_600_000_000_000, "now() is now: {newest}");
    db.refuses(
        INVALID,
        &[
        (
            "SELECT intAsBlob(ts) FROM t",
            "Type error: ts cannot be passed as argument 0 of function system.intasblob of type int",
        ),
        (
            "INSERT INTO t (k, tu, d) VALUES (2, now(), now())",
            "Type error: cannot assign result of function system.now (type timeuuid) to d (type date)",
        ),
        ],
    )
    .await;
    db.drop().await;
}
