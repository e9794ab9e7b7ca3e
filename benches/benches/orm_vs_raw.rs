//! Criterion: every operation through cql-orm and through the raw driver, one at a time and
//! with 64 requests in flight, against one embedded node.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::time::Duration;

use cql_orm_benches::local::Local;
use cql_orm_benches::{Op, Side};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn orm_vs_raw(c: &mut Criterion) {
    let local = Local::start_or_exit("orm_vs_raw", 2, 2);
    for op in Op::ALL {
        let mut group = c.benchmark_group(format!("{op:?}").to_lowercase());
        group.throughput(Throughput::Elements(1));
        for in_flight in [1usize, 64] {
            for side in [Side::Orm, Side::Raw] {
                let id = BenchmarkId::new(side.to_string(), in_flight);
                let mut first = 0;
                group.bench_function(id, |b| {
                    b.iter_custom(|iters| {
                        local.timed("orm_vs_raw", (side, op, in_flight), iters, &mut first)
                    })
                });
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = orm_vs_raw
}
criterion_main!(benches);
