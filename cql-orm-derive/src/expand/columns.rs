//! The column module: one zero-sized value per mapped field, and its column traits.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::Ident;

use super::model::module_ident;
use crate::internals::ast::{Model, ModelField, Role, ValueKind};
use crate::internals::cql_type::CollectionKind;
use crate::internals::shape;

fn column_ident(f: &ModelField<'_>) -> Ident {
    // Keep the field's spelling (raw identifiers included) so `module::field` reads like
    // the field.
    f.ident.clone()
}

/// The path of field `f`'s column value: `<model_snake>::<field>`.
pub(crate) fn path(m: &Model<'_>, f: &ModelField<'_>) -> TokenStream {
    let module = module_ident(m);
    let col = column_ident(f);
    quote!(#module::#col)
}

/// `pub mod <model_snake> { pub struct <field>; ... }`.
pub(crate) fn module(m: &Model<'_>) -> TokenStream {
    let vis = m.vis;
    let module = module_ident(m);
    let model = m.ident;
    let doc = format!(
        "The columns of [`{model}`], one zero-sized value per column, for the typed query DSL."
    );
    let item_vis = super::visibility::one_level_deeper(vis);
    let items = m.columns().map(|f| {
        let ident = column_ident(f);
        let doc = format!("Column `{}` of table `{}`.", f.column.value, m.table.value);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, Default)]
            #item_vis struct #ident;
        }
    });
    quote! {
        #[doc = #doc]
        #[allow(non_camel_case_types)]
        #vis mod #module {
            #(#items)*
        }
    }
}

/// The column trait impls, inside the expansion's `const _` block.
pub(crate) fn impls(m: &Model<'_>, rt: &TokenStream) -> TokenStream {
    let model = m.ident;
    let module = module_ident(m);
    let clustering: Vec<&ModelField<'_>> = m.clustering().collect();
    let partition: Vec<&ModelField<'_>> = m.partition_key().collect();
    let mut out = TokenStream::new();
    for (index, f) in m.columns().enumerate() {
        let col = column_ident(f);
        let path = quote!(#module::#col);
        let ty = f.ty;
        let name = &f.column.value;
        let indexed = f.attrs.index.is_some();
        let kind = match f.role {
            Role::PartitionKey => quote!(PartitionKey),
            Role::Clustering(_) => quote!(Clustering),
            _ if matches!(
                f.attrs.index.as_ref().map(|i| i.value),
                Some(crate::internals::ast::IndexTarget::Keys)
            ) =>
            {
                quote!(IndexedKeys)
            }
            _ if indexed => quote!(Indexed),
            Role::Static => quote!(Static),
            Role::Regular => quote!(Regular),
        };
        // The one place the field's type is named: a type without a CQL mapping fails here,
        // at the user's token, and nowhere else.
        let value = quote_spanned!(ty.span()=> type Value = #ty;);
        let cql_type = f.cql_type().map(|over| {
            let over = super::tokens::cql_type(rt, over);
            quote!(const CQL_TYPE: #rt::CqlType = #over;)
        });
        out.extend(quote! {
            #[automatically_derived]
            impl #rt::Column for #path {
                type Model = #model;
                #value
                type Kind = #rt::kind::#kind;
                const NAME: &'static str = #name;
                const INDEX: usize = #index;
                #cql_type
            }
            #[automatically_derived]
            impl #rt::ColumnOf<#model> for #path {}
        });
        match f.role {
            Role::PartitionKey => {
                let pos = partition
                    .iter()
                    .position(|p| p.ident == f.ident)
                    .unwrap_or(0);
                out.extend(quote! {
                    #[automatically_derived]
                    impl #rt::PartitionKeyColumn<#model> for #path {
                        const POSITION: usize = #pos;
                    }
                });
            }
            Role::Clustering(order) => {
                let pos = clustering
                    .iter()
                    .position(|c| c.ident == f.ident)
                    .unwrap_or(0);
                let order = match order {
                    crate::internals::ast::Order::Asc => quote!(Asc),
                    crate::internals::ast::Order::Desc => quote!(Desc),
                };
                let prev = match pos.checked_sub(1).and_then(|p| clustering.get(p)) {
                    Some(prev) => {
                        let prev = column_ident(prev);
                        quote!(#module::#prev)
                    }
                    None => quote!(#rt::NoClustering),
                };
                out.extend(quote! {
                    #[automatically_derived]
                    impl #rt::ClusteringColumn<#model> for #path {
                        const POSITION: usize = #pos;
                        type Order = #rt::order::#order;
                    }
                    #[automatically_derived]
                    impl #rt::FollowsClustering<#prev> for #path {}
                });
            }
            Role::Static => out.extend(quote! {
                #[automatically_derived]
                impl #rt::StaticColumn<#model> for #path {}
                #[automatically_derived]
                impl #rt::NonKeyColumn<#model> for #path {}
            }),
            Role::Regular => out.extend(quote! {
                #[automatically_derived]
                impl #rt::RegularColumn<#model> for #path {}
                #[automatically_derived]
                impl #rt::NonKeyColumn<#model> for #path {}
            }),
        }
        if f.kind == ValueKind::Counter {
            out.extend(quote! {
                #[automatically_derived]
                impl #rt::CounterColumn<#model> for #path {}
            });
        } else {
            out.extend(quote! {
                #[automatically_derived]
                impl #rt::NonCounterColumn<#model> for #path {}
            });
        }
        if indexed {
            out.extend(quote! {
                #[automatically_derived]
                impl #rt::Indexed<#model> for #path {}
            });
        }
        out.extend(quote! {
            #[automatically_derived]
            impl #rt::Selector<#model> for #path {
                type Value = <#path as #rt::Column>::Value;
                fn write_selector(out: &mut ::std::string::String) {
                    #rt::write_column_selector::<#path>(out)
                }
            }
        });
        if !matches!(f.kind, ValueKind::Collection(_) | ValueKind::UnfrozenUdt) {
            out.extend(quote! {
                #[automatically_derived]
                impl #rt::CellColumn<#model> for #path {}
            });
        }
        if matches!(f.role, Role::PartitionKey | Role::Static) {
            out.extend(quote! {
                #[automatically_derived]
                impl #rt::DistinctColumn<#model> for #path {}
            });
        }
        out.extend(collection(f, &path, model, rt));
    }
    out
}

/// Collection markers for a field spelled as a standard collection and not frozen by a
/// `type = "..."` override.
fn collection(
    f: &ModelField<'_>,
    path: &TokenStream,
    model: &Ident,
    rt: &TokenStream,
) -> TokenStream {
    let ValueKind::Collection(kind) = f.kind else {
        return TokenStream::new();
    };
    let Some(args) = shape::collection_args(f.value_ty) else {
        return TokenStream::new();
    };
    match (kind, args.as_slice()) {
        (CollectionKind::List | CollectionKind::Set, [elem, ..]) => {
            let marker = if kind == CollectionKind::List {
                format_ident!("ListColumn")
            } else {
                format_ident!("SetColumn")
            };
            quote! {
                #[automatically_derived]
                impl #rt::CollectionColumn<#model> for #path {
                    type Elem = #elem;
                }
                #[automatically_derived]
                impl #rt::#marker<#model> for #path {
                    type Elem = <#path as #rt::CollectionColumn<#model>>::Elem;
                }
            }
        }
        (CollectionKind::Map, [key, val, ..]) => quote! {
            #[automatically_derived]
            impl #rt::MapColumn<#model> for #path {
                type Key = #key;
                type Val = #val;
            }
        },
        _ => TokenStream::new(),
    }
}
