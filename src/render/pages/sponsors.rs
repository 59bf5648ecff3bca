//! The sponsors page (every tier with its sponsors) and each sponsor's page.

use serde::Serialize;
use serde_json::Value;

use super::{Cx, Kind, View, single, t};
use crate::model::Conference;
use crate::render::splice::Splices;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sponsors;

#[derive(Serialize)]
struct SponsorsView<'a> {
    /// The tiers that have sponsors, in rank order.
    tiers: Vec<TierGroup<'a>>,
}

#[derive(Serialize)]
struct TierGroup<'a> {
    id: &'a str,
    name: &'a str,
    rank: u32,
    logo_size: &'a str,
    sponsors: Vec<Value>,
}

impl Kind for Sponsors {
    const NAME: &'static str = "sponsors";
    const TEMPLATE: &'static str = "sponsors.html";

    fn pages(conf: &Conference) -> Vec<(String, Sponsors)> {
        single("sponsors/", !conf.sponsors.is_empty(), Sponsors)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let tiers = v
            .conf
            .tiers
            .iter()
            .filter(|tier| !tier.sponsors.is_empty())
            .map(|tier| TierGroup {
                id: &tier.id,
                name: &tier.name,
                rank: tier.rank,
                logo_size: tier.logo_size,
                sponsors: tier.sponsors.iter().map(|&s| v.sponsor_link(s, "sponsors")).collect(),
            })
            .collect();
        View::new(t(v, "sponsors"), None, &SponsorsView { tiers })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sponsor(pub usize);

#[derive(Serialize)]
struct SponsorView {
    sponsor: tera::Value,
}

impl Kind for Sponsor {
    const NAME: &'static str = "sponsor";
    const TEMPLATE: &'static str = "sponsor.html";

    fn pages(conf: &Conference) -> Vec<(String, Sponsor)> {
        let with_page = conf.sponsors.iter().enumerate().filter(|(_, s)| s.has_page);
        with_page.map(|(i, s)| (format!("sponsors/{}/", s.slug), Sponsor(i))).collect()
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let (sponsor, summary) = v.sponsor_page(self.0, f);
        View::new(v.conf.sponsors[self.0].name.clone(), Some(summary), &SponsorView { sponsor })
    }
}
