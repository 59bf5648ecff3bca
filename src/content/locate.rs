//! Finds the line and column of every key and list item in block-style YAML.
//!
//! serde_yaml reports positions only for syntax errors, but a good diagnostic also needs the line
//! of a field whose *value* is wrong ("unknown room `hal-a`"). This scanner walks the indentation
//! structure of the text and records a position for each path such as `tiers[2].placements[1]`.
//! Flow collections (`[a, b]`) are not descended into: their items resolve to the key's position.

use std::collections::HashMap;

use crate::diag::Pos;

/// Positions of keys and items, by path (`venue.name`, `tiers[0].id`, `[3].id`).
#[derive(Debug, Default, Clone)]
pub struct Locator {
    positions: HashMap<String, Pos>,
}

struct Frame {
    col: usize,
    path: String,
    /// Index of the current item when this frame is a block sequence.
    seq: Option<usize>,
}

impl Locator {
    /// Scans `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: u32) -> Locator {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = vec![Frame { col: 0, path: String::new(), seq: None }];
        let mut last_path = String::new();
        // While inside a block scalar (`key: |`), lines indented deeper than this are text.
        let mut scalar_indent: Option<usize> = None;

        for (i, raw_line) in text.lines().enumerate() {
            let line = first_line + i as u32;
            let trimmed = raw_line.trim_start_matches(' ');
            let mut col = raw_line.len() - trimmed.len();
            if let Some(indent) = scalar_indent {
                if trimmed.is_empty() || col > indent {
                    continue;
                }
                scalar_indent = None;
            }
            let mut rest = trimmed.trim_end();
            if rest.is_empty() || rest.starts_with('#') || rest == "---" || rest == "..." {
                continue;
            }
            // One line may open several nested items: `- - key: v`.
            while rest == "-" || rest.starts_with("- ") {
                while stack.len() > 1 && stack.last().is_some_and(|f| f.col > col) {
                    stack.pop();
                }
                let top = stack.last_mut().expect("root frame");
                let index = match (top.col == col, top.seq) {
                    (true, Some(i)) => {
                        top.seq = Some(i + 1);
                        i + 1
                    }
                    _ => {
                        stack.push(Frame { col, path: last_path.clone(), seq: Some(0) });
                        0
                    }
                };
                let parent = &stack.last().expect("frame").path;
                last_path = format!("{parent}[{index}]");
                let after = rest[1..].trim_start_matches(' ');
                col += rest.len() - after.len();
                rest = after;
                // An item's position is where its content starts, not its dash.
                positions.insert(last_path.clone(), Pos::new(line, col as u32 + 1));
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.len() > 1 && stack.last().is_some_and(|f| f.col > col || (f.col == col && f.seq.is_some())) {
                stack.pop();
            }
            if stack.last().is_some_and(|f| f.col < col) {
                stack.push(Frame { col, path: last_path.clone(), seq: None });
            }
            let parent = &stack.last().expect("frame").path;
            last_path = if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") };
            positions.insert(last_path.clone(), Pos::new(line, col as u32 + 1));
            if value.starts_with('|') || value.starts_with('>') {
                scalar_indent = Some(col);
            }
        }
        Locator { positions }
    }

    /// The position of `path`, or of its nearest recorded ancestor.
    pub fn find(&self, path: &str) -> Pos {
        let mut path = path;
        loop {
            if let Some(pos) = self.positions.get(path) {
                return *pos;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return Pos::default(),
            }
        }
    }

    /// The position of the value after `path`'s key: its column is where the value starts.
    pub fn value_pos(&self, path: &str, text_line: Option<&str>) -> Pos {
        let pos = self.find(path);
        let Some(line) = text_line else { return pos };
        let start = (pos.col as usize).saturating_sub(1);
        match line.get(start..).and_then(|rest| rest.find(':')) {
            Some(colon) => {
                let after = &line[start + colon + 1..];
                let skip = after.len() - after.trim_start().len();
                Pos::new(pos.line, (line[..start + colon + 1 + skip].chars().count() + 1) as u32)
            }
            None => pos,
        }
    }
}

/// Splits `key: value` (the key may be quoted). Returns None for lines that are not a key.
fn split_key(rest: &str) -> Option<(&str, &str)> {
    let (key, after) = if let Some(quoted) = rest.strip_prefix('"').or_else(|| rest.strip_prefix('\'')) {
        let end = quoted.find(['"', '\''])?;
        (&quoted[..end], quoted[end + 1..].strip_prefix(':')?)
    } else {
        let colon = rest.find(": ").or_else(|| rest.strip_suffix(':').map(|k| k.len()))?;
        let key = &rest[..colon];
        if key.contains(['{', '[', '"', '\'']) || key.contains(" #") {
            return None;
        }
        (key, &rest[colon + 1..])
    };
    Some((key.trim(), after.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
order: contract
tiers:
  - id: gold
    name: Gold
    placements:
      - home
      - footer
    about: |
      id: not a key
  - id: silver
    placements: [home]
venue:
  name: Hall
list:
- a
- b
";

    #[test]
    fn finds_nested_keys_and_items() {
        let loc = Locator::new(TEXT, 1);
        assert_eq!(loc.find("order"), Pos::new(1, 1));
        assert_eq!(loc.find("tiers[0]"), Pos::new(3, 5));
        assert_eq!(loc.find("tiers[0].id"), Pos::new(3, 5));
        assert_eq!(loc.find("tiers[0].placements[1]"), Pos::new(7, 9));
        assert_eq!(loc.find("tiers[1].id"), Pos::new(10, 5));
        assert_eq!(loc.find("venue.name"), Pos::new(13, 3));
        assert_eq!(loc.find("list[1]"), Pos::new(16, 3));
    }

    #[test]
    fn flow_items_fall_back_to_their_key() {
        let loc = Locator::new(TEXT, 1);
        assert_eq!(loc.find("tiers[1].placements[0]"), Pos::new(11, 5));
    }

    #[test]
    fn block_scalars_are_not_keys() {
        let loc = Locator::new(TEXT, 1);
        assert_eq!(loc.find("tiers[0].about.id"), Pos::new(8, 5));
    }

    #[test]
    fn top_level_sequence_and_offset() {
        let loc = Locator::new("- id: a\n  name: A\n- id: b\n", 10);
        assert_eq!(loc.find("[1].id"), Pos::new(12, 3));
        assert_eq!(loc.value_pos("[1].id", Some("- id: b")), Pos::new(12, 7));
    }
}
