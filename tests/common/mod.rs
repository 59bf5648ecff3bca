//! Shared helpers for the integration tests: a small valid site, and running the binary.
#![allow(dead_code)]

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
