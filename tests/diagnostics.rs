//! Broken content, one mistake at a time: each case breaks the small valid site of
//! tests/common in one way and checks the one diagnostic that comes out, by file, line, column,
//! severity and the words of its message and hint. Cases marked `alone` also check that no
//! other error follows from the same root cause.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// How a case changes the minimal site.
enum Edit {
    /// Replaces the first `from` in the file with `to`.
    Replace(&'static str, &'static str, &'static str),
    /// Writes the file (creating folders).
    Write(&'static str, &'static str),
}
use Edit::*;

struct Case {
    name: &'static str,
    edits: &'static [Edit],
    /// `file:line:col` of the diagnostic (`file` alone where it has no position).
    at: &'static str,
    warning: bool,
    words: &'static [&'static str],
    /// No other error is reported (the checks that depend on the broken part stay quiet).
    alone: bool,
}

const fn error(name: &'static str, edits: &'static [Edit], at: &'static str, words: &'static [&'static str]) -> Case {
    Case { name, edits, at, warning: false, words, alone: false }
}

const fn warning(name: &'static str, edits: &'static [Edit], at: &'static str, words: &'static [&'static str]) -> Case {
    Case { name, edits, at, warning: true, words, alone: false }
}

const fn alone(case: Case) -> Case {
    Case { alone: true, ..case }
}

const OPENING: &str = "sessions/opening.md";
const KERNELS: &str = "sessions/kernels.md";
const RUST_WEB: &str = "sessions/rust-web.md";

const CASES: &[Case] = &[
    // References, with the caret under the exact item.
    alone(error(
        "unknown speaker in a flow list",
        &[Replace(OPENING, "[ada-lovelace]", "[ada-lovelac]")],
        "sessions/opening.md:4:12",
        &["unknown speaker `ada-lovelac`", "did you mean `ada-lovelace`?"],
    )),
    error(
        "second item of a flow list",
        &[Replace(KERNELS, "[chen-mei-ling, ada-lovelace]", "[chen-mei-ling, ada-lovelac]")],
        "sessions/kernels.md:3:27",
        &["unknown speaker `ada-lovelac`"],
    ),
    error(
        "item of a block list",
        &[Replace(OPENING, "speakers: [ada-lovelace]", "speakers:\n  - ada-lovelac")],
        "sessions/opening.md:5:5",
        &["unknown speaker `ada-lovelac`"],
    ),
    error(
        "unknown room",
        &[Replace(RUST_WEB, "room: main", "room: mian")],
        "sessions/rust-web.md:5:7",
        &["unknown room `mian`", "did you mean `main`?"],
    ),
    error(
        "a room's name for its id",
        &[Replace(RUST_WEB, "room: main", "room: Main Room")],
        "sessions/rust-web.md:5:7",
        &["unknown room `Main Room`", "the name of room `main`"],
    ),
    error(
        "a track's name for its id",
        &[Replace(RUST_WEB, "track: web", "track: Web")],
        "sessions/rust-web.md:4:8",
        &["unknown track `Web`", "the name of track `web`"],
    ),
    error(
        "a speaker's name for the slug",
        &[Replace(OPENING, "[ada-lovelace]", "[Ada Lovelace]")],
        "sessions/opening.md:4:12",
        &["unknown speaker `Ada Lovelace`", "the name of speaker `ada-lovelace`"],
    ),
    error(
        "a tier's name for its id",
        &[Replace("sponsors/acme.md", "tier: gold", "tier: Gold")],
        "sponsors/acme.md:3:7",
        &["unknown sponsor tier `Gold`", "the name of sponsor tier `gold`"],
    ),
    error(
        "a draft speaker",
        &[Replace("speakers/zoe-martin.md", "name: Zoë Martin", "name: Zoë Martin\ndraft: true")],
        "sessions/rust-web.md:3:12",
        &["speaker `zoe-martin` is a draft", "--drafts"],
    ),
    error(
        "unknown sponsor of a job",
        &[Replace("jobs/engineer.md", "sponsor: acme", "sponsor: acne")],
        "jobs/engineer.md:3:10",
        &["unknown sponsor `acne`", "did you mean `acme`?"],
    ),
    error(
        "duplicate room id",
        &[Replace("rooms.yaml", "id: side", "id: main")],
        "rooms.yaml:3:7",
        &["duplicate room `main`", "rooms.yaml:1"],
    ),
    // Values.
    alone(error(
        "unquoted colour",
        &[Replace("tracks.yaml", "color: \"#1d4ed8\"", "color: #1d4ed8")],
        "tracks.yaml:3:10",
        &["`color` has no value", "YAML reads `#1d4ed8` as a comment", "quote it: `color: \"#1d4ed8\"`"],
    )),
    error(
        "colour by name",
        &[Replace("tracks.yaml", "color: \"#1d4ed8\"", "color: blue")],
        "tracks.yaml:3:10",
        &["`blue` is not a valid color", "#rrggbb"],
    ),
    error(
        "currency that is not ISO 4217",
        &[Replace("tickets.yaml", "currency: EUR", "currency: NTD")],
        "tickets.yaml:1:11",
        &["`NTD` is not an ISO 4217 currency code", "`currency: TWD` (New Taiwan dollar)"],
    ),
    error(
        "currency made up",
        &[Replace("tickets.yaml", "currency: EUR", "currency: XYZ")],
        "tickets.yaml:1:11",
        &["`XYZ` is not an ISO 4217 currency code", "three-letter ISO 4217 code"],
    ),
    error(
        "currency in lower case",
        &[Replace("tickets.yaml", "currency: EUR", "currency: eur")],
        "tickets.yaml:1:11",
        &["not in capitals", "`currency: EUR` (Euro)"],
    ),
    error("a negative price", &[Replace("tickets.yaml", "price: 100", "price: -5")], "tickets.yaml:5:12", &["`price` cannot be negative"]),
    error(
        "a number too large",
        &[Replace("rooms.yaml", "name: Main Room", "name: Main Room\n  capacity: 99999999999")],
        "rooms.yaml:3:13",
        &["`capacity` is too large", "4294967295"],
    ),
    error(
        "a number past 64 bits",
        &[Replace("rooms.yaml", "name: Main Room", "name: Main Room\n  capacity: 99999999999999999999999")],
        "rooms.yaml:3:13",
        &["too large"],
    ),
    error("a zero duration", &[Replace(KERNELS, "duration: 1h", "duration: 0")], "sessions/kernels.md:7:11", &["at least one minute"]),
    error(
        "year 9999",
        &[Replace("site.yaml", "end_date: 2026-06-11", "end_date: 9999-12-31")],
        "site.yaml:5:11",
        &["year 9999 is outside the years confpress supports"],
    ),
    error(
        "two tiers with one rank",
        &[Write(
            "sponsors.yaml",
            "tiers:\n  - id: gold\n    name: Gold\n    rank: 1\n    placements: [home]\n  - id: silver\n    name: Silver\n    rank: 1\n",
        )],
        "sponsors.yaml:8:11",
        &["tiers `gold` and `silver` both have rank 1", "rank of its own"],
    ),
    error(
        "unknown placement",
        &[Replace("sponsors.yaml", "placements: [home, footer]", "placements: [home, fotter]")],
        "sponsors.yaml:5:24",
        &["unknown placement `fotter`", "did you mean `footer`?"],
    ),
    error(
        "unknown field",
        &[Replace(OPENING, "title: Opening Keynote", "titel: Opening Keynote\ntitle: Opening")],
        "sessions/opening.md:2:1",
        &["unknown field `titel`", "did you mean `title`?"],
    ),
    error(
        "missing required field",
        &[Replace(OPENING, "title: Opening Keynote\n", "")],
        "sessions/opening.md:2:1",
        &["missing required field `title`", "add `title:"],
    ),
    error(
        "empty required field",
        &[Replace(OPENING, "title: Opening Keynote", "title:")],
        "sessions/opening.md:2:1",
        &["`title` is empty"],
    ),
    error(
        "unknown session kind",
        &[Replace(OPENING, "kind: keynote", "kind: keynot")],
        "sessions/opening.md:3:7",
        &["`keynot` is not a valid `kind`", "did you mean `keynote`?"],
    ),
    error(
        "invalid date",
        &[Replace("site.yaml", "start_date: 2026-06-10", "start_date: 2026-13-10")],
        "site.yaml:4:13",
        &["`2026-13-10` is not a valid date", "YYYY-MM-DD"],
    ),
    error(
        "invalid time",
        &[Replace(OPENING, "start: 2026-06-10 09:00", "start: 2026-06-10 25:00")],
        "sessions/opening.md:5:8",
        &["`2026-06-10 25:00` is not a valid time"],
    ),
    error(
        "invalid URL",
        &[Replace(RUST_WEB, "track: web", "track: web\nslides: example.org/slides")],
        "sessions/rust-web.md:5:9",
        &["`example.org/slides` is not a valid URL", "https://"],
    ),
    error(
        "invalid URL in a nested map",
        &[Replace("site.yaml", "  city: Berlin", "  city: Berlin\n  url: westerdok")],
        "site.yaml:9:8",
        &["`westerdok` is not a valid URL"],
    ),
    error(
        "invalid URL in a multi-line string",
        &[Replace(RUST_WEB, "track: web", "track: web\nslides: >-\n  https://exa mple.org/")],
        "sessions/rust-web.md:6:3",
        &["is not a valid URL"],
    ),
    error(
        "missing image",
        &[Replace("sponsors/acme.md", "logo: img/acme.svg", "logo: img/acme.png")],
        "sponsors/acme.md:4:7",
        &["image `img/acme.png` does not exist", "static/img/acme.png"],
    ),
    error(
        "unknown time zone",
        &[Replace("site.yaml", "Europe/Berlin", "Europe/Berln")],
        "site.yaml:3:11",
        &["unknown time zone `Europe/Berln`", "IANA"],
    ),
    alone(error(
        "end_date before start_date",
        &[Replace("site.yaml", "end_date: 2026-06-11", "end_date: 2026-06-09")],
        "site.yaml:5:11",
        &["`end_date` 2026-06-09 is before `start_date` 2026-06-10"],
    )),
    // Times.
    error(
        "session outside the conference",
        &[Replace(OPENING, "2026-06-10 09:00", "2026-06-12 09:00")],
        "sessions/opening.md:5:8",
        &["outside the conference days", "2026-06-10 to 2026-06-11"],
    ),
    error(
        "ends before it starts",
        &[Replace(RUST_WEB, "end: 2026-06-10 10:45", "end: 2026-06-10 09:45")],
        "sessions/rust-web.md:7:6",
        &["ends", "before it starts"],
    ),
    error(
        "both end and duration",
        &[Replace(RUST_WEB, "end: 2026-06-10 10:45", "end: 2026-06-10 10:45\nduration: 45")],
        "sessions/rust-web.md:8:11",
        &["both `end` and `duration` are given", "keep one"],
    ),
    error(
        "room double-booked",
        &[Replace(KERNELS, "room: side", "room: main")],
        "sessions/rust-web.md:6:8",
        &["overlaps", "in room `main`"],
    ),
    // Issue 18: what real programmes have is a warning (an error with --strict, see
    // `the_strictness_warnings_are_errors_with_strict`); links that run code are errors.
    warning(
        "speaker in two places",
        &[Replace(RUST_WEB, "[zoe-martin]", "[zoe-martin, chen-mei-ling]")],
        "sessions/kernels.md:6:8",
        &["speaker `chen-mei-ling` is in two sessions at once"],
    ),
    warning(
        "a tier over its max",
        &[Replace("sponsors.yaml", "max: 2", "max: 0")],
        "sponsors.yaml:2:5",
        &["tier `gold` has 1 sponsors but its `max` is 0", "raise `max`"],
    ),
    warning(
        "a sponsor without a name",
        &[Replace("sponsors/acme.md", "name: Acme\n", "")],
        "sponsors/acme.md:2:1",
        &["sponsor `acme` has no `name`", "alt text", "add `name: "],
    ),
    warning(
        "a dat:// slides URL",
        &[Replace(OPENING, "duration: 45\n", "duration: 45\nslides: dat://abc123/slides.pdf\n")],
        "sessions/opening.md:7:9",
        &["`slides` is a `dat:` URL", "use an http(s) address"],
    ),
    alone(error(
        "a javascript: slides URL",
        &[Replace(OPENING, "duration: 45\n", "duration: 45\nslides: \" JavaScript:alert(1)\"\n")],
        "sessions/opening.md:7:9",
        &["`slides` is a `javascript:` URL", "not allowed"],
    )),
    alone(error(
        "a javascript: link in a Markdown body",
        &[Replace(OPENING, "Welcome.\n", "Welcome.\n\nSee [the slides](JaVaScRiPt:alert(1)).\n")],
        "sessions/opening.md:10:5",
        &["`javascript:` link in the body", "http(s)"],
    )),
    alone(error(
        "an entity-encoded javascript: link in an HTML body",
        &[
            Replace(OPENING, "duration: 45\n", "duration: 45\nformat: html\n"),
            Replace(OPENING, "Welcome.\n", "<p>Welcome.</p>\n<p><a href=\"jav&#x61;script:alert(1)\">x</a></p>\n"),
        ],
        "sessions/opening.md:10:7",
        &["`javascript:` link in the body"],
    )),
    alone(error(
        "an unknown body format",
        &[Replace(OPENING, "duration: 45\n", "duration: 45\nformat: textile\n")],
        "sessions/opening.md:7:9",
        &["`textile` is not a valid `format`", "markdown, html"],
    )),
    error(
        "a time the clocks skip",
        &[
            Replace("site.yaml", "start_date: 2026-06-10", "start_date: 2026-03-29"),
            Replace("site.yaml", "end_date: 2026-06-11", "end_date: 2026-06-11"),
            Replace(OPENING, "2026-06-10 09:00", "2026-03-29 02:30"),
        ],
        "sessions/opening.md:5:8",
        &["2026-03-29 02:30 does not exist in Europe/Berlin", "forward by 60 minutes", "UTC+01:00 → UTC+02:00"],
    ),
    warning(
        "a time that happens twice",
        &[
            Replace("site.yaml", "start_date: 2026-06-10", "start_date: 2026-03-29"),
            Replace("site.yaml", "end_date: 2026-06-11", "end_date: 2026-10-25"),
            Replace(OPENING, "2026-06-10 09:00", "2026-10-25 02:30"),
        ],
        "sessions/opening.md:5:8",
        &["2026-10-25 02:30 happens twice in Europe/Berlin", "UTC+02:00", "UTC+01:00", "`2026-10-25 02:30+01:00` for the second"],
    ),
    error(
        "an offset the zone does not use",
        &[Replace(OPENING, "2026-06-10 09:00", "2026-06-10 09:00+01:00")],
        "sessions/opening.md:5:8",
        &["is not a time in Europe/Berlin", "UTC+02:00"],
    ),
    // The YAML itself.
    alone(error(
        "a tab in the indentation",
        &[Replace("site.yaml", "  name: Hall", "\tname: Hall")],
        "site.yaml:7:1",
        &["a tab in the indentation", "spaces"],
    )),
    alone(error(
        "a key given twice",
        &[Replace(RUST_WEB, "track: web", "track: web\ntrack: systems")],
        "sessions/rust-web.md:5:1",
        &["`track` is given twice", "first given on line 4"],
    )),
    alone(error(
        "an unclosed flow list",
        &[Replace(OPENING, "[ada-lovelace]", "[ada-lovelace")],
        "sessions/opening.md:4:11",
        &["YAML syntax error", "flow sequence"],
    )),
    error(
        "missing front matter",
        &[Write("pages/faq.md", "title: FAQ\n\nQuestions.\n")],
        "pages/faq.md:1:1",
        &["missing front matter", "`---`"],
    ),
    // Files.
    error(
        "a file name that is not a slug",
        &[Write("pages/Our Team.md", "---\ntitle: Team\n---\n")],
        "pages/Our Team.md",
        &["file name `Our Team` is not a valid slug", "`our-team.md`"],
    ),
    error(
        "a non-ASCII file name",
        &[Write("pages/關於.md", "---\ntitle: 關於\n---\n")],
        "pages/關於.md",
        &["is not a valid slug", "romanised"],
    ),
    error(
        "two files for one record",
        &[Write("pages/about.markdown", "---\ntitle: About\n---\n")],
        "pages/about.md",
        &["a second file for `about`", "pages/about.markdown"],
    ),
    warning(
        "a file in a content folder that is not read",
        &[Write("sessions/notes.txt", "notes")],
        "sessions/notes.txt",
        &["this file is not read", "static/"],
    ),
    warning(
        "a folder inside a content folder",
        &[Write("sessions/day-2/late.md", "---\ntitle: Late\n---\n")],
        "sessions/day-2/late.md",
        &["no sub-folders", "sessions/late.md"],
    ),
    warning("site.yml", &[Write("site.yml", "title: x\n")], "site.yml", &["this file is not read", "did you mean `site.yaml`?"]),
    warning(
        "a misspelt content folder",
        &[Write("session/late.md", "---\ntitle: Late\n---\n")],
        "session/late.md",
        &["this file is not read", "did you mean `sessions`?"],
    ),
    warning(
        "static inside static",
        &[Write("static/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")],
        "static/static",
        &["a `static/` folder inside `static/`", "/static/"],
    ),
    // One root cause, one diagnostic.
    alone(error(
        "a track whose colour is broken",
        &[Replace("tracks.yaml", "color: \"#1d4ed8\"", "color: 12")],
        "tracks.yaml:3:10",
        &["not a valid color"],
    )),
    alone(error(
        "a speaker file that does not parse",
        &[Replace("speakers/ada-lovelace.md", "name: Ada Lovelace", "name: [Ada")],
        "speakers/ada-lovelace.md:2:7",
        &["YAML syntax error"],
    )),
    alone(error(
        "a session file that does not parse",
        &[Replace(KERNELS, "room: side", "room: [side")],
        "sessions/kernels.md:5:7",
        &["YAML syntax error"],
    )),
    alone(error(
        "a session in a room that does not exist",
        &[Replace(KERNELS, "room: side", "room: hall")],
        "sessions/kernels.md:5:7",
        &["unknown room `hall`"],
    )),
    alone(error(
        "rooms.yaml does not parse",
        &[Write("rooms.yaml", "- id: main\n  name: [Main\n")],
        "rooms.yaml:2:9",
        &["YAML syntax error"],
    )),
    alone(error(
        "a sponsor file that does not parse",
        &[Replace("sponsors/acme.md", "name: Acme", "name: {Acme")],
        "sponsors/acme.md:2:7",
        &["YAML syntax error"],
    )),
];

fn apply(root: &Path, edit: &Edit) {
    match edit {
        Replace(file, from, to) => {
            let text = fs::read_to_string(root.join(file)).unwrap();
            assert!(text.contains(from), "{file} has no {from:?}");
            write(root, file, &text.replacen(from, to, 1));
        }
        Write(file, text) => write(root, file, text),
    }
}

/// The diagnostic blocks of `confpress check`'s output (without the summary line).
fn blocks(stderr: &str) -> Vec<&str> {
    stderr.split("\n\n").filter(|b| b.starts_with("error: ") || b.starts_with("warning: ")).collect()
}

fn check_case(case: &Case) -> Result<(), String> {
    let site = minimal_site();
    for edit in case.edits {
        apply(site.path(), edit);
    }
    let out = run(&["check", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    let fail = |why: String| Err(format!("case `{}`: {why}\n--- output:\n{err}", case.name));
    if err.contains("panicked") {
        return fail("confpress panicked".into());
    }
    let expected_code = if case.warning { 0 } else { 1 };
    if out.status.code() != Some(expected_code) {
        return fail(format!("exit status {:?}, expected {expected_code}", out.status.code()));
    }
    let all = blocks(&err);
    let Some(block) = all.iter().find(|b| b.contains(case.words[0])) else {
        return fail(format!("no diagnostic says {:?}", case.words[0]));
    };
    let label = if case.warning { "warning: " } else { "error: " };
    if !block.starts_with(label) {
        return fail(format!("expected a {label}"));
    }
    let location = format!("--> {}\n", case.at);
    if !block.contains(&location) {
        return fail(format!("expected `{}`", location.trim()));
    }
    if let Some(word) = case.words.iter().find(|w| !block.contains(**w)) {
        return fail(format!("the diagnostic does not say {word:?}"));
    }
    // The source line is shown (a tab as four spaces) and the caret sits under the column the
    // location names (a wide character takes two places).
    if let [file, line, col] = case.at.split(':').collect::<Vec<_>>()[..] {
        let (line, col): (usize, usize) = (line.parse().unwrap(), col.parse().unwrap());
        let text = fs::read_to_string(site.path().join(file)).unwrap();
        let original = text.lines().nth(line - 1).unwrap_or("");
        let lines: Vec<&str> = block.lines().collect();
        let caret = lines.iter().position(|l| l.trim_end().ends_with('^'));
        let Some(caret) = caret else { return fail("no caret line".into()) };
        let source = lines[caret - 1].split_once(" | ").map_or("", |(_, s)| s);
        if source != original.replace('\t', "    ") {
            return fail(format!("the source line shown is {source:?}, expected {original:?}"));
        }
        let under = lines[caret].split_once(" | ").map_or(0, |(_, s)| s.chars().count());
        let width: usize = original
            .chars()
            .take(col - 1)
            .map(|c| {
                if c == '\t' {
                    4
                } else if c > '\u{2e80}' {
                    2
                } else {
                    1
                }
            })
            .sum();
        if under != width + 1 {
            return fail(format!("the caret is at display column {under}, expected {}", width + 1));
        }
    }
    if case.alone {
        let errors = all.iter().filter(|b| b.starts_with("error: ")).count();
        if errors != 1 || !err.contains("1 error(s)") {
            return fail(format!("{errors} errors, expected only the root cause"));
        }
    }
    Ok(())
}

#[test]
fn every_broken_input_gets_its_diagnostic() {
    assert!(CASES.len() >= 40, "the table should cover at least 40 mistakes");
    let failures: Vec<String> = CASES.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), CASES.len(), failures.join("\n\n"));
}

#[test]
fn the_root_cause_prints_first() {
    // A double-booked room (found by the checks across files) and a broken colour (found while
    // reading tracks.yaml): the file error comes first although `sessions/` sorts before it.
    let site = minimal_site();
    apply(site.path(), &Replace(KERNELS, "room: side", "room: main"));
    apply(site.path(), &Replace("tracks.yaml", "name: Systems", "name: Systems\n  capacity: 3"));
    let err = stderr(&run(&["check", site.path().to_str().unwrap()]));
    let all = blocks(&err);
    assert_eq!(all.len(), 2, "{err}");
    assert!(all[0].contains("unknown field `capacity`") && all[1].contains("overlaps"), "{err}");
}

#[test]
fn a_byte_order_mark_is_accepted_in_every_file() {
    let site = minimal_site();
    for file in ["site.yaml", "rooms.yaml", "tracks.yaml", "sponsors.yaml", "tickets.yaml", OPENING, "speakers/ada-lovelace.md"] {
        let text = fs::read(site.path().join(file)).unwrap();
        fs::write(site.path().join(file), [b"\xef\xbb\xbf".as_slice(), &text].concat()).unwrap();
    }
    let out = run(&["check", site.path().to_str().unwrap()]);
    assert!(out.status.success() && stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn other_markdown_extensions_are_read() {
    let site = minimal_site();
    write(site.path(), "pages/venue.markdown", "---\ntitle: Venue\n---\nThe hall.\n");
    write(site.path(), "pages/faq.MD", "---\ntitle: FAQ\n---\nAsk us.\n");
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&["build", site.path().to_str().unwrap(), "--output", out_dir.path().to_str().unwrap()]);
    assert!(out.status.success() && stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(fs::read_to_string(out_dir.path().join("venue/index.html")).unwrap().contains("The hall."));
    assert!(fs::read_to_string(out_dir.path().join("faq/index.html")).unwrap().contains("Ask us."));
}

#[test]
fn an_explicit_offset_picks_the_second_of_two_instants() {
    let site = minimal_site();
    apply(site.path(), &Replace("site.yaml", "end_date: 2026-06-11", "end_date: 2026-10-25"));
    write(
        site.path(),
        "sessions/night.md",
        "---\ntitle: Night\nkind: social\nroom: side\nstart: 2026-10-25 02:30+01:00\nduration: 30\n---\n",
    );
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&["build", site.path().to_str().unwrap(), "--output", out_dir.path().to_str().unwrap()]);
    assert!(out.status.success() && !stderr(&out).contains("happens twice"), "{}", stderr(&out));
    let ics = fs::read_to_string(out_dir.path().join("schedule.ics")).unwrap();
    let night = ics.split("BEGIN:VEVENT").find(|e| e.contains("SUMMARY:Night")).unwrap();
    // 02:30 at UTC+01:00 is 01:30 UTC, the second time the clocks show 02:30 that night.
    assert!(night.contains("20261025T013000Z") || night.contains("DTSTART;TZID=Europe/Berlin:20261025T023000"), "{night}");
}

#[test]
fn a_site_yaml_error_adds_no_now_error() {
    let site = minimal_site();
    apply(site.path(), &Replace("site.yaml", "Europe/Berlin", "Europe/Berln"));
    let out = run(&["check", site.path().to_str().unwrap(), "--now", "2026-06-10 10:00"]);
    let err = stderr(&out);
    assert_eq!(blocks(&err).len(), 1, "{err}");
    assert!(err.contains("unknown time zone") && !err.contains("--now"), "{err}");
}

#[test]
fn the_readme_example_is_what_confpress_prints() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```\nerror: unknown speaker").expect("the README shows a diagnostic") + 4;
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let site = minimal_site();
    write(
        site.path(),
        OPENING,
        "---\ntitle: Opening Keynote\nspeakers: [ada-lovelac]\nkind: keynote\nstart: 2026-06-10 09:00\nduration: 45\n---\n",
    );
    let err = stderr(&run(&["check", site.path().to_str().unwrap()]));
    assert_eq!(blocks(&err).first().map(|b| format!("{}\n", b.trim_end())), Some(shown.to_string()), "{err}");
}

/// Colour only on a terminal, and never with NO_COLOR set. The terminal is `script`'s
/// (util-linux); where it cannot make one, that half is skipped.
#[test]
fn diagnostics_are_coloured_only_on_a_terminal_without_no_color() {
    let site = minimal_site();
    apply(site.path(), &Replace(OPENING, "[ada-lovelace]", "[ada-lovelac]"));
    let dir = site.path().to_str().unwrap();
    let piped = stderr(&run(&["check", dir]));
    assert!(piped.contains("unknown speaker") && !piped.contains('\x1b'), "{piped:?}");
    let on_a_terminal = |no_color: &str| {
        let command = format!("{} check {dir}", bin());
        let mut script = std::process::Command::new("script");
        script.args(["-qec", &command, "/dev/null"]).env("TERM", "xterm").env("SOURCE_DATE_EPOCH", "1786190400");
        if !no_color.is_empty() {
            script.env("NO_COLOR", no_color);
        } else {
            script.env_remove("NO_COLOR");
        }
        script.output().ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(coloured) = on_a_terminal("").filter(|text| text.contains("unknown speaker")) else {
        eprintln!("no terminal from `script` here: the terminal half is skipped");
        return;
    };
    assert!(coloured.contains("unknown speaker") && coloured.contains("\x1b["), "{coloured:?}");
    let plain = on_a_terminal("1").unwrap();
    assert!(plain.contains("unknown speaker") && !plain.contains('\x1b'), "{plain:?}");
}

/// Issue 18's warnings for what real programmes have (a double-booked speaker, a tier over its
/// `max`, a sponsor without a name, a URL of another scheme) fail `check` and `build` with
/// `--strict`, each still naming its file and line, and the output folder is left alone.
#[test]
fn the_strictness_warnings_are_errors_with_strict() {
    let names = ["speaker in two places", "a tier over its max", "a sponsor without a name", "a dat:// slides URL"];
    for name in names {
        let case = CASES.iter().find(|c| c.name == name).expect("a case of that name");
        let site = minimal_site();
        case.edits.iter().for_each(|e| apply(site.path(), e));
        let dir = site.path().to_str().unwrap();
        let checked = run(&["check", dir]);
        assert_eq!(checked.status.code(), Some(0), "{name}: a warning alone passes\n{}", stderr(&checked));
        let strict = run(&["check", "--strict", dir]);
        let err = stderr(&strict);
        assert_eq!(strict.status.code(), Some(1), "{name}: --strict fails\n{err}");
        assert!(err.contains(case.words[0]) && err.contains(&format!("--> {}", case.at)), "{name}:\n{err}");
        let out = site.path().join("out");
        let built = run(&["build", "--strict", dir, "--output", out.to_str().unwrap()]);
        assert!(!built.status.success() && stderr(&built).contains("warnings are errors with --strict"), "{name}: {}", stderr(&built));
        assert!(!out.join("index.html").exists(), "{name}: nothing is written");
        let built = run(&["build", dir, "--output", out.to_str().unwrap()]);
        assert!(built.status.success(), "{name}: without --strict the site builds\n{}", stderr(&built));
    }
}
