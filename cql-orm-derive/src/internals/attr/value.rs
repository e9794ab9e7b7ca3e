//! Reading the value after `key =` in `#[cql(...)]`, with errors at the value's token.
//!
//! Each reader consumes the value's tokens whatever they are, so one malformed value does
//! not hide the errors in the keys after it.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Expr, ExprLit, Lit, LitStr, Token};

use crate::internals::ctxt::Ctxt;

/// A value with the span of its token.
#[derive(Clone, Debug)]
pub(crate) struct Spanned<T> {
    /// The value.
    pub(crate) value: T,
    /// Where the value (or, for flags, the key) was written.
    pub(crate) span: Span,
    /// Where the key was written.
    pub(crate) key: Span,
}

/// The key of the meta item as written (`type`, `static` and `crate` included).
pub(crate) fn key_name(meta: &ParseNestedMeta<'_>) -> String {
    meta.path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// Consumes whatever follows the key (`= expr` or `(...)`), if anything.
pub(crate) fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        meta.input.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::Group>()?;
    }
    Ok(())
}

/// Whether a value (`= ...`) follows the key.
pub(crate) fn has_value(meta: &ParseNestedMeta<'_>) -> bool {
    meta.input.peek(Token![=])
}

/// Whether a parenthesised list follows the key.
pub(crate) fn has_list(meta: &ParseNestedMeta<'_>) -> bool {
    meta.input.peek(syn::token::Paren)
}

/// Reads `= <expr>`; without `=`, records "`key` needs a value" and returns `None`.
pub(crate) fn expr(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<Expr>> {
    if !has_value(meta) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{key}` needs a value, as in `{example}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    meta.input.parse::<Token![=]>()?;
    Ok(Some(meta.input.parse::<Expr>()?))
}

/// Reads `key = "string"`.
pub(crate) fn string(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    example: &str,
) -> syn::Result<Option<Spanned<String>>> {
    let Some(e) = expr(cx, meta, key, example)? else {
        return Ok(None);
    };
    Ok(as_string(cx, &e, key, example).map(|s| Spanned {
        key: meta.path.span(),
        ..s
    }))
}

/// Interprets an already read value as a string literal.
pub(crate) fn as_string(cx: &Ctxt, e: &Expr, key: &str, example: &str) -> Option<Spanned<String>> {
    match e {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(Spanned {
            value: s.value(),
            span: s.span(),
            key: s.span(),
        }),
        other => {
            cx.error_spanned_by(
                other,
                format!("`{key}` expects a string literal, as in `{example}`"),
            );
            None
        }
    }
}

/// Interprets an already read value as the string literal itself (for parsing it further).
pub(crate) fn as_lit_str(cx: &Ctxt, e: &Expr, key: &str, example: &str) -> Option<LitStr> {
    match e {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.clone()),
        other => {
            cx.error_spanned_by(
                other,
                format!("`{key}` expects a string literal, as in `{example}`"),
            );
            None
        }
    }
}

/// Reads `key = ident` where the identifier is one of `choices`.
pub(crate) fn keyword(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    choices: &[&str],
) -> syn::Result<Option<Spanned<String>>> {
    let example = format!("{key} = {}", choices.first().copied().unwrap_or_default());
    let Some(e) = expr(cx, meta, key, &example)? else {
        return Ok(None);
    };
    let word = match &e {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(|i| i.to_string()),
        _ => None,
    };
    match word {
        Some(w) if choices.contains(&w.as_str()) => Ok(Some(Spanned {
            value: w,
            span: e.span(),
            key: meta.path.span(),
        })),
        _ => {
            cx.error_spanned_by(
                &e,
                format!("`{key}` expects one of: {}", choices.join(", ")),
            );
            Ok(None)
        }
    }
}

/// Interprets a value as a non-negative integer no larger than `max`.
pub(crate) fn as_uint(
    cx: &Ctxt,
    e: &Expr,
    key: &str,
    max: u64,
    unit: &str,
) -> Option<Spanned<u64>> {
    let bad = |cx: &Ctxt| {
        cx.error_spanned_by(
            e,
            format!("`{key}` expects a whole number of {unit} from 0 to {max}"),
        );
        None
    };
    match e {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) if i.suffix().is_empty() => match i.base10_parse::<u64>() {
            Ok(v) if v <= max => Some(Spanned {
                value: v,
                span: i.span(),
                key: i.span(),
            }),
            _ => bad(cx),
        },
        _ => bad(cx),
    }
}

/// Interprets a value as a decimal number in `[min, max]`, keeping its written form.
pub(crate) fn as_fraction(
    cx: &Ctxt,
    e: &Expr,
    key: &str,
    min: f64,
    max: f64,
) -> Option<Spanned<String>> {
    let text_and_value = match e {
        Expr::Lit(ExprLit {
            lit: Lit::Float(f), ..
        }) if f.suffix().is_empty() => f
            .base10_parse::<f64>()
            .ok()
            .map(|v| (f.base10_digits().to_owned(), v, f.span())),
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) if i.suffix().is_empty() => i
            .base10_parse::<f64>()
            .ok()
            .map(|v| (i.base10_digits().to_owned(), v, i.span())),
        _ => None,
    };
    match text_and_value {
        Some((text, v, span)) if (min..=max).contains(&v) => Some(Spanned {
            value: text,
            span,
            key: span,
        }),
        _ => {
            cx.error_spanned_by(e, format!("`{key}` expects a number from {min} to {max}"));
            None
        }
    }
}

/// Records "`key` takes no value" at the value when a flag key is given `= ...` or
/// `(...)`, and consumes the value; the flag still counts as set, so the mistake causes no
/// follow-on errors.
pub(crate) fn flag(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<Option<Span>> {
    let msg = format!("`{key}` is a flag and takes no value: write `{key}`");
    if has_value(meta) {
        meta.input.parse::<Token![=]>()?;
        let e: Expr = meta.input.parse()?;
        cx.error_spanned_by(&e, msg);
    } else if has_list(meta) {
        let g: proc_macro2::Group = meta.input.parse()?;
        cx.error_at(g.span(), msg);
    }
    Ok(Some(meta.path.span()))
}
