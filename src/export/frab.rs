//! The frab/c3voc schedule: `schedule.xml` and `schedule.json`, the files Giggity, ConfClerk,
//! EventFahrplan and the c3voc tools read.
//!
//! Both files are written from one [`Schedule`] value, so they agree event for event. They
//! validate against the c3voc schemas (`schedule.xml.xsd` and the draft-06 `schema.json`):
//! - every conference day is a `day`, 1-based `index`; it runs from its earliest session start
//!   to its latest session end (a day without sessions: local midnight to midnight), each
//!   boundary with the offset in force at that moment;
//! - within a day, events are grouped by room in rooms.yaml order; plenary sessions (no room) are
//!   listed once, in a room named [`PLENARY`] placed before the real rooms;
//! - ids and GUIDs come from [`super::ids`]; `version` is a hash of everything else, so it
//!   changes exactly when the schedule does.

use jiff::Zoned;
use serde::Serialize as DeriveSerialize;
use serde::ser::{SerializeMap, Serializer};

use super::{abs_url, hex6, ids, rfc3339, session_url, text, xml};
use crate::model::Conference;
use crate::render::OutFile;

/// The room name plenary sessions are listed under.
pub const PLENARY: &str = "Plenary";

/// The schedule, as both files carry it.
#[derive(Debug, Clone, DeriveSerialize)]
pub struct Schedule {
    pub version: String,
    pub base_url: String,
    pub conference: Conf,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct Conf {
    pub acronym: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub start: String,
    pub end: String,
    #[serde(rename = "daysCount")]
    pub days_count: usize,
    pub timeslot_duration: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone_name: Option<String>,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    pub colors: Colors,
    pub tracks: Vec<FTrack>,
    pub rooms: Vec<FRoomInfo>,
    pub days: Vec<FDay>,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct Colors {
    pub primary: String,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct FTrack {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub color: String,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct FRoomInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub guid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct FDay {
    pub index: usize,
    pub date: String,
    pub day_start: String,
    pub day_end: String,
    /// Serialized as an object keyed by room name, in room order.
    #[serde(serialize_with = "rooms_as_map")]
    pub rooms: Vec<FRoom>,
}

#[derive(Debug, Clone)]
pub struct FRoom {
    pub name: String,
    pub guid: String,
    pub events: Vec<FEvent>,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct FEvent {
    pub guid: String,
    pub id: u32,
    pub date: String,
    pub start: String,
    pub end: String,
    pub duration: String,
    pub room: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub subtitle: String,
    pub track: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub language: String,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    pub persons: Vec<FPerson>,
    pub links: Vec<FLink>,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct FPerson {
    pub id: u32,
    pub guid: String,
    pub public_name: String,
    pub url: String,
}

#[derive(Debug, Clone, DeriveSerialize)]
pub struct FLink {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub url: String,
    pub title: String,
}

fn rooms_as_map<S: Serializer>(rooms: &[FRoom], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(rooms.len()))?;
    for room in rooms {
        map.serialize_entry(&room.name, &room.events)?;
    }
    map.end()
}

/// The top level of schedule.json.
#[derive(DeriveSerialize)]
struct JsonFile<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    generator: Generator,
    schedule: &'a Schedule,
}

#[derive(DeriveSerialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

const GENERATOR: Generator = Generator { name: "confpress", version: env!("CARGO_PKG_VERSION") };

/// `schedule.xml` and `schedule.json`.
pub fn files(conf: &Conference) -> Vec<OutFile> {
    let schedule = build(conf);
    vec![
        OutFile { path: "schedule.json".into(), bytes: to_json(&schedule).into_bytes() },
        OutFile { path: "schedule.xml".into(), bytes: to_xml(conf, &schedule).into_bytes() },
    ]
}

/// `HH:MM` of a length in minutes (hours may exceed 23).
fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Accepted by both schemas as a slug: `[a-z][a-z0-9-]*[a-z0-9]`.
fn schema_slug(s: &str) -> Option<String> {
    let ok = s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then(|| s.to_string())
}

/// The time zone name when the JSON schema's pattern accepts it (`Area/Location` or `UTC`).
fn zone_name(name: &str) -> Option<String> {
    let word =
        |w: &str| w.len() >= 2 && w.starts_with(|c: char| c.is_ascii_uppercase()) && w[1..].starts_with(|c: char| c.is_ascii_lowercase());
    let ok = name.ends_with("UTC")
        || name.split_once('/').is_some_and(|(area, loc)| word(area) && area[1..].bytes().all(|b| b.is_ascii_lowercase()) && word(loc));
    ok.then(|| name.to_string())
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
        let start = day.date.to_zoned(tz.clone()).expect("day within jiff's range");
        let end = day.date.tomorrow().and_then(|t| t.to_zoned(tz.clone())).expect("day within jiff's range");
        return (start, end);
    }
    let first = day.sessions.iter().map(|&s| &conf.sessions[s].start).min_by_key(|z| z.timestamp()).expect("non-empty");
    let last = day.sessions.iter().map(|&s| &conf.sessions[s].end).max_by_key(|z| z.timestamp()).expect("non-empty");
    (first.clone(), last.clone())
}

/// Builds the schedule from the model.
pub fn build(conf: &Conference) -> Schedule {
    let ns = ids::namespace(conf);
    let acronym = ids::schedule_acronym(&conf.site.acronym);
    let session_slugs: Vec<&str> = conf.sessions.iter().map(|s| s.slug.as_str()).collect();
    let event_ids = ids::int_ids(&session_slugs);
    let speaker_slugs: Vec<&str> = conf.speakers.iter().map(|s| s.slug.as_str()).collect();
    let person_ids = ids::int_ids(&speaker_slugs);

    // The rooms, once each by name (the names key the day's room map): plenary first.
    let mut rooms: Vec<FRoomInfo> = Vec::new();
    if conf.sessions.iter().any(|s| s.is_plenary()) {
        rooms.push(FRoomInfo {
            name: PLENARY.into(),
            slug: Some("plenary".into()),
            guid: ids::guid(&ns, "room", "plenary").to_string(),
            capacity: None,
            description: None,
            url: None,
        });
    }
    for r in &conf.rooms {
        if !rooms.iter().any(|x| x.name == r.name) {
            rooms.push(FRoomInfo {
                name: r.name.clone(),
                slug: schema_slug(&r.id),
                guid: ids::guid(&ns, "room", &r.id).to_string(),
                capacity: r.capacity,
                description: r.description.clone(),
                url: Some(abs_url(conf, &format!("rooms/{}/", r.id))),
            });
        }
    }
    let room_name = |s: &crate::model::Session| s.room.map_or(PLENARY, |r| conf.rooms[r].name.as_str()).to_string();

    let event = |i: usize| {
        let s = &conf.sessions[i];
        let slug = s.slug.trim_end_matches(['-', '_']);
        let slug = if slug.len() >= 4 { format!("{acronym}-{slug}") } else { format!("{acronym}-{}-{slug}", event_ids[i]) };
        let persons = s
            .speakers
            .iter()
            .map(|&p| FPerson {
                id: person_ids[p],
                guid: ids::guid(&ns, "speaker", &conf.speakers[p].slug).to_string(),
                public_name: conf.speakers[p].name.clone(),
                url: abs_url(conf, &format!("speakers/{}/", conf.speakers[p].slug)),
            })
            .collect();
        let mut links = Vec::new();
        if let Some(u) = &s.slides {
            links.push(FLink { kind: "slides", url: super::content_url(conf, u), title: "Slides".into() });
        }
        if let Some(u) = &s.video {
            links.push(FLink { kind: "media", url: super::content_url(conf, u), title: "Video".into() });
        }
        if let Some(u) = &s.stream {
            links.push(FLink { kind: "media", url: super::content_url(conf, u), title: "Live stream".into() });
        }
        FEvent {
            guid: ids::guid(&ns, "session", &s.slug).to_string(),
            id: event_ids[i],
            date: rfc3339(&s.start),
            start: s.start.strftime("%H:%M").to_string(),
            end: rfc3339(&s.end),
            duration: hhmm(s.minutes()),
            room: room_name(s),
            slug,
            url: session_url(conf, i),
            title: s.title.clone(),
            subtitle: String::new(),
            track: s.track.map(|t| conf.tracks[t].name.clone()),
            kind: s.kind.to_string(),
            language: s.language.clone(),
            abstract_text: text::plain(&s.abstract_md, &conf.site.base_url),
            persons,
            links,
        }
    };

    let days: Vec<FDay> = conf
        .days
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let (start, end) = day_bounds(conf, d);
            let mut day_rooms: Vec<FRoom> =
                rooms.iter().map(|r| FRoom { name: r.name.clone(), guid: r.guid.clone(), events: Vec::new() }).collect();
            let mut sessions = day.sessions.clone();
            sessions.sort_by_key(|&i| conf.sessions[i].start.timestamp());
            for i in sessions {
                let e = event(i);
                if let Some(room) = day_rooms.iter_mut().find(|r| r.name == e.room) {
                    room.events.push(e);
                }
            }
            day_rooms.retain(|r| !r.events.is_empty());
            FDay { index: d + 1, date: day.date.to_string(), day_start: rfc3339(&start), day_end: rfc3339(&end), rooms: day_rooms }
        })
        .collect();

    let minutes = timeslot(conf);
    let mut schedule = Schedule {
        version: String::new(),
        base_url: conf.site.base_url.clone(),
        conference: Conf {
            acronym,
            title: conf.site.title.clone(),
            description: conf.site.description.clone(),
            start: conf.site.start_date.to_string(),
            end: conf.site.end_date.to_string(),
            days_count: days.len(),
            timeslot_duration: hhmm(minutes),
            time_zone_name: zone_name(&conf.site.timezone_name),
            url: conf.site.base_url.clone(),
            logo: conf.site.logo.as_ref().map(|l| abs_url(conf, l)),
            colors: Colors { primary: hex6(&conf.site.primary_color) },
            tracks: conf.tracks.iter().map(|t| FTrack { name: t.name.clone(), slug: schema_slug(&t.id), color: hex6(&t.color) }).collect(),
            rooms,
            days,
        },
    };
    let content = serde_json::to_vec(&schedule).expect("serializable");
    schedule.version = ids::short_hash(&content);
    schedule
}

/// schedule.json, pretty-printed, ending in a newline.
pub fn to_json(schedule: &Schedule) -> String {
    let file = JsonFile { schema: "https://c3voc.de/schedule/schema.json", generator: GENERATOR, schedule };
    let mut out = serde_json::to_string_pretty(&file).expect("serializable");
    out.push('\n');
    out
}

/// schedule.xml.
pub fn to_xml(conf: &Conference, schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let mut w = xml::Writer::new();
    w.open("schedule", &[]);
    w.leaf("generator", &[("name", GENERATOR.name), ("version", GENERATOR.version)], "");
    w.leaf("url", &[], &abs_url(conf, "schedule.xml"));
    w.leaf("version", &[], &schedule.version);
    w.open("conference", &[]);
    w.leaf("acronym", &[], &c.acronym);
    w.leaf("title", &[], &c.title);
    w.leaf("start", &[], &c.start);
    w.leaf("end", &[], &c.end);
    w.leaf("days", &[], &c.days_count.to_string());
    w.leaf("timeslot_duration", &[], &c.timeslot_duration);
    w.leaf("base_url", &[], &schedule.base_url);
    w.leaf("url", &[], &c.url);
    if let Some(logo) = &c.logo {
        w.leaf("logo", &[], logo);
    }
    if let Some(tz) = &c.time_zone_name {
        w.leaf("time_zone_name", &[], tz);
    }
    w.leaf("color", &[("primary", &c.colors.primary)], "");
    for t in &c.tracks {
        let mut attrs = vec![("name", t.name.as_str()), ("color", t.color.as_str())];
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
            w.open("room", &[("name", &room.name), ("guid", &room.guid)]);
            for e in &room.events {
                let id = e.id.to_string();
                w.open("event", &[("id", &id), ("guid", &e.guid)]);
                w.leaf("date", &[], &e.date);
                w.leaf("start", &[], &e.start);
                w.leaf("duration", &[], &e.duration);
                w.leaf("room", &[], &e.room);
                w.leaf("slug", &[], &e.slug);
                w.leaf("url", &[], &e.url);
                w.leaf("title", &[], &e.title);
                w.leaf("subtitle", &[], &e.subtitle);
                w.leaf("track", &[], e.track.as_deref().unwrap_or(""));
                w.leaf("type", &[], &e.kind);
                w.leaf("language", &[], &e.language);
                w.leaf("abstract", &[], &e.abstract_text);
                w.open("persons", &[]);
                for p in &e.persons {
                    let id = p.id.to_string();
                    w.leaf("person", &[("id", &id), ("guid", &p.guid)], &p.public_name);
                }
                w.close();
                w.open("links", &[]);
                for l in &e.links {
                    w.leaf("link", &[("href", &l.url), ("type", l.kind)], &l.title);
                }
                w.close();
                w.close();
            }
            w.close();
        }
        w.close();
    }
    w.close();
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_slugs() {
        assert_eq!(hhmm(45), "00:45");
        assert_eq!(hhmm(24 * 60 + 5), "24:05");
        assert_eq!(schema_slug("main-hall").as_deref(), Some("main-hall"));
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
}
