//! Ready HTML that goes into a page as the page is written, not through its template's context.
//!
//! The agenda lists every session's slot; my schedule and the track and room pages list session
//! cards: HTML rendered once per session ([`super::fragments`]). A big programme's agenda is tens
//! of megabytes. Joined into one template value, that HTML was in memory three times over (the
//! joined text, the template engine's copy of it, the page), and memory that a build touches for
//! the first time is slow to come by (docs/benchmarks.md). So the page's data holds a short
//! placeholder instead, and [`Page::write`] puts the fragments in its place, straight from where
//! they are kept.
//!
//! Placeholders carry a number drawn when the process starts, so no content can spell one.

use std::hash::Hasher;
use std::io::{self, Write};
use std::sync::LazyLock;

use super::fingerprint::hash_str;
use super::{OutFile, Sink, placements};
use crate::diag::Diagnostic;

/// What every placeholder of this process starts with: `\0splice-<random>-`. The list's index
/// (8 hexadecimal digits) and a closing `\0` follow.
static PREFIX: LazyLock<String> = LazyLock::new(|| {
    use std::hash::BuildHasher;
    let nonce = std::collections::hash_map::RandomState::new().hash_one(0u8);
    format!("\0splice-{nonce:016x}-")
});

/// The length of the index and the closing `\0`.
const INDEX_LEN: usize = 9;

/// Lists of HTML fragments that one page shows, each where its placeholder is.
#[derive(Default)]
pub struct Splices<'f> {
    lists: Vec<Vec<&'f str>>,
}

impl<'f> Splices<'f> {
    /// The placeholder for `parts` (a safe string, for the template data): the page shows them
    /// there, one per line.
    pub fn add(&mut self, parts: Vec<&'f str>) -> tera::Value {
        let placeholder = format!("{}{:08x}\0", *PREFIX, self.lists.len());
        self.lists.push(parts);
        tera::Value::safe_string(&placeholder)
    }

    /// Feeds the fragments into a fingerprint (the placeholders do not say what they stand for).
    pub fn feed(&self, h: &mut impl Hasher) {
        for list in &self.lists {
            h.write_usize(list.len());
            list.iter().for_each(|part| hash_str(h, part));
        }
    }
}

/// A rendered page: its HTML, with placeholders for the fragments in `splices`.
pub struct Page<'f> {
    pub html: Vec<u8>,
    pub splices: Splices<'f>,
}

impl Page<'_> {
    /// Writes the page, each placeholder replaced by its fragments.
    pub fn write<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        let mut from = 0;
        for (at, parts) in self.placeholders() {
            out.write_all(&self.html[from..at])?;
            for part in parts {
                out.write_all(part.as_bytes())?;
                out.write_all(b"\n")?;
            }
            from = at + PREFIX.len() + INDEX_LEN;
        }
        out.write_all(&self.html[from..])
    }

    /// The whole page in one buffer (what the server keeps).
    pub fn into_bytes(self) -> Vec<u8> {
        if self.splices.lists.is_empty() {
            return self.html;
        }
        let spliced: usize = self.placeholders().flat_map(|(_, parts)| parts).map(|p| p.len() + 1).sum();
        let mut out = Vec::with_capacity(self.html.len() + spliced);
        self.write(&mut out).expect("writing to memory cannot fail");
        out
    }

    /// Hands the page to `sink` as `path`: its HTML as it is, or written with the fragments put
    /// in as they are written.
    pub fn put(self, path: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        if self.has_splices() {
            sink.put_streamed(path, &mut |file| self.write(file))
        } else {
            sink.put(OutFile { path: path.to_string(), bytes: self.html })
        }
    }

    /// Whether the page is more than its HTML.
    pub fn has_splices(&self) -> bool {
        !self.splices.lists.is_empty()
    }

    /// The (sponsor, placement) pairs the page shows, sorted and unique ([`placements::scan`]
    /// of the page as written).
    pub fn shown(&self) -> Vec<(&str, &str)> {
        let mut pairs = placements::scan(&self.html);
        if self.has_splices() {
            // A fragment is whole elements, so scanning each alone finds what the page shows.
            let parts = self.placeholders().flat_map(|(_, parts)| parts);
            pairs.extend(parts.flat_map(|part| placements::scan(part.as_bytes())));
            pairs.sort_unstable();
            pairs.dedup();
        }
        pairs
    }

    /// Each placeholder in the HTML, in order: where it starts and the fragments it stands for.
    /// (A template may show a list twice, or not at all.)
    fn placeholders(&self) -> impl Iterator<Item = (usize, &[&str])> {
        let html = &self.html;
        let prefix = if self.has_splices() { PREFIX.as_bytes() } else { &[] };
        let found = if prefix.is_empty() { None } else { Some(memchr::memmem::find_iter(html, prefix)) };
        found.into_iter().flatten().filter_map(move |at| {
            let index = html.get(at + prefix.len()..at + prefix.len() + INDEX_LEN)?;
            let (digits, end) = index.split_at(INDEX_LEN - 1);
            if end != b"\0" {
                return None;
            }
            let i = usize::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
            Some((at, self.splices.lists.get(i)?.as_slice()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'f>(template: impl Fn(&[String]) -> String, lists: Vec<Vec<&'f str>>) -> Page<'f> {
        let mut splices = Splices::default();
        let holders: Vec<String> = lists.into_iter().map(|l| splices.add(l).as_str().unwrap().to_string()).collect();
        Page { html: template(&holders).into_bytes(), splices }
    }

    #[test]
    fn puts_each_list_where_its_placeholder_is() {
        let p = page(|h| format!("<main>{}<hr>{}{}</main>", h[1], h[0], h[1]), vec![vec!["<a>", "<b>"], vec!["<c>"]]);
        let mut written = Vec::new();
        p.write(&mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), "<main><c>\n<hr><a>\n<b>\n<c>\n</main>");
        assert_eq!(String::from_utf8(p.into_bytes()).unwrap(), "<main><c>\n<hr><a>\n<b>\n<c>\n</main>");
    }

    #[test]
    fn a_page_without_lists_is_its_html() {
        let p = page(|_| "<p>\0splice-0-00000000\0</p>".into(), vec![]);
        assert_eq!(p.into_bytes(), b"<p>\0splice-0-00000000\0</p>");
    }

    #[test]
    fn text_that_only_looks_like_a_placeholder_stays() {
        // The prefix with an index that names no list, or without its closing `\0`.
        let other = format!("{}99999999\0", *PREFIX);
        let p = page(|h| format!("{}|{other}|{}", h[0], &h[0][..h[0].len() - 1]), vec![vec!["x"]]);
        let cut = format!("{}00000000", *PREFIX);
        assert_eq!(String::from_utf8(p.into_bytes()).unwrap(), format!("x\n|{other}|{cut}"));
    }

    #[test]
    fn shown_covers_the_fragments_the_page_shows() {
        let logo = r#"<a href="x" data-sponsor="acme" data-placement="session-sponsor">"#;
        let footer = r#"<a href="y" data-sponsor="zed" data-placement="footer">"#;
        let p = page(|h| format!("{footer}{}", h[0]), vec![vec![logo, logo], vec![r#"<a data-sponsor="hidden" data-placement="x">"#]]);
        assert_eq!(p.shown(), vec![("acme", "session-sponsor"), ("zed", "footer")]);
    }
}
