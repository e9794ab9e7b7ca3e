//! Statement builders: [`Select`], [`Insert`], [`Update`], [`Delete`] and [`Batch`], with the
//! type-level rules (see [`state`]) that turn invalid CQL into compile errors.
//!
//! Rules checked when the program compiles (each has a trybuild case in
//! `tests/ui/query/`): a column of another model; a value of the wrong type; a range, filter
//! or ordering on a partition key column; a clustering restriction that skips an earlier
//! clustering column; a restriction after a range; a filter on a non-key, non-indexed column
//! without `allow_filtering()`; ORDER BY on a non-clustering column or without the partition
//! key; `get` without the full primary key; `set` on a primary key column; `set` or insert on
//! a counter, TTL on a counter update; a collection operation on a non-collection or with the
//! wrong element type; `if_exists` together with `if_` conditions; a counter statement in a
//! non-counter batch and the reverse.
//!
//! Rules checked at run time (typed [`crate::Error`]): an empty partition key
//! ([`crate::Error::Validation`]), a malformed paging cursor, and everything the server
//! decides (e.g. `IN` on the partition key together with ORDER BY and paging).

pub(crate) mod assignment;
pub(crate) mod batch;
mod batch_parts;
pub mod cond;
pub(crate) mod conditional_batch;
pub(crate) mod delete;
pub mod expr;
pub(crate) mod insert;
mod lwt;
mod page;
pub(crate) mod range_delete;
pub(crate) mod select;
pub mod selector;
mod split;
pub mod state;
mod token;
pub(crate) mod update;
pub(crate) mod values;

pub use batch::{Batch, BatchKind, BatchStatement};
pub use conditional_batch::{AcceptsConditionalBatch, ConditionalBatch, ConditionalStatement};
pub use delete::Delete;
pub use expr::{ops, Bindable, Expr, Ordering};
pub use insert::{Insert, InsertCondition};
pub use lwt::{LwtResult, RejectedRow};
pub use page::{Cursor, Page};
pub use range_delete::{RangeDelete, RangeDeleteKind, RangeStep};
pub use select::{Projection, Select};
pub use selector::{Selector, TimedColumn, Ttl, WriteTime};
pub use split::{insert_by_partition, SplitLimits, SplitReport};
pub use token::TokenRange;
pub use update::{
    scope, Assignable, Assigned, HasAssignment, NoAssignment, SupportsTtl, Update, UpdateScope,
};
