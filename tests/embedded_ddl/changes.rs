//! Schema changes: ALTER TABLE, user types, secondary indexes, TRUNCATE, USE and IF [NOT] EXISTS.

use super::*;

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
