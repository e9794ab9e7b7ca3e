//! Two migrators started at once on the same keyspaces: the lease lets one work on a
//! keyspace at a time, and the history proves every step ran exactly once.

// Test code may unwrap and panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
mod common;
#[path = "support/models.rs"]
mod models;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cql_orm_migrate::history::Outcome;
use cql_orm_migrate::lease;
use cql_orm_migrate::{MigrationSet, Migrator, Progress, Snapshot, Targets};

fn migrations() -> MigrationSet {
    MigrationSet::from_sources([
        (
            "20240101000000_audit.cql",
            "CREATE TABLE ${keyspace}.audit (id uuid PRIMARY KEY, what text);\n\
             INSERT INTO ${keyspace}.audit (id, what) VALUES (00000000-0000-0000-0000-000000000001, 'created; by migration');",
        ),
        (
            "20240102000000_seed.cql",
            "INSERT INTO ${keyspace}.audit (id, what) VALUES (00000000-0000-0000-0000-000000000002, 'seeded');",
        ),
    ])
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_migrators_at_once_run_every_step_exactly_once() {
    let setup = common::session().await;
    let mut keyspaces = Vec::new();
    for _ in 0..6 {
        keyspaces.push(common::fresh_keyspace(&setup, "conc").await);
    }
    let desired = Snapshot::from_orm(&models::v1::schema());
    let waits = Arc::new(Mutex::new(Vec::<String>::new()));
    let migrator = |owner: &str, db: cql_orm::Session| {
        let waits = Arc::clone(&waits);
        let owner_name = owner.to_owned();
        Migrator::new(db)
            .schema(desired.clone())
            .migrations(migrations())
            .owner(owner)
            .lease(common::quick_lease())
            .on_progress(move |p| {
                if let Progress::Waiting { keyspace, .. } = p {
                    waits
                        .lock()
                        .unwrap()
                        .push(format!("{owner_name} waited for {keyspace}"));
                }
            })
    };
    // Hold every keyspace's lease, so that both migrators are surely waiting on all of
    // them before either can start; then let go and they race for each keyspace.
    for ks in &keyspaces {
        setup
            .execute_raw(&lease::create_table_cql(ks))
            .await
            .unwrap();
        let gate = lease::try_acquire(&setup, ks, "gate", Duration::from_secs(60));
        assert_eq!(gate.await.unwrap(), None);
    }
    // Two migrators, each with its own pooled session, as two application instances.
    let a = migrator("migrator-a", common::session().await).parallelism(keyspaces.len());
    let b = migrator("migrator-b", common::session().await).parallelism(keyspaces.len());
    let targets = Targets::keyspaces(keyspaces.clone());
    let run_a = tokio::spawn({
        let (a, targets) = (a.clone(), targets.clone());
        async move { a.apply(&targets).await }
    });
    let run_b = tokio::spawn({
        let (b, targets) = (b.clone(), targets.clone());
        async move { b.apply(&targets).await }
    });
    for _ in 0..600 {
        if waits.lock().unwrap().len() == 2 * keyspaces.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        waits.lock().unwrap().len(),
        2 * keyspaces.len(),
        "{:?}",
        waits.lock().unwrap()
    );
    for ks in &keyspaces {
        assert!(lease::release(&setup, ks, "gate").await.unwrap());
    }
    let ra = run_a.await.unwrap().unwrap().into_result().unwrap();
    let rb = run_b.await.unwrap().unwrap().into_result().unwrap();
    assert_eq!(ra.len(), keyspaces.len());
    assert_eq!(rb.len(), keyspaces.len());

    // 3 migration statements, 2 types, 4 tables, 4 indexes.
    let expected_steps = 13;
    for ks in &keyspaces {
        let by_a = ra.iter().find(|r| &r.keyspace == ks).unwrap();
        let by_b = rb.iter().find(|r| &r.keyspace == ks).unwrap();
        // One of them did the keyspace, the other found nothing left to do.
        assert_eq!(
            by_a.applied.len() + by_b.applied.len(),
            expected_steps,
            "{ks}: a ran {:?}, b ran {:?}",
            by_a.applied,
            by_b.applied
        );
        assert!(
            by_a.applied.is_empty() || by_b.applied.is_empty(),
            "{ks}: both worked on it"
        );

        let history = a.history(ks).await.unwrap();
        let mut attempts: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &history.entries {
            *attempts.entry(e.step.as_str()).or_default() += 1;
            assert_eq!(e.outcome, Outcome::Done, "{ks}: {e:?}");
        }
        // Every statement and schema step once, plus one row per migration file and the
        // recorded snapshot.
        assert_eq!(
            attempts.len(),
            expected_steps + 2 + 1,
            "{ks}: {attempts:#?}"
        );
        assert!(
            attempts.values().all(|n| *n == 1),
            "{ks}: a step ran twice: {attempts:#?}"
        );
        let owners: std::collections::BTreeSet<&str> =
            history.entries.iter().map(|e| e.owner.as_str()).collect();
        assert_eq!(
            owners.len(),
            1,
            "{ks}: one migrator did all of it: {owners:?}"
        );

        // The migrations' data was written once.
        let rows = setup
            .execute_raw(&format!("SELECT id FROM {ks}.audit"))
            .await
            .unwrap()
            .into_rows_result()
            .unwrap()
            .rows_num();
        assert_eq!(rows, 2);
    }
    for ks in &keyspaces {
        common::drop_keyspace(&setup, ks).await;
    }
}
