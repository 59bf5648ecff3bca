//! Machine-readable outputs: calendars, schedule-app files, feeds, sitemap and structured data.
//! Each reads only the model.

pub mod jsonld;

use crate::model::Conference;
use crate::render::OutFile;

/// Every export file of the site. `routes` are the site's page routes (`sessions/x/`), for the
/// sitemap.
pub fn all(conf: &Conference, routes: &[String]) -> Vec<OutFile> {
    let _ = (conf, routes);
    Vec::new()
}
