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
    /// Per kind of record, in the order rooms, tracks, speakers, sessions.
    pub counts: Vec<(&'static str, Counts)>,
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

/// One kind of record: where it lives, what it is called in the state file and the summary,
/// and the fields the import owns.
struct Kind {
    /// `sessions` (a folder of files) or `rooms.yaml` (a list file).
    place: &'static str,
    /// The summary's name (`sessions`) and the state file's prefix (`session`).
    plural: &'static str,
    singular: &'static str,
    managed: &'static [&'static str],
}

const ROOMS: Kind = Kind { place: "rooms.yaml", plural: "rooms", singular: "room", managed: write::ROOM_FIELDS };
const TRACKS: Kind = Kind { place: "tracks.yaml", plural: "tracks", singular: "track", managed: write::TRACK_FIELDS };
const SPEAKERS: Kind = Kind { place: "speakers", plural: "speakers", singular: "speaker", managed: write::SPEAKER_FIELDS };
const SESSIONS: Kind = Kind { place: "sessions", plural: "sessions", singular: "session", managed: write::SESSION_FIELDS };

/// What planning needs at hand, and the plan it fills in.
struct Planner<'a> {
    dir: &'a Path,
    state: &'a State,
    prune: bool,
    plan: Plan,
}

/// Plans the import of `desired` into `dir`: every file to create, update or remove.
pub fn plan(dir: &Path, desired: &write::Desired, state: &State, prune: bool) -> Result<Plan, Diagnostic> {
    let plan = Plan { state: State { version: 1, records: BTreeMap::new() }, ..Plan::default() };
    let mut p = Planner { dir, state, prune, plan };
    p.list_file(&ROOMS, &desired.rooms)?;
    p.list_file(&TRACKS, &desired.tracks)?;
    p.docs(&SPEAKERS, &desired.speakers)?;
    p.docs(&SESSIONS, &desired.sessions)?;
    Ok(p.plan)
}

impl Planner<'_> {
    /// What the last import wrote for `rec`, if it was written to the same place.
    fn base(&self, rec: &Record) -> Option<&Remembered> {
        self.state.records.get(&rec.key).filter(|b| b.path == rec.path)
    }

    /// A record the last import wrote whose file or item is gone: deleted by hand, kept so.
    fn deleted_by_hand(&mut self, rec: &Record, base: Remembered) {
        self.plan.deleted_by_hand.push(rec.path.clone());
        self.plan.state.records.insert(rec.key.clone(), base);
    }

    /// The remembered records of `kind` the source no longer has.
    fn gone(&self, kind: &Kind, desired: &[Record]) -> Vec<(String, Remembered)> {
        let keys: BTreeSet<&str> = desired.iter().map(|r| r.key.as_str()).collect();
        let prefix = format!("{}:", kind.singular);
        let state = self.state.records.iter();
        state.filter(|(k, _)| k.starts_with(&prefix) && !keys.contains(k.as_str())).map(|(k, r)| (k.clone(), r.clone())).collect()
    }

    /// Sessions or speakers: a file each.
    fn docs(&mut self, kind: &Kind, desired: &[Record]) -> Result<(), Diagnostic> {
        let mut counts = Counts::default();
        for rec in desired {
            let base = self.base(rec).cloned();
            let current = read_doc(self.dir, &rec.path)?;
            if let (None, Some(base)) = (&current, &base) {
                self.deleted_by_hand(rec, base.clone());
                continue;
            }
            let merged = merge(rec, kind.managed, current.as_ref().map(|(f, b)| (f, b.as_ref())), base.as_ref(), &mut self.plan.conflicts);
            self.plan.state.records.insert(rec.key.clone(), merged.remembered);
            if current.as_ref().is_some_and(|(f, b)| *f == merged.fields && *b == merged.body) {
                counts.unchanged += 1;
                continue;
            }
            let action = if current.is_some() { Action::Update } else { Action::Create };
            *(if action == Action::Create { &mut counts.created } else { &mut counts.updated }) += 1;
            let text = render_doc(&merged.fields, merged.body.as_deref());
            self.plan.changes.push(Change { path: rec.path.clone(), action, text: Some(text), fields: merged.changed });
        }
        for (key, old) in self.gone(kind, desired) {
            self.plan.gone.push(old.path.clone());
            if !self.prune {
                self.plan.state.records.insert(key, old);
            } else if self.dir.join(&old.path).exists() {
                counts.removed += 1;
                self.plan.changes.push(Change { path: old.path, action: Action::Remove, text: None, fields: Vec::new() });
            }
        }
        self.plan.counts.push((kind.plural, counts));
        Ok(())
    }

    /// rooms.yaml or tracks.yaml: a list of items, each merged like a file's fields.
    fn list_file(&mut self, kind: &Kind, desired: &[Record]) -> Result<(), Diagnostic> {
        let file = kind.place;
        let (existed, mut items) = read_list(self.dir, file)?;
        let before = items.clone();
        let mut counts = Counts::default();
        let mut fields_changed = BTreeSet::new();
        for rec in desired {
            let base = self.base(rec).cloned();
            let at = find(&items, item_id(&rec.path));
            if let (None, Some(base)) = (at, &base) {
                self.deleted_by_hand(rec, base.clone());
                continue;
            }
            let current = at.and_then(|i| items[i].as_mapping().cloned());
            let merged = merge(rec, kind.managed, current.as_ref().map(|m| (m, None)), base.as_ref(), &mut self.plan.conflicts);
            self.plan.state.records.insert(rec.key.clone(), merged.remembered);
            if current.as_ref() == Some(&merged.fields) {
                counts.unchanged += 1;
                continue;
            }
            fields_changed.extend(merged.changed);
            match at {
                Some(i) => {
                    counts.updated += 1;
                    items[i] = Value::Mapping(merged.fields);
                }
                None => {
                    counts.created += 1;
                    items.push(Value::Mapping(merged.fields));
                }
            }
        }
        for (key, old) in self.gone(kind, desired) {
            self.plan.gone.push(old.path.clone());
            match find(&items, item_id(&old.path)) {
                _ if !self.prune => {
                    self.plan.state.records.insert(key, old);
                }
                Some(i) => {
                    counts.removed += 1;
                    items.remove(i);
                }
                None => {}
            }
        }
        self.plan.counts.push((kind.plural, counts));
        if items != before || (!existed && !items.is_empty()) {
            let action = if existed { Action::Update } else { Action::Create };
            let text = serde_yaml::to_string(&Value::Sequence(items)).unwrap_or_default();
            self.plan.changes.push(Change {
                path: file.to_string(),
                action,
                text: Some(text),
                fields: fields_changed.into_iter().collect(),
            });
        }
        Ok(())
    }
}

/// `rooms.yaml#main-hall` → `main-hall`.
fn item_id(path: &str) -> &str {
    path.split_once('#').map_or("", |(_, id)| id)
}

fn find(items: &[Value], id: &str) -> Option<usize> {
    items.iter().position(|i| i.get("id").and_then(Value::as_str) == Some(id))
}

/// A list file's items, and whether the file exists.
fn read_list(dir: &Path, file: &str) -> Result<(bool, Vec<Value>), Diagnostic> {
    let text = match std::fs::read_to_string(dir.join(file)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((false, Vec::new())),
        Err(e) => return Err(read_error(file, e)),
    };
    match serde_yaml::from_str::<Value>(&text).map_err(|e| super::site::yaml_error(file, &e))? {
        Value::Sequence(s) => Ok((true, s)),
        Value::Null => Ok((true, Vec::new())),
        _ => Err(Diagnostic::error(file, Pos::new(1, 1), format!("{file} is not a list")).with_hint("see docs/content.md")),
    }
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
