//! Many keyspaces in one run over one pooled session.

// Test code may unwrap and panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
mod common;
#[path = "support/models.rs"]
mod models;

use std::sync::{Arc, Mutex};

use cql_orm_migrate::{KeyspaceOptions, Migrator, Progress, Snapshot, Targets};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_keyspaces_are_synced_in_one_run_and_a_second_run_does_nothing() {
    let db = common::session().await;
    let prefix = common::unique_name("tenant");
    let names: Vec<String> = (0..20).map(|i| format!("{prefix}_{i:02}")).collect();
    let finished = Arc::new(Mutex::new(Vec::<(usize, usize, String)>::new()));
    let migrator = Migrator::new(db.clone())
        .schema(Snapshot::from_orm(&models::v1::schema()).with_keyspace(KeyspaceOptions::simple(1)))
        .create_keyspaces(true)
        .parallelism(8)
        .lease(common::quick_lease())
        .on_progress({
            let finished = Arc::clone(&finished);
            move |p| {
                if let Progress::Finished {
                    done,
                    total,
                    report,
                } = p
                {
                    finished
                        .lock()
                        .unwrap()
                        .push((*done, *total, report.keyspace.clone()));
                }
            }
        });

    let first = migrator
        .apply(&Targets::keyspaces(names.clone()))
        .await
        .unwrap();
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    assert_eq!(first.keyspaces.len(), 20);
    // keyspace + 2 types + 4 tables + 4 indexes in each
    assert_eq!(first.steps_applied(), 20 * 11);
    for (report, name) in first.keyspaces.iter().zip(&names) {
        assert_eq!(&report.keyspace, name, "reports come back in target order");
        assert!(report.created);
        assert_eq!(report.applied[0], "schema: create keyspace");
    }
    let progress = finished.lock().unwrap().clone();
    assert_eq!(progress.len(), 20);
    assert_eq!(
        progress.iter().map(|p| p.0).collect::<Vec<_>>(),
        (1..=20).collect::<Vec<_>>()
    );
    assert!(progress.iter().all(|p| p.1 == 20));

    // The second run, by pattern this time, finds nothing to do.
    let pattern = Targets::pattern(format!("{prefix}_*"));
    assert_eq!(migrator.resolve(&pattern).await.unwrap(), names);
    let second = migrator
        .apply(&pattern)
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(second.len(), 20);
    assert!(
        second.iter().all(|r| r.applied.is_empty() && !r.created),
        "{second:#?}"
    );
    let plans = migrator.verify(&pattern).await.unwrap();
    assert_eq!(plans.len(), 20);
    for name in &names {
        let history = migrator.history(name).await.unwrap();
        // 11 steps and the recorded snapshot.
        assert_eq!(
            history.entries.len(),
            12,
            "{name}: the second run recorded nothing"
        );
    }
    for name in &names {
        common::drop_keyspace(&db, name).await;
    }
}
