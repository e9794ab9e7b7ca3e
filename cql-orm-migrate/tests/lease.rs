//! The migration lease: one holder at a time, renewed while held, released only by its
//! owner, expiring when its holder is gone, removable by `unlock`.

// Test code may unwrap and panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cql_orm_migrate::lease::{self, Lease, LeaseConfig};
use cql_orm_migrate::Error;

async fn lease_keyspace(prefix: &str) -> (cql_orm::Session, String) {
    let db = common::session().await;
    let ks = common::fresh_keyspace(&db, prefix).await;
    db.execute_raw(&lease::create_table_cql(&ks)).await.unwrap();
    (db, ks)
}

#[tokio::test]
async fn one_holder_at_a_time_and_only_the_owner_releases() {
    let (db, ks) = lease_keyspace("lease_owner").await;
    let ttl = Duration::from_secs(30);
    assert_eq!(
        lease::try_acquire(&db, &ks, "alpha", ttl).await.unwrap(),
        None
    );
    let held = lease::try_acquire(&db, &ks, "beta", ttl)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held.owner, "alpha");
    assert!(held.acquired.is_some());
    // The same owner id does not get it twice either.
    assert!(lease::try_acquire(&db, &ks, "alpha", ttl)
        .await
        .unwrap()
        .is_some());

    assert!(!lease::release(&db, &ks, "beta").await.unwrap());
    assert_eq!(
        lease::holder(&db, &ks).await.unwrap().unwrap().owner,
        "alpha"
    );
    assert!(lease::release(&db, &ks, "alpha").await.unwrap());
    assert_eq!(lease::holder(&db, &ks).await.unwrap(), None);
    assert_eq!(
        lease::try_acquire(&db, &ks, "beta", ttl).await.unwrap(),
        None
    );
    assert_eq!(
        lease::holder(&db, &ks).await.unwrap().unwrap().owner,
        "beta"
    );

    let removed = lease::force_release(&db, &ks).await.unwrap().unwrap();
    assert_eq!(removed.owner, "beta");
    assert_eq!(lease::force_release(&db, &ks).await.unwrap(), None);
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn a_waiting_migrator_gives_up_with_the_holder_named() {
    let (db, ks) = lease_keyspace("lease_locked").await;
    assert_eq!(
        lease::try_acquire(&db, &ks, "someone-else", Duration::from_secs(30))
            .await
            .unwrap(),
        None
    );
    let waits = AtomicUsize::new(0);
    let config = LeaseConfig {
        wait: Duration::from_millis(300),
        retry_every: Duration::from_millis(50),
        ..LeaseConfig::default()
    };
    let err = Lease::acquire(&db, &ks, "me", &config, &|holder| {
        assert_eq!(holder.owner, "someone-else");
        waits.fetch_add(1, Ordering::SeqCst);
    })
    .await
    .unwrap_err();
    assert_eq!(waits.load(Ordering::SeqCst), 1, "told once that it waits");
    match &err {
        Error::Locked { holder, .. } => assert_eq!(holder.owner, "someone-else"),
        other => panic!("expected Locked, got {other:?}"),
    }
    assert_eq!(err.exit_code(), cql_orm_migrate::exit::LOCKED);
    assert!(err.to_string().contains("cql-migrate unlock"), "{err}");
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn an_abandoned_lease_expires_and_a_held_one_is_renewed() {
    let (db, ks) = lease_keyspace("lease_ttl").await;
    // A migrator that died: its lease has a 2 s TTL and nobody renews it.
    assert_eq!(
        lease::try_acquire(&db, &ks, "crashed", Duration::from_secs(2))
            .await
            .unwrap(),
        None
    );
    let config = LeaseConfig {
        ttl: Duration::from_secs(2),
        renew_every: Duration::from_millis(250),
        wait: Duration::from_secs(20),
        retry_every: Duration::from_millis(100),
    };
    let waited = AtomicUsize::new(0);
    let held = Lease::acquire(&db, &ks, "successor", &config, &|h| {
        assert_eq!(h.owner, "crashed");
        waited.fetch_add(1, Ordering::SeqCst);
    })
    .await
    .unwrap();
    assert_eq!(waited.load(Ordering::SeqCst), 1);

    // Held well past its TTL, the renewal keeps it.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    held.check().unwrap();
    let other = lease::try_acquire(&db, &ks, "intruder", Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(other.unwrap().owner, "successor");
    let renewed = lease::holder(&db, &ks).await.unwrap().unwrap();
    assert!(renewed.renewed > renewed.acquired, "{renewed:?}");

    held.release().await.unwrap();
    assert_eq!(lease::holder(&db, &ks).await.unwrap(), None);
    common::drop_keyspace(&db, &ks).await;
}

#[tokio::test]
async fn a_lease_taken_over_is_reported_lost() {
    let (db, ks) = lease_keyspace("lease_lost").await;
    let config = LeaseConfig {
        ttl: Duration::from_secs(30),
        renew_every: Duration::from_millis(100),
        ..LeaseConfig::default()
    };
    let held = Lease::acquire(&db, &ks, "first", &config, &|_| {})
        .await
        .unwrap();
    held.check().unwrap();
    // An operator unlocks it and another migrator takes it.
    assert_eq!(
        lease::force_release(&db, &ks).await.unwrap().unwrap().owner,
        "first"
    );
    assert_eq!(
        lease::try_acquire(&db, &ks, "second", Duration::from_secs(30))
            .await
            .unwrap(),
        None
    );
    let mut lost = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if held.check().is_err() {
            lost = true;
            break;
        }
    }
    assert!(lost, "the renewal task noticed the takeover");
    assert!(matches!(held.check(), Err(Error::LeaseLost { .. })));
    held.release().await.unwrap();
    // The release of a lost lease leaves the new holder alone.
    assert_eq!(
        lease::holder(&db, &ks).await.unwrap().unwrap().owner,
        "second"
    );
    common::drop_keyspace(&db, &ks).await;
}
