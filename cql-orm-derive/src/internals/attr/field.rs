//! Field-level `#[cql(...)]` keys.

use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::Attribute;

use super::value::{self, Spanned};
use super::{each_key, Derive, Level};
use crate::internals::cql_type::CqlType;
use crate::internals::ctxt::Ctxt;

/// Clustering order of a clustering column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// `ASC` (the default).
    Asc,
    /// `DESC`.
    Desc,
}

/// What a secondary index covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IndexTarget {
    /// `index`: the column value (for a non-frozen list or set: its values).
    Column,
    /// `index = "values"`: the values of a collection.
    Values,
    /// `index = "keys"`: the keys of a map.
    Keys,
    /// `index = "entries"`: the entries of a map.
    Entries,
    /// `index = "full"`: a whole frozen collection.
    Full,
}

/// How a field is filled when its column is null (`default`) or absent (`skip`).
#[derive(Clone, Debug)]
pub(crate) enum DefaultValue {
    /// `default`: `Default::default()`.
    Trait,
    /// `default = "path"`: calls the function at `path`.
    Path(syn::ExprPath),
}

/// The field-level `#[cql(...)]` keys; for flags the span is the key's.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// `partition_key`.
    pub(crate) partition_key: Option<Span>,
    /// `clustering_key`.
    pub(crate) clustering_key: Option<Span>,
    /// `order = asc|desc`.
    pub(crate) order: Option<Spanned<Order>>,
    /// `static`.
    pub(crate) static_: Option<Span>,
    /// `index` or `index = "keys" | "values" | "entries" | "full"`.
    pub(crate) index: Option<Spanned<IndexTarget>>,
    /// `name = "..."`.
    pub(crate) name: Option<Spanned<String>>,
    /// `type = "..."`.
    pub(crate) cql_type: Option<Spanned<CqlType>>,
    /// `skip`.
    pub(crate) skip: Option<Span>,
    /// `default` or `default = "path"`.
    pub(crate) default: Option<Spanned<DefaultValue>>,
    /// `column = field` (projections): the model field read.
    pub(crate) column: Option<syn::Ident>,
    /// `ttl = field` (projections): read `TTL(field)`.
    pub(crate) ttl: Option<syn::Ident>,
    /// `writetime = field` (projections): read `WRITETIME(field)`.
    pub(crate) writetime: Option<syn::Ident>,
}

const INDEX_TARGETS: &[(&str, IndexTarget)] = &[
    ("values", IndexTarget::Values),
    ("keys", IndexTarget::Keys),
    ("entries", IndexTarget::Entries),
    ("full", IndexTarget::Full),
];

/// Reads one field's attributes.
pub(crate) fn field(cx: &Ctxt, derive: Derive, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    each_key(cx, derive, Level::Field, attrs, |meta, key| {
        match key {
            "partition_key" => out.partition_key = value::flag(cx, meta, key)?,
            "clustering_key" => out.clustering_key = value::flag(cx, meta, key)?,
            "static" => out.static_ = value::flag(cx, meta, key)?,
            "skip" => out.skip = value::flag(cx, meta, key)?,
            "order" => {
                out.order = value::keyword(cx, meta, key, &["asc", "desc"])?.map(|s| Spanned {
                    value: if s.value == "desc" {
                        Order::Desc
                    } else {
                        Order::Asc
                    },
                    span: s.span,
                    key: s.key,
                })
            }
            "name" => out.name = value::string(cx, meta, key, "name = \"column_name\"")?,
            "type" => {
                if let Some(s) = value::string(cx, meta, key, "type = \"ascii\"")? {
                    match CqlType::parse(&s.value) {
                        Ok(ty) => {
                            out.cql_type = Some(Spanned {
                                value: ty,
                                span: s.span,
                                key: s.key,
                            })
                        }
                        Err(msg) => cx.error_at(s.span, msg),
                    }
                }
            }
            "index" => {
                let key_span = meta.path.span();
                if value::has_value(meta) {
                    if let Some(s) = value::string(cx, meta, key, "index = \"keys\"")? {
                        match INDEX_TARGETS.iter().find(|(n, _)| *n == s.value) {
                            Some((_, target)) => {
                                out.index = Some(Spanned {
                                    value: *target,
                                    span: s.span,
                                    key: key_span,
                                })
                            }
                            None => cx.error_at(
                                s.span,
                                "`index` expects one of: \"values\", \"keys\", \"entries\", \"full\" (or no value to index the column)",
                            ),
                        }
                    }
                } else if let Some(span) = value::flag(cx, meta, key)? {
                    out.index = Some(Spanned {
                        value: IndexTarget::Column,
                        span,
                        key: span,
                    });
                }
            }
            "default" => {
                let key_span = meta.path.span();
                if value::has_value(meta) {
                    if let Some(e) = value::expr(cx, meta, key, "default = \"path::to::function\"")?
                    {
                        if let Some(lit) =
                            value::as_lit_str(cx, &e, key, "default = \"path::to::function\"")
                        {
                            match lit.parse::<syn::ExprPath>() {
                                Ok(path) => {
                                    out.default = Some(Spanned {
                                        value: DefaultValue::Path(path),
                                        span: lit.span(),
                                        key: key_span,
                                    })
                                }
                                Err(_) => cx.error_spanned_by(
                                    &lit,
                                    "`default` expects the path of a function, as in `default = \"Self::default_tags\"`",
                                ),
                            }
                        }
                    }
                } else if let Some(span) = value::flag(cx, meta, key)? {
                    out.default = Some(Spanned {
                        value: DefaultValue::Trait,
                        span,
                        key: span,
                    });
                }
            }
            "column" => out.column = ident_value(cx, meta, key)?,
            "ttl" => out.ttl = ident_value(cx, meta, key)?,
            "writetime" => out.writetime = ident_value(cx, meta, key)?,
            _ => value::skip_value(meta)?,
        }
        Ok(())
    });
    out
}

/// Reads `key = field_name` (a bare identifier: a field of the model).
fn ident_value(
    cx: &Ctxt,
    meta: &syn::meta::ParseNestedMeta<'_>,
    key: &str,
) -> syn::Result<Option<syn::Ident>> {
    let example = format!("{key} = field_of_the_model");
    let Some(e) = value::expr(cx, meta, key, &example)? else {
        return Ok(None);
    };
    match e {
        syn::Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
            Ok(p.path.get_ident().cloned())
        }
        other => {
            cx.error_spanned_by(
                other,
                format!("`{key}` expects the name of a field of the model, as in `{example}`"),
            );
            Ok(None)
        }
    }
}
