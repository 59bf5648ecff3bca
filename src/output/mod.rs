//! Writing a build to disk without ever leaving a half-written site.
//!
//! Files go into a fresh folder beside the output folder; only when every file is written is it
//! swapped in for the old output. A folder is only ever replaced or deleted when it carries the
//! marker file confpress writes into every output, and never when it is (or contains) the site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutFile;

/// Written into every output folder; its presence is what makes a folder safe to replace.
pub const MARKER: &str = ".confpress-output";

/// Why an output could not be written.
#[derive(Debug)]
pub struct OutputError {
    pub path: PathBuf,
    pub message: String,
    pub hint: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}\n  --> {}\n  = help: {}", self.message, self.path.display(), self.hint)
    }
}

fn io_error(path: &Path, e: io::Error) -> OutputError {
    OutputError {
        path: path.to_path_buf(),
        message: format!("cannot write: {e}"),
        hint: "check that the folder is writable and the disk is not full".into(),
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Canonicalize what exists, so `..` and symlinks cannot disguise the site folder.
    let mut existing = p.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    out
}

/// Refuses outputs that would destroy something confpress does not own.
pub fn check_output_dir(site_dir: &Path, out: &Path) -> Result<(), OutputError> {
    let site = absolute(site_dir);
    let target = absolute(out);
    let refuse = |message: String, hint: &str| Err(OutputError { path: out.to_path_buf(), message, hint: hint.into() });
    if target == site || site.starts_with(&target) {
        return refuse(
            "the output folder is the site folder or contains it".into(),
            "choose an output folder inside or beside the site, e.g. `--output public`",
        );
    }
    if target.parent().is_none() {
        return refuse("the output folder is the file system root".into(), "choose an output folder such as `public`");
    }
    for owned in ["static", "templates", "sessions", "speakers", "sponsors", "jobs", "news", "pages"] {
        if target.starts_with(site.join(owned)) {
            return refuse(format!("the output folder is inside the site's {owned}/ folder"), "choose an output folder such as `public`");
        }
    }
    if target.exists() {
        if !target.is_dir() {
            return refuse("the output path exists and is not a folder".into(), "remove the file or choose another output path");
        }
        let empty = fs::read_dir(&target).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !target.join(MARKER).exists() {
            return refuse(
                "the output folder exists and was not created by confpress; refusing to replace it".into(),
                "choose another `--output` folder, or empty this one yourself",
            );
        }
    }
    Ok(())
}

/// Writes `files` and copies the site's static files into `out`, replacing it atomically.
pub fn write_site(site_dir: &Path, out: &Path, files: &[OutFile], static_files: &[PathBuf]) -> Result<WriteStats, OutputError> {
    check_output_dir(site_dir, out)?;
    let target = absolute(out);
    let parent = target.parent().expect("checked: not the root").to_path_buf();
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
    let tmp = parent.join(format!(".{name}.confpress-new"));
    let old = parent.join(format!(".{name}.confpress-old"));
    for leftover in [&tmp, &old] {
        remove_owned(leftover).map_err(|e| io_error(leftover, e))?;
    }
    let result = fill(&tmp, site_dir, files, static_files);
    let stats = match result {
        Ok(stats) => stats,
        Err(e) => {
            let _ = remove_owned(&tmp);
            return Err(e);
        }
    };
    if target.exists() {
        fs::rename(&target, &old).map_err(|e| io_error(&target, e))?;
    }
    if let Err(e) = fs::rename(&tmp, &target) {
        // Put the old build back rather than leave nothing.
        let _ = fs::rename(&old, &target);
        return Err(io_error(&target, e));
    }
    let _ = remove_owned(&old);
    Ok(stats)
}

/// Removes `dir` only if it carries the marker (a leftover of ours); a missing folder is fine.
fn remove_owned(dir: &Path) -> io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if dir.join(MARKER).exists() {
        fs::remove_dir_all(dir)
    } else {
        Err(io::Error::other(format!("{} exists and was not created by confpress; remove it by hand", dir.display())))
    }
}

fn fill(tmp: &Path, site_dir: &Path, files: &[OutFile], static_files: &[PathBuf]) -> Result<WriteStats, OutputError> {
    fs::create_dir_all(tmp).map_err(|e| io_error(tmp, e))?;
    // The marker first, so a crash mid-write leaves a folder the next build may clean up.
    fs::write(tmp.join(MARKER), b"This folder is written by confpress and replaced on every build.\n").map_err(|e| io_error(tmp, e))?;
    let mut dirs: Vec<PathBuf> = files.iter().filter_map(|f| Path::new(&f.path).parent().map(|p| tmp.join(p))).collect();
    dirs.extend(static_files.iter().filter_map(|f| f.parent().map(|p| tmp.join(p))));
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d).map_err(|e| io_error(d, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = tmp.join(&f.path);
        fs::write(&path, &f.bytes).map_err(|e| io_error(&path, e))
    })?;
    let generated: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let static_root = site_dir.join("static");
    let copied: Vec<u64> = static_files
        .par_iter()
        .filter(|rel| !generated.contains(rel.to_string_lossy().as_ref()))
        .map(|rel| fs::copy(static_root.join(rel), tmp.join(rel)).map_err(|e| io_error(&static_root.join(rel), e)))
        .collect::<Result<_, _>>()?;
    Ok(WriteStats {
        files: files.len() + copied.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum::<u64>() + copied.iter().sum::<u64>(),
    })
}
