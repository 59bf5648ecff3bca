//! Site paths in both modes: under the base path (`/conf/2026/agenda/`, the default), or relative
//! to the page that shows them (`../agenda/index.html`, with `relative_urls`).
//!
//! Most of a page's links are in HTML rendered once and shown on pages at every depth of the
//! site (the layout's head, header and footer, the sponsor blocks, session and speaker cards), so
//! a relative link cannot be known when that HTML is rendered. In relative mode every site path
//! therefore starts with [`ROOT`], a token that stands for "the way from this page to the site
//! root", and the page is written with the token replaced by its own way there (`./`, `../`,
//! `../../`) as it is handed to the output in pieces ([`super::splice::Page::put`]): no HTML is
//! parsed or searched for attributes, only this token, which only [`join`] writes (in [`crate::markup::paths`], which Markdown links use too). Shared HTML
//! stays shared: the token's replacement is one more slice between two slices of it.
//!
//! Because `file://` has no directory index, a relative link to a page names its file
//! (`agenda/index.html`).

pub use crate::markup::paths::{ROOT, join};

/// `url` without the `index.html` that [`join`] gives a folder in relative mode: what menus
/// compare to tell which item a page is under.
pub fn folder(url: &str) -> &str {
    if url.starts_with(ROOT) { url.strip_suffix("index.html").unwrap_or(url) } else { url }
}

/// The way from the page written at `path` (`sessions/x/index.html`, `404.html`) to the site
/// root: `./`, `../`, `../../` …
pub fn way_to_root(path: &str) -> String {
    match path.matches('/').count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

/// `pieces` with every [`ROOT`] in them replaced by `way`, as pieces again (the text between
/// the tokens is not copied).
pub fn resolve<'a>(pieces: Vec<&'a [u8]>, way: &'a [u8]) -> Vec<&'a [u8]> {
    let finder = memchr::memmem::Finder::new(ROOT.as_bytes());
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let mut from = 0;
        for at in finder.find_iter(piece) {
            out.extend([&piece[from..at], way]);
            from = at + ROOT.len();
        }
        out.push(&piece[from..]);
    }
    out
}

/// `bytes` with every [`ROOT`] replaced by `way`: for the files at the site root that name site
/// paths (the app's index, manifest and service worker), with `./`.
pub fn resolve_bytes(bytes: &[u8], way: &str) -> Vec<u8> {
    resolve(vec![bytes], way.as_bytes()).concat()
}

/// `url(path="agenda/")` in templates: the site path `path` as this page links to it, in either
/// mode (`/conf/2026/agenda/`, `../agenda/index.html`). It reads the base from `site.base_path`.
pub fn tera_url(kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    let path: &str = kwargs.get("path")?.unwrap_or("");
    let site: Option<tera::Value> = state.get("site")?;
    let base = site.as_ref().and_then(|s| s.get_from_path("base_path")).and_then(|b| b.as_str().map(str::to_string));
    Ok(join(base.as_deref().unwrap_or("/"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_in_both_modes() {
        assert_eq!(join("/conf/", "agenda/"), "/conf/agenda/");
        assert_eq!(join("/", "/venue/#map"), "/venue/#map");
        assert_eq!(join("/", ""), "/");
        assert_eq!(join(ROOT, "agenda/"), format!("{ROOT}agenda/index.html"));
        assert_eq!(join(ROOT, ""), format!("{ROOT}index.html"));
        assert_eq!(join(ROOT, "/venue/#map"), format!("{ROOT}venue/index.html#map"));
        assert_eq!(join(ROOT, "agenda/?track=web"), format!("{ROOT}agenda/index.html?track=web"));
        assert_eq!(join(ROOT, "img/a.png"), format!("{ROOT}img/a.png"));
        assert_eq!(join(ROOT, "404.html"), format!("{ROOT}404.html"));
        assert_eq!(folder(&join(ROOT, "news/")), format!("{ROOT}news/"));
        assert_eq!(folder("/news/index.html"), "/news/index.html");
    }

    #[test]
    fn resolves_the_token_by_depth() {
        assert_eq!(way_to_root("index.html"), "./");
        assert_eq!(way_to_root("404.html"), "./");
        assert_eq!(way_to_root("agenda/index.html"), "../");
        assert_eq!(way_to_root("sessions/x/index.html"), "../../");
        let a = format!("<a href=\"{ROOT}agenda/index.html\">");
        let b = format!("{ROOT}{ROOT}x");
        let out = resolve(vec![a.as_bytes(), b"plain", b.as_bytes()], b"../");
        assert_eq!(out.concat(), b"<a href=\"../agenda/index.html\">plain../../x");
        assert_eq!(resolve_bytes(b"none", "./"), b"none");
    }
}
