//! The time notations of the schedule formats.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

use super::programme::When;

/// An RFC 3339 time with an offset (`2026-10-23T14:15:00+02:00`, `…Z`) as an instant, or one
/// without (`2026-10-23T14:15:00`, Sessionize) as a wall-clock time.
pub fn when(text: &str) -> Option<When> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(When::At(at));
    }
    text.parse::<DateTime>().ok().map(When::Wall)
}

/// Minutes from `HH:MM`, `HH:MM:SS` or `D:HH:MM` (frab's durations), or from a bare number of minutes.
pub fn minutes(text: &str) -> Option<i64> {
    // Digits only: `-00:30` is not a duration (and would parse as 30 minutes).
    let parts: Vec<i64> = text
        .trim()
        .split(':')
        .map(|p| p.trim().bytes().all(|b| b.is_ascii_digit()).then(|| p.trim().parse::<i64>().ok()).flatten())
        .collect::<Option<_>>()?;
    match parts[..] {
        [m] => Some(m),
        [h, m] => Some(h * 60 + m),
        // frab writes HH:MM:SS; some exports days:HH:MM. Seconds never make a session longer.
        [a, b, c] if c < 60 && a < 48 => Some(a * 60 + b),
        [d, h, m] => Some(d * 24 * 60 + h * 60 + m),
        _ => None,
    }
}

/// A clock time `HH:MM` or `HH:MM:SS`.
pub fn clock(text: &str) -> Option<Time> {
    let t = text.trim();
    let t = if t.len() == 5 { format!("{t}:00") } else { t.to_string() };
    t.parse::<Time>().ok()
}

/// The date at the start of `text` (`2026-10-23` or `2026-10-23T09:00:00+02:00`).
pub fn date(text: &str) -> Option<Date> {
    text.trim().get(..10)?.parse::<Date>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_times() {
        assert_eq!(minutes("00:30"), Some(30));
        assert_eq!(minutes("01:30:00"), Some(90));
        assert_eq!(minutes("45"), Some(45));
        assert_eq!(minutes("-00:30"), None);
        assert_eq!(minutes("half an hour"), None);
        assert!(matches!(when("2026-10-23T14:15:00+02:00"), Some(When::At(_))));
        assert!(matches!(when("2026-10-23T14:15:00"), Some(When::Wall(_))));
        assert_eq!(clock("09:00:00"), Some(jiff::civil::time(9, 0, 0, 0)));
        assert_eq!(date("2026-10-23T09:00:00+02:00"), Some(jiff::civil::date(2026, 10, 23)));
    }
}
