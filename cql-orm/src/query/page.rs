//! Pages of rows with opaque, string-safe cursors.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use scylla::response::PagingState;

use crate::error::Error;

/// Where the next page starts: the server's paging state and a fingerprint of the query that
/// produced it, printable as URL-safe base64 so it can travel through a query string and
/// come back ([`Cursor::from_str`]). A cursor is accepted only by the query (statement and
/// partition) it came from:
/// another query's cursor (or a forged one) is an [`Error::Validation`], not a server error.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    query: u64,
    state: Vec<u8>,
}

/// The fingerprint of a statement text (64-bit FNV-1a: stable across processes and
/// versions, so cursors survive restarts).
pub(crate) fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Cursor {
    pub(crate) fn from_state(text: &str, state: &PagingState) -> Option<Cursor> {
        state.as_bytes_slice().map(|b| Cursor {
            query: fingerprint(text),
            state: b.to_vec(),
        })
    }

    /// The paging state, if this cursor belongs to the query `text`.
    pub(crate) fn state_for(&self, text: &str) -> Result<PagingState, Error> {
        if self.query != fingerprint(text) {
            return Err(Error::Validation(
                "the paging cursor belongs to another query".to_owned(),
            ));
        }
        Ok(PagingState::new_from_raw_bytes(self.state.as_slice()))
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = Vec::with_capacity(8 + self.state.len());
        bytes.extend_from_slice(&self.query.to_be_bytes());
        bytes.extend_from_slice(&self.state);
        f.write_str(&URL_SAFE_NO_PAD.encode(bytes))
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
        if bytes.len() <= 8 {
            return Err(Error::Validation(
                "malformed paging cursor: too short".to_owned(),
            ));
        }
        let (query, state) = bytes.split_at(8);
        let mut q = [0u8; 8];
        q.copy_from_slice(query);
        Ok(Cursor {
            query: u64::from_be_bytes(q),
            state: state.to_vec(),
        })
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
        let state = PagingState::new_from_raw_bytes(&[0u8, 1, 2, 250, 251, 255, 63][..]);
        let c = Cursor::from_state("SELECT 1", &state).unwrap();
        let s = c.to_string();
        assert!(s
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'));
        let back = s.parse::<Cursor>().unwrap();
        assert_eq!(back, c);
        assert_eq!(
            back.state_for("SELECT 1")
                .unwrap()
                .as_bytes_slice()
                .map(|b| b.to_vec()),
            Some(vec![0u8, 1, 2, 250, 251, 255, 63])
        );
    }

    #[test]
    fn malformed_or_foreign_cursors_are_validation_errors() {
        assert!(matches!("%%%".parse::<Cursor>(), Err(Error::Validation(_))));
        assert!(matches!("".parse::<Cursor>(), Err(Error::Validation(_))));
        // Valid base64, but not a cursor: too short.
        assert!(matches!(
            "AAAA".parse::<Cursor>(),
            Err(Error::Validation(_))
        ));
        // A cursor of one query offered to another.
        let state = PagingState::new_from_raw_bytes(&[9u8, 9][..]);
        let c = Cursor::from_state("SELECT a FROM t", &state).unwrap();
        let forged: Cursor = c.to_string().parse().unwrap();
        assert!(matches!(
            forged.state_for("SELECT b FROM t"),
            Err(Error::Validation(_))
        ));
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
    }
}
