//! Event types to session kinds: a built-in table (docs/import.md lists it) that site.yaml's
//! `import.kinds` extends. A type the table does not know becomes a talk that keeps its own
//! label (`kind_label`), so "Podcast" is still shown as "Podcast".

use std::collections::BTreeMap;

/// The built-in table: the source's type, lowercased, to a kind. Covers the types frab,
/// pentabarf (FOSDEM), pretalx and Sessionize ship with, in English and German.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("keynote", "keynote"),
    ("opening", "keynote"),
    ("closing", "keynote"),
    ("talk", "talk"),
    ("lecture", "talk"),
    ("presentation", "talk"),
    ("session", "talk"),
    ("vortrag", "talk"),
    ("maintrack", "talk"),
    ("devroom", "talk"),
    ("short talk", "talk"),
    ("long talk", "talk"),
    ("workshop", "workshop"),
    ("tutorial", "workshop"),
    ("training", "workshop"),
    ("hands-on", "workshop"),
    ("panel", "panel"),
    ("panel discussion", "panel"),
    ("podium", "panel"),
    ("podiumsdiskussion", "panel"),
    ("lightning", "lightning"),
    ("lightning talk", "lightning"),
    ("lightning talks", "lightning"),
    ("lightningtalk", "lightning"),
    ("lightningtalks", "lightning"),
    ("roundtable", "roundtable"),
    ("round table", "roundtable"),
    ("bof", "roundtable"),
    ("birds of a feather", "roundtable"),
    ("meetup", "roundtable"),
    ("discussion", "roundtable"),
    ("diskussion", "roundtable"),
    ("break", "break"),
    ("coffee break", "break"),
    ("lunch", "break"),
    ("pause", "break"),
    ("social", "social"),
    ("party", "social"),
    ("reception", "social"),
    ("dinner", "social"),
    ("networking", "social"),
];

/// The kinds a session may have (docs/content.md).
pub const KINDS: &[&str] = &["keynote", "talk", "workshop", "panel", "lightning", "roundtable", "break", "social"];

/// The table in force: the built-in one, extended (and overridden) by site.yaml's `import.kinds`.
#[derive(Debug, Clone)]
pub struct KindTable {
    map: BTreeMap<String, String>,
}

impl KindTable {
    pub fn new(extra: &[(String, String)]) -> KindTable {
        let mut map: BTreeMap<String, String> = BUILT_IN.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (label, kind) in extra {
            map.insert(normalise(label), kind.clone());
        }
        KindTable { map }
    }

    /// The kind of a source type, and the label to keep when the type maps to no kind. A
    /// label with a note in brackets ("Talk (30 min)") is looked up without it too.
    pub fn kind_of(&self, label: Option<&str>, service: bool) -> (&str, Option<String>) {
        let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) else {
            return (if service { "break" } else { "talk" }, None);
        };
        let key = normalise(label);
        let bare = normalise(key.split('(').next().unwrap_or(&key));
        match self.map.get(&key).or_else(|| self.map.get(&bare)) {
            Some(kind) => (kind.as_str(), None),
            None => (if service { "break" } else { "talk" }, Some(label.to_string())),
        }
    }
}

/// Lowercase, single spaces, `_` as a space ("Lightning_Talk" = "lightning talk").
fn normalise(label: &str) -> String {
    label.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_unknown_and_extended_types() {
        let table = KindTable::new(&[("Podcast".into(), "panel".into())]);
        assert_eq!(table.kind_of(Some("Lightning Talk"), false), ("lightning", None));
        assert_eq!(table.kind_of(Some("Workshop (2h)"), false), ("workshop", None));
        assert_eq!(table.kind_of(Some("podcast"), false), ("panel", None));
        assert_eq!(table.kind_of(Some("Art installation"), false), ("talk", Some("Art installation".into())));
        assert_eq!(table.kind_of(None, true), ("break", None));
        assert!(BUILT_IN.iter().all(|(_, k)| KINDS.contains(k)));
    }
}
