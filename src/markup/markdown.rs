//! Markdown to HTML, the same way for every body in the site.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// A parser of `text` with the extensions every body in the site is read with. Not smart
/// punctuation: quotes, dashes and dots stay the characters the author typed, on pages as in
/// the exports (docs/content.md).
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text` to HTML. Links and images to site paths (`/venue/`) get the site's base path
/// (`/conf/2026/venue/`), so content works under a sub-path. Raw HTML passes through: this is
/// for the templates' `markdown` filter, whose text the theme chooses; bodies are rendered by
/// [`crate::markup::body`], which sanitises them.
pub fn to_html(text: &str, base: &str) -> String {
    html_of(parser(text), text.len(), base)
}

/// The first paragraph as plain text, at most `max` characters (for summaries and meta tags).
pub fn summary(text: &str, max: usize) -> String {
    summary_of(parser(text), max)
}

pub(crate) fn html_of<'a>(events: impl Iterator<Item = Event<'a>>, len: usize, base: &str) -> String {
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

pub(crate) fn summary_of<'a>(events: impl Iterator<Item = Event<'a>>, max: usize) -> String {
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
        assert!(to_html("\"Quotes\" -- and...", "/").contains("\"Quotes\" -- and..."), "no smart punctuation");
    }
}
