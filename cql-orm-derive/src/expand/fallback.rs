//! What the derive emits beside its errors (the idea of thiserror's `fallback.rs`): the
//! items users name (key structs, column module) and trait impls whose bodies are never
//! reached, so code using the type reports no follow-on errors. Generic structs get no
//! fallback: their error already says the derive does not apply.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use super::columns;
use super::model::{key_structs, runtime};
use crate::internals::ast::{Model, UserType};

fn unreachable() -> TokenStream {
    quote!(::core::unreachable!("this type failed to derive"))
}

fn bind_values(rt: &TokenStream, ty: &TokenStream) -> TokenStream {
    let body = unreachable();
    quote! {
        #[automatically_derived]
        impl #rt::BindValues for #ty {
            const COUNT: usize = 0;
            fn write_value<'__b>(
                &self,
                _: usize,
                _: &#rt::scylla::cluster::metadata::ColumnType<'_>,
                _: #rt::scylla::serialize::writers::CellWriter<'__b>,
                _: #rt::Nulls,
            ) -> ::core::result::Result<#rt::scylla::serialize::writers::WrittenCellProof<'__b>, #rt::scylla::serialize::SerializationError> {
                #body
            }
            fn is_empty(&self, _: usize) -> bool {
                #body
            }
        }
    }
}

fn deserialize_row(rt: &TokenStream, ty: &TokenStream) -> TokenStream {
    let body = unreachable();
    quote! {
        #[automatically_derived]
        impl<'__f, '__m> #rt::DeserializeRow<'__f, '__m> for #ty {
            fn type_check(
                _: &[#rt::scylla::frame::response::result::ColumnSpec<'_>],
            ) -> ::core::result::Result<(), #rt::scylla::deserialize::TypeCheckError> {
                #body
            }
            fn deserialize(
                _: #rt::scylla::deserialize::row::ColumnIterator<'__f, '__m>,
            ) -> ::core::result::Result<Self, #rt::scylla::deserialize::DeserializationError> {
                #body
            }
        }
    }
}

/// Fallback for `#[derive(Model)]`.
pub(crate) fn model(input: &DeriveInput, m: Option<&Model<'_>>) -> TokenStream {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let pk = format_ident!("{}PartitionKey", ident);
    let full = format_ident!("{}PrimaryKey", ident);
    let (rt, nameable) = match m {
        Some(m) => (runtime(&m.krate), {
            let mut t = key_structs(m);
            t.extend(columns::module(m));
            t
        }),
        None => {
            let vis = &input.vis;
            (
                quote!(::cql_orm::__private),
                quote! {
                    #[doc(hidden)]
                    #[derive(Debug, Clone, PartialEq)]
                    #vis struct #pk {}
                    #[doc(hidden)]
                    #[derive(Debug, Clone, PartialEq)]
                    #vis struct #full {}
                },
            )
        }
    };
    let body = unreachable();
    let empty = quote!(#rt::Template { head: "", tail: "" });
    let model_bind = bind_values(&rt, &quote!(#ident));
    let pk_bind = bind_values(&rt, &quote!(#pk));
    let full_bind = bind_values(&rt, &quote!(#full));
    let model_read = deserialize_row(&rt, &quote!(#ident));
    let pk_read = deserialize_row(&rt, &quote!(#pk));
    let full_read = deserialize_row(&rt, &quote!(#full));
    quote! {
        #nameable
        const _: () = {
            #[automatically_derived]
            impl #rt::Model for #ident {
                const TABLE: &'static str = "";
                const KEYSPACE: ::core::option::Option<&'static str> = ::core::option::Option::None;
                const COLUMNS: &'static [#rt::ColumnDef] = &[];
                const OPTIONS: &'static [#rt::TableOption] = &[];
                const STATEMENTS: #rt::Statements = #rt::Statements {
                    select_columns: "",
                    insert: #empty,
                    select_by_primary_key: #empty,
                    delete_by_primary_key: #empty,
                    select_partition: #empty,
                };
                type TableKind = #rt::table_kind::RegularTable;
                type PartitionKey = #pk;
                type PrimaryKey = #full;
                fn partition_key(&self) -> #pk {
                    #body
                }
                fn primary_key(&self) -> #full {
                    #body
                }
            }
            #model_bind
            #pk_bind
            #full_bind
            #[automatically_derived]
            impl #rt::PartitionKeyOf<#ident> for #pk {}
            #[automatically_derived]
            impl #rt::PrimaryKeyOf<#ident> for #full {}
            #model_read
            #pk_read
            #full_read
        };
    }
}

/// Fallback for `#[derive(UserType)]`.
pub(crate) fn user_type(input: &DeriveInput, t: Option<&UserType<'_>>) -> TokenStream {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let rt = match t {
        Some(t) => runtime(&t.krate),
        None => quote!(::cql_orm::__private),
    };
    let body = unreachable();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #rt::CqlTyped for #ident {
                const CQL_TYPE: #rt::CqlType = #rt::CqlType::Udt("");
                type Plain = Self;
            }
            #[automatically_derived]
            impl #rt::UserType for #ident {
                const NAME: &'static str = "";
                const KEYSPACE: ::core::option::Option<&'static str> = ::core::option::Option::None;
                const FIELDS: &'static [#rt::FieldDef] = &[];
            }
            #[automatically_derived]
            impl #rt::scylla::serialize::value::SerializeValue for #ident {
                fn serialize<'__b>(
                    &self,
                    _: &#rt::scylla::cluster::metadata::ColumnType<'_>,
                    _: #rt::scylla::serialize::writers::CellWriter<'__b>,
                ) -> ::core::result::Result<#rt::scylla::serialize::writers::WrittenCellProof<'__b>, #rt::scylla::serialize::SerializationError> {
                    #body
                }
            }
            #[automatically_derived]
            impl<'__f, '__m> #rt::scylla::deserialize::value::DeserializeValue<'__f, '__m> for #ident {
                fn type_check(
                    _: &#rt::scylla::cluster::metadata::ColumnType<'_>,
                ) -> ::core::result::Result<(), #rt::scylla::deserialize::TypeCheckError> {
                    #body
                }
                fn deserialize(
                    _: &'__m #rt::scylla::cluster::metadata::ColumnType<'__m>,
                    _: ::core::option::Option<#rt::scylla::deserialize::FrameSlice<'__f>>,
                ) -> ::core::result::Result<Self, #rt::scylla::deserialize::DeserializationError> {
                    #body
                }
            }
        };
    }
}
