//! Scheduling rules that look at many sessions at once: no double-booked room, (a warning) no
//! speaker in two places, and which sessions without a room run beside others. Each runs in
//! O(n log n): sessions are grouped, sorted by start, and each is compared
//! with the latest-ending one before it.

use std::path::Path;

use super::resolve::file_of;
use super::{Room, Session, SessionKind, Speaker};
use crate::content::raw::RawSession;
use crate::diag::{Diagnostic, Diagnostics, Severity};

fn overlaps(a: &Session, b: &Session) -> bool {
    a.start.timestamp() < b.end.timestamp() && b.start.timestamp() < a.end.timestamp()
}

fn hhmm(s: &Session) -> String {
    format!("{}–{}", s.start.strftime("%a %H:%M"), s.end.strftime("%H:%M"))
}

/// Finds overlapping pairs within one group (indices into `sessions`, any order).
fn overlapping_pairs(sessions: &[Session], mut group: Vec<usize>) -> Vec<(usize, usize)> {
    group.sort_by_key(|&i| (sessions[i].start.timestamp(), i));
    let mut pairs = Vec::new();
    let mut latest: Option<usize> = None;
    for i in group {
        if let Some(prev) = latest {
            if overlaps(&sessions[prev], &sessions[i]) {
                pairs.push((prev, i));
            }
            if sessions[i].end.timestamp() > sessions[prev].end.timestamp() {
                latest = Some(i);
            }
        } else {
            latest = Some(i);
        }
    }
    pairs
}

fn report(diags: &mut Diagnostics, files: &[&RawSession], sessions: &[Session], (a, b): (usize, usize), message: String, hint: String) {
    let at = files[b].start_pos();
    let other: &Path = &file_of(files[a]);
    diags.push(Diagnostic::error(file_of(files[b]).to_path_buf(), at, message).with_hint(format!(
        "{hint} (`{}` is in {}, {})",
        sessions[a].slug,
        other.display(),
        hhmm(&sessions[a])
    )));
}

/// Two sessions in one room may not overlap.
pub fn check_room_overlaps(diags: &mut Diagnostics, sessions: &[Session], files: &[&RawSession], rooms: &[Room]) {
    let mut by_room: Vec<Vec<usize>> = vec![Vec::new(); rooms.len()];
    for (i, s) in sessions.iter().enumerate() {
        if let Some(r) = s.room {
            by_room[r].push(i);
        }
    }
    for (r, group) in by_room.into_iter().enumerate() {
        for pair in overlapping_pairs(sessions, group) {
            let msg = format!("`{}` overlaps `{}` in room `{}`", sessions[pair.1].slug, sessions[pair.0].slug, rooms[r].id);
            report(diags, files, sessions, pair, msg, "move one of them to another time or room".into());
        }
    }
}

/// A session without a room spans every room (a keynote, lunch) unless something else runs
/// at the same time: then it is somewhere else (an open space, online only, a hallway track),
/// which big programmes have, and is shown beside the rooms ([`Session::elsewhere`]). A keynote
/// beside other sessions is more likely a slip than an open space: that is a warning.
pub fn mark_elsewhere(diags: &mut Diagnostics, sessions: &mut [Session], files: &[&RawSession]) {
    // `sessions` are in start order (the resolver sorts them so), which the window below needs.
    debug_assert!(sessions.windows(2).all(|w| w[0].start.timestamp() <= w[1].start.timestamp()));
    for p in 0..sessions.len() {
        if sessions[p].room.is_some() {
            continue;
        }
        let (start, end) = (sessions[p].start.timestamp(), sessions[p].end.timestamp());
        let from = sessions.partition_point(|s| s.start.timestamp() < start);
        // Sessions from this one's start to its end, and those that started before and still run
        // (a window: a programme has a handful of sessions per slot).
        let later = (from..sessions.len()).take_while(|&i| sessions[i].start.timestamp() < end);
        let earlier = (0..from).rev().take(64);
        let Some(beside) = later.chain(earlier).find(|&i| i != p && overlaps(&sessions[p], &sessions[i])) else { continue };
        sessions[p].elsewhere = true;
        if sessions[p].kind == SessionKind::Keynote {
            let d = Diagnostic::warning(
                file_of(files[p]).to_path_buf(),
                files[p].start_pos(),
                format!(
                    "keynote `{}` has no room and runs beside `{}` ({}): it is shown beside the rooms, as an open space or online session",
                    sessions[p].slug,
                    sessions[beside].slug,
                    hhmm(&sessions[beside])
                ),
            );
            diags.push(d.with_hint("give it a room, or move one of them, if it should span every room"));
        }
    }
}

/// A speaker in two sessions at once is a warning: big events do book a speaker for a panel and
/// a lightning slot that overlap (`--strict` makes it an error).
pub fn check_speaker_overlaps(diags: &mut Diagnostics, sessions: &[Session], files: &[&RawSession], speakers: &[Speaker]) {
    let mut by_speaker: Vec<Vec<usize>> = vec![Vec::new(); speakers.len()];
    for (i, s) in sessions.iter().enumerate() {
        for &sp in &s.speakers {
            by_speaker[sp].push(i);
        }
    }
    for (sp, group) in by_speaker.into_iter().enumerate() {
        for pair in overlapping_pairs(sessions, group) {
            let msg = format!(
                "speaker `{}` is in two sessions at once: `{}` and `{}`",
                speakers[sp].slug, sessions[pair.0].slug, sessions[pair.1].slug
            );
            report(diags, files, sessions, pair, msg, "move one session, or take the speaker off one of them".into());
            diags.last_mut().expect("just reported").severity = Severity::Warning;
        }
    }
}
