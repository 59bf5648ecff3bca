//! Cross-site scripting: a copy of the example site with XSS payloads in every text field and
//! every body (sessions, speakers, sponsors, jobs, news, pages; half the bodies `format: html`,
//! half Markdown), built, and every output file scanned: no script but the theme's own, no
//! event handler, no URL that runs code, no frame, form, SVG or MathML, in the pages, in the HTML
//! that feeds and structured data carry, and in the plain text of the machine-readable files.
//!
//! Links that run code in a body are errors (`confpress check` names each file), so the build
//! through the command line has the other payloads in its bodies; the same site with every
//! payload is also compiled in memory past those errors, which the sanitiser must then hold.

mod common;

use std::cell::RefCell;
use std::fs;
use std::path::Path;

use common::*;
use confpress::content::body::code_scheme;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// Payloads with no URL that runs code: allowed in bodies (they are sanitised), and in text.
const PAYLOADS: &[&str] = &[
    "<script>alert('x1')</script>",
    "<ScRiPt >alert('x2')</sCrIpT>",
    "<img src=x onerror=alert('x3')>",
    "<svg onload=alert('x4')><circle r=1 /></svg>",
    "<iframe srcdoc=\"<script>alert('x5')</script>\"></iframe>",
    "<div style=\"width: expression(alert('x6'))\">styled</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('x7')></style></mglyph></table></mtext></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('x8')>\"></noscript>",
    "\"><script>alert('x9')</script>",
    "<details open ontoggle=alert('x10')>d</details>",
    "<form><button formaction=/x onfocus=alert('x11')>b</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "<object data=\"/x.swf\"></object><embed src=\"/x.swf\">",
    "<a href=\"https://ok.example/\" onmouseover=\"alert('x12')\">fine link</a>",
];

/// Payloads whose URL runs code: errors in bodies, text in text fields.
const CODE_LINKS: &[&str] = &[
    "<a href=\"javascript:alert('y1')\">j1</a>",
    "<a href=\" javascript:alert('y2')\">j2</a>",
    "<a href=\"jav&#x61;script:alert('y3')\">j3</a>",
    "<a href=\"JaVaScRiPt:alert('y4')\">j4</a>",
    "<IMG SRC=\"jav&#x09;ascript:alert('y5')\">",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">j6</a>",
    "<iframe src=\"javascript:alert('y7')\"></iframe>",
    "<a href=\"vbscript:msgbox('y8')\">j8</a>",
    "<svg><a xlink:href=\"javascript:alert('y9')\"><text>j9</text></a></svg>",
    "<base href=\"javascript:alert('y10')//\">",
];

/// Markdown links that run code.
const MARKDOWN_CODE_LINKS: &[&str] =
    &["[m1](javascript:alert('z1'))", "![m2](javascript:alert('z2'))", "<javascript:alert('z3')>", "[m4](JAVASCRIPT:alert('z4'))"];

/// The front-matter keys that hold text, in any file of the example site.
const TEXT_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "name",
    "affiliation",
    "job_title",
    "pronouns",
    "booth",
    "location",
    "author",
    "summary",
    "description",
    "tagline",
    "floor",
    "audience",
];

/// A copy of the example site with payloads in every text field and body; with `code_links`, the
/// bodies have links that run code too.
fn payload_site(code_links: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_site(), dir.path());
    let all: Vec<&str> = PAYLOADS.iter().chain(CODE_LINKS).copied().collect();
    let mut next = 0;
    let mut payload = || {
        next += 1;
        all[next % all.len()]
    };
    for file in ["site.yaml", "rooms.yaml", "tracks.yaml", "sponsors.yaml", "tickets.yaml"] {
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.lines().map(|l| with_payload(l, &mut payload)).collect::<Vec<_>>().join("\n") + "\n").unwrap();
    }
    for (folder, file_count) in ["sessions", "speakers", "sponsors", "jobs", "news", "pages"].iter().zip(1..) {
        let mut files: Vec<_> = fs::read_dir(dir.path().join(folder)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for (i, path) in files.iter().enumerate() {
            let html = (i + file_count) % 2 == 0;
            let text = fs::read_to_string(path).unwrap();
            let (front, _) = text.trim_start_matches("---\n").split_once("\n---\n").unwrap();
            let front: Vec<String> = front.lines().map(|l| with_payload(l, &mut payload)).collect();
            let format = if html { "format: html\n" } else { "" };
            fs::write(path, format!("---\n{}\n{format}---\n{}", front.join("\n"), body(html, code_links))).unwrap();
        }
    }
    dir
}

/// `line` with its value replaced by the next payload when its key holds text.
fn with_payload(line: &str, payload: &mut impl FnMut() -> &'static str) -> String {
    let trimmed = line.trim_start_matches([' ', '-']);
    let indent = &line[..line.len() - trimmed.len()];
    match trimmed.split_once(": ") {
        Some((key, value)) if TEXT_KEYS.contains(&key) && !value.starts_with(['|', '>']) => {
            format!("{indent}{key}: {}", serde_json::to_string(payload()).unwrap())
        }
        _ => line.to_string(),
    }
}

/// A body with every payload, each in a block of its own, around some ordinary text.
fn body(html: bool, code_links: bool) -> String {
    let mut parts: Vec<&str> = PAYLOADS.to_vec();
    if code_links {
        parts.extend(CODE_LINKS);
        if !html {
            parts.extend(MARKDOWN_CODE_LINKS);
        }
    }
    if html {
        let blocks: Vec<String> = parts.iter().map(|p| format!("<p>{p}</p>")).collect();
        format!("<p>Ordinary \"quoted\" text.</p>\n{}\n", blocks.join("\n"))
    } else {
        format!("Ordinary \"quoted\" *text*.\n\n{}\n", parts.join("\n\n"))
    }
}

/// Builds `site` with the command line and returns every file written.
fn build(site: &Path) -> Vec<(String, Vec<u8>)> {
    let out = site.join("public");
    let built = run(&["build", site.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(&out).unwrap().display().to_string(), fs::read(e.path()).unwrap()))
        .collect()
}

/// The theme's own scripts, by their attributes.
fn theme_script(attrs: &[(String, String)]) -> bool {
    let has = |k: &str, v: &str| attrs.iter().any(|(a, b)| a == k && b == v);
    match attrs.len() {
        1 => has("type", "application/ld+json"),
        2 => {
            (has("type", "application/json") && has("id", "cp-config"))
                || (attrs.iter().any(|(a, b)| a == "src" && b.ends_with("app.js")) && has("defer", ""))
        }
        _ => false,
    }
}

/// Elements that must never come from content (the theme's own are in the baseline).
const NEVER: &[&str] = &["iframe", "frame", "frameset", "object", "embed", "svg", "math", "form", "base", "applet", "style", "noscript"];

/// Attributes that hold URLs.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "srcdoc"];

/// What is executable in `html`, as a browser tokenizes it: each problem as text.
fn executable(html: &str) -> Vec<String> {
    struct Sink(RefCell<Vec<String>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
            if tag.kind != TagKind::StartTag {
                return TokenSinkResult::Continue;
            }
            let name: &str = &tag.name;
            let attrs: Vec<(String, String)> = tag
                .attrs
                .iter()
                .map(|a| {
                    let n = match &a.name.prefix {
                        Some(p) => format!("{}:{}", &**p, &*a.name.local),
                        None => a.name.local.to_string(),
                    };
                    (n, a.value.to_string())
                })
                .collect();
            let _ = line;
            let mut problems = self.0.borrow_mut();
            let mut problem = |what: String| problems.push(what);
            if name == "script" && !theme_script(&attrs) {
                problem(format!("a script {attrs:?}"));
            }
            if NEVER.contains(&name) {
                problem(format!("a <{name}> element {attrs:?}"));
            }
            if name == "meta" && attrs.iter().any(|(a, _)| a == "http-equiv") {
                problem("a <meta http-equiv>".into());
            }
            for (attr, value) in &attrs {
                if attr.starts_with("on") {
                    problem(format!("an event handler {attr}={value:?} on <{name}>"));
                }
                if URL_ATTRIBUTES.contains(&attr.as_str()) && code_scheme(value).is_some() {
                    problem(format!("a code URL {attr}={value:?} on <{name}>"));
                }
                if attr == "style" && ["expression", "url(", "javascript"].iter().any(|w| value.to_lowercase().contains(w)) {
                    problem(format!("a style {value:?}"));
                }
            }
            // A script's text is not markup (the theme's JSON has its `<` escaped anyway).
            if name == "script" { TokenSinkResult::RawData(RawKind::ScriptData) } else { TokenSinkResult::Continue }
        }
    }
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// Markup left in plain text derived from a body (every body starts with "Ordinary"; text
/// fields are text, and stay as written). Text that only looks like markup is inert in plain
/// text, but tags, handlers and code links must not survive there at all.
fn markup_in_plain(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if !lower.contains("ordinary") {
        return None;
    }
    ["<script", "<img", "onerror", "onload", "ontoggle", "onfocus", "(javascript:", "(data:", "(vbscript:", "<iframe", "<svg", "<a "]
        .into_iter()
        .find(|w| lower.contains(w))
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What the scan finds in the example site as it is, by file: the theme's own forms, styles and
/// `<noscript>`, which a page of the payload site may have as many of, and no more.
fn baseline() -> &'static std::collections::HashMap<String, Vec<String>> {
    static BASELINE: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    BASELINE.get_or_init(|| {
        let site = tempfile::tempdir().unwrap();
        copy_dir(&example_site(), site.path());
        let files = build(site.path());
        files.iter().map(|(path, bytes)| (path.clone(), executable(&String::from_utf8_lossy(bytes)))).collect()
    })
}

/// Every problem in `files`, by file.
fn scan(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut plain_checked = 0;
    for (path, bytes) in files {
        let Ok(text) = std::str::from_utf8(bytes) else { continue };
        let mut report = |what: String| problems.push(format!("{path}: {what}"));
        let ext = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "html" => {
                let mut theme = baseline().get(path).cloned().unwrap_or_default();
                for problem in executable(text) {
                    match theme.iter().position(|t| *t == problem) {
                        Some(i) => drop(theme.swap_remove(i)),
                        None => report(problem),
                    }
                }
                for jsonld in text.split("<script type=\"application/ld+json\">").skip(1) {
                    let json: serde_json::Value = serde_json::from_str(jsonld.split("</script>").next().unwrap()).unwrap();
                    descriptions(&json, &mut |kind, d| {
                        // A job posting's description is HTML (as Google reads it); the rest is text.
                        if kind == "JobPosting" && d.contains("Ordinary") {
                            executable(d).into_iter().for_each(|p| report(format!("JSON-LD HTML: {p}")));
                        } else if let Some(w) = markup_in_plain(d) {
                            report(format!("JSON-LD description has `{w}`: {d:?}"));
                        }
                        plain_checked += 1;
                    });
                }
            }
            "xml" | "atom" => {
                // XML escapes `<` in text: any script element here is real markup.
                executable(text).into_iter().for_each(&mut report);
                for content in text.split("<content type=\"html\">").skip(1) {
                    let html = xml_unescape(content.split("</content>").next().unwrap());
                    executable(&html).into_iter().for_each(|p| report(format!("feed HTML: {p}")));
                }
            }
            "json" | "webmanifest" => {
                let json: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
                for_each_key(&json, &mut |key, value| {
                    if let (Some(value), true) = (value.as_str(), key == "abstract" || key == "description") {
                        if let Some(w) = markup_in_plain(value) {
                            report(format!("`{key}` has `{w}`: {value:?}"));
                        }
                        plain_checked += 1;
                    }
                });
            }
            _ => {}
        }
    }
    assert!(plain_checked > 50, "the scan found only {plain_checked} plain-text descriptions");
    problems
}

/// Calls `f` with the @type and `description` of every object in `json` that has one.
fn descriptions(json: &serde_json::Value, f: &mut impl FnMut(&str, &str)) {
    match json {
        serde_json::Value::Object(map) => {
            if let Some(d) = map.get("description").and_then(|d| d.as_str()) {
                f(map.get("@type").and_then(|t| t.as_str()).unwrap_or(""), d);
            }
            map.values().for_each(|v| descriptions(v, f));
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| descriptions(v, f)),
        _ => {}
    }
}

fn for_each_key(json: &serde_json::Value, f: &mut impl FnMut(&str, &serde_json::Value)) {
    match json {
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
            f(k, v);
            for_each_key(v, f);
        }),
        serde_json::Value::Array(list) => list.iter().for_each(|v| for_each_key(v, f)),
        _ => {}
    }
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    for payload in PAYLOADS.iter().chain(CODE_LINKS).filter(|p| !p.starts_with("<a href=\"https://ok") || p.contains("onmouseover")) {
        let found = executable(payload);
        let harmless_alone = payload.starts_with("<noscript>") || payload.starts_with("\"><");
        assert!(!found.is_empty() || harmless_alone, "the scan misses {payload}");
    }
    assert!(executable("<p>fine <a href=\"https://x.org/\">x</a></p><script type=\"application/ld+json\">{}</script>").is_empty());
}

#[test]
fn no_payload_reaches_any_output_executably() {
    let site = payload_site(false);
    let files = build(site.path());
    assert!(files.len() > 100, "{} files", files.len());
    let problems = scan(&files);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    // The payloads did reach the site as text (the test is not vacuous).
    let page = |p: &str| String::from_utf8(files.iter().find(|(path, _)| path == p).unwrap().1.clone()).unwrap();
    assert!(page("speakers/index.html").contains("&lt;script&gt;") || page("speakers/index.html").contains("&lt;img"));
    assert!(page("sessions/opening-keynote/index.html").contains("Ordinary \"quoted\""));
}

#[test]
fn code_links_in_bodies_are_errors_that_name_each_file() {
    let site = payload_site(true);
    let out = site.path().join("public");
    let built = run(&["build", site.path().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    let err = stderr(&built);
    assert_eq!(built.status.code(), Some(1), "{err}");
    assert!(!out.join("index.html").exists(), "nothing is written");
    for file in ["sessions/opening-keynote.md", "speakers/ada-lovelace.md", "sponsors/northwind.md", "pages/about.md"] {
        if fs::read_to_string(site.path().join(file)).is_ok() {
            assert!(err.contains(&format!("--> {file}:")), "no error for {file}:\n{err}");
        }
    }
    for scheme in ["javascript", "data", "vbscript"] {
        assert!(err.contains(&format!("`{scheme}:` link in the body")), "{scheme}:\n{err}");
    }
    assert!(!err.contains("panicked"));
}

/// Past the errors (as a tool reading the library might be), the sanitiser still holds every
/// code link.
#[test]
fn the_sanitiser_holds_code_links_even_past_the_errors() {
    use confpress::{content, diag::Diagnostics, export, pipeline, render, sink};
    let site = payload_site(true);
    let (loaded, diags) = content::load(site.path());
    let mut kept = Diagnostics::default();
    diags.iter().filter(|d| !d.message.contains("links that run code")).for_each(|d| kept.push(d.clone()));
    assert!(!kept.has_errors(), "{:?}", kept.iter().filter(|d| d.is_error()).collect::<Vec<_>>());
    let opts = pipeline::BuildOptions { now: Some("2026-08-09 12:00".into()), ..Default::default() };
    let (conf, diags) = pipeline::resolve_content(site.path(), loaded, kept, &opts);
    let conf = conf.unwrap_or_else(|| panic!("{:?}", diags.iter().filter(|d| d.is_error()).collect::<Vec<_>>()));
    let plan = render::pages::plan(&conf);
    let collect = sink::Collect::default();
    render::render(&conf, &plan, site.path(), &collect).map_err(|d| format!("{:?}", d.iter().collect::<Vec<_>>())).unwrap();
    export::write(&conf, &render::pages::routes(&plan), &collect).unwrap();
    let files: Vec<(String, Vec<u8>)> = collect.into_files().into_iter().map(|f| (f.path, f.bytes)).collect();
    let problems = scan(&files);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    let session = files.iter().find(|(p, _)| p == "sessions/opening-keynote/index.html").unwrap();
    let session = String::from_utf8_lossy(&session.1);
    assert!(session.contains("<a rel=\"noopener noreferrer\">j1</a>"), "a code link's text stays, without its target");
    let markdown_link = files.iter().any(|(p, b)| p.starts_with("sessions/") && String::from_utf8_lossy(b).contains(">m1</a>"));
    assert!(markdown_link, "so does a Markdown code link's");
}
