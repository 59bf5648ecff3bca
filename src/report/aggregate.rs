//! Metrics aggregation: every imported figure summed per sponsor (a [`Ranking`], which knows the
//! total, each sponsor's share and rank), per job, room and day, and the attendee counts.
//!
//! The result holds every sponsor's figures, so it is for the internal summary; a sponsor's own
//! report only ever sees what [`super::privacy`] takes out of it.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::config::{Breakdown, ReportConfig};
use super::metrics::{CLICK_PLACEMENTS, Metrics, Registration};
use crate::model::Conference;

/// One figure for every sponsor, by sponsor index. `None`: the sponsor does not compete for this
/// figure (e.g. has no booth), so it has no rank; it still counts as 0 in the total.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranking {
    pub values: Vec<Option<u64>>,
}

impl Ranking {
    /// The sum over all sponsors.
    pub fn total(&self) -> u64 {
        self.values.iter().flatten().sum()
    }

    /// How many sponsors compete.
    pub fn field(&self) -> usize {
        self.values.iter().flatten().count()
    }

    pub fn value(&self, sponsor: usize) -> Option<u64> {
        self.values.get(sponsor).copied().flatten()
    }

    /// 1 + the number of sponsors with a strictly higher figure (ties share a rank: 1, 2, 2, 4).
    pub fn rank(&self, sponsor: usize) -> Option<usize> {
        let own = self.value(sponsor)?;
        Some(1 + self.values.iter().flatten().filter(|&&v| v > own).count())
    }

    /// The sponsor's share of the total (0.0–1.0); `None` when the total is 0.
    pub fn share(&self, sponsor: usize) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.value(sponsor).unwrap_or(0) as f64 / total as f64)
    }
}

/// Clicks on sponsor links.
#[derive(Debug, Clone)]
pub struct ClickFigures {
    /// Every placement with a sponsor in it or a click, in [`CLICK_PLACEMENTS`] order. Sponsors
    /// compete in a placement when a page shows them there or they have clicks in it.
    pub by_placement: Vec<(String, Ranking)>,
    /// All placements together; every sponsor competes.
    pub overall: Ranking,
    pub other_links: u64,
}

/// Job page views and apply clicks.
#[derive(Debug, Clone)]
pub struct JobFigures {
    /// By job index: (views, clicks), `None` when jobs.csv has no row for the job.
    pub per_job: Vec<Option<(u64, u64)>>,
    /// Per sponsor, over its jobs; sponsors with a job on the wall compete.
    pub views: Ranking,
    pub clicks: Ranking,
}

/// Booth visits; sponsors with a booth (or visits) compete.
#[derive(Debug, Clone)]
pub struct BoothFigures {
    pub visits: Ranking,
    /// Per sponsor: visits by day (rows with a date only).
    pub by_day: Vec<BTreeMap<Date, u64>>,
    pub total_by_day: BTreeMap<Date, u64>,
}

/// Stream views.
#[derive(Debug, Clone)]
pub struct StreamFigures {
    pub by_room_day: BTreeMap<(usize, Date), u64>,
    pub by_day: BTreeMap<Date, u64>,
    /// By room index.
    pub by_room: Vec<u64>,
    pub total: u64,
    /// Per sponsor: views of the rooms it names; sponsors naming a room compete.
    pub sponsors: Ranking,
}

/// A group of attendees in a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    Named(String),
    /// Values that match no bucket, and groups folded for privacy.
    Other,
    /// Attendees who left the field empty.
    NotGiven,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: GroupKey,
    pub count: u64,
}

/// Attendee counts, before folding small groups ([`super::privacy::fold`]).
#[derive(Debug, Clone)]
pub struct AudienceCounts {
    pub total: u64,
    /// Registrations per ticket tier, in tickets.yaml's order (other ticket types after).
    pub by_ticket: Vec<Group>,
    pub breakdowns: Vec<(Breakdown, Vec<Group>)>,
    /// Registrations per day or per week (Mondays), without gaps, first to last registration.
    pub timeline: Vec<(Date, u64)>,
    /// Whether `timeline` counts weeks (else days).
    pub weekly: bool,
}

/// Every aggregate the reports use. `None`: the metrics file was not there.
#[derive(Debug, Clone)]
pub struct Aggregates {
    pub clicks: Option<ClickFigures>,
    pub jobs: Option<JobFigures>,
    pub booth: Option<BoothFigures>,
    pub streams: Option<StreamFigures>,
    pub audience: Option<AudienceCounts>,
}

impl Aggregates {
    pub fn new(conf: &Conference, record: &crate::render::PlacementRecord, metrics: &Metrics, config: &ReportConfig) -> Aggregates {
        Aggregates {
            clicks: metrics.clicks.as_ref().map(|c| clicks(conf, record, c, metrics.other_links)),
            jobs: metrics.jobs.as_ref().map(|j| jobs(conf, j)),
            booth: metrics.booth.as_ref().map(|b| booth(conf, b)),
            streams: metrics.streams.as_ref().map(|s| streams(conf, s)),
            audience: metrics.attendees.as_ref().map(|a| audience(conf, a, &metrics.breakdowns, config)),
        }
    }
}

fn clicks(conf: &Conference, record: &crate::render::PlacementRecord, clicks: &[super::metrics::Click], other_links: u64) -> ClickFigures {
    let n = conf.sponsors.len();
    let mut by_placement = Vec::new();
    for &p in CLICK_PLACEMENTS {
        let mut values: Vec<Option<u64>> = conf.sponsors.iter().map(|s| (!record.pages(&s.slug, p).is_empty()).then_some(0)).collect();
        for c in clicks.iter().filter(|c| c.placement == p) {
            *values[c.sponsor].get_or_insert(0) += c.clicks;
        }
        if values.iter().any(Option::is_some) {
            by_placement.push((p.to_string(), Ranking { values }));
        }
    }
    let mut overall = vec![Some(0); n];
    for c in clicks {
        *overall[c.sponsor].get_or_insert(0) += c.clicks;
    }
    ClickFigures { by_placement, overall: Ranking { values: overall }, other_links }
}

fn jobs(conf: &Conference, stats: &[super::metrics::JobStat]) -> JobFigures {
    let mut per_job: Vec<Option<(u64, u64)>> = vec![None; conf.jobs.len()];
    for s in stats {
        let entry = per_job[s.job].get_or_insert((0, 0));
        entry.0 += s.views;
        entry.1 += s.clicks;
    }
    let competing = |i: usize| (!conf.sponsors[i].jobs.is_empty()).then_some(0);
    let mut views: Vec<Option<u64>> = (0..conf.sponsors.len()).map(competing).collect();
    let mut clicks = views.clone();
    for (j, figures) in per_job.iter().enumerate() {
        if let Some((v, c)) = figures {
            let s = conf.jobs[j].sponsor;
            *views[s].get_or_insert(0) += v;
            *clicks[s].get_or_insert(0) += c;
        }
    }
    JobFigures { per_job, views: Ranking { values: views }, clicks: Ranking { values: clicks } }
}

fn booth(conf: &Conference, rows: &[super::metrics::BoothVisits]) -> BoothFigures {
    let mut visits: Vec<Option<u64>> = conf.sponsors.iter().map(|s| s.booth.as_ref().map(|_| 0)).collect();
    let mut by_day = vec![BTreeMap::new(); conf.sponsors.len()];
    let mut total_by_day = BTreeMap::new();
    for r in rows {
        *visits[r.sponsor].get_or_insert(0) += r.visits;
        if let Some(d) = r.date {
            *by_day[r.sponsor].entry(d).or_insert(0) += r.visits;
            *total_by_day.entry(d).or_insert(0) += r.visits;
        }
    }
    BoothFigures { visits: Ranking { values: visits }, by_day, total_by_day }
}

fn streams(conf: &Conference, rows: &[super::metrics::StreamViews]) -> StreamFigures {
    let mut by_room_day = BTreeMap::new();
    let mut by_day = BTreeMap::new();
    let mut by_room = vec![0; conf.rooms.len()];
    for r in rows {
        *by_room_day.entry((r.room, r.date)).or_insert(0) += r.views;
        *by_day.entry(r.date).or_insert(0) += r.views;
        by_room[r.room] += r.views;
    }
    let sponsors = conf.sponsors.iter().map(|s| (!s.rooms.is_empty()).then(|| s.rooms.iter().map(|&r| by_room[r]).sum())).collect();
    StreamFigures { total: by_room.iter().sum(), by_room_day, by_day, by_room, sponsors: Ranking { values: sponsors } }
}

fn audience(conf: &Conference, regs: &[Registration], present: &[String], config: &ReportConfig) -> AudienceCounts {
    let mut by_ticket: Vec<Group> =
        conf.tickets.iter().flat_map(|t| t.tiers.iter().map(|k| Group { key: GroupKey::Named(k.name.clone()), count: 0 })).collect();
    for r in regs {
        match by_ticket.iter_mut().find(|g| g.key == GroupKey::Named(r.ticket.clone())) {
            Some(g) => g.count += 1,
            None => by_ticket.push(Group { key: GroupKey::Named(r.ticket.clone()), count: 1 }),
        }
    }
    let breakdowns = config
        .audience
        .iter()
        .filter(|b| present.contains(&b.column))
        .map(|b| (b.clone(), count_groups(b, regs.iter().map(|r| r.values.get(&b.column).map_or("", String::as_str)))))
        .collect();
    let dates: Vec<Date> = regs.iter().filter_map(|r| r.registered).collect();
    let (timeline, weekly) = timeline(&dates);
    AudienceCounts { total: regs.len() as u64, by_ticket, breakdowns, timeline, weekly }
}

/// Counts values into groups: the first bucket whose pattern matches, else "other"; without
/// buckets each distinct value (ignoring case) is a group, labelled as first written. Named
/// groups come in bucket order, or by size for plain values; then other, then not given.
pub fn count_groups<'v>(b: &Breakdown, values: impl Iterator<Item = &'v str>) -> Vec<Group> {
    let mut named: Vec<(String, String, u64)> = b.buckets.iter().map(|k| (k.label.to_lowercase(), k.label.clone(), 0)).collect();
    let (mut other, mut not_given) = (0, 0);
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            not_given += 1;
            continue;
        }
        let key = if b.buckets.is_empty() {
            v.to_lowercase()
        } else {
            match b.buckets.iter().find(|k| k.matches(v)) {
                Some(k) => k.label.to_lowercase(),
                None => {
                    other += 1;
                    continue;
                }
            }
        };
        match named.iter_mut().find(|(k, _, _)| *k == key) {
            Some(entry) => entry.2 += 1,
            None => named.push((key, v.to_string(), 1)),
        }
    }
    if b.buckets.is_empty() {
        named.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    }
    let mut groups: Vec<Group> = named.into_iter().map(|(_, label, count)| Group { key: GroupKey::Named(label), count }).collect();
    groups.push(Group { key: GroupKey::Other, count: other });
    groups.push(Group { key: GroupKey::NotGiven, count: not_given });
    groups
}

/// Registrations per day (when they span five weeks or less) or per week starting Monday.
pub fn timeline(dates: &[Date]) -> (Vec<(Date, u64)>, bool) {
    let (Some(&first), Some(&last)) = (dates.iter().min(), dates.iter().max()) else { return (Vec::new(), false) };
    let weekly = (last - first).get_days() > 35;
    let start_of = |d: Date| if weekly { d.checked_sub((d.weekday().to_monday_zero_offset() as i64).days()).unwrap_or(d) } else { d };
    let step = if weekly { 7 } else { 1 };
    let mut counts: BTreeMap<Date, u64> = BTreeMap::new();
    for &d in dates {
        *counts.entry(start_of(d)).or_insert(0) += 1;
    }
    let mut out = Vec::new();
    let mut day = start_of(first);
    while day <= last {
        out.push((day, counts.get(&day).copied().unwrap_or(0)));
        match day.checked_add(step.days()) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    (out, weekly)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::config::Bucket;

    #[test]
    fn ranks_shares_and_ties() {
        let r = Ranking { values: vec![Some(10), Some(30), None, Some(10), Some(0)] };
        assert_eq!(r.total(), 50);
        assert_eq!(r.field(), 4);
        assert_eq!(r.rank(1), Some(1));
        assert_eq!(r.rank(0), Some(2));
        assert_eq!(r.rank(3), Some(2));
        assert_eq!(r.rank(4), Some(4));
        assert_eq!(r.rank(2), None);
        assert_eq!(r.share(0), Some(0.2));
        assert_eq!(Ranking { values: vec![Some(0)] }.share(0), None);
    }

    #[test]
    fn buckets_by_pattern() {
        let b = Breakdown {
            column: "job_title".into(),
            label: None,
            buckets: vec![
                Bucket { label: "Engineering".into(), patterns: vec!["engineer".into(), "工程師".into()] },
                Bucket { label: "Management".into(), patterns: vec!["manager".into()] },
            ],
            pos: Default::default(),
        };
        let g = count_groups(&b, ["SRE Engineer", "後端工程師", "Chef", "", "Engineering Manager"].into_iter());
        let counts: Vec<(GroupKey, u64)> = g.into_iter().map(|g| (g.key, g.count)).collect();
        assert_eq!(
            counts,
            [
                (GroupKey::Named("Engineering".into()), 3),
                (GroupKey::Named("Management".into()), 0),
                (GroupKey::Other, 1),
                (GroupKey::NotGiven, 1)
            ]
        );
    }

    #[test]
    fn plain_values_group_ignoring_case() {
        let b = Breakdown { column: "country".into(), label: None, buckets: vec![], pos: Default::default() };
        let g = count_groups(&b, ["Taiwan", "taiwan", "Japan"].into_iter());
        assert_eq!(g[0], Group { key: GroupKey::Named("Taiwan".into()), count: 2 });
        assert_eq!(g[1], Group { key: GroupKey::Named("Japan".into()), count: 1 });
    }

    #[test]
    fn timelines_fill_gaps() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let (days, weekly) = timeline(&[d("2026-05-01"), d("2026-05-03"), d("2026-05-03")]);
        assert!(!weekly);
        assert_eq!(days, [(d("2026-05-01"), 1), (d("2026-05-02"), 0), (d("2026-05-03"), 2)]);
        let (weeks, weekly) = timeline(&[d("2026-05-06"), d("2026-07-01")]);
        assert!(weekly);
        assert_eq!(weeks.first(), Some(&(d("2026-05-04"), 1)));
        assert_eq!(weeks.last(), Some(&(d("2026-06-29"), 1)));
        assert_eq!(weeks.len(), 9);
        assert!(timeline(&[]).0.is_empty());
    }
}
