//! `confpress import`: a programme exported by a call-for-papers tool, into the content folder.
//!
//! Every format is read into one [`programme::Programme`] (`frab_json`, `frab_xml`,
//! `sessionize`, `pretalx`); one writer turns it into content records (`write`); the merge
//! compares them with the files and what the last import wrote (`merge`, `state`), and the
//! result is written all or nothing (`apply`). docs/import.md is the user's side of this.

pub mod apply;
pub mod frab_json;
pub mod frab_xml;
pub mod input;
pub mod json;
pub mod kinds;
pub mod merge;
pub mod pretalx;
pub mod programme;
pub mod report;
pub mod sessionize;
pub mod site;
pub mod state;
pub mod times;
pub mod write;

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::diag::{Diagnostic, Pos};
use input::{Input, Source};
use programme::Programme;

/// The formats `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    FrabJson,
    FrabXml,
    Sessionize,
    Pretalx,
}

impl Format {
    pub const ALL: &[Format] = &[Format::FrabJson, Format::FrabXml, Format::Sessionize, Format::Pretalx];

    pub fn name(self) -> &'static str {
        match self {
            Format::FrabJson => "frab-json",
            Format::FrabXml => "frab-xml",
            Format::Sessionize => "sessionize",
            Format::Pretalx => "pretalx",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// A file, `-`, an http(s) URL, or (pretalx) a folder.
    pub source: String,
    pub into: PathBuf,
    pub format: Option<Format>,
    pub dry_run: bool,
    pub prune: bool,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug)]
pub struct Outcome {
    pub format: Format,
    pub plan: merge::Plan,
    /// site.yaml keys added.
    pub site_added: Vec<String>,
    pub not_kept: std::collections::BTreeMap<String, usize>,
    pub dry_run: bool,
    /// `--prune`: what is gone from the source was removed.
    pub pruned: bool,
}

/// Reads the export, plans the change and, unless `dry_run`, writes it.
pub fn run(opts: &Options) -> Result<Outcome, Diagnostic> {
    let source = match opts.format {
        // pretalx's API is many paginated endpoints: the URL of the event's API is crawled.
        Some(Format::Pretalx) if input::is_url(&opts.source) && opts.source.contains("/api/events/") => pretalx::crawl(&opts.source)?,
        _ => input::read(&opts.source)?,
    };
    let format = match opts.format {
        Some(f) => f,
        None => detect(&source)?,
    };
    let mut programme = parse(format, &source)?;
    programme.unique_session_keys();
    let site = site::Site::read(&opts.into)?;
    let state = state::State::read(&opts.into)?;
    let zone = zone(&site, &programme, &opts.into)?;
    let source_zone = programme.timezone.as_deref().and_then(|z| TimeZone::get(z).ok()).unwrap_or_else(|| zone.clone());
    let kinds = kinds::KindTable::new(&site.kinds);
    let setting = write::Setting { zone, source_zone, kinds: &kinds, state: &state };
    let desired = write::desired(&mut programme, &setting, |k| site.has(k));
    let mut plan = merge::plan(&opts.into, &desired, &state, opts.prune)?;
    let site_added: Vec<String> = desired.site.iter().map(|(k, _)| k.to_string()).collect();
    if !desired.site.is_empty() {
        let action = if site.text.is_some() { merge::Action::Update } else { merge::Action::Create };
        let mut additions = desired.site.clone();
        if site.text.is_none() {
            // The one required key no export knows: where the site will be deployed.
            additions.push(("base_url", serde_yaml::Value::String("https://example.org/".into())));
        }
        let text = site.with_additions(&additions);
        plan.changes.push(merge::Change { path: site::FILE.into(), action, text: Some(text), fields: site_added.clone() });
    }
    let state_text = plan.state.to_text();
    if state_text != state.to_text() || !opts.into.join(state::FILE).exists() {
        let action = if opts.into.join(state::FILE).exists() { merge::Action::Update } else { merge::Action::Create };
        plan.changes.push(merge::Change { path: state::FILE.into(), action, text: Some(state_text), fields: Vec::new() });
    }
    if !opts.dry_run {
        apply::apply(&opts.into, &plan.changes)?;
    }
    Ok(Outcome { format, plan, site_added, not_kept: programme.not_kept, dry_run: opts.dry_run, pruned: opts.prune })
}

/// The zone times are written in: site.yaml's, else the export's (which is then added to site.yaml).
fn zone(site: &site::Site, p: &Programme, dir: &Path) -> Result<TimeZone, Diagnostic> {
    if let Some(z) = site.zone() {
        return Ok(z);
    }
    if let Some(name) = site.string("timezone") {
        return Err(Diagnostic::error(site::FILE, Pos::default(), format!("site.yaml's `timezone` `{name}` is not an IANA time zone"))
            .with_hint("write a zone such as `Europe/Berlin`"));
    }
    match p.timezone.as_deref() {
        Some(name) => TimeZone::get(name).map_err(|_| {
            Diagnostic::error(dir.join(site::FILE), Pos::default(), format!("the export's time zone `{name}` is not an IANA time zone"))
                .with_hint("add `timezone: Europe/Berlin` (the conference's zone) to site.yaml and import again")
        }),
        None => Err(Diagnostic::error(site::FILE, Pos::default(), "neither site.yaml nor the export says the conference's time zone")
            .with_hint("add `timezone: Europe/Berlin` (the conference's zone) to site.yaml and import again")),
    }
}

fn parse(format: Format, source: &Source) -> Result<Programme, Diagnostic> {
    match (format, source) {
        (Format::Pretalx, _) => pretalx::read(source),
        (_, Source::Folder(dir)) => {
            Err(Diagnostic::error(dir, Pos::default(), format!("a folder can only be imported as `pretalx`, not `{}`", format.name()))
                .with_hint("give the export file itself, or `--format pretalx` for a folder of pretalx API responses"))
        }
        (Format::FrabJson, Source::One(i)) => frab_json::read(i),
        (Format::FrabXml, Source::One(i)) => frab_xml::read(i),
        (Format::Sessionize, Source::One(i)) => sessionize::read(i),
    }
}

/// The format, told from the content: XML with a `<schedule>` is frab XML; JSON by its
/// top-level keys (`schedule`: frab; `sessions` + `speakers` arrays: Sessionize;
/// `submissions` or an API page with `results`: pretalx).
pub fn detect(source: &Source) -> Result<Format, Diagnostic> {
    let input = match source {
        Source::Folder(_) => return Ok(Format::Pretalx),
        Source::One(i) => i,
    };
    let text = String::from_utf8_lossy(&input.bytes[..input.bytes.len().min(4096)]);
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        return if head.contains("<schedule") { Ok(Format::FrabXml) } else { Err(unknown(input, "XML without a <schedule> element")) };
    }
    if head.starts_with('[') {
        // Sessionize's "Sessions" and "Speakers" views are arrays; its "All Data" view is not.
        return Err(unknown(input, "a JSON array (for Sessionize, export the \"All Data\" view, not \"Sessions\" or \"Speakers\")"));
    }
    if !head.starts_with('{') {
        return Err(unknown(input, "neither JSON nor XML"));
    }
    let keys: json::TopKeys = json::parse(input, "schedule export")?;
    match keys {
        json::TopKeys { schedule: Some(_), .. } => Ok(Format::FrabJson),
        json::TopKeys { submissions: Some(_), .. } | json::TopKeys { results: Some(_), .. } => Ok(Format::Pretalx),
        json::TopKeys { sessions: Some(_), .. } => Ok(Format::Sessionize),
        _ => Err(unknown(input, "JSON without `schedule`, `sessions` or `submissions`")),
    }
}

fn unknown(input: &Input, what: &str) -> Diagnostic {
    Diagnostic::error(&input.name, Pos::new(1, 1), format!("unknown export format: {what}")).with_hint(format!(
        "confpress imports {}; name one with `--format`",
        Format::ALL.iter().map(|f| format!("`{}`", f.name())).collect::<Vec<_>>().join(", ")
    ))
}
