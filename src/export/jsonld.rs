//! schema.org JSON-LD for the conference (Event), sessions (Event) and jobs (JobPosting).

use serde_json::{json, Value};

use crate::model::Conference;

pub fn home(conf: &Conference) -> Value {
    json!({"@context": "https://schema.org", "@type": "Event", "name": conf.site.title})
}

pub fn session(conf: &Conference, i: usize) -> Value {
    json!({"@context": "https://schema.org", "@type": "Event", "name": conf.sessions[i].title})
}

pub fn job(conf: &Conference, i: usize) -> Value {
    json!({"@context": "https://schema.org", "@type": "JobPosting", "title": conf.jobs[i].title})
}
