//! Pages of rows with opaque, string-safe cursors.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use scylla::response::PagingState;

use crate::error::Error;

/// Where the next page starts: the server's paging state, printable as URL-safe base64 so it
/// can travel through a query string and come back ([`Cursor::from_str`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cursor(Vec<u8>);

impl Cursor {
    pub(crate) fn from_state(state: &PagingState) -> Option<Cursor> {
        state.as_bytes_slice().map(|b| Cursor(b.to_vec()))
    }

    pub(crate) fn to_state(&self) -> PagingState {
        PagingState::new_from_raw_bytes(self.0.as_slice())
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&URL_SAFE_NO_PAD.encode(&self.0))
    }
}

impl fmt::Debug for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cursor({self})")
    }
}

impl FromStr for Cursor {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bytes = URL_SAFE_NO_PAD
            .decode(s.trim())
            .map_err(|e| Error::Validation(format!("malformed paging cursor: {e}")))?;
        if bytes.is_empty() {
            return Err(Error::Validation("empty paging cursor".to_owned()));
        }
        Ok(Cursor(bytes))
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last page.
    pub next: Option<Cursor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_through_a_string() {
        let c = Cursor(vec![0, 1, 2, 250, 251, 255, 63]);
        let s = c.to_string();
        assert!(s
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'));
        assert_eq!(s.parse::<Cursor>().unwrap(), c);
    }

    #[test]
    fn malformed_cursors_are_validation_errors() {
        assert!(matches!("%%%".parse::<Cursor>(), Err(Error::Validation(_))));
        assert!(matches!("".parse::<Cursor>(), Err(Error::Validation(_))));
    }
}
