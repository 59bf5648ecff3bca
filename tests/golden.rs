//! Golden files: the JSON (and the schedule's XML) that a build of the example site writes,
//! compared byte for byte with tests/fixtures/golden/, so a change to how these files are
//! written shows as a diff. `CONFPRESS_BLESS=1 cargo test --test golden` rewrites the fixtures
//! from the current output (then read the diff before committing it).
//!
//! The fixtures: schedule.json and schedule.xml; jsonld.txt, the JSON-LD block of every page
//! that has one (the page's path, then the block as the page holds it); the app's files
//! (sessions.json, manifest.webmanifest, sw.js) and app-config.json, the settings every page
//! gives app.js (`<script id="cp-config">`). The app's build version is a hash of everything the
//! pages show (their strings and theme included), not of how JSON is written: it is replaced by
//! `{build-version}`, so that only a change to these files' text fails here.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bin, example_site, stderr};

/// The clock the fixtures were made with (2027-01-01, after the example conference).
const SOURCE_DATE_EPOCH: &str = "1798761600";

const BLESS: &str = "CONFPRESS_BLESS";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

fn build(out: &Path) {
    let built = Command::new(bin())
        .args(["build", example_site().to_str().unwrap(), "--output", out.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .expect("run confpress");
    assert!(built.status.success(), "example site must build:\n{}", stderr(&built));
}

fn read(out: &Path, rel: &str) -> String {
    let path = out.join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The HTML pages under `out`, by their path relative to it, sorted.
fn pages(out: &Path) -> Vec<PathBuf> {
    let mut list: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| p.strip_prefix(out).unwrap().to_path_buf())
        .collect();
    list.sort();
    list
}

/// The text of every `<script …>` element that opens with `open` in `html`.
fn scripts<'h>(html: &'h str, open: &str) -> Vec<&'h str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        rest = &rest[at + open.len()..];
        let end = rest.find("</script>").expect("a script element is closed");
        found.push(&rest[..end]);
        rest = &rest[end..];
    }
    found
}

/// Each page's JSON-LD: its path on a line, then each block on a line of its own, then a blank
/// line.
fn jsonld(out: &Path) -> String {
    let mut text = String::new();
    for page in pages(out) {
        let html = read(out, page.to_str().unwrap());
        let blocks = scripts(&html, r#"<script type="application/ld+json">"#);
        if blocks.is_empty() {
            continue;
        }
        text.push_str(&format!("{}\n", page.display()));
        for block in blocks {
            text.push_str(block);
            text.push('\n');
        }
        text.push('\n');
    }
    text
}

/// The settings for app.js, which every page carries the same: the home page's.
fn app_config(out: &Path) -> String {
    let html = read(out, "index.html");
    let blocks = scripts(&html, r#"<script type="application/json" id="cp-config">"#);
    assert_eq!(blocks.len(), 1, "the home page has one cp-config");
    format!("{}\n", blocks[0])
}

/// The build version of sessions.json (`"version":"…"`).
fn build_version(index: &str) -> String {
    let key = r#""version":""#;
    let at = index.find(key).expect("sessions.json has a version") + key.len();
    let len = index[at..].find('"').expect("a closed string");
    index[at..at + len].to_string()
}

/// The first line where `want` and `got` differ, for the message.
fn first_difference(want: &str, got: &str) -> String {
    let (mut w, mut g) = (want.split_inclusive('\n'), got.split_inclusive('\n'));
    for line in 1.. {
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                let show =
                    |s: Option<&str>| s.map_or("(end of file)".to_string(), |s| format!("{:?}", s.chars().take(300).collect::<String>()));
                return format!("line {line}:\n    want {}\n    got  {}", show(a), show(b));
            }
        }
    }
    unreachable!()
}

#[test]
fn json_and_schedule_files_match_the_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out);

    let index = read(&out, "sessions.json");
    let version = build_version(&index);
    assert_eq!(version.len(), 16, "{version:?}");
    let masked = |text: String| text.replace(&version, "{build-version}");
    let outputs = [
        ("schedule.json", read(&out, "schedule.json")),
        ("schedule.xml", read(&out, "schedule.xml")),
        ("jsonld.txt", jsonld(&out)),
        ("sessions.json", masked(index)),
        ("manifest.webmanifest", read(&out, "manifest.webmanifest")),
        ("sw.js", masked(read(&out, "sw.js"))),
        ("app-config.json", app_config(&out)),
    ];

    let bless = std::env::var_os(BLESS).is_some_and(|v| v == "1");
    if bless {
        fs::create_dir_all(fixtures()).unwrap();
    }
    let mut problems = Vec::new();
    for (name, got) in &outputs {
        let path = fixtures().join(name);
        if bless {
            fs::write(&path, got).unwrap();
            continue;
        }
        match fs::read_to_string(&path) {
            Ok(want) if want == *got => {}
            Ok(want) => problems.push(format!("{name} differs from {}, {}", path.display(), first_difference(&want, got))),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is meant, rewrite the fixtures with `{BLESS}=1 cargo test --test golden` and check their diff.",
        problems.join("\n\n")
    );
}
