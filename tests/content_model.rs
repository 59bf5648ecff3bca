//! The fields a programme imported from a call-for-papers tool carries, end to end: from a
//! session's file to its page and to the schedule files (issue 18, item 5).

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("out");
    let built = run(&["build", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    out
}

#[test]
fn links_attachments_videos_recording_and_feedback_reach_the_page_and_the_schedule_files() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "sessions/rust-web.md",
        "---\ntitle: Rust on the Web\nspeakers: [zoe-martin]\ntrack: web\nroom: main\nstart: 2026-06-10 10:00\nend: 2026-06-10 10:45\n\
         kind_label: Hands-on lab\n\
         links:\n  - {title: The demo app, url: https://demo.example.org/}\n\
         attachments:\n  - {title: Handout (PDF), url: https://files.example.org/handout.pdf}\n\
         video: https://video.example.org/one\n\
         videos:\n  - {url: https://video.example.org/two, title: Second take}\n\
         recording: {allowed: true, license: CC BY-SA 4.0}\n\
         feedback_url: https://cfp.example.org/talk/ABC/feedback/\n---\nAbout the web.\n",
    );
    write(
        root,
        "sessions/kernels.md",
        "---\ntitle: Kernels\nspeakers: [chen-mei-ling, ada-lovelace]\ntrack: systems\nroom: side\nstart: 2026-06-10 10:00\nduration: 1h\nrecording: {allowed: false}\n---\nAbout kernels.\n",
    );
    let out = build(root);

    let html = fs::read_to_string(out.join("sessions/rust-web/index.html")).unwrap();
    for want in [
        "<a href=\"https://demo.example.org/\">The demo app</a>",
        "<a href=\"https://files.example.org/handout.pdf\">Handout (PDF)</a>",
        "href=\"https://video.example.org/one\">Video</a>",
        "href=\"https://video.example.org/two\">Second take</a>",
        "href=\"https://cfp.example.org/talk/ABC/feedback/\">Give feedback</a>",
        "Recording licence: CC BY-SA 4.0",
        ">Hands-on lab</span>",
    ] {
        assert!(html.contains(want), "{want} missing from the page");
    }
    let kernels = fs::read_to_string(out.join("sessions/kernels/index.html")).unwrap();
    assert!(kernels.contains("This session is not recorded."));
    assert!(!html.contains("This session is not recorded."));

    let events = schedule_events(&out);
    let (_, web) = schedule_event(&events, "Rust on the Web");
    assert_eq!(web["type"], "Hands-on lab");
    let links: Vec<(&str, &str, &str)> = web["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["type"].as_str().unwrap(), l["url"].as_str().unwrap(), l["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("media", "https://video.example.org/one", "Video"),
            ("media", "https://video.example.org/two", "Second take"),
            ("web", "https://demo.example.org/", "The demo app")
        ]
    );
    assert_eq!(web["attachments"][0]["url"], "https://files.example.org/handout.pdf");
    assert_eq!(web["recording_license"], "CC BY-SA 4.0");
    assert_eq!(web["feedback_url"], "https://cfp.example.org/talk/ABC/feedback/");
    assert!(web.get("do_not_record").is_none());
    assert_eq!(schedule_event(&events, "Kernels").1["do_not_record"], true);
    assert!(schedule_event(&events, "Opening Keynote").1.get("attachments").is_none(), "no empty lists where nothing is given");

    let ics = fs::read_to_string(out.join("sessions/rust-web.ics")).unwrap();
    assert!(ics.contains("ATTACH:https://files.example.org/handout.pdf\r\n"), "{ics}");
    let xml = fs::read_to_string(out.join("schedule.xml")).unwrap();
    for want in [
        "<attachment href=\"https://files.example.org/handout.pdf\" type=\"related\">Handout (PDF)</attachment>",
        "<recording>\n          <license>CC BY-SA 4.0</license>\n          <optout>false</optout>",
        "<optout>true</optout>",
        "<feedback_url>https://cfp.example.org/talk/ABC/feedback/</feedback_url>",
        "<type>Hands-on lab</type>",
    ] {
        assert!(xml.contains(want), "{want} missing from schedule.xml");
    }
}

#[test]
fn the_source_id_and_guid_are_what_schedule_apps_see() {
    let site = minimal_site();
    let root = site.path();
    let guid = "0d7c7e1b-5b1a-4b0e-9f3c-1a2b3c4d5e6f";
    write(
        root,
        "sessions/kernels.md",
        &format!(
            "---\ntitle: Kernels\nspeakers: [chen-mei-ling, ada-lovelace]\ntrack: systems\nroom: side\nstart: 2026-06-10 10:00\nduration: 1h\n\
             source:\n  id: 4711\n  guid: {guid}\n  url: https://cfp.example.org/talk/KRN/\n---\nAbout kernels.\n"
        ),
    );
    write(
        root,
        "speakers/ada-lovelace.md",
        "---\nname: Ada Lovelace\nsource: {id: 77, guid: 8e1b2c3d-0000-4000-8000-00000000a77a}\n---\nAda.\n",
    );
    let out = build(root);
    let events = schedule_events(&out);
    let (_, kernels) = schedule_event(&events, "Kernels");
    assert_eq!((kernels["id"].as_u64(), kernels["guid"].as_str()), (Some(4711), Some(guid)));
    assert_eq!(kernels["origin_url"], "https://cfp.example.org/talk/KRN/");
    let ada = kernels["persons"].as_array().unwrap().iter().find(|p| p["public_name"] == "Ada Lovelace").unwrap();
    assert_eq!((ada["id"].as_u64(), ada["guid"].as_str()), (Some(77), Some("8e1b2c3d-0000-4000-8000-00000000a77a")));
    // The others keep their derived ids, none of which takes the imported one.
    let ids: Vec<u64> = events.iter().map(|(_, e)| e["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.iter().filter(|&&id| id == 4711).count(), 1);
    assert!(fs::read_to_string(out.join("schedule.xml")).unwrap().contains(&format!("<event id=\"4711\" guid=\"{guid}\">")));
    let ics = fs::read_to_string(out.join("schedule.ics")).unwrap();
    assert!(ics.contains(guid), "the calendar's UID follows the guid");
    let index = fs::read_to_string(out.join("sessions.json")).unwrap();
    assert!(index.contains(guid), "so does the app's index, for my-schedule calendars");
}

#[test]
fn a_guid_that_is_not_a_uuid_is_an_error_at_its_line() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "sessions/kernels.md",
        "---\ntitle: Kernels\nroom: side\nstart: 2026-06-10 10:00\nduration: 1h\nsource:\n  guid: 1234\n---\n",
    );
    let out = run(&["check", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("`1234` is not a UUID") && err.contains("--> sessions/kernels.md:7"), "{err}");
}

#[test]
fn tracks_without_a_colour_get_distinct_readable_ones_that_stay() {
    let site = minimal_site();
    let root = site.path();
    let tracks = |n: usize| (0..n).map(|i| format!("- id: t{i}\n  name: Track {i}\n")).collect::<String>();
    write(root, "tracks.yaml", &(tracks(3) + "- id: web\n  name: Web\n- id: systems\n  name: Systems\n  color: \"#1d4ed8\"\n"));
    let colours = |out: &Path| -> Vec<(String, String)> {
        let json: Value = serde_json::from_slice(&fs::read(out.join("schedule.json")).unwrap()).unwrap();
        json["schedule"]["conference"]["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["name"].as_str().unwrap().to_string(), t["color"].as_str().unwrap().to_string()))
            .collect()
    };
    let first = colours(&build(root));
    let mut seen: Vec<&str> = first.iter().map(|(_, c)| c.as_str()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), first.len(), "every track its own colour: {first:?}");
    assert!(first.iter().all(|(_, c)| c.len() == 7 && c.starts_with('#')), "{first:?}");
    assert!(first.contains(&("Systems".into(), "#1d4ed8".into())));

    // Adding a track (at the end, as tracks.yaml grows) leaves the others' colours as they were.
    write(
        root,
        "tracks.yaml",
        &(tracks(3) + "- id: web\n  name: Web\n- id: systems\n  name: Systems\n  color: \"#1d4ed8\"\n- id: new\n  name: New\n"),
    );
    fs::remove_dir_all(root.join("out")).unwrap();
    let second = colours(&build(root));
    for t in &first {
        assert!(second.contains(t), "{t:?} changed: {second:?}");
    }
}

#[test]
fn a_session_without_a_room_beside_others_is_an_open_space_not_an_error() {
    let site = minimal_site();
    let root = site.path();
    // rust-web (main) and kernels (side) run 10:00–11:00; the hallway track has no room.
    write(
        root,
        "sessions/hallway.md",
        "---\ntitle: Hallway Track\nkind: social\nstart: 2026-06-10 10:00\nduration: 1h\n---\nTalk to people.\n",
    );
    let out = build(root);
    let agenda = fs::read_to_string(out.join("agenda/index.html")).unwrap();
    let grid = agenda.split("id=\"day-1\"").nth(1).unwrap();
    assert!(grid.contains("repeat(3, minmax"), "two rooms and the open space: {grid:.600}");
    assert!(grid.contains("grid-column: 4\">Elsewhere (open space or online)</div>"), "{grid:.1200}");
    let page = fs::read_to_string(out.join("sessions/hallway/index.html")).unwrap();
    assert!(page.contains("Elsewhere (open space or online)") && !page.contains("All rooms"));
    let events = schedule_events(&out);
    assert_eq!(schedule_event(&events, "Hallway Track").0, "Elsewhere");
    assert_eq!(schedule_event(&events, "Opening Keynote").0, "Plenary", "a roomless session alone in its time still spans every room");
}

#[test]
fn a_session_accepted_but_not_scheduled_has_a_page_and_stays_out_of_the_grid_and_calendars() {
    let site = minimal_site();
    let root = site.path();
    write(root, "sessions/pending.md", "---\ntitle: Pending Talk\nspeakers: [zoe-martin]\ntrack: web\nduration: 30\n---\nComing soon.\n");
    let out = build(root);
    let page = fs::read_to_string(out.join("sessions/pending/index.html")).unwrap();
    assert!(page.contains("<h1>Pending Talk</h1>") && page.contains("Not yet scheduled (30 min)"), "{page:.3000}");
    assert!(!page.contains("Add to calendar") && page.contains("<p>Coming soon.</p>"));
    let speaker = fs::read_to_string(out.join("speakers/zoe-martin/index.html")).unwrap();
    assert!(
        speaker.contains("<h2 id=\"unscheduled-h\">Not yet scheduled</h2>")
            && speaker.contains("/mini/sessions/pending/\">Pending Talk</a>")
    );
    for file in ["agenda/index.html", "schedule.json", "schedule.xml", "schedule.ics", "speakers/zoe-martin.ics", "sessions.json"] {
        assert!(!fs::read_to_string(out.join(file)).unwrap().contains("Pending Talk"), "{file} lists it");
    }
    assert!(!out.join("sessions/pending.ics").exists());
    assert!(fs::read_to_string(out.join("sitemap.xml")).unwrap().contains("/mini/sessions/pending/"));
}

#[test]
fn a_night_session_stays_on_its_conference_day_with_day_change() {
    let site = minimal_site();
    let root = site.path();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    // 01:30 after the last day: outside the conference without `day_change`, day 2 with it.
    write(root, "sessions/night.md", "---\ntitle: Night Owls\nkind: social\nroom: side\nstart: 2026-06-12 01:30\nduration: 60\n---\n");
    let refused = run(&["check", root.to_str().unwrap()]);
    assert!(stderr(&refused).contains("the session starts on 2026-06-12, outside the conference days"), "{}", stderr(&refused));
    write(root, "site.yaml", &format!("{yaml}day_change: \"04:00\"\n"));
    let out = build(root);
    let json: Value = serde_json::from_slice(&fs::read(out.join("schedule.json")).unwrap()).unwrap();
    let day2 = &json["schedule"]["conference"]["days"][1];
    assert_eq!(day2["date"], "2026-06-11");
    assert!(day2["rooms"]["Side Room"].as_array().unwrap().iter().any(|e| e["title"] == "Night Owls"), "{day2}");
    assert_eq!(day2["day_end"], "2026-06-12T02:30:00+02:00");
    let agenda = fs::read_to_string(out.join("agenda/index.html")).unwrap();
    let day_2 = agenda.split("id=\"day-2\"").nth(1).unwrap();
    assert!(day_2.contains("Night Owls"));

    write(root, "site.yaml", &format!("{yaml}day_change: \"25:00\"\n"));
    let bad = run(&["check", root.to_str().unwrap()]);
    assert!(
        stderr(&bad).contains("`25:00` is not a time of day between 00:00 and 12:00") && stderr(&bad).contains("--> site.yaml:9:13"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn import_kinds_in_site_yaml_are_checked() {
    let site = minimal_site();
    let root = site.path();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    write(root, "site.yaml", &format!("{yaml}import:\n  kinds:\n    Lightning Talk: lightning\n    Vortrag: tlak\n"));
    let out = run(&["check", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("`tlak` is not a session kind") && err.contains("--> site.yaml:12:14"), "{err}");
}

#[test]
fn a_speaker_photo_can_be_a_url_where_the_tool_keeps_it() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "speakers/zoe-martin.md",
        "---\nname: Zoë Martin\nphoto: https://cfp.example.org/media/avatars/zoe.jpg\n---\nZoë builds things.\n",
    );
    let out = build(root);
    let page = fs::read_to_string(out.join("speakers/zoe-martin/index.html")).unwrap();
    assert!(page.contains("src=\"https://cfp.example.org/media/avatars/zoe.jpg\""), "{page:.2000}");
    write(root, "speakers/zoe-martin.md", "---\nname: Zoë Martin\nphoto: img/missing.jpg\n---\n");
    assert!(stderr(&run(&["check", root.to_str().unwrap()])).contains("image `img/missing.jpg` does not exist"));
}

#[test]
fn names_and_titles_are_trimmed() {
    let site = minimal_site();
    let root = site.path();
    write(root, "speakers/zoe-martin.md", "---\nname: \"  Zoë Martin \"\n---\nZoë builds things.\n");
    write(
        root,
        "sessions/rust-web.md",
        "---\ntitle: \" Rust on the Web\\t\"\nspeakers: [zoe-martin]\nroom: main\nstart: 2026-06-10 10:00\nduration: 45\n---\n",
    );
    let out = build(root);
    let events = schedule_events(&out);
    let (_, web) = schedule_event(&events, "Rust on the Web");
    assert_eq!(web["persons"][0]["public_name"], "Zoë Martin");
}
