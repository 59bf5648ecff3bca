//! Writing the reports folder atomically, and only where it is safe.
//!
//! The reports are staged and swapped in as the site is ([`crate::output::Staging`], under the
//! reports' own marker), so an error leaves the old reports (or nothing) in place, never half of
//! a new set. Like the site output, a folder is only replaced or deleted when it carries
//! the marker file written into every reports folder, and the reports never go into the public
//! site, the site folder itself, or its content folders.

use std::fs;
use std::path::Path;

use crate::output::{MARKER as SITE_MARKER, OutputError, Staging, absolute};

/// Written into every reports folder; its presence is what makes a folder safe to replace.
pub const MARKER: &str = ".confpress-reports";

/// The site folders the reports may not go into.
const CONTENT: &[&str] = &["static", "templates", "sessions", "speakers", "sponsors", "jobs", "news", "pages", "metrics", "public"];

fn error(path: &Path, message: impl Into<String>, hint: impl Into<String>) -> OutputError {
    OutputError { path: path.to_path_buf(), message: message.into(), hint: hint.into() }
}

/// Refuses a reports folder that would destroy or publish something: the site folder or a
/// folder containing it, its content folders, the public site (any folder holding a site build),
/// and existing folders confpress did not write reports into.
pub fn check(site_dir: &Path, out: &Path) -> Result<(), OutputError> {
    let site = absolute(site_dir);
    let target = absolute(out);
    if target == site || site.starts_with(&target) {
        return Err(error(out, "the reports folder is the site folder or contains it", "choose a folder such as `reports` (the default)"));
    }
    if target.parent().is_none() {
        return Err(error(out, "the reports folder is the file system root", "choose a folder such as `reports`"));
    }
    for folder in CONTENT {
        if target.starts_with(site.join(folder)) {
            return Err(error(
                out,
                format!("the reports folder is inside the site's {folder}/ folder"),
                "reports are private: keep them outside the site's content and the public site, e.g. `reports`",
            ));
        }
    }
    if target.ancestors().any(|a| a.join(SITE_MARKER).exists()) {
        return Err(error(
            out,
            "the reports folder is inside a built site",
            "reports are private: write them outside the public site, e.g. `--output reports`",
        ));
    }
    if target.exists() {
        if !target.is_dir() {
            return Err(error(out, "the reports path exists and is not a folder", "remove the file or choose another `--output`"));
        }
        let empty = fs::read_dir(&target).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !target.join(MARKER).exists() {
            return Err(error(
                out,
                "the folder exists and was not written by `confpress report`; refusing to replace it",
                "choose another `--output` folder, or empty this one yourself",
            ));
        }
    }
    Ok(())
}

/// Writes `files` (name, bytes) as the reports folder `out`, through the site build's staging
/// ([`Staging`]): written beside `out`, then swapped in whole, under the reports' own marker.
pub fn write(site_dir: &Path, out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    check(site_dir, out)?;
    let staging = Staging::begin_marked(out, MARKER, NOTE)?;
    for (name, bytes) in files {
        staging.write(name, bytes)?;
    }
    staging.commit().map(drop)
}

/// The marker file's text.
const NOTE: &[u8] = b"This folder is written by `confpress report` and replaced on every run. The reports are private.\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_its_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("public")).unwrap();
        fs::write(site.join("public").join(SITE_MARKER), "").unwrap();
        let out = site.join("reports");
        write(&site, &out, &[("a.html".into(), b"1".to_vec())]).unwrap();
        write(&site, &out, &[("b.html".into(), b"2".to_vec())]).unwrap();
        assert!(!out.join("a.html").exists() && out.join("b.html").exists() && out.join(MARKER).exists());
        // Someone else's folder, the site, the public site and content folders are refused.
        let mine = dir.path().join("mine");
        fs::create_dir_all(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "x").unwrap();
        assert!(write(&site, &mine, &[]).is_err());
        assert!(mine.join("notes.txt").exists());
        assert!(check(&site, &site).is_err());
        assert!(check(&site, dir.path()).is_err());
        assert!(check(&site, &site.join("public/reports")).is_err());
        assert!(check(&site, &site.join("sponsors/r")).is_err());
        assert!(check(&site, &dir.path().join("elsewhere")).is_ok());
        // Nothing is left beside the target.
        let names: Vec<String> = fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!names.iter().any(|n| n.contains("confpress-")), "{names:?}");
    }
}
