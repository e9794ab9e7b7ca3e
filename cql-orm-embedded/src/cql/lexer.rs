//! The CQL lexer: turns statement text into tokens the way Cassandra 4.0's ANTLR lexer does.
//!
//! Whitespace and comments are kept as hidden tokens because Cassandra's syntax error
//! snippets count them. Positions are Cassandra's: line from 1, column in UTF-16 units from 0.
//! The first lexing error is recorded with the index of the token it preceded, so the parser
//! can tell which of a lexing and a parsing error Cassandra would have reported first.

mod keywords;
mod scan;

pub(crate) use keywords::{Class, Kw};

/// Punctuation and operator tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Sym {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `.`
    Dot,
    /// `*`
    Star,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `=`
    Eq,
    /// `!=`
    Neq,
    /// `<`
    Lt,
    /// `<=`
    Lte,
    /// `>`
    Gt,
    /// `>=`
    Gte,
    /// `+=`
    PlusEq,
    /// `-=`
    MinusEq,
}

impl Sym {
    /// The token's name in ANTLR messages (`')'`).
    pub(crate) fn token_name(self) -> &'static str {
        match self {
            Sym::LParen => "'('",
            Sym::RParen => "')'",
            Sym::LBracket => "'['",
            Sym::RBracket => "']'",
            Sym::LBrace => "'{'",
            Sym::RBrace => "'}'",
            Sym::Comma => "','",
            Sym::Semi => "';'",
            Sym::Colon => "':'",
            Sym::Dot => "'.'",
            Sym::Star => "'*'",
            Sym::Plus => "'+'",
            Sym::Minus => "'-'",
            Sym::Slash => "'/'",
            Sym::Percent => "'%'",
            Sym::Eq => "'='",
            Sym::Neq => "'!='",
            Sym::Lt => "'<'",
            Sym::Lte => "'<='",
            Sym::Gt => "'>'",
            Sym::Gte => "'>='",
            Sym::PlusEq => "'+='",
            Sym::MinusEq => "'-='",
        }
    }
}

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// An unquoted identifier that is not a keyword.
    Ident,
    /// A keyword.
    Keyword(Kw),
    /// `"Name"` (text: unquoted, `""` unescaped).
    QuotedName,
    /// `""`
    EmptyQuotedName,
    /// `'text'` or `$$text$$` (text: the content).
    String,
    /// `-`? digits
    Integer,
    /// A floating-point literal.
    Float,
    /// `true` / `false`
    Boolean,
    /// A duration literal.
    Duration,
    /// An unquoted UUID.
    Uuid,
    /// `0x...`
    Hex,
    /// `?`
    QMark,
    /// `..`
    Range,
    /// Punctuation.
    Sym(Sym),
    /// A run of whitespace (hidden).
    Whitespace,
    /// A comment (hidden).
    Comment,
    /// The end of input.
    Eof,
}

impl Kind {
    /// Whether the parser skips the token.
    pub(crate) fn is_hidden(self) -> bool {
        matches!(self, Kind::Whitespace | Kind::Comment)
    }
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Its kind.
    pub(crate) kind: Kind,
    /// What ANTLR's `getText()` returns: the source text, except for string literals and
    /// quoted names (their unescaped content).
    pub(crate) text: String,
    /// Line, from 1 (0 for the end of input, as Cassandra's lexer reports it).
    pub(crate) line: u32,
    /// Column in UTF-16 units, from 0 (-1 for the end of input).
    pub(crate) col: i64,
}

/// The first lexing error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    /// The index the next token got when the error happened.
    pub(crate) token_index: usize,
    /// The complete message (`line 1:53 mismatched character '<EOF>' expecting '''`).
    pub(crate) message: String,
}

/// The lexer's output: tokens (always ending with [`Kind::Eof`]) and the first error.
#[derive(Debug, Clone)]
pub(crate) struct Lexed {
    /// All tokens, hidden ones included.
    pub(crate) tokens: Vec<Token>,
    /// The first lexing error.
    pub(crate) error: Option<LexError>,
}

/// Splits `src` into tokens.
pub(crate) fn lex(src: &str) -> Lexed {
    let mut lexer = Lexer::new(src);
    lexer.run();
    Lexed {
        tokens: lexer.tokens,
        error: lexer.error,
    }
}

struct Lexer {
    chars: Vec<char>,
    /// (line, column) of every character position, plus one for the end.
    positions: Vec<(u32, i64)>,
    pos: usize,
    tokens: Vec<Token>,
    error: Option<LexError>,
}

/// How ANTLR shows a character in lexer messages.
fn char_display(c: Option<char>) -> String {
    match c {
        None => "'<EOF>'".to_string(),
        Some('\n') => "'\\n'".to_string(),
        Some('\r') => "'\\r'".to_string(),
        Some('\t') => "'\\t'".to_string(),
        Some(c) => format!("'{c}'"),
    }
}

impl Lexer {
    fn new(src: &str) -> Self {
        let chars: Vec<char> = src.chars().collect();
        let mut positions = Vec::with_capacity(chars.len() + 1);
        let (mut line, mut col) = (1u32, 0i64);
        for &c in &chars {
            positions.push((line, col));
            if c == '\n' {
                line = line.saturating_add(1);
                col = 0;
            } else {
                col += c.len_utf16() as i64;
            }
        }
        positions.push((line, col));
        Lexer {
            chars,
            positions,
            pos: 0,
            tokens: Vec::new(),
            error: None,
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn position(&self, i: usize) -> (u32, i64) {
        self.positions
            .get(i)
            .or(self.positions.last())
            .copied()
            .unwrap_or((1, 0))
    }

    fn source(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end.min(self.chars.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize, text: Option<String>) {
        let (line, col) = self.position(start);
        let text = text.unwrap_or_else(|| self.source(start, end));
        self.tokens.push(Token {
            kind,
            text,
            line,
            col,
        });
        self.pos = end;
    }

    /// Records an error at character position `at`; `resume` is where lexing continues.
    fn error(&mut self, at: usize, message: String, resume: usize) {
        if self.error.is_none() {
            let (line, col) = self.position(at);
            self.error = Some(LexError {
                token_index: self.tokens.len(),
                message: format!("line {line}:{col} {message}"),
            });
        }
        self.pos = resume.max(self.pos + 1).min(self.chars.len());
    }

    fn mismatched(&mut self, at: usize, expecting: char) {
        let message = format!(
            "mismatched character {} expecting {}",
            char_display(self.at(at)),
            char_display(Some(expecting))
        );
        self.error(at, message, at + 1);
    }

    fn run(&mut self) {
        while self.pos < self.chars.len() {
            self.next_token();
        }
        self.tokens.push(Token {
            kind: Kind::Eof,
            text: "<EOF>".to_string(),
            line: 0,
            col: -1,
        });
    }

    fn sym(&mut self, sym: Sym, len: usize) {
        self.push(Kind::Sym(sym), self.pos, self.pos + len, None);
    }

    fn next_token(&mut self) {
        let start = self.pos;
        let (Some(c), next) = (self.at(start), self.at(start + 1)) else {
            return;
        };
        match (c, next) {
            (' ' | '\t' | '\n' | '\r', _) => {
                let mut end = start;
                while matches!(self.at(end), Some(' ' | '\t' | '\n' | '\r')) {
                    end += 1;
                }
                self.push(Kind::Whitespace, start, end, None);
            }
            ('-', Some('-')) | ('/', Some('/')) => {
                let mut end = start + 2;
                while let Some(c) = self.at(end) {
                    end += 1;
                    if c == '\n' || c == '\r' {
                        break;
                    }
                }
                self.push(Kind::Comment, start, end, None);
            }
            ('/', Some('*')) => self.block_comment(start),
            ('\'', _) => self.quoted_string(start),
            ('$', _) => self.dollar_string(start),
            ('"', _) => self.quoted_name(start),
            ('?', _) => self.push(Kind::QMark, start, start + 1, None),
            ('.', Some('.')) => self.push(Kind::Range, start, start + 2, None),
            ('.', _) => self.sym(Sym::Dot, 1),
            ('(', _) => self.sym(Sym::LParen, 1),
            (')', _) => self.sym(Sym::RParen, 1),
            ('[', _) => self.sym(Sym::LBracket, 1),
            (']', _) => self.sym(Sym::RBracket, 1),
            ('{', _) => self.sym(Sym::LBrace, 1),
            ('}', _) => self.sym(Sym::RBrace, 1),
            (',', _) => self.sym(Sym::Comma, 1),
            (';', _) => self.sym(Sym::Semi, 1),
            (':', _) => self.sym(Sym::Colon, 1),
            ('*', _) => self.sym(Sym::Star, 1),
            ('/', _) => self.sym(Sym::Slash, 1),
            ('%', _) => self.sym(Sym::Percent, 1),
            ('=', _) => self.sym(Sym::Eq, 1),
            ('+', Some('=')) => self.sym(Sym::PlusEq, 2),
            ('+', _) => self.sym(Sym::Plus, 1),
            ('<', Some('=')) => self.sym(Sym::Lte, 2),
            ('<', _) => self.sym(Sym::Lt, 1),
            ('>', Some('=')) => self.sym(Sym::Gte, 2),
            ('>', _) => self.sym(Sym::Gt, 1),
            ('!', Some('=')) => self.sym(Sym::Neq, 2),
            ('!', _) => self.mismatched(start + 1, '='),
            ('-', Some('=')) => self.sym(Sym::MinusEq, 2),
            ('-', Some('0'..='9')) => self.number_or_duration(start),
            ('-', Some('P')) => match scan::duration(&self.chars, start) {
                Some(end) => self.push(Kind::Duration, start, end, None),
                None => self.sym(Sym::Minus, 1),
            },
            ('-', _) => self.sym(Sym::Minus, 1),
            ('0'..='9', _) => self.number_or_duration(start),
            ('a'..='z' | 'A'..='Z', _) => self.word(start),
            (c, _) => {
                let message = format!(
                    "no viable alternative at character {}",
                    char_display(Some(c))
                );
                self.error(start, message, start + 1);
            }
        }
    }

    fn block_comment(&mut self, start: usize) {
        let mut end = start + 2;
        loop {
            match (self.at(end), self.at(end + 1)) {
                (Some('*'), Some('/')) => {
                    self.push(Kind::Comment, start, end + 2, None);
                    return;
                }
                (Some(_), _) => end += 1,
                (None, _) => {
                    self.mismatched(end, '*');
                    self.pos = self.chars.len();
                    return;
                }
            }
        }
    }

    fn quoted_string(&mut self, start: usize) {
        let mut text = String::new();
        let mut i = start + 1;
        loop {
            match (self.at(i), self.at(i + 1)) {
                (Some('\''), Some('\'')) => {
                    text.push('\'');
                    i += 2;
                }
                (Some('\''), _) => {
                    self.push(Kind::String, start, i + 1, Some(text));
                    return;
                }
                (Some(c), _) => {
                    text.push(c);
                    i += 1;
                }
                (None, _) => {
                    self.mismatched(i, '\'');
                    self.pos = self.chars.len();
                    return;
                }
            }
        }
    }

    fn dollar_string(&mut self, start: usize) {
        if self.at(start + 1) != Some('$') {
            self.mismatched(start + 1, '$');
            return;
        }
        let mut i = start + 2;
        loop {
            match (self.at(i), self.at(i + 1)) {
                (Some('$'), Some('$')) => {
                    let text = self.source(start + 2, i);
                    self.push(Kind::String, start, i + 2, Some(text));
                    return;
                }
                (Some(_), Some(_)) => i += 1,
                _ => {
                    self.mismatched(self.chars.len(), '$');
                    self.pos = self.chars.len();
                    return;
                }
            }
        }
    }

    fn quoted_name(&mut self, start: usize) {
        if self.at(start + 1) == Some('"') && self.at(start + 2) != Some('"') {
            self.push(Kind::EmptyQuotedName, start, start + 2, None);
            return;
        }
        let mut text = String::new();
        let mut i = start + 1;
        loop {
            match (self.at(i), self.at(i + 1)) {
                (Some('"'), Some('"')) => {
                    text.push('"');
                    i += 2;
                }
                (Some('"'), _) => {
                    self.push(Kind::QuotedName, start, i + 1, Some(text));
                    return;
                }
                (Some(c), _) => {
                    text.push(c);
                    i += 1;
                }
                (None, _) => {
                    self.mismatched(i, '"');
                    self.pos = self.chars.len();
                    return;
                }
            }
        }
    }

    fn number_or_duration(&mut self, start: usize) {
        if self.at(start) != Some('-') {
            if let Some(end) = scan::uuid(&self.chars, start) {
                return self.push(Kind::Uuid, start, end, None);
            }
            if self.at(start) == Some('0') && matches!(self.at(start + 1), Some('x' | 'X')) {
                let mut end = start + 2;
                while self.at(end).is_some_and(|c| c.is_ascii_hexdigit()) {
                    end += 1;
                }
                return self.push(Kind::Hex, start, end, None);
            }
        }
        if let Some(end) = scan::duration(&self.chars, start) {
            return self.push(Kind::Duration, start, end, None);
        }
        let (end, kind) = scan::number(&self.chars, start);
        let kind = match kind {
            scan::Number::Integer => Kind::Integer,
            scan::Number::Float => Kind::Float,
        };
        self.push(kind, start, end, None);
    }

    fn word(&mut self, start: usize) {
        if let Some(end) = scan::uuid(&self.chars, start) {
            return self.push(Kind::Uuid, start, end, None);
        }
        let mut end = start;
        while self
            .at(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            end += 1;
        }
        if self.at(start) == Some('P') {
            if let Some(dur_end) = scan::duration(&self.chars, start) {
                if dur_end >= end {
                    return self.push(Kind::Duration, start, dur_end, None);
                }
            }
        }
        let upper = self.source(start, end).to_ascii_uppercase();
        let kind = match upper.as_str() {
            "TRUE" | "FALSE" => Kind::Boolean,
            word => Kw::from_upper(word).map_or(Kind::Ident, Kind::Keyword),
        };
        self.push(kind, start, end, None);
    }
}
