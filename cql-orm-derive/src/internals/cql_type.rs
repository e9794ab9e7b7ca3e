//! CQL type text given with `#[cql(type = "...")]`: parsed, checked against CQL's nesting
//! rules and rendered back in one normal form (lower case, no spaces).

use std::fmt;

use super::ident;

/// A parsed CQL type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CqlType {
    /// A native type such as `ascii` or `timeuuid` (also `counter`).
    Native(String),
    /// `list<T>`.
    List(Box<CqlType>),
    /// `set<T>`.
    Set(Box<CqlType>),
    /// `map<K, V>`.
    Map(Box<CqlType>, Box<CqlType>),
    /// `tuple<A, B, ...>` (always frozen).
    Tuple(Vec<CqlType>),
    /// `frozen<T>`.
    Frozen(Box<CqlType>),
    /// A user-defined type, by name.
    Udt(String),
}

/// The kind of a non-frozen collection; it decides which index targets are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CollectionKind {
    /// `list<T>`.
    List,
    /// `set<T>`.
    Set,
    /// `map<K, V>`.
    Map,
}

impl CqlType {
    /// Parses and validates type text; the error says what is wrong in CQL terms.
    pub(crate) fn parse(text: &str) -> Result<CqlType, String> {
        let mut parser = Parser {
            text,
            tokens: tokenize(text)?,
            pos: 0,
        };
        let ty = parser.ty()?;
        if let Some(tok) = parser.tokens.get(parser.pos) {
            return Err(format!(
                "invalid CQL type `{text}`: unexpected `{tok}` after the type"
            ));
        }
        ty.validate(false)?;
        Ok(ty)
    }

    /// Whether this is the `counter` type.
    pub(crate) fn is_counter(&self) -> bool {
        matches!(self, CqlType::Native(n) if n == "counter")
    }

    /// The collection kind when this is a non-frozen collection.
    pub(crate) fn collection_kind(&self) -> Option<CollectionKind> {
        match self {
            CqlType::List(_) => Some(CollectionKind::List),
            CqlType::Set(_) => Some(CollectionKind::Set),
            CqlType::Map(..) => Some(CollectionKind::Map),
            _ => None,
        }
    }

    /// Whether the type is a non-frozen user-defined type (not allowed in a key).
    pub(crate) fn is_unfrozen_udt(&self) -> bool {
        matches!(self, CqlType::Udt(_))
    }

    /// Whether the type is a frozen collection, tuple or UDT.
    pub(crate) fn is_frozen(&self) -> bool {
        matches!(self, CqlType::Frozen(_) | CqlType::Tuple(_))
    }

    fn validate(&self, nested: bool) -> Result<(), String> {
        match self {
            CqlType::Native(name) if name == "counter" && nested => {
                Err("`counter` cannot be nested inside another CQL type".to_owned())
            }
            CqlType::Native(_) => Ok(()),
            CqlType::List(t) | CqlType::Set(t) => {
                if nested {
                    return Err(format!(
                        "non-frozen collections are not allowed inside other types: write `frozen<{self}>`"
                    ));
                }
                t.validate_element()
            }
            CqlType::Map(k, v) => {
                if nested {
                    return Err(format!(
                        "non-frozen collections are not allowed inside other types: write `frozen<{self}>`"
                    ));
                }
                k.validate_element()?;
                v.validate_element()
            }
            CqlType::Tuple(items) => items.iter().try_for_each(|t| t.validate_element()),
            CqlType::Frozen(inner) => match inner.as_ref() {
                CqlType::List(t) | CqlType::Set(t) => t.validate_element(),
                CqlType::Map(k, v) => {
                    k.validate_element()?;
                    v.validate_element()
                }
                CqlType::Tuple(items) => items.iter().try_for_each(|t| t.validate_element()),
                CqlType::Udt(name) => ident::validate(ident::NameKind::Type, name),
                CqlType::Frozen(_) => inner.validate(false),
                CqlType::Native(_) => Err(format!(
                    "`{self}`: frozen<> applies only to collections, tuples and user-defined types"
                )),
            },
            CqlType::Udt(name) if nested => Err(format!(
                "non-frozen user-defined types are not allowed inside other types: write `frozen<{name}>`"
            )),
            CqlType::Udt(name) => ident::validate(ident::NameKind::Type, name),
        }
    }

    fn validate_element(&self) -> Result<(), String> {
        self.validate(true)
    }
}

impl fmt::Display for CqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CqlType::Native(name) => f.write_str(name),
            CqlType::List(t) => write!(f, "list<{t}>"),
            CqlType::Set(t) => write!(f, "set<{t}>"),
            CqlType::Map(k, v) => write!(f, "map<{k}, {v}>"),
            CqlType::Tuple(items) => {
                f.write_str("tuple<")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(">")
            }
            CqlType::Frozen(t) => write!(f, "frozen<{t}>"),
            CqlType::Udt(name) => f.write_str(&ident::quote(name)),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '<' | '>' | ',' => tokens.push(c.to_string()),
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, n)) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        end = i + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(text[start..end].to_owned());
            }
            other => {
                return Err(format!(
                    "invalid CQL type `{text}`: unexpected character {other:?}"
                ))
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<String>,
    pos: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<String> {
        let tok = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        tok
    }

    fn expect(&mut self, want: &str) -> Result<(), String> {
        match self.next() {
            Some(tok) if tok == want => Ok(()),
            Some(tok) => Err(format!(
                "invalid CQL type `{}`: expected `{want}`, found `{tok}`",
                self.text
            )),
            None => Err(format!(
                "invalid CQL type `{}`: expected `{want}` at the end",
                self.text
            )),
        }
    }

    fn ty(&mut self) -> Result<CqlType, String> {
        let Some(word) = self.next() else {
            return Err(format!(
                "invalid CQL type `{}`: expected a type name",
                self.text
            ));
        };
        if matches!(word.as_str(), "<" | ">" | ",") {
            return Err(format!(
                "invalid CQL type `{}`: expected a type name, found `{word}`",
                self.text
            ));
        }
        let lower = word.to_ascii_lowercase();
        let ty = match lower.as_str() {
            "list" => CqlType::List(Box::new(self.one_param()?)),
            "set" => CqlType::Set(Box::new(self.one_param()?)),
            "frozen" => CqlType::Frozen(Box::new(self.one_param()?)),
            "map" => {
                self.expect("<")?;
                let k = self.ty()?;
                self.expect(",")?;
                let v = self.ty()?;
                self.expect(">")?;
                CqlType::Map(Box::new(k), Box::new(v))
            }
            "tuple" => {
                self.expect("<")?;
                let mut items = vec![self.ty()?];
                loop {
                    match self.next().as_deref() {
                        Some(",") => items.push(self.ty()?),
                        Some(">") => break,
                        _ => {
                            return Err(format!(
                                "invalid CQL type `{}`: expected `,` or `>` in tuple<...>",
                                self.text
                            ))
                        }
                    }
                }
                CqlType::Tuple(items)
            }
            "varchar" => CqlType::Native("text".to_owned()),
            name if ident::is_native_type_name(name) => CqlType::Native(name.to_owned()),
            // Unquoted names fold to lower case, as in CQL.
            _ => CqlType::Udt(lower),
        };
        Ok(ty)
    }

    fn one_param(&mut self) -> Result<CqlType, String> {
        self.expect("<")?;
        let t = self.ty()?;
        self.expect(">")?;
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        match CqlType::parse(text) {
            Ok(t) => t.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn parses_and_normalises() {
        assert_eq!(ok("ASCII"), "ascii");
        assert_eq!(ok("varchar"), "text");
        assert_eq!(
            ok("map< text , frozen<list<int>> >"),
            "map<text, frozen<list<int>>>"
        );
        assert_eq!(ok("tuple<int, text>"), "tuple<int, text>");
        assert_eq!(ok("frozen<Address>"), "frozen<address>");
    }

    #[test]
    fn refuses_what_cql_refuses() {
        assert!(ok("list<set<int>>").starts_with("error: non-frozen collections"));
        assert!(ok("list<address>").starts_with("error: non-frozen user-defined"));
        assert!(ok("frozen<int>").starts_with("error:"));
        assert!(ok("list<counter>").starts_with("error:"));
        assert!(ok("map<int>").starts_with("error:"));
        assert!(ok("int int").starts_with("error:"));
        assert!(ok("text!").starts_with("error:"));
        assert!(ok("").starts_with("error:"));
    }
}
