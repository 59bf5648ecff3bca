//! The jobs wall and each job's page.

use serde::Serialize;
use serde_json::{Value, json};

use super::{Cx, Kind, View, each, options, single, t};
use crate::model::{Conference, Placement};
use crate::render::jsonld;
use crate::render::splice::Splices;
use crate::render::views::Views;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jobs;

#[derive(Serialize)]
struct JobsView<'a> {
    /// The jobs by their sponsor's tier, in the wall's order.
    groups: Vec<JobGroup<'a>>,
    job_count: usize,
    filters: Value,
}

#[derive(Serialize)]
struct JobGroup<'a> {
    tier: TierName<'a>,
    jobs: Vec<Value>,
}

#[derive(Serialize)]
struct TierName<'a> {
    id: &'a str,
    name: &'a str,
}

impl Kind for Jobs {
    const NAME: &'static str = "jobs";
    const TEMPLATE: &'static str = "jobs.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Jobs, Placement::Footer];

    /// The wall exists when some tier could post jobs, even before any is posted.
    fn pages(conf: &Conference) -> Vec<(String, Jobs)> {
        single("jobs/", !conf.tiers.is_empty() || !conf.jobs.is_empty(), Jobs)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let c = v.conf;
        let mut groups: Vec<JobGroup> = Vec::new();
        for (j, job) in c.jobs.iter().enumerate() {
            let tier = &c.tiers[c.sponsors[job.sponsor].tier];
            match groups.last_mut() {
                Some(group) if group.tier.id == tier.id => group.jobs.push(v.job_summary(j)),
                _ => groups.push(JobGroup { tier: TierName { id: &tier.id, name: &tier.name }, jobs: vec![v.job_summary(j)] }),
            }
        }
        View::new(t(v, "jobs"), None, &JobsView { groups, job_count: c.jobs.len(), filters: job_filters(v) })
    }
}

/// The choices of the jobs wall's filters (`filters` on the jobs page): `sponsors` (in the wall's
/// order), `locations` (sorted), each `{id, label}`; work modes and types are fixed lists.
fn job_filters(v: &Views) -> Value {
    let c = v.conf;
    json!({
        "sponsors": options(c.jobs.iter().map(|j| (c.sponsors[j.sponsor].slug.as_str(), c.sponsors[j.sponsor].name.clone())), false),
        "locations": options(c.jobs.iter().map(|j| (j.location.as_str(), j.location.clone())), true),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job(pub usize);

#[derive(Serialize)]
struct JobView {
    job: Value,
    jsonld: String,
}

impl Kind for Job {
    const NAME: &'static str = "job";
    const TEMPLATE: &'static str = "job.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Jobs, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Job)> {
        each(&conf.jobs, "jobs/", |j| &j.slug, Job)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let job = v.job_full(self.0);
        let summary = job.get("summary").and_then(Value::as_str).map(str::to_string);
        let jsonld = jsonld::to_script(&jsonld::job(v.conf, self.0));
        View::new(v.conf.jobs[self.0].title.clone(), summary, &JobView { job, jsonld })
    }
}
