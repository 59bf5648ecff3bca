//! The agenda grid of one day: rooms as columns, time as rows, plenary sessions across all rooms.
//!
//! Rows are the intervals between consecutive start/end times of the day's sessions, so a long
//! gap (lunch, the evening before the social) costs one row, not dozens of empty ones, and every
//! session spans exactly the rows of its time.

use serde_json::{Value, json};

use super::views::Views;

/// The grid for day `day` as template data: `rooms`, `times`, `sessions` and `rows`.
pub fn day_grid(v: &Views, day: usize) -> Value {
    let c = v.conf;
    let list = &c.days[day].sessions;
    let mut used_rooms: Vec<usize> = list.iter().filter_map(|&s| c.sessions[s].room).collect();
    used_rooms.sort_unstable();
    used_rooms.dedup();
    let column_of = |room: usize| used_rooms.iter().position(|&r| r == room).map_or(2, |p| p + 2);
    let last_col = used_rooms.len().max(1) + 2;

    let mut bounds: Vec<i64> =
        list.iter().flat_map(|&s| [c.sessions[s].start.timestamp().as_second(), c.sessions[s].end.timestamp().as_second()]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    // Row 1 is the room header; time rows start at 2.
    let row_of = |t: i64| bounds.binary_search(&t).unwrap_or(0) + 2;

    let sessions: Vec<Value> = list
        .iter()
        .map(|&s| {
            let session = &c.sessions[s];
            let (col_start, col_end) = match session.room {
                Some(r) => (column_of(r), column_of(r) + 1),
                None => (2, last_col),
            };
            json!({
                "session": v.sessions[s],
                "row_start": row_of(session.start.timestamp().as_second()),
                "row_end": row_of(session.end.timestamp().as_second()),
                "col_start": col_start,
                "col_end": col_end,
            })
        })
        .collect();
    let mut times: Vec<Value> = Vec::new();
    let mut last_label = String::new();
    for &s in list {
        let start = &c.sessions[s].start;
        let label = start.strftime("%H:%M").to_string();
        if label != last_label {
            times.push(json!({"label": label, "row": row_of(start.timestamp().as_second()), "iso": start.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()}));
            last_label = label;
        }
    }
    let rooms: Vec<Value> = used_rooms
        .iter()
        .map(|&r| json!({"id": c.rooms[r].id, "name": c.rooms[r].name, "url": v.url(&format!("rooms/{}/", c.rooms[r].id)), "col": column_of(r)}))
        .collect();
    json!({
        "index": day,
        "date": c.days[day].date.to_string(),
        "label": v.date_label(c.days[day].date),
        "id": format!("day-{}", day + 1),
        "rooms": rooms,
        "columns": used_rooms.len().max(1),
        "times": times,
        "rows": bounds.len().max(2) + 1,
        "sessions": sessions,
    })
}
