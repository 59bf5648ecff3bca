//! Raw records → the resolved [`Conference`], checking every rule that spans files.
//!
//! Every problem becomes a diagnostic; resolving carries on past errors so one run reports them
//! all. The model is returned only when there is no error.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Span, Timestamp, Zoned};
use rayon::prelude::*;

use super::*;
use crate::content::entities::{REPORT_SECTIONS, slugify};
use crate::content::fields::{Spanned, WallTime, offset_text};
use crate::content::raw::*;
use crate::content::vocab::{OrderPolicy, Placement, Vocabulary};
use crate::content::{Content, FileKind, Unreadable};
use crate::diag::{Diagnostic, Diagnostics, Pos};

/// Choices that change what the model holds.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep `draft: true` records.
    pub drafts: bool,
    /// "Now" for ticket status and expiry; `None` = the real clock.
    pub now: Option<Timestamp>,
    /// Replaces site.yaml's `base_url` (e.g. the local address while serving).
    pub base_url: Option<String>,
    /// The site folder (to find a theme folder named in site.yaml).
    pub site_dir: PathBuf,
}

/// Built-in page paths a free page must not take.
const RESERVED_SLUGS: &[&str] =
    &["agenda", "sessions", "speakers", "sponsors", "jobs", "tickets", "news", "tracks", "rooms", "assets", "my-schedule", "404"];

struct Resolver<'a> {
    diags: &'a mut Diagnostics,
    /// Records whose files have errors: references to them are not reported again.
    unreadable: &'a Unreadable,
}

impl Resolver<'_> {
    fn error(&mut self, file: &Path, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(file, pos, message));
        self.last()
    }

    fn warn(&mut self, file: &Path, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(file, pos, message));
        self.last()
    }

    fn last(&mut self) -> &mut Diagnostic {
        self.diags.last_mut().expect("just pushed")
    }

    /// Looks `wanted` up in `index`, reporting an unknown reference with a suggestion.
    /// A reference to a record whose file could not be read is not reported: that file's own
    /// error says what is wrong.
    fn lookup(
        &mut self,
        file: &Path,
        (what, kind): (&str, FileKind),
        wanted: &Spanned<String>,
        index: &Index,
        drafts: &HashMap<String, ()>,
    ) -> Option<usize> {
        if let Some(&i) = index.ids.get(&wanted.value) {
            return Some(i);
        }
        let name = &wanted.value;
        if self.unreadable.may_hide(kind, name) {
            return None;
        }
        let d = if drafts.contains_key(name) {
            Diagnostic::error(file, wanted.pos, format!("{what} `{name}` is a draft"))
                .with_hint("publish it (remove `draft: true`) or build with --drafts")
        } else if let Some(id) = index.names.get(&name.trim().to_lowercase()) {
            Diagnostic::error(file, wanted.pos, format!("unknown {what} `{name}`"))
                .with_hint(format!("`{name}` is the name of {what} `{id}`: write its id, `{id}`"))
        } else {
            Diagnostic::error(file, wanted.pos, format!("unknown {what} `{name}`")).suggest(name, index.ids.keys().map(String::as_str))
        };
        let d = match (&d.hint, index.ids.is_empty()) {
            (Some(_), _) => d,
            (None, true) => d.with_hint(format!("no {what} is defined yet; see docs/content.md for where {what}s are declared")),
            (None, false) => d.with_hint(format!("check the spelling, or add the {what}")),
        };
        self.diags.push(d);
        None
    }
}

/// The ids of one kind of record, and their names (lowercased), so that a name written where
/// the id belongs gets "that is the name of …" instead of a guess.
#[derive(Default)]
struct Index {
    ids: HashMap<String, usize>,
    names: HashMap<String, String>,
}

impl Index {
    /// Indexes `items` by id as [`index_by`] does (reporting duplicates), and by name;
    /// `key` gives an item's id, name, file and position.
    fn new<T>(r: &mut Resolver, items: &[T], what: &str, key: impl Fn(&T) -> (&str, &str, &Path, Pos)) -> Index {
        let ids = index_by(r, items, what, |x| {
            let (id, _, file, pos) = key(x);
            (id, file, pos)
        });
        let names = items
            .iter()
            .map(|x| {
                let (id, name, ..) = key(x);
                (name.trim().to_lowercase(), id.to_string())
            })
            .collect();
        Index { ids, names }
    }
}

/// Indexes `items` by key, reporting duplicates.
fn index_by<T>(r: &mut Resolver, items: &[T], what: &str, key: impl Fn(&T) -> (&str, &Path, Pos)) -> HashMap<String, usize> {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let (k, file, pos) = key(item);
        if let Some(&first) = index.get(k) {
            let (_, first_file, first_pos) = key(&items[first]);
            let at = format!("{}:{}", first_file.display(), first_pos.line);
            r.error(file, pos, format!("duplicate {what} `{k}`")).hint =
                Some(format!("`{k}` is already defined at {at}; give each {what} its own id"));
        } else {
            index.insert(k.to_string(), i);
        }
    }
    index
}

/// Builds the model. Returns `None` when there were errors (all of them are in `diags`).
pub fn resolve(mut content: Content, opts: &Options, diags: &mut Diagnostics) -> Option<Conference> {
    let unreadable = std::mem::take(&mut content.unreadable);
    let mut r = Resolver { diags, unreadable: &unreadable };
    let raw_site = content.site.clone()?;
    let raw_site = &raw_site;
    let site = resolve_site(&mut r, raw_site, opts)?;
    let now = opts.now.unwrap_or_else(Timestamp::now);
    let days = conference_days(&site);

    let (content, drafted) = drop_drafts(content, opts.drafts);

    let mut rooms: Vec<Room> = content.rooms.iter().map(room).collect();
    let room_index = Index::new(&mut r, &content.rooms, "room", |x| (&x.id.value, &x.name, &x.origin.file, x.id.pos));
    let mut tracks: Vec<Track> = content.tracks.iter().map(track).collect();
    super::palette::fill_track_colors(&mut tracks, &content.tracks);
    let track_index = Index::new(&mut r, &content.tracks, "track", |x| (&x.id.value, &x.name, &x.origin.file, x.id.pos));

    // Sponsors and tiers.
    let (mut tiers, tier_index) = resolve_tiers(&mut r, content.sponsors_file.as_ref());
    let mut sponsors: Vec<Sponsor> = Vec::new();
    let mut sponsor_files: Vec<&RawSponsor> = Vec::new();
    for raw in &content.sponsors {
        let Some(tier) = r.lookup(&raw.origin.file, ("sponsor tier", FileKind::Sponsors), &raw.tier, &tier_index, &HashMap::new()) else {
            continue;
        };
        sponsors.push(sponsor(&mut r, raw, tier, &tiers[tier]));
        sponsor_files.push(raw);
    }
    order_sponsors(&mut sponsors, &mut sponsor_files, &tiers);
    for (i, s) in sponsors.iter().enumerate() {
        tiers[s.tier].sponsors.push(i);
    }
    check_tier_max(&mut r, &tiers, &sponsors, content.sponsors_file.as_ref());
    let sponsor_index = Index::new(&mut r, &sponsor_files, "sponsor", |x| (&x.slug, &x.name, &x.origin.file, x.origin.pos));
    let sponsor_drafts = &drafted.sponsors;

    for (i, raw) in content.rooms.iter().enumerate() {
        if let Some(s) = &raw.sponsor {
            rooms[i].sponsor = r.lookup(&raw.origin.file, ("sponsor", FileKind::Sponsor), s, &sponsor_index, sponsor_drafts);
            if let Some(s) = rooms[i].sponsor {
                sponsors[s].rooms.push(i);
            }
        }
    }

    // Speakers by name.
    let mut raw_speakers: Vec<&RawSpeaker> = content.speakers.iter().map(|s| &**s).collect();
    raw_speakers.sort_by_cached_key(|s| (s.name.to_lowercase(), s.slug.clone()));
    let mut speakers: Vec<Speaker> = raw_speakers.par_iter().map(|s| speaker(s)).collect();
    let speaker_index = Index::new(&mut r, &raw_speakers, "speaker", |x| (&x.slug, &x.name, &x.origin.file, x.origin.pos));

    // Sessions.
    // In parallel (a programme has thousands), each with its own diagnostics, kept in file order.
    let dates_ok = raw_site.end_date.value >= raw_site.start_date.value;
    let refs =
        Refs { rooms: &room_index, tracks: &track_index, speakers: &speaker_index, sponsors: &sponsor_index, drafted: &drafted, dates_ok };
    let resolved: Vec<(Option<Placed>, Diagnostics)> = content
        .sessions
        .par_iter()
        .map(|raw| {
            let mut diags = Diagnostics::default();
            (session(&mut Resolver { diags: &mut diags, unreadable: &unreadable }, raw, &site, &days, &refs, &rooms), diags)
        })
        .collect();
    let mut sessions = Vec::with_capacity(content.sessions.len());
    let mut unscheduled = Vec::new();
    for ((s, diags), raw) in resolved.into_iter().zip(&content.sessions) {
        r.diags.extend(diags);
        match s {
            Some(Placed::Scheduled(s)) => sessions.push((s, &**raw)),
            Some(Placed::Unscheduled(u)) => unscheduled.push(u),
            None => {}
        }
    }
    unscheduled.sort_by(|a: &Unscheduled, b| a.title.cmp(&b.title).then(a.slug.cmp(&b.slug)));
    for (i, u) in unscheduled.iter().enumerate() {
        for &sp in &u.speakers {
            speakers[sp].unscheduled.push(i);
        }
    }
    let room_order = |s: &Session| s.room.map_or(0, |r| r + 1);
    sessions.sort_by(|(a, _), (b, _)| {
        a.start.timestamp().cmp(&b.start.timestamp()).then(room_order(a).cmp(&room_order(b))).then(a.title.cmp(&b.title))
    });
    let (mut sessions, session_files): (Vec<Session>, Vec<&RawSession>) = sessions.into_iter().unzip();
    rules::mark_elsewhere(r.diags, &mut sessions, &session_files);
    rules::check_room_overlaps(r.diags, &sessions, &session_files, &rooms);
    rules::check_speaker_overlaps(r.diags, &sessions, &session_files, &speakers);

    let mut day_list: Vec<Day> = days.iter().map(|&date| Day { date, sessions: Backrefs::default() }).collect();
    for (i, s) in sessions.iter().enumerate() {
        day_list[s.day].sessions.push(i);
        if let Some(room) = s.room {
            rooms[room].sessions.push(i);
        }
        if let Some(t) = s.track {
            tracks[t].sessions.push(i);
        }
        for &sp in &s.speakers {
            speakers[sp].sessions.push(i);
        }
        if let Some(sp) = s.sponsor {
            sponsors[sp].sessions.push(i);
        }
    }
    // Named by a session that has an error is not "no session"; nor is any speaker while a
    // session file could not be read.
    let named: std::collections::HashSet<&str> =
        content.sessions.iter().flat_map(|s| s.speakers.iter().map(|sp| sp.value.as_str())).collect();
    let sessions_unreadable = unreadable.any(FileKind::Session);
    for (s, raw) in speakers.iter().zip(&raw_speakers) {
        let quiet = named.contains(s.slug.as_str()) || sessions_unreadable || unreadable.may_hide(FileKind::Speaker, &s.slug);
        if s.sessions.is_empty() && s.unscheduled.is_empty() && !quiet {
            r.warn(&raw.origin.file, Pos::new(1, 1), format!("speaker `{}` has no session", s.slug)).hint =
                Some("add the speaker to a session's `speakers`, or mark the file `draft: true`".into());
        }
    }

    let today = now.to_zoned(site.timezone.clone()).date();
    let jobs = resolve_jobs(&mut r, &content.jobs, &sponsor_index, &drafted, &mut sponsors, &tiers, today);
    let tickets = content.tickets.as_ref().map(|t| resolve_tickets(&mut r, t, &site, now));
    let news = resolve_news(&mut r, &content.news, site.raw_html);
    let pages = resolve_pages(&mut r, &content.pages, site.raw_html);

    if r.diags.has_errors() {
        return None;
    }
    Some(Conference {
        site,
        days: day_list,
        rooms,
        tracks,
        speakers,
        sessions,
        unscheduled,
        tiers,
        sponsors,
        tickets,
        jobs,
        news,
        pages,
        static_files: content.static_files,
        now,
    })
}

fn resolve_site(r: &mut Resolver, raw: &RawSite, opts: &Options) -> Option<Site> {
    let file: &Path = &raw.origin.file;
    let timezone = match TimeZone::get(&raw.timezone.value) {
        Ok(tz) => Some(tz),
        Err(_) => {
            r.error(file, raw.timezone.pos, format!("unknown time zone `{}`", raw.timezone.value)).hint =
                Some("use an IANA time zone name such as `Europe/Berlin`, `America/New_York` or `Asia/Taipei`".into());
            None
        }
    };
    if raw.end_date.value < raw.start_date.value {
        r.error(file, raw.end_date.pos, format!("`end_date` {} is before `start_date` {}", raw.end_date.value, raw.start_date.value))
            .hint = Some("the conference ends on or after the day it starts".into());
    }
    let length = raw.start_date.value.until(raw.end_date.value).map_or(0, |span| span.get_days() + 1);
    if length > MAX_DAYS as i32 {
        r.error(file, raw.end_date.pos, format!("the conference lasts {length} days: at most {MAX_DAYS}")).hint =
            Some("check `start_date` and `end_date`".into());
    }
    if !matches!(raw.language.value.as_str(), "en" | "zh-TW") && raw.theme.is_none() {
        r.error(file, raw.language.pos, format!("the default theme has no strings for language `{}`", raw.language.value)).hint =
            Some("use `en` or `zh-TW`, or a theme with an i18n/<language>.yaml".into());
    }
    let acronym = match &raw.acronym {
        Some(a) if !a.value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') || a.value.len() < 4 => {
            r.error(file, a.pos, format!("acronym `{}` is not valid", a.value)).hint =
                Some("use 4 or more lowercase letters, digits, `-` or `_`, e.g. `rustconf-2026`".into());
            a.value.clone()
        }
        Some(a) => a.value.clone(),
        None => slugify(&raw.title),
    };
    let theme_dir = match &raw.theme {
        Some(t) if t.value != "default" => {
            let dir = opts.site_dir.join(&t.value);
            if !dir.is_dir() {
                r.error(file, t.pos, format!("theme folder `{}` does not exist", t.value)).hint =
                    Some("use `theme: default`, or a folder (relative to the site) with templates/, static/ or i18n/".into());
            }
            Some(dir)
        }
        _ => None,
    };
    let mut base_url = opts.base_url.clone().unwrap_or_else(|| raw.base_url.clone());
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    Some(Site {
        title: raw.title.clone(),
        acronym,
        tagline: raw.tagline.clone(),
        description: raw.description.clone(),
        base_url,
        language: raw.language.value.clone(),
        timezone: timezone?,
        timezone_name: raw.timezone.value.clone(),
        start_date: raw.start_date.value,
        end_date: raw.end_date.value.max(raw.start_date.value),
        venue: raw.venue.as_ref().map(|v| Venue {
            name: v.name.clone(),
            address: v.address.clone(),
            city: v.city.clone(),
            country: v.country.clone(),
            url: v.url.clone(),
            map_url: v.map_url.clone(),
        }),
        organizer: raw.organizer.as_ref().map(|o| Organizer { name: o.name.clone(), url: o.url.clone(), email: o.email.clone() }),
        logo: raw.logo.clone(),
        image: raw.image.clone(),
        menu: raw.menu.as_ref().map(|m| m.iter().map(|l| Link { label: l.label.clone(), url: l.url.clone() }).collect()),
        links: raw.links.iter().cloned().collect::<BTreeMap<_, _>>(),
        theme_dir,
        utm: Utm { source: raw.utm.source.clone(), medium: raw.utm.medium.clone(), campaign: raw.utm.campaign.clone() },
        primary_color: raw.primary_color.clone().unwrap_or_else(|| "#5b21b6".into()),
        relative_urls: raw.relative_urls,
        day_change: raw.day_change.as_ref().map_or(jiff::civil::Time::midnight(), |t| t.value),
        import_kinds: raw.import_kinds.clone(),
        raw_html: raw.raw_html,
    })
}

/// The most days a conference may have (longer ones are an error in site.yaml).
const MAX_DAYS: usize = 366;

fn conference_days(site: &Site) -> Vec<Date> {
    let mut days = Vec::new();
    let mut d = site.start_date;
    while d <= site.end_date && days.len() < MAX_DAYS {
        days.push(d);
        d = d.tomorrow().unwrap_or(d);
    }
    days
}

/// Slugs of records left out as drafts, so references to them get a precise message.
#[derive(Default)]
struct Drafted {
    speakers: HashMap<String, ()>,
    sponsors: HashMap<String, ()>,
}

fn drop_drafts(mut c: Content, keep: bool) -> (Content, Drafted) {
    let mut drafted = Drafted::default();
    if keep {
        return (c, drafted);
    }
    for s in c.speakers.iter().filter(|s| s.draft) {
        drafted.speakers.insert(s.slug.clone(), ());
    }
    for s in c.sponsors.iter().filter(|s| s.draft) {
        drafted.sponsors.insert(s.slug.clone(), ());
    }
    c.speakers.retain(|s| !s.draft);
    c.sessions.retain(|s| !s.draft);
    c.sponsors.retain(|s| !s.draft);
    c.jobs.retain(|s| !s.draft);
    c.news.retain(|s| !s.draft);
    c.pages.retain(|s| !s.draft);
    (c, drafted)
}

fn room(raw: &RawRoom) -> Room {
    Room {
        id: raw.id.value.clone(),
        name: raw.name.clone(),
        capacity: raw.capacity,
        floor: raw.floor.clone(),
        stream: raw.stream.clone(),
        sponsor: None,
        description: raw.description.clone(),
        sessions: Backrefs::default(),
        source: raw.source.clone(),
    }
}

fn track(raw: &RawTrack) -> Track {
    Track {
        id: raw.id.value.clone(),
        name: raw.name.clone(),
        color: raw.color.clone().unwrap_or_default(),
        description: raw.description.clone(),
        sessions: Backrefs::default(),
    }
}

fn link(l: &RawLink) -> Link {
    Link { label: l.label.clone(), url: l.url.clone() }
}

fn speaker(raw: &RawSpeaker) -> Speaker {
    Speaker {
        slug: raw.slug.clone(),
        name: raw.name.clone(),
        affiliation: raw.affiliation.clone(),
        job_title: raw.job_title.clone(),
        photo: raw.photo.clone(),
        pronouns: raw.pronouns.clone(),
        country: raw.country.clone(),
        links: raw.links.iter().map(link).collect(),
        featured: raw.featured,
        bio: raw.body.clone(),
        sessions: Backrefs::default(),
        unscheduled: Backrefs::default(),
        file: raw.origin.file.to_path_buf(),
        source: raw.source.clone(),
    }
}

struct Refs<'a> {
    rooms: &'a Index,
    tracks: &'a Index,
    speakers: &'a Index,
    sponsors: &'a Index,
    drafted: &'a Drafted,
    /// site.yaml's `end_date` is not before its `start_date`.
    dates_ok: bool,
}

/// A wall-clock time in the site's zone. A time the clocks skip is an error; a time that happens
/// twice (the clocks go back) takes the first instant, with a warning, unless an offset says which.
fn zoned(r: &mut Resolver, file: &Path, at: &Spanned<WallTime>, site: &Site) -> Option<Zoned> {
    let amb = site.timezone.to_ambiguous_zoned(at.value.civil);
    let when = at.value.civil.strftime("%Y-%m-%d %H:%M");
    let zone = &site.timezone_name;
    let offsets = match amb.offset() {
        AmbiguousOffset::Unambiguous { offset } => vec![offset],
        AmbiguousOffset::Gap { before, after } => {
            if at.value.offset.is_none() {
                let jump = (after.seconds() - before.seconds()) / 60;
                r.error(file, at.pos, format!("{when} does not exist in {zone}: the clocks skip it for daylight saving time")).hint =
                    Some(format!(
                        "the clocks jump {} by {jump} minutes there (UTC{} → UTC{}); pick a time outside the skipped hour",
                        if jump > 0 { "forward" } else { "back" },
                        offset_text(before),
                        offset_text(after)
                    ));
                return None;
            }
            Vec::new()
        }
        AmbiguousOffset::Fold { before, after } => {
            if at.value.offset.is_none() {
                r.warn(
                    file,
                    at.pos,
                    format!(
                        "{when} happens twice in {zone}: first at UTC{}, then again at UTC{} after the clocks go back",
                        offset_text(before),
                        offset_text(after)
                    ),
                )
                .hint = Some(format!(
                    "confpress takes the first; write `{when}{}` for the second, or `{when}{}` to keep the first without this warning",
                    offset_text(after),
                    offset_text(before)
                ));
            }
            vec![before, after]
        }
    };
    let placed = match at.value.offset {
        None => amb.compatible().ok(),
        Some(offset) if offsets.contains(&offset) => offset.to_timestamp(at.value.civil).ok().map(|ts| ts.to_zoned(site.timezone.clone())),
        Some(offset) => {
            let used: Vec<String> = offsets.iter().map(|o| format!("UTC{}", offset_text(*o))).collect();
            r.error(
                file,
                at.pos,
                format!("{} is not a time in {zone}: at {when} its clocks are not at UTC{}", at.value, offset_text(offset)),
            )
            .hint = Some(if used.is_empty() {
                format!("{when} is skipped there for daylight saving time; pick a time outside the skipped hour")
            } else {
                format!("write the offset {zone} uses then ({}), or leave the offset out", used.join(" or "))
            });
            return None;
        }
    };
    // Content years (fields::YEARS) are far inside jiff's range; this is never reached from
    // content, but a time that cannot be placed is reported rather than dropped.
    if placed.is_none() {
        r.error(file, at.pos, format!("{} is outside the times confpress supports", at.value));
    }
    placed
}

/// A session file, resolved: with its time, or accepted and waiting for one.
enum Placed {
    Scheduled(Session),
    Unscheduled(Unscheduled),
}

fn session(r: &mut Resolver, raw: &RawSession, site: &Site, days: &[Date], refs: &Refs, rooms: &[Room]) -> Option<Placed> {
    let file: &Path = &raw.origin.file;
    let no_drafts = HashMap::new();
    let speakers: Vec<usize> = raw
        .speakers
        .iter()
        .filter_map(|s| r.lookup(file, ("speaker", FileKind::Speaker), s, refs.speakers, &refs.drafted.speakers))
        .collect();
    let track = raw.track.as_ref().and_then(|t| r.lookup(file, ("track", FileKind::Tracks), t, refs.tracks, &no_drafts));
    let room = raw.room.as_ref().and_then(|t| r.lookup(file, ("room", FileKind::Rooms), t, refs.rooms, &no_drafts));
    let sponsor =
        raw.sponsor.as_ref().and_then(|t| r.lookup(file, ("sponsor", FileKind::Sponsor), t, refs.sponsors, &refs.drafted.sponsors));
    // A session whose room is unknown is not a plenary one: left out, it cannot invent overlaps.
    let room_unknown = raw.room.is_some() && room.is_none();
    let Some(raw_start) = &raw.start else {
        let minutes = match &raw.end {
            Some(RawEnd::Minutes(m)) => Some(m.value),
            _ => None,
        };
        return Some(Placed::Unscheduled(Unscheduled {
            slug: raw.slug.clone(),
            title: raw.title.clone(),
            kind: raw.kind,
            speakers,
            track,
            level: raw.level,
            language: raw.language.clone().unwrap_or_else(|| site.language.clone()),
            tags: raw.tags.clone(),
            details: raw.details.clone(),
            minutes,
            abstract_md: raw.body.clone(),
            file: raw.origin.file.to_path_buf(),
        }));
    };
    let start = zoned(r, file, raw_start, site)?;
    let (end, end_pos) = match raw.end.as_ref()? {
        RawEnd::At(at) => (zoned(r, file, at, site)?, at.pos),
        RawEnd::Minutes(m) => match Span::new().try_minutes(m.value).and_then(|span| start.checked_add(span)) {
            Ok(end) => (end, m.pos),
            Err(_) => {
                r.error(file, m.pos, format!("a session of {} minutes ends outside the times confpress supports", m.value)).hint =
                    Some("check `duration`".into());
                return None;
            }
        },
    };
    if end == start {
        r.error(
            file,
            end_pos,
            format!("the session ends when it starts ({}): a session must last at least one minute", end.strftime("%Y-%m-%d %H:%M")),
        )
        .hint = Some("check `start` and `end` (or give a positive `duration`)".into());
        return None;
    }
    if end < start {
        r.error(
            file,
            end_pos,
            format!("the session ends ({}) before it starts ({})", end.strftime("%Y-%m-%d %H:%M"), start.strftime("%Y-%m-%d %H:%M")),
        )
        .hint = Some("check `start` and `end` (or give a positive `duration`)".into());
        return None;
    }
    let day_of_start = site.day_of(start.datetime());
    let day = days.iter().position(|d| *d == day_of_start);
    let morning = site.day_change.max(jiff::civil::time(6, 0, 0, 0));
    let latest_end = days.last().and_then(|d| d.tomorrow().ok()).map(|d| d.to_datetime(morning));
    // Conference days from reversed dates are meaningless: site.yaml's error says why.
    let Some(day) = day.filter(|_| refs.dates_ok) else {
        if !refs.dates_ok {
            return None;
        }
        r.error(file, raw_start.pos, format!("the session starts on {}, outside the conference days", start.date())).hint = Some(format!(
            "the conference runs from {} to {} (site.yaml `start_date`/`end_date`; a night session belongs to the day before \
             when it starts before `day_change`)",
            site.start_date, site.end_date
        ));
        return None;
    };
    if latest_end.is_some_and(|latest| end.datetime() > latest) {
        r.error(file, end_pos, format!("the session ends on {}, after the conference", end.strftime("%Y-%m-%d %H:%M"))).hint = Some(
            format!("the last conference day is {}; sessions may run until {} the next morning", site.end_date, morning.strftime("%H:%M")),
        );
        return None;
    }
    if speakers.is_empty() && raw.kind.is_programme() && raw.speakers.is_empty() {
        // Keynotes and talks without a speaker are legal (TBA), but worth a note.
        r.warn(file, raw.origin.pos, format!("{} `{}` has no speakers", raw.kind, raw.slug)).hint =
            Some("add `speakers: [slug]`, or use `kind: break` or `social`".into());
    }
    if room_unknown {
        return None;
    }
    let stream = raw.stream.clone().or_else(|| room.and_then(|i| rooms[i].stream.clone()));
    Some(Placed::Scheduled(Session {
        slug: raw.slug.clone(),
        title: raw.title.clone(),
        kind: raw.kind,
        speakers,
        track,
        room,
        elsewhere: false,
        start,
        end,
        day,
        level: raw.level,
        language: raw.language.clone().unwrap_or_else(|| site.language.clone()),
        tags: raw.tags.clone(),
        details: raw.details.clone(),
        stream,
        sponsor,
        featured: raw.featured,
        abstract_md: raw.body.clone(),
        file: raw.origin.file.to_path_buf(),
    }))
}

fn resolve_tiers(r: &mut Resolver, file: Option<&RawSponsorsFile>) -> (Vec<Tier>, Index) {
    let Some(file) = file else { return (Vec::new(), Index::default()) };
    let mut raw: Vec<&RawTier> = file.tiers.iter().collect();
    raw.sort_by_key(|t| t.rank.value);
    for pair in raw.windows(2) {
        if pair[0].rank.value == pair[1].rank.value {
            let (first, again) = (pair[0], pair[1]);
            r.error(
                &again.origin.file,
                again.rank.pos,
                format!("tiers `{}` and `{}` both have rank {}", first.id.value, again.id.value, again.rank.value),
            )
            .hint = Some(format!("rank orders the tiers (1 = top): give `{}` a rank of its own", again.id.value));
        }
    }
    let index = Index::new(r, &raw, "tier", |t| (&t.id.value, &t.name, &t.origin.file, t.id.pos));
    let tiers = raw
        .iter()
        .map(|t| Tier {
            id: t.id.value.clone(),
            name: t.name.clone(),
            rank: t.rank.value,
            logo_size: t.logo_size,
            placements: t.placements.iter().map(|p| p.value).collect(),
            job_quota: t.jobs,
            max: t.max,
            page: t.page,
            order: t.order.unwrap_or(file.order),
            report: REPORT_SECTIONS.iter().copied().filter(|s| t.report.as_ref().is_none_or(|listed| listed.contains(s))).collect(),
            sponsors: Backrefs::default(),
        })
        .collect();
    (tiers, index)
}

fn sponsor(r: &mut Resolver, raw: &RawSponsor, tier_index: usize, tier: &Tier) -> Sponsor {
    for add_on in &raw.add_ons {
        if tier.placements.contains(&add_on.value) {
            r.warn(&raw.origin.file, add_on.pos, format!("add-on `{}` is already included in tier `{}`", add_on.value, tier.id)).hint =
                Some("remove it from `add_ons`".into());
        }
    }
    let placements =
        Placement::ALL.iter().copied().filter(|p| tier.placements.contains(p) || raw.add_ons.iter().any(|a| a.value == *p)).collect();
    Sponsor {
        slug: raw.slug.clone(),
        name: raw.name.clone(),
        tier: tier_index,
        logo: raw.logo.clone(),
        url: raw.url.clone(),
        placements,
        add_ons: raw.add_ons.iter().map(|a| a.value).collect(),
        booth: raw.booth.clone(),
        description: raw.body.clone(),
        has_page: tier.page,
        jobs: Backrefs::default(),
        sessions: Backrefs::default(),
        rooms: Backrefs::default(),
    }
}

/// Sorts sponsors by tier rank, then by their tier's order policy (`rotate` keeps contract
/// order here; the renderer rotates it page by page).
fn order_sponsors(sponsors: &mut Vec<Sponsor>, files: &mut Vec<&RawSponsor>, tiers: &[Tier]) {
    let mut pairs: Vec<(Sponsor, &RawSponsor)> = sponsors.drain(..).zip(files.drain(..)).collect();
    pairs.sort_by(|(a, ra), (b, rb)| {
        let tier = a.tier.cmp(&b.tier);
        let within = match tiers[a.tier].order {
            OrderPolicy::Alphabetical => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            _ => (ra.signed.is_none(), ra.signed).cmp(&(rb.signed.is_none(), rb.signed)).then(a.name.cmp(&b.name)),
        };
        tier.then(within)
    });
    for (s, f) in pairs {
        sponsors.push(s);
        files.push(f);
    }
}

fn check_tier_max(r: &mut Resolver, tiers: &[Tier], sponsors: &[Sponsor], file: Option<&RawSponsorsFile>) {
    let Some(file) = file else { return };
    for tier in tiers {
        let Some(max) = tier.max else { continue };
        if tier.sponsors.len() > max as usize {
            let names: Vec<&str> = tier.sponsors.iter().map(|&s| sponsors[s].slug.as_str()).collect();
            let pos = file.tiers.iter().find(|t| t.id.value == tier.id).map_or(Pos::default(), |t| t.origin.pos);
            // A warning: a tier over its quota is a sales matter, not a broken site (`--strict` fails it).
            r.warn(&file.origin.file, pos, format!("tier `{}` has {} sponsors but its `max` is {max}", tier.id, names.len())).hint =
                Some(format!("raise `max`, or move one of these to another tier: {}", names.join(", ")));
        }
    }
}

fn resolve_jobs(
    r: &mut Resolver,
    raw: &[RawJob],
    sponsor_index: &Index,
    drafted: &Drafted,
    sponsors: &mut [Sponsor],
    tiers: &[Tier],
    today: Date,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut per_sponsor: HashMap<usize, Vec<&RawJob>> = HashMap::new();
    for job in raw {
        let file: &Path = &job.origin.file;
        let Some(sponsor) = r.lookup(file, ("sponsor", FileKind::Sponsor), &job.sponsor, sponsor_index, &drafted.sponsors) else {
            continue;
        };
        if let Some(expires) = &job.expires {
            if expires.value < job.posted {
                r.error(file, expires.pos, format!("the job expires ({}) before it is posted ({})", expires.value, job.posted)).hint =
                    Some("check `posted` and `expires`".into());
            }
            if expires.value < today {
                r.warn(file, expires.pos, format!("job `{}` expired on {} and is left off the jobs wall", job.slug, expires.value)).hint =
                    Some("delete the file, or move `expires` to a later date".into());
                continue;
            }
        }
        per_sponsor.entry(sponsor).or_default().push(job);
        jobs.push((sponsor, job));
    }
    for (&s, list) in &per_sponsor {
        let quota = tiers[sponsors[s].tier].job_quota as usize;
        if list.len() > quota {
            let over = list[quota];
            r.error(
                &over.origin.file,
                over.sponsor.pos,
                format!(
                    "sponsor `{}` has {} live jobs but its tier `{}` allows {quota}",
                    sponsors[s].slug,
                    list.len(),
                    tiers[sponsors[s].tier].id
                ),
            )
            .hint = Some("remove a job, set `draft: true`, or raise the tier's `jobs` quota in sponsors.yaml".into());
        }
    }
    jobs.sort_by(|(sa, a), (sb, b)| sponsors[*sa].tier.cmp(&sponsors[*sb].tier).then(b.posted.cmp(&a.posted)).then(a.title.cmp(&b.title)));
    jobs.into_iter()
        .enumerate()
        .map(|(i, (sponsor, j))| {
            sponsors[sponsor].jobs.push(i);
            Job {
                slug: j.slug.clone(),
                title: j.title.clone(),
                sponsor,
                location: j.location.clone(),
                remote: j.remote,
                kind: j.kind,
                salary: j.salary.as_ref().map(|s| Salary { min: s.min, max: s.max, currency: s.currency.clone(), period: s.period }),
                apply: j.apply.clone(),
                posted: j.posted,
                expires: j.expires.as_ref().map(|e| e.value),
                tags: j.tags.clone(),
                description: j.body.clone(),
            }
        })
        .collect()
}

fn resolve_tickets(r: &mut Resolver, raw: &RawTickets, site: &Site, now: Timestamp) -> Tickets {
    let file: &Path = &raw.origin.file;
    index_by(r, &raw.tiers, "ticket tier", |t| (&t.id.value, &t.origin.file, t.id.pos));
    let tiers = raw
        .tiers
        .iter()
        .map(|t| {
            let on_sale = t.on_sale.as_ref().and_then(|at| zoned(r, file, at, site));
            let off_sale = t.off_sale.as_ref().and_then(|at| zoned(r, file, at, site));
            if let (Some(on), Some(off), Some(off_raw)) = (&on_sale, &off_sale, &t.off_sale)
                && off <= on
            {
                r.error(
                    file,
                    off_raw.pos,
                    format!("ticket tier `{}` goes off sale ({}) before it goes on sale ({})", t.id.value, off_raw.value, on.datetime()),
                )
                .hint = Some("`off_sale` must be after `on_sale`".into());
            }
            let status = if t.sold_out {
                TicketStatus::SoldOut
            } else if on_sale.as_ref().is_some_and(|on| now < on.timestamp()) {
                TicketStatus::Upcoming
            } else if off_sale.as_ref().is_some_and(|off| now >= off.timestamp()) {
                TicketStatus::Ended
            } else {
                TicketStatus::OnSale
            };
            TicketTier {
                id: t.id.value.clone(),
                name: t.name.clone(),
                price: t.price,
                description: t.description.clone(),
                includes: t.includes.clone(),
                on_sale,
                off_sale,
                status,
                quantity: t.quantity,
                url: t.url.clone().or_else(|| raw.url.clone()),
                audience: t.audience.clone(),
            }
        })
        .collect();
    Tickets { currency: raw.currency.clone(), tiers }
}

/// The news posts, newest first; `raw_html`: their bodies are the organizers' and trusted.
fn resolve_news(r: &mut Resolver, raw: &[RawNews], raw_html: bool) -> Vec<News> {
    index_by(r, raw, "news post", |n| (&n.slug, &n.origin.file, n.origin.pos));
    let mut news: Vec<News> = raw
        .iter()
        .map(|n| News {
            slug: n.slug.clone(),
            title: n.title.clone(),
            date: n.date,
            author: n.author.clone(),
            summary: n.summary.clone(),
            body: Body { trusted: raw_html, ..n.body.clone() },
        })
        .collect();
    news.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
    news
}

/// The free pages; `raw_html`: their bodies are the organizers' and trusted.
fn resolve_pages(r: &mut Resolver, raw: &[RawPage], raw_html: bool) -> Vec<Page> {
    for p in raw {
        if RESERVED_SLUGS.contains(&p.slug.as_str()) {
            r.error(&p.origin.file, Pos::new(1, 1), format!("page `{}` would replace the built-in /{}/ page", p.slug, p.slug)).hint =
                Some("rename the file, e.g. `pages/about-the-agenda.md`".into());
        }
    }
    raw.iter()
        .map(|p| Page {
            slug: p.slug.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            body: Body { trusted: raw_html, ..p.body.clone() },
        })
        .collect()
}

/// Shared by the overlap rules: a file path for a session.
pub(super) fn file_of(raw: &RawSession) -> Arc<Path> {
    raw.origin.file.clone()
}
