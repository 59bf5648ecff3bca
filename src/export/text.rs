//! Markdown to plain text, for the formats that carry no markup (iCalendar, frab abstracts).
//!
//! Blocks are separated by one blank line, list items start with `- `, links keep their text and
//! add the target in parentheses when it differs (site paths made absolute); raw HTML is dropped.
//!
//! A build needs each abstract's text several times (the session page's JSON-LD, the calendars,
//! the schedule files): [`plain_shared`] converts each once.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// [`plain`], worked out once per build for the same Markdown and base URL: a session's abstract
/// is needed by its page (the JSON-LD description), the calendars and the schedule files.
///
/// The texts are kept in a process-wide cache keyed by the Markdown itself (a changed abstract
/// is simply another entry), so the result is always that of [`plain`]; [`forget_unused`]
/// drops what a build did not ask for.
pub fn plain_shared(md: &str, base_url: &str) -> Arc<str> {
    let hash = key_hash(md, base_url);
    if let Some(text) = cache().lookup(hash, md, base_url) {
        return text;
    }
    let text: Arc<str> = plain(md, base_url).into();
    let entry = Entry { md: md.into(), base_url: base_url.into(), text: text.clone(), used: 0 };
    cache().insert(hash, entry);
    text
}

/// Drops the texts that nobody asked for since the previous call. The exports call it at the
/// end of every build, so the cache holds about one build's abstracts (the server rebuilds
/// many times).
pub fn forget_unused() {
    let mut cache = cache();
    let generation = cache.generation;
    cache.entries.retain(|_, bucket| {
        bucket.retain(|e| e.used == generation);
        !bucket.is_empty()
    });
    cache.generation += 1;
}

struct Cache {
    /// By [`key_hash`]; entries with the same hash share a bucket.
    entries: BTreeMap<u64, Vec<Entry>>,
    /// Counts [`forget_unused`] calls.
    generation: u64,
}

struct Entry {
    md: Box<str>,
    base_url: Box<str>,
    text: Arc<str>,
    /// The generation that last asked for it.
    used: u64,
}

impl Cache {
    fn lookup(&mut self, hash: u64, md: &str, base_url: &str) -> Option<Arc<str>> {
        let generation = self.generation;
        let e = self.entries.get_mut(&hash)?.iter_mut().find(|e| *e.md == *md && *e.base_url == *base_url)?;
        e.used = generation;
        Some(e.text.clone())
    }

    /// Adds `entry` unless another thread added the same meanwhile.
    fn insert(&mut self, hash: u64, mut entry: Entry) {
        entry.used = self.generation;
        let bucket = self.entries.entry(hash).or_default();
        if !bucket.iter().any(|e| e.md == entry.md && e.base_url == entry.base_url) {
            bucket.push(entry);
        }
    }
}

fn cache() -> std::sync::MutexGuard<'static, Cache> {
    static CACHE: Mutex<Cache> = Mutex::new(Cache { entries: BTreeMap::new(), generation: 0 });
    // A panic elsewhere while holding the lock leaves the cache consistent (each step is whole).
    CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A fast, non-cryptographic hash of the key (collisions only share a bucket).
fn key_hash(md: &str, base_url: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    for part in [base_url.as_bytes(), md.as_bytes()] {
        let mut words = part.chunks_exact(8);
        for w in &mut words {
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w.try_into().expect("8 bytes"))).wrapping_mul(K);
        }
        for &b in words.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        h = (h.rotate_left(5) ^ 0xff).wrapping_mul(K);
    }
    h
}

/// The plain text of a Markdown body, trimmed; `""` for an empty body. Links to site paths
/// (`/venue/`) are shown under `base_url` (`https://example.org/conf/2026/venue/`).
pub fn plain(md: &str, base_url: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut list_depth = 0usize;
    for event in Parser::new(md) {
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
    fn shared_texts_are_the_same_and_forgotten_when_unused() {
        let md = "A *unique* abstract for the cache test, [venue](/venue/).";
        let first = plain_shared(md, "https://a.org/");
        assert_eq!(*first, plain(md, "https://a.org/"));
        assert_eq!(first, plain_shared(md, "https://a.org/"));
        assert_eq!(*plain_shared(md, "https://b.org/"), plain(md, "https://b.org/"));
        let held = |md: &str| cache().entries.values().flatten().any(|e| *e.md == *md);
        // Other tests may call forget_unused concurrently: an entry survives one call after
        // its last use and is gone after two.
        forget_unused();
        forget_unused();
        assert!(!held(md));
    }

    #[test]
    fn empty_and_bare_links() {
        assert_eq!(plain("", "/"), "");
        assert_eq!(plain("  \n\n", "/"), "");
        assert_eq!(plain("<https://x.org/>", "/"), "https://x.org/");
    }
}
