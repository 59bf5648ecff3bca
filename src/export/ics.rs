//! iCalendar (RFC 5545) files: `schedule.ics` with every session, `sessions/<slug>.ics` for
//! one session and `speakers/<slug>.ics` with a speaker's sessions.
//!
//! Written by hand (the format is small): TEXT values are escaped, lines end with CRLF and are
//! folded at 75 octets on UTF-8 boundaries; the bytes are those the `icalendar` crate writes for
//! the same properties (a test checks), with its folds redone at 75 octets. Times are UTC (`DTSTART:20261022T070000Z`), so no
//! VTIMEZONE is needed and every client shows the right moment. Everything is deterministic:
//! - `UID` is the session's frab GUID (UUIDv5 of the acronym and slug, see [`super::ids`]), so a
//!   session keeps its UID across builds and in every file it appears in;
//! - `DTSTAMP` is the first conference day at 00:00 UTC: a value taken from the content, not the
//!   clock, so rebuilding the same content gives the same bytes;
//! - properties are written in a fixed order.

use std::ops::Range;

use jiff::Timestamp;
use rayon::prelude::*;

use super::{Shared, abs_url, find_byte, push_civil};
use crate::model::Conference;
use crate::render::OutFile;

/// Every calendar file of the site. Speakers without sessions get none (a calendar must hold
/// at least one event).
///
/// Each session's VEVENT (already folded) is written once, into the session's own calendar;
/// schedule.ics and the speakers' calendars copy it from there. Every file is a calendar header,
/// the events it holds and `END:VCALENDAR`: folding is per content line, so concatenating folded
/// events gives the same bytes as folding the whole file.
pub fn files(conf: &Conference, shared: &Shared) -> Vec<OutFile> {
    let dtstamp = stamp(conf);
    let header = Header::new(conf);
    // Each session's calendar, and where in it its event is.
    let sessions: Vec<(String, Range<usize>)> = (0..conf.sessions.len())
        .into_par_iter()
        .map_init(Scratch::default, |scratch, i| {
            event_lines(conf, shared, i, &dtstamp, scratch);
            let name = Some(conf.sessions[i].title.as_str());
            let mut out = String::with_capacity(header.len(name, false) + folded_len(&scratch.lines) + FOOTER.len());
            header.write(&mut out, name, false, &mut scratch.text);
            let start = out.len();
            refold_into(&mut out, &scratch.lines);
            let event = start..out.len();
            out.push_str(FOOTER);
            (out, event)
        })
        .collect();
    let event = |i: usize| &sessions[i].0[sessions[i].1.clone()];
    // `name`: whose calendar it is (`None`: the conference's).
    let file = |scratch: &mut String, name: Option<&str>, events: &[usize], subscribe: bool| {
        let size = header.len(name, subscribe) + events.iter().map(|&i| sessions[i].1.len()).sum::<usize>() + FOOTER.len();
        let mut out = String::with_capacity(size);
        header.write(&mut out, name, subscribe, scratch);
        for &i in events {
            out.push_str(event(i));
        }
        out.push_str(FOOTER);
        out.into_bytes()
    };

    let all: Vec<usize> = (0..sessions.len()).collect();
    let mut out = vec![OutFile { path: "schedule.ics".into(), bytes: file(&mut String::new(), None, &all, true) }];
    out.par_extend(conf.speakers.par_iter().filter(|sp| !sp.sessions.is_empty()).map_init(String::new, |scratch, sp| OutFile {
        path: format!("speakers/{}.ics", sp.slug),
        bytes: file(scratch, Some(&sp.name), &sp.sessions, false),
    }));
    out.par_extend(
        sessions
            .into_par_iter()
            .zip(&conf.sessions)
            .map(|((calendar, _), s)| OutFile { path: format!("sessions/{}.ics", s.slug), bytes: calendar.into_bytes() }),
    );
    out
}

/// Buffers a worker reuses from one event or file to the next, rather than allocating small
/// ones in between the large ones.
#[derive(Default)]
struct Scratch {
    /// Content lines before folding.
    lines: String,
    /// A value before escaping; a line of the header before folding.
    text: String,
}

/// About how long `lines` are once folded (at least as long).
fn folded_len(lines: &str) -> usize {
    // Each fold adds 3 octets to a line of 74 or a little less.
    lines.len() + lines.len() / 24 + 16
}

const FOOTER: &str = "END:VCALENDAR\r\n";

/// Writes `20261022T070000Z`.
fn push_utc(out: &mut String, t: Timestamp) {
    let dt = jiff::tz::Offset::UTC.to_datetime(t);
    if (1000..=9999).contains(&dt.year()) {
        push_civil(out, dt, true);
        out.push('Z');
    } else {
        out.push_str(&t.strftime("%Y%m%dT%H%M%SZ").to_string());
    }
}

/// `20261022T070000Z`.
fn utc(t: Timestamp) -> String {
    let mut out = String::with_capacity(16);
    push_utc(&mut out, t);
    out
}

/// The DTSTAMP of every event: the first conference day at 00:00 UTC.
fn stamp(conf: &Conference) -> String {
    let midnight = conf.site.start_date.to_datetime(jiff::civil::Time::midnight());
    let t = midnight.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH);
    utc(t)
}

/// Writes a TEXT value escaped (RFC 5545 §3.3.11: `\` `,` `;` and newlines). With `clean`, a
/// `\r\n` or lone `\r` from the content counts as a newline first (TEXT values carry newlines
/// only escaped).
fn push_text(out: &mut String, s: &str, clean: bool) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut from = 0;
    loop {
        // Candidates: the escaped characters and the controls up to `\r`.
        let i = find_byte(bytes, from, b'\r' + 1, b"\\,;");
        let Some(&b) = bytes.get(i) else { break };
        from = i + 1;
        let escaped = match b {
            b'\\' => "\\\\",
            b',' => "\\,",
            b';' => "\\;",
            b'\n' => "\\n",
            b'\r' if clean && bytes.get(i + 1) == Some(&b'\n') => "",
            b'\r' if clean => "\\n",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(escaped);
        start = from;
    }
    out.push_str(&s[start..]);
}

/// Writes one content line `name:value` (TEXT value, escaped) unfolded.
fn text_line(out: &mut String, name: &str, value: &str, clean: bool) {
    out.push_str(name);
    out.push(':');
    push_text(out, value, clean);
    out.push_str("\r\n");
}

/// Writes one content line whose value is not TEXT (a URI, a date-time), as it is.
fn raw_line(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push(':');
    out.push_str(value);
    out.push_str("\r\n");
}

/// The calendar header: the lines that do not depend on the calendar's name are written once.
struct Header {
    /// `BEGIN:VCALENDAR` … `CALSCALE`, folded.
    start: String,
    /// `X-WR-TIMEZONE`, folded.
    timezone: String,
    /// The refresh hints (and description) of the subscribable calendar, folded.
    subscribe: String,
    /// The site's title.
    site: String,
}

impl Header {
    fn new(conf: &Conference) -> Header {
        let mut start = String::from("BEGIN:VCALENDAR\r\n");
        text_line(&mut start, "VERSION", "2.0", false);
        text_line(&mut start, "PRODID", concat!("-//confpress//confpress ", env!("CARGO_PKG_VERSION"), "//EN"), false);
        text_line(&mut start, "CALSCALE", "GREGORIAN", false);
        let mut timezone = String::new();
        text_line(&mut timezone, "X-WR-TIMEZONE", &conf.site.timezone_name, false);
        let mut subscribe = String::new();
        if let Some(d) = &conf.site.description {
            text_line(&mut subscribe, "X-WR-CALDESC", d, true);
        }
        raw_line(&mut subscribe, "SOURCE;VALUE=URI", &abs_url(conf, "schedule.ics"));
        raw_line(&mut subscribe, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
        text_line(&mut subscribe, "X-PUBLISHED-TTL", "PT1H", false);
        Header { start: refold(&start), timezone: refold(&timezone), subscribe: refold(&subscribe), site: conf.site.title.clone() }
    }

    /// Writes the header of the calendar of `name` (`<name> — <site title>`), or of the whole
    /// conference (the site title). `subscribe` adds the refresh hints that calendar apps read
    /// when they subscribe to the file.
    fn write(&self, out: &mut String, name: Option<&str>, subscribe: bool, line: &mut String) {
        out.push_str(&self.start);
        line.clear();
        line.push_str("X-WR-CALNAME:");
        if let Some(name) = name {
            // Escaping the pieces one by one is escaping their concatenation: no `\r\n` spans two.
            push_text(line, name, true);
            push_text(line, " — ", true);
        }
        push_text(line, &self.site, true);
        line.push_str("\r\n");
        refold_into(out, line);
        out.push_str(&self.timezone);
        if subscribe {
            out.push_str(&self.subscribe);
        }
    }

    /// About how long the header of the calendar of `name` is (a capacity hint).
    fn len(&self, name: Option<&str>, subscribe: bool) -> usize {
        let calname = 16 + 2 * (name.map_or(0, |n| n.len() + 5) + self.site.len());
        self.start.len() + calname + self.timezone.len() + if subscribe { self.subscribe.len() } else { 0 }
    }
}

/// Folds every content line to at most 75 octets (RFC 5545 §3.1), on UTF-8 boundaries.
/// Lines already folded (a CRLF followed by a space or tab) are unfolded first.
pub fn refold(ics: &str) -> String {
    let mut out = String::with_capacity(ics.len() + ics.len() / 64 * 3);
    refold_into(&mut out, ics);
    out
}

/// [`refold`], appending to `out`.
fn refold_into(out: &mut String, ics: &str) {
    let bytes = ics.as_bytes();
    let folded =
        memchr::memchr_iter(b'\r', bytes).any(|cr| bytes.get(cr + 1) == Some(&b'\n') && matches!(bytes.get(cr + 2), Some(b' ' | b'\t')));
    if folded {
        // Rare: the lines are written unfolded, and only values written as they are (URLs)
        // could hold a CRLF.
        let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
        return fold_lines(out, &unfolded);
    }
    fold_lines(out, ics)
}

/// Folds the CRLF-terminated content lines of `text` (the last one may lack its CRLF).
fn fold_lines(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for cr in memchr::memchr_iter(b'\r', bytes) {
        if bytes.get(cr + 1) == Some(&b'\n') {
            fold_line(out, &text[line_start..cr]);
            line_start = cr + 2;
        }
    }
    if line_start < text.len() {
        fold_line(out, &text[line_start..]);
    }
}

/// Writes one content line folded at 75 octets (a continuation line: a space and up to 74), never
/// inside a UTF-8 character, with its CRLF.
fn fold_line(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut room = LIMIT;
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
    out.push_str("\r\n");
}

/// Where a session takes place: room, venue name and address (plenary sessions: the venue),
/// written to `out` (cleared first). False when there is nothing to say.
fn location(conf: &Conference, i: usize, out: &mut String) -> bool {
    let s = &conf.sessions[i];
    out.clear();
    let mut parts = 0;
    let mut part = |p: &str| {
        if parts > 0 {
            out.push_str(", ");
        }
        out.push_str(p);
        parts += 1;
    };
    if let Some(r) = s.room {
        part(&conf.rooms[r].name);
    }
    if let Some(v) = &conf.site.venue {
        part(&v.name);
        if let Some(a) = &v.address {
            part(a);
        }
        if let Some(city) = &v.city
            && !v.address.as_deref().unwrap_or("").contains(city.as_str())
        {
            part(city);
        }
    }
    parts > 0
}

/// The event's description: speakers, the abstract as plain text, the session page's URL;
/// written to `out` (cleared first).
fn description(conf: &Conference, shared: &Shared, i: usize, out: &mut String) {
    let s = &conf.sessions[i];
    let abstract_text = &shared.sessions[i].abstract_text;
    out.clear();
    if !s.speakers.is_empty() {
        out.push_str("Speakers: ");
        for (n, &p) in s.speakers.iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            out.push_str(&conf.speakers[p].name);
        }
        out.push_str("\n\n");
    }
    if !abstract_text.is_empty() {
        out.push_str(abstract_text);
        out.push_str("\n\n");
    }
    out.push_str(&shared.sessions[i].url);
}

/// One session's VEVENT, unfolded, CRLF line ends, in `scratch.lines`. The properties come in a
/// fixed order (the order the `icalendar` crate used to write: alphabetical, CATEGORIES last).
fn event_lines(conf: &Conference, shared: &Shared, i: usize, dtstamp: &str, scratch: &mut Scratch) {
    let s = &conf.sessions[i];
    let info = &shared.sessions[i];
    let Scratch { lines, text } = scratch;
    lines.clear();
    lines.push_str("BEGIN:VEVENT\r\n");
    description(conf, shared, i, text);
    text_line(lines, "DESCRIPTION", text, true);
    lines.push_str("DTEND:");
    push_utc(lines, s.end.timestamp());
    lines.push_str("\r\n");
    raw_line(lines, "DTSTAMP", dtstamp);
    lines.push_str("DTSTART:");
    push_utc(lines, s.start.timestamp());
    lines.push_str("\r\n");
    if location(conf, i, text) {
        text_line(lines, "LOCATION", text, true);
    }
    text_line(lines, "STATUS", "CONFIRMED", false);
    text_line(lines, "SUMMARY", &s.title, true);
    text_line(lines, "UID", &info.guid, false);
    raw_line(lines, "URL", &info.url);
    if let Some(t) = s.track {
        text_line(lines, "CATEGORIES", &conf.tracks[t].name, true);
    }
    lines.push_str("END:VEVENT\r\n");
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

    /// The former implementation: unfold everything, then fold line by line.
    fn refold_before(ics: &str) -> String {
        let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
        let mut out = String::new();
        for line in unfolded.split_terminator("\r\n") {
            let mut rest = line;
            let mut room = 75;
            loop {
                if rest.len() <= room {
                    out.push_str(rest);
                    out.push_str("\r\n");
                    break;
                }
                let mut cut = room;
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
                out.push_str(&rest[..cut]);
                out.push_str("\r\n ");
                rest = &rest[cut..];
                room = 74;
            }
        }
        out
    }

    /// Values that exercise escaping, `\r` cleaning and folding (multi-byte characters across
    /// the 75-octet limit, lines of exactly 74 to 76 octets).
    fn awkward_values() -> Vec<String> {
        let mut values: Vec<String> = [
            "",
            "plain",
            "a,b;c\\d\ne",
            "crlf\r\nand cr\rand lf\n",
            "\r\r\n\n\r",
            "ends with cr\r",
            "\\\\,,;;\n\n",
            "tab\there and\u{1} control",
            "Zoë — 陳美玲 🦀 ünïcödé",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in 60..80 {
            values.push("x".repeat(n));
            values.push(format!("{}老虎", "y".repeat(n)));
            values.push(format!("{}🦀,z", "w".repeat(n)));
        }
        values.push("老虎ab, ".repeat(60));
        values.push("Long paragraph, with commas; semicolons\nand newlines. ".repeat(20));
        values
    }

    /// The same properties as the former `icalendar`-built calendars, written here: identical
    /// bytes.
    #[test]
    fn writes_what_the_icalendar_crate_wrote() {
        use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Parameter, Property};
        let clean = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
        for v in awkward_values() {
            let mut cal = Calendar::empty();
            cal.append_property(Property::new("VERSION", "2.0"));
            cal.append_property(Property::new("X-WR-CALNAME", clean(&v)));
            cal.append_property(Property::new("X-WR-TIMEZONE", v.clone()));
            cal.append_property(Property::new("SOURCE", "https://e.org/s.ics").append_parameter(Parameter::new("VALUE", "URI")).done());
            let mut e = Event::new();
            e.uid("12c03905-5ca9-5816-b6e5-734f4ed2f707");
            e.add_property("DTSTAMP", "20261022T000000Z");
            e.add_property("DTSTART", "20261022T070000Z");
            e.add_property("DTEND", "20261022T074500Z");
            e.summary(&clean(&v));
            e.description(&clean(&format!("Speakers: {v}\n\n{v}\n\nhttps://e.org/x/")));
            e.location(&clean(&v));
            e.url("https://e.org/x/");
            e.categories([clean(&v)]);
            e.status(EventStatus::Confirmed);
            cal.push(e.done());
            let before = refold_before(&cal.to_string());

            let mut lines = String::from("BEGIN:VCALENDAR\r\n");
            text_line(&mut lines, "VERSION", "2.0", false);
            text_line(&mut lines, "X-WR-CALNAME", &v, true);
            text_line(&mut lines, "X-WR-TIMEZONE", &v, false);
            raw_line(&mut lines, "SOURCE;VALUE=URI", "https://e.org/s.ics");
            lines.push_str("BEGIN:VEVENT\r\n");
            text_line(&mut lines, "DESCRIPTION", &format!("Speakers: {v}\n\n{v}\n\nhttps://e.org/x/"), true);
            raw_line(&mut lines, "DTEND", "20261022T074500Z");
            raw_line(&mut lines, "DTSTAMP", "20261022T000000Z");
            raw_line(&mut lines, "DTSTART", "20261022T070000Z");
            text_line(&mut lines, "LOCATION", &v, true);
            text_line(&mut lines, "STATUS", "CONFIRMED", false);
            text_line(&mut lines, "SUMMARY", &v, true);
            text_line(&mut lines, "UID", "12c03905-5ca9-5816-b6e5-734f4ed2f707", false);
            raw_line(&mut lines, "URL", "https://e.org/x/");
            text_line(&mut lines, "CATEGORIES", &v, true);
            lines.push_str("END:VEVENT\r\n");
            lines.push_str(FOOTER);
            assert_eq!(refold(&lines), before, "{v:?}");
        }
    }

    #[test]
    fn refolds_as_before() {
        let mut cases: Vec<String> = awkward_values().iter().map(|v| format!("X:{v}\r\nY:{v}")).collect();
        cases.extend(
            ["A:b\r\n c\r\nD:e\r\n", "A:b\r\n\tc\r\n", "A:\r\n\r\n \tb\r\n", "A:b\r", "\r\n", "", "A:b\r\r\nC:d"].map(String::from),
        );
        for case in cases {
            assert_eq!(refold(&case), refold_before(&case), "{case:?}");
        }
    }

    #[test]
    fn utc_times() {
        for t in ["2026-10-22T07:00:00Z", "1970-01-01T00:00:00Z", "0999-12-31T23:59:59Z", "9999-12-30T12:34:56Z", "-000001-01-01T00:00:00Z"]
        {
            let t: Timestamp = t.parse().unwrap();
            assert_eq!(utc(t), t.strftime("%Y%m%dT%H%M%SZ").to_string());
        }
    }
}
