//! Code generation. Runs only on a checked IR and never fails on user input; when parsing
//! or checking found errors, it emits them beside fallback items so the user sees only the
//! real errors.

mod columns;
mod fallback;
mod model;
mod projection;
mod statements;
mod tokens;
mod user_type;
mod visibility;

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::internals::ast::{Model, UserType};
use crate::internals::check;
use crate::internals::ctxt::Ctxt;

/// `#[derive(Model)]`: parse, check, then expand, or report the errors beside a fallback.
pub(crate) fn model(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let model = Model::from_ast(&cx, input);
    if let Some(m) = &model {
        check::model(&cx, m);
    }
    match (cx.check(), model) {
        (Ok(()), Some(m)) => Ok(model::expand(&m)),
        (Err(err), m) => {
            let mut out = err.into_compile_error();
            out.extend(fallback::model(input, m.as_ref()));
            Ok(out)
        }
        (Ok(()), None) => Err(syn::Error::new_spanned(
            &input.ident,
            "`Model` could not read this struct",
        )),
    }
}

/// `#[derive(UserType)]`: parse, check, then expand, or report the errors beside a
/// fallback.
pub(crate) fn user_type(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let udt = UserType::from_ast(&cx, input);
    if let Some(t) = &udt {
        check::user_type(&cx, t);
    }
    match (cx.check(), udt) {
        (Ok(()), Some(t)) => Ok(user_type::expand(&t)),
        (Err(err), t) => {
            let mut out = err.into_compile_error();
            out.extend(fallback::user_type(input, t.as_ref()));
            Ok(out)
        }
        (Ok(()), None) => Err(syn::Error::new_spanned(
            &input.ident,
            "`UserType` could not read this struct",
        )),
    }
}

/// `#[derive(Projection)]`: parse and expand, or report the errors (no fallback is needed:
/// nothing names items a projection would generate).
pub(crate) fn projection(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let p = crate::internals::projection::Projection::from_ast(&cx, input);
    match (cx.check(), p) {
        (Ok(()), Some(p)) => Ok(projection::expand(&p)),
        (Err(err), _) => Err(err),
        (Ok(()), None) => Err(syn::Error::new_spanned(
            &input.ident,
            "`Projection` could not read this struct",
        )),
    }
}
