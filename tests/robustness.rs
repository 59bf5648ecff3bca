//! No date, time, duration or number in the content makes confpress panic (issue 16, item 4).
//!
//! A property test over the whole pipeline: each case is a small valid site (2 days, 4 rooms,
//! 4 sessions, a sponsor tier with a sponsor and a job, tickets, news, a page) whose dates, times,
//! time zone, durations, numbers and titles are replaced by generated values: extreme years
//! (0000, 0001, 9999), leap days, 24:00, daylight-saving gaps and folds in zones with odd rules,
//! zero, negative and huge durations, integers past `u32`/`u64`, `1e308`, `.inf`, `.nan`, random
//! Unicode. The site is compiled in process (load → resolve → every page and export, into
//! memory) under `catch_unwind`; the outcome must be a success without errors or a failure with
//! at least one error diagnostic, never a panic. A smaller number of cases runs the real binary
//! (`confpress build`), which must exit 0 or 1 and never print "panicked".
//!
//! The generator is a small seeded one (SplitMix64) rather than proptest: the values are picked
//! from lists of known edge cases, where shrinking has little to reduce, and it adds no
//! dependency to build. Every case has its own seed, printed with its files when it fails;
//! `CONFPRESS_FUZZ_SEED` changes the base seed, `CONFPRESS_FUZZ_CASES` the number of in-process
//! cases (3000) and `CONFPRESS_FUZZ_BIN_CASES` the number of binary runs (200);
//! `CONFPRESS_FUZZ_DEBUG=1` prints each failing case's first error (to tune the generator).
//!
//! Speed (the whole file takes about 23 s of CPU and 13 s on two idle cores in a debug build): cases are
//! written to /dev/shm where there is one, the default theme's templates are compiled once per
//! language, and two threads run the cases. Every 20th case goes through `pipeline::compile`
//! itself, theme loading included.
//!
//! The regression tests at the end are the inputs that used to panic, one each.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex, Once};
use std::time::Instant;

use confpress::diag::Diagnostics;
use confpress::pipeline::{self, BuildOptions};
use confpress::render::theme::Theme;
use confpress::sink::{Collect, OutFile};
use jiff::ToSpan;
use jiff::civil::Date;
use tera::Tera;

// ---------------------------------------------------------------------------------------------
// The generator

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Antarctica/Troll",
    "America/Santiago",
    "Africa/Casablanca",
    "Etc/GMT-14",
    "Etc/GMT+12",
    "UTC",
];

const WILD_ZONES: &[&str] =
    &["Mars/Olympus_Mons", "", "\"\"", "europe/berlin", "+05:30", "UTC+25", "Etc/GMT+99", "../../etc/passwd", "0", "[]"];

/// First conference days: ordinary ones, leap days, days of daylight-saving changes in the zones
/// above, and the edges of the years confpress supports (1900–2200).
const BASE_DATES: &[&str] = &[
    "2026-06-10",
    "2026-06-10",
    "2026-03-29",
    "2026-10-25",
    "2024-02-29",
    "2028-02-28",
    "2026-04-05",
    "2026-10-04",
    "2026-09-06",
    "2011-12-29",
    "1994-12-30",
    "2000-02-29",
    "2100-02-28",
    "2026-12-31",
    "2038-01-19",
    "1970-01-01",
    "1900-01-01",
    "2200-12-31",
    "2200-12-29",
];

/// First conference days outside those years, up to the edges of what a 4-digit year can say.
const FAR_DATES: &[&str] = &["1899-12-31", "2201-01-01", "0001-01-01", "0000-01-01", "9999-12-31", "9999-12-30", "9998-12-31"];

const WILD_DATES: &[&str] = &[
    "2026-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-06-00",
    "-0001-01-01",
    "+10000-01-01",
    "10000-01-01",
    "2026-6-1",
    "20260610",
    "2026-06-10T09:00",
    "2026-06-10 09:00",
    "9999-99-99",
    "0000-00-00",
    "~",
    "\"\"",
    "yesterday",
    "2026-06-10Z",
    "1e308",
    "[2026-06-10]",
    "２０２６-０６-１０",
];

const TIMES: &[&str] = &[
    "09:00", "09:00", "10:30", "00:00", "23:59", "02:30", "02:00", "03:00", "01:30", "12:00", "23:30", "05:59", "06:00", "00:01",
    "09:00:59",
];

const WILD_TIMES: &[&str] =
    &["24:00", "25:00", "9:00", "09:60", "09:00:60", "23:59:59.999999999", "-01:00", "09", "09:00 PM", "09:00+02:00", "T"];

/// Session lengths in minutes (as `end` minus `start`) and as `duration:` values.
const MINUTES: &[i64] =
    &[45, 45, 60, 30, 1, 0, -1, -45, 59, 61, 90, 1439, 1440, 1441, 2880, 527_040, 1_000_000_000, i64::MIN, i64::MAX, -1440];

const DURATIONS: &[&str] = &[
    "45",
    "1h",
    "90m",
    "1h30m",
    "1h30",
    "1h 15m",
    "0",
    "-1",
    "-45",
    "0h",
    "0m",
    "-1h",
    "1h-30m",
    "-1h90m",
    "h",
    "m",
    "hm",
    "1440",
    "1441",
    "99999h",
    "2147483647",
    "2147483648",
    "4294967296",
    "153722867280912930",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "153722867280912930h",
    "9223372036854775807h",
    "1h9223372036854775807m",
    "18446744073709551615",
    "1e308",
    ".inf",
    "-.inf",
    ".nan",
    "1.5",
    "0x10",
    "1_000",
    "\"\"",
    "~",
    "[45]",
    "true",
    "٤٥",
];

/// Values for the whole-number fields (capacity, quantity, rank, jobs, max).
const INTEGERS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "-0",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "340282366920938463463374607431768211456",
    "1e308",
    "-1e308",
    "1.5",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "\"12\"",
    "12abc",
    "0x10",
    "0o17",
    "1_000",
    "~",
    "[1]",
    "{a: 1}",
    "true",
];

/// Values for the number fields (price, salary).
const NUMBERS: &[&str] = &[
    "0",
    "-0.0",
    "100",
    "99.99",
    "-1",
    "-0.01",
    "1e308",
    "1.7976931348623157e308",
    "5e-324",
    "-1e308",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "\"100\"",
    "1e999",
    "12abc",
    "~",
    "[1]",
];

/// Instants for `--now`: RFC 3339 and local times.
const NOWS: &[&str] = &[
    "2026-05-01 12:00",
    "2026-05-01 12:00",
    "2026-03-29 02:30",
    "2026-10-25 02:30",
    "9999-12-31 23:59",
    "0000-01-01 00:00",
    "9999-12-30T22:00:00Z",
    "9999-12-31T23:59:59Z",
    "-009999-01-02T01:59:59Z",
    "-009999-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "2026-06-10T09:00:00+14:00",
    "2026-06-10T09:00:00-25:00",
    "never",
    "",
];

/// Pieces of generated text: plain letters, characters that mean something to YAML, Markdown,
/// HTML, XML, iCalendar, Tera or terminals, and characters outside the Basic Multilingual Plane.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "9",
    " ",
    "  ",
    "-",
    "_",
    ":",
    ": ",
    "#",
    " #",
    "'",
    "\"",
    "\\",
    "`",
    "*",
    "&",
    "!",
    "|",
    ">",
    "%",
    "@",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    "<",
    "</script>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{1}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{ad}",
    "\u{301}",
    "\u{200b}",
    "\u{200d}",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10ffff}",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "Ω",
    "陳美玲",
    "日本語",
    "한국어",
    "עברית",
    "العربية",
    "🦀",
    "👩‍💻",
    "🏳️‍🌈",
    "𝕏",
    "\\n",
    "\\u0000",
    "%s",
    "%n",
    "${x}",
    "$(x)",
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    ";VALUE=DATE",
    "--",
    "---",
    "...",
];

/// A random Unicode string, up to `max` pieces long.
fn text(rng: &mut Rng, max: usize) -> String {
    let n = 1 + rng.below(max);
    let mut s = String::new();
    for _ in 0..n {
        if rng.chance(10) {
            // Any Unicode scalar value.
            let c = loop {
                if let Some(c) = char::from_u32((rng.next() % 0x11_0000) as u32) {
                    break c;
                }
            };
            s.push(c);
        } else {
            s.push_str(rng.pick(PIECES));
        }
    }
    // Now and then a long one (a case has some twenty texts).
    if rng.below(400) == 0 {
        s = s.repeat(200);
    }
    s
}

/// A Markdown body: plain in plain cases, else generated text.
fn body(rng: &mut Rng, wild: u32) -> String {
    if wild == 0 { "Text.".to_string() } else { text(rng, 6) }
}

/// `s` as a YAML double-quoted scalar.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' || ('\u{fffe}'..='\u{ffff}').contains(&c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A title: plain most of the time, else generated text, quoted (and sometimes not).
fn title(rng: &mut Rng, wild: u32, plain: &str) -> String {
    if !rng.chance(wild * 2) {
        return plain.to_string();
    }
    let t = text(rng, 12);
    if rng.chance(10) { t.replace(['\n', '\r'], " ") } else { yaml_quoted(&t) }
}

/// One case: the site's files (relative path → text) and `--now`.
#[derive(Debug, Clone)]
struct Case {
    seed: u64,
    /// How wild the case is: the chance in percent of each value being replaced.
    wild: u32,
    files: BTreeMap<String, String>,
    now: String,
}

impl Case {
    fn describe(&self) -> String {
        let mut out = format!("seed {:#x} (wild {}), --now {:?}\n", self.seed, self.wild, self.now);
        for (path, text) in &self.files {
            let _ = writeln!(out, "--- {path}\n{text}");
        }
        out
    }

    fn write_to(&self, dir: &Path) {
        for (path, text) in &self.files {
            common::write(dir, path, text);
        }
        common::write(dir, "static/img/acme.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#);
    }
}

/// `date` plus `days`, as text; out of jiff's range, the last valid day it can say.
fn add_days(date: Date, days: i64) -> String {
    date.checked_add(days.days()).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX }).to_string()
}

/// A session's start and end or duration lines, `day` days after the first conference day.
fn session_times(rng: &mut Rng, wild: u32, first: Option<Date>, days: i64) -> String {
    // A conference day, or (now and then) the day before or after the conference.
    let mut day = rng.below(days.clamp(0, 3) as usize + 1) as i64;
    if rng.chance(wild) {
        day = if rng.chance(50) { -1 } else { days + 1 };
    }
    let date = match first {
        Some(first) if !rng.chance(wild) => add_days(first, day),
        _ => any_date(rng).to_string(),
    };
    let time = if rng.chance(wild) { rng.pick(WILD_TIMES) } else { rng.pick(TIMES) };
    let start = format!("{date} {time}");
    let mut out = format!("start: {}\n", if rng.chance(wild / 2) { rng.pick(WILD_DATES).to_string() } else { start.clone() });
    match if rng.chance(wild) { 2 } else { rng.below(2) } {
        0 => {
            let d = if rng.chance(wild * 2) { rng.pick(DURATIONS) } else { rng.pick(&DURATIONS[..6]) };
            let _ = writeln!(out, "duration: {d}");
        }
        1 => {
            // An end computed from the start (when the start is a real time), or a wild one.
            let minutes = if rng.chance(wild * 2) { rng.pick(MINUTES) } else { rng.pick(&MINUTES[..4]) };
            let end = confpress::content::fields::parse_datetime(&start)
                .and_then(|s| s.checked_add(jiff::Span::new().try_minutes(minutes).ok()?).ok())
                .map(|e| e.strftime("%Y-%m-%d %H:%M").to_string());
            let end = match end {
                Some(e) if !rng.chance(wild) => e,
                _ => format!("{} {}", any_date(rng), rng.pick(TIMES)),
            };
            let _ = writeln!(out, "end: {end}");
        }
        _ => {
            // Both, or neither.
            if rng.chance(50) {
                let _ = writeln!(out, "end: {start}\nduration: {}", rng.pick(DURATIONS));
            }
        }
    }
    out
}

/// A whole-number field: a normal value, or a generated one.
fn integer(rng: &mut Rng, wild: u32, normal: &str) -> String {
    if rng.chance(wild) { rng.pick(INTEGERS).to_string() } else { normal.to_string() }
}

fn number(rng: &mut Rng, wild: u32, normal: &str) -> String {
    if rng.chance(wild) { rng.pick(NUMBERS).to_string() } else { normal.to_string() }
}

/// A date other than the usual: ordinary, far (outside the years confpress supports) or wild.
fn any_date(rng: &mut Rng) -> &'static str {
    match rng.below(10) {
        0..4 => rng.pick(BASE_DATES),
        4..7 => rng.pick(FAR_DATES),
        _ => rng.pick(WILD_DATES),
    }
}

fn date_value(rng: &mut Rng, wild: u32, normal: String) -> String {
    if rng.chance(wild) { any_date(rng).to_string() } else { normal }
}

fn datetime_value(rng: &mut Rng, wild: u32, normal: String) -> String {
    if !rng.chance(wild) {
        normal
    } else {
        let date = any_date(rng);
        let time = if rng.chance(70) { rng.pick(TIMES) } else { rng.pick(WILD_TIMES) };
        format!("{date} {time}")
    }
}

/// The case for `seed`. How much is replaced varies from case to case (`wild`, in percent per
/// value), so that some cases are valid sites in odd places and reach every output, and others
/// are broken in many ways at once.
fn generate(seed: u64) -> Case {
    let mut rng = Rng(seed);
    let wild = rng.pick(&[0, 0, 1, 3, 8, 20, 50]);
    let mut files = BTreeMap::new();

    // site.yaml: the first day is usually one of the base dates, the last a few days later.
    let base = if rng.chance(wild) {
        rng.pick(WILD_DATES)
    } else if rng.chance(20) {
        rng.pick(FAR_DATES)
    } else {
        rng.pick(BASE_DATES)
    };
    let first: Option<Date> = base.parse().ok();
    let days: i64 = if rng.chance(85) { rng.pick(&[0, 1, 1, 1, 2, 2, 3]) } else { rng.pick(&[-1, 30, 365, 366, 400, 100_000]) };
    let end = match first {
        Some(first) if !rng.chance(wild) => add_days(first, days),
        _ => date_value(&mut rng, 100, String::new()),
    };
    let zone = if rng.chance(wild) { rng.pick(WILD_ZONES) } else { rng.pick(ZONES) };
    let site_title = title(&mut rng, wild, "Mini Conf 2026");
    let mut site = format!(
        "title: {site_title}\nbase_url: https://example.org/mini/\ntimezone: {zone}\nstart_date: {base}\nend_date: {end}\nvenue:\n  name: {}\n  city: Berlin\n",
        title(&mut rng, wild, "Hall")
    );
    if rng.chance(20) {
        site.push_str("language: zh-TW\n");
    }
    if rng.chance(wild) {
        let _ = writeln!(site, "description: {}", title(&mut rng, 100, ""));
    }
    if rng.chance(wild) {
        let _ = writeln!(site, "tagline: {}", title(&mut rng, 100, ""));
    }
    files.insert("site.yaml".to_string(), site);

    let rooms = ["main", "side", "third", "fourth"];
    let mut rooms_yaml = String::new();
    for (i, id) in rooms.iter().enumerate() {
        let name = title(&mut rng, wild, &format!("Room {i}"));
        let _ = writeln!(rooms_yaml, "- id: {id}\n  name: {name}");
        if i == 0 || rng.chance(wild) {
            let _ = writeln!(rooms_yaml, "  capacity: {}", integer(&mut rng, wild, "800"));
        }
    }
    files.insert("rooms.yaml".to_string(), rooms_yaml);
    files.insert(
        "tracks.yaml".to_string(),
        format!(
            "- id: web\n  name: {}\n  color: \"#1d4ed8\"\n- id: systems\n  name: Systems\n  color: \"#b91c1c\"\n",
            title(&mut rng, wild, "Web")
        ),
    );

    let speakers = ["ada-lovelace", "zoe-martin", "chen-mei-ling", "kim-park"];
    for (i, slug) in speakers.iter().enumerate() {
        let name = title(&mut rng, wild, &format!("Speaker {i}"));
        files.insert(format!("speakers/{slug}.md"), format!("---\nname: {name}\n---\n{}\n", body(&mut rng, wild)));
    }

    // Sessions: one room and one speaker each, so that only plenary sessions can overlap.
    for (i, slug) in ["opening", "rust-web", "kernels", "lunch"].iter().enumerate() {
        let mut s = format!("---\ntitle: {}\n", title(&mut rng, wild, &format!("Session {i}")));
        if i == 3 {
            s.push_str("kind: break\n");
        } else {
            let _ = writeln!(s, "speakers: [{}]", speakers[i]);
        }
        if !rng.chance(15) {
            let _ = writeln!(s, "room: {}", rooms[i]);
        }
        if i == 1 {
            s.push_str("track: web\n");
        }
        s.push_str(&session_times(&mut rng, wild, first, days));
        let _ = write!(s, "---\n{}\n", body(&mut rng, wild));
        files.insert(format!("sessions/{slug}.md"), s);
    }

    // Sponsors, tickets, a job, news and a page.
    let mut tier = format!(
        "tiers:\n  - id: gold\n    name: {}\n    rank: {}\n    placements: [home, footer, agenda, session, jobs, tickets, news]\n    jobs: {}\n    page: true\n",
        title(&mut rng, wild, "Gold"),
        integer(&mut rng, wild, "1"),
        integer(&mut rng, wild, "1"),
    );
    if !rng.chance(30) {
        let _ = writeln!(tier, "    max: {}", integer(&mut rng, wild, "2"));
    }
    if rng.chance(wild) {
        let _ = write!(
            tier,
            "  - id: silver\n    name: Silver\n    rank: {}\n    jobs: {}\n",
            integer(&mut rng, 100, "2"),
            integer(&mut rng, 100, "0")
        );
    }
    files.insert("sponsors.yaml".to_string(), tier);
    let signed = first.map_or("2026-01-01".to_string(), |f| add_days(f, -30));
    files.insert(
        "sponsors/acme.md".to_string(),
        format!(
            "---\nname: {}\ntier: gold\nlogo: img/acme.svg\nurl: https://acme.example/\nsigned: {}\n---\nAcme makes anvils.\n",
            title(&mut rng, wild, "Acme"),
            date_value(&mut rng, wild, signed)
        ),
    );
    let (on_sale, off_sale) = match first {
        Some(f) => (add_days(f, -100) + " 09:00", add_days(f, -1) + " 00:00"),
        None => ("2026-01-01 09:00".to_string(), "2026-06-01 00:00".to_string()),
    };
    let mut tickets = format!(
        "currency: EUR\ntiers:\n  - id: regular\n    name: {}\n    price: {}\n    on_sale: {}\n    off_sale: {}\n",
        title(&mut rng, wild, "Regular"),
        number(&mut rng, wild, "100"),
        datetime_value(&mut rng, wild, on_sale),
        datetime_value(&mut rng, wild, off_sale),
    );
    if rng.chance(50) {
        let _ = writeln!(tickets, "    quantity: {}", integer(&mut rng, wild, "300"));
    }
    if rng.chance(30) {
        let _ = write!(tickets, "  - id: free\n    name: Free\n    price: {}\n", number(&mut rng, wild, "0"));
    }
    files.insert("tickets.yaml".to_string(), tickets);

    let posted = first.map_or("2026-05-01".to_string(), |f| add_days(f, -40));
    let mut job = format!(
        "---\ntitle: {}\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/1\nposted: {}\n",
        title(&mut rng, wild, "Engineer"),
        date_value(&mut rng, wild, posted)
    );
    if rng.chance(50) {
        let expires = first.map_or("2026-07-01".to_string(), |f| add_days(f, 20));
        let _ = writeln!(job, "expires: {}", date_value(&mut rng, wild, expires));
    }
    if rng.chance(50) {
        let _ = write!(
            job,
            "salary:\n  min: {}\n  max: {}\n  currency: EUR\n",
            number(&mut rng, wild, "50000"),
            number(&mut rng, wild, "70000")
        );
    }
    let _ = write!(job, "---\nBuild anvils. {}\n", body(&mut rng, wild));
    files.insert("jobs/engineer.md".to_string(), job);

    let news_date = first.map_or("2026-03-01".to_string(), |f| add_days(f, -90));
    let news_date = date_value(&mut rng, wild, news_date);
    let mut news = format!("---\ntitle: {}\n", title(&mut rng, wild, "Hello"));
    if rng.chance(wild) {
        let _ = writeln!(news, "date: {}", date_value(&mut rng, 100, String::new()));
    }
    let _ = write!(news, "---\nWe are back. {}\n", body(&mut rng, wild));
    files.insert(format!("news/{news_date}-hello.md"), news);
    files.insert("pages/about.md".to_string(), format!("---\ntitle: {}\n---\nAbout us.\n", title(&mut rng, wild, "About")));

    let now = if rng.chance(wild.max(10)) { rng.pick(NOWS) } else { NOWS[0] }.to_string();
    Case { seed, wild, files, now }
}

// ---------------------------------------------------------------------------------------------
// Running a case

/// The place of each recent panic, by message, kept by a panic hook (a payload has no place;
/// cases run on two threads, so the message finds its own).
static PANICS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_default()
}

thread_local! {
    /// Set while this thread runs a case under `catch_unwind`.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that records every panic's place and message. Panics of a case (on the
/// thread running it, or on a rayon worker, whose threads have no name) are not printed: the
/// test reports them, grouped; any other panic (a failing assertion) prints as usual.
fn record_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let place = info.location().map_or(String::new(), |l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            let mut panics = PANICS.lock().unwrap_or_else(|e| e.into_inner());
            if panics.len() > 100 {
                panics.remove(0);
            }
            panics.push((payload_text(info.payload()), place));
            drop(panics);
            let thread = std::thread::current();
            let in_case = CATCHING.with(|c| c.get()) || thread.name().is_none_or(|n| n.starts_with("rayon"));
            if !in_case {
                default(info);
            }
        }));
    });
}

#[derive(Debug)]
enum Outcome {
    Built,
    Failed,
}

/// The default theme and its compiled templates, per language: loading and compiling them is
/// most of a small site's build time in a debug build, and they depend on nothing else here.
fn theme_for(site: &confpress::model::Site, dir: &Path) -> Result<Arc<(Theme, Tera)>, Diagnostics> {
    static CACHE: Mutex<BTreeMap<String, Arc<(Theme, Tera)>>> = Mutex::new(BTreeMap::new());
    if let Some(hit) = CACHE.lock().unwrap().get(&site.language) {
        return Ok(hit.clone());
    }
    let theme = confpress::render::theme::load(site, dir)?;
    let tera = confpress::render::compile(&theme)?;
    let entry = Arc::new((theme, tera));
    CACHE.lock().unwrap().insert(site.language.clone(), entry.clone());
    Ok(entry)
}

/// A fresh temporary folder, in memory where the system has one (/dev/shm): a case writes 17
/// files, and on a disk creating and removing them takes longer than loading them.
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

/// What [`pipeline::compile`] does (load, resolve, render every page and export into memory,
/// audit the sponsor placements), with the default theme from [`theme_for`]. Every
/// [`FULL_EVERY`]th case goes through `pipeline::compile` itself.
fn compile(dir: &Path, opts: &BuildOptions, full: bool) -> Result<(Vec<OutFile>, Diagnostics), Diagnostics> {
    if full {
        return pipeline::compile(dir, opts).map(|c| (c.rendered.files, c.diags));
    }
    let (conf, mut diags) = pipeline::load_model(dir, opts);
    let Some(conf) = conf else { return Err(diags) };
    let cached = theme_for(&conf.site, dir)?;
    let sink = Collect::default();
    let plan = confpress::render::pages::plan(&conf);
    let exported = confpress::export::write(&conf, &confpress::render::pages::routes(&plan), &sink);
    let rendered = match (confpress::render::render_with(&conf, &plan, &cached.0, &cached.1, &sink), exported) {
        (Ok(r), Ok(())) => r,
        (rendered, exported) => {
            diags.extend(rendered.err().unwrap_or_default());
            exported.err().into_iter().for_each(|d| diags.push(d));
            return Err(diags);
        }
    };
    diags.extend(confpress::render::placements::audit(&conf, &rendered.placements));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((sink.into_files(), diags))
}

const FULL_EVERY: u64 = 20;

/// Compiles `case` in process; `Err` says what went wrong (a panic, or an outcome that is
/// neither a clean success nor a failure with an error).
fn run_in_process(case: &Case, full: bool) -> Result<Outcome, String> {
    record_panics();
    let dir = scratch_dir();
    case.write_to(dir.path());
    let opts = BuildOptions { now: Some(case.now.clone()), ..BuildOptions::default() };
    CATCHING.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| compile(dir.path(), &opts, full)));
    CATCHING.with(|c| c.set(false));
    match result {
        Ok(Ok((files, diags))) => {
            if diags.has_errors() {
                return Err(format!("built, but with errors:\n{}", diags.render(dir.path())));
            }
            let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            for want in ["index.html", "agenda/index.html", "schedule.json", "schedule.xml", "schedule.ics", "sitemap.xml", "sessions.json"]
            {
                if !paths.contains(&want) {
                    return Err(format!("built, but {want} is missing (files: {paths:?})"));
                }
            }
            for json in files.iter().filter(|f| f.path.ends_with(".json")) {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&json.bytes) {
                    return Err(format!("built, but {} is not JSON: {e}", json.path));
                }
            }
            Ok(Outcome::Built)
        }
        Ok(Err(diags)) => {
            if std::env::var_os("CONFPRESS_FUZZ_DEBUG").is_some() {
                let first = diags.iter().find(|d| d.is_error()).map(|d| format!("{}: {}", d.file.display(), d.message));
                eprintln!("{:#x} {}: {}", case.seed, case.wild, first.unwrap_or_default());
            }
            if diags.has_errors() { Ok(Outcome::Failed) } else { Err(format!("failed without an error:\n{}", render(&diags, dir.path()))) }
        }
        Err(payload) => {
            let message = payload_text(&*payload);
            let mut panics = PANICS.lock().unwrap_or_else(|e| e.into_inner());
            let place = panics.iter().rposition(|(m, _)| *m == message).map_or(String::new(), |i| panics.remove(i).1);
            Err(format!("panicked at {place}: {message}"))
        }
    }
}

fn render(diags: &Diagnostics, dir: &Path) -> String {
    diags.render(dir)
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn base_seed() -> u64 {
    env_number("CONFPRESS_FUZZ_SEED", 0x00c0_ffee)
}

/// The seed of case `i`.
fn seed_of(i: u64) -> u64 {
    Rng(base_seed() ^ i.wrapping_mul(0x2545_f491_4f6c_dd1d)).next()
}

/// Failures grouped by their first line (a panic's place), with the first case of each.
fn summarize(failures: &[(Case, String)]) -> String {
    let mut groups: BTreeMap<String, (usize, &Case, &str)> = BTreeMap::new();
    for (case, why) in failures {
        let key = why.lines().next().unwrap_or("").to_string();
        groups.entry(key).or_insert((0, case, why)).0 += 1;
    }
    let mut out = format!("{} failing case(s), {} kind(s):\n", failures.len(), groups.len());
    for (key, (n, case, why)) in &groups {
        let _ = writeln!(out, "\n=== {n} × {key}\n{why}\n{}", case.describe());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The property tests

/// Runs cases `range` in process: (built, failed with diagnostics, wrong ones).
fn run_cases(range: impl Iterator<Item = u64>) -> (u64, u64, Vec<(Case, String)>) {
    let (mut built, mut failed, mut wrong) = (0, 0, Vec::new());
    for i in range {
        let case = generate(seed_of(i));
        match run_in_process(&case, i % FULL_EVERY == 0) {
            Ok(Outcome::Built) => built += 1,
            Ok(Outcome::Failed) => failed += 1,
            Err(why) => wrong.push((case, why)),
        }
    }
    (built, failed, wrong)
}

#[test]
fn no_panic_in_process() {
    let cases = env_number("CONFPRESS_FUZZ_CASES", 3000);
    let started = Instant::now();
    // Two threads: a small site's render leaves a core idle much of the time.
    let halves = std::thread::scope(|s| {
        let odd = s.spawn(|| run_cases((0..cases).filter(|i| i % 2 == 1)));
        let even = run_cases((0..cases).filter(|i| i % 2 == 0));
        [even, odd.join().unwrap()]
    });
    let (mut built, mut failed, mut failures) = (0, 0, Vec::new());
    for (b, f, w) in halves {
        built += b;
        failed += f;
        failures.extend(w);
    }
    failures.sort_by_key(|(c, _)| c.seed);
    eprintln!(
        "{cases} cases in {:.1} s: {built} built, {failed} failed with diagnostics, {} wrong",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", summarize(&failures));
    // Most cases fail, but a good share must reach every page and export.
    assert!(built * 8 >= cases, "only {built} of {cases} cases built: the generator breaks too much");
}

#[test]
fn no_panic_in_the_binary() {
    let cases = env_number("CONFPRESS_FUZZ_BIN_CASES", 200);
    let (mut failures, mut built) = (Vec::new(), 0);
    for i in 0..cases {
        // Other seeds than the in-process test's.
        let case = generate(seed_of(i ^ 0x8000_0000_0000_0000));
        let dir = scratch_dir();
        case.write_to(&dir.path().join("site"));
        let out = Command::new(common::bin())
            .arg("build")
            .arg(dir.path().join("site"))
            .arg("--output")
            .arg(dir.path().join("out"))
            // `--now=…`: a value may start with `-`.
            .arg(format!("--now={}", case.now))
            .output()
            .expect("run confpress");
        let stderr = String::from_utf8_lossy(&out.stderr);
        built += u64::from(out.status.code() == Some(0));
        if !matches!(out.status.code(), Some(0 | 1)) || stderr.contains("panicked") {
            failures.push((case, format!("exit status {:?}\n{stderr}", out.status.code())));
        }
    }
    eprintln!("{cases} runs of `confpress build`: {built} exited 0, {} wrong", failures.len());
    assert!(failures.is_empty(), "{}", summarize(&failures));
    assert!(built * 8 >= cases, "only {built} of {cases} builds succeeded: the generator breaks too much");
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs that used to panic, and the diagnostics they give now

/// The minimal site with `changes` (path, text) written over it, checked in process: its
/// rendered diagnostics and whether it built. A panic fails the test with its message.
fn check_with(changes: &[(&str, &str)]) -> (bool, String) {
    record_panics();
    let site = common::minimal_site();
    for (rel, text) in changes {
        common::write(site.path(), rel, text);
    }
    let opts = BuildOptions { now: Some("2026-05-01 12:00".into()), ..BuildOptions::default() };
    match catch_unwind(AssertUnwindSafe(|| pipeline::compile(site.path(), &opts))) {
        Ok(Ok(c)) => (true, c.diags.render(site.path())),
        Ok(Err(d)) => (false, d.render(site.path())),
        Err(payload) => panic!("panicked: {}", payload_text(&*payload)),
    }
}

/// Asserts that `changes` fail with an error at `at` (`file:line:col`) that says `message`.
fn assert_error(changes: &[(&str, &str)], at: &str, message: &str) {
    let (built, text) = check_with(changes);
    assert!(!built, "built:\n{text}");
    let block = text.split("\n\n").find(|b| b.contains(message)).unwrap_or_else(|| panic!("no error saying {message:?}:\n{text}"));
    assert!(block.starts_with("error: ") && block.contains(&format!("--> {at}\n")), "expected an error at {at}:\n{block}");
}

fn lunch(duration: &str) -> String {
    format!("---\ntitle: Lunch\nkind: break\nstart: 2026-06-11 12:00\nduration: {duration}\n---\n")
}

/// `153722867280912931h` overflowed `hours * 60` in parse_duration (a panic in a debug build,
/// a wrong length in a release build), `1h9223372036854775807m` the sum.
#[test]
fn duration_overflowing_i64() {
    for d in ["153722867280912931h", "1h9223372036854775807m", "9223372036854775808", "99999h"] {
        assert_error(
            &[("sessions/lunch.md", &lunch(d))],
            "sessions/lunch.md:5:11",
            "`duration` is too long: at most 527040 minutes (366 days)",
        );
    }
}

/// 10518456961 minutes and more fit an i64 but not a jiff span: `minutes()` panicked in
/// model::resolve::session.
#[test]
fn duration_past_the_calendar() {
    for d in ["10518456961", "9223372036854775807", "-9223372036854775808h"] {
        let (built, text) = check_with(&[("sessions/lunch.md", &lunch(d))]);
        assert!(!built && (text.contains("is too long") || text.contains("at least one minute")), "{d}:\n{text}");
    }
}

#[test]
fn duration_zero_or_negative() {
    for d in ["0", "-45", "-1h", "0h0m"] {
        assert_error(&[("sessions/lunch.md", &lunch(d))], "sessions/lunch.md:5:11", "a session must last at least one minute");
    }
    assert_error(&[("sessions/lunch.md", &lunch("1h-30m"))], "sessions/lunch.md:5:11", "`1h-30m` is not a valid duration");
}

fn site_yaml(start: &str, end: &str) -> String {
    format!("title: Mini Conf 2026\nbase_url: https://example.org/mini/\ntimezone: Europe/Berlin\nstart_date: {start}\nend_date: {end}\n")
}

/// A conference on 9999-12-31 (its sessions on that day) panicked in frab::day_bounds
/// ("day within jiff's range": the day after it is past the calendar); year 0001 with an offset
/// west of UTC likewise. Dates are now limited to fields::YEARS, everywhere in the content.
#[test]
fn year_9999_and_year_1() {
    let message = "year 9999 is outside the years confpress supports (1900–2200)";
    assert_error(&[("site.yaml", &site_yaml("9999-12-31", "9999-12-31"))], "site.yaml:4:13", message);
    assert_error(&[("site.yaml", &site_yaml("2026-06-10", "9999-12-31"))], "site.yaml:5:11", message);
    let message = "year 0001 is outside the years confpress supports (1900–2200)";
    assert_error(&[("site.yaml", &site_yaml("0001-01-01", "2026-06-11"))], "site.yaml:4:13", message);
    assert_error(
        &[("sessions/lunch.md", "---\ntitle: Lunch\nkind: break\nstart: 0001-01-01 12:00\nduration: 60\n---\n")],
        "sessions/lunch.md:4:8",
        message,
    );
    let tickets = "currency: EUR\ntiers:\n  - id: regular\n    name: Regular\n    price: 100\n    on_sale: 2026-01-01 09:00\n    off_sale: 0001-06-01 00:00\n";
    assert_error(&[("tickets.yaml", tickets)], "tickets.yaml:7:15", message);
    let job = "---\ntitle: Engineer\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/1\nposted: 2026-05-01\nexpires: 0001-01-01\n---\n";
    assert_error(&[("jobs/engineer.md", job)], "jobs/engineer.md:7:10", message);
    assert_error(&[("news/0001-01-01-old.md", "---\ntitle: Old\n---\nOld news.\n")], "news/0001-01-01-old.md", "(in the file name)");
    // The edges of the range build.
    let (built, text) = check_with(&[
        ("site.yaml", &site_yaml("2200-12-30", "2200-12-31")),
        ("sessions/opening.md", "---\ntitle: Opening\nspeakers: [ada-lovelace]\nstart: 2200-12-30 09:00\nduration: 45\n---\n"),
        (
            "sessions/rust-web.md",
            "---\ntitle: Web\nspeakers: [zoe-martin]\nroom: main\nstart: 2200-12-31 23:00\nend: 2200-12-31 23:59\n---\n",
        ),
        ("sessions/kernels.md", "---\ntitle: Kernels\nspeakers: [chen-mei-ling]\nroom: side\nstart: 2200-12-31 10:00\nduration: 1h\n---\n"),
        ("sessions/lunch.md", "---\ntitle: Lunch\nkind: break\nstart: 2200-12-31 12:00\nduration: 60\n---\n"),
        (
            "jobs/engineer.md",
            "---\ntitle: Engineer\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/1\nposted: 1900-01-01\n---\n",
        ),
    ]);
    assert!(built, "{text}");
}

/// The schedule of a model with a day in year 9999 and no session on it (content can no longer
/// say that, but the exports take any model) is written instead of panicking.
#[test]
fn schedule_of_a_day_at_the_end_of_the_calendar() {
    let site = common::minimal_site();
    let opts = BuildOptions { now: Some("2026-05-01 12:00".into()), ..BuildOptions::default() };
    let (conf, diags) = pipeline::load_model(site.path(), &opts);
    let mut conf = conf.unwrap_or_else(|| panic!("{}", diags.render(site.path())));
    for date in [Date::MAX, Date::MIN] {
        conf.days.push(confpress::model::Day { date, sessions: Default::default() });
        let sink = Collect::default();
        confpress::export::write(&conf, &[], &sink).unwrap();
        let files = sink.into_files();
        let json = &files.iter().find(|f| f.path == "schedule.json").unwrap().bytes;
        assert!(serde_json::from_slice::<serde_json::Value>(json).is_ok());
        conf.days.pop();
    }
}

fn rooms(capacity: &str) -> String {
    format!("- id: main\n  name: Main Room\n  capacity: {capacity}\n- id: side\n  name: Side Room\n")
}

fn tickets(price: &str) -> String {
    format!("currency: EUR\ntiers:\n  - id: regular\n    name: Regular\n    price: {price}\n")
}

/// Whole numbers: what is wrong with them, not "should be a whole number (0 or more), found a
/// number"; past 64 bits, not a YAML syntax error in serde's words ("as u128").
#[test]
fn whole_numbers_out_of_range() {
    for (capacity, message) in [
        ("4294967296", "`capacity` is too large: at most 4294967295"),
        ("18446744073709551615", "`capacity` is too large: at most 4294967295"),
        ("18446744073709551616", "`capacity` is too large: at most 4294967295"),
        ("1e308", "`capacity` is too large: at most 4294967295"),
        (".inf", "`capacity` is too large: at most 4294967295"),
        ("-1", "`capacity` cannot be negative"),
        ("-9223372036854775809", "`capacity` cannot be negative"),
        ("-.inf", "`capacity` cannot be negative"),
        ("1.5", "`capacity` should be a whole number, found 1.5"),
        (".nan", "`capacity` is not a number (`.nan`)"),
        ("NaN", "`capacity` should be a whole number (0 or more), found text"),
    ] {
        assert_error(&[("rooms.yaml", &rooms(capacity))], "rooms.yaml:3:13", message);
    }
    let tier = "tiers:\n  - id: gold\n    name: Gold\n    rank: 1\n    jobs: 4294967296\n    max: -2\n";
    assert_error(&[("sponsors.yaml", tier)], "sponsors.yaml:5:11", "`jobs` is too large: at most 4294967295");
    assert_error(&[("sponsors.yaml", tier)], "sponsors.yaml:6:10", "`max` cannot be negative");
}

#[test]
fn numbers_out_of_range() {
    for (price, message) in [
        ("-1", "`price` cannot be negative"),
        ("-0.01", "`price` cannot be negative"),
        ("-1e308", "`price` cannot be negative"),
        ("-9223372036854775809", "`price` cannot be negative"),
        (".nan", "`price` is not a number (`.nan`)"),
        (".inf", "`price` is too large: write an ordinary number"),
        ("18446744073709551616", "`price` is too large: 18446744073709551616"),
    ] {
        assert_error(&[("tickets.yaml", &tickets(price))], "tickets.yaml:5:12", message);
    }
    let job = "---\ntitle: Engineer\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/1\nposted: 2026-05-01\nsalary:\n  min: -5\n  max: .nan\n  currency: EUR\n---\n";
    assert_error(&[("jobs/engineer.md", job)], "jobs/engineer.md:8:8", "`min` cannot be negative");
    assert_error(&[("jobs/engineer.md", job)], "jobs/engineer.md:9:8", "`max` is not a number (`.nan`)");
    // 0, -0 and the largest finite number are prices.
    for price in ["0", "-0.0", "1.7976931348623157e308", "5e-324"] {
        let (built, text) = check_with(&[("tickets.yaml", &tickets(price))]);
        assert!(built, "{price}: {text}");
    }
}

/// An end equal to the start read "the session ends (10:00) before it starts (10:00)".
#[test]
fn session_ending_when_it_starts() {
    let web = "---\ntitle: Rust on the Web\nspeakers: [zoe-martin]\ntrack: web\nroom: main\nstart: 2026-06-10 10:00\nend: 2026-06-10 10:00\n---\n";
    assert_error(
        &[("sessions/rust-web.md", web)],
        "sessions/rust-web.md:7:6",
        "the session ends when it starts (2026-06-10 10:00): a session must last at least one minute",
    );
}

/// A conference of more than 366 days was cut to its first 366 without a word, and a session
/// after them was "outside the conference days".
#[test]
fn conference_longer_than_a_year() {
    assert_error(&[("site.yaml", &site_yaml("2026-06-10", "2027-07-01"))], "site.yaml:5:11", "the conference lasts 387 days: at most 366");
    let (built, text) = check_with(&[("site.yaml", &site_yaml("2026-06-10", "2027-06-10"))]);
    assert!(built, "366 days:\n{text}");
}

/// `--now "9999-12-31 23:59"` in a zone east of UTC is past the calendar's end: it was taken
/// for no `--now` (the real clock, silently); it is an error like any other invalid `--now`.
#[test]
fn now_past_the_calendar() {
    let site = common::minimal_site();
    for now in ["9999-12-31 23:59", "never"] {
        let opts = BuildOptions { now: Some(now.into()), ..BuildOptions::default() };
        let diags = pipeline::compile(site.path(), &opts).err().unwrap_or_else(|| panic!("--now {now} built"));
        let text = diags.render(site.path());
        assert!(text.contains(&format!("error: `{now}` is not a valid time\n--> --now")), "{text}");
    }
}
