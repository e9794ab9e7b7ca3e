//! Schema statements against the embedded node: keyspace strategies, every CQL type,
//! composite keys, clustering order, statics, counters, table options, ALTER TABLE, user
//! types, secondary indexes, TRUNCATE, USE and IF [NOT] EXISTS, with Cassandra 4.0's
//! errors.

#[path = "embedded_support.rs"]
mod support;

use support::{Db, ALREADY_EXISTS, CONFIG, INVALID, SYNTAX};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyspace_replication_is_validated() {
    let db = Db::new("ddl_ks").await;
    let name = format!("{}_x", db.ks());
    let create =
        |replication: &str| format!("CREATE KEYSPACE {name} WITH replication = {{{replication}}}");
    assert_eq!(
        db.err(&create("'class': 'SimpleStrategy'")).await,
        (
            CONFIG,
            "SimpleStrategy requires a replication_factor strategy option.".into()
        )
    );
    assert_eq!(
        db.err(&create("'class': 'NetworkTopologyStrategy', 'dc2': 1"))
            .await,
        (
            CONFIG,
            format!("Unrecognized strategy option {{dc2}} passed to NetworkTopologyStrategy for keyspace {name}")
        )
    );
    assert_eq!(
        db.err(&create("'class': 'NoSuchStrategy', 'replication_factor': 1"))
            .await,
        (
            CONFIG,
            "Unable to find replication strategy class 'org.apache.cassandra.locator.NoSuchStrategy'"
                .into()
        )
    );
    let long = "k".repeat(49);
    assert_eq!(
        db.err(&format!("CREATE KEYSPACE {long} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"))
            .await,
        (
            CONFIG,
            format!("Keyspace name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{long}\")")
        )
    );

    // A full class name and NetworkTopologyStrategy on this node's datacenter are fine.
    db.ok(&create(
        "'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': 1",
    ))
    .await;
    let existing = db
        .run(&create(
            "'class': 'SimpleStrategy', 'replication_factor': 1",
        ))
        .await;
    let e = existing.expect_err("the keyspace exists");
    assert_eq!(e.code, ALREADY_EXISTS);
    assert_eq!(
        e.message,
        format!("Cannot add existing keyspace \"{name}\"")
    );
    match e.db {
        scylla::errors::DbError::AlreadyExists { keyspace, table } => {
            assert_eq!((keyspace.as_str(), table.as_str()), (name.as_str(), ""));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        db.err(&format!("DROP KEYSPACE {name}_missing")).await,
        (INVALID, format!("Keyspace '{name}_missing' doesn't exist"))
    );
    assert_eq!(
        db.err(&format!(
            "ALTER KEYSPACE {name}_missing WITH durable_writes = false"
        ))
        .await,
        (INVALID, format!("Keyspace '{name}_missing' doesn't exist"))
    );
    // IF EXISTS on ALTER statements only arrived in Cassandra 4.1.
    assert_eq!(
        db.err(&format!(
            "ALTER KEYSPACE IF EXISTS {name} WITH durable_writes = false"
        ))
        .await
        .0,
        SYNTAX
    );
    db.ok(&format!("DROP KEYSPACE {name}")).await;
    db.drop().await;
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alter_table_add_drop_rename() {
    let db = Db::new("ddl_alter").await;
    let ks = db.ks().to_owned();
    db.ok("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))")
        .await;
    db.ok("INSERT INTO t (k, c, v) VALUES (1, 1, 10)").await;
    db.ok("ALTER TABLE t ADD (w text, x set<int>)").await;
    db.ok("UPDATE t SET w = 'new', x = x + {1} WHERE k = 1 AND c = 1")
        .await;
    assert_eq!(
        db.rows("SELECT * FROM t").await,
        ["1 | 1 | 10 | 'new' | {1}"]
    );
    assert_eq!(
        db.err("ALTER TABLE t ADD w int").await,
        (INVALID, "Column with name 'w' already exists".into())
    );
    db.ok("CREATE TABLE nock (k int PRIMARY KEY)").await;
    assert_eq!(
        db.err("ALTER TABLE nock ADD s int static").await,
        (
            INVALID,
            "Static columns are only useful (and thus allowed) if the table has at least one clustering column".into()
        )
    );

    // A dropped column's data does not come back with the column.
    db.ok("ALTER TABLE t DROP v").await;
    assert_eq!(db.rows("SELECT * FROM t").await, ["1 | 1 | 'new' | {1}"]);
    db.ok("ALTER TABLE t ADD v int").await;
    assert_eq!(db.rows("SELECT v FROM t").await, ["null"]);
    db.ok("ALTER TABLE t DROP v").await;
    assert_eq!(
        db.err("ALTER TABLE t ADD v set<int>").await,
        (
            INVALID,
            "Cannot re-add previously dropped column 'v' of type set<int>, incompatible with previous type int".into()
        )
    );
    assert_eq!(
        db.err("ALTER TABLE t DROP k").await,
        (INVALID, "Cannot drop PRIMARY KEY column k".into())
    );
    assert_eq!(
        db.err("ALTER TABLE t DROP nope").await,
        (
            INVALID,
            format!("Column nope was not found in table '{ks}.t'")
        )
    );
    assert_eq!(
        db.err("ALTER TABLE nope ADD v int").await,
        (INVALID, format!("Table '{ks}.nope' doesn't exist"))
    );
    assert_eq!(
        db.err("ALTER TABLE t ALTER w TYPE blob").await,
        (
            INVALID,
            "Altering column types is no longer supported".into()
        )
    );

    // Key columns may be renamed, other columns not.
    db.ok("ALTER TABLE t RENAME c TO c2 AND k TO k2").await;
    assert_eq!(
        db.rows("SELECT k2, c2, w FROM t WHERE k2 = 1 AND c2 = 1")
            .await,
        ["1 | 1 | 'new'"]
    );
    assert_eq!(
        db.err("ALTER TABLE t RENAME w TO w2").await,
        (INVALID, "Cannot rename non PRIMARY KEY column w".into())
    );
    assert_eq!(
        db.err("ALTER TABLE t RENAME k2 TO w").await,
        (
            INVALID,
            format!("Cannot rename column k2 to w in table '{ks}.t'; another column with that name already exists")
        )
    );
    db.ok("CREATE INDEX ON t (w)").await;
    assert_eq!(
        db.err("ALTER TABLE t DROP w").await,
        (
            INVALID,
            "Cannot drop column w because it has dependent secondary indexes (t_w_idx)".into()
        )
    );
    // IF [NOT] EXISTS on ALTER TABLE only arrived in Cassandra 4.1.
    assert_eq!(db.err("ALTER TABLE IF EXISTS t ADD y int").await.0, SYNTAX);
    assert_eq!(
        db.err("ALTER TABLE t ADD IF NOT EXISTS y int").await.0,
        SYNTAX
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_types_create_alter_drop() {
    let db = Db::new("ddl_udt").await;
    let ks = db.ks().to_owned();
    db.ok("CREATE TYPE addr (street text, zip int)").await;
    assert_eq!(
        db.err("CREATE TYPE addr (x int)").await,
        (
            INVALID,
            "A user type with name 'addr' already exists".into()
        )
    );
    db.ok("CREATE TYPE IF NOT EXISTS addr (x int)").await;
    assert_eq!(
        db.err("CREATE TYPE d (a int, a text)").await,
        (INVALID, "Duplicate field name 'a' in type 'd'".into())
    );
    assert_eq!(
        db.err("CREATE TYPE d (a addr)").await,
        (INVALID, "A user type cannot contain non-frozen UDTs".into())
    );
    assert_eq!(
        db.err("CREATE TYPE d (n counter)").await,
        (INVALID, "A user type cannot contain counters".into())
    );
    assert_eq!(
        db.err("CREATE TYPE d (me frozen<d>)").await,
        (INVALID, format!("Unknown type {ks}.d"))
    );

    db.ok("CREATE TABLE t (k int PRIMARY KEY, fa frozen<addr>, a addr)")
        .await;
    db.ok("INSERT INTO t (k, fa, a) VALUES (1, {street: 'Main', zip: 1}, {street: 'Side'})")
        .await;
    db.ok("UPDATE t SET a.zip = 2 WHERE k = 1").await;
    assert_eq!(
        db.err("UPDATE t SET a.nope = 2 WHERE k = 1").await,
        (
            INVALID,
            "UDT column a does not have a field named nope".into()
        )
    );
    // A new field reads as null in existing values.
    db.ok("ALTER TYPE addr ADD city text").await;
    assert_eq!(
        db.rows("SELECT fa, a FROM t").await,
        ["{street: 'Main', zip: 1, city: null} | {street: 'Side', zip: 2, city: null}"]
    );
    db.ok("ALTER TYPE addr RENAME zip TO postcode").await;
    assert_eq!(db.rows("SELECT a.postcode FROM t").await, ["2"]);
    assert_eq!(
        db.err("ALTER TYPE addr ADD city int").await,
        (
            INVALID,
            format!(
                "Cannot add field city to type {ks}.addr: a field with name city already exists"
            )
        )
    );
    assert_eq!(
        db.err("ALTER TYPE addr RENAME nope TO x").await,
        (INVALID, format!("Unkown field nope in user type {ks}"))
    );
    assert_eq!(
        db.err("ALTER TYPE addr ALTER city TYPE blob").await,
        (
            INVALID,
            "Alterting field types is no longer supported".into()
        )
    );
    assert_eq!(
        db.err("ALTER TYPE nope ADD x int").await,
        (INVALID, format!("Type {ks}.nope doesn't exist"))
    );

    db.ok("CREATE TYPE wrapper (inner frozen<addr>)").await;
    assert_eq!(
        db.err("DROP TYPE addr").await,
        (
            INVALID,
            format!("Cannot drop user type '{ks}.addr' as it is still used by user types wrapper")
        )
    );
    db.ok("DROP TYPE wrapper").await;
    assert_eq!(
        db.err("DROP TYPE addr").await,
        (
            INVALID,
            format!("Cannot drop user type '{ks}.addr' as it is still used by tables t")
        )
    );
    db.ok("DROP TABLE t").await;
    db.ok("DROP TYPE addr").await;
    assert_eq!(
        db.err("DROP TYPE addr").await,
        (INVALID, format!("Type '{ks}.addr' doesn't exist"))
    );
    db.ok("DROP TYPE IF EXISTS addr").await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secondary_indexes_on_values_and_collections() {
    let db = Db::new("ddl_index").await;
    let ks = db.ks().to_owned();
    db.ok(
        "CREATE TABLE t (k int, c int, v int, l list<int>, s set<text>, m map<text, int>, \
         fl frozen<list<int>>, PRIMARY KEY (k, c))",
    )
    .await;
    db.ok_all(&[
        "CREATE INDEX ON t (v)",
        "CREATE INDEX ON t (l)",
        "CREATE INDEX ON t (values(s))",
        "CREATE INDEX mk ON t (keys(m))",
        "CREATE INDEX mv ON t (values(m))",
        "CREATE INDEX me ON t (entries(m))",
        "CREATE INDEX ON t (full(fl))",
    ])
    .await;
    db.ok_all(&[
        "INSERT INTO t (k, c, v, l, s, m, fl) VALUES (1, 1, 10, [1, 2], {'a'}, {'x': 1}, [1, 2])",
        "INSERT INTO t (k, c, v, l, s, m, fl) VALUES (1, 2, 20, [3], {'b'}, {'y': 2}, [3])",
        "INSERT INTO t (k, c, v, l, s, m, fl) VALUES (2, 1, 10, [2], {'a', 'b'}, {'x': 2}, [])",
    ])
    .await;
    // Each indexed relation is served without ALLOW FILTERING.
    for (relation, expected) in [
        ("v = 10", vec!["1 | 1", "2 | 1"]),
        ("l CONTAINS 2", vec!["1 | 1", "2 | 1"]),
        ("s CONTAINS 'b'", vec!["1 | 2", "2 | 1"]),
        ("m CONTAINS KEY 'x'", vec!["1 | 1", "2 | 1"]),
        ("m CONTAINS 2", vec!["1 | 2", "2 | 1"]),
        ("m['x'] = 1", vec!["1 | 1"]),
        ("fl = [3]", vec!["1 | 2"]),
    ] {
        let mut rows = db
            .rows(&format!("SELECT k, c FROM t WHERE {relation}"))
            .await;
        rows.sort();
        assert_eq!(rows, expected, "{relation}");
    }
    // With the partition key as well.
    assert_eq!(
        db.rows("SELECT c FROM t WHERE k = 1 AND v = 20").await,
        ["2"]
    );

    db.refuses(
        INVALID,
        &[
        (
            "CREATE INDEX ON t (keys(s))",
            "Cannot create index on keys of column s with non-map type".to_owned(),
        ),
        (
            "CREATE INDEX ON t (entries(l))",
            "Cannot create index on entries of column l with non-map type".to_owned(),
        ),
        (
            "CREATE INDEX ON t (full(s))",
            "full() indexes can only be created on frozen collections".to_owned(),
        ),
        (
            "CREATE INDEX ON t (fl)",
            "Cannot create values() index on frozen column fl. Frozen collections are immutable and must be fully indexed by using the 'full(fl)' modifier".to_owned(),
        ),
        (
            "CREATE INDEX ON t (values(v))",
            "Cannot create values() index on v. Non-collection columns only support simple indexes".to_owned(),
        ),
        (
            "CREATE INDEX ON t (k)",
            "Cannot create secondary index on the only partition key column k".to_owned(),
        ),
        (
            "CREATE INDEX ON t (v)",
            "Index t_v_idx_1 is a duplicate of existing index t_v_idx".to_owned(),
        ),
        (
            "CREATE INDEX mk ON t (c)",
            "Index 'mk' already exists".to_owned(),
        ),
        (
            "DROP INDEX nope",
            format!("Index '{ks}.nope' doesn't exist'"),
        ),
        ],
    )
    .await;
    db.ok("CREATE INDEX IF NOT EXISTS mk ON t (c)").await;
    db.ok("DROP INDEX IF EXISTS nope").await;
    let ks_indexes = format!(
        "SELECT index_name, options FROM system_schema.indexes WHERE keyspace_name = '{ks}' AND table_name = 't' AND index_name = 'mk'"
    );
    assert_eq!(db.rows(&ks_indexes).await, ["'mk' | {'target': 'keys(m)'}"]);

    db.ok("DROP INDEX t_v_idx").await;
    assert_eq!(
        db.err("SELECT k FROM t WHERE v = 10").await.0,
        INVALID,
        "a dropped index no longer serves queries"
    );
    db.ok("CREATE TABLE ctr (k int PRIMARY KEY, n counter)")
        .await;
    assert_eq!(
        db.err("CREATE INDEX ON ctr (n)").await,
        (
            INVALID,
            "Secondary indexes on counter tables aren't supported".into()
        )
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncate_empties_a_table_and_keeps_it() {
    let db = Db::new("ddl_truncate").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v int)").await;
    for k in 0..10 {
        db.ok(&format!("INSERT INTO t (k, v) VALUES ({k}, {k})"))
            .await;
    }
    db.ok("TRUNCATE TABLE t").await;
    assert_eq!(db.rows("SELECT * FROM t").await, Vec::<String>::new());
    db.ok("INSERT INTO t (k, v) VALUES (1, 1)").await;
    assert_eq!(db.rows("SELECT * FROM t").await, ["1 | 1"]);
    assert_eq!(
        db.err("TRUNCATE nope").await,
        (INVALID, "table nope does not exist".into())
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn use_sets_the_keyspace_for_unqualified_names() {
    let db = Db::new("ddl_use").await;
    let ks = db.ks().to_owned();
    let other = cql_orm_tests::connect().await.unwrap();
    other.query_unpaged(format!("USE {ks}"), &[]).await.unwrap();
    assert_eq!(
        other.get_keyspace().as_deref().map(String::as_str),
        Some(ks.as_str())
    );
    other
        .query_unpaged("CREATE TABLE t (k int PRIMARY KEY)", &[])
        .await
        .unwrap();
    other
        .query_unpaged("INSERT INTO t (k) VALUES (1)", &[])
        .await
        .unwrap();
    assert_eq!(db.rows(&format!("SELECT k FROM {ks}.t")).await, ["1"]);
    let missing = other
        .query_unpaged(format!("USE {ks}_missing"), &[])
        .await
        .map_err(support::execution_error)
        .expect_err("no such keyspace");
    assert_eq!(
        (missing.code, missing.message),
        (INVALID, format!("Keyspace '{ks}_missing' does not exist"))
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn if_not_exists_and_if_exists_change_nothing_when_they_apply() {
    let db = Db::new("ddl_ifexists").await;
    let ks = db.ks().to_owned();
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v int)").await;
    db.ok("CREATE TYPE ty (a int)").await;
    db.ok("CREATE INDEX i ON t (v)").await;
    db.ok_all(&[
        &format!("CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 3}}"),
        "CREATE TABLE IF NOT EXISTS t (k text PRIMARY KEY)",
        "CREATE TYPE IF NOT EXISTS ty (b text)",
        "CREATE INDEX IF NOT EXISTS i ON t (v)",
        &format!("DROP KEYSPACE IF EXISTS {ks}_missing"),
        "DROP TABLE IF EXISTS missing",
        "DROP TYPE IF EXISTS missing",
        "DROP INDEX IF EXISTS missing",
    ])
    .await;
    // The existing definitions are untouched (that the schema version stays the same is
    // checked in embedded_schema_version.rs, where no other test changes the schema).
    assert_eq!(db.columns("SELECT * FROM t").await, ["k int", "v int"]);
    assert_eq!(
        db.rows(&format!(
            "SELECT field_names FROM system_schema.types WHERE keyspace_name = '{ks}'"
        ))
        .await,
        ["['a']"]
    );
    assert_eq!(
        db.rows(&format!(
            "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = '{ks}'"
        ))
        .await,
        ["{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}"]
    );
    let table_exists = db
        .run("CREATE TABLE t (k int PRIMARY KEY)")
        .await
        .unwrap_err();
    assert_eq!(table_exists.code, ALREADY_EXISTS);
    assert_eq!(
        table_exists.message,
        format!("Cannot add already existing table \"t\" to keyspace \"{ks}\"")
    );
    match table_exists.db {
        scylla::errors::DbError::AlreadyExists { keyspace, table } => {
            assert_eq!((keyspace.as_str(), table.as_str()), (ks.as_str(), "t"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        db.err("DROP TABLE missing").await,
        (INVALID, format!("Table '{ks}.missing' doesn't exist"))
    );
    db.drop().await;
}
