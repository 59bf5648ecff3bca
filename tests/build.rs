//! Builds the example site and reads what came out: every page exists and says the right things,
//! sponsor placements are exact, links respect the sub-path base_url, and the output folder is
//! handled safely.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde_yaml::Value;

/// The example site built once (with a fixed --now) for all tests that only read it.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("confpress-build-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let out = run(&["build", example_site().to_str().unwrap(), "--output", dir.to_str().unwrap(), "--now", "2026-08-15 12:00"]);
        assert!(out.status.success(), "example site must build:\n{}", stderr(&out));
        dir
    })
}

fn page(rel: &str) -> String {
    let path = built().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Front matter of every non-draft Markdown file in an example-site folder, by slug.
fn records(folder: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(example_site().join(folder)).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let yaml = text.strip_prefix("---\n").unwrap().split("\n---").next().unwrap();
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        if value.get("draft").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        out.insert(path.file_stem().unwrap().to_string_lossy().into_owned(), value);
    }
    out
}

/// The sessions of the example that have a time (the others are accepted, not yet scheduled).
fn scheduled() -> BTreeMap<String, Value> {
    let mut sessions = records("sessions");
    sessions.retain(|_, s| s.get("start").is_some());
    assert!(sessions.len() < records("sessions").len(), "the example has a session not scheduled yet");
    sessions
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// HTML-escaped text as Tera writes it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

const BASE: &str = "/conf/2026/";

#[test]
fn every_session_has_a_page_naming_its_speakers_and_room() {
    let speakers = records("speakers");
    let rooms: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("rooms.yaml")).unwrap()).unwrap();
    let room_name = |id: &str| {
        rooms.as_sequence().unwrap().iter().find(|r| str_of(r, "id") == Some(id)).and_then(|r| str_of(r, "name")).unwrap().to_string()
    };
    for (slug, s) in records("sessions") {
        let html = page(&format!("sessions/{slug}/index.html"));
        assert!(html.contains(&escaped(str_of(&s, "title").unwrap())), "{slug}: title");
        for sp in s.get("speakers").and_then(Value::as_sequence).into_iter().flatten() {
            let name = str_of(&speakers[sp.as_str().unwrap()], "name").unwrap();
            assert!(html.contains(&escaped(name)), "{slug}: speaker {name}");
            assert!(html.contains(&format!("{BASE}speakers/{}/", sp.as_str().unwrap())), "{slug}: speaker link");
        }
        if let Some(room) = str_of(&s, "room") {
            assert!(html.contains(&escaped(&room_name(room))), "{slug}: room {room}");
        }
    }
}

#[test]
fn drafts_have_no_pages() {
    for entry in fs::read_dir(example_site().join("sessions")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        if text.contains("\ndraft: true") {
            let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(!built().join(format!("sessions/{slug}")).exists(), "draft {slug} was built");
            assert!(!page("agenda/index.html").contains(&format!("sessions/{slug}/")), "draft {slug} on the agenda");
        }
    }
}

#[test]
fn speaker_pages_list_their_sessions() {
    let sessions = records("sessions");
    for (slug, sp) in records("speakers") {
        let html = page(&format!("speakers/{slug}/index.html"));
        assert!(html.contains(&escaped(str_of(&sp, "name").unwrap())), "{slug}: name");
        for (session_slug, s) in &sessions {
            let listed = s.get("speakers").and_then(Value::as_sequence).is_some_and(|l| l.iter().any(|x| x.as_str() == Some(&slug)));
            let linked = html.contains(&format!("{BASE}sessions/{session_slug}/"));
            assert_eq!(listed, linked, "speaker {slug} and session {session_slug}");
        }
    }
    let index = page("speakers/index.html");
    assert!(index.contains("陳美玲") && index.contains("Zoë"), "non-ASCII names on the speakers index");
}

#[test]
fn agenda_has_every_session_once_in_its_room_column() {
    let agenda = page("agenda/index.html");
    assert!(!agenda.contains("data-session=\"reproducible-builds-clinic\""), "not scheduled yet");
    for (slug, s) in scheduled() {
        let marker = format!("data-session=\"{slug}\"");
        assert_eq!(agenda.matches(&marker).count(), 1, "{slug} should be on the agenda exactly once");
        let start = agenda.find(&marker).unwrap();
        let tag = &agenda[agenda[..start].rfind('<').unwrap()..start + agenda[start..].find('>').unwrap()];
        let room = str_of(&s, "room").unwrap_or("");
        assert!(tag.contains(&format!("data-room=\"{room}\"")), "{slug} in room {room:?}: {tag}");
    }
}

/// The slugs of the sessions a page lists (its cards or agenda slots), each checked to be there once.
fn sessions_listed(rel: &str) -> BTreeSet<String> {
    let html = page(rel);
    let slugs: Vec<&str> = html.split("data-session=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    let unique: BTreeSet<String> = slugs.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), slugs.len(), "{rel} lists a session twice");
    unique
}

#[test]
fn my_schedule_track_and_room_pages_list_exactly_their_sessions() {
    let sessions = scheduled();
    assert_eq!(sessions_listed("my-schedule/index.html"), sessions.keys().cloned().collect(), "my schedule lists every session");
    for field in ["track", "room"] {
        let mut by_value: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for (slug, s) in &sessions {
            if let Some(value) = str_of(s, field) {
                by_value.entry(value).or_default().insert(slug.clone());
            }
        }
        assert!(by_value.len() > 1, "the example site has several of each {field}");
        for (value, slugs) in by_value {
            assert_eq!(sessions_listed(&format!("{field}s/{value}/index.html")), slugs, "{field} {value}");
        }
    }
    // The lists are put into the pages as they are written: nothing of their placeholders is left.
    for rel in ["agenda/index.html", "my-schedule/index.html"] {
        assert!(!page(rel).contains('\0'), "{rel} holds a NUL");
    }
}

#[test]
fn jobs_wall_leaves_out_expired_jobs() {
    let wall = page("jobs/index.html");
    let mut expired = 0;
    for (slug, job) in records("jobs") {
        let expires = str_of(&job, "expires").unwrap_or("9999-12-31");
        let live = expires >= "2026-08-15";
        assert_eq!(wall.contains(&format!("{BASE}jobs/{slug}/")), live, "job {slug} (expires {expires})");
        assert_eq!(built().join(format!("jobs/{slug}/index.html")).exists(), live, "job page {slug}");
        expired += usize::from(!live);
    }
    assert!(expired >= 1, "the example site should have an expired job");
}

#[test]
fn ticket_status_follows_the_fixed_clock() {
    let tickets: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("tickets.yaml")).unwrap()).unwrap();
    let html = page("tickets/index.html");
    let now = "2026-08-15 12:00";
    let mut seen = BTreeSet::new();
    for tier in tickets["tiers"].as_sequence().unwrap() {
        let id = str_of(tier, "id").unwrap();
        let on = str_of(tier, "on_sale").unwrap_or("0000");
        let off = str_of(tier, "off_sale").unwrap_or("9999");
        let expected = if str_of(tier, "status") == Some("sold-out") {
            "sold-out"
        } else if now < on {
            "upcoming"
        } else if now >= off {
            "ended"
        } else {
            "on-sale"
        };
        seen.insert(expected);
        let start = html.find(&format!("data-ticket=\"{id}\"")).unwrap_or_else(|| panic!("ticket {id} missing"));
        let tag_end = start + html[start..].find('>').unwrap();
        assert!(
            html[start..tag_end].contains(&format!("data-status=\"{expected}\"")),
            "ticket {id} should be {expected}: {}",
            &html[start..tag_end]
        );
    }
    assert_eq!(seen.len(), 4, "the example site should show all four statuses: {seen:?}");
}

/// Every (sponsor, placement) shown on a page, read straight from the HTML.
fn shown_placements() -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(built()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        let rel = entry.path().strip_prefix(built()).unwrap().to_string_lossy().into_owned();
        for tag in html.split('<').filter(|t| t.contains("data-sponsor=\"")) {
            let attr = |name: &str| tag.split(&format!("{name}=\"")).nth(1).map(|r| r.split('"').next().unwrap().to_string());
            let placement = attr("data-placement").unwrap_or_else(|| panic!("{rel}: sponsor link without data-placement: <{tag}"));
            out.entry((attr("data-sponsor").unwrap(), placement)).or_default().insert(rel.clone());
        }
    }
    out
}

#[test]
fn sponsor_placements_are_exact() {
    let tiers: Value = serde_yaml::from_str(&fs::read_to_string(example_site().join("sponsors.yaml")).unwrap()).unwrap();
    let tier_placements = |id: &str| -> BTreeSet<String> {
        let tier = tiers["tiers"].as_sequence().unwrap().iter().find(|t| str_of(t, "id") == Some(id)).unwrap();
        tier.get("placements").and_then(Value::as_sequence).into_iter().flatten().map(|p| p.as_str().unwrap().to_string()).collect()
    };
    let sponsors = records("sponsors");
    let shown = shown_placements();
    let html_pages =
        walkdir::WalkDir::new(built()).into_iter().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "html")).count();
    let always = ["sponsors", "page", "session-sponsor", "room", "job-listing", "job-apply"];
    for ((slug, placement), pages) in &shown {
        let s = sponsors.get(slug).unwrap_or_else(|| panic!("unknown sponsor {slug} shown"));
        let mut entitled = tier_placements(str_of(s, "tier").unwrap());
        entitled.extend(s.get("add_ons").and_then(Value::as_sequence).into_iter().flatten().map(|p| p.as_str().unwrap().to_string()));
        assert!(
            entitled.contains(placement) || always.contains(&placement.as_str()),
            "{slug} shown in {placement} on {pages:?} without entitlement"
        );
    }
    for (slug, s) in &sponsors {
        let mut promised = tier_placements(str_of(s, "tier").unwrap());
        promised.extend(s.get("add_ons").and_then(Value::as_sequence).into_iter().flatten().map(|p| p.as_str().unwrap().to_string()));
        for p in &promised {
            let pages = shown.get(&(slug.clone(), p.clone())).map_or(0, BTreeSet::len);
            assert!(pages > 0, "{slug} was promised {p} but no page shows it");
            if p == "footer" {
                assert_eq!(pages, html_pages, "{slug}: footer logos belong on every page");
            }
        }
        assert!(shown.contains_key(&(slug.clone(), "sponsors".into())), "{slug} missing from the sponsors page");
    }
}

/// The build's placement record, which the audit and the sponsor reports read, is what the
/// pages show, and every list of pages is sorted (the pages render on two threads).
#[test]
fn the_placement_record_is_what_the_pages_show_in_order() {
    let opts = confpress::pipeline::BuildOptions { now: Some("2026-08-15 12:00".into()), ..Default::default() };
    let compiled = confpress::pipeline::compile(&example_site(), &opts).unwrap_or_else(|d| panic!("{}", d.render(&example_site())));
    let mut recorded = BTreeMap::new();
    for (sponsor, placements) in &compiled.rendered.placements.by_sponsor {
        for (placement, pages) in placements {
            let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
            assert!(pages.windows(2).all(|w| w[0] < w[1]), "{sponsor} in {placement}: pages out of order or repeated");
            recorded.insert((sponsor.clone(), placement.clone()), pages.into_iter().collect::<BTreeSet<_>>());
        }
    }
    assert_eq!(recorded, shown_placements());
}

#[test]
fn verbose_build_prints_the_entitlement_table() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&["build", example_site().to_str().unwrap(), "--output", out_dir.path().join("o").to_str().unwrap(), "--verbose"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let footer_row = table.lines().find(|l| l.contains(" footer ")).expect("a footer row");
    assert!(footer_row.split_whitespace().nth(3).unwrap().parse::<usize>().unwrap() > 50, "{footer_row}");
    assert!(!table.contains("— not shown"), "{table}");
}

#[test]
fn links_respect_the_sub_path_base_url() {
    for entry in walkdir::WalkDir::new(built()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        for attr in ["href=\"/", "src=\"/", "action=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let url = &html[i + attr.len() - 1..];
                assert!(url.starts_with(BASE), "{}: {}", entry.path().display(), &url[..url.len().min(60)]);
            }
        }
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/conf/2026/"), "{}: canonical", entry.path().display());
    }
    // And every internal link resolves to a file that was written.
    let index = page("index.html");
    for (i, _) in index.match_indices(&format!("href=\"{BASE}")) {
        let rest = &index[i + 6 + BASE.len()..];
        let target = rest.split(['"', '#', '?']).next().unwrap();
        let path = built().join(target);
        assert!(path.is_file() || path.join("index.html").is_file(), "broken link on home: {target}");
    }
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let out_dir = tempfile::tempdir().unwrap();
    let o = out_dir.path().join("o");
    let out =
        run(&["build", example_site().to_str().unwrap(), "--output", o.to_str().unwrap(), "--base-url", "https://preview.example.net/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(o.join("agenda/index.html")).unwrap();
    assert!(html.contains("href=\"/sessions/"), "root-relative links");
    assert!(html.contains("https://preview.example.net/agenda/"), "canonical on the new base");
}

#[test]
fn every_page_is_html5_with_landmarks() {
    for rel in [
        "index.html",
        "agenda/index.html",
        "speakers/index.html",
        "sponsors/index.html",
        "jobs/index.html",
        "tickets/index.html",
        "news/index.html",
        "404.html",
    ] {
        let html = page(rel);
        assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"), "{rel}: doctype");
        assert!(html.contains("<html lang=\"en\""), "{rel}: lang");
        for landmark in ["<header", "<main", "<footer", "<nav"] {
            assert!(html.contains(landmark), "{rel}: {landmark}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{rel}: one h1");
    }
}

#[test]
fn static_files_and_theme_assets_are_copied() {
    assert!(built().join("assets/style.css").is_file());
    assert!(built().join("img/logo.svg").is_file());
    assert!(built().join(".confpress-output").is_file());
}

/// Every file under `dir` with its bytes, in a stable order.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let files = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file());
    files.map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap())).collect()
}

#[test]
fn a_failing_build_leaves_the_old_output_intact() {
    let site = minimal_site();
    let dir = site.path().to_str().unwrap();
    let out = site.path().join("public");
    assert!(run(&["build", dir]).status.success());
    let before = snapshot(&out);
    write(site.path(), "sessions/rust-web.md", "---\ntitle: Broken\nroom: nowhere\nstart: 2026-06-10 10:00\nduration: 30\n---\n");
    let failed = run(&["build", dir]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("the output folder was not changed"));
    let after = snapshot(&out);
    assert!(before == after, "output changed after a failed build");
    let leftovers: Vec<_> =
        fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n.to_string_lossy().contains("confpress-")).collect();
    assert!(leftovers.is_empty(), "temporary folders left behind: {leftovers:?}");
}

#[test]
fn never_replaces_a_folder_it_did_not_create() {
    let site = minimal_site();
    let dir = site.path().to_str().unwrap();
    let precious = site.path().join("precious");
    write(&precious, "thesis.txt", "years of work");
    let out = run(&["build", dir, "--output", precious.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("was not created by confpress"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(precious.join("thesis.txt")).unwrap(), "years of work");
    for target in [dir.to_string(), site.path().parent().unwrap().to_string_lossy().into_owned(), format!("{dir}/static/out")] {
        let out = run(&["build", dir, "--output", &target]);
        assert_eq!(out.status.code(), Some(1), "{target} must be refused");
    }
    assert!(site.path().join("site.yaml").is_file());
}

#[test]
fn new_writes_a_starter_that_builds_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("my-conf");
    let created = run(&["new", conf.to_str().unwrap()]);
    assert!(created.status.success(), "{}", stderr(&created));
    let out = run(&["build", conf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "the starter should build without diagnostics");
    // The starter has one speaker and one sponsor: the summary counts them in the singular.
    assert!(stdout(&out).contains(" — 2 sessions, 1 speaker, 1 sponsor — "), "{}", stdout(&out));
    assert!(conf.join("public/index.html").is_file());
    let again = run(&["new", conf.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "new must not overwrite an existing folder");
}

/// Runs confpress as a user does: no --now, no SOURCE_DATE_EPOCH, the real clock.
fn run_today(args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin()).args(args).env_remove("SOURCE_DATE_EPOCH").output().expect("run confpress")
}

#[test]
fn the_example_is_alive_whenever_it_is_built() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_today(&["build", example_site().to_str().unwrap(), "--output", out_dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "a plain build of the example prints no diagnostics");
    let tickets = fs::read_to_string(out_dir.path().join("tickets/index.html")).unwrap();
    assert!(tickets.contains("ticket-on-sale"), "a ticket tier is on sale");
    let jobs = fs::read_to_string(out_dir.path().join("jobs/index.html")).unwrap();
    assert_eq!(jobs.matches("<article class=\"job-card\"").count(), 9, "every job of the example is open");
}

#[test]
fn a_new_starter_lies_in_the_future() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("my-conf");
    assert!(run_today(&["new", conf.to_str().unwrap()]).status.success());
    let site = fs::read_to_string(conf.join("site.yaml")).unwrap();
    let start: jiff::civil::Date = site.lines().find_map(|l| l.strip_prefix("start_date: ")).unwrap().trim().parse().unwrap();
    let today = jiff::Zoned::now().date();
    assert!(start > today.checked_add(jiff::ToSpan::days(100)).unwrap(), "starts {start}, today is {today}");
    assert!(site.contains(&format!("title: My Conference {}", start.year())), "{site}");
    let out = run_today(&["check", conf.to_str().unwrap()]);
    assert!(out.status.success() && stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn language_switches_ui_strings() {
    let site = minimal_site();
    let text = fs::read_to_string(site.path().join("site.yaml")).unwrap() + "language: zh-TW\n";
    write(site.path(), "site.yaml", &text);
    let out = run(&["build", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(site.path().join("public/agenda/index.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-TW\""));
    assert!(html.contains("議程"), "agenda heading in Traditional Chinese");
}

#[test]
fn site_templates_override_the_theme() {
    let site = minimal_site();
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>OVERRIDE {{ content.title }}</h1>{{ \"*Note* & more\" | markdown }}{% endblock %}",
    );
    let out = run(&["build", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(site.path().join("public/about/index.html")).unwrap();
    assert!(html.contains("OVERRIDE About"));
    assert!(html.contains("<p><em>Note</em> &amp; more</p>"), "the markdown filter's HTML is not escaped again: {html}");
}

#[test]
fn template_errors_are_diagnostics() {
    let site = minimal_site();
    // The build's error output with `template` as the site's page.html.
    let failing = |template: &str| {
        write(site.path(), "templates/page.html", template);
        let out = run(&["build", site.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        stderr(&out)
    };
    let err = failing("{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ content.title | nosuchfilter }}</h1>\n{% endblock %}");
    assert!(err.contains("template error: Unknown filter `nosuchfilter`"), "{err}");
    assert!(err.contains("templates/page.html:3:24"), "file, line and column of the filter: {err}");

    // A variable the page does not have is caught while rendering, with its place too.
    let err = failing("{% extends \"base.html\" %}\n{% block content %}\n\n<h1>{{ content.subtitle }}</h1>\n{% endblock %}");
    assert!(err.contains("cannot render about/index.html: Field `subtitle` is not defined"), "{err}");
    assert!(err.contains("templates/page.html:4:16"), "{err}");
    assert!(err.contains("body_html, description, slug, title"), "the fields there are: {err}");
}

#[test]
fn home_names_the_dates_venue_and_calls_to_action() {
    let home = page("index.html");
    assert!(home.contains("22–23 October 2026"), "date range label");
    assert!(home.contains("Westerdok Conference Centre"), "venue");
    assert!(home.contains(&format!("{BASE}agenda/")), "link to the agenda");
    assert!(home.contains(&format!("{BASE}tickets/")) || home.contains("tickets.example"), "tickets call to action");
}

#[test]
fn a_theme_folder_replaces_files_of_the_default_theme() {
    let site = minimal_site();
    let text = fs::read_to_string(site.path().join("site.yaml")).unwrap() + "theme: my-theme\n";
    write(site.path(), "site.yaml", &text);
    write(
        site.path(),
        "my-theme/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>THEMED {{ content.title }}</h1>{% endblock %}",
    );
    write(site.path(), "my-theme/static/style.css", "body { color: rebeccapurple }");
    let out = run(&["build", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert!(fs::read_to_string(public.join("about/index.html")).unwrap().contains("THEMED About"));
    assert_eq!(fs::read_to_string(public.join("assets/style.css")).unwrap(), "body { color: rebeccapurple }");
    assert!(public.join("agenda/index.html").is_file(), "other templates come from the default theme");

    write(site.path(), "site.yaml", &text.replace("my-theme", "no-such-theme"));
    let missing = run(&["check", site.path().to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("theme folder `no-such-theme` does not exist"), "{}", stderr(&missing));
}

#[test]
fn big_exports_are_written_whole_with_their_version() {
    // schedule.json, schedule.xml and schedule.ics are written to the output as they are
    // produced; schedule.json's version goes back into the file once it is known.
    let out = built();
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    let version = json["schedule"]["version"].as_str().unwrap();
    assert_eq!(version.len(), 8);
    assert_ne!(version, "00000000", "the placeholder was replaced");
    let xml = fs::read_to_string(out.join("schedule.xml")).unwrap();
    assert!(xml.contains(&format!("<version>{version}</version>")), "schedule.xml carries the same version");
    assert!(xml.trim_end().ends_with("</schedule>"));
    let sessions = json["schedule"]["conference"]["days"].as_array().unwrap().iter();
    let events: usize = sessions.flat_map(|d| d["rooms"].as_object().unwrap().values()).map(|r| r.as_array().unwrap().len()).sum();
    assert_eq!(xml.matches("<event ").count(), events);
    let ics = fs::read_to_string(out.join("schedule.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), events);
}

#[test]
fn templates_see_maps_in_a_fixed_order() {
    // A build must be reproducible, also where a template loops over a map (here the strings
    // table): the same order every time, the keys' sorted order.
    let site = minimal_site();
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"order\">{% for key, value in t %}{{ key }} {% endfor %}</p>{% endblock %}",
    );
    let order = |out: &str| {
        let dir = site.path().join(out);
        let built = run(&["build", site.path().to_str().unwrap(), "--output", dir.to_str().unwrap()]);
        assert!(built.status.success(), "{}", stderr(&built));
        let html = fs::read_to_string(dir.join("about/index.html")).unwrap();
        let start = html.find("<p id=\"order\">").expect("the override's list") + "<p id=\"order\">".len();
        html[start..].split("</p>").next().unwrap().split_whitespace().map(str::to_string).collect::<Vec<_>>()
    };
    let first = order("out-1");
    assert!(first.len() > 50, "the strings table: {first:?}");
    assert_eq!(first, order("out-2"));
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted);
}

/// Whether `bytes` hold anything of a ready-HTML placeholder or of relative mode's root token.
fn leftovers(bytes: &[u8]) -> Option<&'static str> {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.contains(&0) {
        Some("a NUL byte")
    } else if has(b"splice-") {
        Some("a placeholder")
    } else if has(b"~cproot-") {
        Some("the root token")
    } else {
        None
    }
}

#[test]
fn no_output_file_holds_nul_bytes_or_placeholders() {
    let relative = tempfile::tempdir().unwrap();
    let out = run(&["build", example_site().to_str().unwrap(), "--output", relative.path().to_str().unwrap(), "--relative-urls"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for root in [built(), relative.path()] {
        let mut scanned = 0;
        for entry in walkdir::WalkDir::new(root).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let bytes = fs::read(entry.path()).unwrap();
            let text_file = ["html", "xml", "json", "ics", "js", "css", "txt", "webmanifest"]
                .iter()
                .any(|ext| entry.path().extension().is_some_and(|e| e == *ext));
            if text_file {
                assert_eq!(leftovers(&bytes), None, "{}", entry.path().display());
                scanned += 1;
            }
        }
        assert!(scanned > 100, "{scanned} files scanned in {}", root.display());
    }
}

#[test]
fn a_template_that_changes_ready_html_is_an_error_not_a_broken_page() {
    let site = minimal_site();
    // Placeholders stand for the layout's parts in the page data; a filter that cuts one must
    // fail the build with the template's name instead of writing NUL bytes into the page.
    let base = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html")).unwrap();
    assert!(base.contains("{{ chrome.footer }}"), "the theme's layout prints the footer");
    let dir = site.path().join("out");
    for filter in ["truncate(length=12)", "truncate(length=30)", "upper", "replace(from=\"0\", to=\"1\")"] {
        write(site.path(), "templates/base.html", &base.replace("{{ chrome.footer }}", &format!("{{{{ chrome.footer | {filter} }}}}")));
        let out = run(&["build", site.path().to_str().unwrap(), "--output", dir.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{filter}: {err}");
        assert!(err.contains("changed a piece of ready HTML"), "{filter}: {err}");
        assert!(err.contains("templates/"), "names a template: {err}");
        assert!(!dir.exists(), "nothing written");
    }
    // Escaped text never carries a NUL into a page either (HTML writes it as U+FFFD).
    write(site.path(), "templates/base.html", &base);
    write(site.path(), "pages/about.md", "---\ntitle: \"About\\0us\"\n---\nAbout us.\n");
    let out = run(&["build", site.path().to_str().unwrap(), "--output", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let about = fs::read(dir.join("about/index.html")).unwrap();
    assert!(String::from_utf8_lossy(&about).contains("About\u{FFFD}us"), "the title is there, its NUL as U+FFFD");
    for entry in walkdir::WalkDir::new(&dir).into_iter().flatten().filter(|e| e.path().extension().is_some_and(|x| x != "png")) {
        assert!(!fs::read(entry.path()).unwrap().contains(&0), "{}", entry.path().display());
    }
}

#[test]
fn a_session_subtitle_reaches_its_page_and_the_schedule_files() {
    let site = minimal_site();
    let root = site.path();
    let session = root.join("sessions/opening.md");
    let text = fs::read_to_string(&session).unwrap();
    fs::write(&session, text.replacen("title: Opening Keynote\n", "title: Opening Keynote\nsubtitle: 'Tools & <Tricks> for 2026'\n", 1))
        .unwrap();
    let out = root.join("out");
    let built = run(&["build", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));

    let html = fs::read_to_string(out.join("sessions/opening/index.html")).unwrap();
    assert!(html.contains("<h1>Opening Keynote</h1>\n    <p class=\"lead\">Tools &amp; &lt;Tricks&gt; for 2026</p>"), "{html}");
    let xml = fs::read_to_string(out.join("schedule.xml")).unwrap();
    assert!(xml.contains("<subtitle>Tools &amp; &lt;Tricks&gt; for 2026</subtitle>"), "{xml}");
    assert!(xml.contains("<subtitle></subtitle>") || xml.contains("<subtitle/>"), "sessions without one keep an empty element");

    let events: Vec<serde_json::Value> = schedule_events(&out).into_iter().map(|(_, e)| e).collect();
    let subtitle = |title: &str| events.iter().find(|e| e["title"] == title).map(|e| e["subtitle"].clone());
    assert_eq!(subtitle("Opening Keynote"), Some("Tools & <Tricks> for 2026".into()));
    assert!(events.iter().filter(|e| e["title"] != "Opening Keynote").all(|e| e["subtitle"] == ""), "the others have none");

    // A page without one shows no empty line.
    let other = fs::read_to_string(out.join("sessions/rust-web/index.html")).unwrap();
    assert!(!other.contains("<p class=\"lead\"></p>"));
}

/// Issue 18: an HTML abstract (`format: html`, as CFP tools export them) is HTML on the page —
/// a `<pre>` with a blank line after a `<p>` stays whole — and plain text, never empty, in
/// schedule.json's `abstract`, the calendar's DESCRIPTION and the JSON-LD; the author's
/// straight quotes stay straight in every export.
#[test]
fn an_html_abstract_renders_intact_and_gives_plain_text_everywhere() {
    let site = minimal_site();
    let root = site.path();
    let abstract_html = "<p>Bring a \"laptop\" &amp; it's fine.</p>\n<pre>fn main() {\n\n    run();\n}</pre>\n<ul><li>one</li><li><a href=\"https://x.org/\">two</a></li></ul>\n";
    write(
        root,
        "sessions/opening.md",
        &format!(
            "---\ntitle: Opening Keynote\nkind: keynote\nspeakers: [ada-lovelace]\nstart: 2026-06-10 09:00\nduration: 45\nformat: html\n---\n{abstract_html}"
        ),
    );
    let out = root.join("out");
    let built = run(&["build", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));

    let page = fs::read_to_string(out.join("sessions/opening/index.html")).unwrap();
    assert!(page.contains("<pre>fn main() {\n\n    run();\n}</pre>"), "the <pre> is whole:\n{page}");
    assert!(page.contains("<p>Bring a \"laptop\" &amp; it's fine.</p>"), "{page}");
    assert!(!page.contains("&lt;pre&gt;") && !page.contains("<p>    run();"), "not read as Markdown");

    let plain = "Bring a \"laptop\" & it's fine.\n\nfn main() {\n\n    run();\n}\n\n- one\n- two (https://x.org/)";
    let events: Vec<serde_json::Value> = schedule_events(&out).into_iter().map(|(_, e)| e).collect();
    let opening = events.iter().find(|e| e["title"] == "Opening Keynote").unwrap();
    assert_eq!(opening["abstract"], plain);

    let ics = fs::read_to_string(out.join("sessions/opening.ics")).unwrap().replace("\r\n ", "");
    let description = ics.lines().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
    assert!(description.contains(r#"Bring a "laptop" & it's fine.\n\nfn main() {\n\n    run()\;\n}"#), "{description}");

    let jsonld = page.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let jsonld: serde_json::Value = serde_json::from_str(jsonld).unwrap();
    assert_eq!(jsonld["description"], plain);
    assert!(page.contains("<meta name=\"description\" content=\"Bring a &quot;laptop&quot; &amp; it&#x27;s fine.\">"), "{page}");

    // Markdown abstracts keep their straight quotes too, on the page and in the exports.
    let rust_web =
        fs::read_to_string(root.join("sessions/rust-web.md")).unwrap().replace("About the web.", "It's the \"web\" -- really...");
    write(root, "sessions/rust-web.md", &rust_web);
    let built = run(&["build", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    let xml = fs::read_to_string(out.join("schedule.xml")).unwrap();
    assert!(xml.contains("It&apos;s the &quot;web&quot; -- really...") || xml.contains("It's the \"web\" -- really..."), "{xml}");
    let page = fs::read_to_string(out.join("sessions/rust-web/index.html")).unwrap();
    assert!(page.contains("<p>It's the \"web\" -- really...</p>"), "{page}");
}

/// `raw_html: true` in site.yaml lets the organizers' pages and news keep their raw HTML; what
/// speakers and sponsors write is sanitised all the same, and is by default everywhere. A
/// sponsor without a name is shown by its id.
#[test]
fn raw_html_is_for_the_organizers_pages_and_news_only() {
    let site = minimal_site();
    let root = site.path();
    let raw = "<div style=\"color: red\" onclick=\"track()\">Styled</div>\n";
    write(root, "pages/about.md", &format!("---\ntitle: About\nformat: html\n---\n{raw}"));
    write(root, "news/2026-03-01-hello.md", &format!("---\ntitle: Hello\n---\nWe are back.\n\n{raw}"));
    write(root, "speakers/zoe-martin.md", &format!("---\nname: Zoë Martin\nformat: html\n---\n{raw}"));
    let sponsor = fs::read_to_string(root.join("sponsors/acme.md")).unwrap().replace("name: Acme\n", "");
    write(root, "sponsors/acme.md", &sponsor);
    let out = root.join("out");
    let build = || {
        let built = run(&["build", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
        assert!(built.status.success(), "{}", stderr(&built));
        assert!(stderr(&built).contains("sponsor `acme` has no `name`"), "{}", stderr(&built));
        let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
        (read("about/index.html"), read("news/hello/index.html"), read("speakers/zoe-martin/index.html"), read("index.html"))
    };
    let (about, news, speaker, home) = build();
    for page in [&about, &news, &speaker] {
        assert!(page.contains("<div>Styled</div>") && !page.contains("track()"), "sanitised by default:\n{page}");
    }
    assert!(home.contains("alt=\"acme\""), "the logo's alt text says the id");

    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    write(root, "site.yaml", &format!("{yaml}raw_html: true\n"));
    let (about, news, speaker, _) = build();
    assert!(about.contains(raw.trim()) && news.contains(raw.trim()), "the organizers' HTML is kept:\n{about}");
    assert!(speaker.contains("<div>Styled</div>") && !speaker.contains("track()"), "a speaker's is not:\n{speaker}");
}
