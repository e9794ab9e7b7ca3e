//! Column expressions: comparisons (`filter`, `if_`) and orderings (`order_by`).

use std::marker::PhantomData;

use scylla::serialize::value::SerializeValue;

use crate::column::Column;

/// A type-erased bound value.
pub(crate) type BoxedValue = Box<dyn SerializeValue + Send + Sync>;

/// Bound values of a statement being built (inline up to two).
pub(crate) type ValueList = smallvec::SmallVec<[BoxedValue; 2]>;

/// The elements of a collection operation (`tags + ?`), bound as a CQL set or list; inline up
/// to two, the usual one or two elements take no allocation of their own.
pub(crate) struct Items<T>(smallvec::SmallVec<[T; 2]>);

impl<T> FromIterator<T> for Items<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        // Pushed one by one: the usual single element skips `extend`'s reservation.
        let mut items = smallvec::SmallVec::new();
        for item in iter {
            items.push(item);
        }
        Items(items)
    }
}

impl<T: SerializeValue> SerializeValue for Items<T> {
    fn serialize<'b>(
        &self,
        typ: &scylla::cluster::metadata::ColumnType<'_>,
        writer: scylla::serialize::writers::CellWriter<'b>,
    ) -> Result<
        scylla::serialize::writers::WrittenCellProof<'b>,
        scylla::serialize::SerializationError,
    > {
        self.0.as_slice().serialize(typ, writer)
    }
}

/// Operation markers carried by [`Expr`], which decide what a restriction may follow.
pub mod ops {
    /// `=`.
    #[derive(Debug, Clone, Copy)]
    pub struct Eq;
    /// `!=` (conditions only).
    #[derive(Debug, Clone, Copy)]
    pub struct Ne;
    /// `<`, `<=`, `>`, `>=`.
    #[derive(Debug, Clone, Copy)]
    pub struct Range;
    /// `IN (...)`.
    #[derive(Debug, Clone, Copy)]
    pub struct In;
    /// `CONTAINS`.
    #[derive(Debug, Clone, Copy)]
    pub struct Contains;
    /// `CONTAINS KEY`.
    #[derive(Debug, Clone, Copy)]
    pub struct ContainsKey;
}

/// A value that can be bound to a column holding `T`: `T` itself, `&T` (cloned) and `&str`
/// for text columns.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be bound to a column holding `{T}`",
    label = "expected a `{T}` value",
    note = "the value's Rust type must match the column's type (`Option` columns compare with the inner type)"
)]
pub trait Bindable<T> {
    /// Converts into the column's value type.
    fn into_value(self) -> T;
}

impl<T> Bindable<T> for T {
    #[inline]
    fn into_value(self) -> T {
        self
    }
}

impl<T: Clone> Bindable<T> for &T {
    #[inline]
    fn into_value(self) -> T {
        self.clone()
    }
}

impl Bindable<String> for &str {
    #[inline]
    fn into_value(self) -> String {
        self.to_owned()
    }
}

/// `column <op> ?` with its bound value, built by [`crate::column::ColumnExt`].
pub struct Expr<C, Op> {
    pub(crate) op: &'static str,
    /// The bind marker, possibly inside a function call (`minTimeuuid(?)`).
    pub(crate) marker: &'static str,
    pub(crate) value: BoxedValue,
    _marker: PhantomData<fn() -> (C, Op)>,
}

impl<C: Column, Op> Expr<C, Op> {
    pub(crate) fn new<V: SerializeValue + Send + Sync + 'static>(op: &'static str, v: V) -> Self {
        Self::boxed(op, Box::new(v))
    }

    pub(crate) fn boxed(op: &'static str, value: BoxedValue) -> Self {
        Expr {
            op,
            marker: "?",
            value,
            _marker: PhantomData,
        }
    }

    /// The same comparison against `marker` (e.g. `minTimeuuid(?)`) instead of `?`.
    pub(crate) fn with_marker(mut self, marker: &'static str) -> Self {
        self.marker = marker;
        self
    }

    /// Appends `"column" <op> ?` to a statement text.
    pub(crate) fn render(&self, out: &mut String) {
        crate::schema::push_quoted(out, C::NAME);
        if self.op.starts_with(' ') {
            out.push_str(self.op);
        } else {
            out.push(' ');
            out.push_str(self.op);
            out.push(' ');
        }
        out.push_str(self.marker);
    }
}

impl<C, Op> std::fmt::Debug for Expr<C, Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expr")
            .field("column", &std::any::type_name::<C>())
            .field("op", &self.op)
            .finish_non_exhaustive()
    }
}

/// `column ASC|DESC`, built by [`crate::column::ColumnExt::asc`] / `desc`.
pub struct Ordering<C, D> {
    pub(crate) keyword: &'static str,
    _marker: PhantomData<fn() -> (C, D)>,
}

impl<C, D> Ordering<C, D> {
    pub(crate) fn new(keyword: &'static str) -> Self {
        Ordering {
            keyword,
            _marker: PhantomData,
        }
    }
}

impl<C, D> std::fmt::Debug for Ordering<C, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ordering")
            .field("column", &std::any::type_name::<C>())
            .field("keyword", &self.keyword)
            .finish()
    }
}
