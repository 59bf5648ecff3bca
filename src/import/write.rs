//! The one writer: a [`Programme`] to the records confpress's content format holds (rooms.yaml
//! and tracks.yaml items, sessions/*.md, speakers/*.md, site.yaml's missing keys), as YAML
//! values in a fixed order. Whether and how they reach the files is `merge.rs`'s job.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde_yaml::{Mapping, Value};

use super::kinds::KindTable;
use super::programme::*;
use super::state::State;
use crate::content::entities::slugify;
use crate::content::fields::is_valid_url;

/// One record to write: a file of its own (`sessions/x.md`) or an item of a list file
/// (`rooms.yaml#main-hall`), with its fields in writing order and, for files, its body.
#[derive(Debug, Clone)]
pub struct Record {
    /// `session:<source key>` …: what the state file remembers it by.
    pub key: String,
    /// `sessions/x.md`, or `rooms.yaml#id` for a list item.
    pub path: String,
    pub fields: Vec<(String, Value)>,
    pub body: Option<String>,
}

/// The fields the import owns for each kind of record: a field it no longer writes is removed
/// (unless edited by hand); every other field is the organizer's and is never touched.
pub const SESSION_FIELDS: &[&str] = &[
    "title",
    "subtitle",
    "kind",
    "kind_label",
    "speakers",
    "track",
    "room",
    "start",
    "duration",
    "level",
    "language",
    "tags",
    "format",
    "links",
    "attachments",
    "videos",
    "recording",
    "feedback_url",
    "source",
];
pub const SPEAKER_FIELDS: &[&str] = &["name", "affiliation", "job_title", "photo", "links", "format", "source"];
pub const ROOM_FIELDS: &[&str] = &["id", "name", "capacity", "description", "source"];
pub const TRACK_FIELDS: &[&str] = &["id", "name", "color", "source"];

/// Everything the programme says, as content records.
#[derive(Debug, Default)]
pub struct Desired {
    pub rooms: Vec<Record>,
    pub tracks: Vec<Record>,
    pub speakers: Vec<Record>,
    pub sessions: Vec<Record>,
    /// site.yaml keys to add where absent, in order.
    pub site: Vec<(&'static str, Value)>,
}

/// How the programme is written: the zones and the kinds table in force.
pub struct Setting<'a> {
    /// The site's zone: every time is written in it.
    pub zone: TimeZone,
    /// The zone of the source's wall-clock times (its own, else the site's).
    pub source_zone: TimeZone,
    pub kinds: &'a KindTable,
    pub state: &'a State,
}

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

fn push(fields: &mut Vec<(String, Value)>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        fields.push((key.to_string(), v));
    }
}

/// Hands out file names: the one the state file remembers for a source key, else a slug of
/// `wanted`, made unique with `-2`, `-3` … Stable because it is remembered.
struct Slugs<'a> {
    kind: &'static str,
    state: &'a State,
    taken: HashSet<String>,
}

impl<'a> Slugs<'a> {
    fn new(kind: &'static str, state: &'a State) -> Slugs<'a> {
        let taken = state.slugs_of(kind).collect();
        Slugs { kind, state, taken }
    }

    fn get(&mut self, key: &str, wanted: &str) -> String {
        if let Some(slug) = self.state.slug(self.kind, key) {
            return slug.to_string();
        }
        // Transliterated first: `Zoë Martin` → `zoe-martin`, `陳美玲` → `chen-mei-ling`.
        let base = match slugify(&deunicode::deunicode(wanted)) {
            b if b.is_empty() => format!("{}-{:08x}", self.kind, xxhash_rust::xxh3::xxh3_64(key.as_bytes()) as u32),
            b => b,
        };
        let mut slug = base.clone();
        let mut n = 2;
        while !self.taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slug
    }
}

pub fn desired(p: &mut Programme, set: &Setting, site_has: impl Fn(&str) -> bool) -> Desired {
    let mut out = Desired::default();
    let mut rooms = Slugs::new("room", set.state);
    let room_ids: BTreeMap<String, String> = p.rooms.iter().map(|r| (r.key.clone(), rooms.get(&r.key, &r.name))).collect();
    let mut tracks = Slugs::new("track", set.state);
    let track_ids: BTreeMap<String, String> = p.tracks.iter().map(|t| (t.key.clone(), tracks.get(&t.key, &t.name))).collect();
    let mut speakers = Slugs::new("speaker", set.state);
    let speaker_ids: BTreeMap<String, String> = p.speakers.iter().map(|s| (s.key.clone(), speakers.get(&s.key, &s.name))).collect();
    let mut sessions = Slugs::new("session", set.state);

    let rooms_list = std::mem::take(&mut p.rooms);
    out.rooms = rooms_list.iter().map(|r| room(p, r, &room_ids[&r.key])).collect();
    let tracks_list = std::mem::take(&mut p.tracks);
    out.tracks = tracks_list.iter().map(|t| track(p, t, &track_ids[&t.key])).collect();
    let speakers_list = std::mem::take(&mut p.speakers);
    out.speakers = speakers_list.iter().map(|s| speaker(p, s, &speaker_ids[&s.key])).collect();
    let sessions_list = std::mem::take(&mut p.sessions);
    let ids = Ids { rooms: &room_ids, tracks: &track_ids, speakers: &speaker_ids };
    for session in &sessions_list {
        let slug = sessions.get(&session.key, &session.key);
        out.sessions.push(self::session(p, set, &ids, session, &slug));
    }
    out.site = site_keys(p, set, &sessions_list, site_has);
    p.sessions = sessions_list;
    out
}

struct Ids<'a> {
    rooms: &'a BTreeMap<String, String>,
    tracks: &'a BTreeMap<String, String>,
    speakers: &'a BTreeMap<String, String>,
}

fn source(p: &mut Programme, what: &str, src: &SourceRef) -> Option<Value> {
    let mut m = Mapping::new();
    if let Some(id) = src.id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        m.insert(s("id"), s(id));
    }
    match src.guid.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
        Some(g) if uuid::Uuid::try_parse(g).is_ok() => {
            m.insert(s("guid"), s(g));
        }
        Some(_) => p.drop_field(&format!("{what} guid that is not a UUID")),
        None => {}
    }
    if let Some(url) = url(p, what, src.url.as_deref()) {
        m.insert(s("url"), s(&url));
    }
    (!m.is_empty()).then_some(Value::Mapping(m))
}

/// A URL the content accepts (absolute http(s) or mailto), else counted as not kept.
fn url(p: &mut Programme, what: &str, url: Option<&str>) -> Option<String> {
    let url = url.map(str::trim).filter(|u| !u.is_empty())?;
    if is_valid_url(url) && !url.starts_with('/') {
        Some(url.to_string())
    } else {
        p.drop_field(&format!("{what} URL that is not an absolute http(s) URL"));
        None
    }
}

fn room(p: &mut Programme, r: &Room, id: &str) -> Record {
    let mut f = vec![("id".to_string(), s(id)), ("name".to_string(), s(&r.name))];
    push(&mut f, "capacity", r.capacity.map(|c| Value::Number(c.into())));
    push(&mut f, "description", r.description.as_deref().map(s));
    push(&mut f, "source", source(p, "room", &r.source));
    Record { key: format!("room:{}", r.key), path: format!("rooms.yaml#{id}"), fields: f, body: None }
}

fn track(p: &mut Programme, t: &Track, id: &str) -> Record {
    let mut f = vec![("id".to_string(), s(id)), ("name".to_string(), s(&t.name))];
    let color = t.color.as_deref().map(str::trim).filter(|c| !c.is_empty());
    match color {
        Some(c) if is_color(c) => f.push(("color".to_string(), s(&c.to_ascii_lowercase()))),
        Some(_) => p.drop_field("track colour that is not #rgb or #rrggbb"),
        None => {}
    }
    push(&mut f, "source", source(p, "track", &t.source));
    Record { key: format!("track:{}", t.key), path: format!("tracks.yaml#{id}"), fields: f, body: None }
}

fn is_color(c: &str) -> bool {
    c.strip_prefix('#').is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn links(p: &mut Programme, what: &str, list: &[Link], label: &str) -> Option<Value> {
    let items: Vec<Value> = list
        .iter()
        .filter_map(|l| {
            let url = url(p, what, Some(&l.url))?;
            let mut m = Mapping::new();
            m.insert(s(label), s(if l.title.trim().is_empty() { &url } else { l.title.trim() }));
            m.insert(s("url"), s(&url));
            Some(Value::Mapping(m))
        })
        .collect();
    (!items.is_empty()).then_some(Value::Sequence(items))
}

fn body(text: &Option<Text>) -> (Option<Value>, Option<String>) {
    match text {
        Some(t) => (t.html.then(|| s("html")), Some(format!("{}\n", t.text.trim_end()))),
        None => (None, None),
    }
}

fn speaker(p: &mut Programme, sp: &Speaker, slug: &str) -> Record {
    let name = or_key(p, "speaker name", &sp.name, &sp.key);
    let mut f = vec![("name".to_string(), s(&name))];
    push(&mut f, "affiliation", sp.affiliation.as_deref().map(s));
    push(&mut f, "job_title", sp.job_title.as_deref().map(s));
    let photo = url(p, "speaker photo", sp.photo.as_deref());
    push(&mut f, "photo", photo.as_deref().map(s));
    let links = links(p, "speaker link", &sp.links, "label");
    push(&mut f, "links", links);
    let (format, text) = body(&sp.bio);
    push(&mut f, "format", format);
    push(&mut f, "source", source(p, "speaker", &sp.source));
    Record { key: format!("speaker:{}", sp.key), path: format!("speakers/{slug}.md"), fields: f, body: text }
}

/// The levels' names in the tools (Sessionize's defaults among them), lowercased, to confpress's.
const LEVELS: &[(&str, &str)] = &[
    ("beginner", "beginner"),
    ("introductory", "beginner"),
    ("introductory and overview", "beginner"),
    ("novice", "beginner"),
    ("intermediate", "intermediate"),
    ("mostly intermediate", "intermediate"),
    ("advanced", "advanced"),
    ("expert", "advanced"),
];

/// A name or title the source left empty: the source's key stands in, and the summary counts it.
fn or_key(p: &mut Programme, what: &str, text: &str, key: &str) -> String {
    if text.trim().is_empty() {
        p.drop_field(&format!("{what} without one (its id stands in)"));
        return key.to_string();
    }
    text.to_string()
}

fn session(p: &mut Programme, set: &Setting, ids: &Ids, e: &Session, slug: &str) -> Record {
    let (kind, kind_label) = set.kinds.kind_of(e.kind_label.as_deref(), e.service);
    let title = or_key(p, "session title", &e.title, &e.key);
    let mut f = vec![("title".to_string(), s(&title))];
    push(&mut f, "subtitle", e.subtitle.as_deref().map(s));
    f.push(("kind".to_string(), s(kind)));
    push(&mut f, "kind_label", kind_label.as_deref().map(s));
    let known: Vec<&String> = e.speakers.iter().filter_map(|k| ids.speakers.get(k)).collect();
    for _ in known.len()..e.speakers.len() {
        p.drop_field("session speaker the export does not list");
    }
    let speakers: Vec<Value> = known.into_iter().map(|id| s(id)).collect();
    push(&mut f, "speakers", (!speakers.is_empty()).then_some(Value::Sequence(speakers)));
    push(&mut f, "track", e.track.as_ref().and_then(|t| ids.tracks.get(t)).map(|id| s(id)));
    push(&mut f, "room", e.room.as_ref().and_then(|r| ids.rooms.get(r)).map(|id| s(id)));
    if let Some(start) = e.start {
        f.push(("start".to_string(), s(&wall_time(set, start))));
        push(&mut f, "duration", e.minutes.map(|m| Value::Number(m.into())));
    }
    let mut tags: Vec<Value> = e.tags.iter().map(|t| s(t)).collect();
    if let Some(level) = e.level.as_deref() {
        match LEVELS.iter().find(|(name, _)| level.trim().eq_ignore_ascii_case(name)) {
            Some((_, l)) => f.push(("level".to_string(), s(l))),
            None => tags.push(s(level)),
        }
    }
    push(&mut f, "language", e.language.as_deref().map(s));
    push(&mut f, "tags", (!tags.is_empty()).then_some(Value::Sequence(tags)));
    let (format, text) = body(&e.body);
    push(&mut f, "format", format);
    let extra = [
        ("links", links(p, "session link", &e.links, "title")),
        ("attachments", links(p, "attachment", &e.attachments, "title")),
        ("videos", videos(p, &e.videos)),
        ("recording", recording(e)),
        ("feedback_url", url(p, "feedback", e.feedback_url.as_deref()).map(|u| s(&u))),
        ("source", source(p, "session", &e.source)),
    ];
    for (key, value) in extra {
        push(&mut f, key, value);
    }
    Record { key: format!("session:{}", e.key), path: format!("sessions/{slug}.md"), fields: f, body: text }
}

fn videos(p: &mut Programme, list: &[Link]) -> Option<Value> {
    let items: Vec<Value> = list
        .iter()
        .filter_map(|v| {
            let url = url(p, "video", Some(&v.url))?;
            let mut m = Mapping::new();
            m.insert(s("url"), s(&url));
            if !v.title.trim().is_empty() {
                m.insert(s("title"), s(v.title.trim()));
            }
            Some(Value::Mapping(m))
        })
        .collect();
    (!items.is_empty()).then_some(Value::Sequence(items))
}

fn recording(e: &Session) -> Option<Value> {
    if !e.do_not_record && e.recording_license.is_none() {
        return None;
    }
    let mut m = Mapping::new();
    m.insert(s("allowed"), Value::Bool(!e.do_not_record));
    if let Some(l) = &e.recording_license {
        m.insert(s("license"), s(l));
    }
    Some(Value::Mapping(m))
}

/// `YYYY-MM-DD HH:MM` in the site's zone; a time the clocks show twice (the night they go back)
/// gets its offset, so it names the right one.
pub fn wall_time(set: &Setting, when: When) -> String {
    let zoned = zoned(set, when);
    let dt = zoned.datetime();
    let text = format!("{} {:02}:{:02}", dt.date(), dt.hour(), dt.minute());
    if set.zone.to_ambiguous_zoned(dt).is_ambiguous() {
        let secs = zoned.offset().seconds();
        let sign = if secs < 0 { '-' } else { '+' };
        return format!("{text}{sign}{:02}:{:02}", secs.abs() / 3600, secs.abs() % 3600 / 60);
    }
    text
}

fn zoned(set: &Setting, when: When) -> jiff::Zoned {
    match when {
        When::At(ts) => ts.to_zoned(set.zone.clone()),
        When::Wall(dt) => set
            .source_zone
            .to_ambiguous_zoned(dt)
            .compatible()
            .map_or_else(|_| dt.to_zoned(TimeZone::UTC).unwrap_or_default(), |z| z.with_time_zone(set.zone.clone())),
    }
}

/// site.yaml keys the programme can fill in: title, time zone, first and last day, and the day
/// boundary when events run past midnight.
fn site_keys(p: &mut Programme, set: &Setting, sessions: &[Session], has: impl Fn(&str) -> bool) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    if let Some(t) = p.title.clone().filter(|_| !has("title")) {
        out.push(("title", s(&t)));
    }
    if let Some(z) = p.timezone.clone().filter(|_| !has("timezone")) {
        out.push(("timezone", s(&z)));
    }
    let days: Vec<Date> = sessions.iter().filter_map(|e| e.day.or_else(|| e.start.map(|w| zoned(set, w).date()))).collect();
    let first = p.start_date.or_else(|| days.iter().min().copied());
    let last = p.end_date.or_else(|| days.iter().max().copied());
    if let Some(d) = first.filter(|_| !has("start_date")) {
        out.push(("start_date", s(&d.to_string())));
    }
    if let Some(d) = last.filter(|_| !has("end_date")) {
        out.push(("end_date", s(&d.to_string())));
    }
    if !has("day_change") {
        match day_change(set, sessions, p.day_change) {
            DayChange::Needed(t) => out.push(("day_change", s(&format!("{:02}:{:02}", t.hour(), t.minute())))),
            DayChange::NotNeeded => {}
            DayChange::Contradicted => p.drop_field("conference `day_change` that contradicts the events' days"),
        }
    }
    out
}

enum DayChange {
    Needed(Time),
    NotNeeded,
    Contradicted,
}

/// The day boundary to write: the source's `day_change` when every event falls inside the day
/// it is listed under by it; else, when events start past midnight, the hour after the latest
/// such start, if every event fits that.
fn day_change(set: &Setting, sessions: &[Session], given: Option<Time>) -> DayChange {
    let starts: Vec<(Date, jiff::civil::DateTime)> =
        sessions.iter().filter_map(|e| Some((e.day?, zoned(set, e.start?).datetime()))).collect();
    let past_midnight: Vec<Time> = starts.iter().filter(|(d, t)| t.date() > *d).map(|(_, t)| t.time()).collect();
    let fits = |dc: Time| {
        starts.iter().all(|(d, t)| {
            let from = d.to_datetime(dc);
            from <= *t && d.tomorrow().is_ok_and(|n| *t < n.to_datetime(dc))
        })
    };
    match given {
        Some(dc) if dc != Time::midnight() && fits(dc) => return DayChange::Needed(dc),
        Some(dc) if dc != Time::midnight() && past_midnight.is_empty() => return DayChange::Contradicted,
        _ if past_midnight.is_empty() => return DayChange::NotNeeded,
        _ => {}
    }
    let latest = past_midnight.iter().max().copied().unwrap_or_default();
    match Time::new(latest.hour() + 1, 0, 0, 0) {
        Ok(dc) if fits(dc) => DayChange::Needed(dc),
        _ => DayChange::Contradicted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn setting<'a>(kinds: &'a KindTable, state: &'a State, source: &str) -> Setting<'a> {
        Setting { zone: TimeZone::get("Europe/Berlin").unwrap(), source_zone: TimeZone::get(source).unwrap(), kinds, state }
    }

    #[test]
    fn times_are_written_in_the_sites_zone_with_the_offset_when_ambiguous() {
        let (kinds, state) = (KindTable::new(&[]), State::default());
        let set = setting(&kinds, &state, "America/New_York");
        let at = |s: &str| When::At(s.parse().unwrap());
        assert_eq!(wall_time(&set, at("2026-10-23T12:15:00Z")), "2026-10-23 14:15");
        // 02:30 happens twice in Berlin on 2026-10-25: the second one is at +01:00.
        assert_eq!(wall_time(&set, at("2026-10-25T01:30:00Z")), "2026-10-25 02:30+01:00");
        assert_eq!(wall_time(&set, at("2026-10-25T00:30:00Z")), "2026-10-25 02:30+02:00");
        // A wall-clock time is in the source's zone.
        assert_eq!(wall_time(&set, When::Wall(date(2026, 10, 23).at(9, 0, 0, 0))), "2026-10-23 15:00");
    }

    #[test]
    fn the_day_boundary_is_the_sources_when_the_events_agree() {
        let (kinds, state) = (KindTable::new(&[]), State::default());
        let set = setting(&kinds, &state, "Europe/Berlin");
        let on = |day: Date, h: i8| Session {
            day: Some(day),
            start: Some(When::Wall(date(2026, 10, 23).at(0, 0, 0, 0).checked_add(jiff::Span::new().hours(h)).unwrap())),
            ..Session::default()
        };
        let d = date(2026, 10, 23);
        let night = [on(d, 10), on(d, 25)];
        assert!(matches!(day_change(&set, &night, Some(jiff::civil::time(4, 0, 0, 0))), DayChange::Needed(t) if t.hour() == 4));
        assert!(matches!(day_change(&set, &night, None), DayChange::Needed(t) if t.hour() == 2));
        // pentabarf's 09:00 with an event at 08:00 on its day: not written.
        assert!(matches!(day_change(&set, &[on(d, 8)], Some(jiff::civil::time(9, 0, 0, 0))), DayChange::Contradicted));
        assert!(matches!(day_change(&set, &[on(d, 8)], None), DayChange::NotNeeded));
    }
}
