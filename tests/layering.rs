//! The stages read in one direction: a module may use only modules of earlier stages (and its
//! own). The order is the code map of src/lib.rs; this test reads every source file's
//! `crate::…` paths and fails on any that names a later stage, or a sibling of the same stage
//! (render and export, serve and report).

use std::collections::BTreeSet;
use std::path::Path;

/// The stages in order; modules in one entry are siblings that must not use each other.
const STAGES: &[&[&str]] = &[
    &["diag", "timing", "i18n"],
    &["sink"],
    &["content"],
    &["model"],
    &["markup"],
    &["render", "export"],
    &["output"],
    &["pipeline"],
    &["serve", "report", "import"],
    &["cli"],
];

fn stage(module: &str) -> Option<usize> {
    STAGES.iter().position(|s| s.contains(&module))
}

/// The top-level modules that `text` names through `crate::`, outside comments: `crate::x::…`
/// and each member of `crate::{x, y::z}`.
fn named(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                out.extend(inner.split(',').map(|m| m.trim().split("::").next().unwrap_or("").to_string()));
            } else {
                out.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
            }
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "rs")) {
        let rel = entry.path().strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
        let module = first.trim_end_matches(".rs");
        if ["lib", "main"].contains(&module) {
            continue;
        }
        files += 1;
        let own = stage(module).unwrap_or_else(|| panic!("src/{} is in no stage of STAGES: add it", rel.display()));
        for used in named(&std::fs::read_to_string(entry.path()).unwrap()) {
            if used == module {
                continue;
            }
            match stage(&used) {
                Some(s) if s < own => {}
                Some(_) => problems.push(format!("src/{} ({module}) uses {used}", rel.display())),
                None => problems.push(format!("src/{} uses crate::{used}, which is in no stage", rel.display())),
            }
        }
    }
    assert!(files > 50, "{files} source files read");
    assert!(problems.is_empty(), "modules that use a later stage or a sibling:\n{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_paths_and_groups() {
    let text = "use crate::model::{self, Conference};\nuse crate::{diag, sink::Sink};\n// crate::serve in a comment\nlet x = crate::timing::timed(\"a\", f);";
    let found: Vec<String> = named(text).into_iter().collect();
    assert_eq!(found, ["diag", "model", "sink", "timing"]);
}
