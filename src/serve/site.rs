//! The site being served: the last good build, held in memory and swapped whole on every
//! successful rebuild, so a request always sees one complete build, never a mix of two.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rayon::prelude::*;

use crate::sink::OutFile;

/// Where the live-reload script is served; every HTML page loads it.
pub const LIVE_SCRIPT_PATH: &str = "/__confpress/live.js";

/// One generated file, ready to send.
#[derive(Debug)]
pub struct Entry {
    /// The bytes as served (HTML pages carry the live-reload script tag).
    pub bytes: Vec<u8>,
    /// A strong validator: a hash of `bytes`, quoted (`"1f2e…"`).
    pub etag: String,
    /// When these bytes were first served (kept across rebuilds that leave the file unchanged).
    pub modified: Timestamp,
    pub content_type: &'static str,
}

impl Entry {
    pub fn new(path: &str, bytes: Vec<u8>, modified: Timestamp) -> Entry {
        let etag = etag_of(&bytes);
        Entry { bytes, etag, modified, content_type: content_type(path) }
    }
}

/// A complete build as served: pages and theme assets by output path (`agenda/index.html`),
/// the exports, and the static files that are read from the site's static/ folder on request.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The build number this snapshot came from (0 = nothing built yet).
    pub build: u64,
    /// Shared with the build that made them (a big site has tens of thousands).
    pub files: Arc<HashMap<String, Arc<Entry>>>,
    pub exports: Arc<Exports>,
    /// Paths of static files relative to static/ (`/`-separated). Generated files win over them.
    pub statics: HashSet<String>,
}

impl Snapshot {
    /// The generated file at `path`: a page or asset, else an export (waiting for the exports
    /// when they are still being computed).
    pub fn get(&self, path: &str) -> Option<Arc<Entry>> {
        if let Some(entry) = self.files.get(path) {
            return Some(entry.clone());
        }
        self.exports.wait().and_then(|files| files.get(path).cloned())
    }

    /// Pages and assets whose bytes differ from `prev`, or that appeared or disappeared, sorted.
    pub fn changed_since(&self, prev: &Snapshot) -> Vec<String> {
        let mut out: Vec<String> = self
            .files
            .iter()
            .filter(|(path, entry)| prev.files.get(*path).is_none_or(|old| !Arc::ptr_eq(old, entry)))
            .map(|(path, _)| path.clone())
            .collect();
        out.extend(prev.files.keys().filter(|p| !self.files.contains_key(*p)).cloned());
        out.sort();
        out
    }
}

/// How long a request for an export waits for it before getting a 404.
const EXPORT_WAIT: Duration = Duration::from_secs(60);

/// The exports of a build (calendars, schedule files, feeds, sitemap). They are slow to compute
/// for a large site and never needed to show a page, so a rebuild publishes its pages first and
/// computes these after; a request for one waits until they are ready, so none is ever stale.
#[derive(Debug, Default)]
pub struct Exports {
    files: OnceLock<HashMap<String, Arc<Entry>>>,
    lock: Mutex<()>,
    ready: Condvar,
}

impl Exports {
    /// Exports that are still being computed: [`Exports::set`] completes them.
    pub fn pending() -> Exports {
        Exports::default()
    }

    /// Makes entries of `files`, reusing those of `prev` whose bytes did not change.
    pub fn entries(files: Vec<OutFile>, prev: Option<&HashMap<String, Arc<Entry>>>, now: Timestamp) -> HashMap<String, Arc<Entry>> {
        files
            .into_par_iter()
            .map(|f| {
                let entry = match prev.and_then(|p| p.get(&f.path)) {
                    Some(old) if old.bytes == f.bytes => old.clone(),
                    _ => Arc::new(Entry::new(&f.path, f.bytes, now)),
                };
                (f.path, entry)
            })
            .collect()
    }

    /// Completes the exports and wakes every request waiting for them. Only the first call counts.
    pub fn set(&self, files: HashMap<String, Arc<Entry>>) {
        let _ = self.files.set(files);
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.ready.notify_all();
    }

    /// The exports, once computed (`None` after waiting too long).
    pub fn wait(&self) -> Option<&HashMap<String, Arc<Entry>>> {
        let deadline = Instant::now() + EXPORT_WAIT;
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(files) = self.files.get() {
                return Some(files);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            guard = self.ready.wait_timeout(guard, left).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    /// The exports if they are ready, without waiting.
    pub fn get(&self) -> Option<&HashMap<String, Arc<Entry>>> {
        self.files.get()
    }
}

/// A quoted hex hash of `bytes`, for ETag.
pub fn etag_of(bytes: &[u8]) -> String {
    let mut h = crate::render::fingerprint::fingerprinter();
    h.write(bytes);
    format!("\"{:016x}-{:x}\"", h.finish(), bytes.len())
}

/// Adds the live-reload script tag before the last `</body>` (or at the end without one).
pub fn inject_live_script(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>");
    let at = rfind_ignore_case(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).rev().find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The Content-Type for a path, by extension; text types are UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" | "xsl" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject_live_script(b"<html><body><p>a</body></p></BODY></html>".to_vec());
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with(&format!("<script src=\"{LIVE_SCRIPT_PATH}\" defer></script></BODY></html>")), "{out}");
        let out = String::from_utf8(inject_live_script(b"<p>no body".to_vec())).unwrap();
        assert!(out.starts_with("<p>no body<script"), "{out}");
        assert!(String::from_utf8(inject_live_script(Vec::new())).unwrap().starts_with("<script"));
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(content_type("agenda/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/STYLE.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("schedule.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("img/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
        assert_eq!(content_type(".hidden"), "application/octet-stream");
    }

    #[test]
    fn unchanged_exports_keep_their_entry() {
        let now = Timestamp::now();
        let a = vec![OutFile { path: "a.ics".into(), bytes: b"a".to_vec() }, OutFile { path: "b.xml".into(), bytes: b"b".to_vec() }];
        let first = Exports::entries(a.clone(), None, now);
        let mut b = a;
        b[1].bytes = b"c".to_vec();
        let second = Exports::entries(b, Some(&first), now);
        assert!(Arc::ptr_eq(&first["a.ics"], &second["a.ics"]));
        assert_ne!(first["b.xml"].etag, second["b.xml"].etag);
    }

    #[test]
    fn waiting_for_exports() {
        let exports = Arc::new(Exports::pending());
        assert!(exports.get().is_none());
        let setter = Arc::clone(&exports);
        let t = std::thread::spawn(move || {
            setter.set(HashMap::from([("x.ics".to_string(), Arc::new(Entry::new("x.ics", b"x".to_vec(), Timestamp::now())))]))
        });
        assert!(exports.wait().unwrap().contains_key("x.ics"));
        t.join().unwrap();
        let snapshot = Snapshot { build: 1, exports, ..Snapshot::default() };
        assert!(snapshot.get("x.ics").is_some());
        assert!(snapshot.get("y.ics").is_none());
    }
}
