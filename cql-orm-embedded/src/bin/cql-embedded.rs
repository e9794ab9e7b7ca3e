//! `cql-embedded`: runs the embedded CQL node as a process.

fn main() {}
