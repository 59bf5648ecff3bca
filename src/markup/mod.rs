//! Text in the forms the site writes it: a record's body (Markdown or HTML, [`body`]) as
//! sanitised HTML ([`sanitise`]) and as plain text ([`text`]) for the formats that carry no
//! markup, Markdown to HTML ([`markdown`]), and text escaped for HTML, XML and JSON
//! ([`escape`]). Pages and exports both use it; of the model it reads only [`crate::content::body::Body`].

pub mod body;
pub mod escape;
pub mod markdown;
pub mod paths;
pub mod sanitise;
pub mod text;
