//! `sitemap.xml` (sitemaps.org 0.9) listing every page, and `robots.txt` pointing to it.
//!
//! URLs are absolute (`base_url` + route), in the order of the page plan. No `lastmod`: the build
//! does not know when a page last changed, and a guessed date is worse than none. robots.txt
//! only takes effect at the root of a host; under a sub-path it is written all the same, so a
//! host-level robots.txt can copy its `Sitemap:` line.

use super::xml;
use crate::model::Conference;
use crate::model::links::abs_url;
use crate::sink::OutFile;

/// `sitemap.xml` and `robots.txt`.
pub fn files(conf: &Conference, routes: &[String]) -> Vec<OutFile> {
    vec![
        OutFile { path: "sitemap.xml".into(), bytes: sitemap(conf, routes).into_bytes() },
        OutFile { path: "robots.txt".into(), bytes: robots(conf).into_bytes() },
    ]
}

/// The sitemap of `routes` (site-relative: `""`, `agenda/`, `sessions/x/`).
pub fn sitemap(conf: &Conference, routes: &[String]) -> String {
    let mut w = xml::Writer::new();
    w.open("urlset", &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")]);
    for route in routes {
        w.open("url", &[]);
        w.leaf("loc", &[], &abs_url(conf, route));
        w.close();
    }
    w.close();
    w.finish()
}

/// Allows everything and names the sitemap.
pub fn robots(conf: &Conference) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", abs_url(conf, "sitemap.xml"))
}
