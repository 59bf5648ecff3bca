//! Shared helpers for the integration tests: a small valid site, running the binary, and finding
//! the outside tools that `bash scripts/setup` installs for the tests marked `#[ignore]`.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_confpress")
}

/// The repository's example site.
pub fn example_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site")
}

/// Runs confpress with `args`, with a fixed clock so ticket status is reproducible.
pub fn run(args: &[&str]) -> Output {
    Command::new(bin()).args(args).env("SOURCE_DATE_EPOCH", "1786190400").output().expect("run confpress")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;

/// A small but complete valid site: 2 days, 2 rooms, 2 tracks, 3 speakers, 4 sessions, a sponsor
/// tier with one sponsor and a job, tickets, a news post and a page.
pub fn minimal_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: Mini Conf 2026\nbase_url: https://example.org/mini/\ntimezone: Europe/Berlin\nstart_date: 2026-06-10\nend_date: 2026-06-11\nvenue:\n  name: Hall\n  city: Berlin\n",
    );
    write(root, "rooms.yaml", "- id: main\n  name: Main Room\n- id: side\n  name: Side Room\n");
    write(root, "tracks.yaml", "- id: web\n  name: Web\n  color: \"#1d4ed8\"\n- id: systems\n  name: Systems\n  color: \"#b91c1c\"\n");
    write(root, "speakers/ada-lovelace.md", "---\nname: Ada Lovelace\naffiliation: Analytical Engines\n---\nAda writes programs.\n");
    write(root, "speakers/zoe-martin.md", "---\nname: Zoë Martin\n---\nZoë builds things.\n");
    write(root, "speakers/chen-mei-ling.md", "---\nname: 陳美玲\n---\n美玲 bio.\n");
    write(
        root,
        "sessions/opening.md",
        "---\ntitle: Opening Keynote\nkind: keynote\nspeakers: [ada-lovelace]\nstart: 2026-06-10 09:00\nduration: 45\n---\nWelcome.\n",
    );
    write(
        root,
        "sessions/rust-web.md",
        "---\ntitle: Rust on the Web\nspeakers: [zoe-martin]\ntrack: web\nroom: main\nstart: 2026-06-10 10:00\nend: 2026-06-10 10:45\n---\nAbout the web.\n",
    );
    write(
        root,
        "sessions/kernels.md",
        "---\ntitle: Kernels\nspeakers: [chen-mei-ling, ada-lovelace]\ntrack: systems\nroom: side\nstart: 2026-06-10 10:00\nduration: 1h\n---\nAbout kernels.\n",
    );
    write(root, "sessions/lunch.md", "---\ntitle: Lunch\nkind: break\nstart: 2026-06-11 12:00\nduration: 60\n---\n");
    write(
        root,
        "sponsors.yaml",
        "tiers:\n  - id: gold\n    name: Gold\n    rank: 1\n    placements: [home, footer]\n    jobs: 1\n    max: 2\n    page: true\n",
    );
    write(
        root,
        "sponsors/acme.md",
        "---\nname: Acme\ntier: gold\nlogo: img/acme.svg\nurl: https://acme.example/\n---\nAcme makes anvils.\n",
    );
    write(root, "static/img/acme.svg", SVG);
    write(
        root,
        "tickets.yaml",
        "currency: EUR\ntiers:\n  - id: regular\n    name: Regular\n    price: 100\n    on_sale: 2026-01-01 09:00\n    off_sale: 2026-06-01 00:00\n",
    );
    write(
        root,
        "jobs/engineer.md",
        "---\ntitle: Engineer\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/1\nposted: 2026-05-01\n---\nBuild anvils.\n",
    );
    write(root, "news/2026-03-01-hello.md", "---\ntitle: Hello\n---\nWe are back.\n");
    write(root, "pages/about.md", "---\ntitle: About\n---\nAbout us.\n");
    dir
}

// ---------------------------------------------------------------------------------------------
// Outside tools
//
// The tests that use programs besides cargo (validators, Python packages, Chromium, Node.js) are
// marked `#[ignore = "needs outside tools: ..."]`: a plain `cargo test` lists them as ignored, and
// `cargo test -- --include-ignored` runs them after `bash scripts/setup` has installed the tools.
// There a missing tool fails the test with what to run; nothing is skipped.

/// What to do about a missing outside tool.
pub const SETUP: &str =
    "run `bash scripts/setup` once (it installs every outside tool the tests use), then `cargo test -- --include-ignored`";

/// The folder `bash scripts/setup` fills: the Python venv, and Node.js where the system's is too old.
pub fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools")
}

/// Runs an outside program; fails, naming its package and scripts/setup, when it cannot be started.
pub fn tool(program: impl AsRef<OsStr>, args: &[&str], package: &str) -> Output {
    let program = program.as_ref();
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{}` ({e}): it comes with {package}; {SETUP}", program.to_string_lossy()))
}

/// The Python of the venv that scripts/setup makes (`.tools/venv/bin/python`, with the packages of
/// tests/requirements.txt), or `$CONFPRESS_PYTHON`.
pub fn python_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CONFPRESS_PYTHON") {
        return p.into();
    }
    let p = tools_dir().join("venv/bin/python");
    assert!(
        p.exists(),
        "{} is missing: the tests' Python packages (tests/requirements.txt) live in that venv; {SETUP} \
         (or set CONFPRESS_PYTHON to a Python that has them)",
        p.display()
    );
    p
}

/// Exit status of a Python script that lacks one of its packages.
const PY_MISSING: i32 = 97;

/// Runs `script` with `args` in the tests' Python, after importing `modules` (`"jsonschema, icalendar"`).
/// A missing module, or a script that exits with status 97 (printing why), fails the test naming
/// scripts/setup; any other outcome is returned.
pub fn python(modules: &str, script: &str, args: &[&str]) -> Output {
    let code = format!(
        "import sys\ntry:\n    import {modules}\nexcept ImportError as e:\n    sys.stderr.write('%s\\n' % e)\n    sys.exit({PY_MISSING})\n{script}"
    );
    let mut all = vec!["-c", code.as_str()];
    all.extend_from_slice(args);
    let python = python_bin();
    let out = tool(&python, &all, "Python 3 (Debian: python3, python3-venv)");
    assert!(
        out.status.code() != Some(PY_MISSING),
        "{}: missing Python package ({}): tests/requirements.txt has them; {SETUP}",
        python.display(),
        stderr(&out).trim()
    );
    out
}

/// The Chromium the tests use: `$CHROMIUM`, or Debian's `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    let p = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        p.exists(),
        "{} is missing: it comes with the Debian package chromium; {SETUP} (or set CHROMIUM to a Chromium binary)",
        p.display()
    );
    p
}

/// Node.js 20 or later: `$CONFPRESS_NODE`, else the one scripts/setup put in `.tools/node` (where
/// the system's is older than 20), else `node` on the PATH.
pub fn node() -> PathBuf {
    let p = std::env::var_os("CONFPRESS_NODE").map(PathBuf::from).unwrap_or_else(|| {
        let local = tools_dir().join("node/bin/node");
        if local.exists() { local } else { PathBuf::from("node") }
    });
    let out = tool(&p, &["-p", "process.versions.node"], "Node.js (Debian: nodejs)");
    let version = stdout(&out).trim().to_string();
    let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    assert!(major >= 20, "`{}` is Node.js {version:?}; the browser tests need 20 or later: {SETUP}", p.display());
    p
}

/// Copies the folder `from` to `to`, leaving out any `public/` output folder inside it.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "public" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every event of the schedule.json in `out`, with the name of the room it is listed in.
pub fn schedule_events(out: &Path) -> Vec<(String, serde_json::Value)> {
    let json: serde_json::Value = serde_json::from_slice(&fs::read(out.join("schedule.json")).unwrap()).unwrap();
    json["schedule"]["conference"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["rooms"].as_object().unwrap().clone())
        .flat_map(|(room, list)| list.as_array().unwrap().iter().map(|e| (room.clone(), e.clone())).collect::<Vec<_>>())
        .collect()
}

/// The event titled `title` among `events`, with its room.
pub fn schedule_event<'a>(events: &'a [(String, serde_json::Value)], title: &str) -> &'a (String, serde_json::Value) {
    events
        .iter()
        .find(|(_, e)| e["title"] == title)
        .unwrap_or_else(|| panic!("no event {title:?} in {:?}", events.iter().map(|(_, e)| &e["title"]).collect::<Vec<_>>()))
}
