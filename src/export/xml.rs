//! A small XML writer: indented elements, escaped text and attributes, nothing else.
//!
//! Characters XML 1.0 cannot carry at all (control characters other than tab, newline and
//! carriage return, U+FFFE and U+FFFF) are dropped; everything else is escaped so that any
//! string from the content comes back out of an XML parser unchanged.

/// Builds one XML document in memory.
pub struct Writer {
    out: String,
    open: Vec<&'static str>,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

impl Writer {
    /// A document with the XML declaration written.
    pub fn new() -> Writer {
        Writer::with_capacity(0)
    }

    /// [`Writer::new`], with room for a document of about `bytes` bytes.
    pub fn with_capacity(bytes: usize) -> Writer {
        let mut out = String::with_capacity(bytes.max(DECLARATION.len()));
        out.push_str(DECLARATION);
        Writer { out, open: Vec::new() }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            push_escaped::<true>(&mut self.out, v);
            self.out.push('"');
        }
    }

    /// Opens `<name attrs…>`; its children follow until [`Writer::close`].
    pub fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.open.push(name);
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        let name = self.open.pop().expect("close without open");
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs…>text</name>` on one line (`<name attrs…/>` when `text` is empty).
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        if text.is_empty() {
            self.out.push_str("/>\n");
        } else {
            self.out.push('>');
            push_escaped::<false>(&mut self.out, text);
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
    }

    /// How many bytes are built up.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether nothing is built up (after [`Writer::take`]).
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// What is built up so far, for a document written out in parts; the writer goes on from
    /// where it is.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// The finished document. Panics if an element is still open (a bug in the caller).
    pub fn finish(self) -> String {
        assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out
    }
}

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Appends `s` escaped as character data, or as a double-quoted attribute value with `ATTR`.
/// Runs of ordinary characters are copied as they are.
fn push_escaped<const ATTR: bool>(out: &mut String, s: &str) {
    // Candidates: markup characters, controls, and the first byte of U+FFFE and U+FFFF (0xEF,
    // also the first byte of other characters, which stay).
    let markup: &[u8] = if ATTR { b"&<>\xEF\"" } else { b"&<>\xEF" };
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut from = 0;
    loop {
        let i = crate::markup::escape::find_byte(bytes, from, b' ', markup);
        // A candidate always starts a character (it is ASCII, or 0xEF: a lead byte).
        let Some(c) = s[i..].chars().next() else { break };
        from = i + c.len_utf8();
        let escaped = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if ATTR => "&quot;",
            '\t' if ATTR => "&#9;",
            '\n' if ATTR => "&#10;",
            '\r' => "&#13;",
            c if allowed(c) => continue,
            _ => "",
        };
        out.push_str(&s[start..i]);
        out.push_str(escaped);
        start = from;
    }
    out.push_str(&s[start..]);
}

/// Escapes character data (`&`, `<`, `>`; `\r` as a reference so it survives parsing).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped::<false>(&mut out, s);
    out
}

/// Escapes an attribute value in double quotes (whitespace other than spaces as references,
/// since parsers normalise it).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped::<true>(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_and_escaped() {
        let mut w = Writer::new();
        w.open("a", &[("x", "1 \"&\" 2\n")]);
        w.leaf("b", &[], "x < y & z\u{1}");
        w.leaf("c", &[("k", "v")], "");
        w.close();
        assert_eq!(
            w.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1 &quot;&amp;&quot; 2&#10;\">\n  <b>x &lt; y &amp; z</b>\n  <c k=\"v\"/>\n</a>\n"
        );
    }

    /// The former character-by-character implementations.
    fn escape_before(s: &str, attr: bool) -> String {
        let mut out = String::new();
        for c in s.chars().filter(|&c| allowed(c)) {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if attr => out.push_str("&quot;"),
                '\t' if attr => out.push_str("&#9;"),
                '\n' if attr => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escapes_as_before() {
        let mut cases: Vec<String> = (0..0x80u8).map(|b| format!("ab{}cdefghij", b as char)).collect();
        cases.extend(
            ["", "plain text of some length, long enough for chunks", "a\u{FFFE}b\u{FFFF}c\u{EFFF}d\u{F000}", "\u{FFFF}", "x\r\ny\tz\"q'"]
                .map(String::from),
        );
        cases.push("Zoë & 陳美玲 <b>\"x\"</b>\n".repeat(9));
        for c in cases {
            assert_eq!(escape_text(&c), escape_before(&c, false), "{c:?}");
            assert_eq!(escape_attr(&c), escape_before(&c, true), "{c:?}");
        }
    }

    #[test]
    fn a_document_taken_in_parts_is_the_same_document() {
        let write = |take: bool| {
            let mut w = Writer::new();
            let mut parts = String::new();
            w.open("a", &[("x", "1")]);
            for i in 0..3 {
                if take {
                    parts.push_str(&w.take());
                    assert!(w.is_empty());
                }
                w.open("b", &[]);
                w.leaf("c", &[("n", &i.to_string())], "<&>");
                w.close();
            }
            w.close();
            parts + &w.finish()
        };
        assert_eq!(write(true), write(false));
    }

    #[test]
    #[should_panic(expected = "unclosed")]
    fn refuses_unclosed() {
        let mut w = Writer::new();
        w.open("a", &[]);
        w.finish();
    }
}
