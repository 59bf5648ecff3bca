//! `confpress import` (issue 18): each format into a content folder, built, and its schedule
//! files read back; re-imports, hand edits, dry runs, URL and stdin sources, and bad input.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

/// An empty conference folder whose site.yaml names only what no export knows.
fn site(timezone: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.yaml",
        &format!("# the organizer's comment stays\ntitle: Demo\nbase_url: https://example.org/\ntimezone: {timezone}\n"),
    );
    dir
}

fn import(dir: &Path, source: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", source, "--into", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

fn import_ok(dir: &Path, source: &Path, extra: &[&str]) -> String {
    let out = import(dir, source.to_str().unwrap(), extra);
    assert!(out.status.success(), "import failed:\n{}", stderr(&out));
    stdout(&out)
}

fn build(dir: &Path) -> PathBuf {
    let out = dir.join("public");
    let built = run(&["build", dir.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "build failed:\n{}", stderr(&built));
    out
}

/// Every file under `dir` (but the build output) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(dir.join("public")))
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

fn persons(e: &Value) -> Vec<String> {
    e["persons"].as_array().unwrap().iter().map(|p| p["public_name"].as_str().unwrap().to_string()).collect()
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn frab_schedule_2_0_json_round_trips_through_the_build() {
    let dir = site("Europe/Berlin");
    let summary = import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    assert!(summary.contains("sessions  4 created"), "{summary}");
    assert!(summary.contains("event `logo`: 1") && summary.contains("event `answers`: 1"), "what is not kept is counted:\n{summary}");
    let keynote = read(dir.path(), "sessions/abc123.md");
    assert!(keynote.contains("format: html") && keynote.contains("<pre>fn main() {\n\n"), "HTML kept whole:\n{keynote}");
    assert!(read(dir.path(), "speakers/zoe-martin.md").contains("name: Zoë Martin"));
    assert!(read(dir.path(), "speakers/ada-lovelace.md").contains("name: Ada Lovelace\n"), "names are trimmed");
    let site_yaml = read(dir.path(), "site.yaml");
    assert!(site_yaml.starts_with("# the organizer's comment stays\ntitle: Demo\n"), "{site_yaml}");
    assert!(site_yaml.contains("day_change: 04:00") && site_yaml.contains("start_date: 2026-10-23"), "{site_yaml}");
    assert!(!site_yaml.contains("Demo Conference 2026"), "a title already there is kept");

    let out = build(dir.path());
    let events = schedule_events(&out);
    assert_eq!(events.len(), 4);
    let (room, keynote) = schedule_event(&events, "Opening Keynote");
    assert_eq!(room, "Saal 1");
    assert_eq!(keynote["guid"], "0d7c7e1b-5b1a-4b0e-9f3c-1a2b3c4d5e01", "the source's guid is kept");
    assert_eq!(keynote["id"], 1001, "the source's id is kept");
    assert_eq!(keynote["date"], "2026-10-23T10:00:00+02:00");
    assert_eq!(keynote["duration"], "00:45");
    assert_eq!(keynote["type"], "keynote");
    assert_eq!(persons(keynote), ["Ada Lovelace"]);
    assert!(keynote["abstract"].as_str().unwrap().contains("We open the conference."), "{}", keynote["abstract"]);
    assert!(keynote["abstract"].as_str().unwrap().contains("println!(\"hi\");"), "the <pre> block, with its blank line");
    let page = fs::read_to_string(out.join("sessions/abc123/index.html")).unwrap();
    assert!(page.contains("<pre>fn main() {\n\n    println!"), "the imported HTML renders as HTML, the <pre> whole");
    assert!(
        !page.contains("alert('x')") && !keynote["abstract"].as_str().unwrap().contains("alert"),
        "the imported <script> is sanitised away"
    );
    let (_, podcast) = schedule_event(&events, "Late Night Podcast");
    assert_eq!(podcast["date"], "2026-10-24T01:00:00+02:00");
    assert_eq!(podcast["type"], "Podcast", "an unknown type keeps its label");
    assert_eq!(podcast["do_not_record"], true);
    assert_eq!(persons(podcast), ["Zoë Martin", "Ada Lovelace"]);
    let day_one = fs::read_to_string(out.join("schedule.json")).unwrap();
    let json: Value = serde_json::from_str(&day_one).unwrap();
    let first_day = &json["schedule"]["conference"]["days"][0]["rooms"];
    assert!(first_day.to_string().contains("Late Night Podcast"), "the event past midnight stays on its conference day");
    // Given as UTC in the export, written in the site's zone.
    assert_eq!(schedule_event(&events, "Lightning Talks").1["date"], "2026-10-24T11:30:00+02:00");
}

#[test]
fn a_pentabarf_file_without_dates_or_zone_takes_the_days_and_the_sites_zone() {
    let dir = site("Europe/Brussels");
    import_ok(dir.path(), &fixture("pentabarf.xml"), &[]);
    assert!(read(dir.path(), "sessions/6245.md").contains("format: html"));
    let out = build(dir.path());
    let events = schedule_events(&out);
    assert_eq!(events.len(), 4);
    let (room, welcome) = schedule_event(&events, "Welcome & Keynote");
    assert_eq!(room, "Janson");
    assert_eq!(welcome["date"], "2026-02-07T10:00:00+01:00");
    assert_eq!(persons(welcome), ["Simon Phipps"], "names are trimmed");
    let (_, owls) = schedule_event(&events, "Night Owls BoF");
    assert_eq!(owls["date"], "2026-02-08T01:30:00+01:00", "before day_change: the night after the day");
    assert_eq!(owls["type"], "roundtable");
    let (room, devroom) = schedule_event(&events, "A Devroom Talk");
    assert_eq!(room, "K.1.105 (La Fontaine)");
    assert!(devroom["abstract"].as_str().unwrap().contains("Tracing in practice."));
    let xml = fs::read_to_string(out.join("schedule.xml")).unwrap();
    assert!(xml.contains("<title>Night Owls BoF</title>"));
}

#[test]
fn sessionize_all_data_round_trips_through_the_build() {
    let dir = site("Australia/Melbourne");
    let summary = import_ok(dir.path(), &fixture("sessionize.json"), &[]);
    assert!(summary.contains("session `questionAnswers`: 1"), "{summary}");
    let robotics = read(dir.path(), "sessions/852916.md");
    assert!(robotics.contains("track: ai-robotics") && robotics.contains("videos:"), "{robotics}");
    assert!(robotics.contains("level: beginner"), "Sessionize's `Introductory and overview` level:\n{robotics}");
    assert!(read(dir.path(), "sessions/852917.md").contains("kind: break"), "a service session is a break");
    assert!(read(dir.path(), "speakers/sue-keay.md").contains("photo: https://sessionize.com/image/abc.jpg"));
    let out = build(dir.path());
    let events = schedule_events(&out);
    assert_eq!(events.len(), 3, "the unscheduled session is not in the schedule files");
    let (room, e) = schedule_event(&events, "Emerging Trends in Robotics");
    assert_eq!(room, "Main Hall");
    assert_eq!(e["date"], "2026-05-14T09:00:00+10:00");
    assert_eq!(persons(e), ["Sue Keay"]);
    assert!(e["abstract"].as_str().unwrap().contains("Robots are here."));
    assert_eq!(schedule_event(&events, "Pair Programming Workshop").1["type"], "workshop");
    assert!(out.join("sessions/852919/index.html").exists(), "the unscheduled session has its page");
}

#[test]
fn pretalx_api_responses_round_trip_through_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let summary = import_ok(dir.path(), &fixture("pretalx-api.json"), &[]);
    assert!(summary.contains("submission in state `rejected`"), "{summary}");
    let site_yaml = read(dir.path(), "site.yaml");
    assert!(site_yaml.contains("title: PyDemo 2026") && site_yaml.contains("timezone: Europe/Prague"), "{site_yaml}");
    assert!(!dir.path().join("sessions/talk04.md").exists(), "a rejected submission is not imported");
    let out = build(dir.path());
    let events = schedule_events(&out);
    assert_eq!(events.len(), 2);
    let (room, e) = schedule_event(&events, "Testing with Fixtures");
    assert_eq!(room, "Forum Hall");
    assert_eq!(e["date"], "2026-07-10T10:00:00+02:00");
    assert_eq!(persons(e), ["Jane Developer"]);
    assert!(e["abstract"].as_str().unwrap().contains("fundamentals"));
    let (_, pbt) = schedule_event(&events, "Property-Based Testing");
    assert_eq!(pbt["do_not_record"], true);
    assert_eq!(pbt["type"], "workshop", "Tutorial maps to workshop");
}

#[test]
fn a_folder_of_pretalx_api_responses_is_the_same_as_the_bundle() {
    let bundle: Value = serde_json::from_slice(&fs::read(fixture("pretalx-api.json")).unwrap()).unwrap();
    let api = tempfile::tempdir().unwrap();
    for key in ["event", "rooms", "speakers", "submissions"] {
        fs::write(api.path().join(format!("{key}.json")), bundle[key].to_string()).unwrap();
    }
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    import_ok(a.path(), &fixture("pretalx-api.json"), &[]);
    import_ok(b.path(), api.path(), &[]);
    assert_eq!(snapshot(a.path()), snapshot(b.path()));
}

#[test]
fn importing_the_same_export_again_changes_no_byte() {
    for (name, zone) in [
        ("frab-2.0.json", "Europe/Berlin"),
        ("pentabarf.xml", "Europe/Brussels"),
        ("sessionize.json", "Australia/Melbourne"),
        ("pretalx-api.json", "Europe/Prague"),
    ] {
        let dir = site(zone);
        import_ok(dir.path(), &fixture(name), &[]);
        let first = snapshot(dir.path());
        assert!(first.contains_key(Path::new(".confpress-import.json")), "the state file is written");
        let again = import_ok(dir.path(), &fixture(name), &[]);
        assert_eq!(first, snapshot(dir.path()), "{name}: a second import changed files");
        assert!(!again.contains(" 1 created") && again.contains("0 created, 0 updated"), "{name}: {again}");
    }
}

/// The frab fixture with `edits` applied (what the CFP tool exports a day later).
fn updated_frab(edits: &[(&str, &str)]) -> tempfile::NamedTempFile {
    let mut text = fs::read_to_string(fixture("frab-2.0.json")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in the fixture");
        text = text.replacen(from, to, 1);
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

#[test]
fn an_updated_export_updates_what_changed_and_keeps_hand_edits() {
    let dir = site("Europe/Berlin");
    import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    // The organizer edits two fields by hand and adds one of their own.
    let path = dir.path().join("sessions/abc123.md");
    let text = fs::read_to_string(&path).unwrap();
    let text = text
        .replace("title: Opening Keynote", "title: Opening Keynote (hand edit)")
        .replace("subtitle: Why we are here", "subtitle: Our subtitle");
    fs::write(&path, text.replace("kind: keynote\n", "kind: keynote\nfeatured: true\n")).unwrap();

    // The source changes the title (a conflict), the duration and the abstract; not the subtitle.
    let v2 = updated_frab(&[
        ("\"title\": \"Opening Keynote\"", "\"title\": \"Opening Keynote 2026\""),
        ("\"duration\": \"00:45\"", "\"duration\": \"00:50\""),
        ("We open the conference.", "We open the conference, again."),
    ]);
    let summary = import_ok(dir.path(), v2.path(), &[]);
    let now = fs::read_to_string(&path).unwrap();
    assert!(now.contains("title: Opening Keynote (hand edit)"), "the hand edit wins:\n{now}");
    assert!(now.contains("subtitle: Our subtitle"), "a hand edit the source did not touch is kept");
    assert!(now.contains("featured: true"), "the organizer's own field is kept");
    assert!(now.contains("duration: 50") && now.contains("We open the conference, again."), "the source's changes arrive:\n{now}");
    assert!(
        summary.contains("sessions/abc123.md `title`: kept \"Opening Keynote (hand edit)\", the source now says \"Opening Keynote 2026\""),
        "the conflict is reported with both values:\n{summary}"
    );
    assert!(!summary.contains("`subtitle`"), "{summary}");
    assert!(summary.contains("sessions  0 created, 1 updated, 3 unchanged"), "{summary}");
    // And again: nothing more changes, the conflict is not news any more.
    let before = snapshot(dir.path());
    let again = import_ok(dir.path(), v2.path(), &[]);
    assert_eq!(before, snapshot(dir.path()));
    assert!(!again.contains("conflicts"), "{again}");
}

#[test]
fn a_talk_scheduled_twice_is_two_sessions_and_re_imports_unchanged() {
    let xml = fs::read_to_string(fixture("pentabarf.xml")).unwrap();
    let repeat = xml.replacen("<event id=\"6400\">\n        <start>16:00</start>", "<event id=\"6300\">\n        <start>16:00</start>", 1);
    let src = tempfile::tempdir().unwrap();
    fs::write(src.path().join("repeat.xml"), repeat).unwrap();
    let dir = site("Europe/Brussels");
    import_ok(dir.path(), &src.path().join("repeat.xml"), &[]);
    assert!(dir.path().join("sessions/6300.md").exists() && dir.path().join("sessions/6300-2.md").exists());
    let before = snapshot(dir.path());
    import_ok(dir.path(), &src.path().join("repeat.xml"), &[]);
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn a_renamed_session_keeps_its_file() {
    let dir = site("Europe/Berlin");
    import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    let v2 = updated_frab(&[
        ("\"title\": \"Hands-on Rust\"", "\"title\": \"Hands-on Rust, Revised\""),
        ("\"name\": \"Zoë Martin\"", "\"name\": \"Zoë Martin-Li\""),
    ]);
    import_ok(dir.path(), v2.path(), &[]);
    assert!(read(dir.path(), "sessions/ghi789.md").contains("title: Hands-on Rust, Revised"));
    assert!(dir.path().join("speakers/zoe-martin.md").exists(), "a speaker's file keeps its first name");
}

#[test]
fn sessions_gone_from_the_source_are_reported_and_removed_only_with_prune() {
    let dir = site("Europe/Berlin");
    import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    let v2 = updated_frab(&[("\"code\": \"GHI789\"", "\"code\": \"XYZ999\"")]);
    let summary = import_ok(dir.path(), v2.path(), &[]);
    assert!(summary.contains("gone from the source, kept") && summary.contains("sessions/ghi789.md"), "{summary}");
    assert!(dir.path().join("sessions/ghi789.md").exists());
    let pruned = import_ok(dir.path(), v2.path(), &["--prune"]);
    assert!(!dir.path().join("sessions/ghi789.md").exists(), "{pruned}");
    assert!(pruned.contains("1 removed"), "{pruned}");
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_would_change() {
    let dir = site("Europe/Berlin");
    let before = snapshot(dir.path());
    let out = import_ok(dir.path(), &fixture("frab-2.0.json"), &["--dry-run"]);
    assert_eq!(before, snapshot(dir.path()), "a dry run wrote files");
    assert!(out.contains("would create sessions/abc123.md") && out.contains("would update site.yaml"), "{out}");
    import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    let v2 = updated_frab(&[("\"duration\": \"00:45\"", "\"duration\": \"00:50\"")]);
    let before = snapshot(dir.path());
    let out = import_ok(dir.path(), v2.path(), &["--dry-run"]);
    assert_eq!(before, snapshot(dir.path()));
    assert!(out.contains("would update sessions/abc123.md (duration)"), "{out}");
}

#[test]
fn site_yaml_import_kinds_extends_the_table() {
    let dir = site("Europe/Berlin");
    let mut text = read(dir.path(), "site.yaml");
    text.push_str("import:\n  kinds:\n    Podcast: panel\n");
    fs::write(dir.path().join("site.yaml"), text).unwrap();
    import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    let podcast = read(dir.path(), "sessions/def456.md");
    assert!(podcast.contains("kind: panel") && !podcast.contains("kind_label"), "{podcast}");
}

#[test]
fn an_export_is_read_from_a_url_and_from_stdin() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let body = fs::read(fixture("frab-2.0.json")).unwrap();
    let serving = std::thread::spawn(move || {
        let request = server.recv().unwrap();
        assert_eq!(request.url(), "/demo26/schedule/export/schedule.json");
        request.respond(tiny_http::Response::from_data(body)).unwrap();
    });
    let by_url = site("Europe/Berlin");
    let out = import(by_url.path(), &format!("http://127.0.0.1:{port}/demo26/schedule/export/schedule.json"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    serving.join().unwrap();

    let by_stdin = site("Europe/Berlin");
    let mut child = Command::new(bin())
        .args(["import", "-", "--into", by_stdin.path().to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&fs::read(fixture("frab-2.0.json")).unwrap()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(snapshot(by_url.path()), snapshot(by_stdin.path()));
    assert!(by_url.path().join("sessions/abc123.md").exists());
}

#[test]
fn a_server_error_is_one_clear_error() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let serving = std::thread::spawn(move || {
        let request = server.recv().unwrap();
        request.respond(tiny_http::Response::from_string("no").with_status_code(404)).unwrap();
    });
    let dir = site("Europe/Berlin");
    let url = format!("http://127.0.0.1:{port}/missing.json");
    let out = import(dir.path(), &url, &[]);
    serving.join().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("HTTP 404") && stderr(&out).contains(&url), "{}", stderr(&out));
}

/// Imports `text` as a file named `name` and expects an error; nothing may be written.
fn bad(name: &str, text: &[u8], extra: &[&str]) -> String {
    let dir = site("Europe/Berlin");
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join(name);
    fs::write(&file, text).unwrap();
    let before = snapshot(dir.path());
    let out = import(dir.path(), file.to_str().unwrap(), extra);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(name), "the error names the file:\n{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, snapshot(dir.path()), "a failed import changed files");
    err
}

#[test]
fn bad_input_gets_one_clear_error_and_writes_nothing() {
    let json = fs::read_to_string(fixture("frab-2.0.json")).unwrap();
    let err = bad("truncated.json", &json.as_bytes()[..json.len() / 2], &[]);
    assert!(err.contains("truncated") && err.contains("truncated.json:"), "{err}");

    let xml = fs::read_to_string(fixture("pentabarf.xml")).unwrap();
    let err = bad("truncated.xml", &xml.as_bytes()[..xml.len() / 2], &[]);
    assert!(err.contains("not well-formed XML") && err.contains("truncated.xml:"), "{err}");

    let err = bad("notes.txt", b"just some notes\n", &[]);
    assert!(err.contains("unknown export format") && err.contains("--format"), "{err}");

    let err = bad("grouped.json", b"[{\"groupId\": null, \"sessions\": []}]", &[]);
    assert!(err.contains("\"All Data\" view"), "{err}");

    let err = bad("other.json", b"{\"talks\": []}", &[]);
    assert!(err.contains("unknown export format"), "{err}");

    let wrong = json.replacen("\"duration\": \"00:45\"", "\"duration\": 45", 1);
    let err = bad("wrong-type.json", wrong.as_bytes(), &[]);
    assert!(
        err.contains("schedule.conference.days[0].rooms.Saal 1 [0].duration") && err.contains("expected"),
        "a JSON path and what was expected:\n{err}"
    );

    let undeclared = json.replacen("\"room\": \"Workshop Room\"", "\"room\": \"Basement\"", 1);
    let err = bad("undeclared.json", undeclared.as_bytes(), &[]);
    assert!(err.contains("room `Basement`") && err.contains("does not declare"), "{err}");

    let sessionize = fs::read_to_string(fixture("sessionize.json")).unwrap();
    let backwards = sessionize.replacen("\"endsAt\": \"2026-05-14T09:45:00\"", "\"endsAt\": \"2026-05-14T08:45:00\"", 1);
    let err = bad("backwards.json", backwards.as_bytes(), &[]);
    assert!(err.contains("ends (2026-05-14T08:45:00) before it starts (2026-05-14T09:00:00)"), "{err}");

    let no_room = sessionize.replacen("\"roomId\": 53748", "\"roomId\": 99999", 1);
    let err = bad("no-room.json", no_room.as_bytes(), &[]);
    assert!(err.contains("room `99999`"), "{err}");

    let err = bad("forced.json", json.as_bytes(), &["--format", "sessionize"]);
    assert!(err.contains("missing field `sessions`"), "{err}");
}

#[test]
fn a_200_mb_file_is_refused_unread() {
    let dir = site("Europe/Berlin");
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("huge.json");
    fs::File::create(&file).unwrap().set_len(200_000_000).unwrap();
    let started = std::time::Instant::now();
    let out = import(dir.path(), file.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("200 MB") && stderr(&out).contains("at most 64 MB"), "{}", stderr(&out));
    assert!(started.elapsed().as_secs() < 5, "refused without reading it");
}

#[test]
fn a_failure_half_way_leaves_the_folder_as_it_was() {
    let dir = site("Europe/Berlin");
    // `speakers` is a file, so no speaker can be written: the sessions and rooms must not be either.
    write(dir.path(), "speakers", "not a folder");
    let before = snapshot(dir.path());
    let out = import(dir.path(), fixture("frab-2.0.json").to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(before, snapshot(dir.path()), "{}", stderr(&out));
}

/// The excerpts of real exports (tests/fixtures/import/real/SOURCES.md): each imports and
/// builds, and schedule.json has their events with their guids, persons and abstracts.
fn real(name: &str, zone: &str) -> (tempfile::TempDir, Vec<(String, Value)>) {
    let dir = site(zone);
    let mut text = read(dir.path(), "site.yaml");
    // pretalx's API responses without `event.json` carry no dates.
    if name.starts_with("europython") {
        text.push_str("start_date: 2024-07-08\nend_date: 2024-07-14\n");
    }
    fs::write(dir.path().join("site.yaml"), text).unwrap();
    import_ok(dir.path(), &fixture(&format!("real/{name}")), &[]);
    let out = build(dir.path());
    let events = schedule_events(&out);
    (dir, events)
}

#[test]
fn real_pretalx_schedule_json_imports_and_builds() {
    let (_dir, events) = real("conference-bot-anyconf.json", "Europe/Brussels");
    let (room, e) = schedule_event(&events, "Welcome to AnyConf 2024");
    assert_eq!(room, "janson");
    assert_eq!(e["guid"], "5bb0aa4e-0c0e-5ccd-9523-0ed1ca679039");
    assert_eq!(e["date"], "2024-02-03T09:00:00+01:00");
    assert_eq!(persons(e), ["AnyConf Staff", "Alice AnyConf"]);
    assert_eq!(e["abstract"], "AnyConf welcome and opening talk.");
}

#[test]
fn real_pretalx_fosdem_xml_imports_and_builds() {
    let (dir, events) = real("conference-bot-fosdemformat.xml", "Europe/Brussels");
    assert!(read(dir.path(), "sessions/1235.md").contains("format: html\n"), "HTML elements in <abstract> are kept as HTML");
    assert_eq!(events.len(), 2);
    let guids: Vec<&str> = events.iter().map(|(_, e)| e["guid"].as_str().unwrap()).collect();
    assert_eq!(guids, ["b8325b99-84af-45a7-806b-5819c79b6dc5", "5bb0aa4e-0c0e-5ccd-9523-0ed1ca679039"]);
    assert!(events.iter().all(|(_, e)| e["abstract"] == "AnyConf welcome and opening talk."));
}

#[test]
fn real_pentabarf_xml_imports_and_builds() {
    let (_dir, events) = real("conference-bot-pentabarf01.xml", "Europe/Brussels");
    let (room, e) = schedule_event(&events, "Testcon01: Opening Remarks");
    assert_eq!(room, "A.01 (Someroom)");
    assert_eq!(e["date"], "2023-02-04T09:00:00+01:00");
    assert_eq!(persons(e), ["John Teststone", "Evå 完牲 Exampleson"]);
    assert_eq!(e["abstract"], "Opening remarks");
}

#[test]
fn real_sessionize_all_data_imports_and_builds() {
    let (dir, events) = real("dddmelbourne-2025-sessionize.json", "Australia/Melbourne");
    assert_eq!(events.len(), 5);
    let (room, e) = schedule_event(&events, "All your secrets are belong to us");
    assert_eq!(room, "Swanston room");
    assert_eq!(e["date"], "2025-02-22T10:15:00+11:00");
    assert!(!persons(e).is_empty() && !e["abstract"].as_str().unwrap().is_empty());
    let text = read(dir.path(), "sessions/774291.md");
    assert!(text.contains("- Architecture") && text.contains("kind_label: 45 minutes") && text.contains("level: intermediate"), "{text}");
}

#[test]
fn real_pretalx_api_responses_import_and_build() {
    let (dir, events) = real("europython-pretalx", "Europe/Prague");
    assert!(events.is_empty(), "the submissions have no slots yet: accepted, not scheduled");
    let talk = read(dir.path(), "sessions/a8cd3f.md");
    assert!(talk.contains("kind_label: Talk (long session)") || talk.contains("kind: talk"), "{talk}");
    assert!(talk.contains("track: software-engineering-architecture") && talk.contains("attachments:"), "{talk}");
    assert!(read(dir.path(), "speakers/a-speaker.md").contains("photo: https://pretalx.com/media/avatars/picture.jpg"));
}

#[test]
fn pretalx_s_api_is_crawled_page_by_page_with_the_token() {
    let bundle: Value = serde_json::from_slice(&fs::read(fixture("pretalx-api.json")).unwrap()).unwrap();
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let base = format!("http://127.0.0.1:{port}/api/events/pydemo-2026/");
    let results = bundle["submissions"]["results"].as_array().unwrap().clone();
    let (first, second) = results.split_at(2);
    let page = |items: &[Value], next: Option<String>| serde_json::json!({"count": 4, "next": next, "previous": null, "results": items});
    let pages: BTreeMap<String, Value> = [
        ("/api/events/pydemo-2026/".to_string(), bundle["event"].clone()),
        (
            "/api/events/pydemo-2026/submissions/?state=confirmed&state=accepted&limit=100".into(),
            page(first, Some(format!("{base}submissions/?page=2"))),
        ),
        ("/api/events/pydemo-2026/submissions/?page=2".into(), page(second, None)),
        ("/api/events/pydemo-2026/speakers/?limit=100".into(), bundle["speakers"].clone()),
        ("/api/events/pydemo-2026/rooms/?limit=100".into(), bundle["rooms"].clone()),
    ]
    .into_iter()
    .collect();
    let serving = std::thread::spawn(move || {
        let mut tokens = Vec::new();
        // The five pages above and the two optional endpoints, which this server does not have.
        for _ in 0..7 {
            let request = server.recv().unwrap();
            tokens.extend(request.headers().iter().filter(|h| h.field.equiv("Authorization")).map(|h| h.value.to_string()));
            let response = match pages.get(request.url()) {
                Some(body) => tiny_http::Response::from_string(body.to_string()),
                None => tiny_http::Response::from_string("{}").with_status_code(404),
            };
            request.respond(response).unwrap();
        }
        tokens
    });
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(bin())
        .args(["import", &base, "--format", "pretalx", "--into", dir.path().to_str().unwrap()])
        .env("PRETALX_TOKEN", "s3cret")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let tokens = serving.join().unwrap();
    assert_eq!(tokens.len(), 7);
    assert!(tokens.iter().all(|t| t == "Token s3cret"), "{tokens:?}");
    let from_file = tempfile::tempdir().unwrap();
    import_ok(from_file.path(), &fixture("pretalx-api.json"), &[]);
    let crawled = snapshot(dir.path());
    assert!(crawled.contains_key(Path::new("sessions/talk03.md")), "the second page was read");
    assert_eq!(crawled, snapshot(from_file.path()), "the crawl gives what the bundle gives");
}

#[test]
fn a_file_deleted_by_hand_is_not_written_again() {
    let dir = site("Europe/Berlin");
    import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    fs::remove_file(dir.path().join("sessions/def456.md")).unwrap();
    let summary = import_ok(dir.path(), &fixture("frab-2.0.json"), &[]);
    assert!(!dir.path().join("sessions/def456.md").exists());
    assert!(summary.contains("deleted by hand since the last import, not recreated:\n  sessions/def456.md"), "{summary}");
}

#[test]
fn an_unknown_format_name_lists_the_formats() {
    let dir = site("Europe/Berlin");
    let out = import(dir.path(), fixture("frab-2.0.json").to_str().unwrap(), &["--format", "ical"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("formats are frab-json, frab-xml, sessionize, pretalx"), "{}", stderr(&out));
}

/// Every fixture imported and built: (name, the build's output folder).
fn imported_builds() -> Vec<(String, tempfile::TempDir)> {
    let cases = [
        ("frab-2.0.json", "Europe/Berlin"),
        ("pentabarf.xml", "Europe/Brussels"),
        ("sessionize.json", "Australia/Melbourne"),
        ("pretalx-api.json", "Europe/Prague"),
    ];
    cases
        .into_iter()
        .map(|(name, zone)| {
            let dir = site(zone);
            import_ok(dir.path(), &fixture(name), &[]);
            build(dir.path());
            (name.to_string(), dir)
        })
        .collect()
}

fn schema(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas/voc-schedule").join(rel)
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn imported_schedule_xml_is_valid_against_the_c3voc_xsd() {
    for (name, dir) in imported_builds() {
        let file = dir.path().join("public/schedule.xml");
        let out = tool(
            "xmllint",
            &["--noout", "--schema", schema("schedule.xml.xsd").to_str().unwrap(), file.to_str().unwrap()],
            "the Debian package libxml2-utils",
        );
        assert!(out.status.success(), "{name}: schedule.xml is not valid:\n{}", stderr(&out));
    }
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn imported_schedule_json_is_valid_against_the_c3voc_schema() {
    let script = "import json\nfrom jsonschema import Draft6Validator\nschema = json.load(open(sys.argv[1]))\ndoc = json.load(open(sys.argv[2]))\n\
                  errors = list(Draft6Validator(schema).iter_errors(doc))\nfor e in errors: print('/'.join(map(str, e.absolute_path)), e.message)\nsys.exit(1 if errors else 0)";
    for (name, dir) in imported_builds() {
        let file = dir.path().join("public/schedule.json");
        let out = python("jsonschema", script, &[schema("schema.json").to_str().unwrap(), file.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: schedule.json is not valid:\n{}{}", stdout(&out), stderr(&out));
    }
}
