//! `build --relative-urls` and `relative_urls: true`: every URL in every page is relative to the
//! page and names a file that exists in the output (so the folder works opened from disk, or
//! copied under any path), while canonical, Open Graph and structured-data URLs and the exports
//! stay absolute from `base_url`. Also: the setting alone does the same, a moved copy still
//! works, Markdown links and images to site paths are relative, and `serve` serves such a site.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;

const BASE_URL: &str = "https://example.org/conf/2026/";
const NOW: &str = "2026-08-15 12:00";

/// Builds `site` into `out` with `extra` arguments, at a fixed "now".
fn build(site: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", site.to_str().unwrap(), "--output", out.to_str().unwrap(), "--now", NOW];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "build {} {extra:?} failed:\n{}", site.display(), stderr(&o));
}

/// The example site built once with `--relative-urls`, for the tests that only read it.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("confpress-relative-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        build(&example_site(), &dir, &["--relative-urls"]);
        dir
    })
}

/// A copy of the example site with `relative_urls: true` in its site.yaml.
fn example_with_setting() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_site(), dir.path());
    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    assert!(!yaml.contains("relative_urls"), "the example site must not set relative_urls itself");
    fs::write(dir.path().join("site.yaml"), format!("{}\nrelative_urls: true\n", yaml.trim_end())).unwrap();
    dir
}

/// Every file under `root`, by its path relative to `root` (with `/`).
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// One start tag: its name and attributes (names lower case, values with entities decoded).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn decode(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The start tags of `html` (outside comments and the text of scripts and styles), parsed as
/// HTML does: quoted, single-quoted or bare attribute values.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let n0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[n0..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                        value = decode(&html[i + 1..end]);
                        i = (end + 1).min(b.len());
                    }
                    _ => {
                        let v0 = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = decode(&html[v0..i]);
                    }
                }
            }
            attrs.push((attr, value));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map_or(b.len(), |e| i + e);
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// Attributes whose value is a URL (or, for `srcset`, a list of them).
const URL_ATTRS: &[&str] = &["href", "src", "srcset", "action", "formaction", "poster", "data", "manifest", "cite", "background"];

/// Meta tags whose `content` is a URL to the page or its image, which must stay absolute.
const ABSOLUTE_META: &[&str] = &["og:url", "og:image", "twitter:image", "twitter:url"];

/// Every URL in the page's tags: (tag, attribute, URL).
fn urls(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for (name, value) in &tag.attrs {
            if name == "srcset" {
                out.extend(
                    value.split(',').filter_map(|c| c.split_whitespace().next()).map(|u| (tag.name.clone(), name.clone(), u.to_string())),
                );
            } else if URL_ATTRS.contains(&name.as_str()) || (name == "content" && looks_like_a_url(value)) {
                out.push((tag.name.clone(), name.clone(), value.clone()));
            }
        }
    }
    out
}

fn looks_like_a_url(value: &str) -> bool {
    value.starts_with('/') || value.starts_with("./") || value.starts_with("../") || value.contains("://")
}

fn has_scheme(url: &str) -> bool {
    let scheme_end = url.find(':');
    scheme_end.is_some_and(|e| e > 0 && url[..e].bytes().all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c)))
}

fn percent_decoded(path: &str) -> String {
    let b = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(n) = path.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(n);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// The file under `root` that `url`, on the page at `page` (relative to `root`), names: `Err`
/// with the reason when it names none (a folder, nothing, or something outside the output).
fn target(root: &Path, page: &str, url: &str) -> Result<PathBuf, String> {
    let path = url.split(['#', '?']).next().unwrap_or_default();
    let mut at: Vec<String> = page.split('/').map(str::to_string).collect();
    at.pop();
    for part in Path::new(&percent_decoded(path)).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                at.pop().ok_or_else(|| format!("`{url}` leaves the output folder"))?;
            }
            Component::Normal(p) => at.push(p.to_string_lossy().into_owned()),
            _ => return Err(format!("`{url}` is not relative")),
        }
    }
    let file = root.join(at.join("/"));
    if path.ends_with('/') || path.is_empty() || file.is_dir() {
        return Err(format!("`{url}` names a folder, which file:// shows as a listing, not its index.html"));
    }
    if !file.is_file() {
        return Err(format!("`{url}` names {}, which is not in the output", file.display()));
    }
    Ok(file)
}

/// Checks every page under `root`: no URL is root-relative; every relative one names a file in
/// the output; canonical, Open Graph and JSON-LD URLs are absolute under `base_url`. Returns
/// how many relative URLs were followed.
fn check_pages(root: &Path, base_url: &str) -> usize {
    let mut problems = Vec::new();
    let mut followed = 0;
    let all = files(root);
    let pages: Vec<&String> = all.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 100, "the example site has over a hundred pages, found {}", pages.len());
    for page in pages {
        let html = String::from_utf8(all[page].clone()).unwrap();
        for needle in ["href=\"/", "src=\"/", "action=\"/", "srcset=\"/", "content=\"/", "url(/", "url('/", "url(\"/"] {
            if html.contains(needle) {
                problems.push(format!("{page}: contains `{needle}`"));
            }
        }
        assert!(!html.contains("cproot"), "{page}: the root token was left in the page");
        for (tag, attr, url) in urls(&html) {
            if url.starts_with('/') {
                problems.push(format!("{page}: <{tag} {attr}=\"{url}\"> is root-relative"));
            } else if url.is_empty() || url.starts_with('#') || has_scheme(&url) {
                // An in-page anchor, or an absolute URL (checked below where it must be ours).
            } else {
                followed += 1;
                if let Err(e) = target(root, page, &url) {
                    problems.push(format!("{page}: <{tag} {attr}>: {e}"));
                }
            }
        }
        let found = tags(&html);
        let canonical: Vec<&Tag> = found.iter().filter(|t| t.name == "link" && t.attr("rel") == Some("canonical")).collect();
        if page != "404.html" {
            assert_eq!(canonical.len(), 1, "{page}: one canonical link");
        }
        for t in canonical {
            let href = t.attr("href").unwrap_or_default();
            if !href.starts_with(base_url) {
                problems.push(format!("{page}: canonical `{href}` is not under {base_url}"));
            }
        }
        for t in found.iter().filter(|t| t.name == "meta") {
            let key = t.attr("property").or(t.attr("name")).unwrap_or_default();
            if ABSOLUTE_META.contains(&key) {
                let content = t.attr("content").unwrap_or_default();
                if !content.starts_with(base_url) {
                    problems.push(format!("{page}: <meta {key}> `{content}` is not under {base_url}"));
                }
            }
        }
        if page.ends_with("index.html") && page != "404.html" {
            let og = found.iter().find(|t| t.name == "meta" && t.attr("property") == Some("og:url"));
            assert!(og.is_some(), "{page}: has og:url");
        }
        for json in json_ld(&html) {
            each_url(&json, &mut |key, url| {
                if !url.starts_with("http") || (url.starts_with("https://example.org/") && !url.starts_with(base_url)) {
                    problems.push(format!("{page}: JSON-LD `{key}` is `{url}`, not absolute under {base_url}"));
                }
            });
        }
        check_config(root, page, &html, &mut problems);
    }
    assert!(problems.is_empty(), "{} problems, the first ones:\n{}", problems.len(), problems[..problems.len().min(30)].join("\n"));
    followed
}

/// The app's settings in the page (`<script id="cp-config">`): its site paths are relative to
/// the page too, and name what they should.
fn check_config(root: &Path, page: &str, html: &str, problems: &mut Vec<String>) {
    let Some(start) = html.find("id=\"cp-config\">") else { return };
    let text = &html[start + 15..];
    let config: serde_json::Value = serde_json::from_str(&text[..text.find("</script>").unwrap()]).unwrap();
    let way = config["base"].as_str().unwrap_or_default();
    let depth = page.matches('/').count();
    let want = if depth == 0 { "./".to_string() } else { "../".repeat(depth) };
    if way != want {
        problems.push(format!("{page}: the app's base is `{way}`, not `{want}`"));
    }
    for key in ["index", "service_worker", "my_schedule"] {
        let url = config[key].as_str().unwrap_or_default();
        if let Err(e) = target(root, page, url) {
            problems.push(format!("{page}: the app's `{key}`: {e}"));
        }
    }
}

/// The JSON-LD blocks of a page.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).expect("JSON-LD is JSON"))
        .collect()
}

/// Calls `f` with every string in `v` under a key that holds URLs.
fn each_url(v: &serde_json::Value, f: &mut dyn FnMut(&str, &str)) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                match x.as_str() {
                    Some(s) if ["url", "@id", "image", "logo", "sameAs", "item"].contains(&k.as_str()) => f(k, s),
                    _ => each_url(x, f),
                }
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|x| each_url(x, f)),
        _ => {}
    }
}

#[test]
fn every_url_in_every_page_is_relative_and_names_a_file() {
    let followed = check_pages(built(), BASE_URL);
    assert!(followed > 5000, "the example site's pages hold thousands of relative URLs, only {followed} were followed");
}

#[test]
fn links_to_pages_name_their_file_and_go_up_by_depth() {
    let session = fs::read_to_string(built().join("sessions/opening-keynote/index.html")).unwrap();
    for want in
        ["href=\"../../assets/style.css\"", "src=\"../../assets/app.js\"", "href=\"../../agenda/index.html\"", "href=\"../../index.html\""]
    {
        assert!(session.contains(want), "a session page has {want}");
    }
    let home = fs::read_to_string(built().join("index.html")).unwrap();
    for want in ["href=\"./assets/style.css\"", "href=\"./agenda/index.html\"", "href=\"./speakers/index.html\""] {
        assert!(home.contains(want), "the home page has {want}");
    }
    // Sponsor logos and speaker photos, in the shared footer and in cards.
    assert!(home.contains("src=\"./img/sponsors/"), "the home page shows sponsor logos relatively");
    assert!(session.contains("src=\"../../img/sponsors/"), "a session page's footer shows sponsor logos relatively");
    // Markdown bodies that link to site paths.
    let about = fs::read_to_string(built().join("about/index.html")).unwrap();
    assert!(about.contains("href=\"../venue/index.html\""), "a Markdown link to /venue/ is relative:\n{about}");
    let post = fs::read_to_string(built().join("news/schedule-announced/index.html")).unwrap();
    assert!(post.contains("href=\"../../agenda/index.html\""), "a news post's Markdown link to /agenda/ is relative");
    // The 404 page sits at the root.
    let missing = fs::read_to_string(built().join("404.html")).unwrap();
    assert!(missing.contains("href=\"./assets/style.css\"") && missing.contains("href=\"./agenda/index.html\""));
}

#[test]
fn exports_and_machine_files_stay_absolute() {
    let root = built();
    let read = |rel: &str| fs::read_to_string(root.join(rel)).unwrap();
    let sitemap = read("sitemap.xml");
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]).collect();
    assert!(locs.len() > 100 && locs.iter().all(|l| l.starts_with(BASE_URL)), "sitemap URLs are absolute: {locs:?}");
    let atom = read("atom.xml");
    for part in atom.split("href=\"").skip(1).chain(atom.split("href=&quot;").skip(1)).chain(atom.split("src=&quot;").skip(1)) {
        assert!(part.starts_with("http"), "an Atom link is absolute: {}", &part[..40.min(part.len())]);
    }
    assert!(atom.contains(&format!("href=\"{BASE_URL}news/")), "the feed links to the news absolutely");
    for part in atom.split("<id>").skip(1) {
        assert!(part.starts_with(BASE_URL), "an Atom id is absolute");
    }
    let ics = read("schedule.ics");
    let urls: Vec<&str> = ics.lines().filter_map(|l| l.strip_prefix("URL:").or(l.strip_prefix("URL;VALUE=URI:"))).collect();
    assert!(!urls.is_empty() && urls.iter().all(|u| u.starts_with("http")), "iCalendar URLs are absolute");
    assert!(ics.contains(&format!("URL:{BASE_URL}sessions/")), "iCalendar sessions link to their absolute pages");
    let robots = read("robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE_URL}sitemap.xml")), "{robots}");
    let json: serde_json::Value = serde_json::from_str(&read("schedule.json")).unwrap();
    let mut count = 0;
    each_url(&json, &mut |key, url| {
        count += 1;
        assert!(url.starts_with("http"), "schedule.json `{key}` is absolute: {url}");
    });
    assert!(count > 0, "schedule.json has URLs");
    let xml = read("schedule.xml");
    for part in xml.split("<url>").skip(1) {
        assert!(part.starts_with("http"), "schedule.xml URLs are absolute");
    }
    for (rel, bytes) in files(root) {
        assert!(!String::from_utf8_lossy(&bytes).contains("cproot"), "{rel}: the root token was left in");
    }
}

#[test]
fn the_app_files_name_site_paths_relative_to_the_root() {
    let root = built();
    let manifest: serde_json::Value = serde_json::from_str(&fs::read_to_string(root.join("manifest.webmanifest")).unwrap()).unwrap();
    assert_eq!(manifest["start_url"], "./agenda/index.html");
    assert_eq!(manifest["scope"], "./");
    for icon in manifest["icons"].as_array().unwrap() {
        target(root, "manifest.webmanifest", icon["src"].as_str().unwrap()).unwrap();
    }
    let sw = fs::read_to_string(root.join("sw.js")).unwrap();
    let config = sw.split("self.CONFPRESS_SW = ").nth(1).unwrap().split(";\n").next().unwrap();
    let config: serde_json::Value = serde_json::from_str(config).unwrap();
    assert_eq!(config["base"], "./");
    for url in config["precache"].as_array().unwrap() {
        target(root, "sw.js", url.as_str().unwrap()).unwrap_or_else(|e| panic!("sw.js precaches {url}: {e}"));
    }
    let index: serde_json::Value = serde_json::from_str(&fs::read_to_string(root.join("sessions.json")).unwrap()).unwrap();
    for s in index["sessions"].as_array().unwrap() {
        target(root, "sessions.json", s["url"].as_str().unwrap()).unwrap();
    }
}

#[test]
fn the_site_yaml_setting_alone_gives_the_same_site() {
    let site = example_with_setting();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    build(site.path(), &out, &[]);
    let (with_flag, with_setting) = (files(built()), files(&out));
    assert_eq!(with_flag.keys().collect::<Vec<_>>(), with_setting.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = with_flag.iter().filter(|(k, v)| with_setting[*k] != **v).map(|(k, _)| k).collect();
    assert!(differ.is_empty(), "these files differ between --relative-urls and relative_urls: true: {differ:?}");
}

#[test]
fn without_the_flag_or_the_setting_links_stay_under_the_base_path() {
    let out = tempfile::tempdir().unwrap();
    build(&example_site(), out.path(), &[]);
    let session = fs::read_to_string(out.path().join("sessions/opening-keynote/index.html")).unwrap();
    assert!(session.contains("href=\"/conf/2026/assets/style.css\"") && session.contains("href=\"/conf/2026/agenda/\""));
    assert!(!session.contains("../"));
}

#[test]
fn a_copy_moved_elsewhere_still_works() {
    let moved = tempfile::tempdir().unwrap();
    let there = moved.path().join("usb stick/harbor 2026/site");
    copy_dir(built(), &there);
    check_pages(&there, BASE_URL);
}

#[test]
fn markdown_images_and_links_to_site_paths_are_relative_in_every_body() {
    let site = minimal_site();
    let root = site.path();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{yaml}relative_urls: true\nlogo: img/acme.svg\n")).unwrap();
    write(
        root,
        "pages/about.md",
        "---\ntitle: About\n---\n![Acme](/img/acme.svg) [the agenda](/agenda/#day-2) [a talk](/sessions/kernels/?x=1)\n",
    );
    write(root, "speakers/zoe-martin.md", "---\nname: Zoë Martin\nphoto: img/acme.svg\n---\nSee [Kernels](/sessions/kernels/).\n");
    let out = tempfile::tempdir().unwrap();
    build(root, out.path(), &[]);
    let about = fs::read_to_string(out.path().join("about/index.html")).unwrap();
    for want in ["src=\"../img/acme.svg\"", "href=\"../agenda/index.html#day-2\"", "href=\"../sessions/kernels/index.html?x=1\""] {
        assert!(about.contains(want), "the about page has {want}");
    }
    let speaker = fs::read_to_string(out.path().join("speakers/zoe-martin/index.html")).unwrap();
    assert!(speaker.contains("href=\"../../sessions/kernels/index.html\""), "a bio's link is relative");
    assert!(speaker.contains("src=\"../../img/acme.svg\""), "a speaker's photo is relative");
    check_pages_of_small_site(out.path());
}

/// [`check_pages`] for a site of any size under https://example.org/mini/.
fn check_pages_of_small_site(root: &Path) {
    for (page, bytes) in files(root).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes).unwrap();
        for (tag, attr, url) in urls(&html) {
            assert!(!url.starts_with('/'), "{page}: <{tag} {attr}=\"{url}\"> is root-relative");
            if !(url.is_empty() || url.starts_with('#') || has_scheme(&url)) {
                target(root, &page, &url).unwrap_or_else(|e| panic!("{page}: <{tag} {attr}>: {e}"));
            }
        }
    }
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    // The test's own parser, on the kinds of markup it must see through.
    let html = "<!-- <a href=\"/no\"> --><a class=x href='../a/index.html#t'>a</a><img srcset=\"x.png 1x, /y.png 2x\" src=z.png>\
                <script>var s = '<a href=\"/not-a-tag\">';</script><form action=\"/search\"></form>\
                <meta property=\"og:url\" content=\"https://example.org/conf/2026/\"><a href=\"a?b=1&amp;c=2\">";
    let found: Vec<String> = urls(html).into_iter().map(|(t, a, u)| format!("{t} {a} {u}")).collect();
    assert_eq!(
        found,
        [
            "a href ../a/index.html#t",
            "img srcset x.png",
            "img srcset /y.png",
            "img src z.png",
            "form action /search",
            "meta content https://example.org/conf/2026/",
            "a href a?b=1&c=2"
        ]
    );
    let root = built();
    assert!(target(root, "sessions/x/index.html", "../../agenda/index.html").is_ok());
    assert!(target(root, "sessions/x/index.html", "../../agenda/").is_err(), "a folder is not a file");
    assert!(target(root, "sessions/x/index.html", "../agenda/index.html").is_err(), "one level short");
    assert!(target(root, "index.html", "../index.html").is_err(), "outside the output");
}

/// `confpress serve` on a site with the setting: relative links work over HTTP too.
#[test]
fn serve_serves_a_site_with_relative_links() {
    let site = example_with_setting();
    let mut child = Command::new(bin())
        .args(["serve", site.path().to_str().unwrap(), "--port", "0"])
        .env("SOURCE_DATE_EPOCH", "1786190400")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start confpress serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let _child = Kill(child);
    let mut addr = None;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some(url) = line.strip_prefix("serving ").and_then(|rest| rest.split(" at ").nth(1)) {
            addr = Some(url.split_whitespace().next().unwrap().trim_start_matches("http://").trim_end_matches('/').to_string());
            break;
        }
    }
    let addr = addr.expect("serve prints its address");
    let get = |path: &str| -> (u16, String) {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(90))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    };
    let started = Instant::now();
    let page = loop {
        let (status, text) = get("/sessions/opening-keynote/index.html");
        if status == 200 {
            break text;
        }
        assert!(started.elapsed() < Duration::from_secs(90), "serve never served the session page: {status}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(page.contains("href=\"../../agenda/index.html\""), "served pages link relatively");
    assert!(page.contains("/__confpress/"), "with the live reload script");
    for linked in ["/agenda/index.html", "/assets/style.css", "/assets/app.js", "/sessions.json", "/index.html", "/agenda/"] {
        assert_eq!(get(linked).0, 200, "serve serves {linked}");
    }
}
