//! Session features: per-statement consistency, serial consistency, timeouts and
//! idempotence, the driver's metrics, load-balancing and retry policies, password
//! authentication, and session defaults.

#[path = "orm/data_model.rs"]
mod data_model;
#[path = "orm/setup.rs"]
mod setup;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cql_orm::prelude::*;
use cql_orm::{Consistency, Schema, SerialConsistency, Session};
use data_model::{cell, Cell, CellPartitionKey, CellPrimaryKey};
use scylla::client::execution_profile::ExecutionProfile;
use scylla::errors::{DbError, RequestAttemptError};
use scylla::policies::load_balancing::DefaultPolicy;
use scylla::policies::retry::{RequestInfo, RetryDecision, RetryPolicy, RetrySession};

fn cell_at(row: i32) -> Cell {
    Cell {
        sheet: 1,
        row,
        col: 0,
        value: format!("r{row}"),
    }
}

#[tokio::test]
async fn per_statement_consistency_serial_consistency_and_idempotence() {
    let (db, ks, h) = setup::setup("orm_sess_cl", Schema::new().model::<Cell>()).await;
    // ALL of one replica is satisfiable on a replication factor of 1.
    cell_at(1)
        .insert()
        .consistency(Consistency::All)
        .execute(&h)
        .await
        .unwrap();
    let read = Cell::get(
        &h,
        CellPrimaryKey {
            sheet: 1,
            row: 1,
            col: 0,
        },
    )
    .await
    .unwrap();
    assert_eq!(read, Some(cell_at(1)));
    let rows = Cell::select()
        .partition(CellPartitionKey { sheet: 1 })
        .consistency(Consistency::LocalQuorum)
        .idempotent(true)
        .all(&h)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    // A lightweight transaction with an explicit serial consistency.
    let lwt = cell_at(2)
        .insert()
        .if_not_exists()
        .serial_consistency(SerialConsistency::LocalSerial)
        .consistency(Consistency::One)
        .execute(&h)
        .await
        .unwrap();
    assert!(lwt.is_applied());
    let again = Cell::update(CellPrimaryKey {
        sheet: 1,
        row: 2,
        col: 0,
    })
    .set(cell::value, "x")
    .if_(cell::value.eq("nope"))
    .serial_consistency(SerialConsistency::Serial)
    .execute(&h)
    .await
    .unwrap();
    assert!(!again.is_applied());
    assert_eq!(
        again.rejected().unwrap().get("value"),
        Some(&scylla::value::CqlValue::Text("r2".into()))
    );
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn timeouts_and_session_defaults_reach_the_driver() {
    let (db, ks, h) = setup::setup("orm_sess_timeout", Schema::new().model::<Cell>()).await;
    cell_at(1)
        .insert()
        .timeout(Duration::from_secs(5))
        .execute(&h)
        .await
        .unwrap();
    // Session defaults apply to every statement that does not set its own; a statement's
    // own setting wins.
    let strict = Session::builder()
        .known_nodes(cql_orm_tests::node_addresses().unwrap())
        .consistency(Consistency::Two)
        .build()
        .await
        .unwrap();
    let sk = strict.keyspace(ks.name());
    let key = || CellPrimaryKey {
        sheet: 1,
        row: 1,
        col: 0,
    };
    let read = Cell::select()
        .partition(CellPartitionKey { sheet: 1 })
        .consistency(Consistency::One)
        .timeout(Duration::from_secs(5))
        .one(&sk)
        .await
        .unwrap();
    assert_eq!(read, Some(cell_at(1)));
    // TWO replicas cannot answer on a one-node cluster: the default reached the server.
    let err = Cell::get(&sk, key()).await.unwrap_err();
    assert!(err.is_unavailable(), "{err:?}");
    assert!(!err.is_timeout() && !err.is_invalid());
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn the_drivers_metrics_count_requests_and_errors() {
    let (db, ks, h) = setup::setup("orm_sess_metrics", Schema::new().model::<Cell>()).await;
    let before = db.metrics().get_requests_unpaged_num();
    for row in 0..10 {
        cell_at(row).insert().execute(&h).await.unwrap();
    }
    for row in 0..5 {
        Cell::get(
            &h,
            CellPrimaryKey {
                sheet: 1,
                row,
                col: 0,
            },
        )
        .await
        .unwrap();
    }
    let after = db.metrics().get_requests_unpaged_num();
    assert!(after >= before + 15, "{before} -> {after}");
    let errors = db.metrics().get_errors_unpaged_num();
    // An invalid statement (the table does not exist) counts as an error.
    let _ = db
        .execute_raw("SELECT * FROM no_such_keyspace.no_such_table")
        .await;
    assert!(db.metrics().get_errors_unpaged_num() > errors);
    ks.drop(db.scylla()).await.unwrap();
}

#[tokio::test]
async fn password_authentication_against_the_embedded_authenticator() {
    if std::env::var_os(cql_orm_tests::NODES_ENV).is_some() {
        // A real cluster has its own authenticator and credentials.
        return;
    }
    let node = cql_orm_embedded::Server::start(cql_orm_embedded::ServerConfig {
        credentials: Some(("app".into(), "s3cret".into())),
        ..Default::default()
    })
    .await
    .unwrap();
    let addr = node.addr().to_string();
    let db = Session::builder()
        .known_node(&addr)
        .user("app", "s3cret")
        .build()
        .await
        .unwrap();
    Schema::new()
        .model::<Cell>()
        .create_all(&db, "auth_ks")
        .await
        .unwrap();
    let h = db.keyspace("auth_ks");
    cell_at(1).insert().execute(&h).await.unwrap();
    assert_eq!(
        Cell::select()
            .partition(CellPartitionKey { sheet: 1 })
            .count(&h)
            .await
            .unwrap(),
        1
    );
    let wrong = Session::builder()
        .known_node(&addr)
        .user("app", "wrong")
        .build()
        .await
        .unwrap_err();
    assert!(
        wrong.to_string().to_lowercase().contains("auth")
            || wrong.to_string().contains("credentials"),
        "{wrong}"
    );
    let anonymous = Session::builder()
        .known_node(&addr)
        .build()
        .await
        .unwrap_err();
    assert!(!anonymous.to_string().is_empty());
    node.shutdown().await;
}

/// A retry policy that retries an Unavailable error once at consistency ONE (as the Python
/// driver's DowngradingConsistencyRetryPolicy does), recording what it was asked.
#[derive(Debug, Default, Clone)]
struct Downgrade {
    asked: Arc<Mutex<Vec<(bool, Consistency)>>>,
}

struct DowngradeSession {
    asked: Arc<Mutex<Vec<(bool, Consistency)>>>,
    retried: bool,
}

impl RetryPolicy for Downgrade {
    fn new_session(&self) -> Box<dyn RetrySession> {
        Box::new(DowngradeSession {
            asked: Arc::clone(&self.asked),
            retried: false,
        })
    }
}

impl RetrySession for DowngradeSession {
    fn decide_should_retry(&mut self, info: RequestInfo<'_>) -> RetryDecision {
        self.asked
            .lock()
            .unwrap()
            .push((info.is_idempotent, info.consistency));
        let unavailable = matches!(
            info.error,
            RequestAttemptError::DbError(DbError::Unavailable { .. }, _)
        );
        if unavailable && !self.retried {
            self.retried = true;
            RetryDecision::RetrySameTarget(Some(Consistency::One))
        } else {
            RetryDecision::DontRetry
        }
    }

    fn reset(&mut self) {
        self.retried = false;
    }
}

#[tokio::test]
async fn load_balancing_and_retry_policies_are_the_drivers() {
    let (db, ks, h) = setup::setup("orm_sess_policies", Schema::new().model::<Cell>()).await;
    cell_at(1).insert().execute(&h).await.unwrap();
    let policy = Downgrade::default();
    let profile = ExecutionProfile::builder()
        .load_balancing_policy(
            DefaultPolicy::builder()
                .prefer_datacenter("datacenter1".to_owned())
                .token_aware(true)
                .permit_dc_failover(false)
                .build(),
        )
        .retry_policy(Arc::new(policy.clone()))
        .consistency(Consistency::Two)
        .build()
        .into_handle();
    let routed = Session::builder()
        .known_nodes(cql_orm_tests::node_addresses().unwrap())
        .driver(|b| b.default_execution_profile_handle(profile))
        .build()
        .await
        .unwrap();
    let rk = routed.keyspace(ks.name());
    // TWO is unavailable on one node; the policy retries at ONE and the read succeeds.
    let read = Cell::get(
        &rk,
        CellPrimaryKey {
            sheet: 1,
            row: 1,
            col: 0,
        },
    )
    .await
    .unwrap();
    assert_eq!(read, Some(cell_at(1)));
    // Writes go through the same policy.
    Cell::update(CellPrimaryKey {
        sheet: 1,
        row: 1,
        col: 0,
    })
    .set(cell::value, "changed")
    .execute(&rk)
    .await
    .unwrap();
    let asked = policy.asked.lock().unwrap().clone();
    assert_eq!(
        asked,
        vec![(true, Consistency::Two), (true, Consistency::Two)],
        "reads and plain sets are marked idempotent"
    );
    ks.drop(db.scylla()).await.unwrap();
}
