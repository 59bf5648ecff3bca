//! `confpress import`: a CFP tool's export into the content folder (docs/import.md).

use std::path::PathBuf;

use clap::Args;

use crate::import::{self, Format};

#[derive(Args)]
pub struct ImportArgs {
    /// The export: a file, `-` for standard input, an http(s) URL, or a folder of pretalx API responses
    source: String,
    /// The conference folder to import into
    #[arg(long, default_value = ".")]
    into: PathBuf,
    /// The export's format (default: told from its content): frab-json, frab-xml, sessionize or pretalx
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// Print what would change (files and fields); write nothing
    #[arg(long)]
    dry_run: bool,
    /// Remove sessions, speakers, rooms and tracks that an earlier import wrote and the source no longer has
    #[arg(long)]
    prune: bool,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        format!("unknown format `{name}`; formats are {}", Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "))
    })
}

pub fn run(args: ImportArgs) -> i32 {
    let opts = import::Options { source: args.source, into: args.into, format: args.format, dry_run: args.dry_run, prune: args.prune };
    match import::run(&opts) {
        Ok(outcome) => {
            print!("{}", import::report::render(&outcome));
            0
        }
        Err(d) => {
            // The line is shown under the error; never read a file the import refused as too large.
            let small = |p: &std::path::Path| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= import::input::MAX_BYTES);
            let read = |p: std::path::PathBuf| small(&p).then(|| std::fs::read_to_string(p).ok()).flatten();
            let source = if d.pos.line == 0 { None } else { read(opts.into.join(&d.file)).or_else(|| read(d.file.clone())) };
            eprint!("{}", d.render_in(source.as_deref(), crate::diag::colour_for_stderr()));
            eprintln!("import failed; nothing was written");
            1
        }
    }
}
