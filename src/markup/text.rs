//! Markdown to plain text, for the formats that carry no markup (iCalendar, frab abstracts).
//!
//! Blocks are separated by one blank line, list items start with `- `, links keep their text and
//! add the target in parentheses when it differs (site paths made absolute); raw HTML is dropped.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The plain text of a Markdown body, trimmed; `""` for an empty body. Links to site paths
/// (`/venue/`) are shown under `base_url` (`https://example.org/conf/2026/venue/`).
pub fn plain(md: &str, base_url: &str) -> String {
    plain_of(crate::markup::markdown::parser(md), md.len(), base_url)
}

/// [`plain`] of a body's events (`len`: the body's length, to size the text).
pub fn plain_of<'a>(events: impl Iterator<Item = Event<'a>>, len: usize, base_url: &str) -> String {
    let mut out = String::with_capacity(len);
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut list_depth = 0usize;
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => {
                line_break(&mut out);
                for _ in 1..list_depth {
                    out.push_str("  ");
                }
                out.push_str("- ");
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                line_break(&mut out);
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    block_break(&mut out);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = match dest_url.strip_prefix('/') {
                    Some(rest) if !rest.starts_with('/') => format!("{}/{rest}", base_url.trim_end_matches('/')),
                    _ => dest_url.to_string(),
                };
                links.push((url, out.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, at)) = links.pop() {
                    let shown = &out[at..];
                    if (url.starts_with("http") || url.starts_with("mailto:"))
                        && shown != url
                        && shown.trim_start_matches("mailto:") != url.trim_start_matches("mailto:")
                    {
                        out.push_str(" (");
                        out.push_str(&url);
                        out.push(')');
                    }
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::Table)
                if list_depth == 0 =>
            {
                block_break(&mut out)
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::Rule => block_break(&mut out),
            _ => {}
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        return out;
    }
    trimmed.to_string()
}

fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn block_break(out: &mut String) {
    line_break(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_links() {
        let md = "# Title\n\nFirst *para*\nline.\n\n- one\n- [two](https://x.org/)\n\nAfter <b>html</b> `code`, [venue](/venue/).";
        assert_eq!(
            plain(md, "https://e.org/c/"),
            "Title\n\nFirst para line.\n\n- one\n- two (https://x.org/)\n\nAfter html code, venue (https://e.org/c/venue/)."
        );
    }

    #[test]
    fn empty_and_bare_links() {
        assert_eq!(plain("", "/"), "");
        assert_eq!(plain("  \n\n", "/"), "");
        assert_eq!(plain("<https://x.org/>", "/"), "https://x.org/");
    }
}
