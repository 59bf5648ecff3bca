//! Markdown to HTML, the same way for every body in the site.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// A parser of `text` with the extensions every body in the site is read with.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text` to HTML. Links and images to site paths (`/venue/`) get the site's base path
/// (`/conf/2026/venue/`), so content works under a sub-path. Raw HTML in the content passes
/// through: content authors are trusted organizers, exactly as with Zola and Hugo.
pub fn to_html(text: &str, base: &str) -> String {
    html_of(parser(text), text.len(), base)
}

/// The first paragraph as plain text, at most `max` characters (for summaries and meta tags).
pub fn summary(text: &str, max: usize) -> String {
    summary_of(parser(text), max)
}

/// [`to_html`] and [`summary`] of the same text, parsed once.
pub fn html_and_summary(text: &str, base: &str, max: usize) -> (String, String) {
    let events: Vec<Event> = parser(text).collect();
    let html = html_of(events.iter().cloned(), text.len(), base);
    (html, summary_of(events.into_iter(), max))
}

/// A body as a page shows it and describes it in its structured data, parsed once.
pub struct Prose {
    /// [`to_html`].
    pub html: String,
    /// [`summary`].
    pub summary: String,
    /// [`crate::markup::text::plain`].
    pub plain: String,
}

/// The [`Prose`] of `text`: its HTML with site paths under `base`, a summary of at most `max`
/// characters, and its plain text with site paths under `base_url`.
pub fn prose(text: &str, base: &str, base_url: &str, max: usize) -> Prose {
    let events: Vec<Event> = parser(text).collect();
    Prose {
        html: html_of(events.iter().cloned(), text.len(), base),
        summary: summary_of(events.iter().cloned(), max),
        plain: crate::markup::text::plain_of(events.into_iter(), text.len(), base_url),
    }
}

fn html_of<'a>(events: impl Iterator<Item = Event<'a>>, len: usize, base: &str) -> String {
    let mut out = String::with_capacity(len * 3 / 2);
    let rebase = |url: CowStr<'a>| -> CowStr<'a> {
        match url.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') && base != "/" => super::paths::join(base, rest).into(),
            _ => url,
        }
    };
    let events = events.map(|event| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: rebase(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: rebase(dest_url), title, id })
        }
        other => other,
    });
    html::push_html(&mut out, events);
    out
}

fn summary_of<'a>(events: impl Iterator<Item = Event<'a>>, max: usize) -> String {
    use pulldown_cmark::TagEnd;
    let mut out = String::new();
    let mut in_paragraph = false;
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !out.is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => out.push(' '),
            _ => {}
        }
    }
    truncate(out.trim(), max)
}

/// Cuts `text` at a word boundary before `max` characters, adding an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_summarises() {
        assert!(to_html("## Hi\n\n*x*", "/").contains("<h2>Hi</h2>"));
        let html = to_html("[a](/venue/) [b](https://x.org/) ![c](/img/c.png)", "/conf/");
        assert!(
            html.contains("href=\"/conf/venue/\"") && html.contains("href=\"https://x.org/\"") && html.contains("src=\"/conf/img/c.png\""),
            "{html}"
        );
        assert_eq!(summary("# T\n\nFirst *para*\nline.\n\nSecond.", 100), "First para line.");
        assert_eq!(truncate("one two three four", 10), "one two…");
        assert_eq!(summary("", 10), "");
        let text = "[a](/venue/)\n\nSecond *para*.";
        assert_eq!(html_and_summary(text, "/conf/", 100), (to_html(text, "/conf/"), summary(text, 100)));
        let p = prose(text, "/conf/", "https://e.org/conf/", 100);
        assert_eq!((p.html, p.summary), (to_html(text, "/conf/"), summary(text, 100)));
        assert_eq!(p.plain, crate::markup::text::plain(text, "https://e.org/conf/"));
    }
}
