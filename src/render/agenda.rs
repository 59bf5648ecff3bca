//! The agenda grid of one day: rooms as columns, time as rows, plenary sessions across all rooms.
//!
//! Rows are the intervals between consecutive start/end times of the day's sessions, so a long
//! gap (lunch, the evening before the social) costs one row, not dozens of empty ones, and every
//! session spans exactly the rows of its time.

use serde::Serialize;
use tera::Value as TeraValue;

use super::fragments::Fragments;
use super::splice::Splices;
use super::views::{Views, extended, map};
use crate::model::{Conference, Session};

/// Where a session sits in its day's grid: CSS grid lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Slot {
    pub row_start: usize,
    pub row_end: usize,
    pub col_start: usize,
    pub col_end: usize,
}

/// The columns and rows of one day.
struct Layout {
    /// The rooms used that day, in room order: column 2, 3 …
    rooms: Vec<usize>,
    /// Whether a last column holds the sessions that run beside the rooms ([`Session::elsewhere`]).
    elsewhere: bool,
    /// Every distinct start and end time (Unix seconds), sorted: row 2, 3 …
    bounds: Vec<i64>,
}

impl Layout {
    fn of(c: &Conference, day: usize) -> Layout {
        let list = &c.days[day].sessions;
        let mut rooms: Vec<usize> = list.iter().filter_map(|&s| c.sessions[s].room).collect();
        rooms.sort_unstable();
        rooms.dedup();
        let mut bounds: Vec<i64> = list.iter().flat_map(|&s| [second(&c.sessions[s].start), second(&c.sessions[s].end)]).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let elsewhere = list.iter().any(|&s| c.sessions[s].elsewhere);
        Layout { rooms, elsewhere, bounds }
    }

    /// The number of columns after the time column.
    fn columns(&self) -> usize {
        (self.rooms.len() + usize::from(self.elsewhere)).max(1)
    }

    fn column_of(&self, room: usize) -> usize {
        self.rooms.binary_search(&room).map_or(2, |p| p + 2)
    }

    /// Row 1 is the room header; time rows start at 2.
    fn row_of(&self, t: i64) -> usize {
        self.bounds.binary_search(&t).unwrap_or(0) + 2
    }

    fn slot(&self, s: &Session) -> Slot {
        let (col_start, col_end) = match s.room {
            Some(r) => (self.column_of(r), self.column_of(r) + 1),
            None if s.elsewhere => (self.rooms.len() + 2, self.rooms.len() + 3),
            None => (2, self.rooms.len().max(1) + 2),
        };
        Slot { row_start: self.row_of(second(&s.start)), row_end: self.row_of(second(&s.end)), col_start, col_end }
    }
}

fn second(z: &jiff::Zoned) -> i64 {
    z.timestamp().as_second()
}

/// Every session's slot, by session index.
pub fn slots(c: &Conference) -> Vec<Slot> {
    let mut out = vec![Slot { row_start: 2, row_end: 3, col_start: 2, col_end: 3 }; c.sessions.len()];
    for day in 0..c.days.len() {
        let layout = Layout::of(c, day);
        for &s in &c.days[day].sessions {
            out[s] = layout.slot(&c.sessions[s]);
        }
    }
    out
}

/// The grid for day `day` as template data: `rooms`, `times`, `rows` and `slots_html`, its
/// sessions' slots from `f` in time order (put in as the page is written, see [`Splices`]).
pub fn day_grid<'f>(v: &Views, day: usize, f: &'f Fragments, splices: &mut Splices<'f>) -> TeraValue {
    let c = v.conf;
    let list = &c.days[day].sessions;
    let layout = Layout::of(c, day);
    let mut times: Vec<TeraValue> = Vec::new();
    let mut last_label = "";
    for &s in list {
        // The session summary has the start time formatted already.
        let start = |part: &'static str| v.sessions[s].get_from_path(part).and_then(|p| p.as_str()).unwrap_or_default();
        let label = start("start.time");
        if label != last_label {
            let row = layout.row_of(second(&c.sessions[s].start));
            times.push(map([("label", label.into()), ("row", row.into()), ("iso", start("start.iso").into())]));
            last_label = label;
        }
    }
    let mut rooms: Vec<TeraValue> =
        layout.rooms.iter().map(|&r| extended(&v.refs.rooms[r], [("col", layout.column_of(r).into())])).collect();
    if layout.elsewhere {
        rooms.push(map([("name", v.s("elsewhere").into()), ("col", (layout.rooms.len() + 2).into())]));
    }
    map([
        ("index", day.into()),
        ("date", c.days[day].date.to_string().into()),
        ("label", v.day_labels[day].as_str().into()),
        ("id", format!("day-{}", day + 1).into()),
        ("rooms", rooms.into()),
        ("columns", layout.columns().into()),
        ("times", times.into()),
        ("rows", (layout.bounds.len().max(2) + 1).into()),
        ("slots_html", splices.lines(list.iter().map(|&s| f.sessions[s].slot.as_str()).collect())),
    ])
}
