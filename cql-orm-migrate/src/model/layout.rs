//! Laying out JSON for review: containers of scalars on one line (a column, a field, a
//! replication map), everything else one entry per line with two-space indents. Works on
//! serde_json's compact output, so field order stays that of the structs.

/// A parsed JSON value, scalars kept as their source text.
enum Node {
    Scalar(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// The longest line a container is inlined into.
const INLINE_WIDTH: usize = 100;

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.s.len() {
            match self.s[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        String::from_utf8_lossy(&self.s[start..self.pos.min(self.s.len())]).into_owned()
    }

    fn value(&mut self) -> Node {
        match self.s.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                while self.s.get(self.pos) != Some(&b'}') && self.pos < self.s.len() {
                    let key = self.string();
                    self.pos += 1; // ':'
                    entries.push((key, self.value()));
                    if self.s.get(self.pos) == Some(&b',') {
                        self.pos += 1;
                    }
                }
                self.pos += 1;
                Node::Object(entries)
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                while self.s.get(self.pos) != Some(&b']') && self.pos < self.s.len() {
                    items.push(self.value());
                    if self.s.get(self.pos) == Some(&b',') {
                        self.pos += 1;
                    }
                }
                self.pos += 1;
                Node::Array(items)
            }
            Some(b'"') => Node::Scalar(self.string()),
            _ => {
                let start = self.pos;
                while self.pos < self.s.len() && !matches!(self.s[self.pos], b',' | b']' | b'}') {
                    self.pos += 1;
                }
                Node::Scalar(String::from_utf8_lossy(&self.s[start..self.pos]).into_owned())
            }
        }
    }
}

fn is_flat(n: &Node) -> bool {
    match n {
        Node::Scalar(_) => true,
        Node::Array(items) => items.iter().all(|i| matches!(i, Node::Scalar(_))),
        Node::Object(entries) => entries.iter().all(|(_, v)| matches!(v, Node::Scalar(_))),
    }
}

fn inline(n: &Node) -> String {
    match n {
        Node::Scalar(s) => s.clone(),
        Node::Array(items) => {
            let v: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", v.join(", "))
        }
        Node::Object(entries) => {
            let v: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect();
            format!("{{{}}}", v.join(", "))
        }
    }
}

fn write(n: &Node, indent: usize, used: usize, out: &mut String) {
    if is_flat(n) {
        let text = inline(n);
        if used + text.len() <= INLINE_WIDTH || matches!(n, Node::Scalar(_)) {
            out.push_str(&text);
            return;
        }
    }
    let pad = "  ".repeat(indent + 1);
    let (open, close) = match n {
        Node::Array(_) => ('[', ']'),
        _ => ('{', '}'),
    };
    out.push(open);
    let mut first = true;
    let mut item = |out: &mut String, key: Option<&str>, v: &Node| {
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        out.push_str(&pad);
        let mut used = pad.len();
        if let Some(k) = key {
            out.push_str(k);
            out.push_str(": ");
            used += k.len() + 2;
        }
        write(v, indent + 1, used, out);
    };
    match n {
        Node::Array(items) => items.iter().for_each(|v| item(out, None, v)),
        Node::Object(entries) => entries.iter().for_each(|(k, v)| item(out, Some(k), v)),
        Node::Scalar(_) => {}
    }
    out.push('\n');
    out.push_str(&"  ".repeat(indent));
    out.push(close);
}

/// Re-lays compact JSON text (as serde_json writes it) for review.
pub(super) fn layout(compact: &str) -> String {
    let mut p = Parser {
        s: compact.as_bytes(),
        pos: 0,
    };
    let root = p.value();
    let mut out = String::with_capacity(compact.len() * 2);
    write(&root, 0, 0, &mut out);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn flat_containers_go_on_one_line() {
        let compact = r#"{"a":1,"b":{"x":"y, \"z\"","n":[1,2]},"c":[{"name":"k","type":"int"}],"d":[],"e":{}}"#;
        assert_eq!(
            layout(compact),
            "{\n  \"a\": 1,\n  \"b\": {\n    \"x\": \"y, \\\"z\\\"\",\n    \"n\": [1, 2]\n  },\n  \"c\": [\n    {\"name\": \"k\", \"type\": \"int\"}\n  ],\n  \"d\": [],\n  \"e\": {}\n}\n"
        );
        let value: serde_json::Value = serde_json::from_str(&layout(compact)).unwrap();
        assert_eq!(
            value,
            serde_json::from_str::<serde_json::Value>(compact).unwrap()
        );
    }
}
