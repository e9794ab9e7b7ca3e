//! `options(...)`: the table options of `CREATE TABLE ... WITH`, checked by name and value.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Expr, ExprLit, Lit};

use super::value::{self, key_name};
use crate::internals::ctxt::Ctxt;

/// One table option.
#[derive(Clone, Debug)]
pub(crate) struct TableOption {
    /// The CQL option name.
    pub(crate) name: &'static str,
    /// Its value.
    pub(crate) value: OptionValue,
    /// Where the option's key was written.
    pub(crate) span: Span,
}

/// A table option's value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum OptionValue {
    /// A whole number (seconds, milliseconds, counts).
    Int(u64),
    /// A decimal number, as written.
    Number(String),
    /// A string.
    Text(String),
    /// A map of sub-options (`compaction`, `compression`, `caching`), values as strings.
    Map(Vec<(String, String)>),
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Seconds(u64),
    Count(u64),
    Fraction,
    Map {
        keys: Option<&'static [&'static str]>,
        required: Option<&'static str>,
    },
}

const I32_MAX: u64 = i32::MAX as u64;
/// Cassandra's longest TTL: 20 years.
const MAX_TTL: u64 = 630_720_000;

const OPTIONS: &[(&str, Kind)] = &[
    ("additional_write_policy", Kind::Text),
    ("bloom_filter_fp_chance", Kind::Fraction),
    (
        "caching",
        Kind::Map {
            keys: Some(&["keys", "rows_per_partition"]),
            required: None,
        },
    ),
    ("comment", Kind::Text),
    (
        "compaction",
        Kind::Map {
            keys: None,
            required: Some("class"),
        },
    ),
    (
        "compression",
        Kind::Map {
            keys: None,
            required: None,
        },
    ),
    ("crc_check_chance", Kind::Fraction),
    ("default_time_to_live", Kind::Seconds(MAX_TTL)),
    ("gc_grace_seconds", Kind::Seconds(I32_MAX)),
    ("max_index_interval", Kind::Count(I32_MAX)),
    ("memtable_flush_period_in_ms", Kind::Count(I32_MAX)),
    ("min_index_interval", Kind::Count(I32_MAX)),
    ("read_repair", Kind::Text),
    ("speculative_retry", Kind::Text),
];

fn option_names() -> String {
    OPTIONS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses the list inside `options(...)`, recording every error in `cx`.
pub(crate) fn parse(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    out: &mut Vec<TableOption>,
) -> syn::Result<()> {
    if !value::has_list(meta) {
        cx.error_spanned_by(
            &meta.path,
            "`options` expects a list, as in `options(default_time_to_live = 3600, comment = \"...\")`",
        );
        return value::skip_value(meta);
    }
    let mut seen = HashSet::new();
    meta.parse_nested_meta(|meta| {
        let key = key_name(&meta);
        let Some(&(name, kind)) = OPTIONS.iter().find(|(n, _)| *n == key) else {
            cx.error_spanned_by(
                &meta.path,
                format!(
                    "unknown table option `{key}`; expected one of: {}",
                    option_names()
                ),
            );
            return value::skip_value(&meta);
        };
        if !seen.insert(name) {
            cx.error_spanned_by(&meta.path, format!("duplicate table option `{name}`"));
            return value::skip_value(&meta);
        }
        let span = meta.path.span();
        let parsed = match kind {
            Kind::Map { keys, required } => {
                parse_map(cx, &meta, name, keys, required)?.map(OptionValue::Map)
            }
            _ => {
                let example = match kind {
                    Kind::Text => format!("{name} = \"...\""),
                    Kind::Fraction => format!("{name} = 0.1"),
                    _ => format!("{name} = 3600"),
                };
                match value::expr(cx, &meta, name, &example)? {
                    None => None,
                    Some(e) => match kind {
                        Kind::Text => value::as_string(cx, &e, name, &example)
                            .map(|s| OptionValue::Text(s.value)),
                        Kind::Seconds(max) => value::as_uint(cx, &e, name, max, "seconds")
                            .map(|v| OptionValue::Int(v.value)),
                        Kind::Count(max) => value::as_uint(cx, &e, name, max, "units")
                            .map(|v| OptionValue::Int(v.value)),
                        Kind::Fraction => value::as_fraction(cx, &e, name, 0.0, 1.0)
                            .map(|v| OptionValue::Number(v.value)),
                        Kind::Map { .. } => None,
                    },
                }
            }
        };
        if let Some(value) = parsed {
            out.push(TableOption { name, value, span });
        }
        Ok(())
    })
}

fn parse_map(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    name: &str,
    keys: Option<&'static [&'static str]>,
    required: Option<&'static str>,
) -> syn::Result<Option<Vec<(String, String)>>> {
    let example = match required {
        Some(req) => format!("{name}({req} = \"...\")"),
        None => format!("{name}(key = \"value\")"),
    };
    if !value::has_list(meta) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{name}` expects a list of sub-options, as in `{example}`"),
        );
        value::skip_value(meta)?;
        return Ok(None);
    }
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut ok = true;
    meta.parse_nested_meta(|sub| {
        let key = key_name(&sub);
        if let Some(valid) = keys {
            if !valid.contains(&key.as_str()) {
                cx.error_spanned_by(
                    &sub.path,
                    format!(
                        "unknown `{name}` sub-option `{key}`; expected one of: {}",
                        valid.join(", ")
                    ),
                );
                ok = false;
                return value::skip_value(&sub);
            }
        }
        if entries.iter().any(|(k, _)| *k == key) {
            cx.error_spanned_by(&sub.path, format!("duplicate `{name}` sub-option `{key}`"));
            ok = false;
            return value::skip_value(&sub);
        }
        let Some(e) = value::expr(cx, &sub, &key, &format!("{key} = \"value\""))? else {
            ok = false;
            return Ok(());
        };
        match literal_text(&e) {
            Some(text) => entries.push((key, text)),
            None => {
                cx.error_spanned_by(
                    &e,
                    format!(
                        "`{name}` sub-option `{key}` expects a string, number or boolean literal"
                    ),
                );
                ok = false;
            }
        }
        Ok(())
    })?;
    if let Some(req) = required {
        if ok && !entries.iter().any(|(k, _)| k == req) {
            cx.error_spanned_by(
                &meta.path,
                format!("`{name}` needs the sub-option `{req}`, as in `{example}`"),
            );
            ok = false;
        }
    }
    Ok(ok.then_some(entries))
}

fn literal_text(e: &Expr) -> Option<String> {
    let Expr::Lit(ExprLit { lit, .. }) = e else {
        return None;
    };
    match lit {
        Lit::Str(s) => Some(s.value()),
        Lit::Int(i) if i.suffix().is_empty() => Some(i.base10_digits().to_owned()),
        Lit::Float(f) if f.suffix().is_empty() => Some(f.base10_digits().to_owned()),
        Lit::Bool(b) => Some(b.value.to_string()),
        _ => None,
    }
}
