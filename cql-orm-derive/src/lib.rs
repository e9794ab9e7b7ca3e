//! Derive macros for cql-orm: `#[derive(Model)]` maps a struct to a CQL table,
//! `#[derive(UserType)]` maps a struct to a CQL user-defined type, `#[derive(Projection)]`
//! reads some columns of a model into a struct.
//!
//! Use them through the `cql_orm` crate, which re-exports both; the attribute reference
//! lives in its documentation.

mod expand;
mod internals;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `cql_orm::Model` for a struct mapped to a CQL table.
#[proc_macro_derive(Model, attributes(cql))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::model(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `cql_orm::UserType` for a struct mapped to a CQL user-defined type.
#[proc_macro_derive(UserType, attributes(cql))]
pub fn derive_user_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::user_type(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `cql_orm::query::Projection` for a struct read from some columns of a model:
/// `#[cql(model = UserEvent)]` on the struct; each field reads the model's column of the same
/// name, or `#[cql(column = field)]`, `#[cql(ttl = field)]`, `#[cql(writetime = field)]`.
#[proc_macro_derive(Projection, attributes(cql))]
pub fn derive_projection(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::projection(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[cfg(test)]
mod snapshot_tests;
