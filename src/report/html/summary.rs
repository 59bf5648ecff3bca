//! The internal summary (landscape A4): every sponsor side by side — placements delivered,
//! clicks, job views and clicks, booth visits and stream views; clicks per sponsor and
//! placement; clicks per sponsor as a chart with the conference profile; the audience.
//! For the sponsor team only: it has every figure.

use super::{Ctx, block, esc, note};
use crate::i18n::{number, percent};
use crate::report::aggregate::{Aggregates, Ranking};
use crate::report::chart::{self, Bar};
use crate::report::privacy::SponsorView;

/// The summary as a complete HTML document. `views`: every sponsor's view (for exposure).
pub fn render(cx: &Ctx, agg: &Aggregates, views: &[SponsorView]) -> String {
    let c = cx.conf;
    let t = cx.t;
    let mut body = String::from("<section class=\"sheet landscape\">\n");
    body.push_str(&format!(
        "<header class=\"cover\"><div><p class=\"eyebrow\">{}</p><h1>{}</h1><p class=\"warning\">{}</p><p class=\"note\">{}</p></div></header>\n",
        esc(&c.site.title),
        esc(&t.get("summary_title")),
        esc(&t.get("internal_warning")),
        esc(&t.fill("generated", &[("date", &t.date(cx.generated))]))
    ));
    body.push_str(&block("sponsors", &t.get("all_sponsors"), &overview(cx, agg, views)));
    body.push_str("</section>\n<section class=\"sheet landscape\">\n");
    body.push_str(&block("clicks", &t.get("clicks_matrix"), &clicks(cx, agg)));
    body.push_str("</section>\n<section class=\"sheet landscape\">\n");
    if let Some(chart) = clicks_chart(cx, agg) {
        body.push_str(&block("clicks-by-sponsor", &t.get("clicks_by_sponsor"), &chart));
    }
    body.push_str(&block("profile", &t.get("section_profile"), &format!("{}{}", super::facts(cx, true), super::tickets_chart(cx))));
    body.push_str("</section>\n<section class=\"sheet landscape\">\n");
    body.push_str(&block("audience", &t.get("section_audience"), &super::audience_body(cx)));
    body.push_str("</section>\n");
    let title = format!("{} — {}", t.get("summary_title"), c.site.title);
    let footer = format!("{} · {}", c.site.title, t.get("summary_title"));
    super::document(&c.site.language, &title, &super::page_css("A4 landscape", &footer, &cx.accent), &body)
}

/// A figure of one sponsor with its share and rank, or "—" when it does not compete.
fn cell(r: Option<&Ranking>, s: usize) -> String {
    match r.and_then(|r| r.value(s).map(|v| (v, r))) {
        Some((v, r)) => format!(
            "<td class=\"num\" data-value=\"{v}\">{}<span class=\"muted\"> · {} · #{}</span></td>",
            number(v),
            percent(r.share(s)),
            r.rank(s).unwrap_or(0)
        ),
        None => "<td class=\"num muted\">—</td>".to_string(),
    }
}

fn overview(cx: &Ctx, agg: &Aggregates, views: &[SponsorView]) -> String {
    let c = cx.conf;
    let t = cx.t;
    let heads = [
        t.get("sponsor"),
        t.get("tier"),
        t.get("delivered"),
        t.get("clicks"),
        t.get("job_views"),
        t.get("job_clicks"),
        t.get("booth_visits"),
        t.get("stream_views"),
    ];
    let mut out = String::from("<table class=\"summary\"><thead><tr>");
    for (i, h) in heads.iter().enumerate() {
        out.push_str(&format!("<th{}>{}</th>", if i >= 2 { " class=\"num\"" } else { "" }, esc(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, s) in c.sponsors.iter().enumerate() {
        let view = &views[i];
        let promised: Vec<_> = view.exposure.iter().filter(|e| e.promised).collect();
        let delivered = promised.iter().filter(|e| !e.pages.is_empty()).count();
        let delivered_class = if delivered < promised.len() { " bad" } else { "" };
        out.push_str(&format!(
            "<tr data-sponsor=\"{}\"><td>{}</td><td>{}</td><td class=\"num{delivered_class}\">{delivered} / {}</td>{}{}{}{}{}</tr>",
            esc(&s.slug),
            esc(&s.name),
            esc(&c.tiers[s.tier].name),
            promised.len(),
            cell(agg.clicks.as_ref().map(|x| &x.overall), i),
            cell(agg.jobs.as_ref().map(|x| &x.views), i),
            cell(agg.jobs.as_ref().map(|x| &x.clicks), i),
            cell(agg.booth.as_ref().map(|x| &x.visits), i),
            cell(agg.streams.as_ref().map(|x| &x.sponsors), i),
        ));
    }
    let total = |r: Option<&Ranking>| {
        r.map_or("<td class=\"num\">—</td>".to_string(), |r| format!("<td class=\"num\">{}</td>", number(r.total())))
    };
    out.push_str(&format!(
        "<tr class=\"total\"><td>{}</td><td></td><td></td>{}{}{}{}{}</tr>",
        esc(&t.get("total")),
        total(agg.clicks.as_ref().map(|x| &x.overall)),
        total(agg.jobs.as_ref().map(|x| &x.views)),
        total(agg.jobs.as_ref().map(|x| &x.clicks)),
        total(agg.booth.as_ref().map(|x| &x.visits)),
        agg.streams.as_ref().map_or("<td class=\"num\">—</td>".to_string(), |s| format!("<td class=\"num\">{}</td>", number(s.total))),
    ));
    out.push_str("</tbody></table>");
    out
}

fn clicks(cx: &Ctx, agg: &Aggregates) -> String {
    let c = cx.conf;
    let t = cx.t;
    let Some(clicks) = &agg.clicks else { return note(&t.get("no_data")) };
    let mut out = format!("<table class=\"summary matrix\"><thead><tr><th>{}</th>", esc(&t.get("sponsor")));
    for (p, _) in &clicks.by_placement {
        out.push_str(&format!("<th class=\"num\">{}</th>", esc(&t.label("placement_", p))));
    }
    out.push_str(&format!("<th class=\"num\">{}</th></tr></thead><tbody>", esc(&t.get("total"))));
    for (i, s) in c.sponsors.iter().enumerate() {
        out.push_str(&format!("<tr data-sponsor=\"{}\"><td>{}</td>", esc(&s.slug), esc(&s.name)));
        for (_, r) in &clicks.by_placement {
            match r.value(i) {
                Some(v) => out.push_str(&format!("<td class=\"num\">{}</td>", number(v))),
                None => out.push_str("<td class=\"num muted\">—</td>"),
            }
        }
        out.push_str(&format!("<td class=\"num own\">{}</td></tr>", number(clicks.overall.value(i).unwrap_or(0))));
    }
    out.push_str(&format!("<tr class=\"total\"><td>{}</td>", esc(&t.get("total"))));
    for (_, r) in &clicks.by_placement {
        out.push_str(&format!("<td class=\"num\">{}</td>", number(r.total())));
    }
    out.push_str(&format!("<td class=\"num\">{}</td></tr></tbody></table>", number(clicks.overall.total())));
    if clicks.other_links > 0 {
        out.push_str(&note(&t.fill("other_links", &[("n", &clicks.other_links.to_string())])));
    }
    out
}

/// Every sponsor's clicks as bars (`None` without clicks.csv).
fn clicks_chart(cx: &Ctx, agg: &Aggregates) -> Option<String> {
    let c = cx.conf;
    let t = cx.t;
    let clicks = agg.clicks.as_ref()?;
    let bars: Vec<Bar> = c
        .sponsors
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let v = clicks.overall.value(i).unwrap_or(0);
            Bar { label: s.name.clone(), value: v, accent: true, caption: format!("{} ({})", number(v), percent(clicks.overall.share(i))) }
        })
        .collect();
    Some(chart::bars(&t.get("clicks_by_sponsor"), &bars, &cx.accent, chart::WIDTH))
}
