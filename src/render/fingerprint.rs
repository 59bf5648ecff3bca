//! Fingerprints of template data: what the server compares to skip rendering a page or a
//! fragment again.

use std::hash::Hasher;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::views::Views;

/// The hasher of fingerprints: XXH3, fast on the megabytes of a big site's list pages, and the
/// same on every run (fingerprints are only compared within one server process, but a fixed
/// function keeps them reproducible).
pub type Fingerprinter = xxhash_rust::xxh3::Xxh3Default;

/// A fresh [`Fingerprinter`].
pub fn fingerprinter() -> Fingerprinter {
    Fingerprinter::new()
}

/// The fingerprint of each session's and speaker's summary ([`Views`]), worked out once per
/// rebuild for everything that shows them: fragments and the pages that declare their inputs.
pub struct Prints {
    pub sessions: Vec<u64>,
    pub speakers: Vec<u64>,
}

impl Prints {
    pub fn of(v: &Views) -> Prints {
        let print = |value: &tera::Value| {
            let mut h = fingerprinter();
            hash_tera(&mut h, value);
            h.finish()
        };
        let (sessions, speakers) =
            rayon::join(|| v.sessions.par_iter().map(print).collect(), || v.speakers.par_iter().map(print).collect());
        Prints { sessions, speakers }
    }
}

/// Feeds a JSON value into a hasher, structure included (so `["ab"]` and `["a","b"]` differ).
pub fn hash_value(h: &mut impl Hasher, v: &Value) {
    match v {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => {
            h.write_u8(1);
            h.write_u8(u8::from(*b));
        }
        Value::Number(n) => {
            h.write_u8(2);
            if let Some(i) = n.as_i64() {
                h.write_i64(i);
            } else if let Some(u) = n.as_u64() {
                h.write_u64(u);
            } else {
                h.write_u64(n.as_f64().unwrap_or_default().to_bits());
            }
        }
        Value::String(s) => {
            h.write_u8(3);
            hash_str(h, s);
        }
        Value::Array(list) => {
            h.write_u8(4);
            h.write_usize(list.len());
            for item in list {
                hash_value(h, item);
            }
        }
        Value::Object(map) => {
            h.write_u8(5);
            hash_map(h, map);
        }
    }
}

/// Feeds a Tera value into a hasher, as [`hash_value`] does a JSON value. A map's members go in
/// in its order, which is the order they were inserted in (Tera's `preserve_order`): the same
/// for the same values built by the same code.
pub fn hash_tera(h: &mut impl Hasher, v: &tera::Value) {
    if let Some(map) = v.as_map() {
        h.write_u8(5);
        h.write_usize(map.len());
        for (k, v) in map {
            hash_str(h, k.as_str().unwrap_or_default());
            hash_tera(h, v);
        }
    } else if let Some(list) = v.as_array() {
        h.write_u8(4);
        h.write_usize(list.len());
        list.iter().for_each(|item| hash_tera(h, item));
    } else if let Some(s) = v.as_str() {
        h.write_u8(3);
        hash_str(h, s);
    } else if let Some(b) = v.as_bool() {
        h.write_u8(1);
        h.write_u8(u8::from(b));
    } else if let Some(i) = v.as_i64() {
        h.write_u8(2);
        h.write_i64(i);
    } else if let Some(f) = v.as_f64() {
        h.write_u8(2);
        h.write_u64(f.to_bits());
    } else {
        // None, undefined, and the kinds templates here never see (bytes, 128-bit numbers).
        h.write_u8(0);
        hash_str(h, &v.to_string());
    }
}

/// Feeds a JSON object into a hasher, keys and values.
pub fn hash_map(h: &mut impl Hasher, map: &Map<String, Value>) {
    h.write_usize(map.len());
    for (k, v) in map {
        hash_str(h, k);
        hash_value(h, v);
    }
}

/// Feeds an optional string into a hasher (so `None` and `Some("")` differ).
pub fn hash_opt(h: &mut impl Hasher, s: Option<&str>) {
    match s {
        None => h.write_u8(0),
        Some(s) => {
            h.write_u8(1);
            hash_str(h, s);
        }
    }
}

/// Feeds a string into a hasher, its length first (so `["ab", ""]` and `["a", "b"]` differ).
pub fn hash_str(h: &mut impl Hasher, s: &str) {
    h.write_usize(s.len());
    h.write(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fp(v: &Value) -> u64 {
        let mut h = fingerprinter();
        hash_value(&mut h, v);
        h.finish()
    }

    #[test]
    fn fingerprints_see_structure() {
        assert_ne!(fp(&json!(["ab"])), fp(&json!(["a", "b"])));
        assert_ne!(fp(&json!({"a": 1})), fp(&json!({"a": "1"})));
        assert_ne!(fp(&json!(null)), fp(&json!(false)));
        assert_eq!(fp(&json!({"a": [1, 2.5, "x"]})), fp(&json!({"a": [1, 2.5, "x"]})));
    }

    #[test]
    fn tera_fingerprints_see_structure() {
        let tp = |v: &Value| {
            let mut h = fingerprinter();
            hash_tera(&mut h, &tera::Value::from_serializable(v));
            h.finish()
        };
        assert_ne!(tp(&json!(["ab"])), tp(&json!(["a", "b"])));
        assert_ne!(tp(&json!({"a": 1})), tp(&json!({"a": "1"})));
        assert_ne!(tp(&json!(null)), tp(&json!(false)));
        assert_ne!(tp(&json!({"a": 1, "b": 2})), tp(&json!({"a": 2, "b": 1})));
        // Equal maps built apart hash the same.
        let wide: Value = (0..50).map(|i| (format!("k{i}"), json!(i))).collect::<serde_json::Map<_, _>>().into();
        assert_eq!(tp(&wide), tp(&wide.clone()));
    }
}
