//! Where the model's records are on the web: absolute URLs under the site's `base_url`, as
//! exports and structured data need them (pages use site paths, see `render::urls`).

use super::Conference;

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
