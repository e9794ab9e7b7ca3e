//! Splitting CQL text (a migration file) into statements with a real tokenizer: a `;` inside
//! a string literal (`'...'`), a quoted identifier (`"..."`), a `$$...$$` body or a comment
//! (`-- ...`, `// ...`, `/* ... */`) does not end a statement. Comments are dropped; the
//! keyspace placeholder `${keyspace}` is recognised outside literals and comments.

use super::{KsRef, KEYSPACE_PLACEHOLDER};

/// One piece of a statement's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// CQL text, kept verbatim (comments replaced by one space).
    Text(String),
    /// The `${keyspace}` placeholder.
    Keyspace,
}

/// One statement, without its terminating `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStatement {
    /// The text, split around keyspace placeholders.
    pub pieces: Vec<Piece>,
    /// The 1-based line the statement starts on.
    pub line: usize,
}

impl RawStatement {
    /// The text with the placeholder spelled `${keyspace}` (what checksums are taken of).
    pub fn text(&self) -> String {
        self.render_with(KEYSPACE_PLACEHOLDER)
    }

    /// The text with the placeholder replaced by the keyspace `ks`.
    pub fn render(&self, ks: KsRef<'_>) -> String {
        self.render_with(&ks.to_string())
    }

    /// Whether the statement names the keyspace placeholder.
    pub fn uses_keyspace(&self) -> bool {
        self.pieces.contains(&Piece::Keyspace)
    }

    fn render_with(&self, ks: &str) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Keyspace => out.push_str(ks),
            }
        }
        out
    }
}

/// Why a text could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// A `'` string literal is not closed.
    #[error("line {line}: unterminated string literal")]
    UnterminatedString {
        /// Where it starts.
        line: usize,
    },
    /// A `"` quoted identifier is not closed.
    #[error("line {line}: unterminated quoted identifier")]
    UnterminatedIdentifier {
        /// Where it starts.
        line: usize,
    },
    /// A `$$` body is not closed.
    #[error("line {line}: unterminated $$ string")]
    UnterminatedDollarString {
        /// Where it starts.
        line: usize,
    },
    /// A `/*` comment is not closed.
    #[error("line {line}: unterminated /* comment")]
    UnterminatedComment {
        /// Where it starts.
        line: usize,
    },
    /// A `${...}` other than `${keyspace}`.
    #[error("line {line}: unknown placeholder `{found}` (only `${{keyspace}}` is recognised)")]
    UnknownPlaceholder {
        /// Where it is.
        line: usize,
        /// The placeholder as written.
        found: String,
    },
}

struct Splitter<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    statements: Vec<RawStatement>,
    pieces: Vec<Piece>,
    text: String,
    /// The line of the first significant character of the current statement.
    start: Option<usize>,
}

impl Splitter<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn significant(&mut self) {
        if self.start.is_none() {
            self.start = Some(self.line);
        }
    }

    fn end_statement(&mut self) {
        if !self.text.is_empty() {
            self.pieces
                .push(Piece::Text(std::mem::take(&mut self.text)));
        }
        let mut pieces = std::mem::take(&mut self.pieces);
        if let Some(line) = self.start.take() {
            trim_pieces(&mut pieces);
            if !pieces.is_empty() {
                self.statements.push(RawStatement { pieces, line });
            }
        }
    }

    /// Copies a quoted run (string literal or identifier) whose opening `quote` was read.
    fn quoted(&mut self, quote: char) -> Result<(), ()> {
        self.text.push(quote);
        loop {
            match self.next() {
                None => return Err(()),
                Some(c) if c == quote => {
                    self.text.push(c);
                    if self.chars.peek() == Some(&quote) {
                        self.next();
                        self.text.push(quote);
                    } else {
                        return Ok(());
                    }
                }
                Some(c) => self.text.push(c),
            }
        }
    }

    fn run(mut self) -> Result<Vec<RawStatement>, SplitError> {
        while let Some(c) = self.next() {
            let line = self.line;
            match c {
                ';' => self.end_statement(),
                '\'' => {
                    self.significant();
                    self.quoted('\'')
                        .map_err(|()| SplitError::UnterminatedString { line })?;
                }
                '"' => {
                    self.significant();
                    self.quoted('"')
                        .map_err(|()| SplitError::UnterminatedIdentifier { line })?;
                }
                '-' if self.chars.peek() == Some(&'-') => self.line_comment(),
                '/' if self.chars.peek() == Some(&'/') => self.line_comment(),
                '/' if self.chars.peek() == Some(&'*') => {
                    self.next();
                    let mut prev = '\0';
                    loop {
                        match self.next() {
                            None => return Err(SplitError::UnterminatedComment { line }),
                            Some('/') if prev == '*' => break,
                            Some(c) => prev = c,
                        }
                    }
                    self.text.push(' ');
                }
                '$' if self.chars.peek() == Some(&'$') => {
                    self.significant();
                    self.next();
                    self.text.push_str("$$");
                    let mut prev = '\0';
                    loop {
                        match self.next() {
                            None => return Err(SplitError::UnterminatedDollarString { line }),
                            Some('$') if prev == '$' => {
                                self.text.push('$');
                                break;
                            }
                            Some(c) => {
                                self.text.push(c);
                                prev = c;
                            }
                        }
                    }
                }
                '$' if self.chars.peek() == Some(&'{') => {
                    self.significant();
                    let mut found = String::from("$");
                    loop {
                        match self.next() {
                            None | Some('\n') => {
                                return Err(SplitError::UnknownPlaceholder { line, found })
                            }
                            Some('}') => {
                                found.push('}');
                                break;
                            }
                            Some(c) => found.push(c),
                        }
                    }
                    if found != KEYSPACE_PLACEHOLDER {
                        return Err(SplitError::UnknownPlaceholder { line, found });
                    }
                    if !self.text.is_empty() {
                        self.pieces
                            .push(Piece::Text(std::mem::take(&mut self.text)));
                    }
                    self.pieces.push(Piece::Keyspace);
                }
                c => {
                    if !c.is_whitespace() {
                        self.significant();
                    }
                    self.text.push(c);
                }
            }
        }
        self.end_statement();
        Ok(self.statements)
    }

    fn line_comment(&mut self) {
        while let Some(c) = self.chars.peek() {
            if *c == '\n' {
                break;
            }
            self.next();
        }
        self.text.push(' ');
    }
}

fn trim_pieces(pieces: &mut Vec<Piece>) {
    if let Some(Piece::Text(t)) = pieces.first_mut() {
        let trimmed = t.trim_start().to_owned();
        *t = trimmed;
    }
    if let Some(Piece::Text(t)) = pieces.last_mut() {
        let trimmed = t.trim_end().to_owned();
        *t = trimmed;
    }
    pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
}

/// Splits `input` into statements. Empty statements (only whitespace, comments or `;`) are
/// dropped.
pub fn split(input: &str) -> Result<Vec<RawStatement>, SplitError> {
    Splitter {
        chars: input.chars().peekable(),
        line: 1,
        statements: Vec::new(),
        pieces: Vec::new(),
        text: String::new(),
        start: None,
    }
    .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        split(input)
            .unwrap()
            .iter()
            .map(RawStatement::text)
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_literals() {
        assert_eq!(
            texts("INSERT INTO t (k, v) VALUES (1, 'a;b');\nSELECT * FROM t;"),
            ["INSERT INTO t (k, v) VALUES (1, 'a;b')", "SELECT * FROM t"]
        );
        assert_eq!(
            texts("UPDATE t SET v = 'it''s; fine' WHERE k = 1"),
            ["UPDATE t SET v = 'it''s; fine' WHERE k = 1"]
        );
        assert_eq!(
            texts(r#"CREATE TABLE "semi;colon" ("a""b;" int PRIMARY KEY);"#),
            [r#"CREATE TABLE "semi;colon" ("a""b;" int PRIMARY KEY)"#]
        );
    }

    #[test]
    fn dollar_bodies_and_comments() {
        let input = "-- header; not a statement\n\
                     CREATE FUNCTION f(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$;\n\
                     /* block; comment */ SELECT 1 FROM t; // trailing; comment\n\
                     ;;\n";
        assert_eq!(
            texts(input),
            [
                "CREATE FUNCTION f(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$",
                "SELECT 1 FROM t"
            ]
        );
        let lines: Vec<usize> = split(input).unwrap().iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 3]);
        assert_eq!(texts("SELECT a/*x*/FROM t"), ["SELECT a FROM t"]);
        assert_eq!(texts("SELECT -1 - 2 FROM t"), ["SELECT -1 - 2 FROM t"]);
        assert!(texts("  -- only a comment\n").is_empty());
    }

    #[test]
    fn keyspace_placeholder() {
        let stmts =
            split("ALTER TABLE ${keyspace}.users ADD x int; SELECT '${keyspace}' FROM t").unwrap();
        assert_eq!(stmts.len(), 2);
        assert!(stmts[0].uses_keyspace());
        assert_eq!(
            stmts[0].render(KsRef::Name("Tenant_1")),
            "ALTER TABLE \"Tenant_1\".users ADD x int"
        );
        assert_eq!(stmts[0].text(), "ALTER TABLE ${keyspace}.users ADD x int");
        // Inside a literal the placeholder is plain text.
        assert!(!stmts[1].uses_keyspace());
        assert_eq!(
            stmts[1].render(KsRef::Name("x")),
            "SELECT '${keyspace}' FROM t"
        );
        assert_eq!(
            split("SELECT * FROM ${tenant}.t"),
            Err(SplitError::UnknownPlaceholder {
                line: 1,
                found: "${tenant}".into()
            })
        );
    }

    #[test]
    fn unterminated_runs_are_errors_with_their_line() {
        assert_eq!(
            split("SELECT 1;\nSELECT 'abc"),
            Err(SplitError::UnterminatedString { line: 2 })
        );
        assert_eq!(
            split("SELECT \"abc"),
            Err(SplitError::UnterminatedIdentifier { line: 1 })
        );
        assert_eq!(
            split("\n\n/* x"),
            Err(SplitError::UnterminatedComment { line: 3 })
        );
        assert_eq!(
            split("AS $$ body"),
            Err(SplitError::UnterminatedDollarString { line: 1 })
        );
    }
}
