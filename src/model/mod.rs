//! The resolved conference: one immutable model that every renderer and export reads.
//!
//! Entities link to each other by index into the lists of [`Conference`] (a session's `room` is
//! an index into `rooms`), and each list is already in display order. Building the model
//! ([`resolve::resolve`]) is where every cross-file rule is checked.

pub mod ids;
pub mod links;
mod palette;
pub mod resolve;
mod rules;
pub mod time;

pub use crate::content::body::{Body, BodyFormat};
pub use crate::content::raw::{Recording, SessionDetails, Source, TitledLink, Video};
pub use crate::content::vocab::{Level, OrderPolicy, Placement, SessionKind, Vocabulary};
use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Serialize;

pub use resolve::{Options, resolve};

/// Indexes of the records that point at this one (a room's sessions, a tier's sponsors), in
/// order: derived from those records when the model is resolved. Hashing a record leaves them
/// out: a page that shows such a list fingerprints the listed records themselves, and a page
/// about one session must not be rendered again because its room gained a session (at 10,000
/// sessions, hashing each session page's room and track lists cost 30 ms per edit).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backrefs(pub Vec<usize>);

impl std::hash::Hash for Backrefs {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl std::ops::Deref for Backrefs {
    type Target = Vec<usize>;
    fn deref(&self) -> &Vec<usize> {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Backrefs {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::ops::DerefMut for Backrefs {
    fn deref_mut(&mut self) -> &mut Vec<usize> {
        &mut self.0
    }
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Venue {
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub url: Option<String>,
    pub map_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organizer {
    pub name: String,
    pub url: Option<String>,
    pub email: Option<String>,
}

/// UTM parameters added to outbound sponsor links.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Utm {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub acronym: String,
    pub tagline: Option<String>,
    pub description: Option<String>,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub start_date: Date,
    pub end_date: Date,
    pub venue: Option<Venue>,
    pub organizer: Option<Organizer>,
    /// Path under static/ (and so under the output root).
    pub logo: Option<String>,
    pub image: Option<String>,
    /// `None` = the theme's standard menu.
    pub menu: Option<Vec<Link>>,
    pub links: BTreeMap<String, String>,
    /// A theme folder (absolute), or `None` for the embedded default theme.
    pub theme_dir: Option<PathBuf>,
    pub utm: Utm,
    pub primary_color: String,
    /// Pages link to each other, their styles and images by relative URLs (`relative_urls` in
    /// site.yaml or `--relative-urls`); exports stay absolute from `base_url`.
    pub relative_urls: bool,
    /// When a conference day ends: sessions that start after midnight but before it (a party,
    /// a night of lightning talks) belong to the day before. Midnight when site.yaml says nothing.
    pub day_change: jiff::civil::Time,
    /// `import.kinds` of site.yaml: event type (lowercase) → kind, for `confpress import`.
    pub import_kinds: Vec<(String, SessionKind)>,
    /// `raw_html` in site.yaml: the organizers' own pages and news keep their raw HTML.
    pub raw_html: bool,
}

impl Site {
    /// The conference day that a session starting at `start` (local time) belongs to.
    pub fn day_of(&self, start: jiff::civil::DateTime) -> Date {
        let midnight = jiff::civil::Time::midnight();
        let span = self.day_change.since(midnight).unwrap_or_default();
        start.checked_sub(span).map_or(start.date(), |d| d.date())
    }

    /// The path part of `base_url`: `/` or `/conf/2026/`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

#[derive(Debug, Clone)]
pub struct Day {
    pub date: Date,
    /// Indexes into `Conference::sessions`, in start order.
    pub sessions: Backrefs,
}

#[derive(Debug, Clone, Hash)]
pub struct Room {
    pub id: String,
    pub name: String,
    pub capacity: Option<u32>,
    pub floor: Option<String>,
    pub stream: Option<String>,
    pub sponsor: Option<usize>,
    pub description: Option<String>,
    pub sessions: Backrefs,
    pub source: Source,
}

#[derive(Debug, Clone, Hash)]
pub struct Track {
    pub id: String,
    pub name: String,
    /// `#rrggbb`: the track's own, or one of [`palette`]'s.
    pub color: String,
    pub description: Option<String>,
    pub sessions: Backrefs,
}

#[derive(Debug, Clone, Hash)]
pub struct Speaker {
    pub slug: String,
    pub name: String,
    pub affiliation: Option<String>,
    pub job_title: Option<String>,
    pub photo: Option<String>,
    pub pronouns: Option<String>,
    pub country: Option<String>,
    pub links: Vec<Link>,
    pub featured: bool,
    /// Markdown or HTML.
    pub bio: Body,
    pub sessions: Backrefs,
    /// Indexes into `Conference::unscheduled`.
    pub unscheduled: Backrefs,
    /// The file it came from, relative to the site (for the incremental server).
    pub file: PathBuf,
    pub source: Source,
}

#[derive(Debug, Clone, Hash)]
pub struct Session {
    pub slug: String,
    pub title: String,
    pub kind: SessionKind,
    pub speakers: Vec<usize>,
    pub track: Option<usize>,
    /// `None` = plenary (spans every room), or [`elsewhere`](Self::elsewhere).
    pub room: Option<usize>,
    /// Without a room, but in parallel with other sessions: an open space, online only. Shown
    /// beside the rooms rather than across them.
    pub elsewhere: bool,
    pub start: Zoned,
    pub end: Zoned,
    /// Index into `Conference::days`.
    pub day: usize,
    pub level: Option<Level>,
    pub language: String,
    pub tags: Vec<String>,
    /// The fields that pass from the session's file as written (slides, video…).
    pub details: SessionDetails,
    /// The session's stream, or its room's.
    pub stream: Option<String>,
    pub sponsor: Option<usize>,
    pub featured: bool,
    /// Markdown or HTML (the name is older than `format: html`).
    pub abstract_md: Body,
    pub file: PathBuf,
}

impl Session {
    pub fn minutes(&self) -> i64 {
        (self.end.timestamp().as_second() - self.start.timestamp().as_second()) / 60
    }

    pub fn is_plenary(&self) -> bool {
        self.room.is_none() && !self.elsewhere
    }
}

/// A session accepted but not scheduled yet: it has a page and shows on its speakers' pages,
/// but no time, so the grid, the calendars and the schedule files leave it out.
#[derive(Debug, Clone, Hash)]
pub struct Unscheduled {
    pub slug: String,
    pub title: String,
    pub kind: SessionKind,
    pub speakers: Vec<usize>,
    pub track: Option<usize>,
    pub level: Option<Level>,
    pub language: String,
    pub tags: Vec<String>,
    pub details: SessionDetails,
    /// Minutes, when the file says (`duration`).
    pub minutes: Option<i64>,
    pub abstract_md: Body,
    pub file: PathBuf,
}

#[derive(Debug, Clone, Hash)]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub rank: u32,
    pub logo_size: &'static str,
    pub placements: Vec<Placement>,
    pub job_quota: u32,
    pub max: Option<u32>,
    pub page: bool,
    pub order: OrderPolicy,
    /// The sections of the post-event sponsor report its sponsors get (`report` in
    /// sponsors.yaml; every section when not set), in report order.
    pub report: Vec<&'static str>,
    /// Indexes into `Conference::sponsors`, in the tier's order.
    pub sponsors: Backrefs,
}

#[derive(Debug, Clone, Hash)]
pub struct Sponsor {
    pub slug: String,
    pub name: String,
    pub tier: usize,
    pub logo: Option<String>,
    pub url: String,
    /// Every placement it is entitled to: the tier's plus its add-ons, in [`Placement::ALL`] order.
    pub placements: Vec<Placement>,
    pub add_ons: Vec<Placement>,
    pub booth: Option<String>,
    /// Markdown or HTML.
    pub description: Body,
    /// Whether it has a page of its own (its tier grants one).
    pub has_page: bool,
    pub jobs: Backrefs,
    pub sessions: Backrefs,
    pub rooms: Backrefs,
}

impl Sponsor {
    pub fn has_placement(&self, placement: Placement) -> bool {
        self.placements.contains(&placement)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TicketStatus {
    Upcoming,
    OnSale,
    SoldOut,
    Ended,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Upcoming => "upcoming",
            TicketStatus::OnSale => "on-sale",
            TicketStatus::SoldOut => "sold-out",
            TicketStatus::Ended => "ended",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TicketTier {
    pub id: String,
    pub name: String,
    pub price: f64,
    pub description: Option<String>,
    pub includes: Vec<String>,
    pub on_sale: Option<Zoned>,
    pub off_sale: Option<Zoned>,
    pub status: TicketStatus,
    pub quantity: Option<u32>,
    pub url: Option<String>,
    pub audience: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Tickets {
    pub currency: String,
    pub tiers: Vec<TicketTier>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: String,
    pub period: &'static str,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub slug: String,
    pub title: String,
    pub sponsor: usize,
    pub location: String,
    pub remote: &'static str,
    pub kind: &'static str,
    pub salary: Option<Salary>,
    pub apply: String,
    pub posted: Date,
    pub expires: Option<Date>,
    pub tags: Vec<String>,
    /// Markdown or HTML.
    pub description: Body,
}

#[derive(Debug, Clone)]
pub struct News {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub author: Option<String>,
    pub summary: Option<String>,
    /// Markdown or HTML; trusted with site.yaml's `raw_html`.
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    /// Markdown or HTML; trusted with site.yaml's `raw_html`.
    pub body: Body,
}

/// The whole conference, resolved and checked.
#[derive(Debug, Clone)]
pub struct Conference {
    pub site: Site,
    pub days: Vec<Day>,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    /// By name.
    pub speakers: Vec<Speaker>,
    /// By start, then room order, then title.
    pub sessions: Vec<Session>,
    /// Accepted, not scheduled yet; by title.
    pub unscheduled: Vec<Unscheduled>,
    /// By rank.
    pub tiers: Vec<Tier>,
    /// By tier rank, then the tier's order.
    pub sponsors: Vec<Sponsor>,
    pub tickets: Option<Tickets>,
    /// Live jobs only (expired ones are left out), by tier rank, then newest first.
    pub jobs: Vec<Job>,
    /// Newest first.
    pub news: Vec<News>,
    pub pages: Vec<Page>,
    /// Files under static/, relative to it.
    pub static_files: Vec<PathBuf>,
    /// The build's "now" (for ticket status, expired jobs, "upcoming" labels).
    pub now: Timestamp,
}

impl Conference {
    /// Every session's index, day by day, each day's in start order.
    pub fn sessions_by_day(&self) -> impl Iterator<Item = usize> + '_ {
        self.days.iter().flat_map(|d| d.sessions.iter().copied())
    }

    /// Sponsors entitled to `placement`, grouped by tier in rank order.
    pub fn sponsors_for(&self, placement: Placement) -> Vec<(usize, Vec<usize>)> {
        self.tiers
            .iter()
            .enumerate()
            .map(|(t, tier)| (t, tier.sponsors.iter().copied().filter(|&s| self.sponsors[s].has_placement(placement)).collect::<Vec<_>>()))
            .filter(|(_, list)| !list.is_empty())
            .collect()
    }

    /// The time zone's abbreviation or offset at `z`, e.g. `CEST` or `+08`.
    pub fn zone_label(z: &Zoned) -> String {
        z.strftime("%Z").to_string()
    }
}
