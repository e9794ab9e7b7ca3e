//! The IR of `#[derive(Projection)]`: a struct whose fields are read from columns of a model
//! (or from their `TTL(...)` / `WRITETIME(...)`).

use syn::{DeriveInput, Ident, Type};

use super::ast::{krate, named_fields};
use super::attr::{self, Derive};
use super::case::snake_case_of_type;
use super::ctxt::Ctxt;

/// What a projection field reads.
pub(crate) enum Source {
    /// The column of this model field.
    Column(Ident),
    /// `TTL(column)`.
    Ttl(Ident),
    /// `WRITETIME(column)`.
    WriteTime(Ident),
}

/// One field of a projection.
pub(crate) struct ProjectionField<'a> {
    /// The field.
    pub(crate) ident: &'a Ident,
    /// Its type, which must be the selector's value type.
    pub(crate) ty: &'a Type,
    /// What it reads.
    pub(crate) source: Source,
}

/// A checked projection.
pub(crate) struct Projection<'a> {
    /// The struct.
    pub(crate) ident: &'a Ident,
    /// The model's path.
    pub(crate) model: syn::Path,
    /// The path of the model's column module (the model path, its last segment in snake
    /// case).
    pub(crate) columns: syn::Path,
    /// The runtime crate.
    pub(crate) krate: syn::Path,
    /// The fields, in SELECT order.
    pub(crate) fields: Vec<ProjectionField<'a>>,
}

impl<'a> Projection<'a> {
    /// Builds the IR; errors go to `cx`.
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Projection<'a>> {
        let attrs = attr::container(cx, Derive::Projection, &input.attrs);
        let named = named_fields(cx, Derive::Projection, input)?;
        let fields: Vec<ProjectionField<'a>> = named
            .named
            .iter()
            .filter_map(|f| {
                let ident = f.ident.as_ref()?;
                let fa = attr::field(cx, Derive::Projection, &f.attrs);
                let given: Vec<Source> = [
                    fa.column.map(Source::Column),
                    fa.ttl.map(Source::Ttl),
                    fa.writetime.map(Source::WriteTime),
                ]
                .into_iter()
                .flatten()
                .collect();
                if given.len() > 1 {
                    cx.error_spanned_by(
                        ident,
                        format!("field `{ident}` reads one thing: give only one of `column`, `ttl`, `writetime`"),
                    );
                }
                let source = given
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| Source::Column(ident.clone()));
                Some(ProjectionField {
                    ident,
                    ty: &f.ty,
                    source,
                })
            })
            .collect();
        if fields.is_empty() {
            cx.error_spanned_by(
                &input.ident,
                format!("projection `{}` needs at least one field", input.ident),
            );
        }
        let Some(model) = attrs.model.clone() else {
            cx.error_spanned_by(
                &input.ident,
                "`Projection` needs the model it reads from: add `#[cql(model = UserEvent)]`",
            );
            return None;
        };
        let mut columns = model.clone();
        if let Some(last) = columns.segments.last_mut() {
            let snake = snake_case_of_type(&last.ident.to_string());
            last.ident = Ident::new(&snake, last.ident.span());
            last.arguments = syn::PathArguments::None;
        }
        Some(Projection {
            ident: &input.ident,
            model,
            columns,
            krate: krate(&attrs),
            fields,
        })
    }
}
