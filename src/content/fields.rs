//! Typed reading of one YAML mapping, collecting every problem instead of stopping at the first.
//!
//! A [`Record`] wraps a mapping (a file's front matter, or one item of a list file). Each accessor
//! reads one field, checks its type and format, and reports a diagnostic at the field's line when
//! it is wrong. [`Record::finish`] then reports every key nobody asked for as an unknown field,
//! with a "did you mean" taken from the keys that were asked for: typos never pass silently.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::{Date, DateTime};
use serde_yaml::{Mapping, Value};

use super::locate::Locator;
use super::vocab::Vocabulary;
use crate::diag::{Diagnostic, Diagnostics, Pos};

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

/// One parsed content file: its path relative to the site, its text and key positions.
pub struct Source {
    pub rel: Arc<Path>,
    pub text: String,
    pub locator: Locator,
}

/// What every record reader shares: the file, the site folder and the diagnostics list.
pub struct Ctx<'a> {
    pub src: &'a Source,
    pub site_dir: &'a Path,
    pub diags: &'a RefCell<Diagnostics>,
}

impl Ctx<'_> {
    pub fn report(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    pub fn error(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.src.rel.to_path_buf(), pos, message)
    }
}

/// Reads the fields of one mapping. See the module doc.
pub struct Record<'a> {
    ctx: &'a Ctx<'a>,
    /// Path of this mapping for the locator (`""`, `tiers[2]`, `venue`).
    path: String,
    map: &'a Mapping,
    seen: Vec<&'static str>,
    /// Keys whose value was already reported as wrong by [`Record::get`].
    reported: Vec<&'static str>,
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// YAML's name for a value's type, for "expected a string, found a list".
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A scalar as text: strings as they are, numbers and booleans as written.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl<'a> Record<'a> {
    pub fn new(ctx: &'a Ctx<'a>, path: String, map: &'a Mapping) -> Record<'a> {
        Record { ctx, path, map, seen: Vec::new(), reported: Vec::new() }
    }

    /// Reads `value` as the top-level mapping of a file, or reports what it is instead.
    pub fn root(ctx: &'a Ctx<'a>, value: &'a Value, what: &str) -> Option<Record<'a>> {
        match value {
            Value::Mapping(map) => Some(Record::new(ctx, String::new(), map)),
            other => {
                ctx.report(
                    ctx.error(Pos::new(1, 1), format!("expected {what}, found {}", type_name(other)))
                        .with_hint("write one `field: value` per line"),
                );
                None
            }
        }
    }

    pub fn ctx(&self) -> &'a Ctx<'a> {
        self.ctx
    }

    pub fn file(&self) -> Arc<Path> {
        self.ctx.src.rel.clone()
    }

    /// Where this mapping starts (for "missing field" diagnostics).
    pub fn pos(&self) -> Pos {
        match self.ctx.src.locator.find(&self.path) {
            Pos { line: 0, .. } => Pos::new(1, 1),
            pos => pos,
        }
    }

    /// Where `key`'s value starts.
    pub fn value_pos(&self, key: &str) -> Pos {
        self.ctx.src.locator.value_pos(&child(&self.path, key))
    }

    /// Where `key` itself starts.
    fn key_pos(&self, key: &str) -> Pos {
        self.ctx.src.locator.find(&child(&self.path, key))
    }

    /// Whether the mapping has `key` at all (even with an empty value).
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    fn item_pos(&self, key: &str, index: usize) -> Pos {
        let path = format!("{}[{index}]", child(&self.path, key));
        self.ctx.src.locator.find(&path)
    }

    /// Reports a problem with `key`'s value.
    pub fn invalid(&self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.ctx.report(self.ctx.error(self.value_pos(key), message).with_hint(hint));
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.seen.push(key);
        match self.map.get(key) {
            None => None,
            Some(Value::Null) => {
                if !self.reported.contains(&key) && self.commented_out(key) {
                    self.reported.push(key);
                }
                None
            }
            Some(v) => Some(v),
        }
    }

    /// `color: #e4572e` is a key with no value and a comment: YAML starts a comment at `#`.
    /// When the comment reads like a colour, that is surely not what the author meant.
    /// Reports it and returns true.
    fn commented_out(&self, key: &str) -> bool {
        let pos = self.key_pos(key);
        let Some(line) = self.ctx.src.text.lines().nth(pos.line.saturating_sub(1) as usize) else { return false };
        let after_key: String = line.chars().skip(pos.col.saturating_sub(1) as usize).collect();
        let Some((before, rest)) = after_key.split_once(':') else { return false };
        let Some(comment) = rest.trim_start().strip_prefix('#') else { return false };
        let hash_col = pos.col + (before.chars().count() + 1 + rest.chars().count() - rest.trim_start().chars().count()) as u32;
        let digits = comment.chars().take_while(char::is_ascii_hexdigit).count();
        if matches!(digits, 3 | 6 | 8) && comment[digits..].chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            let colour = &comment[..digits];
            let d = self
                .ctx
                .error(Pos::new(pos.line, hash_col), format!("`{key}` has no value: YAML reads `#{colour}` as a comment"))
                .with_hint(format!("quote it: `{key}: \"#{colour}\"`"));
            self.ctx.report(d);
            return true;
        }
        false
    }

    fn missing(&self, key: &str, example: &str) {
        self.ctx.report(self.ctx.error(self.pos(), format!("missing required field `{key}`")).with_hint(format!("add `{key}: {example}`")));
    }

    fn wrong_type(&self, key: &str, expected: &str, found: &Value) {
        self.invalid(key, format!("`{key}` should be {expected}, found {}", type_name(found)), format!("write `{key}` as {expected}"));
    }

    pub fn string(&mut self, key: &'static str) -> Option<String> {
        let v = self.get(key)?;
        let text = scalar_text(v);
        if text.is_none() {
            self.wrong_type(key, "text", v);
        }
        text
    }

    pub fn required_string(&mut self, key: &'static str, example: &str) -> Option<String> {
        let value = self.string(key);
        let empty = match self.map.get(key) {
            None => {
                self.missing(key, example);
                false
            }
            Some(Value::Null) => !self.reported.contains(&key),
            Some(_) => value.as_deref().is_some_and(|s| s.trim().is_empty()),
        };
        if empty {
            self.ctx.report(self.ctx.error(self.key_pos(key), format!("`{key}` is empty")).with_hint(format!("write `{key}: {example}`")));
            return None;
        }
        // Names and titles are compared and exported: `"Ada "` and `"Ada"` are one person.
        value.map(|v| if v.trim().len() == v.len() { v } else { v.trim().to_string() })
    }

    pub fn spanned_string(&mut self, key: &'static str) -> Option<Spanned<String>> {
        let value = self.string(key)?;
        Some(Spanned { value, pos: self.value_pos(key) })
    }

    pub fn bool(&mut self, key: &'static str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.wrong_type(key, "`true` or `false`", v);
                false
            }
        }
    }

    /// A whole number from 0 to `u32::MAX`; a negative, fractional, too large or not-a-number
    /// value is reported as such.
    pub fn uint(&mut self, key: &'static str) -> Option<u32> {
        let v = self.get(key)?;
        let Value::Number(n) = v else {
            self.wrong_type(key, "a whole number (0 or more)", v);
            return None;
        };
        let hint = format!("write `{key}` as a whole number from 0 to {}", u32::MAX);
        let problem = match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(n), _, _) => match u32::try_from(n) {
                Ok(n) => return Some(n),
                Err(_) => format!("`{key}` is too large: at most {}", u32::MAX),
            },
            (None, Some(_), _) => format!("`{key}` cannot be negative"),
            (_, _, Some(f)) if f.is_nan() => format!("`{key}` is not a number (`{n}`)"),
            (_, _, Some(f)) if f < 0.0 => format!("`{key}` cannot be negative"),
            (_, _, Some(f)) if f.is_finite() && f.fract() != 0.0 => format!("`{key}` should be a whole number, found {n}"),
            _ => format!("`{key}` is too large: at most {}", u32::MAX),
        };
        self.invalid(key, problem, hint);
        None
    }

    /// A number, 0 or more (and finite); a negative or not-a-number value is reported as such.
    pub fn number(&mut self, key: &'static str) -> Option<f64> {
        let v = self.get(key)?;
        let Some(n) = v.as_f64() else {
            self.wrong_type(key, "a number (0 or more)", v);
            return None;
        };
        let problem = if n.is_nan() {
            format!("`{key}` is not a number (`{}`)", scalar_text(v).unwrap_or_default())
        } else if n < 0.0 {
            format!("`{key}` cannot be negative")
        } else if n.is_infinite() {
            format!("`{key}` is too large: write an ordinary number")
        } else {
            // -0 is 0.
            return Some(n + 0.0);
        };
        self.invalid(key, problem, format!("write `{key}` as a number, 0 or more, e.g. `{key}: 100`"));
        None
    }

    /// A list of strings, each with its own position; a single string counts as a list of one.
    pub fn strings(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(value) => out.push(Spanned { value, pos: self.item_pos(key, i) }),
                        None => self.ctx.report(
                            self.ctx
                                .error(
                                    self.item_pos(key, i),
                                    format!("item {} of `{key}` should be text, found {}", i + 1, type_name(item)),
                                )
                                .with_hint("write each item as plain text"),
                        ),
                    }
                }
                out
            }
            other => match scalar_text(other) {
                Some(value) => vec![Spanned { value, pos: self.value_pos(key) }],
                None => {
                    self.wrong_type(key, "a list of text", other);
                    Vec::new()
                }
            },
        }
    }

    /// One of a fixed set of words.
    pub fn choice(&mut self, key: &'static str, options: &[&'static str]) -> Option<&'static str> {
        self.pick(key, options.iter().copied()).map(|i| options[i])
    }

    /// [`Record::choice`] of a [`Vocabulary`]'s values.
    pub fn choice_of<T: Vocabulary>(&mut self, key: &'static str) -> Option<T> {
        self.pick(key, T::ids()).map(|i| T::ALL[i])
    }

    /// The index of `key`'s value among `options`; an error with the options when it is none.
    fn pick(&mut self, key: &'static str, options: impl Iterator<Item = &'static str> + Clone) -> Option<usize> {
        let value = self.string(key)?;
        let found = options.clone().position(|o| o == value);
        if found.is_none() {
            let d = self
                .ctx
                .error(self.value_pos(key), format!("`{value}` is not a valid `{key}`"))
                .with_hint(format!("use one of: {}", options.clone().collect::<Vec<_>>().join(", ")))
                .suggest(&value, options);
            self.ctx.report(d);
        }
        found
    }

    /// Reports a date whose year is outside [`YEARS`]; true when it is inside.
    pub fn supported_year(&self, key: &str, date: Date) -> bool {
        let ok = YEARS.contains(&date.year());
        if !ok {
            self.invalid(key, unsupported_year(date), format!("write a date from {}-01-01 to {}-12-31", YEARS.start(), YEARS.end()));
        }
        ok
    }

    pub fn date(&mut self, key: &'static str) -> Option<Date> {
        let text = self.string(key)?;
        match parse_date(&text) {
            Some(d) => self.supported_year(key, d).then_some(d),
            None => {
                self.invalid(key, format!("`{text}` is not a valid date"), "write dates as YYYY-MM-DD, e.g. `2026-05-14`");
                None
            }
        }
    }

    pub fn datetime(&mut self, key: &'static str) -> Option<Spanned<WallTime>> {
        let text = self.string(key)?;
        match parse_wall_time(&text) {
            Some(value) => self.supported_year(key, value.civil.date()).then(|| Spanned { value, pos: self.value_pos(key) }),
            None => {
                self.invalid(
                    key,
                    format!("`{text}` is not a valid time"),
                    "write times as YYYY-MM-DD HH:MM in the site's time zone, e.g. `2026-05-14 09:30`",
                );
                None
            }
        }
    }

    /// An absolute http(s) URL, a `mailto:` link, or a site path starting with `/`. A URL of
    /// another scheme (`ftp://`, `dat://`) is kept with a warning, since real programmes have
    /// them; one that runs code (`javascript:`, `data:`, `vbscript:`) is an error.
    pub fn url(&mut self, key: &'static str) -> Option<String> {
        let text = self.string(key)?;
        if is_valid_url(&text) {
            return Some(text);
        }
        if let Some(scheme) = super::body::code_scheme(&text) {
            self.invalid(
                key,
                format!("`{key}` is a `{scheme}:` URL: URLs that run code are not allowed"),
                "write a full address such as `https://example.org/`",
            );
            return None;
        }
        if let Some(scheme) = other_scheme(&text) {
            let d = Diagnostic::warning(self.ctx.src.rel.to_path_buf(), self.value_pos(key), format!("`{key}` is a `{scheme}:` URL"))
                .with_hint(format!(
                    "browsers and schedule apps may not open `{scheme}:` links; use an http(s) address if there is one \
                     (with --strict this is an error)"
                ));
            self.ctx.report(d);
            return Some(text);
        }
        self.invalid(
            key,
            format!("`{text}` is not a valid URL"),
            "write a full address such as `https://example.org/`, or a site path such as `/venue/`",
        );
        None
    }

    pub fn color(&mut self, key: &'static str) -> Option<String> {
        let text = self.string(key)?;
        let hex = text.strip_prefix('#').unwrap_or("");
        if (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Some(text.to_ascii_lowercase())
        } else {
            self.invalid(key, format!("`{text}` is not a valid color"), "write colors as `#rrggbb`, e.g. `#1d4ed8`");
            None
        }
    }

    /// A path under `static/` that must exist, or (for images kept elsewhere, like the avatars
    /// a call-for-papers tool hosts) an absolute http(s) URL.
    pub fn image(&mut self, key: &'static str) -> Option<String> {
        let text = self.string(key)?;
        if is_remote(&text) {
            return Some(text);
        }
        let rel = text.trim_start_matches('/');
        let exists = !rel.contains("..") && self.ctx.site_dir.join("static").join(rel).is_file();
        if exists {
            Some(rel.to_string())
        } else {
            self.invalid(
                key,
                format!("image `{text}` does not exist"),
                format!("put the file at `static/{rel}` (image paths are relative to the static/ folder)"),
            );
            None
        }
    }

    /// Every entry of a mapping whose keys are the author's own (not field names), as text, each
    /// value with where it is; an entry whose value is not text is reported.
    pub fn free_entries(self) -> Vec<(String, Spanned<String>)> {
        let mut out = Vec::new();
        for (key, value) in self.map {
            let Some(key) = scalar_text(key) else { continue };
            match scalar_text(value) {
                Some(text) => out.push((key.clone(), Spanned { value: text, pos: self.value_pos(&key) })),
                None => {
                    let d = self.ctx.error(self.value_pos(&key), format!("`{key}` should be text, found {}", type_name(value)));
                    self.ctx.report(d.with_hint(format!("write `{key}: value`")));
                }
            }
        }
        out
    }

    /// A nested mapping.
    pub fn record(&mut self, key: &'static str) -> Option<Record<'a>> {
        let v = self.get(key)?;
        match v {
            Value::Mapping(map) => Some(Record::new(self.ctx, child(&self.path, key), map)),
            other => {
                self.wrong_type(key, "a mapping of `field: value` lines", other);
                None
            }
        }
    }

    /// A list of mappings.
    pub fn records(&mut self, key: &'static str) -> Vec<Record<'a>> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let path = child(&self.path, key);
        list_records(self.ctx, &path, v, key)
    }

    /// Reports every key that no accessor asked for.
    pub fn finish(self) {
        for key in self.map.keys() {
            let name = scalar_text(key).unwrap_or_default();
            if self.seen.iter().any(|s| *s == name) {
                continue;
            }
            let pos = self.key_pos(&name);
            let pos = if pos.line == 0 { self.pos() } else { pos };
            let mut known = self.seen.clone();
            known.sort_unstable();
            known.dedup();
            let d = self
                .ctx
                .error(pos, format!("unknown field `{name}`"))
                .with_hint(format!("known fields here: {}", known.join(", ")))
                .suggest(&name, known.iter().copied());
            self.ctx.report(d);
        }
    }
}

/// The mappings of a YAML list (a whole list file, or a list field).
pub fn list_records<'a>(ctx: &'a Ctx<'a>, path: &str, value: &'a Value, what: &str) -> Vec<Record<'a>> {
    let Value::Sequence(items) = value else {
        let pos = ctx.src.locator.find(path);
        ctx.report(
            ctx.error(if pos.line == 0 { Pos::new(1, 1) } else { pos }, format!("`{what}` should be a list, found {}", type_name(value)))
                .with_hint("start each item with `- `"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        match item {
            Value::Mapping(map) => out.push(Record::new(ctx, item_path, map)),
            other => {
                let pos = ctx.src.locator.find(&item_path);
                ctx.report(
                    ctx.error(pos, format!("item {} of `{what}` should be a mapping, found {}", i + 1, type_name(other)))
                        .with_hint("write each item as `- id: …` followed by its fields"),
                );
            }
        }
    }
    out
}

/// The years a date or time in the content may have. Wide enough for any conference, and
/// narrow enough that a day, a session or a time zone's offset either side of one never leaves
/// the range of the calendar arithmetic (years -9999 to 9999), so no export has to check it.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// "year 9999 is outside the years confpress supports (1900–2200)".
pub fn unsupported_year(date: Date) -> String {
    format!("year {:04} is outside the years confpress supports ({}–{})", date.year(), YEARS.start(), YEARS.end())
}

pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    t.parse::<Date>().ok()
}

/// A wall-clock time as written in the content, with the UTC offset when the author gave one:
/// the offset picks one of the two instants of a time that happens twice when clocks go back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WallTime {
    pub civil: DateTime,
    pub offset: Option<jiff::tz::Offset>,
}

impl std::fmt::Display for WallTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.civil.strftime("%Y-%m-%d %H:%M"))?;
        match self.offset {
            Some(offset) => write!(f, "{}", offset_text(offset)),
            None => Ok(()),
        }
    }
}

/// `+01:00`, `-03:30`, as written after a time.
pub fn offset_text(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `YYYY-MM-DD HH:MM`, optionally followed by a UTC offset (`+01:00`, `+0100`, `-03`, `Z`), with
/// or without a space before it.
pub fn parse_wall_time(text: &str) -> Option<WallTime> {
    let t = text.trim();
    let (time, offset) = match t.rfind(['+', '-']).filter(|&i| i > 10) {
        Some(i) => (&t[..i], Some(parse_offset(&t[i..])?)),
        None => match t.strip_suffix('Z') {
            Some(time) => (time, Some(jiff::tz::Offset::UTC)),
            None => (t, None),
        },
    };
    Some(WallTime { civil: parse_datetime(time)?, offset })
}

/// `+01:00`, `+0100` or `+01`.
fn parse_offset(text: &str) -> Option<jiff::tz::Offset> {
    let sign: i32 = if text.starts_with('-') { -1 } else { 1 };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if hours > 25 || minutes > 59 {
        return None;
    }
    jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// `YYYY-MM-DD HH:MM` (a `T` instead of the space, and seconds, are accepted too).
pub fn parse_datetime(text: &str) -> Option<DateTime> {
    let t = text.trim();
    if t.len() < 16 || !t.is_char_boundary(10) {
        return None;
    }
    let (date, time) = (&t[..10], &t[11..]);
    let sep = &t[10..11];
    if sep != " " && sep != "T" {
        return None;
    }
    let time = if time.len() == 5 { format!("{time}:00") } else { time.to_string() };
    format!("{date}T{time}").parse::<DateTime>().ok()
}

/// An absolute http(s) URL (not a site path or a file under static/).
pub fn is_remote(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://")) && is_valid_url(text)
}

/// The scheme of `text` when it is a URL of a scheme other than http(s) and mailto, written
/// as one (`ftp://host/x`, `dat://…`, `tel:+31…`): a letter, then letters, digits, `+`, `-`
/// or `.`, a colon and no white space, quotes or angle brackets.
fn other_scheme(text: &str) -> Option<&str> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let well_formed =
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let clean = !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    let web = ["http", "https", "mailto"].iter().any(|w| w.eq_ignore_ascii_case(scheme));
    (well_formed && clean && !web).then_some(scheme)
}

pub fn is_valid_url(text: &str) -> bool {
    let valid_rest = |rest: &str| !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return valid_rest(rest) && !host.is_empty() && !host.starts_with('.') && !host.ends_with('.');
    }
    if let Some(rest) = text.strip_prefix("mailto:") {
        return valid_rest(rest) && rest.contains('@');
    }
    text.starts_with('/') && !text.starts_with("//") && (text.len() == 1 || valid_rest(&text[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times_and_dates() {
        assert_eq!(parse_datetime("2026-05-14 09:30").unwrap().to_string(), "2026-05-14T09:30:00");
        assert!(parse_datetime("2026-05-14 25:00").is_none());
        assert!(parse_datetime("2026-02-30 10:00").is_none());
        assert!(parse_datetime("14.5.2026 10:00").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-12-01").is_some());
    }

    #[test]
    fn parses_wall_times_with_offsets() {
        let at = |s: &str| parse_wall_time(s).map(|w| w.to_string());
        assert_eq!(at("2026-10-25 02:30").as_deref(), Some("2026-10-25 02:30"));
        assert_eq!(at("2026-10-25 02:30+01:00").as_deref(), Some("2026-10-25 02:30+01:00"));
        assert_eq!(at("2026-10-25 02:30 +0200").as_deref(), Some("2026-10-25 02:30+02:00"));
        assert_eq!(at("2026-10-25T02:30:00-03").as_deref(), Some("2026-10-25 02:30-03:00"));
        assert_eq!(at("2026-10-25 02:30Z").as_deref(), Some("2026-10-25 02:30+00:00"));
        assert!(at("2026-10-25 02:30+1").is_none());
        assert!(at("2026-10-25 02:30+01:75").is_none());
        assert!(at("2026-10-25").is_none());
    }

    #[test]
    fn checks_urls() {
        assert!(is_valid_url("https://example.org/a?b=c"));
        assert!(is_valid_url("/venue/"));
        assert!(is_valid_url("mailto:team@example.org"));
        assert!(!is_valid_url("example.org"));
        assert!(!is_valid_url("https://"));
        assert!(!is_valid_url("https://exa mple.org"));
        assert!(!is_valid_url("//evil.org"));
        assert_eq!(other_scheme("dat://abc/x"), Some("dat"));
        assert_eq!(other_scheme("ftp://x.org/a b"), None);
        assert_eq!(other_scheme("example.org"), None);
        assert_eq!(other_scheme("1x:y"), None);
        assert_eq!(other_scheme("https://"), None);
    }
}
