//! The attendee's agenda in a real browser: builds the example site under a sub-path, serves it on
//! 127.0.0.1 with a small static file server, and runs the Node test scripts in tests/browser/
//! (headless Chromium driven by playwright-core; axe-core; the Nu Html Checker). Screenshots, the
//! downloaded .ics and a printed day go to target/browser-artifacts/.
//!
//! The browser test is tier 2, marked `#[ignore]`: it needs Chromium (`/usr/bin/chromium`, or set
//! `CHROMIUM`), Node.js 20 or later, Java 17 or later (for vnu.jar) and the npm packages of
//! tests/browser/package-lock.json. `bash scripts/setup` installs them; `cargo test --
//! --include-ignored` runs it, and there a missing tool fails the test, naming the setup command.
//! The service worker test needs nothing but cargo.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The site is served under this sub-path, like the example site's real base_url.
const PREFIX: &str = "/conf/2026/";

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Checks the tools the browser test needs and returns the Chromium and Node.js to use; fails,
/// naming scripts/setup, when one is missing.
fn require_tools() -> (PathBuf, PathBuf) {
    let modules = browser_dir().join("node_modules");
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        assert!(
            modules.join(package).is_dir(),
            "tests/browser/node_modules/{package} is missing (the npm packages of tests/browser/package-lock.json); {}",
            common::SETUP
        );
    }
    let chromium = common::chromium();
    let node = common::node();
    let java = common::tool("java", &["-version"], "the Debian package openjdk-17-jre-headless");
    assert!(java.status.success(), "`java -version` failed:\n{}", common::stderr(&java));
    (chromium, node)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /__network__/off` makes the server drop every request as if the network were gone (the
/// browser's own offline mode does not reach service workers); `/__network__/on` brings it back.
const NETWORK: &str = "/__network__/";

/// Answers one request from `root`, as a static host would: `dir/` serves `dir/index.html`,
/// anything missing the site's 404.html with status 404.
fn answer(mut stream: TcpStream, root: &Path, offline: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if let Some(state) = path.strip_prefix(NETWORK) {
        offline.store(state == "off", Ordering::SeqCst);
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        return;
    }
    if offline.load(Ordering::SeqCst) {
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let file = path
        .strip_prefix(PREFIX)
        .filter(|rel| !rel.split('/').any(|seg| seg == ".."))
        .map(|rel| root.join(rel))
        .map(|p| if p.is_dir() { p.join("index.html") } else { p })
        .filter(|p| p.is_file());
    let (status, file) = match file {
        Some(f) => ("200 OK", f),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
}

/// Serves `root` under [`PREFIX`] until the test process ends.
fn serve(listener: TcpListener, root: PathBuf) {
    let offline = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, offline) = (root.clone(), Arc::clone(&offline));
            std::thread::spawn(move || answer(stream, &root, &offline));
        }
    });
}

#[test]
#[ignore = "needs outside tools: run `bash scripts/setup` once, then `cargo test -- --include-ignored`"]
fn attendee_agenda_in_headless_chromium() {
    let (chromium, node) = require_tools();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://127.0.0.1:{}{PREFIX}", listener.local_addr().unwrap().port());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let site = target.join(format!("browser-site-{}", std::process::id()));
    let artifacts = target.parent().unwrap_or(target).join("browser-artifacts");
    let _ = fs::remove_dir_all(&site);
    let _ = fs::remove_dir_all(&artifacts);
    let example = common::example_site();
    let out = common::run(&["build", example.to_str().unwrap(), "--output", site.to_str().unwrap(), "--base-url", &base]);
    assert!(out.status.success(), "the example site must build:\n{}", common::stderr(&out));
    serve(listener, site.clone());

    let dir = browser_dir();
    let scripts = ["agenda.test.mjs", "a11y.test.mjs"];
    let run = Command::new(&node)
        .current_dir(&dir)
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(scripts)
        .env("BASE_URL", &base)
        .env("SITE_DIR", &site)
        .env("ARTIFACTS", &artifacts)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    let _ = fs::remove_dir_all(&site);
    let report = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the browser tests failed (screenshots in {}):\n{report}", artifacts.display());
    println!("{report}");
}

/// The version in sw.js (and sessions.json) of a build of `site`.
fn sw_version(site: &Path) -> String {
    let out_dir = tempfile::tempdir().unwrap();
    let out = common::run(&["build", site.to_str().unwrap(), "--output", out_dir.path().join("public").to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let sw = fs::read_to_string(out_dir.path().join("public/sw.js")).unwrap();
    let index: serde_json::Value = serde_json::from_slice(&fs::read(out_dir.path().join("public/sessions.json")).unwrap()).unwrap();
    let version = index["version"].as_str().expect("sessions.json has a version").to_string();
    assert!(sw.contains(&format!("\"version\":\"{version}\"")), "sw.js names the version of sessions.json:\n{sw}");
    assert!(sw.contains(&format!("assets/sw.js?v={version}")), "and loads the theme's worker for that version");
    version
}

#[test]
fn the_service_worker_version_follows_the_schedule() {
    let site = common::minimal_site();
    let first = sw_version(site.path());
    assert_eq!(sw_version(site.path()), first, "the same site, the same version (nothing cached is thrown away)");
    let path = site.path().join("sessions/rust-web.md");
    let moved = fs::read_to_string(&path)
        .unwrap()
        .replace("start: 2026-06-10 10:00", "start: 2026-06-10 11:00")
        .replace("end: 2026-06-10 10:45", "end: 2026-06-10 11:45");
    fs::write(&path, moved).unwrap();
    assert_ne!(sw_version(site.path()), first, "a new schedule, a new version: browsers replace what they cached");
}
