//! `confpress report`: per-sponsor post-event reports and an internal summary, written outside
//! the public site.

use std::path::PathBuf;

use clap::Args;

use super::{SiteArgs, print_diagnostics};
use crate::report::{self, ReportError};

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Folder with the metrics CSV files [default: DIR/metrics]
    #[arg(long, short)]
    metrics: Option<PathBuf>,
    /// Folder to write the reports to, replaced on every run [default: DIR/reports]
    #[arg(long, short)]
    output: Option<PathBuf>,
}

pub fn run(args: ReportArgs) -> i32 {
    let dir = &args.site.dir;
    let opts = report::Options {
        metrics: args.metrics.clone(),
        output: args.output.clone(),
        build: args.site.options(None),
        strict: args.site.strict,
    };
    match report::run(dir, &opts) {
        Ok(written) => {
            print_diagnostics(dir, &written.warnings);
            let sponsors = written.files.len() - 1;
            let plural = if sponsors == 1 { "" } else { "s" };
            println!("wrote {sponsors} sponsor report{plural} and {} → {}", report::SUMMARY_FILE, written.out.display());
            0
        }
        Err(ReportError::Content(d)) => {
            print_diagnostics(dir, &d);
            let why = if d.has_errors() { "" } else { " (warnings are errors with --strict)" };
            eprintln!("no reports written{why}");
            1
        }
        Err(ReportError::Output(e)) => {
            eprintln!("{e}");
            1
        }
    }
}
