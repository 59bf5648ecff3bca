//! The home page.

use serde::Serialize;
use serde_json::Value;

use super::{Cx, Kind, View};
use crate::model::{Conference, Placement, SessionKind};
use crate::render::jsonld;
use crate::render::splice::Splices;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Home;

#[derive(Serialize)]
struct HomeView {
    /// Speaker summaries with their cards.
    featured_speakers: Vec<tera::Value>,
    /// Keynotes and featured sessions, with their cards.
    featured_sessions: Vec<tera::Value>,
    tickets: Value,
    /// The three latest posts.
    news: Vec<Value>,
    stats: Stats,
    jsonld: String,
}

#[derive(Serialize)]
struct Stats {
    /// Sessions of the programme (not breaks or socials).
    sessions: usize,
    speakers: usize,
    tracks: usize,
    days: usize,
}

impl Kind for Home {
    const NAME: &'static str = "index";
    const TEMPLATE: &'static str = "index.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::HomeHero, Placement::Home, Placement::Footer];

    fn pages(_: &Conference) -> Vec<(String, Home)> {
        vec![(String::new(), Home)]
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let c = v.conf;
        let view = HomeView {
            featured_speakers: c.speakers.iter().enumerate().filter(|(_, s)| s.featured).map(|(i, _)| f.speakers[i].clone()).collect(),
            featured_sessions: c
                .sessions
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == SessionKind::Keynote || s.featured)
                .map(|(i, _)| f.summary_with_card(v, i))
                .collect(),
            tickets: v.ticket_tiers(),
            news: (0..c.news.len().min(3)).map(|i| v.news_summary(i)).collect(),
            stats: Stats {
                sessions: c.sessions.iter().filter(|s| s.kind.is_programme()).count(),
                speakers: c.speakers.len(),
                tracks: c.tracks.len(),
                days: c.days.len(),
            },
            jsonld: jsonld::to_script(&jsonld::home(c, &v.jsonld)),
        };
        View::new(c.site.title.clone(), c.site.description.clone().or(c.site.tagline.clone()), &view)
    }
}
