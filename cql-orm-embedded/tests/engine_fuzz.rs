//! Property tests of the engine as a whole: statements of the recorded conformance corpus,
//! mutated, run (as QUERY, and as PREPARE + EXECUTE with arbitrary bound bytes) against an
//! engine holding every scenario's schema and data. Any outcome is fine but a panic.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

#[path = "corpus_support/corpus.rs"]
mod corpus;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use cql_orm_embedded::engine::{BoundValue, ConnectionState, Engine, QueryParams};
use proptest::prelude::*;

use corpus::{cases, corpus, delete_token};

/// Every statement of the corpus, and the scenarios' set-up (everything but their final
/// `DROP KEYSPACE`).
fn statements() -> &'static (Vec<String>, Vec<String>) {
    static STATEMENTS: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    STATEMENTS.get_or_init(|| {
        let steps = corpus();
        let all: Vec<String> = steps.iter().map(|s| s.cql.clone()).collect();
        let setup = steps
            .iter()
            .filter(|s| !s.cql.starts_with("DROP KEYSPACE"))
            .map(|s| s.cql.clone())
            .collect();
        (all, setup)
    })
}

/// A fresh engine holding the schema and data of every scenario.
fn loaded_engine() -> Engine {
    let engine = Engine::default();
    let mut conn = ConnectionState::default();
    for cql in &statements().1 {
        let _ = engine.query(&mut conn, cql, &QueryParams::default());
    }
    engine
}

/// How a statement is mangled.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut at a character.
    Truncate(prop::sample::Index),
    /// Replace a byte.
    Flip(prop::sample::Index, u8),
    /// Drop a space-separated word.
    DropWord(prop::sample::Index),
    /// Repeat a space-separated word.
    RepeatWord(prop::sample::Index),
    /// Put a word of another statement in place of a word.
    SwapWord(
        prop::sample::Index,
        prop::sample::Index,
        prop::sample::Index,
    ),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::DropWord),
        any::<prop::sample::Index>().prop_map(Mutation::RepeatWord),
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>()
        )
            .prop_map(|(a, b, c)| Mutation::SwapWord(a, b, c)),
    ]
}

fn mutate(text: &str, m: &Mutation) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    match m {
        Mutation::Truncate(at) => {
            let chars: Vec<char> = text.chars().collect();
            chars[..at.index(chars.len() + 1)].iter().collect()
        }
        Mutation::Flip(at, byte) => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = *byte;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Mutation::DropWord(at) => delete_token(text, at.index(words.len())),
        Mutation::RepeatWord(at) => {
            let i = at.index(words.len());
            let mut out = words.clone();
            out.insert(i, words[i]);
            out.join(" ")
        }
        Mutation::SwapWord(at, other, word) => {
            let all = &statements().0;
            let donor: Vec<&str> = other.get(all).split(' ').collect();
            let mut out = words.clone();
            out[at.index(words.len())] = donor[word.index(donor.len())];
            out.join(" ")
        }
    }
}

fn bound_value() -> impl Strategy<Value = BoundValue> {
    prop_oneof![
        Just(BoundValue::Null),
        Just(BoundValue::Unset),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(BoundValue::Bytes),
        // Lengths that look like collection or UDT headers.
        (any::<i32>(), prop::collection::vec(any::<u8>(), 0..12)).prop_map(|(n, rest)| {
            let mut b = n.to_be_bytes().to_vec();
            b.extend(rest);
            BoundValue::Bytes(b)
        }),
    ]
}

/// The statement with every string and integer literal replaced by a bind marker.
fn with_markers(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c == '\'' {
            // A string literal ('' is an escaped quote inside it).
            while let Some(n) = chars.next() {
                if n == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            out.push('?');
            prev = '?';
        } else if c.is_ascii_digit() && !(prev.is_alphanumeric() || prev == '_') {
            while chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '.')
            {
                chars.next();
            }
            out.push('?');
            prev = '?';
        } else {
            out.push(c);
            prev = c;
        }
    }
    out
}

/// Runs `f`, turning a panic into a test failure that names the statement.
fn no_panic(what: &str, f: impl FnOnce()) -> Result<(), TestCaseError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(()) => Ok(()),
        Err(p) => {
            let message = p
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(TestCaseError::fail(format!("panic on {what:?}: {message}")))
        }
    }
}

thread_local! {
    static ENGINE: Engine = loaded_engine();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    #[test]
    fn mutated_statements_never_panic_the_engine(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 0..3),
        keyspace in any::<prop::sample::Index>(),
    ) {
        let all = &statements().0;
        let mut text = pick.get(all).clone();
        for m in &mutations {
            text = mutate(&text, m);
        }
        // Either no keyspace, or the keyspace of some scenario.
        let ks = keyspace.index(all.len() + 1);
        let mut conn = ConnectionState {
            keyspace: all.get(ks).and_then(|s| {
                s.split_whitespace().find(|w| w.starts_with("cf_")).map(|w| {
                    w.split('.').next().unwrap_or(w).trim_end_matches(';').to_string()
                })
            }),
        };
        ENGINE.with(|engine| {
            no_panic(&text, || {
                let _ = engine.query(&mut conn, &text, &QueryParams::default());
            })
        })?;
    }

    #[test]
    fn prepared_statements_with_arbitrary_values_never_panic_the_engine(
        pick in any::<prop::sample::Index>(),
        values in prop::collection::vec(bound_value(), 0..8),
        page_size in prop_oneof![Just(None), (1i32..8).prop_map(Some)],
    ) {
        let all = &statements().0;
        let text = with_markers(pick.get::<String>(all));
        ENGINE.with(|engine| {
            no_panic(&text, || {
                let mut conn = ConnectionState::default();
                let Ok(prepared) = engine.prepare(&conn, &text) else {
                    return;
                };
                // As many values as markers, so that execution gets to binding them.
                let mut values = values.clone();
                values.resize(prepared.bind.len(), BoundValue::Null);
                let params = QueryParams {
                    values,
                    page_size,
                    ..QueryParams::default()
                };
                let _ = engine.execute(&mut conn, &prepared.id, &params);
            })
        })?;
    }
}
