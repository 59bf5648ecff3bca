//! schema.org JSON-LD for the conference (Event), sessions (Event) and jobs (JobPosting).
//!
//! Templates embed these in `<script type="application/ld+json">`; pass the value through
//! [`to_script`] first, which makes the text safe inside a script element. Dates carry the
//! site's offset; URLs are absolute. The fields follow Google's structured-data guidelines for
//! events and job postings (required and recommended fields, when the content has them).

use jiff::civil::Time;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::markup::markdown;
use crate::model::links::{abs_url, content_url, session_url};
use crate::model::time::rfc3339;
use crate::model::{Conference, SessionKind, TicketStatus};

const SCHEDULED: &str = "https://schema.org/EventScheduled";
const OFFLINE: &str = "https://schema.org/OfflineEventAttendanceMode";
const MIXED: &str = "https://schema.org/MixedEventAttendanceMode";

/// Serializes `v` for a `<script>` element: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026` (the same JSON, but no `</script>` or `<!--` can appear in the text).
pub fn to_script(v: &impl Serialize) -> String {
    let json = serde_json::to_string(v).expect("JSON-LD serializes");
    crate::markup::escape::replace_ascii(&json, b"<>&", |b| match b {
        b'<' => "\\u003c",
        b'>' => "\\u003e",
        _ => "\\u0026",
    })
}

/// Drops null members, so absent optional fields are left out rather than written as `null`.
fn compact(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, compact(v))).collect::<Map<String, Value>>())
        }
        Value::Array(list) => Value::Array(list.into_iter().map(compact).collect()),
        v => v,
    }
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

fn postal_address(conf: &Conference) -> Value {
    let Some(v) = &conf.site.venue else { return Value::Null };
    if v.address.is_none() && v.city.is_none() && v.country.is_none() {
        return Value::Null;
    }
    json!({"@type": "PostalAddress", "streetAddress": v.address, "addressLocality": v.city, "addressCountry": v.country})
}

fn venue_place(conf: &Conference) -> Value {
    match &conf.site.venue {
        Some(v) => json!({"@type": "Place", "name": v.name, "address": postal_address(conf), "url": v.url}),
        None => Value::Null,
    }
}

fn organizer(conf: &Conference) -> Value {
    match &conf.site.organizer {
        Some(o) => json!({"@type": "Organization", "name": o.name, "url": o.url, "email": o.email}),
        None => Value::Null,
    }
}

fn images(conf: &Conference) -> Value {
    let list: Vec<String> = conf.site.image.iter().chain(conf.site.logo.iter()).map(|p| abs_url(conf, p)).take(1).collect();
    if list.is_empty() { Value::Null } else { json!(list) }
}

/// A speaker as a schema.org Person. Members are in the order JSON objects elsewhere here have
/// (sorted), and absent ones are left out.
#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

fn person(conf: &Conference, p: usize) -> Person<'_> {
    let sp = &conf.speakers[p];
    Person {
        kind: "Person",
        affiliation: sp.affiliation.as_deref().map(|name| Organization { kind: "Organization", name }),
        image: sp.photo.as_ref().map(|ph| abs_url(conf, ph)),
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

fn offers(conf: &Conference) -> Value {
    let Some(t) = &conf.tickets else { return Value::Null };
    let default_url = conf.site.links.get("tickets").map(|u| content_url(conf, u)).unwrap_or_else(|| abs_url(conf, "tickets/"));
    let list: Vec<Value> = t
        .tiers
        .iter()
        .map(|tier| {
            json!({
                "@type": "Offer",
                "name": tier.name,
                "description": tier.description,
                "price": tier.price,
                "priceCurrency": t.currency,
                "availability": availability(tier.status),
                "validFrom": tier.on_sale.as_ref().map(rfc3339),
                "validThrough": tier.off_sale.as_ref().map(rfc3339),
                "url": tier.url.as_ref().map(|u| content_url(conf, u)).unwrap_or_else(|| default_url.clone()),
                "category": tier.audience,
            })
        })
        .collect();
    if list.is_empty() { Value::Null } else { Value::Array(list) }
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
pub fn home(conf: &Conference) -> Value {
    let site = &conf.site;
    let first = conf.sessions.iter().map(|s| &s.start).min_by_key(|z| z.timestamp());
    let last = conf.sessions.iter().map(|s| &s.end).max_by_key(|z| z.timestamp());
    let start = first.map(rfc3339).unwrap_or_else(|| site.start_date.to_string());
    let end = last.map(rfc3339).unwrap_or_else(|| site.end_date.to_string());
    let streams = has_streams(conf);
    let mut location = venue_place(conf);
    if streams && let Some(stream) = site.links.get("stream") {
        let online = json!({"@type": "VirtualLocation", "url": content_url(conf, stream)});
        location = if location.is_null() { online } else { json!([location, online]) };
    }
    let performers: Vec<Person> = headliners(conf).into_iter().map(|p| person(conf, p)).collect();
    compact(json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": event_id(conf),
        "name": site.title,
        "description": site.description.as_ref().or(site.tagline.as_ref()),
        "url": site.base_url,
        "startDate": start,
        "endDate": end,
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": if streams { MIXED } else { OFFLINE },
        "location": location,
        "image": images(conf),
        "organizer": organizer(conf),
        "offers": offers(conf),
        "performer": if performers.is_empty() { None } else { Some(performers) },
        "inLanguage": site.language,
    }))
}

/// What every session's Event shares, built once per build rather than once per session page.
pub struct Shared {
    /// The venue as a Place, or null.
    venue: Value,
    /// The venue's PostalAddress, or null.
    address: Value,
    images: Value,
    organizer: Value,
    /// The conference, which every session is part of.
    super_event: Value,
}

impl Shared {
    pub fn new(conf: &Conference) -> Shared {
        Shared {
            venue: compact(venue_place(conf)),
            address: compact(postal_address(conf)),
            images: images(conf),
            organizer: compact(organizer(conf)),
            super_event: json!({"@type": "Event", "@id": event_id(conf), "name": conf.site.title, "url": conf.site.base_url}),
        }
    }
}

/// One session as a schema.org Event, part of the conference (`superEvent`). Serialized
/// straight from the model and the [`Shared`] parts, with members in sorted order and absent
/// ones left out, like the other JSON-LD here.
#[derive(Serialize)]
pub struct SessionEvent<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<&'a str>,
    #[serde(skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(rename = "endDate")]
    end_date: String,
    #[serde(rename = "eventAttendanceMode")]
    attendance_mode: &'static str,
    #[serde(rename = "eventStatus")]
    status: &'static str,
    #[serde(skip_serializing_if = "Value::is_null")]
    image: &'a Value,
    #[serde(rename = "inLanguage")]
    language: &'a str,
    #[serde(skip_serializing_if = "String::is_empty")]
    keywords: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Value::is_null")]
    organizer: &'a Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    performer: Vec<Person<'a>>,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(rename = "superEvent")]
    super_event: &'a Value,
    url: String,
}

/// Where a session is: a place, online, or both (a list of the two).
#[derive(Serialize)]
#[serde(untagged)]
enum Location<'a> {
    One(Place<'a>),
    Both([Place<'a>; 2]),
}

#[derive(Serialize)]
#[serde(untagged)]
enum Place<'a> {
    /// The session's room, inside the venue.
    Room {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(skip_serializing_if = "Value::is_null")]
        address: &'a Value,
        #[serde(rename = "containedInPlace", skip_serializing_if = "Value::is_null")]
        contained_in: &'a Value,
        name: &'a str,
    },
    /// The venue itself ([`Shared`]).
    Venue(&'a Value),
    Online {
        #[serde(rename = "@type")]
        kind: &'static str,
        url: String,
    },
}

/// One session as an Event, part of the conference (`superEvent`). `description` is the plain
/// text of its abstract ([`crate::markup::text::plain`]), which the session page has at hand.
pub fn session<'a>(conf: &'a Conference, shared: &'a Shared, i: usize, description: String) -> SessionEvent<'a> {
    let s = &conf.sessions[i];
    let place = match (s.room, &shared.venue) {
        (Some(r), _) => {
            Some(Place::Room { kind: "Place", address: &shared.address, contained_in: &shared.venue, name: &conf.rooms[r].name })
        }
        (None, venue) if !venue.is_null() => Some(Place::Venue(venue)),
        (None, _) => None,
    };
    let online = s.stream.as_ref().map(|stream| Place::Online { kind: "VirtualLocation", url: content_url(conf, stream) });
    let location = match (place, online) {
        (Some(place), Some(online)) => Some(Location::Both([place, online])),
        (Some(one), None) | (None, Some(one)) => Some(Location::One(one)),
        (None, None) => None,
    };
    SessionEvent {
        context: "https://schema.org",
        kind: "Event",
        about: s.track.map(|t| conf.tracks[t].name.as_str()),
        description,
        end_date: rfc3339(&s.end),
        attendance_mode: if s.stream.is_some() { MIXED } else { OFFLINE },
        status: SCHEDULED,
        image: &shared.images,
        language: &s.language,
        keywords: s.tags.join(", "),
        location,
        name: &s.title,
        organizer: &shared.organizer,
        performer: s.speakers.iter().map(|&p| person(conf, p)).collect(),
        start_date: rfc3339(&s.start),
        super_event: &shared.super_event,
        url: session_url(conf, i),
    }
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
fn job_address(location: &str) -> Value {
    match location.rsplit_once(',') {
        Some((locality, country)) if !locality.trim().is_empty() && !country.trim().is_empty() => {
            json!({"@type": "PostalAddress", "addressLocality": locality.trim(), "addressCountry": country.trim()})
        }
        _ => json!({"@type": "PostalAddress", "addressLocality": location.trim()}),
    }
}

/// One job as a JobPosting.
pub fn job(conf: &Conference, i: usize) -> Value {
    let j = &conf.jobs[i];
    let sponsor = &conf.sponsors[j.sponsor];
    let valid_through =
        j.expires.and_then(|d| d.to_datetime(Time::constant(23, 59, 59, 0)).to_zoned(conf.site.timezone.clone()).ok()).map(|z| rfc3339(&z));
    let salary = j.salary.as_ref().map(|s| {
        let value = match (s.min, s.max) {
            (Some(a), Some(b)) if a != b => {
                json!({"@type": "QuantitativeValue", "minValue": a, "maxValue": b, "unitText": s.period.to_uppercase()})
            }
            (Some(a), _) | (None, Some(a)) => json!({"@type": "QuantitativeValue", "value": a, "unitText": s.period.to_uppercase()}),
            (None, None) => Value::Null,
        };
        json!({"@type": "MonetaryAmount", "currency": s.currency, "value": value})
    });
    // Google reads TELECOMMUTE as "fully remote": hybrid jobs are listed at their office.
    let onsite = j.remote != "remote";
    compact(json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": j.title,
        "description": markdown::to_html(&j.description, &conf.site.base_url),
        "datePosted": j.posted.to_string(),
        "validThrough": valid_through,
        "employmentType": employment_type(j.kind),
        "hiringOrganization": {
            "@type": "Organization",
            "name": sponsor.name,
            "sameAs": sponsor.url,
            "logo": sponsor.logo.as_ref().map(|l| abs_url(conf, l)),
        },
        "jobLocation": if onsite { json!({"@type": "Place", "address": job_address(&j.location)}) } else { Value::Null },
        "jobLocationType": if onsite { None } else { Some("TELECOMMUTE") },
        "applicantLocationRequirements": if onsite { Value::Null } else { json!({"@type": "AdministrativeArea", "name": j.location}) },
        "baseSalary": salary,
        "url": abs_url(conf, &format!("jobs/{}/", j.slug)),
        "identifier": {"@type": "PropertyValue", "name": sponsor.name, "value": j.slug},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let v = json!({"d": "<p>a & b</p></script><!--"});
        let s = to_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }

    #[test]
    fn addresses_and_types() {
        assert_eq!(job_address("Amsterdam, Netherlands")["addressCountry"], "Netherlands");
        assert_eq!(job_address("Berlin")["addressLocality"], "Berlin");
        assert_eq!(employment_type("contract"), "CONTRACTOR");
        assert_eq!(compact(json!({"a": null, "b": [{"c": null, "d": 1}]})), json!({"b": [{"d": 1}]}));
    }
}
