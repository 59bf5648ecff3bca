//! The import's memory: `DIR/.confpress-import.json`, meant to be committed with the content.
//! For every record the last import wrote it keeps the file (so a slug stays the same when the
//! source renames a session) and a hash of each field as the source gave it (so a field that
//! differs from that hash was edited by hand, and the next import keeps it).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Pos};

pub const FILE: &str = ".confpress-import.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The layout of this file (bumped if it ever changes).
    pub version: u32,
    /// By record key (`session:<source key>`).
    pub records: BTreeMap<String, Remembered>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    /// `sessions/x.md`, or `rooms.yaml#id`.
    pub path: String,
    /// Field name (`body` for the body) to the hash of the value the source gave.
    pub fields: BTreeMap<String, String>,
}

impl State {
    pub fn read(dir: &Path) -> Result<State, Diagnostic> {
        let Ok(text) = std::fs::read_to_string(dir.join(FILE)) else { return Ok(State { version: 1, ..State::default() }) };
        serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(FILE, Pos::new(e.line() as u32, e.column() as u32), format!("the import's state file cannot be read: {e}"))
                .with_hint("restore it from version control; deleting it makes the next import treat every field as edited by hand")
        })
    }

    /// The slug a record of `kind` with source key `key` was written under.
    pub fn slug(&self, kind: &str, key: &str) -> Option<&str> {
        let path = &self.records.get(&format!("{kind}:{key}"))?.path;
        Some(slug_of(path))
    }

    /// Every slug recorded for `kind`.
    pub fn slugs_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = String> + 'a {
        let prefix = format!("{kind}:");
        self.records.iter().filter(move |(k, _)| k.starts_with(&prefix)).map(|(_, r)| slug_of(&r.path).to_string())
    }

    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `sessions/x.md` → `x`; `rooms.yaml#main` → `main`.
fn slug_of(path: &str) -> &str {
    if let Some((_, id)) = path.split_once('#') {
        return id;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The hash a field's value is remembered by: xxh3 of its YAML text.
pub fn hash(value: &serde_yaml::Value) -> String {
    let text = serde_yaml::to_string(value).unwrap_or_default();
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}
