//! The data templates see: the model turned into values, built once and shared by pages.
//!
//! The per-session and per-speaker tables, which thousands of pages show, are Tera values: a
//! Tera value shares its maps, lists and long strings by reference count, so a page takes a
//! summary without copying it, and a room or track is one value however many sessions name
//! it. The rest, shown by a few pages each, is JSON, converted when a page uses it.
//!
//! Every URL here is a site path that already includes the base path (`/conf/2026/agenda/`), so
//! templates never join paths themselves. docs/templates.md lists every field.

use std::collections::HashMap;

use jiff::Zoned;
use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use tera::Value as TeraValue;

use super::fragments::Fragments;
use super::urls;
use crate::i18n;
use crate::markup::body;
use crate::model::{Body, Conference, Session, Sponsor, Vocabulary};

/// Shared, precomputed views of the whole conference.
pub struct Views<'a> {
    pub conf: &'a Conference,
    /// `/` or `/conf/2026/`, or [`urls::ROOT`] with `relative_urls` (see [`super::urls`]).
    pub base: String,
    pub strings: Value,
    pub site: Value,
    /// The label of each conference day, by index (sessions share them).
    pub day_labels: Vec<String>,
    /// One summary per session, by index.
    pub sessions: Vec<TeraValue>,
    /// One summary per speaker, by index.
    pub speakers: Vec<TeraValue>,
    /// One card per sponsor, by index (placement-specific fields are added per use).
    pub sponsors: Vec<Value>,
    /// What the theme's app.js needs on every page (`app` in templates): see [`Views::app_view`].
    pub app: Value,
    /// Rooms, tracks and speakers as lists and summaries name them.
    pub refs: Refs,
    /// What the JSON-LD of every session page shares.
    pub jsonld: crate::render::jsonld::Shared<'a>,
    /// The menu's labels and URLs (every page shows the menu).
    menu_items: Vec<(String, String)>,
}

impl<'a> Views<'a> {
    pub fn new(conf: &'a Conference, strings: Value) -> Views<'a> {
        let base = if conf.site.relative_urls { urls::ROOT } else { conf.site.base_path() }.to_string();
        let mut v = Views {
            conf,
            base,
            strings,
            site: Value::Null,
            day_labels: Vec::new(),
            sessions: Vec::new(),
            speakers: Vec::new(),
            sponsors: Vec::new(),
            app: Value::Null,
            refs: Refs::default(),
            jsonld: crate::render::jsonld::Shared::new(conf),
            menu_items: Vec::new(),
        };
        v.menu_items = v.menu_items();
        v.day_labels = conf.days.iter().map(|d| v.date_label(d.date)).collect();
        v.site = v.site_view();
        v.speakers = (0..conf.speakers.len()).into_par_iter().map(|i| v.speaker_summary(i)).collect();
        v.sponsors = conf.sponsors.iter().map(|s| v.sponsor_card(s)).collect();
        v.refs = Refs::new(&v);
        v.sessions = (0..conf.sessions.len()).into_par_iter().map(|i| v.session_summary(i)).collect();
        v.app = v.app_view();
        v
    }

    /// Frees the per-session and per-speaker values on the thread pool instead of the calling
    /// thread: at 10,000 sessions freeing them takes about 30 ms, which the server would
    /// otherwise spend before sending the reload, and a build before it finishes.
    pub fn free_in_background(self) {
        let tables = [self.sessions, self.speakers, self.refs.speakers];
        rayon::spawn(move || drop(tables));
    }

    /// A site path for `rel` (`agenda/` → `/conf/2026/agenda/`, or in relative mode the root
    /// token and `agenda/index.html`, see [`urls::join`]).
    pub fn url(&self, rel: &str) -> String {
        urls::join(&self.base, rel)
    }

    /// A site path for the folder `rel` that templates add file names to (`assets/` →
    /// `/conf/2026/assets/`): never `index.html`.
    pub fn folder_url(&self, rel: &str) -> String {
        format!("{}{}", self.base, rel.trim_start_matches('/'))
    }

    /// An absolute URL for `rel`.
    pub fn abs_url(&self, rel: &str) -> String {
        format!("{}{}", self.conf.site.base_url, rel.trim_start_matches('/'))
    }

    /// A link from the content: site paths get the base path, full URLs stay as they are.
    pub fn content_url(&self, url: &str) -> String {
        if url.starts_with('/') { self.url(url) } else { url.to_string() }
    }

    pub(super) fn s(&self, key: &str) -> String {
        i18n::get(&self.strings, key)
    }

    /// "Thursday, 22 October 2026" in the site's language.
    pub fn date_label(&self, date: Date) -> String {
        i18n::format_date(&self.strings, date, "date_format")
    }

    pub fn short_date_label(&self, date: Date) -> String {
        i18n::format_date(&self.strings, date, "short_date_format")
    }

    /// "22–23 October 2026", "30 September – 2 October 2026" (see [`i18n::date_range`]).
    pub fn date_range_label(&self, first: Date, last: Date) -> String {
        i18n::date_range(&self.strings, first, last)
    }

    fn site_view(&self) -> Value {
        let site = &self.conf.site;
        let first = site.start_date;
        let last = site.end_date;
        let dates_label = self.date_range_label(first, last);
        let links: Map<String, Value> = site.links.iter().map(|(k, v)| (k.clone(), Value::String(self.content_url(v)))).collect();
        json!({
            "title": site.title,
            "acronym": site.acronym,
            "tagline": site.tagline,
            "description": site.description,
            "base_url": site.base_url,
            "base_path": self.base,
            "language": site.language,
            "timezone": site.timezone_name,
            "start_date": first.to_string(),
            "end_date": last.to_string(),
            "dates_label": dates_label,
            "venue": site.venue,
            "organizer": site.organizer,
            "logo": site.logo.as_ref().map(|l| self.url(l)),
            "image": site.image.as_ref().map(|l| self.abs_url(l)),
            "favicon": self.favicon(),
            "links": links,
            "primary_color": site.primary_color,
            "has_tickets": self.conf.tickets.is_some(),
            "has_jobs": !self.conf.jobs.is_empty(),
            "has_news": !self.conf.news.is_empty(),
        })
    }

    /// The site's own favicon (`static/favicon.svg`, `.png` or `.ico`), if it has one.
    fn favicon(&self) -> Option<String> {
        ["favicon.svg", "favicon.png", "favicon.ico"]
            .into_iter()
            .find(|name| self.conf.static_files.iter().any(|p| p.as_os_str() == *name))
            .map(|name| self.url(name))
    }

    /// The menu, with `active` set on the item that `path` is under.
    pub fn menu(&self, path: &str) -> Value {
        self.menu_with(&self.menu_active(path))
    }

    /// Which items of the menu are active on the page at `path`: the one it is under.
    pub fn menu_active(&self, path: &str) -> Vec<bool> {
        let here = self.url(path);
        let here = urls::folder(&here);
        let under = |url: &String| {
            let url = urls::folder(url);
            if url == self.base { here == self.base } else { url.starts_with(&self.base) && here.starts_with(url) }
        };
        self.menu_items.iter().map(|(_, url)| under(url)).collect()
    }

    /// The menu with the items `active` marks active.
    pub fn menu_with(&self, active: &[bool]) -> Value {
        let item = |((label, url), active): (&(String, String), &bool)| {
            object([("label", label.clone().into()), ("url", url.clone().into()), ("active", (*active).into())])
        };
        Value::Array(self.menu_items.iter().zip(active).map(item).collect())
    }

    /// The menu's labels and URLs: the site's own menu, or one entry per part of the site.
    fn menu_items(&self) -> Vec<(String, String)> {
        match &self.conf.site.menu {
            Some(menu) => menu.iter().map(|l| (l.label.clone(), self.content_url(&l.url))).collect(),
            None => self.default_menu(),
        }
    }

    fn default_menu(&self) -> Vec<(String, String)> {
        let mut items = vec![(self.s("agenda"), self.url("agenda/")), (self.s("speakers"), self.url("speakers/"))];
        if !self.conf.sponsors.is_empty() {
            items.push((self.s("sponsors"), self.url("sponsors/")));
        }
        if !self.conf.jobs.is_empty() {
            items.push((self.s("jobs"), self.url("jobs/")));
        }
        if self.conf.tickets.is_some() {
            items.push((self.s("tickets"), self.url("tickets/")));
        }
        if !self.conf.news.is_empty() {
            items.push((self.s("news"), self.url("news/")));
        }
        items.extend(self.conf.pages.iter().map(|p| (p.title.clone(), self.url(&format!("{}/", p.slug)))));
        items
    }

    /// A session as lists show it. Its room, track and speakers are the shared [`Refs`].
    fn session_summary(&self, i: usize) -> TeraValue {
        let c = self.conf;
        let refs = &self.refs;
        let s: &Session = &c.sessions[i];
        let label = |labels: &[(&str, TeraValue)], key: &str, prefix: &str| {
            labels.iter().find(|(k, _)| *k == key).map_or_else(|| self.s(&format!("{prefix}{key}")).into(), |(_, v)| v.clone())
        };
        let sponsor =
            s.sponsor.map(|sp| map([("slug", c.sponsors[sp].slug.as_str().into()), ("name", c.sponsors[sp].name.as_str().into())]));
        map([
            ("slug", s.slug.as_str().into()),
            ("title", s.title.as_str().into()),
            ("kind", s.kind.id().into()),
            ("kind_label", s.details.kind_label.as_deref().map_or_else(|| label(&refs.kind_labels, s.kind.id(), "kind_"), TeraValue::from)),
            ("url", self.url(&format!("sessions/{}/", s.slug)).into()),
            ("start", refs.time(&s.start)),
            ("end", refs.time(&s.end)),
            ("minutes", s.minutes().into()),
            ("day", s.day.into()),
            ("day_label", refs.day_labels[s.day].clone()),
            ("room", s.room.map(|r| refs.rooms[r].clone()).into()),
            ("track", s.track.map(|t| refs.tracks[t].clone()).into()),
            ("speakers", s.speakers.iter().map(|&sp| refs.speakers[sp].clone()).collect::<Vec<_>>().into()),
            ("level", s.level.map(|l| l.id()).into()),
            ("level_label", s.level.map(|l| label(&refs.level_labels, l.id(), "level_")).into()),
            ("language", s.language.as_str().into()),
            ("tags", s.tags.iter().map(String::as_str).collect::<Vec<_>>().into()),
            ("featured", s.featured.into()),
            ("plenary", s.is_plenary().into()),
            ("elsewhere", s.elsewhere.into()),
            ("sponsor", sponsor.into()),
        ])
    }

    /// Adds `<field>_html` (`text` rendered) and `summary` (its first paragraph, plain) to `map`.
    fn add_prose(&self, map: &mut Map<String, Value>, field: &str, text: &Body) {
        let (html, summary) = body::html_and_summary(text, &self.base, 200);
        map.insert(format!("{field}_html"), html.into());
        map.insert("summary".into(), summary.into());
    }

    /// Everything about one session, for its own page (its speakers with their cards from `f`),
    /// the summary of its abstract and the abstract as plain text.
    pub fn session_page(&self, i: usize, f: &Fragments) -> (TeraValue, String, String) {
        let s = &self.conf.sessions[i];
        let body::Prose { html, summary, plain } = body::prose(&s.abstract_md, &self.base, &self.conf.site.base_url, 200);
        let cards: Vec<TeraValue> = s.speakers.iter().map(|&sp| f.speakers[sp].clone()).collect();
        let sponsor = s.sponsor.map(|sp| TeraValue::from_serializable(&self.sponsor_link(sp, "session-sponsor")));
        let mut members = members_of(&s.details);
        members.extend([
            ("abstract_html", html.into()),
            ("summary", summary.as_str().into()),
            ("stream", s.stream.clone().into()),
            ("ics_url", self.url(&format!("sessions/{}.ics", s.slug)).into()),
            ("speaker_cards", cards.into()),
            ("sponsor_card", sponsor.into()),
        ]);
        let page = extended(&self.sessions[i], members);
        (page, summary, plain)
    }

    /// Everything about a session not scheduled yet, for its page (the session page's values
    /// without times, room or calendar), and its summary.
    pub fn unscheduled_page(&self, i: usize, f: &Fragments) -> (TeraValue, String) {
        let u = &self.conf.unscheduled[i];
        let refs = &self.refs;
        let body::Prose { html, summary, .. } = body::prose(&u.abstract_md, &self.base, &self.conf.site.base_url, 200);
        let kind_label = u.details.kind_label.clone().unwrap_or_else(|| self.s(&u.kind.label_key()));
        let mut members = members_of(&u.details);
        members.extend([
            ("unscheduled", true.into()),
            ("slug", u.slug.as_str().into()),
            ("title", u.title.as_str().into()),
            ("kind", u.kind.id().into()),
            ("kind_label", kind_label.into()),
            ("url", self.url(&format!("sessions/{}/", u.slug)).into()),
            ("minutes", u.minutes.into()),
            ("track", u.track.map(|t| refs.tracks[t].clone()).into()),
            ("speakers", u.speakers.iter().map(|&sp| refs.speakers[sp].clone()).collect::<Vec<_>>().into()),
            ("level_label", u.level.map(|l| self.s(&l.label_key())).into()),
            ("language", u.language.as_str().into()),
            ("tags", u.tags.iter().map(String::as_str).collect::<Vec<_>>().into()),
            ("abstract_html", html.into()),
            ("summary", summary.as_str().into()),
            ("speaker_cards", u.speakers.iter().map(|&sp| f.speakers[sp].clone()).collect::<Vec<_>>().into()),
        ]);
        (TeraValue::from_serializable(&Members { base: None, members: &members }), summary)
    }

    fn speaker_summary(&self, i: usize) -> TeraValue {
        let sp = &self.conf.speakers[i];
        map([
            ("slug", sp.slug.as_str().into()),
            ("name", sp.name.as_str().into()),
            ("url", self.url(&format!("speakers/{}/", sp.slug)).into()),
            ("affiliation", sp.affiliation.as_deref().into()),
            ("job_title", sp.job_title.as_deref().into()),
            ("photo", self.speaker_photo(i).into()),
            ("pronouns", sp.pronouns.as_deref().into()),
            ("country", sp.country.as_deref().into()),
            ("featured", sp.featured.into()),
            ("initials", initials(&sp.name).into()),
        ])
    }

    /// The site path of speaker `i`'s photo, if they have one.
    pub fn speaker_photo(&self, i: usize) -> Option<String> {
        self.conf.speakers[i].photo.as_ref().map(|p| if crate::content::fields::is_remote(p) { p.clone() } else { self.url(p) })
    }

    /// Everything about one speaker, for their page (`sessions` carry their cards), and the
    /// summary of their bio.
    pub fn speaker_page(&self, i: usize, f: &Fragments) -> (TeraValue, String) {
        let sp = &self.conf.speakers[i];
        let (html, summary) = body::html_and_summary(&sp.bio, &self.base, 200);
        let sessions: Vec<TeraValue> = sp.sessions.iter().map(|&s| f.summary_with_card(self, s)).collect();
        let page = extended(
            &self.speakers[i],
            [
                ("bio_html", html.into()),
                ("summary", summary.as_str().into()),
                ("links", TeraValue::from_serializable(&sp.links)),
                ("sessions", sessions.into()),
                ("unscheduled", sp.unscheduled.iter().map(|&u| self.unscheduled_link(u)).collect::<Vec<_>>().into()),
                ("ics_url", self.url(&format!("speakers/{}.ics", sp.slug)).into()),
            ],
        );
        (page, summary)
    }

    /// A session not scheduled yet, as its speakers' pages list it.
    fn unscheduled_link(&self, i: usize) -> TeraValue {
        let u = &self.conf.unscheduled[i];
        map([("title", u.title.as_str().into()), ("url", self.url(&format!("sessions/{}/", u.slug)).into())])
    }

    fn sponsor_card(&self, s: &Sponsor) -> Value {
        let tier = &self.conf.tiers[s.tier];
        json!({
            "slug": s.slug,
            "name": s.name,
            "logo": s.logo.as_ref().map(|l| self.url(l)),
            "tier": {"id": tier.id, "name": tier.name, "rank": tier.rank, "logo_size": tier.logo_size},
            "page_url": if s.has_page { Some(self.url(&format!("sponsors/{}/", s.slug))) } else { None },
            "booth": s.booth,
        })
    }

    /// A sponsor card for one placement: its outbound link carries the UTM parameters and the
    /// placement, and `placement` names where it is shown (templates put it in `data-placement`).
    pub fn sponsor_link(&self, sponsor: usize, placement: &str) -> Value {
        let mut v = self.sponsors[sponsor].clone();
        let map = v.as_object_mut().expect("object");
        map.insert("url".into(), tracked_url(&self.conf.sponsors[sponsor].url, &self.conf.site.utm, placement).into());
        map.insert("placement".into(), placement.into());
        v
    }

    /// Everything about a sponsor, for its page (`sessions` carry their cards), and the summary
    /// of its description.
    pub fn sponsor_page(&self, i: usize, f: &Fragments) -> (TeraValue, String) {
        let c = self.conf;
        let s = &c.sponsors[i];
        let mut v = self.sponsor_link(i, "page");
        let map = v.as_object_mut().expect("object");
        self.add_prose(map, "description", &s.description);
        map.insert("jobs".into(), s.jobs.iter().map(|&j| self.job_summary(j)).collect::<Vec<_>>().into());
        let summary = map.get("summary").and_then(Value::as_str).unwrap_or_default().to_string();
        let sessions: Vec<TeraValue> = s.sessions.iter().map(|&x| f.summary_with_card(self, x)).collect();
        let rooms: Vec<TeraValue> = s.rooms.iter().map(|&r| self.refs.rooms[r].clone()).collect();
        (extended(&TeraValue::from_serializable(&v), [("sessions", sessions.into()), ("rooms", rooms.into())]), summary)
    }

    pub fn job_summary(&self, i: usize) -> Value {
        let j = &self.conf.jobs[i];
        json!({
            "slug": j.slug,
            "title": j.title,
            "url": self.url(&format!("jobs/{}/", j.slug)),
            "sponsor": self.sponsor_link(j.sponsor, "job-listing"),
            "location": j.location,
            "remote": j.remote,
            "remote_label": self.s(&format!("remote_{}", j.remote.replace('-', "_"))),
            "type": j.kind,
            "type_label": self.s(&format!("job_{}", j.kind.replace('-', "_"))),
            "salary": j.salary,
            "salary_label": j.salary.as_ref().map(|s| self.salary_label(s)),
            "apply": tracked_url(&j.apply, &self.conf.site.utm, "job-apply"),
            "posted": j.posted.to_string(),
            "posted_label": self.date_label(j.posted),
            "expires": j.expires.map(|d| d.to_string()),
            "expires_label": j.expires.map(|d| self.date_label(d)),
            "tags": j.tags,
        })
    }

    pub fn job_full(&self, i: usize) -> Value {
        let j = &self.conf.jobs[i];
        let mut v = self.job_summary(i);
        let map = v.as_object_mut().expect("object");
        self.add_prose(map, "description", &j.description);
        v
    }

    fn salary_label(&self, s: &crate::model::Salary) -> String {
        let amount = |n: f64| format_amount(n);
        let range = match (s.min, s.max) {
            (Some(a), Some(b)) if a != b => format!("{}–{}", amount(a), amount(b)),
            (Some(a), _) | (None, Some(a)) => amount(a),
            (None, None) => String::new(),
        };
        format!("{} {range} / {}", s.currency, self.s(&format!("per_{}", s.period)))
    }

    pub fn ticket_tiers(&self) -> Value {
        let Some(t) = &self.conf.tickets else { return Value::Array(Vec::new()) };
        let list: Vec<Value> = t
            .tiers
            .iter()
            .map(|tier| {
                json!({
                    "id": tier.id,
                    "name": tier.name,
                    "price": tier.price,
                    "price_label": if tier.price == 0.0 { self.s("free") } else { format!("{} {}", t.currency, format_amount(tier.price)) },
                    "currency": t.currency,
                    "description": tier.description,
                    "includes": tier.includes,
                    "on_sale": tier.on_sale.as_ref().map(time_view),
                    "on_sale_label": tier.on_sale.as_ref().map(|z| format!("{} {}", self.date_label(z.date()), z.strftime("%H:%M"))),
                    "off_sale": tier.off_sale.as_ref().map(time_view),
                    "off_sale_label": tier.off_sale.as_ref().map(|z| format!("{} {}", self.date_label(z.date()), z.strftime("%H:%M"))),
                    "status": tier.status.as_str(),
                    "status_label": self.s(&format!("status_{}", tier.status.as_str().replace('-', "_"))),
                    "available": tier.status == crate::model::TicketStatus::OnSale,
                    "quantity": tier.quantity,
                    "url": tier.url.as_ref().map(|u| self.content_url(u)),
                    "audience": tier.audience,
                })
            })
            .collect();
        Value::Array(list)
    }

    /// The attendee's search and filter index (`sessions.json`): one small record per session,
    /// in time order, for app.js to filter the agenda by and to build "my schedule" calendars.
    /// Times are ISO 8601 with the offset, so the browser compares absolute times. `version` is
    /// the build's ([`super::pages`] writes a placeholder first and the hash of the file after).
    pub fn session_index<'s>(&'s self, version: &'s str) -> SessionIndex<'s> {
        let c = self.conf;
        let ns = crate::model::ids::namespace(c);
        let (all_rooms, elsewhere) = (self.s("all_rooms"), self.s("elsewhere"));
        let in_order: Vec<usize> = c.sessions_by_day().collect();
        let summary = |i: usize, path: &'static str| self.sessions[i].get_from_path(path).and_then(|v| v.as_str()).unwrap_or_default();
        let sessions = in_order
            .par_iter()
            .map(|&i| {
                let s = &c.sessions[i];
                IndexEntry {
                    day: c.days[s.day].date.to_string(),
                    end: summary(i, "end.iso"),
                    guid: crate::model::ids::session_guid(&ns, s),
                    id: &s.slug,
                    kind: s.kind.id(),
                    language: &s.language,
                    level: s.level.map(|l| l.id()),
                    room: s.room.map(|r| c.rooms[r].id.as_str()),
                    room_name: match s.room {
                        Some(r) => c.rooms[r].name.clone(),
                        None if s.elsewhere => elsewhere.clone(),
                        None => all_rooms.clone(),
                    },
                    speakers: s.speakers.iter().map(|&sp| c.speakers[sp].name.as_str()).collect(),
                    start: summary(i, "start.iso"),
                    tags: &s.tags,
                    title: &s.title,
                    track: s.track.map(|t| c.tracks[t].id.as_str()),
                    track_name: s.track.map(|t| c.tracks[t].name.as_str()),
                    url: summary(i, "url"),
                }
            })
            .collect();
        SessionIndex { sessions, timezone: &c.site.timezone_name, version }
    }

    /// `app` in templates: the site paths of the web app manifest and the "my schedule" page,
    /// and `config`, the JSON (safe inside `<script type="application/json">`) that app.js reads:
    /// base path, time zone, the event's first start and last end, file paths and the theme's
    /// `js_*` strings (without the prefix).
    fn app_view(&self) -> Value {
        let c = self.conf;
        let strings: Map<String, Value> = self
            .strings
            .as_object()
            .map(|m| m.iter().filter_map(|(k, v)| k.strip_prefix("js_").map(|k| (k.to_string(), v.clone()))).collect())
            .unwrap_or_default();
        let start = c.sessions.iter().min_by_key(|s| s.start.timestamp()).map(|s| crate::model::time::rfc3339(&s.start));
        let end = c.sessions.iter().max_by_key(|s| s.end.timestamp()).map(|s| crate::model::time::rfc3339(&s.end));
        let config = AppConfig {
            base: &self.base,
            calendar_name: format!("{} · {}", c.site.title, self.s("my_schedule")),
            event_end: end,
            event_start: start,
            index: self.url("sessions.json"),
            language: &c.site.language,
            my_schedule: self.url("my-schedule/"),
            service_worker: self.url("sw.js"),
            strings,
            timezone: &c.site.timezone_name,
        };
        json!({
            "manifest": self.url("manifest.webmanifest"),
            "my_schedule": self.url("my-schedule/"),
            "config": crate::markup::escape::script_json(&config, b"<"),
        })
    }

    pub fn news_summary(&self, i: usize) -> Value {
        let n = &self.conf.news[i];
        json!({
            "slug": n.slug,
            "title": n.title,
            "url": self.url(&format!("news/{}/", n.slug)),
            "date": n.date.to_string(),
            "date_label": self.date_label(n.date),
            "author": n.author,
            "summary": n.summary.clone().unwrap_or_else(|| body::summary(&n.body, 240)),
        })
    }
}

/// `url` with the site's UTM parameters and `utm_content=<placement>` appended.
pub fn tracked_url(url: &str, utm: &crate::model::Utm, placement: &str) -> String {
    if !url.starts_with("http") {
        return url.to_string();
    }
    let mut params = Vec::new();
    for (key, value) in [("utm_source", &utm.source), ("utm_medium", &utm.medium), ("utm_campaign", &utm.campaign)] {
        if let Some(v) = value {
            params.push(format!("{key}={}", encode(v)));
        }
    }
    if params.is_empty() {
        return url.to_string();
    }
    params.push(format!("utm_content={}", encode(placement)));
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, format!("#{f}")),
        None => (url, String::new()),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{}{fragment}", params.join("&"))
}

/// Percent-encodes a query value.
fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// 1234567.5 → "1,234,567.50"; whole numbers without decimals.
pub fn format_amount(n: f64) -> String {
    let whole = n.trunc() as i64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let cents = ((n - n.trunc()) * 100.0).round() as i64;
    if cents == 0 { grouped } else { format!("{grouped}.{cents:02}") }
}

fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.chars().take(2).collect(),
        [first, .., last] => first.chars().take(1).chain(last.chars().take(1)).collect(),
    }
}

/// How session summaries and lists name the rooms (`{id, name, url}`), tracks (`{id, name,
/// color, url}`) and speakers (`{slug, name, url}`), by index, and the labels of session kinds,
/// levels and days and the sessions' times: made once, not once per session (a programme of
/// thousands of sessions has a few hundred slot times).
#[derive(Default)]
pub struct Refs {
    pub rooms: Vec<TeraValue>,
    pub tracks: Vec<TeraValue>,
    pub speakers: Vec<TeraValue>,
    kind_labels: Vec<(&'static str, TeraValue)>,
    level_labels: Vec<(&'static str, TeraValue)>,
    times: HashMap<jiff::Timestamp, TeraValue>,
    day_labels: Vec<TeraValue>,
}

impl Refs {
    fn new(v: &Views) -> Refs {
        let c = v.conf;
        let labels = |prefix: &str, keys: &mut dyn Iterator<Item = &'static str>| {
            let mut list: Vec<(&'static str, TeraValue)> = Vec::new();
            for key in keys {
                if !list.iter().any(|(k, _)| *k == key) {
                    list.push((key, v.s(&format!("{prefix}{key}")).into()));
                }
            }
            list
        };
        Refs {
            rooms: c
                .rooms
                .iter()
                .map(|r| {
                    map([
                        ("id", r.id.as_str().into()),
                        ("name", r.name.as_str().into()),
                        ("url", v.url(&format!("rooms/{}/", r.id)).into()),
                    ])
                })
                .collect(),
            tracks: c
                .tracks
                .iter()
                .map(|t| {
                    let url = v.url(&format!("tracks/{}/", t.id));
                    map([
                        ("id", t.id.as_str().into()),
                        ("name", t.name.as_str().into()),
                        ("color", t.color.as_str().into()),
                        ("url", url.into()),
                    ])
                })
                .collect(),
            speakers: c
                .speakers
                .iter()
                .map(|sp| {
                    let url = v.url(&format!("speakers/{}/", sp.slug));
                    map([("slug", sp.slug.as_str().into()), ("name", sp.name.as_str().into()), ("url", url.into())])
                })
                .collect(),
            kind_labels: labels("kind_", &mut c.sessions.iter().map(|s| s.kind.id())),
            level_labels: labels("level_", &mut c.sessions.iter().filter_map(|s| s.level.map(|l| l.id()))),
            times: c
                .sessions
                .iter()
                .flat_map(|s| [&s.start, &s.end])
                .map(|z| (z.timestamp(), z))
                .collect::<HashMap<_, _>>()
                .into_iter()
                .map(|(t, z)| (t, time_view(z)))
                .collect(),
            day_labels: v.day_labels.iter().map(|l| l.as_str().into()).collect(),
        }
    }

    /// [`time_view`] of `z`, shared with every session that starts or ends then (all in the
    /// site's time zone, so the instant decides the view).
    fn time(&self, z: &Zoned) -> TeraValue {
        self.times.get(&z.timestamp()).cloned().unwrap_or_else(|| time_view(z))
    }
}

/// The settings app.js reads ([`Views::app_view`]), members in sorted order as they have always
/// been written; a session-less site has no `event_start` and `event_end` (`null`).
#[derive(serde::Serialize)]
struct AppConfig<'a> {
    base: &'a str,
    calendar_name: String,
    event_end: Option<String>,
    event_start: Option<String>,
    index: String,
    language: &'a str,
    my_schedule: String,
    service_worker: String,
    /// The theme's `js_*` strings, without the prefix.
    strings: Map<String, Value>,
    timezone: &'a str,
}

/// `sessions.json` ([`Views::session_index`]), serialized as it is (members in sorted order).
#[derive(serde::Serialize)]
pub struct SessionIndex<'a> {
    sessions: Vec<IndexEntry<'a>>,
    timezone: &'a str,
    version: &'a str,
}

#[derive(serde::Serialize)]
struct IndexEntry<'a> {
    day: String,
    end: &'a str,
    guid: String,
    id: &'a str,
    kind: &'a str,
    language: &'a str,
    level: Option<&'a str>,
    room: Option<&'a str>,
    room_name: String,
    speakers: Vec<&'a str>,
    start: &'a str,
    tags: &'a [String],
    title: &'a str,
    track: Option<&'a str>,
    track_name: Option<&'a str>,
    url: &'a str,
}

/// A Tera map of `members` (static keys, so only the map is allocated).
pub fn map<const N: usize>(members: [(&'static str, TeraValue); N]) -> TeraValue {
    TeraValue::from_serializable(&Members { base: None, members: &members })
}

/// The map `base` with `members` added (or replaced). The members of `base` are shared, not copied.
pub fn extended(base: &TeraValue, members: impl Into<Vec<(&'static str, TeraValue)>>) -> TeraValue {
    let base = base.as_map();
    let members = members.into();
    TeraValue::try_from_serializable(&Members { base, members: &members }).unwrap_or_else(|_| {
        // `base` has keys that are not static names (a map converted from JSON).
        let mut map = base.cloned().unwrap_or_default();
        map.extend(members.into_iter().map(|(k, v)| (k.into(), v)));
        map.into()
    })
}

/// The members of `data`, a struct, as Tera values by name (a map's members, which have no static
/// names, are left out).
pub fn members_of(data: &impl serde::Serialize) -> Vec<(&'static str, TeraValue)> {
    let value = TeraValue::from_serializable(data);
    let members = value.as_map().into_iter().flatten();
    members
        .filter_map(|(key, value)| match key {
            tera::value::Key::Str(name) => Some((*name, value.clone())),
            _ => None,
        })
        .collect()
}

/// The members of a map, to build it with: Tera's `Value::from` a map inserts every member into
/// a new map, where serializing builds the map once and takes each member's value as it is (a
/// reference count, not a copy). Maps are built for every page, so this counts.
struct Members<'a> {
    base: Option<&'a tera::Map>,
    members: &'a [(&'static str, TeraValue)],
}

impl serde::Serialize for Members<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeStruct};
        let mut map = serializer.serialize_struct("map", self.base.map_or(0, |b| b.len()) + self.members.len())?;
        for (key, value) in self.base.into_iter().flatten() {
            let tera::value::Key::Str(name) = key else { return Err(S::Error::custom("a key that is not a static name")) };
            map.serialize_field(name, value)?;
        }
        for (name, value) in self.members {
            map.serialize_field(name, value)?;
        }
        map.end()
    }
}

/// A JSON object of `members`, built in one go.
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A time as templates see it: `iso`, `date`, `time`, `zone` and `offset` (see docs/templates.md).
/// Every session has two, so they are cut from one RFC 3339 text rather than formatted five
/// times; the test holds them to what strftime gives.
fn time_view(z: &Zoned) -> TeraValue {
    let iso = crate::model::time::rfc3339(z);
    let zone = z.time_zone().to_offset_info(z.timestamp()).abbreviation().to_string();
    let (date, time, offset) = match (iso.get(..10), iso.get(11..16), iso.get(19..)) {
        (Some(date), Some(time), Some(offset)) if iso.len() == 25 => (date.to_string(), time.to_string(), offset.to_string()),
        _ => (z.date().to_string(), z.strftime("%H:%M").to_string(), z.strftime("%:z").to_string()),
    };
    map([("date", date.into()), ("time", time.into()), ("zone", zone.into()), ("offset", offset.into()), ("iso", iso.into())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Utm;

    #[test]
    fn maps_keep_their_order_and_extending_replaces_or_appends() {
        let keys = |v: &TeraValue| v.as_map().unwrap().keys().map(|k| k.as_str().unwrap().to_string()).collect::<Vec<_>>();
        let shared = map([("x", 1.into())]);
        let base = map([("b", "one".into()), ("a", shared.clone())]);
        assert_eq!(keys(&base), ["b", "a"]);
        let more = extended(&base, [("c", true.into()), ("b", "two".into())]);
        assert_eq!(keys(&more), ["b", "a", "c"]);
        assert_eq!(more.get_from_path("b").and_then(TeraValue::as_str), Some("two"));
        assert_eq!(more.get_from_path("a.x").and_then(TeraValue::as_u64), Some(1));
        // A map whose keys came from JSON (which sorts them) takes the other way.
        let from_json = TeraValue::from_serializable(&json!({"b": "one", "a": {"x": 1}}));
        let more = extended(&from_json, [("c", true.into()), ("b", "two".into())]);
        assert_eq!(keys(&more), ["a", "b", "c"]);
        assert_eq!(more.get_from_path("b").and_then(TeraValue::as_str), Some("two"));
    }

    #[test]
    fn time_views_match_strftime() {
        let zones = ["Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC", "Asia/Taipei", "America/St_Johns"];
        let times = ["2026-10-22T09:05:07", "2026-03-29T01:59:59", "2026-10-25T02:30:00", "1900-01-01T00:00:00", "0999-06-01T12:00:00"];
        for zone in zones {
            let tz = jiff::tz::TimeZone::get(zone).unwrap();
            for t in times {
                let z = t.parse::<jiff::civil::DateTime>().unwrap().to_zoned(tz.clone()).unwrap();
                let want = json!({
                    "iso": z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    "date": z.date().to_string(),
                    "time": z.strftime("%H:%M").to_string(),
                    "zone": z.strftime("%Z").to_string(),
                    "offset": z.strftime("%:z").to_string(),
                });
                assert_eq!(serde_json::to_value(time_view(&z)).unwrap(), want, "{zone} {t}");
            }
        }
    }

    #[test]
    fn tracks_links() {
        let utm = Utm { source: Some("conf site".into()), medium: Some("referral".into()), campaign: None };
        assert_eq!(
            tracked_url("https://a.org/x?y=1#top", &utm, "footer"),
            "https://a.org/x?y=1&utm_source=conf%20site&utm_medium=referral&utm_content=footer#top"
        );
        assert_eq!(tracked_url("https://a.org/", &Utm::default(), "footer"), "https://a.org/");
    }

    #[test]
    fn amounts_and_initials() {
        assert_eq!(format_amount(1234567.5), "1,234,567.50");
        assert_eq!(format_amount(90.0), "90");
        assert_eq!(initials("Zoë Martin"), "ZM");
        assert_eq!(initials("陳美玲"), "陳美");
    }
}
