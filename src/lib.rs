//! confpress compiles a conference content folder into a static website.
//!
//! The pipeline reads in one direction:
//! [`content`] loads files into raw records → [`model`] resolves and validates them into one
//! immutable [`model::Conference`] → [`render`] turns it into pages and [`export`] into
//! calendar, schedule and feed files → [`output`] writes them atomically.
//! [`serve`] runs the same pipeline on every change; [`report`] compiles the site in memory and
//! turns its placement record and imported metrics into sponsor reports; [`cli`] is a thin
//! layer of commands.

pub mod cli;
pub mod content;
pub mod diag;
pub mod export;
pub mod markup;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod serve;
pub mod sink;
pub mod timing;
