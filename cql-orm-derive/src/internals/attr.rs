//! Strict parsing of `#[cql(...)]` on the struct and its fields.
//!
//! Unknown keys are errors listing the valid keys, a key given twice is an error at its
//! second occurrence, and a malformed value is an error at the value; parsing goes on
//! after each so the user sees every mistake at once.

pub(crate) mod field;
mod options;
mod value;

use std::collections::HashSet;

use syn::meta::ParseNestedMeta;
use syn::{Attribute, Meta};

pub(crate) use field::{field, FieldAttrs};
pub(crate) use options::{OptionValue, TableOption};
pub(crate) use value::Spanned;

use super::case::RenameRule;
use super::ctxt::Ctxt;

/// Which derive is reading the attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Derive {
    /// `#[derive(Model)]`.
    Model,
    /// `#[derive(UserType)]`.
    UserType,
    /// `#[derive(Projection)]`.
    Projection,
}

impl Derive {
    /// The derive's name, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Derive::Model => "Model",
            Derive::UserType => "UserType",
            Derive::Projection => "Projection",
        }
    }

    fn container_keys(self) -> &'static [&'static str] {
        match self {
            Derive::Model => &["table", "keyspace", "rename_all", "options", "crate"],
            Derive::UserType => &["name", "rename_all", "crate"],
            Derive::Projection => &["model", "crate"],
        }
    }

    fn field_keys(self) -> &'static [&'static str] {
        match self {
            Derive::Model => &[
                "partition_key",
                "clustering_key",
                "order",
                "static",
                "index",
                "name",
                "type",
                "skip",
                "default",
            ],
            Derive::UserType => &["name", "type"],
            Derive::Projection => &["column", "ttl", "writetime"],
        }
    }
}

/// Where an attribute sits: it decides which keys are valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Container,
    Field,
}

/// The struct-level `#[cql(...)]` keys.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    /// `table = "..."` (models).
    pub(crate) table: Option<Spanned<String>>,
    /// `keyspace = "..."` (models).
    pub(crate) keyspace: Option<Spanned<String>>,
    /// `name = "..."` (user types).
    pub(crate) type_name: Option<Spanned<String>>,
    /// `rename_all = "..."`.
    pub(crate) rename_all: Option<Spanned<RenameRule>>,
    /// `options(...)` (models), in the order written.
    pub(crate) options: Vec<TableOption>,
    /// `crate = "..."`: the path of the runtime crate.
    pub(crate) krate: Option<syn::Path>,
    /// `model = Path` (projections): the model the columns come from.
    pub(crate) model: Option<syn::Path>,
}

/// Reads the struct-level attributes.
pub(crate) fn container(cx: &Ctxt, derive: Derive, attrs: &[Attribute]) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    each_key(cx, derive, Level::Container, attrs, |meta, key| {
        match key {
            "table" => out.table = value::string(cx, meta, key, "table = \"user_events\"")?,
            "keyspace" => out.keyspace = value::string(cx, meta, key, "keyspace = \"app\"")?,
            "name" => out.type_name = value::string(cx, meta, key, "name = \"address\"")?,
            "rename_all" => {
                if let Some(s) = value::string(cx, meta, key, "rename_all = \"camelCase\"")? {
                    match RenameRule::from_name(&s.value) {
                        Some(rule) => {
                            out.rename_all = Some(Spanned {
                                value: rule,
                                span: s.span,
                                key: s.key,
                            })
                        }
                        None => cx.error_at(
                            s.span,
                            format!(
                                "unknown `rename_all` rule \"{}\"; expected one of: {}",
                                s.value,
                                RenameRule::expected()
                            ),
                        ),
                    }
                }
            }
            "options" => options::parse(cx, meta, &mut out.options)?,
            "model" => {
                if let Some(e) = value::expr(cx, meta, key, "model = UserEvent")? {
                    match e {
                        syn::Expr::Path(p) if p.qself.is_none() => out.model = Some(p.path),
                        other => cx.error_spanned_by(
                            other,
                            "`model` expects the path of a `#[derive(Model)]` struct, as in `model = UserEvent`",
                        ),
                    }
                }
            }
            "crate" => {
                if let Some(e) = value::expr(cx, meta, key, "crate = \"::cql_orm\"")? {
                    if let Some(lit) = value::as_lit_str(cx, &e, key, "crate = \"::cql_orm\"") {
                        match lit.parse::<syn::Path>() {
                            Ok(path) => out.krate = Some(path),
                            Err(_) => cx.error_spanned_by(
                                &lit,
                                format!(
                                    "`crate` expects a path such as \"::cql_orm\", not \"{}\"",
                                    lit.value()
                                ),
                            ),
                        }
                    }
                }
            }
            _ => value::skip_value(meta)?,
        }
        Ok(())
    });
    out
}

/// Calls `f` once per `#[cql(...)]` key that is valid here and not a duplicate; unknown
/// and duplicate keys are recorded in `cx` and their values skipped.
fn each_key<F>(cx: &Ctxt, derive: Derive, level: Level, attrs: &[Attribute], mut f: F)
where
    F: FnMut(&ParseNestedMeta<'_>, &str) -> syn::Result<()>,
{
    let (valid, other) = match level {
        Level::Container => (derive.container_keys(), derive.field_keys()),
        Level::Field => (derive.field_keys(), derive.container_keys()),
    };
    let mut seen: HashSet<String> = HashSet::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("cql")) {
        if !matches!(attr.meta, Meta::List(_)) {
            cx.error_spanned_by(
                attr,
                format!(
                    "expected `#[cql(...)]` with keys; valid keys here: {}",
                    valid.join(", ")
                ),
            );
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = value::key_name(&meta);
            if !valid.contains(&key.as_str()) {
                let place = match level {
                    Level::Container => "struct",
                    Level::Field => "field",
                };
                let hint = if other.contains(&key.as_str()) {
                    let there = match level {
                        Level::Container => "a field",
                        Level::Field => "the struct",
                    };
                    format!("`{key}` belongs on {there}; ")
                } else {
                    format!("unknown `cql` key `{key}`; ")
                };
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "{hint}valid `{}` {place} keys are: {}",
                        derive.name(),
                        valid.join(", ")
                    ),
                );
                return value::skip_value(&meta);
            }
            if !seen.insert(key.clone()) {
                cx.error_spanned_by(&meta.path, format!("duplicate `cql` key `{key}`"));
                return value::skip_value(&meta);
            }
            f(&meta, &key)
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
}
