//! The placement record: which page shows which sponsor, in which placement.
//!
//! Built by scanning rendered HTML for `data-sponsor="slug"` and `data-placement="name"` on the
//! same element, so it proves what pages show regardless of which templates produced them.

use crate::model::{Placement, Vocabulary};
use std::collections::BTreeMap;
use std::sync::Arc;

/// sponsor slug → placement → pages (output paths), all sorted.
#[derive(Debug, Default, Clone)]
pub struct PlacementRecord {
    pub by_sponsor: BTreeMap<String, BTreeMap<String, Vec<Arc<str>>>>,
}

impl PlacementRecord {
    /// Records what `page` shows. The page's path is shared by every pair it shows (a footer
    /// shows 30 at 15,000 pages), and a sponsor's or placement's name is copied only the first
    /// time it is seen.
    pub fn add<'a>(&mut self, page: &str, shown: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let page: Arc<str> = page.into();
        for (sponsor, placement) in shown {
            let placements = match self.by_sponsor.get_mut(sponsor) {
                Some(p) => p,
                None => self.by_sponsor.entry(sponsor.to_string()).or_default(),
            };
            let pages = match placements.get_mut(placement) {
                Some(p) => p,
                None => placements.entry(placement.to_string()).or_default(),
            };
            if pages.last() != Some(&page) {
                pages.push(page.clone());
            }
        }
    }

    /// Adds what `other` recorded (pages rendered on another thread). [`Self::sort`] orders
    /// the pages afterwards.
    pub fn merge(&mut self, other: PlacementRecord) {
        for (sponsor, placements) in other.by_sponsor {
            let mine = self.by_sponsor.entry(sponsor).or_default();
            for (placement, pages) in placements {
                mine.entry(placement).or_default().extend(pages);
            }
        }
    }

    /// Pages showing `sponsor` in `placement`.
    pub fn pages(&self, sponsor: &str, placement: &str) -> &[Arc<str>] {
        self.by_sponsor.get(sponsor).and_then(|p| p.get(placement)).map_or(&[], Vec::as_slice)
    }

    /// Sorts every list of pages, the lists in parallel: a footer placement lists every page
    /// of the site, 30 times at 15,000 pages. Lists recorded in path order are only checked
    /// (the stable sort finds them sorted in one pass).
    pub fn sort(&mut self) {
        use rayon::prelude::*;
        let lists: Vec<&mut Vec<Arc<str>>> = self.by_sponsor.values_mut().flat_map(|p| p.values_mut()).collect();
        lists.into_par_iter().for_each(|pages| {
            pages.sort();
            pages.dedup();
        });
    }
}

/// Every (sponsor, placement) pair marked in `html`, sorted, each once (a page repeats the same
/// few pairs: every page has the 30-logo footer).
pub fn scan(html: &[u8]) -> Vec<(&str, &str)> {
    use memchr::memmem::{Finder, FinderBuilder};
    use std::sync::LazyLock;
    fn finder(needle: &'static str) -> Finder<'static> {
        FinderBuilder::new().build_forward_with_ranker(HtmlRank, needle)
    }
    static SPONSOR: LazyLock<Finder<'static>> = LazyLock::new(|| finder("data-sponsor=\""));
    static PLACEMENT: LazyLock<Finder<'static>> = LazyLock::new(|| finder("data-placement=\""));
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for i in SPONSOR.find_iter(html) {
        let tag_start = memchr::memrchr(b'<', &html[..i]).unwrap_or(0);
        let tag_end = memchr::memchr(b'>', &html[i..]).map_or(html.len(), |e| i + e);
        let tag = &html[tag_start..tag_end];
        let value = |finder: &Finder| {
            let from = finder.find(tag)? + finder.needle().len();
            let len = memchr::memchr(b'"', &tag[from..])?;
            std::str::from_utf8(&tag[from..from + len]).ok()
        };
        if let (Some(sponsor), Some(placement)) = (value(&SPONSOR), value(&PLACEMENT)) {
            pairs.push((sponsor, placement));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// How common bytes are in HTML, for the searches of [`scan`]. memchr's default ranking is for
/// prose, where `"` and `=` are rare: a search for `data-sponsor="` then stops at every
/// attribute of the page to check it.
struct HtmlRank;

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for HtmlRank {
    fn rank(&self, byte: u8) -> u8 {
        match byte {
            b'"' | b'=' | b' ' | b'<' | b'>' | b'/' | b'\n' => 255,
            b'a'..=b'z' => 200,
            b'-' => 150,
            _ => 100,
        }
    }
}

/// Placements that are not tied to a tier's list: the sponsors page lists every sponsor, a
/// sponsor's own page shows its logo, sponsored sessions and rooms name their sponsor, and a job
/// names its employer and its apply link (jobs are entitled by the tier's job quota).
const UNIVERSAL: &[&str] = &["sponsors", "page", "session-sponsor", "room", "job-listing", "job-apply"];

/// Compares what pages show with what tiers promise: a logo shown where no placement entitles
/// it is an error; a promised placement that no page shows is a warning (e.g. a `tickets`
/// placement on a site without tickets.yaml).
pub fn audit(conf: &crate::model::Conference, record: &PlacementRecord) -> crate::diag::Diagnostics {
    use crate::diag::{Diagnostic, Diagnostics, Pos};
    let mut diags = Diagnostics::default();
    for (slug, shown) in &record.by_sponsor {
        let Some(sponsor) = conf.sponsors.iter().find(|s| &s.slug == slug) else {
            diags.push(
                Diagnostic::error("templates", Pos::default(), format!("a page shows sponsor `{slug}`, which does not exist"))
                    .with_hint("check `data-sponsor` in the site's templates"),
            );
            continue;
        };
        for (placement, pages) in shown {
            let entitled =
                Placement::from_id(placement).is_some_and(|p| sponsor.has_placement(p)) || UNIVERSAL.contains(&placement.as_str());
            if !entitled {
                diags.push(
                    Diagnostic::error(
                        format!("sponsors/{slug}.md"),
                        Pos::default(),
                        format!("sponsor `{slug}` is shown in placement `{placement}` (on {}) but its tier does not include it", pages[0]),
                    )
                    .with_hint("add the placement to the tier or the sponsor's `add_ons`, or fix the template that shows it"),
                );
            }
        }
    }
    for s in &conf.sponsors {
        for p in &s.placements {
            if record.pages(&s.slug, p.id()).is_empty() {
                diags.push(
                    Diagnostic::warning(
                        format!("sponsors/{}.md", s.slug),
                        Pos::default(),
                        format!("sponsor `{}` is promised placement `{p}` but no page shows it", s.slug),
                    )
                    .with_hint(match *p {
                        Placement::Tickets => "add tickets.yaml so the tickets page exists",
                        Placement::News => "add a news post so the news pages exist",
                        _ => "check that the templates render this placement",
                    }),
                );
            }
        }
    }
    diags
}

/// The entitlement table: sponsor, tier, each promised placement and how many pages show it.
pub fn table(conf: &crate::model::Conference, record: &PlacementRecord) -> String {
    let mut out = String::from("sponsor               tier          placement     pages  example\n");
    for s in &conf.sponsors {
        let tier = &conf.tiers[s.tier].id;
        let mut rows: Vec<&str> = s.placements.iter().map(|p| p.id()).collect();
        rows.push("sponsors");
        if s.has_page {
            rows.push("page");
        }
        for p in rows {
            let pages = record.pages(&s.slug, p);
            let example = pages.first().map_or("— not shown", |p| &**p);
            out.push_str(&format!("{:<21} {:<13} {:<13} {:>5}  {}\n", s.slug, tier, p, pages.len(), example));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_records_sort_and_drop_repeats() {
        let mut a = PlacementRecord::default();
        a.add("b/index.html", [("acme", "footer")]);
        a.add("c/index.html", [("acme", "footer"), ("acme", "home")]);
        let mut b = PlacementRecord::default();
        b.add("a/index.html", [("acme", "footer")]);
        b.add("c/index.html", [("acme", "footer")]);
        a.merge(b);
        a.sort();
        let pages = |p| a.pages("acme", p).iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(pages("footer"), ["a/index.html", "b/index.html", "c/index.html"]);
        assert_eq!(pages("home"), ["c/index.html"]);
    }

    #[test]
    fn scans_pairs_on_one_element() {
        let html = r#"<a data-placement="footer" href="x" data-sponsor="acme"><img></a><a data-sponsor="b">"#;
        assert_eq!(scan(html.as_bytes()), vec![("acme", "footer")]);
        assert!(scan(b"no sponsors").is_empty());
    }
}
