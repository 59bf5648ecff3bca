//! `confpress serve`: build, serve on localhost, rebuild and reload on every change.

use clap::Args;

use super::{SiteArgs, print_diagnostics};
use crate::diag;
use crate::serve::{self, Report};

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on (0 = any free port; the address is printed)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to bind (loopback by default)
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Open the site in the browser
    #[arg(long)]
    open: bool,
}

pub fn run(args: ServeArgs) -> i32 {
    let dir = args.site.dir.clone();
    let config = serve::Config {
        site_dir: dir.clone(),
        bind: args.bind.clone(),
        port: args.port,
        opts: args.site.options(None),
        strict: args.site.strict,
    };
    eprintln!("building {} …", dir.display());
    let server = match serve::start(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            if e.contains("listen") {
                eprintln!("  = help: another program may use this port; try `--port 0` for any free port");
            }
            return 1;
        }
    };
    // The first build's report comes first; print it before the address.
    let mut first = true;
    let mut last_warnings = String::new();
    for report in server.reports.iter() {
        print_report(&dir, &report, &mut last_warnings);
        if first && !matches!(report, Report::Problem(_)) {
            first = false;
            println!("serving {} at {} (live reload on; Ctrl-C to stop)", dir.display(), server.url);
            if args.open {
                open_browser(&server.url);
            }
        }
    }
    // Without a watcher there are no more reports; keep serving what was built.
    loop {
        std::thread::park();
    }
}

/// Prints one report; warnings only when they differ from the last ones printed.
fn print_report(dir: &std::path::Path, report: &Report, last_warnings: &mut String) {
    match report {
        Report::Built { build, elapsed, pages, rendered, changed_files, reparsed, trigger, notified, warnings } => {
            let rendered_warnings = if warnings.is_empty() { String::new() } else { warnings.render_in(dir, diag::colour_for_stderr()) };
            if rendered_warnings != *last_warnings {
                eprint!("{rendered_warnings}");
                *last_warnings = rendered_warnings;
            }
            let ms = elapsed.as_secs_f64() * 1000.0;
            if trigger.is_empty() && *build == 1 {
                println!("built {pages} pages in {ms:.0} ms");
            } else {
                let what = if trigger.is_empty() { String::new() } else { format!("{trigger} changed: ") };
                println!(
                    "{what}rebuilt in {ms:.1} ms ({reparsed} file(s) parsed, {rendered} of {pages} pages rendered, {changed_files} changed; {notified} sent)"
                );
            }
        }
        Report::Failed { build, trigger, diags, .. } => {
            print_diagnostics(dir, diags);
            last_warnings.clear();
            let what = if trigger.is_empty() { String::new() } else { format!(" after {trigger} changed") };
            if *build == 1 {
                eprintln!("build failed; serving an error page until the site builds");
            } else {
                eprintln!("build {build} failed{what}; still serving the last good build");
            }
        }
        Report::Problem(message) => eprintln!("warning: {message}"),
    }
}

/// Opens `url` in the default browser; failing to is not worth stopping for.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
