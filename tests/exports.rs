//! The machine-readable outputs (iCalendar, frab XML/JSON, sitemap, Atom, JSON-LD) checked by
//! independent tools against their public standards, round-tripped against the model, and
//! checked for stability.
//!
//! The checks by outside tools are tier 2, marked `#[ignore]`: they need Debian's `libxml2-utils`
//! (xmllint) and `jing`, and the PyPI packages `jsonschema[format-nongpl]` and `icalendar` in the
//! venv `.tools/venv`. `bash scripts/setup` installs them; `cargo test -- --include-ignored` runs
//! them, and there a missing tool fails the test, naming the setup command. The other tests here
//! need nothing but cargo. The public schemas are vendored in tests/fixtures/schemas/ (see its
//! SOURCES.md).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::tool;
use confpress::diag::Diagnostics;
use confpress::export;
use confpress::model::{self, Conference};
use confpress::render::pages;
use confpress::render::views::Views;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Building

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A public schema, vendored under tests/fixtures/schemas/ (its SOURCES.md says where from).
fn schema(rel: &str) -> PathBuf {
    let p = manifest_dir().join("tests/fixtures/schemas").join(rel);
    assert!(p.exists(), "schema {} not found", p.display());
    p
}

/// A fixed "now" so ticket status and job expiry do not depend on the day the tests run.
fn now() -> jiff::Timestamp {
    "2026-09-01T10:00:00Z".parse().unwrap()
}

/// Loads and resolves a site; panics with the diagnostics when it has errors.
fn load(dir: &Path) -> Conference {
    let (content, mut diags) = confpress::content::load(dir);
    let opts = model::Options { drafts: false, now: Some(now()), base_url: None, site_dir: dir.to_path_buf() };
    let conf = model::resolve(content, &opts, &mut diags);
    match conf {
        Some(c) if !diags.has_errors() => c,
        _ => panic!("{} does not build:\n{}", dir.display(), render_diags(diags, dir)),
    }
}

fn render_diags(diags: Diagnostics, dir: &Path) -> String {
    diags.render(dir)
}

/// The page routes, as the renderer plans them (for the sitemap).
fn routes(conf: &Conference) -> Vec<String> {
    let views = Views::new(conf, Value::Null);
    pages::plan(views.conf).into_iter().filter(|p| !matches!(p.kind, pages::PageKind::NotFound(_))).map(|p| p.route).collect()
}

/// Every export file of a site, by path.
fn exports(conf: &Conference) -> BTreeMap<String, Vec<u8>> {
    let files = confpress::sink::Collect::default();
    export::write(conf, &routes(conf), &files).unwrap();
    files.into_files().into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Writes the export files under a fresh temporary folder (for the external validators).
fn write_out(files: &BTreeMap<String, Vec<u8>>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path} among {:?}", files.keys().collect::<Vec<_>>())).clone()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Fixtures

fn write(dir: &Path, rel: &str, body: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, body).unwrap();
}

/// A three-day conference in Europe/Berlin across the end of daylight saving time
/// (2026-10-25 03:00 CEST → 02:00 CET): sessions on both sides, one running across the change,
/// a plenary keynote, a break, news, a job and tickets.
fn dst_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "site.yaml",
        "title: \"Fall Back Conf 2026 <&>\"\nacronym: fallback-2026\ndescription: A conference that crosses the end of summer time.\nbase_url: https://conf.example.org/fb/\ntimezone: Europe/Berlin\nstart_date: 2026-10-24\nend_date: 2026-10-26\nvenue:\n  name: Kulturhaus\n  address: Hauptstraße 1, 10115 Berlin\n  city: Berlin\n  country: Germany\norganizer:\n  name: Fall Back e.V.\n  url: https://fallback.example.org/\n  email: team@fallback.example.org\nlinks:\n  stream: https://stream.example.org/fb/\n",
    );
    write(
        d,
        "rooms.yaml",
        "- id: main\n  name: Main Stage\n  capacity: 500\n- id: side-room\n  name: \"Side Room; East, 2nd floor\"\n  stream: https://stream.example.org/fb/side\n",
    );
    write(
        d,
        "tracks.yaml",
        "- id: core\n  name: \"Core, Runtime & Tools\"\n  color: \"#a3c\"\n- id: ops\n  name: Ops\n  color: \"#047857\"\n",
    );
    write(d, "speakers/ada.md", "---\nname: Ada Lovelace\naffiliation: Analytical Engines\n---\nAda writes programs.\n");
    write(d, "speakers/zoe.md", "---\nname: Zoë Martin-Ünal 老虎\njob_title: Staff Engineer\n---\nZoë works on runtimes.\n");
    write(d, "speakers/kim.md", "---\nname: Kim Park\n---\nKim runs things.\n");
    write(
        d,
        "sessions/opening-keynote.md",
        "---\ntitle: Opening Keynote\nkind: keynote\nspeakers: [ada]\nstart: 2026-10-24 09:00\nduration: 60\n---\nWelcome to **Fall Back**.\n\nWe start with [the history](https://example.org/history) of time.\n",
    );
    write(
        d,
        "sessions/summer-talk.md",
        "---\ntitle: \"Summer Time: a talk with a very long title that will need folding in the calendar file, surely\"\nspeakers: [zoe, kim]\ntrack: core\nroom: main\nstart: 2026-10-24 10:30\nduration: 45\nlanguage: de\nslides: https://slides.example.org/summer.pdf\n---\nA long abstract, with commas; semicolons and a backslash \\ and <b>markup</b> & ampersands. Ünïcödé 老虎 text that goes on and on so that the DESCRIPTION line is folded at seventy-five octets, possibly in the middle of a multi-byte character.\n",
    );
    write(d, "sessions/lunch.md", "---\ntitle: Lunch\nkind: break\nstart: 2026-10-24 12:00\nduration: 60\n---\n");
    write(
        d,
        "sessions/night-shift.md",
        "---\ntitle: Night Shift\nkind: social\nroom: side-room\nstart: 2026-10-24 23:00\nduration: 240\n---\nFour real hours across the change of the clocks.\n",
    );
    write(
        d,
        "sessions/winter-talk.md",
        "---\ntitle: Winter Time\nspeakers: [ada]\ntrack: ops\nroom: main\nstart: 2026-10-25 10:00\nend: 2026-10-25 10:45\n---\nThe first talk in CET.\n",
    );
    write(
        d,
        "sessions/ops.md",
        "---\ntitle: Ops\nspeakers: [kim]\ntrack: ops\nroom: side-room\nstart: 2026-10-26 09:00\nduration: 30\nvideo: https://video.example.org/ops\n---\nShort slug.\n",
    );
    write(
        d,
        "news/2026-09-01-cfp-open.md",
        "---\ntitle: \"CFP is open & waiting\"\nauthor: The Team\n---\nSend us your **talks** through [the CFP](/cfp/).\n\nSecond paragraph.\n",
    );
    write(d, "news/2026-10-01-schedule.md", "---\ntitle: Schedule out\n---\nThe <schedule> is out.\n");
    write(
        d,
        "tickets.yaml",
        "currency: EUR\nurl: https://tickets.example.org/\ntiers:\n  - id: early\n    name: Early Bird\n    price: 99\n    on_sale: 2026-06-01 09:00\n    off_sale: 2026-08-01 00:00\n  - id: regular\n    name: Regular\n    price: 199.5\n    on_sale: 2026-08-01 00:00\n  - id: late\n    name: Late\n    price: 299\n    on_sale: 2026-10-01 00:00\n  - id: student\n    name: Student\n    price: 0\n    status: sold-out\n    audience: Students\n",
    );
    write(d, "sponsors.yaml", "tiers:\n  - id: gold\n    name: Gold\n    rank: 1\n    jobs: 3\n");
    write(d, "static/img/acme.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    write(d, "sponsors/acme.md", "---\nname: Acme GmbH\ntier: gold\nlogo: img/acme.svg\nurl: https://acme.example.com/\n---\nAcme.\n");
    write(
        d,
        "jobs/rust-dev.md",
        "---\ntitle: Rust Developer\nsponsor: acme\nlocation: Berlin, Germany\nremote: hybrid\ntype: full-time\nsalary:\n  min: 70000\n  max: 90000\n  currency: EUR\n  period: year\napply: https://acme.example.com/jobs/1\nposted: 2026-08-15\nexpires: 2026-12-31\n---\nWrite **Rust** at Acme. </script> is not a problem.\n",
    );
    write(
        d,
        "jobs/remote-sre.md",
        "---\ntitle: Remote SRE\nsponsor: acme\nlocation: Europe\nremote: remote\ntype: contract\nsalary:\n  min: 80\n  currency: EUR\n  period: hour\napply: https://acme.example.com/jobs/2\nposted: 2026-08-20\n---\nKeep things up.\n",
    );
    t
}

fn example_dir() -> PathBuf {
    manifest_dir().join("example-site")
}

/// The sites every validation runs on: the DST fixture and the example site.
fn sites() -> Vec<(String, Conference)> {
    let dst = dst_site();
    vec![("dst fixture".into(), load(dst.path())), ("example-site".into(), load(&example_dir()))]
}

// ---------------------------------------------------------------------------------------------
// Outside tools (the tier-2 tests; tests/common/mod.rs finds them)

fn xmllint_xsd(xsd: &Path, file: &Path) {
    let out = tool("xmllint", &["--noout", "--schema", xsd.to_str().unwrap(), file.to_str().unwrap()], "the Debian package libxml2-utils");
    assert!(out.status.success(), "{} is not valid against {}:\n{}", file.display(), xsd.display(), String::from_utf8_lossy(&out.stderr));
}

/// Validates `file` against the RELAX NG compact schema `rnc` with jing.
fn jing_rnc(rnc: &Path, file: &Path) {
    let out = tool("jing", &["-c", rnc.to_str().unwrap(), file.to_str().unwrap()], "the Debian package jing");
    assert!(
        out.status.success(),
        "{} is not valid against {}:\n{}{}",
        file.display(),
        rnc.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Python modules every script here may use.
const PY_MODULES: &str = "jsonschema, icalendar";

/// Without its `format-nongpl` extras, jsonschema silently passes every date-time and uri.
const PY_FORMATS: &str = r#"
from jsonschema import Draft6Validator
if Draft6Validator.FORMAT_CHECKER.conforms("2026-10-22T09:00", "date-time") or Draft6Validator.FORMAT_CHECKER.conforms("not a uri", "uri"):
    sys.stderr.write("jsonschema cannot check the date-time and uri formats: it lacks jsonschema[format-nongpl]\n")
    sys.exit(97)
"#;

fn py(script: &str, args: &[&str]) -> Output {
    common::python(PY_MODULES, &format!("{PY_FORMATS}\n{script}"), args)
}

/// Runs a Python script; returns stdout, fails on a non-zero exit.
fn python(script: &str, args: &[&str]) -> String {
    let out = py(script, args);
    assert!(out.status.success(), "python failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const JSON_SCHEMA: &str = r#"
import json
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = Draft6Validator(schema, format_checker=Draft6Validator.FORMAT_CHECKER)
errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors:
    print("/".join(map(str, e.absolute_path)), e.message)
sys.exit(1 if errors else 0)
"#;

/// Validates a JSON file against a draft-06 schema with format checks; returns the error lines.
fn json_schema_errors(schema_path: &Path, file: &Path) -> Option<String> {
    let out = py(JSON_SCHEMA, &[schema_path.to_str().unwrap(), file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() { None } else { Some(format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr)) }
}

/// Parses calendars with the Python `icalendar` package: for each file (argument), its name and
/// one JSON object per VEVENT.
const ICS_DUMP: &str = r#"
import json
result = {}
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    problems = [str(e) for c in cal.walk() for e in getattr(c, "errors", [])]
    if problems:
        sys.exit("%s: parse errors: %r" % (path, problems))
    out = {"calname": str(cal.get("X-WR-CALNAME", "")), "version": str(cal.get("VERSION")), "prodid": str(cal.get("PRODID")), "events": []}
    for ev in cal.walk("VEVENT"):
        cats = ev.get("CATEGORIES")
        if cats is None:
            cats = []
        elif not isinstance(cats, list):
            cats = [cats]
        out["events"].append({
            "uid": str(ev["UID"]),
            "start": ev.decoded("DTSTART").isoformat(),
            "end": ev.decoded("DTEND").isoformat(),
            "stamp": ev.decoded("DTSTAMP").isoformat(),
            "summary": str(ev["SUMMARY"]),
            "description": str(ev.get("DESCRIPTION", "")),
            "location": str(ev.get("LOCATION", "")),
            "url": str(ev.get("URL", "")),
            "categories": [str(x) for c in cats for x in c.cats],
        })
    result[path] = out
print(json.dumps(result))
"#;

/// Parses every `.ics` file under `root` in one Python run; keyed by path relative to `root`.
fn parse_all_ics(root: &Path, files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Value> {
    let paths: Vec<String> = files.keys().filter(|p| p.ends_with(".ics")).map(|p| root.join(p).to_str().unwrap().to_string()).collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let parsed: BTreeMap<String, Value> = serde_json::from_str(&python(ICS_DUMP, &args)).unwrap();
    parsed.into_iter().map(|(k, v)| (Path::new(&k).strip_prefix(root).unwrap().to_str().unwrap().to_string(), v)).collect()
}

/// Reads schedule.xml with Python's ElementTree into the same shape as schedule.json's events.
const XML_DUMP: &str = r#"
import json
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
out = {"version": root.findtext("version"), "days": []}
for day in root.findall("day"):
    d = {"index": int(day.get("index")), "date": day.get("date"), "day_start": day.get("start"), "day_end": day.get("end"), "rooms": {}}
    for room in day.findall("room"):
        events = []
        for ev in room.findall("event"):
            e = {"id": int(ev.get("id")), "guid": ev.get("guid")}
            for k in ["date", "start", "duration", "room", "slug", "url", "title", "subtitle", "type", "language", "abstract"]:
                e[k] = ev.findtext(k) or ""
            e["track"] = ev.findtext("track") or None
            e["persons"] = [{"id": int(p.get("id")), "guid": p.get("guid"), "public_name": p.text} for p in ev.find("persons")]
            e["links"] = [{"type": l.get("type"), "url": l.get("href"), "title": l.text} for l in ev.find("links")]
            events.append(e)
        d["rooms"][room.get("name")] = events
    out["days"].append(d)
print(json.dumps(out))
"#;

fn parse_xml(file: &Path) -> Value {
    serde_json::from_str(&python(XML_DUMP, &[file.to_str().unwrap()])).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Helpers over the model

/// Session `i`'s JSON-LD, as its page has it.
fn session_ld(conf: &Conference, i: usize) -> Value {
    let description = confpress::markup::body::plain(&conf.sessions[i].abstract_md, &conf.site.base_url);
    serde_json::to_value(confpress::render::jsonld::session(conf, &confpress::render::jsonld::Shared::new(conf), i, description)).unwrap()
}

/// The home page's JSON-LD.
fn home_ld(conf: &Conference) -> Value {
    serde_json::to_value(confpress::render::jsonld::home(conf, &confpress::render::jsonld::Shared::new(conf))).unwrap()
}

/// Job `i`'s JSON-LD.
fn job_ld(conf: &Conference, i: usize) -> Value {
    serde_json::to_value(confpress::render::jsonld::job(conf, i)).unwrap()
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse::<jiff::Timestamp>().unwrap_or_else(|e| panic!("{s} is not an RFC 3339 time: {e}"))
}

/// `+02:00` from `2026-10-24T10:30:00+02:00`.
fn offset_of(s: &str) -> &str {
    &s[s.len() - 6..]
}

fn room_of(conf: &Conference, i: usize) -> String {
    conf.sessions[i].room.map_or("Plenary".to_string(), |r| conf.rooms[r].name.clone())
}

fn json_events(doc: &Value) -> Vec<Value> {
    let days = doc["schedule"]["conference"]["days"].as_array().expect("days");
    days.iter().flat_map(|d| d["rooms"].as_object().unwrap().values().flat_map(|l| l.as_array().unwrap().clone())).collect()
}

// ---------------------------------------------------------------------------------------------
// frab / c3voc schedule

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn frab_xml_is_valid_against_the_c3voc_xsd() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        let out = write_out(&files);
        eprintln!("checking {name}");
        xmllint_xsd(&schema("voc-schedule/schedule.xml.xsd"), &out.path().join("schedule.xml"));
    }
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn frab_json_is_valid_against_the_c3voc_schema() {
    for (name, conf) in sites() {
        let out = write_out(&exports(&conf));
        if let Some(errors) = json_schema_errors(&schema("voc-schedule/schema.json"), &out.path().join("schedule.json")) {
            panic!("{name}: schedule.json is not valid:\n{errors}");
        }
    }
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn validators_reject_broken_files() {
    // The tools must really check: the schema's own invalid example fails, and so does our
    // schedule with a required field taken out.
    assert!(json_schema_errors(&schema("voc-schedule/schema.json"), &schema("voc-schedule/invalid-example.json")).is_some());
    let dst = dst_site();
    let conf = load(dst.path());
    let files = exports(&conf);
    let mut doc: Value = serde_json::from_str(&text(&files, "schedule.json")).unwrap();
    let day = &mut doc["schedule"]["conference"]["days"][0]["rooms"]["Main Stage"][0];
    day.as_object_mut().unwrap().remove("guid");
    let broken = tempfile::NamedTempFile::new().unwrap();
    fs::write(broken.path(), doc.to_string()).unwrap();
    assert!(json_schema_errors(&schema("voc-schedule/schema.json"), broken.path()).is_some());
    let xml = text(&files, "schedule.xml").replacen("<duration>", "<duration>x", 1);
    let broken = tempfile::NamedTempFile::new().unwrap();
    fs::write(broken.path(), xml).unwrap();
    let out = tool(
        "xmllint",
        &["--noout", "--schema", schema("voc-schedule/schedule.xml.xsd").to_str().unwrap(), broken.path().to_str().unwrap()],
        "the Debian package libxml2-utils",
    );
    assert!(!out.status.success());
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn frab_xml_and_json_agree() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        let out = write_out(&files);
        let json: Value = serde_json::from_str(&text(&files, "schedule.json")).unwrap();
        // schedule.xml read by Python's ElementTree, not by us.
        let xml = parse_xml(&out.path().join("schedule.xml"));

        // XML and JSON agree: version, days, rooms and every event field both carry.
        assert_eq!(xml["version"], json["schedule"]["version"], "{name}: version");
        let jdays = json["schedule"]["conference"]["days"].as_array().unwrap();
        let xdays = xml["days"].as_array().unwrap();
        assert_eq!(xdays.len(), jdays.len());
        for (jd, xd) in jdays.iter().zip(xdays) {
            for k in ["index", "date", "day_start", "day_end"] {
                assert_eq!(jd[k], xd[k], "{name}: day {k}");
            }
            let jrooms = jd["rooms"].as_object().unwrap();
            let xrooms = xd["rooms"].as_object().unwrap();
            assert_eq!(jrooms.keys().collect::<Vec<_>>(), xrooms.keys().collect::<Vec<_>>(), "{name}: rooms of {}", jd["date"]);
            for (room, jevents) in jrooms {
                let jevents = jevents.as_array().unwrap();
                let xevents = xrooms[room].as_array().unwrap();
                assert_eq!(jevents.len(), xevents.len());
                for (je, xe) in jevents.iter().zip(xevents) {
                    // The XML person carries no URL.
                    let mut je = je.clone();
                    for p in je["persons"].as_array_mut().unwrap() {
                        p.as_object_mut().unwrap().remove("url");
                    }
                    for (k, xv) in xe.as_object().unwrap() {
                        assert_eq!(&je[k], xv, "{name}: event {} field {k} differs between XML and JSON", je["slug"]);
                    }
                }
            }
        }
    }
}

#[test]
fn frab_round_trip_matches_the_model() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        let json: Value = serde_json::from_str(&text(&files, "schedule.json")).unwrap();
        let jdays = json["schedule"]["conference"]["days"].as_array().unwrap();
        assert_eq!(jdays.len(), conf.days.len(), "{name}: one day per conference day");
        assert_eq!(json["schedule"]["conference"]["daysCount"], conf.days.len());

        // Every session exactly once, with the right room, start (with offset), length, people.
        let events = json_events(&json);
        assert_eq!(events.len(), conf.sessions.len(), "{name}: one event per session");
        let guids: BTreeSet<&str> = events.iter().map(|e| e["guid"].as_str().unwrap()).collect();
        let ids: BTreeSet<u64> = events.iter().map(|e| e["id"].as_u64().unwrap()).collect();
        assert_eq!(guids.len(), events.len(), "{name}: unique guids");
        assert_eq!(ids.len(), events.len(), "{name}: unique ids");
        for (i, s) in conf.sessions.iter().enumerate() {
            let url = format!("{}sessions/{}/", conf.site.base_url, s.slug);
            let found: Vec<&Value> = events.iter().filter(|e| e["url"] == url.as_str()).collect();
            assert_eq!(found.len(), 1, "{name}: session {} appears {} times", s.slug, found.len());
            let e = found[0];
            assert_eq!(e["title"], s.title.as_str());
            assert_eq!(e["room"], room_of(&conf, i).as_str(), "{name}: room of {}", s.slug);
            let date = e["date"].as_str().unwrap();
            assert_eq!(ts(date), s.start.timestamp(), "{name}: start of {}", s.slug);
            assert_eq!(offset_of(date), s.start.strftime("%:z").to_string(), "{name}: offset of {}", s.slug);
            assert_eq!(e["start"], s.start.strftime("%H:%M").to_string());
            assert_eq!(ts(e["end"].as_str().unwrap()), s.end.timestamp());
            let (h, m) = e["duration"].as_str().unwrap().split_once(':').unwrap();
            assert_eq!(h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap(), s.minutes(), "{name}: duration of {}", s.slug);
            let people: Vec<&str> = e["persons"].as_array().unwrap().iter().map(|p| p["public_name"].as_str().unwrap()).collect();
            let want: Vec<&str> = s.speakers.iter().map(|&p| conf.speakers[p].name.as_str()).collect();
            assert_eq!(people, want, "{name}: persons of {}", s.slug);
            assert_eq!(e["track"], s.track.map_or(Value::Null, |t| conf.tracks[t].name.clone().into()));
            assert_eq!(e["type"], s.kind.to_string());
            assert_eq!(e["language"], s.language.as_str());
            // The event sits in the day of its session.
            let day = &jdays[s.day];
            assert!(day["rooms"][room_of(&conf, i)].as_array().unwrap().iter().any(|x| x["guid"] == e["guid"]));
            assert!(
                ts(day["day_start"].as_str().unwrap()) <= s.start.timestamp() && s.end.timestamp() <= ts(day["day_end"].as_str().unwrap())
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// iCalendar

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn ics_parses_with_an_independent_parser_and_round_trips() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        let out = write_out(&files);
        let calendars = parse_all_ics(out.path(), &files);
        let cal = &calendars["schedule.ics"];
        assert_eq!(cal["version"], "2.0");
        assert_eq!(cal["calname"], conf.site.title.as_str());
        let events = cal["events"].as_array().unwrap();
        assert_eq!(events.len(), conf.sessions.len(), "{name}: one VEVENT per session");
        let uids: BTreeSet<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
        assert_eq!(uids.len(), events.len(), "{name}: unique UIDs");
        let frab: Value = serde_json::from_str(&text(&files, "schedule.json")).unwrap();
        let frab_events = json_events(&frab);
        for s in &conf.sessions {
            let url = format!("{}sessions/{}/", conf.site.base_url, s.slug);
            let e = events.iter().find(|e| e["url"] == url.as_str()).unwrap_or_else(|| panic!("{name}: no VEVENT for {}", s.slug));
            assert_eq!(e["summary"], s.title.as_str());
            assert_eq!(ts(e["start"].as_str().unwrap()), s.start.timestamp(), "{name}: DTSTART of {}", s.slug);
            assert_eq!(ts(e["end"].as_str().unwrap()), s.end.timestamp(), "{name}: DTEND of {}", s.slug);
            assert!(e["start"].as_str().unwrap().ends_with("+00:00"), "times are UTC");
            let location = e["location"].as_str().unwrap();
            if let Some(r) = s.room {
                assert!(location.starts_with(&conf.rooms[r].name), "{name}: LOCATION {location:?} of {}", s.slug);
            }
            if let Some(v) = &conf.site.venue {
                assert!(location.contains(&v.name));
            }
            let description = e["description"].as_str().unwrap();
            for &p in &s.speakers {
                assert!(description.contains(&conf.speakers[p].name), "{name}: DESCRIPTION of {} names {}", s.slug, conf.speakers[p].name);
            }
            assert!(description.contains(&url));
            let cats: Vec<&str> = e["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(
                cats,
                s.track.map(|t| conf.tracks[t].name.as_str()).into_iter().collect::<Vec<_>>(),
                "{name}: CATEGORIES of {}",
                s.slug
            );
            // The UID is the frab GUID of the same session.
            let fe = frab_events.iter().find(|f| f["url"] == url.as_str()).unwrap();
            assert_eq!(e["uid"], fe["guid"]);

            // The session's own file holds just that event, with the same UID.
            let one = &calendars[&format!("sessions/{}.ics", s.slug)];
            assert_eq!(one["events"].as_array().unwrap().len(), 1);
            assert_eq!(one["events"][0], *e);
            // Its name and header, written apart from the rest of the file. (The parser leaves an
            // X- property's TEXT escapes as they are.)
            let calname = |cal: &Value| cal["calname"].as_str().unwrap().replace("\\,", ",").replace("\\;", ";");
            assert_eq!(calname(one), format!("{} — {}", s.title, conf.site.title), "{name}: name of {}", s.slug);
            assert_eq!((&one["version"], &one["prodid"]), (&cal["version"], &cal["prodid"]));
        }
        // Each speaker's file holds exactly their sessions.
        for sp in conf.speakers.iter().filter(|sp| !sp.sessions.is_empty()) {
            let cal = &calendars[&format!("speakers/{}.ics", sp.slug)];
            let calname = cal["calname"].as_str().unwrap().replace("\\,", ",").replace("\\;", ";");
            assert_eq!(calname, format!("{} — {}", sp.name, conf.site.title), "{name}: name of {}", sp.slug);
            let got: BTreeSet<String> = cal["events"].as_array().unwrap().iter().map(|e| e["url"].as_str().unwrap().to_string()).collect();
            let want: BTreeSet<String> =
                sp.sessions.iter().map(|&s| format!("{}sessions/{}/", conf.site.base_url, conf.sessions[s].slug)).collect();
            assert_eq!(got, want, "{name}: calendar of {}", sp.slug);
        }
    }
}

#[test]
fn ics_lines_end_in_crlf_and_fold_at_75_octets() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".ics")) {
            let s = std::str::from_utf8(bytes).unwrap();
            assert!(s.starts_with("BEGIN:VCALENDAR\r\n") && s.ends_with("END:VCALENDAR\r\n"), "{name}: {path}");
            let body = s.strip_suffix("\r\n").unwrap();
            for line in body.split("\r\n") {
                assert!(!line.contains('\n') && !line.contains('\r'), "{name}: {path}: bare line break in {line:?}");
                assert!(line.len() <= 75, "{name}: {path}: line of {} octets: {line:?}", line.len());
            }
            for key in ["DTSTAMP:", "UID:", "DTSTART:", "PRODID:"] {
                assert!(s.contains(key) || !s.contains("BEGIN:VEVENT"), "{name}: {path} lacks {key}");
            }
        }
        // The DST fixture's long title and abstract really were folded.
        if name == "dst fixture" {
            assert!(text(&files, "sessions/summer-talk.ics").contains("\r\n "));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Daylight saving time

#[test]
fn a_conference_across_a_dst_change_has_the_right_offsets() {
    let dst = dst_site();
    let conf = load(dst.path());
    let files = exports(&conf);
    let json: Value = serde_json::from_str(&text(&files, "schedule.json")).unwrap();
    let events = json_events(&json);
    let by_slug = |slug: &str| events.iter().find(|e| e["url"].as_str().unwrap().ends_with(&format!("/sessions/{slug}/"))).unwrap().clone();

    let summer = by_slug("summer-talk");
    assert_eq!(summer["date"], "2026-10-24T10:30:00+02:00");
    let winter = by_slug("winter-talk");
    assert_eq!(winter["date"], "2026-10-25T10:00:00+01:00");
    assert_eq!(winter["duration"], "00:45");
    // 23:00 CEST + 4 real hours = 02:00 CET: four hours long, though the wall clock moved three.
    let night = by_slug("night-shift");
    assert_eq!(night["date"], "2026-10-24T23:00:00+02:00");
    assert_eq!(night["end"], "2026-10-25T02:00:00+01:00");
    assert_eq!(night["duration"], "04:00");

    // Day boundaries carry the offset in force at each end.
    let days = json["schedule"]["conference"]["days"].as_array().unwrap();
    assert_eq!(days[0]["day_start"], "2026-10-24T09:00:00+02:00");
    assert_eq!(days[0]["day_end"], "2026-10-25T02:00:00+01:00");
    assert_eq!(days[1]["day_start"], "2026-10-25T10:00:00+01:00");
    assert_eq!(days[2]["date"], "2026-10-26");

    // The calendar has the same moments in UTC.
    let ics = text(&files, "sessions/night-shift.ics");
    assert!(ics.contains("DTSTART:20261024T210000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20261025T010000Z\r\n"), "{ics}");
    assert!(text(&files, "sessions/winter-talk.ics").contains("DTSTART:20261025T090000Z\r\n"));

    // JSON-LD too.
    let i = conf.sessions.iter().position(|s| s.slug == "night-shift").unwrap();
    let ld = session_ld(&conf, i);
    assert_eq!(ld["startDate"], "2026-10-24T23:00:00+02:00");
    assert_eq!(ld["endDate"], "2026-10-25T02:00:00+01:00");
}

// ---------------------------------------------------------------------------------------------
// Stability

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let dst = dst_site();
    for dir in [dst.path().to_path_buf(), example_dir()] {
        let a = exports(&load(&dir));
        let b = exports(&load(&dir));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in &a {
            assert!(bytes == &b[path], "{}: {path} differs between two builds", dir.display());
        }
    }
}

/// The VEVENT blocks of a calendar, keyed by UID.
fn vevents(ics: &str) -> BTreeMap<String, String> {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|block| {
            let block = block.split("END:VEVENT\r\n").next().unwrap().to_string();
            let uid = block.lines().find_map(|l| l.strip_prefix("UID:")).unwrap().trim().to_string();
            (uid, block)
        })
        .collect()
}

fn events_by_guid(json: &str) -> BTreeMap<String, Value> {
    let doc: Value = serde_json::from_str(json).unwrap();
    json_events(&doc).into_iter().map(|e| (e["guid"].as_str().unwrap().to_string(), e)).collect()
}

#[test]
fn changing_one_session_changes_only_its_event() {
    let dst = dst_site();
    let before = exports(&load(dst.path()));
    let path = dst.path().join("sessions/winter-talk.md");
    let changed = fs::read_to_string(&path)
        .unwrap()
        .replace("title: Winter Time", "title: Winter Time, Revised")
        .replace("start: 2026-10-25 10:00", "start: 2026-10-25 11:00")
        .replace("end: 2026-10-25 10:45", "end: 2026-10-25 11:45");
    fs::write(&path, changed).unwrap();
    // An unrelated new session must not move anyone else's ids either.
    write(dst.path(), "sessions/added-later.md", "---\ntitle: Added Later\nroom: side-room\nstart: 2026-10-26 11:00\nduration: 30\n---\n");
    let after = exports(&load(dst.path()));

    let (eb, ea) = (events_by_guid(&text(&before, "schedule.json")), events_by_guid(&text(&after, "schedule.json")));
    let (vb, va) = (vevents(&text(&before, "schedule.ics")), vevents(&text(&after, "schedule.ics")));
    let conf = load(dst.path());
    let winter_url = format!("{}sessions/winter-talk/", conf.site.base_url);
    let mut changed_guid = None;
    for (guid, e) in &eb {
        let other = ea.get(guid).unwrap_or_else(|| panic!("event {guid} lost its guid"));
        if e["url"] == winter_url.as_str() {
            assert_ne!(e, other);
            assert_eq!(e["id"], other["id"], "the id survives an edit");
            assert_eq!(other["title"], "Winter Time, Revised");
            changed_guid = Some(guid.clone());
        } else {
            assert_eq!(e, other, "an untouched event changed");
            assert_eq!(vb[guid], va[guid], "an untouched VEVENT changed");
        }
    }
    let changed_guid = changed_guid.unwrap();
    assert_ne!(vb[&changed_guid], va[&changed_guid]);
    assert_eq!(ea.len(), eb.len() + 1);
    assert_eq!(va.len(), vb.len() + 1);
    // The version follows the schedule.
    let version = |files: &BTreeMap<String, Vec<u8>>| {
        serde_json::from_str::<Value>(&text(files, "schedule.json")).unwrap()["schedule"]["version"].clone()
    };
    assert_ne!(version(&before), version(&after));
    // Per-session calendars of untouched sessions are byte-identical.
    for (path, bytes) in before.iter().filter(|(p, _)| p.starts_with("sessions/") && !p.contains("winter-talk")) {
        assert!(after[path] == *bytes, "{path} changed");
    }
}

// ---------------------------------------------------------------------------------------------
// Sitemap, robots.txt, Atom

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn sitemap_is_valid_against_the_sitemaps_org_xsd() {
    for (_, conf) in sites() {
        let out = write_out(&exports(&conf));
        xmllint_xsd(&schema("sitemap/sitemap.xsd"), &out.path().join("sitemap.xml"));
    }
}

#[test]
fn sitemap_lists_every_page_and_robots_points_to_it() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        let sitemap = text(&files, "sitemap.xml");
        let locs: Vec<&str> =
            sitemap.lines().filter_map(|l| l.trim().strip_prefix("<loc>")).map(|l| l.trim_end_matches("</loc>")).collect();
        assert_eq!(locs.len(), routes(&conf).len(), "{name}: one <loc> per page");
        assert!(locs.iter().all(|l| l.starts_with(&conf.site.base_url)), "{name}: absolute URLs");
        assert!(locs.contains(&conf.site.base_url.as_str()));
        for s in &conf.sessions {
            assert!(locs.contains(&format!("{}sessions/{}/", conf.site.base_url, s.slug).as_str()));
        }
        let robots = text(&files, "robots.txt");
        assert!(robots.lines().any(|l| l == format!("Sitemap: {}sitemap.xml", conf.site.base_url)), "{name}: {robots}");
    }
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn atom_feed_is_valid_rfc_4287() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        if conf.news.is_empty() {
            continue;
        }
        let out = write_out(&files);
        let feed = out.path().join("atom.xml");
        jing_rnc(&schema("atom/atom.rnc"), &feed);
        // Well-formed for an independent parser, with the entries' content as escaped HTML.
        let parsed = python(
            "import xml.etree.ElementTree as ET\nns={'a':'http://www.w3.org/2005/Atom'}\nr=ET.parse(sys.argv[1]).getroot()\nprint(len(r.findall('a:entry',ns)))\nprint(r.find('a:entry/a:content',ns).text)",
            &[feed.to_str().unwrap()],
        );
        let mut lines = parsed.lines();
        assert_eq!(lines.next().unwrap(), conf.news.len().to_string());
        assert!(lines.next().unwrap().starts_with('<'), "{name}: content is HTML");
    }
}

#[test]
fn atom_feed_has_an_entry_per_news_post() {
    for (name, conf) in sites() {
        let files = exports(&conf);
        if conf.news.is_empty() {
            assert!(!files.contains_key("atom.xml"), "{name}: no news, no feed");
            continue;
        }
        let atom = text(&files, "atom.xml");
        assert_eq!(atom.matches("<entry>").count(), conf.news.len());
        assert!(atom.contains(&format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}atom.xml\"/>", conf.site.base_url)));
        if name == "dst fixture" {
            assert!(atom.contains("href=\"https://conf.example.org/fb/cfp/\""), "site links in the content are absolute:\n{atom}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

fn is_offset_time(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 25 && s.parse::<jiff::Timestamp>().is_ok())
}

#[test]
fn json_ld_has_the_required_fields() {
    for (name, conf) in sites() {
        let home = home_ld(&conf);
        assert_eq!(home["@context"], "https://schema.org");
        assert_eq!(home["@type"], "Event");
        assert_eq!(home["name"], conf.site.title.as_str());
        assert!(is_offset_time(&home["startDate"]) && is_offset_time(&home["endDate"]), "{name}: {home}");
        assert_eq!(home["eventStatus"], "https://schema.org/EventScheduled");
        assert!(home["eventAttendanceMode"].as_str().unwrap().ends_with("EventAttendanceMode"));
        let place = if home["location"].is_array() { &home["location"][0] } else { &home["location"] };
        assert_eq!(place["@type"], "Place", "{name}");
        assert_eq!(place["address"]["@type"], "PostalAddress");
        assert!(home["organizer"]["name"].is_string());
        // The performers are the featured speakers the home page shows, not every speaker.
        let performers: Vec<&str> = home["performer"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        // Without featured speakers, the keynote speakers.
        let mut expected: Vec<&str> =
            conf.speakers.iter().filter(|s| s.featured && !s.sessions.is_empty()).map(|s| s.name.as_str()).collect();
        if expected.is_empty() {
            let keynotes = conf.sessions.iter().filter(|s| s.kind == confpress::model::SessionKind::Keynote);
            let mut ids: Vec<usize> = keynotes.flat_map(|s| s.speakers.iter().copied()).collect();
            ids.sort_unstable();
            ids.dedup();
            expected = ids.into_iter().map(|p| conf.speakers[p].name.as_str()).collect();
        }
        assert!(!performers.is_empty() && performers == expected, "{name}: {performers:?} vs {expected:?}");
        if let Some(t) = &conf.tickets {
            let offers = home["offers"].as_array().unwrap();
            assert_eq!(offers.len(), t.tiers.len());
            for o in offers {
                assert_eq!(o["priceCurrency"], t.currency.as_str());
                assert!(o["price"].is_number());
                assert!(o["availability"].as_str().unwrap().starts_with("https://schema.org/"));
            }
        }
        // No null anywhere, and safe inside <script>.
        let script = confpress::render::jsonld::to_script(&home);
        assert!(!script.contains("null") && !script.contains('<'));
        assert_eq!(serde_json::from_str::<Value>(&script).unwrap(), home);

        for i in 0..conf.sessions.len() {
            let s = session_ld(&conf, i);
            assert_eq!(s["@type"], "Event");
            assert!(is_offset_time(&s["startDate"]) && is_offset_time(&s["endDate"]));
            assert_eq!(s["superEvent"]["@id"], home["@id"]);
            assert!(s["location"].is_object() || s["location"].is_array());
        }
        for j in 0..conf.jobs.len() {
            let job = job_ld(&conf, j);
            assert_eq!(job["@type"], "JobPosting");
            for key in ["title", "description", "datePosted", "employmentType", "hiringOrganization"] {
                assert!(!job[key].is_null(), "{name}: job {j} lacks {key}");
            }
            assert!(job["hiringOrganization"]["name"].is_string());
            let remote = conf.jobs[j].remote;
            if remote == "remote" {
                assert_eq!(job["jobLocationType"], "TELECOMMUTE");
                assert!(job["applicantLocationRequirements"]["name"].is_string());
                assert!(job["jobLocation"].is_null());
            } else {
                assert_eq!(job["jobLocation"]["address"]["@type"], "PostalAddress");
            }
            if conf.jobs[j].expires.is_some() {
                assert!(is_offset_time(&job["validThrough"]));
            }
            if conf.jobs[j].salary.is_some() {
                assert_eq!(job["baseSalary"]["@type"], "MonetaryAmount");
                assert!(["YEAR", "MONTH", "HOUR"].contains(&job["baseSalary"]["value"]["unitText"].as_str().unwrap()));
            }
            assert!(!confpress::render::jsonld::to_script(&job).contains("</"));
        }
    }
}

#[test]
fn json_ld_of_the_dst_fixture() {
    let dst = dst_site();
    let conf = load(dst.path());
    let home = home_ld(&conf);
    assert_eq!(home["startDate"], "2026-10-24T09:00:00+02:00");
    assert_eq!(home["endDate"], "2026-10-26T09:30:00+01:00");
    assert_eq!(home["eventAttendanceMode"], "https://schema.org/MixedEventAttendanceMode");
    let offers = home["offers"].as_array().unwrap();
    let availability: Vec<&str> =
        offers.iter().map(|o| o["availability"].as_str().unwrap().trim_start_matches("https://schema.org/")).collect();
    assert_eq!(availability, ["Discontinued", "InStock", "PreOrder", "SoldOut"]);
    assert_eq!(offers[1]["price"], 199.5);
    assert_eq!(offers[1]["validFrom"], "2026-08-01T00:00:00+02:00");
    let hybrid = conf.jobs.iter().position(|j| j.slug == "rust-dev").unwrap();
    let job = job_ld(&conf, hybrid);
    assert_eq!(job["jobLocation"]["address"]["addressLocality"], "Berlin");
    assert_eq!(job["jobLocation"]["address"]["addressCountry"], "Germany");
    assert!(job["jobLocationType"].is_null(), "hybrid jobs are listed at their office");
    assert_eq!(job["baseSalary"]["value"]["minValue"], 70000.0);
    assert_eq!(job["baseSalary"]["value"]["maxValue"], 90000.0);
    assert_eq!(job["baseSalary"]["value"]["unitText"], "YEAR");
    assert_eq!(job["validThrough"], "2026-12-31T23:59:59+01:00");
    assert_eq!(job["hiringOrganization"]["sameAs"], "https://acme.example.com/");
    assert_eq!(job["hiringOrganization"]["logo"], "https://conf.example.org/fb/img/acme.svg");
    let remote = job_ld(&conf, conf.jobs.iter().position(|j| j.slug == "remote-sre").unwrap());
    assert_eq!(remote["employmentType"], "CONTRACTOR");
    assert_eq!(remote["jobLocationType"], "TELECOMMUTE");
    assert_eq!(remote["applicantLocationRequirements"]["name"], "Europe");
    assert_eq!(remote["baseSalary"]["value"]["value"], 80.0);
    assert_eq!(remote["baseSalary"]["value"]["unitText"], "HOUR");
    let keynote = conf.sessions.iter().position(|s| s.slug == "opening-keynote").unwrap();
    let ld = session_ld(&conf, keynote);
    assert_eq!(ld["location"]["name"], "Kulturhaus");
    assert_eq!(ld["performer"][0]["name"], "Ada Lovelace");
    assert_eq!(ld["superEvent"]["name"], conf.site.title.as_str());
}

// ---------------------------------------------------------------------------------------------
// The built site, through the command line

/// Builds `site` with the binary into a fresh folder, with "now" fixed.
fn build_with_binary(site: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let res = Command::new(env!("CARGO_BIN_EXE_confpress"))
        // --now, as `load` gives the model: it wins over a `now` in site.yaml, as SOURCE_DATE_EPOCH does not.
        .args(["build", site.to_str().unwrap(), "--output", out.path().to_str().unwrap(), "--now", &now().to_string()])
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "confpress build failed:\n{}{}",
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
    out
}

/// Every file under `root`, by path relative to it.
fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.insert(p.strip_prefix(root).unwrap().to_str().unwrap().replace('\\', "/"), fs::read(&p).unwrap());
            }
        }
    }
    files
}

/// Undoes the HTML escaping Tera applies to attribute values.
fn unescape_html(s: &str) -> String {
    s.replace("&#x2F;", "/").replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The export files the binary writes for every site (atom.xml: one with news).
const EXPORT_FILES: [&str; 6] = ["schedule.ics", "schedule.xml", "schedule.json", "sitemap.xml", "robots.txt", "atom.xml"];

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn the_built_example_site_has_valid_exports() {
    let out = build_with_binary(&example_dir());
    let root = out.path();
    let files = read_tree(root);
    for f in EXPORT_FILES {
        assert!(files.contains_key(f), "the build wrote no {f}");
    }
    xmllint_xsd(&schema("voc-schedule/schedule.xml.xsd"), &root.join("schedule.xml"));
    xmllint_xsd(&schema("sitemap/sitemap.xsd"), &root.join("sitemap.xml"));
    if let Some(errors) = json_schema_errors(&schema("voc-schedule/schema.json"), &root.join("schedule.json")) {
        panic!("schedule.json is not valid:\n{errors}");
    }
    jing_rnc(&schema("atom/atom.rnc"), &root.join("atom.xml"));
    let calendars = parse_all_ics(root, &files);
    assert!(calendars.len() > 1);
}

#[test]
fn the_built_example_site_links_its_exports() {
    let out = build_with_binary(&example_dir());
    let root = out.path();
    let files = read_tree(root);
    for f in EXPORT_FILES {
        assert!(files.contains_key(f), "the build wrote no {f}");
    }

    let conf = load(&example_dir());
    let base = conf.site.base_path();
    // Pages embed JSON-LD that parses, of the right type; every linked calendar file exists.
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for chunk in html.split("<script type=\"application/ld+json\">").skip(1) {
            let json = chunk.split("</script>").next().unwrap();
            let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}"));
            *types.entry(v["@type"].as_str().unwrap().to_string()).or_default() += 1;
        }
        for href in html.split("href=\"").skip(1).map(|h| unescape_html(h.split('"').next().unwrap())) {
            if href.ends_with(".ics") && href.starts_with(base) {
                let target = &href[base.len()..];
                assert!(files.contains_key(target), "{path} links {href}, which the build did not write");
            }
        }
    }
    assert_eq!(types.get("Event").copied().unwrap_or(0), conf.sessions.len() + 1, "one Event on the home page and one per session page");
    assert_eq!(types.get("JobPosting").copied().unwrap_or(0), conf.jobs.len());

    // A second build gives the same export files, byte for byte.
    let again = read_tree(build_with_binary(&example_dir()).path());
    for (path, bytes) in files.iter().filter(|(p, _)| !p.ends_with(".html") && !p.starts_with("assets/")) {
        assert!(again.get(path) == Some(bytes), "{path} differs between two builds");
    }
}

/// A site with two days and nothing else: no sessions, no news.
fn tiny_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "site.yaml",
        "title: Tiny\nacronym: tiny\nbase_url: https://tiny.example.org\ntimezone: UTC\nstart_date: 2026-03-01\nend_date: 2026-03-02\n",
    );
    t
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn a_site_without_sessions_or_news_still_has_valid_schedule_files() {
    let t = tiny_site();
    let files = exports(&load(t.path()));
    let out = write_out(&files);
    xmllint_xsd(&schema("voc-schedule/schedule.xml.xsd"), &out.path().join("schedule.xml"));
    xmllint_xsd(&schema("sitemap/sitemap.xsd"), &out.path().join("sitemap.xml"));
    if let Some(errors) = json_schema_errors(&schema("voc-schedule/schema.json"), &out.path().join("schedule.json")) {
        panic!("schedule.json is not valid:\n{errors}");
    }
    // An empty calendar that subscribers can keep until the schedule is out.
    let cals = parse_all_ics(out.path(), &files);
    assert_eq!(cals.len(), 1);
    assert!(cals["schedule.ics"]["events"].as_array().unwrap().is_empty());
}

#[test]
fn a_site_without_sessions_or_news_still_has_schedule_files() {
    let t = tiny_site();
    let conf = load(t.path());
    let files = exports(&conf);
    assert!(!files.contains_key("atom.xml"), "no news, no feed");
    let json: Value = serde_json::from_str(&text(&files, "schedule.json")).unwrap();
    let days = json["schedule"]["conference"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0]["day_start"], "2026-03-01T00:00:00+00:00");
    assert_eq!(days[0]["day_end"], "2026-03-02T00:00:00+00:00");
    assert_eq!(json["schedule"]["conference"]["acronym"], "tiny");
    // An empty calendar that subscribers can keep until the schedule is out.
    let ics: Vec<&String> = files.keys().filter(|p| p.ends_with(".ics")).collect();
    assert_eq!(ics, ["schedule.ics"]);
    let cal = text(&files, "schedule.ics");
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n") && !cal.contains("BEGIN:VEVENT"), "{cal}");
    assert_eq!(home_ld(&conf)["startDate"], "2026-03-01");
}
