//! pretalx's REST API (v1 as pretalx.com serves it): submissions (or talks), speakers with bios
//! and avatars, rooms. The API is several endpoints, each paginated; the import takes them in
//! one of two shapes (docs/import.md):
//!
//! - one JSON object bundling them: `{"event": …, "submissions": […], "speakers": […],
//!   "rooms": […], "tracks": […], "submission_types": […]}`, each list an array or an API page
//!   (`{"results": […]}`); only `submissions` is required;
//! - a folder holding the same as `event.json`, `submissions.json` (or `talks.json`),
//!   `speakers.json`, `rooms.json`, `tracks.json`, `submission_types.json`.
//!
//! Texts may be plain or translated (`{"en": …}`); `track` and `submission_type` may be
//! objects or ids (resolved through `tracks` and `submission_types`).

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::input::{self, Input, Source};
use super::json::{self, Localised, invalid, is_empty, opt_id_string, undeclared_room};
use super::programme::*;
use super::times;
use crate::diag::Diagnostic;

/// A list as the API gives it: an array, or one page of it.
#[derive(Deserialize)]
#[serde(untagged)]
enum List<T> {
    Plain(Vec<T>),
    Page { results: Vec<T> },
}

impl<T> List<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            List::Plain(v) | List::Page { results: v } => v,
        }
    }
}

impl<T> Default for List<T> {
    fn default() -> List<T> {
        List::Plain(Vec::new())
    }
}

#[derive(Deserialize, Default)]
struct Bundle {
    event: Option<Event>,
    submissions: Option<List<Submission>>,
    talks: Option<List<Submission>>,
    #[serde(default)]
    speakers: List<PSpeaker>,
    #[serde(default)]
    rooms: List<PRoom>,
    #[serde(default)]
    tracks: List<Named>,
    #[serde(default)]
    submission_types: List<Named>,
    /// An API page of submissions given alone.
    results: Option<Vec<Submission>>,
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    name: Localised,
    timezone: Option<String>,
    date_from: Option<String>,
    date_to: Option<String>,
    urls: Option<Urls>,
}

#[derive(Deserialize)]
struct Urls {
    base: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    id: i64,
    #[serde(default)]
    name: Localised,
    color: Option<String>,
}

/// A reference given as an id or inline (`{"en": "Talk"}`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Ref {
    Id(i64),
    Text(Localised),
}

#[derive(Deserialize)]
struct Submission {
    code: String,
    title: String,
    #[serde(default)]
    speakers: Vec<SpeakerRef>,
    submission_type: Option<Ref>,
    track: Option<Ref>,
    state: Option<String>,
    #[serde(rename = "abstract")]
    abstract_text: Option<String>,
    description: Option<String>,
    duration: Option<i64>,
    #[serde(default)]
    do_not_record: bool,
    content_locale: Option<String>,
    slot: Option<Slot>,
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    answers: Vec<serde_json::Value>,
    #[serde(default)]
    tags: Vec<serde_json::Value>,
    image: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SpeakerRef {
    Code(String),
    Inline(PSpeaker),
}

#[derive(Deserialize)]
struct Slot {
    #[serde(default, deserialize_with = "opt_id_string")]
    room_id: Option<String>,
    room: Option<Ref>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
struct Resource {
    resource: String,
    description: Option<String>,
}

#[derive(Deserialize, Clone)]
struct PSpeaker {
    code: String,
    name: String,
    biography: Option<String>,
    avatar: Option<String>,
    #[serde(default)]
    answers: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct PRoom {
    #[serde(deserialize_with = "json::id_string")]
    id: String,
    #[serde(default)]
    name: Localised,
    #[serde(default)]
    description: Localised,
    capacity: Option<u32>,
    guid: Option<String>,
}

/// The largest number of pages read from one endpoint: a `next` link that never ends is a
/// broken server, not a programme.
const MAX_PAGES: usize = 200;

/// The endpoints of an event's API, each followed page by page, as one bundle (the JSON object
/// described above): `URL` is the event's API (`https://pretalx.example.org/api/events/democon/`).
/// The environment variable `PRETALX_TOKEN` is sent as `Authorization: Token …` when set.
pub fn crawl(url: &str) -> Result<Source, Diagnostic> {
    let token = std::env::var("PRETALX_TOKEN").ok().filter(|t| !t.is_empty()).map(|t| format!("Token {t}"));
    let base = format!("{}/", url.trim_end_matches('/'));
    let get = |u: &str| -> Result<serde_json::Value, Diagnostic> {
        json::parse(&input::fetch_with(u, token.as_deref())?, "pretalx API response")
    };
    let mut bundle = serde_json::Map::new();
    bundle.insert("event".into(), get(&base)?);
    let endpoints = [
        ("submissions", "submissions/?state=confirmed&state=accepted&limit=100", true),
        ("speakers", "speakers/?limit=100", true),
        ("rooms", "rooms/?limit=100", true),
        // Needed only where submissions give ids; not public on every instance.
        ("tracks", "tracks/?limit=100", false),
        ("submission_types", "submission-types/?limit=100", false),
    ];
    for (key, path, required) in endpoints {
        match pages(&format!("{base}{path}"), &get) {
            Ok(list) => {
                bundle.insert(key.into(), serde_json::Value::Array(list));
            }
            Err(_) if !required => {}
            Err(e) => return Err(e),
        }
    }
    let bytes = serde_json::to_vec(&bundle).unwrap_or_default();
    Ok(Source::One(Input { name: url.into(), bytes }))
}

/// Every result of a paginated endpoint, following `next`.
fn pages(first: &str, get: &dyn Fn(&str) -> Result<serde_json::Value, Diagnostic>) -> Result<Vec<serde_json::Value>, Diagnostic> {
    let mut out = Vec::new();
    let mut next = Some(first.to_string());
    for _ in 0..MAX_PAGES {
        let Some(url) = next.take() else { return Ok(out) };
        let page = get(&url)?;
        match page {
            serde_json::Value::Array(items) => return Ok([out, items].concat()),
            mut page => {
                if let Some(serde_json::Value::Array(items)) = page.get_mut("results").map(std::mem::take) {
                    out.extend(items);
                }
                next = page.get("next").and_then(|n| n.as_str()).map(str::to_string);
            }
        }
    }
    Err(Diagnostic::error(first, Default::default(), format!("more than {MAX_PAGES} pages of results"))
        .with_hint("the server's `next` links do not end; check the API URL"))
}

/// Reads a bundle file or a folder of API responses.
pub fn read(source: &Source) -> Result<Programme, Diagnostic> {
    let (bundle, name) = match source {
        Source::One(input) => (json::parse::<Bundle>(input, "pretalx API bundle")?, input.name.clone()),
        Source::Folder(dir) => (folder(dir)?, dir.clone()),
    };
    let input = Input { name, bytes: Vec::new() };
    convert(&input, bundle)
}

/// The bundle from a folder's files, each read (and its errors named) on its own.
fn folder(dir: &Path) -> Result<Bundle, Diagnostic> {
    fn file<T: DeserializeOwned>(dir: &Path, names: &[&str]) -> Result<Option<T>, Diagnostic> {
        for name in names {
            let path = dir.join(name);
            if path.exists() {
                return json::parse(&input::read_file(&path)?, "pretalx API response").map(Some);
            }
        }
        Ok(None)
    }
    let submissions = file(dir, &["submissions.json", "talks.json"])?;
    if submissions.is_none() {
        return Err(Diagnostic::error(dir, Default::default(), "this folder has no submissions.json (or talks.json)")
            .with_hint("save the API's /submissions/ (or /talks/) response as submissions.json; see docs/import.md"));
    }
    Ok(Bundle {
        event: file(dir, &["event.json"])?,
        submissions,
        speakers: file(dir, &["speakers.json"])?.unwrap_or_default(),
        rooms: file(dir, &["rooms.json"])?.unwrap_or_default(),
        tracks: file(dir, &["tracks.json"])?.unwrap_or_default(),
        submission_types: file(dir, &["submission_types.json", "submission-types.json"])?.unwrap_or_default(),
        ..Bundle::default()
    })
}

/// The states of a submission that are on the programme.
const ON_PROGRAMME: &[&str] = &["confirmed", "accepted"];

fn convert(input: &Input, b: Bundle) -> Result<Programme, Diagnostic> {
    let mut p = Programme::default();
    let base = b.event.as_ref().and_then(|e| e.urls.as_ref()).and_then(|u| u.base.clone());
    if let Some(e) = &b.event {
        p.title = non_empty(e.name.0.as_deref());
        p.timezone = non_empty(e.timezone.as_deref());
        p.start_date = e.date_from.as_deref().and_then(times::date);
        p.end_date = e.date_to.as_deref().and_then(times::date);
    }
    for r in b.rooms.into_vec() {
        let name = clean_name(r.name.0.as_deref().unwrap_or(&r.id));
        let source = SourceRef { id: Some(r.id.clone()), guid: r.guid, url: None };
        p.rooms.push(Room { key: r.id, name, capacity: r.capacity, description: non_empty(r.description.0.as_deref()), source });
    }
    let tracks = b.tracks.into_vec();
    let types = b.submission_types.into_vec();
    for s in b.speakers.into_vec() {
        speaker(&mut p, &s);
    }
    let list = b.submissions.or(b.talks).map(List::into_vec).or(b.results).unwrap_or_default();
    for (n, s) in list.into_iter().enumerate() {
        if let Some(state) = s.state.as_deref().filter(|st| !ON_PROGRAMME.contains(st)) {
            p.drop_field(&format!("submission in state `{state}` (only confirmed and accepted ones are imported)"));
            continue;
        }
        let session = submission(input, &mut p, &tracks, &types, base.as_deref(), n, s)?;
        p.sessions.push(session);
    }
    Ok(p)
}

fn speaker(p: &mut Programme, s: &PSpeaker) {
    if p.speakers.iter().any(|x| x.key == s.code) {
        return;
    }
    p.drop_if(s.answers.iter().any(|a| !is_empty(a)), "speaker `answers`");
    p.speakers.push(Speaker {
        key: s.code.clone(),
        name: clean_name(&s.name),
        bio: s.biography.as_deref().and_then(Text::detect),
        photo: non_empty(s.avatar.as_deref()),
        source: SourceRef { id: Some(s.code.clone()), ..SourceRef::default() },
        ..Speaker::default()
    });
}

/// The name a reference gives, through `table` when it is an id.
fn resolve(r: Option<&Ref>, table: &[Named]) -> Option<(String, Option<String>)> {
    match r? {
        Ref::Text(l) => non_empty(l.0.as_deref()).map(|n| (n, None)),
        Ref::Id(id) => table.iter().find(|t| t.id == *id).and_then(|t| non_empty(t.name.0.as_deref()).map(|n| (n, t.color.clone()))),
    }
}

fn submission(
    input: &Input,
    p: &mut Programme,
    tracks: &[Named],
    types: &[Named],
    base: Option<&str>,
    n: usize,
    s: Submission,
) -> Result<Session, Diagnostic> {
    let path = format!("submissions[{n}]");
    let mut speakers = Vec::new();
    for r in &s.speakers {
        match r {
            SpeakerRef::Code(code) => speakers.push(code.clone()),
            SpeakerRef::Inline(sp) => {
                speaker(p, sp);
                speakers.push(sp.code.clone());
            }
        }
    }
    let track = resolve(s.track.as_ref(), tracks).map(|(name, color)| {
        let key = p.track_named(&name);
        if let Some(t) = p.tracks.iter_mut().find(|t| t.key == key && t.color.is_none()) {
            t.color = color;
        }
        key
    });
    let (start, minutes, room) = slot(input, p, &path, s.slot.as_ref(), s.duration)?;
    p.drop_if(s.answers.iter().any(|a| !is_empty(a)), "submission `answers`");
    p.drop_if(s.image.as_deref().is_some_and(|i| !i.is_empty()), "submission `image`");
    let attachments = s
        .resources
        .iter()
        .map(|r| Link { title: non_empty(r.description.as_deref()).unwrap_or_default(), url: r.resource.clone() })
        .collect();
    let tags = s.tags.iter().filter_map(|t| t.as_str().or_else(|| t.get("tag").and_then(|x| x.as_str())).map(str::to_string)).collect();
    Ok(Session {
        key: s.code.clone(),
        title: s.title.trim().to_string(),
        kind_label: resolve(s.submission_type.as_ref(), types).map(|(n, _)| n),
        start,
        minutes,
        room,
        track,
        speakers,
        language: non_empty(s.content_locale.as_deref()),
        tags,
        body: Text::joined(s.abstract_text.as_deref().and_then(Text::detect), s.description.as_deref().and_then(Text::detect)),
        attachments,
        do_not_record: s.do_not_record,
        source: SourceRef {
            id: Some(s.code.clone()),
            guid: None,
            url: base.map(|b| format!("{}/talk/{}/", b.trim_end_matches('/'), s.code)),
        },
        ..Session::default()
    })
}

type Placed = (Option<When>, Option<i64>, Option<String>);

/// When and where a submission is scheduled (nothing: accepted, not scheduled).
fn slot(input: &Input, p: &mut Programme, path: &str, slot: Option<&Slot>, duration: Option<i64>) -> Result<Placed, Diagnostic> {
    let Some(slot) = slot else { return Ok((None, None, None)) };
    let time = |field: &str, t: &Option<String>| -> Result<Option<When>, Diagnostic> {
        match t.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => times::when(t)
                .map(Some)
                .ok_or_else(|| invalid(input, &format!("{path}.slot.{field}"), t, "a time such as `2026-10-23T14:15:00+02:00`")),
            None => Ok(None),
        }
    };
    let (start, end) = (time("start", &slot.start)?, time("end", &slot.end)?);
    let minutes = match (start, end) {
        (Some(When::At(a)), Some(When::At(b))) => {
            let secs = a.duration_until(b).as_secs();
            if secs <= 0 {
                return Err(Diagnostic::error(&input.name, Default::default(), format!("the slot at `{path}.slot` ends before it starts"))
                    .with_hint("fix the slot in pretalx's schedule editor and export again"));
            }
            Some(secs / 60)
        }
        _ => duration,
    };
    let room = match (&slot.room_id, &slot.room) {
        (Some(id), _) if !p.rooms.is_empty() && !p.rooms.iter().any(|r| &r.key == id) => {
            return Err(undeclared_room(input, &format!("{path}.slot"), id));
        }
        (Some(id), _) if !p.rooms.is_empty() => Some(id.clone()),
        (_, Some(Ref::Text(l))) => l.0.as_deref().map(|n| p.room_named(n)),
        (Some(id), _) => Some(p.room_named(id)),
        _ => None,
    };
    Ok((start, minutes, room))
}
