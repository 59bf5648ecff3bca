//! Privacy: the only way from the aggregates to what a sponsor's report shows.
//!
//! Two rules are enforced here, by construction rather than by care in the renderer:
//! - a sponsor's report gets a [`SponsorView`], which holds the sponsor's own figures, totals
//!   over all sponsors and its rank — never another sponsor's figure (stream views are shown per
//!   room only for the rooms the sponsor names, since a named room's audience is its sponsor's);
//! - attendee counts come out of [`fold`], which merges every group smaller than the minimum
//!   (5 people, or report.yaml's `min_group`) into "other", so no group can point at a person.

use crate::model::Vocabulary;
use jiff::civil::Date;

use super::aggregate::{Aggregates, AudienceCounts, Group, GroupKey, Ranking};
use super::config::Breakdown;
use crate::model::Conference;
use crate::render::PlacementRecord;

/// A sponsor's figure next to the total over all sponsors, and its rank among the `of` sponsors
/// that compete for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub own: u64,
    pub total: u64,
    pub share: Option<f64>,
    pub rank: Option<usize>,
    pub of: usize,
}

impl Metric {
    pub fn of(r: &Ranking, sponsor: usize) -> Metric {
        Metric { own: r.value(sponsor).unwrap_or(0), total: r.total(), share: r.share(sponsor), rank: r.rank(sponsor), of: r.field() }
    }
}

/// Merges groups of fewer than `min` people into "other" (with the values that matched no
/// bucket), drops empty groups, and keeps "other" and "not given" last. "Not given" below `min`
/// is folded too.
pub fn fold(groups: &[Group], min: u64) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut other = 0;
    let mut not_given = 0;
    for g in groups {
        match &g.key {
            _ if g.count == 0 => {}
            GroupKey::Other => other += g.count,
            _ if g.count < min => other += g.count,
            GroupKey::NotGiven => not_given += g.count,
            GroupKey::Named(_) => out.push(g.clone()),
        }
    }
    if other > 0 {
        out.push(Group { key: GroupKey::Other, count: other });
    }
    if not_given > 0 {
        out.push(Group { key: GroupKey::NotGiven, count: not_given });
    }
    out
}

/// The attendee figures every report may show: only folded groups.
#[derive(Debug, Clone)]
pub struct Audience {
    pub total: u64,
    pub by_ticket: Vec<Group>,
    pub breakdowns: Vec<(Breakdown, Vec<Group>)>,
    pub timeline: Vec<(Date, u64)>,
    pub weekly: bool,
}

impl Audience {
    pub fn new(counts: &AudienceCounts, min: u64) -> Audience {
        Audience {
            total: counts.total,
            by_ticket: fold(&counts.by_ticket, min),
            breakdowns: counts.breakdowns.iter().map(|(b, g)| (b.clone(), fold(g, min))).collect(),
            timeline: counts.timeline.clone(),
            weekly: counts.weekly,
        }
    }
}

/// One placement the sponsor was promised or shown in.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure {
    pub placement: String,
    /// Part of its tier or add-ons (the others — sponsors page, own page, sponsored sessions,
    /// rooms, job listings — come with being a sponsor).
    pub promised: bool,
    /// Output paths of the pages that show it there.
    pub pages: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ClicksView {
    /// Placements the sponsor is shown in or has clicks in.
    pub by_placement: Vec<(String, Metric)>,
    pub overall: Metric,
}

#[derive(Debug, Clone)]
pub struct JobsView {
    /// Its jobs (indexes into `Conference::jobs`) with (views, clicks) when imported.
    pub per_job: Vec<(usize, Option<(u64, u64)>)>,
    pub views: Metric,
    pub clicks: Metric,
}

#[derive(Debug, Clone)]
pub struct BoothView {
    pub visits: Metric,
    /// (day, own visits, all booths' visits), for rows with a date.
    pub by_day: Vec<(Date, u64, u64)>,
}

/// A room's stream views: (room index, views per day, views).
pub type RoomViews = (usize, Vec<(Date, u64)>, u64);

#[derive(Debug, Clone)]
pub struct StreamsView {
    /// Views of all streams together, per day.
    pub by_day: Vec<(Date, u64)>,
    pub total: u64,
    /// The rooms it names.
    pub rooms: Vec<RoomViews>,
    /// Its rooms' views: the total and share are of all streams' views, the rank among the
    /// sponsors who name rooms; `None` when it names none.
    pub metric: Option<Metric>,
}

/// Everything a sponsor's report shows that is not public content. `None` fields: the metrics
/// file was not imported.
#[derive(Debug, Clone)]
pub struct SponsorView {
    pub sponsor: usize,
    pub exposure: Vec<Exposure>,
    pub clicks: Option<ClicksView>,
    pub jobs: Option<JobsView>,
    pub booth: Option<BoothView>,
    pub streams: Option<StreamsView>,
}

/// The output paths of `pages`, owned by the report.
fn paths(pages: &[std::sync::Arc<str>]) -> Vec<String> {
    pages.iter().map(|p| p.to_string()).collect()
}

/// Placements every sponsor may appear in without its tier listing them.
const UNIVERSAL: &[&str] = &["sponsors", "page", "session-sponsor", "room", "job-listing"];

impl SponsorView {
    pub fn new(conf: &Conference, record: &PlacementRecord, agg: &Aggregates, sponsor: usize) -> SponsorView {
        let s = &conf.sponsors[sponsor];
        let mut exposure: Vec<Exposure> = s
            .placements
            .iter()
            .map(|p| Exposure { placement: p.to_string(), promised: true, pages: paths(record.pages(&s.slug, p.id())) })
            .collect();
        for p in UNIVERSAL {
            let pages = record.pages(&s.slug, p);
            if !pages.is_empty() || (*p == "page" && s.has_page) {
                exposure.push(Exposure { placement: p.to_string(), promised: false, pages: paths(pages) });
            }
        }
        let clicks = agg.clicks.as_ref().map(|c| ClicksView {
            by_placement: c
                .by_placement
                .iter()
                .filter(|(_, r)| r.value(sponsor).is_some())
                .map(|(p, r)| (p.clone(), Metric::of(r, sponsor)))
                .collect(),
            overall: Metric::of(&c.overall, sponsor),
        });
        let jobs = agg.jobs.as_ref().map(|j| JobsView {
            per_job: s.jobs.iter().map(|&i| (i, j.per_job[i])).collect(),
            views: Metric::of(&j.views, sponsor),
            clicks: Metric::of(&j.clicks, sponsor),
        });
        let booth = agg.booth.as_ref().map(|b| BoothView {
            visits: Metric::of(&b.visits, sponsor),
            by_day: b.total_by_day.iter().map(|(d, total)| (*d, b.by_day[sponsor].get(d).copied().unwrap_or(0), *total)).collect(),
        });
        let streams = agg.streams.as_ref().map(|st| StreamsView {
            by_day: st.by_day.iter().map(|(d, v)| (*d, *v)).collect(),
            total: st.total,
            rooms: s
                .rooms
                .iter()
                .map(|&r| {
                    let days: Vec<(Date, u64)> =
                        st.by_day.keys().map(|d| (*d, st.by_room_day.get(&(r, *d)).copied().unwrap_or(0))).collect();
                    (r, days, st.by_room[r])
                })
                .collect(),
            metric: (!s.rooms.is_empty()).then(|| {
                let own = st.sponsors.value(sponsor).unwrap_or(0);
                let share = (st.total > 0).then(|| own as f64 / st.total as f64);
                Metric { own, total: st.total, share, rank: st.sponsors.rank(sponsor), of: st.sponsors.field() }
            }),
        });
        SponsorView { sponsor, exposure, clicks, jobs, booth, streams }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, count: u64) -> Group {
        Group { key: GroupKey::Named(name.into()), count }
    }

    #[test]
    fn folds_small_groups_into_other() {
        let groups = [
            g("A", 12),
            g("B", 4),
            g("C", 5),
            g("D", 0),
            Group { key: GroupKey::Other, count: 2 },
            Group { key: GroupKey::NotGiven, count: 3 },
        ];
        let folded = fold(&groups, 5);
        assert_eq!(folded, [g("A", 12), g("C", 5), Group { key: GroupKey::Other, count: 9 }]);
        let total: u64 = groups.iter().map(|g| g.count).sum();
        assert_eq!(folded.iter().map(|g| g.count).sum::<u64>(), total, "folding keeps every person");
        assert!(fold(&[g("A", 4)], 5) == [Group { key: GroupKey::Other, count: 4 }]);
        assert!(fold(&[], 5).is_empty());
    }

    #[test]
    fn metric_has_no_one_elses_figure() {
        let r = Ranking { values: vec![Some(7), Some(30), Some(13)] };
        let m = Metric::of(&r, 2);
        assert_eq!((m.own, m.total, m.rank, m.of), (13, 50, Some(2), 3));
        assert_eq!(m.share, Some(0.26));
    }
}
