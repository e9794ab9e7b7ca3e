//! Validation of the IR: every rule of "What the compiler must refuse" that can be decided
//! from the struct's spelling, each reported at the user's token in CQL terms.

mod model;
mod user_type;

use std::collections::HashMap;

use super::ast::Name;
use super::ctxt::Ctxt;
use super::ident::{self, NameKind};

pub(crate) use model::model;
pub(crate) use user_type::user_type;

/// Records an error when `name` is not a valid CQL name of `kind`.
fn identifier(cx: &Ctxt, kind: NameKind, name: &Name) {
    if let Err(msg) = ident::validate(kind, &name.value) {
        cx.error_at(name.span, msg);
    }
}

/// Records an error for every name already taken by an earlier field.
fn unique_names<'a>(cx: &Ctxt, what: &str, names: impl Iterator<Item = (&'a Name, String)>) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (name, field) in names {
        match seen.get(name.value.as_str()) {
            Some(first) => cx.error_at(
                name.span,
                format!(
                    "two fields map to {what} `{}`: `{first}` and `{field}`",
                    name.value
                ),
            ),
            None => {
                seen.insert(&name.value, field);
            }
        }
    }
}
