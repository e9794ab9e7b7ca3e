//! Criterion: the embedded node's throughput for prepared inserts and reads by key on one
//! connection, from 1 to 64 requests in flight (raw driver client, same process).

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::time::Duration;

use cql_orm_benches::local::Local;
use cql_orm_benches::{Op, Side};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn embedded_node(c: &mut Criterion) {
    let local = Local::start_or_exit("embedded_node", 2, 2);
    for (name, op) in [("node_insert", Op::Insert), ("node_get", Op::Get)] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(1));
        for in_flight in [1usize, 2, 4, 8, 16, 32, 64] {
            let mut first = 0;
            group.bench_with_input(
                BenchmarkId::from_parameter(in_flight),
                &in_flight,
                |b, &in_flight| {
                    b.iter_custom(|iters| {
                        let what = (Side::Raw, op, in_flight);
                        local.timed("embedded_node", what, iters, &mut first)
                    })
                },
            );
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
    targets = embedded_node
}
criterion_main!(benches);
