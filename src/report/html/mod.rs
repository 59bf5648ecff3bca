//! HTML rendering of the reports: one self-contained file per sponsor ([`sponsor`]) and the
//! internal summary ([`summary`]).
//!
//! A report is a sequence of A4 sheets (`<section class="sheet">`, one printed page each when
//! the content fits); the CSS ([`CSS`]) and the charts are inline, and nothing refers to
//! anything outside the file, so a report can be e-mailed or printed to PDF as it is.

pub mod sponsor;
pub mod summary;

use jiff::civil::Date;

use super::aggregate::{Group, GroupKey};
use super::chart::{self, Bar};
use super::privacy::{Audience, Metric};
use crate::i18n::{Strings, number, percent};
pub use crate::markup::escape::escape_html as esc;
use crate::model::Conference;

/// The reports' style sheet (print rules included).
pub const CSS: &str = include_str!("report.css");

/// What every page renderer shares.
pub struct Ctx<'a> {
    pub conf: &'a Conference,
    /// The site folder (sponsor logos are read from its static/).
    pub site_dir: &'a std::path::Path,
    pub t: &'a Strings,
    /// Attendee figures (already folded), if attendee files were imported.
    pub audience: Option<&'a Audience>,
    pub min_group: u64,
    /// The day the reports are generated.
    pub generated: Date,
    /// The accent colour (the site's primary colour).
    pub accent: String,
}

impl Ctx<'_> {
    /// The absolute URL of an output page (`sessions/x/index.html` → `https://…/sessions/x/`).
    pub fn page_url(&self, path: &str) -> String {
        let rel = path.strip_suffix("index.html").unwrap_or(path);
        format!("{}{}", self.conf.site.base_url, rel)
    }

    /// The label of an attendee group.
    pub fn group_label(&self, key: &GroupKey) -> String {
        match key {
            GroupKey::Named(name) => name.clone(),
            GroupKey::Other => self.t.get("other"),
            GroupKey::NotGiven => self.t.get("not_given"),
        }
    }

    /// The title of a breakdown: report.yaml's label, the string table's name for the column,
    /// or the column name.
    pub fn breakdown_title(&self, b: &super::config::Breakdown) -> String {
        b.label.clone().or_else(|| self.t.maybe(&format!("column_{}", b.column))).unwrap_or_else(|| b.column.replace('_', " "))
    }

    /// A bar chart of attendee groups, each captioned with its count and share.
    pub fn group_chart(&self, title: &str, groups: &[Group], total: u64, width: f64) -> String {
        let bars: Vec<Bar> = groups
            .iter()
            .map(|g| Bar {
                label: self.group_label(&g.key),
                value: g.count,
                accent: matches!(g.key, GroupKey::Named(_)),
                caption: format!("{} ({})", number(g.count), percent((total > 0).then(|| g.count as f64 / total as f64))),
            })
            .collect();
        chart::bars(title, &bars, &self.accent, width)
    }
}

/// A whole HTML document: `title`, extra CSS (page size, footer), and the sheets.
pub fn document(lang: &str, title: &str, extra_css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n<style>\n{CSS}{extra_css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang = esc(lang),
        title = esc(title),
    )
}

/// The `@page` rule (size, and a footer with `label` and the page number) and the accent colour.
pub fn page_css(size: &str, label: &str, accent: &str) -> String {
    format!(
        "@page {{ size: {size}; margin: 14mm 14mm 16mm; @bottom-right {{ content: \"{} \" counter(page) \" / \" counter(pages); font-size: 7.5pt; color: #64748b; }} }}\n:root {{ --accent: {}; }}\n",
        css_string(label),
        css_string(accent)
    )
}

/// Text for a CSS string literal.
fn css_string(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            '\n' => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// One row of a metrics table; `attrs` are the row's attributes (` class="total"`), as HTML.
pub fn metric_row(t: &Strings, label: &str, m: &Metric, attrs: &str) -> String {
    let rank = match m.rank {
        Some(r) => t.fill("rank_of", &[("rank", &r.to_string()), ("of", &m.of.to_string())]),
        None => t.get("none"),
    };
    let data = format!(
        " data-own=\"{}\" data-total=\"{}\" data-rank=\"{}\" data-of=\"{}\"",
        m.own,
        m.total,
        m.rank.map_or(String::new(), |r| r.to_string()),
        m.of
    );
    format!(
        "<tr{attrs}{data}><td>{}</td><td class=\"num own\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        esc(label),
        number(m.own),
        number(m.total),
        percent(m.share),
        esc(&rank)
    )
}

/// The header row of a metrics table whose own column is headed `yours`.
pub fn metric_head(t: &Strings, first: &str, yours: &str, all: &str) -> String {
    format!(
        "<thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>",
        esc(first),
        esc(yours),
        esc(all),
        esc(&t.get("share")),
        esc(&t.get("rank"))
    )
}

/// A block with a heading; `body` is HTML.
pub fn block(id: &str, title: &str, body: &str) -> String {
    format!("<section class=\"block\" id=\"{id}\"><h2>{}</h2>{body}</section>\n", esc(title))
}

/// A paragraph of muted text.
pub fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>", esc(text))
}

/// The conference's key facts as a definition grid.
pub fn facts(cx: &Ctx, with_registrations: bool) -> String {
    let c = cx.conf;
    let t = cx.t;
    let mut items = vec![
        (t.get("dates"), t.date_range(c.site.start_date, c.site.end_date)),
        (
            t.get("venue"),
            c.site.venue.as_ref().map_or(t.get("none"), |v| v.city.as_ref().map_or(v.name.clone(), |city| format!("{}, {city}", v.name))),
        ),
        (t.get("days"), number(c.days.len() as u64)),
        (t.get("sessions"), number(c.sessions.iter().filter(|s| s.kind.is_programme()).count() as u64)),
        (t.get("speakers"), number(c.speakers.len() as u64)),
        (t.get("tracks"), number(c.tracks.len() as u64)),
        (t.get("rooms"), number(c.rooms.len() as u64)),
    ];
    if with_registrations && let Some(a) = cx.audience {
        items.push((t.get("registrations"), number(a.total)));
    }
    let mut out = String::from("<dl class=\"facts\">");
    for (k, v) in items {
        out.push_str(&format!("<div><dt>{}</dt><dd>{}</dd></div>", esc(&k), esc(&v)));
    }
    out.push_str("</dl>");
    out
}

/// Registrations per ticket type, the breakdowns and the timeline.
pub fn audience_body(cx: &Ctx) -> String {
    let t = cx.t;
    let Some(a) = cx.audience else { return note(&t.get("no_data")) };
    let mut out = String::from("<div class=\"grid2\">");
    for (b, groups) in &a.breakdowns {
        let title = cx.breakdown_title(b);
        out.push_str(&format!(
            "<figure class=\"breakdown\" data-column=\"{}\"><figcaption>{}</figcaption>{}</figure>",
            esc(&b.column),
            esc(&title),
            cx.group_chart(&title, groups, a.total, chart::HALF_WIDTH)
        ));
    }
    out.push_str("</div>");
    if !a.timeline.is_empty() {
        let points: Vec<(String, u64)> = a.timeline.iter().map(|(d, n)| (t.short_date(*d), *n)).collect();
        let legend = (t.get(if a.weekly { "per_week" } else { "per_day" }), t.get("cumulative"));
        out.push_str(&format!(
            "<figure class=\"timeline\"><figcaption>{}</figcaption>{}</figure>",
            esc(&t.get("timeline_title")),
            chart::timeline(&t.get("timeline_title"), &points, &cx.accent, (&legend.0, &legend.1))
        ));
    }
    out.push_str(&note(&t.fill("folded_note", &[("min", &cx.min_group.to_string())])));
    out
}

/// Registrations per ticket type as a chart (nothing when no attendee data).
pub fn tickets_chart(cx: &Ctx) -> String {
    let Some(a) = cx.audience else { return String::new() };
    let title = cx.t.get("registrations_by_ticket");
    format!(
        "<figure class=\"breakdown\" data-column=\"ticket\"><figcaption>{}</figcaption>{}</figure>",
        esc(&title),
        cx.group_chart(&title, &a.by_ticket, a.total, chart::WIDTH)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_are_escaped() {
        assert_eq!(css_string("a \"b\" \\ c"), "a \\\"b\\\" \\\\ c");
        assert!(page_css("A4", "Acme \"x\"", "#123").contains("content: \"Acme \\\"x\\\" \" counter(page)"));
    }

    #[test]
    fn documents_are_complete() {
        let html = document("zh-TW", "報告 <1>", "", "<p>x</p>\n");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-TW\">"));
        assert!(html.contains("<title>報告 &lt;1&gt;</title>"));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
