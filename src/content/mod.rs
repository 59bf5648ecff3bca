//! Reading the content folder: discovers files, splits front matter, parses YAML and reads each
//! file into a raw record (see [`raw`]). Nothing here knows about other files: linking records
//! together is the model's job.

pub mod body;
pub mod entities;
pub mod fields;
pub mod locate;
pub mod raw;
pub mod vocab;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use fields::{Ctx, Record, Source};
use raw::*;

/// Every raw record of a site, plus the files copied or used as they are.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub site: Option<RawSite>,
    pub rooms: Vec<RawRoom>,
    pub tracks: Vec<RawTrack>,
    pub speakers: Vec<Arc<RawSpeaker>>,
    pub sessions: Vec<Arc<RawSession>>,
    pub sponsors_file: Option<RawSponsorsFile>,
    pub sponsors: Vec<RawSponsor>,
    pub tickets: Option<RawTickets>,
    pub jobs: Vec<RawJob>,
    pub news: Vec<RawNews>,
    pub pages: Vec<RawPage>,
    /// Files under static/, relative to it, sorted.
    pub static_files: Vec<PathBuf>,
    /// What could not be read, so that checks which depend on it stay quiet.
    pub unreadable: Unreadable,
}

/// Records that could not be read (their file has an error). Checks that depend on them stay
/// quiet: the file's own error is the root cause, and an "unknown track" in every session that
/// names a track whose colour is broken would only bury it.
#[derive(Debug, Default, Clone)]
pub struct Unreadable {
    /// Kinds whose list file (rooms.yaml, tracks.yaml, sponsors.yaml …) has an error: any of
    /// its records may be the one missing.
    lists: Vec<FileKind>,
    /// Kinds and slugs of one-record files (a speaker, a session …) that have an error.
    records: HashSet<(FileKind, String)>,
}

impl Unreadable {
    /// The records behind every error in `diags`, found by the file each error is in.
    pub fn of(diags: &Diagnostics) -> Unreadable {
        let mut out = Unreadable::default();
        for d in diags.iter().filter(|d| d.is_error()) {
            let Some(kind) = kind_of(&d.file) else { continue };
            if kind.is_list() {
                if !out.lists.contains(&kind) {
                    out.lists.push(kind);
                }
            } else if let Some(stem) = d.file.file_stem() {
                out.records.insert((kind, stem.to_string_lossy().into_owned()));
            }
        }
        out
    }

    /// Whether a record of `kind` called `id` may exist but could not be read.
    pub fn may_hide(&self, kind: FileKind, id: &str) -> bool {
        self.lists.contains(&kind) || self.records.contains(&(kind, id.to_string()))
    }

    /// Whether any record of `kind` could not be read.
    pub fn any(&self, kind: FileKind) -> bool {
        self.lists.contains(&kind) || self.records.iter().any(|(k, _)| *k == kind)
    }
}

/// What a content file is, decided by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Site,
    Rooms,
    Tracks,
    Sponsors,
    Tickets,
    Speaker,
    Session,
    Sponsor,
    Job,
    News,
    Page,
}

impl FileKind {
    /// Whether one file holds many records (or the site's settings) rather than one record:
    /// the kinds of the top-level YAML files.
    pub fn is_list(self) -> bool {
        TOP_FILES.iter().any(|(_, kind)| *kind == self)
    }
}

const LIST_FOLDERS: &[(&str, FileKind)] = &[
    ("speakers", FileKind::Speaker),
    ("sessions", FileKind::Session),
    ("sponsors", FileKind::Sponsor),
    ("jobs", FileKind::Job),
    ("news", FileKind::News),
    ("pages", FileKind::Page),
];

const TOP_FILES: &[(&str, FileKind)] = &[
    ("site.yaml", FileKind::Site),
    ("rooms.yaml", FileKind::Rooms),
    ("tracks.yaml", FileKind::Tracks),
    ("sponsors.yaml", FileKind::Sponsors),
    ("tickets.yaml", FileKind::Tickets),
];

/// Folders of a site that hold no records (and the usual output folder).
pub const NON_CONTENT: &[&str] = &["static", "templates", "public", "metrics", "reports", "themes"];

/// The kind of the file at `rel` (relative to the site folder), if it is a content file.
pub fn kind_of(rel: &Path) -> Option<FileKind> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        [name] => TOP_FILES.iter().find(|(n, _)| n == name).map(|(_, k)| *k),
        [folder, _] if is_markdown(rel) => LIST_FOLDERS.iter().find(|(f, _)| f == folder).map(|(_, k)| *k),
        _ => None,
    }
}

/// Markdown files end in `.md` or `.markdown`, in any case (`talk.MD` is read too).
pub fn is_markdown(rel: &Path) -> bool {
    rel.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Every content file of the site, relative to it, sorted. Unexpected files get a warning.
pub fn discover(dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, FileKind)> {
    let mut files: Vec<(PathBuf, FileKind)> = Vec::new();
    // Depth 3 only to warn about folders inside the content folders (`sessions/day-1/talk.md`).
    let walker = walkdir::WalkDir::new(dir).min_depth(1).max_depth(3).sort_by_file_name().into_iter();
    let skip = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        name.starts_with('.') || (e.depth() == 1 && e.file_type().is_dir() && NON_CONTENT.contains(&name.as_ref()))
    };
    for entry in walker.filter_entry(|e| !skip(e)).flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_path_buf();
        match kind_of(&rel) {
            Some(kind) => {
                if let Some(first) = same_record(&files, &rel) {
                    let slug = rel.file_stem().unwrap_or_default().to_string_lossy();
                    let d = Diagnostic::error(&rel, Pos::default(), format!("a second file for `{slug}`"))
                        .with_hint(format!("`{}` has the same name: keep one of the two", first.display()));
                    diags.push(d);
                    continue;
                }
                files.push((rel, kind));
            }
            None => unexpected_file(&rel, diags),
        }
    }
    check_static_folder(dir, diags);
    files
}

/// A file found before `rel` that holds the same record (`talk.md` beside `talk.markdown`).
/// Files come sorted by name, so every `talk.*` of a folder comes right before `rel`.
fn same_record<'a>(files: &'a [(PathBuf, FileKind)], rel: &Path) -> Option<&'a Path> {
    let stem = rel.file_stem()?.to_str()?;
    let prefix = format!("{stem}.");
    let folder = rel.parent()?;
    files
        .iter()
        .rev()
        .take_while(|(p, _)| p.parent() == Some(folder) && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix)))
        .find(|(p, kind)| !kind.is_list() && p.file_stem().and_then(|s| s.to_str()) == Some(stem))
        .map(|(p, _)| p.as_path())
}

/// Warns about a file that sits where content is read but is not read itself.
fn unexpected_file(rel: &Path, diags: &mut Diagnostics) {
    let name = rel.to_string_lossy();
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let file_name = parts.last().copied().unwrap_or_default();
    if file_name.eq_ignore_ascii_case("readme.md") {
        return;
    }
    let content_folder = LIST_FOLDERS.iter().find(|(f, _)| Some(f) == parts.first()).map(|(f, _)| *f);
    let is_content_like = is_markdown(rel) || name.ends_with(".yaml") || name.ends_with(".yml");
    let d = Diagnostic::warning(rel, Pos::default(), "this file is not read");
    let d = match (parts.as_slice(), content_folder) {
        // report.yaml is read by `confpress report` only.
        ([_], _) if !is_content_like || name == "report.yaml" => return,
        ([_], _) => d
            .with_hint("the site's YAML files are site.yaml, rooms.yaml, tracks.yaml, sponsors.yaml and tickets.yaml")
            .suggest(&name, TOP_FILES.iter().map(|(n, _)| *n)),
        ([_, _, _, ..], Some(folder)) => d.with_hint(format!("{folder}/ has no sub-folders: move the file to `{folder}/{file_name}`")),
        (_, Some(folder)) => d.with_hint(format!(
            "only Markdown files (`.md`) are read in {folder}/{}",
            if is_content_like { "" } else { "; images and other files go in static/" }
        )),
        ([folder, _], None) if is_content_like => {
            let hint = "content files go in speakers/, sessions/, sponsors/, jobs/, news/ and pages/; other folders are not read";
            d.with_hint(hint).suggest(folder, LIST_FOLDERS.iter().map(|(f, _)| *f))
        }
        _ => return,
    };
    diags.push(d);
}

/// `static/static/logo.svg` is published as `/static/logo.svg`, which is rarely what was meant.
fn check_static_folder(dir: &Path, diags: &mut Diagnostics) {
    if dir.join("static/static").is_dir() {
        diags.push(Diagnostic::warning("static/static", Pos::default(), "a `static/` folder inside `static/`").with_hint(
            "everything in static/ is published at the site's root, so these files end up under /static/; move them up one level unless that is what you want",
        ));
    }
}

/// Loads every content file under `dir`. Problems go into the returned diagnostics.
pub fn load(dir: &Path) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = crate::timing::timed("discover", || discover(dir, &mut diags));
    let parsed: Vec<(Parsed, Diagnostics)> =
        crate::timing::timed("parse", || files.par_iter().map(|(rel, kind)| load_file(dir, rel, *kind)).collect());
    let mut records = Vec::with_capacity(parsed.len());
    for ((_, kind), (record, d)) in files.iter().zip(parsed) {
        diags.extend(d);
        records.push((*kind, record));
    }
    let content = assemble(dir, records, &mut diags);
    (content, diags)
}

/// Builds [`Content`] from records already parsed, given in the order [`discover`] lists their
/// files (the server keeps parsed files between rebuilds and calls this instead of [`load`]).
/// Reports a missing site.yaml and lists the static files, exactly as [`load`] does.
pub fn assemble(dir: &Path, records: impl IntoIterator<Item = (FileKind, Parsed)>, diags: &mut Diagnostics) -> Content {
    let mut content = Content::default();
    let mut has_site_file = false;
    for (kind, record) in records {
        has_site_file |= kind == FileKind::Site;
        content.add(record);
    }
    if content.site.is_none() && !has_site_file {
        diags.push(
            Diagnostic::error("site.yaml", Pos::default(), "no site.yaml in this folder")
                .with_hint(format!("run confpress in a conference folder, or create one with `confpress new {}`", dir.display())),
        );
    }
    content.static_files = static_files(dir);
    content.unreadable = Unreadable::of(diags);
    content
}

fn static_files(dir: &Path) -> Vec<PathBuf> {
    let root = dir.join("static");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(&root).ok().map(Path::to_path_buf))
        .collect();
    out.sort();
    out
}

/// One file's record, whatever its kind.
#[derive(Debug, Clone)]
pub enum Parsed {
    Nothing,
    Site(Box<RawSite>),
    Rooms(Vec<RawRoom>),
    Tracks(Vec<RawTrack>),
    Sponsors(RawSponsorsFile),
    Tickets(RawTickets),
    /// Speakers and sessions are most of a programme's files: shared, so that the server's
    /// cache of parsed files hands them to each rebuild without copying them.
    Speaker(Arc<RawSpeaker>),
    Session(Arc<RawSession>),
    Sponsor(RawSponsor),
    Job(RawJob),
    News(RawNews),
    Page(RawPage),
}

impl Content {
    /// Adds one file's record (the order of `add` calls is the order of the lists).
    pub fn add(&mut self, record: Parsed) {
        match record {
            Parsed::Nothing => {}
            Parsed::Site(s) => self.site = Some(*s),
            Parsed::Rooms(r) => self.rooms = r,
            Parsed::Tracks(t) => self.tracks = t,
            Parsed::Sponsors(s) => self.sponsors_file = Some(s),
            Parsed::Tickets(t) => self.tickets = Some(t),
            Parsed::Speaker(s) => self.speakers.push(s),
            Parsed::Session(s) => self.sessions.push(s),
            Parsed::Sponsor(s) => self.sponsors.push(s),
            Parsed::Job(j) => self.jobs.push(j),
            Parsed::News(n) => self.news.push(n),
            Parsed::Page(p) => self.pages.push(p),
        }
    }
}

/// Reads and parses one content file.
pub fn load_file(dir: &Path, rel: &Path, kind: FileKind) -> (Parsed, Diagnostics) {
    let diags = RefCell::new(Diagnostics::default());
    let text = match std::fs::read(dir.join(rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                diags
                    .borrow_mut()
                    .push(Diagnostic::error(rel, Pos::default(), "file is not valid UTF-8 text").with_hint("save the file as UTF-8"));
                return (Parsed::Nothing, diags.into_inner());
            }
        },
        Err(e) => {
            diags.borrow_mut().push(Diagnostic::error(rel, Pos::default(), format!("cannot read file: {e}")));
            return (Parsed::Nothing, diags.into_inner());
        }
    };
    let parsed = parse_text(dir, rel, kind, text, &diags);
    (parsed, diags.into_inner())
}

fn parse_text(dir: &Path, rel: &Path, kind: FileKind, text: String, diags: &RefCell<Diagnostics>) -> Parsed {
    let (yaml, first_line, body) = if is_markdown(rel) {
        match split_front_matter(&text) {
            Some(parts) => parts,
            None => {
                diags.borrow_mut().push(
                    Diagnostic::error(rel, Pos::new(1, 1), "missing front matter")
                        .with_hint("start the file with a `---` line, the fields, and another `---` line"),
                );
                return Parsed::Nothing;
            }
        }
    } else {
        // A byte-order mark is allowed by YAML but not by serde_yaml.
        (text.strip_prefix('\u{feff}').unwrap_or(&text), 1, "")
    };
    let locator = locate::Locator::new(yaml, first_line);
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            for d in syntax_errors(rel, yaml, first_line, &e, &locator) {
                diags.borrow_mut().push(d);
            }
            return Parsed::Nothing;
        }
    };
    let body = body.to_string();
    let source = Source { rel: Arc::from(rel), locator, text: text.clone() };
    let ctx = Ctx { src: &source, site_dir: dir, diags };
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let root = |what: &str| Record::root(&ctx, &value, what);
    let slug = || {
        if !entities::is_slug(&stem) {
            let extension = rel.extension().map(|e| e.to_string_lossy()).unwrap_or_default();
            let hint = match entities::slugify(&stem) {
                slug if slug.is_empty() => format!(
                    "the file name is the page's address: use ASCII letters, digits and dashes, such as a romanised name \
                     (`chen-mei-ling.{extension}`); the page shows the `name` or `title` field, in any script"
                ),
                slug => format!("rename it to `{slug}.{extension}` (lowercase letters, digits and dashes)"),
            };
            ctx.report(ctx.error(Pos::default(), format!("file name `{stem}` is not a valid slug")).with_hint(hint));
        }
        stem.clone()
    };
    let out = match kind {
        FileKind::Site => root("the site settings").and_then(entities::site).map(|s| Parsed::Site(Box::new(s))),
        FileKind::Rooms => Some(Parsed::Rooms(entities::rooms(entities::list_file(&ctx, &value, "rooms")))),
        FileKind::Tracks => Some(Parsed::Tracks(entities::tracks(entities::list_file(&ctx, &value, "tracks")))),
        FileKind::Sponsors => root("sponsor tiers").and_then(entities::sponsors_file).map(Parsed::Sponsors),
        FileKind::Tickets => root("ticket settings").and_then(entities::tickets).map(Parsed::Tickets),
        FileKind::Speaker => root("speaker fields").and_then(|r| entities::speaker(r, slug(), body)).map(|s| Parsed::Speaker(Arc::new(s))),
        FileKind::Session => root("session fields").and_then(|r| entities::session(r, slug(), body)).map(|s| Parsed::Session(Arc::new(s))),
        FileKind::Sponsor => root("sponsor fields").and_then(|r| entities::sponsor(r, slug(), body)).map(Parsed::Sponsor),
        FileKind::Job => root("job fields").and_then(|r| entities::job(r, slug(), body)).map(Parsed::Job),
        FileKind::News => {
            let (date, news_slug) = split_date_prefix(&stem);
            root("news fields").and_then(|r| entities::news(r, news_slug, date, body)).map(Parsed::News)
        }
        FileKind::Page => root("page fields").and_then(|r| entities::page(r, slug(), body)).map(Parsed::Page),
    };
    out.unwrap_or(Parsed::Nothing)
}

/// What is wrong with a text serde_yaml rejects, said the way a person fixes it: a key given
/// twice points at both places, a tab in the indentation is named as such, and any other error
/// keeps serde_yaml's own words.
fn syntax_errors(rel: &Path, yaml: &str, first_line: u32, e: &serde_yaml::Error, locator: &locate::Locator) -> Vec<Diagnostic> {
    let (message, pos) = yaml_error(e, first_line);
    if let Some((message, hint)) = number_out_of_range(&message) {
        return vec![Diagnostic::error(rel, pos, message).with_hint(hint)];
    }
    if message.starts_with("duplicate entry") && !locator.duplicates().is_empty() {
        return locator
            .duplicates()
            .iter()
            .map(|d| {
                Diagnostic::error(rel, d.again, format!("`{}` is given twice", d.key))
                    .with_hint(format!("it is first given on line {}; keep one of them", d.first.line))
            })
            .collect();
    }
    let line = yaml.lines().nth(pos.line.saturating_sub(first_line) as usize).unwrap_or("");
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    if let Some(tab) = indent.find('\t') {
        return vec![
            Diagnostic::error(rel, Pos::new(pos.line, tab as u32 + 1), "a tab in the indentation")
                .with_hint("YAML indents with spaces only: replace the tab with spaces (two per level, as in the lines around it)"),
        ];
    }
    vec![
        Diagnostic::error(rel, pos, format!("YAML syntax error: {message}"))
            .with_hint("check indentation and quoting; values containing `: ` or starting with `[`, `{`, `*` or `#` need quotes"),
    ]
}

/// serde_yaml's message and position, moved to where the broken construct *starts* when the
/// parser names it ("while scanning a quoted scalar at line 2 column 14"): that is where the fix goes.
fn yaml_error(e: &serde_yaml::Error, first_line: u32) -> (String, Pos) {
    let text = e.to_string();
    let at = |line: usize, col: usize| Pos::new(line as u32 + first_line - 1, col as u32);
    let mut pos = e.location().map_or(Pos::new(first_line, 1), |l| at(l.line(), l.column()));
    let mut message = text.split(" at line ").next().unwrap_or(&text).to_string();
    if let Some((what, place)) = text.split_once(", while ").and_then(|(_, context)| context.split_once(" at line ")) {
        message = format!("{message} while {what}");
        let mut numbers = place.split(" column ").map(|n| n.trim().parse::<usize>().ok());
        if let (Some(Some(line)), Some(Some(col))) = (numbers.next(), numbers.next()) {
            pos = at(line, col);
        }
    }
    (message, pos)
}

/// The YAML parser cannot hold a whole number past the 64-bit range and fails the file with
/// "capacity: invalid type: integer `18446744073709551616` as u128, expected any YAML value":
/// that is a number too large (or too negative), not a syntax error. Every number field wants 0
/// or more; the whole-number ones at most `u32::MAX`.
fn number_out_of_range(message: &str) -> Option<(String, String)> {
    let (path, rest) = message.split_once(": invalid type: integer `")?;
    let (number, kind) = rest.split_once("` as ")?;
    if !kind.starts_with("u128") && !kind.starts_with("i128") {
        return None;
    }
    let key = path.rsplit('.').next().unwrap_or(path);
    let key = key.split('[').next().unwrap_or(key);
    let key = if key.is_empty() { "this value".to_string() } else { format!("`{key}`") };
    let message = if number.starts_with('-') {
        format!("{key} cannot be negative")
    } else if matches!(key.trim_matches('`'), "capacity" | "quantity" | "rank" | "jobs" | "max") {
        format!("{key} is too large: at most {}", u32::MAX)
    } else {
        format!("{key} is too large: {number}")
    };
    Some((message, "write a smaller number, or put the value in quotes if it is text".to_string()))
}

/// `2026-03-01-cfp-open` → (2026-03-01, `cfp-open`).
fn split_date_prefix(stem: &str) -> (Option<jiff::civil::Date>, String) {
    if stem.len() > 11
        && stem.is_char_boundary(10)
        && stem.as_bytes()[10] == b'-'
        && let Some(date) = fields::parse_date(&stem[..10])
    {
        return (Some(date), stem[11..].to_string());
    }
    (None, stem.to_string())
}

/// Splits `---\nyaml\n---\nbody` into (yaml, line of the yaml's first line, body).
pub fn split_front_matter(text: &str) -> Option<(&str, u32, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Some((&rest[..offset], 2, body));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter() {
        let (yaml, line, body) = split_front_matter("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!((yaml, line, body), ("title: A\n", 2, "Body\n"));
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
        let (_, _, body) = split_front_matter("---\n---\n").unwrap();
        assert_eq!(body, "");
    }

    #[test]
    fn kinds_by_place() {
        assert_eq!(kind_of(Path::new("sessions/a.md")), Some(FileKind::Session));
        assert_eq!(kind_of(Path::new("site.yaml")), Some(FileKind::Site));
        assert_eq!(kind_of(Path::new("sessions/a.txt")), None);
        assert_eq!(kind_of(Path::new("a/b/c.md")), None);
    }

    #[test]
    fn numbers_past_64_bits() {
        let (m, _) =
            number_out_of_range(".[0].capacity: invalid type: integer `18446744073709551616` as u128, expected any YAML value").unwrap();
        assert_eq!(m, "`capacity` is too large: at most 4294967295");
        let (m, _) =
            number_out_of_range("tiers[0].price: invalid type: integer `-9223372036854775809` as i128, expected any YAML value").unwrap();
        assert_eq!(m, "`price` cannot be negative");
        let (m, _) =
            number_out_of_range("duration: invalid type: integer `18446744073709551616` as u128, expected any YAML value").unwrap();
        assert_eq!(m, "`duration` is too large: 18446744073709551616");
        assert!(number_out_of_range("did not find expected key").is_none());
    }

    #[test]
    fn news_date_prefix() {
        let (date, slug) = split_date_prefix("2026-03-01-cfp-open");
        assert_eq!(date.unwrap().to_string(), "2026-03-01");
        assert_eq!(slug, "cfp-open");
        assert_eq!(split_date_prefix("welcome").1, "welcome");
    }
}
