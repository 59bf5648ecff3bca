//! The whole pipeline in one place: load → resolve → render (+ exports) → write.
//! Commands and the server call these functions; they print nothing themselves.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::content;
use crate::diag::{Diagnostic, Diagnostics, Pos, Stage};
use crate::export;
use crate::model::{self, Conference};
use crate::output::{self, OutputError, WriteStats};
use crate::render::{self, Rendered};
use crate::sink::{self, Sink};
use crate::timing::timed;

/// What a build or check is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    /// Replaces site.yaml's base_url.
    pub base_url: Option<String>,
    /// "Now": `YYYY-MM-DD HH:MM` in the site's time zone, or an RFC 3339 time. Falls back to
    /// the SOURCE_DATE_EPOCH environment variable, then to the clock.
    pub now: Option<String>,
    /// Pages with relative links (`--relative-urls`), as if site.yaml said `relative_urls: true`.
    pub relative_urls: bool,
}

/// A site compiled in memory.
pub struct Compiled {
    pub conf: Conference,
    pub rendered: Rendered,
    /// Warnings (there are no errors when compiling succeeded).
    pub diags: Diagnostics,
}

/// Why a build did not produce output.
#[derive(Debug)]
pub enum BuildError {
    Content(Diagnostics),
    /// `--strict` and there were warnings (all of them here).
    Strict(Diagnostics),
    Output(OutputError),
}

pub struct BuildSummary {
    pub compiled: Compiled,
    pub written: WriteStats,
    pub elapsed: Duration,
}

/// The build's "now": `--now`, else site.yaml's `now`, else SOURCE_DATE_EPOCH, else `None` (the
/// clock). A local time needs the site's time zone; without a usable one, site.yaml already has
/// an error that says why, and this adds none.
fn resolve_now(opts: &BuildOptions, site: Option<&content::raw::RawSite>) -> Result<Option<Timestamp>, Diagnostic> {
    let tz = site.and_then(|s| jiff::tz::TimeZone::get(&s.timezone.value).ok());
    let local = |civil: jiff::civil::DateTime| tz.as_ref().and_then(|tz| civil.to_zoned(tz.clone()).ok()).map(|z| z.timestamp());
    if let Some(text) = &opts.now {
        if let Ok(ts) = text.parse::<Timestamp>() {
            return Ok(Some(ts));
        }
        // Without a usable time zone, site.yaml already has an error that says why. A local time
        // past the calendar's end (9999-12-31 23:59 east of UTC) is an error, not the real clock.
        let placed = match content::fields::parse_datetime(text) {
            Some(_) if tz.is_none() => return Ok(None),
            Some(civil) => local(civil),
            None => None,
        };
        return match placed {
            Some(ts) => Ok(Some(ts)),
            None => Err(Diagnostic::error("--now", Pos::default(), format!("`{text}` is not a valid time"))
                .with_hint("write `--now \"2026-05-01 12:00\"` (site time zone) or an RFC 3339 time")),
        };
    }
    if let Some(now) = site.and_then(|s| s.now.as_ref()) {
        return Ok(match now.value.offset {
            Some(offset) => offset.to_timestamp(now.value.civil).ok(),
            None => local(now.value.civil),
        });
    }
    source_date_epoch()
}

/// SOURCE_DATE_EPOCH as a timestamp: `None` when it is unset, an error when it is not a Unix time.
pub fn source_date_epoch() -> Result<Option<Timestamp>, Diagnostic> {
    let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    match epoch.trim().parse::<i64>().ok().and_then(|s| Timestamp::from_second(s).ok()) {
        Some(ts) => Ok(Some(ts)),
        None => Err(Diagnostic::error("SOURCE_DATE_EPOCH", Pos::default(), format!("`{epoch}` is not a number of seconds"))
            .with_hint("unset it or set it to a Unix time such as 1767225600")),
    }
}

/// SOURCE_DATE_EPOCH (for reproducible output), or the clock when it is unset or unusable: the
/// moment `confpress new` and `confpress report` take for today.
pub fn reproducible_now() -> Timestamp {
    source_date_epoch().ok().flatten().unwrap_or_else(Timestamp::now)
}

/// Loads and resolves the content. All diagnostics (errors and warnings) come back either way.
pub fn load_model(site_dir: &Path, opts: &BuildOptions) -> (Option<Conference>, Diagnostics) {
    let (content, diags) = content::load(site_dir);
    resolve_content(site_dir, content, diags, opts)
}

/// Resolves content already loaded (with the diagnostics loading it produced), as
/// [`load_model`] does; the server calls it with content assembled from its cache of parsed files.
pub fn resolve_content(
    site_dir: &Path,
    content: content::Content,
    mut diags: Diagnostics,
    opts: &BuildOptions,
) -> (Option<Conference>, Diagnostics) {
    let now = match resolve_now(opts, content.site.as_ref()) {
        Ok(now) => now,
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let model_opts = model::Options { drafts: opts.drafts, now, base_url: opts.base_url.clone(), site_dir: site_dir.to_path_buf() };
    let mut found = Diagnostics::default();
    let mut conf = timed("resolve", || model::resolve(content, &model_opts, &mut found));
    diags.extend_as(Stage::Model, found);
    if let Some(conf) = conf.as_mut() {
        conf.site.relative_urls |= opts.relative_urls;
    }
    if diags.has_errors() {
        return (None, diags);
    }
    (conf, diags)
}

/// Loads, resolves and renders the site in memory, checking sponsor placements.
pub fn compile(site_dir: &Path, opts: &BuildOptions) -> Result<Compiled, Diagnostics> {
    let sink = sink::Collect::default();
    let mut compiled = compile_into(site_dir, opts, &sink)?;
    compiled.rendered.files = sink.into_files();
    Ok(compiled)
}

/// Loads, resolves and renders the site, handing each file to `sink` as soon as it is ready.
pub fn compile_into(site_dir: &Path, opts: &BuildOptions, sink: &dyn Sink) -> Result<Compiled, Diagnostics> {
    let (conf, mut diags) = load_model(site_dir, opts);
    let Some(conf) = conf else { return Err(diags) };
    let plan = render::pages::plan(&conf);
    // The exports run beside the pages: schedule.json and .xml are written on one thread, which
    // the pages' work keeps the other core busy beside (docs/benchmarks.md has the memory this
    // costs).
    let (rendered, exported) = rayon::join(
        || timed("render", || render::render(&conf, &plan, site_dir, sink)),
        || timed("exports", || export::write(&conf, &render::pages::routes(&plan), sink)),
    );
    let rendered = match (rendered, exported) {
        (Ok(r), Ok(())) => r,
        (rendered, exported) => {
            diags.extend(rendered.err().unwrap_or_default());
            exported.err().into_iter().for_each(|d| diags.push(d));
            return Err(diags);
        }
    };
    diags.extend(render::placements::audit(&conf, &rendered.placements));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Compiled { conf, rendered, diags })
}

/// The default output folder: `<site>/public`.
pub fn default_output(site_dir: &Path) -> PathBuf {
    site_dir.join("public")
}

/// Loads, resolves and renders the site for its diagnostics, keeping none of the files.
pub fn check(site_dir: &Path, opts: &BuildOptions) -> Result<Compiled, Diagnostics> {
    compile_into(site_dir, opts, &sink::Discard)
}

/// Compiles the site straight into a staging folder beside `out`, then swaps it in. On any error
/// (and on warnings when `strict`) the staging folder is removed and nothing in `out` changes.
pub fn build(site_dir: &Path, out: &Path, opts: &BuildOptions, strict: bool) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let staging = output::Staging::begin(site_dir, out).map_err(BuildError::Output)?;
    let compiled = compile_into(site_dir, opts, &staging).map_err(BuildError::Content)?;
    if strict && !compiled.diags.is_empty() {
        return Err(BuildError::Strict(compiled.diags));
    }
    let written = timed("finish", || staging.finish(site_dir, &compiled.conf.static_files)).map_err(BuildError::Output)?;
    Ok(BuildSummary { compiled, written, elapsed: started.elapsed() })
}
