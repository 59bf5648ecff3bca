//! Incremental rebuilds: the same site as `confpress build`, minus the work a change cannot
//! have affected.
//!
//! A [`Builder`] keeps four caches between rebuilds:
//! - every content file as parsed, stamped with its length and modification time: a rebuild
//!   re-parses only the files whose stamp changed or that the watcher reported, then assembles
//!   the content in discovery order and resolves the whole model again (it is fast, and every
//!   cross-file rule must be checked again);
//! - the theme with its compiled templates, reloaded when templates, the theme or the site's
//!   theme settings change;
//! - each session's slot and cards ([`crate::render::fragments`]), with a fingerprint of the
//!   session's summary, its place in the grid and the site-wide context;
//! - every rendered page with a fingerprint of what produced it: the templates, the site-wide
//!   context ([`pages::site_wide`]) and what the page reads, derived from its kind's view, not
//!   listed here. Session and speaker pages — most of a big site — and the long lists of cards
//!   declare the inputs their view is made from ([`pages::Kind::inputs`], a derived `Hash` of
//!   the model records they read), so an unchanged one costs a few hashes, not its view; every
//!   other page's view ([`pages::page_data`]) is computed and its values hashed. A page whose
//!   fingerprint is unchanged is not rendered again, and an edit shows up
//!   wherever it is shown — the agenda, the speaker's page, the track and room pages.
//!
//! Exports (calendars, schedule files, feeds, sitemap) are left to the caller, which computes
//! them after publishing the pages ([`Output::exports`]).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use jiff::Timestamp;
use rayon::prelude::*;
use serde_json::Value;
use tera::Tera;

use super::site::{Entry, inject_live_script};
use crate::content::{self, FileKind, Parsed};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::export;
use crate::model::{Conference, Site};
use crate::pipeline::{self, BuildOptions};
use crate::render::fingerprint::{Fingerprinter, Prints, fingerprinter, hash_value};
use crate::render::fragments::{Fragments, Kept, SessionHtml};
use crate::render::placements::{self, PlacementRecord};
use crate::render::views::Views;
use crate::render::{self, agenda, pages, theme, theme::Theme};
use crate::sink::OutFile;

/// What changed since the last rebuild, as reported by the watcher.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Paths relative to the site folder. Content files among them are re-parsed even when
    /// their stamp looks unchanged (two saves within the clock's resolution).
    pub paths: HashSet<PathBuf>,
    /// Templates or theme files changed: reload the theme and recompile the templates.
    pub theme: bool,
    /// Events were lost, or this is the first build: trust nothing cached.
    pub everything: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.theme && !self.everything
    }
}

/// Length and modification time: a file whose stamp is unchanged is not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| Stamp { len: meta.len(), modified: meta.modified().ok() })
}

/// One content file as last parsed.
struct CachedFile {
    kind: FileKind,
    /// Taken before the file was read, so a write after it shows up as a new stamp.
    stamp: Option<Stamp>,
    parsed: Parsed,
    diags: Diagnostics,
}

/// The content files found by the last full listing, with the listing's own warnings.
struct Listing {
    files: Vec<(PathBuf, FileKind)>,
    diags: Diagnostics,
}

/// The theme and its compiled templates, valid while `key` and the template files stay the same.
struct CachedTheme {
    key: ThemeKey,
    theme: Theme,
    tera: Tera,
    /// Counts theme loads: part of every page's fingerprint.
    generation: u64,
    assets: Vec<(String, Arc<Entry>)>,
}

/// What decides which theme files a site uses.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ThemeKey {
    theme_dir: Option<PathBuf>,
    language: String,
}

impl ThemeKey {
    fn of(site: &Site) -> ThemeKey {
        ThemeKey { theme_dir: site.theme_dir.clone(), language: site.language.clone() }
    }
}

/// A rendered page and what produced it.
#[derive(Clone)]
struct CachedPage {
    fingerprint: u64,
    entry: Arc<Entry>,
    /// The (sponsor, placement) pairs the page shows.
    /// Shared: reused pages are cloned on every rebuild, and a footer alone lists 30 sponsors.
    shown: Arc<[(String, String)]>,
}

/// A successful build, ready to serve (exports still to compute).
pub struct Output {
    /// Pages (with the live-reload script) and theme assets, by output path.
    pub files: Arc<HashMap<String, Arc<Entry>>>,
    pub conf: Arc<Conference>,
    pub page_count: usize,
    /// Pages rendered again (the others were reused).
    pub rendered: usize,
    /// Warnings.
    pub diags: Diagnostics,
    strings: Value,
}

impl Output {
    /// Computes the exports of this build: slow for big sites, so the caller runs it after
    /// publishing the pages (see [`super::site::Exports`]).
    pub fn exports(&self) -> impl FnOnce() -> Vec<OutFile> + Send + 'static {
        let conf = Arc::clone(&self.conf);
        let strings = self.strings.clone();
        move || {
            let views = Views::new(&conf, strings);
            let routes = pages::routes(&pages::plan(&conf));
            let files = crate::sink::Collect::default();
            // Collecting in memory cannot fail.
            let _ = render::app::write_app_files(&views, &routes, &files).and_then(|()| export::write(&conf, &routes, &files));
            files.into_files()
        }
    }
}

/// A rebuild's result and what it cost.
pub struct Rebuilt {
    /// The built site, or every diagnostic when it failed.
    pub result: Result<Output, Diagnostics>,
    /// How many content files were parsed again.
    pub reparsed: usize,
}

/// Compiles a site again and again, redoing only what changed. See the module docs.
pub struct Builder {
    site_dir: PathBuf,
    opts: BuildOptions,
    strict: bool,
    /// Parsed content files by path (hashed: a programme has thousands, looked up on every rebuild).
    files: HashMap<PathBuf, CachedFile>,
    listing: Option<Listing>,
    theme: Option<CachedTheme>,
    theme_loads: u64,
    pages: HashMap<String, CachedPage>,
    /// Which page shows which sponsor, for the pages in `pages`.
    record: Option<PlacementRecord>,
    /// Each session's slot and cards by slug, with the fingerprint of what produced them.
    fragments: HashMap<String, (u64, Arc<SessionHtml>)>,
    /// Each speaker's card (their summary with `card_html`) by slug, likewise.
    speaker_cards: HashMap<String, (u64, tera::Value)>,
}

impl Builder {
    /// A builder with nothing cached; `strict` makes warnings fail a build.
    pub fn new(site_dir: &Path, opts: BuildOptions, strict: bool) -> Builder {
        Builder {
            site_dir: site_dir.to_path_buf(),
            opts,
            strict,
            files: HashMap::new(),
            listing: None,
            theme: None,
            theme_loads: 0,
            pages: HashMap::new(),
            record: None,
            fragments: HashMap::new(),
            speaker_cards: HashMap::new(),
        }
    }

    /// The theme folder of the last resolved site, when it is not the embedded theme.
    pub fn theme_dir(&self) -> Option<&Path> {
        self.theme.as_ref().and_then(|t| t.key.theme_dir.as_deref())
    }

    /// Builds the site, redoing only what `changes` and the files' stamps say changed.
    pub fn rebuild(&mut self, changes: &Changes) -> Rebuilt {
        if changes.everything {
            self.files.clear();
            self.listing = None;
            self.theme = None;
        }
        if changes.theme {
            self.theme = None;
        }
        let (mut diags, reparsed) = crate::timing::timed("reparse", || self.refresh_files(changes));
        let listing = self.listing.as_ref().expect("listed by refresh_files");
        let copies: Vec<(FileKind, Parsed, Diagnostics)> = crate::timing::timed("copies", || {
            listing
                .files
                .par_iter()
                .map(|(rel, kind)| {
                    let cached = &self.files[rel];
                    (*kind, cached.parsed.clone(), cached.diags.clone())
                })
                .collect()
        });
        let mut records = Vec::with_capacity(copies.len());
        for (kind, parsed, d) in copies {
            diags.extend(d);
            records.push((kind, parsed));
        }
        let content = crate::timing::timed("assemble", || content::assemble(&self.site_dir, records, &mut diags));
        let (conf, diags) = pipeline::resolve_content(&self.site_dir, content, diags, &self.opts);
        let Some(conf) = conf else {
            return Rebuilt { result: Err(diags), reparsed };
        };
        let result = crate::timing::timed("render", || self.render(conf, diags)).and_then(|out| {
            if self.strict && !out.diags.is_empty() {
                let mut diags = out.diags;
                diags.push(
                    Diagnostic::error("--strict", Pos::default(), "warnings are errors with --strict")
                        .with_hint("fix the warnings above, or serve without --strict"),
                );
                return Err(diags);
            }
            Ok(out)
        });
        Rebuilt { result, reparsed }
    }

    /// Brings the file cache up to date; returns the listing's diagnostics and how many files
    /// were parsed. The folder is listed again unless every changed path is a known content
    /// file that is still there (the common case: an edit).
    fn refresh_files(&mut self, changes: &Changes) -> (Diagnostics, usize) {
        let dir = self.site_dir.clone();
        let edits_only = self.listing.is_some()
            && changes.paths.iter().all(|p| if self.files.contains_key(p) { stamp(&dir.join(p)).is_some() } else { outside_content(p) });
        if !edits_only {
            let mut diags = Diagnostics::default();
            let files = content::discover(&dir, &mut diags);
            self.listing = Some(Listing { files, diags });
        }
        let listing = self.listing.as_ref().expect("just listed");
        // Which files to parse again: new ones, changed stamps, missing last time, reported.
        // After an edit, the candidates are the changed files the cache knows (an edit keeps a
        // file's kind): found from the few changed paths, not by scanning the whole listing.
        let candidates: Vec<(PathBuf, FileKind)> = if edits_only {
            changes.paths.iter().filter_map(|rel| self.files.get(rel).map(|c| (rel.clone(), c.kind))).collect()
        } else {
            listing.files.clone()
        };
        let stamps: Vec<Option<Stamp>> = candidates.par_iter().map(|(rel, _)| stamp(&dir.join(rel))).collect();
        let stale: Vec<((PathBuf, FileKind), Option<Stamp>)> = candidates
            .into_iter()
            .zip(stamps)
            .filter(|((rel, kind), st)| match self.files.get(rel) {
                Some(c) => c.kind != *kind || c.stamp.is_none() || c.stamp != *st || changes.paths.contains(rel),
                None => true,
            })
            .collect();
        let parsed: Vec<(Parsed, Diagnostics)> = stale.par_iter().map(|((rel, kind), _)| content::load_file(&dir, rel, *kind)).collect();
        let reparsed = parsed.len();
        let updates: Vec<(PathBuf, CachedFile)> = stale
            .into_iter()
            .zip(parsed)
            .map(|(((rel, kind), stamp), (parsed, diags))| (rel, CachedFile { kind, stamp, parsed, diags }))
            .collect();
        self.files.extend(updates);
        if !edits_only {
            let present: HashSet<&PathBuf> = listing.files.iter().map(|(rel, _)| rel).collect();
            self.files.retain(|rel, _| present.contains(rel));
        }
        (listing.diags.clone(), reparsed)
    }

    /// Renders the pages whose fingerprint changed and audits sponsor placements.
    fn render(&mut self, conf: Conference, mut diags: Diagnostics) -> Result<Output, Diagnostics> {
        let key = ThemeKey::of(&conf.site);
        if self.theme.as_ref().is_none_or(|t| t.key != key) {
            self.theme = None;
            let (theme, tera) = theme::load(&conf.site, &self.site_dir)
                .and_then(|theme| render::compile(&theme).map(|tera| (theme, tera)))
                .map_err(|d| {
                    let mut all = diags.clone();
                    all.extend(d);
                    all
                })?;
            self.theme_loads += 1;
            let now = Timestamp::now();
            let assets = theme
                .assets
                .iter()
                .map(|(path, bytes)| (format!("assets/{path}"), Arc::new(Entry::new(path, bytes.clone(), now))))
                .collect();
            self.theme = Some(CachedTheme { key, theme, tera, generation: self.theme_loads, assets });
        }
        let cached = self.theme.as_ref().expect("loaded above");
        let views = crate::timing::timed("views", || Views::new(&conf, cached.theme.strings.clone()));
        let plan = pages::plan(&conf);
        let parts = render::parts(&views, &cached.tera)?;
        let site_wide = crate::timing::timed("site-wide", || {
            let mut site_wide = fingerprinter();
            site_wide.write_u64(cached.generation);
            hash_value(&mut site_wide, &pages::site_wide(&views));
            site_wide.finish()
        });
        let prints = crate::timing::timed("prints", || Prints::of(&views));
        let fragments = crate::timing::timed("fragments", || {
            fragments(&mut self.fragments, &mut self.speaker_cards, &views, &prints, &cached.tera, site_wide)
        })?;

        let job = PageJob {
            views: &views,
            prints: &prints,
            fragments: &fragments,
            parts: &parts,
            previous: &self.pages,
            site_wide,
            now: Timestamp::now(),
        };
        let results: Vec<Result<(CachedPage, bool), Diagnostic>> = crate::timing::timed("pages", || {
            plan.par_iter().map_init(|| pages::shared_context(&views), |shared, page| job.page(shared, page)).collect()
        });

        let mut pages_now = HashMap::with_capacity(plan.len());
        let mut rendered = 0;
        let mut failed = Diagnostics::default();
        // The placement record stays valid while the same pages show the same sponsors.
        let mut same_placements = self.record.is_some() && plan.len() == self.pages.len();
        for (page, result) in plan.iter().zip(results) {
            match result {
                Ok((cached_page, fresh)) => {
                    rendered += usize::from(fresh);
                    same_placements &= self
                        .pages
                        .get(&page.path)
                        .is_some_and(|old| Arc::ptr_eq(&old.shown, &cached_page.shown) || old.shown == cached_page.shown);
                    pages_now.insert(page.path.clone(), cached_page);
                }
                Err(d) => failed.push(d),
            }
        }
        if failed.has_errors() {
            diags.extend(failed);
            return Err(diags);
        }
        self.pages = pages_now;
        if !same_placements {
            let mut record = PlacementRecord::default();
            for page in &plan {
                record.add(&page.path, self.pages[&page.path].shown.iter().map(|(s, p)| (s.as_str(), p.as_str())));
            }
            record.sort();
            self.record = Some(record);
        }
        diags.extend(placements::audit(&conf, self.record.as_ref().expect("recorded above")));
        if diags.has_errors() {
            return Err(diags);
        }
        views.free_in_background();
        let mut files: HashMap<String, Arc<Entry>> = self.pages.iter().map(|(path, p)| (path.clone(), p.entry.clone())).collect();
        for (path, entry) in &cached.assets {
            files.entry(path.clone()).or_insert_with(|| entry.clone());
        }
        Ok(Output {
            files: Arc::new(files),
            conf: Arc::new(conf),
            page_count: plan.len(),
            rendered,
            diags,
            strings: cached.theme.strings.clone(),
        })
    }
}

/// What a rebuild needs to bring one page up to date.
struct PageJob<'a> {
    views: &'a Views<'a>,
    prints: &'a Prints,
    fragments: &'a Fragments,
    parts: &'a pages::Parts<'a>,
    /// The pages of the last rebuild, by output path.
    previous: &'a HashMap<String, CachedPage>,
    /// The fingerprint of the site-wide context and the templates.
    site_wide: u64,
    now: Timestamp,
}

impl PageJob<'_> {
    /// The page as the last rebuild left it when nothing it shows changed (`false`), else
    /// rendered again (`true`). `shared` is a [`pages::shared_context`].
    fn page(&self, shared: &mut tera::Context, page: &pages::PageSpec) -> Result<(CachedPage, bool), Diagnostic> {
        let old = self.previous.get(&page.path);
        // Pages that declare their inputs (sessions, speakers, the lists of cards) have their
        // data computed only when those changed. Other pages are judged by their data.
        let declared = pages::page_inputs(self.views, self.prints, page.kind).map(|i| self.fingerprint(page, &|h| h.write_u64(i)));
        if let Some(old) = old.filter(|o| declared == Some(o.fingerprint)) {
            return Ok((old.clone(), false));
        }
        let data = pages::page_data(self.views, self.fragments, page.kind);
        let fingerprint = declared.unwrap_or_else(|| self.fingerprint(page, &|h| data.feed(h)));
        if let Some(old) = old.filter(|o| o.fingerprint == fingerprint) {
            return Ok((old.clone(), false));
        }
        let rendered = pages::render_page_data(self.views, self.parts, shared, page, data).map_err(|e| render::page_error(page, &e))?;
        let shown = rendered.shown().into_iter().map(|(s, p)| (s.to_string(), p.to_string())).collect();
        let bytes = inject_live_script(rendered.into_bytes());
        let entry = match old {
            Some(old) if old.entry.bytes == bytes => old.entry.clone(),
            _ => Arc::new(Entry::new(&page.path, bytes, self.now)),
        };
        Ok((CachedPage { fingerprint, entry, shown }, true))
    }

    /// The fingerprint of `page` given what `inputs` feeds in about its own data.
    fn fingerprint(&self, page: &pages::PageSpec, inputs: &dyn Fn(&mut Fingerprinter)) -> u64 {
        let mut h = fingerprinter();
        h.write_u64(self.site_wide);
        h.write(page.path.as_bytes());
        h.write(page.template.as_bytes());
        inputs(&mut h);
        h.finish()
    }
}

/// Every session's slot and cards and every speaker's card, rendered again only for the sessions
/// and speakers whose data, slot or site-wide context changed.
fn fragments(
    sessions: &mut HashMap<String, (u64, Arc<SessionHtml>)>,
    speakers: &mut HashMap<String, (u64, tera::Value)>,
    views: &Views,
    prints: &Prints,
    tera: &Tera,
    site_wide: u64,
) -> Result<Fragments, Diagnostics> {
    let conf = views.conf;
    let slots = agenda::slots(conf);
    let fingerprint = |print: u64, slot: Option<&agenda::Slot>| {
        let mut h = fingerprinter();
        h.write_u64(site_wide);
        slot.hash(&mut h);
        h.write_u64(print);
        h.finish()
    };
    let session_prints: Vec<u64> =
        (0..conf.sessions.len()).into_par_iter().map(|i| fingerprint(prints.sessions[i], Some(&slots[i]))).collect();
    let speaker_prints: Vec<u64> = prints.speakers.par_iter().map(|&p| fingerprint(p, None)).collect();
    fn kept<'a, T>(cache: &'a HashMap<String, (u64, T)>, slug: &str, print: u64) -> Option<&'a T> {
        cache.get(slug).filter(|(f, _)| *f == print).map(|(_, kept)| kept)
    }
    let kept_session = |i: usize| kept(sessions, &conf.sessions[i].slug, session_prints[i]).cloned();
    let kept_speaker = |i: usize| kept(speakers, &conf.speakers[i].slug, speaker_prints[i]).cloned();
    let fragments = render::render_fragments(views, tera, &slots, &Kept { session: &kept_session, speaker: &kept_speaker })?;
    *sessions = remembered(conf.sessions.iter().map(|s| &s.slug), session_prints, &fragments.sessions);
    *speakers = remembered(conf.speakers.iter().map(|sp| &sp.slug), speaker_prints, &fragments.speakers);
    Ok(fragments)
}

/// The fragments to keep for the next rebuild: each by its slug, with its fingerprint.
fn remembered<'a, T: Clone>(slugs: impl Iterator<Item = &'a String>, prints: Vec<u64>, values: &[T]) -> HashMap<String, (u64, T)> {
    slugs.zip(prints).zip(values).map(|((slug, print), value)| (slug.clone(), (print, value.clone()))).collect()
}

/// Whether `rel` lies in a folder that holds no content records (static files, templates,
/// themes), so a change to it cannot change the list of content files.
fn outside_content(rel: &Path) -> bool {
    rel.components().count() > 1 && ["static", "templates", "themes"].iter().any(|f| rel.starts_with(f))
}

/// A short list of the changed paths for the terminal (`sessions/a.md, site.yaml and 3 more`).
pub fn describe(changes: &Changes) -> String {
    let mut names: Vec<String> = changes.paths.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
    names.sort();
    let mut out = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        out.push_str(&format!(" and {} more", names.len() - 3));
    }
    if out.is_empty() && changes.theme {
        out.push_str("the theme");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where two outputs part, with some context: served bytes, then built bytes.
    fn first_difference(served: &[u8], built: &[u8]) -> String {
        let at = served.iter().zip(built).position(|(a, b)| a != b).unwrap_or(served.len().min(built.len()));
        let around = |bytes: &[u8]| String::from_utf8_lossy(&bytes[at.saturating_sub(80)..(at + 80).min(bytes.len())]).into_owned();
        format!("at byte {at}: served {:?}, built {:?}", around(served), around(built))
    }

    /// The first Markdown file of `folder` (relative to `site`) and its absolute path.
    fn first_md(site: &Path, folder: &str) -> (PathBuf, PathBuf) {
        let path = std::fs::read_dir(site.join(folder))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .min()
            .unwrap();
        (path.strip_prefix(site).unwrap().to_path_buf(), path)
    }

    /// Sets `field` to `value` in the first Markdown file of `folder`; returns its relative path.
    fn set_field(site: &Path, folder: &str, field: &str, value: &str) -> PathBuf {
        let (rel, path) = first_md(site, folder);
        let prefix = format!("{field}:");
        let text = std::fs::read_to_string(&path).unwrap();
        let edited: Vec<String> =
            text.lines().map(|l| if l.starts_with(&prefix) { format!("{field}: {value}") } else { l.to_string() }).collect();
        std::fs::write(&path, edited.join("\n") + "\n").unwrap();
        rel
    }

    /// The server's pages and exports are byte for byte what `confpress build` writes (apart
    /// from the live-reload script), before and after an edit that only some pages show.
    #[test]
    fn same_output_as_a_full_build() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&example).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let rel = entry.path().strip_prefix(&example).unwrap();
            if rel.starts_with("public") {
                continue;
            }
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &to).unwrap();
        }
        let opts = BuildOptions {
            base_url: Some("http://127.0.0.1:9/".into()),
            now: Some("2026-08-01T00:00:00Z".into()),
            ..BuildOptions::default()
        };
        let mut builder = Builder::new(dir.path(), opts.clone(), false);
        let check = |builder: &mut Builder, changes: &Changes| {
            let out = builder.rebuild(changes).result.unwrap_or_else(|d| panic!("{}", d.render(dir.path())));
            let full = pipeline::compile(dir.path(), &opts).unwrap_or_else(|d| panic!("{}", d.render(dir.path())));
            let exports: HashMap<String, Vec<u8>> = out.exports()().into_iter().map(|f| (f.path, f.bytes)).collect();
            assert_eq!(out.page_count, full.rendered.page_count);
            let mut served = 0;
            for f in &full.rendered.files {
                let bytes = match out.files.get(&f.path) {
                    Some(e) => e.bytes.clone(),
                    None => exports.get(&f.path).unwrap_or_else(|| panic!("{} not served", f.path)).clone(),
                };
                let want = if f.path.ends_with(".html") { inject_live_script(f.bytes.clone()) } else { f.bytes.clone() };
                assert!(bytes == want, "{} differs from a full build: {}", f.path, first_difference(&bytes, &want));
                served += 1;
            }
            assert_eq!(served, out.files.len() + exports.len());
            out.rendered
        };
        let all = Changes { everything: true, ..Changes::default() };
        let first = check(&mut builder, &all);
        assert_eq!(first, builder.pages.len());

        // Edit one session's title: fewer pages are rendered, and all are still right.
        let rel = set_field(dir.path(), "sessions", "title", "A Title Nobody Used Before");
        let changes = Changes { paths: HashSet::from([rel]), ..Changes::default() };
        let again = check(&mut builder, &changes);
        assert!(again > 0 && again < first, "{again} of {first} pages rendered again");

        // Rename a speaker: their page, their sessions' pages, the agenda and the speaker list
        // all show the name; the output must still equal a full build's.
        let rel = set_field(dir.path(), "speakers", "name", "Zelda Quux-Renamed");
        let again = check(&mut builder, &Changes { paths: HashSet::from([rel.clone()]), ..Changes::default() });
        assert!(again > 1 && again < first, "{again} of {first} pages rendered again");

        // Edits that session and speaker pages read beyond the summaries: an abstract, a
        // speaker's affiliation (on the session pages' speaker cards and structured data), a
        // sponsor's name (on the sessions it sponsors), a track's color and a room's name
        // (in every slot and card of their sessions).
        let (session_file, _) = first_md(dir.path(), "sessions");
        let text = std::fs::read_to_string(dir.path().join(&session_file)).unwrap();
        std::fs::write(dir.path().join(&session_file), text + "\nA paragraph added by the test, *with emphasis*.\n").unwrap();
        // (A sponsor is in the footer of every page.)
        let edits: [(&dyn Fn() -> PathBuf, bool); 3] = [
            (&|| session_file.clone(), false),
            (&|| set_field(dir.path(), "speakers", "affiliation", "Quux Research Lab"), false),
            (&|| set_field(dir.path(), "sponsors", "name", "Renamed Sponsor Ltd"), true),
        ];
        for (edit, everywhere) in edits {
            let rel = edit();
            let again = check(&mut builder, &Changes { paths: HashSet::from([rel.clone()]), ..Changes::default() });
            assert!(again > 0 && (again < first || everywhere), "{}: {again} of {first} pages rendered again", rel.display());
        }
        for (file, from, to) in [("tracks.yaml", "color: \"#1d4ed8\"", "color: \"#1d4ed9\""), ("rooms.yaml", "name: ", "name: Renamed ")] {
            let path = dir.path().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} has {from}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            let again = check(&mut builder, &Changes { paths: HashSet::from([PathBuf::from(file)]), ..Changes::default() });
            assert!(again > 0 && again < first, "{file}: {again} of {first} pages rendered again");
        }

        // A deleted file is noticed (the folder is listed again): its session's page is gone,
        // and the rest still equals a full build.
        let slug = session_file.file_stem().unwrap().to_str().unwrap().to_string();
        let page = format!("sessions/{slug}/index.html");
        assert!(builder.pages.contains_key(&page), "{page} is served before the deletion");
        std::fs::remove_file(dir.path().join(&session_file)).unwrap();
        check(&mut builder, &Changes { paths: HashSet::from([session_file.clone()]), ..Changes::default() });
        assert!(!builder.pages.contains_key(&page), "{page} is still served after its file was deleted");
    }
}
