//! The pages of a site: one type per page kind, each in the module of its part of the site.
//!
//! A kind ([`Kind`]) names its pages' routes, its template and the sponsor placements it shows,
//! and builds its typed view: a `Serialize` struct, which becomes the page's template values.
//! [`PageKind`] is every kind in one enum, in the order of the site's page list ([`plan`]).
//! `confpress build` and `confpress serve` render a page by the same call ([`render_page`]);
//! the server skips a page whose fingerprint did not change: the fingerprint of its view, or,
//! for the kinds with thousands of pages, of the inputs their view is made from ([`Kind::inputs`]).

mod agenda;
mod home;
mod info;
mod jobs;
mod people;
mod places;
mod session;
mod sponsors;

use std::hash::{Hash, Hasher};

use serde::Serialize;
use serde_json::{Map, Value, json};
use tera::{Context, Tera};

pub use self::agenda::schedule_files;
use super::fingerprint::{Prints, hash_opt, hash_str, hash_tera};
use super::fragments::{Chrome, Fragments};
use super::splice::{Page, Splices};
use super::sponsor_blocks::{SponsorBlocks, placement_groups};
use super::views::{self, Views};
use crate::markup::markdown;
use crate::model::{Conference, Placement, Vocabulary};

/// What a kind's view is built with: the shared views of the model, and every session's and
/// speaker's ready HTML (whose placeholders go into `splices`).
pub struct Cx<'v, 'f> {
    pub v: &'v Views<'v>,
    pub f: &'f Fragments,
}

/// One kind of page.
pub trait Kind: Sized {
    /// `page.kind` in templates.
    const NAME: &'static str;
    /// The template that renders it.
    const TEMPLATE: &'static str;
    /// The sponsor placements it shows (besides the sponsors page's full list).
    const PLACEMENTS: &'static [Placement] = &[Placement::Footer];

    /// Its pages in `conf`, in the order the site lists them: each route (`sessions/x/`) and
    /// the page.
    fn pages(conf: &Conference) -> Vec<(String, Self)>;

    /// The page's view: title, description and template values (placeholders in `splices`).
    fn view<'f>(&self, cx: &Cx<'_, 'f>, splices: &mut Splices<'f>) -> View;

    /// For kinds whose view costs much more than its inputs (thousands of session and speaker
    /// pages, each with Markdown to convert, and the long lists of cards): a fingerprint of what
    /// the view is made from, which the kind's `view` builds from the same struct. `None` (the
    /// default): the server fingerprints the view itself.
    fn inputs(&self, _v: &Views, _prints: &Prints) -> Option<u64> {
        None
    }
}

/// A page's view: its title and description, and its template values.
pub struct View {
    pub title: String,
    pub description: Option<String>,
    /// The members of the kind's view struct, by name.
    pub values: Vec<(&'static str, tera::Value)>,
}

impl View {
    /// The view of `data`, a struct whose members become the page's template values. Members
    /// that are Tera values are shared, not copied (a session's summary, a speaker's card).
    /// (A struct, not a map: `#[serde(flatten)]` would make its members a map's, which have no
    /// static names.)
    pub fn new(title: impl Into<String>, description: Option<String>, data: &impl Serialize) -> View {
        View { title: title.into(), description, values: views::members_of(data) }
    }
}

/// Declares [`PageKind`], one variant per kind, in the order of the site's page list.
macro_rules! kinds {
    ($($variant:ident($kind:ty),)*) => {
        /// What a page shows: one variant per [`Kind`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum PageKind {
            $($variant($kind),)*
        }

        impl PageKind {
            pub fn template(self) -> &'static str {
                match self { $(PageKind::$variant(_) => <$kind>::TEMPLATE,)* }
            }

            pub fn name(self) -> &'static str {
                match self { $(PageKind::$variant(_) => <$kind>::NAME,)* }
            }

            pub fn placements(self) -> &'static [Placement] {
                match self { $(PageKind::$variant(_) => <$kind>::PLACEMENTS,)* }
            }

            fn view<'f>(self, cx: &Cx<'_, 'f>, splices: &mut Splices<'f>) -> View {
                match self { $(PageKind::$variant(k) => k.view(cx, splices),)* }
            }

            fn inputs(self, v: &Views, prints: &Prints) -> Option<u64> {
                match self { $(PageKind::$variant(k) => k.inputs(v, prints),)* }
            }
        }

        /// Every page of the site, in a stable order.
        pub fn plan(conf: &Conference) -> Vec<PageSpec> {
            let mut out = Vec::new();
            $(out.extend(<$kind>::pages(conf).into_iter().map(|(route, k)| spec(route, PageKind::$variant(k))));)*
            out
        }
    };
}

kinds! {
    Home(home::Home),
    Agenda(agenda::Agenda),
    MySchedule(agenda::MySchedule),
    Speakers(people::Speakers),
    Session(session::Session),
    Unscheduled(session::Unscheduled),
    Speaker(people::Speaker),
    Track(places::Track),
    Room(places::Room),
    Sponsors(sponsors::Sponsors),
    Sponsor(sponsors::Sponsor),
    Jobs(jobs::Jobs),
    Job(jobs::Job),
    Tickets(info::Tickets),
    News(info::News),
    Post(info::Post),
    Page(info::ContentPage),
    NotFound(info::NotFound),
}

/// One page to render.
#[derive(Debug, Clone)]
pub struct PageSpec {
    /// Output path: `sessions/x/index.html`.
    pub path: String,
    /// The URL path relative to the site root: `sessions/x/`.
    pub route: String,
    pub kind: PageKind,
    pub template: &'static str,
}

fn spec(route: String, kind: PageKind) -> PageSpec {
    let path = if route.ends_with(".html") { route.clone() } else { format!("{route}index.html") };
    PageSpec { path, route, kind, template: kind.template() }
}

/// One route per record: `prefix` + the record's key, with the page made from its index.
fn each<T, K>(items: &[T], prefix: &str, key: impl Fn(&T) -> &str, page: impl Fn(usize) -> K) -> Vec<(String, K)> {
    items.iter().enumerate().map(|(i, x)| (format!("{prefix}{}/", key(x)), page(i))).collect()
}

/// The one page of a kind at `route` when `exists`.
fn single<K>(route: &str, exists: bool, page: K) -> Vec<(String, K)> {
    if exists { vec![(route.to_string(), page)] } else { Vec::new() }
}

/// The routes of the pages a visitor can find (all but the 404 page), for the sitemap and the
/// app's cache list.
pub fn routes(plan: &[PageSpec]) -> Vec<String> {
    plan.iter().filter(|p| !matches!(p.kind, PageKind::NotFound(_))).map(|p| p.route.clone()).collect()
}

/// A page's own template data, title and description.
#[derive(Default)]
pub struct PageData<'f> {
    pub title: String,
    pub description: Option<String>,
    /// The page's template values by name (the members of its kind's view).
    pub values: Vec<(&'static str, tera::Value)>,
    /// The lists of session slots and cards that the values above hold placeholders for.
    pub splices: Splices<'f>,
}

impl PageData<'_> {
    /// Feeds the data into a fingerprint.
    pub fn feed(&self, h: &mut impl Hasher) {
        hash_str(h, &self.title);
        hash_opt(h, self.description.as_deref());
        for (key, value) in &self.values {
            hash_str(h, key);
            hash_tera(h, value);
        }
        self.splices.feed(h);
    }
}

/// The page's own data, its title and its description. `f` holds every session's slot and cards.
pub fn page_data<'f>(v: &Views, f: &'f Fragments, kind: PageKind) -> PageData<'f> {
    let mut splices = Splices::default();
    let view = kind.view(&Cx { v, f }, &mut splices);
    PageData { title: view.title, description: view.description, values: view.values, splices }
}

/// The fingerprint of what a page of `kind` is made from, besides what [`site_wide`] holds, for
/// the kinds that declare it ([`Kind::inputs`]); `None` for the others, whose data the server
/// computes and fingerprints instead.
pub fn page_inputs(v: &Views, prints: &Prints, kind: PageKind) -> Option<u64> {
    kind.inputs(v, prints)
}

/// The fingerprint of a [`Hash`] value, as [`Kind::inputs`] gives it.
///
/// A derived `Hash` feeds a record field by field, in dozens of small writes; the streaming
/// XXH3 state pays for each, which at 10,000 session pages was a tenth of a rebuild. The
/// writes go into a buffer instead (one per thread, kept), hashed in one call.
fn fingerprint_of(inputs: &impl Hash) -> u64 {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        let mut h = Buffered(buffer);
        inputs.hash(&mut h);
        xxhash_rust::xxh3::xxh3_64(h.0)
    })
}

/// A [`Hasher`] that only collects what is written (see [`fingerprint_of`]).
struct Buffered<'a>(&'a mut Vec<u8>);

impl Hasher for Buffered<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.0)
    }
}

/// A value with its fingerprint (a session's summary by [`Prints`]): hashed by the fingerprint,
/// so inputs that hold it need not hash the value again.
#[derive(Clone, Copy)]
pub struct Printed<'a> {
    pub value: &'a tera::Value,
    pub print: u64,
}

impl Hash for Printed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.print);
    }
}

/// `sessions` grouped by day, as `{label, date, cards_html}` (the day's cards, put in as the page
/// is written).
fn day_lists<'f>(v: &Views, f: &'f Fragments, sessions: &[usize], splices: &mut Splices<'f>) -> tera::Value {
    let days = sessions.chunk_by(|&a, &b| v.conf.sessions[a].day == v.conf.sessions[b].day);
    days.map(|list| {
        let d = v.conf.sessions[list[0]].day;
        views::map([
            ("label", v.day_labels[d].as_str().into()),
            ("date", v.conf.days[d].date.to_string().into()),
            ("cards_html", splices.lines(list.iter().map(|&s| f.sessions[s].card()).collect())),
        ])
    })
    .collect::<Vec<_>>()
    .into()
}

/// What [`day_lists`] makes of `sessions`, as inputs: each card follows from its session's
/// summary (and the site-wide context), each day heading from the day.
#[derive(Hash)]
struct Cards(Vec<(usize, u64)>);

impl Cards {
    fn of(v: &Views, prints: &Prints, sessions: &[usize]) -> Cards {
        Cards(sessions.iter().map(|&s| (v.conf.sessions[s].day, prints.sessions[s])).collect())
    }
}

/// `{id, label}` for each distinct value in `values`, first-seen order kept unless `sort`.
fn options<'a>(values: impl Iterator<Item = (&'a str, String)>, sort: bool) -> Value {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (id, label) in values {
        if !seen.iter().any(|(i, _)| *i == id) {
            seen.push((id, label));
        }
    }
    if sort {
        seen.sort_by_key(|a| a.1.to_lowercase());
    }
    Value::Array(seen.into_iter().map(|(id, label)| json!({"id": id, "label": label})).collect())
}

/// A string of the theme's table, or its key.
fn t(v: &Views, key: &str) -> String {
    crate::i18n::get(&v.strings, key)
}

/// The part of the template context that is the same on every page: `site`, `t`, `app`,
/// `assets`, `feeds` and `generator`. Built once per thread and kept between pages (see
/// [`render_page_data`]), because copying the string table into every page's context cost more
/// than rendering some pages.
pub fn shared_context(v: &Views) -> Context {
    let shared = json!({
        "site": v.site,
        "t": v.strings,
        "app": v.app,
        "assets": v.folder_url("assets/"),
        "feeds": {"atom": v.url("atom.xml"), "ics": v.url("schedule.ics"), "xml": v.url("schedule.xml"), "json": v.url("schedule.json")},
        "generator": format!("confpress {}", env!("CARGO_PKG_VERSION")),
    });
    Context::from_serialize(&shared).expect("an object")
}

/// What every page is rendered with besides its own data: the templates and the HTML that
/// pages share.
pub struct Parts<'a> {
    pub tera: &'a Tera,
    pub blocks: SponsorBlocks,
    pub chrome: Chrome,
}

/// Renders one page. `shared` is [`shared_context`].
pub fn render_page<'f>(v: &Views, f: &'f Fragments, parts: &Parts, shared: &mut Context, page: &PageSpec) -> tera::TeraResult<Page<'f>> {
    render_page_data(v, parts, shared, page, page_data(v, f, page.kind))
}

/// Renders one page from its own data (what [`page_data`] produced). The page's own keys go
/// into `shared` ([`shared_context`]) for the render and are taken out again afterwards.
///
/// Contract the server relies on to skip unchanged pages: everything this adds to the context
/// follows from the page's path and kind and from what [`site_wide`] holds. Whatever else a
/// page shows must come from [`page_data`].
pub fn render_page_data<'f>(
    v: &Views,
    parts: &Parts,
    shared: &mut Context,
    page: &PageSpec,
    data: PageData<'f>,
) -> tera::TeraResult<Page<'f>> {
    let turn = super::sponsor_blocks::turn_of(&page.path);
    let description = data.description.or_else(|| v.conf.site.description.clone()).unwrap_or_default();
    let url = v.url(&page.route);
    let page_view = views::map([
        ("kind", page.kind.name().into()),
        ("route", page.route.as_str().into()),
        ("url", url.into()),
        ("canonical", v.abs_url(&page.route).into()),
        ("title", data.title.into()),
        ("description", markdown::truncate(&description, 200).into()),
        ("is_home", matches!(page.kind, PageKind::Home(_)).into()),
    ]);
    let mut splices = data.splices;
    let (header, menu) = parts.chrome.for_page(v, parts.tera, shared, &page.route, matches!(page.kind, PageKind::Home(_)))?;
    let chrome = views::map([
        ("head", splices.snippet(&parts.chrome.head)),
        ("header", splices.snippet(&header)),
        ("footer", splices.snippet(&parts.chrome.footer)),
    ]);
    let blocks = parts.blocks.for_page(page.kind, turn, &mut splices);
    // Tera would size the page's buffer from its templates' length alone; the ready HTML the page
    // inserts (speakers' and sessions' cards) can be most of what the template writes, so the
    // buffer starts with room for it too. (The layout's parts, the sponsor blocks and the long
    // lists of slots and cards are not in the buffer: they are put in as the page is written.)
    let inserted: usize = data.values.iter().map(|(_, v)| html_len(v)).sum();
    let mut html = Vec::with_capacity(inserted + PAGE_TEMPLATE_ROOM);
    let mut keys: Vec<&'static str> = vec!["sponsor_blocks", "page", "chrome", "menu"];
    shared.insert_value("sponsor_blocks", blocks);
    shared.insert_value("page", page_view);
    shared.insert_value("chrome", chrome);
    shared.insert_value("menu", menu);
    for (key, value) in data.values {
        shared.insert_value(key, value);
        keys.push(key);
    }
    let rendered = parts.tera.render_to(page.template, shared, &mut html);
    for key in &keys {
        shared.remove(key);
    }
    rendered?;
    let way_to_root = v.conf.site.relative_urls.then(|| super::urls::way_to_root(&page.path));
    let page = Page { html, splices, way_to_root };
    page.check_placeholders().map_err(tera::Error::message)?;
    Ok(page)
}

/// The length of the ready HTML (safe strings) in `value`.
fn html_len(value: &tera::Value) -> usize {
    match (value.as_array(), value.as_map()) {
        (Some(list), _) => list.iter().map(html_len).sum(),
        (_, Some(map)) => map.values().map(html_len).sum(),
        _ if value.is_safe() => value.as_str().map_or(0, str::len),
        _ => 0,
    }
}

/// Room in a page's buffer for what its templates write themselves (a session page's own part
/// is about 10 KB).
const PAGE_TEMPLATE_ROOM: usize = 16 * 1024;

/// The site-wide data [`render_page_data`] adds to every page's context (with each placement's
/// sponsors unrotated), so that a change to it can be detected once rather than page by page.
pub fn site_wide(v: &Views) -> Value {
    let placements: Map<String, Value> = Placement::ALL.iter().map(|&p| (p.id().to_string(), placement_groups(v, p, 0))).collect();
    json!({
        "site": v.site,
        "t": v.strings,
        "menu": v.menu(""),
        "app": v.app,
        "placements": placements,
        "description": v.conf.site.description,
        "base_url": v.conf.site.base_url,
        "base": v.base,
    })
}
