//! Bodies to plain text, for the formats that carry no markup (iCalendar, frab abstracts,
//! JSON-LD, feeds, the search index, meta descriptions).
//!
//! Markdown and HTML give the same shape: blocks are separated by one blank line, list items
//! start with `- `, links keep their text and add the target in parentheses when it differs
//! (site paths made absolute). The characters are the author's: no typographic quotes are
//! made up. Markdown is read from its events ([`plain_of`]); HTML (a `format: html` body, or
//! a Markdown body with raw HTML, once rendered and sanitised) through html5ever's tokenizer
//! ([`plain_html`]).

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag as HtmlTag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
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
            Event::Start(Tag::Link { dest_url, .. }) => links.push((absolute(&dest_url, base_url), out.len())),
            Event::End(TagEnd::Link) => {
                if let Some((url, at)) = links.pop() {
                    link_target(&mut out, &url, at);
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

/// `url` with a site path (`/venue/`) under `base_url`.
fn absolute(url: &str, base_url: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => format!("{}/{rest}", base_url.trim_end_matches('/')),
        _ => url.to_string(),
    }
}

/// Ends a link whose text starts at `at`: its target in parentheses, when it is a web or mail
/// address that the text does not already say.
fn link_target(out: &mut String, url: &str, at: usize) {
    let shown = &out[at..];
    if (url.starts_with("http") || url.starts_with("mailto:"))
        && shown != url
        && shown.trim_start_matches("mailto:") != url.trim_start_matches("mailto:")
    {
        out.push_str(" (");
        out.push_str(url);
        out.push(')');
    }
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

/// The plain text of an HTML body, trimmed, and its summary: the first paragraph's text (the
/// first block's when it has no `<p>`), at most `max` characters. Links to site paths are shown
/// under `base_url`; scripts, styles and comments are left out.
pub fn plain_html(html: &str, base_url: &str, max: usize) -> (String, String) {
    let tokenizer = Tokenizer::new(Walker { state: RefCell::new(Walk::new(html.len(), base_url)) }, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let walk = tokenizer.sink.state.into_inner();
    let summary = {
        let first = match walk.first_paragraph {
            Some((from, to)) => &walk.out[from..to],
            None => walk.out.trim().split("\n\n").next().unwrap_or(""),
        };
        crate::markup::markdown::truncate(&first.split_whitespace().collect::<Vec<_>>().join(" "), max)
    };
    (walk.out.trim().to_string(), summary)
}

/// Elements that are blocks of their own: a blank line before and after.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "details",
    "summary",
    "main",
    "hgroup",
    "center",
    "caption",
    "form",
    "fieldset",
];

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &["script", "style", "template", "noscript", "title", "textarea", "iframe", "noembed", "noframes", "xmp"];

/// What [`plain_html`] has written and where it is in the HTML.
struct Walk<'b> {
    out: String,
    base_url: &'b str,
    links: Vec<(String, usize)>,
    list_depth: usize,
    pre_depth: usize,
    hidden_depth: usize,
    /// A space is due before the next visible character (HTML collapses white space).
    space: bool,
    paragraph_start: Option<usize>,
    first_paragraph: Option<(usize, usize)>,
}

impl<'b> Walk<'b> {
    fn new(len: usize, base_url: &'b str) -> Walk<'b> {
        Walk {
            out: String::with_capacity(len),
            base_url,
            links: Vec::new(),
            list_depth: 0,
            pre_depth: 0,
            hidden_depth: 0,
            space: false,
            paragraph_start: None,
            first_paragraph: None,
        }
    }

    fn text(&mut self, text: &str) {
        if self.hidden_depth > 0 {
            return;
        }
        if self.pre_depth > 0 {
            self.out.push_str(text);
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if std::mem::take(&mut self.space) && !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
            self.out.push(c);
        }
    }

    fn block(&mut self) {
        self.space = false;
        if self.list_depth == 0 { block_break(&mut self.out) } else { line_break(&mut self.out) }
    }

    /// Handles one tag; returns the tokenizer state its content needs (a script's is raw text).
    fn tag(&mut self, tag: &HtmlTag) -> Option<RawKind> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if HIDDEN.contains(&name) {
            if start && !tag.self_closing {
                self.hidden_depth += 1;
                return Some(match name {
                    "script" => RawKind::ScriptData,
                    "title" | "textarea" => RawKind::Rcdata,
                    _ => RawKind::Rawtext,
                });
            }
            self.hidden_depth = self.hidden_depth.saturating_sub(usize::from(!start));
            return None;
        }
        if self.hidden_depth > 0 {
            return None;
        }
        match (name, start) {
            ("ul" | "ol", true) => {
                self.list_depth += 1;
                self.space = false;
                line_break(&mut self.out);
            }
            ("ul" | "ol", false) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                self.block();
            }
            ("li", true) => {
                self.space = false;
                line_break(&mut self.out);
                for _ in 1..self.list_depth {
                    self.out.push_str("  ");
                }
                self.out.push_str("- ");
            }
            ("br", _) => {
                self.space = false;
                self.out.push('\n');
            }
            ("tr", false) => self.out.push('\n'),
            ("td" | "th", false) => self.out.push(' '),
            ("a", true) => {
                let href = tag.attrs.iter().find(|a| &*a.name.local == "href").map_or(String::new(), |a| absolute(&a.value, self.base_url));
                self.links.push((href, self.out.len()));
            }
            ("a", false) => {
                if let Some((url, at)) = self.links.pop() {
                    link_target(&mut self.out, &url, at);
                }
            }
            ("img", _) => {
                if let Some(alt) = tag.attrs.iter().find(|a| &*a.name.local == "alt") {
                    self.text(&alt.value.clone());
                }
            }
            (block, _) if BLOCKS.contains(&block) => {
                if block == "p" && !start && self.first_paragraph.is_none() {
                    self.first_paragraph = self.paragraph_start.map(|from| (from, self.out.len()));
                }
                self.block();
                if block == "pre" {
                    self.pre_depth = if start { self.pre_depth + 1 } else { self.pre_depth.saturating_sub(1) };
                }
                if block == "p" && start {
                    self.paragraph_start = Some(self.out.len());
                }
            }
            _ => {}
        }
        None
    }
}

/// The tokenizer's sink for [`plain_html`] (the tokenizer hands tokens to a shared reference).
struct Walker<'b> {
    state: RefCell<Walk<'b>>,
}

impl TokenSink for Walker<'_> {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut walk = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(text) => walk.text(&text),
            Token::TagToken(tag) => {
                if let Some(kind) = walk.tag(&tag) {
                    return TokenSinkResult::RawData(kind);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
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

    #[test]
    fn html_gives_the_same_shape() {
        let html = "<h2>Title</h2><p>First <em>para</em>\n  line.</p><ul><li>one</li><li><a href=\"https://x.org/\">two</a></li></ul>\
                    <p>After &amp; <a href=\"/venue/\">venue</a>.</p><script>alert(1)</script>";
        let (text, summary) = plain_html(html, "https://e.org/c/", 100);
        assert_eq!(text, "Title\n\nFirst para line.\n\n- one\n- two (https://x.org/)\n\nAfter & venue (https://e.org/c/venue/).");
        assert_eq!(summary, "First para line.");
        let md = "## Title\n\nFirst *para*\n  line.\n\n- one\n- [two](https://x.org/)\n\nAfter &amp; [venue](/venue/).";
        assert_eq!(plain(md, "https://e.org/c/"), text);
    }

    #[test]
    fn html_keeps_preformatted_text_and_quotes() {
        let (plain, summary) = plain_html("<p>Say \"hi\" it's</p><pre>a\n\n  b</pre>", "/", 100);
        assert_eq!(plain, "Say \"hi\" it's\n\na\n\n  b");
        assert_eq!(summary, "Say \"hi\" it's");
        assert_eq!(plain_html("Just text, no tags", "/", 100), ("Just text, no tags".into(), "Just text, no tags".into()));
        assert_eq!(plain_html("", "/", 100), (String::new(), String::new()));
    }
}
