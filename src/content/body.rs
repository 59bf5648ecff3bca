//! A record's body (the text after the front matter): its format, and the one check made on it
//! while the file is read — links that would run code (`javascript:`, `data:`, `vbscript:`).
//!
//! The body is rendered later (`markup::body`), where it is also sanitised; the check here is
//! what makes such a link an error with the file and line, rather than a link silently dropped.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use pulldown_cmark::{Event, Parser, Tag};

use super::fields::Record;
use crate::diag::Pos;

/// How a body is written: `format:` in the front matter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum BodyFormat {
    #[default]
    Markdown,
    /// HTML, as CFP tools export abstracts: rendered as HTML, never read as Markdown.
    Html,
}

/// The ids `format:` takes.
pub const FORMATS: &[&str] = &["markdown", "html"];

/// A body as written, with its format and whether its raw HTML may pass unsanitised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Body {
    pub text: String,
    pub format: BodyFormat,
    /// The organizers' own pages and news with `raw_html: true` in site.yaml; everything else
    /// (speakers', sponsors', imported text) is sanitised.
    pub trusted: bool,
}

impl Body {
    pub fn markdown(text: impl Into<String>) -> Body {
        Body { text: text.into(), ..Body::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Reads `format` from `r` and checks the body's links. `text` is the body as it follows the
/// front matter in the file, which gives the lines of its links.
pub(super) fn read(r: &mut Record, text: String) -> Body {
    let format = match r.choice("format", FORMATS) {
        Some("html") => BodyFormat::Html,
        _ => BodyFormat::Markdown,
    };
    report_code_links(r, &text, format);
    Body { text, format, trusted: false }
}

/// The scheme of `url` when it runs code or smuggles a document (`javascript`, `vbscript`,
/// `data`), read as a browser reads it: spaces and control characters around it and tabs and
/// line breaks inside it do not count, nor does case. `url` is already free of HTML entities.
pub fn code_scheme(url: &str) -> Option<&'static str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::with_capacity(12);
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        if c == ':' {
            break;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) || scheme.len() > 10 {
            return None;
        }
        scheme.push(c.to_ascii_lowercase());
    }
    ["javascript", "vbscript", "data"].into_iter().find(|s| *s == scheme)
}

/// Whether `text` may hold a code link at all: a colon after `script` or `data` (with anything
/// between them that a browser skips), or a character reference that could spell one. Most
/// bodies have neither, and are not parsed here.
fn may_hold_code_link(text: &str) -> bool {
    let bytes = text.as_bytes();
    let has_reference = memchr::memmem::find_iter(bytes, b"&").any(|i| {
        let next = bytes.get(i + 1..).unwrap_or_default();
        next.first() == Some(&b'#') || next.len() >= 3 && matches!(&next[..3].to_ascii_lowercase()[..], b"col" | b"tab" | b"new")
    });
    has_reference
        || memchr::memchr_iter(b':', bytes).any(|i| {
            let word: Vec<u8> =
                bytes[..i].iter().rev().filter(|b| !b.is_ascii_whitespace() && **b >= b' ').take(6).map(u8::to_ascii_lowercase).collect();
            word.starts_with(b"tpircs") || word.starts_with(b"atad")
        })
}

/// Reports every link of the body whose scheme runs code, at its line in the file.
fn report_code_links(r: &Record, text: &str, format: BodyFormat) {
    if !may_hold_code_link(text) {
        return;
    }
    let file_text = &r.ctx().src.text;
    // The body is the end of the file's text.
    let first_line = file_text.get(..file_text.len().saturating_sub(text.len())).map_or(1, |before| before.matches('\n').count() + 1);
    let found = match format {
        BodyFormat::Html => html_code_links(text),
        BodyFormat::Markdown => markdown_code_links(text),
    };
    for Found { offset, line: line_in_html, attribute, scheme } in found {
        let line = first_line + text[..offset].matches('\n').count() + line_in_html;
        let col = match attribute {
            // The attribute's name on its line, where the tokenizer gives only the line.
            Some(name) => file_text.lines().nth(line - 1).and_then(|l| column_of(l, name)).unwrap_or(0),
            None => text[..offset].rsplit('\n').next().map_or(0, |l| l.chars().count() + 1),
        };
        let d = r
            .ctx()
            .error(Pos::new(line as u32, col as u32), format!("`{scheme}:` link in the body: links that run code are not allowed"))
            .with_hint("link to an http(s) address instead (confpress leaves such links out of every page)");
        r.ctx().report(d);
    }
}

/// A code link: at byte `offset` of the body (a Markdown link, or the start of some HTML), on
/// `line` (from 0) of that HTML, in `attribute` of an HTML tag.
#[derive(Debug, PartialEq)]
struct Found {
    offset: usize,
    line: usize,
    attribute: Option<&'static str>,
    scheme: &'static str,
}

/// The column (from 1) of the attribute `name` in `line`, ignoring case.
fn column_of(line: &str, name: &str) -> Option<usize> {
    let at = line.to_ascii_lowercase().find(&format!("{name}="))?;
    Some(line[..at].chars().count() + 1)
}

/// The code links of a Markdown body.
fn markdown_code_links(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                out.extend(code_scheme(&dest_url).map(|scheme| Found { offset: range.start, line: 0, attribute: None, scheme }));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                out.extend(html_code_links(&html).into_iter().map(|f| Found { offset: range.start, ..f }));
            }
            _ => {}
        }
    }
    out
}

/// The attributes that hold URLs a browser follows or loads.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "xlink:href", "background", "poster", "cite", "data", "longdesc", "lowsrc", "dynsrc", "ping"];

/// The code links of an HTML text (at offset 0), found by html5ever's tokenizer, which decodes
/// character references as a browser does.
fn html_code_links(html: &str) -> Vec<Found> {
    struct Sink(RefCell<Vec<Found>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token
                && tag.kind == TagKind::StartTag
            {
                for attr in &tag.attrs {
                    let name: Cow<str> = match &attr.name.prefix {
                        Some(prefix) => format!("{}:{}", &**prefix, &*attr.name.local).into(),
                        None => (&*attr.name.local).into(),
                    };
                    if let Some(&attribute) = URL_ATTRIBUTES.iter().find(|a| **a == name)
                        && let Some(scheme) = code_scheme(&attr.value)
                    {
                        let line = line.saturating_sub(1) as usize;
                        self.0.borrow_mut().push(Found { offset: 0, line, attribute: Some(attribute), scheme });
                    }
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_schemes_as_browsers_read_them() {
        for url in ["javascript:alert(1)", " JaVaScRiPt:x", "java\tscript:x", "\u{1}vbscript:x", "data:text/html,x", "jav\nascript:"] {
            assert!(code_scheme(url).is_some(), "{url:?}");
        }
        for url in ["https://x.org/", "/venue/", "mailto:a@b.org", "javascript-guide.html", "#data:x", "my data: x"] {
            assert_eq!(code_scheme(url), None, "{url:?}");
        }
    }

    #[test]
    fn finds_code_links_in_markdown_and_html() {
        let md = "Intro.\n\n[x](javascript:alert(1)) and <a href=\" jav&#x61;script:y\">z</a>\n\n<img\nsrc=\"data:image/svg+xml,1\">";
        assert!(may_hold_code_link(md));
        let found: Vec<_> =
            markdown_code_links(md).into_iter().map(|f| (md[..f.offset].matches('\n').count() + f.line, f.scheme)).collect();
        assert_eq!(found, [(2, "javascript"), (2, "javascript"), (5, "data")]);
        let html = "<p>a</p>\n<p><a HREF='JAVASCRIPT&colon;x'>b</a></p>";
        assert_eq!(html_code_links(html), [Found { offset: 0, line: 1, attribute: Some("href"), scheme: "javascript" }]);
        assert_eq!(column_of("<p><a HREF='x'>", "href"), Some(7));
        assert!(!may_hold_code_link("Big data at scale: see https://x.org/ and R & D"));
        assert!(markdown_code_links("Bring your data: laptops.").is_empty());
    }
}
