//! frab / pentabarf / pretalx schedule XML (`schedule.xml`). Pentabarf files (FOSDEM's) give an
//! event's time as `<start>` alone, without `<date>` or a time zone: the date is the `<day>`'s,
//! or the next one for a start before `day_change`, in the conference's zone.

use jiff::civil::{Date, Time};
use roxmltree::{Document, Node};

use super::input::Input;
use super::programme::*;
use super::times;
use crate::diag::{Diagnostic, Pos};

/// Reads a schedule.xml into a [`Programme`].
pub fn read(input: &Input) -> Result<Programme, Diagnostic> {
    let text = std::str::from_utf8(&input.bytes).map_err(|_| {
        Diagnostic::error(&input.name, Pos::default(), "the export is not UTF-8 text").with_hint("export the schedule again as UTF-8")
    })?;
    let doc = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Diagnostic::error(&input.name, Pos::new(pos.row, pos.col), format!("this is not well-formed XML: {e}"))
            .with_hint("the file may be truncated: download the schedule export again")
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "schedule" {
        return Err(at(input, &doc, root, format!("the root element is <{}>, expected <schedule>", root.tag_name().name())));
    }
    let mut p = Programme::default();
    if let Some(conf) = child(root, "conference") {
        conference(&mut p, conf);
    }
    declared(&mut p, root);
    let declared_rooms = !p.rooms.is_empty();
    let day_change = p.day_change.unwrap_or(Time::midnight());
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        let date = day
            .attribute("date")
            .and_then(times::date)
            .ok_or_else(|| at(input, &doc, day, "a <day> without a valid `date=\"YYYY-MM-DD\"`"))?;
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            let name = room.attribute("name").unwrap_or_default();
            if declared_rooms && !p.rooms.iter().any(|r| r.key == clean_name(name)) {
                return Err(at(input, &doc, room, format!("room `{name}` is used but not declared in <rooms>"))
                    .with_hint("export again, or declare the room in the CFP tool"));
            }
            let key = p.room_named(name);
            if let Some(guid) = room.attribute("guid")
                && let Some(r) = p.rooms.iter_mut().find(|r| r.key == key && r.source.guid.is_none())
            {
                r.source.guid = Some(guid.to_string());
            }
            for event in room.children().filter(|n| n.has_tag_name("event")) {
                let session = self::event(input, &doc, &mut p, event, date, day_change, &key)?;
                p.sessions.push(session);
            }
        }
    }
    Ok(p)
}

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The trimmed text of a child element, `None` when absent or empty.
fn text(node: Node, name: &str) -> Option<String> {
    non_empty(child(node, name).and_then(|n| n.text()))
}

/// An abstract or description: its text, which pentabarf and frab write as escaped HTML
/// (`&lt;p&gt;`), or the markup inside it as written, for exports that put HTML elements in
/// the XML itself (`<abstract><p>…</p></abstract>`, pretalx's FOSDEM layout).
fn markup(source: &str, node: Node, name: &str) -> Option<Text> {
    let el = child(node, name)?;
    if !el.children().any(|c| c.is_element()) {
        return el.text().and_then(Text::detect);
    }
    let (first, last) = (el.first_child()?, el.last_child()?);
    Text::detect(&source[first.range().start..last.range().end]).map(|t| Text { html: true, ..t })
}

fn at(input: &Input, doc: &Document, node: Node, message: impl Into<String>) -> Diagnostic {
    let pos = doc.text_pos_at(node.range().start);
    Diagnostic::error(&input.name, Pos::new(pos.row, pos.col), message).with_hint("fix it in the CFP tool and export again")
}

fn conference(p: &mut Programme, conf: Node) {
    p.title = text(conf, "title");
    p.timezone = text(conf, "time_zone_name");
    p.start_date = text(conf, "start").as_deref().and_then(times::date);
    p.end_date = text(conf, "end").as_deref().and_then(times::date);
    p.day_change = text(conf, "day_change").as_deref().and_then(times::clock);
}

/// `<rooms>` and `<tracks>` declared at the top (frab and pretalx write them; pentabarf does not).
fn declared(p: &mut Programme, root: Node) {
    for room in child(root, "rooms").into_iter().flat_map(|r| r.children().filter(|n| n.has_tag_name("room"))) {
        let name = clean_name(room.attribute("name").or(room.text()).unwrap_or_default());
        let source = SourceRef { guid: room.attribute("guid").map(str::to_string), ..SourceRef::default() };
        p.rooms.push(Room { key: name.clone(), name, source, ..Room::default() });
    }
    for track in child(root, "tracks").into_iter().flat_map(|t| t.children().filter(|n| n.has_tag_name("track"))) {
        let name = clean_name(track.text().unwrap_or_default());
        p.tracks.push(Track { key: name.clone(), name, color: track.attribute("color").map(str::to_string), ..Track::default() });
    }
}

fn event(
    input: &Input,
    doc: &Document,
    p: &mut Programme,
    e: Node,
    day: Date,
    day_change: Time,
    room: &str,
) -> Result<Session, Diagnostic> {
    let title = text(e, "title").ok_or_else(|| at(input, doc, e, "an <event> without a <title>"))?;
    let start = match (text(e, "date"), text(e, "start")) {
        (Some(date), _) => Some(
            times::when(&date)
                .ok_or_else(|| at(input, doc, e, format!("<date>{date}</date> is not a time such as 2026-10-23T14:15:00+02:00")))?,
        ),
        (None, Some(clock)) => {
            let t = times::clock(&clock)
                .ok_or_else(|| at(input, doc, e, format!("<start>{clock}</start> is not a time of day such as 14:15")))?;
            // Before the day boundary: the small hours after the day's evening.
            let date = if t < day_change { day.tomorrow().unwrap_or(day) } else { day };
            Some(When::Wall(date.to_datetime(t)))
        }
        (None, None) => None,
    };
    let minutes = match text(e, "duration") {
        Some(d) => {
            Some(times::minutes(&d).ok_or_else(|| at(input, doc, e, format!("<duration>{d}</duration> is not a duration such as 00:45")))?)
        }
        None => None,
    };
    let track = text(e, "track").map(|t| p.track_named(&t));
    let speakers = persons(p, e);
    let recording = child(e, "recording");
    let optout = recording.and_then(|r| text(r, "optout")).is_some_and(|o| o == "true");
    let license = recording.and_then(|r| text(r, "license"));
    for name in ["logo", "answers"] {
        p.drop_if(text(e, name).is_some(), &format!("event <{name}>"));
    }
    let id = e.attribute("id").map(str::to_string);
    let guid = e.attribute("guid").map(str::to_string);
    let key = e.attribute("code").map(str::to_string).or(id.clone()).or(guid.clone()).unwrap_or_else(|| title.clone());
    let videos = text(e, "video_download_url").map(|url| vec![Link { title: String::new(), url }]).unwrap_or_default();
    Ok(Session {
        key,
        title,
        subtitle: text(e, "subtitle"),
        kind_label: text(e, "type"),
        start,
        minutes,
        day: Some(day),
        room: Some(room.to_string()),
        track,
        speakers,
        language: text(e, "language"),
        body: Text::joined(markup(doc.input_text(), e, "abstract"), markup(doc.input_text(), e, "description")),
        links: links(e, "links", "link"),
        attachments: links(e, "attachments", "attachment"),
        videos,
        do_not_record: optout,
        recording_license: license,
        feedback_url: text(e, "feedback_url"),
        source: SourceRef { id, guid, url: text(e, "url") },
        ..Session::default()
    })
}

fn persons(p: &mut Programme, e: Node) -> Vec<String> {
    let mut keys = Vec::new();
    for person in child(e, "persons").into_iter().flat_map(|ps| ps.children().filter(|n| n.has_tag_name("person"))) {
        let name = clean_name(person.text().unwrap_or_default());
        let id = person.attribute("id").map(str::to_string);
        let guid = person.attribute("guid").map(str::to_string);
        let key = guid.clone().or(person.attribute("code").map(str::to_string)).or(id.clone()).unwrap_or_else(|| name.clone());
        if !p.speakers.iter().any(|s| s.key == key) {
            p.speakers.push(Speaker { key: key.clone(), name, source: SourceRef { id, guid, url: None }, ..Speaker::default() });
        }
        keys.push(key);
    }
    keys
}

fn links(e: Node, list: &str, item: &str) -> Vec<Link> {
    child(e, list)
        .into_iter()
        .flat_map(|l| l.children().filter(|n| n.has_tag_name(item)))
        .filter_map(|l| Some(Link { url: l.attribute("href")?.trim().to_string(), title: clean_name(l.text().unwrap_or_default()) }))
        .collect()
}
