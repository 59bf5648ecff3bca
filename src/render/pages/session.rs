//! A session's page.

use serde::Serialize;

use super::{Cx, Kind, View, each, fingerprint_of};
use crate::model::{self, Conference, Placement};
use crate::render::fingerprint::Prints;
use crate::render::jsonld;
use crate::render::splice::Splices;
use crate::render::views::Views;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session(pub usize);

#[derive(Serialize)]
struct SessionView {
    /// The session's summary with its abstract, links and speakers' cards.
    session: tera::Value,
    jsonld: tera::Value,
}

/// What a session's page is made from besides the site-wide context: the records its view and
/// its structured data read (the session, its room, track and sponsor with its tier), and the
/// fingerprints of the summaries it shows (the session's; each speaker's, which their card and
/// their part of the structured data follow from). [`Session::view`] reads nothing else; a
/// record it starts to read belongs here too.
#[derive(Hash)]
struct Inputs<'a> {
    session: &'a model::Session,
    summary: u64,
    speakers: Vec<u64>,
    room: Option<&'a model::Room>,
    track: Option<&'a model::Track>,
    sponsor: Option<(&'a model::Sponsor, &'a model::Tier)>,
}

impl<'a> Inputs<'a> {
    fn of(v: &'a Views, prints: &Prints, i: usize) -> Inputs<'a> {
        let c = v.conf;
        let s = &c.sessions[i];
        Inputs {
            session: s,
            summary: prints.sessions[i],
            speakers: s.speakers.iter().map(|&sp| prints.speakers[sp]).collect(),
            room: s.room.map(|r| &c.rooms[r]),
            track: s.track.map(|t| &c.tracks[t]),
            sponsor: s.sponsor.map(|sp| (&c.sponsors[sp], &c.tiers[c.sponsors[sp].tier])),
        }
    }
}

impl Kind for Session {
    const NAME: &'static str = "session";
    const TEMPLATE: &'static str = "session.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Session, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Session)> {
        each(&conf.sessions, "sessions/", |s| &s.slug, Session)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let (session, summary, plain) = v.session_page(self.0, f);
        let script = jsonld::to_script(&jsonld::session(v.conf, &v.jsonld, self.0, plain));
        View::new(v.conf.sessions[self.0].title.clone(), Some(summary), &SessionView { session, jsonld: script.into() })
    }

    fn inputs(&self, v: &Views, prints: &Prints) -> Option<u64> {
        Some(fingerprint_of(&Inputs::of(v, prints, self.0)))
    }
}

/// The page of a session accepted but not scheduled yet: the session page without a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unscheduled(pub usize);

impl Kind for Unscheduled {
    const NAME: &'static str = "session";
    const TEMPLATE: &'static str = "session.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Session, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Unscheduled)> {
        each(&conf.unscheduled, "sessions/", |u| &u.slug, Unscheduled)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let (session, summary) = v.unscheduled_page(self.0, f);
        View::new(v.conf.unscheduled[self.0].title.clone(), Some(summary), &SessionView { session, jsonld: tera::Value::none() })
    }
}
