//! Ready HTML that goes into a page as the page is written, not through its template's context.
//!
//! Most of a page is HTML rendered once and shown on many pages: the layout's head, header and
//! footer and the sponsor blocks ([`Snippet`]s, the same on every page), and the session slots
//! and cards that the agenda, my schedule and the track and room pages list
//! ([`super::fragments`]; a big programme's agenda is tens of megabytes). Printed through the
//! template, each was copied into every page's buffer and scanned again for the sponsors it
//! shows. Instead the page's data holds short placeholders, and [`Page::put`] hands the page to
//! the output in pieces: the template's HTML between the placeholders and, in their places, the
//! HTML they stand for, straight from where it is kept. What a snippet shows of the sponsors is
//! scanned once.
//!
//! Placeholders carry a number drawn when the process starts, so no content can spell one.

use std::hash::Hasher;
use std::io::IoSlice;
use std::sync::{Arc, LazyLock};

use super::fingerprint::hash_str;
use super::{placements, urls};
use crate::diag::Diagnostic;
use crate::sink::{OutFile, Sink};

/// What every placeholder of this process starts with: `\0splice-<random>-`. The piece's index
/// (8 hexadecimal digits) and a closing `\0` follow.
static PREFIX: LazyLock<String> = LazyLock::new(|| {
    use std::hash::BuildHasher;
    let nonce = std::collections::hash_map::RandomState::new().hash_one(0u8);
    format!("\0splice-{nonce:016x}-")
});

/// How much of [`PREFIX`] identifies what is left of a placeholder: `\0splice-` and four of
/// the number's digits.
const SEEN_PREFIX: usize = 12;

/// The length of the index and the closing `\0`.
const INDEX_LEN: usize = 9;

/// HTML rendered once and put into many pages, with the (sponsor, placement) pairs it shows.
#[derive(Debug)]
pub struct Snippet {
    html: String,
    shown: Vec<(String, String)>,
}

impl Snippet {
    pub fn new(html: String) -> Snippet {
        let shown = placements::scan(html.as_bytes()).into_iter().map(|(s, p)| (s.to_string(), p.to_string())).collect();
        Snippet { html, shown }
    }

    pub fn html(&self) -> &str {
        &self.html
    }
}

/// What a placeholder stands for.
enum Piece<'f> {
    /// Fragments, one per line.
    Lines(Vec<&'f str>),
    Snippet(Arc<Snippet>),
}

/// The HTML that one page's placeholders stand for.
#[derive(Default)]
pub struct Splices<'f> {
    pieces: Vec<Piece<'f>>,
}

impl<'f> Splices<'f> {
    /// The placeholder for `parts` (a safe string, for the template data): the page shows them
    /// there, one per line.
    pub fn lines(&mut self, parts: Vec<&'f str>) -> tera::Value {
        self.add(Piece::Lines(parts))
    }

    /// The placeholder for `snippet`.
    pub fn snippet(&mut self, snippet: &Arc<Snippet>) -> tera::Value {
        self.add(Piece::Snippet(Arc::clone(snippet)))
    }

    fn add(&mut self, piece: Piece<'f>) -> tera::Value {
        let placeholder = format!("{}{:08x}\0", *PREFIX, self.pieces.len());
        self.pieces.push(piece);
        tera::Value::safe_string(&placeholder)
    }

    /// Feeds the fragments into a fingerprint (the placeholders do not say what they stand
    /// for). Snippets are left out: they follow from the site-wide context.
    pub fn feed(&self, h: &mut impl Hasher) {
        for piece in &self.pieces {
            if let Piece::Lines(list) = piece {
                h.write_usize(list.len());
                list.iter().for_each(|part| hash_str(h, part));
            }
        }
    }
}

/// A rendered page: its HTML, with placeholders for the fragments in `splices`.
pub struct Page<'f> {
    pub html: Vec<u8>,
    pub splices: Splices<'f>,
    /// In relative mode, the way from this page to the site root (`../../`), which replaces
    /// every [`urls::ROOT`] in the page as it is written; `None` in the default mode.
    pub way_to_root: Option<String>,
}

impl Page<'_> {
    /// The page in pieces, in order, with the root token resolved in relative mode.
    fn pieces(&self) -> Vec<&[u8]> {
        let pieces = self.raw_pieces();
        match &self.way_to_root {
            Some(way) => urls::resolve(pieces, way.as_bytes()),
            None => pieces,
        }
    }

    /// The page in pieces, in order: the HTML between the placeholders and what each stands for.
    fn raw_pieces(&self) -> Vec<&[u8]> {
        let mut out = Vec::new();
        let mut from = 0;
        for (at, piece) in self.placeholders() {
            out.push(&self.html[from..at]);
            match piece {
                Piece::Lines(parts) => parts.iter().for_each(|part| out.extend([part.as_bytes(), b"\n"])),
                Piece::Snippet(snippet) => out.push(snippet.html.as_bytes()),
            }
            from = at + PREFIX.len() + INDEX_LEN;
        }
        out.push(&self.html[from..]);
        out
    }

    /// Hands the page to `sink` as `path`, in pieces.
    pub fn put(self, path: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        if self.splices.pieces.is_empty() && self.way_to_root.is_none() {
            return sink.put(OutFile { path: path.to_string(), bytes: self.html });
        }
        let mut slices: Vec<IoSlice> = self.pieces().into_iter().filter(|p| !p.is_empty()).map(IoSlice::new).collect();
        sink.put_slices(path, &mut slices)
    }

    /// The whole page in one buffer (what the server keeps).
    pub fn into_bytes(self) -> Vec<u8> {
        if self.splices.pieces.is_empty() && self.way_to_root.is_none() {
            return self.html;
        }
        self.pieces().concat()
    }

    /// The (sponsor, placement) pairs the page shows, sorted and unique ([`placements::scan`]
    /// of the page as written).
    pub fn shown(&self) -> Vec<(&str, &str)> {
        let mut pairs = placements::scan(&self.html);
        if self.splices.pieces.is_empty() {
            return pairs;
        }
        for (_, piece) in self.placeholders() {
            match piece {
                // A fragment is whole elements, so scanning each alone finds what the page shows.
                Piece::Lines(parts) => pairs.extend(parts.iter().flat_map(|part| placements::scan(part.as_bytes()))),
                Piece::Snippet(snippet) => pairs.extend(snippet.shown.iter().map(|(s, p)| (s.as_str(), p.as_str()))),
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Checks that the template printed every placeholder whole. Placeholders are safe strings
    /// to the template, so a filter can change one (`| truncate`, `| upper`), which would leave
    /// part of it in the page; that is an error, not a broken page. What is left of a changed
    /// placeholder is a NUL byte (pages have none but the placeholders': HTML escaping writes
    /// NUL as U+FFFD) or, escaped, the rest of its prefix: `splice-` and the first digits of
    /// this process's number, which content spells by chance once in 65,536 tries at most.
    pub fn check_placeholders(&self) -> Result<(), String> {
        let whole = self.placeholders().count();
        let nuls = memchr::memchr_iter(0, &self.html).count();
        let prefixes = memchr::memmem::find_iter(&self.html, &PREFIX.as_bytes()[1..SEEN_PREFIX]).count();
        if nuls == 2 * whole && prefixes == whole {
            return Ok(());
        }
        Err("the template changed a piece of ready HTML (the layout's parts, the sponsor blocks, session \
             cards or agenda slots) with a filter, or printed part of it; print those values as they are"
            .to_string())
    }

    /// Each placeholder in the HTML, in order: where it starts and what it stands for. (A
    /// template may show a piece twice, or not at all.)
    fn placeholders(&self) -> impl Iterator<Item = (usize, &Piece<'_>)> {
        let html = &self.html;
        // A page without pieces has no placeholders to look for.
        let found = (!self.splices.pieces.is_empty()).then(|| memchr::memmem::find_iter(html, PREFIX.as_bytes()));
        found.into_iter().flatten().filter_map(move |at| {
            let index = html.get(at + PREFIX.len()..at + PREFIX.len() + INDEX_LEN)?;
            let (digits, end) = index.split_at(INDEX_LEN - 1);
            if end != b"\0" {
                return None;
            }
            let i = usize::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
            Some((at, self.splices.pieces.get(i)?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'f>(template: impl Fn(&[String]) -> String, lists: Vec<Vec<&'f str>>) -> Page<'f> {
        let mut splices = Splices::default();
        let holders: Vec<String> = lists.into_iter().map(|l| splices.lines(l).as_str().unwrap().to_string()).collect();
        Page { html: template(&holders).into_bytes(), splices, way_to_root: None }
    }

    #[test]
    fn puts_each_list_where_its_placeholder_is() {
        let p = page(|h| format!("<main>{}<hr>{}{}</main>", h[1], h[0], h[1]), vec![vec!["<a>", "<b>"], vec!["<c>"]]);
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
    fn snippets_go_in_whole_and_show_what_they_were_scanned_for() {
        let footer = Arc::new(Snippet::new(r#"<a href="y" data-sponsor="zed" data-placement="footer">Zed</a>"#.into()));
        let mut splices = Splices::default();
        let holder = splices.snippet(&footer);
        let holder = holder.as_str().unwrap();
        let p = Page { html: format!("<main></main>{holder}|{holder}").into_bytes(), splices, way_to_root: None };
        assert_eq!(p.shown(), vec![("zed", "footer")]);
        let html = footer.html();
        assert_eq!(String::from_utf8(p.into_bytes()).unwrap(), format!("<main></main>{html}|{html}"));
    }

    #[test]
    fn shown_covers_the_fragments_the_page_shows() {
        let logo = r#"<a href="x" data-sponsor="acme" data-placement="session-sponsor">"#;
        let footer = r#"<a href="y" data-sponsor="zed" data-placement="footer">"#;
        let p = page(|h| format!("{footer}{}", h[0]), vec![vec![logo, logo], vec![r#"<a data-sponsor="hidden" data-placement="x">"#]]);
        assert_eq!(p.shown(), vec![("acme", "session-sponsor"), ("zed", "footer")]);
    }

    #[test]
    fn the_build_writes_the_page_in_pieces_as_it_is_joined() {
        let p = page(|h| format!("<ul>{}</ul><ol>{}</ol>", h[0], h[1]), vec![vec!["<li>a</li>", "<li>b</li>"], vec![]]);
        let sink = crate::sink::Collect::default();
        let joined = p.pieces().concat();
        p.put("x/index.html", &sink).unwrap();
        let files = sink.into_files();
        assert_eq!(files[0].bytes, joined);
        assert_eq!(String::from_utf8(joined).unwrap(), "<ul><li>a</li>\n<li>b</li>\n</ul><ol></ol>");
    }
}
