//! Raw records: each content file as written, type-checked but not yet linked to the others.
//!
//! References to other entities are still strings with the position they were read from; the
//! model's resolver turns them into links (or diagnostics).

use super::vocab::{Level, OrderPolicy, Placement, SessionKind};
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use serde::Serialize;

use super::body::Body;
use super::fields::{Spanned, WallTime};
use crate::diag::Pos;

/// Where a record was read from: its file and the position of the record in it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<Path>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Default)]
pub struct RawLink {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Default)]
pub struct RawVenue {
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub url: Option<String>,
    pub map_url: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RawOrganizer {
    pub name: String,
    pub url: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RawUtm {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RawSite {
    pub origin: Origin,
    pub title: String,
    pub acronym: Option<Spanned<String>>,
    pub tagline: Option<String>,
    pub description: Option<String>,
    pub base_url: String,
    pub language: Spanned<String>,
    pub timezone: Spanned<String>,
    pub start_date: Spanned<Date>,
    pub end_date: Spanned<Date>,
    pub venue: Option<RawVenue>,
    pub organizer: Option<RawOrganizer>,
    pub logo: Option<String>,
    pub image: Option<String>,
    pub menu: Option<Vec<RawLink>>,
    pub links: Vec<(String, String)>,
    pub theme: Option<Spanned<String>>,
    pub utm: RawUtm,
    pub primary_color: Option<String>,
    /// A fixed "now" for every build of this site (below `--now`, above SOURCE_DATE_EPOCH).
    pub now: Option<Spanned<WallTime>>,
    /// `relative_urls: true`: pages link relatively (see docs/content.md).
    pub relative_urls: bool,
    /// When a conference day ends (`day_change: "04:00"`): a session that starts before it
    /// belongs to the day before. Midnight when not given.
    pub day_change: Option<Spanned<jiff::civil::Time>>,
    /// `import.kinds`: a call-for-papers tool's event types (lowercased) and the kinds
    /// `confpress import` gives them, beside its own table (see docs/import.md).
    pub import_kinds: Vec<(String, SessionKind)>,
    /// `raw_html: true`: the organizers' pages and news keep their raw HTML unsanitised.
    pub raw_html: bool,
}

#[derive(Debug, Clone)]
pub struct RawRoom {
    pub origin: Origin,
    pub id: Spanned<String>,
    pub name: String,
    pub capacity: Option<u32>,
    pub floor: Option<String>,
    pub stream: Option<String>,
    pub sponsor: Option<Spanned<String>>,
    pub description: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct RawTrack {
    pub origin: Origin,
    pub id: Spanned<String>,
    pub name: String,
    /// `None`: the palette chooses (see the model).
    pub color: Option<String>,
    pub description: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct RawSpeaker {
    pub origin: Origin,
    pub slug: String,
    pub name: String,
    pub affiliation: Option<String>,
    pub job_title: Option<String>,
    pub photo: Option<String>,
    pub pronouns: Option<String>,
    pub country: Option<String>,
    pub links: Vec<RawLink>,
    pub featured: bool,
    pub draft: bool,
    pub source: Source,
    pub body: Body,
}

/// A session's end: either a time or a duration in minutes.
#[derive(Debug, Clone)]
pub enum RawEnd {
    At(Spanned<WallTime>),
    Minutes(Spanned<i64>),
}

/// Where a record came from when a call-for-papers tool's export was imported (`source:`): the
/// tool's id, guid and page. confpress's own schedule files reuse the id and guid, so schedule
/// apps keep attendees' stars across the switch from the tool's export to confpress's.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: Option<String>,
    /// A UUID (checked when read).
    pub guid: Option<String>,
    pub url: Option<String>,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.guid.is_none() && self.url.is_none()
    }
}

/// A titled link of a session (`links`, `attachments`).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TitledLink {
    pub title: String,
    pub url: String,
}

/// A recording of a session (`videos`); `video: URL` is one without a title.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Video {
    pub url: String,
    pub title: Option<String>,
}

/// Whether a session may be recorded, and under which licence (`recording`).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Recording {
    pub allowed: bool,
    pub license: Option<String>,
}

impl Default for Recording {
    fn default() -> Recording {
        Recording { allowed: true, license: None }
    }
}

/// What a session file says that no rule across files resolves: each field goes from here to the
/// model as it was read, to the session's page (as `session.<field>`, every member by its name)
/// and to the exports that carry it. A new field of this kind is added here, read in
/// `entities::session`, shown in a template and exported (see docs/architecture.md).
#[derive(Debug, Clone, Default, Hash, Serialize)]
pub struct SessionDetails {
    /// A second line under the title (`subtitle` in frab's schedule files).
    pub subtitle: Option<String>,
    /// The source's own name for the session's type when it maps to no kind (`Podcast`): shown
    /// instead of the kind's label, and frab's `type`. (Not a page member of its own: the
    /// session's `kind_label` is this or the kind's label.)
    #[serde(skip)]
    pub kind_label: Option<String>,
    /// URL of the slides.
    pub slides: Option<String>,
    /// The recordings: `videos`, or the one `video`.
    pub videos: Vec<Video>,
    /// More links (a project page, a paper).
    pub links: Vec<TitledLink>,
    /// Files that go with the session (slides as PDF, a handout).
    pub attachments: Vec<TitledLink>,
    pub recording: Recording,
    /// Where attendees give feedback on the session.
    pub feedback_url: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct RawSession {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub kind: SessionKind,
    pub speakers: Vec<Spanned<String>>,
    pub track: Option<Spanned<String>>,
    pub room: Option<Spanned<String>>,
    /// `None`: accepted but not scheduled yet (no `start`).
    pub start: Option<Spanned<WallTime>>,
    /// `None` with `start`: a reported error; without `start`, nothing to say.
    pub end: Option<RawEnd>,
    pub level: Option<Level>,
    pub language: Option<String>,
    pub tags: Vec<String>,
    pub details: SessionDetails,
    pub stream: Option<String>,
    pub sponsor: Option<Spanned<String>>,
    pub featured: bool,
    pub draft: bool,
    pub body: Body,
}

impl RawSession {
    /// Where the session's time is written (its `start`), or the record itself when it has none.
    pub fn start_pos(&self) -> Pos {
        self.start.as_ref().map_or(self.origin.pos, |s| s.pos)
    }
}

#[derive(Debug, Clone)]
pub struct RawTier {
    pub origin: Origin,
    pub id: Spanned<String>,
    pub name: String,
    pub rank: Spanned<u32>,
    pub logo_size: &'static str,
    pub placements: Vec<Spanned<Placement>>,
    pub jobs: u32,
    pub max: Option<u32>,
    pub page: bool,
    pub order: Option<OrderPolicy>,
    /// The sections of `confpress report` this tier's sponsors get; `None` = every section.
    pub report: Option<Vec<&'static str>>,
}

#[derive(Debug, Clone)]
pub struct RawSponsorsFile {
    pub origin: Origin,
    pub order: OrderPolicy,
    pub tiers: Vec<RawTier>,
}

#[derive(Debug, Clone)]
pub struct RawSponsor {
    pub origin: Origin,
    pub slug: String,
    pub name: String,
    pub tier: Spanned<String>,
    pub logo: Option<String>,
    pub url: String,
    pub add_ons: Vec<Spanned<Placement>>,
    pub booth: Option<String>,
    pub signed: Option<Date>,
    pub draft: bool,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct RawTicketTier {
    pub origin: Origin,
    pub id: Spanned<String>,
    pub name: String,
    pub price: f64,
    pub description: Option<String>,
    pub includes: Vec<String>,
    pub on_sale: Option<Spanned<WallTime>>,
    pub off_sale: Option<Spanned<WallTime>>,
    pub sold_out: bool,
    pub quantity: Option<u32>,
    pub url: Option<String>,
    pub audience: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RawTickets {
    pub origin: Origin,
    pub currency: String,
    pub url: Option<String>,
    pub tiers: Vec<RawTicketTier>,
}

#[derive(Debug, Clone)]
pub struct RawSalary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: String,
    pub period: &'static str,
}

#[derive(Debug, Clone)]
pub struct RawJob {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub sponsor: Spanned<String>,
    pub location: String,
    pub remote: &'static str,
    pub kind: &'static str,
    pub salary: Option<RawSalary>,
    pub apply: String,
    pub posted: Date,
    pub expires: Option<Spanned<Date>>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct RawNews {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub author: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct RawPage {
    pub origin: Origin,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub body: Body,
}
