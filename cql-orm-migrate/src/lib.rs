//! Schema migration for cql-orm models.
//!
//! This crate will hold the schema snapshot model, introspection from `system_schema`,
//! the diff, the plan and the apply engine behind the `cql-migrate` binary. It currently
//! exposes nothing: the model of the schema lives in `cql_orm::Schema`.
