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
pub mod ids;
pub mod jsonld;
pub mod sitemap;
pub mod text;
pub mod xml;

use jiff::Zoned;

use crate::model::Conference;
use crate::render::OutFile;

/// Every export file of the site. `routes` are the site's page routes (`sessions/x/`), for the
/// sitemap.
pub fn all(conf: &Conference, routes: &[String]) -> Vec<OutFile> {
    let mut files = Vec::new();
    files.extend(ics::files(conf));
    files.extend(frab::files(conf));
    files.extend(sitemap::files(conf, routes));
    files.extend(feed::files(conf));
    files
}

/// The absolute URL of `rel` under the site's `base_url` (`sessions/x/` →
/// `https://example.org/conf/2026/sessions/x/`).
pub fn abs_url(conf: &Conference, rel: &str) -> String {
    format!("{}{}", conf.site.base_url, rel.trim_start_matches('/'))
}

/// A link from the content: site paths (`/tickets/`) become absolute URLs, full URLs stay.
pub fn content_url(conf: &Conference, url: &str) -> String {
    if url.starts_with('/') { abs_url(conf, url) } else { url.to_string() }
}

/// The absolute URL of a session's page.
pub fn session_url(conf: &Conference, i: usize) -> String {
    abs_url(conf, &format!("sessions/{}/", conf.sessions[i].slug))
}

/// RFC 3339 / ISO 8601 with the zone's offset: `2026-10-22T09:00:00+02:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
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
