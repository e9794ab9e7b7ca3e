//! Runs that stop midway resume without repeating a step; applied migration files that
//! were edited or removed are errors.

// Test code may unwrap and panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
mod common;
#[path = "support/models.rs"]
mod models;

use std::collections::BTreeMap;

use cql_orm_migrate::history::{History, Outcome};
use cql_orm_migrate::{exit, Error, MigrationSet, Migrator, Snapshot, Targets};

fn attempts(history: &History) -> BTreeMap<String, Vec<Outcome>> {
    let mut out: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    for e in &history.entries {
        out.entry(e.step.clone()).or_default().push(e.outcome);
    }
    out
}

const FILES: [(&str, &str); 2] = [
    (
        "1_events.cql",
        "CREATE TABLE ${keyspace}.events (id int PRIMARY KEY, what text);\n\
         INSERT INTO ${keyspace}.events (id, what) VALUES (1, 'first; of two');\n\
         INSERT INTO ${keyspace}.events (id, what) VALUES (2, 'second');\n",
    ),
    (
        "2_more.cql",
        "ALTER TABLE ${keyspace}.events ADD extra text;\n",
    ),
];

#[tokio::test]
async fn a_run_stopped_between_steps_resumes_without_repeating_one() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "resume_steps").await;
    let migrator = Migrator::new(db.clone())
        .schema(Snapshot::from_orm(&models::v1::schema()))
        .migrations(MigrationSet::from_sources(FILES).unwrap())
        .lease(common::quick_lease());
    let targets = Targets::keyspaces([&ks]);

    // The first run stops after 5 steps, all of them schema steps (they come first).
    let first = migrator
        .clone()
        .max_steps(Some(5))
        .apply(&targets)
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert!(first[0].stopped_early);
    assert_eq!(
        first[0].applied,
        [
            "schema: create type geo",
            "schema: create type address",
            "schema: create table user_events",
            "schema: create table page_views",
            "schema: create table profiles",
        ]
    );
    let plan = &migrator.plan(&targets).await.unwrap()[0];
    assert_eq!(
        plan.plan.as_ref().unwrap().steps.len(),
        5,
        "1 table and 4 indexes left"
    );
    assert_eq!(plan.pending.len(), 2);

    // The second run does the rest: the schema, then the migration files.
    let second = migrator
        .apply(&targets)
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert!(!second[0].stopped_early);
    assert_eq!(second[0].applied.len(), 9);
    assert_eq!(
        &second[0].applied[5..],
        [
            "migration: 1_events #1",
            "migration: 1_events #2",
            "migration: 1_events #3",
            "migration: 2_more #1",
        ]
    );
    assert!(second[0]
        .applied
        .iter()
        .all(|s| !first[0].applied.contains(s)));

    let history = migrator.history(&ks).await.unwrap();
    let attempts = attempts(&history);
    // 14 steps, 2 migration files, the recorded snapshot.
    assert_eq!(attempts.len(), 14 + 2 + 1, "{attempts:#?}");
    for (step, outcomes) in &attempts {
        assert_eq!(outcomes, &[Outcome::Done], "{step}");
    }
    assert!(migrator.plan(&targets).await.unwrap()[0].is_empty());
    let rows = db
        .execute_raw(&format!("SELECT id FROM {ks}.events"))
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .rows_num();
    assert_eq!(rows, 2, "the inserts ran once");
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn a_statement_that_fails_midway_is_retried_after_the_fix_and_the_rest_not_rerun() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "resume_fail").await;
    let targets = Targets::keyspaces([&ks]);
    let broken = "CREATE TABLE ${keyspace}.counts (k int PRIMARY KEY, n counter);\n\
                  UPDATE ${keyspace}.counts SET n = n + 1 WHERE k = 1;\n\
                  UPDATE ${keyspace}.counts SET missing = 1 WHERE k = 1;\n\
                  UPDATE ${keyspace}.counts SET n = n + 10 WHERE k = 2;\n";
    let m = Migrator::new(db.clone())
        .migrations(MigrationSet::from_sources([("7_counts.cql", broken)]).unwrap())
        .lease(common::quick_lease());
    let err = m.apply(&targets).await.unwrap().into_result().unwrap_err();
    assert_eq!(err.exit_code(), exit::FAILURE);
    let text = err.to_string();
    assert!(text.contains("migration: 7_counts #3"), "{text}");
    assert!(text.contains("missing"), "{text}");

    // The fix touches only the statement that failed.
    let fixed = broken.replace("SET missing = 1", "SET n = n + 100");
    let m = m.migrations(MigrationSet::from_sources([("7_counts.cql", fixed.as_str())]).unwrap());
    let report = m.apply(&targets).await.unwrap().into_result().unwrap();
    assert_eq!(
        report[0].applied,
        ["migration: 7_counts #3", "migration: 7_counts #4"]
    );

    let h = m.history(&ks).await.unwrap();
    let attempts = attempts(&h);
    assert_eq!(attempts["migration: 7_counts #1"], [Outcome::Done]);
    assert_eq!(attempts["migration: 7_counts #2"], [Outcome::Done]);
    assert_eq!(
        attempts["migration: 7_counts #3"],
        [Outcome::Failed, Outcome::Done]
    );
    assert_eq!(attempts["migration: 7_counts #4"], [Outcome::Done]);
    assert_eq!(attempts["migration: 7_counts"], [Outcome::Done]);
    // The counter increments ran once each: 1 + 100 on k = 1.
    let result = db
        .execute_raw(&format!("SELECT n FROM {ks}.counts WHERE k = 1"))
        .await
        .unwrap()
        .into_rows_result()
        .unwrap();
    let (n,): (i64,) = result
        .single_row::<(scylla::value::Counter,)>()
        .map(|(c,)| (c.0,))
        .unwrap();
    assert_eq!(n, 101);
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn an_edited_or_removed_applied_migration_is_an_error() {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, "resume_edit").await;
    let targets = Targets::keyspaces([&ks]);
    let m = Migrator::new(db.clone())
        .migrations(MigrationSet::from_sources(FILES).unwrap())
        .lease(common::quick_lease());
    m.apply(&targets).await.unwrap().into_result().unwrap();

    let edited = FILES[0].1.replace("'second'", "'2nd'");
    let m2 = m
        .clone()
        .migrations(MigrationSet::from_sources([(FILES[0].0, edited.as_str()), FILES[1]]).unwrap());
    for err in [
        m2.apply(&targets).await.unwrap().into_result().unwrap_err(),
        m2.plan(&targets).await.unwrap_err(),
        m2.verify(&targets).await.unwrap_err(),
    ] {
        assert_eq!(err.exit_code(), exit::MIGRATION_MISMATCH, "{err}");
        assert!(
            err.to_string()
                .contains("migration `1_events` was applied and has been edited"),
            "{err}"
        );
    }

    let m3 = m
        .clone()
        .migrations(MigrationSet::from_sources([FILES[1]]).unwrap());
    let err = m3.plan(&targets).await.unwrap_err();
    assert!(
        matches!(err, Error::MissingMigration { ref migration, .. } if migration == "1_events"),
        "{err}"
    );

    // A new file after the applied ones is fine and is all that runs.
    let m4 = m.clone().migrations(
        MigrationSet::from_sources([
            FILES[0],
            FILES[1],
            (
                "3_later.cql",
                "ALTER TABLE ${keyspace}.events ADD later int",
            ),
        ])
        .unwrap(),
    );
    let report = m4.apply(&targets).await.unwrap().into_result().unwrap();
    assert_eq!(report[0].applied, ["migration: 3_later #1"]);
    common::drop_keyspace(&db, &ks).await;
}
