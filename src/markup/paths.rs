//! Site paths as text: a path under the base path, or under the root token of relative mode
//! (see `render::urls`, which explains the modes). Here because Markdown links need it too.

/// What a site path starts with in relative mode (in place of the base path). Only characters
/// that HTML escaping, JSON and Markdown's link escaping leave as they are; fixed, so that a
/// build is reproducible (the service worker's version hashes the URLs).
pub const ROOT: &str = "~cproot-7d3a91e5~";

/// `rel` (a site path such as `agenda/`, `/venue/#map`, `img/a.png`) under `base`: the base path
/// (`/` or `/conf/2026/`), or [`ROOT`], where a path that names a folder gets its `index.html`.
pub fn join(base: &str, rel: &str) -> String {
    let rel = rel.trim_start_matches('/');
    if base != ROOT {
        let mut out = String::with_capacity(base.len() + rel.len());
        out.push_str(base);
        out.push_str(rel);
        return out;
    }
    let cut = rel.find(['?', '#']).unwrap_or(rel.len());
    let (path, rest) = rel.split_at(cut);
    let index = if path.is_empty() || path.ends_with('/') { "index.html" } else { "" };
    format!("{ROOT}{path}{index}{rest}")
}
