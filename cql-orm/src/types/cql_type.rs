//! The runtime description of a CQL type, usable in `const` items.

use std::fmt;

/// The CQL native (non-parameterised) types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the CQL type of the same name
pub enum NativeType {
    Ascii,
    Bigint,
    Blob,
    Boolean,
    Counter,
    Date,
    Decimal,
    Double,
    Duration,
    Float,
    Inet,
    Int,
    Smallint,
    Text,
    Time,
    Timestamp,
    Timeuuid,
    Tinyint,
    Uuid,
    Varint,
}

impl NativeType {
    /// The CQL spelling, as `system_schema` shows it (`varchar` is shown as `text`).
    pub const fn name(self) -> &'static str {
        match self {
            NativeType::Ascii => "ascii",
            NativeType::Bigint => "bigint",
            NativeType::Blob => "blob",
            NativeType::Boolean => "boolean",
            NativeType::Counter => "counter",
            NativeType::Date => "date",
            NativeType::Decimal => "decimal",
            NativeType::Double => "double",
            NativeType::Duration => "duration",
            NativeType::Float => "float",
            NativeType::Inet => "inet",
            NativeType::Int => "int",
            NativeType::Smallint => "smallint",
            NativeType::Text => "text",
            NativeType::Time => "time",
            NativeType::Timestamp => "timestamp",
            NativeType::Timeuuid => "timeuuid",
            NativeType::Tinyint => "tinyint",
            NativeType::Uuid => "uuid",
            NativeType::Varint => "varint",
        }
    }

    /// Parses a CQL native type name (case-insensitive; `varchar` means `text`).
    pub fn parse(name: &str) -> Option<NativeType> {
        const ALL: [NativeType; 20] = [
            NativeType::Ascii,
            NativeType::Bigint,
            NativeType::Blob,
            NativeType::Boolean,
            NativeType::Counter,
            NativeType::Date,
            NativeType::Decimal,
            NativeType::Double,
            NativeType::Duration,
            NativeType::Float,
            NativeType::Inet,
            NativeType::Int,
            NativeType::Smallint,
            NativeType::Text,
            NativeType::Time,
            NativeType::Timestamp,
            NativeType::Timeuuid,
            NativeType::Tinyint,
            NativeType::Uuid,
            NativeType::Varint,
        ];
        let lower = name.trim().to_ascii_lowercase();
        if lower == "varchar" {
            return Some(NativeType::Text);
        }
        ALL.into_iter().find(|t| t.name() == lower)
    }
}

/// A CQL type, as a tree of `'static` references so it can live in `const` column metadata.
///
/// `Display` renders the CQL spelling used in DDL, e.g. `map<text, frozen<list<int>>>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CqlType {
    /// A native type such as `int` or `text`.
    Native(NativeType),
    /// `list<T>`.
    List(&'static CqlType),
    /// `set<T>`.
    Set(&'static CqlType),
    /// `map<K, V>`.
    Map(&'static CqlType, &'static CqlType),
    /// `tuple<A, B, ...>` (always frozen in CQL).
    Tuple(&'static [CqlType]),
    /// A user-defined type, by its (unquoted) name in the same keyspace.
    Udt(&'static str),
    /// `frozen<T>`.
    Frozen(&'static CqlType),
}

impl CqlType {
    /// Whether the value is stored as one cell (native types, tuples, `frozen<...>`), which is
    /// what primary key columns and collection elements need.
    pub const fn is_frozen(&self) -> bool {
        matches!(
            self,
            CqlType::Native(_) | CqlType::Tuple(_) | CqlType::Frozen(_)
        )
    }

    /// Whether this is a (non-frozen) `list`, `set` or `map`.
    pub const fn is_collection(&self) -> bool {
        matches!(self, CqlType::List(_) | CqlType::Set(_) | CqlType::Map(..))
    }

    /// Whether this is the `counter` type.
    pub const fn is_counter(&self) -> bool {
        matches!(self, CqlType::Native(NativeType::Counter))
    }

    /// Calls `f` with the name of every user-defined type this type refers to.
    pub fn visit_udts(&self, f: &mut dyn FnMut(&'static str)) {
        match self {
            CqlType::Native(_) => {}
            CqlType::List(t) | CqlType::Set(t) | CqlType::Frozen(t) => t.visit_udts(f),
            CqlType::Map(k, v) => {
                k.visit_udts(f);
                v.visit_udts(f);
            }
            CqlType::Tuple(ts) => ts.iter().for_each(|t| t.visit_udts(f)),
            CqlType::Udt(name) => f(name),
        }
    }

    /// The spelling `system_schema` uses for this type: tuples and collections nested in
    /// collections or tuples are shown frozen, UDT names are unquoted.
    pub fn schema_string(&self) -> String {
        let mut out = String::new();
        self.write_schema(&mut out, false);
        out
    }

    fn write_schema(&self, out: &mut String, nested: bool) {
        match self {
            CqlType::Native(n) => out.push_str(n.name()),
            CqlType::Frozen(t) => {
                out.push_str("frozen<");
                t.write_schema(out, false);
                out.push('>');
            }
            CqlType::Tuple(ts) => {
                out.push_str("frozen<tuple<");
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    t.write_inner_schema(out);
                }
                out.push_str(">>");
            }
            CqlType::List(t) | CqlType::Set(t) => {
                if nested {
                    out.push_str("frozen<");
                }
                out.push_str(if matches!(self, CqlType::List(_)) {
                    "list<"
                } else {
                    "set<"
                });
                t.write_inner_schema(out);
                out.push('>');
                if nested {
                    out.push('>');
                }
            }
            CqlType::Map(k, v) => {
                if nested {
                    out.push_str("frozen<");
                }
                out.push_str("map<");
                k.write_inner_schema(out);
                out.push_str(", ");
                v.write_inner_schema(out);
                out.push('>');
                if nested {
                    out.push('>');
                }
            }
            CqlType::Udt(name) => {
                if nested {
                    out.push_str("frozen<");
                    out.push_str(name);
                    out.push('>');
                } else {
                    out.push_str(name);
                }
            }
        }
    }

    /// The spelling used in `CREATE TABLE`: UDT names quoted, and every collection, tuple or
    /// UDT nested inside another type frozen, as CQL requires (`list<frozen<"address">>`,
    /// `map<text, frozen<list<int>>>`), so a Rust `Vec<Address>` needs no `Frozen<...>`.
    pub fn ddl_string(&self) -> String {
        let mut out = String::new();
        self.write_ddl(&mut out, false);
        out
    }

    /// The spelling used for a field in `CREATE TYPE`: as [`CqlType::ddl_string`], with the
    /// field's own collection or UDT frozen too (a UDT cannot hold non-frozen values).
    pub fn ddl_field_string(&self) -> String {
        let mut out = String::new();
        self.write_ddl(&mut out, true);
        out
    }

    fn write_ddl(&self, out: &mut String, nested: bool) {
        let freeze = nested
            && matches!(
                self,
                CqlType::List(_) | CqlType::Set(_) | CqlType::Map(..) | CqlType::Udt(_)
            );
        if freeze {
            out.push_str("frozen<");
        }
        match self {
            CqlType::Native(n) => out.push_str(n.name()),
            CqlType::Frozen(t) => {
                out.push_str("frozen<");
                // Inside `frozen<...>` the value itself is not frozen again; what it holds is.
                t.write_ddl(out, false);
                out.push('>');
            }
            CqlType::Tuple(ts) => {
                out.push_str("tuple<");
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    t.write_ddl_inner(out);
                }
                out.push('>');
            }
            CqlType::List(t) | CqlType::Set(t) => {
                out.push_str(if matches!(self, CqlType::List(_)) {
                    "list<"
                } else {
                    "set<"
                });
                t.write_ddl_inner(out);
                out.push('>');
            }
            CqlType::Map(k, v) => {
                out.push_str("map<");
                k.write_ddl_inner(out);
                out.push_str(", ");
                v.write_ddl_inner(out);
                out.push('>');
            }
            CqlType::Udt(name) => crate::schema::push_quoted(out, name),
        }
        if freeze {
            out.push('>');
        }
    }

    fn write_ddl_inner(&self, out: &mut String) {
        match self {
            // Already frozen: write it as is (not `frozen<frozen<...>>`).
            CqlType::Frozen(_) => self.write_ddl(out, false),
            other => other.write_ddl(out, true),
        }
    }

    fn write_inner_schema(&self, out: &mut String) {
        match self {
            // Inside a frozen value everything is frozen already; Cassandra still prints the
            // inner `frozen<...>` of nested collections and UDTs.
            CqlType::Frozen(t) => t.write_schema(out, true),
            other => other.write_schema(out, true),
        }
    }
}

impl fmt::Display for CqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CqlType::Native(n) => f.write_str(n.name()),
            CqlType::List(t) => write!(f, "list<{t}>"),
            CqlType::Set(t) => write!(f, "set<{t}>"),
            CqlType::Map(k, v) => write!(f, "map<{k}, {v}>"),
            CqlType::Tuple(ts) => {
                f.write_str("tuple<")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(">")
            }
            CqlType::Udt(name) => f.write_str(&crate::schema::quote(name)),
            CqlType::Frozen(t) => write!(f, "frozen<{t}>"),
        }
    }
}

/// Normalises a type string read from `system_schema` for comparison with
/// [`CqlType::schema_string`]: lowercase, single spaces after commas, `varchar` as `text`,
/// quotes removed.
pub(crate) fn normalize_type_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            let lower = word.to_ascii_lowercase();
            out.push_str(if lower == "varchar" { "text" } else { &lower });
            word.clear();
        }
    };
    for ch in s.chars() {
        match ch {
            '<' | '>' => {
                flush(&mut word, &mut out);
                out.push(ch);
            }
            ',' => {
                flush(&mut word, &mut out);
                out.push_str(", ");
            }
            '"' => {}
            c if c.is_whitespace() => flush(&mut word, &mut out),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}
