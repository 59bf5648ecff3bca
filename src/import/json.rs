//! What the JSON formats share: typed reading, where an error names the file, the line and column,
//! the JSON path of the value (`schedule.conference.days[0].rooms.Saal 1[3].duration`) and what
//! was expected there; the ids and translated texts the tools write; the errors of values that parse
//! but make no sense (a bad date, a room the export does not declare).

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny};

use super::input::Input;
use crate::diag::{Diagnostic, Pos};

/// `input` read as a `T`, or one diagnostic that says where and what.
pub fn parse<T: DeserializeOwned>(input: &Input, what: &str) -> Result<T, Diagnostic> {
    let text = std::str::from_utf8(&input.bytes).map_err(|e| not_utf8(input, e))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| path_error(input, what, e))?;
    de.end().map_err(|e| syntax(input, what, &e, String::new()))?;
    Ok(value)
}

fn not_utf8(input: &Input, e: std::str::Utf8Error) -> Diagnostic {
    let before = &input.bytes[..e.valid_up_to()];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let col = before.len() - before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
    Diagnostic::error(&input.name, Pos::new(line as u32, col as u32), "the export is not UTF-8 text")
        .with_hint("export the schedule again as UTF-8 (JSON and XML exports of the CFP tools are UTF-8)")
}

fn path_error(input: &Input, what: &str, e: serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
    let path = e.path().to_string();
    let at = if path == "." { String::new() } else { format!(" at `{path}`") };
    syntax(input, what, e.inner(), at)
}

fn syntax(input: &Input, what: &str, e: &serde_json::Error, at: String) -> Diagnostic {
    let pos = Pos::new(e.line() as u32, e.column() as u32);
    let mut message = e.to_string();
    // serde_json appends " at line L column C"; the position is shown on its own.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    let hint = match e.classify() {
        serde_json::error::Category::Eof => format!("the file ends early: it looks truncated; download the {what} again"),
        serde_json::error::Category::Syntax => format!("this is not valid JSON; download the {what} again"),
        _ => format!("a {what} has another kind of value here: check the export, or its format (`--format`)"),
    };
    Diagnostic::error(&input.name, pos, format!("{message}{at}")).with_hint(hint)
}

/// The top-level keys that tell the JSON formats apart, read without building the values.
#[derive(Deserialize, Default)]
pub struct TopKeys {
    pub schedule: Option<IgnoredAny>,
    pub sessions: Option<IgnoredAny>,
    pub speakers: Option<IgnoredAny>,
    pub submissions: Option<IgnoredAny>,
    pub results: Option<IgnoredAny>,
}

/// A string, or a number written as one (frab ids are integers, pretalx codes are strings).
pub fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        S(String),
        N(i64),
    }
    Ok(match Id::deserialize(d)? {
        Id::S(s) => s,
        Id::N(n) => n.to_string(),
    })
}

/// An optional [`id_string`].
pub fn opt_id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        S(String),
        N(i64),
    }
    Ok(match Option::<Id>::deserialize(d)? {
        Some(Id::S(s)) => Some(s),
        Some(Id::N(n)) => Some(n.to_string()),
        None => None,
    })
}

/// A pretalx translated text: `"Talk"` or `{"en": "Talk", "de": "Vortrag"}` (English first,
/// else the first language given).
#[derive(Debug, Clone, Default)]
pub struct Localised(pub Option<String>);

impl<'de> Deserialize<'de> for Localised {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Localised, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum L {
            S(String),
            M(serde_json::Map<String, serde_json::Value>),
        }
        Ok(Localised(match Option::<L>::deserialize(d)? {
            Some(L::S(s)) => Some(s),
            Some(L::M(m)) => m.get("en").or_else(|| m.values().next()).and_then(|v| v.as_str()).map(str::to_string),
            None => None,
        }))
    }
}

/// Whether a JSON value carries nothing (null, "", [], {}).
pub fn is_empty(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A value the format allows but that makes no sense (`date: "soon"`).
pub fn invalid(input: &Input, path: &str, value: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(&input.name, Pos::default(), format!("`{value}` at `{path}` is not valid: expected {expected}"))
        .with_hint("fix the value in the CFP tool and export again")
}

pub fn undeclared_room(input: &Input, path: &str, room: &str) -> Diagnostic {
    Diagnostic::error(&input.name, Pos::default(), format!("the event at `{path}` is in room `{room}`, which the export does not declare"))
        .with_hint("the export is inconsistent: declare the room in the CFP tool (or export again); confpress does not guess rooms")
}
