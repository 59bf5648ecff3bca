//! schema.org JSON-LD for the conference (Event), sessions (Event) and jobs (JobPosting).
//!
//! Templates embed these in `<script type="application/ld+json">`; pass the value through
//! [`to_script`] first, which makes the text safe inside a script element. Dates carry the
//! site's offset; URLs are absolute. The fields follow Google's structured-data guidelines for
//! events and job postings (required and recommended fields, when the content has them).
//!
//! Each schema.org type is a struct here. Their members are declared in sorted order (`@` first,
//! capitals before small letters), the order the JSON-LD has always had, and absent ones are
//! left out, never written as `null`. Types whose `@type` comes first name it with
//! `#[serde(tag = "@type")]`; Event and JobPosting, where `@context` or `@id` sort before it,
//! have it as a member.

use jiff::civil::Time;
use serde::Serialize;

use crate::markup::{body, escape};
use crate::model::links::{abs_url, content_url, session_url};
use crate::model::time::rfc3339;
use crate::model::{Conference, SessionKind, TicketStatus};

const CONTEXT: &str = "https://schema.org";
const SCHEDULED: &str = "https://schema.org/EventScheduled";
const OFFLINE: &str = "https://schema.org/OfflineEventAttendanceMode";
const MIXED: &str = "https://schema.org/MixedEventAttendanceMode";

/// Serializes `v` for a `<script>` element: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026` (the same JSON, but no `</script>` or `<!--` can appear in the text).
pub fn to_script(v: &impl Serialize) -> String {
    escape::script_json(v, b"<>&")
}

/// A schema.org Event: the conference ([`home`]) or one of its sessions ([`session`]).
#[derive(Serialize)]
pub struct Event<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// A session's track.
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "endDate")]
    end_date: String,
    #[serde(rename = "eventAttendanceMode")]
    attendance_mode: &'static str,
    #[serde(rename = "eventStatus")]
    status: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    image: &'a [String],
    #[serde(rename = "inLanguage")]
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<Offer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organizer: Option<&'a Organization<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    performer: Vec<Person<'a>>,
    #[serde(rename = "startDate")]
    start_date: String,
    /// For a session: the conference.
    #[serde(rename = "superEvent", skip_serializing_if = "Option::is_none")]
    super_event: Option<&'a EventRef<'a>>,
    url: String,
}

/// The conference Event named by its `@id` (a session's `superEvent`).
#[derive(Serialize)]
struct EventRef<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

/// Where an event is: a place, online, or both (a list of the two).
#[derive(Serialize)]
#[serde(untagged)]
enum Location<'a> {
    Place(Place<'a>),
    Online(VirtualLocation),
    Both(Place<'a>, VirtualLocation),
}

impl<'a> Location<'a> {
    fn of(place: Option<Place<'a>>, online: Option<VirtualLocation>) -> Option<Location<'a>> {
        match (place, online) {
            (Some(place), Some(online)) => Some(Location::Both(place, online)),
            (Some(place), None) => Some(Location::Place(place)),
            (None, Some(online)) => Some(Location::Online(online)),
            (None, None) => None,
        }
    }
}

/// The venue, a room inside it (`containedInPlace`), or a job's office (an address only).
#[derive(Serialize, Clone, Copy)]
#[serde(tag = "@type")]
struct Place<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<PostalAddress<'a>>,
    #[serde(rename = "containedInPlace", skip_serializing_if = "Option::is_none")]
    contained_in: Option<&'a Place<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize, Clone, Copy)]
#[serde(tag = "@type")]
struct PostalAddress<'a> {
    #[serde(rename = "addressCountry", skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    locality: Option<&'a str>,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct VirtualLocation {
    url: String,
}

/// The organizer, a speaker's affiliation or a job's employer.
#[derive(Serialize)]
#[serde(tag = "@type")]
struct Organization<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> Organization<'a> {
    fn named(name: &'a str) -> Organization<'a> {
        Organization { email: None, logo: None, name, same_as: None, url: None }
    }
}

/// A speaker.
#[derive(Serialize)]
#[serde(tag = "@type")]
struct Person<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    url: String,
}

/// A ticket tier.
#[derive(Serialize)]
#[serde(tag = "@type")]
struct Offer<'a> {
    availability: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    name: &'a str,
    price: f64,
    #[serde(rename = "priceCurrency")]
    currency: &'a str,
    url: String,
    #[serde(rename = "validFrom", skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(rename = "validThrough", skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
}

/// The conference Event's `@id`, referenced by every session's `superEvent`.
fn event_id(conf: &Conference) -> String {
    format!("{}#event", conf.site.base_url)
}

fn has_streams(conf: &Conference) -> bool {
    conf.site.links.contains_key("stream")
        || conf.rooms.iter().any(|r| r.stream.is_some())
        || conf.sessions.iter().any(|s| s.stream.is_some())
}

fn postal_address(conf: &Conference) -> Option<PostalAddress<'_>> {
    let v = conf.site.venue.as_ref()?;
    if v.address.is_none() && v.city.is_none() && v.country.is_none() {
        return None;
    }
    Some(PostalAddress { country: v.country.as_deref(), locality: v.city.as_deref(), street: v.address.as_deref() })
}

fn venue_place(conf: &Conference) -> Option<Place<'_>> {
    let v = conf.site.venue.as_ref()?;
    Some(Place { address: postal_address(conf), contained_in: None, name: Some(&v.name), url: v.url.as_deref() })
}

fn organizer(conf: &Conference) -> Option<Organization<'_>> {
    let o = conf.site.organizer.as_ref()?;
    Some(Organization { email: o.email.as_deref(), url: o.url.as_deref(), ..Organization::named(&o.name) })
}

/// The site's image, or else its logo (none, or one).
fn images(conf: &Conference) -> Vec<String> {
    conf.site.image.iter().chain(conf.site.logo.iter()).map(|p| abs_url(conf, p)).take(1).collect()
}

fn person(conf: &Conference, p: usize) -> Person<'_> {
    let sp = &conf.speakers[p];
    Person {
        affiliation: sp.affiliation.as_deref().map(Organization::named),
        image: sp.photo.as_ref().map(|ph| if crate::content::fields::is_remote(ph) { ph.clone() } else { abs_url(conf, ph) }),
        job_title: sp.job_title.as_deref(),
        name: &sp.name,
        url: abs_url(conf, &format!("speakers/{}/", sp.slug)),
    }
}

fn availability(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::OnSale => "https://schema.org/InStock",
        TicketStatus::SoldOut => "https://schema.org/SoldOut",
        TicketStatus::Upcoming => "https://schema.org/PreOrder",
        TicketStatus::Ended => "https://schema.org/Discontinued",
    }
}

fn offers(conf: &Conference) -> Vec<Offer<'_>> {
    let Some(t) = &conf.tickets else { return Vec::new() };
    let default_url = conf.site.links.get("tickets").map(|u| content_url(conf, u)).unwrap_or_else(|| abs_url(conf, "tickets/"));
    t.tiers
        .iter()
        .map(|tier| Offer {
            availability: availability(tier.status),
            category: tier.audience.as_deref(),
            description: tier.description.as_deref(),
            name: &tier.name,
            price: tier.price,
            currency: &t.currency,
            url: tier.url.as_ref().map(|u| content_url(conf, u)).unwrap_or_else(|| default_url.clone()),
            valid_from: tier.on_sale.as_ref().map(rfc3339),
            valid_through: tier.off_sale.as_ref().map(rfc3339),
        })
        .collect()
}

/// The performers the home page names: the featured speakers (the ones it shows), or without
/// any, the keynote speakers. Not every speaker: a big programme would make the home page
/// megabytes of JSON.
fn headliners(conf: &Conference) -> Vec<usize> {
    let speaks = |p: &usize| !conf.speakers[*p].sessions.is_empty();
    let featured: Vec<usize> = (0..conf.speakers.len()).filter(|&p| conf.speakers[p].featured).filter(speaks).collect();
    if !featured.is_empty() {
        return featured;
    }
    let mut keynote: Vec<usize> =
        conf.sessions.iter().filter(|s| s.kind == SessionKind::Keynote).flat_map(|s| s.speakers.iter().copied()).collect();
    keynote.sort_unstable();
    keynote.dedup();
    keynote
}

/// The conference as an Event, for the home page.
pub fn home<'a>(conf: &'a Conference, shared: &'a Shared<'a>) -> Event<'a> {
    let site = &conf.site;
    let first = conf.sessions.iter().map(|s| &s.start).min_by_key(|z| z.timestamp());
    let last = conf.sessions.iter().map(|s| &s.end).max_by_key(|z| z.timestamp());
    let streams = has_streams(conf);
    let online = site.links.get("stream").filter(|_| streams).map(|stream| VirtualLocation { url: content_url(conf, stream) });
    Event {
        context: CONTEXT,
        id: Some(event_id(conf)),
        kind: "Event",
        about: None,
        description: site.description.as_ref().or(site.tagline.as_ref()).cloned(),
        end_date: last.map(rfc3339).unwrap_or_else(|| site.end_date.to_string()),
        attendance_mode: if streams { MIXED } else { OFFLINE },
        status: SCHEDULED,
        image: &shared.images,
        language: &site.language,
        keywords: None,
        location: Location::of(shared.venue, online),
        name: &site.title,
        offers: offers(conf),
        organizer: shared.organizer.as_ref(),
        performer: headliners(conf).into_iter().map(|p| person(conf, p)).collect(),
        start_date: first.map(rfc3339).unwrap_or_else(|| site.start_date.to_string()),
        super_event: None,
        url: site.base_url.clone(),
    }
}

/// What the Events share, built once per build rather than once per session page.
pub struct Shared<'a> {
    venue: Option<Place<'a>>,
    /// The venue's address.
    address: Option<PostalAddress<'a>>,
    images: Vec<String>,
    organizer: Option<Organization<'a>>,
    /// The conference, which every session is part of.
    super_event: EventRef<'a>,
}

impl<'a> Shared<'a> {
    pub fn new(conf: &'a Conference) -> Shared<'a> {
        Shared {
            venue: venue_place(conf),
            address: postal_address(conf),
            images: images(conf),
            organizer: organizer(conf),
            super_event: EventRef { id: event_id(conf), kind: "Event", name: &conf.site.title, url: &conf.site.base_url },
        }
    }
}

/// One session as an Event, part of the conference (`superEvent`). `description` is the plain
/// text of its abstract ([`crate::markup::text::plain`]), which the session page has at hand.
/// A session in a room is at a Place inside the venue; a plenary one at the venue.
pub fn session<'a>(conf: &'a Conference, shared: &'a Shared<'a>, i: usize, description: String) -> Event<'a> {
    let s = &conf.sessions[i];
    let place = match s.room {
        Some(r) => Some(Place { address: shared.address, contained_in: shared.venue.as_ref(), name: Some(&conf.rooms[r].name), url: None }),
        None => shared.venue,
    };
    let online = s.stream.as_ref().map(|stream| VirtualLocation { url: content_url(conf, stream) });
    Event {
        context: CONTEXT,
        id: None,
        kind: "Event",
        about: s.track.map(|t| conf.tracks[t].name.as_str()),
        description: (!description.is_empty()).then_some(description),
        end_date: rfc3339(&s.end),
        attendance_mode: if s.stream.is_some() { MIXED } else { OFFLINE },
        status: SCHEDULED,
        image: &shared.images,
        language: &s.language,
        keywords: Some(s.tags.join(", ")).filter(|k| !k.is_empty()),
        location: Location::of(place, online),
        name: &s.title,
        offers: Vec::new(),
        organizer: shared.organizer.as_ref(),
        performer: s.speakers.iter().map(|&p| person(conf, p)).collect(),
        start_date: rfc3339(&s.start),
        super_event: Some(&shared.super_event),
        url: session_url(conf, i),
    }
}

/// A job as a schema.org JobPosting.
#[derive(Serialize)]
pub struct JobPosting<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// For a remote job: where applicants may live.
    #[serde(rename = "applicantLocationRequirements", skip_serializing_if = "Option::is_none")]
    applicant_location: Option<AdministrativeArea<'a>>,
    #[serde(rename = "baseSalary", skip_serializing_if = "Option::is_none")]
    salary: Option<MonetaryAmount<'a>>,
    #[serde(rename = "datePosted")]
    posted: String,
    /// HTML.
    description: String,
    #[serde(rename = "employmentType")]
    employment_type: &'static str,
    #[serde(rename = "hiringOrganization")]
    employer: Organization<'a>,
    identifier: PropertyValue<'a>,
    /// For a job at an office.
    #[serde(rename = "jobLocation", skip_serializing_if = "Option::is_none")]
    location: Option<Place<'a>>,
    #[serde(rename = "jobLocationType", skip_serializing_if = "Option::is_none")]
    location_type: Option<&'static str>,
    title: &'a str,
    url: String,
    #[serde(rename = "validThrough", skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct AdministrativeArea<'a> {
    name: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct MonetaryAmount<'a> {
    currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<QuantitativeValue>,
}

/// A salary: a range, or one amount (`value`).
#[derive(Serialize)]
#[serde(tag = "@type")]
struct QuantitativeValue {
    #[serde(rename = "maxValue", skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(rename = "minValue", skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(rename = "unitText")]
    unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
struct PropertyValue<'a> {
    name: &'a str,
    value: &'a str,
}

fn employment_type(kind: &str) -> &'static str {
    match kind {
        "part-time" => "PART_TIME",
        "contract" => "CONTRACTOR",
        "internship" => "INTERN",
        _ => "FULL_TIME",
    }
}

/// "Amsterdam, Netherlands" → locality "Amsterdam", country "Netherlands"; without a comma the
/// whole string is the locality.
fn job_address(location: &str) -> PostalAddress<'_> {
    let (locality, country) = match location.rsplit_once(',') {
        Some((locality, country)) if !locality.trim().is_empty() && !country.trim().is_empty() => (locality, Some(country.trim())),
        _ => (location, None),
    };
    PostalAddress { country, locality: Some(locality.trim()), street: None }
}

/// One job as a JobPosting.
pub fn job(conf: &Conference, i: usize) -> JobPosting<'_> {
    let j = &conf.jobs[i];
    let sponsor = &conf.sponsors[j.sponsor];
    let valid_through =
        j.expires.and_then(|d| d.to_datetime(Time::constant(23, 59, 59, 0)).to_zoned(conf.site.timezone.clone()).ok()).map(|z| rfc3339(&z));
    let salary = j.salary.as_ref().map(|s| {
        let unit = || s.period.to_uppercase();
        let value = match (s.min, s.max) {
            (Some(a), Some(b)) if a != b => Some(QuantitativeValue { max: Some(b), min: Some(a), unit: unit(), value: None }),
            (Some(a), _) | (None, Some(a)) => Some(QuantitativeValue { max: None, min: None, unit: unit(), value: Some(a) }),
            (None, None) => None,
        };
        MonetaryAmount { currency: &s.currency, value }
    });
    // Google reads TELECOMMUTE as "fully remote": hybrid jobs are listed at their office.
    let onsite = j.remote != "remote";
    JobPosting {
        context: CONTEXT,
        kind: "JobPosting",
        applicant_location: (!onsite).then_some(AdministrativeArea { name: &j.location }),
        salary,
        posted: j.posted.to_string(),
        description: body::html(&j.description, &conf.site.base_url),
        employment_type: employment_type(j.kind),
        employer: Organization {
            logo: sponsor.logo.as_ref().map(|l| abs_url(conf, l)),
            same_as: Some(&sponsor.url),
            ..Organization::named(&sponsor.name)
        },
        identifier: PropertyValue { name: &sponsor.name, value: &j.slug },
        location: onsite.then(|| Place { address: Some(job_address(&j.location)), contained_in: None, name: None, url: None }),
        location_type: (!onsite).then_some("TELECOMMUTE"),
        title: &j.title,
        url: abs_url(conf, &format!("jobs/{}/", j.slug)),
        valid_through,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn script_text_cannot_close_the_element() {
        let v = json!({"d": "<p>a & b</p></script><!--"});
        let s = to_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }

    #[test]
    fn addresses_and_types() {
        let json = |a: PostalAddress| serde_json::to_string(&a).unwrap();
        assert_eq!(
            json(job_address("Amsterdam, Netherlands")),
            r#"{"@type":"PostalAddress","addressCountry":"Netherlands","addressLocality":"Amsterdam"}"#
        );
        assert_eq!(json(job_address(" Berlin ")), r#"{"@type":"PostalAddress","addressLocality":"Berlin"}"#);
        assert_eq!(json(job_address(", Berlin")), r#"{"@type":"PostalAddress","addressLocality":", Berlin"}"#);
        assert_eq!(employment_type("contract"), "CONTRACTOR");
    }
}
