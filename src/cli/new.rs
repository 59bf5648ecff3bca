//! `confpress new DIR`: a starter conference that builds as it is.

use std::path::{Path, PathBuf};

use clap::Args;
use include_dir::{Dir, include_dir};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cli/starter");

#[derive(Args)]
pub struct NewArgs {
    /// The folder to create (must not exist, or be empty)
    dir: PathBuf,
}

fn write_all(dir: &Dir<'static>, root: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    for f in dir.files() {
        if f.path().file_name().is_some_and(|n| n == "FILES.txt") {
            continue;
        }
        let path = root.join(f.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, f.contents())?;
        n += 1;
    }
    for d in dir.dirs() {
        n += write_all(d, root)?;
    }
    Ok(n)
}

pub fn run(args: NewArgs) -> i32 {
    let dir = &args.dir;
    let occupied = dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true);
    if occupied {
        eprintln!("error: {} already exists and is not empty\n  = help: choose a new folder name", dir.display());
        return 1;
    }
    match write_all(&STARTER, dir) {
        Ok(n) => {
            println!("created {} with {n} files", dir.display());
            println!("next: `confpress serve {0}` to preview, `confpress build {0}` to build", dir.display());
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", dir.display());
            1
        }
    }
}
