//! Arbitrary text through the CQL parser: it may refuse it, only with a syntax or invalid
//! request error, and never panic or overflow its stack.
#![no_main]

use cql_orm_embedded::{cql, ErrorCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = cql::parse_counting_markers(&text) {
        assert!(
            matches!(e.code, ErrorCode::SyntaxError | ErrorCode::Invalid),
            "unexpected error code {:?} for {text:?}",
            e.code
        );
    }
});
