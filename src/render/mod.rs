//! Rendering: the model and the theme in, every page of the site out (as bytes in memory).
//!
//! Pages are listed first ([`pages::plan`]), then rendered in parallel from one compiled Tera
//! instance and the shared [`views::Views`]. After rendering, each page's HTML is scanned for the
//! sponsor logos it actually shows, so the placement record is what visitors see, not what a
//! template was supposed to do.

pub mod agenda;
pub mod app;
pub mod fingerprint;
pub mod fragments;
pub mod jsonld;
pub mod pages;
pub mod placements;
pub mod splice;
pub mod sponsor_blocks;
pub mod theme;
pub mod urls;
pub mod views;

use std::path::Path;

use rayon::prelude::*;
use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::markup::escape::escaped_html_parts;
use crate::markup::markdown;
use crate::model::Conference;
use crate::sink::{OutFile, Sink};
use crate::timing::timed;
pub use placements::PlacementRecord;
use theme::Theme;
use views::Views;

/// Everything a render produced.
pub struct Rendered {
    pub files: Vec<OutFile>,
    /// What the pages show of the sponsors, sorted.
    pub placements: PlacementRecord,
    pub page_count: usize,
}

/// Compiles the theme's templates, reporting template errors as diagnostics.
pub fn compile(theme: &Theme) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    // Tera's default also escapes `/`, which turns every URL into `https:&#x2F;&#x2F;…`: valid,
    // but unreadable in the page source. These five are all HTML needs.
    tera.set_escape_fn(|text, out| escaped_html_parts(text).try_for_each(|part| out.write_all(part.as_bytes())));
    tera.register_filter("markdown", |text: &str, _: tera::Kwargs, state: &tera::State| {
        // Site paths stay as they are (`/venue/`), except in relative mode, where they must not.
        let site: Option<tera::Value> = state.get("site").ok().flatten();
        let relative = site.and_then(|s| s.get_from_path("base_path").and_then(|b| b.as_str().map(|b| b == urls::ROOT)));
        tera::Value::safe_string(&markdown::to_html(text, if relative == Some(true) { urls::ROOT } else { "/" }))
    });
    tera.register_function("url", urls::tera_url);
    if let Err(e) = tera.add_raw_templates(theme.templates.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
        let located = Located::of(&e, "templates");
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error(located.file, located.pos, format!("template error: {}", located.message))
                .with_hint("fix the template named above (a site override in templates/ or the theme's); see docs/templates.md"),
        );
        return Err(d);
    }
    Ok(tera)
}

/// A Tera error as a diagnostic wants it: the template file and line when Tera knows them (syntax
/// and rendering errors), else `fallback` and the whole chain of causes.
struct Located {
    file: String,
    pos: Pos,
    message: String,
}

impl Located {
    fn of(e: &tera::Error, fallback: &str) -> Located {
        match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) if !r.filename().is_empty() => Located {
                file: format!("templates/{}", r.filename()),
                pos: Pos::new(r.span().start_line as u32, r.span().start_col as u32 + 1),
                message: r.message().to_string(),
            },
            _ => Located::from_report(&e.to_string()).unwrap_or_else(|| Located {
                file: fallback.to_string(),
                pos: Pos::default(),
                message: error_chain(e),
            }),
        }
    }

    /// Tera reports unknown filters, tests and components as ready text (`error: Unknown filter
    /// `x``, then ` --> page.html:3:24` and the source); this reads the first one back.
    fn from_report(text: &str) -> Option<Located> {
        let mut lines = text.lines();
        let message = lines.next()?.strip_prefix("error: ")?;
        let place = lines.next()?.trim_start().strip_prefix("--> ")?;
        let mut parts = place.rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some(Located { file: format!("templates/{}", parts.next()?), pos: Pos::new(line, col), message: message.to_string() })
    }
}

/// Tera nests the real cause several errors deep.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The hint of every diagnostic for a template that failed to render.
const TEMPLATE_HINT: &str =
    "a site override in templates/ or the theme uses a variable or filter that does not exist here; see docs/templates.md";

/// The diagnostic for `what` that failed to render from the templates named in `file`.
fn render_failure(file: String, what: &str, e: &tera::Error) -> Diagnostic {
    let located = Located::of(e, &file);
    Diagnostic::error(located.file, located.pos, format!("cannot render {what}: {}", located.message)).with_hint(TEMPLATE_HINT)
}

/// [`render_failure`] as the diagnostics of a phase.
fn template_failure(file: String, what: &str, e: &tera::Error) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(render_failure(file, what, e));
    d
}

/// Renders the parts of the layout that every page shares once (see [`fragments::Chrome`]).
fn chrome(views: &Views, tera: &Tera) -> Result<fragments::Chrome, Diagnostics> {
    fragments::Chrome::render(views, tera).map_err(|e| {
        let file = format!("templates/{}, {} or {}", fragments::HEAD_TEMPLATE, fragments::HEADER_TEMPLATE, fragments::FOOTER_TEMPLATE);
        template_failure(file, "the page layout", &e)
    })
}

/// Renders every placement's sponsor block once (see [`sponsor_blocks::SponsorBlocks`]).
fn sponsor_blocks(views: &Views, tera: &Tera) -> Result<sponsor_blocks::SponsorBlocks, Diagnostics> {
    sponsor_blocks::SponsorBlocks::render(views, tera)
        .map_err(|e| template_failure(format!("templates/{}", sponsor_blocks::SPONSOR_BLOCK_TEMPLATE), "sponsor blocks", &e))
}

/// What every page of a build or a rebuild is rendered with besides its own data: the templates,
/// and the layout's parts and sponsor blocks, rendered once.
pub fn parts<'t>(views: &Views, tera: &'t Tera) -> Result<pages::Parts<'t>, Diagnostics> {
    let blocks = timed("blocks", || sponsor_blocks(views, tera))?;
    Ok(pages::Parts { tera, blocks, chrome: chrome(views, tera)? })
}

/// Renders every session's slot (at `slots`, by session) and cards and every speaker's card once
/// (see [`fragments`]), except those `kept`.
pub fn render_fragments(
    views: &Views,
    tera: &Tera,
    slots: &[agenda::Slot],
    kept: &fragments::Kept,
) -> Result<fragments::Fragments, Diagnostics> {
    fragments::Fragments::render(views, tera, slots, kept).map_err(|e| {
        use fragments::{CARD_TEMPLATE, SLOT_TEMPLATE, SPEAKER_CARD_TEMPLATE};
        let file = format!("templates/{CARD_TEMPLATE}, templates/{SLOT_TEMPLATE} or templates/{SPEAKER_CARD_TEMPLATE}");
        template_failure(file, "a session's card or agenda slot, or a speaker's card", &e)
    })
}

/// The diagnostic for a page whose template failed to render.
pub fn page_error(page: &pages::PageSpec, e: &tera::Error) -> Diagnostic {
    render_failure(format!("templates/{}", page.template), &page.path, e)
}

/// Renders every page of `plan` ([`pages::plan`]), the app's files and the theme's assets into
/// `sink`. `Rendered::files` stays empty.
pub fn render(conf: &Conference, plan: &[pages::PageSpec], site_dir: &Path, sink: &dyn Sink) -> Result<Rendered, Diagnostics> {
    let theme = theme::load(&conf.site, site_dir)?;
    let tera = compile(&theme)?;
    render_with(conf, plan, &theme, &tera, sink)
}

/// What rendering pages on one thread leaves: what they show of the sponsors, and the
/// diagnostics of those that failed, by their place in the plan.
#[derive(Default)]
struct PagesDone {
    record: PlacementRecord,
    failed: Vec<(usize, Diagnostic)>,
}

impl PagesDone {
    fn merge(mut self, other: PagesDone) -> PagesDone {
        self.record.merge(other.record);
        self.failed.extend(other.failed);
        self
    }
}

/// Renders every page of `plan` into `sink`, each session's fragments first; returns what the
/// pages show of the sponsors (sorted), and the diagnostics of those that failed, in plan
/// order. Each thread records what its pages show as it goes, rather than keeping every page's
/// list until the end (15,000 lists of 30 pairs at 10,000 sessions).
fn render_pages(
    views: &Views,
    parts: &pages::Parts,
    plan: &[pages::PageSpec],
    sink: &dyn Sink,
) -> Result<(PlacementRecord, Diagnostics), Diagnostics> {
    let fragments = timed("fragments", || render_fragments(views, parts.tera, &agenda::slots(views.conf), &fragments::Kept::nothing()))?;
    let render = |shared: &mut tera::Context, page: &pages::PageSpec, record: &mut PlacementRecord| {
        let rendered = pages::render_page(views, &fragments, parts, shared, page).map_err(|e| page_error(page, &e))?;
        record.add(&page.path, rendered.shown());
        rendered.put(&page.path, sink)
    };
    // In path order, so that what the threads record comes out sorted (see PlacementRecord::sort).
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.par_sort_unstable_by(|&a, &b| plan[a].path.cmp(&plan[b].path));
    let done = timed("pages", || {
        order
            .par_iter()
            .map(|&i| (i, &plan[i]))
            .fold(
                || (pages::shared_context(views), PagesDone::default()),
                |(mut shared, mut done), (i, page)| {
                    if let Err(d) = render(&mut shared, page, &mut done.record) {
                        done.failed.push((i, d));
                    }
                    (shared, done)
                },
            )
            .map(|(_, done)| done)
            .reduce(PagesDone::default, PagesDone::merge)
    });
    let mut failed = done.failed;
    failed.sort_by_key(|(i, _)| *i);
    let mut diags = Diagnostics::default();
    failed.into_iter().for_each(|(_, d)| diags.push(d));
    let mut record = done.record;
    timed("sort", || record.sort());
    Ok((record, diags))
}

/// Renders with an already loaded theme and compiled templates.
pub fn render_with(
    conf: &Conference,
    plan: &[pages::PageSpec],
    theme: &Theme,
    tera: &Tera,
    sink: &dyn Sink,
) -> Result<Rendered, Diagnostics> {
    let views = timed("views", || Views::new(conf, theme.strings.clone()));
    let parts = parts(&views, tera)?;
    let (rendered, exported) =
        rayon::join(|| render_pages(&views, &parts, plan, sink), || app::write_app_files(&views, &pages::routes(plan), sink));
    let (record, mut diags) = rendered?;
    let assets =
        || theme.assets.iter().try_for_each(|(path, bytes)| sink.put(OutFile { path: format!("assets/{path}"), bytes: bytes.clone() }));
    if let Err(d) = exported.and_then(|()| assets()) {
        diags.push(d);
    }
    views.free_in_background();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Rendered { files: Vec::new(), placements: record, page_count: plan.len() })
}
