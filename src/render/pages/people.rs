//! The speakers page and each speaker's page.

use serde::Serialize;

use super::{Cards, Cx, Kind, View, each, fingerprint_of, single, t};
use crate::model::{self, Conference};
use crate::render::fingerprint::Prints;
use crate::render::splice::Splices;
use crate::render::views::Views;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speakers;

#[derive(Serialize)]
struct SpeakersView {
    speakers: Vec<tera::Value>,
}

impl Kind for Speakers {
    const NAME: &'static str = "speakers";
    const TEMPLATE: &'static str = "speakers.html";

    fn pages(_: &Conference) -> Vec<(String, Speakers)> {
        single("speakers/", true, Speakers)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        View::new(t(v, "speakers"), None, &SpeakersView { speakers: v.speakers.clone() })
    }

    /// The list is every speaker's summary.
    fn inputs(&self, _: &Views, prints: &Prints) -> Option<u64> {
        Some(fingerprint_of(&prints.speakers))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaker(pub usize);

#[derive(Serialize)]
struct SpeakerView {
    speaker: tera::Value,
}

/// What a speaker's page is made from besides the site-wide context: the speaker (bio, links),
/// the fingerprint of their summary, and their sessions' cards. [`Speaker::view`] reads nothing
/// else.
#[derive(Hash)]
struct Inputs<'a> {
    speaker: &'a model::Speaker,
    summary: u64,
    sessions: Cards,
}

impl Kind for Speaker {
    const NAME: &'static str = "speaker";
    const TEMPLATE: &'static str = "speaker.html";

    fn pages(conf: &Conference) -> Vec<(String, Speaker)> {
        each(&conf.speakers, "speakers/", |s| &s.slug, Speaker)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let (speaker, summary) = v.speaker_page(self.0, f);
        View::new(v.conf.speakers[self.0].name.clone(), Some(summary), &SpeakerView { speaker })
    }

    fn inputs(&self, v: &Views, prints: &Prints) -> Option<u64> {
        let speaker = &v.conf.speakers[self.0];
        Some(fingerprint_of(&Inputs { speaker, summary: prints.speakers[self.0], sessions: Cards::of(v, prints, &speaker.sessions) }))
    }
}
