//! iCalendar (RFC 5545) files: `schedule.ics` with every session, `sessions/<slug>.ics` for
//! one session and `speakers/<slug>.ics` with a speaker's sessions.
//!
//! Written with the `icalendar` crate, which escapes TEXT values, ends lines with CRLF and folds
//! them at 75 octets on UTF-8 boundaries. Times are UTC (`DTSTART:20261022T070000Z`), so no
//! VTIMEZONE is needed and every client shows the right moment. Everything is deterministic:
//! - `UID` is the session's frab GUID (UUIDv5 of the acronym and slug, see [`super::ids`]), so a
//!   session keeps its UID across builds and in every file it appears in;
//! - `DTSTAMP` is the first conference day at 00:00 UTC: a value taken from the content, not the
//!   clock, so rebuilding the same content gives the same bytes;
//! - properties are written in a fixed order.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Parameter, Property};
use jiff::Timestamp;
use rayon::prelude::*;

use super::Shared;
use crate::diag::Diagnostic;
use crate::model::Conference;
use crate::model::links::abs_url;
use crate::sink::{OutFile, Sink};

/// Every calendar file of the site, each handed to `sink` as soon as it is written. Speakers
/// without sessions get none (a calendar must hold at least one event).
///
/// Each session's VEVENT is written once (it appears in schedule.ics, in its own file and in each
/// of its speakers' files) and the calendars are put together from those texts.
pub fn write(conf: &Conference, shared: &Shared, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let dtstamp = stamp(conf);
    let events: Vec<String> = (0..conf.sessions.len()).into_par_iter().map(|i| event_text(conf, shared, i, &dtstamp)).collect();
    sink.put_streamed("schedule.ics", &mut |file| {
        file.write_all(header(conf, &conf.site.title, true).as_bytes())?;
        events.iter().try_for_each(|e| file.write_all(e.as_bytes()))?;
        file.write_all(END.as_bytes())
    })?;
    let frame = Frame::new(conf);
    conf.sessions.par_iter().enumerate().try_for_each(|(i, s)| {
        let name = format!("{} — {}", s.title, conf.site.title);
        sink.put(OutFile { path: format!("sessions/{}.ics", s.slug), bytes: frame.calendar(&events, &name, &[i]).into_bytes() })
    })?;
    conf.speakers.par_iter().filter(|sp| !sp.sessions.is_empty()).try_for_each(|sp| {
        let name = format!("{} — {}", sp.name, conf.site.title);
        sink.put(OutFile { path: format!("speakers/{}.ics", sp.slug), bytes: frame.calendar(&events, &name, &sp.sessions).into_bytes() })
    })
}

/// `20261022T070000Z`.
fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The DTSTAMP of every event: the first conference day at 00:00 UTC.
fn stamp(conf: &Conference) -> String {
    let midnight = conf.site.start_date.to_datetime(jiff::civil::Time::midnight());
    let t = midnight.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH);
    utc(t)
}

/// Values from the content may carry `\r`; TEXT values have only escaped newlines.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

const END: &str = "END:VCALENDAR\r\n";

/// What the 15,000 small calendars of a big site (one per session and speaker) have in common:
/// their [`header`] but for its `X-WR-CALNAME` line, written once.
struct Frame {
    /// The header's lines before the name.
    before: String,
    /// The header's lines after the name.
    after: String,
}

impl Frame {
    fn new(conf: &Conference) -> Frame {
        const NAME: &str = "X-WR-CALNAME:";
        let header = header(conf, "name", false);
        let at = header.find(&format!("\r\n{NAME}")).expect("the header names the calendar") + 2;
        let end = at + header[at..].find("\r\n").expect("lines end in CRLF") + 2;
        Frame { before: header[..at].to_string(), after: header[end..].to_string() }
    }

    /// One calendar named `name` holding `sessions` (indexes into `conf.sessions`, whose VEVENTs
    /// are `events`): what [`header`] and the events give, with only the name line written
    /// through the `icalendar` crate.
    fn calendar(&self, events: &[String], name: &str, sessions: &[usize]) -> String {
        let mut cal = Calendar::empty();
        cal.append_property(Property::new("X-WR-CALNAME", clean(name)));
        let only_name = refold(&cal.to_string());
        let name_line = only_name.strip_prefix("BEGIN:VCALENDAR\r\n").and_then(|l| l.strip_suffix(END)).unwrap_or_default();
        let events_len: usize = sessions.iter().map(|&i| events[i].len()).sum();
        let mut out = String::with_capacity(self.before.len() + name_line.len() + self.after.len() + events_len + END.len());
        out.push_str(&self.before);
        out.push_str(name_line);
        out.push_str(&self.after);
        for &i in sessions {
            out.push_str(&events[i]);
        }
        out.push_str(END);
        out
    }
}

/// What a calendar file has before its events. `subscribe` adds the refresh hints that
/// calendar apps read when they subscribe to the file.
fn header(conf: &Conference, name: &str, subscribe: bool) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", format!("-//confpress//confpress {}//EN", env!("CARGO_PKG_VERSION"))));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("X-WR-CALNAME", clean(name)));
    cal.append_property(Property::new("X-WR-TIMEZONE", conf.site.timezone_name.clone()));
    if subscribe {
        if let Some(d) = &conf.site.description {
            cal.append_property(Property::new("X-WR-CALDESC", clean(d)));
        }
        cal.append_property(Property::new("SOURCE", abs_url(conf, "schedule.ics")).append_parameter(Parameter::new("VALUE", "URI")).done());
        cal.append_property(Property::new("REFRESH-INTERVAL", "PT1H").append_parameter(Parameter::new("VALUE", "DURATION")).done());
        cal.append_property(Property::new("X-PUBLISHED-TTL", "PT1H"));
    }
    // The crate writes the empty calendar; the events go in before its last line.
    let mut out = refold(&cal.to_string());
    debug_assert!(out.ends_with(END));
    out.truncate(out.len() - END.len());
    out
}

/// Folds every content line to at most 75 octets (RFC 5545 §3.1), on UTF-8 boundaries.
///
/// The `icalendar` crate folds too, but lets a continuation line reach 76 octets (a leading
/// space plus 75); so its folds are undone and redone here, in one pass: a line that starts
/// with a space or a tab continues the one before. (Unfolding is safe: a logical line never
/// starts with a space, and TEXT values carry their newlines escaped.)
pub fn refold(ics: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(ics.len() + ics.len() / 64 * 3);
    // Octets left on the line being written.
    let mut room = LIMIT;
    for (n, line) in ics.split_terminator("\r\n").enumerate() {
        let mut rest = match line.as_bytes().first() {
            Some(b' ' | b'\t') if n > 0 => &line[1..],
            _ => {
                if n > 0 {
                    out.push_str("\r\n");
                }
                room = LIMIT;
                line
            }
        };
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = LIMIT - 1;
        }
        out.push_str(rest);
        room -= rest.len();
    }
    if !out.is_empty() {
        out.push_str("\r\n");
    }
    out
}

/// Where a session takes place: room, venue name and address (plenary sessions: the venue).
fn location(conf: &Conference, i: usize) -> Option<String> {
    let s = &conf.sessions[i];
    let mut parts: Vec<&str> = Vec::new();
    if let Some(r) = s.room {
        parts.push(&conf.rooms[r].name);
    }
    if let Some(v) = &conf.site.venue {
        parts.push(&v.name);
        if let Some(a) = &v.address {
            parts.push(a);
        }
        if let Some(city) = &v.city
            && !v.address.as_deref().unwrap_or("").contains(city.as_str())
        {
            parts.push(city);
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The event's description: speakers, the abstract as plain text, the session page's URL.
fn description(conf: &Conference, shared: &Shared, i: usize) -> String {
    let s = &conf.sessions[i];
    let mut blocks = Vec::new();
    if !s.speakers.is_empty() {
        let names: Vec<&str> = s.speakers.iter().map(|&p| conf.speakers[p].name.as_str()).collect();
        blocks.push(format!("Speakers: {}", names.join(", ")));
    }
    let info = &shared.sessions[i];
    if !info.abstract_text.is_empty() {
        blocks.push(info.abstract_text.clone());
    }
    blocks.push(info.url.clone());
    clean(&blocks.join("\n\n"))
}

/// A session's VEVENT, folded, as it appears in every calendar that holds it.
fn event_text(conf: &Conference, shared: &Shared, i: usize, dtstamp: &str) -> String {
    refold(&event(conf, shared, i, dtstamp).to_string())
}

fn event(conf: &Conference, shared: &Shared, i: usize, dtstamp: &str) -> Event {
    let s = &conf.sessions[i];
    let info = &shared.sessions[i];
    let mut e = Event::new();
    e.uid(&info.guid);
    e.add_property("DTSTAMP", dtstamp);
    e.add_property("DTSTART", utc(s.start.timestamp()));
    e.add_property("DTEND", utc(s.end.timestamp()));
    e.summary(&clean(&s.title));
    e.description(&description(conf, shared, i));
    if let Some(loc) = location(conf, i) {
        e.location(&clean(&loc));
    }
    e.url(&info.url);
    // The session's files (RFC 5545 ATTACH, a URI each): calendar apps offer them as links.
    for url in s.details.slides.iter().chain(s.details.attachments.iter().map(|a| &a.url)) {
        e.append_multi_property(Property::new("ATTACH", crate::model::links::content_url(conf, url)));
    }
    if let Some(t) = s.track {
        e.categories([clean(&conf.tracks[t].name)]);
    }
    e.status(EventStatus::Confirmed);
    e.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refolds_at_75_octets_on_char_boundaries() {
        let long = format!("DESCRIPTION:{}\r\n", "老虎ab".repeat(40));
        let out = refold(&long);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        assert_eq!(out.replace("\r\n ", ""), long);
        assert_eq!(refold("A:b\r\n c\r\nD:e\r\n"), "A:bc\r\nD:e\r\n");
        let exact = format!("X:{}\r\n", "a".repeat(73));
        assert_eq!(refold(&exact), exact);
        let over = format!("X:{}\r\n", "a".repeat(74));
        assert_eq!(refold(&over), format!("X:{}\r\n a\r\n", "a".repeat(73)));
    }
}
