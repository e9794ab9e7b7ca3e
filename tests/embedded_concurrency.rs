//! Driver-level acceptance of the embedded node under concurrency: 50 sessions at once, each
//! doing 200 mixed operations (inserts, updates, reads, deletes) on its own keys; afterwards
//! every write is read back.

// Test helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use scylla::client::session::Session;
use scylla::statement::prepared::PreparedStatement;

const SESSIONS: i32 = 50;
const OPS_PER_SESSION: i32 = 200;

struct Statements {
    insert: PreparedStatement,
    update: PreparedStatement,
    select: PreparedStatement,
    delete: PreparedStatement,
}

async fn prepare(session: &Session, table: &str) -> Statements {
    let prepare = |cql: String| async move { session.prepare(cql).await.expect("prepare") };
    Statements {
        insert: prepare(format!(
            "INSERT INTO {table} (owner, k, v, n) VALUES (?, ?, ?, ?)"
        ))
        .await,
        update: prepare(format!(
            "UPDATE {table} SET v = ?, n = ? WHERE owner = ? AND k = ?"
        ))
        .await,
        select: prepare(format!(
            "SELECT v, n FROM {table} WHERE owner = ? AND k = ?"
        ))
        .await,
        delete: prepare(format!("DELETE FROM {table} WHERE owner = ? AND k = ?")).await,
    }
}

async fn read(session: &Session, st: &Statements, owner: i32, k: i32) -> Option<(String, i64)> {
    session
        .execute_unpaged(&st.select, (owner, k))
        .await
        .expect("select")
        .into_rows_result()
        .expect("rows")
        .maybe_first_row::<(String, i64)>()
        .expect("typed row")
}

/// One client: its own session, 200 operations on keys `(owner, 0..50)`; returns what it
/// expects the table to hold for its owner.
async fn client(owner: i32, table: String) -> BTreeMap<i32, (String, i64)> {
    let session = cql_orm_tests::connect().await.expect("connect");
    let st = prepare(&session, &table).await;
    let mut expected: BTreeMap<i32, (String, i64)> = BTreeMap::new();
    for op in 0..OPS_PER_SESSION {
        let k = op / 4;
        match op % 4 {
            0 => {
                let row = (format!("{owner}/{k}"), i64::from(op));
                session
                    .execute_unpaged(&st.insert, (owner, k, &row.0, row.1))
                    .await
                    .expect("insert");
                expected.insert(k, row);
            }
            1 => {
                let row = (format!("{owner}/{k} updated"), i64::from(op) * 7);
                session
                    .execute_unpaged(&st.update, (&row.0, row.1, owner, k))
                    .await
                    .expect("update");
                expected.insert(k, row);
            }
            2 => {
                let got = read(&session, &st, owner, k).await;
                assert_eq!(
                    got.as_ref(),
                    expected.get(&k),
                    "owner {owner} key {k} read own write"
                );
            }
            _ => {
                if k % 3 == 0 {
                    session
                        .execute_unpaged(&st.delete, (owner, k))
                        .await
                        .expect("delete");
                    expected.remove(&k);
                }
            }
        }
    }
    expected
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_sessions_mixed_operations() {
    let session = cql_orm_tests::connect().await.expect("connect");
    let ks = cql_orm_tests::fresh_keyspace(&session, "drv_concurrency")
        .await
        .expect("fresh keyspace");
    let table = ks.table("kv");
    session
        .query_unpaged(
            format!(
                "CREATE TABLE {table} (owner int, k int, v text, n bigint, PRIMARY KEY (owner, k))"
            ),
            &[],
        )
        .await
        .expect("CREATE TABLE");

    let clients: Vec<_> = (0..SESSIONS)
        .map(|owner| tokio::spawn(client(owner, table.clone())))
        .collect();
    let mut expected = BTreeMap::new();
    for (owner, handle) in clients.into_iter().enumerate() {
        expected.insert(owner as i32, handle.await.expect("client task"));
    }

    // Every write, read back from a session that did none of them.
    let st = prepare(&session, &table).await;
    let keys = OPS_PER_SESSION / 4;
    let mut live = 0;
    for (owner, rows) in &expected {
        for k in 0..keys {
            let got = read(&session, &st, *owner, k).await;
            assert_eq!(got.as_ref(), rows.get(&k), "owner {owner} key {k}");
            live += usize::from(got.is_some());
        }
    }
    // Keys divisible by 3 were deleted: 17 of 50 per owner.
    assert_eq!(live, (SESSIONS * (keys - 17)) as usize);
    let count: (i64,) = session
        .query_unpaged(format!("SELECT COUNT(*) FROM {table}"), &[])
        .await
        .expect("count")
        .into_rows_result()
        .expect("rows")
        .single_row()
        .expect("one row");
    assert_eq!(count.0, live as i64);
    ks.drop(&session).await.expect("drop keyspace");
}
