//! The intermediate representation: a struct and its fields after attribute parsing, with
//! names resolved and roles assigned. Built leniently (errors go to the context);
//! [`super::check`] then validates it.

use proc_macro2::Span;
use syn::ext::IdentExt as _;
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

use super::attr::{self, ContainerAttrs, Derive, FieldAttrs, TableOption};
use super::case::{self, RenameRule};
use super::cql_type::{CollectionKind, CqlType};
use super::ctxt::Ctxt;
use super::shape::{self, Shape};

pub(crate) use super::attr::field::{DefaultValue, IndexTarget, Order};

/// A CQL name with the span errors about it should point at.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    /// The name exactly as it is stored by Cassandra.
    pub(crate) value: String,
    /// The user's token that produced it.
    pub(crate) span: Span,
}

/// A `#[derive(Model)]` struct.
pub(crate) struct Model<'a> {
    /// The struct's name.
    pub(crate) ident: &'a Ident,
    /// The struct's visibility, given to the key structs and column module.
    pub(crate) vis: &'a Visibility,
    /// The table name.
    pub(crate) table: Name,
    /// The keyspace, when the model names one.
    pub(crate) keyspace: Option<Name>,
    /// Table options, in the order written.
    pub(crate) options: Vec<TableOption>,
    /// The path of the runtime crate.
    pub(crate) krate: syn::Path,
    /// Every field, skipped ones included, in declaration order.
    pub(crate) fields: Vec<ModelField<'a>>,
}

/// The place of a column in its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Part of the partition key.
    PartitionKey,
    /// A clustering column with its order.
    Clustering(Order),
    /// A static column.
    Static,
    /// A regular column.
    Regular,
}

impl Role {
    /// Whether the column is part of the primary key.
    pub(crate) fn is_key(self) -> bool {
        matches!(self, Role::PartitionKey | Role::Clustering(_))
    }
}

/// What kind of CQL value a column holds, as far as spelling and `type = ...` tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// A counter.
    Counter,
    /// A non-frozen collection.
    Collection(CollectionKind),
    /// A frozen collection, tuple or UDT.
    Frozen,
    /// A non-frozen user-defined type (known only from `type = "..."`).
    UnfrozenUdt,
    /// A native scalar or a type only the compiler can judge.
    Other,
}

/// One field of a model.
pub(crate) struct ModelField<'a> {
    /// The field's name.
    pub(crate) ident: &'a Ident,
    /// The field's full type.
    pub(crate) ty: &'a Type,
    /// The `Option<...>` around the value type, when there is one.
    pub(crate) option: Option<&'a Type>,
    /// The type inside `Option`, or the whole type.
    pub(crate) value_ty: &'a Type,
    /// The column name.
    pub(crate) column: Name,
    /// The place of the column in the table.
    pub(crate) role: Role,
    /// What the column holds.
    pub(crate) kind: ValueKind,
    /// The raw attributes, for spans and the remaining keys.
    pub(crate) attrs: FieldAttrs,
}

impl ModelField<'_> {
    /// Whether the field is mapped to a column.
    pub(crate) fn is_column(&self) -> bool {
        self.attrs.skip.is_none()
    }

    /// The CQL type given with `type = "..."`.
    pub(crate) fn cql_type(&self) -> Option<&CqlType> {
        self.attrs.cql_type.as_ref().map(|t| &t.value)
    }
}

/// A `#[derive(UserType)]` struct.
pub(crate) struct UserType<'a> {
    /// The struct's name.
    pub(crate) ident: &'a Ident,
    /// The CQL type name.
    pub(crate) name: Name,
    /// The path of the runtime crate.
    pub(crate) krate: syn::Path,
    /// The fields in declaration order (the order of the CQL type's fields).
    pub(crate) fields: Vec<UdtField<'a>>,
}

/// One field of a user-defined type.
pub(crate) struct UdtField<'a> {
    /// The field's name.
    pub(crate) ident: &'a Ident,
    /// The field's type.
    pub(crate) ty: &'a Type,
    /// The CQL field name.
    pub(crate) name: Name,
    /// What the field holds.
    pub(crate) kind: ValueKind,
    /// The raw attributes.
    pub(crate) attrs: FieldAttrs,
}

impl UdtField<'_> {
    /// The CQL type given with `type = "..."`.
    pub(crate) fn cql_type(&self) -> Option<&CqlType> {
        self.attrs.cql_type.as_ref().map(|t| &t.value)
    }
}

/// The default runtime path: `::cql_orm`.
fn default_crate() -> syn::Path {
    let mut path = syn::Path::from(Ident::new("cql_orm", Span::call_site()));
    path.leading_colon = Some(Default::default());
    path
}

/// The named fields of a non-generic struct, or errors saying why the derive does not
/// apply.
pub(crate) fn named_fields<'a>(
    cx: &Ctxt,
    derive: Derive,
    input: &'a DeriveInput,
) -> Option<&'a syn::FieldsNamed> {
    let what = match derive {
        Derive::Model => "a CQL table",
        Derive::UserType => "a CQL user-defined type",
        Derive::Projection => "a projection",
    };
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => Some(named),
            Fields::Unnamed(f) => {
                cx.error_spanned_by(
                    f,
                    format!("`{}` needs named fields: {what} maps each field to a named column; use `struct {} {{ ... }}`", derive.name(), input.ident),
                );
                None
            }
            Fields::Unit => {
                cx.error_spanned_by(
                    &input.ident,
                    format!("`{}` needs a struct with named fields: {what} cannot be derived from a unit struct", derive.name()),
                );
                None
            }
        },
        Data::Enum(e) => {
            cx.error_at(
                e.enum_token.span,
                format!("`{}` can only be derived for a struct with named fields: {what} has no enum form", derive.name()),
            );
            None
        }
        Data::Union(u) => {
            cx.error_at(
                u.union_token.span,
                format!(
                    "`{}` can only be derived for a struct with named fields, not a union",
                    derive.name()
                ),
            );
            None
        }
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            format!("`{}` cannot be derived for a generic struct: {what} has one fixed set of column types", derive.name()),
        );
        return None;
    }
    if let Some(wc) = &input.generics.where_clause {
        cx.error_spanned_by(
            wc,
            format!(
                "`{}` cannot be derived for a struct with a `where` clause",
                derive.name()
            ),
        );
        return None;
    }
    fields
}

fn field_name(ident: &Ident, attrs: &FieldAttrs, rule: Option<RenameRule>) -> Name {
    match &attrs.name {
        Some(n) => Name {
            value: n.value.clone(),
            span: n.span,
        },
        None => {
            let raw = ident.unraw().to_string();
            Name {
                value: rule.map_or_else(|| raw.clone(), |r| r.apply_to_field(&raw)),
                span: ident.span(),
            }
        }
    }
}

fn value_kind(shape: Shape, cql_type: Option<&CqlType>) -> ValueKind {
    if let Some(t) = cql_type {
        return if t.is_counter() {
            ValueKind::Counter
        } else if let Some(k) = t.collection_kind() {
            ValueKind::Collection(k)
        } else if t.is_frozen() {
            ValueKind::Frozen
        } else if t.is_unfrozen_udt() {
            ValueKind::UnfrozenUdt
        } else {
            ValueKind::Other
        };
    }
    match shape {
        Shape::Counter => ValueKind::Counter,
        Shape::Collection(k) => ValueKind::Collection(k),
        Shape::Frozen => ValueKind::Frozen,
        Shape::Other => ValueKind::Other,
    }
}

pub(crate) fn krate(attrs: &ContainerAttrs) -> syn::Path {
    attrs.krate.clone().unwrap_or_else(default_crate)
}

impl<'a> Model<'a> {
    /// Builds the IR of a model; `None` when the input is not a plain struct with named
    /// fields (the reasons are in `cx`).
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Model<'a>> {
        let attrs = attr::container(cx, Derive::Model, &input.attrs);
        let named = named_fields(cx, Derive::Model, input)?;
        let rule = attrs.rename_all.as_ref().map(|r| r.value);
        let fields = named
            .named
            .iter()
            .filter_map(|f| {
                let ident = f.ident.as_ref()?;
                let fattrs = attr::field(cx, Derive::Model, &f.attrs);
                let ft = shape::classify(&f.ty);
                let role = if fattrs.partition_key.is_some() {
                    Role::PartitionKey
                } else if fattrs.clustering_key.is_some() {
                    Role::Clustering(fattrs.order.as_ref().map_or(Order::Asc, |o| o.value))
                } else if fattrs.static_.is_some() {
                    Role::Static
                } else {
                    Role::Regular
                };
                Some(ModelField {
                    ident,
                    ty: &f.ty,
                    option: ft.option,
                    value_ty: ft.value,
                    column: field_name(ident, &fattrs, rule),
                    role,
                    kind: value_kind(ft.shape, fattrs.cql_type.as_ref().map(|t| &t.value)),
                    attrs: fattrs,
                })
            })
            .collect();
        let table = match &attrs.table {
            Some(t) => Name {
                value: t.value.clone(),
                span: t.span,
            },
            None => Name {
                value: case::snake_case_of_type(&input.ident.unraw().to_string()),
                span: input.ident.span(),
            },
        };
        Some(Model {
            ident: &input.ident,
            vis: &input.vis,
            table,
            keyspace: attrs.keyspace.as_ref().map(|k| Name {
                value: k.value.clone(),
                span: k.span,
            }),
            krate: krate(&attrs),
            options: attrs.options,
            fields,
        })
    }

    /// The mapped fields (not skipped).
    pub(crate) fn columns(&self) -> impl Iterator<Item = &ModelField<'a>> {
        self.fields.iter().filter(|f| f.is_column())
    }

    /// The partition key columns in order.
    pub(crate) fn partition_key(&self) -> impl Iterator<Item = &ModelField<'a>> {
        self.columns().filter(|f| f.role == Role::PartitionKey)
    }

    /// The clustering columns in order.
    pub(crate) fn clustering(&self) -> impl Iterator<Item = &ModelField<'a>> {
        self.columns()
            .filter(|f| matches!(f.role, Role::Clustering(_)))
    }

    /// The primary key columns: partition key, then clustering columns.
    pub(crate) fn primary_key(&self) -> impl Iterator<Item = &ModelField<'a>> {
        self.partition_key().chain(self.clustering())
    }

    /// The columns outside the primary key (static and regular), in declaration order.
    pub(crate) fn non_key(&self) -> impl Iterator<Item = &ModelField<'a>> {
        self.columns().filter(|f| !f.role.is_key())
    }
}

impl<'a> UserType<'a> {
    /// Builds the IR of a user-defined type; `None` when the input is not a plain struct
    /// with named fields.
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<UserType<'a>> {
        let attrs = attr::container(cx, Derive::UserType, &input.attrs);
        let named = named_fields(cx, Derive::UserType, input)?;
        let rule = attrs.rename_all.as_ref().map(|r| r.value);
        let fields = named
            .named
            .iter()
            .filter_map(|f| {
                let ident = f.ident.as_ref()?;
                let fattrs = attr::field(cx, Derive::UserType, &f.attrs);
                let ft = shape::classify(&f.ty);
                Some(UdtField {
                    ident,
                    ty: &f.ty,
                    name: field_name(ident, &fattrs, rule),
                    kind: value_kind(ft.shape, fattrs.cql_type.as_ref().map(|t| &t.value)),
                    attrs: fattrs,
                })
            })
            .collect();
        let name = match &attrs.type_name {
            Some(t) => Name {
                value: t.value.clone(),
                span: t.span,
            },
            None => Name {
                value: case::snake_case_of_type(&input.ident.unraw().to_string()),
                span: input.ident.span(),
            },
        };
        Some(UserType {
            ident: &input.ident,
            name,
            krate: krate(&attrs),
            fields,
        })
    }
}
