//! Reading the export: a file, standard input (`-`), an http(s) URL, or (pretalx) a folder of
//! API responses. Every input is capped at [`MAX_BYTES`]: an export larger than that is not a
//! programme but a mistake (a media dump, a database backup), and reading it would only take
//! the machine's memory.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diag::{Diagnostic, Pos};

/// The largest export read: 64 MiB (the ~900-event programmes of issue 18 are 2–5 MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One export read into memory, with the name diagnostics give it (path, `<stdin>` or URL).
#[derive(Debug, Clone)]
pub struct Input {
    pub name: PathBuf,
    pub bytes: Vec<u8>,
}

/// What `SOURCE` names.
#[derive(Debug, Clone)]
pub enum Source {
    /// One export (file, stdin or URL).
    One(Input),
    /// A folder of pretalx API responses (`submissions.json`, `speakers.json`, `rooms.json` …).
    Folder(PathBuf),
}

fn error(name: &str, message: impl Into<String>, hint: &str) -> Diagnostic {
    Diagnostic::error(name, Pos::default(), message).with_hint(hint)
}

/// Reads `source`: `-` for standard input, an `http(s)://` URL, a folder or a file.
pub fn read(source: &str) -> Result<Source, Diagnostic> {
    if source == "-" {
        return read_capped("<stdin>", std::io::stdin().lock()).map(Source::One);
    }
    if is_url(source) {
        return fetch(source).map(Source::One);
    }
    let path = Path::new(source);
    if path.is_dir() {
        return Ok(Source::Folder(path.to_path_buf()));
    }
    read_file(path).map(Source::One)
}

pub fn is_url(source: &str) -> bool {
    source.starts_with("http://") || source.starts_with("https://")
}

/// Reads one file, refusing it unread when it is larger than [`MAX_BYTES`].
pub fn read_file(path: &Path) -> Result<Input, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| error(&name, format!("cannot read the export: {e}"), "check the path"))?;
    if meta.len() > MAX_BYTES {
        return Err(too_large(&name, meta.len()));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| error(&name, format!("cannot read the export: {e}"), "check the path and its permissions"))?;
    read_capped(&name, file)
}

fn too_large(name: &str, bytes: u64) -> Diagnostic {
    error(
        name,
        format!("the export is {:.0} MB; confpress import reads at most {} MB", bytes as f64 / 1e6, MAX_BYTES / 1024 / 1024),
        "a schedule export of a large conference is a few MB: check that this is the schedule (not a media or database dump)",
    )
}

/// Reads at most [`MAX_BYTES`] (plus one byte, to tell a stream that is too long).
fn read_capped(name: &str, reader: impl Read) -> Result<Input, Diagnostic> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(name, format!("cannot read the export: {e}"), "check the source"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    Ok(Input { name: PathBuf::from(name), bytes })
}

/// Downloads an export (the nightly-cron case), with timeouts so a dead server fails the run
/// instead of hanging it.
fn fetch(url: &str) -> Result<Input, Diagnostic> {
    fetch_with(url, None)
}

/// [`fetch`], with an `Authorization` header (pretalx's `Token …`) when given.
pub fn fetch_with(url: &str, authorization: Option<&str>) -> Result<Input, Diagnostic> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .timeout_connect(Some(Duration::from_secs(20)))
        .build()
        .into();
    let hint = "check the URL, and that the export is public (or download it with its API token and import the file)";
    let mut request = agent.get(url);
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let mut response = request.call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => error(url, format!("the server answered HTTP {code}"), hint),
        other => error(url, format!("cannot download the export: {other}"), hint),
    })?;
    let bytes = response.body_mut().with_config().limit(MAX_BYTES).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(n) => too_large(url, n),
        other => error(url, format!("the download broke off: {other}"), hint),
    })?;
    Ok(Input { name: PathBuf::from(url), bytes })
}
