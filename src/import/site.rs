//! What the import reads from, and adds to, site.yaml: the site's time zone (times are written
//! in it), its `import.kinds` table and `day_change`, and the keys it may fill in when absent.
//! Keys are added as new lines at the end, so the organizer's comments and layout stay.

use std::path::Path;

use jiff::tz::TimeZone;
use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, Pos};

/// site.yaml as the import sees it.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The file's text (`None`: there is no site.yaml yet).
    pub text: Option<String>,
    pub top: Mapping,
    /// `import.kinds`: the organizer's own event types (label → kind).
    pub kinds: Vec<(String, String)>,
}

pub const FILE: &str = "site.yaml";

impl Site {
    pub fn read(dir: &Path) -> Result<Site, Diagnostic> {
        let path = dir.join(FILE);
        let Ok(text) = std::fs::read_to_string(&path) else { return Ok(Site::default()) };
        let value: Value = serde_yaml::from_str(&text).map_err(|e| yaml_error(FILE, &e))?;
        let top = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                return Err(
                    Diagnostic::error(FILE, Pos::new(1, 1), "site.yaml is not a mapping of settings").with_hint("see docs/content.md")
                );
            }
        };
        let kinds = kinds(&top)?;
        Ok(Site { text: Some(text), top, kinds })
    }

    pub fn has(&self, key: &str) -> bool {
        self.top.get(key).is_some_and(|v| !v.is_null())
    }

    pub fn string(&self, key: &str) -> Option<&str> {
        self.top.get(key).and_then(Value::as_str)
    }

    /// The site's zone, if site.yaml names a valid one.
    pub fn zone(&self) -> Option<TimeZone> {
        self.string("timezone").and_then(|z| TimeZone::get(z).ok())
    }

    /// site.yaml with `additions` appended (each `key: value` on its own line(s)).
    pub fn with_additions(&self, additions: &[(&str, Value)]) -> String {
        let mut text = self.text.clone().unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for (key, value) in additions {
            let mut one = Mapping::new();
            one.insert(Value::String(key.to_string()), value.clone());
            text.push_str(&serde_yaml::to_string(&one).unwrap_or_default());
        }
        text
    }
}

/// `import.kinds` as (label, kind) pairs, each kind checked against the closed list.
fn kinds(top: &Mapping) -> Result<Vec<(String, String)>, Diagnostic> {
    let Some(map) = top.get("import").and_then(|i| i.get("kinds")).and_then(Value::as_mapping) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (label, kind) in map {
        let (Some(label), Some(kind)) = (label.as_str(), kind.as_str()) else { continue };
        if !super::kinds::KINDS.contains(&kind) {
            return Err(Diagnostic::error(
                FILE,
                Pos::default(),
                format!("`import.kinds` maps `{label}` to `{kind}`, which is not a session kind"),
            )
            .with_hint(format!("kinds are: {}", super::kinds::KINDS.join(", "))));
        }
        out.push((label.to_string(), kind.to_string()));
    }
    Ok(out)
}

/// A YAML error of a content file, with its position.
pub fn yaml_error(file: &str, e: &serde_yaml::Error) -> Diagnostic {
    let pos = e.location().map_or(Pos::default(), |l| Pos::new(l.line() as u32, l.column() as u32));
    Diagnostic::error(file, pos, format!("cannot read this file to merge the import into it: {e}"))
        .with_hint("fix the YAML (`confpress check` shows the problem), then import again")
}
