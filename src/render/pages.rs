//! The list of pages a site has, and the template context of each.

use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};
use tera::{Context, Tera};

use super::agenda;
use super::fingerprint::{Fingerprinter, Prints, fingerprinter, hash_opt, hash_str, hash_tera, hash_value};
use super::fragments::{Chrome, Fragments};
use super::splice::{Page, Snippet, Splices};
use super::views::{self, Views};
use crate::diag::Diagnostic;
use crate::markup::markdown;
use crate::model::{Conference, Level, OrderPolicy, Placement, SessionKind, Vocabulary};
use crate::sink::{OutFile, Sink};

/// What a page shows; decides its template, its data and its sponsor placements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Agenda,
    /// The visitor's starred sessions (filled in by the theme's app.js from localStorage).
    MySchedule,
    Session(usize),
    Speakers,
    Speaker(usize),
    Track(usize),
    Room(usize),
    Sponsors,
    Sponsor(usize),
    Jobs,
    Job(usize),
    Tickets,
    News,
    Post(usize),
    Page(usize),
    NotFound,
}

impl PageKind {
    /// The template that renders this kind of page.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Agenda => "agenda.html",
            PageKind::MySchedule => "my-schedule.html",
            PageKind::Session(_) => "session.html",
            PageKind::Speakers => "speakers.html",
            PageKind::Speaker(_) => "speaker.html",
            PageKind::Track(_) => "track.html",
            PageKind::Room(_) => "room.html",
            PageKind::Sponsors => "sponsors.html",
            PageKind::Sponsor(_) => "sponsor.html",
            PageKind::Jobs => "jobs.html",
            PageKind::Job(_) => "job.html",
            PageKind::Tickets => "tickets.html",
            PageKind::News => "news.html",
            PageKind::Post(_) => "post.html",
            PageKind::Page(_) => "page.html",
            PageKind::NotFound => "404.html",
        }
    }

    /// The sponsor placements this kind of page shows (besides the sponsors page's full list).
    pub fn placements(self) -> &'static [Placement] {
        use Placement::*;
        match self {
            PageKind::Home => &[HomeHero, Home, Footer],
            PageKind::Agenda | PageKind::Track(_) | PageKind::Room(_) => &[Agenda, Footer],
            PageKind::Session(_) => &[Session, Footer],
            PageKind::Jobs | PageKind::Job(_) => &[Jobs, Footer],
            PageKind::Tickets => &[Tickets, Footer],
            PageKind::News | PageKind::Post(_) => &[News, Footer],
            _ => &[Footer],
        }
    }

    fn name(self) -> &'static str {
        self.template().trim_end_matches(".html")
    }
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

/// Every page of the site, in a stable order.
pub fn plan(c: &Conference) -> Vec<PageSpec> {
    let mut out = vec![
        spec(String::new(), PageKind::Home),
        spec("agenda/".into(), PageKind::Agenda),
        spec("my-schedule/".into(), PageKind::MySchedule),
        spec("speakers/".into(), PageKind::Speakers),
    ];
    out.extend(c.sessions.iter().enumerate().map(|(i, s)| spec(format!("sessions/{}/", s.slug), PageKind::Session(i))));
    out.extend(c.speakers.iter().enumerate().map(|(i, s)| spec(format!("speakers/{}/", s.slug), PageKind::Speaker(i))));
    out.extend(c.tracks.iter().enumerate().map(|(i, t)| spec(format!("tracks/{}/", t.id), PageKind::Track(i))));
    out.extend(c.rooms.iter().enumerate().map(|(i, r)| spec(format!("rooms/{}/", r.id), PageKind::Room(i))));
    if !c.sponsors.is_empty() {
        out.push(spec("sponsors/".into(), PageKind::Sponsors));
    }
    out.extend(
        c.sponsors.iter().enumerate().filter(|(_, s)| s.has_page).map(|(i, s)| spec(format!("sponsors/{}/", s.slug), PageKind::Sponsor(i))),
    );
    if !c.tiers.is_empty() || !c.jobs.is_empty() {
        out.push(spec("jobs/".into(), PageKind::Jobs));
    }
    out.extend(c.jobs.iter().enumerate().map(|(i, j)| spec(format!("jobs/{}/", j.slug), PageKind::Job(i))));
    if c.tickets.is_some() {
        out.push(spec("tickets/".into(), PageKind::Tickets));
    }
    if !c.news.is_empty() {
        out.push(spec("news/".into(), PageKind::News));
    }
    out.extend(c.news.iter().enumerate().map(|(i, n)| spec(format!("news/{}/", n.slug), PageKind::Post(i))));
    out.extend(c.pages.iter().enumerate().map(|(i, p)| spec(format!("{}/", p.slug), PageKind::Page(i))));
    out.push(spec("404.html".into(), PageKind::NotFound));
    out
}

/// Sponsor groups for one placement on one page: tiers in rank order, each tier's sponsors in
/// its order (rotated by `turn` for `order: rotate`).
fn placement_groups(v: &Views, placement: Placement, turn: usize) -> Value {
    let c = v.conf;
    let groups: Vec<Value> = c
        .sponsors_for(placement)
        .into_iter()
        .map(|(t, mut list)| {
            let tier = &c.tiers[t];
            if tier.order == OrderPolicy::Rotate && !list.is_empty() {
                let n = list.len();
                list.rotate_left(turn % n);
            }
            json!({
                "tier": {"id": tier.id, "name": tier.name, "rank": tier.rank, "logo_size": tier.logo_size},
                "sponsors": list.into_iter().map(|s| v.sponsor_link(s, placement.id())).collect::<Vec<_>>(),
            })
        })
        .collect();
    Value::Array(groups)
}

/// The template that renders one placement's sponsor block.
pub const SPONSOR_BLOCK_TEMPLATE: &str = "fragments/placement.html";

/// Most rotations rendered for one placement; more sponsors in rotating tiers than this still
/// rotate, just with some orders repeated.
const MAX_ROTATIONS: usize = 60;

/// Each placement's sponsor block, rendered once per build instead of once per page (a 30-logo
/// footer is half the bytes of a page). A placement with `order: rotate` tiers has one variant
/// per rotation; a page takes the variant of its turn.
pub struct SponsorBlocks {
    blocks: Vec<(Placement, Vec<Arc<Snippet>>)>,
}

impl SponsorBlocks {
    pub fn render(v: &Views, tera: &Tera) -> tera::TeraResult<SponsorBlocks> {
        let has_template = tera.get_template_names().any(|n| n == SPONSOR_BLOCK_TEMPLATE);
        let mut blocks = Vec::new();
        for &placement in Placement::ALL {
            let variants = if has_template { rotations(v, placement) } else { 1 };
            let mut list = Vec::with_capacity(variants);
            for turn in 0..variants {
                let html = if has_template {
                    let ctx = json!({"placement": placement.id(), "groups": placement_groups(v, placement, turn), "t": v.strings, "site": v.site});
                    tera.render(SPONSOR_BLOCK_TEMPLATE, &Context::from_serialize(&ctx)?)?
                } else {
                    String::new()
                };
                list.push(Arc::new(Snippet::new(html)));
            }
            blocks.push((placement, list));
        }
        Ok(SponsorBlocks { blocks })
    }

    /// The blocks a page of `kind` shows, in the variant for `turn` (placeholders in `splices`).
    fn for_page(&self, kind: PageKind, turn: usize, splices: &mut Splices) -> tera::Value {
        let wanted = kind.placements();
        let blocks = self.blocks.iter().filter(|(p, _)| wanted.contains(p));
        tera::Map::from_iter(blocks.map(|(p, variants)| (p.id().into(), splices.snippet(&variants[turn % variants.len()])))).into()
    }
}

/// How many distinct orders `placement` has: the least common multiple of the sizes of its
/// rotating tiers (capped).
fn rotations(v: &Views, placement: Placement) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let c = v.conf;
    c.sponsors_for(placement)
        .iter()
        .filter(|(t, _)| c.tiers[*t].order == OrderPolicy::Rotate)
        .fold(1, |l, (_, list)| (l / gcd(l, list.len().max(1)) * list.len().max(1)).min(MAX_ROTATIONS))
}

/// A stable small number from a page's path, to rotate sponsor order page by page.
fn turn_of(path: &str) -> usize {
    path.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
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

/// A page's own template data, title and description.
#[derive(Default)]
pub struct PageData<'f> {
    pub title: String,
    pub description: Option<String>,
    /// The page's template values by name. They share what the [`Views`] hold (summaries,
    /// references) by reference count; values built as JSON are converted as they are put in.
    pub values: Vec<(&'static str, tera::Value)>,
    /// The lists of session slots and cards that the values above hold placeholders for.
    pub splices: Splices<'f>,
}

impl PageData<'_> {
    fn put(&mut self, key: &'static str, value: tera::Value) {
        self.values.push((key, value));
    }

    /// Puts in a value built as JSON (or any serializable value), converted.
    fn put_json(&mut self, key: &'static str, value: impl serde::Serialize) {
        self.put(key, tera::Value::from_serializable(&value));
    }

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
    let mut data = PageData::default();
    (data.title, data.description) = fill(v, f, kind, &mut data);
    data
}

/// [`page_data`]'s values; returns the title and the description.
fn fill<'f>(v: &Views, f: &'f Fragments, kind: PageKind, data: &mut PageData<'f>) -> (String, Option<String>) {
    let c = v.conf;
    let t = |k: &str| v.strings.get(k).and_then(Value::as_str).unwrap_or(k).to_string();
    match kind {
        PageKind::Home => {
            let featured: Vec<tera::Value> =
                c.speakers.iter().enumerate().filter(|(_, s)| s.featured).map(|(i, _)| f.speakers[i].clone()).collect();
            let keynotes: Vec<tera::Value> = c
                .sessions
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == SessionKind::Keynote || s.featured)
                .map(|(i, _)| f.summary_with_card(v, i))
                .collect();
            data.put("featured_speakers", featured.into());
            data.put("featured_sessions", keynotes.into());
            data.put_json("tickets", v.ticket_tiers());
            data.put_json("news", (0..c.news.len().min(3)).map(|i| v.news_summary(i)).collect::<Vec<_>>());
            data.put_json("stats", json!({"sessions": c.sessions.iter().filter(|s| s.kind.is_programme()).count(), "speakers": c.speakers.len(), "tracks": c.tracks.len(), "days": c.days.len()}));
            data.put("jsonld", super::jsonld::to_script(&super::jsonld::home(c, &v.jsonld)).into());
            (c.site.title.clone(), c.site.description.clone().or(c.site.tagline.clone()))
        }
        PageKind::Agenda => {
            let days: Vec<tera::Value> = (0..c.days.len()).map(|d| agenda::day_grid(v, d, f, &mut data.splices)).collect();
            data.put("days", days.into());
            data.put("tracks", v.refs.tracks.clone().into());
            data.put_json("schedule_files", schedule_files(v));
            data.put_json("filters", agenda_filters(v));
            (t("agenda"), Some(format!("{} — {}", t("agenda"), c.site.title)))
        }
        PageKind::MySchedule => {
            let all: Vec<usize> = c.sessions_by_day().collect();
            let days = day_lists(v, f, &all, &mut data.splices);
            data.put("days", days);
            (t("my_schedule"), None)
        }
        PageKind::Session(i) => {
            let (session, summary, plain) = v.session_page(i, f);
            data.put("session", session);
            data.put("jsonld", super::jsonld::to_script(&super::jsonld::session(c, &v.jsonld, i, plain)).into());
            (c.sessions[i].title.clone(), Some(summary))
        }
        PageKind::Speakers => {
            data.put("speakers", v.speakers.clone().into());
            (t("speakers"), None)
        }
        PageKind::Speaker(i) => {
            let (speaker, summary) = v.speaker_page(i, f);
            data.put("speaker", speaker);
            (c.speakers[i].name.clone(), Some(summary))
        }
        PageKind::Track(i) => {
            let tr = &c.tracks[i];
            data.put_json("track", json!({"id": tr.id, "name": tr.name, "color": tr.color, "description": tr.description}));
            let days = day_lists(v, f, &tr.sessions, &mut data.splices);
            data.put("days", days);
            (tr.name.clone(), tr.description.clone())
        }
        PageKind::Room(i) => {
            let r = &c.rooms[i];
            let sponsor = r.sponsor.map(|s| v.sponsor_link(s, "room"));
            data.put_json("room", json!({"id": r.id, "name": r.name, "capacity": r.capacity, "floor": r.floor, "stream": r.stream, "description": r.description, "sponsor": sponsor}));
            let days = day_lists(v, f, &r.sessions, &mut data.splices);
            data.put("days", days);
            (r.name.clone(), r.description.clone())
        }
        PageKind::Sponsors => {
            let tiers: Vec<Value> = c
                .tiers
                .iter()
                .filter(|tier| !tier.sponsors.is_empty())
                .map(|tier| json!({"id": tier.id, "name": tier.name, "rank": tier.rank, "logo_size": tier.logo_size, "sponsors": tier.sponsors.iter().map(|&s| v.sponsor_link(s, "sponsors")).collect::<Vec<_>>()}))
                .collect();
            data.put_json("tiers", tiers);
            (t("sponsors"), None)
        }
        PageKind::Sponsor(i) => {
            let (sponsor, summary) = v.sponsor_page(i, f);
            data.put("sponsor", sponsor);
            (c.sponsors[i].name.clone(), Some(summary))
        }
        PageKind::Jobs => {
            let mut groups: Vec<(usize, Vec<Value>)> = Vec::new();
            for (j, job) in c.jobs.iter().enumerate() {
                let tier = c.sponsors[job.sponsor].tier;
                match groups.last_mut() {
                    Some((t, list)) if *t == tier => list.push(v.job_summary(j)),
                    _ => groups.push((tier, vec![v.job_summary(j)])),
                }
            }
            let groups: Vec<Value> = groups
                .into_iter()
                .map(|(tier, jobs)| json!({"tier": {"id": c.tiers[tier].id, "name": c.tiers[tier].name}, "jobs": jobs}))
                .collect();
            data.put_json("groups", groups);
            data.put_json("job_count", c.jobs.len());
            data.put_json("filters", job_filters(v));
            (t("jobs"), None)
        }
        PageKind::Job(i) => {
            let j = v.job_full(i);
            let summary = j.get("summary").and_then(Value::as_str).map(str::to_string);
            data.put_json("job", j);
            data.put("jsonld", super::jsonld::to_script(&super::jsonld::job(c, i)).into());
            (c.jobs[i].title.clone(), summary)
        }
        PageKind::Tickets => {
            data.put_json("tickets", v.ticket_tiers());
            (t("tickets"), None)
        }
        PageKind::News => {
            data.put_json("posts", (0..c.news.len()).map(|i| v.news_summary(i)).collect::<Vec<_>>());
            (t("news"), None)
        }
        PageKind::Post(i) => {
            let mut post = v.news_summary(i);
            post.as_object_mut().expect("object").insert("body_html".into(), markdown::to_html(&c.news[i].body, &v.base).into());
            let summary = post.get("summary").and_then(Value::as_str).map(str::to_string);
            data.put_json("post", post);
            (c.news[i].title.clone(), summary)
        }
        PageKind::Page(i) => {
            let p = &c.pages[i];
            data.put_json(
                "content",
                json!({"slug": p.slug, "title": p.title, "description": p.description, "body_html": markdown::to_html(&p.body, &v.base)}),
            );
            (p.title.clone(), p.description.clone().or_else(|| Some(markdown::summary(&p.body, 200)).filter(|s| !s.is_empty())))
        }
        PageKind::NotFound => (t("not_found_title"), None),
    }
}

/// A fingerprint of everything [`page_data`] reads for a page of `kind`, besides what
/// [`site_wide`] holds, for the kinds where it costs much less than the data itself: session and
/// speaker pages, thousands of them, each with Markdown and structured data to produce, and the
/// lists of session cards or speakers (the track, room, my-schedule and speakers pages), whose
/// data is megabytes of HTML at 10,000 sessions. `None` for the other kinds. The server renders
/// a page again only when its fingerprint changes.
///
/// Keep this in step with [`page_data`]: whatever it reads for these kinds must be fed in here.
/// (The server's tests compare its output after edits with a full build's.)
pub fn page_inputs(v: &Views, prints: &Prints, kind: PageKind) -> Option<u64> {
    let c = v.conf;
    let mut h = fingerprinter();
    match kind {
        PageKind::Session(i) => {
            // The summary holds the room, track and speakers' names as shown; the structured data
            // reads the same fields of the model, and the site's venue and organizer (site-wide).
            let s = &c.sessions[i];
            h.write_u64(prints.sessions[i]);
            hash_str(&mut h, &s.abstract_md);
            for link in [&s.slides, &s.video, &s.stream] {
                hash_opt(&mut h, link.as_deref());
            }
            for &sp in &s.speakers {
                h.write_u64(prints.speakers[sp]);
            }
            if let Some(sponsor) = s.sponsor {
                hash_value(&mut h, &v.sponsor_link(sponsor, "session-sponsor"));
            }
        }
        PageKind::Speaker(i) => {
            // A session's card follows from its summary and the site-wide context.
            let sp = &c.speakers[i];
            h.write_u64(prints.speakers[i]);
            hash_str(&mut h, &sp.bio);
            for link in &sp.links {
                hash_str(&mut h, &link.label);
                hash_str(&mut h, &link.url);
            }
            for &s in &sp.sessions {
                h.write_u64(prints.sessions[s]);
            }
        }
        PageKind::MySchedule => {
            let all: Vec<usize> = c.sessions_by_day().collect();
            hash_cards(&mut h, v, prints, &all);
        }
        PageKind::Speakers => prints.speakers.iter().for_each(|&p| h.write_u64(p)),
        PageKind::Track(i) => {
            let tr = &c.tracks[i];
            for field in [&tr.id, &tr.name, &tr.color] {
                hash_str(&mut h, field);
            }
            hash_opt(&mut h, tr.description.as_deref());
            hash_cards(&mut h, v, prints, &tr.sessions);
        }
        PageKind::Room(i) => {
            let r = &c.rooms[i];
            hash_str(&mut h, &r.id);
            hash_str(&mut h, &r.name);
            h.write_u64(r.capacity.map_or(u64::MAX, u64::from));
            for field in [&r.floor, &r.stream, &r.description] {
                hash_opt(&mut h, field.as_deref());
            }
            if let Some(sponsor) = r.sponsor {
                hash_value(&mut h, &v.sponsor_link(sponsor, "room"));
            }
            hash_cards(&mut h, v, prints, &r.sessions);
        }
        _ => return None,
    }
    Some(h.finish())
}

/// Feeds in what [`day_lists`] makes of `sessions`: each card follows from its session's summary
/// (and the site-wide context), each day heading from the day.
fn hash_cards(h: &mut Fingerprinter, v: &Views, prints: &Prints, sessions: &[usize]) {
    for &s in sessions {
        h.write_usize(v.conf.sessions[s].day);
        h.write_u64(prints.sessions[s]);
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

/// The choices of the agenda's filters (`filters` on the agenda page): each a list of
/// `{id, label}` holding only values some session has. `tracks` and `rooms` in their file order.
fn agenda_filters(v: &Views) -> Value {
    let c = v.conf;
    let t = |k: &str| v.strings.get(k).and_then(Value::as_str).unwrap_or(k).to_string();
    let has_track = |i: usize| c.sessions.iter().any(|s| s.track == Some(i));
    let has_room = |i: usize| c.sessions.iter().any(|s| s.room == Some(i));
    let mut levels: Vec<Level> = c.sessions.iter().filter_map(|s| s.level).collect();
    levels.sort();
    let mut kinds: Vec<SessionKind> = c.sessions.iter().map(|s| s.kind).collect();
    kinds.sort();
    let language =
        |code: &str| v.strings.get("language_names").and_then(|n| n.get(code)).and_then(Value::as_str).unwrap_or(code).to_string();
    json!({
        "tracks": options(c.tracks.iter().enumerate().filter(|(i, _)| has_track(*i)).map(|(_, tr)| (tr.id.as_str(), tr.name.clone())), false),
        "rooms": options(c.rooms.iter().enumerate().filter(|(i, _)| has_room(*i)).map(|(_, r)| (r.id.as_str(), r.name.clone())), false),
        "levels": options(levels.into_iter().map(|l| (l.id(), t(&l.label_key()))), false),
        "languages": options(c.sessions.iter().map(|s| (s.language.as_str(), language(&s.language))), true),
        "kinds": options(kinds.into_iter().map(|k| (k.id(), t(&k.label_key()))), false),
    })
}

/// The choices of the jobs wall's filters (`filters` on the jobs page): `sponsors` (in the wall's
/// order), `locations` (sorted), each `{id, label}`; work modes and types are fixed lists.
fn job_filters(v: &Views) -> Value {
    let c = v.conf;
    json!({
        "sponsors": options(c.jobs.iter().map(|j| (c.sponsors[j.sponsor].slug.as_str(), c.sponsors[j.sponsor].name.clone())), false),
        "locations": options(c.jobs.iter().map(|j| (j.location.as_str(), j.location.clone())), true),
    })
}

/// Links to the machine-readable schedule files, for the agenda's "Schedule files" box.
pub fn schedule_files(v: &Views) -> Value {
    let ics = v.abs_url("schedule.ics");
    let webcal = ics.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    json!({
        "ics": v.url("schedule.ics"),
        "webcal": webcal,
        "xml": v.url("schedule.xml"),
        "json": v.url("schedule.json"),
        "giggity": format!("https://ggt.gaa.st/#url={}", v.abs_url("schedule.xml")),
    })
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
    pub blocks: &'a SponsorBlocks,
    pub chrome: &'a Chrome,
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
    let turn = turn_of(&page.path);
    let description = data.description.or_else(|| v.conf.site.description.clone()).unwrap_or_default();
    let url = v.url(&page.route);
    let page_view = views::map([
        ("kind", page.kind.name().into()),
        ("route", page.route.as_str().into()),
        ("url", url.into()),
        ("canonical", v.abs_url(&page.route).into()),
        ("title", data.title.into()),
        ("description", markdown::truncate(&description, 200).into()),
        ("is_home", (page.kind == PageKind::Home).into()),
    ]);
    let mut splices = data.splices;
    let (header, menu) = parts.chrome.for_page(v, parts.tera, shared, &page.route, page.kind == PageKind::Home)?;
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

/// The routes of the pages a visitor can find (all but the 404 page), for the sitemap and the
/// app's cache list.
pub fn routes(plan: &[PageSpec]) -> Vec<String> {
    plan.iter().filter(|p| p.kind != PageKind::NotFound).map(|p| p.route.clone()).collect()
}

/// Writes the app's files (see [`app_files`]) into `sink`.
pub fn write_app_files(v: &Views, routes: &[String], sink: &dyn Sink) -> Result<(), Diagnostic> {
    crate::timing::timed("app files", || app_files(v, routes)).into_iter().try_for_each(|f| sink.put(f))
}

/// The files of the attendee's app: `sessions.json` (the search and filter index),
/// `manifest.webmanifest` and `sw.js`, the service worker. `sw.js` names this build's version (a
/// hash of everything the pages show) and the pages to cache, and loads the theme's
/// `assets/sw.js`, so a new schedule replaces the cached one.
fn app_files(v: &Views, routes: &[String]) -> Vec<OutFile> {
    let c = v.conf;
    // The version is a hash of the index among the rest: the index is written with a
    // placeholder, which the version then replaces.
    const PLACEHOLDER: &str = "0000000000000000";
    let mut index = serde_json::to_vec(&v.session_index(PLACEHOLDER)).expect("JSON");
    let version = build_version(v, routes, &index);
    crate::sink::patch_placeholder(&mut index, b"\"version\":\"", PLACEHOLDER, &version);

    let short_name = if c.site.title.chars().count() <= 12 || c.site.acronym.is_empty() { &c.site.title } else { &c.site.acronym };
    let icon = |name: &str, sizes, kind, purpose| Icon { purpose, sizes, src: v.url(&format!("assets/{name}")), kind };
    let manifest = Manifest {
        background_color: "#ffffff",
        description: c.site.tagline.as_ref().or(c.site.description.as_ref()),
        display: "standalone",
        icons: [
            icon("icon.svg", "any", "image/svg+xml", "any"),
            icon("icon-192.png", "192x192", "image/png", "any"),
            icon("icon-512.png", "512x512", "image/png", "any"),
            icon("icon-maskable-512.png", "512x512", "image/png", "maskable"),
        ],
        id: &v.base,
        lang: &c.site.language,
        name: &c.site.title,
        scope: &v.base,
        short_name,
        start_url: v.url("agenda/"),
        theme_color: &c.site.primary_color,
    };

    // Pages to cache at install: the home page, the agenda and every session, speaker, track and
    // room page, with the theme's files and the images they show; the rest is cached as visited.
    let cached = |r: &str| {
        r.is_empty()
            || ["agenda/", "my-schedule/", "speakers/"].contains(&r)
            || ["sessions/", "speakers/", "tracks/", "rooms/"].iter().any(|p| r.starts_with(p))
    };
    let mut precache: Vec<String> = routes.iter().filter(|r| cached(r)).map(|r| v.url(r)).collect();
    precache.extend(
        ["sessions.json", "manifest.webmanifest", "404.html", "assets/style.css", "assets/app.js", "assets/icon.svg"].map(|f| v.url(f)),
    );
    precache.extend(v.site["favicon"].as_str().map(str::to_string));
    precache.extend(v.site["logo"].as_str().map(str::to_string));
    // The images those pages show: sponsor logos (in every footer) and speaker photos.
    precache.extend(v.sponsors.iter().filter_map(|x| x["logo"].as_str()).map(str::to_string));
    precache.extend((0..v.conf.speakers.len()).filter_map(|i| v.speaker_photo(i)));
    precache.sort();
    precache.dedup();
    let sw_config = WorkerConfig { base: &v.base, precache, version: &version };
    let sw = format!(
        "// confpress service worker, written at build time: the version changes with the schedule,\n\
         // so browsers replace the pages they cached. The code is the theme's assets/sw.js.\n\
         self.CONFPRESS_SW = {};\nimportScripts({});\n",
        serde_json::to_string(&sw_config).expect("JSON"),
        serde_json::to_string(&v.url(&format!("assets/sw.js?v={version}"))).expect("JSON")
    );
    let files =
        [("sessions.json", index), ("manifest.webmanifest", serde_json::to_vec(&manifest).expect("JSON")), ("sw.js", sw.into_bytes())];
    // In relative mode their site paths are relative to where they are, the site root
    // (`./agenda/index.html`): a manifest's and a worker's URLs resolve against their own, and
    // app.js resolves the index's against the index.
    let relative = c.site.relative_urls;
    let at_root = |bytes: Vec<u8>| if relative { super::urls::resolve_bytes(&bytes, "./") } else { bytes };
    files.into_iter().map(|(path, bytes)| OutFile { path: path.into(), bytes: at_root(bytes) }).collect()
}

/// manifest.webmanifest, members in sorted order as they have always been written.
#[derive(Serialize)]
struct Manifest<'a> {
    background_color: &'static str,
    description: Option<&'a String>,
    display: &'static str,
    icons: [Icon; 4],
    id: &'a str,
    lang: &'a str,
    name: &'a str,
    scope: &'a str,
    short_name: &'a str,
    start_url: String,
    theme_color: &'a str,
}

#[derive(Serialize)]
struct Icon {
    purpose: &'static str,
    sizes: &'static str,
    src: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// `self.CONFPRESS_SW` in sw.js: what the service worker caches, and for which build.
#[derive(Serialize)]
struct WorkerConfig<'a> {
    base: &'a str,
    precache: Vec<String>,
    version: &'a str,
}

/// A short hash of everything the cached pages show: the session index, every session, speaker
/// and sponsor as templates see them, abstracts and bios, the site, the UI strings and the page
/// list, and confpress's version (which fixes the embedded theme; the worker asks the network
/// first anyway, so a changed theme file arrives on the next visit).
fn build_version(v: &Views, routes: &[String], index: &[u8]) -> String {
    // XXH3, a specified hash, so the same site gives the same version with any Rust release (on
    // machines of one word size). Values are fed in by structure ([`hash_value`]) rather than as
    // JSON text; the sessions and speakers in parallel, each with its abstract or bio.
    let c = v.conf;
    let print = |value: &tera::Value, text: &str| {
        let mut h = fingerprinter();
        hash_tera(&mut h, value);
        hash_str(&mut h, text);
        h.finish()
    };
    let (sessions, speakers): (Vec<u64>, Vec<u64>) = rayon::join(
        || (0..c.sessions.len()).into_par_iter().map(|i| print(&v.sessions[i], &c.sessions[i].abstract_md)).collect(),
        || (0..c.speakers.len()).into_par_iter().map(|i| print(&v.speakers[i], &c.speakers[i].bio)).collect(),
    );
    let mut h = fingerprinter();
    hash_str(&mut h, env!("CARGO_PKG_VERSION"));
    h.write(index);
    for value in [&v.site, &v.strings].into_iter().chain(&v.sponsors) {
        hash_value(&mut h, value);
    }
    sessions.iter().chain(&speakers).for_each(|&p| h.write_u64(p));
    routes.iter().for_each(|r| hash_str(&mut h, r));
    format!("{:016x}", h.finish())
}
