//! `confpress check`: every diagnostic, nothing written.

use clap::Args;

use super::{SiteArgs, counted, print_diagnostics, programme_size};
use crate::pipeline;

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Print the sponsor entitlement table (placements promised and pages shown)
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: CheckArgs) -> i32 {
    let dir = &args.site.dir;
    match pipeline::check(dir, &args.site.options(None)) {
        Ok(c) => {
            print_diagnostics(dir, &c.diags);
            if args.verbose {
                println!("{}", crate::render::placements::table(&c.conf, &c.rendered.placements));
            }
            println!(
                "ok: {}, {}; {}",
                programme_size(&c.conf),
                counted(c.rendered.page_count, "page", "pages"),
                counted(c.diags.warning_count(), "warning", "warnings")
            );
            i32::from(args.site.strict && !c.diags.is_empty())
        }
        Err(d) => {
            print_diagnostics(dir, &d);
            1
        }
    }
}
