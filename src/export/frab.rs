//! The frab/c3voc schedule: `schedule.xml` and `schedule.json`, the files Giggity, ConfClerk,
//! EventFahrplan and the c3voc tools read.
//!
//! Both files are written from one [`Schedule`] value, so they agree event for event. They
//! validate against the c3voc schemas (`schedule.xml.xsd` and the draft-06 `schema.json`):
//! - every conference day is a `day`, 1-based `index`; it runs from its earliest session start
//!   to its latest session end (a day without sessions: local midnight to midnight), each
//!   boundary with the offset in force at that moment;
//! - within a day, events are grouped by room in rooms.yaml order; plenary sessions (no room) are
//!   listed once, in a room named [`PLENARY`] placed before the real rooms; sessions without a
//!   room that run beside others (open spaces, online) in one named [`ELSEWHERE`] after them;
//! - ids and GUIDs come from [`super::ids`]; `version` is a hash of everything else, so it
//!   changes exactly when the schedule does.
//!
//! schedule.json is serde_json's pretty printing of these types ([`to_json`]); the build writes
//! it through the [`json::Hashing`] formatter, which hashes the schedule for its version in the
//! same pass ([`write_json`]).

use std::cell::Cell;
use std::io::{self, BufWriter, SeekFrom, Write};

use jiff::civil::Date;
use jiff::{Timestamp, Zoned};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

use rayon::prelude::*;

use super::json::{self, Marked, Part};
use super::{Shared, hex6, xml};
use crate::diag::Diagnostic;
use crate::model::Conference;
use crate::model::links::{abs_url, content_url};
use crate::model::time::{push_digits, rfc3339};
use crate::model::{Vocabulary, ids};
use crate::sink::Sink;

/// The room name plenary sessions are listed under.
pub const PLENARY: &str = "Plenary";

/// The room of the sessions that have none but run beside others ([`crate::model::Session::elsewhere`]).
pub const ELSEWHERE: &str = "Elsewhere";

/// The schedule, as both files carry it. Text from the model is borrowed (`'a`: the model and
/// the [`Shared`] values).
#[derive(Debug, Clone, Serialize)]
pub struct Schedule<'a> {
    pub version: String,
    pub base_url: &'a str,
    pub conference: Conf<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conf<'a> {
    pub acronym: String,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub start: String,
    pub end: String,
    #[serde(rename = "daysCount")]
    pub days_count: usize,
    pub timeslot_duration: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone_name: Option<&'a str>,
    pub url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    pub colors: Colors,
    pub tracks: Vec<FTrack<'a>>,
    pub rooms: Vec<FRoomInfo<'a>>,
    pub days: Vec<FDay<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Colors {
    pub primary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FTrack<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<&'a str>,
    pub color: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FRoomInfo<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<&'a str>,
    pub guid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FDay<'a> {
    pub index: usize,
    pub date: String,
    pub day_start: String,
    pub day_end: String,
    /// Serialized as an object keyed by room name, in room order.
    #[serde(serialize_with = "rooms_as_map")]
    pub rooms: Vec<FRoom<'a>>,
}

#[derive(Debug, Clone)]
pub struct FRoom<'a> {
    pub name: &'a str,
    pub guid: String,
    pub events: Vec<FEvent<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FEvent<'a> {
    pub guid: &'a str,
    pub id: u32,
    pub date: String,
    pub start: String,
    pub end: String,
    pub duration: String,
    pub room: &'a str,
    pub slug: String,
    pub url: &'a str,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub track: Option<&'a str>,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub language: &'a str,
    #[serde(rename = "abstract")]
    pub abstract_text: &'a str,
    pub persons: Vec<FPerson<'a>>,
    pub links: Vec<FLink<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<FLink<'a>>,
    /// Only when the session says it may not be recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_not_record: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_license: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_url: Option<String>,
    /// The session's page in the tool it was imported from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_url: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FPerson<'a> {
    pub id: u32,
    pub guid: &'a str,
    pub public_name: &'a str,
    pub url: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FLink<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub url: String,
    pub title: &'a str,
}

fn rooms_as_map<S: Serializer>(rooms: &[FRoom], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(rooms.len()))?;
    for room in rooms {
        map.serialize_entry(&room.name, &room.events)?;
    }
    map.end()
}

/// The top level of schedule.json (`S`: the [`Schedule`], or the same marked for hashing).
#[derive(Serialize)]
struct JsonFile<S> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    generator: Generator,
    schedule: S,
}

#[derive(Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

const GENERATOR: Generator = Generator { name: "confpress", version: env!("CARGO_PKG_VERSION") };

/// Writes `schedule.json` and `schedule.xml` into `sink`.
///
/// The `version` hashes the schedule's compact JSON, so the files would have to wait for it.
/// Instead, schedule.json is written with a placeholder while the same pass hashes what the
/// compact JSON would be ([`write_json`]), and the placeholder is overwritten in the file (the
/// version has a fixed length). schedule.xml is written after it, with the version. Both are
/// written as they are produced, a [`CHUNK`] at a time: neither is ever in memory whole.
pub fn write(conf: &Conference, shared: &Shared, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut schedule = unversioned(conf, shared);
    schedule.version = VERSION_PLACEHOLDER.into();
    // The version is the hash of what schedule.json holds: it is known once the file is
    // written, and replaces the placeholder then.
    let mut version = String::new();
    sink.put_streamed("schedule.json", &mut |file| {
        let (at, hash) = write_json(&schedule, &mut *file)?;
        version = ids::short_hash_of(hash);
        file.seek(SeekFrom::Start(at))?;
        file.write_all(version.as_bytes())?;
        file.seek(SeekFrom::End(0)).map(drop)
    })?;
    schedule.version = version;
    sink.put_streamed("schedule.xml", &mut |file| write_xml(conf, &schedule, file))
}

/// How much of a big file is built in memory before it is written out.
const CHUNK: usize = 128 * 1024;

/// Stands for the version while the files are written: as long as every version
/// ([`ids::short_hash`]: 8 hex digits).
const VERSION_PLACEHOLDER: &str = "00000000";

/// `HH:MM` of a length in minutes (hours may exceed 23).
fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Accepted by both schemas as a slug: `[a-z][a-z0-9-]*[a-z0-9]`.
fn schema_slug(s: &str) -> Option<&str> {
    let ok = s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(s)
}

/// The time zone name when the JSON schema's pattern accepts it (`Area/Location` or `UTC`).
fn zone_name(name: &str) -> Option<&str> {
    let word =
        |w: &str| w.len() >= 2 && w.starts_with(|c: char| c.is_ascii_uppercase()) && w[1..].starts_with(|c: char| c.is_ascii_lowercase());
    let ok = name.ends_with("UTC")
        || name.split_once('/').is_some_and(|(area, loc)| word(area) && area[1..].bytes().all(|b| b.is_ascii_lowercase()) && word(loc));
    ok.then_some(name)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The coarsest grid (in minutes, 1..=60) that every session start and length falls on.
fn timeslot(conf: &Conference) -> i64 {
    let g = conf.sessions.iter().fold(0, |g, s| {
        let start = i64::from(s.start.hour()) * 60 + i64::from(s.start.minute());
        gcd(gcd(g, start), s.minutes())
    });
    if g == 0 { 5 } else { g.clamp(1, 60) }
}

fn day_bounds(conf: &Conference, d: usize) -> (Zoned, Zoned) {
    let day = &conf.days[d];
    let tz = &conf.site.timezone;
    if day.sessions.is_empty() {
        // Content dates are within fields::YEARS, far from the ends of jiff's range; past them
        // (a model built some other way), the nearest instant there is rather than a panic.
        let edge = if day.date.year() > 0 { Timestamp::MAX } else { Timestamp::MIN };
        let midnight = |d: Result<Date, jiff::Error>| d.and_then(|d| d.to_zoned(tz.clone())).unwrap_or_else(|_| edge.to_zoned(tz.clone()));
        return (midnight(Ok(day.date)), midnight(day.date.tomorrow()));
    }
    let first = day.sessions.iter().map(|&s| &conf.sessions[s].start).min_by_key(|z| z.timestamp()).expect("non-empty");
    let last = day.sessions.iter().map(|&s| &conf.sessions[s].end).max_by_key(|z| z.timestamp()).expect("non-empty");
    (first.clone(), last.clone())
}

/// Builds the schedule from the model.
pub fn build<'a>(conf: &'a Conference, shared: &'a Shared) -> Schedule<'a> {
    let mut schedule = unversioned(conf, shared);
    schedule.version = ids::short_hash(&serde_json::to_vec(&schedule).expect("serializable"));
    schedule
}

/// The schedule with an empty `version`.
fn unversioned<'a>(conf: &'a Conference, shared: &'a Shared) -> Schedule<'a> {
    let ns = shared.ns;
    let acronym = ids::schedule_acronym(&conf.site.acronym);
    let session_slugs: Vec<&str> = conf.sessions.iter().map(|s| s.slug.as_str()).collect();
    let event_ids =
        ids::int_ids_keeping(&session_slugs, &conf.sessions.iter().map(|s| ids::source_id(&s.details.source)).collect::<Vec<_>>());
    let speaker_slugs: Vec<&str> = conf.speakers.iter().map(|s| s.slug.as_str()).collect();
    let person_ids = ids::int_ids_keeping(&speaker_slugs, &conf.speakers.iter().map(|s| ids::source_id(&s.source)).collect::<Vec<_>>());

    // The rooms, once each by name (the names key the day's room map): plenary first.
    let mut rooms: Vec<FRoomInfo> = Vec::new();
    if conf.sessions.iter().any(|s| s.is_plenary()) {
        rooms.push(FRoomInfo {
            name: PLENARY,
            slug: Some("plenary"),
            guid: ids::guid(&ns, "room", "plenary").to_string(),
            capacity: None,
            description: None,
            url: None,
        });
    }
    for r in &conf.rooms {
        if !rooms.iter().any(|x| x.name == r.name) {
            rooms.push(FRoomInfo {
                name: &r.name,
                slug: schema_slug(&r.id),
                guid: ids::source_guid(&r.source).unwrap_or_else(|| ids::guid(&ns, "room", &r.id).to_string()),
                capacity: r.capacity,
                description: r.description.as_deref(),
                url: Some(abs_url(conf, &format!("rooms/{}/", r.id))),
            });
        }
    }
    if conf.sessions.iter().any(|s| s.elsewhere) {
        rooms.push(FRoomInfo {
            name: ELSEWHERE,
            slug: Some("elsewhere"),
            guid: ids::guid(&ns, "room", "elsewhere").to_string(),
            capacity: None,
            description: None,
            url: None,
        });
    }
    let room_name = |s: &'a crate::model::Session| match s.room {
        Some(r) => conf.rooms[r].name.as_str(),
        None if s.elsewhere => ELSEWHERE,
        None => PLENARY,
    };

    let event = |i: usize| {
        let s = &conf.sessions[i];
        let info = &shared.sessions[i];
        let slug = s.slug.trim_end_matches(['-', '_']);
        let slug = if slug.len() >= 4 { format!("{acronym}-{slug}") } else { format!("{acronym}-{}-{slug}", event_ids[i]) };
        let persons = s
            .speakers
            .iter()
            .map(|&p| FPerson {
                id: person_ids[p],
                guid: &shared.speakers[p].guid,
                public_name: &conf.speakers[p].name,
                url: &shared.speakers[p].url,
            })
            .collect();
        let d = &s.details;
        let link = |kind, url: &str, title| FLink { kind, url: content_url(conf, url), title };
        let links = (d.slides.iter().map(|u| link("slides", u, "Slides")))
            .chain(d.videos.iter().map(|v| link("media", &v.url, v.title.as_deref().unwrap_or("Video"))))
            .chain(s.stream.iter().map(|u| link("media", u, "Live stream")))
            .chain(d.links.iter().map(|l| link("web", &l.url, &l.title)))
            .collect();
        let mut start = String::with_capacity(5);
        push_digits(&mut start, i32::from(s.start.hour()), 2);
        start.push(':');
        push_digits(&mut start, i32::from(s.start.minute()), 2);
        FEvent {
            guid: &info.guid,
            id: event_ids[i],
            date: rfc3339(&s.start),
            start,
            end: rfc3339(&s.end),
            duration: hhmm(s.minutes()),
            room: room_name(s),
            slug,
            url: &info.url,
            title: &s.title,
            subtitle: d.subtitle.as_deref().unwrap_or_default(),
            track: s.track.map(|t| conf.tracks[t].name.as_str()),
            kind: d.kind_label.as_deref().unwrap_or(s.kind.id()),
            language: &s.language,
            abstract_text: &info.abstract_text,
            persons,
            links,
            attachments: d.attachments.iter().map(|a| link("related", &a.url, &a.title)).collect(),
            do_not_record: (!d.recording.allowed).then_some(true),
            recording_license: d.recording.license.as_deref(),
            feedback_url: d.feedback_url.as_deref().map(|u| content_url(conf, u)),
            origin_url: d.source.url.as_deref(),
        }
    };
    // Every event, built in parallel; each then moves into its day (a session listed on two
    // days, which the model does not produce, would simply be built again).
    let mut built: Vec<Option<FEvent>> = (0..conf.sessions.len()).into_par_iter().map(|i| Some(event(i))).collect();

    let days: Vec<FDay> = conf
        .days
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let (start, end) = day_bounds(conf, d);
            let mut day_rooms: Vec<FRoom> =
                rooms.iter().map(|r| FRoom { name: r.name, guid: r.guid.clone(), events: Vec::new() }).collect();
            let mut sessions: Vec<usize> = day.sessions.to_vec();
            sessions.sort_by_key(|&i| conf.sessions[i].start.timestamp());
            for i in sessions {
                let e = built[i].take().unwrap_or_else(|| event(i));
                if let Some(room) = day_rooms.iter_mut().find(|r| r.name == e.room) {
                    room.events.push(e);
                }
            }
            day_rooms.retain(|r| !r.events.is_empty());
            FDay { index: d + 1, date: day.date.to_string(), day_start: rfc3339(&start), day_end: rfc3339(&end), rooms: day_rooms }
        })
        .collect();

    let minutes = timeslot(conf);
    Schedule {
        version: String::new(),
        base_url: &conf.site.base_url,
        conference: Conf {
            acronym,
            title: &conf.site.title,
            description: conf.site.description.as_deref(),
            start: conf.site.start_date.to_string(),
            end: conf.site.end_date.to_string(),
            days_count: days.len(),
            timeslot_duration: hhmm(minutes),
            time_zone_name: zone_name(&conf.site.timezone_name),
            url: &conf.site.base_url,
            logo: conf.site.logo.as_ref().map(|l| abs_url(conf, l)),
            colors: Colors { primary: hex6(&conf.site.primary_color) },
            tracks: conf.tracks.iter().map(|t| FTrack { name: &t.name, slug: schema_slug(&t.id), color: hex6(&t.color) }).collect(),
            rooms,
            days,
        },
    }
}

/// schedule.json, pretty-printed, ending in a newline.
pub fn to_json(schedule: &Schedule) -> String {
    let file = JsonFile { schema: SCHEMA, generator: GENERATOR, schedule };
    let mut out = serde_json::to_string_pretty(&file).expect("serializable");
    out.push('\n');
    out
}

const SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

/// Writes [`to_json`] of `schedule` (whose version is the placeholder) into `to`, a [`CHUNK`]
/// at a time; returns where in it the version is, and [`ids::fnv1a`] of the compact JSON of the
/// schedule with an empty version: what its version is the hash of. Both come from the
/// [`json::Hashing`] formatter, in the pass that writes the file.
fn write_json(schedule: &Schedule, to: &mut dyn Write) -> io::Result<(u64, u64)> {
    let marks = &Cell::new(Part::Unhashed);
    let file = JsonFile {
        schema: SCHEMA,
        generator: GENERATOR,
        schedule: Marked { value: VersionSlot { schedule, marks }, part: Part::Hashed, marks },
    };
    let mut hashing = json::Hashing::new(marks);
    let mut out = BufWriter::with_capacity(CHUNK, to);
    file.serialize(&mut serde_json::Serializer::with_formatter(&mut out, &mut hashing))?;
    out.write_all(b"\n")?;
    out.flush()?;
    let at = hashing.slot_at().expect("the schedule has a version");
    Ok((at, hashing.hash()))
}

/// The schedule as its derived `Serialize` writes it, the version marked as the slot that is
/// not hashed ([`Part::Slot`]).
struct VersionSlot<'a> {
    schedule: &'a Schedule<'a>,
    marks: &'a Cell<Part>,
}

impl Serialize for VersionSlot<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Schedule { version, base_url, conference } = self.schedule;
        let mut fields = s.serialize_struct("Schedule", 3)?;
        fields.serialize_field("version", &Marked { value: version, part: Part::Slot, marks: self.marks })?;
        fields.serialize_field("base_url", base_url)?;
        fields.serialize_field("conference", conference)?;
        fields.end()
    }
}

/// Writes schedule.xml into `to`, a [`CHUNK`] at a time.
fn write_xml(conf: &Conference, schedule: &Schedule, to: &mut dyn Write) -> io::Result<()> {
    let c = &schedule.conference;
    let mut w = xml::Writer::with_capacity(2 * CHUNK);
    w.open("schedule", &[]);
    w.leaf("generator", &[("name", GENERATOR.name), ("version", GENERATOR.version)], "");
    w.leaf("url", &[], &abs_url(conf, "schedule.xml"));
    w.leaf("version", &[], &schedule.version);
    w.open("conference", &[]);
    w.leaf("acronym", &[], &c.acronym);
    w.leaf("title", &[], c.title);
    w.leaf("start", &[], &c.start);
    w.leaf("end", &[], &c.end);
    w.leaf("days", &[], &c.days_count.to_string());
    w.leaf("timeslot_duration", &[], &c.timeslot_duration);
    w.leaf("base_url", &[], schedule.base_url);
    w.leaf("url", &[], c.url);
    if let Some(logo) = &c.logo {
        w.leaf("logo", &[], logo);
    }
    if let Some(tz) = &c.time_zone_name {
        w.leaf("time_zone_name", &[], tz);
    }
    w.leaf("color", &[("primary", &c.colors.primary)], "");
    for t in &c.tracks {
        let mut attrs = vec![("name", t.name), ("color", t.color.as_str())];
        if let Some(slug) = &t.slug {
            attrs.push(("slug", slug));
        }
        w.leaf("track", &attrs, "");
    }
    w.close();
    for day in &c.days {
        let index = day.index.to_string();
        w.open("day", &[("index", &index), ("date", &day.date), ("start", &day.day_start), ("end", &day.day_end)]);
        for room in &day.rooms {
            w.open("room", &[("name", room.name), ("guid", &room.guid)]);
            for e in &room.events {
                if w.len() > CHUNK {
                    to.write_all(w.take().as_bytes())?;
                }
                let id = e.id.to_string();
                w.open("event", &[("id", &id), ("guid", e.guid)]);
                w.leaf("date", &[], &e.date);
                w.leaf("start", &[], &e.start);
                w.leaf("duration", &[], &e.duration);
                w.leaf("room", &[], e.room);
                w.leaf("slug", &[], &e.slug);
                w.leaf("url", &[], e.url);
                w.leaf("title", &[], e.title);
                w.leaf("subtitle", &[], e.subtitle);
                w.leaf("track", &[], e.track.unwrap_or(""));
                w.leaf("type", &[], e.kind);
                w.leaf("language", &[], e.language);
                w.leaf("abstract", &[], e.abstract_text);
                w.open("persons", &[]);
                for p in &e.persons {
                    let id = p.id.to_string();
                    w.leaf("person", &[("id", &id), ("guid", p.guid)], p.public_name);
                }
                w.close();
                w.open("links", &[]);
                for l in &e.links {
                    w.leaf("link", &[("href", &l.url), ("type", l.kind)], l.title);
                }
                w.close();
                if !e.attachments.is_empty() {
                    w.open("attachments", &[]);
                    for a in &e.attachments {
                        w.leaf("attachment", &[("href", &a.url), ("type", a.kind)], a.title);
                    }
                    w.close();
                }
                if e.do_not_record.is_some() || e.recording_license.is_some() {
                    w.open("recording", &[]);
                    w.leaf("license", &[], e.recording_license.unwrap_or_default());
                    w.leaf("optout", &[], if e.do_not_record == Some(true) { "true" } else { "false" });
                    w.close();
                }
                if let Some(url) = &e.feedback_url {
                    w.leaf("feedback_url", &[], url);
                }
                if let Some(url) = e.origin_url {
                    w.leaf("origin_url", &[], url);
                }
                w.close();
            }
            w.close();
        }
        w.close();
    }
    w.close();
    to.write_all(w.finish().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_slugs() {
        assert_eq!(hhmm(45), "00:45");
        assert_eq!(hhmm(24 * 60 + 5), "24:05");
        assert_eq!(schema_slug("main-hall"), Some("main-hall"));
        assert_eq!(schema_slug("a"), None);
        assert_eq!(schema_slug("room_1"), None);
        assert_eq!(schema_slug("1st"), None);
    }

    #[test]
    fn zone_names_the_schema_accepts() {
        assert!(zone_name("Europe/Amsterdam").is_some());
        assert!(zone_name("America/New_York").is_some());
        assert!(zone_name("UTC").is_some());
        assert!(zone_name("Etc/GMT+1").is_none());
        assert!(zone_name("EST5EDT").is_none());
    }

    /// A schedule with awkward text in every kind of place: quotes, backslashes, controls,
    /// non-ASCII, empty values, keys named `version` deeper down; every optional member present
    /// (`full`) or absent, and empty arrays and maps.
    fn awkward_schedule(text: &str, full: bool) -> Schedule<'_> {
        let some = |v: &'static str| full.then_some(v);
        let event = |n: u32| FEvent {
            guid: text,
            id: n * 1_000_000_007 % 2_147_483_647,
            date: format!("2026-10-22T09:0{n}:00+02:00"),
            start: "09:00".into(),
            end: "x".into(),
            duration: "00:45".into(),
            room: text,
            slug: format!("conf-{n}"),
            url: text,
            title: text,
            subtitle: "",
            track: n.is_multiple_of(2).then_some(text),
            kind: "talk",
            language: "en",
            abstract_text: text,
            persons: (0..n).map(|p| FPerson { id: p, guid: text, public_name: text, url: "" }).collect(),
            links: (1..n).map(|_| FLink { kind: "slides", url: text.into(), title: "Slides" }).collect(),
            attachments: (2..n).map(|_| FLink { kind: "related", url: text.into(), title: text }).collect(),
            do_not_record: full.then_some(true),
            recording_license: some("CC BY 4.0"),
            feedback_url: some("https://e.org/f/").map(String::from),
            origin_url: some("https://e.org/o/"),
        };
        let room = |name| FRoomInfo {
            name,
            slug: some("room"),
            guid: "g".into(),
            capacity: full.then_some(120),
            description: some("a \"room\""),
            url: some("https://e.org/r/").map(String::from),
        };
        Schedule {
            version: String::new(),
            base_url: text,
            conference: Conf {
                acronym: "version".into(),
                title: text,
                description: full.then_some(text),
                start: "2026-10-22".into(),
                end: "2026-10-23".into(),
                days_count: 2,
                timeslot_duration: "00:05".into(),
                time_zone_name: some("Europe/Amsterdam"),
                url: text,
                logo: some("https://e.org/logo.svg").map(String::from),
                colors: Colors { primary: "#000000".into() },
                tracks: vec![FTrack { name: text, slug: some("track"), color: "#ffffff".into() }],
                rooms: if full { vec![room("version"), room(text)] } else { vec![] },
                days: vec![
                    FDay {
                        index: 1,
                        date: "2026-10-22".into(),
                        day_start: "a".into(),
                        day_end: "b".into(),
                        rooms: vec![
                            FRoom { name: "version", guid: "g".into(), events: vec![event(0), event(1), event(2), event(3)] },
                            FRoom { name: text, guid: "h".into(), events: vec![] },
                        ],
                    },
                    FDay { index: 2, date: "2026-10-23".into(), day_start: "a".into(), day_end: "b".into(), rooms: vec![] },
                ],
            },
        }
    }

    #[test]
    fn json_and_version_in_one_pass() {
        let controls: String = (0..0x20u8).map(char::from).collect();
        let long = "A long abstract, with \"quotes\" and a \\ backslash\n\nin paragraphs. ".repeat(30);
        // Longer than a CHUNK in every event: the file is written in many parts.
        let huge = "Zoë \"陳\" \\ ".repeat(CHUNK / 8);
        for text in ["", "plain", "\"quoted\" \\ back\u{1}\u{1f}\n\r\t\u{7f} / Zoë 陳 🦀", "version", &controls, &long, &huge]
            .into_iter()
            .flat_map(|t| [(t, true), (t, false)])
        {
            let (text, full) = text;
            let mut schedule = awkward_schedule(text, full);
            let want_version = ids::short_hash(&serde_json::to_vec(&schedule).unwrap());
            schedule.version = VERSION_PLACEHOLDER.into();
            let mut json = Vec::new();
            let (at, hash) = write_json(&schedule, &mut json).unwrap();
            assert_eq!(ids::short_hash_of(hash), want_version, "{text:?}");
            let at = at as usize;
            assert_eq!(&json[at..at + VERSION_PLACEHOLDER.len()], VERSION_PLACEHOLDER.as_bytes(), "where the version goes");
            json[at..at + VERSION_PLACEHOLDER.len()].copy_from_slice(want_version.as_bytes());
            schedule.version = want_version;
            assert_eq!(String::from_utf8(json).unwrap(), to_json(&schedule), "{text:?}");
        }
    }
}
