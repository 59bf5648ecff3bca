//! Writing a build to disk without ever leaving a half-written site.
//!
//! Files go into a fresh folder beside the output folder; only when every file is written is it
//! swapped in for the old output. A folder is only ever replaced or deleted when it carries the
//! marker file confpress writes into every output, and never when it is (or contains) the site.
//!
//! The swap: on Linux, the new folder and the old output trade places in one step (`renameat2`
//! with `RENAME_EXCHANGE`, see [`exchange`]), so a reader of the output always finds a whole
//! site, the old one or the new one; the old one, now at the staging path, is deleted after.
//! Where the exchange is not available (other systems, and file systems or sandboxes that refuse
//! it with `EINVAL`, `ENOSYS`, `EOPNOTSUPP` or `EPERM`), the fallback is two renames: the old
//! output to a sibling `.NAME.confpress-old`, then the new folder into place. Between the two
//! the output path is missing for a moment; a failed second rename puts the old output back.
//!
//! [`Staging`] is not tied to sites: [`Staging::begin_marked`] stages any folder of files under
//! a marker of the caller's, and [`Staging::commit`] swaps it in the same way.

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

/// Shown as every diagnostic is ([`crate::diag::Diagnostic::render`]), without the last line break.
impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = crate::diag::Diagnostic::error(self.path.clone(), crate::diag::Pos::default(), self.message.clone());
        f.write_str(d.with_hint(self.hint.clone()).render(None).trim_end())
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
/// [`Staging::finish`] (or [`Staging::commit`]) is called. Dropped unfinished, it removes itself
/// and the output is untouched.
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    old: PathBuf,
    /// The file that marks the folders this staging may clear or replace.
    marker: &'static str,
    files: AtomicUsize,
    bytes: AtomicU64,
    finished: bool,
}

impl Staging {
    /// Checks `out` (see [`check_output_dir`]) and creates the staging folder of a site build
    /// beside it.
    pub fn begin(site_dir: &Path, out: &Path) -> Result<Staging, OutputError> {
        check_output_dir(site_dir, out)?;
        Staging::begin_marked(out, MARKER, b"This folder is written by confpress and replaced on every build.\n")
    }

    /// Creates a staging folder beside `out` for a folder of any files, holding the file
    /// `marker` (with `note` in it) from the start. The caller has checked that `out` may be
    /// replaced: it is missing, an empty folder, or a folder holding `marker` (as
    /// [`check_output_dir`] checks for a site). Leftovers of an interrupted run beside `out` are
    /// cleared only when they hold `marker`, and the replaced folder is deleted only when it
    /// holds `marker` or is empty.
    pub fn begin_marked(out: &Path, marker: &'static str, note: &[u8]) -> Result<Staging, OutputError> {
        let target = absolute(out);
        let Some(parent) = target.parent().map(Path::to_path_buf) else {
            return Err(OutputError {
                path: out.to_path_buf(),
                message: "the output folder is the file system root".into(),
                hint: "choose an output folder such as `public`".into(),
            });
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let tmp = parent.join(format!(".{name}.confpress-new"));
        let old = parent.join(format!(".{name}.confpress-old"));
        for leftover in [&tmp, &old] {
            remove_if_marked(leftover, marker).map_err(|e| OutputError {
                path: leftover.clone(),
                message: format!("cannot clear the staging folder: {e}"),
                hint: "another build into the same output may be running; if not, remove this folder by hand".into(),
            })?;
        }
        fs::create_dir_all(&tmp).map_err(|e| io_error(&tmp, e))?;
        // The marker first, so a crash mid-write leaves a folder the next build may clean up.
        fs::write(tmp.join(marker), note).map_err(|e| io_error(&tmp, e))?;
        Ok(Staging { tmp, target, old, marker, files: AtomicUsize::new(0), bytes: AtomicU64::new(0), finished: false })
    }

    /// The staging folder, where the files go until [`Staging::commit`].
    pub fn path(&self) -> &Path {
        &self.tmp
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

    /// Copies the site's static files (those not generated), then swaps the new build in
    /// ([`Staging::commit`]).
    pub fn finish(self, site_dir: &Path, static_files: &[PathBuf]) -> Result<WriteStats, OutputError> {
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
        self.commit()
    }

    /// Swaps the staging folder in for the output (in one step where the system can, see the
    /// module doc) and deletes the folder it replaced. On an error the old output stays.
    pub fn commit(mut self) -> Result<WriteStats, OutputError> {
        let replaced = replace_dir(&self.tmp, &self.target, &self.old).map_err(|e| io_error(&self.target, e))?;
        // The staging path now holds the old output (after an exchange) or nothing: the removal
        // below is the one that deletes it, not Drop.
        self.finished = true;
        if let Some(replaced) = replaced {
            // An empty folder carries no marker, and nothing is lost by removing it.
            let _ = remove_if_marked(&replaced, self.marker).or_else(|_| fs::remove_dir(&replaced));
        }
        Ok(WriteStats { files: self.files.load(Ordering::Relaxed), bytes: self.bytes.load(Ordering::Relaxed) })
    }
}

/// Puts the folder `new` in the place of `target` and returns where the folder it replaced is
/// now (`None` when there was none): at `new` after an [`exchange`], at `old` after the fallback
/// of two renames. An error leaves `target` as it was.
fn replace_dir(new: &Path, target: &Path, old: &Path) -> io::Result<Option<PathBuf>> {
    if !target.exists() {
        return fs::rename(new, target).map(|()| None);
    }
    if exchange(new, target)? {
        return Ok(Some(new.to_path_buf()));
    }
    two_renames(new, target, old).map(|()| Some(old.to_path_buf()))
}

/// The fallback of [`replace_dir`]: `target` to `old`, then `new` to `target`. If the second
/// rename fails, the first is undone rather than leave nothing.
fn two_renames(new: &Path, target: &Path, old: &Path) -> io::Result<()> {
    fs::rename(target, old)?;
    fs::rename(new, target).inspect_err(|_| {
        let _ = fs::rename(old, target);
    })
}

/// Exchanges the paths `a` and `b` in one step: each then names what the other named, and no
/// moment exists where either is missing. Both must exist (a folder can be exchanged with a
/// folder or a file). `Ok(false)` means this system or file system cannot exchange (and nothing
/// changed); the call is `renameat2` with `RENAME_EXCHANGE`, on Linux only.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // EINVAL: the file system does not support the flag (or an old kernel lacks it);
        // ENOSYS: no renameat2 at all; EOPNOTSUPP from some network and FUSE file systems;
        // EPERM from sandboxes whose syscall filter predates renameat2.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP | Errno::PERM) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Exchanges the paths `a` and `b` in one step; never possible here (see the Linux version).
#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_if_marked(&self.tmp, self.marker);
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

/// Removes a folder and everything in it, like `fs::remove_dir_all`, with the entries of each
/// folder removed in parallel: the old build of a big site holds tens of thousands of files, and
/// the build waits for them to go. Symbolic links are removed, never followed. The entry named
/// `last`, if any, is removed after all the others.
fn remove_tree(dir: &Path, last: Option<&str>) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    let (later, now): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| last.is_some_and(|l| e.file_name() == l));
    let remove = |e: &fs::DirEntry| if e.file_type()?.is_dir() { remove_tree(&e.path(), None) } else { fs::remove_file(e.path()) };
    now.par_iter().try_for_each(remove)?;
    later.iter().try_for_each(remove)?;
    fs::remove_dir(dir)
}

/// Removes `dir` only if it holds a file named `marker`; a missing folder is fine. The marker
/// goes last, so a removal cut short leaves a folder that is still marked and the next run
/// clears it.
pub fn remove_if_marked(dir: &Path, marker: &str) -> io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if dir.join(marker).exists() {
        remove_tree(dir, Some(marker))
    } else {
        Err(io::Error::other(format!("{} exists and was not created by confpress; remove it by hand", dir.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding one file `f` with `text`.
    fn folder(dir: &Path, text: &str) -> PathBuf {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("f"), text).unwrap();
        dir.to_path_buf()
    }

    fn text(dir: &Path) -> String {
        fs::read_to_string(dir.join("f")).unwrap()
    }

    #[test]
    fn exchange_trades_two_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (folder(&tmp.path().join("a"), "A"), folder(&tmp.path().join("b"), "B"));
        if !exchange(&a, &b).unwrap() {
            assert!(!cfg!(target_os = "linux") || std::env::var_os("CI").is_none(), "no RENAME_EXCHANGE on Linux in CI");
            eprintln!("this file system cannot exchange; the fallback is tested below");
            assert_eq!((text(&a), text(&b)), ("A".into(), "B".into()), "an exchange that cannot happen changes nothing");
            return;
        }
        assert_eq!((text(&a), text(&b)), ("B".into(), "A".into()));
        // A folder and a file trade places too.
        fs::write(tmp.path().join("file"), "F").unwrap();
        assert!(exchange(&a, &tmp.path().join("file")).unwrap());
        assert!(a.is_file() && tmp.path().join("file").is_dir());
    }

    #[test]
    fn exchange_with_a_missing_path_fails_and_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let a = folder(&tmp.path().join("a"), "A");
        let missing = tmp.path().join("missing");
        if cfg!(target_os = "linux") {
            assert!(exchange(&a, &missing).is_err());
        }
        assert_eq!(text(&a), "A");
        assert!(!missing.exists());
    }

    #[test]
    fn replace_dir_exchanges_renames_or_falls_back() {
        let tmp = tempfile::tempdir().unwrap();
        let (target, old) = (tmp.path().join("out"), tmp.path().join("old"));
        // No target yet: a plain rename, nothing replaced.
        let new = folder(&tmp.path().join("new"), "1");
        assert_eq!(replace_dir(&new, &target, &old).unwrap(), None);
        assert!(!new.exists() && text(&target) == "1");
        // A target: the old output is at the staging path (exchanged) or at `old` (fallback).
        let new = folder(&tmp.path().join("new"), "2");
        let replaced = replace_dir(&new, &target, &old).unwrap().unwrap();
        assert_eq!(text(&target), "2");
        assert_eq!(text(&replaced), "1");
        assert!(replaced == new || replaced == old, "{replaced:?}");
    }

    #[test]
    fn the_fallback_renames_twice_and_undoes_the_first_on_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let (target, old) = (folder(&tmp.path().join("out"), "old"), tmp.path().join("old"));
        let new = folder(&tmp.path().join("new"), "new");
        two_renames(&new, &target, &old).unwrap();
        assert_eq!((text(&target), text(&old)), ("new".into(), "old".into()));
        assert!(!new.exists());
        // The second rename fails (nothing to move in): the old output goes back in place.
        fs::remove_dir_all(&old).unwrap();
        assert!(two_renames(&tmp.path().join("gone"), &target, &old).is_err());
        assert_eq!(text(&target), "new");
        assert!(!old.exists());
    }

    #[test]
    fn commit_replaces_a_marked_or_empty_folder_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap(); // empty and unmarked, as `tempfile` or `mkdir` leave it
        for round in ["1", "2"] {
            let staging = Staging::begin_marked(&out, ".test-marker", b"test\n").unwrap();
            staging.write(&format!("r{round}/f"), round.as_bytes()).unwrap();
            let stats = staging.commit().unwrap();
            assert_eq!((stats.files, stats.bytes), (1, 1));
            assert_eq!(fs::read_to_string(out.join(format!("r{round}/f"))).unwrap(), round);
            assert!(out.join(".test-marker").is_file());
            let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert_eq!(names, ["out"], "round {round}");
        }
        assert!(!out.join("r1").exists(), "the first round's files went with the replaced folder");
    }

    #[test]
    fn a_dropped_staging_leaves_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let staging = Staging::begin_marked(&out, ".test-marker", b"").unwrap();
        staging.write("a", b"x").unwrap();
        assert!(staging.path().join("a").is_file());
        drop(staging);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_output_error_reads_like_any_diagnostic() {
        let e = OutputError { path: "public".into(), message: "cannot write: disk full".into(), hint: "free some space".into() };
        assert_eq!(e.to_string(), "error: cannot write: disk full\n--> public\n = help: free some space");
    }

    #[test]
    fn only_marked_folders_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = folder(&tmp.path().join("d"), "x");
        folder(&dir.join("sub/deeper"), "y");
        assert!(remove_if_marked(&dir, ".m").is_err());
        assert!(dir.join("sub/deeper/f").is_file());
        fs::write(dir.join(".m"), "").unwrap();
        remove_if_marked(&dir, ".m").unwrap();
        assert!(!dir.exists());
        remove_if_marked(&dir, ".m").unwrap(); // missing is fine
    }
}
