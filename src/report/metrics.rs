//! The imported metrics: each CSV file of the metrics folder read into typed rows and linked to
//! the conference (sponsor, job, room and ticket tier names resolved, with "did you mean").
//!
//! Attendee files keep only what reports may show in aggregate — ticket tier, registration date
//! and the breakdown columns; names, e-mails and other personal columns are never read into
//! memory. A missing file is not an error: its sections say there is no data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::config::{KINDS, PERSONAL, ReportConfig};
use super::input::{Row, Table};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Conference;

/// Placements a click can be counted in: the tier placements and the ones every sponsor has.
pub const CLICK_PLACEMENTS: &[&str] = &[
    "home-hero",
    "home",
    "footer",
    "agenda",
    "session",
    "jobs",
    "tickets",
    "news",
    "sponsors",
    "page",
    "session-sponsor",
    "room",
    "job-listing",
];

/// Clicks on one sponsor's links in one placement.
#[derive(Debug, Clone, PartialEq)]
pub struct Click {
    pub sponsor: usize,
    pub placement: String,
    pub clicks: u64,
}

/// Views of a job's page and clicks on its apply link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobStat {
    pub job: usize,
    pub views: u64,
    pub clicks: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoothVisits {
    pub sponsor: usize,
    pub date: Option<Date>,
    pub visits: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamViews {
    pub room: usize,
    pub date: Date,
    pub views: u64,
}

/// One registration, reduced to what may be aggregated.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The ticket tier's name (from tickets.yaml when it is one of its tiers).
    pub ticket: String,
    pub registered: Option<Date>,
    /// Breakdown column → value (empty when not given).
    pub values: BTreeMap<String, String>,
}

/// Everything imported. `None` = the file does not exist.
#[derive(Debug, Default)]
pub struct Metrics {
    pub attendees: Option<Vec<Registration>>,
    /// The breakdown columns present in the attendee files, in report.yaml's order.
    pub breakdowns: Vec<String>,
    pub clicks: Option<Vec<Click>>,
    /// Rows of clicks.csv given as URLs that are not sponsor logo links (other outbound links,
    /// job apply links).
    pub other_links: u64,
    pub jobs: Option<Vec<JobStat>>,
    pub booth: Option<Vec<BoothVisits>>,
    pub streams: Option<Vec<StreamViews>>,
}

/// Reads the metrics folder `dir`. `explicit`: the user named it (then it must exist).
/// Paths in diagnostics are relative to `site_dir` when the folder is inside it.
pub fn load(dir: &Path, site_dir: &Path, explicit: bool, conf: &Conference, config: &ReportConfig, diags: &mut Diagnostics) -> Metrics {
    let mut m = Metrics::default();
    if !dir.is_dir() {
        let shown = shown_path(dir, site_dir);
        if explicit || dir.exists() {
            diags.push(
                Diagnostic::error(&shown, Pos::default(), "the metrics folder does not exist")
                    .with_hint("pass the folder with the CSV files as `--metrics DIR`"),
            );
        } else {
            diags.push(
                Diagnostic::warning(&shown, Pos::default(), "no metrics folder: reports show only what the build knows")
                    .with_hint("put attendees.csv, clicks.csv, jobs.csv, booth.csv and streams.csv there (docs/reports.md)"),
            );
        }
        return m;
    }
    warn_unread(dir, site_dir, diags);
    let linker = Linker { conf };
    let table = |name: &str, kind: &str, diags: &mut Diagnostics| {
        let path = dir.join(name);
        path.is_file().then(|| Table::read(&path, &shown_path(&path, site_dir), &config.mapping(kind), diags)).flatten()
    };
    let attendee_files = attendee_files(dir);
    if !attendee_files.is_empty() {
        let mut all = Vec::new();
        let mut present: Vec<String> = Vec::new();
        for (path, tier_from_name) in &attendee_files {
            if let Some(t) = Table::read(path, &shown_path(path, site_dir), &config.mapping("attendees"), diags) {
                all.extend(read_attendees(&t, tier_from_name.as_deref(), &linker, config, &mut present, diags));
            }
        }
        m.breakdowns = config.audience.iter().map(|b| b.column.clone()).filter(|c| present.contains(c)).collect();
        for b in &config.audience {
            if config.audience_given && !present.contains(&b.column) {
                diags.push(
                    Diagnostic::error(super::config::FILE, b.pos, format!("no attendee file has a `{}` column", b.column))
                        .with_hint("map the export's column to this name in `columns.attendees`, or remove the breakdown"),
                );
            }
        }
        m.attendees = Some(all);
    }
    if let Some(t) = table("clicks.csv", "clicks", diags) {
        let (clicks, other) = read_clicks(&t, &linker, diags);
        m.clicks = Some(clicks);
        m.other_links = other;
    }
    if let Some(t) = table("jobs.csv", "jobs", diags) {
        m.jobs = Some(read_jobs(&t, &linker, diags));
    }
    if let Some(t) = table("booth.csv", "booth", diags) {
        m.booth = Some(read_booth(&t, &linker, diags));
    }
    if let Some(t) = table("streams.csv", "streams", diags) {
        m.streams = Some(read_streams(&t, &linker, diags));
    }
    m
}

/// `path` relative to the site folder when it is inside it (so diagnostics read
/// `metrics/clicks.csv`), else as given.
pub fn shown_path(path: &Path, site_dir: &Path) -> PathBuf {
    path.strip_prefix(site_dir).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// attendees.csv and every attendees/*.csv (whose name is the ticket tier unless a `ticket`
/// column says otherwise), sorted.
fn attendee_files(dir: &Path) -> Vec<(PathBuf, Option<String>)> {
    let mut files = Vec::new();
    if dir.join("attendees.csv").is_file() {
        files.push((dir.join("attendees.csv"), None));
    }
    let sub = dir.join("attendees");
    let mut more: Vec<PathBuf> = std::fs::read_dir(&sub)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))).collect())
        .unwrap_or_default();
    more.sort();
    files.extend(more.into_iter().map(|p| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
        (p, stem)
    }));
    files
}

/// Warns about CSV files in the metrics folder that no section reads (a misspelled name).
fn warn_unread(dir: &Path, site_dir: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let known: Vec<String> = KINDS.iter().map(|(k, _)| format!("{k}.csv")).collect();
    let mut names: Vec<String> = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for name in names {
        if name.to_lowercase().ends_with(".csv") && !known.contains(&name) {
            diags.push(
                Diagnostic::warning(shown_path(&dir.join(&name), site_dir), Pos::default(), "this file is not read")
                    .with_hint(format!("the metrics files are {}", known.join(", ")))
                    .suggest(&name, known.iter().map(String::as_str)),
            );
        }
    }
}

/// Resolves names in the CSVs to the conference's entities.
struct Linker<'a> {
    conf: &'a Conference,
}

/// The host of a URL (with or without `https://`), without `www.` and port, lowercase; `None`
/// when what comes before the path has no dot.
fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.contains(' ')).then(|| host.to_string())
}

/// The value of query parameter `key` in `url`.
fn query_param<'u>(url: &'u str, key: &str) -> Option<&'u str> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
}

impl Linker<'_> {
    /// A sponsor by slug, name (ignoring case) or the host of its URL.
    fn sponsor(&self, text: &str) -> Option<usize> {
        let t = text.trim();
        let lower = t.to_lowercase();
        let sponsors = &self.conf.sponsors;
        sponsors.iter().position(|s| s.slug == t).or_else(|| sponsors.iter().position(|s| s.name.to_lowercase() == lower)).or_else(|| {
            let wanted = host(t).unwrap_or_else(|| lower.strip_prefix("www.").unwrap_or(&lower).to_string());
            sponsors.iter().position(|s| host(&s.url).as_deref() == Some(wanted.as_str()))
        })
    }

    fn unknown_sponsor(&self, t: &Table, row: &Row, col: &str, diags: &mut Diagnostics) {
        let text = t.cell(row, col);
        diags.push(
            t.error(row, col, format!("unknown sponsor `{text}`"))
                .with_hint("write the sponsor's slug (its file name in sponsors/), its name or its web site's host")
                .suggest(text, self.conf.sponsors.iter().map(|s| s.slug.as_str())),
        );
    }

    /// A job by slug, or by a URL or path of its page (`…/jobs/<slug>/`).
    fn job(&self, text: &str) -> Option<usize> {
        let t = text.trim();
        let slug = match t.split_once("/jobs/") {
            Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or(""),
            None => t,
        };
        self.conf.jobs.iter().position(|j| j.slug == slug)
    }

    fn room(&self, text: &str) -> Option<usize> {
        let t = text.trim();
        self.conf.rooms.iter().position(|r| r.id == t || r.name.eq_ignore_ascii_case(t))
    }

    /// A ticket tier's name, by id or name; `None` when tickets.yaml has no such tier.
    fn ticket(&self, text: &str) -> Option<String> {
        let t = text.trim();
        let tiers = self.conf.tickets.as_ref().map_or(&[][..], |t| t.tiers.as_slice());
        tiers.iter().find(|k| k.id == t || k.name.eq_ignore_ascii_case(t)).map(|k| k.name.clone())
    }
}

fn read_attendees(
    t: &Table,
    tier_from_name: Option<&str>,
    linker: &Linker,
    config: &ReportConfig,
    present: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Vec<Registration> {
    let required: &[&str] = if tier_from_name.is_some() && t.col("ticket").is_none() { &["registered"] } else { &["ticket", "registered"] };
    if !t.require(required, diags) {
        return Vec::new();
    }
    let columns: Vec<&str> =
        config.audience.iter().map(|b| b.column.as_str()).filter(|c| t.col(c).is_some() && !PERSONAL.contains(c)).collect();
    for c in &columns {
        if !present.iter().any(|p| p == c) {
            present.push(c.to_string());
        }
    }
    let mut unknown_tickets: BTreeMap<String, u32> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &t.rows {
        let raw_ticket =
            if t.col("ticket").is_some() { t.cell(row, "ticket").to_string() } else { tier_from_name.unwrap_or("").to_string() };
        let ticket = match linker.ticket(&raw_ticket) {
            Some(name) => name,
            None if raw_ticket.is_empty() => {
                diags.push(t.error(row, "ticket", "the ticket type is missing").with_hint("every registration needs its ticket type"));
                continue;
            }
            None => {
                unknown_tickets.entry(raw_ticket.clone()).or_insert(row.line);
                raw_ticket
            }
        };
        let registered = t.date(row, "registered", diags);
        let values = columns.iter().map(|c| (c.to_string(), t.cell(row, c).to_string())).collect();
        out.push(Registration { ticket, registered, values });
    }
    let known: Vec<&str> = linker.conf.tickets.iter().flat_map(|t| t.tiers.iter().map(|k| k.id.as_str())).collect();
    for (name, line) in unknown_tickets {
        diags.push(
            Diagnostic::warning(
                &t.file,
                Pos::new(line, 0),
                format!("ticket type `{name}` is not a tier of tickets.yaml; it is counted as a tier of its own"),
            )
            .with_hint("use a tier's id or name to count these registrations under it")
            .suggest(&name, known.iter().copied()),
        );
    }
    out
}

/// Reads clicks.csv; returns the clicks and the number of URL rows that lead to no sponsor.
fn read_clicks(t: &Table, linker: &Linker, diags: &mut Diagnostics) -> (Vec<Click>, u64) {
    let by_url = t.col("url").is_some() && t.col("sponsor").is_none();
    let required: &[&str] = if by_url { &["url", "clicks"] } else { &["sponsor", "placement", "clicks"] };
    if !t.require(required, diags) {
        return (Vec::new(), 0);
    }
    let mut out = Vec::new();
    let mut other = 0;
    for row in &t.rows {
        let (sponsor, placement) = if by_url {
            let url = t.cell(row, "url");
            let Some(sponsor) = linker.sponsor(url).filter(|_| query_param(url, "utm_content") != Some("job-apply")) else {
                // Links to other sites, and job apply links (read from jobs.csv).
                other += 1;
                continue;
            };
            let Some(placement) = query_param(url, "utm_content") else {
                diags.push(t.error(row, "url", "the link has no `utm_content` parameter, so its placement is unknown").with_hint(
                    "export the full link URLs (with their query), or write `sponsor` and `placement` columns instead of `url`",
                ));
                continue;
            };
            (Some(sponsor), placement.to_string())
        } else {
            let sponsor = linker.sponsor(t.cell(row, "sponsor"));
            if sponsor.is_none() {
                linker.unknown_sponsor(t, row, "sponsor", diags);
            }
            (sponsor, t.cell(row, "placement").to_string())
        };
        let placement_ok = CLICK_PLACEMENTS.contains(&placement.as_str());
        if !placement_ok {
            let col = if by_url { "url" } else { "placement" };
            let hint = if placement == "job-apply" {
                "clicks on job apply links go into jobs.csv (`job`, `views`, `clicks`)".to_string()
            } else {
                format!("placements are: {}", CLICK_PLACEMENTS.join(", "))
            };
            diags.push(
                t.error(row, col, format!("unknown placement `{placement}`"))
                    .with_hint(hint)
                    .suggest(&placement, CLICK_PLACEMENTS.iter().copied()),
            );
        }
        let clicks = t.count(row, "clicks", diags);
        if let (Some(sponsor), true, Some(clicks)) = (sponsor, placement_ok, clicks) {
            out.push(Click { sponsor, placement, clicks });
        }
    }
    (out, other)
}

fn read_jobs(t: &Table, linker: &Linker, diags: &mut Diagnostics) -> Vec<JobStat> {
    if !t.require(&["job", "views", "clicks"], diags) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in &t.rows {
        let job = linker.job(t.cell(row, "job"));
        if job.is_none() {
            let text = t.cell(row, "job");
            diags.push(
                t.error(row, "job", format!("unknown job `{text}`"))
                    .with_hint(
                        "write the job's slug (its file name in jobs/) or its page's URL; expired and draft jobs are not on the wall",
                    )
                    .suggest(text, linker.conf.jobs.iter().map(|j| j.slug.as_str())),
            );
        }
        let (views, clicks) = (t.count(row, "views", diags), t.count(row, "clicks", diags));
        if let (Some(job), Some(views), Some(clicks)) = (job, views, clicks) {
            out.push(JobStat { job, views, clicks });
        }
    }
    out
}

fn read_booth(t: &Table, linker: &Linker, diags: &mut Diagnostics) -> Vec<BoothVisits> {
    if !t.require(&["sponsor", "visits"], diags) {
        return Vec::new();
    }
    let dated = t.col("date").is_some();
    let mut out = Vec::new();
    for row in &t.rows {
        let sponsor = linker.sponsor(t.cell(row, "sponsor"));
        if sponsor.is_none() {
            linker.unknown_sponsor(t, row, "sponsor", diags);
        }
        let date = if dated { t.date(row, "date", diags).map(Some) } else { Some(None) };
        let visits = t.count(row, "visits", diags);
        if let (Some(sponsor), Some(date), Some(visits)) = (sponsor, date, visits) {
            out.push(BoothVisits { sponsor, date, visits });
        }
    }
    out
}

fn read_streams(t: &Table, linker: &Linker, diags: &mut Diagnostics) -> Vec<StreamViews> {
    if !t.require(&["room", "date", "views"], diags) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in &t.rows {
        let room = linker.room(t.cell(row, "room"));
        if room.is_none() {
            let text = t.cell(row, "room");
            diags.push(
                t.error(row, "room", format!("unknown room `{text}`"))
                    .with_hint("write the room's id from rooms.yaml")
                    .suggest(text, linker.conf.rooms.iter().map(|r| r.id.as_str())),
            );
        }
        let date = t.date(row, "date", diags);
        let views = t.count(row, "views", diags);
        if let (Some(room), Some(date), Some(views)) = (room, date, views) {
            out.push(StreamViews { room, date, views });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(host("https://www.Acme.example:8443/x?y").as_deref(), Some("acme.example"));
        assert_eq!(host("acme.example/?utm_content=footer").as_deref(), Some("acme.example"));
        assert_eq!(host("Acme Inc"), None);
        let url = "https://acme.example/?utm_source=conf&utm_content=home-hero#top";
        assert_eq!(query_param(url, "utm_content"), Some("home-hero"));
        assert_eq!(query_param(url, "utm_term"), None);
    }
}
