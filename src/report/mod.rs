//! `confpress report`: a post-event report for every sponsor, and an internal summary.
//!
//! The steps, one module each:
//! 1. compile the site in memory ([`crate::pipeline::compile`]) as it stood at the end of the
//!    event, for the model and the placement record (which page showed which logo where);
//! 2. read report.yaml ([`config`]) and the metrics CSV files ([`input`] reads and maps columns,
//!    [`metrics`] types the rows and links them to sponsors, jobs, rooms and ticket tiers);
//! 3. sum everything per sponsor, job, room and day ([`aggregate`]);
//! 4. cut out what each sponsor may see — its own figures, totals and its rank, attendee groups
//!    of at least five people ([`privacy`]);
//! 5. render self-contained HTML with inline SVG charts ([`html`], [`chart`]) in the site's
//!    language ([`i18n`]), and write the folder atomically ([`write`]).
//!
//! Any error in the content or the CSV files stops before anything is written.

pub mod aggregate;
pub mod chart;
pub mod config;
pub mod html;
pub mod i18n;
pub mod input;
pub mod metrics;
pub mod privacy;
pub mod write;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::content::{self, FileKind, Parsed};
use crate::diag::Diagnostics;
use crate::model::Conference;
use crate::output::OutputError;
use crate::pipeline::{self, BuildOptions};
use crate::render::PlacementRecord;
use aggregate::Aggregates;
use privacy::{Audience, SponsorView};

/// The internal summary's file name (a leading `_` cannot start a sponsor slug).
pub const SUMMARY_FILE: &str = "_internal-summary.html";

/// What `confpress report` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The metrics folder; `None` = `<site>/metrics` (which may be missing).
    pub metrics: Option<PathBuf>,
    /// The reports folder; `None` = `<site>/reports`.
    pub output: Option<PathBuf>,
    /// How to compile the site. Without `now`, "now" is the end of the last conference day.
    pub build: BuildOptions,
    /// Treat warnings as errors (nothing is written when there are any).
    pub strict: bool,
}

/// Why no reports were written.
#[derive(Debug)]
pub enum ReportError {
    /// Errors in the content, report.yaml or the CSV files (warnings included).
    Content(Diagnostics),
    Output(OutputError),
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    pub out: PathBuf,
    /// File names, sponsors first, the summary last.
    pub files: Vec<String>,
    /// Warnings from the content, report.yaml and the CSV files.
    pub warnings: Diagnostics,
}

pub fn default_output(site_dir: &Path) -> PathBuf {
    site_dir.join("reports")
}

pub fn default_metrics(site_dir: &Path) -> PathBuf {
    site_dir.join("metrics")
}

/// Compiles the site, reads the metrics and writes every report. On any error nothing is
/// written.
pub fn run(site_dir: &Path, opts: &Options) -> Result<Written, ReportError> {
    let out = opts.output.clone().unwrap_or_else(|| default_output(site_dir));
    write::check(site_dir, &out).map_err(ReportError::Output)?;
    let build = at_event_end(site_dir, &opts.build);
    let compiled = pipeline::compile(site_dir, &build).map_err(ReportError::Content)?;
    let mut diags = compiled.diags;
    let config = config::load(site_dir, &mut diags);
    let metrics_dir = opts.metrics.clone().unwrap_or_else(|| default_metrics(site_dir));
    let metrics = metrics::load(&metrics_dir, site_dir, opts.metrics.is_some(), &compiled.conf, &config, &mut diags);
    if diags.has_errors() || (opts.strict && !diags.is_empty()) {
        return Err(ReportError::Content(diags));
    }
    let generated = generated_on(&compiled.conf);
    let files = render_all(site_dir, &compiled.conf, &compiled.rendered.placements, &metrics, &config, generated);
    write::write(site_dir, &out, &files).map_err(ReportError::Output)?;
    Ok(Written { out, files: files.into_iter().map(|(name, _)| name).collect(), warnings: diags })
}

/// `opts` with "now" at 23:59 of the last conference day unless it names a time: a report
/// describes the site as it was during the event (jobs then live, tickets then on sale).
fn at_event_end(site_dir: &Path, opts: &BuildOptions) -> BuildOptions {
    let mut opts = opts.clone();
    if opts.now.is_none()
        && let (Parsed::Site(site), _) = content::load_file(site_dir, Path::new("site.yaml"), FileKind::Site)
    {
        opts.now = Some(format!("{} 23:59", site.end_date.value));
    }
    opts
}

/// The day the reports are made: SOURCE_DATE_EPOCH (for reproducible output) or today, in the
/// site's time zone.
fn generated_on(conf: &Conference) -> Date {
    pipeline::reproducible_now().to_zoned(conf.site.timezone.clone()).date()
}

/// Every report as (file name, HTML): `<sponsor slug>.html` per sponsor, then the summary.
pub fn render_all(
    site_dir: &Path,
    conf: &Conference,
    record: &PlacementRecord,
    metrics: &metrics::Metrics,
    config: &config::ReportConfig,
    generated: Date,
) -> Vec<(String, Vec<u8>)> {
    let agg = Aggregates::new(conf, record, metrics, config);
    let audience = agg.audience.as_ref().map(|a| Audience::new(a, config.min_group));
    let strings = i18n::strings(&conf.site.language);
    let cx = html::Ctx {
        conf,
        site_dir,
        t: &strings,
        audience: audience.as_ref(),
        min_group: config.min_group,
        generated,
        accent: conf.site.primary_color.clone(),
    };
    let views: Vec<SponsorView> = (0..conf.sponsors.len()).map(|s| SponsorView::new(conf, record, &agg, s)).collect();
    let mut files: Vec<(String, Vec<u8>)> =
        views.iter().map(|v| (format!("{}.html", conf.sponsors[v.sponsor].slug), html::sponsor::render(&cx, v).into_bytes())).collect();
    files.push((SUMMARY_FILE.to_string(), html::summary::render(&cx, &agg, &views).into_bytes()));
    files
}
