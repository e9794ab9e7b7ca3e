//! Rules for `#[derive(UserType)]`.

use crate::internals::ast::{UserType, ValueKind};
use crate::internals::ctxt::Ctxt;
use crate::internals::ident::NameKind;

/// Validates a user-defined type, recording every violation in `cx`.
pub(crate) fn user_type(cx: &Ctxt, t: &UserType<'_>) {
    super::identifier(cx, NameKind::Type, &t.name);
    if t.fields.is_empty() {
        cx.error_spanned_by(
            t.ident,
            format!(
                "user-defined type `{}` needs at least one field",
                t.name.value
            ),
        );
    }
    for f in &t.fields {
        super::identifier(cx, NameKind::Field, &f.name);
        if f.kind == ValueKind::Counter {
            let msg = format!(
                "field `{}` of user-defined type `{}` cannot be a counter",
                f.name.value, t.name.value
            );
            match &f.attrs.cql_type {
                Some(ty) => cx.error_at(ty.span, msg),
                None => cx.error_spanned_by(f.ty, msg),
            }
        }
    }
    super::unique_names(
        cx,
        "field",
        t.fields.iter().map(|f| (&f.name, f.ident.to_string())),
    );
}
