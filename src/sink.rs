//! Where rendered and exported files go: into memory, nowhere (checking), or the build's staging
//! folder ([`crate::output::Staging`]). Below both the stages that produce files and the one that
//! writes them, so neither needs the other.

use crate::diag::{Diagnostic, Pos};

/// One output file: its path under the output root (`sessions/x/index.html`) and its bytes.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go as soon as they are ready: into memory ([`Collect`]) or straight to
/// disk (the build's staging folder), so a big site is never held in memory whole.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic>;

    /// Writes the file at `path` as `write` produces it, so that a big export (schedule.json is
    /// megabytes per thousand sessions) is never in memory whole. `write` may seek back in what
    /// it wrote. A sink that keeps files in memory collects the file and puts it.
    fn put_streamed(&self, path: &str, write: &mut dyn FnMut(&mut dyn WriteSeek) -> std::io::Result<()>) -> Result<(), Diagnostic> {
        let mut file = std::io::Cursor::new(Vec::new());
        write(&mut file).map_err(|e| Diagnostic::error(path, Pos::default(), format!("cannot write: {e}")))?;
        self.put(OutFile { path: path.to_string(), bytes: file.into_inner() })
    }

    /// Writes the file at `path` from `slices`, one after the other: a page in pieces, most of
    /// which many pages share (`render::splice::Page::put`). A sink that keeps files in memory joins
    /// them and puts the file.
    fn put_slices(&self, path: &str, slices: &mut [std::io::IoSlice]) -> Result<(), Diagnostic> {
        let mut bytes = Vec::with_capacity(slices.iter().map(|s| s.len()).sum());
        slices.iter().for_each(|s| bytes.extend_from_slice(s));
        self.put(OutFile { path: path.to_string(), bytes })
    }
}

/// What [`Sink::put_streamed`] writes to: a file, or a buffer standing for one.
pub trait WriteSeek: std::io::Write + std::io::Seek {}

impl<T: std::io::Write + std::io::Seek> WriteSeek for T {}

/// A sink that keeps nothing: for checking a site.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutFile>>);

impl Collect {
    pub fn into_files(self) -> Vec<OutFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Overwrites `placeholder`, which follows the first `before` in `file`, with `value` (as long):
/// for a version that is the hash of the file it is written in.
pub(crate) fn patch_placeholder(file: &mut [u8], before: &[u8], placeholder: &str, value: &str) {
    let at = memchr::memmem::find(file, before).expect("the placeholder is written") + before.len();
    let slot = &mut file[at..at + placeholder.len()];
    assert_eq!(slot, placeholder.as_bytes(), "placeholder where the value goes");
    slot.copy_from_slice(value.as_bytes());
}
