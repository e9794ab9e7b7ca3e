//! Parsing, the intermediate representation and its checks: everything that can fail on
//! user input happens here, never in `expand`.

pub(crate) mod ast;
pub(crate) mod attr;
pub(crate) mod case;
pub(crate) mod check;
pub(crate) mod cql_type;
pub(crate) mod ctxt;
pub(crate) mod ident;
pub(crate) mod projection;
pub(crate) mod shape;
