//! A record's body ([`Body`]: Markdown or HTML) as pages show it and as the plain-text formats
//! carry it, the same way for every body in the site.
//!
//! - Markdown is rendered by pulldown-cmark; HTML is HTML, never read as Markdown.
//! - What is not trusted (everything but the organizers' pages and news under `raw_html`) is
//!   sanitised ([`super::sanitise`]): a `format: html` body that has a tag, and a Markdown body
//!   with raw HTML or a link of another scheme than http(s), mailto or a site path. Most bodies
//!   are plain Markdown and skip the sanitiser, which costs several times the Markdown itself.
//! - The plain text comes from the same markup: the Markdown's events, or the (sanitised) HTML.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag};

use super::{markdown, sanitise, text};
use crate::content::body::{Body, BodyFormat};

/// A body as a page shows it and describes it in its structured data, parsed once.
pub struct Prose {
    /// The HTML, with site paths under the page's base.
    pub html: String,
    /// The first paragraph as plain text, for meta descriptions and cards.
    pub summary: String,
    /// The whole body as plain text, with site paths under the base URL.
    pub plain: String,
}

/// The [`Prose`] of `body`: HTML with site paths under `base`, a summary of at most `max`
/// characters, and plain text with site paths under `base_url`.
pub fn prose(body: &Body, base: &str, base_url: &str, max: usize) -> Prose {
    let read = read(body, Some(base));
    let (plain, summary) = read.text(base_url, max);
    Prose { html: read.html.unwrap_or_default(), summary, plain }
}

/// The HTML of `body`, with site paths under `base` (a base path, or a full base URL for feeds
/// and structured data).
pub fn html(body: &Body, base: &str) -> String {
    read(body, Some(base)).html.unwrap_or_default()
}

/// The HTML of `body` and its summary (at most `max` characters).
pub fn html_and_summary(body: &Body, base: &str, max: usize) -> (String, String) {
    let read = read(body, Some(base));
    let summary = read.summary(max);
    (read.html.unwrap_or_default(), summary)
}

/// The plain text of `body`, trimmed; site paths under `base_url`.
pub fn plain(body: &Body, base_url: &str) -> String {
    read(body, None).text(base_url, 0).0
}

/// The first paragraph of `body` as plain text, at most `max` characters.
pub fn summary(body: &Body, max: usize) -> String {
    read(body, None).summary(max)
}

/// A body read once: its HTML when asked for, and what its plain text is taken from.
struct Read<'a> {
    html: Option<String>,
    source: Source<'a>,
}

/// What plain text is derived from: Markdown's events, or HTML without scripts (sanitised, or
/// trusted) whose site paths are as the author wrote them.
enum Source<'a> {
    Events(Vec<Event<'a>>),
    Html(Cow<'a, str>),
}

impl Read<'_> {
    /// The plain text (site paths under `base_url`) and the summary (at most `max` characters).
    fn text(&self, base_url: &str, max: usize) -> (String, String) {
        match &self.source {
            Source::Events(events) => {
                (text::plain_of(events.iter().cloned(), events.len() * 8, base_url), markdown::summary_of(events.iter().cloned(), max))
            }
            Source::Html(html) => text::plain_html(html, base_url, max),
        }
    }

    fn summary(&self, max: usize) -> String {
        match &self.source {
            Source::Events(events) => markdown::summary_of(events.iter().cloned(), max),
            Source::Html(html) => text::plain_html(html, "/", max).1,
        }
    }
}

/// Reads `body`, rendering its HTML with site paths under `base` when there is one.
fn read<'a>(body: &'a Body, base: Option<&str>) -> Read<'a> {
    match body.format {
        BodyFormat::Markdown => read_markdown(body, base),
        BodyFormat::Html => read_html(body, base),
    }
}

fn read_markdown<'a>(body: &'a Body, base: Option<&str>) -> Read<'a> {
    let events: Vec<Event<'a>> = markdown::parser(&body.text).collect();
    let has_html = events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let odd_link = events.iter().any(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => !sanitise::allowed_url(dest_url),
        _ => false,
    });
    let len = body.text.len();
    if !has_html && (!odd_link || body.trusted) {
        // The common case: plain Markdown, nothing to sanitise.
        let html = base.map(|base| markdown::html_of(events.iter().cloned(), len, base));
        return Read { html, source: Source::Events(events) };
    }
    if body.trusted {
        let bare = markdown::html_of(events.iter().cloned(), len, "/");
        let html = base.map(|base| if base == "/" { bare.clone() } else { markdown::html_of(events.iter().cloned(), len, base) });
        return Read { html, source: Source::Html(bare.into()) };
    }
    let bare = sanitise::clean(&markdown::html_of(events.iter().cloned(), len, "/"));
    let html = base.map(|base| sanitise::rebase(&bare, base));
    // Without raw HTML the events say all there is (a dropped link's text stays text).
    let source = if has_html { Source::Html(bare.into()) } else { Source::Events(events) };
    Read { html, source }
}

fn read_html<'a>(body: &'a Body, base: Option<&str>) -> Read<'a> {
    let text = body.text.as_str();
    // Without a tag there is nothing to sanitise (character references are text).
    if body.trusted || !text.contains('<') {
        return Read { html: base.map(|_| text.to_string()), source: Source::Html(text.into()) };
    }
    let bare = sanitise::clean(text);
    let html = base.map(|base| sanitise::rebase(&bare, base));
    Read { html, source: Source::Html(bare.into()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_body(text: &str) -> Body {
        Body { text: text.into(), format: BodyFormat::Html, trusted: false }
    }

    #[test]
    fn markdown_prose_is_one_parse_of_three_outputs() {
        let body = Body::markdown("[a](/venue/)\n\nSecond *para* \"quoted\".");
        let p = prose(&body, "/conf/", "https://e.org/conf/", 100);
        assert_eq!(p.html, markdown::to_html(&body.text, "/conf/"));
        assert_eq!(p.summary, "a");
        assert_eq!(p.plain, "a (https://e.org/conf/venue/)\n\nSecond para \"quoted\".");
        assert_eq!(plain(&body, "https://e.org/conf/"), p.plain);
        assert_eq!(html_and_summary(&body, "/conf/", 100), (p.html, p.summary));
    }

    #[test]
    fn html_is_not_read_as_markdown() {
        let body = html_body("<p>Intro</p>\n<pre>line one\n\nline *three*</pre>");
        let out = html(&body, "/");
        assert_eq!(out, "<p>Intro</p>\n<pre>line one\n\nline *three*</pre>");
        assert_eq!(plain(&body, "/"), "Intro\n\nline one\n\nline *three*");
        assert_eq!(summary(&body, 100), "Intro");
    }

    #[test]
    fn untrusted_html_is_sanitised_in_both_formats() {
        let dirty = "<p>Hi<script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a><img src=/a.png onerror=alert(1)></p>";
        for body in [html_body(dirty), Body::markdown(dirty), Body::markdown("[x](javascript:alert(1)) ![y](data:text/html,z)")] {
            let out = html(&body, "/conf/");
            assert!(!out.contains("script") && !out.contains("onerror") && !out.contains("data:"), "{out}");
            assert!(!plain(&body, "/").is_empty());
        }
        assert!(html(&html_body(dirty), "/conf/").contains("src=\"/conf/a.png\""));
        let trusted = Body { trusted: true, ..html_body(dirty) };
        assert_eq!(html(&trusted, "/conf/"), dirty);
        assert_eq!(plain(&trusted, "/"), "Hi x");
    }

    #[test]
    fn markdown_with_raw_html_gets_its_text_from_the_html() {
        let body = Body::markdown("Intro.\n\n<div>\n<p>Block <b>text</b></p>\n</div>\n\n- item");
        assert_eq!(plain(&body, "/"), "Intro.\n\nBlock text\n\n- item");
    }
}
