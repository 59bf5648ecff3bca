//! Sanitising HTML that speakers, sponsors or a CFP tool wrote, by ammonia's allow-list: what
//! is not on the list is dropped, so no script, event handler, style, frame, form or SVG reaches
//! a page, and links and images keep only the schemes of [`SCHEMES`].
//!
//! ammonia parses the HTML as a browser does (html5ever) and writes the tree out again, so what
//! it returns is well-formed: every attribute double-quoted, every `<`, `&` and `"` in text and
//! values escaped. [`rebase`] relies on that.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::Builder;

/// The URL schemes links and images may have; relative URLs (site paths, `#anchors`) pass.
pub const SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp"];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.url_schemes(SCHEMES.iter().copied().collect::<HashSet<_>>());
    b
});

/// `html` with everything that is not on the allow-list removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Whether `url` keeps its scheme through [`clean`] (a relative URL has none).
pub fn allowed_url(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else { return true };
    // `a/b:c` and `#x:y` are relative: a scheme comes before any `/`, `?` or `#`.
    if scheme.contains(['/', '?', '#']) {
        return true;
    }
    SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// `clean_html` (the output of [`clean`]) with its links and images to site paths (`/venue/`)
/// under `base` (`/conf/2026/`, or a full base URL). ammonia writes every attribute as
/// `name="value"`, so a scan that knows whether it is inside a tag and inside quotes finds each
/// `href` and `src` value exactly.
pub fn rebase(clean_html: &str, base: &str) -> String {
    if base == "/" {
        return clean_html.to_string();
    }
    let mut out = String::with_capacity(clean_html.len() + 64);
    let mut copied = 0;
    for at in site_path_values(clean_html) {
        let end = at + clean_html[at..].find('"').unwrap_or(clean_html.len() - at);
        out.push_str(&clean_html[copied..at]);
        out.push_str(&super::paths::join(base, &clean_html[at..end]));
        copied = end;
    }
    out.push_str(&clean_html[copied..]);
    out
}

/// The offsets of the `href` and `src` values in `html` that are site paths (`/x`, not `//x`).
fn site_path_values(html: &str) -> Vec<usize> {
    let bytes = html.as_bytes();
    let (mut in_tag, mut in_value) = (false, false);
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' if !in_tag => in_tag = true,
            b'>' if in_tag && !in_value => in_tag = false,
            b'"' if in_tag => {
                in_value = !in_value;
                let named = html[..i].ends_with(" href=") || html[..i].ends_with(" src=");
                if in_value && named && bytes.get(i + 1) == Some(&b'/') && bytes.get(i + 2) != Some(&b'/') {
                    found.push(i + 1);
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_allow_list_and_drops_the_rest() {
        let dirty = r#"<p onclick="x()">Hi <a href="javascript:alert(1)">a</a> <img src=x onerror=alert(1)><script>alert(1)</script><b style="color:red">b</b></p>"#;
        let out = clean(dirty);
        assert!(!out.contains("script") && !out.contains("onerror") && !out.contains("onclick") && !out.contains("style"), "{out}");
        assert!(out.contains("<b>b</b>") && out.contains("<p>Hi "), "{out}");
        assert!(allowed_url("/venue/") && allowed_url("https://x.org/") && allowed_url("a/b:c") && !allowed_url("javascript:x"));
    }

    #[test]
    fn rebases_site_paths_only() {
        let html = clean(r#"<p><a href="/venue/">v</a> <a href="https://x.org/">x</a> <img src="/img/a.png"> href="/not"</p>"#);
        let out = rebase(&html, "/conf/");
        assert!(out.contains(r#"href="/conf/venue/""#) && out.contains(r#"src="/conf/img/a.png""#), "{out}");
        assert!(out.contains(r#"href="https://x.org/""#) && out.contains(r#"> href="/not"</p>"#), "{out}");
        assert_eq!(rebase(&html, "/"), html);
    }
}
