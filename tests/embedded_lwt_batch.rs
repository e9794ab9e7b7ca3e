//! Lightweight transactions and batches against the embedded node: the `[applied]` result
//! shapes of each kind of condition, conditional batches, and logged / unlogged / counter
//! batches with Cassandra's restrictions.

#[path = "embedded_support.rs"]
mod support;

use scylla::statement::batch::{Batch, BatchType};
use support::{column_specs, render_rows, Db, INVALID};

/// The columns and rows of a conditional statement's result.
async fn lwt(db: &Db, cql: &str) -> (Vec<String>, Vec<String>) {
    let r = db.ok(cql).await;
    (column_specs(&r), render_rows(r))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insert_if_not_exists_shapes() {
    let db = Db::new("lwt_insert").await;
    db.ok("CREATE TABLE t (k int, c int, v text, w int, PRIMARY KEY (k, c))")
        .await;
    assert_eq!(
        lwt(
            &db,
            "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') IF NOT EXISTS"
        )
        .await,
        (vec!["[applied] boolean".into()], vec!["true".into()])
    );
    // Not applied: the whole existing row, in SELECT * order.
    assert_eq!(
        lwt(
            &db,
            "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'b', 2) IF NOT EXISTS"
        )
        .await,
        (
            ["[applied] boolean", "k int", "c int", "v text", "w int"]
                .map(String::from)
                .to_vec(),
            vec!["false | 1 | 1 | 'a' | null".into()]
        )
    );
    assert_eq!(db.rows("SELECT v, w FROM t").await, ["'a' | null"]);
    assert_eq!(
        db.err("INSERT INTO t (k, c, v) VALUES (1, 2, 'x') IF NOT EXISTS USING TIMESTAMP 5")
            .await,
        (
            INVALID,
            "Cannot provide custom timestamp for conditional updates".into()
        )
    );
    assert_eq!(
        db.err("INSERT INTO t (k, c, v) VALUES (1, 2, 'x') USING TIMESTAMP 5 IF NOT EXISTS")
            .await
            .0,
        support::SYNTAX,
        "IF NOT EXISTS comes before USING"
    );
    // Prepared: no result metadata at PREPARE time, the rows carry their own.
    let p = db
        .prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?) IF NOT EXISTS")
        .await;
    let r = db.session.execute_unpaged(&p, (1, 1, "c")).await.unwrap();
    assert_eq!(render_rows(r), ["false | 1 | 1 | 'a' | null"]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_and_delete_condition_shapes() {
    let db = Db::new("lwt_update").await;
    db.ok("CREATE TABLE t (k int, c int, v text, w int, l list<int>, m map<text, int>, PRIMARY KEY (k, c))")
        .await;
    db.ok("INSERT INTO t (k, c, v, w, l, m) VALUES (1, 1, 'a', 1, [1, 2], {'x': 1})")
        .await;
    let applied = (
        vec!["[applied] boolean".to_owned()],
        vec!["true".to_owned()],
    );
    assert_eq!(
        lwt(&db, "UPDATE t SET v = 'b' WHERE k = 1 AND c = 1 IF v = 'a'").await,
        applied
    );
    // Not applied: the condition columns, in IF order.
    assert_eq!(
        lwt(
            &db,
            "UPDATE t SET v = 'c' WHERE k = 1 AND c = 1 IF w = 5 AND v = 'b'"
        )
        .await,
        (
            ["[applied] boolean", "w int", "v text"]
                .map(String::from)
                .to_vec(),
            vec!["false | 1 | 'b'".into()]
        )
    );
    for (cql, holds) in [
        (
            "UPDATE t SET w = 2 WHERE k = 1 AND c = 1 IF v IN ('z', 'b')",
            true,
        ),
        (
            "UPDATE t SET w = 3 WHERE k = 1 AND c = 1 IF w > 1 AND w <= 2",
            true,
        ),
        (
            "UPDATE t SET w = 4 WHERE k = 1 AND c = 1 IF v != 'b'",
            false,
        ),
        ("UPDATE t SET w = 4 WHERE k = 1 AND c = 1 IF l[1] = 2", true),
        (
            "UPDATE t SET w = 5 WHERE k = 1 AND c = 1 IF m['x'] = 1",
            true,
        ),
        (
            "UPDATE t SET w = 6 WHERE k = 1 AND c = 1 IF m['nope'] = null",
            true,
        ),
        (
            "UPDATE t SET w = 7 WHERE k = 1 AND c = 1 IF l = [1, 2]",
            true,
        ),
        (
            "UPDATE t SET w = 8 WHERE k = 1 AND c = 1 IF v = null",
            false,
        ),
    ] {
        let (_, rows) = lwt(&db, cql).await;
        assert_eq!(rows[0].starts_with("true"), holds, "{cql}: {rows:?}");
    }
    assert_eq!(db.rows("SELECT w FROM t").await, ["7"]);
    // IF EXISTS / IF conditions on a missing row: only [applied].
    assert_eq!(
        lwt(&db, "UPDATE t SET v = 'x' WHERE k = 9 AND c = 9 IF EXISTS").await,
        (vec!["[applied] boolean".into()], vec!["false".into()])
    );
    assert_eq!(
        lwt(&db, "UPDATE t SET v = 'x' WHERE k = 9 AND c = 9 IF v = 'a'").await,
        (vec!["[applied] boolean".into()], vec!["false".into()])
    );
    assert_eq!(
        lwt(&db, "DELETE FROM t WHERE k = 1 AND c = 1 IF v = 'zz'").await,
        (
            ["[applied] boolean", "v text"].map(String::from).to_vec(),
            vec!["false | 'b'".into()]
        )
    );
    assert_eq!(
        lwt(&db, "DELETE FROM t WHERE k = 1 AND c = 1 IF EXISTS").await,
        applied
    );
    assert_eq!(db.rows("SELECT * FROM t").await, Vec::<String>::new());

    db.refuses(
        INVALID,
        &[
        (
            "UPDATE t SET v = 'x' WHERE k = 1 AND c = 1 IF k = 1",
            "PRIMARY KEY column 'k' cannot have IF conditions",
        ),
        (
            "UPDATE t SET v = 'x' WHERE k IN (1, 2) AND c = 1 IF EXISTS",
            "IN on the partition key is not supported with conditional updates",
        ),
        (
            "DELETE FROM t WHERE k IN (1, 2) AND c = 1 IF EXISTS",
            "IN on the partition key is not supported with conditional deletions",
        ),
        (
            "UPDATE t SET v = 'x' WHERE k = 1 AND c IN (1, 2) IF EXISTS",
            "IN on the clustering key columns is not supported with conditional updates",
        ),
        (
            "DELETE FROM t WHERE k = 1 AND c > 1 IF EXISTS",
            "DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions",
        ),
        (
            "UPDATE t USING TIMESTAMP 5 SET v = 'x' WHERE k = 1 AND c = 1 IF EXISTS",
            "Cannot provide custom timestamp for conditional updates",
        ),
        (
            "UPDATE t SET v = 'x' WHERE k = 1 AND c = 1 IF w > null",
            "Invalid comparison with null for operator \">\"",
        ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_batch_shapes() {
    let db = Db::new("lwt_batch").await;
    db.ok("CREATE TABLE t (k int, c int, v text, w int, PRIMARY KEY (k, c))")
        .await;
    db.ok("CREATE TABLE u (k int PRIMARY KEY, v text)").await;
    assert_eq!(
        lwt(
            &db,
            "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a') IF NOT EXISTS; \
             INSERT INTO t (k, c, v) VALUES (1, 2, 'b') APPLY BATCH"
        )
        .await,
        (vec!["[applied] boolean".into()], vec!["true".into()])
    );
    // Not applied: the primary key, then the condition columns, one row per row read.
    assert_eq!(
        lwt(
            &db,
            "BEGIN BATCH UPDATE t SET v = 'x' WHERE k = 1 AND c = 2 IF v = 'zz'; \
             UPDATE t SET w = 1 WHERE k = 1 AND c = 1 IF v = 'a' APPLY BATCH"
        )
        .await,
        (
            ["[applied] boolean", "k int", "c int", "v text"]
                .map(String::from)
                .to_vec(),
            vec!["false | 1 | 1 | 'a'".into(), "false | 1 | 2 | 'b'".into()]
        )
    );
    // One conditional statement in a batch still reports the primary key.
    assert_eq!(
        lwt(
            &db,
            "BEGIN BATCH UPDATE t SET v = 'x' WHERE k = 1 AND c = 1 IF w = 9 APPLY BATCH"
        )
        .await,
        (
            ["[applied] boolean", "k int", "c int", "w int"]
                .map(String::from)
                .to_vec(),
            vec!["false | 1 | 1 | null".into()]
        )
    );
    // With IF NOT EXISTS in the batch, every column.
    assert_eq!(
        lwt(
            &db,
            "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'n') IF NOT EXISTS; \
             UPDATE t SET w = 1 WHERE k = 1 AND c = 2 IF v = 'b' APPLY BATCH"
        )
        .await,
        (
            ["[applied] boolean", "k int", "c int", "v text", "w int"]
                .map(String::from)
                .to_vec(),
            vec![
                "false | 1 | 1 | 'a' | null".into(),
                "false | 1 | 2 | 'b' | null".into()
            ]
        )
    );
    assert_eq!(
        db.rows("SELECT c, v, w FROM t WHERE k = 1").await,
        ["1 | 'a' | null", "2 | 'b' | null"],
        "nothing of a failed batch is applied"
    );
    db.refuses(
        INVALID,
        &[
        (
            "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 5, 'a') IF NOT EXISTS; \
             INSERT INTO t (k, c, v) VALUES (2, 5, 'b') APPLY BATCH",
            "Batch with conditions cannot span multiple partitions",
        ),
        (
            "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 5, 'a') IF NOT EXISTS; \
             INSERT INTO u (k, v) VALUES (1, 'b') APPLY BATCH",
            "Batch with conditions cannot span multiple tables",
        ),
        (
            "BEGIN BATCH USING TIMESTAMP 10 INSERT INTO t (k, c, v) VALUES (1, 5, 'a') IF NOT EXISTS APPLY BATCH",
            "Cannot provide custom timestamp for conditional BATCH",
        ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_logged_unlogged_and_counter() {
    let db = Db::new("batch_kinds").await;
    db.ok("CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c))")
        .await;
    db.ok("CREATE TABLE u (k int PRIMARY KEY, v text)").await;
    db.ok("CREATE TABLE n (k int PRIMARY KEY, hits counter)")
        .await;
    db.ok("BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); \
         INSERT INTO u (k, v) VALUES (1, 'u'); \
         UPDATE t SET v = 'b' WHERE k = 1 AND c = 2; \
         DELETE FROM u WHERE k = 2 APPLY BATCH")
        .await;
    db.ok("BEGIN UNLOGGED BATCH INSERT INTO t (k, c, v) VALUES (2, 1, 'x'); INSERT INTO t (k, c, v) VALUES (3, 1, 'y') APPLY BATCH")
        .await;
    db.ok("BEGIN COUNTER BATCH UPDATE n SET hits = hits + 1 WHERE k = 1; UPDATE n SET hits = hits + 2 WHERE k = 1 APPLY BATCH")
        .await;
    assert_eq!(db.rows("SELECT hits FROM n WHERE k = 1").await, ["3"]);
    let mut t = db.rows("SELECT k, c, v FROM t").await;
    t.sort();
    assert_eq!(
        t,
        ["1 | 1 | 'a'", "1 | 2 | 'b'", "2 | 1 | 'x'", "3 | 1 | 'y'"]
    );
    assert_eq!(db.rows("SELECT k, v FROM u").await, ["1 | 'u'"]);

    // One timestamp for the whole batch.
    db.ok("BEGIN BATCH USING TIMESTAMP 1000 INSERT INTO u (k, v) VALUES (5, 'ts'); INSERT INTO t (k, c, v) VALUES (5, 1, 'ts') APPLY BATCH")
        .await;
    assert_eq!(
        db.rows("SELECT WRITETIME(v) FROM u WHERE k = 5").await,
        db.rows("SELECT WRITETIME(v) FROM t WHERE k = 5").await
    );
    assert_eq!(
        db.rows("SELECT WRITETIME(v) FROM u WHERE k = 5").await,
        ["1000"]
    );

    db.refuses(
        INVALID,
        &[
        (
            "BEGIN BATCH UPDATE n SET hits = hits + 1 WHERE k = 1 APPLY BATCH",
            "Cannot include a counter statement in a logged batch",
        ),
        (
            "BEGIN COUNTER BATCH INSERT INTO u (k, v) VALUES (1, 'x') APPLY BATCH",
            "Cannot include non-counter statement in a counter batch",
        ),
        (
            "BEGIN UNLOGGED BATCH UPDATE n SET hits = hits + 1 WHERE k = 1; INSERT INTO u (k, v) VALUES (1, 'x') APPLY BATCH",
            "Counter and non-counter mutations cannot exist in the same batch",
        ),
        (
            "BEGIN BATCH USING TTL 10 INSERT INTO u (k, v) VALUES (1, 'x') APPLY BATCH",
            "Global TTL on the BATCH statement is not supported.",
        ),
        (
            "BEGIN BATCH USING TIMESTAMP 10 INSERT INTO u (k, v) VALUES (1, 'x') USING TIMESTAMP 11 APPLY BATCH",
            "Timestamp must be set either on BATCH or individual statements",
        ),
        (
            "BEGIN COUNTER BATCH USING TIMESTAMP 10 UPDATE n SET hits = hits + 1 WHERE k = 1 APPLY BATCH",
            "Cannot provide custom timestamp for counter BATCH",
        ),
        (
            "BEGIN UNLOGGED BATCH USING TIMESTAMP 10 UPDATE n SET hits = hits + 1 WHERE k = 1 APPLY BATCH",
            "Cannot provide custom timestamp for a BATCH containing counters",
        ),
        ],
    )
    .await;
    assert_eq!(
        db.err("BEGIN BATCH SELECT * FROM u APPLY BATCH").await.0,
        support::SYNTAX
    );
    // A failing statement fails the whole batch.
    let _ = db
        .err("BEGIN BATCH INSERT INTO u (k, v) VALUES (7, 'x'); INSERT INTO u (k, nope) VALUES (8, 'y') APPLY BATCH")
        .await;
    assert_eq!(
        db.rows("SELECT k FROM u WHERE k = 7").await,
        Vec::<String>::new()
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_batches_of_prepared_and_plain_statements() {
    let db = Db::new("batch_proto").await;
    db.ok("CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c))")
        .await;
    db.ok("CREATE TABLE n (k int PRIMARY KEY, hits counter)")
        .await;
    let insert = db.prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?)").await;
    let mut batch = Batch::new(BatchType::Logged);
    batch.append_statement(insert.clone());
    batch.append_statement("UPDATE t SET v = ? WHERE k = ? AND c = ?");
    batch.append_statement(insert);
    db.session
        .batch(&batch, ((1, 1, "a"), ("b", 1, 2), (2, 1, "c")))
        .await
        .unwrap();
    assert_eq!(
        db.rows("SELECT k, c, v FROM t").await.len(),
        3,
        "every statement applied"
    );
    let mut counters = Batch::new(BatchType::Counter);
    counters.append_statement("UPDATE n SET hits = hits + 1 WHERE k = 1");
    counters.append_statement("UPDATE n SET hits = hits + 1 WHERE k = 1");
    db.session.batch(&counters, ((), ())).await.unwrap();
    assert_eq!(db.rows("SELECT hits FROM n WHERE k = 1").await, ["2"]);
    // The batch type of the request is checked as for BEGIN ... BATCH.
    let mut logged_counter = Batch::new(BatchType::Logged);
    logged_counter.append_statement("UPDATE n SET hits = hits + 1 WHERE k = 1");
    let e = db
        .session
        .batch(&logged_counter, ((),))
        .await
        .map_err(support::execution_error)
        .unwrap_err();
    assert_eq!(
        (e.code, e.message),
        (
            INVALID,
            "Cannot include a counter statement in a logged batch".into()
        )
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_at_a_level_one_replica_cannot_meet_are_unavailable() {
    use scylla::errors::DbError;
    use scylla::statement::unprepared::Statement;
    use scylla::statement::Consistency;

    let db = Db::new("batch_cl").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v text)").await;
    let insert = db.prepare("INSERT INTO t (k, v) VALUES (?, ?)").await;
    let unavailable = DbError::Unavailable {
        consistency: Consistency::Two,
        required: 2,
        alive: 1,
    };
    for kind in [BatchType::Logged, BatchType::Unlogged] {
        let mut batch = Batch::new(kind);
        batch.append_statement(insert.clone());
        batch.set_consistency(Consistency::Two);
        let e = db
            .session
            .batch(&batch, ((1, "a"),))
            .await
            .map_err(support::execution_error)
            .unwrap_err();
        assert_eq!(e.db, unavailable, "{kind:?}");
        assert_eq!(e.message, "Cannot achieve consistency level TWO");
        batch.set_consistency(Consistency::One);
        db.session.batch(&batch, ((1, "a"),)).await.unwrap();
    }
    // The same for BEGIN BATCH sent as a QUERY; nothing is written.
    let mut text = Statement::new("BEGIN BATCH INSERT INTO t (k, v) VALUES (2, 'b') APPLY BATCH");
    text.set_consistency(Consistency::Two);
    let e = db
        .session
        .query_unpaged(text, ())
        .await
        .map_err(support::execution_error)
        .unwrap_err();
    assert_eq!(e.db, unavailable);
    assert_eq!(db.rows("SELECT k FROM t").await, ["1"]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_writes_to_one_partition_are_serialised() {
    let db = Db::new("lwt_race").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, owner int, version int)")
        .await;
    let ks = db.ks().to_owned();
    // Sessions of their own, so the requests really run side by side.
    let mut sessions = Vec::new();
    for _ in 0..4 {
        let s = cql_orm_tests::connect().await.unwrap();
        s.use_keyspace(&ks, false).await.unwrap();
        sessions.push(std::sync::Arc::new(s));
    }
    let claim = db
        .prepare("INSERT INTO t (k, owner, version) VALUES (1, ?, 0) IF NOT EXISTS")
        .await;
    let bump = db
        .prepare("UPDATE t SET version = ? WHERE k = 1 IF version = ?")
        .await;
    let mut tasks = Vec::new();
    for who in 0..32 {
        let session = std::sync::Arc::clone(&sessions[who as usize % sessions.len()]);
        let (claim, bump) = (claim.clone(), bump.clone());
        tasks.push(tokio::spawn(async move {
            let claimed = render_rows(session.execute_unpaged(&claim, (who,)).await.unwrap());
            // Compare-and-set increments: each success moves the version by exactly one.
            let mut wins = 0;
            for _ in 0..10 {
                let current = render_rows(
                    session
                        .query_unpaged("SELECT version FROM t WHERE k = 1", &[])
                        .await
                        .unwrap(),
                );
                let v: i32 = current[0].parse().unwrap();
                let r = render_rows(session.execute_unpaged(&bump, (v + 1, v)).await.unwrap());
                if r[0].starts_with("true") {
                    wins += 1;
                }
            }
            (claimed[0].starts_with("true"), wins)
        }));
    }
    let mut claims = 0;
    let mut total_wins = 0;
    for t in tasks {
        let (claimed, wins) = t.await.unwrap();
        claims += usize::from(claimed);
        total_wins += wins;
    }
    assert_eq!(claims, 1, "exactly one IF NOT EXISTS applies");
    assert_eq!(
        db.rows("SELECT version FROM t WHERE k = 1").await,
        [total_wins.to_string()],
        "no lost update"
    );
    db.drop().await;
}
