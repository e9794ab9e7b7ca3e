//! The figures of one run and their rendering as one markdown table.

use std::fmt::Write as _;

use crate::measure::{AllocsPerOp, Comparison, StreamRun};
use crate::ops::Op;

/// DESIGN.md's floor for the embedded node, one request at a time (2x a Cassandra 4.0 node).
pub const NODE_TARGET_SEQUENTIAL: f64 = 7_600.0;
/// The floor for inserts with 64 in flight.
pub const NODE_TARGET_INSERT_64: f64 = 80_000.0;
/// The floor for key reads with 64 in flight.
pub const NODE_TARGET_GET_64: f64 = 60_000.0;
/// The acceptance bound on cql-orm's cost relative to the raw driver.
pub const MAX_RATIO: f64 = 1.05;

/// Everything one run of `perf-table` measured.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// The machine, as one line.
    pub machine: String,
    /// cql-orm against the raw driver: operation, requests in flight, medians.
    pub comparisons: Vec<(Op, usize, Comparison)>,
    /// The embedded node driven by the raw driver on one connection: operation, requests in
    /// flight, ops/s, process CPU µs per operation.
    pub node: Vec<(Op, usize, f64, f64)>,
    /// Client allocations per operation: operation, cql-orm, raw.
    pub allocs: Vec<(Op, AllocsPerOp, AllocsPerOp)>,
    /// Streams of whole partitions through `Select::stream`.
    pub streams: Vec<StreamRun>,
}

/// `12,345` (rounded to an integer).
pub fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A byte count in KiB or MiB.
pub fn bytes(b: f64) -> String {
    if b.abs() >= 1024.0 * 1024.0 {
        format!("{:.2} MiB", b / (1024.0 * 1024.0))
    } else if b.abs() >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    }
}

fn node_target(op: Op, in_flight: usize) -> Option<f64> {
    match (op, in_flight) {
        (Op::Insert | Op::Get, 1) => Some(NODE_TARGET_SEQUENTIAL),
        (Op::Insert, 64) => Some(NODE_TARGET_INSERT_64),
        (Op::Get, 64) => Some(NODE_TARGET_GET_64),
        _ => None,
    }
}

/// Renders the figures as one markdown table (with a title line and a legend).
pub fn render(f: &Figures) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Machine: {}", f.machine);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| measurement | in flight | cql-orm | raw driver | cql-orm / raw | CPU per op: cql-orm / raw |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    if !f.comparisons.is_empty() {
        let _ = writeln!(
            s,
            "| **operations per second** (median of interleaved rounds) | | | | | |"
        );
        for (op, n, c) in &f.comparisons {
            let _ = writeln!(
                s,
                "| {op} | {n} | {} | {} | {:.3}{} | {:.3}{} ({:.1} / {:.1} µs) |",
                thousands(c.orm),
                thousands(c.raw),
                c.ratio(),
                mark(c.ratio() <= MAX_RATIO),
                c.cpu_ratio(),
                mark(c.cpu_ratio() <= MAX_RATIO),
                c.orm_cpu,
                c.raw_cpu,
            );
        }
    }
    if !f.node.is_empty() {
        let _ = writeln!(
            s,
            "| **embedded node**, raw driver, one connection: ops/s (floor) | | | | | |"
        );
        for (op, n, rate, cpu) in &f.node {
            let target = match node_target(*op, *n) {
                Some(t) => format!(" (≥ {}{})", thousands(t), mark(*rate >= t)),
                None => String::new(),
            };
            let _ = writeln!(
                s,
                "| node: prepared {} | {n} | | {}{target} | | {cpu:.1} µs |",
                match op {
                    Op::Get => "select by key",
                    _ => "insert",
                },
                thousands(*rate)
            );
        }
    }
    if !f.allocs.is_empty() {
        let _ = writeln!(
            s,
            "| **client allocations per operation** (bytes requested) | | | | | |"
        );
        for (op, orm, raw) in &f.allocs {
            let ratio = if raw.allocs > 0.0 {
                format!("{:.2}", orm.allocs / raw.allocs)
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "| {op} | 1 | {:.1} ({}) | {:.1} ({}) | {ratio} | |",
                orm.allocs,
                bytes(orm.bytes),
                raw.allocs,
                bytes(raw.bytes)
            );
        }
    }
    if !f.streams.is_empty() {
        let _ = writeln!(
            s,
            "| **streaming one partition** through `Select::stream`: client heap high-water mark (rows/s) | | | | | |"
        );
        for run in &f.streams {
            let rate = run.rows as f64 / run.elapsed.as_secs_f64().max(1e-9);
            let _ = writeln!(
                s,
                "| {} rows | 1 | {} ({} rows/s) | | | |",
                thousands(run.rows as f64),
                bytes(run.peak_bytes as f64),
                thousands(rate)
            );
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "cql-orm / raw: cql-orm's cost per operation over the raw driver's (raw ops/s ÷ cql-orm \
         ops/s; for allocations, cql-orm's count ÷ raw's). CPU per op: the process's CPU time \
         (client and node threads) per operation, median of the same rounds. ✗ marks a ratio \
         above {MAX_RATIO:.2} or a node figure below its floor."
    );
    s
}

fn mark(ok: bool) -> &'static str {
    if ok {
        ""
    } else {
        " ✗"
    }
}

/// The CPU model and core count of this machine.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores, {}", std::env::consts::OS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0.4), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(thousands(-45678.0), "-45,678");
    }

    #[test]
    fn bytes_picks_a_unit() {
        assert_eq!(bytes(512.0), "512 B");
        assert_eq!(bytes(2048.0), "2.0 KiB");
        assert_eq!(bytes(3.0 * 1024.0 * 1024.0), "3.00 MiB");
    }
}
