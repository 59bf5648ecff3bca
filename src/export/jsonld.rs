//! schema.org JSON-LD for the conference (Event), sessions (Event) and jobs (JobPosting).
//!
//! Templates embed these in `<script type="application/ld+json">`; pass the value through
//! [`to_script`] first, which makes the text safe inside a script element. Dates carry the
//! site's offset; URLs are absolute. The fields follow Google's structured-data guidelines for
//! events and job postings (required and recommended fields, when the content has them).

use jiff::civil::Time;
use serde_json::{Map, Value, json};

use super::{abs_url, content_url, rfc3339, session_url, text};
use crate::model::{Conference, TicketStatus};
use crate::render::markdown;

const SCHEDULED: &str = "https://schema.org/EventScheduled";
const OFFLINE: &str = "https://schema.org/OfflineEventAttendanceMode";
const MIXED: &str = "https://schema.org/MixedEventAttendanceMode";

/// Serializes `v` for a `<script>` element: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026` (the same JSON, but no `</script>` or `<!--` can appear in the text).
pub fn to_script(v: &Value) -> String {
    super::replace_ascii(&v.to_string(), b"<>&", |b| match b {
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

fn person(conf: &Conference, p: usize) -> Value {
    let sp = &conf.speakers[p];
    json!({
        "@type": "Person",
        "name": sp.name,
        "url": abs_url(conf, &format!("speakers/{}/", sp.slug)),
        "jobTitle": sp.job_title,
        "affiliation": sp.affiliation.as_ref().map(|a| json!({"@type": "Organization", "name": a})),
        "image": sp.photo.as_ref().map(|ph| abs_url(conf, ph)),
    })
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
    let mut keynote: Vec<usize> = conf.sessions.iter().filter(|s| s.kind == "keynote").flat_map(|s| s.speakers.iter().copied()).collect();
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
    let performers: Vec<Value> = headliners(conf).into_iter().map(|p| person(conf, p)).collect();
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
        "performer": if performers.is_empty() { Value::Null } else { Value::Array(performers) },
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

/// A JSON object of the `members` that are not null. Unlike `json!`, it takes values as they
/// are, without copying them through serde.
fn compact_object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(members.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_string(), v)).collect())
}

/// One session as an Event, part of the conference (`superEvent`).
pub fn session(conf: &Conference, shared: &Shared, i: usize) -> Value {
    let s = &conf.sessions[i];
    let mut location = match (s.room, &conf.site.venue) {
        (Some(r), _) => compact_object([
            ("@type", "Place".into()),
            ("name", conf.rooms[r].name.clone().into()),
            ("address", shared.address.clone()),
            ("containedInPlace", shared.venue.clone()),
        ]),
        (None, Some(_)) => shared.venue.clone(),
        (None, None) => Value::Null,
    };
    if let Some(stream) = &s.stream {
        let online = compact_object([("@type", "VirtualLocation".into()), ("url", content_url(conf, stream).into())]);
        location = if location.is_null() { online } else { Value::Array(vec![location, online]) };
    }
    let description = text::plain(&s.abstract_md, &conf.site.base_url);
    let performers: Vec<Value> = s.speakers.iter().map(|&p| compact(person(conf, p))).collect();
    let text = |t: &str| if t.is_empty() { Value::Null } else { t.into() };
    compact_object([
        ("@context", "https://schema.org".into()),
        ("@type", "Event".into()),
        ("name", s.title.clone().into()),
        ("description", text(&description)),
        ("url", session_url(conf, i).into()),
        ("startDate", rfc3339(&s.start).into()),
        ("endDate", rfc3339(&s.end).into()),
        ("eventStatus", SCHEDULED.into()),
        ("eventAttendanceMode", if s.stream.is_some() { MIXED } else { OFFLINE }.into()),
        ("location", location),
        ("image", shared.images.clone()),
        ("organizer", shared.organizer.clone()),
        ("performer", if performers.is_empty() { Value::Null } else { Value::Array(performers) }),
        ("inLanguage", s.language.clone().into()),
        ("about", s.track.map_or(Value::Null, |t| conf.tracks[t].name.clone().into())),
        ("keywords", text(&s.tags.join(", "))),
        ("superEvent", shared.super_event.clone()),
    ])
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
