//! Machine-readable outputs: calendars, schedule-app files, feeds, sitemap and structured data.
//! Each reads only the model.
//!
//! Every export is deterministic: the same model gives the same bytes (no clock, no hash-map
//! order, no random ids). Identifiers that apps keep (iCalendar UIDs, frab ids and GUIDs) are
//! derived from the conference acronym and the slugs in [`ids`], so they survive rebuilds and
//! unrelated edits. docs/exports.md describes every file.

pub mod feed;
pub mod frab;
pub mod ics;
pub mod json;
pub mod sitemap;
pub mod xml;

use rayon::prelude::*;
use uuid::Uuid;

use crate::diag::Diagnostic;
use crate::markup::body;
use crate::model::links::{abs_url, session_url};
use crate::model::{Conference, ids};
use crate::sink::Sink;
use crate::timing::timed;

/// Writes every export file of the site into `sink`, each as soon as it is ready. `routes` are
/// the site's page routes (`sessions/x/`), for the sitemap.
pub fn write(conf: &Conference, routes: &[String], sink: &dyn Sink) -> Result<(), Diagnostic> {
    let shared = Shared::new(conf);
    // One after the other, so that their big files are not in memory together.
    timed("calendars", || ics::write(conf, &shared, sink))?;
    timed("schedule", || frab::write(conf, &shared, sink))?;
    sitemap::files(conf, routes).into_iter().chain(feed::files(conf)).try_for_each(|f| sink.put(f))
}

/// What several exports need of each session and speaker, worked out once per build (in
/// parallel): the iCalendar and frab files carry the same GUIDs, page URLs and plain-text
/// abstracts.
pub struct Shared {
    /// The conference's GUID namespace ([`ids::namespace`]).
    pub ns: Uuid,
    /// One per session, in `conf.sessions` order.
    pub sessions: Vec<SessionShared>,
    /// One per speaker, in `conf.speakers` order.
    pub speakers: Vec<SpeakerShared>,
}

/// A speaker's part of [`Shared`].
pub struct SpeakerShared {
    /// The guid it was imported with, or [`ids::guid`] of `speaker/<slug>`; hyphenated.
    pub guid: String,
    /// The absolute URL of the speaker's page.
    pub url: String,
}

/// A session's part of [`Shared`].
pub struct SessionShared {
    /// The guid it was imported with, or [`ids::guid`] of `session/<slug>`; hyphenated.
    pub guid: String,
    /// [`session_url`].
    pub url: String,
    /// [`body::plain`] of the abstract, converted once for all calendars and schedule files.
    pub abstract_text: String,
}

impl Shared {
    /// The values of `conf`.
    pub fn new(conf: &Conference) -> Shared {
        let ns = ids::namespace(conf);
        let sessions = (0..conf.sessions.len())
            .into_par_iter()
            .map(|i| {
                let s = &conf.sessions[i];
                SessionShared {
                    guid: ids::session_guid(&ns, s),
                    url: session_url(conf, i),
                    abstract_text: body::plain(&s.abstract_md, &conf.site.base_url),
                }
            })
            .collect();
        let speakers = conf
            .speakers
            .par_iter()
            .map(|sp| SpeakerShared {
                guid: ids::source_guid(&sp.source).unwrap_or_else(|| ids::guid(&ns, "speaker", &sp.slug).to_string()),
                url: abs_url(conf, &format!("speakers/{}/", sp.slug)),
            })
            .collect();
        Shared { ns, sessions, speakers }
    }
}

/// `#rgb` → `#rrggbb`; six-digit colors stay as they are (lowercased).
pub fn hex6(color: &str) -> String {
    let digits = color.trim_start_matches('#');
    if digits.len() == 3 {
        let mut out = String::from("#");
        for c in digits.chars() {
            out.push(c);
            out.push(c);
        }
        out.to_ascii_lowercase()
    } else {
        format!("#{}", digits.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_expand() {
        assert_eq!(hex6("#0E7490"), "#0e7490");
        assert_eq!(hex6("#abc"), "#aabbcc");
    }
}
