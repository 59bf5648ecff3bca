//! Machine-readable outputs: calendars, schedule-app files, feeds, sitemap and structured data.
//! Each reads only the model.
//!
//! Every export is deterministic: the same model gives the same bytes (no clock, no hash-map
//! order, no random ids). Identifiers that apps keep (iCalendar UIDs, frab ids and GUIDs) are
//! derived from the conference acronym and the slugs in [`ids`], so they survive rebuilds and
//! unrelated edits. docs/exports.md describes every file.

pub mod feed;
pub mod frab;
pub mod ics;
pub mod ids;
pub mod jsonld;
pub mod sitemap;
pub mod text;
pub mod xml;

use jiff::Zoned;
use rayon::prelude::*;
use uuid::Uuid;

use crate::diag::Diagnostic;
use crate::model::Conference;
use crate::pipeline::timed;
use crate::render::Sink;

/// Writes every export file of the site into `sink`, each as soon as it is ready. `routes` are
/// the site's page routes (`sessions/x/`), for the sitemap.
pub fn write(conf: &Conference, routes: &[String], sink: &dyn Sink) -> Result<(), Diagnostic> {
    let shared = Shared::new(conf);
    // One after the other, so that their big files are not in memory together.
    timed("calendars", || ics::write(conf, &shared, sink))?;
    timed("schedule", || frab::write(conf, &shared, sink))?;
    sitemap::files(conf, routes).into_iter().chain(feed::files(conf)).try_for_each(|f| sink.put(f))
}

/// Overwrites `placeholder`, which follows the first `before` in `file`, with `value` (as long):
/// for a version that is the hash of the file it is written in.
pub(crate) fn patch_placeholder(file: &mut [u8], before: &[u8], placeholder: &str, value: &str) {
    let at = memchr::memmem::find(file, before).expect("the placeholder is written") + before.len();
    let slot = &mut file[at..at + placeholder.len()];
    assert_eq!(slot, placeholder.as_bytes(), "placeholder where the value goes");
    slot.copy_from_slice(value.as_bytes());
}

/// What several exports need of each session and speaker, worked out once per build (in
/// parallel): the iCalendar and frab files carry the same GUIDs, page URLs and plain-text
/// abstracts.
pub struct Shared {
    /// The conference's GUID namespace ([`ids::namespace`]).
    pub ns: Uuid,
    /// One per session, in `conf.sessions` order.
    pub sessions: Vec<SessionShared>,
    /// One per speaker, in `conf.speakers` order.
    pub speakers: Vec<SpeakerShared>,
}

/// A speaker's part of [`Shared`].
pub struct SpeakerShared {
    /// [`ids::guid`] of `speaker/<slug>`, hyphenated.
    pub guid: String,
    /// The absolute URL of the speaker's page.
    pub url: String,
}

/// A session's part of [`Shared`].
pub struct SessionShared {
    /// [`ids::guid`] of `session/<slug>`, hyphenated.
    pub guid: String,
    /// [`session_url`].
    pub url: String,
    /// [`text::plain`] of the abstract, converted once for all calendars and schedule files.
    pub abstract_text: String,
}

impl Shared {
    /// The values of `conf`.
    pub fn new(conf: &Conference) -> Shared {
        let ns = ids::namespace(conf);
        let sessions = (0..conf.sessions.len())
            .into_par_iter()
            .map(|i| {
                let s = &conf.sessions[i];
                SessionShared {
                    guid: ids::guid(&ns, "session", &s.slug).to_string(),
                    url: session_url(conf, i),
                    abstract_text: text::plain(&s.abstract_md, &conf.site.base_url),
                }
            })
            .collect();
        let speakers = conf
            .speakers
            .par_iter()
            .map(|sp| SpeakerShared {
                guid: ids::guid(&ns, "speaker", &sp.slug).to_string(),
                url: abs_url(conf, &format!("speakers/{}/", sp.slug)),
            })
            .collect();
        Shared { ns, sessions, speakers }
    }
}

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

/// RFC 3339 / ISO 8601 with the zone's offset: `2026-10-22T09:00:00+02:00`.
pub fn rfc3339(z: &Zoned) -> String {
    let offset = z.offset().seconds();
    if !(1000..=9999).contains(&z.year()) || offset % 60 != 0 {
        return z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    }
    // The same bytes as the strftime above, without interpreting a format on every call.
    let mut out = String::with_capacity(25);
    push_civil(&mut out, z.datetime(), false);
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.abs() / 60;
    push_digits(&mut out, minutes / 60, 2);
    out.push(':');
    push_digits(&mut out, minutes % 60, 2);
    out
}

/// `YYYY-MM-DDTHH:MM:SS`, or `YYYYMMDDTHHMMSS` when `compact`, of a time whose year has four
/// digits (as strftime's `%Y` writes it then).
pub(crate) fn push_civil(out: &mut String, dt: jiff::civil::DateTime, compact: bool) {
    let (date_sep, time_sep) = if compact { ("", "") } else { ("-", ":") };
    push_digits(out, i32::from(dt.year()), 4);
    out.push_str(date_sep);
    push_digits(out, i32::from(dt.month()), 2);
    out.push_str(date_sep);
    push_digits(out, i32::from(dt.day()), 2);
    out.push('T');
    push_digits(out, i32::from(dt.hour()), 2);
    out.push_str(time_sep);
    push_digits(out, i32::from(dt.minute()), 2);
    out.push_str(time_sep);
    push_digits(out, i32::from(dt.second()), 2);
}

/// `n` (0 ≤ n < 10^width) in decimal, zero-padded to `width` digits.
pub(crate) fn push_digits(out: &mut String, n: i32, width: u32) {
    let mut div = 10i32.pow(width - 1);
    while div > 0 {
        out.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

/// The index of the first byte of `bytes[from..]` that is below `below` (1 ..= 128) or in `set`,
/// or `bytes.len()`: the scan behind the escaping of text, which is mostly ordinary characters.
/// 16 bytes at a time with SSE2 on x86-64, 8 at a time elsewhere.
#[inline(always)]
pub(crate) fn find_byte(bytes: &[u8], mut from: usize, below: u8, set: &[u8]) -> usize {
    debug_assert!((1..=128).contains(&below));
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    // SAFETY: the build targets SSE2 (part of x86-64), and each load reads the 16 in-bounds bytes
    // of `sixteen`.
    unsafe {
        use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
        let last = _mm_set1_epi8((below - 1) as i8);
        while let Some(sixteen) = bytes.get(from..from + 16) {
            let v = _mm_loadu_si128(sixteen.as_ptr().cast::<__m128i>());
            // Unsigned v <= below - 1, or v equal to a byte of `set`.
            let mut hit = _mm_cmpeq_epi8(_mm_min_epu8(v, last), v);
            for &b in set {
                hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)));
            }
            let mask = _mm_movemask_epi8(hit);
            if mask != 0 {
                return from + mask.trailing_zeros() as usize;
            }
            from += 16;
        }
    }
    while let Some(eight) = bytes.get(from..from + 8) {
        if chunk_has(u64::from_le_bytes(eight.try_into().expect("8 bytes")), below, set) {
            break;
        }
        from += 8;
    }
    bytes[from..].iter().position(|&b| b < below || set.contains(&b)).map_or(bytes.len(), |i| from + i)
}

/// `text` with each byte of `set` (ASCII) replaced by `replace(byte)`; the text between them is
/// copied in runs, found with [`find_byte`]. For escaping HTML and script text, where most text
/// has nothing to replace.
pub(crate) fn replace_ascii(text: &str, set: &[u8], replace: impl Fn(u8) -> &'static str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    ascii_parts(text, set, replace).for_each(|part| out.push_str(part));
    out
}

/// [`replace_ascii`] of `text` in parts, for writing them straight out: the runs between the
/// bytes of `set`, and each such byte's replacement.
pub(crate) fn ascii_parts<'a>(
    text: &'a str,
    set: &'a [u8],
    replace: impl Fn(u8) -> &'static str + 'a,
) -> impl Iterator<Item = &'a str> + 'a {
    debug_assert!(set.is_ascii());
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut replaced: Option<&'a str> = None;
    std::iter::from_fn(move || {
        if let Some(part) = replaced.take() {
            return Some(part);
        }
        if from > bytes.len() {
            return None;
        }
        // `find_byte` also stops at NUL (below 1), which is not replaced but kept.
        let at = find_byte(bytes, from, 1, set);
        let run = &text[from..at];
        replaced = bytes.get(at).map(|&b| if set.contains(&b) { replace(b) } else { &text[at..at + 1] });
        from = at + 1;
        Some(run)
    })
}

/// Whether any byte of `chunk` (8 bytes, little-endian) is below `below` (≤ 128) or in `set`.
/// Exact: true if and only if there is such a byte.
#[inline(always)]
fn chunk_has(chunk: u64, below: u8, set: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let less = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGHS != 0;
    less(chunk, below) || set.iter().any(|&b| less(chunk ^ (ONES * u64::from(b)), 1))
}

/// `#rgb` → `#rrggbb`; six-digit colors stay as they are (lowercased).
pub fn hex6(color: &str) -> String {
    let digits = color.trim_start_matches('#');
    if digits.len() == 3 {
        let mut out = String::from("#");
        for c in digits.chars() {
            out.push(c);
            out.push(c);
        }
        out.to_ascii_lowercase()
    } else {
        format!("#{}", digits.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_expand() {
        assert_eq!(hex6("#0E7490"), "#0e7490");
        assert_eq!(hex6("#abc"), "#aabbcc");
    }

    #[test]
    fn rfc3339_matches_strftime() {
        let zones =
            ["Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC", "Pacific/Chatham", "America/St_Johns"];
        let times = ["2026-10-22T09:05:07", "2026-03-29T01:59:59", "2026-10-25T02:30:00", "1900-01-01T00:00:00", "0999-06-01T12:00:00"];
        for zone in zones {
            let tz = jiff::tz::TimeZone::get(zone).unwrap();
            for t in times {
                let z = t.parse::<jiff::civil::DateTime>().unwrap().to_zoned(tz.clone()).unwrap();
                assert_eq!(rfc3339(&z), z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(), "{zone} {t}");
            }
        }
    }

    #[test]
    fn finds_special_bytes() {
        // Every byte value in every position of a chunk, among ordinary bytes.
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = *b"abcdefgh";
                bytes[pos] = b;
                let chunk = u64::from_le_bytes(bytes);
                assert_eq!(chunk_has(chunk, b' ', b"&<>\xEF"), b < b' ' || b"&<>\xEF".contains(&b), "{b:#x} at {pos}");
                assert_eq!(chunk_has(chunk, 1, b""), b == 0);
            }
        }
        // Every byte value at every offset of texts long enough for each way of scanning.
        let special = |b: u8| b < b' ' || b"&<\xEF".contains(&b);
        for len in [0, 1, 7, 8, 15, 16, 17, 40] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    for from in [0, at.saturating_sub(1), at] {
                        let want = (from..len).find(|&i| special(text[i])).unwrap_or(len);
                        assert_eq!(find_byte(&text, from, b' ', b"&<\xEF"), want, "{b:#x} at {at} of {len}, from {from}");
                    }
                }
            }
        }
        let text = "abc,defghijklmnop,qrstuvwxyz0123456789 ünïcödé abcdefghijklmnopqrst,".as_bytes();
        for (below, set) in [(1, &b","[..]), (1, b"\xC3"), (b'0', b""), (128, b"")] {
            for from in 0..=text.len() {
                let want = (from..text.len()).find(|&i| text[i] < below || set.contains(&text[i])).unwrap_or(text.len());
                assert_eq!(find_byte(text, from, below, set), want);
            }
        }
    }
}
