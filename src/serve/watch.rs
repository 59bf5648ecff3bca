//! Watching the site folder (and a theme folder outside it) and turning bursts of file-system
//! events into one [`Changes`] per rebuild.
//!
//! A burst ends when no event came for a short quiet time — longer while a file is still open
//! for writing (modified, not yet closed), so a half-saved file is normally not built. Editors'
//! swap, backup and lock files, hidden files and the output folder are ignored; so are reads
//! (confpress's own included), which would otherwise trigger rebuilds forever.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::rebuild::Changes;

/// Whether the platform reports a file's close after writing (inotify does); elsewhere an open
/// write cannot be told from a finished one, and every burst waits the longer quiet time.
const SEES_CLOSE: bool = cfg!(any(target_os = "linux", target_os = "android"));
/// A burst is over after this long without events, when every written file was closed.
const QUIET: Duration = Duration::from_millis(if SEES_CLOSE { 4 } else { 25 });
/// … or after this long when a file is still open for writing.
const OPEN_WRITE_QUIET: Duration = Duration::from_millis(300);
/// A burst never holds a rebuild back for longer than this.
const MAX_BURST: Duration = Duration::from_secs(2);

/// Folders of the site whose changes never affect the served site.
const IGNORED_FOLDERS: &[&str] = &["public", "reports", "metrics", "target", "node_modules"];

/// A file-system watcher on the site folder.
pub struct Watch {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
    site_root: PathBuf,
    theme_dir: Option<PathBuf>,
}

impl Watch {
    /// Starts watching `site_root` (an absolute, canonical path) recursively.
    pub fn new(site_root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(site_root, RecursiveMode::Recursive)?;
        Ok(Watch { watcher, rx, site_root: site_root.to_path_buf(), theme_dir: None })
    }

    /// Sets the site's theme folder (from site.yaml): its changes reload the theme, and it is
    /// watched too when it lies outside the site folder.
    pub fn set_theme_dir(&mut self, dir: Option<&Path>) -> notify::Result<()> {
        let dir = dir.and_then(|d| d.canonicalize().ok());
        if dir == self.theme_dir {
            return Ok(());
        }
        let outside = |d: &PathBuf| !d.starts_with(&self.site_root);
        if let Some(old) = self.theme_dir.take().filter(outside) {
            let _ = self.watcher.unwatch(&old);
        }
        if let Some(new) = dir.as_ref().filter(|d| outside(d)) {
            self.watcher.watch(new, RecursiveMode::Recursive)?;
        }
        self.theme_dir = dir;
        Ok(())
    }

    /// Blocks until something relevant changes and the burst is over; `None` once the watcher
    /// has stopped. Irrelevant events (reads, hidden and temporary files) neither start nor
    /// prolong a burst.
    pub fn next(&self) -> Option<Changes> {
        let mut changes = Changes::default();
        let mut open_writes: HashSet<PathBuf> = HashSet::new();
        while changes.is_empty() {
            let event = self.rx.recv().ok()?;
            self.absorb(event, &mut changes, &mut open_writes);
        }
        let started = Instant::now();
        let mut last = started;
        loop {
            let quiet = if open_writes.is_empty() { QUIET } else { OPEN_WRITE_QUIET };
            let deadline = (last + quiet).min(started + MAX_BURST);
            let Some(left) = deadline.checked_duration_since(Instant::now()) else { return Some(changes) };
            match self.rx.recv_timeout(left) {
                Ok(event) => {
                    if self.absorb(event, &mut changes, &mut open_writes) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Some(changes),
            }
        }
    }

    /// Adds an event to `changes`; returns whether it was relevant.
    fn absorb(&self, event: notify::Result<Event>, changes: &mut Changes, open_writes: &mut HashSet<PathBuf>) -> bool {
        let event = match event {
            Ok(e) => e,
            Err(_) => {
                // The watcher lost track (e.g. its queue overflowed): trust nothing cached.
                changes.everything = true;
                return true;
            }
        };
        let mut relevant = false;
        if event.need_rescan() {
            changes.everything = true;
            relevant = true;
        }
        let writing = match event.kind {
            _ if !SEES_CLOSE && matches!(event.kind, EventKind::Access(_)) => return relevant,
            _ if !SEES_CLOSE => None,
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(false),
            EventKind::Access(_) => return relevant,
            EventKind::Modify(ModifyKind::Data(_)) | EventKind::Create(CreateKind::File) => Some(true),
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Some(false),
            _ => None,
        };
        for path in &event.paths {
            let Some(what) = self.classify(path) else { continue };
            relevant = true;
            match writing {
                Some(true) => {
                    open_writes.insert(path.clone());
                }
                Some(false) => {
                    open_writes.remove(path);
                }
                None => {}
            }
            match what {
                Relevant::Theme => changes.theme = true,
                Relevant::Site(rel) if rel.as_os_str().is_empty() => changes.everything = true,
                Relevant::Site(rel) => {
                    if rel.starts_with("templates") || rel.starts_with("themes") {
                        changes.theme = true;
                    }
                    changes.paths.insert(rel);
                }
            }
        }
        relevant
    }

    fn classify(&self, path: &Path) -> Option<Relevant> {
        if let Some(rel) = self.theme_dir.as_ref().and_then(|t| path.strip_prefix(t).ok()) {
            return (!ignored(rel)).then_some(Relevant::Theme);
        }
        let rel = path.strip_prefix(&self.site_root).ok()?;
        (!ignored(rel) && can_affect_site(rel)).then(|| Relevant::Site(rel.to_path_buf()))
    }
}

/// Whether a change at `rel` (relative to the site folder) can change the site: content files
/// (and misplaced ones, which get warnings), anything under static/, templates/ or themes/, and
/// top-level names that may be folders (a content folder deleted or renamed). Other files, such
/// as `sed -i`'s temporary files beside a session, cannot.
fn can_affect_site(rel: &Path) -> bool {
    let names: Vec<&std::ffi::OsStr> = rel.iter().collect();
    let extension = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let content_like = matches!(extension, "yaml" | "yml") || crate::content::is_markdown(rel);
    match names.as_slice() {
        [] => true,
        [first, ..] if ["static", "templates", "themes"].iter().any(|f| first == f) => true,
        [_] => extension.is_empty() || content_like,
        _ => content_like,
    }
}

enum Relevant {
    /// A path relative to the site folder (empty = the folder itself).
    Site(PathBuf),
    Theme,
}

/// Whether a change at `rel` (relative to the watched folder) can be ignored: hidden files and
/// folders, editors' temporary files, and folders that never feed the site.
pub fn ignored(rel: &Path) -> bool {
    let names: Vec<_> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect();
    if names.first().is_some_and(|first| IGNORED_FOLDERS.contains(&first.as_ref())) {
        return true;
    }
    if names.iter().any(|n| n.starts_with('.')) {
        return true;
    }
    let Some(name) = names.last() else { return false };
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".crdownload", ".part"].iter().any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_output_files_are_ignored() {
        for p in [
            "sessions/.a.md.swp",
            "sessions/a.md~",
            "sessions/4913",
            ".git/index",
            "public/index.html",
            "sessions/#a.md#",
            ".#a.md",
            "sessions/a.md.tmp",
            "static/.DS_Store",
        ] {
            assert!(ignored(Path::new(p)), "{p}");
        }
        for p in ["sessions/a.md", "site.yaml", "static/img/logo.svg", "templates/base.html", "sessions", ""] {
            assert!(!ignored(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn only_files_that_feed_the_site_count() {
        for p in [
            "sessions/a.md",
            "site.yaml",
            "sessions",
            "static/img/logo",
            "templates/partials/x.html",
            "themes/t/theme.toml",
            "sessions/a.yaml",
            "sessions/a.markdown",
            "sessions/a.MD",
            "",
        ] {
            assert!(can_affect_site(Path::new(p)), "{p}");
        }
        for p in ["sessions/sedX1b2c3", "notes.txt", "sessions/a.txt", "drafts/x/y.png"] {
            assert!(!can_affect_site(Path::new(p)), "{p}");
        }
    }
}
