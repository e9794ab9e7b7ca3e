//! `impl UserType`, its CQL type mapping and the driver's value traits for a checked
//! user-defined type.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::model::runtime;
use super::tokens;
use crate::internals::ast::UserType;

/// Everything `#[derive(UserType)]` generates for a checked type.
pub(crate) fn expand(t: &UserType<'_>) -> TokenStream {
    let rt = runtime(&t.krate);
    let ident = t.ident;
    let name = &t.name.value;
    let fields = t.fields.iter().map(|f| {
        let fname = &f.name.value;
        let ty = f.ty;
        let cql_type = match f.cql_type() {
            Some(over) => tokens::cql_type(&rt, over),
            None => quote_spanned!(ty.span()=> <#ty as #rt::CqlTyped>::CQL_TYPE),
        };
        quote!(#rt::FieldDef { name: #fname, cql_type: #cql_type })
    });
    let checks = t.fields.iter().map(|f| {
        let ty = f.ty;
        let mut out = quote_spanned!(ty.span()=> cql_typed::<#ty>(););
        if let Some(over) = &f.attrs.cql_type {
            if over.value.to_string() == "ascii" {
                out.extend(quote_spanned!(over.span=> ascii_compatible::<#ty>();));
            }
        }
        out
    });
    let writes = t.fields.iter().map(|f| {
        let member = f.ident;
        quote!(&self.#member as &dyn #rt::SerializeValue)
    });
    let type_checks = t.fields.iter().map(|f| {
        let ty = f.ty;
        quote_spanned!(ty.span()=> <#ty as #rt::DeserializeValue<'_, '_>>::type_check)
    });
    let reads = t.fields.iter().map(|f| {
        let member = f.ident;
        quote!(#member: reader.next()?)
    });
    quote! {
        const _: () = {
            fn cql_typed<T: ?::core::marker::Sized + #rt::CqlTyped>() {}
            fn ascii_compatible<T: ?::core::marker::Sized + #rt::AsciiCompatible>() {}
            fn field_types() {
                #(#checks)*
            }

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
            impl #rt::SerializeValue for #ident {
                fn serialize<'__b>(
                    &self,
                    typ: &#rt::ColumnType<'_>,
                    writer: #rt::CellWriter<'__b>,
                ) -> ::core::result::Result<#rt::WrittenCellProof<'__b>, #rt::SerializationError> {
                    #rt::write_udt::<Self>(typ, writer, &[#(#writes),*])
                }
            }

            #[automatically_derived]
            impl<'__f, '__m> #rt::DeserializeValue<'__f, '__m> for #ident {
                fn type_check(
                    typ: &#rt::ColumnType<'_>,
                ) -> ::core::result::Result<(), #rt::TypeCheckError> {
                    #rt::UdtReader::type_check::<Self>(typ, &[#(#type_checks),*])
                }

                fn deserialize(
                    typ: &'__m #rt::ColumnType<'__m>,
                    v: ::core::option::Option<#rt::FrameSlice<'__f>>,
                ) -> ::core::result::Result<Self, #rt::DeserializationError> {
                    let mut reader = #rt::UdtReader::<Self>::new(typ, v)?;
                    ::core::result::Result::Ok(Self { #(#reads,)* })
                }
            }
        };
    }
}
