//! Colours for the tracks that name none: each comes from a fixed palette, chosen by the track's
//! id among the colours no track before it has (so a track added at the end of tracks.yaml
//! changes no other's colour). Every
//! colour keeps white text readable on it (contrast 4.5:1 or more, WCAG AA; held by a test).

use super::Track;
use crate::content::raw::RawTrack;
use crate::model::ids::fnv1a;

/// Dark enough for white text, far enough apart to tell tracks by.
pub const PALETTE: &[&str] = &[
    "#1d4ed8", "#047857", "#b45309", "#7e22ce", "#be123c", "#0e7490", "#4d7c0f", "#c2410c", "#4338ca", "#a21caf", "#15803d", "#9f1239",
    "#1e40af", "#065f46", "#6d28d9", "#374151",
];

/// Gives every track whose file names no colour one from [`PALETTE`]: the one its id hashes to,
/// or the next that no track uses yet (any colour once the palette is used up).
pub fn fill_track_colors(tracks: &mut [Track], raw: &[RawTrack]) {
    let mut used: Vec<String> = raw.iter().filter_map(|t| t.color.clone()).collect();
    for (track, raw) in tracks.iter_mut().zip(raw) {
        if raw.color.is_some() {
            continue;
        }
        let first = (fnv1a(track.id.as_bytes()) % PALETTE.len() as u64) as usize;
        let free = (0..PALETTE.len()).map(|k| PALETTE[(first + k) % PALETTE.len()]).find(|c| !used.iter().any(|u| u == c));
        let color = free.unwrap_or(PALETTE[first]).to_string();
        used.push(color.clone());
        track.color = color;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    #[test]
    fn every_colour_keeps_white_text_readable_and_none_repeats() {
        for c in PALETTE {
            let ratio = 1.05 / (luminance(c) + 0.05);
            assert!(ratio >= 4.5, "{c}: contrast {ratio:.2} with white");
        }
        let mut sorted = PALETTE.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), PALETTE.len());
    }
}
