//! The command line: one small module per command, each parsing its arguments and calling the
//! library. Nothing else in the crate depends on this module.

mod build;
mod check;
mod heap;
mod import;
mod new;
mod report;
mod serve;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::diag::{self, Diagnostics};
use crate::pipeline::BuildOptions;

#[derive(Parser)]
#[command(name = "confpress", version, about = "Build a conference website from YAML and Markdown", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into an output folder (default: DIR/public)
    Build(build::BuildArgs),
    /// Check the content and print every diagnostic; writes nothing
    Check(check::CheckArgs),
    /// Create a new conference folder with working starter content
    New(new::NewArgs),
    /// Build, serve on localhost and rebuild on every change (live reload)
    Serve(serve::ServeArgs),
    /// Import a programme from a CFP tool's export (frab, pentabarf, pretalx, Sessionize) into the content folder
    Import(import::ImportArgs),
    /// Write a post-event report per sponsor and an internal summary (default: DIR/reports)
    Report(report::ReportArgs),
}

/// Options shared by every command that compiles the site.
#[derive(Args, Clone)]
pub struct SiteArgs {
    /// The conference folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Include content marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Fix "now" (ticket status, expired jobs): "2026-05-01 12:00" in the site's time zone, or RFC 3339. Defaults to `now` in site.yaml, then $SOURCE_DATE_EPOCH, then the clock
    #[arg(long)]
    pub now: Option<String>,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
}

impl SiteArgs {
    fn options(&self, base_url: Option<String>) -> BuildOptions {
        BuildOptions { drafts: self.drafts, base_url, now: self.now.clone(), relative_urls: false }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    heap::keep_freed_memory();
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Report(args) => report::run(args),
        Command::Import(args) => import::run(args),
    }
}

/// "1 speaker", "2 speakers": for the one-line summaries of `build` and `check`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The programme's size, as the one-line summaries give it: "2 sessions, 1 speaker, 1 sponsor".
fn programme_size(conf: &crate::model::Conference) -> String {
    [
        (conf.sessions.len(), "session", "sessions"),
        (conf.speakers.len(), "speaker", "speakers"),
        (conf.sponsors.len(), "sponsor", "sponsors"),
    ]
    .map(|(n, one, many)| counted(n, one, many))
    .join(", ")
}

/// Prints diagnostics to stderr with source excerpts, in colour on a terminal.
fn print_diagnostics(site_dir: &Path, diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{}", diags.render_in(site_dir, diag::colour_for_stderr()));
    }
}
