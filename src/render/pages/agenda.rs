//! The agenda (a grid per day) and "my schedule" (every session, filtered in the browser).

use serde::Serialize;
use serde_json::{Value, json};

use super::{Cards, Cx, Kind, View, day_lists, fingerprint_of, options, single, t};
use crate::model::{Conference, Level, Placement, SessionKind, Vocabulary};
use crate::render::agenda;
use crate::render::fingerprint::Prints;
use crate::render::splice::Splices;
use crate::render::views::Views;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agenda;

#[derive(Serialize)]
struct AgendaView {
    /// One grid per day, its slots put in as the page is written.
    days: Vec<tera::Value>,
    tracks: Vec<tera::Value>,
    schedule_files: Value,
    filters: Value,
}

impl Kind for Agenda {
    const NAME: &'static str = "agenda";
    const TEMPLATE: &'static str = "agenda.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Agenda, Placement::Footer];

    fn pages(_: &Conference) -> Vec<(String, Agenda)> {
        single("agenda/", true, Agenda)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, splices: &mut Splices<'f>) -> View {
        let c = v.conf;
        let view = AgendaView {
            days: (0..c.days.len()).map(|d| agenda::day_grid(v, d, f, splices)).collect(),
            tracks: v.refs.tracks.clone(),
            schedule_files: schedule_files(v),
            filters: agenda_filters(v),
        };
        View::new(t(v, "agenda"), Some(format!("{} — {}", t(v, "agenda"), c.site.title)), &view)
    }
}

/// The visitor's starred sessions (filled in by the theme's app.js from localStorage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MySchedule;

#[derive(Serialize)]
struct MyScheduleView {
    /// Every session's card, by day.
    days: tera::Value,
}

impl Kind for MySchedule {
    const NAME: &'static str = "my-schedule";
    const TEMPLATE: &'static str = "my-schedule.html";

    fn pages(_: &Conference) -> Vec<(String, MySchedule)> {
        single("my-schedule/", true, MySchedule)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, splices: &mut Splices<'f>) -> View {
        let all: Vec<usize> = v.conf.sessions_by_day().collect();
        View::new(t(v, "my_schedule"), None, &MyScheduleView { days: day_lists(v, f, &all, splices) })
    }

    fn inputs(&self, v: &Views, prints: &Prints) -> Option<u64> {
        let all: Vec<usize> = v.conf.sessions_by_day().collect();
        Some(fingerprint_of(&Cards::of(v, prints, &all)))
    }
}

/// The choices of the agenda's filters (`filters` on the agenda page): each a list of
/// `{id, label}` holding only values some session has. `tracks` and `rooms` in their file order.
fn agenda_filters(v: &Views) -> Value {
    let c = v.conf;
    let t = |k: &str| t(v, k);
    let has_track = |i: usize| c.sessions.iter().any(|s| s.track == Some(i));
    let has_room = |i: usize| c.sessions.iter().any(|s| s.room == Some(i));
    let mut levels: Vec<Level> = c.sessions.iter().filter_map(|s| s.level).collect();
    levels.sort();
    let mut kinds: Vec<SessionKind> = c.sessions.iter().map(|s| s.kind).collect();
    kinds.sort();
    let language =
        |code: &str| v.strings.get("language_names").and_then(|n| n.get(code)).and_then(Value::as_str).unwrap_or(code).to_string();
    json!({
        "tracks": options(c.tracks.iter().enumerate().filter(|(i, _)| has_track(*i)).map(|(_, tr)| (tr.id.as_str(), tr.name.clone())), false),
        "rooms": options(c.rooms.iter().enumerate().filter(|(i, _)| has_room(*i)).map(|(_, r)| (r.id.as_str(), r.name.clone())), false),
        "levels": options(levels.into_iter().map(|l| (l.id(), t(&l.label_key()))), false),
        "languages": options(c.sessions.iter().map(|s| (s.language.as_str(), language(&s.language))), true),
        "kinds": options(kinds.into_iter().map(|k| (k.id(), t(&k.label_key()))), false),
    })
}

/// Links to the machine-readable schedule files, for the agenda's "Schedule files" box.
pub fn schedule_files(v: &Views) -> Value {
    let ics = v.abs_url("schedule.ics");
    let webcal = ics.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    json!({
        "ics": v.url("schedule.ics"),
        "webcal": webcal,
        "xml": v.url("schedule.xml"),
        "json": v.url("schedule.json"),
        "giggity": format!("https://ggt.gaa.st/#url={}", v.abs_url("schedule.xml")),
    })
}
