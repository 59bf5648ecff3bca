//! The files of the attendee's app: the search and filter index, the web app manifest and the
//! service worker.

use std::hash::Hasher;

use rayon::prelude::*;
use serde::Serialize;

use super::fingerprint::{fingerprinter, hash_str, hash_tera, hash_value};
use super::views::Views;
use crate::diag::Diagnostic;
use crate::sink::{OutFile, Sink};

/// Writes the app's files (see [`app_files`]) into `sink`.
pub fn write_app_files(v: &Views, routes: &[String], sink: &dyn Sink) -> Result<(), Diagnostic> {
    crate::timing::timed("app files", || app_files(v, routes)).into_iter().try_for_each(|f| sink.put(f))
}

/// The files of the attendee's app: `sessions.json` (the search and filter index),
/// `manifest.webmanifest` and `sw.js`, the service worker. `sw.js` names this build's version (a
/// hash of everything the pages show) and the pages to cache, and loads the theme's
/// `assets/sw.js`, so a new schedule replaces the cached one.
fn app_files(v: &Views, routes: &[String]) -> Vec<OutFile> {
    let c = v.conf;
    // The version is a hash of the index among the rest: the index is written with a
    // placeholder, which the version then replaces.
    const PLACEHOLDER: &str = "0000000000000000";
    let mut index = serde_json::to_vec(&v.session_index(PLACEHOLDER)).expect("JSON");
    let version = build_version(v, routes, &index);
    crate::sink::patch_placeholder(&mut index, b"\"version\":\"", PLACEHOLDER, &version);

    let short_name = if c.site.title.chars().count() <= 12 || c.site.acronym.is_empty() { &c.site.title } else { &c.site.acronym };
    let icon = |name: &str, sizes, kind, purpose| Icon { purpose, sizes, src: v.url(&format!("assets/{name}")), kind };
    let manifest = Manifest {
        background_color: "#ffffff",
        description: c.site.tagline.as_ref().or(c.site.description.as_ref()),
        display: "standalone",
        icons: [
            icon("icon.svg", "any", "image/svg+xml", "any"),
            icon("icon-192.png", "192x192", "image/png", "any"),
            icon("icon-512.png", "512x512", "image/png", "any"),
            icon("icon-maskable-512.png", "512x512", "image/png", "maskable"),
        ],
        id: &v.base,
        lang: &c.site.language,
        name: &c.site.title,
        scope: &v.base,
        short_name,
        start_url: v.url("agenda/"),
        theme_color: &c.site.primary_color,
    };

    // Pages to cache at install: the home page, the agenda and every session, speaker, track and
    // room page, with the theme's files and the images they show; the rest is cached as visited.
    let cached = |r: &str| {
        r.is_empty()
            || ["agenda/", "my-schedule/", "speakers/"].contains(&r)
            || ["sessions/", "speakers/", "tracks/", "rooms/"].iter().any(|p| r.starts_with(p))
    };
    let mut precache: Vec<String> = routes.iter().filter(|r| cached(r)).map(|r| v.url(r)).collect();
    precache.extend(
        ["sessions.json", "manifest.webmanifest", "404.html", "assets/style.css", "assets/app.js", "assets/icon.svg"].map(|f| v.url(f)),
    );
    precache.extend(v.site["favicon"].as_str().map(str::to_string));
    precache.extend(v.site["logo"].as_str().map(str::to_string));
    // The images those pages show: sponsor logos (in every footer) and speaker photos.
    precache.extend(v.sponsors.iter().filter_map(|x| x["logo"].as_str()).map(str::to_string));
    precache.extend((0..v.conf.speakers.len()).filter_map(|i| v.speaker_photo(i)));
    precache.sort();
    precache.dedup();
    let sw_config = WorkerConfig { base: &v.base, precache, version: &version };
    let sw = format!(
        "// confpress service worker, written at build time: the version changes with the schedule,\n\
         // so browsers replace the pages they cached. The code is the theme's assets/sw.js.\n\
         self.CONFPRESS_SW = {};\nimportScripts({});\n",
        serde_json::to_string(&sw_config).expect("JSON"),
        serde_json::to_string(&v.url(&format!("assets/sw.js?v={version}"))).expect("JSON")
    );
    let files =
        [("sessions.json", index), ("manifest.webmanifest", serde_json::to_vec(&manifest).expect("JSON")), ("sw.js", sw.into_bytes())];
    // In relative mode their site paths are relative to where they are, the site root
    // (`./agenda/index.html`): a manifest's and a worker's URLs resolve against their own, and
    // app.js resolves the index's against the index.
    let relative = c.site.relative_urls;
    let at_root = |bytes: Vec<u8>| if relative { super::urls::resolve_bytes(&bytes, "./") } else { bytes };
    files.into_iter().map(|(path, bytes)| OutFile { path: path.into(), bytes: at_root(bytes) }).collect()
}

/// manifest.webmanifest, members in sorted order as they have always been written.
#[derive(Serialize)]
struct Manifest<'a> {
    background_color: &'static str,
    description: Option<&'a String>,
    display: &'static str,
    icons: [Icon; 4],
    id: &'a str,
    lang: &'a str,
    name: &'a str,
    scope: &'a str,
    short_name: &'a str,
    start_url: String,
    theme_color: &'a str,
}

#[derive(Serialize)]
struct Icon {
    purpose: &'static str,
    sizes: &'static str,
    src: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// `self.CONFPRESS_SW` in sw.js: what the service worker caches, and for which build.
#[derive(Serialize)]
struct WorkerConfig<'a> {
    base: &'a str,
    precache: Vec<String>,
    version: &'a str,
}

/// A short hash of everything the cached pages show: the session index, every session, speaker
/// and sponsor as templates see them, abstracts and bios, the site, the UI strings and the page
/// list, and confpress's version (which fixes the embedded theme; the worker asks the network
/// first anyway, so a changed theme file arrives on the next visit).
fn build_version(v: &Views, routes: &[String], index: &[u8]) -> String {
    // XXH3, a specified hash, so the same site gives the same version with any Rust release (on
    // machines of one word size). Values are fed in by structure ([`hash_value`]) rather than as
    // JSON text; the sessions and speakers in parallel, each with its abstract or bio.
    let c = v.conf;
    let print = |value: &tera::Value, body: &crate::model::Body| {
        let mut h = fingerprinter();
        hash_tera(&mut h, value);
        hash_str(&mut h, &body.text);
        h.write_u8(body.format as u8);
        h.finish()
    };
    let (sessions, speakers): (Vec<u64>, Vec<u64>) = rayon::join(
        || (0..c.sessions.len()).into_par_iter().map(|i| print(&v.sessions[i], &c.sessions[i].abstract_md)).collect(),
        || (0..c.speakers.len()).into_par_iter().map(|i| print(&v.speakers[i], &c.speakers[i].bio)).collect(),
    );
    let mut h = fingerprinter();
    hash_str(&mut h, env!("CARGO_PKG_VERSION"));
    h.write(index);
    for value in [&v.site, &v.strings].into_iter().chain(&v.sponsors) {
        hash_value(&mut h, value);
    }
    sessions.iter().chain(&speakers).for_each(|&p| h.write_u64(p));
    routes.iter().for_each(|r| hash_str(&mut h, r));
    format!("{:016x}", h.finish())
}
