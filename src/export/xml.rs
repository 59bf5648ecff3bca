//! A small XML writer: indented elements, escaped text and attributes, nothing else.
//!
//! Characters XML 1.0 cannot carry at all (control characters other than tab, newline and
//! carriage return, U+FFFE and U+FFFF) are dropped; everything else is escaped so that any
//! string from the content comes back out of an XML parser unchanged.

/// Builds one XML document in memory.
pub struct Writer {
    out: String,
    open: Vec<String>,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    /// A document with the XML declaration written.
    pub fn new() -> Writer {
        Writer { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), open: Vec::new() }
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
            self.out.push_str(&escape_attr(v));
            self.out.push('"');
        }
    }

    /// Opens `<name attrs…>`; its children follow until [`Writer::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.open.push(name.to_string());
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        let name = self.open.pop().expect("close without open");
        self.indent();
        self.out.push_str("</");
        self.out.push_str(&name);
        self.out.push_str(">\n");
    }

    /// `<name attrs…>text</name>` on one line (`<name attrs…/>` when `text` is empty).
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        if text.is_empty() {
            self.out.push_str("/>\n");
        } else {
            self.out.push('>');
            self.out.push_str(&escape_text(text));
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
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

/// Escapes character data (`&`, `<`, `>`; `\r` as a reference so it survives parsing).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value in double quotes (whitespace other than spaces as references,
/// since parsers normalise it).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
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

    #[test]
    #[should_panic(expected = "unclosed")]
    fn refuses_unclosed() {
        let mut w = Writer::new();
        w.open("a", &[]);
        w.finish();
    }
}
