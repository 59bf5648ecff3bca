//! Inline SVG charts: horizontal bar charts and a timeline (columns with a cumulative line).
//!
//! The SVG is plain markup meant to sit inside the report's HTML: it shrinks to fit its
//! container but never grows beyond one unit per CSS pixel (so text keeps its size), draws all text as `<text>` in the page's font stack (which has CJK
//! fallbacks, so Chinese, Japanese and Korean labels render), and carries each data point as
//! `data-label` / `data-value` attributes so the figures can be read back (tests do).

use crate::markup::escape::escape_html as esc;

/// The width of a full-width chart's coordinate system (about its printed width in CSS pixels,
/// so text keeps its size); heights follow the content.
pub const WIDTH: f64 = 640.0;
/// The width of a chart in a two-column grid.
pub const HALF_WIDTH: f64 = 320.0;
const FONT: f64 = 12.0;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// Drawn in the accent colour (e.g. the sponsor's own figure); others are muted.
    pub accent: bool,
    /// Shown after the bar instead of the number (e.g. `1,234 (12.5%)`).
    pub caption: String,
}

/// Estimated width of `text` at `size`: wide (CJK, full-width) characters count one em, others
/// a little over half.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if c.is_ascii_uppercase() {
                0.66
            } else {
                0.56
            }
        })
        .sum::<f64>()
        * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6)
}

/// `text` cut to fit `width` at `size`, with an ellipsis when cut.
pub fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, size) + text_width(&format!("{c}…"), size) > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// A step of 1, 2 or 5 × 10ⁿ that divides 0..=max into at most `ticks` steps.
pub fn nice_step(max: u64, ticks: u64) -> u64 {
    let raw = (max.max(1) as f64 / ticks as f64).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    step as u64
}

fn svg_open(width: f64, height: f64, title: &str) -> String {
    format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height:.0}\" style=\"max-width: {width}px\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = esc(title)
    )
}

/// A horizontal bar chart `width` units wide ([`WIDTH`] or [`HALF_WIDTH`]): one row per bar,
/// label left, bar, caption right. `accent` is the colour of accent bars (others are grey).
pub fn bars(title: &str, bars: &[Bar], accent: &str, width: f64) -> String {
    const ROW: f64 = 22.0;
    const BAR: f64 = 14.0;
    // The label column: as wide as the widest label (up to 45% of the chart) plus an 8-unit gap.
    let label_w = bars.iter().map(|b| text_width(&b.label, FONT)).fold(0.0, f64::max).clamp(30.0, width * 0.45) + 8.0;
    let caption_w = bars.iter().map(|b| text_width(&b.caption, FONT)).fold(0.0, f64::max) + 10.0;
    let plot_w = (width - label_w - caption_w).max(40.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = ROW * bars.len().max(1) as f64 + 4.0;
    let mut out = svg_open(width, height, title);
    for (i, b) in bars.iter().enumerate() {
        let y = 2.0 + ROW * i as f64;
        let w = if b.value == 0 { 0.0 } else { (plot_w * b.value as f64 / max).max(1.5) };
        let color = if b.accent { accent } else { "#94a3b8" };
        out.push_str(&format!(
            "<g class=\"bar\" data-label=\"{label}\" data-value=\"{value}\"><text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{shown}</text><rect x=\"{label_w:.1}\" y=\"{by:.1}\" width=\"{w:.1}\" height=\"{BAR}\" rx=\"2\" fill=\"{color}\"/><text x=\"{cx:.1}\" y=\"{ty:.1}\" class=\"value\">{caption}</text></g>",
            label = esc(&b.label),
            value = b.value,
            lx = label_w - 8.0,
            ty = y + ROW / 2.0 + FONT * 0.35,
            shown = esc(&fit(&b.label, label_w - 8.0, FONT)),
            by = y + (ROW - BAR) / 2.0,
            cx = label_w + w + 6.0,
            caption = esc(&b.caption),
        ));
    }
    if bars.is_empty() {
        out.push_str(&format!("<text x=\"0\" y=\"{:.1}\">—</text>", ROW / 2.0 + FONT * 0.35));
    }
    out.push_str("</svg>");
    out
}

/// A timeline: one column per period (`points`: label, count) on the left axis, and the running
/// total as a line on the right axis. `legend`: names of the columns and of the line.
pub fn timeline(title: &str, points: &[(String, u64)], accent: &str, legend: (&str, &str)) -> String {
    const HEIGHT: f64 = 210.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 24.0;
    const LEFT: f64 = 40.0;
    const RIGHT: f64 = 48.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = points.iter().map(|p| p.1).max().unwrap_or(0);
    let total: u64 = points.iter().map(|p| p.1).sum();
    let step = nice_step(max, 4);
    let top = (max.div_ceil(step).max(1)) * step;
    // The right axis has as many steps as the left one, each a nice number.
    let intervals = top / step;
    let total_top = nice_step(total, intervals) * intervals;
    let y_of = |v: u64, top: u64| TOP + plot_h - plot_h * v as f64 / top as f64;
    let mut out = svg_open(WIDTH, HEIGHT, title);
    // Grid and both axes' labels.
    let mut v = 0;
    while v <= top {
        let y = y_of(v, top);
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"grid\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"axis\">{v}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            y + 4.0
        ));
        let right = total_top * v / top;
        out.push_str(&format!("<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\">{right}</text>", LEFT + plot_w + 6.0, y + 4.0));
        v += step;
    }
    let n = points.len().max(1);
    let slot = plot_w / n as f64;
    let label_every = n.div_ceil(8).max(1);
    let mut running = 0;
    let mut line = Vec::new();
    for (i, (label, count)) in points.iter().enumerate() {
        let x = LEFT + slot * i as f64;
        let y = y_of(*count, top);
        out.push_str(&format!(
            "<g class=\"bar\" data-label=\"{l}\" data-value=\"{count}\"><rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{accent}\" opacity=\"0.55\"/></g>",
            x + slot * 0.12,
            slot * 0.76,
            TOP + plot_h - y,
            l = esc(label)
        ));
        if i % label_every == 0 {
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"axis\">{}</text>",
                x + slot / 2.0,
                HEIGHT - 6.0,
                esc(label)
            ));
        }
        running += count;
        line.push(format!("{:.1},{:.1}", x + slot / 2.0, y_of(running, total_top)));
    }
    if !line.is_empty() {
        out.push_str(&format!("<polyline points=\"{}\" fill=\"none\" stroke=\"{accent}\" stroke-width=\"2\"/>", line.join(" ")));
    }
    // Legend, top left.
    out.push_str(&format!(
        "<rect x=\"{LEFT}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{accent}\" opacity=\"0.55\"/><text x=\"{:.1}\" y=\"13\" class=\"axis\">{}</text>",
        LEFT + 14.0,
        esc(legend.0)
    ));
    let second = LEFT + 14.0 + text_width(legend.0, 10.0) + 24.0;
    out.push_str(&format!(
        "<line x1=\"{second:.1}\" x2=\"{:.1}\" y1=\"9\" y2=\"9\" stroke=\"{accent}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"13\" class=\"axis\">{}</text>",
        second + 14.0,
        second + 18.0,
        esc(legend.1)
    ));
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_fitting() {
        assert!(text_width("工程師", 12.0) > text_width("abc", 12.0));
        assert_eq!(fit("short", 100.0, 12.0), "short");
        let cut = fit("軟體工程師與資料科學家的研究報告", 60.0, 12.0);
        assert!(cut.ends_with('…') && text_width(&cut, 12.0) <= 60.0, "{cut}");
    }

    #[test]
    fn steps_are_nice() {
        assert_eq!(nice_step(0, 4), 1);
        assert_eq!(nice_step(7, 4), 2);
        assert_eq!(nice_step(37, 4), 10);
        assert_eq!(nice_step(180, 4), 50);
        assert_eq!(nice_step(1999, 4), 500);
    }

    #[test]
    fn bars_carry_labels_and_values() {
        let svg =
            bars("Clicks <&>", &[Bar { label: "首頁 & more".into(), value: 12, accent: true, caption: "12".into() }], "#0e7490", WIDTH);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("data-label=\"首頁 &amp; more\" data-value=\"12\""), "{svg}");
        assert!(svg.contains("<title>Clicks &lt;&amp;&gt;</title>"));
        assert!(bars("empty", &[], "#000", HALF_WIDTH).contains("—"));
    }

    #[test]
    fn timeline_has_every_point() {
        let pts: Vec<(String, u64)> = (0..20).map(|i| (format!("w{i}"), i)).collect();
        let svg = timeline("Registrations", &pts, "#0e7490", ("per week", "total"));
        assert_eq!(svg.matches("class=\"bar\"").count(), 20);
        assert!(svg.contains("<polyline"));
        assert!(timeline("none", &[], "#000", ("a", "b")).ends_with("</svg>"));
    }
}
