//! Small pieces of generated code: CQL types and table options as constant expressions
//! of the runtime's metadata types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::internals::attr::{OptionValue, TableOption};
use crate::internals::cql_type::CqlType;

/// The runtime `CqlType` constant for a parsed `type = "..."` override.
pub(crate) fn cql_type(rt: &TokenStream, ty: &CqlType) -> TokenStream {
    match ty {
        CqlType::Native(name) => {
            let mut chars = name.chars();
            let variant = match chars.next() {
                Some(first) => format!("{}{}", first.to_ascii_uppercase(), chars.as_str()),
                None => String::new(),
            };
            let variant = format_ident!("{}", variant);
            quote!(#rt::CqlType::Native(#rt::NativeType::#variant))
        }
        CqlType::List(t) => {
            let t = cql_type(rt, t);
            quote!(#rt::CqlType::List(&#t))
        }
        CqlType::Set(t) => {
            let t = cql_type(rt, t);
            quote!(#rt::CqlType::Set(&#t))
        }
        CqlType::Map(k, v) => {
            let k = cql_type(rt, k);
            let v = cql_type(rt, v);
            quote!(#rt::CqlType::Map(&#k, &#v))
        }
        CqlType::Tuple(items) => {
            let items = items.iter().map(|t| cql_type(rt, t));
            quote!(#rt::CqlType::Tuple(&[#(#items),*]))
        }
        CqlType::Frozen(t) => {
            let t = cql_type(rt, t);
            quote!(#rt::CqlType::Frozen(&#t))
        }
        CqlType::Udt(name) => quote!(#rt::CqlType::Udt(#name)),
    }
}

/// The runtime `TableOption` constant for one option.
pub(crate) fn table_option(rt: &TokenStream, opt: &TableOption) -> TokenStream {
    let name = opt.name;
    let value = match &opt.value {
        OptionValue::Int(v) => {
            let v = i64::try_from(*v).unwrap_or(i64::MAX);
            quote!(#rt::OptionValue::Int(#v))
        }
        OptionValue::Number(text) => {
            let v: f64 = text.parse().unwrap_or_default();
            quote!(#rt::OptionValue::Float(#v))
        }
        OptionValue::Text(s) => quote!(#rt::OptionValue::Str(#s)),
        OptionValue::Map(entries) => {
            let pairs = entries.iter().map(|(k, v)| quote!((#k, #v)));
            quote!(#rt::OptionValue::Map(&[#(#pairs),*]))
        }
    };
    quote!(#rt::TableOption { name: #name, value: #value })
}
