//! `rename_all` rules: how a Rust field name becomes a column name, and how a struct name
//! becomes the default table or type name.

/// A naming convention accepted by `rename_all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RenameRule {
    /// `lowercase`: `user_id` → `userid`.
    Lower,
    /// `UPPERCASE`: `user_id` → `USERID`.
    Upper,
    /// `PascalCase`: `user_id` → `UserId`.
    Pascal,
    /// `camelCase`: `user_id` → `userId`.
    Camel,
    /// `snake_case`: `user_id` → `user_id`.
    Snake,
    /// `SCREAMING_SNAKE_CASE`: `user_id` → `USER_ID`.
    ScreamingSnake,
}

/// The accepted spellings, in the order error messages list them.
pub(crate) const RULE_NAMES: &[(&str, RenameRule)] = &[
    ("lowercase", RenameRule::Lower),
    ("UPPERCASE", RenameRule::Upper),
    ("PascalCase", RenameRule::Pascal),
    ("camelCase", RenameRule::Camel),
    ("snake_case", RenameRule::Snake),
    ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
];

impl RenameRule {
    /// The rule spelled `name`, if any.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        RULE_NAMES
            .iter()
            .find(|(spelling, _)| *spelling == name)
            .map(|(_, rule)| *rule)
    }

    /// The list of spellings, for error messages.
    pub(crate) fn expected() -> String {
        RULE_NAMES
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Applies the rule to a Rust field name (snake_case by convention).
    pub(crate) fn apply_to_field(self, field: &str) -> String {
        let words: Vec<&str> = field.split('_').filter(|w| !w.is_empty()).collect();
        match self {
            RenameRule::Lower => words.concat().to_ascii_lowercase(),
            RenameRule::Upper => words.concat().to_ascii_uppercase(),
            RenameRule::Snake => field.to_owned(),
            RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => words.iter().map(|w| capitalize(w)).collect(),
            RenameRule::Camel => words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        w.to_ascii_lowercase()
                    } else {
                        capitalize(w)
                    }
                })
                .collect(),
        }
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `UserEvent` → `user_event`, `HTTPLog` → `http_log`: the default table and type name.
pub(crate) fn snake_case_of_type(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let starts_word = match prev {
                None | Some('_') => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                Some(_) => false,
            };
            if starts_word {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules() {
        let f = "user_id_2";
        assert_eq!(RenameRule::Lower.apply_to_field(f), "userid2");
        assert_eq!(RenameRule::Upper.apply_to_field(f), "USERID2");
        assert_eq!(RenameRule::Pascal.apply_to_field(f), "UserId2");
        assert_eq!(RenameRule::Camel.apply_to_field(f), "userId2");
        assert_eq!(RenameRule::Snake.apply_to_field(f), "user_id_2");
        assert_eq!(RenameRule::ScreamingSnake.apply_to_field(f), "USER_ID_2");
    }

    #[test]
    fn type_names_to_snake_case() {
        assert_eq!(snake_case_of_type("UserEvent"), "user_event");
        assert_eq!(snake_case_of_type("HTTPLog"), "http_log");
        assert_eq!(snake_case_of_type("Address"), "address");
        assert_eq!(snake_case_of_type("Sensor2Reading"), "sensor2_reading");
    }
}
