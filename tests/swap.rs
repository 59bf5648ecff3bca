//! The output is swapped in atomically: a reader of the output folder finds a whole site at every
//! moment of a rebuild, never a missing one (src/output, the exchange of `renameat2`). Where the
//! file system cannot exchange, the build falls back to two renames with a short gap, and the
//! tests of that gap say so and stop.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use common::*;
use confpress::output::{self, Staging};
use confpress::pipeline::{self, BuildOptions};

/// Whether the file system of `dir` exchanges folders in one step; when not, says so.
fn exchanges_in(dir: &Path) -> bool {
    let (a, b) = (dir.join(".probe-a"), dir.join(".probe-b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    let can = output::exchange(&a, &b).unwrap();
    fs::remove_dir(&a).unwrap();
    fs::remove_dir(&b).unwrap();
    if !can {
        eprintln!("{} cannot exchange folders: the build falls back to two renames", dir.display());
    }
    can
}

/// Checks that `file` exists, over and over, until `stop`; returns (checks, times missing).
fn watch(file: PathBuf, start: Arc<Barrier>, stop: Arc<AtomicBool>) -> thread::JoinHandle<(u64, u64)> {
    thread::spawn(move || {
        let (mut checks, mut missing) = (0, 0);
        start.wait();
        while !stop.load(Ordering::Relaxed) {
            checks += 1;
            if fs::symlink_metadata(&file).is_err() {
                missing += 1;
            }
        }
        (checks, missing)
    })
}

/// The names beside `out` that a build leaves behind (none expected).
fn leftovers(out: &Path) -> Vec<String> {
    let names = fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
    names.filter(|n| n.contains("confpress-")).collect()
}

#[test]
fn the_site_never_goes_missing_while_it_is_rebuilt() {
    let site = minimal_site();
    let out = site.path().join("public");
    if !exchanges_in(site.path()) {
        return;
    }
    let opts = BuildOptions { now: Some("2026-05-01 12:00".into()), ..BuildOptions::default() };
    let build = || pipeline::build(site.path(), &out, &opts, false).unwrap_or_else(|_| panic!("the minimal site builds"));
    build();
    let (start, stop) = (Arc::new(Barrier::new(2)), Arc::new(AtomicBool::new(false)));
    let watcher = watch(out.join("index.html"), start.clone(), stop.clone());
    start.wait();
    for title in ["Opening Keynote, take 2", "Opening Keynote, take 3"] {
        let session = fs::read_to_string(site.path().join("sessions/opening.md")).unwrap();
        let renamed = session.lines().map(|l| if l.starts_with("title: ") { format!("title: {title}") } else { l.into() });
        write(site.path(), "sessions/opening.md", &(renamed.collect::<Vec<_>>().join("\n") + "\n"));
        build();
        let page = fs::read_to_string(out.join("sessions/opening/index.html")).unwrap();
        assert!(page.contains(title), "the new build is in place");
    }
    stop.store(true, Ordering::Relaxed);
    let (checks, missing) = watcher.join().unwrap();
    assert!(checks > 0);
    assert_eq!(missing, 0, "index.html was missing in {missing} of {checks} checks during two rebuilds");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

/// The same with many swaps of a small folder of arbitrary files, written through the public
/// staging API (as any writer of a replaced folder may use it): enough swaps that a gap between
/// two renames would be seen.
#[test]
fn a_staged_folder_of_any_files_is_swapped_in_without_a_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    if !exchanges_in(tmp.path()) {
        return;
    }
    let commit = |round: usize| {
        let staging = Staging::begin_marked(&out, ".swap-test", b"written by tests/swap.rs\n").unwrap();
        staging.write("index.html", format!("round {round}").as_bytes()).unwrap();
        staging.write(&format!("nested/{round}.txt"), b"x").unwrap();
        staging.commit().unwrap()
    };
    commit(0);
    let (start, stop) = (Arc::new(Barrier::new(2)), Arc::new(AtomicBool::new(false)));
    let watcher = watch(out.join("index.html"), start.clone(), stop.clone());
    start.wait();
    for round in 1..=300 {
        let stats = commit(round);
        assert_eq!(stats.files, 2);
    }
    stop.store(true, Ordering::Relaxed);
    let (checks, missing) = watcher.join().unwrap();
    assert_eq!(missing, 0, "index.html was missing in {missing} of {checks} checks during 300 swaps");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "round 300");
    let nested: Vec<_> = fs::read_dir(out.join("nested")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(nested, ["300.txt"], "only the last round's files");
    assert!(out.join(".swap-test").is_file());
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

/// A folder in the staging folder's place that does not carry the marker is not ours: beginning
/// refuses, and leaves it as it is.
#[test]
fn a_foreign_folder_in_the_staging_place_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    write(tmp.path(), ".reports.confpress-new/notes.txt", "mine");
    let Err(e) = Staging::begin_marked(&out, ".swap-test", b"") else { panic!("began over a foreign folder") };
    assert!(e.message.contains("cannot clear the staging folder"), "{}", e.message);
    assert_eq!(fs::read_to_string(tmp.path().join(".reports.confpress-new/notes.txt")).unwrap(), "mine");
    assert!(!out.exists());
}
