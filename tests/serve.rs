//! `confpress serve` over real HTTP, on a temp copy of the example site: pages and caching,
//! live reload after an edit, errors shown while the last good build is still served, path
//! traversal attempts, and many clients at once (some of them rude).

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{bin, copy_dir, example_site};

/// Long enough for a loaded two-core machine running a debug build.
const PATIENCE: Duration = Duration::from_secs(90);

/// A `confpress serve` process on a free port, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    site: PathBuf,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies the example site to a temp folder and serves it on a free port.
fn serve_example() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&example_site(), &site);
    let mut child = Command::new(bin())
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .env("SOURCE_DATE_EPOCH", "1786190400")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start confpress serve");
    let log = Arc::new(Mutex::new(String::new()));
    let (url_tx, url_rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_log = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("serving ").and_then(|rest| rest.split(" at ").nth(1)) {
                let _ = url_tx.send(url.split_whitespace().next().unwrap_or_default().to_string());
            }
            out_log.lock().unwrap().push_str(&format!("{line}\n"));
        }
    });
    let err_log = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            err_log.lock().unwrap().push_str(&format!("{line}\n"));
        }
    });
    let url = match url_rx.recv_timeout(PATIENCE) {
        Ok(url) => url,
        Err(_) => {
            let _ = child.kill();
            panic!("serve printed no address; its output:\n{}", log.lock().unwrap());
        }
    };
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let addr: SocketAddr = host.parse().unwrap_or_else(|_| panic!("cannot parse the address in {url}"));
    Server { child, addr, site, log, _dir: dir }
}

/// An HTTP response, read to the end.
#[derive(Debug)]
struct Resp {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Server {
    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connect to serve");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.set_write_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Sends `target` exactly as given (no normalisation) with extra header lines.
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Resp {
        let mut stream = self.connect();
        let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap_or_else(|e| panic!("reading {target}: {e}\nserver log:\n{}", self.log()));
        parse_response(&raw, method == "HEAD")
    }

    fn get(&self, target: &str) -> Resp {
        self.request("GET", target, &[])
    }

    fn status(&self) -> serde_json::Value {
        let resp = self.get("/__confpress/status");
        assert_eq!(resp.status, 200);
        assert_eq!(resp.header("content-type"), Some("application/json"));
        serde_json::from_slice(&resp.body).expect("status is JSON")
    }

    /// Polls the status endpoint until `done` holds.
    fn wait_status(&self, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let status = self.status();
            if done(&status) {
                return status;
            }
            assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}; last status {status}\nserver log:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls `target` until its body contains `needle`.
    fn wait_page(&self, target: &str, needle: &str) {
        let started = Instant::now();
        loop {
            let resp = self.get(target);
            if resp.status == 200 && resp.text().contains(needle) {
                return;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "timed out waiting for {needle:?} on {target} (status {})\nserver log:\n{}",
                resp.status,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn events(&self) -> Events {
        let mut stream = self.connect();
        write!(stream, "GET /__confpress/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", self.addr).unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        let mut events = Events { reader };
        let (name, _) = events.next();
        assert_eq!(name, "hello");
        events
    }

    fn edit(&self, rel: &str, f: impl FnOnce(&str) -> String) {
        let path = self.site.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, f(&text)).unwrap();
    }
}

fn parse_response(raw: &[u8], head_only: bool) -> Resp {
    let split =
        raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("bad status line {status_line}"));
    let headers: HashMap<String, String> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.get("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) && !head_only && status != 304 {
        body = dechunk(&body);
    } else if let Some(len) = headers.get("content-length").and_then(|l| l.parse::<usize>().ok())
        && !head_only
        && status != 304
    {
        assert_eq!(body.len(), len, "body length differs from Content-Length");
    }
    Resp { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().split(';').next().unwrap().trim(), 16).unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// A server-sent event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event: (name, data). Comments and `retry:` lines are skipped.
    fn next(&mut self) -> (String, String) {
        let mut name = String::from("message");
        let mut data = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("read the event stream");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() {
                    return (name, data);
                }
                continue;
            }
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
    }

    /// Skips events until one named `wanted` arrives; fails on `build-error` when not wanted.
    fn wait_for(&mut self, wanted: &str) -> serde_json::Value {
        loop {
            let (name, data) = self.next();
            if name == wanted {
                return serde_json::from_str(&data).expect("event data is JSON");
            }
            assert!(name != "build-error", "unexpected build error: {data}");
        }
    }

    /// The next `reload` or `build-error` event's name.
    fn wait_outcome(&mut self) -> String {
        loop {
            let (name, _) = self.next();
            if name == "reload" || name == "build-error" {
                return name;
            }
        }
    }
}

#[test]
fn serves_pages_with_types_validators_and_404() {
    let server = serve_example();
    let status = server.status();
    assert_eq!(status["ok"], true, "{status}");
    assert_eq!(status["build"], 1);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("/__confpress/live.js"), "pages carry the live-reload script");
    assert!(home.header("last-modified").is_some_and(|d| d.ends_with(" GMT")));
    let etag = home.header("etag").expect("an ETag").to_string();

    let again = server.request("GET", "/", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let other = server.request("GET", "/", &[("If-None-Match", "\"something-else\"")]);
    assert_eq!(other.status, 200);

    let head = server.request("HEAD", "/agenda/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // Directory URLs: index.html, and a redirect to the slash form.
    let agenda = server.get("/agenda/");
    assert_eq!(agenda.status, 200);
    assert_eq!(agenda.body, server.get("/agenda/index.html").body);
    let redirect = server.get("/agenda?day=2");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/agenda/?day=2"));

    // Links are local even though site.yaml names the public address.
    let href = format!("http://{}/", server.addr);
    assert!(home.text().contains(&href) || home.text().contains(&href.replace('/', "&#x2F;")), "absolute links use the local address");

    // Theme assets and the site's static files.
    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let statics: Vec<PathBuf> = walk(&server.site.join("static"));
    let first = statics.first().expect("the example site has static files");
    let rel = first.strip_prefix(server.site.join("static")).unwrap().to_string_lossy().replace('\\', "/");
    let file = server.get(&format!("/{rel}"));
    assert_eq!(file.status, 200, "/{rel}");
    assert_eq!(file.body, fs::read(first).unwrap());
    let tag = file.header("etag").unwrap().to_string();
    assert_eq!(server.request("GET", &format!("/{rel}"), &[("If-None-Match", &tag)]).status, 304);

    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(missing.body, server.get("/404.html").body, "misses get the site's 404 page");

    assert_eq!(server.request("POST", "/", &[("Content-Length", "0")]).status, 405);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The session file whose page and speakers the edit tests use: the first with a speaker.
fn session_with_speaker(site: &Path) -> (String, String, String) {
    for path in walk(&site.join("sessions")) {
        let text = fs::read_to_string(&path).unwrap();
        let speakers = text
            .lines()
            .find_map(|l| l.strip_prefix("speakers: ["))
            .map(|l| l.trim_end_matches(']').split(',').next().unwrap().trim().to_string());
        let title = text.lines().find_map(|l| l.strip_prefix("title: ")).map(|t| t.trim_matches('"').to_string());
        if let (Some(speaker), Some(title)) = (speakers, title)
            && !speaker.is_empty()
            && !title.contains(['&', '<', '\'', '"'])
        {
            let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
            return (slug, speaker, title);
        }
    }
    panic!("no session with a speaker in the example site");
}

fn retitle(text: &str, title: &str) -> String {
    text.lines().map(|l| if l.starts_with("title: ") { format!("title: {title}") } else { l.to_string() }).collect::<Vec<_>>().join("\n")
        + "\n"
}

#[test]
fn an_edit_reloads_and_updates_every_affected_page() {
    let server = serve_example();
    let (slug, speaker, old_title) = session_with_speaker(&server.site);
    let page = format!("/sessions/{slug}/");
    assert!(server.get(&page).text().contains(&old_title));
    let mut events = server.events();

    server.edit(&format!("sessions/{slug}.md"), |t| retitle(t, "Freshly Edited Title"));
    let reload = events.wait_for("reload");
    assert!(reload["build"].as_u64().unwrap() >= 2, "{reload}");

    for path in [page.as_str(), "/agenda/", &format!("/speakers/{speaker}/")] {
        let resp = server.get(path);
        assert_eq!(resp.status, 200, "{path}");
        assert!(resp.text().contains("Freshly Edited Title"), "{path} shows the new title");
        assert!(!resp.text().contains(&old_title), "{path} no longer shows the old title");
    }
    let status = server.status();
    assert_eq!(status["ok"], true, "{status}");

    // A second edit is picked up too (the cache of parsed files is not stale).
    server.edit(&format!("sessions/{slug}.md"), |t| retitle(t, "Edited Twice"));
    events.wait_for("reload");
    assert!(server.get(&page).text().contains("Edited Twice"));
    assert!(server.get("/agenda/").text().contains("Edited Twice"));
}

#[test]
fn a_broken_file_shows_errors_and_keeps_the_last_good_build() {
    let server = serve_example();
    let (slug, _, old_title) = session_with_speaker(&server.site);
    let rel = format!("sessions/{slug}.md");
    let page = format!("/sessions/{slug}/");
    let good = fs::read_to_string(server.site.join(&rel)).unwrap();
    let before = server.get(&page);
    let mut events = server.events();

    // Line 2 (the title) becomes invalid YAML.
    server.edit(&rel, |t| retitle(t, "[unclosed"));
    let error = events.wait_for("build-error");
    let diags = error["diagnostics"].as_array().unwrap();
    let d = diags.iter().find(|d| d["severity"] == "error").expect("an error");
    assert_eq!(d["file"], rel.as_str(), "{error}");
    assert!(d["line"].as_u64().unwrap() >= 2, "{error}");
    assert!(d["message"].as_str().unwrap().contains("YAML"), "{error}");

    let status = server.wait_status("the failed build", |s| s["ok"] == false);
    assert!(status["errors"].as_u64().unwrap() >= 1);
    assert!(
        status["diagnostics"].as_array().unwrap().iter().any(|d| d["file"] == rel.as_str() && d["line"].as_u64().unwrap() >= 2),
        "{status}"
    );
    assert_eq!(status["serving"], 1, "still serving the first build");

    // The last good page is still served, unchanged.
    let during = server.get(&page);
    assert_eq!(during.status, 200);
    assert_eq!(during.body, before.body);
    assert!(during.text().contains(&old_title));
    assert_eq!(server.get("/agenda/").status, 200);

    // A page opened now learns about the error as soon as it connects.
    let mut late = server.events();
    late.wait_for("build-error");

    // Fixing it recovers, with a reload.
    fs::write(server.site.join(&rel), good.replace(&old_title, "Fixed Again")).unwrap();
    let reload = events.wait_for("reload");
    assert!(reload["build"].as_u64().unwrap() >= 3);
    let status = server.wait_status("recovery", |s| s["ok"] == true);
    assert_eq!(status["serving"], status["build"]);
    assert!(server.get(&page).text().contains("Fixed Again"));
}

#[test]
fn editor_saves_and_deleted_folders_never_stop_the_server() {
    let server = serve_example();
    let (slug, _, _) = session_with_speaker(&server.site);
    let rel = format!("sessions/{slug}.md");
    let path = server.site.join(&rel);
    let good = fs::read_to_string(&path).unwrap();

    // vim-style: backup by rename, write a new file, delete the backup; swap files around it.
    fs::write(server.site.join("sessions/.x.md.swp"), "swap").unwrap();
    fs::rename(&path, server.site.join(format!("{rel}~"))).unwrap();
    fs::write(&path, retitle(&good, "Saved By Rename")).unwrap();
    fs::remove_file(server.site.join(format!("{rel}~"))).unwrap();
    fs::remove_file(server.site.join("sessions/.x.md.swp")).unwrap();
    server.wait_page(&format!("/sessions/{slug}/"), "Saved By Rename");
    server.wait_status("the renamed save", |s| s["ok"] == true);

    // Write to a temporary name, then rename over the file (most editors' safe save).
    let tmp = server.site.join(format!("sessions/.{slug}.md.tmp"));
    fs::write(&tmp, retitle(&good, "Saved Atomically")).unwrap();
    fs::rename(&tmp, &path).unwrap();
    server.wait_page(&format!("/sessions/{slug}/"), "Saved Atomically");

    // A half-saved file (front matter cut off) fails, then the full save recovers.
    let mut events = server.events();
    fs::write(&path, &good.as_bytes()[..20]).unwrap();
    events.wait_for("build-error");
    assert_eq!(server.get(&format!("/sessions/{slug}/")).status, 200);
    fs::write(&path, &good).unwrap();
    events.wait_for("reload");
    server.wait_status("the full save", |s| s["ok"] == true);

    // A whole folder deleted: nothing crashes, the site is still served; put back, it returns.
    let news = server.site.join("news");
    let saved = server.site.parent().unwrap().join("news-saved");
    copy_dir(&news, &saved);
    fs::remove_dir_all(&news).unwrap();
    events.wait_outcome();
    assert_eq!(server.get("/").status, 200);
    fs::rename(&saved, &news).unwrap();
    server.wait_page("/news/", "<");
    server.wait_status("the restored folder", |s| s["ok"] == true);
}

#[test]
fn traversal_attempts_get_400_or_404_and_never_file_contents() {
    let server = serve_example();
    // Things a leak would show: the repository's Cargo.toml, /etc/passwd, the site's own YAML,
    // a file outside the site. None is on the site's own 404 page.
    let secret_markers = ["[package]", "root:x:", "timezone: ", "secret outside the site"];
    let not_found = server.get("/no-such-page/").text();
    assert!(secret_markers.iter().all(|m| !not_found.contains(m)));
    // A symlink in static/ pointing out of the site is not served either.
    #[cfg(unix)]
    {
        let outside = server.site.parent().unwrap().join("outside.txt");
        fs::write(&outside, "secret outside the site\n").unwrap();
        std::os::unix::fs::symlink(&outside, server.site.join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", server.site.join("static/etc")).unwrap();
        server.wait_status("a rebuild after adding symlinks", |s| s["build"].as_u64().unwrap() >= 2);
    }
    let attempts = [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..%2F..%2F..%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/..\\..\\Cargo.toml",
        "/%5c..%5c..%5cCargo.toml",
        "/static/../site.yaml",
        "/site.yaml",
        "/sessions/../site.yaml",
        "/./site.yaml",
        "/%252e%252e/site.yaml",
        "/C:/Windows/win.ini",
        "/file:///etc/passwd",
        "/etc/passwd%00.html",
        "/leak.txt",
        "/etc/passwd",
        "/static/leak.txt",
        "http://evil.example/../etc/passwd",
        "*",
    ];
    for target in attempts {
        let resp = server.get(target);
        assert!(resp.status == 400 || resp.status == 404, "{target} got {}", resp.status);
        let text = resp.text();
        for marker in secret_markers {
            assert!(!text.contains(marker), "{target} leaked {marker:?}:\n{text}");
        }
    }
    // Still up and well.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn many_clients_at_once_and_clients_that_hang_up() {
    let server = Arc::new(serve_example());
    let expected = server.get("/agenda/").body;
    let paths = ["/", "/agenda/", "/speakers/", "/assets/style.css", "/no-such-page/", "/__confpress/status"];

    // Rude clients: one sends half a request and waits, some connect and say nothing.
    let mut hanging = server.connect();
    hanging.write_all(b"GET /agenda/ HTTP/1.1\r\nHost: x\r\n").unwrap();
    let idle: Vec<TcpStream> = (0..4).map(|_| server.connect()).collect();
    // (tiny_http's connection pool may queue a connection that arrives in the same instant as
    // these behind them; real clients keep coming and drain it, this sequential test would not.)
    std::thread::sleep(Duration::from_millis(300));
    // Readers that leave mid-response.
    for _ in 0..20 {
        let mut s = server.connect();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(b"GET /agenda/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut buf = [0u8; 64];
        let _ = s.read(&mut buf);
        let _ = s.shutdown(Shutdown::Both);
    }
    // Event streams that disconnect.
    for _ in 0..5 {
        drop(server.events());
    }

    let threads: Vec<_> = (0..32)
        .map(|t| {
            let server = Arc::clone(&server);
            let expected = expected.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let path = paths[(t + i) % paths.len()];
                    let resp = server.get(path);
                    let want = if path == "/no-such-page/" { 404 } else { 200 };
                    assert_eq!(resp.status, want, "{path}");
                    if path == "/agenda/" {
                        assert_eq!(resp.body, expected);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a client thread failed");
    }
    drop(hanging);
    drop(idle);
    let last = server.get("/");
    assert_eq!(last.status, 200);
    assert_eq!(last.header("connection"), Some("close"));
}
