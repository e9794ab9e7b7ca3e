//! Read-back checks shared by the examples: a difference is an [`ExampleError`], not a panic.

use std::fmt::Debug;

use crate::ExampleError;

/// `Ok(())` if `actual == expected`, else [`ExampleError::Mismatch`] naming `what`.
pub fn same<T: PartialEq + Debug>(
    what: &str,
    expected: &T,
    actual: &T,
) -> Result<(), ExampleError> {
    if expected == actual {
        Ok(())
    } else {
        Err(ExampleError::Mismatch {
            what: what.to_owned(),
            expected: format!("{expected:?}"),
            actual: format!("{actual:?}"),
        })
    }
}

/// The row read back, or [`ExampleError::Missing`] naming `what`.
pub fn found<T>(what: &str, row: Option<T>) -> Result<T, ExampleError> {
    row.ok_or_else(|| ExampleError::Missing(what.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_and_missing_rows_are_errors() {
        assert!(same("n", &1, &1).is_ok());
        let err = same("n", &1, &2).unwrap_err();
        assert_eq!(err.to_string(), "n: expected 1, read back 2");
        assert_eq!(found("row", Some(3)).unwrap(), 3);
        let err = found::<i32>("row", None).unwrap_err();
        assert!(
            matches!(err, ExampleError::Missing(ref w) if w == "row"),
            "{err}"
        );
    }
}
