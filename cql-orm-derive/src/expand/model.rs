//! `impl Model`, the key structs, row binding and row reading for a checked model.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::Ident;

use super::statements::Statements;
use super::{columns, tokens};
use crate::internals::ast::{DefaultValue, IndexTarget, Model, ModelField, Order, Role, ValueKind};
use crate::internals::case::snake_case_of_type;

/// The path of the runtime's private module for generated code.
pub(crate) fn runtime(krate: &syn::Path) -> TokenStream {
    quote!(#krate::__private)
}

/// `<Model>PartitionKey` and `<Model>PrimaryKey`.
pub(crate) fn key_idents(m: &Model<'_>) -> (Ident, Ident) {
    (
        format_ident!("{}PartitionKey", m.ident),
        format_ident!("{}PrimaryKey", m.ident),
    )
}

/// The name of the column module: the model's name in snake case.
pub(crate) fn module_ident(m: &Model<'_>) -> Ident {
    Ident::new(&snake_case_of_type(&m.ident.to_string()), m.ident.span())
}

/// Everything `#[derive(Model)]` generates for a checked model.
pub(crate) fn expand(m: &Model<'_>) -> TokenStream {
    let rt = runtime(&m.krate);
    let keys = key_structs(m);
    let module = columns::module(m);
    let model_impl = model_impl(m, &rt);
    let bind = bind_values(m, &rt, m.ident, m.columns().collect());
    let (pk_ident, full_ident) = key_idents(m);
    let pk_bind = bind_values(m, &rt, &pk_ident, m.partition_key().collect());
    let full_bind = bind_values(m, &rt, &full_ident, m.primary_key().collect());
    let read = deserialize_row(m, &rt);
    let pk_read = deserialize_key(m, &rt, &pk_ident, m.partition_key().collect());
    let full_read = deserialize_key(m, &rt, &full_ident, m.primary_key().collect());
    let column_impls = columns::impls(m, &rt);
    let checks = type_checks(m, &rt);
    let ident = m.ident;
    quote! {
        #keys
        #module
        const _: () = {
            #checks
            #model_impl
            #bind
            #pk_bind
            #full_bind
            #[automatically_derived]
            impl #rt::PartitionKeyOf<#ident> for #pk_ident {}
            #[automatically_derived]
            impl #rt::PrimaryKeyOf<#ident> for #full_ident {}
            #read
            #pk_read
            #full_read
            #column_impls
        };
    }
}

/// The key structs, public beside the model.
pub(crate) fn key_structs(m: &Model<'_>) -> TokenStream {
    let vis = m.vis;
    let ident = m.ident;
    let (pk, full) = key_idents(m);
    let field = |f: &ModelField<'_>| {
        let (name, ty) = (f.ident, f.ty);
        let what = match f.role {
            Role::PartitionKey => "Partition key column",
            _ => "Clustering column",
        };
        let doc = format!("{what} `{}`.", f.column.value);
        quote!(#[doc = #doc] pub #name: #ty)
    };
    let pk_fields = m.partition_key().map(field);
    let full_fields = m.primary_key().map(field);
    let pk_doc = format!("The partition key of [`{ident}`], in key order.");
    let full_doc =
        format!("The primary key of [`{ident}`]: the partition key, then the clustering columns.");
    quote! {
        #[doc = #pk_doc]
        #[derive(Debug, Clone, PartialEq)]
        #vis struct #pk { #(#pk_fields,)* }

        #[doc = #full_doc]
        #[derive(Debug, Clone, PartialEq)]
        #vis struct #full { #(#full_fields,)* }
    }
}

fn column_def(m: &Model<'_>, f: &ModelField<'_>, rt: &TokenStream) -> TokenStream {
    let name = &f.column.value;
    let field = f.ident.to_string();
    let column = columns::path(m, f);
    let cql_type = quote!(<#column as #rt::Column>::CQL_TYPE);
    let (kind, position) = match f.role {
        Role::PartitionKey => (
            quote!(PartitionKey),
            m.partition_key().position(|p| p.ident == f.ident),
        ),
        Role::Clustering(_) => (
            quote!(Clustering),
            m.clustering().position(|p| p.ident == f.ident),
        ),
        Role::Static => (quote!(Static), None),
        Role::Regular => (quote!(Regular), None),
    };
    let position = position.unwrap_or(0);
    let order = match f.role {
        Role::Clustering(Order::Desc) => quote!(Desc),
        _ => quote!(Asc),
    };
    let index = match &f.attrs.index {
        None => quote!(::core::option::Option::None),
        Some(idx) => {
            let target = match idx.value {
                IndexTarget::Column | IndexTarget::Values => quote!(Values),
                IndexTarget::Keys => quote!(Keys),
                IndexTarget::Entries => quote!(Entries),
                IndexTarget::Full => quote!(Full),
            };
            let idx_name = index_name(&m.table.value, name);
            quote!(::core::option::Option::Some(#rt::IndexDef {
                name: #idx_name,
                target: #rt::IndexTarget::#target,
            }))
        }
    };
    quote! {
        #rt::ColumnDef {
            name: #name,
            field: #field,
            cql_type: #cql_type,
            kind: #rt::ColumnKind::#kind,
            position: #position,
            order: #rt::ClusteringOrder::#order,
            index: #index,
        }
    }
}

/// Cassandra's default index name: `<table>_<column>_idx`, keeping only word characters.
pub(crate) fn index_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_idx")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn template(rt: &TokenStream, (head, tail): &(String, String)) -> TokenStream {
    quote!(#rt::Template { head: #head, tail: #tail })
}

fn model_impl(m: &Model<'_>, rt: &TokenStream) -> TokenStream {
    let ident = m.ident;
    let table = &m.table.value;
    let keyspace = match &m.keyspace {
        Some(ks) => {
            let ks = &ks.value;
            quote!(::core::option::Option::Some(#ks))
        }
        None => quote!(::core::option::Option::None),
    };
    let columns = m.columns().map(|f| column_def(m, f, rt));
    let options = m.options.iter().map(|o| tokens::table_option(rt, o));
    let st = Statements::new(m);
    let select_columns = &st.select_columns;
    let insert = template(rt, &st.insert);
    let get = template(rt, &st.select_by_primary_key);
    let delete = template(rt, &st.delete_by_primary_key);
    let partition = template(rt, &st.select_partition);
    let table_kind = if m.columns().any(|f| f.kind == ValueKind::Counter) {
        quote!(CounterTable)
    } else {
        quote!(RegularTable)
    };
    let (pk, full) = key_idents(m);
    let clone = |f: &ModelField<'_>| {
        let name = f.ident;
        let ty = f.ty;
        quote_spanned!(ty.span()=> #name: <#ty as ::core::clone::Clone>::clone(&self.#name))
    };
    let pk_fields = m.partition_key().map(clone);
    let full_fields = m.primary_key().map(clone);
    quote! {
        #[automatically_derived]
        impl #rt::Model for #ident {
            const TABLE: &'static str = #table;
            const KEYSPACE: ::core::option::Option<&'static str> = #keyspace;
            const COLUMNS: &'static [#rt::ColumnDef] = &[#(#columns),*];
            const OPTIONS: &'static [#rt::TableOption] = &[#(#options),*];
            const STATEMENTS: #rt::Statements = #rt::Statements {
                select_columns: #select_columns,
                insert: #insert,
                select_by_primary_key: #get,
                delete_by_primary_key: #delete,
                select_partition: #partition,
            };
            type TableKind = #rt::table_kind::#table_kind;
            type PartitionKey = #pk;
            type PrimaryKey = #full;

            fn partition_key(&self) -> #pk {
                #pk { #(#pk_fields,)* }
            }

            fn primary_key(&self) -> #full {
                #full { #(#full_fields,)* }
            }
        }
    }
}

/// `impl BindValues` writing `fields` in order.
fn bind_values(
    m: &Model<'_>,
    rt: &TokenStream,
    ident: &Ident,
    fields: Vec<&ModelField<'_>>,
) -> TokenStream {
    let count = fields.len();
    let indexes: Vec<usize> = (0..count).collect();
    let names: Vec<&Ident> = fields.iter().map(|f| f.ident).collect();
    let cols: Vec<TokenStream> = fields.iter().map(|f| columns::path(m, f)).collect();
    quote! {
        #[automatically_derived]
        impl #rt::BindValues for #ident {
            const COUNT: usize = #count;

            fn write_value<'__b>(
                &self,
                index: usize,
                typ: &#rt::scylla::cluster::metadata::ColumnType<'_>,
                writer: #rt::scylla::serialize::writers::CellWriter<'__b>,
                nulls: #rt::Nulls,
            ) -> ::core::result::Result<#rt::scylla::serialize::writers::WrittenCellProof<'__b>, #rt::scylla::serialize::SerializationError> {
                match index {
                    #(#indexes => #rt::write_value::<#cols>(&self.#names, typ, writer, nulls),)*
                    _ => ::core::result::Result::Err(#rt::no_such_value::<Self>(index)),
                }
            }

            fn is_empty(&self, index: usize) -> bool {
                match index {
                    #(#indexes => #rt::is_empty::<#cols>(&self.#names),)*
                    _ => false,
                }
            }
        }
    }
}

fn deserialize_row(m: &Model<'_>, rt: &TokenStream) -> TokenStream {
    let ident = m.ident;
    let checks = m.columns().map(|f| {
        let name = &f.column.value;
        let column = columns::path(m, f);
        quote!((#name, #rt::column_type_checker::<#column>()))
    });
    let inits = m.fields.iter().map(|f| {
        let member = f.ident;
        let ty = f.ty;
        let default = f.attrs.default.as_ref().map(|d| match &d.value {
            DefaultValue::Trait => {
                quote_spanned!(ty.span()=> <#ty as ::core::default::Default>::default)
            }
            DefaultValue::Path(path) => quote!(#path),
        });
        if f.is_column() {
            let name = &f.column.value;
            let column = columns::path(m, f);
            match default {
                // A null column takes the default.
                Some(default) => {
                    quote!(#member: reader.column_or_else::<#column>(#name, #default)?)
                }
                None => quote!(#member: reader.column::<#column>(#name)?),
            }
        } else {
            let default = default.unwrap_or_else(
                || quote_spanned!(ty.span()=> <#ty as ::core::default::Default>::default),
            );
            quote!(#member: #default())
        }
    });
    quote! {
        #[automatically_derived]
        impl<'__f, '__m> #rt::DeserializeRow<'__f, '__m> for #ident {
            fn type_check(
                specs: &[#rt::scylla::frame::response::result::ColumnSpec<'_>],
            ) -> ::core::result::Result<(), #rt::scylla::deserialize::TypeCheckError> {
                #rt::type_check_row(specs, &[#(#checks),*])
            }

            fn deserialize(
                row: #rt::scylla::deserialize::row::ColumnIterator<'__f, '__m>,
            ) -> ::core::result::Result<Self, #rt::scylla::deserialize::DeserializationError> {
                let mut reader = #rt::RowReader::new(row);
                ::core::result::Result::Ok(Self { #(#inits,)* })
            }
        }
    }
}

/// `impl DeserializeRow` for a key struct, reading `fields` (key columns) by name, so that
/// `SELECT DISTINCT` of the partition key reads straight into it.
fn deserialize_key(
    m: &Model<'_>,
    rt: &TokenStream,
    ident: &Ident,
    fields: Vec<&ModelField<'_>>,
) -> TokenStream {
    let checks = fields.iter().map(|f| {
        let name = &f.column.value;
        let column = columns::path(m, f);
        quote!((#name, #rt::column_type_checker::<#column>()))
    });
    let inits = fields.iter().map(|f| {
        let member = f.ident;
        let name = &f.column.value;
        let column = columns::path(m, f);
        quote!(#member: reader.column::<#column>(#name)?)
    });
    quote! {
        #[automatically_derived]
        impl<'__f, '__m> #rt::DeserializeRow<'__f, '__m> for #ident {
            fn type_check(
                specs: &[#rt::scylla::frame::response::result::ColumnSpec<'_>],
            ) -> ::core::result::Result<(), #rt::scylla::deserialize::TypeCheckError> {
                #rt::type_check_row(specs, &[#(#checks),*])
            }

            fn deserialize(
                row: #rt::scylla::deserialize::row::ColumnIterator<'__f, '__m>,
            ) -> ::core::result::Result<Self, #rt::scylla::deserialize::DeserializationError> {
                let mut reader = #rt::RowReader::new(row);
                ::core::result::Result::Ok(Self { #(#inits,)* })
            }
        }
    }
}

/// Type-level checks at each field's type: a key column's type may be part of a primary key,
/// and a `type = "ascii"` override needs a string field. Each check is a function pointer
/// constant whose bound fails at the user's token. (That the type maps to CQL at all is
/// checked once, by the column's `type Value = ...`.)
fn type_checks(m: &Model<'_>, rt: &TokenStream) -> TokenStream {
    let mut checks = Checks::default();
    for f in m.columns() {
        if f.role.is_key() {
            checks.primary_key_type(f.ty);
        }
        if let Some(over) = &f.attrs.cql_type {
            checks.ascii_override(f.ty, over);
        }
    }
    checks.finish(rt)
}

/// Collects the type-level checks of one derive and emits the helpers they use.
#[derive(Default)]
pub(crate) struct Checks {
    body: TokenStream,
    primary_key_type: bool,
    ascii: bool,
}

impl Checks {
    /// `ty` may be a primary key column (frozen, not null, not a counter).
    pub(crate) fn primary_key_type(&mut self, ty: &syn::Type) {
        self.primary_key_type = true;
        self.body
            .extend(quote_spanned!(ty.span()=> const _: fn() = primary_key_type::<#ty>;));
    }

    /// `ty` can hold the CQL type of a `type = "ascii"` override.
    pub(crate) fn ascii_override(
        &mut self,
        ty: &syn::Type,
        over: &crate::internals::attr::Spanned<crate::internals::cql_type::CqlType>,
    ) {
        if over.value.to_string() == "ascii" {
            self.ascii = true;
            self.body
                .extend(quote_spanned!(over.span=> const _: fn() = ascii_compatible::<#ty>;));
        }
    }

    /// The helpers in use, then the checks.
    pub(crate) fn finish(self, rt: &TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        if self.primary_key_type {
            out.extend(quote!(
                fn primary_key_type<T: ?::core::marker::Sized + #rt::PrimaryKeyType>() {}
            ));
        }
        if self.ascii {
            out.extend(quote!(
                fn ascii_compatible<T: ?::core::marker::Sized + #rt::AsciiCompatible>() {}
            ));
        }
        out.extend(self.body);
        out
    }
}
