//! The error-accumulating context shared by parsing and checking.
//!
//! Every stage records its errors here, with the span of the user's token, instead of
//! stopping at the first one; the derive then reports them all at once.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// Collects spanned errors. It must be consumed with [`Ctxt::check`], which turns the
/// collected errors into one combined `syn::Error`.
#[must_use = "a Ctxt holds errors: call `check` to report them"]
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// A context with no errors.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records an error spanning the tokens of `obj`.
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, obj: T, msg: M) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(obj.into_token_stream(), msg));
    }

    /// Records an error at one span.
    pub(crate) fn error_at<M: Display>(&self, span: proc_macro2::Span, msg: M) {
        self.errors.borrow_mut().push(syn::Error::new(span, msg));
    }

    /// Records an error produced by `syn` (it already carries its span).
    pub(crate) fn syn_error(&self, err: syn::Error) {
        self.errors.borrow_mut().push(err);
    }

    /// Whether any error has been recorded so far (whole-struct rules stay silent after
    /// attribute errors, which may have hidden the user's intent).
    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// Consumes the context: `Ok` when nothing was recorded, otherwise every error
    /// combined into one, in the order they were found.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_inner().into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                for err in errors {
                    first.combine(err);
                }
                Err(first)
            }
        }
    }
}
