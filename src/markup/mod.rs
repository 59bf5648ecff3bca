//! Text in the forms the site writes it: Markdown to HTML ([`markdown`]), to plain text
//! ([`text`]) for the formats that carry no markup, and escaped for HTML, XML and JSON
//! ([`escape`]). Pages and exports both use it; it reads nothing of the model.

pub mod escape;
pub mod markdown;
pub mod paths;
pub mod text;
