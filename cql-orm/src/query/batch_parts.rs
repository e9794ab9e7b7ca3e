//! The statements of a batch as they are added: their bind values in order, and their texts
//! as runs of repeats (a hundred inserts of one model are one text, counted a hundred times).

use std::sync::Arc;

use smallvec::SmallVec;

use crate::query::batch::{BatchPart, PartShape, PartValues};

/// One text and how many statements in a row use it.
struct Run {
    text: Arc<str>,
    shape: Option<PartShape>,
    count: u32,
}

/// The statements added to a batch so far.
pub(crate) struct Parts<'a> {
    // On the heap: the batch builder is moved on every `add`, so it stays small.
    runs: Vec<Run>,
    values: Vec<PartValues<'a>>,
    idempotent: bool,
}

impl<'a> Parts<'a> {
    pub(crate) fn new() -> Self {
        Parts {
            runs: Vec::new(),
            values: Vec::new(),
            idempotent: true,
        }
    }

    /// What the last statement's text was made from, when a statement of the same kind can
    /// reuse it.
    pub(crate) fn last_shape(&self) -> Option<PartShape> {
        self.runs.last().and_then(|r| r.shape)
    }

    /// Adds a statement (its text `None`: the same as the last statement's).
    pub(crate) fn push(&mut self, part: BatchPart<'a>) {
        self.idempotent &= part.idempotent;
        self.values.push(part.values);
        match (part.text, self.runs.last_mut()) {
            (None, Some(last)) => last.count += 1,
            (Some(text), Some(last)) if *last.text == *text => {
                last.count += 1;
                last.shape = part.shape;
            }
            (Some(text), _) => self.runs.push(Run {
                text,
                shape: part.shape,
                count: 1,
            }),
            // A part that reuses the previous text always has one before it.
            (None, None) => {}
        }
    }

    /// How many statements there are.
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether every statement is idempotent.
    pub(crate) fn idempotent(&self) -> bool {
        self.idempotent
    }

    /// The texts with their repeat counts.
    pub(crate) fn runs(&self) -> SmallVec<[(&str, u32); 4]> {
        self.runs.iter().map(|r| (&*r.text, r.count)).collect()
    }

    /// Each statement's text, in order.
    pub(crate) fn texts(&self) -> Vec<&str> {
        self.runs
            .iter()
            .flat_map(|r| std::iter::repeat_n(&*r.text, r.count as usize))
            .collect()
    }

    /// The bind values, in statement order.
    pub(crate) fn into_values(self) -> Vec<PartValues<'a>> {
        self.values
    }
}

#[cfg(test)]
mod tests {
    use std::any::TypeId;

    use super::*;

    fn part(text: Option<&str>, shape: Option<PartShape>, idempotent: bool) -> BatchPart<'static> {
        BatchPart {
            text: text.map(Arc::from),
            shape,
            values: PartValues::none(),
            idempotent,
        }
    }

    #[test]
    fn repeated_texts_are_counted_in_runs() {
        let insert = Some(PartShape::Insert {
            model: TypeId::of::<u8>(),
            ttl: false,
        });
        let mut parts = Parts::new();
        parts.push(part(Some("INSERT a"), insert, true));
        assert_eq!(parts.last_shape(), insert);
        parts.push(part(None, insert, true));
        parts.push(part(None, insert, true));
        // The same text rendered again joins the run too.
        parts.push(part(Some("INSERT a"), None, true));
        parts.push(part(Some("DELETE b"), None, false));
        parts.push(part(Some("INSERT a"), None, true));
        assert_eq!(parts.len(), 6);
        assert_eq!(
            parts.runs().as_slice(),
            [("INSERT a", 4), ("DELETE b", 1), ("INSERT a", 1)]
        );
        assert_eq!(parts.texts()[3..], ["INSERT a", "DELETE b", "INSERT a"]);
        assert!(!parts.idempotent());
        assert_eq!(parts.last_shape(), None);
        assert_eq!(parts.into_values().len(), 6);
    }
}
