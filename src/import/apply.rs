//! Writing a planned import all or nothing: every new file is written to a temporary file beside
//! its place first; only when all of them are written are they renamed into place (a rename is
//! atomic), and removed files go last. A failure while writing the temporary files removes them
//! and leaves the content folder as it was.

use std::path::{Path, PathBuf};

use super::merge::Change;
use crate::diag::{Diagnostic, Pos};

const TMP_SUFFIX: &str = ".confpress-import-tmp";

fn io_error(path: &Path, dir: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    Diagnostic::error(rel, Pos::default(), format!("cannot {what}: {e}"))
        .with_hint("check the folder's permissions and free space; nothing was changed")
}

/// Writes `changes` into `dir`.
pub fn apply(dir: &Path, changes: &[Change]) -> Result<(), Diagnostic> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    for change in changes {
        let Some(text) = &change.text else { continue };
        let target = dir.join(&change.path);
        let temp = PathBuf::from(format!("{}{TMP_SUFFIX}", target.display()));
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&temp, text))
            .map_err(|e| io_error(&target, dir, "write the import", e));
        if let Err(d) = written {
            for (t, _) in &temps {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&temp);
            return Err(d);
        }
        temps.push((temp, target));
    }
    for (temp, target) in &temps {
        std::fs::rename(temp, target).map_err(|e| io_error(target, dir, "move the import into place", e))?;
    }
    for change in changes.iter().filter(|c| c.text.is_none()) {
        let target = dir.join(&change.path);
        std::fs::remove_file(&target).map_err(|e| io_error(&target, dir, "remove a pruned file", e))?;
    }
    Ok(())
}
