//! Where every key, value and list item of a YAML text starts, taken from the YAML parser's own
//! event spans.
//!
//! serde_yaml's values carry no positions, but a good diagnostic needs the line and column of a
//! field whose *value* is wrong ("unknown room `hal-a`"), down to one item of a flow list
//! (`speakers: [ada, bob]`). The text is read a second time by saphyr-parser, an event parser
//! that gives each event its span, and each node's start is recorded under its path, such as
//! `tiers[2].placements[1]`. The same walk notices keys given twice in one mapping, which
//! serde_yaml rejects without saying where.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span};

use crate::diag::Pos;

/// Positions of keys and values, by path (`venue.name`, `tiers[0].id`, `[3].id`, and `""` for
/// the whole document).
#[derive(Debug, Default, Clone)]
pub struct Locator {
    positions: HashMap<String, Place>,
    duplicates: Vec<Duplicate>,
}

/// Where a map entry's key and its value start; for a list item both are the item's start.
#[derive(Debug, Clone, Copy)]
struct Place {
    key: Pos,
    value: Pos,
}

/// A key given twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    pub first: Pos,
    pub again: Pos,
}

/// One open collection of the walk.
enum Frame {
    Map {
        path: String,
        /// The entry whose value comes next (its path and key position); `None` while a key is expected.
        entry: Option<(String, Pos)>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

impl Locator {
    /// Reads `text`, whose first line is line `first_line` of its file. A text the parser
    /// rejects keeps the positions found before the error (serde_yaml reports the error itself).
    pub fn new(text: &str, first_line: u32) -> Locator {
        let mut loc = Locator::default();
        let mut stack: Vec<Frame> = Vec::new();
        let at = |span: &Span| Pos::new(span.start.line() as u32 + first_line - 1, span.start.col() as u32 + 1);
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let pos = at(&span);
            match event {
                Event::Scalar(value, ..) => {
                    loc.node(&mut stack, pos, Some(&value));
                }
                Event::Alias(_) => {
                    loc.node(&mut stack, pos, None);
                }
                Event::MappingStart(..) => {
                    let path = loc.node(&mut stack, pos, None).unwrap_or_else(|| "?".to_string());
                    stack.push(Frame::Map { path, entry: None });
                }
                Event::SequenceStart(..) => {
                    let path = loc.node(&mut stack, pos, None).unwrap_or_else(|| "?".to_string());
                    stack.push(Frame::Seq { path, next: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                Event::DocumentEnd => break,
                _ => {}
            }
        }
        loc
    }

    /// Records one node that starts at `pos` (`text` is its text when it is a scalar) and
    /// returns its path, or `None` when the node is a mapping key.
    fn node(&mut self, stack: &mut [Frame], pos: Pos, text: Option<&str>) -> Option<String> {
        let place = Place { key: pos, value: pos };
        match stack.last_mut() {
            None => {
                self.positions.entry(String::new()).or_insert(place);
                Some(String::new())
            }
            Some(Frame::Seq { path, next }) => {
                let item = format!("{path}[{next}]");
                *next += 1;
                self.positions.insert(item.clone(), place);
                Some(item)
            }
            Some(Frame::Map { path, entry: slot @ None }) => {
                // A key. One that is not plain text (`? [a, b]: c`) gets a name no field has.
                let key = text.unwrap_or("?");
                let path = child(path, key);
                match self.positions.get(&path) {
                    Some(first) => self.duplicates.push(Duplicate { key: key.to_string(), first: first.key, again: pos }),
                    None => {
                        self.positions.insert(path.clone(), place);
                    }
                }
                *slot = Some((path, pos));
                None
            }
            Some(Frame::Map { entry: slot, .. }) => {
                let (path, key_pos) = slot.take().expect("a key was read");
                // The first of duplicate keys keeps its place; serde_yaml rejects the file anyway.
                if let Some(place) = self.positions.get_mut(&path).filter(|p| p.key == key_pos) {
                    place.value = pos;
                }
                Some(path)
            }
        }
    }

    /// Keys given twice in one mapping, in the order found.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// The position of `path`'s key (or list item), or of its nearest recorded ancestor (at
    /// worst the document's start).
    pub fn find(&self, path: &str) -> Pos {
        self.nearest(path).map_or(Pos::default(), |p| p.key)
    }

    /// Where `path`'s value starts, or where its nearest recorded ancestor's does.
    pub fn value_pos(&self, path: &str) -> Pos {
        self.nearest(path).map_or(Pos::default(), |p| p.value)
    }

    /// Whether `path` itself was recorded (the key is in the text).
    pub fn has(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }

    fn nearest(&self, path: &str) -> Option<&Place> {
        let mut path = path;
        loop {
            if let Some(place) = self.positions.get(path) {
                return Some(place);
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return self.positions.get(""),
            }
        }
    }
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
    placements: [home, footer]
venue:
  name: Hall
list:
- a
- b
nested: {a: {b: [x, y]}}
long: a plain string
  that goes on
";

    #[test]
    fn finds_nested_keys_and_items() {
        let loc = Locator::new(TEXT, 1);
        assert_eq!(loc.find("order"), Pos::new(1, 1));
        assert_eq!(loc.find("tiers[0]"), Pos::new(3, 5));
        assert_eq!(loc.find("tiers[0].id"), Pos::new(3, 5));
        assert_eq!(loc.value_pos("tiers[0].id"), Pos::new(3, 9));
        assert_eq!(loc.find("tiers[0].placements[1]"), Pos::new(7, 9));
        assert_eq!(loc.find("tiers[1].id"), Pos::new(10, 5));
        assert_eq!(loc.find("venue.name"), Pos::new(13, 3));
        assert_eq!(loc.find("list[1]"), Pos::new(16, 3));
    }

    #[test]
    fn flow_items_have_their_own_columns() {
        let loc = Locator::new(TEXT, 1);
        assert_eq!(loc.find("tiers[1].placements[0]"), Pos::new(11, 18));
        assert_eq!(loc.find("tiers[1].placements[1]"), Pos::new(11, 24));
        assert_eq!(loc.find("nested.a.b[1]"), Pos::new(17, 21));
        let loc = Locator::new("speakers: [ada-lovelac]\n", 3);
        assert_eq!(loc.find("speakers[0]"), Pos::new(3, 12));
    }

    #[test]
    fn block_and_multi_line_scalars_are_values() {
        let loc = Locator::new(TEXT, 1);
        assert_eq!(loc.find("tiers[0].about.id"), Pos::new(8, 5));
        assert_eq!(loc.value_pos("tiers[0].about"), Pos::new(9, 7), "a block scalar starts with its text");
        assert_eq!(loc.value_pos("long"), Pos::new(18, 7));
    }

    #[test]
    fn top_level_sequence_and_offset() {
        let loc = Locator::new("- id: a\n  name: A\n- id: b\n", 10);
        assert_eq!(loc.find("[1].id"), Pos::new(12, 3));
        assert_eq!(loc.value_pos("[1].id"), Pos::new(12, 7));
        assert!(loc.has("[1].id") && !loc.has("[1].name"));
    }

    #[test]
    fn notices_duplicate_keys() {
        let loc = Locator::new("title: A\nvenue:\n  name: X\n  name: Y\ntitle: B\n", 2);
        let keys: Vec<(&str, Pos, Pos)> = loc.duplicates().iter().map(|d| (d.key.as_str(), d.first, d.again)).collect();
        assert_eq!(keys, [("name", Pos::new(4, 3), Pos::new(5, 3)), ("title", Pos::new(2, 1), Pos::new(6, 1))]);
        assert_eq!(loc.value_pos("title"), Pos::new(2, 8));
    }

    #[test]
    fn a_broken_text_keeps_what_came_before() {
        let loc = Locator::new("title: A\nroom: [main\n", 1);
        assert_eq!(loc.find("title"), Pos::new(1, 1));
        assert_eq!(loc.find("nothing"), Pos::new(1, 1), "the document's start");
    }
}
