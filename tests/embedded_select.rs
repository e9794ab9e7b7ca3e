//! Reads against the embedded node: partition key IN, clustering slices and multi-column
//! relations, ORDER BY, LIMIT and PER PARTITION LIMIT, DISTINCT, COUNT(*), token(),
//! ALLOW FILTERING, CONTAINS, WRITETIME / TTL, aliases, the native functions, Murmur3 token
//! order of full scans, and paging state.

#[path = "embedded_support.rs"]
mod support;

use scylla::response::{PagingState, PagingStateResponse};
use scylla::statement::unprepared::Statement;
use support::{render_rows, Db, INVALID};

#[path = "embedded_select/filtering.rs"]
mod filtering;

const FILTERING: &str = "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING";

/// A table (k, c1, c2) with c1 in 1..=3 and c2 in 1..=3 for k in 1..=3; v = 10 * c1 + c2.
async fn grid(prefix: &str, order: &str) -> Db {
    let db = Db::new(prefix).await;
    db.ok(&format!(
        "CREATE TABLE t (k int, c1 int, c2 int, v int, s int static, PRIMARY KEY (k, c1, c2)) {order}"
    ))
    .await;
    let insert = db
        .prepare("INSERT INTO t (k, c1, c2, v) VALUES (?, ?, ?, ?)")
        .await;
    for k in 1..=3 {
        for c1 in 1..=3 {
            for c2 in 1..=3 {
                db.session
                    .execute_unpaged(&insert, (k, c1, c2, 10 * c1 + c2))
                    .await
                    .unwrap();
            }
        }
    }
    db
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partition_key_in() {
    let db = grid("sel_in", "").await;
    // IN values are deduplicated and read in key order, whatever the order written.
    assert_eq!(
        db.rows("SELECT DISTINCT k FROM t WHERE k IN (3, 1, 3)")
            .await,
        ["1", "3"]
    );
    assert_eq!(
        db.rows("SELECT k, c1, c2 FROM t WHERE k IN (2, 1) AND c1 = 3 AND c2 IN (2, 1)")
            .await,
        ["1 | 3 | 1", "1 | 3 | 2", "2 | 3 | 1", "2 | 3 | 2"]
    );
    assert_eq!(
        db.rows("SELECT k, v FROM t WHERE k IN (1, 2) LIMIT 10")
            .await
            .len(),
        10
    );
    assert_eq!(
        db.rows("SELECT k FROM t WHERE k IN ()").await,
        Vec::<String>::new()
    );
    // Prepared `IN ?` binds a list.
    let rows = db
        .execute_rows("SELECT DISTINCT k FROM t WHERE k IN ?", (vec![3, 2],))
        .await;
    assert_eq!(rows, ["2", "3"]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clustering_slices_and_multi_column_relations() {
    let db = grid("sel_slices", "").await;
    let q = |w: &str| format!("SELECT c1, c2 FROM t WHERE k = 1 AND {w}");
    for (relation, expected) in [
        ("c1 > 2", vec!["3 | 1", "3 | 2", "3 | 3"]),
        ("c1 >= 2 AND c1 < 3", vec!["2 | 1", "2 | 2", "2 | 3"]),
        ("c1 = 2 AND c2 > 1", vec!["2 | 2", "2 | 3"]),
        ("c1 = 2 AND c2 >= 2 AND c2 <= 2", vec!["2 | 2"]),
        ("c1 IN (3, 1) AND c2 = 2", vec!["1 | 2", "3 | 2"]),
        ("c1 IN (1, 3) AND c2 > 2", vec!["1 | 3", "3 | 3"]),
        (
            "(c1, c2) > (2, 2)",
            vec!["2 | 3", "3 | 1", "3 | 2", "3 | 3"],
        ),
        (
            "(c1, c2) >= (1, 3) AND (c1, c2) < (2, 2)",
            vec!["1 | 3", "2 | 1"],
        ),
        ("(c1, c2) > (1, 2) AND c1 < 2", vec!["1 | 3"]),
        (
            "(c1, c2) IN ((3, 3), (1, 1), (9, 9))",
            vec!["1 | 1", "3 | 3"],
        ),
        ("(c1, c2) = (2, 1)", vec!["2 | 1"]),
        ("c1 > 3", vec![]),
    ] {
        assert_eq!(db.rows(&q(relation)).await, expected, "{relation}");
    }
    for (relation, message) in [
        (
            "c2 = 1",
            "PRIMARY KEY column \"c2\" cannot be restricted as preceding column \"c1\" is not restricted",
        ),
        (
            "c1 > 1 AND c2 = 1",
            "Clustering column \"c2\" cannot be restricted (preceding column \"c1\" is restricted by a non-EQ relation)",
        ),
        ("c1 > 1 AND c1 > 2", "More than one restriction was found for the start bound on c1"),
        ("c1 < 1 AND c1 <= 2", "More than one restriction was found for the end bound on c1"),
        (
            "c1 = 1 AND c1 > 0",
            "c1 cannot be restricted by more than one relation if it includes an Equal",
        ),
        (
            "c1 > 0 AND c1 = 1",
            "Column \"c1\" cannot be restricted by both an equality and an inequality relation",
        ),
        (
            "c1 IN (1, 2) AND c1 = 1",
            "c1 cannot be restricted by more than one relation if it includes a IN",
        ),
        (
            "(c2, c1) > (1, 1)",
            "Clustering columns must appear in the PRIMARY KEY order in multi-column relations: (c2, c1)",
        ),
        (
            "(k, c1) > (1, 1)",
            "Multi-column relations can only be applied to clustering columns but was applied to: k",
        ),
    ] {
        assert_eq!(
            db.err(&q(relation)).await,
            (INVALID, message.to_owned()),
            "{relation}"
        );
    }
    assert_eq!(
        db.err("SELECT k FROM t WHERE k = 1 AND k = 2").await,
        (
            INVALID,
            "k cannot be restricted by more than one relation if it includes an Equal".into()
        )
    );
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn descending_clustering_and_order_by() {
    let db = grid("sel_order", "WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)").await;
    assert_eq!(
        db.rows("SELECT c1, c2 FROM t WHERE k = 1 AND c1 >= 2 AND c1 < 9 LIMIT 4")
            .await,
        ["3 | 1", "3 | 2", "3 | 3", "2 | 1"]
    );
    assert_eq!(
        db.rows("SELECT c1, c2 FROM t WHERE k = 1 AND (c1, c2) < (2, 2)")
            .await,
        ["2 | 1", "1 | 1", "1 | 2", "1 | 3"],
        "tuple comparisons follow the clustering order"
    );
    assert_eq!(
        db.rows("SELECT c1, c2 FROM t WHERE k = 1 ORDER BY c1 ASC, c2 DESC LIMIT 4")
            .await,
        ["1 | 3", "1 | 2", "1 | 1", "2 | 3"]
    );
    assert_eq!(
        db.rows("SELECT c1, c2 FROM t WHERE k = 1 AND c1 = 2 ORDER BY c1 DESC")
            .await,
        ["2 | 1", "2 | 2", "2 | 3"]
    );
    // Several partitions are merged in the requested order (without paging).
    let unpaged = db
        .rows("SELECT k, c1, c2 FROM t WHERE k IN (1, 2) AND c1 = 1 AND c2 = 1 ORDER BY c1 ASC")
        .await;
    assert_eq!(unpaged, ["1 | 1 | 1", "2 | 1 | 1"]);
    let mut paged = Statement::new("SELECT k, c1, c2 FROM t WHERE k IN (1, 2) ORDER BY c1 ASC");
    paged.set_page_size(5);
    let err = db
        .session
        .query_single_page(paged, (), PagingState::start())
        .await
        .map_err(support::execution_error)
        .unwrap_err();
    assert_eq!(
        (err.code, err.message),
        (INVALID, "Cannot page queries with both ORDER BY and a IN restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable paging for this query".into())
    );
    db.refuses(
        INVALID,
        &[
        (
            "SELECT * FROM t WHERE k = 1 ORDER BY c2 ASC",
            "Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY",
        ),
        (
            "SELECT * FROM t WHERE k = 1 ORDER BY c1 ASC, c2 ASC",
            "Unsupported order by relation",
        ),
        (
            "SELECT * FROM t WHERE k = 1 ORDER BY v ASC",
            "Order by is currently only supported on the clustered columns of the PRIMARY KEY, got v",
        ),
        (
            "SELECT * FROM t ORDER BY c1 ASC",
            "ORDER BY is only supported when the partition key is restricted by an EQ or an IN.",
        ),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_distinct_and_count() {
    let db = grid("sel_limits", "").await;
    db.ok("UPDATE t SET s = 7 WHERE k = 2").await;
    assert_eq!(
        db.rows("SELECT v FROM t WHERE k = 1 LIMIT 2").await,
        ["11", "12"]
    );
    let per_partition = db
        .rows("SELECT k, c1, c2 FROM t PER PARTITION LIMIT 2")
        .await;
    assert_eq!(per_partition.len(), 6);
    assert!(per_partition
        .iter()
        .all(|r| r.contains("| 1 | 1") || r.contains("| 1 | 2")));
    assert_eq!(
        db.rows("SELECT k, c1, c2 FROM t PER PARTITION LIMIT 1 LIMIT 2")
            .await
            .len(),
        2
    );
    assert_eq!(
        db.rows("SELECT c1, c2 FROM t WHERE k = 3 AND c1 >= 2 PER PARTITION LIMIT 1")
            .await,
        ["2 | 1"]
    );
    let mut distinct = db.rows("SELECT DISTINCT k, s FROM t").await;
    distinct.sort();
    assert_eq!(distinct, ["1 | null", "2 | 7", "3 | null"]);
    assert_eq!(
        db.rows("SELECT DISTINCT k FROM t WHERE s = 7 ALLOW FILTERING")
            .await,
        ["2"]
    );
    assert_eq!(db.rows("SELECT COUNT(*) FROM t WHERE k = 1").await, ["9"]);
    assert_eq!(
        db.rows("SELECT COUNT(*) AS n, COUNT(v), MAX(v), MIN(c2) FROM t WHERE k = 1 AND c1 = 2")
            .await,
        ["3 | 3 | 23 | 1"]
    );
    assert_eq!(
        db.columns("SELECT COUNT(*) AS n, COUNT(v) FROM t WHERE k = 1")
            .await,
        ["n bigint", "system.count(v) bigint"]
    );
    // A count over all partitions carries Cassandra's warning; LIMIT limits result rows.
    let all = db.ok("SELECT COUNT(*) FROM t LIMIT 1").await;
    assert_eq!(
        all.warnings().collect::<Vec<_>>(),
        ["Aggregation query used without partition key"]
    );
    assert_eq!(render_rows(all), ["27"]);
    db.refuses(
        INVALID,
        &[
        ("SELECT * FROM t LIMIT 0", "LIMIT must be strictly positive"),
        (
            "SELECT * FROM t PER PARTITION LIMIT 0",
            "PER PARTITION LIMIT must be strictly positive",
        ),
        (
            "SELECT DISTINCT v FROM t",
            "SELECT DISTINCT queries must only request partition key columns and/or static columns (not v)",
        ),
        (
            "SELECT DISTINCT k FROM t WHERE k = 1 AND c1 = 1",
            "SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.",
        ),
        (
            "SELECT DISTINCT k FROM t WHERE v = 11 ALLOW FILTERING",
            "SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.",
        ),
        ],
    )
    .await;
    let limited = db
        .execute_rows("SELECT v FROM t WHERE k = ? LIMIT ?", (2, 3))
        .await;
    assert_eq!(limited, ["11", "12", "13"]);
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scans_follow_murmur3_token_order_and_token_restrictions() {
    let db = Db::new("sel_tokens").await;
    db.ok("CREATE TABLE t (k int PRIMARY KEY, v int)").await;
    let insert = db.prepare("INSERT INTO t (k, v) VALUES (?, ?)").await;
    for k in 0..50 {
        db.session.execute_unpaged(&insert, (k, k)).await.unwrap();
    }
    let scan = db.rows("SELECT k, token(k) FROM t").await;
    assert_eq!(scan.len(), 50);
    let tokens: Vec<i64> = scan
        .iter()
        .map(|r| r.split(" | ").nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(tokens.windows(2).all(|w| w[0] < w[1]), "{tokens:?}");
    // Token 1 of int key 1 is Murmur3's, as Cassandra computes it.
    assert_eq!(
        db.rows("SELECT token(k) FROM t WHERE k = 1").await,
        ["-4069959284402364209"]
    );
    let middle = tokens[25];
    let after = db
        .rows(&format!("SELECT token(k) FROM t WHERE token(k) > {middle}"))
        .await;
    assert_eq!(after.len(), 24);
    let window = db
        .rows(&format!(
            "SELECT k FROM t WHERE token(k) >= {} AND token(k) <= {}",
            tokens[10], tokens[12]
        ))
        .await;
    assert_eq!(window.len(), 3);
    assert_eq!(
        db.rows("SELECT k FROM t WHERE token(k) = token(7)").await,
        ["7"]
    );
    let prepared = db
        .execute_rows("SELECT k FROM t WHERE token(k) > ? LIMIT 1", (middle,))
        .await;
    assert_eq!(prepared, [scan[26].split(" | ").next().unwrap()]);
    db.refuses(
        INVALID,
        &[
            (
                "SELECT k FROM t WHERE token(k) > 0 AND token(k) > 1",
                "More than one restriction was found for the start bound on k",
            ),
            (
                "SELECT k FROM t WHERE token(k) > 0 AND token(k) = 1",
                "Columns \"k\" cannot be restricted by both an equality and an inequality relation",
            ),
            ("SELECT * FROM t WHERE k > 3", FILTERING),
        ],
    )
    .await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_state_resumes_scans_and_partitions() {
    let db = Db::new("sel_paging").await;
    db.ok("CREATE TABLE s (k int PRIMARY KEY, v int)").await;
    db.ok("CREATE TABLE p (k int, c int, st int static, v int, PRIMARY KEY (k, c))")
        .await;
    let put = db.prepare("INSERT INTO s (k, v) VALUES (?, ?)").await;
    for k in 0..23 {
        db.session.execute_unpaged(&put, (k, k)).await.unwrap();
    }
    let put = db.prepare("INSERT INTO p (k, c, v) VALUES (?, ?, ?)").await;
    for k in 0..3 {
        for c in 0..5 {
            db.session.execute_unpaged(&put, (k, c, c)).await.unwrap();
        }
    }
    db.ok("UPDATE p SET st = 1 WHERE k = 1").await;

    // Pages of a statement, following the paging state to the end.
    async fn pages(db: &Db, cql: &str, size: i32) -> (Vec<usize>, Vec<String>) {
        let mut statement = Statement::new(cql);
        statement.set_page_size(size);
        let mut state = PagingState::start();
        let mut sizes = Vec::new();
        let mut rows = Vec::new();
        loop {
            let (result, next) = db
                .session
                .query_single_page(statement.clone(), (), state)
                .await
                .unwrap();
            let page = render_rows(result);
            sizes.push(page.len());
            rows.extend(page);
            match next {
                PagingStateResponse::HasMorePages { state: s } => state = s,
                PagingStateResponse::NoMorePages => break,
            }
        }
        (sizes, rows)
    }
    let (sizes, rows) = pages(&db, "SELECT k FROM s", 5).await;
    assert_eq!(
        rows,
        db.rows("SELECT k FROM s").await,
        "same rows, same order"
    );
    assert_eq!(sizes.iter().sum::<usize>(), 23);
    assert!(sizes.iter().all(|s| *s <= 5) && sizes[..4] == [5, 5, 5, 5]);

    let (_, rows) = pages(&db, "SELECT k, c, st FROM p", 4).await;
    assert_eq!(rows, db.rows("SELECT k, c, st FROM p").await);
    assert_eq!(rows.len(), 15);
    let (_, rows) = pages(&db, "SELECT c FROM p WHERE k = 2 AND c >= 1", 2).await;
    assert_eq!(rows, ["1", "2", "3", "4"]);
    let (_, rows) = pages(&db, "SELECT DISTINCT k, st FROM p", 1).await;
    assert_eq!(rows, db.rows("SELECT DISTINCT k, st FROM p").await);
    let (_, rows) = pages(&db, "SELECT k, c FROM p WHERE v = 3 ALLOW FILTERING", 1).await;
    assert_eq!(rows.len(), 3);
    let (_, rows) = pages(&db, "SELECT k FROM s LIMIT 7", 3).await;
    assert_eq!(rows.len(), 7, "LIMIT holds across pages");

    // Prepared statements page the same way.
    let prepared = db.prepare("SELECT c FROM p WHERE k = ?").await;
    let mut prepared = prepared;
    prepared.set_page_size(2);
    let (first, next) = db
        .session
        .execute_single_page(&prepared, (0,), PagingState::start())
        .await
        .unwrap();
    assert_eq!(render_rows(first), ["0", "1"]);
    let PagingStateResponse::HasMorePages { state } = next else {
        panic!("more pages expected");
    };
    let (second, _) = db
        .session
        .execute_single_page(&prepared, (0,), state)
        .await
        .unwrap();
    assert_eq!(render_rows(second), ["2", "3"]);
    db.drop().await;
}
