//! Driver-level acceptance of the embedded node: a default `scylla` session (schema
//! metadata fetch and schema agreement on) runs DDL, prepared DML, pages through 10,000
//! rows and runs a batch.

// Test helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use futures::stream::{self, StreamExt, TryStreamExt};
use scylla::client::session::Session;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::unprepared::Statement;

const ROWS: i32 = 10_000;
const PAGE_SIZE: i32 = 100;

async fn setup(prefix: &str) -> (Session, cql_orm_tests::TestKeyspace) {
    let session = cql_orm_tests::connect().await.expect("connect");
    let ks = cql_orm_tests::fresh_keyspace(&session, prefix)
        .await
        .expect("fresh keyspace");
    (session, ks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ddl_prepared_dml_and_reads_round_trip() {
    let (session, ks) = setup("drv_dml").await;
    let table = ks.table("users");
    session
        .query_unpaged(
            format!("CREATE TABLE {table} (id int PRIMARY KEY, name text, tags set<text>, score double)"),
            &[],
        )
        .await
        .expect("CREATE TABLE");
    // The driver's metadata (fetched after the schema change) knows the table.
    let state = session.get_cluster_state();
    let keyspace = state
        .get_keyspace(ks.name())
        .expect("keyspace in driver metadata");
    assert!(
        keyspace.tables.contains_key("users"),
        "tables: {:?}",
        keyspace.tables.keys()
    );

    let insert = session
        .prepare(format!(
            "INSERT INTO {table} (id, name, tags, score) VALUES (?, ?, ?, ?)"
        ))
        .await
        .expect("prepare insert");
    assert_eq!(insert.get_variable_col_specs().len(), 4);
    assert_eq!(
        insert.get_variable_pk_indexes().len(),
        1,
        "token-aware routing needs pk indexes"
    );
    for id in 0..20 {
        let tags: Vec<String> = vec![format!("t{}", id % 3), "all".into()];
        session
            .execute_unpaged(
                &insert,
                (id, format!("user {id}"), tags, f64::from(id) / 2.0),
            )
            .await
            .expect("insert");
    }
    let update = session
        .prepare(format!("UPDATE {table} SET name = ? WHERE id = ?"))
        .await
        .expect("prepare update");
    session
        .execute_unpaged(&update, ("renamed", 7))
        .await
        .expect("update");
    let delete = session
        .prepare(format!("DELETE FROM {table} WHERE id = ?"))
        .await
        .expect("prepare delete");
    session
        .execute_unpaged(&delete, (3,))
        .await
        .expect("delete");

    let select = session
        .prepare(format!(
            "SELECT id, name, tags, score FROM {table} WHERE id = ?"
        ))
        .await
        .expect("prepare select");
    for id in 0..20 {
        let rows = session
            .execute_unpaged(&select, (id,))
            .await
            .expect("select")
            .into_rows_result()
            .expect("rows");
        let row = rows
            .maybe_first_row::<(i32, String, Vec<String>, f64)>()
            .expect("typed row");
        if id == 3 {
            assert!(row.is_none(), "deleted row {id} came back: {row:?}");
            continue;
        }
        let (got_id, name, tags, score) = row.unwrap_or_else(|| panic!("row {id} missing"));
        assert_eq!(got_id, id);
        let want_name = if id == 7 {
            "renamed".to_owned()
        } else {
            format!("user {id}")
        };
        assert_eq!(name, want_name);
        let mut want_tags = vec!["all".to_owned(), format!("t{}", id % 3)];
        want_tags.sort();
        assert_eq!(tags, want_tags, "sets come back sorted");
        assert_eq!(score, f64::from(id) / 2.0);
    }
    let count: (i64,) = session
        .query_unpaged(format!("SELECT COUNT(*) FROM {table}"), &[])
        .await
        .expect("count")
        .into_rows_result()
        .expect("rows")
        .single_row()
        .expect("one row");
    assert_eq!(count.0, 19);
    ks.drop(&session).await.expect("drop keyspace");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_through_ten_thousand_rows() {
    let (session, ks) = setup("drv_paging").await;
    let table = ks.table("series");
    session
        .query_unpaged(
            format!("CREATE TABLE {table} (k int, c int, v text, PRIMARY KEY (k, c))"),
            &[],
        )
        .await
        .expect("CREATE TABLE");
    let insert = session
        .prepare(format!("INSERT INTO {table} (k, c, v) VALUES (1, ?, ?)"))
        .await
        .expect("prepare insert");
    stream::iter(0..ROWS)
        .map(|c| {
            let (session, insert) = (&session, &insert);
            async move {
                session
                    .execute_unpaged(insert, (c, format!("value {c}")))
                    .await
            }
        })
        .buffer_unordered(64)
        .try_collect::<Vec<_>>()
        .await
        .expect("inserts");

    let mut select = session
        .prepare(format!("SELECT c, v FROM {table} WHERE k = 1"))
        .await
        .expect("prepare select");
    select.set_page_size(PAGE_SIZE);
    let mut state = PagingState::start();
    let mut pages = Vec::new();
    let mut next_c = 0;
    loop {
        let (result, paging) = session
            .execute_single_page(&select, (), state)
            .await
            .expect("page");
        let rows = result.into_rows_result().expect("rows");
        let mut in_page = 0;
        for row in rows.rows::<(i32, String)>().expect("typed rows") {
            let (c, v) = row.expect("row");
            assert_eq!(c, next_c, "rows come back in clustering order");
            assert_eq!(v, format!("value {c}"));
            next_c += 1;
            in_page += 1;
        }
        pages.push(in_page);
        match paging {
            PagingStateResponse::HasMorePages { state: next } => state = next,
            PagingStateResponse::NoMorePages => break,
        }
        assert!(pages.len() <= 200, "paging does not end: {pages:?}");
    }
    assert_eq!(next_c, ROWS);
    let full = (ROWS / PAGE_SIZE) as usize;
    assert!(
        pages[..full].iter().all(|&n| n == PAGE_SIZE as usize),
        "{pages:?}"
    );
    // Cassandra ends a single-partition read whose size is a multiple of the page size with
    // one extra, empty page.
    assert_eq!(pages.len(), full + 1, "{pages:?}");
    assert_eq!(pages[full], 0);

    // The driver's own pager sees the same rows.
    let mut statement = Statement::new(format!("SELECT c FROM {table} WHERE k = 1"));
    statement.set_page_size(PAGE_SIZE);
    let streamed: Vec<(i32,)> = session
        .query_iter(statement, &[])
        .await
        .expect("query_iter")
        .rows_stream::<(i32,)>()
        .expect("typed stream")
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(streamed.len(), ROWS as usize);
    assert!(streamed.iter().enumerate().all(|(i, (c,))| *c == i as i32));
    ks.drop(&session).await.expect("drop keyspace");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_writes_read_back() {
    let (session, ks) = setup("drv_batch").await;
    let table = ks.table("accounts");
    session
        .query_unpaged(
            format!("CREATE TABLE {table} (owner text, id int, balance bigint, PRIMARY KEY (owner, id))"),
            &[],
        )
        .await
        .expect("CREATE TABLE");
    let insert = session
        .prepare(format!(
            "INSERT INTO {table} (owner, id, balance) VALUES (?, ?, ?)"
        ))
        .await
        .expect("prepare insert");
    let delete = session
        .prepare(format!("DELETE FROM {table} WHERE owner = ? AND id = ?"))
        .await
        .expect("prepare delete");
    let mut batch = Batch::new(BatchType::Logged);
    for _ in 0..5 {
        batch.append_statement(insert.clone());
    }
    batch.append_statement(Statement::new(format!(
        "UPDATE {table} SET balance = 42 WHERE owner = 'bob' AND id = 1"
    )));
    batch.append_statement(delete);
    let alice = |id: i32| ("alice", id, i64::from(id) * 100);
    let values = (
        alice(0),
        alice(1),
        alice(2),
        alice(3),
        alice(4),
        (),
        ("alice", 2),
    );
    session.batch(&batch, values).await.expect("batch");

    let rows: Vec<(String, i32, i64)> = session
        .query_unpaged(
            format!("SELECT owner, id, balance FROM {table} WHERE owner = 'alice'"),
            &[],
        )
        .await
        .expect("select")
        .into_rows_result()
        .expect("rows")
        .rows::<(String, i32, i64)>()
        .expect("typed")
        .collect::<Result<_, _>>()
        .expect("rows");
    // The delete of id 2 in the same batch wins over its insert: Cassandra gives both the
    // batch's timestamp, and a deletion beats a write with an equal timestamp.
    let want: Vec<_> = [0, 1, 3, 4]
        .into_iter()
        .map(|id| ("alice".to_owned(), id, i64::from(id) * 100))
        .collect();
    assert_eq!(rows, want);
    let bob: (i64,) = session
        .query_unpaged(
            format!("SELECT balance FROM {table} WHERE owner = 'bob' AND id = 1"),
            &[],
        )
        .await
        .expect("select")
        .into_rows_result()
        .expect("rows")
        .single_row()
        .expect("bob's row");
    assert_eq!(bob.0, 42);
    ks.drop(&session).await.expect("drop keyspace");
}
