//! The CQL parser against every statement of the recorded Cassandra 4.0.7 conformance corpus,
//! and robustness of the parser on arbitrary and mutated input.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use cql_orm_embedded::cql;
use cql_orm_embedded::ErrorCode;
use proptest::prelude::*;

#[path = "corpus_support/corpus.rs"]
mod corpus;

use corpus::{cases, corpus, delete_token};

const SYNTAX_ERROR: i64 = 0x2000;

#[test]
fn every_corpus_statement_parses_or_fails_as_recorded() {
    let steps = corpus();
    assert!(steps.len() >= 345, "corpus has {} steps", steps.len());
    let mut failures = Vec::new();
    let (mut syntax_steps, mut exact) = (0, 0);
    for step in &steps {
        let result = cql::parse(&step.cql);
        if step.code == Some(SYNTAX_ERROR) {
            syntax_steps += 1;
            match result {
                Err(e) if e.code == ErrorCode::SyntaxError => {
                    if Some(&e.message) == step.message.as_ref() {
                        exact += 1;
                    } else {
                        failures.push(format!(
                            "{}#{}: message {:?}, recorded {:?}",
                            step.file, step.index, e.message, step.message
                        ));
                    }
                }
                other => failures.push(format!(
                    "{}#{}: expected a syntax error, got {other:?}",
                    step.file, step.index
                )),
            }
        } else if let Err(e) = result {
            failures.push(format!("{}#{}: {:?}: {e}", step.file, step.index, step.cql));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(syntax_steps, 4);
    assert_eq!(
        exact, syntax_steps,
        "all recorded syntax messages match exactly"
    );
}

#[test]
fn marker_counts_agree_with_the_parser() {
    for step in corpus() {
        if let Ok((stmt, count)) = cql::parse_counting_markers(&step.cql) {
            assert_eq!(cql::bind_marker_count(&stmt), count, "{}", step.cql);
            let indexes: Vec<usize> = cql::bind_markers(&stmt).iter().map(|m| m.index).collect();
            assert_eq!(indexes, (0..count).collect::<Vec<_>>(), "{}", step.cql);
        }
    }
}

/// Parsing may fail, but only with a CQL error, never by panicking or overflowing.
fn parses_without_panic(text: &str) -> Result<(), TestCaseError> {
    match cql::parse(text) {
        Ok(_) => Ok(()),
        Err(e) => {
            prop_assert!(
                matches!(e.code, ErrorCode::SyntaxError | ErrorCode::Invalid),
                "unexpected code {:?} for {text:?}",
                e.code
            );
            prop_assert!(!e.message.is_empty());
            Ok(())
        }
    }
}

fn corpus_texts() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| corpus().into_iter().map(|s| s.cql).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        parses_without_panic(&text)?;
    }

    #[test]
    fn cql_alphabet_strings_never_panic(text in "[ a-zA-Z0-9_'\"$(){}\\[\\]<>=!,;:.?*+/%-]{0,80}") {
        parses_without_panic(&text)?;
    }

    #[test]
    fn truncated_corpus_statements_never_panic(pick in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let texts = corpus_texts();
        let text = pick.get(texts);
        let chars: Vec<char> = text.chars().collect();
        let end = cut.index(chars.len() + 1);
        let truncated: String = chars[..end].iter().collect();
        parses_without_panic(&truncated)?;
    }

    #[test]
    fn byte_flipped_corpus_statements_never_panic(pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let texts = corpus_texts();
        let mut bytes = pick.get(texts).clone().into_bytes();
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        parses_without_panic(&text)?;
    }

    #[test]
    fn token_deleted_corpus_statements_never_panic(pick in any::<prop::sample::Index>(), which in any::<usize>(), twice in any::<usize>()) {
        let texts = corpus_texts();
        let once = delete_token(pick.get::<String>(texts), which);
        parses_without_panic(&once)?;
        parses_without_panic(&delete_token(&once, twice))?;
    }
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}")] {
        for depth in [150usize, 10_000] {
            let text = format!(
                "INSERT INTO t (k) VALUES ({}1{})",
                open.repeat(depth),
                close.repeat(depth)
            );
            let err = cql::parse(&text).expect_err("too deep");
            assert_eq!(err.code, ErrorCode::SyntaxError, "{}", err.message);
        }
    }
    let deep_type = format!("{}int{}", "frozen<list<".repeat(5_000), ">>".repeat(5_000));
    assert_eq!(
        cql::parse_type(&deep_type).expect_err("too deep").code,
        ErrorCode::SyntaxError
    );
    let deep_where = format!(
        "SELECT * FROM t WHERE {}k = 1{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_eq!(
        cql::parse(&deep_where).expect_err("too deep").code,
        ErrorCode::SyntaxError
    );
    let deep_selector = format!(
        "SELECT {}k{} FROM t",
        "f(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_eq!(
        cql::parse(&deep_selector).expect_err("too deep").code,
        ErrorCode::SyntaxError
    );
    // Moderate nesting still parses.
    let ok = format!(
        "INSERT INTO t (k) VALUES ({}1{})",
        "[".repeat(50),
        "]".repeat(50)
    );
    assert!(cql::parse(&ok).is_ok());
}

/// The deepest accepted nesting of every recursive construct parses within a small stack
/// (tokio worker threads have 2 MiB; this uses 256 KiB).
#[test]
fn maximal_nesting_fits_in_a_small_stack() {
    type Shape = fn(usize) -> String;
    let shapes: Vec<Shape> = vec![
        |d| {
            format!(
                "INSERT INTO t (k) VALUES ({}1{})",
                "[".repeat(d),
                "]".repeat(d)
            )
        },
        |d| {
            format!(
                "INSERT INTO t (k) VALUES ({}1{})",
                "{".repeat(d),
                "}".repeat(d)
            )
        },
        |d| {
            format!(
                "INSERT INTO t (k) VALUES ({}1, 2{})",
                "(".repeat(d),
                ")".repeat(d)
            )
        },
        |d| {
            format!(
                "INSERT INTO t (k) VALUES ({}1{})",
                "f(".repeat(d),
                ")".repeat(d)
            )
        },
        |d| format!("INSERT INTO t (k) VALUES ({}?)", "(int) ".repeat(d)),
        |d| {
            format!(
                "SELECT * FROM t WHERE {}k = 1{}",
                "(".repeat(d),
                ")".repeat(d)
            )
        },
        |d| format!("SELECT {}k{} FROM t", "f(".repeat(d), ")".repeat(d)),
        |d| {
            format!(
                "SELECT {}k{} FROM t",
                "CAST(".repeat(d),
                " AS int)".repeat(d)
            )
        },
        |d| {
            format!(
                "CREATE TABLE t (k {}int{} PRIMARY KEY)",
                "list<".repeat(d),
                ">".repeat(d)
            )
        },
    ];
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            shapes
                .iter()
                .map(|shape| {
                    // The deepest nesting of this shape that parses.
                    (1..=110).rev().find(|d| cql::parse(&shape(*d)).is_ok())
                })
                .collect::<Vec<_>>()
        })
        .expect("thread");
    let deepest = handle.join().expect("no stack overflow");
    for (i, d) in deepest.into_iter().enumerate() {
        let d = d.unwrap_or(0);
        assert!(
            (90..100).contains(&d),
            "shape {i}: deepest accepted nesting {d}"
        );
    }
}
