//! Visibility of items generated one module deeper than the model (the column module's
//! structs), so that they are exactly as visible as the model itself.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Path, VisRestricted, Visibility};

/// The visibility that, written on an item inside a module that sits beside the model,
/// reaches the same places as `vis` written on the model.
///
/// | model | item in the nested module |
/// |---|---|
/// | `pub` | `pub` |
/// | private / `pub(self)` | `pub(super)` |
/// | `pub(crate)` | `pub(crate)` |
/// | `pub(super)` | `pub(in super::super)` |
/// | `pub(in crate::a)` | `pub(in crate::a)` |
/// | `pub(in self::a)` / `pub(in super::a)` | `pub(in super::a)` / `pub(in super::super::a)` |
pub(crate) fn one_level_deeper(vis: &Visibility) -> TokenStream {
    match vis {
        Visibility::Public(_) => quote!(pub),
        Visibility::Inherited => quote!(pub(super)),
        Visibility::Restricted(r) => restricted(r),
    }
}

fn restricted(r: &VisRestricted) -> TokenStream {
    let path: &Path = &r.path;
    let first = path.segments.first().map(|s| s.ident.to_string());
    let rest: Vec<_> = path.segments.iter().skip(1).collect();
    match first.as_deref() {
        _ if path.leading_colon.is_some() => quote!(pub(in #path)),
        Some("crate") => quote!(pub(in #path)),
        Some("self") if rest.is_empty() => quote!(pub(super)),
        Some("self") => quote!(pub(in super #(:: #rest)*)),
        Some("super") => quote!(pub(in super::#path)),
        // Not a path Rust accepts in `pub(in ...)`; rustc reports it on the model itself.
        _ => quote!(pub(in #path)),
    }
}

#[cfg(test)]
mod tests {
    use super::one_level_deeper;

    fn deeper(vis: &str) -> String {
        let vis: syn::Visibility = syn::parse_str(vis).unwrap();
        one_level_deeper(&vis).to_string()
    }

    #[test]
    fn every_visibility_reaches_the_same_places() {
        assert_eq!(deeper("pub"), "pub");
        assert_eq!(deeper(""), "pub (super)");
        assert_eq!(deeper("pub(self)"), "pub (super)");
        assert_eq!(deeper("pub(crate)"), "pub (in crate)");
        assert_eq!(deeper("pub(super)"), "pub (in super :: super)");
        assert_eq!(deeper("pub(in crate::a::b)"), "pub (in crate :: a :: b)");
        assert_eq!(deeper("pub(in self::a)"), "pub (in super :: a)");
        assert_eq!(deeper("pub(in super::a)"), "pub (in super :: super :: a)");
    }
}
