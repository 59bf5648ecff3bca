//! A serde_json formatter for files that carry a hash of part of themselves (schedule.json's
//! `version`): it writes serde_json's pretty layout and, in the same pass, hashes the compact
//! form of the part [`Marked`] as [`Part::Hashed`].
//!
//! The compact form differs from the pretty one only in layout (no line breaks, indentation or
//! space after `:`), so every value's bytes are written once and hashed as written, and the
//! layout is written as serde_json's `PrettyFormatter` writes it (two-space indentation, `": "`),
//! with only the brackets, commas and colons hashed. (The formatter writes the layout itself
//! rather than through `PrettyFormatter`, which writes each level of indentation separately.)
//! A [`Part::Slot`] string inside the hashed part is written but hashed as if it were empty,
//! and where its characters start is noted: the place for a hash that is only known at the end
//! (written there with a placeholder of the same length, then overwritten).

use std::cell::Cell;
use std::io::{self, Write};

use serde::{Serialize, Serializer};
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use crate::model::ids;

/// What a [`Hashing`] formatter is writing, as [`Marked`] values set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Written only.
    Unhashed,
    /// Written, and hashed in compact form.
    Hashed,
    /// A string in the hashed part: hashed as `""`, its characters written only.
    Slot,
}

/// `value`, serialized as `part` of the file (the formatter is back to the enclosing part after
/// it).
pub struct Marked<'m, T> {
    pub value: T,
    pub part: Part,
    /// Shared with the [`Hashing`] formatter.
    pub marks: &'m Cell<Part>,
}

impl<T: Serialize> Serialize for Marked<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let outer = self.marks.replace(self.part);
        let done = self.value.serialize(s);
        self.marks.set(outer);
        done
    }
}

/// The formatter (serde_json takes it as `&mut Hashing`, so that its results can be read after):
/// the pretty layout with two-space indentation, and [`ids::fnv1a`] of the compact form of the
/// hashed part.
pub struct Hashing<'m> {
    marks: &'m Cell<Part>,
    hash: u64,
    written: u64,
    slot_at: Option<u64>,
    /// Arrays and objects open.
    depth: usize,
    /// Whether the innermost open array or object has a member yet.
    has_value: bool,
}

impl<'m> Hashing<'m> {
    pub fn new(marks: &'m Cell<Part>) -> Hashing<'m> {
        Hashing { marks, hash: ids::FNV_OFFSET, written: 0, slot_at: None, depth: 0, has_value: false }
    }

    /// [`ids::fnv1a`] of the compact form of everything written as [`Part::Hashed`], slots
    /// empty.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Where the characters of the last [`Part::Slot`] string start in the output.
    pub fn slot_at(&self) -> Option<u64> {
        self.slot_at
    }

    /// Writes `bytes`, hashing them if `hashed`.
    #[inline]
    fn put<W: ?Sized + Write>(&mut self, w: &mut W, bytes: &[u8], hashed: bool) -> io::Result<()> {
        w.write_all(bytes)?;
        self.written += bytes.len() as u64;
        if hashed {
            self.hash = ids::fnv1a_from(self.hash, bytes);
        }
        Ok(())
    }

    /// Writes punctuation (brackets, commas, colons and a string's quotes), which the compact
    /// form has too: hashed anywhere in the hashed part, slots included.
    #[inline]
    fn punctuation<W: ?Sized + Write>(&mut self, w: &mut W, bytes: &[u8]) -> io::Result<()> {
        let hashed = self.marks.get() != Part::Unhashed;
        self.put(w, bytes, hashed)
    }

    /// A line break and the indentation, which only the pretty form has.
    #[inline]
    fn newline<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        const LINE: &[u8; 65] = b"\n                                                                ";
        let mut n = 1 + 2 * self.depth;
        let first = n.min(LINE.len());
        self.put(w, &LINE[..first], false)?;
        n -= first;
        while n > 0 {
            let k = n.min(LINE.len() - 1);
            self.put(w, &LINE[1..=k], false)?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        self.punctuation(w, bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        self.punctuation(w, bracket)
    }

    /// Before an array's element or an object's key.
    fn member<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            self.punctuation(w, b",")?;
        }
        self.newline(w)
    }
}

/// Writes to `w`, counting the bytes, and folds them into `hash` when there is one.
struct Tee<'a, W: ?Sized> {
    w: &'a mut W,
    written: &'a mut u64,
    hash: Option<&'a mut u64>,
}

impl<W: ?Sized + Write> Write for Tee<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes).map(|()| bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.w.write_all(bytes)?;
        *self.written += bytes.len() as u64;
        if let Some(h) = self.hash.as_deref_mut() {
            *h = ids::fnv1a_from(*h, bytes);
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Methods for values, whose bytes are the same in both forms: written as serde_json's
/// [`CompactFormatter`] writes them, and hashed in the hashed part.
macro_rules! value_methods {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W, $($arg: $ty),*) -> io::Result<()> {
            let hash = (self.marks.get() == Part::Hashed).then_some(&mut self.hash);
            CompactFormatter.$name(&mut Tee { w, written: &mut self.written, hash }, $($arg),*)
        }
    )*};
}

impl Formatter for &mut Hashing<'_> {
    value_methods! {
        write_null();
        write_bool(value: bool);
        write_i8(value: i8);
        write_i16(value: i16);
        write_i32(value: i32);
        write_i64(value: i64);
        write_i128(value: i128);
        write_u8(value: u8);
        write_u16(value: u16);
        write_u32(value: u32);
        write_u64(value: u64);
        write_u128(value: u128);
        write_f32(value: f32);
        write_f64(value: f64);
        write_number_str(value: &str);
        write_char_escape(char_escape: CharEscape);
        write_raw_fragment(fragment: &str);
    }

    #[inline]
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let hashed = self.marks.get() == Part::Hashed;
        self.put(w, fragment.as_bytes(), hashed)
    }

    // A slot's quotes are hashed (it hashes as `""`), and where its characters start noted.
    #[inline]
    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.punctuation(w, b"\"")?;
        if self.marks.get() == Part::Slot {
            self.slot_at = Some(self.written);
        }
        Ok(())
    }

    #[inline]
    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.punctuation(w, b"\"")
    }

    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.punctuation(w, b":")?;
        self.put(w, b" ", false)
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Doc<'a, T> {
        head: &'a str,
        body: T,
        tail: Vec<u8>,
    }

    #[derive(Serialize, Clone)]
    struct Body<S> {
        stamp: S,
        text: &'static str,
        n: i64,
        x: f64,
        flag: Option<bool>,
        empty_list: Vec<u8>,
        empty_map: std::collections::BTreeMap<String, u8>,
        nested: Vec<Vec<Option<&'static str>>>,
    }

    /// The formatter's output, its hash and slot.
    fn written<T: Serialize>(value: &T, marks: &Cell<Part>) -> (String, u64, Option<u64>) {
        let mut out = Vec::new();
        let mut hashing = Hashing::new(marks);
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, &mut hashing)).unwrap();
        (String::from_utf8(out).unwrap(), hashing.hash(), hashing.slot_at())
    }

    fn body<S>(stamp: S, text: &'static str) -> Body<S> {
        Body {
            stamp,
            text,
            n: -42,
            x: 2.5,
            flag: None,
            empty_list: vec![],
            empty_map: Default::default(),
            nested: vec![vec![], vec![Some(text), None], vec![]],
        }
    }

    #[test]
    fn pretty_output_and_the_hash_of_the_compact_part() {
        let marks = &Cell::new(Part::Unhashed);
        for text in ["", "plain", "\"quoted\" \\ back\u{1}\u{1f}\n\r\t\u{7f} / Zoë 陳 🦀"] {
            let slot = Marked { value: "12345678", part: Part::Slot, marks };
            let doc = Doc { head: text, body: Marked { value: body(slot, text), part: Part::Hashed, marks }, tail: vec![1, 2] };
            let (json, hash, slot_at) = written(&doc, marks);
            assert_eq!(marks.get(), Part::Unhashed, "back to the outer part");

            let plain = Doc { head: text, body: body("12345678", text), tail: vec![1, 2] };
            assert_eq!(json, serde_json::to_string_pretty(&plain).unwrap(), "{text:?}");
            let hashed = serde_json::to_vec(&body("", text)).unwrap();
            assert_eq!(hash, ids::fnv1a(&hashed), "{text:?}");
            let at = slot_at.expect("a slot") as usize;
            assert_eq!(&json[at..at + 8], "12345678");
        }
    }

    #[test]
    fn deep_nesting() {
        // Deeper than one write of indentation (32 levels).
        let mut deep = serde_json::json!({"leaf": [1, {}, []]});
        for i in 0..40 {
            deep = if i % 2 == 0 { serde_json::json!([deep, i]) } else { serde_json::json!({"k": deep, "e": {}}) };
        }
        let marks = &Cell::new(Part::Unhashed);
        let (json, hash, _) = written(&Marked { value: &deep, part: Part::Hashed, marks }, marks);
        assert_eq!(json, serde_json::to_string_pretty(&deep).unwrap());
        assert_eq!(hash, ids::fnv1a(&serde_json::to_vec(&deep).unwrap()));
    }

    #[test]
    fn nothing_marked_nothing_hashed() {
        let (json, hash, slot) = written(&body("a", "b"), &Cell::new(Part::Unhashed));
        assert_eq!(json, serde_json::to_string_pretty(&body("a", "b")).unwrap());
        assert_eq!((hash, slot), (ids::FNV_OFFSET, None));
    }
}
