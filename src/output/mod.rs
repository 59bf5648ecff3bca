//! Writing a build to disk without ever leaving a half-written site.
//!
//! Files go into a fresh folder beside the output folder; only when every file is written is it
//! swapped in for the old output. A folder is only ever replaced or deleted when it carries the
//! marker file confpress writes into every output, and never when it is (or contains) the site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::sink::OutFile;

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

/// Runs `open` on `path` (writing or creating a file), making the file's folder first if that
/// is what it misses.
fn with_folder<T>(path: &Path, open: impl Fn(&Path) -> io::Result<T>) -> io::Result<T> {
    open(path).or_else(|e| match (e.kind(), path.parent()) {
        (io::ErrorKind::NotFound, Some(dir)) => fs::create_dir_all(dir).and_then(|()| open(path)),
        _ => Err(e),
    })
}

/// The buffer of a file written as it is produced ([`Staging::write_streamed`]).
const STREAM_BUFFER: usize = 256 * 1024;

impl OutputError {
    fn diagnostic(self) -> crate::diag::Diagnostic {
        crate::diag::Diagnostic::error(self.path.clone(), crate::diag::Pos::default(), self.message).with_hint(self.hint)
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

/// `p` made absolute, with the part that exists canonicalized (so `..` and symlinks cannot
/// disguise where it is).
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
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

/// A build being written: a fresh folder beside the output that replaces it only when
/// [`Staging::finish`] is called. Dropped unfinished, it removes itself and the output is untouched.
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    old: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    finished: bool,
}

impl Staging {
    /// Checks `out` (see [`check_output_dir`]) and creates the staging folder beside it.
    pub fn begin(site_dir: &Path, out: &Path) -> Result<Staging, OutputError> {
        check_output_dir(site_dir, out)?;
        let target = absolute(out);
        let parent = target.parent().expect("checked: not the root").to_path_buf();
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let tmp = parent.join(format!(".{name}.confpress-new"));
        let old = parent.join(format!(".{name}.confpress-old"));
        for leftover in [&tmp, &old] {
            remove_owned(leftover).map_err(|e| OutputError {
                path: leftover.clone(),
                message: format!("cannot clear the staging folder: {e}"),
                hint: "another build into the same output may be running; if not, remove this folder by hand".into(),
            })?;
        }
        fs::create_dir_all(&tmp).map_err(|e| io_error(&tmp, e))?;
        // The marker first, so a crash mid-write leaves a folder the next build may clean up.
        fs::write(tmp.join(MARKER), b"This folder is written by confpress and replaced on every build.\n")
            .map_err(|e| io_error(&tmp, e))?;
        Ok(Staging { tmp, target, old, files: AtomicUsize::new(0), bytes: AtomicU64::new(0), finished: false })
    }

    /// Writes one file (safe to call from many threads at once).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_slices(rel, &mut [io::IoSlice::new(bytes)])
    }

    /// Writes one file from `slices`, one after the other (see
    /// [`crate::sink::Sink::put_slices`]), with as few system calls as the system allows.
    pub fn write_slices(&self, rel: &str, mut slices: &mut [io::IoSlice]) -> Result<(), OutputError> {
        let path = self.tmp.join(rel);
        // A page has a folder of its own (`sessions/x/index.html`) that nothing made yet: making
        // it first spares a failed open per page. Any error shows up in the open below.
        if rel.ends_with("/index.html") {
            let _ = path.parent().map(fs::create_dir);
        }
        let bytes: usize = slices.iter().map(|s| s.len()).sum();
        let mut file = with_folder(&path, |p| fs::File::create(p)).map_err(|e| io_error(&path, e))?;
        while !slices.is_empty() {
            match io::Write::write_vectored(&mut file, slices) {
                Ok(0) => return Err(io_error(&path, io::ErrorKind::WriteZero.into())),
                Ok(n) => io::IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_error(&path, e)),
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Writes one file as `write` produces it (see [`crate::sink::Sink::put_streamed`]).
    pub fn write_streamed(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn crate::sink::WriteSeek) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let path = self.tmp.join(rel);
        let file = with_folder(&path, |p| fs::File::create(p)).map_err(|e| io_error(&path, e))?;
        let mut file = io::BufWriter::with_capacity(STREAM_BUFFER, file);
        let mut written = || -> io::Result<u64> {
            write(&mut file)?;
            let bytes = io::Seek::stream_position(&mut file)?;
            io::Write::flush(&mut file)?;
            Ok(bytes)
        };
        let bytes = written().map_err(|e| io_error(&path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        Ok(())
    }

    /// Copies the site's static files (those not generated), then swaps the new build in.
    pub fn finish(mut self, site_dir: &Path, static_files: &[PathBuf]) -> Result<WriteStats, OutputError> {
        let static_root = site_dir.join("static");
        static_files.par_iter().try_for_each(|rel| {
            let to = self.tmp.join(rel);
            if to.exists() {
                return Ok(()); // a generated file of the same name wins
            }
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
            }
            let n = fs::copy(static_root.join(rel), &to).map_err(|e| io_error(&static_root.join(rel), e))?;
            self.files.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(n, Ordering::Relaxed);
            Ok(())
        })?;
        if self.target.exists() {
            fs::rename(&self.target, &self.old).map_err(|e| io_error(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            // Put the old build back rather than leave nothing.
            let _ = fs::rename(&self.old, &self.target);
            return Err(io_error(&self.target, e));
        }
        let _ = remove_owned(&self.old);
        self.finished = true;
        Ok(WriteStats { files: self.files.load(Ordering::Relaxed), bytes: self.bytes.load(Ordering::Relaxed) })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_owned(&self.tmp);
        }
    }
}

impl crate::sink::Sink for Staging {
    fn put(&self, file: OutFile) -> Result<(), crate::diag::Diagnostic> {
        self.write(&file.path, &file.bytes).map_err(OutputError::diagnostic)
    }

    fn put_slices(&self, rel: &str, slices: &mut [io::IoSlice]) -> Result<(), crate::diag::Diagnostic> {
        self.write_slices(rel, slices).map_err(OutputError::diagnostic)
    }

    fn put_streamed(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn crate::sink::WriteSeek) -> io::Result<()>,
    ) -> Result<(), crate::diag::Diagnostic> {
        self.write_streamed(rel, write).map_err(OutputError::diagnostic)
    }
}

/// Removes `dir` only if it carries the marker (a leftover of ours); a missing folder is fine.
fn remove_owned(dir: &Path) -> io::Result<()> {
    remove_if_marked(dir, MARKER)
}

/// Removes a folder and everything in it, like `fs::remove_dir_all`, with the entries of each
/// folder removed in parallel: the old build of a big site holds tens of thousands of files, and
/// the build waits for them to go. Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| if e.file_type()?.is_dir() { remove_tree(&e.path()) } else { fs::remove_file(e.path()) })?;
    fs::remove_dir(dir)
}

/// Removes `dir` only if it holds a file named `marker`; a missing folder is fine.
pub fn remove_if_marked(dir: &Path, marker: &str) -> io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if dir.join(marker).exists() {
        remove_tree(dir)
    } else {
        Err(io::Error::other(format!("{} exists and was not created by confpress; remove it by hand", dir.display())))
    }
}
