//! Which keyspaces a run covers: names given verbatim and glob patterns (`*` any run of
//! characters, `?` one character) matched against the live keyspaces.

use std::collections::BTreeSet;

use cql_orm::Session;

use crate::error::{Error, Result};
use crate::introspect;

/// The keyspaces of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// Keyspaces named explicitly (they need not exist yet when keyspaces are created).
    pub keyspaces: Vec<String>,
    /// Glob patterns matched against the live keyspaces (system keyspaces excluded); each
    /// must match at least one.
    pub patterns: Vec<String>,
}

impl Targets {
    /// Explicitly named keyspaces.
    pub fn keyspaces<I, S>(names: I) -> Targets
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Targets {
            keyspaces: names.into_iter().map(Into::into).collect(),
            patterns: Vec::new(),
        }
    }

    /// The live keyspaces matching a glob pattern such as `tenant_*`.
    pub fn pattern(pattern: impl Into<String>) -> Targets {
        Targets {
            keyspaces: Vec::new(),
            patterns: vec![pattern.into()],
        }
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.keyspaces.is_empty() && self.patterns.is_empty()
    }

    /// The keyspace names, in the order given (named ones first, then pattern matches in
    /// name order), each once.
    pub async fn resolve(&self, session: &Session) -> Result<Vec<String>> {
        if self.is_empty() {
            return Err(Error::NoTargets);
        }
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for k in &self.keyspaces {
            if seen.insert(k.clone()) {
                out.push(k.clone());
            }
        }
        if !self.patterns.is_empty() {
            let live = introspect::keyspace_names(session).await?;
            let mut unmatched = Vec::new();
            for p in &self.patterns {
                let matches: Vec<&String> = live.iter().filter(|k| glob_match(p, k)).collect();
                if matches.is_empty() {
                    unmatched.push(p.clone());
                }
                for k in matches {
                    if seen.insert(k.clone()) {
                        out.push(k.clone());
                    }
                }
            }
            if !unmatched.is_empty() {
                return Err(Error::NoKeyspaceMatched {
                    patterns: unmatched,
                });
            }
        }
        Ok(out)
    }
}

/// Whether `name` matches the glob `pattern` (`*` and `?`; everything else literal,
/// case-sensitive).
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("tenant_*", "tenant_1"));
        assert!(glob_match("tenant_*", "tenant_"));
        assert!(!glob_match("tenant_*", "tenants"));
        assert!(glob_match("*_prod", "eu_prod"));
        assert!(glob_match("t?_*x", "t1_abcx"));
        assert!(!glob_match("t?_*x", "t12_abcx"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b*c", "aXXbYY"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "Exact"));
    }
}
