//! confpress compiles a conference content folder into a static website.
//!
//! The code map: stages that read in one direction, each using only the ones above it
//! (tests/layering.rs holds the code to this order; docs/architecture.md explains it).
//!
//! 1. [`diag`] (diagnostics), [`timing`] (phase timings) and [`i18n`] (languages, string tables, dates): used by every stage.
//! 2. [`sink`]: where produced files go ([`sink::Sink`]), below the stages that make files and
//!    the one that writes them.
//! 3. [`content`] loads files into raw records, checking each field ([`content::vocab`] holds
//!    the closed lists of values).
//! 4. [`model`] resolves and validates them into one immutable [`model::Conference`].
//! 5. [`markup`]: Markdown to HTML and plain text, escaping, site paths.
//! 6. [`render`] turns the model into pages, beside [`export`], which turns it into calendar,
//!    schedule, feed and sitemap files; neither uses the other.
//! 7. [`output`] writes a build atomically.
//! 8. [`pipeline`] runs the stages: load → resolve → render ∥ export → write.
//! 9. [`serve`] runs the pipeline on every change; [`report`] compiles the site in memory and
//!    turns its placement record and imported metrics into sponsor reports; [`import`] reads a
//!    CFP tool's export into the content folder.
//! 10. [`cli`]: a thin layer of commands.

pub mod cli;
pub mod content;
pub mod diag;
pub mod export;
pub mod i18n;
pub mod import;
pub mod markup;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod serve;
pub mod sink;
pub mod timing;
