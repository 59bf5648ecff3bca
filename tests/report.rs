//! `confpress report` on a copy of the example site: the figures are checked against values
//! computed here straight from the CSV files; no report leaks another sponsor's figures or an
//! attendee's personal data; bad CSV input fails with file, row and column and writes nothing;
//! every report is valid HTML (html5lib) and prints to the expected number of A4 pages in
//! headless Chromium (pages counted with poppler's pdfinfo).
//!
//! The HTML and print checks are tier 2, marked `#[ignore]`: they need Debian's `chromium`,
//! `poppler-utils` and `fonts-noto-cjk`, and the PyPI package `html5lib` in the venv
//! `.tools/venv`. `bash scripts/setup` installs them; `cargo test -- --include-ignored` runs them,
//! and there a missing tool fails the test, naming the setup command. The other tests here need
//! nothing but cargo.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{bin, example_site, stderr, tool};
use serde_yaml::Value;

/// Copies the example site (without built output or reports) into a fresh temporary folder.
fn site_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if ["public", "reports"].contains(&name.to_string_lossy().as_ref()) {
                continue;
            }
            let path = entry.path();
            if path.is_dir() { copy(&path, &to.join(&name)) } else { fs::copy(&path, to.join(&name)).map(|_| ()).unwrap() }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&example_site(), dir.path());
    dir
}

fn report(site: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report", site.to_str().unwrap()];
    args.extend_from_slice(extra);
    Command::new(bin()).args(&args).env_remove("SOURCE_DATE_EPOCH").output().expect("run confpress")
}

/// The example site's reports, generated once for the tests that only read them.
fn reports() -> &'static (tempfile::TempDir, BTreeMap<String, String>) {
    static REPORTS: OnceLock<(tempfile::TempDir, BTreeMap<String, String>)> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let site = site_copy();
        let out = report(site.path(), &[]);
        assert!(out.status.success(), "confpress report failed:\n{}", stderr(&out));
        let mut files = BTreeMap::new();
        for entry in fs::read_dir(site.path().join("reports")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                files.insert(path.file_stem().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&path).unwrap());
            }
        }
        (site, files)
    })
}

fn report_of(slug: &str) -> &'static str {
    reports().1.get(slug).unwrap_or_else(|| panic!("no report for {slug}"))
}

const SUMMARY: &str = "_internal-summary";

// ---------------------------------------------------------------------------------------------
// The data, read independently of confpress

/// A CSV file as (header, rows), with the csv crate.
fn csv_file(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn metrics(name: &str) -> Vec<Vec<String>> {
    csv_file(&example_site().join("metrics").join(name)).1
}

fn num(s: &str) -> u64 {
    s.parse().unwrap()
}

/// Front matter of every Markdown file in an example-site folder, by slug.
fn front_matter(folder: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(example_site().join(folder)).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let yaml = text.strip_prefix("---\n").unwrap().split("\n---").next().unwrap();
        out.insert(path.file_stem().unwrap().to_string_lossy().into_owned(), serde_yaml::from_str(yaml).unwrap());
    }
    out
}

fn sponsors() -> BTreeMap<String, Value> {
    front_matter("sponsors")
}

/// Sum of the values per key.
fn sums<K: AsRef<str>>(pairs: impl IntoIterator<Item = (K, u64)>) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (k, v) in pairs {
        *out.entry(k.as_ref().to_string()).or_insert(0) += v;
    }
    out
}

/// 1 + the number of competitors with a strictly higher figure.
fn rank(of: &BTreeMap<String, u64>, who: &str) -> usize {
    1 + of.values().filter(|&&v| v > of[who]).count()
}

fn share(own: u64, total: u64) -> String {
    format!("{:.1}%", own as f64 / total as f64 * 100.0)
}

/// 1234 → "1,234".
fn grouped(n: u64) -> String {
    let d = n.to_string();
    d.chars().enumerate().fold(String::new(), |mut s, (i, c)| {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            s.push(',');
        }
        s.push(c);
        s
    })
}

/// The table row of a metric: the `<tr …>` whose attributes contain `marker`, up to `</tr>`.
fn metric_row<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let start = html.find(&format!("<tr {marker} data-own="))?;
    let end = html[start..].find("</tr>")? + start;
    Some(&html[start..end])
}

fn attr(row: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let at = row.find(&key).unwrap_or_else(|| panic!("no {name} in {row}")) + key.len();
    row[at..].split('"').next().unwrap().to_string()
}

/// Checks one metric row: own figure, total, share and rank (and "of" when given).
fn check_metric(html: &str, marker: &str, own: u64, total: u64, rank: usize, of: Option<usize>, what: &str) {
    let row = metric_row(html, marker).unwrap_or_else(|| panic!("{what}: no row {marker}"));
    assert_eq!(attr(row, "data-own"), own.to_string(), "{what}: own figure");
    assert_eq!(attr(row, "data-total"), total.to_string(), "{what}: total");
    assert_eq!(attr(row, "data-rank"), rank.to_string(), "{what}: rank");
    if let Some(of) = of {
        assert_eq!(attr(row, "data-of"), of.to_string(), "{what}: field");
    }
    assert!(row.contains(&format!(">{}<", grouped(own))), "{what}: {own} is shown: {row}");
    assert!(row.contains(&format!(">{}<", grouped(total))), "{what}: {total} is shown: {row}");
    if total > 0 {
        assert!(row.contains(&format!(">{}<", share(own, total))), "{what}: share {} is shown: {row}", share(own, total));
    }
}

/// The (label, value) bars of the chart in `<figure … data-column="column">`.
fn chart_bars(html: &str, column: &str) -> Vec<(String, u64)> {
    let start = html.find(&format!("data-column=\"{column}\"")).unwrap_or_else(|| panic!("no {column} chart"));
    let end = html[start..].find("</figure>").unwrap() + start;
    let mut out = Vec::new();
    for part in html[start..end].split("<g class=\"bar\" ").skip(1) {
        let label = attr(part, "data-label").replace("&amp;", "&");
        out.push((label, num(&attr(part, "data-value"))));
    }
    out
}

/// Every attendee as (canonical column → value), mapping the Chinese headers of student.csv.
fn attendees() -> Vec<BTreeMap<String, String>> {
    let map = |h: &str| -> String {
        match h {
            "姓名" | "Name" => "name",
            "電子郵件" | "Email" => "email",
            "職稱" | "Job Title" => "job_title",
            "國家" | "Country" => "country",
            "年資" | "Seniority" => "seniority",
            "報名時間" | "Registered At" => "registered",
            "學校或公司" | "Company" => "company",
            other => panic!("unexpected column {other}"),
        }
        .to_string()
    };
    let mut out = Vec::new();
    for entry in fs::read_dir(example_site().join("metrics/attendees")).unwrap() {
        let path = entry.unwrap().path();
        let (header, rows) = csv_file(&path);
        let ticket = path.file_stem().unwrap().to_string_lossy().into_owned();
        for row in rows {
            let mut a: BTreeMap<String, String> = header.iter().map(|h| map(h)).zip(row).collect();
            a.insert("ticket".into(), ticket.clone());
            out.push(a);
        }
    }
    out
}

/// Groups of fewer than 5 folded into "Other" (with "Other" as given), as (label, count).
fn folded(counts: &BTreeMap<String, u64>, other: u64) -> BTreeSet<(String, u64)> {
    let mut out = BTreeSet::new();
    let mut other = other;
    for (k, &v) in counts {
        if v >= 5 {
            out.insert((k.clone(), v));
        } else {
            other += v;
        }
    }
    if other > 0 {
        out.insert(("Other".to_string(), other));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Numbers

#[test]
fn click_figures_match_the_csv() {
    let rows = metrics("clicks.csv");
    let placements: BTreeSet<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    let overall = sums(rows.iter().map(|r| (r[0].as_str(), num(&r[2]))));
    let mut every = sponsors().keys().map(|s| (s.clone(), 0)).collect::<BTreeMap<_, _>>();
    every.extend(overall.clone());
    let total: u64 = overall.values().sum();
    for slug in sponsors().keys() {
        let html = report_of(slug);
        let included = tier_sections(slug).contains("clicks");
        if !included {
            assert!(metric_row(html, "data-placement=\"all\" class=\"total\"").is_none(), "{slug}: clicks are not in its package");
            continue;
        }
        for p in &placements {
            let in_p = sums(rows.iter().filter(|r| r[1] == *p).map(|r| (r[0].as_str(), num(&r[2]))));
            let Some(&own) = in_p.get(slug.as_str()) else { continue };
            let p_total: u64 = in_p.values().sum();
            check_metric(html, &format!("data-placement=\"{p}\""), own, p_total, rank(&in_p, slug), None, &format!("{slug} clicks in {p}"));
        }
        check_metric(
            html,
            "data-placement=\"all\" class=\"total\"",
            every[slug],
            total,
            rank(&every, slug),
            Some(every.len()),
            &format!("{slug} clicks"),
        );
    }
}

#[test]
fn job_booth_and_stream_figures_match_the_csvs() {
    let jobs = front_matter("jobs");
    let employer = |job: &str| jobs[job]["sponsor"].as_str().unwrap().to_string();
    let rows = metrics("jobs.csv");
    let views = sums(rows.iter().map(|r| (employer(&r[0]), num(&r[1]))));
    let clicks = sums(rows.iter().map(|r| (employer(&r[0]), num(&r[2]))));
    for (slug, &own) in &views {
        let html = report_of(slug);
        check_metric(
            html,
            "data-metric=\"job-views\"",
            own,
            views.values().sum(),
            rank(&views, slug),
            Some(views.len()),
            &format!("{slug} job views"),
        );
        check_metric(
            html,
            "data-metric=\"job-clicks\"",
            clicks[slug],
            clicks.values().sum(),
            rank(&clicks, slug),
            Some(clicks.len()),
            &format!("{slug} job clicks"),
        );
        for r in rows.iter().filter(|r| employer(&r[0]) == *slug) {
            let start = html.find(&format!("<tr data-job=\"{}\"", r[0])).unwrap_or_else(|| panic!("{slug}: job {} listed", r[0]));
            let row = &html[start..start + html[start..].find("</tr>").unwrap()];
            assert!(row.contains(&format!(">{}<", grouped(num(&r[1])))) && row.contains(&format!(">{}<", grouped(num(&r[2])))), "{row}");
        }
    }
    let booth = sums(metrics("booth.csv").iter().map(|r| (r[0].clone(), num(&r[2]))));
    let with_booth = sponsors().values().filter(|s| s.get("booth").is_some()).count();
    for (slug, &own) in &booth {
        if tier_sections(slug).contains("booth") {
            check_metric(
                report_of(slug),
                "data-metric=\"booth\"",
                own,
                booth.values().sum(),
                rank(&booth, slug),
                Some(with_booth),
                &format!("{slug} booth"),
            );
        }
    }
    // Northwind names the Northwind Hall: its stream figure is that room's views, out of all.
    let streams = metrics("streams.csv");
    let all: u64 = streams.iter().map(|r| num(&r[2])).sum();
    let hall: u64 = streams.iter().filter(|r| r[0] == "northwind-hall").map(|r| num(&r[2])).sum();
    check_metric(report_of("northwind"), "data-metric=\"streams\"", hall, all, 1, Some(1), "northwind streams");
    let summary = report_of(SUMMARY);
    assert!(summary.contains(&format!(">{}<", grouped(all))), "the summary shows all stream views");
}

#[test]
fn audience_figures_are_counted_and_folded() {
    let people = attendees();
    let html = report_of("northwind");
    assert!(html.contains(&format!("<dd>{}</dd>", people.len())), "registrations in the profile");
    // Registrations per ticket tier, by the tiers' names in tickets.yaml.
    let tickets: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("tickets.yaml")).unwrap()).unwrap();
    let name_of =
        |id: &str| tickets["tiers"].as_sequence().unwrap().iter().find(|t| t["id"] == id).unwrap()["name"].as_str().unwrap().to_string();
    let by_ticket = sums(people.iter().map(|p| (p["ticket"].as_str(), 1)));
    let expected = folded(&by_ticket.iter().map(|(k, v)| (name_of(k), *v)).collect(), 0);
    assert_eq!(chart_bars(html, "ticket").into_iter().collect::<BTreeSet<_>>(), expected);
    // Countries: plain values; several countries have fewer than 5 people.
    let countries = sums(people.iter().map(|p| (p["country"].as_str(), 1)));
    assert!(countries.values().any(|&n| n < 5), "the example has small groups to fold");
    let bars = chart_bars(html, "country");
    assert_eq!(bars.iter().cloned().collect::<BTreeSet<_>>(), folded(&countries, 0));
    assert_eq!(bars.last().unwrap().0, "Other", "Other comes last");
    // Job titles: the buckets of report.yaml, first matching pattern wins, unmatched → Other.
    let config: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("report.yaml")).unwrap()).unwrap();
    let buckets: Vec<(String, Vec<String>)> = config["audience"][0]["buckets"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["patterns"].as_sequence().unwrap().iter().map(|p| p.as_str().unwrap().to_lowercase()).collect(),
            )
        })
        .collect();
    let mut titles: BTreeMap<String, u64> = BTreeMap::new();
    let mut unmatched = 0;
    for p in &people {
        let title = p["job_title"].to_lowercase();
        match buckets.iter().find(|(_, pats)| pats.iter().any(|pat| title.contains(pat.as_str()))) {
            Some((label, _)) => *titles.entry(label.clone()).or_insert(0) += 1,
            None => unmatched += 1,
        }
    }
    assert_eq!(chart_bars(html, "job_title").into_iter().collect::<BTreeSet<_>>(), folded(&titles, unmatched));
    // Seniority has empty cells: "Not given" (a group of its own when it has 5 or more).
    let seniority = sums(people.iter().map(|p| (if p["seniority"].is_empty() { "Not given" } else { p["seniority"].as_str() }, 1)));
    assert_eq!(chart_bars(html, "seniority").into_iter().collect::<BTreeSet<_>>(), folded(&seniority, 0));
    // The summary shows the same folded groups.
    assert_eq!(chart_bars(report_of(SUMMARY), "country"), bars);
}

/// The report sections of a sponsor's tier (sponsors.yaml), all when the tier lists none.
fn tier_sections(slug: &str) -> BTreeSet<String> {
    let all = ["profile", "audience", "exposure", "clicks", "jobs", "sponsored", "booth", "streams"];
    let file: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("sponsors.yaml")).unwrap()).unwrap();
    let tier = sponsors()[slug]["tier"].as_str().unwrap().to_string();
    let t = file["tiers"].as_sequence().unwrap().iter().find(|t| t["id"].as_str() == Some(&tier)).unwrap().clone();
    match t.get("report") {
        Some(list) => list.as_sequence().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect(),
        None => all.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn sections_outside_the_package_say_so() {
    for slug in sponsors().keys() {
        let html = report_of(slug);
        let included = tier_sections(slug);
        for section in ["profile", "audience", "exposure", "clicks", "jobs", "sponsored", "booth", "streams"] {
            let marker = format!("id=\"{section}\"");
            let start = html.find(&marker).unwrap_or_else(|| panic!("{slug}: section {section}"));
            let tag_start = html[..start].rfind('<').unwrap();
            let is_not_included = html[tag_start..start].contains("not-included");
            assert_eq!(is_not_included, !included.contains(section), "{slug}: {section}");
            if is_not_included {
                let end = html[start..].find("</section>").unwrap() + start;
                assert!(html[start..end].contains("Not included in this package."), "{slug}: {section} says so");
            }
        }
    }
}

#[test]
fn exposure_lists_every_promised_placement_with_pages() {
    let html = report_of("canalworks");
    // Silver (home, footer) plus the tickets add-on, each shown on at least one page.
    for p in ["home", "footer", "tickets"] {
        let start = html.find(&format!("<tr data-placement=\"{p}\"><td>")).unwrap_or_else(|| panic!("placement {p}"));
        let row = &html[start..start + html[start..].find("</tr>").unwrap()];
        assert!(row.contains("https://example.org/conf/2026/"), "{p} has example URLs: {row}");
        assert!(!row.contains("not shown"), "{p} is delivered");
    }
    assert!(html.contains("https://example.org/conf/2026/tickets/"));
}

// ---------------------------------------------------------------------------------------------
// Privacy

/// Numbers shown in a report: in its text (tags and the style sheet removed) and in its data
/// attributes, without thousands separators. Digits that are part of a word or a decimal
/// (`P1`, `48.5`, `14mm`) are not numbers.
fn shown_numbers(html: &str) -> BTreeSet<u64> {
    let mut text = String::new();
    let html = match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    };
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        for name in ["data-own", "data-total", "data-value", "data-label"] {
            if let Some(at) = tag.find(&format!(" {name}=\"")) {
                text.push_str(tag[at + name.len() + 3..].split('"').next().unwrap());
                text.push(' ');
            }
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    let mut out = BTreeSet::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || (c == ',' && !current.is_empty() && chars.peek().is_some_and(char::is_ascii_digit)) {
            if current.is_empty() && (prev.is_alphanumeric() || prev == '.') {
                // Part of a word or a decimal: not a figure.
                current.push('x');
            }
            current.push(c);
        } else {
            if !current.is_empty() && !current.starts_with('x') && !c.is_alphanumeric() && c != '.' {
                out.insert(current.replace(',', "").parse().unwrap());
            }
            current.clear();
        }
        prev = c;
    }
    out
}

#[test]
fn no_report_shows_another_sponsors_figures() {
    let clicks = metrics("clicks.csv");
    let jobs = front_matter("jobs");
    let job_rows = metrics("jobs.csv");
    let booth = metrics("booth.csv");
    let streams = metrics("streams.csv");
    let rooms: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("rooms.yaml")).unwrap()).unwrap();
    let room_sponsor = |room: &str| -> Option<String> {
        rooms
            .as_sequence()
            .unwrap()
            .iter()
            .find(|r| r["id"] == room)
            .and_then(|r| r.get("sponsor"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    // Every figure that belongs to one sponsor, by sponsor.
    let mut owned: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    let mut add = |s: &str, v: u64| {
        owned.entry(s.to_string()).or_default().insert(v);
    };
    for r in &clicks {
        add(&r[0], num(&r[2]));
    }
    for (s, v) in sums(clicks.iter().map(|r| (r[0].as_str(), num(&r[2])))) {
        add(&s, v);
    }
    let employer = |job: &str| jobs[job]["sponsor"].as_str().unwrap().to_string();
    for r in &job_rows {
        add(&employer(&r[0]), num(&r[1]));
        add(&employer(&r[0]), num(&r[2]));
    }
    for (s, v) in sums(job_rows.iter().map(|r| (employer(&r[0]), num(&r[1])))) {
        add(&s, v);
    }
    for (s, v) in sums(job_rows.iter().map(|r| (employer(&r[0]), num(&r[2])))) {
        add(&s, v);
    }
    for r in &booth {
        add(&r[0], num(&r[2]));
    }
    for (s, v) in sums(booth.iter().map(|r| (r[0].as_str(), num(&r[2])))) {
        add(&s, v);
    }
    for r in &streams {
        if let Some(s) = room_sponsor(&r[0]) {
            add(&s, num(&r[2]));
        }
    }
    // Figures any report may show: totals, conference-wide stream views, attendee counts.
    let mut public: BTreeSet<u64> = BTreeSet::new();
    let placements: BTreeSet<&str> = clicks.iter().map(|r| r[1].as_str()).collect();
    for p in placements {
        public.insert(clicks.iter().filter(|r| r[1] == p).map(|r| num(&r[2])).sum());
    }
    public.insert(clicks.iter().map(|r| num(&r[2])).sum());
    public.insert(job_rows.iter().map(|r| num(&r[1])).sum());
    public.insert(job_rows.iter().map(|r| num(&r[2])).sum());
    public.extend(sums(booth.iter().map(|r| (r[1].as_str(), num(&r[2])))).into_values());
    public.insert(booth.iter().map(|r| num(&r[2])).sum());
    public.extend(sums(streams.iter().map(|r| (r[1].as_str(), num(&r[2])))).into_values());
    public.insert(streams.iter().map(|r| num(&r[2])).sum());
    public.extend(shown_numbers(&audience_html(report_of("northwind"))));
    public.extend([2025, 2026, 2027]);
    let summary = shown_numbers(report_of(SUMMARY));
    let shown_by: BTreeMap<&String, BTreeSet<u64>> = reports().1.iter().map(|(k, html)| (k, shown_numbers(html))).collect();
    let mut checked = 0;
    for a in reports().1.keys() {
        if a == SUMMARY {
            continue;
        }
        let shown = &shown_by[a];
        let own = owned.get(a).cloned().unwrap_or_default();
        for (b, figures) in &owned {
            if b == a {
                continue;
            }
            for &f in figures {
                // A small number could be a page count or a rank; an equal number may be A's own.
                if f < 150 || own.contains(&f) || public.contains(&f) {
                    continue;
                }
                let visible = summary.contains(&f) || shown_by.get(b).is_some_and(|s| s.contains(&f));
                assert!(visible, "{b}'s {f} is in the summary or {b}'s report (so the check can see figures)");
                assert!(!shown.contains(&f), "{a}'s report shows {f}, a figure of {b}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} figures checked");
}

/// The audience section of a report (its numbers are attendee counts, not sponsors' figures).
fn audience_html(html: &str) -> String {
    let start = html.find("id=\"audience\"").unwrap();
    let end = html[start..].find("</section>").unwrap() + start;
    let profile = html.find("id=\"profile\"").unwrap();
    let profile_end = html[profile..].find("</section>").unwrap() + profile;
    format!("{}{}", &html[start..end], &html[profile..profile_end])
}

#[test]
fn no_report_contains_an_attendees_personal_data() {
    let people = attendees();
    assert!(people.len() > 300);
    for (name, html) in &reports().1 {
        for p in &people {
            assert!(!html.contains(&p["email"]), "{name} contains the e-mail {}", p["email"]);
            assert!(!html.contains(&p["name"]), "{name} contains the attendee name {}", p["name"]);
            let local = p["email"].split('@').next().unwrap();
            assert!(!html.contains(local), "{name} contains {local}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn bad_csv_is_reported_by_file_row_and_column_and_writes_nothing() {
    let site = site_copy();
    let root = site.path();
    // A good run first: its reports must survive the failed run untouched.
    assert!(report(root, &[]).status.success());
    let before = fs::read(root.join("reports/northwind.html")).unwrap();
    fs::write(
        root.join("metrics/clicks.csv"),
        "sponsor,placement,clicks\nnorthwind,footer,120\nferrule,home,12x\nnortwind,home,5\nkestrel,footer\nlumen,hero,9\n",
    )
    .unwrap();
    let attendees = root.join("metrics/attendees/regular.csv");
    let text = fs::read_to_string(&attendees).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3] = lines[3].rsplit_once(',').map(|(a, _)| format!("{a},someday")).unwrap();
    fs::write(&attendees, lines.join("\n")).unwrap();
    let out = report(root, &["--output", root.join("fresh").to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!out.status.success(), "bad CSV must fail:\n{err}");
    for expected in [
        "--> metrics/clicks.csv:3:14",
        "row 3, column C (`clicks`): `12x` is not a whole number",
        "--> metrics/clicks.csv:4:1",
        "row 4, column A (`sponsor`): unknown sponsor `nortwind`",
        "did you mean `northwind`?",
        "--> metrics/clicks.csv:5",
        "row 5 has 2 cells but the header names 3 columns",
        "row 6, column B (`placement`): unknown placement `hero`",
        "--> metrics/attendees/regular.csv:4:",
        "row 4, column G (`Registered At`): `someday` is not a date",
        "no reports written",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(!root.join("fresh").exists(), "no report folder");
    let leftovers: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("confpress-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The same failure over an existing reports folder leaves it as it was.
    assert!(!report(root, &[]).status.success());
    assert_eq!(fs::read(root.join("reports/northwind.html")).unwrap(), before);
}

#[test]
fn column_mappings_and_personal_columns_are_checked() {
    let site = site_copy();
    let root = site.path();
    fs::write(root.join("report.yaml"), "columns:\n  clicks:\n    Hits: clics\naudience:\n  - column: email\n  - column: shoe_size\n")
        .unwrap();
    let out = report(root, &[]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("--> report.yaml:3:5")
            && err.contains("`clics` is not a column of clicks.csv")
            && err.contains("did you mean `clicks`?"),
        "{err}"
    );
    assert!(err.contains("--> report.yaml:5:") && err.contains("`email` identifies a person"), "{err}");
    assert!(err.contains("no attendee file has a `shoe_size` column"), "{err}");
    assert!(!root.join("reports").exists());
}

#[test]
fn unknown_report_sections_are_errors() {
    let site = site_copy();
    let root = site.path();
    let yaml = fs::read_to_string(root.join("sponsors.yaml")).unwrap().replace("report: [profile, exposure]", "report: [profile, exposur]");
    fs::write(root.join("sponsors.yaml"), yaml).unwrap();
    let out = report(root, &[]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("unknown report section `exposur`")
            && err.contains("did you mean `exposure`?")
            && err.contains("--> sponsors.yaml:43:"),
        "{err}"
    );
    assert!(!root.join("reports").exists());
}

#[test]
fn reports_stay_out_of_the_public_site() {
    let site = site_copy();
    let root = site.path();
    let out = report(root, &["--output", root.join("public/reports").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("reports are private"), "{}", stderr(&out));
    let mine = root.join("notes");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("keep.txt"), "mine").unwrap();
    let out = report(root, &["--output", mine.to_str().unwrap()]);
    assert!(!out.status.success() && stderr(&out).contains("not written by `confpress report`"));
    assert_eq!(fs::read_to_string(mine.join("keep.txt")).unwrap(), "mine");
    // --metrics elsewhere works, and must exist when given.
    let out = report(root, &["--metrics", root.join("nope").to_str().unwrap()]);
    assert!(!out.status.success() && stderr(&out).contains("the metrics folder does not exist"));
    let moved = tempfile::tempdir().unwrap();
    fs::rename(root.join("metrics"), moved.path().join("m")).unwrap();
    let out = report(root, &["--metrics", moved.path().join("m").to_str().unwrap(), "--output", root.join("r2").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("r2/northwind.html").is_file() && root.join("r2").join(".confpress-reports").is_file());
}

// ---------------------------------------------------------------------------------------------
// HTML, print, language

const HTML5_CHECK: &str = r#"
bad = 0
for path in sys.argv[1:]:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        doc = parser.parse(open(path, "rb").read().decode("utf-8"))
    except Exception as e:
        print(path, "is not valid HTML:", e, parser.errors[:3]); bad += 1; continue
    if doc.find("head/title") is None or doc.find("body") is None:
        print(path, "has no title or body"); bad += 1
sys.exit(1 if bad else 0)
"#;

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn reports_are_valid_html() {
    let dir = reports().0.path().join("reports");
    let mut paths: Vec<String> = reports().1.keys().map(|k| dir.join(format!("{k}.html")).to_string_lossy().into_owned()).collect();
    paths.sort();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let out = common::python("html5lib", HTML5_CHECK, &args);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
}

#[test]
fn reports_are_self_contained() {
    assert_eq!(reports().1.len(), sponsors().len() + 1, "one report per sponsor and the summary");
    for (name, html) in &reports().1 {
        for external in ["<script", "<link", "@import", "url(", "src=\"http", "src=\"/", "href=\"/"] {
            assert!(!html.contains(external), "{name} refers to something outside the file: {external}");
        }
        assert!(html.contains("<svg class=\"chart\"") || !name.contains('_'), "{name} has charts");
        assert!(html.contains("@page { size: A4"), "{name} has print rules");
    }
}

/// The sheets a sponsor's report has, from its tier's sections: the first always, then the
/// audience, exposure, clicks and jobs, and sponsored/booth/streams sheets when any section on
/// them is included.
fn expected_pages(slug: &str) -> usize {
    let s = tier_sections(slug);
    let has = |list: &[&str]| usize::from(list.iter().any(|x| s.contains(*x)));
    1 + has(&["audience"]) + has(&["exposure"]) + has(&["clicks", "jobs"]) + has(&["sponsored", "booth", "streams"])
}

fn pdf_pages(html: &Path, pdf: &Path) -> usize {
    let profile = tempfile::tempdir().unwrap();
    let out = tool(
        common::chromium(),
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.path().display()),
            &format!("--print-to-pdf={}", pdf.display()),
            html.to_str().unwrap(),
        ],
        "the Debian package chromium",
    );
    assert!(pdf.is_file(), "chromium wrote no PDF for {}:\n{}", html.display(), stderr(&out));
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()], "the Debian package poppler-utils");
    let text = String::from_utf8_lossy(&info.stdout).into_owned();
    let size = text.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default().to_string();
    let landscape = html.to_string_lossy().contains('_');
    let expected_size = if landscape { "841.92 x 594.96" } else { "594.96 x 841.92" };
    assert!(size.contains(expected_size), "{} is not A4: {size}", html.display());
    text.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// One sponsor of each tier.
const ONE_PER_TIER: [&str; 4] = ["northwind", "kestrel", "canalworks", "byte-weekly"];

fn sheets(slug: &str) -> usize {
    let html = report_of(slug);
    html.matches("<section class=\"sheet\"").count() + html.matches("<section class=\"sheet landscape\"").count()
}

#[test]
fn reports_have_a_sheet_per_part_of_the_package() {
    for slug in ONE_PER_TIER {
        assert_eq!(sheets(slug), expected_pages(slug), "{slug}: sheets");
    }
    assert_eq!(report_of(SUMMARY).matches("<section class=\"sheet landscape\"").count(), 4);
    assert_eq!(sheets(SUMMARY), 4);
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn reports_print_to_a4_with_the_expected_pages() {
    let dir = reports().0.path().join("reports");
    let pdfs = tempfile::tempdir().unwrap();
    for slug in ONE_PER_TIER.into_iter().chain([SUMMARY]) {
        let pages = pdf_pages(&dir.join(format!("{slug}.html")), &pdfs.path().join(format!("{slug}.pdf")));
        assert_eq!(pages, sheets(slug), "{slug}: every sheet prints on exactly one page");
    }
}

#[test]
fn reports_use_the_sites_language() {
    let site = site_copy();
    let root = site.path();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap().replace("language: en", "language: zh-TW");
    fs::write(root.join("site.yaml"), yaml).unwrap();
    let out = report(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(root.join("reports/northwind.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-TW\">"));
    for s in ["贊助成效報告", "您的贊助方案", "大會概況", "2026年10月22日", ">未填寫</text>", ">其他</text>"] {
        assert!(html.contains(s), "zh-TW report lacks {s}");
    }
    let community = fs::read_to_string(root.join("reports/byte-weekly.html")).unwrap();
    assert!(community.contains("此贊助方案不包含此項目。"));
    assert!(html.contains("Noto Sans CJK TC"), "CJK fonts in the font stack");
}

// ---------------------------------------------------------------------------------------------
// Tracked links on the site

#[test]
fn outbound_sponsor_links_are_tracked() {
    let site = site_copy();
    let out = Command::new(bin()).args(["build", site.path().to_str().unwrap(), "--now", "2026-10-01 12:00"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut logos = 0;
    let mut applies = 0;
    let mut pages = 0;
    for entry in walk(&site.path().join("public")) {
        if entry.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(&entry).unwrap();
        for tag in html.split('<').filter(|t| t.starts_with("a ") && t.contains("rel=\"sponsored")) {
            let href = attr(tag, "href").replace("&amp;", "&");
            if href.starts_with("mailto:") {
                // Apply by e-mail: nothing to track.
                applies += 1;
                continue;
            }
            assert!(href.contains("utm_source=harbor-2026&utm_medium=sponsor-logo&utm_campaign=harbor-systems-2026"), "{href}");
            assert!(tag.contains("data-sponsor="), "every sponsored link names its sponsor: {tag}");
            let placement = attr(tag, "data-placement");
            assert!(href.contains(&format!("utm_content={placement}")), "{href} names its placement {placement}");
            if placement == "job-apply" {
                applies += 1;
            } else {
                logos += 1;
                pages += usize::from(placement == "page");
            }
        }
    }
    assert!(logos > 1000 && applies > 8 && pages >= 6, "{logos} logo links, {applies} apply links, {pages} sponsor page links");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn the_package_names_how_the_tier_orders_its_logos() {
    // sponsors.yaml: platinum rotates, community is alphabetical, the rest follow the file's
    // `order: contract`.
    for (slug, order) in [("ferrule", "Rotated page by page"), ("byte-weekly", "Alphabetical"), ("kestrel", "By contract date")] {
        let html = report_of(slug);
        assert!(html.contains(&format!("Logo order in the tier</th><td>{order}")), "{slug}: no `{order}` in its package");
    }
}
