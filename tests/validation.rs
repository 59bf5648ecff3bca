//! One test per validation rule: a small broken site, and the exit code, file, line and message
//! of the diagnostic `confpress check` prints.

mod common;

use common::*;
use std::path::Path;

/// Runs `check` on `dir` and asserts it fails with a diagnostic at `file:line` containing `message`.
fn assert_error(dir: &Path, file: &str, line: u32, message: &str) -> String {
    let out = run(&["check", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "check should fail:\n{err}");
    let block = err.split("\n\n").find(|b| b.contains(message)).unwrap_or_else(|| panic!("no diagnostic containing {message:?}:\n{err}"));
    assert!(block.starts_with("error: "), "not an error:\n{block}");
    let location = format!("--> {file}:{line}");
    assert!(block.contains(&location), "expected {location} in:\n{block}");
    block.to_string()
}

/// Asserts `check` passes on `dir` with a warning at `file:line` containing `message`, and that
/// `check --strict` fails on it (issue 18: what real programmes have is a warning).
fn assert_warning(dir: &Path, file: &str, line: u32, message: &str) -> String {
    let out = run(&["check", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "check should pass:\n{err}");
    let block = err.split("\n\n").find(|b| b.contains(message)).unwrap_or_else(|| panic!("no diagnostic containing {message:?}:\n{err}"));
    assert!(block.starts_with("warning: "), "not a warning:\n{block}");
    assert!(block.contains(&format!("--> {file}:{line}")), "expected {file}:{line} in:\n{block}");
    let strict = run(&["check", "--strict", dir.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1), "check --strict should fail:\n{}", stderr(&strict));
    block.to_string()
}

fn site_with(rel: &str, text: &str) -> tempfile::TempDir {
    let site = minimal_site();
    write(site.path(), rel, text);
    site
}

#[test]
fn minimal_site_is_clean() {
    let site = minimal_site();
    let out = run(&["check", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let site = site_with("rooms.yaml", "- id: main\n  name: Main Room\n- id: side\n  name: [Side\n");
    // The parser notices at the end of the file; the diagnostic points where the list opened.
    let block = assert_error(site.path(), "rooms.yaml", 4, "YAML syntax error");
    assert!(block.contains("rooms.yaml:4:9") && block.contains("help:"), "{block}");
}

#[test]
fn front_matter_syntax_error_counts_lines_from_file_start() {
    let site = site_with("speakers/zoe-martin.md", "---\nname: Zoë\naffiliation: \"unclosed\n---\nBio\n");
    let block = assert_error(site.path(), "speakers/zoe-martin.md", 3, "YAML syntax error");
    assert!(block.contains("zoe-martin.md:3:14") && block.contains("quoted scalar"), "{block}");
}

#[test]
fn missing_front_matter() {
    let site = site_with("pages/about.md", "# About\n");
    assert_error(site.path(), "pages/about.md", 1, "missing front matter");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let site = site_with("sessions/lunch.md", "---\ntitle: Lunch\nkind: break\nstart: 2026-06-11 12:00\nduraton: 60\n---\n");
    let block = assert_error(site.path(), "sessions/lunch.md", 5, "unknown field `duraton`");
    assert!(block.contains("did you mean `duration`?"), "{block}");
}

#[test]
fn missing_required_field() {
    let site = site_with("speakers/zoe-martin.md", "---\naffiliation: Nowhere\n---\n");
    let block = assert_error(site.path(), "speakers/zoe-martin.md", 2, "missing required field `name`");
    assert!(block.contains("add `name:"), "{block}");
}

#[test]
fn wrong_type() {
    let site = site_with("rooms.yaml", "- id: main\n  name: Main Room\n  capacity: lots\n- id: side\n  name: Side Room\n");
    assert_error(site.path(), "rooms.yaml", 3, "`capacity` should be a whole number");
}

#[test]
fn bad_time() {
    let site = site_with("sessions/lunch.md", "---\ntitle: Lunch\nkind: break\nstart: 2026-06-11 25:00\nduration: 60\n---\n");
    let block = assert_error(site.path(), "sessions/lunch.md", 4, "`2026-06-11 25:00` is not a valid time");
    assert!(block.contains("YYYY-MM-DD HH:MM"), "{block}");
}

#[test]
fn bad_date() {
    let site = minimal_site();
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap().replace("end_date: 2026-06-11", "end_date: 11.06.2026");
    write(site.path(), "site.yaml", &text);
    assert_error(site.path(), "site.yaml", 5, "`11.06.2026` is not a valid date");
}

#[test]
fn bad_url() {
    let site = site_with("sponsors/acme.md", "---\nname: Acme\ntier: gold\nlogo: img/acme.svg\nurl: acme.example\n---\n");
    assert_error(site.path(), "sponsors/acme.md", 5, "`acme.example` is not a valid URL");
}

#[test]
fn bad_color() {
    let site =
        site_with("tracks.yaml", "- id: web\n  name: Web\n  color: blue-ish\n- id: systems\n  name: Systems\n  color: \"#b91c1c\"\n");
    assert_error(site.path(), "tracks.yaml", 3, "`blue-ish` is not a valid color");
}

#[test]
fn unknown_reference_suggests_a_slug() {
    let site = site_with(
        "sessions/rust-web.md",
        "---\ntitle: Rust on the Web\nspeakers: [zoe-martin, ada-lovelac]\nroom: main\nstart: 2026-06-10 11:00\nduration: 30\n---\n",
    );
    let block = assert_error(site.path(), "sessions/rust-web.md", 3, "unknown speaker `ada-lovelac`");
    assert!(block.contains("did you mean `ada-lovelace`?"), "{block}");
}

#[test]
fn unknown_room_and_track() {
    let site = site_with(
        "sessions/rust-web.md",
        "---\ntitle: Rust on the Web\nspeakers: [zoe-martin]\ntrack: wbe\nroom: mian\nstart: 2026-06-10 11:00\nduration: 30\n---\n",
    );
    assert_error(site.path(), "sessions/rust-web.md", 4, "unknown track `wbe`");
    assert_error(site.path(), "sessions/rust-web.md", 5, "unknown room `mian`");
}

#[test]
fn duplicate_ids() {
    let site = site_with("rooms.yaml", "- id: main\n  name: Main Room\n- id: side\n  name: Side Room\n- id: main\n  name: Again\n");
    let block = assert_error(site.path(), "rooms.yaml", 5, "duplicate room `main`");
    assert!(block.contains("rooms.yaml:1"), "should point at the first definition: {block}");
}

#[test]
fn session_ending_before_it_starts() {
    let site = site_with(
        "sessions/rust-web.md",
        "---\ntitle: Rust on the Web\nspeakers: [zoe-martin]\nroom: main\nstart: 2026-06-10 11:00\nend: 2026-06-10 10:30\n---\n",
    );
    assert_error(site.path(), "sessions/rust-web.md", 6, "ends (2026-06-10 10:30) before it starts");
}

#[test]
fn session_outside_conference_days() {
    let site = site_with(
        "sessions/rust-web.md",
        "---\ntitle: Rust on the Web\nspeakers: [zoe-martin]\nroom: main\nstart: 2026-06-12 11:00\nduration: 30\n---\n",
    );
    let block = assert_error(site.path(), "sessions/rust-web.md", 5, "outside the conference days");
    assert!(block.contains("2026-06-10 to 2026-06-11"), "{block}");
}

#[test]
fn two_sessions_in_one_room() {
    let site = site_with(
        "sessions/clash.md",
        "---\ntitle: Clash\nspeakers: [zoe-martin]\nroom: side\nstart: 2026-06-10 10:30\nduration: 30\n---\n",
    );
    // kernels runs 10:00–11:00 in `side`; clash starts at 10:30 (line 5). Zoë is also busy.
    let block = assert_error(site.path(), "sessions/clash.md", 5, "`clash` overlaps `kernels` in room `side`");
    assert!(block.contains("sessions/kernels.md"), "{block}");
}

#[test]
fn a_keynote_without_a_room_beside_another_session_is_a_warning() {
    // `opening` (a keynote, no room) runs 09:00–09:45; `clash` overlaps it in `main`.
    let site = site_with(
        "sessions/clash.md",
        "---\ntitle: Clash\nspeakers: [zoe-martin]\nroom: main\nstart: 2026-06-10 09:30\nduration: 20\n---\n",
    );
    let dir = site.path().to_str().unwrap();
    let out = run(&["check", dir]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let block = err.split("\n\n").find(|b| b.contains("keynote `opening` has no room and runs beside `clash`")).expect(&err);
    assert!(block.starts_with("warning: ") && block.contains("--> sessions/opening.md:5"), "{block}");
    assert_eq!(run(&["check", dir, "--strict"]).status.code(), Some(1));
}

#[test]
fn speaker_in_two_places() {
    let site = site_with(
        "sessions/clash.md",
        "---\ntitle: Clash\nspeakers: [chen-mei-ling]\nroom: main\nstart: 2026-06-10 10:50\nduration: 30\n---\n",
    );
    assert_warning(site.path(), "sessions/clash.md", 5, "speaker `chen-mei-ling` is in two sessions at once");
}

#[test]
fn tier_over_its_max() {
    let site = minimal_site();
    write(
        site.path(),
        "sponsors.yaml",
        "tiers:\n  - id: gold\n    name: Gold\n    rank: 1\n    placements: [home, footer]\n    jobs: 1\n    max: 1\n",
    );
    write(site.path(), "sponsors/bolt.md", "---\nname: Bolt\ntier: gold\nlogo: img/acme.svg\nurl: https://bolt.example/\n---\n");
    let block = assert_warning(site.path(), "sponsors.yaml", 2, "tier `gold` has 2 sponsors but its `max` is 1");
    assert!(block.contains("acme") && block.contains("bolt"), "{block}");
}

#[test]
fn sponsor_over_job_quota() {
    let site = site_with(
        "jobs/second.md",
        "---\ntitle: Second\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/2\nposted: 2026-05-02\n---\n",
    );
    assert_error(site.path(), "jobs/second.md", 3, "sponsor `acme` has 2 live jobs but its tier `gold` allows 1");
}

#[test]
fn missing_image() {
    let site = site_with("sponsors/acme.md", "---\nname: Acme\ntier: gold\nlogo: img/nope.svg\nurl: https://acme.example/\n---\n");
    let block = assert_error(site.path(), "sponsors/acme.md", 4, "image `img/nope.svg` does not exist");
    assert!(block.contains("static/img/nope.svg"), "{block}");
}

#[test]
fn ticket_sale_window_inverted() {
    let site = site_with(
        "tickets.yaml",
        "currency: EUR\ntiers:\n  - id: regular\n    name: Regular\n    price: 100\n    on_sale: 2026-05-01 09:00\n    off_sale: 2026-04-01 09:00\n",
    );
    assert_error(site.path(), "tickets.yaml", 7, "goes off sale");
}

#[test]
fn unknown_time_zone() {
    let site = minimal_site();
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap().replace("Europe/Berlin", "Europe/Berlín");
    write(site.path(), "site.yaml", &text);
    assert_error(site.path(), "site.yaml", 3, "unknown time zone `Europe/Berlín`");
}

#[test]
fn time_skipped_by_daylight_saving() {
    let site = minimal_site();
    let text = std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .replace("2026-06-10", "2026-03-29")
        .replace("2026-06-11", "2026-03-30");
    write(site.path(), "site.yaml", &text);
    for f in ["opening", "rust-web", "kernels", "lunch"] {
        std::fs::remove_file(site.path().join(format!("sessions/{f}.md"))).unwrap();
    }
    write(
        site.path(),
        "sessions/night.md",
        "---\ntitle: Night\nspeakers: [ada-lovelace, zoe-martin, chen-mei-ling]\nstart: 2026-03-29 02:30\nduration: 30\n---\n",
    );
    assert_error(site.path(), "sessions/night.md", 4, "does not exist in Europe/Berlin");
}

#[test]
fn unknown_placement() {
    let site = minimal_site();
    write(
        site.path(),
        "sponsors.yaml",
        "tiers:\n  - id: gold\n    name: Gold\n    rank: 1\n    placements:\n      - home\n      - fotter\n",
    );
    let block = assert_error(site.path(), "sponsors.yaml", 7, "unknown placement `fotter`");
    assert!(block.contains("did you mean `footer`?"), "{block}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let site = minimal_site();
    write(site.path(), "rooms.yaml", "- id: main\n  name: Main Room\n  capacity: lots\n- id: side\n  name: Side Room\n");
    write(site.path(), "sessions/lunch.md", "---\ntitle: Lunch\nkind: brake\nstart: 2026-06-11 12:00\nduration: 60\n---\n");
    let out = run(&["check", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert!(err.contains("rooms.yaml:3") && err.contains("sessions/lunch.md:3"), "{err}");
    assert!(err.contains("did you mean `break`?"), "{err}");
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn warnings_pass_unless_strict() {
    let site = minimal_site();
    write(site.path(), "speakers/idle.md", "---\nname: Idle Person\n---\n");
    write(
        site.path(),
        "jobs/engineer.md",
        "---\ntitle: Engineer\nsponsor: acme\nlocation: Berlin\napply: https://acme.example/jobs/1\nposted: 2026-01-01\nexpires: 2026-02-01\n---\n",
    );
    let dir = site.path().to_str().unwrap();
    let out = run(&["check", dir]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: speaker `idle` has no session"), "{err}");
    assert!(err.contains("warning: job `engineer` expired on 2026-02-01"), "{err}");
    let strict = run(&["build", dir, "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(!site.path().join("public").exists(), "strict failure must not write output");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = minimal_site();
    write(
        site.path(),
        "sessions/secret.md",
        "---\ntitle: Secret Talk\nspeakers: [zoe-martin]\nroom: main\nstart: 2026-06-11 10:00\nduration: 30\ndraft: true\n---\n",
    );
    let dir = site.path().to_str().unwrap();
    let out_dir = site.path().join("out");
    let o = out_dir.to_str().unwrap();
    assert!(run(&["build", dir, "--output", o]).status.success());
    assert!(!out_dir.join("sessions/secret/index.html").exists());
    assert!(run(&["build", dir, "--output", o, "--drafts"]).status.success());
    assert!(out_dir.join("sessions/secret/index.html").exists());
}

#[test]
fn reference_to_a_draft_says_so() {
    let site = site_with("speakers/zoe-martin.md", "---\nname: Zoë Martin\ndraft: true\n---\n");
    let block = assert_error(site.path(), "sessions/rust-web.md", 3, "speaker `zoe-martin` is a draft");
    assert!(block.contains("--drafts"), "{block}");
}
