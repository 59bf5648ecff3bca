//! The theme: templates, static assets and UI string tables.
//!
//! The default theme is embedded in the binary, so a build needs nothing on disk but the
//! content. A site may name another theme folder in site.yaml, and may override any template by
//! placing a file of the same name in its own templates/ folder.

use std::path::Path;

use include_dir::{Dir, include_dir};
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::i18n;
use crate::model::Site;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Everything a render needs from the theme, already merged with the site's overrides.
pub struct Theme {
    /// (name, source), e.g. ("session.html", "…").
    pub templates: Vec<(String, String)>,
    /// (path under the output root, bytes), e.g. ("assets/style.css", …).
    pub assets: Vec<(String, Vec<u8>)>,
    /// The UI strings for the site's language, with English filling any gap.
    pub strings: Value,
}

/// One file of a theme, embedded or on disk.
struct ThemeFile {
    path: String,
    bytes: Vec<u8>,
}

fn embedded_files() -> Vec<ThemeFile> {
    fn walk(dir: &Dir<'static>, out: &mut Vec<ThemeFile>) {
        for f in dir.files() {
            out.push(ThemeFile { path: f.path().to_string_lossy().replace('\\', "/"), bytes: f.contents().to_vec() });
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&DEFAULT_THEME, &mut out);
    out
}

fn disk_files(root: &Path) -> std::io::Result<Vec<ThemeFile>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            out.push(ThemeFile { path: rel.to_string_lossy().replace('\\', "/"), bytes: std::fs::read(entry.path())? });
        }
    }
    Ok(out)
}

/// Loads the site's theme and its template overrides.
pub fn load(site: &Site, site_dir: &Path) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    // A theme folder is laid over the default theme, so a theme that predates a page kind (or
    // only restyles a few templates) still builds.
    let mut files = embedded_files();
    if let Some(dir) = &site.theme_dir {
        let own = disk_files(dir).map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error("site.yaml", Pos::default(), format!("cannot read theme folder {}: {e}", dir.display())));
            d
        })?;
        files.retain(|f| !own.iter().any(|o| o.path == f.path));
        files.extend(own);
    }
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    let mut tables: Vec<(String, Vec<u8>)> = Vec::new();
    for f in files {
        if let Some(name) = f.path.strip_prefix("templates/") {
            templates.push((name.to_string(), String::from_utf8_lossy(&f.bytes).into_owned()));
        } else if let Some(rest) = f.path.strip_prefix("static/") {
            assets.push((rest.to_string(), f.bytes));
        } else if let Some(name) = f.path.strip_prefix("i18n/") {
            tables.push((name.trim_end_matches(".yaml").to_string(), f.bytes));
        }
    }
    let overrides = site_dir.join("templates");
    if overrides.is_dir() {
        match disk_files(&overrides) {
            Ok(list) => {
                for f in list {
                    let text = String::from_utf8_lossy(&f.bytes).into_owned();
                    match templates.iter_mut().find(|(n, _)| *n == f.path) {
                        Some(slot) => slot.1 = text,
                        None => templates.push((f.path, text)),
                    }
                }
            }
            Err(e) => diags.push(Diagnostic::error("templates", Pos::default(), format!("cannot read templates/: {e}"))),
        }
    }
    let strings = strings_for(&site.language, &tables, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Theme { templates, assets, strings })
}

/// The string table for `language` (the theme's table that serves it, [`i18n::table_for`]),
/// English underneath so a missing key never shows blank.
fn strings_for(language: &str, tables: &[(String, Vec<u8>)], diags: &mut Diagnostics) -> Value {
    let mut parse = |name: &str| -> Option<Value> {
        let (_, bytes) = tables.iter().find(|(n, _)| n == name)?;
        match serde_yaml::from_slice::<Value>(bytes) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = e.location().map(|l| Pos::new(l.line() as u32, l.column() as u32)).unwrap_or_default();
                diags.push(Diagnostic::error(format!("i18n/{name}.yaml"), pos, format!("the theme's string table is not valid YAML: {e}")));
                None
            }
        }
    };
    let base = parse("en").unwrap_or(Value::Object(Default::default()));
    let names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    match i18n::table_for(language, &names) {
        Some("en") => base,
        Some(name) => i18n::layered(base, parse(name)),
        None if language == "en" => base,
        None => {
            diags.push(
                Diagnostic::error("site.yaml", Pos::default(), format!("the theme has no strings for language `{language}`"))
                    .with_hint("add i18n/<language>.yaml to the theme, or use `language: en`"),
            );
            base
        }
    }
}
