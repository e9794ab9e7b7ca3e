//! What can be read from a field's Rust type by its spelling alone: `Option`, the
//! `Counter` newtype, the standard collections and the `Frozen` marker. Everything else is
//! decided by the type-level checks in the expansion.

use syn::{GenericArgument, PathArguments, Type};

use super::cql_type::CollectionKind;

/// The spelling-level classification of a field type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The `Counter` newtype.
    Counter,
    /// A non-frozen standard collection (`Vec<T>` other than `Vec<u8>`, sets, maps).
    Collection(CollectionKind),
    /// `Frozen<T>` or a tuple: a frozen value usable in a key.
    Frozen,
    /// Anything else: a native scalar, a UDT, or a type only the compiler can judge.
    Other,
}

/// A field's type, seen through an outer `Option`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldType<'a> {
    /// The `Option<...>` wrapper when there is one.
    pub(crate) option: Option<&'a Type>,
    /// The type inside `Option`, or the whole type.
    pub(crate) value: &'a Type,
    /// What the value type is.
    pub(crate) shape: Shape,
}

/// Classifies `ty`.
pub(crate) fn classify(ty: &Type) -> FieldType<'_> {
    let ty = ungroup(ty);
    if let Some(inner) = single_generic(ty, "Option") {
        let inner = ungroup(inner);
        return FieldType {
            option: Some(ty),
            value: inner,
            shape: shape_of(inner),
        };
    }
    FieldType {
        option: None,
        value: ty,
        shape: shape_of(ty),
    }
}

fn shape_of(ty: &Type) -> Shape {
    if let Type::Tuple(tuple) = ty {
        return if tuple.elems.is_empty() {
            Shape::Other
        } else {
            Shape::Frozen
        };
    }
    let Some(name) = last_segment_name(ty) else {
        return Shape::Other;
    };
    match name.as_str() {
        "Counter" => Shape::Counter,
        "Frozen" => Shape::Frozen,
        "Vec" | "VecDeque" | "LinkedList" => {
            if single_generic(ty, &name).is_some_and(is_u8) {
                Shape::Other
            } else {
                Shape::Collection(CollectionKind::List)
            }
        }
        "HashSet" | "BTreeSet" => Shape::Collection(CollectionKind::Set),
        "HashMap" | "BTreeMap" => Shape::Collection(CollectionKind::Map),
        _ => Shape::Other,
    }
}

/// The type arguments of a standard collection spelled `ty` (element for lists and sets,
/// key and value for maps), or `None` when `ty` is not spelled as one.
pub(crate) fn collection_args(ty: &Type) -> Option<Vec<&Type>> {
    let ty = ungroup(ty);
    if !matches!(shape_of(ty), Shape::Collection(_)) {
        return None;
    }
    let Type::Path(p) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
    )
}

fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(g) => ty = &g.elem,
            Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

fn last_segment_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The only type argument of `ty` when its last path segment is `name<T>`.
fn single_generic<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let seg = p.path.segments.last()?;
    if seg.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let first = types.next()?;
    types.next().is_none().then_some(first)
}

fn is_u8(ty: &Type) -> bool {
    last_segment_name(ungroup(ty)).is_some_and(|n| n == "u8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(src: &str) -> (bool, Shape) {
        let ty: Type = syn::parse_str(src).unwrap_or_else(|e| unreachable!("{src}: {e}"));
        let ft = classify(&ty);
        (ft.option.is_some(), ft.shape)
    }

    #[test]
    fn classifies_by_spelling() {
        assert_eq!(shape("Option<String>"), (true, Shape::Other));
        assert_eq!(
            shape("std::option::Option<Counter>"),
            (true, Shape::Counter)
        );
        assert_eq!(shape("cql_orm::Counter"), (false, Shape::Counter));
        assert_eq!(shape("Vec<u8>"), (false, Shape::Other));
        assert_eq!(
            shape("Vec<String>"),
            (false, Shape::Collection(CollectionKind::List))
        );
        assert_eq!(
            shape("HashMap<String, i32>"),
            (false, Shape::Collection(CollectionKind::Map))
        );
        assert_eq!(shape("Frozen<Vec<i32>>"), (false, Shape::Frozen));
        assert_eq!(shape("(i32, String)"), (false, Shape::Frozen));
    }
}
