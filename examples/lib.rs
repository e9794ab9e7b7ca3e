//! Runnable programs for cql-orm live in this package's examples; see the README.
