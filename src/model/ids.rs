//! Stable identifiers for the schedule files: UUIDv5 GUIDs, integer ids and a content hash.
//!
//! Apps remember sessions by these (a starred talk in Giggity, an imported event in a calendar),
//! so each depends only on the conference acronym and the entity's own slug: rebuilding, editing
//! a session or adding another leaves every other id as it was.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::model::{Conference, Session, Source};

/// Largest integer id handed out: fits a signed 32-bit integer (Java and JavaScript apps).
const MAX_ID: u64 = 0x7fff_ffff;

/// 64-bit FNV-1a: a fixed, documented hash (std's hashers may change between Rust releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

/// FNV-1a's starting value (the hash of no bytes).
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues an FNV-1a hash `h` over `bytes` (`fnv1a(a ++ b) == fnv1a_from(fnv1a(a), b)`).
pub fn fnv1a_from(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A short hex digest of `bytes` (the schedule `version`).
pub fn short_hash(bytes: &[u8]) -> String {
    short_hash_of(fnv1a(bytes))
}

/// [`short_hash`] of bytes whose [`fnv1a`] is `hash`.
pub fn short_hash_of(hash: u64) -> String {
    format!("{:08x}", hash >> 32)
}

/// The conference's GUID namespace: UUIDv5 (URL namespace) of `urn:confpress:<acronym>`.
pub fn namespace(conf: &Conference) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:confpress:{}", conf.site.acronym).as_bytes())
}

/// The GUID of an entity: UUIDv5 of `<kind>/<slug>` in the conference namespace
/// (`session/keynote`, `room/main-hall`, `speaker/ada-lovelace`).
pub fn guid(ns: &Uuid, kind: &str, slug: &str) -> Uuid {
    Uuid::new_v5(ns, format!("{kind}/{slug}").as_bytes())
}

/// The guid a record was imported with, lowercase and hyphenated (the loader checked it is one).
pub fn source_guid(source: &Source) -> Option<String> {
    source.guid.as_deref().and_then(|g| Uuid::try_parse(g).ok()).map(|g| g.to_string())
}

/// A session's GUID in every file that carries one: the one it was imported with, or
/// [`guid`] of `session/<slug>`.
pub fn session_guid(ns: &Uuid, s: &Session) -> String {
    source_guid(&s.details.source).unwrap_or_else(|| guid(ns, "session", &s.slug).to_string())
}

/// The integer id a record was imported with, when it is one that fits [`int_ids`]' range.
pub fn source_id(source: &Source) -> Option<u32> {
    source.id.as_deref().and_then(|id| id.trim().parse::<u32>().ok()).filter(|&id| id >= 1 && u64::from(id) <= MAX_ID)
}

/// Positive integer ids (1 ..= 2³¹−1) for `slugs`, in the same order: each is a hash of the slug,
/// so it does not move when other slugs come or go. The rare collision is settled by taking the
/// next free number, visiting slugs in sorted order so the outcome does not depend on input order.
pub fn int_ids<S: AsRef<str>>(slugs: &[S]) -> Vec<u32> {
    int_ids_keeping(slugs, &vec![None; slugs.len()])
}

/// [`int_ids`], except that a slug with a `fixed` id (imported with it) keeps it; the others
/// take the numbers left. A fixed id given twice is kept by the first and hashed for the rest.
pub fn int_ids_keeping<S: AsRef<str>>(slugs: &[S], fixed: &[Option<u32>]) -> Vec<u32> {
    let mut taken = BTreeSet::new();
    let mut ids = vec![0u32; slugs.len()];
    for (i, id) in fixed.iter().enumerate() {
        if let Some(id) = *id
            && taken.insert(u64::from(id))
        {
            ids[i] = id;
        }
    }
    let mut order: Vec<usize> = (0..slugs.len()).filter(|&i| ids[i] == 0).collect();
    order.sort_by(|&a, &b| slugs[a].as_ref().cmp(slugs[b].as_ref()));
    for i in order {
        let mut id = fnv1a(slugs[i].as_ref().as_bytes()) % MAX_ID + 1;
        while !taken.insert(id) {
            id = id % MAX_ID + 1;
        }
        ids[i] = id as u32;
    }
    ids
}

/// The acronym as the schedule schemas accept it: `[a-z0-9_]`, at least 4 characters (`-` and
/// other characters become `_`, short ones are padded with `_`).
pub fn schedule_acronym(acronym: &str) -> String {
    let mut out: String = acronym.chars().map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '_' }).collect();
    if out.trim_matches('_').is_empty() {
        out = "conference".into();
    }
    while out.len() < 4 {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let a = int_ids(&["keynote", "lunch", "rust-async"]);
        let b = int_ids(&["rust-async", "new-talk", "keynote"]);
        assert_eq!(a[0], b[2]);
        assert_eq!(a[2], b[0]);
        assert!(a.iter().all(|&id| id >= 1 && u64::from(id) <= MAX_ID));
        let set: BTreeSet<_> = a.iter().collect();
        assert_eq!(set.len(), 3);
        assert!(int_ids::<&str>(&[]).is_empty());
    }

    #[test]
    fn acronyms_fit_the_schema() {
        assert_eq!(schedule_acronym("harbor-2026"), "harbor_2026");
        assert_eq!(schedule_acronym("rc3"), "rc3_");
        assert_eq!(schedule_acronym(""), "conference");
    }

    #[test]
    fn guids_are_v5_and_distinct_by_kind() {
        let ns = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:confpress:test");
        let g = guid(&ns, "session", "x");
        assert_eq!(g.get_version_num(), 5);
        assert_ne!(g, guid(&ns, "room", "x"));
        assert_eq!(g, guid(&ns, "session", "x"));
    }
}
