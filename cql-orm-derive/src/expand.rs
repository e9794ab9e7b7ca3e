//! Code generation. Runs only on a checked IR and never fails on user input; when the
//! checks found errors, it emits them beside fallback items so the user sees only the
//! real errors.

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::internals::ast::{Model, UserType};
use crate::internals::check;
use crate::internals::ctxt::Ctxt;

/// `#[derive(Model)]`: parse, check, then expand or fall back.
pub(crate) fn model(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let model = Model::from_ast(&cx, input);
    if let Some(m) = &model {
        check::model(&cx, m);
    }
    match (cx.check(), model) {
        (Ok(()), Some(m)) => Ok(TokenStream::new()),
        (Err(err), _) => Ok(err.into_compile_error()),
        (Ok(()), None) => Err(syn::Error::new_spanned(
            &input.ident,
            "`Model` could not read this struct",
        )),
    }
}

/// `#[derive(UserType)]`: parse, check, then expand or fall back.
pub(crate) fn user_type(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let udt = UserType::from_ast(&cx, input);
    if let Some(t) = &udt {
        check::user_type(&cx, t);
    }
    match (cx.check(), udt) {
        (Ok(()), Some(_)) => Ok(TokenStream::new()),
        (Err(err), _) => Ok(err.into_compile_error()),
        (Ok(()), None) => Err(syn::Error::new_spanned(
            &input.ident,
            "`UserType` could not read this struct",
        )),
    }
}
