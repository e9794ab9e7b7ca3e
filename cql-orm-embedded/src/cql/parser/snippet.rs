//! The query snippet Cassandra appends to parser errors: ` (...(k int PRIMARY KEY, [select]...)`.
//!
//! Cassandra takes the tokens from ten before the current one to two after it (bounded by
//! what the parser had looked at), brackets the current token and cuts the query text there.
//! It works on Java strings, so positions are UTF-16 units and lines are split on `\n` with
//! trailing empty lines dropped; lengths come from each token's text (for string literals
//! and quoted names: their unescaped content, as Cassandra does).

use super::super::lexer::Token;

const FIRST_TOKEN_OFFSET: usize = 10;
const LAST_TOKEN_OFFSET: usize = 2;

fn valid(t: &Token) -> bool {
    t.line > 0 && t.col >= 0
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The end (exclusive, in UTF-16 units) of a token on its line.
fn end_in_line(t: &Token) -> usize {
    usize::try_from(t.col).unwrap_or(0) + utf16_len(&t.text)
}

fn line_index(t: &Token) -> usize {
    (t.line as usize).saturating_sub(1)
}

fn col(t: &Token) -> usize {
    usize::try_from(t.col).unwrap_or(0)
}

fn insert(line: &mut Vec<u16>, at: usize, c: char) {
    let at = at.min(line.len());
    let mut buf = [0u16; 2];
    for (k, unit) in c.encode_utf16(&mut buf).iter().enumerate() {
        line.insert(at + k, *unit);
    }
}

/// Appends the snippet for an error at token `index` when `size` tokens had been read.
pub(super) fn append(out: &mut String, query: &str, toks: &[Token], index: usize, size: usize) {
    let last = size.saturating_sub(1).min(toks.len().saturating_sub(1));
    let (Some(from), Some(to), Some(offending)) = (
        toks.get(index.saturating_sub(FIRST_TOKEN_OFFSET)),
        toks.get((index + LAST_TOKEN_OFFSET).min(last)),
        toks.get(index.min(last)),
    ) else {
        return;
    };
    if !(valid(from) && valid(to) && valid(offending)) {
        return;
    }
    let mut lines: Vec<Vec<u16>> = query
        .split('\n')
        .map(|l| l.encode_utf16().collect())
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let Some(last_line) = lines.last() else {
        return;
    };
    let include_start = from.line == 1 && from.col == 0;
    let include_end = to.line as usize == lines.len() && end_in_line(to) == last_line.len();

    out.push_str(" (");
    if !include_start {
        out.push_str("...");
    }
    if let Some(line) = lines.get_mut(line_index(to)) {
        line.truncate(end_in_line(to));
    }
    if let Some(line) = lines.get_mut(line_index(offending)) {
        insert(line, end_in_line(offending), ']');
        insert(line, col(offending), '[');
    }
    if let Some(line) = lines.get_mut(line_index(from)) {
        let start = col(from).min(line.len());
        line.drain(..start);
    }
    for line in lines.iter().take(line_index(to) + 1).skip(line_index(from)) {
        out.push_str(&String::from_utf16_lossy(line));
    }
    if !include_end {
        out.push_str("...");
    }
    out.push(')');
}
