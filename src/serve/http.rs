//! Answering one HTTP request: the request path is checked and decoded once, then looked up in
//! the served build (generated files in memory, static files from the site's static/ folder).
//!
//! A request path never reaches the file system unless it names a static file the build listed,
//! and the file it resolves to (after symlinks) lies inside the site folder. Malformed paths and
//! traversal attempts get 400; anything else not in the build gets the site's 404 page.

use std::fs::File;
use std::io::{Cursor, Read, Write};
use std::sync::Arc;

use jiff::Timestamp;
use tiny_http::{Method, Request, StatusCode};

use super::State;
use super::events;
use super::site::{Entry, content_type};

/// Why a request target is refused with 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPath {
    /// Not an origin-form target (`/…`), e.g. `*` or `http://host/`.
    NotAbsolute,
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8 once decoded.
    BadEncoding,
    /// NUL, control characters, `\`, or `:` (drive letters, alternate streams).
    BadCharacter,
    /// An empty (`//`), `.` or `..` segment.
    BadSegment,
}

/// The site path a request target asks for: percent-decoded exactly once, without the leading
/// `/`, the query or the fragment (`/agenda/?day=2` → `agenda/`, `/` → ``). Every segment but
/// the last is non-empty; no segment is `.` or `..`; there is no `\`, `:`, NUL or control
/// character. So the result, joined to a folder, always stays inside that folder.
pub fn site_path(target: &str) -> Result<String, BadPath> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix('/').ok_or(BadPath::NotAbsolute)?;
    let decoded = percent_decode(rest).ok_or(BadPath::BadEncoding)?;
    let decoded = String::from_utf8(decoded).map_err(|_| BadPath::BadEncoding)?;
    if decoded.chars().any(|c| c.is_control() || c == '\\' || c == ':') {
        return Err(BadPath::BadCharacter);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if (seg.is_empty() && i != last) || *seg == "." || *seg == ".." {
            return Err(BadPath::BadSegment);
        }
    }
    Ok(decoded)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Internal endpoints live under this prefix (no site page can: it is not a valid slug).
const INTERNAL: &str = "__confpress/";

/// A response, written by [`send`].
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

/// What a response carries.
enum Body {
    Entry(Arc<Entry>),
    Owned(Vec<u8>),
    File(File, u64),
    /// No body, but the length a full response would have (for 304 and HEAD).
    None(Option<u64>),
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Body) -> Reply {
        Reply { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    pub fn text(status: u16, text: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", Body::Owned(text.as_bytes().to_vec())).header("Cache-Control", "no-store")
    }

    fn html(status: u16, html: String) -> Reply {
        Reply::new(status, "text/html; charset=utf-8", Body::Owned(html.into_bytes())).header("Cache-Control", "no-store")
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

/// Answers `req`. Never panics on bad input; write errors (a client that hung up) are ignored.
pub fn handle(req: Request, state: &Arc<State>) {
    let head = match req.method() {
        Method::Get => false,
        Method::Head => true,
        _ => {
            let reply =
                Reply::text(405, "405 Method Not Allowed: this preview server only answers GET and HEAD\n").header("Allow", "GET, HEAD");
            return send(req, reply);
        }
    };
    let path = match site_path(req.url()) {
        Ok(p) => p,
        Err(why) => return send(req, Reply::text(400, &format!("400 Bad Request: {why:?}\n"))),
    };
    if let Some(endpoint) = path.strip_prefix(INTERNAL) {
        return internal(req, endpoint, head, state);
    }
    let snapshot = state.snapshot();
    if snapshot.build == 0 {
        // Nothing has built yet: every page is the error page, which reloads once it builds.
        return send(req, Reply::html(503, events::error_page(&state.status())));
    }
    let key = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if let Some(entry) = snapshot.get(&key) {
        let reply = entry_reply(&req, entry);
        return send(req, reply);
    }
    if !path.is_empty() && !path.ends_with('/') && snapshot.files.contains_key(&format!("{path}/index.html")) {
        let raw = req.url().split(['?', '#']).next().unwrap_or_default();
        let query = req.url().find('?').map(|i| &req.url()[i..]).unwrap_or_default();
        let reply = Reply::text(302, "302 Found\n").header("Location", format!("{raw}/{query}"));
        return send(req, reply);
    }
    if snapshot.statics.contains(&key)
        && let Some(reply) = static_file(&req, state, &key)
    {
        return send(req, reply);
    }
    let reply = match snapshot.files.get("404.html") {
        Some(page) => Reply::new(404, page.content_type, Body::Entry(Arc::clone(page))).header("Cache-Control", "no-store"),
        None => Reply::text(404, "404 Not Found\n"),
    };
    send(req, reply)
}

fn internal(req: Request, endpoint: &str, head: bool, state: &Arc<State>) {
    let reply = match endpoint {
        "events" if !head => return events::stream(req, state),
        "events" => Reply::new(200, "text/event-stream", Body::None(None)),
        "status" => {
            let body = events::status_json(&state.status(), &state.instance).to_string();
            Reply::new(200, "application/json", Body::Owned(body.into_bytes())).header("Cache-Control", "no-store")
        }
        "live.js" => entry_reply(&req, state.live_script.clone()),
        _ => Reply::text(404, "404 Not Found\n"),
    };
    send(req, reply)
}

/// A generated file, or 304 when the client's copy is current.
fn entry_reply(req: &Request, entry: Arc<Entry>) -> Reply {
    let validators =
        [("ETag", entry.etag.clone()), ("Last-Modified", http_date(entry.modified)), ("Cache-Control", "no-cache".to_string())];
    let mut reply = if not_modified(req, &entry.etag, entry.modified) {
        Reply { status: 304, headers: Vec::new(), body: Body::None(Some(entry.bytes.len() as u64)) }
    } else {
        Reply::new(200, entry.content_type, Body::Entry(entry)).header("X-Content-Type-Options", "nosniff")
    };
    reply.headers.extend(validators);
    reply
}

/// A static file from disk, if it is still there and really inside the site folder.
fn static_file(req: &Request, state: &State, rel: &str) -> Option<Reply> {
    let path = state.static_root.join(rel);
    let real = path.canonicalize().ok()?;
    if !real.starts_with(&state.site_root) {
        return None;
    }
    let file = File::open(&real).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified: Timestamp = meta.modified().ok().and_then(|m| Timestamp::try_from(m).ok()).unwrap_or(Timestamp::UNIX_EPOCH);
    let etag = format!("\"{:x}-{:x}\"", modified.as_nanosecond(), meta.len());
    let mut reply = if not_modified(req, &etag, modified) {
        Reply { status: 304, headers: Vec::new(), body: Body::None(Some(meta.len())) }
    } else {
        Reply::new(200, content_type(rel), Body::File(file, meta.len())).header("X-Content-Type-Options", "nosniff")
    };
    reply.headers.extend([("ETag", etag), ("Last-Modified", http_date(modified)), ("Cache-Control", "no-cache".to_string())]);
    Some(reply)
}

/// Whether the client's cached copy is current: `If-None-Match` decides when present, else
/// `If-Modified-Since` (only when the file is older than that second, since HTTP dates have no
/// fractions and a file can change twice within one second).
fn not_modified(req: &Request, etag: &str, modified: Timestamp) -> bool {
    if let Some(list) = request_header(req, "If-None-Match") {
        return list.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag);
    }
    if let Some(since) = request_header(req, "If-Modified-Since")
        && let Ok(since) = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(since)
    {
        return modified.as_second() < since.as_second();
    }
    false
}

fn request_header<'a>(req: &'a Request, name: &'static str) -> Option<&'a str> {
    req.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str())
}

/// An RFC 9110 date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date(ts: Timestamp) -> String {
    jiff::fmt::rfc2822::DateTimePrinter::new().timestamp_to_rfc9110_string(&ts).unwrap_or_default()
}

/// A header value that cannot break the header block: bytes outside printable ASCII (CR, LF,
/// non-ASCII) are percent-encoded.
pub fn header_value(value: &str) -> String {
    value.bytes().map(|b| if (0x20..0x7f).contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Writes `reply` and closes the connection. A client that went away is not an error worth
/// reporting.
///
/// The response is written here rather than by tiny_http, which refuses to send
/// `Connection: close`: tiny_http gives every open connection a thread of a pool that can queue
/// a new connection behind idle ones, so each connection is closed after one response, which
/// frees its thread at once (on the loopback, a new connection per request costs next to nothing).
pub fn send(req: Request, reply: Reply) {
    let head = *req.method() == Method::Head;
    let status = reply.status;
    let mut out = req.into_writer();
    let (length, mut body): (Option<u64>, Box<dyn Read>) = match reply.body {
        Body::Entry(entry) => (Some(entry.bytes.len() as u64), Box::new(Cursor::new(EntryBytes(entry)))),
        Body::Owned(bytes) => (Some(bytes.len() as u64), Box::new(Cursor::new(bytes))),
        Body::File(file, len) => (Some(len), Box::new(file.take(len))),
        Body::None(len) => (len, Box::new(std::io::empty())),
    };
    let reason = StatusCode(status).default_reason_phrase();
    let mut head_block =
        format!("HTTP/1.1 {status} {reason}\r\nDate: {}\r\nServer: confpress\r\nConnection: close\r\n", http_date(Timestamp::now()));
    for (name, value) in &reply.headers {
        head_block.push_str(&format!("{name}: {}\r\n", header_value(value)));
    }
    if let Some(len) = length {
        head_block.push_str(&format!("Content-Length: {len}\r\n"));
    }
    head_block.push_str("\r\n");
    let mut write = || -> std::io::Result<()> {
        out.write_all(head_block.as_bytes())?;
        if !head && status != 304 {
            std::io::copy(&mut body, &mut out)?;
        }
        out.flush()
    };
    let _ = write();
}

/// An entry's bytes as a reader, without copying them.
struct EntryBytes(Arc<Entry>);

impl AsRef<[u8]> for EntryBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        assert_eq!(site_path("/").unwrap(), "");
        assert_eq!(site_path("/agenda/").unwrap(), "agenda/");
        assert_eq!(site_path("/agenda").unwrap(), "agenda");
        assert_eq!(site_path("/agenda/?day=2#x").unwrap(), "agenda/");
        assert_eq!(site_path("/img/a%20b.png").unwrap(), "img/a b.png");
        assert_eq!(site_path("/caf%C3%A9/").unwrap(), "café/");
        // Decoded once only: `%252e` is the literal name `%2e`.
        assert_eq!(site_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn traversal_and_junk_are_refused() {
        for bad in ["/../Cargo.toml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/a/../../b", "/a/./b", "/%2E%2E/x", "/.."] {
            assert_eq!(site_path(bad), Err(BadPath::BadSegment), "{bad}");
        }
        for bad in ["//etc/passwd", "/a//b", "/%2fetc/passwd"] {
            assert_eq!(site_path(bad), Err(BadPath::BadSegment), "{bad}");
        }
        for bad in ["/..\\..\\etc\\passwd", "/a%5c..%5cb", "/C:/Windows/win.ini", "/c%3a/x", "/a%00.html", "/a%0d%0aSet-Cookie:x"] {
            assert_eq!(site_path(bad), Err(BadPath::BadCharacter), "{bad}");
        }
        for bad in ["/%", "/%zz", "/%c3", "/a%2"] {
            assert_eq!(site_path(bad), Err(BadPath::BadEncoding), "{bad}");
        }
        for bad in ["*", "http://example.org/", "", "etc/passwd"] {
            assert_eq!(site_path(bad), Err(BadPath::NotAbsolute), "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        let ts: Timestamp = "1994-11-06T08:49:37Z".parse().unwrap();
        assert_eq!(http_date(ts), "Sun, 06 Nov 1994 08:49:37 GMT");
        let back = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(back, ts);
    }

    #[test]
    fn header_values_cannot_break_the_header_block() {
        assert_eq!(header_value("/café/\r\nSet-Cookie: x"), "/caf%C3%A9/%0D%0ASet-Cookie: x");
    }
}
