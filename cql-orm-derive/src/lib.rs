//! Derive macros for cql-orm.
