//! Escaping text for the formats pages and exports write: HTML ([`escape_html`]), JSON for a
//! script element ([`script_json`]) and, through [`ascii_parts`] and [`find_byte`], XML and
//! JSON strings. Most text is ordinary characters, so each scans for the few bytes it must
//! replace and copies the runs between.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

/// Escapes text for HTML content and quoted attribute values. NUL, which HTML never allows (a
/// parser reads it as U+FFFD), is written as U+FFFD, so that no page has NUL bytes except the
/// placeholders of ready HTML, and those are checked (`render::splice`).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    escaped_html_parts(input).for_each(|part| out.push_str(part));
    out
}

/// [`escape_html`] of `input` in parts: runs of text, which most text is one of, and entities
/// for the five special characters. Templates write the parts straight into the page.
pub fn escaped_html_parts(input: &str) -> impl Iterator<Item = &str> {
    ascii_parts(input, b"&<>\"'\0", |b| match b {
        b'\0' => "\u{FFFD}",
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#x27;",
    })
}

/// `value` as compact JSON for the text of a `<script>` element, with each byte of `set` (some of
/// `<`, `>` and `&`) written as its `\u00XX` escape: the same JSON, but `</script>` and `<!--`
/// cannot appear in the text. The escaping is done as strings are written ([`ScriptText`]),
/// since these bytes appear nowhere else in JSON.
pub fn script_json(value: &impl Serialize, set: &'static [u8]) -> String {
    debug_assert!(set.iter().all(|b| b"<>&".contains(b)), "{set:?}");
    let mut out = Vec::with_capacity(4096);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, ScriptText { set })).expect("JSON serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's compact layout, with the bytes of `set` in strings escaped.
struct ScriptText {
    set: &'static [u8],
}

impl Formatter for ScriptText {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        // The scan looks for all three bytes (a constant set, which `find_byte` unrolls); those
        // outside `set` are passed over. It also stops at NUL, which serde_json never leaves
        // in a fragment.
        let bytes = fragment.as_bytes();
        let mut from = 0;
        let mut at = find_byte(bytes, 0, 1, b"<>&");
        while let Some(&b) = bytes.get(at) {
            if self.set.contains(&b) {
                w.write_all(&bytes[from..at])?;
                w.write_all(match b {
                    b'<' => b"\\u003c",
                    b'>' => b"\\u003e",
                    _ => b"\\u0026",
                })?;
                from = at + 1;
            }
            at = find_byte(bytes, at + 1, 1, b"<>&");
        }
        w.write_all(&bytes[from..])
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

/// `text` with each byte of `set` (ASCII) replaced by `replace(byte)`, in parts for writing them
/// straight out: the runs between the bytes of `set`, found with [`find_byte`], and each such
/// byte's replacement. For escaping HTML and script text, where most text has nothing to
/// replace.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(escape_html(r#"a & b < c > d "e" 'f' ünï"#), "a &amp; b &lt; c &gt; d &quot;e&quot; &#x27;f&#x27; ünï");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("a\0b'"), "a\u{FFFD}b&#x27;");
        let long = "x".repeat(40) + "<" + &"y".repeat(40);
        assert_eq!(escape_html(&long), "x".repeat(40) + "&lt;" + &"y".repeat(40));
    }

    #[test]
    fn script_json_escapes_only_its_set_and_only_in_strings() {
        let v = serde_json::json!({"a<b": ["</script>", "<!-- & -->", 1.5, null], "k": "x > y & z"});
        assert_eq!(
            script_json(&v, b"<>&"),
            r#"{"a\u003cb":["\u003c/script\u003e","\u003c!-- \u0026 --\u003e",1.5,null],"k":"x \u003e y \u0026 z"}"#
        );
        assert_eq!(script_json(&v, b"<"), r#"{"a\u003cb":["\u003c/script>","\u003c!-- & -->",1.5,null],"k":"x > y & z"}"#);
        let awkward = "\"quoted\" \\ \u{1}\n Zoë 陳 🦀 <".repeat(5);
        let back: String = serde_json::from_str(&script_json(&awkward, b"<>&")).unwrap();
        assert_eq!(back, awkward);
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
