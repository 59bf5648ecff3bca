//! Telling browsers about rebuilds: a server-sent event stream per open page, the JSON status
//! endpoint, and the page shown while nothing has built yet.
//!
//! Events (`event:` name, `data:` one line of JSON):
//! - `hello` on connect: `{"server", "serving"}`; a page that sees a different server or build
//!   than when it loaded (it reconnected after missing a rebuild) reloads itself;
//! - `reload` after a successful rebuild; `css` instead when only stylesheets changed
//!   (`{"files": [...]}`), so the page swaps its stylesheets without reloading;
//! - `build-error` after a failed rebuild (and on connect while the last build is failing):
//!   `{"build", "diagnostics": [{"severity", "file", "line", "col", "message", "hint", "text"}]}`.
//!   Named `build-error` rather than `error`, which EventSource already uses for lost connections.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::Request;

use super::{State, Status};
use crate::diag::{Diagnostic, Severity};

/// Open event streams at most (each holds a thread); more get 503.
const MAX_CLIENTS: usize = 256;
/// A comment line keeps idle streams alive and finds clients that went away.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Events queued for a slow client before it is dropped.
const QUEUE: usize = 64;

/// Every open event stream.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<SyncSender<Arc<str>>>>,
}

impl Hub {
    fn subscribe(&self) -> Option<Receiver<Arc<str>>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_CLIENTS {
            return None;
        }
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        clients.push(tx);
        Some(rx)
    }

    /// Sends `message` (a complete event) to every stream; drops streams that are gone or stuck.
    pub fn broadcast(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| match c.try_send(message.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
    }

    /// How many streams are open.
    pub fn len(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One event in the wire format; `data` must be one line (compact JSON is).
pub fn event(name: &str, data: &Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// The `build-error` event for a failed build.
pub fn error_event(status: &Status) -> String {
    event("build-error", &json!({"build": status.build, "diagnostics": diagnostics_json(&status.diagnostics, &status.texts)}))
}

/// Streams events to `req` on a thread of its own until the client goes away.
pub fn stream(req: Request, state: &Arc<State>) {
    let Some(rx) = state.hub.subscribe() else {
        return super::http::send(req, super::http::Reply::text(503, "503 Service Unavailable: too many open pages\n"));
    };
    let state = Arc::clone(state);
    let spawned = std::thread::Builder::new().name("confpress-sse".into()).spawn(move || {
        let mut out = req.into_writer();
        let status = state.status();
        let mut greeting = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n",
        );
        greeting.push_str(&event("hello", &json!({"server": state.instance, "serving": status.serving, "build": status.build})));
        if !status.ok {
            greeting.push_str(&error_event(&status));
        }
        if out.write_all(greeting.as_bytes()).and_then(|()| out.flush()).is_err() {
            return;
        }
        loop {
            let message = match rx.recv_timeout(KEEPALIVE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if out.write_all(message.as_bytes()).and_then(|()| out.flush()).is_err() {
                return;
            }
        }
    });
    // If no thread can be started the request is dropped, which closes the connection.
    drop(spawned);
}

/// Diagnostics as JSON for the browser: position, message, hint and the compiler-style text
/// (with the source line and a caret) that the terminal shows.
pub fn diagnostics_json(diags: &[Diagnostic], texts: &[String]) -> Value {
    let list: Vec<Value> = diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": d.file.to_string_lossy().replace('\\', "/"),
                "line": d.pos.line,
                "col": d.pos.col,
                "message": d.message,
                "hint": d.hint,
                "text": texts.get(i).map_or("", String::as_str),
            })
        })
        .collect();
    Value::Array(list)
}

/// The status endpoint's body.
pub fn status_json(status: &Status, instance: &str) -> Value {
    let errors = status.diagnostics.iter().filter(|d| d.is_error()).count();
    json!({
        "server": instance,
        "build": status.build,
        "ok": status.ok,
        "serving": status.serving,
        "pages": status.pages,
        "elapsed_ms": status.elapsed_ms,
        "errors": errors,
        "warnings": status.diagnostics.len() - errors,
        "diagnostics": diagnostics_json(&status.diagnostics, &status.texts),
    })
}

/// The page served for every path while no build has succeeded yet.
pub fn error_page(status: &Status) -> String {
    let mut body = String::new();
    for (i, d) in status.diagnostics.iter().enumerate() {
        body.push_str(&escape(status.texts.get(i).map_or(d.message.as_str(), String::as_str)));
        body.push('\n');
    }
    if body.is_empty() {
        body.push_str("The site is being built…");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>confpress: the site does not build</title>\
         <style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}}pre{{background:#111;color:#eee;padding:1rem;overflow:auto}}</style></head>\
         <body><h1>The site does not build yet</h1><p>Fix the problems below and save; this page reloads by itself.</p><pre>{body}</pre>\
         <script src=\"{}\" defer></script></body></html>\n",
        super::site::LIVE_SCRIPT_PATH
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;

    #[test]
    fn events_are_one_data_line() {
        let e = event("reload", &json!({"build": 2, "note": "a\nb"}));
        assert_eq!(e, "event: reload\ndata: {\"build\":2,\"note\":\"a\\nb\"}\n\n");
    }

    #[test]
    fn broadcast_drops_gone_clients() {
        let hub = Hub::default();
        let a = hub.subscribe().unwrap();
        let b = hub.subscribe().unwrap();
        drop(b);
        hub.broadcast("x");
        assert_eq!(hub.len(), 1);
        assert_eq!(&*a.recv().unwrap(), "x");
    }

    #[test]
    fn diagnostics_carry_position_and_text() {
        let d = Diagnostic::error("sessions/a.md", Pos::new(3, 5), "bad <b>").with_hint("fix");
        let text = d.render(Some("---\nx: 1\ntitle: [\n"));
        let v = diagnostics_json(std::slice::from_ref(&d), std::slice::from_ref(&text));
        assert_eq!(v[0]["file"], "sessions/a.md");
        assert_eq!(v[0]["line"], 3);
        assert_eq!(v[0]["col"], 5);
        assert!(v[0]["text"].as_str().unwrap().contains("3 | title: ["));
        let status = Status { diagnostics: vec![d], texts: vec![text], ..Status::default() };
        assert!(error_page(&status).contains("bad &lt;b&gt;"));
    }
}
