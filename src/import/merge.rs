//! The three-way merge of an import into the content folder: for each field, the value in the
//! file now, the value the last import wrote (remembered as a hash, see `state.rs`) and the
//! value the source gives now. A field nobody touched takes the source's value; a field edited
//! by hand keeps the hand edit, and when the source changed it too, the conflict is reported
//! with both values. Fields the import does not own are left as they are; a file whose merged
//! fields and body equal what it holds is not rewritten, so a re-import changes no byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::state::{Remembered, State, hash};
use super::write::{self, Record};
use crate::content::split_front_matter;
use crate::diag::{Diagnostic, Pos};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    Remove,
}

/// One file the import changes, and the fields it changes in it.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub action: Action,
    /// The new text (`None` when the file is removed).
    pub text: Option<String>,
    pub fields: Vec<String>,
}

/// A field edited by hand that the source changed too: the hand edit is kept.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub path: String,
    pub field: String,
    pub hand: String,
    pub source: String,
}

/// Counts per kind of record.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub counts: BTreeMap<&'static str, Counts>,
    pub conflicts: Vec<Conflict>,
    /// Records the last import wrote that the source no longer has.
    pub gone: Vec<String>,
    /// Records the last import wrote whose file (or item) was deleted by hand: not recreated.
    pub deleted_by_hand: Vec<String>,
    pub state: State,
}

/// The result of merging one record's fields.
struct Merged {
    fields: Mapping,
    body: Option<String>,
    changed: Vec<String>,
    remembered: Remembered,
}

fn read_error(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(path, Pos::default(), format!("cannot read this file to merge the import into it: {e}"))
        .with_hint("check the file's permissions")
}

/// A session or speaker file as (front matter, body); `None` when there is no file.
fn read_doc(dir: &Path, path: &str) -> Result<Option<(Mapping, Option<String>)>, Diagnostic> {
    let text = match std::fs::read_to_string(dir.join(path)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_error(path, e)),
    };
    let Some((yaml, _, body)) = split_front_matter(&text) else {
        return Err(Diagnostic::error(path, Pos::new(1, 1), "this file has no front matter, so the import cannot merge into it")
            .with_hint("start the file with `---`, its fields and `---`, or delete it and import again"));
    };
    let fields = match serde_yaml::from_str::<Value>(yaml).map_err(|e| super::site::yaml_error(path, &e))? {
        Value::Mapping(m) => m,
        _ => Mapping::new(),
    };
    Ok(Some((fields, normal_body(body))))
}

/// A body without trailing blank space, ending in one line break (`None` when empty).
fn normal_body(body: &str) -> Option<String> {
    let body = body.trim_end();
    (!body.trim().is_empty()).then(|| format!("{body}\n"))
}

/// Merges `rec` into the current `fields` and `body` (`None`: a new record).
fn merge(
    rec: &Record,
    managed: &[&str],
    current: Option<(&Mapping, Option<&String>)>,
    base: Option<&Remembered>,
    conflicts: &mut Vec<Conflict>,
) -> Merged {
    let desired: BTreeMap<&str, &Value> = rec.fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut remembered = Remembered { path: rec.path.clone(), fields: BTreeMap::new() };
    let Some((cur, cur_body)) = current else {
        let fields = rec.fields.iter().map(|(k, v)| (Value::String(k.clone()), v.clone())).collect();
        for (k, v) in &rec.fields {
            remembered.fields.insert(k.clone(), hash(v));
        }
        if let Some(b) = &rec.body {
            remembered.fields.insert("body".into(), hash(&Value::String(b.clone())));
        }
        return Merged { fields, body: rec.body.clone(), changed: rec.fields.iter().map(|(k, _)| k.clone()).collect(), remembered };
    };
    let mut fields = cur.clone();
    let mut changed = Vec::new();
    let base_of = |f: &str| base.and_then(|b| b.fields.get(f)).cloned();
    for f in managed {
        let new = desired.get(f).copied();
        let now = cur.get(*f);
        if let Some(v) = new {
            remembered.fields.insert(f.to_string(), hash(v));
        }
        match decide(now, new, base_of(f)) {
            Decision::Take => {
                if now != new {
                    changed.push(f.to_string());
                    match new {
                        Some(v) => fields.insert(Value::String(f.to_string()), v.clone()),
                        None => fields.remove(*f),
                    };
                }
            }
            Decision::Keep => {}
            Decision::Conflict => conflicts.push(conflict(&rec.path, f, now, new)),
        }
    }
    let new_body = rec.body.as_ref().map(|b| Value::String(b.clone()));
    let now_body = cur_body.map(|b| Value::String(b.clone()));
    if let Some(v) = &new_body {
        remembered.fields.insert("body".into(), hash(v));
    }
    let mut body = cur_body.cloned();
    match decide(now_body.as_ref(), new_body.as_ref(), base_of("body")) {
        Decision::Take if now_body != new_body => {
            changed.push("body".into());
            body = rec.body.clone();
        }
        Decision::Conflict => conflicts.push(conflict(&rec.path, "body", now_body.as_ref(), new_body.as_ref())),
        _ => {}
    }
    Merged { fields, body, changed, remembered }
}

enum Decision {
    Take,
    Keep,
    Conflict,
}

/// Whose value a field gets: the source's when the file still holds what the last import
/// wrote (`base`); the file's when it was edited by hand, reported as a conflict when the
/// source changed the field too.
fn decide(now: Option<&Value>, new: Option<&Value>, base: Option<String>) -> Decision {
    let now_hash = now.map(hash);
    if now_hash == base || now == new {
        return Decision::Take;
    }
    if new.map(hash) == base {
        return Decision::Keep;
    }
    Decision::Conflict
}

/// A value as one line for the report.
fn shown(v: Option<&Value>) -> String {
    let Some(v) = v else { return "(absent)".into() };
    let text = match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((at, _)) => format!("{:?}…", &line[..at]),
        None => format!("{line:?}"),
    }
}

fn conflict(path: &str, field: &str, hand: Option<&Value>, source: Option<&Value>) -> Conflict {
    Conflict { path: path.to_string(), field: field.to_string(), hand: shown(hand), source: shown(source) }
}

/// A session or speaker file's text.
pub fn render_doc(fields: &Mapping, body: Option<&str>) -> String {
    let yaml = if fields.is_empty() { String::new() } else { serde_yaml::to_string(fields).unwrap_or_default() };
    format!("---\n{yaml}---\n{}", body.unwrap_or(""))
}

/// Plans the import of `desired` into `dir`: every file to create, update or remove.
pub fn plan(dir: &Path, desired: &write::Desired, state: &State, prune: bool) -> Result<Plan, Diagnostic> {
    let mut plan = Plan { state: State { version: 1, records: BTreeMap::new() }, ..Plan::default() };
    list_file(dir, "rooms.yaml", "rooms", &desired.rooms, write::ROOM_FIELDS, state, prune, &mut plan)?;
    list_file(dir, "tracks.yaml", "tracks", &desired.tracks, write::TRACK_FIELDS, state, prune, &mut plan)?;
    docs(dir, "speakers", &desired.speakers, write::SPEAKER_FIELDS, state, prune, &mut plan)?;
    docs(dir, "sessions", &desired.sessions, write::SESSION_FIELDS, state, prune, &mut plan)?;
    Ok(plan)
}

/// The remembered records of `kind` the source no longer has.
fn gone<'a>(state: &'a State, kind: &str, desired: &[Record]) -> Vec<(&'a String, &'a Remembered)> {
    let keys: BTreeSet<&str> = desired.iter().map(|r| r.key.as_str()).collect();
    let prefix = format!("{kind}:");
    state.records.iter().filter(|(k, _)| k.starts_with(&prefix) && !keys.contains(k.as_str())).collect()
}

fn docs(
    dir: &Path,
    kind: &'static str,
    desired: &[Record],
    managed: &[&str],
    state: &State,
    prune: bool,
    plan: &mut Plan,
) -> Result<(), Diagnostic> {
    let mut counts = Counts::default();
    for rec in desired {
        let base = state.records.get(&rec.key).filter(|b| b.path == rec.path);
        let current = read_doc(dir, &rec.path)?;
        if current.is_none() && base.is_some() {
            plan.deleted_by_hand.push(rec.path.clone());
            plan.state.records.insert(rec.key.clone(), base.cloned().unwrap_or_default());
            continue;
        }
        let merged = merge(rec, managed, current.as_ref().map(|(f, b)| (f, b.as_ref())), base, &mut plan.conflicts);
        let same = current.as_ref().is_some_and(|(f, b)| *f == merged.fields && *b == merged.body);
        plan.state.records.insert(rec.key.clone(), merged.remembered);
        if same {
            counts.unchanged += 1;
            continue;
        }
        let action = if current.is_some() { Action::Update } else { Action::Create };
        match action {
            Action::Create => counts.created += 1,
            _ => counts.updated += 1,
        }
        let text = render_doc(&merged.fields, merged.body.as_deref());
        plan.changes.push(Change { path: rec.path.clone(), action, text: Some(text), fields: merged.changed });
    }
    let kind_name = kind.trim_end_matches('s');
    for (key, old) in gone(state, kind_name, desired) {
        plan.gone.push(old.path.clone());
        if prune && dir.join(&old.path).exists() {
            counts.removed += 1;
            plan.changes.push(Change { path: old.path.clone(), action: Action::Remove, text: None, fields: Vec::new() });
        } else if !prune {
            plan.state.records.insert(key.clone(), old.clone());
        }
    }
    plan.counts.insert(kind, counts);
    Ok(())
}

/// rooms.yaml or tracks.yaml: a list of items, each merged like a file's fields.
#[allow(clippy::too_many_arguments)]
fn list_file(
    dir: &Path,
    file: &str,
    kind: &'static str,
    desired: &[Record],
    managed: &[&str],
    state: &State,
    prune: bool,
    plan: &mut Plan,
) -> Result<(), Diagnostic> {
    let text = match std::fs::read_to_string(dir.join(file)) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(read_error(file, e)),
    };
    let mut items: Vec<Value> = match &text {
        Some(t) => match serde_yaml::from_str::<Value>(t).map_err(|e| super::site::yaml_error(file, &e))? {
            Value::Sequence(s) => s,
            Value::Null => Vec::new(),
            _ => return Err(Diagnostic::error(file, Pos::new(1, 1), format!("{file} is not a list")).with_hint("see docs/content.md")),
        },
        None => Vec::new(),
    };
    let before = items.clone();
    let mut counts = Counts::default();
    let mut fields_changed = BTreeSet::new();
    let find = |items: &[Value], id: &str| items.iter().position(|i| i.get("id").and_then(Value::as_str) == Some(id));
    for rec in desired {
        let id = rec.path.split_once('#').map_or("", |(_, id)| id);
        let base = state.records.get(&rec.key).filter(|b| b.path == rec.path);
        let at = find(&items, id);
        if at.is_none() && base.is_some() {
            plan.deleted_by_hand.push(rec.path.clone());
            plan.state.records.insert(rec.key.clone(), base.cloned().unwrap_or_default());
            continue;
        }
        let current = at.and_then(|i| items[i].as_mapping().cloned());
        let merged = merge(rec, managed, current.as_ref().map(|m| (m, None)), base, &mut plan.conflicts);
        plan.state.records.insert(rec.key.clone(), merged.remembered);
        match at {
            Some(_) if current.as_ref() == Some(&merged.fields) => counts.unchanged += 1,
            Some(i) => {
                counts.updated += 1;
                fields_changed.extend(merged.changed);
                items[i] = Value::Mapping(merged.fields);
            }
            None => {
                counts.created += 1;
                fields_changed.extend(merged.changed);
                items.push(Value::Mapping(merged.fields));
            }
        }
    }
    let singular = kind.trim_end_matches('s');
    for (key, old) in gone(state, singular, desired) {
        plan.gone.push(old.path.clone());
        let id = old.path.split_once('#').map_or("", |(_, id)| id);
        match find(&items, id) {
            Some(i) if prune => {
                counts.removed += 1;
                items.remove(i);
            }
            _ if !prune => {
                plan.state.records.insert(key.clone(), old.clone());
            }
            _ => {}
        }
    }
    plan.counts.insert(kind, counts);
    if items != before || (text.is_none() && !items.is_empty()) {
        let action = if text.is_some() { Action::Update } else { Action::Create };
        let text = serde_yaml::to_string(&Value::Sequence(items)).unwrap_or_default();
        plan.changes.push(Change { path: file.to_string(), action, text: Some(text), fields: fields_changed.into_iter().collect() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::String(s.into())
    }

    #[test]
    fn hand_edits_win_and_conflicts_are_told() {
        let base = Some(hash(&v("old")));
        assert!(matches!(decide(Some(&v("old")), Some(&v("new")), base.clone()), Decision::Take), "untouched: the source's");
        assert!(matches!(decide(Some(&v("hand")), Some(&v("old")), base.clone()), Decision::Keep), "edited, source unchanged");
        assert!(matches!(decide(Some(&v("hand")), Some(&v("new")), base.clone()), Decision::Conflict));
        assert!(matches!(decide(Some(&v("same")), Some(&v("same")), base.clone()), Decision::Take), "both made the same change");
        assert!(matches!(decide(None, Some(&v("new")), None), Decision::Take), "a new field");
        assert!(matches!(decide(None, Some(&v("new")), base), Decision::Conflict), "removed by hand, changed in the source");
    }

    #[test]
    fn a_file_is_front_matter_and_body() {
        let mut m = Mapping::new();
        m.insert(v("title"), v("A: B"));
        assert_eq!(render_doc(&m, Some("Body\n")), "---\ntitle: 'A: B'\n---\nBody\n");
        assert_eq!(normal_body("  \n"), None);
        assert_eq!(normal_body("Text\n\n\n").as_deref(), Some("Text\n"));
    }
}
