//! The SET clause of an UPDATE, kept as static pieces until it is rendered: an update of a
//! shape the session has seen finds its prepared statement without building its text.

use smallvec::SmallVec;

use crate::schema::push_quoted;

/// How an assignment reads, after its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `"c" = ?`
    Value,
    /// `"c" = "c" + ?`
    Add,
    /// `"c" = "c" - ?`
    Subtract,
    /// `"c" = ? + "c"`
    Prepend,
    /// `"c"[?] = ?`
    Element,
}

impl Form {
    /// The text after the first mention of the column, and after the second if there is one.
    const fn parts(self) -> (&'static str, Option<&'static str>) {
        match self {
            Form::Value => (" = ?", None),
            Form::Add => (" = ", Some(" + ?")),
            Form::Subtract => (" = ", Some(" - ?")),
            Form::Prepend => (" = ? + ", Some("")),
            Form::Element => ("[?] = ?", None),
        }
    }
}

/// One `SET` item: a column and how it is assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assignment {
    column: &'static str,
    form: Form,
}

impl Assignment {
    /// Column `column` assigned in `form`.
    pub(crate) const fn new(column: &'static str, form: Form) -> Self {
        Assignment { column, form }
    }

    /// The assignment by identity: its column name's address and length, and its form.
    pub(crate) fn identity(&self) -> (usize, usize, usize) {
        (
            self.column.as_ptr() as usize,
            self.column.len(),
            self.form as usize,
        )
    }

    fn render(&self, out: &mut String) {
        let (first, second) = self.form.parts();
        push_quoted(out, self.column);
        out.push_str(first);
        if let Some(second) = second {
            push_quoted(out, self.column);
            out.push_str(second);
        }
    }
}

/// The assignments of an UPDATE, in order (inline up to three).
#[derive(Debug, Clone, Default)]
pub(crate) struct Assignments(SmallVec<[Assignment; 3]>);

impl Assignments {
    pub(crate) fn push(&mut self, a: Assignment) {
        self.0.push(a);
    }

    /// Appends `"a" = ?, "b" = "b" + ?`.
    pub(crate) fn render(&self, out: &mut String) {
        for (i, a) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            a.render(out);
        }
    }

    /// The SET clause as text.
    pub(crate) fn to_text(&self) -> String {
        let mut s = String::new();
        self.render(&mut s);
        s
    }

    /// The assignments, in order.
    pub(crate) fn as_slice(&self) -> &[Assignment] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_each_form() {
        let mut a = Assignments::default();
        a.push(Assignment::new("name", Form::Value));
        a.push(Assignment::new("tags", Form::Add));
        a.push(Assignment::new("gone", Form::Subtract));
        a.push(Assignment::new("hist", Form::Prepend));
        a.push(Assignment::new("prefs", Form::Element));
        a.push(Assignment::new("odd\"name", Form::Value));
        assert_eq!(
            a.to_text(),
            r#""name" = ?, "tags" = "tags" + ?, "gone" = "gone" - ?, "hist" = ? + "hist", "prefs"[?] = ?, "odd""name" = ?"#
        );
    }

    #[test]
    fn forms_render_and_identify_differently() {
        let forms = [
            Form::Value,
            Form::Add,
            Form::Subtract,
            Form::Prepend,
            Form::Element,
        ];
        for (i, a) in forms.iter().enumerate() {
            for b in &forms[i + 1..] {
                assert_ne!(a.parts(), b.parts());
                assert_ne!(
                    Assignment::new("c", *a).identity(),
                    Assignment::new("c", *b).identity()
                );
            }
        }
    }
}
