//! Scheduling rules that look at many sessions at once: no double-booked room, and (a warning)
//! no speaker in two places. Both run in O(n log n): sessions are grouped, sorted by start, and each is compared
//! with the latest-ending one before it.

use std::path::Path;

use super::resolve::file_of;
use super::{Room, Session, Speaker};
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
    let at = &files[b].start;
    let other: &Path = &file_of(files[a]);
    diags.push(Diagnostic::error(file_of(files[b]).to_path_buf(), at.pos, message).with_hint(format!(
        "{hint} (`{}` is in {}, {})",
        sessions[a].slug,
        other.display(),
        hhmm(&sessions[a])
    )));
}

/// Two sessions in one room may not overlap, and a plenary session (no room) takes every room.
pub fn check_room_overlaps(diags: &mut Diagnostics, sessions: &[Session], files: &[&RawSession], rooms: &[Room]) {
    let mut by_room: Vec<Vec<usize>> = vec![Vec::new(); rooms.len()];
    let mut plenary = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        match s.room {
            Some(r) => by_room[r].push(i),
            None => plenary.push(i),
        }
    }
    for (r, group) in by_room.into_iter().enumerate() {
        for pair in overlapping_pairs(sessions, group) {
            let msg = format!("`{}` overlaps `{}` in room `{}`", sessions[pair.1].slug, sessions[pair.0].slug, rooms[r].id);
            report(diags, files, sessions, pair, msg, "move one of them to another time or room".into());
        }
    }
    // A plenary session against everything: merge all sessions, flag pairs involving a plenary one.
    if plenary.is_empty() {
        return;
    }
    let all: Vec<usize> = (0..sessions.len()).collect();
    let mut order = all.clone();
    order.sort_by_key(|&i| (sessions[i].start.timestamp(), i));
    for &p in &plenary {
        // Sessions are few per plenary slot; a binary search finds the window.
        let start = order.partition_point(|&i| sessions[i].start.timestamp() < sessions[p].start.timestamp());
        let mut check = |i: usize| {
            if i != p && overlaps(&sessions[p], &sessions[i]) && !(sessions[i].is_plenary() && i < p) {
                let pair = if sessions[i].start.timestamp() <= sessions[p].start.timestamp() { (i, p) } else { (p, i) };
                let msg = format!(
                    "`{}` overlaps the plenary session `{}`",
                    sessions[if pair.0 == p { pair.1 } else { pair.0 }].slug,
                    sessions[p].slug
                );
                report(diags, files, sessions, pair, msg, "a session without a room spans every room; move one of them".into());
            }
        };
        for &i in &order[start..] {
            if sessions[i].start.timestamp() >= sessions[p].end.timestamp() {
                break;
            }
            check(i);
        }
        // Sessions that started earlier and still run.
        for &i in order[..start].iter().rev().take(64) {
            check(i);
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
