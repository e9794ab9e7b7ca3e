//! `impl UserType`, its CQL type mapping and the driver's value traits for a checked
//! user-defined type.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::model::{runtime, Checks};
use super::tokens;
use crate::internals::ast::UserType;

/// Everything `#[derive(UserType)]` generates for a checked type.
pub(crate) fn expand(t: &UserType<'_>) -> TokenStream {
    let rt = runtime(&t.krate);
    let ident = t.ident;
    let name = &t.name.value;
    // Each field's type is named once, in `impl UdtField for __CqlOrmField<N>`; everything
    // else reaches it through that marker, so a type without a CQL mapping fails once.
    let marker = |i: usize| quote!(__CqlOrmField<#i>);
    let markers = t.fields.iter().enumerate().map(|(i, f)| {
        let ty = f.ty;
        let m = marker(i);
        let cql_type = f.cql_type().map(|over| {
            let over = tokens::cql_type(&rt, over);
            quote!(const CQL_TYPE: #rt::CqlType = #over;)
        });
        let value = quote_spanned!(ty.span()=> type Value = #ty;);
        quote! {
            #[automatically_derived]
            impl #rt::UdtField for #m {
                #value
                #cql_type
            }
        }
    });
    let fields = t.fields.iter().enumerate().map(|(i, f)| {
        let fname = &f.name.value;
        let m = marker(i);
        quote!(#rt::FieldDef { name: #fname, cql_type: <#m as #rt::UdtField>::CQL_TYPE })
    });
    let mut checks = Checks::default();
    for f in &t.fields {
        if let Some(over) = &f.attrs.cql_type {
            checks.ascii_override(f.ty, over);
        }
    }
    let checks = checks.finish(&rt);
    let writes = t.fields.iter().enumerate().map(|(i, f)| {
        let member = f.ident;
        let fname = &f.name.value;
        let m = marker(i);
        quote!((#fname, #rt::udt_field_value::<#m>(&self.#member)))
    });
    let type_checks = t.fields.iter().enumerate().map(|(i, f)| {
        let fname = &f.name.value;
        let m = marker(i);
        quote!((#fname, #rt::udt_field_checker::<#m>()))
    });
    let reads = t.fields.iter().enumerate().map(|(i, f)| {
        let member = f.ident;
        let fname = &f.name.value;
        let m = marker(i);
        quote!(#member: reader.typed_field::<#m>(#fname)?)
    });
    quote! {
        const _: () = {
            #checks

            #[doc(hidden)]
            struct __CqlOrmField<const N: usize>;
            #(#markers)*

            #[automatically_derived]
            impl #rt::CqlTyped for #ident {
                const CQL_TYPE: #rt::CqlType = #rt::CqlType::Udt(#name);
                type Plain = Self;
            }

            #[automatically_derived]
            impl #rt::UserType for #ident {
                const NAME: &'static str = #name;
                const KEYSPACE: ::core::option::Option<&'static str> = ::core::option::Option::None;
                const FIELDS: &'static [#rt::FieldDef] = &[#(#fields),*];
            }

            #[automatically_derived]
            impl #rt::scylla::serialize::value::SerializeValue for #ident {
                fn serialize<'__b>(
                    &self,
                    typ: &#rt::scylla::cluster::metadata::ColumnType<'_>,
                    writer: #rt::scylla::serialize::writers::CellWriter<'__b>,
                ) -> ::core::result::Result<#rt::scylla::serialize::writers::WrittenCellProof<'__b>, #rt::scylla::serialize::SerializationError> {
                    #rt::write_udt(#name, typ, writer, &[#(#writes),*])
                }
            }

            #[automatically_derived]
            impl<'__f, '__m> #rt::scylla::deserialize::value::DeserializeValue<'__f, '__m> for #ident {
                fn type_check(
                    typ: &#rt::scylla::cluster::metadata::ColumnType<'_>,
                ) -> ::core::result::Result<(), #rt::scylla::deserialize::TypeCheckError> {
                    #rt::udt_type_check(#name, typ, &[#(#type_checks),*])
                }

                fn deserialize(
                    typ: &'__m #rt::scylla::cluster::metadata::ColumnType<'__m>,
                    v: ::core::option::Option<#rt::scylla::deserialize::FrameSlice<'__f>>,
                ) -> ::core::result::Result<Self, #rt::scylla::deserialize::DeserializationError> {
                    let reader = #rt::UdtReader::new(typ, v)?;
                    ::core::result::Result::Ok(Self { #(#reads,)* })
                }
            }
        };
    }
}
