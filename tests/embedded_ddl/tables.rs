//! Tables: every CQL type, composite keys and clustering order and their errors, static columns, counter tables, table options.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cql_type_round_trips() {
    let db = Db::new("ddl_types").await;
    db.ok("CREATE TYPE addr (street text, zip int)").await;
    db.ok(
        "CREATE TABLE t (k int PRIMARY KEY, a ascii, bi bigint, b blob, bo boolean, d date, \
         de decimal, do double, du duration, f float, i inet, n int, si smallint, t text, \
         tm time, ts timestamp, tu timeuuid, ti tinyint, u uuid, vc varchar, vi varint, \
         l list<int>, s set<text>, m map<text, int>, tup tuple<int, text>, ad frozen<addr>, \
         nl list<frozen<list<int>>>, fm frozen<map<int, frozen<set<text>>>>)",
    )
    .await;
    db.ok(
        "INSERT INTO t (k, a, bi, b, bo, d, de, do, du, f, i, n, si, t, tm, ts, tu, ti, u, vc, \
         vi, l, s, m, tup, ad, nl, fm) VALUES (1, 'ascii', -9223372036854775808, 0xcafe, true, \
         '2021-03-04', 1.50, 2.5, 1h30m, 1.25, '127.0.0.1', 7, -3, 'é', '12:34:56.789', \
         '2020-01-02 03:04:05.678+0000', a747c000-2c29-11ea-8000-0123456789ab, -1, \
         6ba7b810-9dad-11d1-80b4-00c04fd430c8, 'v', 123456789012345678901234567890, [3, 1, 3], \
         {'b', 'a'}, {'y': 2, 'x': 1}, (5, 'five'), {street: 'Main', zip: 12345}, [[1], []], \
         {2: {'q'}, 1: {}})",
    )
    .await;
    assert_eq!(
        db.rows(
            "SELECT a, bi, b, bo, d, de, do, du, f, i, n, si, t, tm, ts, tu, ti, u, vc, vi \
             FROM t WHERE k = 1"
        )
        .await,
        [
            "'ascii' | -9223372036854775808 | 0xcafe | true | '2021-03-04' | 150E-2 | 2.5 | \
          0mo0d5400000000000ns | 1.25 | '127.0.0.1' | 7 | -3 | 'é' | 45296789000000 | \
          '2020-01-02T03:04:05.678Z' | a747c000-2c29-11ea-8000-0123456789ab | -1 | \
          6ba7b810-9dad-11d1-80b4-00c04fd430c8 | 'v' | 123456789012345678901234567890"
        ]
    );
    assert_eq!(
        db.rows("SELECT l, s, m, tup, ad, nl, fm FROM t WHERE k = 1")
            .await,
        ["[3, 1, 3] | {'a', 'b'} | {'x': 1, 'y': 2} | (5, 'five') | {street: 'Main', zip: 12345} \
          | [[1], []] | {1: {}, 2: {'q'}}"]
    );
    // Result metadata carries every type (varchar is text, a duration is a custom type in v4).
    assert_eq!(
        db.columns("SELECT a, bi, b, bo, d, de, do, f, i, n, si, t, tm, ts, tu, ti, u, vc, vi, l, s, m, tup, ad FROM t WHERE k = 1")
            .await,
        [
            "a ascii", "bi bigint", "b blob", "bo boolean", "d date", "de decimal", "do double",
            "f float", "i inet", "n int", "si smallint", "t text", "tm time", "ts timestamp",
            "tu timeuuid", "ti tinyint", "u uuid", "vc text", "vi varint", "l list<int>",
            "s set<text>", "m map<text, int>", "tup tuple<int, text>", "ad addr"
        ]
    );
    let ks = db.ks().to_owned();
    let types = db
        .rows(&format!(
            "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = '{ks}' AND table_name = 't'"
        ))
        .await;
    for expected in [
        "'du' | 'duration'",
        "'vc' | 'text'",
        "'tup' | 'frozen<tuple<int, text>>'",
        "'ad' | 'frozen<addr>'",
        "'nl' | 'list<frozen<list<int>>>'",
        "'fm' | 'frozen<map<int, frozen<set<text>>>>'",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} in {types:?}"
        );
    }

    // The same values bound by the driver read back the same.
    let prepared = db
        .prepare("INSERT INTO t (k, bi, t, l, m, tup) VALUES (?, ?, ?, ?, ?, ?)")
        .await;
    db.session
        .execute_unpaged(
            &prepared,
            (
                2,
                i64::MAX,
                "two",
                vec![1, 2],
                std::collections::BTreeMap::from([("k".to_owned(), 9)]),
                (1, "one"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        db.rows("SELECT bi, t, l, m, tup FROM t WHERE k = 2").await,
        ["9223372036854775807 | 'two' | [1, 2] | {'k': 9} | (1, 'one')"]
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn composite_keys_and_clustering_order() {
    let db = Db::new("ddl_keys").await;
    db.ok(
        "CREATE TABLE t (a int, b text, c int, d text, v int, PRIMARY KEY ((a, b), c, d)) \
         WITH CLUSTERING ORDER BY (c DESC, d ASC)",
    )
    .await;
    for (c, d) in [(1, "x"), (2, "y"), (2, "x"), (3, "z")] {
        db.ok(&format!(
            "INSERT INTO t (a, b, c, d, v) VALUES (1, 'p', {c}, '{d}', {c})"
        ))
        .await;
    }
    db.ok("INSERT INTO t (a, b, c, d, v) VALUES (1, 'q', 1, 'x', 0)")
        .await;
    assert_eq!(
        db.rows("SELECT c, d FROM t WHERE a = 1 AND b = 'p'").await,
        ["3 | 'z'", "2 | 'x'", "2 | 'y'", "1 | 'x'"]
    );
    assert_eq!(
        db.rows("SELECT c, d FROM t WHERE a = 1 AND b = 'p' ORDER BY c ASC, d DESC")
            .await,
        ["1 | 'x'", "2 | 'y'", "2 | 'x'", "3 | 'z'"]
    );
    // Both key parts are needed to find a partition.
    assert_eq!(
        db.err("SELECT * FROM t WHERE a = 1").await,
        (INVALID, "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING".into())
    );
    assert_eq!(
        db.err("INSERT INTO t (a, c, d) VALUES (1, 1, 'x')").await,
        (INVALID, "Some partition key parts are missing: b".into())
    );
    assert_eq!(
        db.err("INSERT INTO t (a, b, c) VALUES (1, 'p', 1)").await,
        (INVALID, "Some clustering keys are missing: d".into())
    );
    // The token of a composite key covers all its parts, in order.
    let tokens = db
        .rows("SELECT token(a, b) FROM t WHERE a = 1 AND b = 'p' LIMIT 1")
        .await;
    assert_eq!(
        db.rows(&format!(
            "SELECT c FROM t WHERE token(a, b) = {} AND c = 3",
            tokens[0]
        ))
        .await,
        ["3"]
    );
    // The prepared statement reports the partition key's bind positions in key order.
    let p = db
        .prepare("SELECT v FROM t WHERE b = ? AND a = ? AND c = ? AND d = ?")
        .await;
    let mut pk: Vec<(u16, u16)> = p
        .get_variable_pk_indexes()
        .iter()
        .map(|i| (i.sequence, i.index))
        .collect();
    pk.sort_unstable();
    assert_eq!(pk, [(0, 1), (1, 0)]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_key_and_clustering_order_errors() {
    let db = Db::new("ddl_pk_err").await;
    db.refuses(
        INVALID,
        &[
        (
            "CREATE TABLE e (k int, v int)",
            format!("No PRIMARY KEY specifed for table '{}.e' (exactly one required)", db.ks()),
        ),
        (
            "CREATE TABLE e (k int PRIMARY KEY, v int PRIMARY KEY)",
            "Multiple PRIMARY KEYs specified (exactly one required)".to_owned(),
        ),
        (
            "CREATE TABLE e (k int PRIMARY KEY, k text)",
            "Multiple definition of identifier k".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, v int, PRIMARY KEY (k, x))",
            "Unknown column 'x' referenced in PRIMARY KEY for table 'e'".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, v int, PRIMARY KEY (k, k))",
            "Duplicate column 'k' in PRIMARY KEY clause for table 'e'".to_owned(),
        ),
        (
            "CREATE TABLE e (k list<int> PRIMARY KEY)",
            "Invalid non-frozen collection type list<int> for PRIMARY KEY column 'k'".to_owned(),
        ),
        (
            "CREATE TABLE e (k counter PRIMARY KEY, n counter)",
            "counter type is not supported for PRIMARY KEY column 'k'".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, c duration, PRIMARY KEY (k, c))",
            "duration type is not supported for PRIMARY KEY column 'c'".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, c int static, PRIMARY KEY (k, c))",
            "Static column 'c' cannot be part of the PRIMARY KEY".to_owned(),
        ),
        (
            "CREATE TABLE e (k int PRIMARY KEY, s int static)",
            "Static columns are only useful (and thus allowed) if the table has at least one clustering column".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (k DESC)",
            "Missing CLUSTERING ORDER for column c".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, c int, d int, PRIMARY KEY (k, c, d)) WITH CLUSTERING ORDER BY (d ASC, c DESC)",
            "The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns (c must appear before d)".to_owned(),
        ),
        (
            "CREATE TABLE e (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC, k ASC)",
            "Only clustering columns can be defined in CLUSTERING ORDER directive".to_owned(),
        ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_columns_are_shared_by_a_partition() {
    let db = Db::new("ddl_static").await;
    db.ok("CREATE TABLE t (k int, c int, s text static, v int, PRIMARY KEY (k, c))")
        .await;
    db.ok("INSERT INTO t (k, c, s, v) VALUES (1, 1, 'first', 10)")
        .await;
    db.ok("INSERT INTO t (k, c, v) VALUES (1, 2, 20)").await;
    db.ok("UPDATE t SET s = 'second' WHERE k = 1").await;
    // A static-only insert creates a partition without rows.
    db.ok("INSERT INTO t (k, s) VALUES (2, 'alone')").await;
    assert_eq!(
        db.rows("SELECT k, c, s, v FROM t").await,
        [
            "1 | 1 | 'second' | 10",
            "1 | 2 | 'second' | 20",
            "2 | null | 'alone' | null"
        ]
    );
    assert_eq!(
        db.rows("SELECT DISTINCT k, s FROM t").await,
        ["1 | 'second'", "2 | 'alone'"]
    );
    // Deleting a row keeps the static; deleting the static keeps the rows.
    db.ok("DELETE FROM t WHERE k = 1 AND c = 1").await;
    db.ok("DELETE s FROM t WHERE k = 1").await;
    assert_eq!(
        db.rows("SELECT k, c, s, v FROM t WHERE k = 1").await,
        ["1 | 2 | null | 20"]
    );
    assert_eq!(
        db.err("UPDATE t SET v = 1 WHERE k = 1").await,
        (INVALID, "Some clustering keys are missing: c".into())
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_tables_have_only_counters() {
    let db = Db::new("ddl_counter").await;
    assert_eq!(
        db.err("CREATE TABLE e (k int PRIMARY KEY, n counter, v int)")
            .await,
        (
            INVALID,
            "Cannot mix counter and non counter columns in the same table".into()
        )
    );
    assert_eq!(
        db.err("CREATE TABLE e (k int PRIMARY KEY, n counter) WITH default_time_to_live = 10")
            .await,
        (
            INVALID,
            "Cannot set default_time_to_live on a table with counters".into()
        )
    );
    db.ok("CREATE TABLE c (k int, c text, n counter, m counter, PRIMARY KEY (k, c))")
        .await;
    db.ok("UPDATE c SET n = n + 2, m = m - 1 WHERE k = 1 AND c = 'a'")
        .await;
    assert_eq!(
        db.rows("SELECT k, c, m, n FROM c").await,
        ["1 | 'a' | -1 | 2"]
    );
    assert_eq!(
        db.err("ALTER TABLE c WITH default_time_to_live = 5").await,
        (
            INVALID,
            "Cannot set default_time_to_live on a table with counters".into()
        )
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_options_are_kept_and_reported() {
    let db = Db::new("ddl_options").await;
    let ks = db.ks().to_owned();
    db.ok(
        "CREATE TABLE t (k int PRIMARY KEY, v text) WITH comment = 'kept' \
         AND gc_grace_seconds = 100 AND default_time_to_live = 3600 \
         AND bloom_filter_fp_chance = 0.1 AND speculative_retry = 'ALWAYS' \
         AND caching = {'keys': 'NONE', 'rows_per_partition': '10'} \
         AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '64'} \
         AND compression = {'class': 'DeflateCompressor', 'chunk_length_in_kb': '64'}",
    )
    .await;
    let select = format!(
        "SELECT comment, gc_grace_seconds, default_time_to_live, bloom_filter_fp_chance, \
         speculative_retry, caching, compaction, compression FROM system_schema.tables \
         WHERE keyspace_name = '{ks}' AND table_name = 't'"
    );
    assert_eq!(
        db.rows(&select).await,
        ["'kept' | 100 | 3600 | 0.1 | 'ALWAYS' | {'keys': 'NONE', 'rows_per_partition': '10'} | \
          {'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4', 'sstable_size_in_mb': '64'} | \
          {'chunk_length_in_kb': '64', 'class': 'org.apache.cassandra.io.compress.DeflateCompressor'}"]
    );
    // The default TTL applies to writes without one.
    db.ok("INSERT INTO t (k, v) VALUES (1, 'x')").await;
    let ttl = db.rows("SELECT TTL(v) FROM t WHERE k = 1").await;
    let ttl: i32 = ttl[0].parse().unwrap();
    assert!((3590..=3600).contains(&ttl), "ttl {ttl}");

    db.ok("ALTER TABLE t WITH comment = 'changed' AND gc_grace_seconds = 200")
        .await;
    let rows = db.rows(&select).await;
    assert!(
        rows[0].starts_with("'changed' | 200 | 3600 | 0.1 | 'ALWAYS'"),
        "{rows:?}"
    );
    assert_eq!(
        db.err("CREATE TABLE u (k int PRIMARY KEY) WITH no_such_option = 1")
            .await,
        (SYNTAX, "Unknown property 'no_such_option'".into())
    );
    db.drop().await;
}
