//! `impl Projection<Model>` and `impl DeserializeRow` for a `#[derive(Projection)]` struct.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::model::runtime;
use crate::internals::projection::{Projection, Source};

/// Everything `#[derive(Projection)]` generates for a checked projection.
pub(crate) fn expand(p: &Projection<'_>) -> TokenStream {
    let rt = runtime(&p.krate);
    let ident = p.ident;
    let model = &p.model;
    let selectors: Vec<TokenStream> = p
        .fields
        .iter()
        .map(|f| {
            let cols = &p.columns;
            match &f.source {
                Source::Column(c) => quote_spanned!(c.span()=> #cols::#c),
                Source::Ttl(c) => quote_spanned!(c.span()=> #rt::Ttl<#cols::#c>),
                Source::WriteTime(c) => quote_spanned!(c.span()=> #rt::WriteTime<#cols::#c>),
            }
        })
        .collect();
    let timed = p.fields.iter().filter_map(|f| match &f.source {
        Source::Ttl(c) | Source::WriteTime(c) => {
            let cols = &p.columns;
            Some(quote_spanned!(c.span()=> const _: fn() = #rt::timed_column::<#model, #cols::#c>;))
        }
        Source::Column(_) => None,
    });
    let writes = selectors.iter().enumerate().map(|(i, s)| {
        let sep = (i > 0).then(|| quote!(out.push_str(", ");));
        quote! {
            #sep
            <#s as #rt::Selector<#model>>::write_selector(out);
        }
    });
    let checks = selectors
        .iter()
        .map(|s| quote!(#rt::selector_type_checker::<#s, #model>()));
    let inits = p.fields.iter().zip(&selectors).map(|(f, s)| {
        let member = f.ident;
        let ty = f.ty;
        // The read value must have the field's type: a mismatch is reported at the field.
        quote_spanned! {ty.span()=>
            #member: {
                let value = reader.selector::<#s, #model>()?;
                let value: #ty = value;
                value
            }
        }
    });
    quote! {
        const _: () = {
            #(#timed)*

            #[automatically_derived]
            impl #rt::Projection<#model> for #ident {
                type Row = Self;
                fn write_names(out: &mut ::std::string::String) {
                    #(#writes)*
                }
            }

            #[automatically_derived]
            impl<'__f, '__m> #rt::DeserializeRow<'__f, '__m> for #ident {
                fn type_check(
                    specs: &[#rt::scylla::frame::response::result::ColumnSpec<'_>],
                ) -> ::core::result::Result<(), #rt::scylla::deserialize::TypeCheckError> {
                    #rt::type_check_positional(specs, &[#(#checks),*])
                }

                fn deserialize(
                    row: #rt::scylla::deserialize::row::ColumnIterator<'__f, '__m>,
                ) -> ::core::result::Result<Self, #rt::scylla::deserialize::DeserializationError> {
                    let mut reader = #rt::RowReader::new(row);
                    ::core::result::Result::Ok(Self { #(#inits,)* })
                }
            }
        };
    }
}
