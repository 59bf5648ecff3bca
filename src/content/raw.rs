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
}

#[derive(Debug, Clone)]
pub struct RawTrack {
    pub origin: Origin,
    pub id: Spanned<String>,
    pub name: String,
    pub color: String,
    pub description: Option<String>,
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
    pub body: Body,
}

/// A session's end: either a time or a duration in minutes.
#[derive(Debug, Clone)]
pub enum RawEnd {
    At(Spanned<WallTime>),
    Minutes(Spanned<i64>),
}

/// What a session file says that no rule across files resolves: each field goes from here to the
/// model as it was read, to the session's page (as `session.<field>`, every member by its name)
/// and to the exports that carry it. A new field of this kind is added here, read in
/// `entities::session`, shown in a template and exported (see docs/architecture.md).
#[derive(Debug, Clone, Default, Hash, Serialize)]
pub struct SessionDetails {
    /// A second line under the title (`subtitle` in frab's schedule files).
    pub subtitle: Option<String>,
    /// URL of the slides.
    pub slides: Option<String>,
    /// URL of the recording.
    pub video: Option<String>,
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
    pub start: Spanned<WallTime>,
    pub end: RawEnd,
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
