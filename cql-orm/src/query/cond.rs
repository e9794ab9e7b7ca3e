//! Type-level state of `IF` clauses on UPDATE and DELETE.

use scylla::response::query_result::QueryResult;

use crate::error::Result;
use crate::query::expr::ops;
use crate::query::lwt::{read_lwt, rejected_row, LwtResult, RejectedRow};

/// No `IF` clause.
#[derive(Debug)]
pub struct NoCond;
/// `IF EXISTS`.
#[derive(Debug)]
pub struct IfExists;
/// `IF <conditions>`.
#[derive(Debug)]
pub struct IfConds;

/// A statement that may take (more) `IF` conditions.
#[diagnostic::on_unimplemented(
    message = "`IF EXISTS` cannot be combined with `IF` conditions",
    label = "this statement already has `.if_exists()`",
    note = "use either `.if_exists()` or `.if_(...)` conditions"
)]
pub trait AcceptsConditions {}
impl AcceptsConditions for NoCond {}
impl AcceptsConditions for IfConds {}

/// A statement that may take `IF EXISTS`.
#[diagnostic::on_unimplemented(
    message = "`IF EXISTS` cannot be combined with `IF` conditions",
    label = "this statement already has `IF` conditions (or `IF EXISTS`)",
    note = "use either `.if_exists()` or `.if_(...)` conditions"
)]
pub trait AcceptsIfExists {}
impl AcceptsIfExists for NoCond {}

/// A table whose writes may carry `IF` conditions (every table but counter tables).
#[diagnostic::on_unimplemented(
    message = "counter tables take no IF conditions",
    label = "`{Self}` has counter columns",
    note = "Cassandra supports no lightweight transactions on counter tables"
)]
pub trait SupportsConditions {}
impl SupportsConditions for crate::model::table_kind::RegularTable {}

/// Whether the statement is a lightweight transaction, and what executing it returns.
pub trait CondState {
    /// `true` for `IF EXISTS` and `IF <conditions>`.
    const LWT: bool;
    /// `()` for plain statements, [`LwtResult<RejectedRow>`] for conditional ones.
    type Output;
    /// Reads the result of the statement.
    fn finish(table: &'static str, result: QueryResult) -> Result<Self::Output>;
}
impl CondState for NoCond {
    const LWT: bool = false;
    type Output = ();
    fn finish(_table: &'static str, _result: QueryResult) -> Result<()> {
        Ok(())
    }
}
impl CondState for IfExists {
    const LWT: bool = true;
    type Output = LwtResult<RejectedRow>;
    fn finish(table: &'static str, result: QueryResult) -> Result<Self::Output> {
        read_lwt(table, result, |rows| rejected_row(table, rows))
    }
}
impl CondState for IfConds {
    const LWT: bool = true;
    type Output = LwtResult<RejectedRow>;
    fn finish(table: &'static str, result: QueryResult) -> Result<Self::Output> {
        read_lwt(table, result, |rows| rejected_row(table, rows))
    }
}

/// An operation allowed in an `IF` condition.
#[diagnostic::on_unimplemented(
    message = "this operation cannot be used in an `IF` condition",
    label = "conditions take `eq`, `ne`, `lt`, `le`, `gt`, `ge` or `in_`"
)]
pub trait CondOp {}
impl CondOp for ops::Eq {}
impl CondOp for ops::Ne {}
impl CondOp for ops::Range {}
impl CondOp for ops::In {}
