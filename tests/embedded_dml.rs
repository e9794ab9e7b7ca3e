//! Writes against the embedded node: every collection operation, counters, USING
//! TIMESTAMP (last write wins, per cell), TTL and its expiry, column deletes, clustering
//! range deletes and unset bind values.

#[path = "embedded_support.rs"]
mod support;

use scylla::value::{Counter, MaybeUnset};
use support::{sleep_ms, Db, INVALID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_operations() {
    let db = Db::new("dml_list").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, l list<int>, fl frozen<list<int>>)")
        .await;
    db.ok("INSERT INTO t (k, l, fl) VALUES (1, [1, 2, 3], [7])")
        .await;
    let list = || db.rows("SELECT l FROM t WHERE k = 1");
    db.ok("UPDATE t SET l = l + [4, 2] WHERE k = 1").await;
    assert_eq!(list().await, ["[1, 2, 3, 4, 2]"]);
    db.ok("UPDATE t SET l = [0] + l WHERE k = 1").await;
    assert_eq!(list().await, ["[0, 1, 2, 3, 4, 2]"]);
    db.ok("UPDATE t SET l[1] = 10 WHERE k = 1").await;
    assert_eq!(list().await, ["[0, 10, 2, 3, 4, 2]"]);
    // Removal takes every occurrence; values not in the list are ignored.
    db.ok("UPDATE t SET l = l - [2, 99] WHERE k = 1").await;
    assert_eq!(list().await, ["[0, 10, 3, 4]"]);
    db.ok("DELETE l[0] FROM t WHERE k = 1").await;
    assert_eq!(list().await, ["[10, 3, 4]"]);
    db.ok("UPDATE t SET l[2] = null WHERE k = 1").await;
    assert_eq!(list().await, ["[10, 3]"]);

    assert_eq!(
        db.err("UPDATE t SET l[2] = 1 WHERE k = 1").await,
        (INVALID, "List index 2 out of bound, list has size 2".into())
    );
    assert_eq!(
        db.err("DELETE l[5] FROM t WHERE k = 1").await,
        (INVALID, "List index 5 out of bound, list has size 2".into())
    );
    assert_eq!(
        db.err("UPDATE t SET l[0] = 1 WHERE k = 2").await,
        (
            INVALID,
            "Attempted to set an element on a list which is null".into()
        )
    );
    assert_eq!(
        db.err("DELETE l[0] FROM t WHERE k = 2").await,
        (
            INVALID,
            "Attempted to delete an element from a list which is null".into()
        )
    );
    // A failed statement changes nothing, even in its other assignments.
    let _ = db
        .err("UPDATE t SET l = l + [5], l[9] = 1 WHERE k = 1")
        .await;
    assert_eq!(list().await, ["[10, 3]"]);

    assert_eq!(
        db.err("UPDATE t SET fl = fl + [1] WHERE k = 1").await,
        (
            INVALID,
            "Invalid operation (fl = fl + [1]) for frozen collection column fl".into()
        )
    );
    assert_eq!(
        db.err("UPDATE t SET fl[0] = 1 WHERE k = 1").await,
        (
            INVALID,
            "Invalid operation (fl[0] = 1) for frozen collection column fl".into()
        )
    );
    assert_eq!(
        db.err("INSERT INTO t (k, l) VALUES (3, [1, null])").await,
        (INVALID, "null is not supported inside collections".into())
    );
    // Emptying a list makes it null; removing from a null list is a no-op.
    db.ok("UPDATE t SET l = [] WHERE k = 1").await;
    db.ok("UPDATE t SET l = l - [1] WHERE k = 1").await;
    assert_eq!(list().await, ["null"]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_and_map_operations() {
    let db = Db::new("dml_setmap").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, s set<text>, m map<text, int>)")
        .await;
    db.ok("INSERT INTO t (k, s, m) VALUES (1, {'b', 'a'}, {'x': 1})")
        .await;
    db.ok("UPDATE t SET s = s + {'c', 'a'}, m = m + {'y': 2, 'x': 10} WHERE k = 1")
        .await;
    db.ok("UPDATE t SET s = s - {'b', 'zz'}, m['z'] = 3 WHERE k = 1")
        .await;
    assert_eq!(
        db.rows("SELECT s, m FROM t WHERE k = 1").await,
        ["{'a', 'c'} | {'x': 10, 'y': 2, 'z': 3}"]
    );
    db.ok("UPDATE t SET m = m - {'y'}, m['x'] = null WHERE k = 1")
        .await;
    db.ok("DELETE s['c'], m['z'] FROM t WHERE k = 1").await;
    assert_eq!(
        db.rows("SELECT s, m FROM t WHERE k = 1").await,
        ["{'a'} | null"]
    );
    db.ok("UPDATE t SET s = {} WHERE k = 1").await;
    assert_eq!(
        db.rows("SELECT s, m FROM t WHERE k = 1").await,
        ["null | null"]
    );
    // Writing to collections of a missing row creates it.
    db.ok("UPDATE t SET s = s + {'new'} WHERE k = 2").await;
    assert_eq!(db.rows("SELECT s FROM t WHERE k = 2").await, ["{'new'}"]);

    assert_eq!(
        db.err("UPDATE t SET s[0] = 'x' WHERE k = 1").await,
        (
            INVALID,
            "Invalid operation (s[0] = 'x') for set column s".into()
        )
    );
    assert_eq!(
        db.err("UPDATE t SET m[null] = 1 WHERE k = 1").await,
        (INVALID, "Invalid null map key".into())
    );
    assert_eq!(
        db.err("UPDATE t SET m = m + {'a': null} WHERE k = 1").await,
        (INVALID, "null is not supported inside collections".into())
    );
    assert_eq!(
        db.err("DELETE m[null] FROM t WHERE k = 1").await,
        (INVALID, "Invalid null map key".into())
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_add_up() {
    let db = Db::new("dml_counter").await;
    db.ok("CREATE TABLE c (k int PRIMARY KEY, n counter, m counter)")
        .await;
    for _ in 0..3 {
        db.ok("UPDATE c SET n = n + 1 WHERE k = 1").await;
    }
    db.ok("UPDATE c SET n = n - 5 WHERE k = 1").await;
    assert_eq!(
        db.rows("SELECT n, m FROM c WHERE k = 1").await,
        ["-2 | null"]
    );
    db.ok("UPDATE c SET m = m + 9223372036854775807 WHERE k = 1")
        .await;
    db.ok("UPDATE c SET m = m + 1 WHERE k = 1").await;
    assert_eq!(
        db.rows("SELECT m FROM c WHERE k = 1").await,
        ["-9223372036854775808"],
        "counters wrap around like Java longs"
    );
    // Prepared increments, with an unset increment doing nothing.
    let inc = db.prepare("UPDATE c SET n = n + ? WHERE k = ?").await;
    db.session
        .execute_unpaged(&inc, (Counter(10), 2))
        .await
        .unwrap();
    db.session
        .execute_unpaged(&inc, (MaybeUnset::<Counter>::Unset, 2))
        .await
        .unwrap();
    assert_eq!(db.rows("SELECT n FROM c WHERE k = 2").await, ["10"]);
    db.ok("DELETE FROM c WHERE k = 2").await;
    assert_eq!(
        db.rows("SELECT n FROM c WHERE k = 2").await,
        Vec::<String>::new()
    );

    db.refuses(
        INVALID,
        &[
        (
            "UPDATE c SET n = 1 WHERE k = 1",
            "Cannot set the value of counter column n (counters can only be incremented/decremented, not set)",
        ),
        (
            "INSERT INTO c (k, n) VALUES (1, 1)",
            "INSERT statements are not allowed on counter tables, use UPDATE instead",
        ),
        (
            "UPDATE c USING TTL 5 SET n = n + 1 WHERE k = 1",
            "Cannot provide custom TTL for counter updates",
        ),
        (
            "UPDATE c USING TIMESTAMP 5 SET n = n + 1 WHERE k = 1",
            "Cannot provide custom timestamp for counter updates",
        ),
        (
            "UPDATE c SET n = n + null WHERE k = 1",
            "Invalid null value for counter increment",
        ),
        (
            "UPDATE c SET n = n + 1 WHERE k = 1 IF n = 1",
            "Conditions on counters are not supported",
        ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn using_timestamp_last_write_wins_per_cell() {
    let db = Db::new("dml_lww").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v text, w int)")
        .await;
    let read = || db.rows("SELECT v, WRITETIME(v), w, WRITETIME(w) FROM t WHERE k = 1");
    db.ok("INSERT INTO t (k, v, w) VALUES (1, 'a', 1) USING TIMESTAMP 100")
        .await;
    db.ok("INSERT INTO t (k, v, w) VALUES (1, 'old', 0) USING TIMESTAMP 50")
        .await;
    assert_eq!(read().await, ["'a' | 100 | 1 | 100"]);
    // Each cell keeps its own timestamp.
    db.ok("UPDATE t USING TIMESTAMP 200 SET w = 2 WHERE k = 1")
        .await;
    assert_eq!(read().await, ["'a' | 100 | 2 | 200"]);
    // On a timestamp tie the greater value wins, whatever the order of arrival.
    db.ok("UPDATE t USING TIMESTAMP 100 SET v = 'c' WHERE k = 1")
        .await;
    db.ok("UPDATE t USING TIMESTAMP 100 SET v = 'b' WHERE k = 1")
        .await;
    assert_eq!(read().await, ["'c' | 100 | 2 | 200"]);
    // Deletes shadow writes up to their timestamp, ties included.
    db.ok("DELETE v FROM t USING TIMESTAMP 99 WHERE k = 1")
        .await;
    assert_eq!(read().await, ["'c' | 100 | 2 | 200"]);
    db.ok("DELETE FROM t USING TIMESTAMP 150 WHERE k = 1").await;
    assert_eq!(read().await, ["null | null | 2 | 200"]);
    db.ok("INSERT INTO t (k, v) VALUES (1, 'late') USING TIMESTAMP 150")
        .await;
    assert_eq!(read().await, ["null | null | 2 | 200"]);
    db.ok("INSERT INTO t (k, v) VALUES (1, 'new') USING TIMESTAMP 151")
        .await;
    assert_eq!(read().await, ["'new' | 151 | 2 | 200"]);
    // A server timestamp is "now" in microseconds, after every explicit one above.
    db.ok("UPDATE t SET w = 3 WHERE k = 1").await;
    let rows = db.rows("SELECT WRITETIME(w) FROM t WHERE k = 1").await;
    let micros: i64 = rows[0].parse().unwrap();
    assert!(micros > 1_600_000_000_000_000, "writetime {micros}");
    let null_ts = db
        .execute(
            "INSERT INTO t (k, v) VALUES (2, 'x') USING TIMESTAMP ?",
            (None::<i64>,),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (null_ts.code, null_ts.message),
        (INVALID, "Invalid null value of timestamp".into())
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ttl_expiry_and_readings() {
    let db = Db::new("dml_ttl").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v text, w int)")
        .await;
    db.ok("INSERT INTO t (k, v, w) VALUES (1, 'gone', 1) USING TTL 1")
        .await;
    db.ok("INSERT INTO t (k, v, w) VALUES (2, 'stays', 2)")
        .await;
    db.ok("UPDATE t USING TTL 1 SET v = 'brief' WHERE k = 2")
        .await;
    db.ok("UPDATE t USING TTL 1 SET v = 'only' WHERE k = 3")
        .await;
    db.ok("INSERT INTO t (k, v) VALUES (4, 'long') USING TTL 1000")
        .await;
    let ttl = db.rows("SELECT TTL(v), TTL(w) FROM t WHERE k = 4").await;
    let (v, w) = ttl[0].split_once(" | ").unwrap();
    let v: i32 = v.parse().unwrap();
    assert!((990..=1000).contains(&v), "ttl {v}");
    assert_eq!(w, "null");
    sleep_ms(2100).await;
    // The INSERTed row expires entirely; the row with a marker keeps its other cells; the
    // row made only of an expired UPDATE is gone.
    assert_eq!(
        db.rows("SELECT k, v, w FROM t")
            .await
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        ["2 | null | 2", "4 | 'long' | null"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    db.refuses(
        INVALID,
        &[
            (
                "INSERT INTO t (k, v) VALUES (5, 'x') USING TTL -1",
                "A TTL must be greater or equal to 0, but was -1",
            ),
            (
                "INSERT INTO t (k, v) VALUES (5, 'x') USING TTL 630720001",
                "ttl is too large. requested (630720001) maximum (630720000)",
            ),
        ],
    )
    .await;
    // TTL 0 is no TTL, even over a table default.
    db.ok("ALTER TABLE t WITH default_time_to_live = 100").await;
    db.ok("INSERT INTO t (k, v) VALUES (6, 'forever') USING TTL 0")
        .await;
    db.ok("INSERT INTO t (k, v) VALUES (7, 'default')").await;
    assert_eq!(db.rows("SELECT TTL(v) FROM t WHERE k = 6").await, ["null"]);
    let d = db.rows("SELECT TTL(v) FROM t WHERE k = 7").await;
    let d: i32 = d[0].parse().unwrap();
    assert!((90..=100).contains(&d), "default ttl {d}");
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn column_and_row_deletes() {
    let db = Db::new("dml_delete").await;
    db.ok("CREATE TABLE t (k int, c int, v text, w int, PRIMARY KEY (k, c))")
        .await;
    db.ok("INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)")
        .await;
    db.ok("UPDATE t SET v = 'b', w = 2 WHERE k = 1 AND c = 2")
        .await;
    db.ok("DELETE v, w FROM t WHERE k = 1 AND c = 1").await;
    db.ok("DELETE v, w FROM t WHERE k = 1 AND c = 2").await;
    // The INSERTed row keeps its marker; the UPDATEd one had only its cells.
    assert_eq!(db.rows("SELECT * FROM t").await, ["1 | 1 | null | null"]);
    db.ok("INSERT INTO t (k, c, v) VALUES (1, 3, 'c')").await;
    db.ok("DELETE FROM t WHERE k = 1 AND c IN (1, 3)").await;
    assert_eq!(db.rows("SELECT * FROM t").await, Vec::<String>::new());

    db.refuses(
        INVALID,
        &[
        (
            "DELETE k FROM t WHERE k = 1 AND c = 1",
            "Invalid identifier k for deletion (should not be a PRIMARY KEY part)",
        ),
        (
            "DELETE FROM t WHERE c = 1",
            "Some partition key parts are missing: k",
        ),
        (
            "DELETE FROM t WHERE k = 1 AND v = 'a'",
            "Non PRIMARY KEY columns found in where clause: v ",
        ),
        (
            "DELETE v FROM t WHERE k = 1",
            "Some clustering keys are missing: c",
        ),
        (
            "DELETE v FROM t WHERE k = 1 AND c > 1",
            "Range deletions are not supported for specific columns",
        ),
        (
            "DELETE v[0] FROM t WHERE k = 1 AND c = 1",
            "Invalid deletion operation for non collection column v",
        ),
        (
            "DELETE FROM t WHERE k > 1",
            "Only EQ and IN relation are supported on the partition key (unless you use the token() function) for DELETE statements",
        ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clustering_range_deletes() {
    let db = Db::new("dml_range").await;
    db.ok("CREATE TABLE t (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2))")
        .await;
    let fill = || async {
        for c1 in 1..=4 {
            for c2 in 1..=2 {
                db.ok(&format!(
                    "INSERT INTO t (k, c1, c2, v) VALUES (1, {c1}, {c2}, 0) USING TIMESTAMP 10"
                ))
                .await;
            }
        }
    };
    let keys = || db.rows("SELECT c1, c2 FROM t WHERE k = 1");
    fill().await;
    db.ok("DELETE FROM t USING TIMESTAMP 20 WHERE k = 1 AND c1 = 2")
        .await;
    assert_eq!(
        keys().await,
        ["1 | 1", "1 | 2", "3 | 1", "3 | 2", "4 | 1", "4 | 2"]
    );
    db.ok("DELETE FROM t USING TIMESTAMP 20 WHERE k = 1 AND c1 > 3")
        .await;
    assert_eq!(keys().await, ["1 | 1", "1 | 2", "3 | 1", "3 | 2"]);
    db.ok("DELETE FROM t USING TIMESTAMP 20 WHERE k = 1 AND c1 = 3 AND c2 >= 2")
        .await;
    db.ok("DELETE FROM t USING TIMESTAMP 20 WHERE k = 1 AND (c1, c2) <= (1, 1)")
        .await;
    assert_eq!(keys().await, ["1 | 2", "3 | 1"]);
    // The range tombstones keep shadowing older writes into the ranges, not newer ones.
    fill().await;
    assert_eq!(keys().await, ["1 | 2", "3 | 1"]);
    db.ok("INSERT INTO t (k, c1, c2, v) VALUES (1, 4, 5, 1) USING TIMESTAMP 30")
        .await;
    db.ok("INSERT INTO t (k, c1, c2, v) VALUES (1, 2, 9, 1) USING TIMESTAMP 20")
        .await;
    assert_eq!(keys().await, ["1 | 2", "3 | 1", "4 | 5"]);
    // An empty range deletes nothing.
    db.ok("DELETE FROM t WHERE k = 1 AND c1 > 3 AND c1 < 2")
        .await;
    assert_eq!(keys().await, ["1 | 2", "3 | 1", "4 | 5"]);
    assert_eq!(
        db.err("DELETE FROM t WHERE k = 1 AND c2 = 1").await,
        (
            INVALID,
            "PRIMARY KEY column \"c2\" cannot be restricted as preceding column \"c1\" is not restricted".into()
        )
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unset_values_leave_columns_alone() {
    let db = Db::new("dml_unset").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v int, w int, l list<int>)")
        .await;
    db.ok("INSERT INTO t (k, v, w, l) VALUES (1, 1, 1, [1])")
        .await;
    let insert = db
        .prepare("INSERT INTO t (k, v, w, l) VALUES (?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?")
        .await;
    db.session
        .execute_unpaged(
            &insert,
            (
                1,
                MaybeUnset::<i32>::Unset,
                5,
                MaybeUnset::<Vec<i32>>::Unset,
                MaybeUnset::<i32>::Unset,
                MaybeUnset::<i64>::Unset,
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        db.rows("SELECT v, w, l, TTL(w) FROM t WHERE k = 1").await,
        ["1 | 5 | [1] | null"]
    );
    let update = db
        .prepare("UPDATE t SET v = ?, l = l + ? WHERE k = ?")
        .await;
    db.session
        .execute_unpaged(
            &update,
            (MaybeUnset::<i32>::Unset, MaybeUnset::<Vec<i32>>::Unset, 1),
        )
        .await
        .unwrap();
    assert_eq!(db.rows("SELECT v, l FROM t WHERE k = 1").await, ["1 | [1]"]);
    // An unset key is an error, in a write and in a read.
    let err = db
        .session
        .execute_unpaged(&update, (2, vec![2], MaybeUnset::<i32>::Unset))
        .await
        .map_err(support::execution_error)
        .unwrap_err();
    assert_eq!(
        (err.code, err.message),
        (INVALID, "Invalid unset value for column k".into())
    );
    db.ok("CREATE TABLE c (k int, i int, s text, PRIMARY KEY (k, i))")
        .await;
    db.ok("CREATE INDEX ON c (s)").await;
    db.ok("INSERT INTO c (k, i, s) VALUES (1, 1, 'a')").await;
    db.ok("INSERT INTO c (k, i, s) VALUES (1, 2, 'b')").await;
    for (cql, values, message) in [
        (
            "SELECT * FROM c WHERE k IN (?, ?)",
            (MaybeUnset::Set(1), MaybeUnset::<i32>::Unset),
            "Invalid unset value for column k",
        ),
        (
            "SELECT * FROM c WHERE k = 1 AND i > ? AND i < ?",
            (MaybeUnset::<i32>::Unset, MaybeUnset::Set(5)),
            "Invalid unset value for column i",
        ),
        (
            "SELECT * FROM c WHERE k = 1 AND i IN (?, ?)",
            (MaybeUnset::Set(1), MaybeUnset::<i32>::Unset),
            "Invalid unset value for column i",
        ),
    ] {
        let e = db.execute(cql, values).await.unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (INVALID, message), "{cql}");
    }
    // An unset LIMIT is no limit.
    assert_eq!(
        db.execute_rows(
            "SELECT i FROM c WHERE k = 1 LIMIT ?",
            (MaybeUnset::<i32>::Unset,)
        )
        .await,
        ["1", "2"]
    );
    let select = db.prepare("SELECT v FROM t WHERE k = ?").await;
    let err = db
        .session
        .execute_unpaged(&select, (MaybeUnset::<i32>::Unset,))
        .await
        .map_err(support::execution_error)
        .unwrap_err();
    assert_eq!(
        (err.code, err.message),
        (INVALID, "Invalid unset value for column k".into())
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insert_and_update_shapes() {
    let db = Db::new("dml_shapes").await;
    db.ok("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))")
        .await;
    // UPDATE upserts; IN on the key writes several rows.
    db.ok("UPDATE t SET v = 1 WHERE k IN (1, 2) AND c IN (1, 2)")
        .await;
    assert_eq!(
        db.rows("SELECT k, c, v FROM t").await.len(),
        4,
        "four rows written"
    );
    for (cql, message) in [
        (
            "INSERT INTO t (k, c, v, v) VALUES (1, 1, 1, 1)",
            "The column names contains duplicates",
        ),
        (
            "INSERT INTO t (k, c, v) VALUES (1, 1)",
            "Unmatched column names/values",
        ),
        (
            "UPDATE t SET k = 2 WHERE k = 1 AND c = 1",
            "PRIMARY KEY part k found in SET part",
        ),
        (
            "UPDATE t SET v = 1 WHERE k = 1 AND c > 1",
            "Slice restrictions are not supported on the clustering columns in UPDATE statements",
        ),
        (
            "UPDATE t SET v = 1 WHERE k = 1 AND c = 1 AND v = 1",
            "Non PRIMARY KEY columns found in where clause: v ",
        ),
        (
            "INSERT INTO t (k, c, nope) VALUES (1, 1, 1)",
            "Undefined column name nope in table REPLACE.t",
        ),
        (
            "UPDATE t SET v = 1 WHERE token(k) > 0 AND c = 1",
            "The token function cannot be used in WHERE clauses for UPDATE statements",
        ),
    ] {
        let message = message.replace("REPLACE", db.ks());
        assert_eq!(db.err(cql).await, (INVALID, message), "{cql}");
    }
    db.drop().await;
}
