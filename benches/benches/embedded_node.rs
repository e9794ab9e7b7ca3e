//! Criterion: the embedded node's throughput for prepared inserts and reads by key on one
//! connection, from 1 to 64 requests in flight (raw driver client, same process).

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use std::time::Duration;

use cql_orm_benches::local::Local;
use cql_orm_benches::measure::{self, Budget};
use cql_orm_benches::{Op, Side};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn embedded_node(c: &mut Criterion) {
    let local = match Local::start(2, 2) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("embedded_node: {e}");
            std::process::exit(1);
        }
    };
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
                        let run = local.runtime.block_on(measure::run(
                            &local.bench,
                            Side::Raw,
                            op,
                            in_flight,
                            Budget::Ops(iters),
                            first,
                        ));
                        match run {
                            Ok(rate) => {
                                first += rate.ops;
                                rate.elapsed
                            }
                            Err(e) => {
                                eprintln!("embedded_node: {op}: {e}");
                                std::process::exit(1);
                            }
                        }
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
