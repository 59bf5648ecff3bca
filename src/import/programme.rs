//! The one intermediate model every source format is read into: what a call-for-papers tool
//! knows about a programme, in its own terms (its ids, its type labels, its times), before
//! anything is mapped to confpress's content format (that is `write.rs`'s job).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

/// Where a record came from: the tool's id, guid and page (kept as `source:` in the content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRef {
    pub id: Option<String>,
    pub guid: Option<String>,
    pub url: Option<String>,
}

/// A time as the source gives it: an instant (it carried an offset or `Z`), or a wall-clock
/// time in the conference's zone (Sessionize's `startsAt`, a pentabarf `<start>` without `<date>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    At(Timestamp),
    Wall(DateTime),
}

/// An abstract or a bio, with whether the source wrote it as HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub html: bool,
}

impl Text {
    /// The text as given, HTML when it contains HTML elements (see [`looks_like_html`]).
    pub fn detect(text: &str) -> Option<Text> {
        // Sessionize and pretalx keep the line breaks browsers send (CRLF).
        let text = text.replace("\r\n", "\n");
        let text = text.trim();
        (!text.is_empty()).then(|| Text { text: text.to_string(), html: looks_like_html(text) })
    }

    /// An abstract followed by a longer description (frab and pentabarf carry both; a confpress
    /// session has one body). Either may be empty; the same text twice is kept once.
    pub fn joined(first: Option<Text>, second: Option<Text>) -> Option<Text> {
        match (first, second) {
            (Some(a), Some(b)) if a.text == b.text => Some(a),
            (Some(a), Some(b)) => {
                let html = a.html || b.html;
                // Markdown joined to HTML would be read as HTML: wrap its paragraphs first.
                let part = |t: Text| if html && !t.html { paragraphs(&t.text) } else { t.text };
                Some(Text { text: format!("{}\n\n{}", part(a), part(b)), html })
            }
            (a, b) => a.or(b),
        }
    }
}

/// Plain text as HTML paragraphs, escaped.
fn paragraphs(text: &str) -> String {
    text.split("\n\n").map(|p| format!("<p>{}</p>", crate::markup::escape::escape_html(p.trim()))).collect::<Vec<_>>().join("\n")
}

/// HTML elements whose presence makes an abstract HTML rather than Markdown or plain text.
const HTML_TAGS: &[&str] = &[
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "div",
    "pre",
    "code",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "img",
    "span",
    "script",
    "iframe",
    "hr",
    "dl",
    "dt",
    "dd",
    "sup",
    "sub",
    "u",
    "tt",
];

/// Whether `text` contains an opening or closing tag of a common HTML element. Markdown allows
/// raw HTML too, but the CFP tools that export HTML (pentabarf, frab) write whole HTML bodies,
/// and pretalx and Sessionize write Markdown or plain text without tags.
pub fn looks_like_html(text: &str) -> bool {
    memchr::memchr_iter(b'<', text.as_bytes()).any(|at| {
        let rest = text[at + 1..].strip_prefix('/').unwrap_or(&text[at + 1..]);
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let after = rest[name.len()..].chars().next();
        HTML_TAGS.contains(&name.as_str()) && matches!(after, Some('>' | ' ' | '/' | '\n' | '\t'))
    })
}

#[derive(Debug, Clone, Default)]
pub struct Room {
    /// What sessions name the room by in this source (its id, or its name when it has none).
    pub key: String,
    pub name: String,
    pub capacity: Option<u32>,
    pub description: Option<String>,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Default)]
pub struct Track {
    pub key: String,
    pub name: String,
    /// `#rrggbb` when the source gives a colour.
    pub color: Option<String>,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Default)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default)]
pub struct Speaker {
    /// The source's identity of the person: guid, code or id (a name only when there is nothing else).
    pub key: String,
    pub name: String,
    pub bio: Option<Text>,
    pub affiliation: Option<String>,
    pub job_title: Option<String>,
    /// The avatar's URL (the CFP tool hosts it).
    pub photo: Option<String>,
    pub links: Vec<Link>,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The source's identity of the session (its code or id): the file name derives from it.
    pub key: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The source's own type ("Talk", "Vortrag", "Lightning Talk"); mapped to a kind on writing.
    pub kind_label: Option<String>,
    /// A break or other non-talk item the source marks as such (Sessionize service sessions).
    pub service: bool,
    pub start: Option<When>,
    pub minutes: Option<i64>,
    /// The conference day the source lists the session under (for events past midnight).
    pub day: Option<Date>,
    pub room: Option<String>,
    pub track: Option<String>,
    pub speakers: Vec<String>,
    pub language: Option<String>,
    pub level: Option<String>,
    pub tags: Vec<String>,
    pub body: Option<Text>,
    pub links: Vec<Link>,
    pub attachments: Vec<Link>,
    pub videos: Vec<Link>,
    pub do_not_record: bool,
    pub recording_license: Option<String>,
    pub feedback_url: Option<String>,
    pub source: SourceRef,
}

/// A whole programme as one source describes it.
#[derive(Debug, Clone, Default)]
pub struct Programme {
    pub title: Option<String>,
    /// An IANA zone name.
    pub timezone: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    /// When a conference day ends (pentabarf's `day_change`), if the source says.
    pub day_change: Option<Time>,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub speakers: Vec<Speaker>,
    pub sessions: Vec<Session>,
    /// What the source carries and the content cannot hold: a label ("event `logo`") and how
    /// many records had it. Printed in the summary, so nothing is dropped silently.
    pub not_kept: BTreeMap<String, usize>,
}

impl Programme {
    /// Counts one record whose `what` is not kept.
    pub fn drop_field(&mut self, what: &str) {
        *self.not_kept.entry(what.to_string()).or_default() += 1;
    }

    /// Counts `what` when `present` (an optional field the source filled in).
    pub fn drop_if(&mut self, present: bool, what: &str) {
        if present {
            self.drop_field(what);
        }
    }

    /// Makes session keys unique: a talk the source schedules twice (pretalx's `slot_count: 2`,
    /// a repeated workshop) is two sessions, the second keyed `<key>-2`, so each has its file
    /// and a re-import finds each one again.
    pub fn unique_session_keys(&mut self) {
        let mut seen = std::collections::HashMap::<String, usize>::new();
        for s in &mut self.sessions {
            let n = seen.entry(s.key.clone()).or_default();
            *n += 1;
            if *n > 1 {
                s.key = format!("{}-{n}", s.key);
            }
        }
    }

    /// The room with `key`, declared on first use (formats that name rooms only in events).
    pub fn room_named(&mut self, name: &str) -> String {
        let name = name.trim();
        if !self.rooms.iter().any(|r| r.key == name) {
            self.rooms.push(Room { key: name.to_string(), name: name.to_string(), ..Room::default() });
        }
        name.to_string()
    }

    /// The track with `key`, declared on first use.
    pub fn track_named(&mut self, name: &str) -> String {
        let name = name.trim();
        if !self.tracks.iter().any(|t| t.key == name) {
            self.tracks.push(Track { key: name.to_string(), name: name.to_string(), ..Track::default() });
        }
        name.to_string()
    }
}

/// Trims a name and collapses inner runs of white space ("Ada  Lovelace " → "Ada Lovelace"), so
/// one person is one name everywhere.
pub fn clean_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Some(text)` trimmed, `None` when empty.
pub fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_from_markdown() {
        assert!(looks_like_html("<p>Hello</p>"));
        assert!(looks_like_html("one<br/>two"));
        assert!(looks_like_html("x <script>alert(1)</script>"));
        assert!(!looks_like_html("a < b and b > c"));
        assert!(!looks_like_html("Use `Vec<u8>` and <https://example.org>"));
        assert!(!looks_like_html("**bold** text"));
    }

    #[test]
    fn a_session_scheduled_twice_is_two_sessions() {
        let one = |key: &str| Session { key: key.into(), ..Session::default() };
        let mut p = Programme { sessions: vec![one("A"), one("B"), one("A"), one("A")], ..Programme::default() };
        p.unique_session_keys();
        let keys: Vec<&str> = p.sessions.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["A", "B", "A-2", "A-3"]);
    }

    #[test]
    fn names_are_trimmed_and_collapsed() {
        assert_eq!(clean_name("  Ada \t Lovelace "), "Ada Lovelace");
    }

    #[test]
    fn abstracts_and_descriptions_join() {
        let a = Text::detect("Short.");
        let b = Text::detect("<p>Long</p>");
        let joined = Text::joined(a, b).unwrap();
        assert!(joined.html);
        assert_eq!(joined.text, "<p>Short.</p>\n\n<p>Long</p>");
        assert_eq!(Text::joined(Text::detect("x"), Text::detect("x")).unwrap().text, "x");
    }
}
