//! `confpress serve`: build, serve on localhost, rebuild and reload on every change.

use clap::Args;

use super::SiteArgs;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on
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
    let _ = (&args.site, args.port, &args.bind, args.open);
    eprintln!("serve is not implemented yet");
    2
}
