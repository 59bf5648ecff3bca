//! One sponsor's report: up to five A4 sheets — the package and the conference profile; the
//! audience; logo exposure; clicks and jobs; sponsored sessions, booth and streams.
//!
//! It renders a [`SponsorView`] (the sponsor's own figures, totals and ranks only) and public
//! content of the model. Sections the sponsor's tier does not include say so instead, and a sheet
//! with no included section is not a page of its own (its notes join the sheet before).

use super::{Ctx, block, esc, metric_head, metric_row, note};
use crate::i18n::{number, percent};
use crate::model::Vocabulary;
use crate::report::chart::{self, Bar};
use crate::report::privacy::SponsorView;

/// Example pages listed per placement.
const EXAMPLES: usize = 3;

/// The sponsor's logo as an `<img>` with a `data:` URL (so the file stays self-contained), or
/// nothing when it has none or the file cannot be read.
fn logo(cx: &Ctx, sponsor: usize) -> String {
    let Some(path) = &cx.conf.sponsors[sponsor].logo else { return String::new() };
    let mime = match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => return String::new(),
    };
    let Ok(bytes) = std::fs::read(cx.site_dir.join("static").join(path)) else { return String::new() };
    format!("<img class=\"logo\" alt=\"\" src=\"data:{mime};base64,{}\">", base64(&bytes))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The report of `view.sponsor` as a complete HTML document.
pub fn render(cx: &Ctx, view: &SponsorView) -> String {
    let c = cx.conf;
    let t = cx.t;
    let s = &c.sponsors[view.sponsor];
    let tier = &c.tiers[s.tier];
    // Each sheet is (included?, HTML) blocks; a sheet with nothing included joins the one before.
    let section = |key: &str, body: &dyn Fn() -> String| -> (bool, String) {
        let title = t.get(&format!("section_{key}"));
        if tier.report.contains(&key) {
            (true, block(key, &title, &body()))
        } else {
            (
                false,
                format!(
                    "<section class=\"block not-included\" id=\"{key}\"><h2>{}</h2>{}</section>\n",
                    esc(&title),
                    note(&t.get("not_included"))
                ),
            )
        }
    };
    let cover = format!(
        "<header class=\"cover\">{}<div><p class=\"eyebrow\">{} · {}</p><h1>{}</h1><p class=\"subtitle\">{} · {}</p><p class=\"note\">{}</p></div></header>\n",
        logo(cx, view.sponsor),
        esc(&c.site.title),
        esc(&t.get("report_title")),
        esc(&s.name),
        esc(&tier.name),
        esc(&t.date_range(c.site.start_date, c.site.end_date)),
        esc(&t.fill("generated", &[("date", &t.date(cx.generated))]))
    );
    let sheets: Vec<Vec<(bool, String)>> = vec![
        // Who, what they bought, the conference.
        vec![
            (true, cover),
            (true, block("package", &t.get("package"), &package(cx, view))),
            section("profile", &|| format!("{}{}", super::facts(cx, true), super::tickets_chart(cx))),
        ],
        vec![section("audience", &|| super::audience_body(cx))],
        vec![section("exposure", &|| exposure(cx, view))],
        vec![section("clicks", &|| clicks(cx, view)), section("jobs", &|| jobs(cx, view))],
        vec![
            section("sponsored", &|| sponsored(cx, view)),
            section("booth", &|| booth(cx, view)),
            section("streams", &|| streams(cx, view)),
        ],
    ];
    let mut merged: Vec<String> = Vec::new();
    for sheet in sheets {
        let any = sheet.iter().any(|(included, _)| *included);
        let html: String = sheet.into_iter().map(|(_, h)| h).collect();
        match merged.last_mut() {
            Some(last) if !any => last.push_str(&html),
            _ => merged.push(html),
        }
    }
    let body: String = merged.iter().map(|h| format!("<section class=\"sheet\">\n{h}</section>\n")).collect();
    let title = format!("{} — {} — {}", t.get("report_title"), s.name, c.site.title);
    let footer = t.fill("page_footer", &[("title", &c.site.title), ("sponsor", &s.name)]);
    super::document(&c.site.language, &title, &super::page_css("A4", &footer, &cx.accent), &body)
}

fn package(cx: &Ctx, view: &SponsorView) -> String {
    let c = cx.conf;
    let t = cx.t;
    let s = &c.sponsors[view.sponsor];
    let tier = &c.tiers[s.tier];
    let list = |items: Vec<String>| if items.is_empty() { t.get("none") } else { items.join(&t.get("list_separator")) };
    let tier_placements: Vec<String> = tier.placements.iter().map(|p| t.label("placement_", p.id())).collect();
    let rows = [
        (t.get("tier"), tier.name.clone()),
        (t.get("logo_size"), t.get(&format!("logo_size_{}", tier.logo_size))),
        (t.get("placements"), list(tier_placements)),
        (t.get("logo_order"), t.get(&tier.order.label_key())),
        (t.get("add_ons"), list(s.add_ons.iter().map(|p| t.label("placement_", p.id())).collect())),
        (
            t.get("job_posts"),
            if tier.job_quota == 0 {
                t.get("none")
            } else {
                t.fill("jobs_used", &[("used", &s.jobs.len().to_string()), ("quota", &tier.job_quota.to_string())])
            },
        ),
        (t.get("own_page"), t.get(if s.has_page { "word_yes" } else { "word_no" })),
        (t.get("booth"), s.booth.clone().unwrap_or_else(|| t.get("none"))),
        (t.get("sections_included"), list(tier.report.iter().map(|k| t.get(&format!("section_{k}"))).collect())),
    ];
    let mut out = String::from("<table class=\"package\"><tbody>");
    for (k, v) in rows {
        out.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", esc(&k), esc(&v)));
    }
    out.push_str("</tbody></table>");
    out
}

fn exposure(cx: &Ctx, view: &SponsorView) -> String {
    let t = cx.t;
    let mut out = format!(
        "<table class=\"exposure\"><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        esc(&t.get("placement")),
        esc(&t.get("promised")),
        esc(&t.get("pages_shown")),
        esc(&t.get("examples"))
    );
    for e in &view.exposure {
        let promised = if e.promised { format!("✓ {}", t.get("word_yes")) } else { t.get("included") };
        let examples = if e.pages.is_empty() {
            format!("<span class=\"bad\">{}</span>", esc(&t.get("not_shown")))
        } else {
            let mut pages: Vec<&String> = e.pages.iter().collect();
            // The most prominent pages first: the home page, then the shortest paths; 404 last.
            pages.sort_by_key(|p| (p.as_str() != "index.html", p.as_str() == "404.html", p.matches('/').count(), p.len(), p.as_str()));
            pages
                .iter()
                .take(EXAMPLES)
                .map(|p| format!("<span class=\"url\">{}</span>", esc(&cx.page_url(p))))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        out.push_str(&format!(
            "<tr data-placement=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{examples}</td></tr>",
            esc(&e.placement),
            esc(&t.label("placement_", &e.placement)),
            esc(&promised),
            number(e.pages.len() as u64)
        ));
    }
    out.push_str("</tbody></table>");
    out
}

fn clicks(cx: &Ctx, view: &SponsorView) -> String {
    let t = cx.t;
    let Some(v) = &view.clicks else { return note(&t.get("no_data")) };
    let mut out =
        format!("<table class=\"metrics\">{}<tbody>", metric_head(t, &t.get("placement"), &t.get("your_clicks"), &t.get("all_sponsors")));
    for (p, m) in &v.by_placement {
        out.push_str(&metric_row(t, &t.label("placement_", p), m, &format!(" data-placement=\"{}\"", esc(p))));
    }
    out.push_str(&metric_row(t, &t.get("all_placements"), &v.overall, " data-placement=\"all\" class=\"total\""));
    out.push_str("</tbody></table>");
    let bars: Vec<Bar> = v
        .by_placement
        .iter()
        .map(|(p, m)| Bar {
            label: t.label("placement_", p),
            value: m.own,
            accent: true,
            caption: format!("{} ({})", number(m.own), percent(m.share)),
        })
        .collect();
    out.push_str(&format!(
        "<figure><figcaption>{}</figcaption>{}</figure>",
        esc(&t.get("clicks_chart")),
        chart::bars(&t.get("clicks_chart"), &bars, &cx.accent, chart::WIDTH)
    ));
    out.push_str(&note(&t.get("clicks_note")));
    out
}

fn jobs(cx: &Ctx, view: &SponsorView) -> String {
    let c = cx.conf;
    let t = cx.t;
    let s = &c.sponsors[view.sponsor];
    if s.jobs.is_empty() {
        return note(&t.get("no_jobs"));
    }
    let figures = view.jobs.as_ref();
    let mut out = format!(
        "<table class=\"jobs\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        esc(&t.get("job")),
        esc(&t.get("location")),
        esc(&t.get("posted")),
        esc(&t.get("views")),
        esc(&t.get("apply_clicks"))
    );
    for &j in &s.jobs {
        let job = &c.jobs[j];
        let stat = figures.and_then(|f| f.per_job.iter().find(|(i, _)| *i == j)).and_then(|(_, s)| *s);
        let (views, clicks) = stat.map_or((t.get("none"), t.get("none")), |(v, k)| (number(v), number(k)));
        out.push_str(&format!(
            "<tr data-job=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num own\">{views}</td><td class=\"num own\">{clicks}</td></tr>",
            esc(&job.slug),
            esc(&job.title),
            esc(&job.location),
            esc(&t.date(job.posted))
        ));
    }
    out.push_str("</tbody></table>");
    match figures {
        Some(f) => out.push_str(&format!(
            "<table class=\"metrics\">{}<tbody>{}{}</tbody></table>",
            metric_head(t, "", &t.get("your_jobs"), &t.get("all_jobs")),
            metric_row(t, &t.get("views"), &f.views, " data-metric=\"job-views\""),
            metric_row(t, &t.get("apply_clicks"), &f.clicks, " data-metric=\"job-clicks\"")
        )),
        None => out.push_str(&note(&t.get("no_data"))),
    }
    out
}

fn sponsored(cx: &Ctx, view: &SponsorView) -> String {
    let c = cx.conf;
    let t = cx.t;
    let s = &c.sponsors[view.sponsor];
    if s.sessions.is_empty() && s.rooms.is_empty() {
        return note(&t.get("nothing_sponsored"));
    }
    let mut out = format!(
        "<table class=\"sponsored\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(&t.get("what")),
        esc(&t.get("when")),
        esc(&t.get("room"))
    );
    for &i in &s.sessions {
        let x = &c.sessions[i];
        let room = x.room.map_or(t.get("all_rooms_plenary"), |r| c.rooms[r].name.clone());
        let when = format!("{} {}–{}", t.date(x.start.date()), x.start.strftime("%H:%M"), x.end.strftime("%H:%M"));
        out.push_str(&format!(
            "<tr><td>{} <span class=\"muted\">· {}</span></td><td>{}</td><td>{}</td></tr>",
            esc(&x.title),
            esc(&t.get(&format!("kind_{}", x.kind))),
            esc(&when),
            esc(&room)
        ));
    }
    for &r in &s.rooms {
        let room = &c.rooms[r];
        out.push_str(&format!(
            "<tr><td>{} <span class=\"muted\">· {}</span></td><td>{}</td><td>{}</td></tr>",
            esc(&room.name),
            esc(&t.get("named_room")),
            esc(&t.date_range(c.site.start_date, c.site.end_date)),
            esc(&room.name)
        ));
    }
    out.push_str("</tbody></table>");
    out
}

fn booth(cx: &Ctx, view: &SponsorView) -> String {
    let c = cx.conf;
    let t = cx.t;
    let s = &c.sponsors[view.sponsor];
    let Some(v) = &view.booth else { return note(&t.get("no_data")) };
    if s.booth.is_none() && v.visits.own == 0 {
        return note(&t.get("no_booth"));
    }
    let label = s.booth.as_ref().map_or(t.get("your_booth"), |b| format!("{} {b}", t.get("booth")));
    let mut out = String::from("<table class=\"metrics\">");
    out.push_str(&metric_head(t, "", &t.get("your_booth"), &t.get("all_booths")));
    out.push_str(&format!("<tbody>{}</tbody></table>", metric_row(t, &label, &v.visits, " data-metric=\"booth\"")));
    if !v.by_day.is_empty() {
        let bars: Vec<Bar> =
            v.by_day.iter().map(|(d, own, _)| Bar { label: t.short_date(*d), value: *own, accent: true, caption: number(*own) }).collect();
        out.push_str(&format!(
            "<figure><figcaption>{}</figcaption>{}</figure>",
            esc(&t.get("booth_per_day")),
            chart::bars(&t.get("booth_per_day"), &bars, &cx.accent, chart::WIDTH)
        ));
    }
    out
}

fn streams(cx: &Ctx, view: &SponsorView) -> String {
    let c = cx.conf;
    let t = cx.t;
    let Some(v) = &view.streams else { return note(&t.get("no_data")) };
    let mut out = String::from("<div class=\"grid2\">");
    let bars: Vec<Bar> =
        v.by_day.iter().map(|(d, n)| Bar { label: t.short_date(*d), value: *n, accent: false, caption: number(*n) }).collect();
    out.push_str(&format!(
        "<figure><figcaption>{}</figcaption>{}<p class=\"note\">{}: {}</p></figure>",
        esc(&t.get("views_all_streams")),
        chart::bars(&t.get("views_all_streams"), &bars, &cx.accent, chart::HALF_WIDTH),
        esc(&t.get("stream_total")),
        number(v.total)
    ));
    if v.rooms.is_empty() {
        out.push_str(&format!("<div>{}</div>", note(&t.get("no_named_rooms"))));
    } else {
        let mut bars = Vec::new();
        for (r, days, _) in &v.rooms {
            for (d, n) in days {
                let label = if v.rooms.len() == 1 { t.short_date(*d) } else { format!("{} · {}", c.rooms[*r].name, t.short_date(*d)) };
                bars.push(Bar { label, value: *n, accent: true, caption: number(*n) });
            }
        }
        out.push_str(&format!(
            "<figure><figcaption>{}</figcaption>{}</figure>",
            esc(&match v.rooms.as_slice() {
                [(r, _, _)] => format!("{}: {}", t.get("your_rooms"), c.rooms[*r].name),
                _ => t.get("your_rooms"),
            }),
            chart::bars(&t.get("your_rooms"), &bars, &cx.accent, chart::HALF_WIDTH)
        ));
    }
    out.push_str("</div>");
    if let Some(m) = &v.metric {
        let label = v.rooms.iter().map(|(r, _, _)| c.rooms[*r].name.clone()).collect::<Vec<_>>().join(", ");
        out.push_str(&format!(
            "<table class=\"metrics\">{}<tbody>{}</tbody></table>",
            metric_head(t, &t.get("named_room"), &t.get("stream_views"), &t.get("stream_total")),
            metric_row(t, &label, m, " data-metric=\"streams\"")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("<svg>台</svg>".as_bytes()), "PHN2Zz7lj7A8L3N2Zz4=");
    }
}
