//! The benchmarked operations prepare each statement once: after a warm-up, running every
//! operation again (one at a time and 64 in flight) sends no PREPARE and misses no lookup.
//! Also checks that both sides of the benchmark run the same statements on the same data.

use cql_orm::Model;
use cql_orm_benches::data::{BenchRow, BenchRowPrimaryKey, RawRow};
use cql_orm_benches::local::Local;
use cql_orm_benches::measure::{self, Budget};
use cql_orm_benches::ops::update_tag;
use cql_orm_benches::{raw, Op, Side};

/// Statement-cache lookups one operation makes after warm-up: one per statement, except that
/// a batch of a shape the session has built before reuses that driver batch and its
/// statements without looking anything up.
fn lookups(op: Op) -> u64 {
    match op {
        Op::Batch => 0,
        _ => 1,
    }
}

#[test]
fn no_statement_is_prepared_again_after_warm_up() {
    let local = Local::start(1, 2).unwrap();
    let b = &local.bench;
    local.runtime.block_on(async {
        assert_eq!(
            b.db.cache_stats().prepares,
            0,
            "schema set-up is not prepared"
        );

        for op in Op::ALL {
            b.run(Side::Orm, op, 0).await.unwrap();
        }
        let warm = b.db.cache_stats();
        // insert (shared by the batch), get by key, partition scan, set update.
        assert_eq!(warm.prepares, 4, "{warm:?}");
        assert_eq!(warm.len, 4, "{warm:?}");

        // The raw side's hand-written texts are exactly the ones cql-orm generated.
        for text in [
            raw::insert_text(),
            raw::get_text(),
            raw::scan_text(),
            raw::update_text(),
        ] {
            b.db.prepare(&text).await.unwrap();
        }
        let same = b.db.cache_stats();
        assert_eq!(same.prepares, warm.prepares, "{warm:?} -> {same:?}");
        assert_eq!(same.hits, warm.hits + 4, "{warm:?} -> {same:?}");

        let before = b.db.cache_stats();
        let per_run = 200;
        let mut expected_hits = 0;
        for op in Op::ALL {
            for in_flight in [1, 64] {
                let rate = measure::run(b, Side::Orm, op, in_flight, Budget::Ops(per_run), 1)
                    .await
                    .unwrap();
                assert_eq!(rate.ops, per_run, "{op}, {in_flight} in flight");
                expected_hits += per_run * lookups(op);
            }
        }
        let after = b.db.cache_stats();
        assert_eq!(after.prepares, before.prepares, "{before:?} -> {after:?}");
        assert_eq!(after.misses, before.misses, "{before:?} -> {after:?}");
        assert_eq!(after.evictions, 0, "{after:?}");
        assert_eq!(after.len, 4, "{after:?}");
        assert_eq!(
            after.hits - before.hits,
            expected_hits,
            "{before:?} -> {after:?}"
        );
    });
}

#[test]
fn both_sides_write_and_read_the_same_rows() {
    let local = Local::start(1, 2).unwrap();
    let b = &local.bench;
    local.runtime.block_on(async {
        let session = b.db.scylla();
        for i in [0u64, 1, 4_321, 9_999] {
            let (model, raw_row) = b.data.keyed(i);
            assert!(model == raw_row, "the data differs for row {i}");
            let key = BenchRowPrimaryKey {
                part: model.part,
                seq: model.seq,
            };
            // Written by the raw side, read by both.
            b.run(Side::Raw, Op::Insert, i).await.unwrap();
            let via_orm = BenchRow::get(&b.ks, key).await.unwrap().unwrap();
            let via_raw: RawRow = session
                .execute_unpaged(
                    &b.raw.get,
                    raw::Key {
                        part: model.part,
                        seq: model.seq,
                    },
                )
                .await
                .unwrap()
                .into_rows_result()
                .unwrap()
                .single_row()
                .unwrap();
            assert_eq!(&via_orm, model);
            assert_eq!(&via_raw, raw_row);

            // Each side's update adds its tag: the ORM's to row i, the raw side's to row i + 1.
            b.run(Side::Raw, Op::Insert, i + 1).await.unwrap();
            b.run(Side::Orm, Op::Update, i).await.unwrap();
            b.run(Side::Raw, Op::Update, i + 1).await.unwrap();
            for (j, other) in [(i, update_tag(i + 1)), (i + 1, update_tag(i))] {
                let (written, _) = b.data.keyed(j);
                let key = BenchRowPrimaryKey {
                    part: written.part,
                    seq: written.seq,
                };
                let updated = BenchRow::get(&b.ks, key).await.unwrap().unwrap();
                assert!(updated.tags.contains(update_tag(j)), "{updated:?}");
                assert!(!updated.tags.contains(other), "{updated:?}");
                assert_eq!(updated.tags.len(), written.tags.len() + 1, "{updated:?}");
            }
        }

        // A batch from either side writes the same hundred rows.
        for side in [Side::Orm, Side::Raw] {
            b.run(side, Op::Batch, 3).await.unwrap();
            let (rows, _) = b.data.batch(3);
            let read = BenchRow::select()
                .partition(cql_orm_benches::data::BenchRowPartitionKey { part: rows[0].part })
                .all(&b.ks)
                .await
                .unwrap();
            assert_eq!(read, rows, "{side}");
        }

        // Both scans read the 1,000-row partition (checked inside `run`).
        b.run(Side::Orm, Op::Scan, 0).await.unwrap();
        b.run(Side::Raw, Op::Scan, 0).await.unwrap();
    });
}
