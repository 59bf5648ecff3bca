//! frab / c3voc schedule JSON (`schedule.json`), in the classic layout frab writes and in
//! "schedule 2.0" as pretalx writes it (declared `rooms` and `tracks`, richer `persons`).

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::input::Input;
use super::json::{self, invalid, is_empty, opt_id_string, undeclared_room};
use super::programme::*;
use super::times;
use crate::diag::Diagnostic;

type Extra = serde_json::Map<String, serde_json::Value>;

#[derive(Deserialize)]
struct File {
    schedule: Schedule,
}

#[derive(Deserialize)]
struct Schedule {
    conference: Conference,
}

#[derive(Deserialize)]
struct Conference {
    title: Option<String>,
    start: Option<String>,
    end: Option<String>,
    time_zone_name: Option<String>,
    day_change: Option<String>,
    #[serde(default)]
    rooms: Vec<DeclaredRoom>,
    #[serde(default)]
    tracks: Vec<DeclaredTrack>,
    #[serde(default)]
    days: Vec<Day>,
}

#[derive(Deserialize)]
struct DeclaredRoom {
    name: String,
    guid: Option<String>,
    capacity: Option<u32>,
    description: Option<String>,
}

#[derive(Deserialize)]
struct DeclaredTrack {
    name: String,
    color: Option<String>,
}

#[derive(Deserialize)]
struct Day {
    date: String,
    day_start: Option<String>,
    rooms: Rooms,
}

/// A day's `rooms` object in the file's order (the order of the agenda's columns).
struct Rooms(Vec<(String, Vec<Event>)>);

impl<'de> Deserialize<'de> for Rooms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rooms, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rooms;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of room names to lists of events")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rooms, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Vec<Event>>()? {
                    out.push(entry);
                }
                Ok(Rooms(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Deserialize)]
struct Event {
    #[serde(default, deserialize_with = "opt_id_string")]
    id: Option<String>,
    guid: Option<String>,
    code: Option<String>,
    date: Option<String>,
    start: Option<String>,
    duration: Option<String>,
    room: Option<String>,
    url: Option<String>,
    title: String,
    subtitle: Option<String>,
    track: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    language: Option<String>,
    #[serde(rename = "abstract")]
    abstract_text: Option<String>,
    description: Option<String>,
    recording_license: Option<String>,
    do_not_record: Option<bool>,
    #[serde(default)]
    persons: Vec<Person>,
    #[serde(default)]
    links: Vec<JLink>,
    #[serde(default)]
    attachments: Vec<JLink>,
    feedback_url: Option<String>,
    origin_url: Option<String>,
    video_download_url: Option<String>,
    // Read so they are not counted as unknown; the model has no place for them.
    slug: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Deserialize)]
struct Person {
    #[serde(default, deserialize_with = "opt_id_string")]
    id: Option<String>,
    guid: Option<String>,
    code: Option<String>,
    public_name: Option<String>,
    name: Option<String>,
    biography: Option<String>,
    avatar: Option<String>,
    url: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Deserialize)]
struct JLink {
    url: String,
    title: Option<String>,
}

/// Reads a schedule.json into a [`Programme`].
pub fn read(input: &Input) -> Result<Programme, Diagnostic> {
    let file: File = json::parse(input, "frab schedule JSON")?;
    let conf = file.schedule.conference;
    let mut p = Programme {
        title: non_empty(conf.title.as_deref()),
        timezone: non_empty(conf.time_zone_name.as_deref()),
        start_date: conf.start.as_deref().and_then(times::date),
        end_date: conf.end.as_deref().and_then(times::date),
        day_change: conf.day_change.as_deref().and_then(times::clock),
        ..Programme::default()
    };
    for r in conf.rooms {
        let source = SourceRef { guid: r.guid, ..SourceRef::default() };
        let name = clean_name(&r.name);
        p.rooms.push(Room { key: name.clone(), name, capacity: r.capacity, description: non_empty(r.description.as_deref()), source });
    }
    let declared_rooms = !p.rooms.is_empty();
    for t in conf.tracks {
        let name = clean_name(&t.name);
        p.tracks.push(Track { key: name.clone(), name, color: t.color, source: SourceRef::default() });
    }
    for (d, day) in conf.days.into_iter().enumerate() {
        // A day that starts at 04:00 says where the day boundary is (checked against the events
        // before it is written as `day_change`).
        if p.day_change.is_none() {
            p.day_change = day.day_start.as_deref().and_then(|s| s.get(11..16)).and_then(times::clock);
        }
        let date = times::date(&day.date)
            .ok_or_else(|| invalid(input, &format!("schedule.conference.days[{d}].date"), &day.date, "a date such as `2026-10-23`"))?;
        for (room, events) in day.rooms.0 {
            for (e, event) in events.into_iter().enumerate() {
                let path = format!("schedule.conference.days[{d}].rooms.{room}[{e}]");
                let room = event.room.clone().unwrap_or_else(|| room.clone());
                if declared_rooms && !p.rooms.iter().any(|r| r.key == clean_name(&room)) {
                    return Err(undeclared_room(input, &path, &room));
                }
                let room = p.room_named(&room);
                let session = session(input, &mut p, &path, date, room, event)?;
                p.sessions.push(session);
            }
        }
    }
    Ok(p)
}

fn session(input: &Input, p: &mut Programme, path: &str, day: jiff::civil::Date, room: String, e: Event) -> Result<Session, Diagnostic> {
    let start = match (&e.date, &e.start) {
        (Some(at), _) if !at.is_empty() => {
            Some(times::when(at).ok_or_else(|| invalid(input, &format!("{path}.date"), at, "a time such as `2026-10-23T14:15:00+02:00`"))?)
        }
        (_, Some(clock)) => {
            let t = times::clock(clock).ok_or_else(|| invalid(input, &format!("{path}.start"), clock, "a time of day such as `14:15`"))?;
            Some(When::Wall(day.to_datetime(t)))
        }
        _ => None,
    };
    let minutes = match &e.duration {
        Some(d) => Some(times::minutes(d).ok_or_else(|| invalid(input, &format!("{path}.duration"), d, "a duration such as `00:45`"))?),
        None => None,
    };
    let track = non_empty(e.track.as_deref()).map(|t| p.track_named(&t));
    let mut speakers = Vec::new();
    for person in e.persons {
        speakers.push(speaker(p, person));
    }
    for (key, value) in &e.extra {
        p.drop_if(!is_empty(value), &format!("event `{key}`"));
    }
    p.drop_if(e.slug.is_some() && e.code.is_none() && e.id.is_none(), "event `slug` (used as the id)");
    let key = e.code.clone().or(e.id.clone()).or(e.guid.clone()).unwrap_or_else(|| e.title.clone());
    let mut videos = Vec::new();
    if let Some(url) = e.video_download_url.filter(|u| !u.is_empty()) {
        videos.push(Link { title: String::new(), url });
    }
    Ok(Session {
        key,
        title: e.title.trim().to_string(),
        subtitle: non_empty(e.subtitle.as_deref()),
        kind_label: non_empty(e.kind.as_deref()),
        start,
        minutes,
        day: Some(day),
        room: Some(room),
        track,
        speakers,
        language: non_empty(e.language.as_deref()),
        body: Text::joined(e.abstract_text.as_deref().and_then(Text::detect), e.description.as_deref().and_then(Text::detect)),
        links: links(e.links),
        attachments: links(e.attachments),
        videos,
        do_not_record: e.do_not_record.unwrap_or(false),
        recording_license: non_empty(e.recording_license.as_deref()),
        feedback_url: non_empty(e.feedback_url.as_deref()),
        source: SourceRef { id: e.id, guid: e.guid, url: non_empty(e.origin_url.as_deref()).or(non_empty(e.url.as_deref())) },
        ..Session::default()
    })
}

/// The person's key, adding the person to the programme on first sight.
fn speaker(p: &mut Programme, person: Person) -> String {
    let name = clean_name(person.public_name.as_deref().or(person.name.as_deref()).unwrap_or(""));
    let key = person.guid.clone().or(person.code.clone()).or(person.id.clone()).unwrap_or_else(|| name.clone());
    if p.speakers.iter().any(|s| s.key == key) {
        return key;
    }
    for (k, value) in &person.extra {
        p.drop_if(!is_empty(value), &format!("person `{k}`"));
    }
    let id = person.id.or(person.code);
    p.speakers.push(Speaker {
        key: key.clone(),
        name,
        bio: person.biography.as_deref().and_then(Text::detect),
        photo: non_empty(person.avatar.as_deref()),
        source: SourceRef { id, guid: person.guid, url: non_empty(person.url.as_deref()) },
        ..Speaker::default()
    });
    key
}

fn links(list: Vec<JLink>) -> Vec<Link> {
    list.into_iter()
        .map(|l| Link { title: l.title.map(|t| t.trim().to_string()).unwrap_or_default(), url: l.url.trim().to_string() })
        .collect()
}
