//! `atom.xml`: an Atom feed (RFC 4287) of the news posts, newest first.
//!
//! Ids are the absolute URLs of the feed and of each post's page (stable as long as `base_url`
//! is). A post's `updated` and `published` are its date at 00:00 in the site's time zone; the
//! feed's `updated` is the newest post's. The author is the post's `author`, else the organizer
//! (else the site title) for the whole feed. A site without news gets no feed: there is no
//! honest `updated` for it, and templates link the feed only when `site.has_news`.

use jiff::civil::Date;

use super::xml;
use crate::markup::body;
use crate::model::Conference;
use crate::model::links::abs_url;
use crate::model::time::rfc3339;
use crate::sink::OutFile;

/// `atom.xml`, when the site has news.
pub fn files(conf: &Conference) -> Vec<OutFile> {
    match atom(conf) {
        Some(feed) => vec![OutFile { path: "atom.xml".into(), bytes: feed.into_bytes() }],
        None => Vec::new(),
    }
}

fn date_time(conf: &Conference, d: Date) -> String {
    d.to_zoned(conf.site.timezone.clone()).map(|z| rfc3339(&z)).unwrap_or_else(|_| format!("{d}T00:00:00Z"))
}

/// The feed, or `None` without news.
pub fn atom(conf: &Conference) -> Option<String> {
    let newest = conf.news.iter().map(|n| n.date).max()?;
    let site = &conf.site;
    let self_url = abs_url(conf, "atom.xml");
    let mut w = xml::Writer::new();
    w.open("feed", &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", &site.language)]);
    w.leaf("id", &[], &self_url);
    w.leaf("title", &[], &site.title);
    if let Some(t) = &site.tagline {
        w.leaf("subtitle", &[], t);
    }
    w.leaf("updated", &[], &date_time(conf, newest));
    w.open("author", &[]);
    match &site.organizer {
        Some(o) => {
            w.leaf("name", &[], &o.name);
            if let Some(u) = &o.url {
                w.leaf("uri", &[], u);
            }
            if let Some(e) = &o.email {
                w.leaf("email", &[], e);
            }
        }
        None => w.leaf("name", &[], &site.title),
    }
    w.close();
    w.leaf("link", &[("rel", "self"), ("type", "application/atom+xml"), ("href", &self_url)], "");
    w.leaf("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &abs_url(conf, "news/"))], "");
    w.leaf("generator", &[("version", env!("CARGO_PKG_VERSION"))], "confpress");
    if let Some(logo) = &site.logo {
        w.leaf("logo", &[], &abs_url(conf, logo));
    }
    for n in &conf.news {
        let url = abs_url(conf, &format!("news/{}/", n.slug));
        let when = date_time(conf, n.date);
        w.open("entry", &[]);
        w.leaf("id", &[], &url);
        w.leaf("title", &[], &n.title);
        w.leaf("published", &[], &when);
        w.leaf("updated", &[], &when);
        if let Some(a) = &n.author {
            w.open("author", &[]);
            w.leaf("name", &[], a);
            w.close();
        }
        w.leaf("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &url)], "");
        let summary = n.summary.clone().unwrap_or_else(|| body::summary(&n.body, 280));
        if !summary.is_empty() {
            w.leaf("summary", &[], &summary);
        }
        w.leaf("content", &[("type", "html")], &body::html(&n.body, &conf.site.base_url));
        w.close();
    }
    w.close();
    Some(w.finish())
}
