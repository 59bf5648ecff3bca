//! One reader per kind of content file: YAML in, raw record out, problems reported on the way.

use super::fields::{Record, Spanned, list_records};
use super::raw::*;
use super::vocab::{OrderPolicy, Placement, SessionKind, Vocabulary};
use crate::diag::Pos;

pub const LOGO_SIZES: &[&str] = &["xl", "l", "m", "s"];
pub const REMOTE: &[&str] = &["onsite", "hybrid", "remote"];
pub const JOB_TYPES: &[&str] = &["full-time", "part-time", "contract", "internship"];
pub const SALARY_PERIODS: &[&str] = &["year", "month", "hour"];
/// The sections of a sponsor's post-event report (`confpress report`), in report order; a tier's
/// `report` field lists the ones its sponsors get.
pub const REPORT_SECTIONS: &[&str] = &["profile", "audience", "exposure", "clicks", "jobs", "sponsored", "booth", "streams"];
pub const SITE_LINKS: &[&str] = &["tickets", "cfp", "code_of_conduct", "stream", "mastodon", "twitter", "github"];

fn origin(r: &Record) -> Origin {
    Origin { file: r.file(), pos: r.pos() }
}

/// An `id` field that must be a slug.
fn slug_id(r: &mut Record) -> Option<Spanned<String>> {
    let id = r.spanned_string("id");
    match &id {
        None => {
            r.required_string("id", "main-hall");
            None
        }
        Some(s) if !is_slug(&s.value) => {
            r.invalid(
                "id",
                format!("id `{}` is not a valid slug", s.value),
                format!("use lowercase letters, digits and dashes, e.g. `{}`", slugify(&s.value)),
            );
            None
        }
        Some(_) => id,
    }
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Lowercase ASCII letters and digits joined by dashes (for hints and default acronyms).
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn links(r: &mut Record, key: &'static str) -> Vec<RawLink> {
    r.records(key)
        .into_iter()
        .filter_map(|mut l| {
            let label = l.required_string("label", "Website");
            let url = required(&mut l, "url", "https://example.org/", |l| l.url("url"));
            l.finish();
            Some(RawLink { label: label?, url: url? })
        })
        .collect()
}

/// Titled links (`links`, `attachments` of a session): `title` and `url` each.
fn titled_links(r: &mut Record, key: &'static str) -> Vec<TitledLink> {
    r.records(key)
        .into_iter()
        .filter_map(|mut l| {
            let title = l.required_string("title", "Project page");
            let url = required(&mut l, "url", "https://example.org/", |l| l.url("url"));
            l.finish();
            Some(TitledLink { title: title?, url: url? })
        })
        .collect()
}

/// A session's recordings: `videos` (each a `url` with an optional `title`), or one `video` URL.
fn videos(r: &mut Record) -> Vec<Video> {
    let mut list: Vec<Video> = r
        .records("videos")
        .into_iter()
        .filter_map(|mut v| {
            let url = required(&mut v, "url", "https://media.example.org/v/talk", |v| v.url("url"));
            let title = v.string("title");
            v.finish();
            Some(Video { url: url?, title })
        })
        .collect();
    if let Some(url) = r.url("video") {
        list.insert(0, Video { url, title: None });
    }
    list
}

/// `recording: {allowed: false}` or `{allowed: true, license: CC BY 4.0}`.
fn recording(r: &mut Record) -> Recording {
    let Some(mut rec) = r.record("recording") else { return Recording::default() };
    let allowed = !rec.has("allowed") || rec.bool("allowed");
    let license = rec.string("license");
    rec.finish();
    Recording { allowed, license }
}

/// `source: {id, guid, url}`: where an imported record came from.
fn source(r: &mut Record) -> Source {
    let Some(mut src) = r.record("source") else { return Source::default() };
    let id = src.string("id");
    let guid = src.string("guid").filter(|g| {
        let ok = uuid::Uuid::try_parse(g).is_ok();
        if !ok {
            src.invalid(
                "guid",
                format!("`{g}` is not a UUID"),
                "write the source's guid as it is, e.g. `0d7c7e1b-5b1a-4b0e-9f3c-1a2b3c4d5e6f`, or leave it out",
            );
        }
        ok
    });
    let url = src.url("url");
    src.finish();
    Source { id, guid, url }
}

/// A required field read with `read`; reports it missing if absent.
fn required<T>(r: &mut Record, key: &'static str, example: &str, read: impl FnOnce(&mut Record) -> Option<T>) -> Option<T> {
    let value = read(r);
    if value.is_none() {
        r.required_string(key, example);
    }
    value
}

pub fn site(mut r: Record) -> Option<RawSite> {
    let title = r.required_string("title", "My Conference 2026");
    let acronym = r.spanned_string("acronym");
    let tagline = r.string("tagline");
    let description = r.string("description");
    let base_url = required(&mut r, "base_url", "https://example.org/", |r| r.url("base_url"));
    if base_url.as_ref().is_some_and(|url| !url.starts_with("http")) {
        r.invalid("base_url", "`base_url` must be a full address", "write e.g. `https://example.org/conf/2026/`");
    }
    let language = r.spanned_string("language").unwrap_or(Spanned { value: "en".into(), pos: Pos::default() });
    let timezone = r.spanned_string("timezone");
    if timezone.is_none() {
        r.required_string("timezone", "Europe/Berlin");
    }
    let start_date = required(&mut r, "start_date", "2026-05-14", |r| r.date("start_date"))
        .map(|value| Spanned { value, pos: r.value_pos("start_date") });
    let end_date =
        required(&mut r, "end_date", "2026-05-15", |r| r.date("end_date")).map(|value| Spanned { value, pos: r.value_pos("end_date") });
    let venue = r.record("venue").and_then(|mut v| {
        let name = v.required_string("name", "Conference Center");
        let venue = RawVenue {
            name: String::new(),
            address: v.string("address"),
            city: v.string("city"),
            country: v.string("country"),
            url: v.url("url"),
            map_url: v.url("map_url"),
        };
        v.finish();
        Some(RawVenue { name: name?, ..venue })
    });
    let organizer = r.record("organizer").and_then(|mut o| {
        let name = o.required_string("name", "Example Society");
        let (url, email) = (o.url("url"), o.string("email"));
        o.finish();
        Some(RawOrganizer { name: name?, url, email })
    });
    let logo = r.image("logo");
    let image = r.image("image");
    let menu = if r.has("menu") { Some(links(&mut r, "menu")) } else { r.string("menu").map(|_| Vec::new()) };
    let mut link_list = Vec::new();
    if let Some(mut l) = r.record("links") {
        for key in SITE_LINKS {
            if let Some(url) = l.url(key) {
                link_list.push((key.to_string(), url));
            }
        }
        l.finish();
    }
    let theme = r.spanned_string("theme");
    let utm = match r.record("utm") {
        Some(mut u) => {
            let utm = RawUtm { source: u.string("source"), medium: u.string("medium"), campaign: u.string("campaign") };
            u.finish();
            utm
        }
        None => RawUtm::default(),
    };
    let primary_color = r.color("primary_color");
    let now = r.datetime("now");
    let relative_urls = r.bool("relative_urls");
    let day_change = r.string("day_change").and_then(|text| match text.trim().parse::<jiff::civil::Time>() {
        Ok(time) if time <= jiff::civil::time(12, 0, 0, 0) => Some(Spanned { value: time, pos: r.value_pos("day_change") }),
        _ => {
            r.invalid(
                "day_change",
                format!("`{text}` is not a time of day between 00:00 and 12:00"),
                "write when a conference day ends, e.g. `day_change: \"04:00\"`",
            );
            None
        }
    });
    let import_kinds = import_kinds(&mut r);
    let raw_html = r.bool("raw_html");
    let origin = origin(&r);
    r.finish();
    Some(RawSite {
        origin,
        title: title?,
        acronym,
        tagline,
        description,
        base_url: base_url?,
        language,
        timezone: timezone?,
        start_date: start_date?,
        end_date: end_date?,
        venue,
        organizer,
        logo,
        image,
        menu,
        links: link_list,
        theme,
        utm,
        primary_color,
        now,
        relative_urls,
        day_change,
        import_kinds,
        raw_html,
    })
}

/// `import: {kinds: {"Lightning Talk": lightning}}`: each event type's kind.
fn import_kinds(r: &mut Record) -> Vec<(String, SessionKind)> {
    let Some(mut import) = r.record("import") else { return Vec::new() };
    let kinds = import.record("kinds");
    import.finish();
    let entries = kinds.map(Record::free_entries).unwrap_or_default();
    entries
        .into_iter()
        .filter_map(|(event_type, kind)| match SessionKind::from_id(kind.value.trim()) {
            Some(k) => Some((event_type.trim().to_lowercase(), k)),
            None => {
                let ids: Vec<&str> = SessionKind::ids().collect();
                let d = r.ctx().error(kind.pos, format!("`{}` is not a session kind", kind.value));
                r.ctx().report(d.with_hint(format!("the kinds are {}", ids.join(", "))));
                None
            }
        })
        .collect()
}

pub fn rooms(ctx_records: Vec<Record>) -> Vec<RawRoom> {
    ctx_records
        .into_iter()
        .filter_map(|mut r| {
            let id = slug_id(&mut r);
            let name = r.required_string("name", "Main Hall");
            let (capacity, floor, stream) = (r.uint("capacity"), r.string("floor"), r.url("stream"));
            let (sponsor, description) = (r.spanned_string("sponsor"), r.string("description"));
            let source = source(&mut r);
            let origin = origin(&r);
            r.finish();
            Some(RawRoom { origin, id: id?, name: name?, capacity, floor, stream, sponsor, description, source })
        })
        .collect()
}

pub fn tracks(records: Vec<Record>) -> Vec<RawTrack> {
    records
        .into_iter()
        .filter_map(|mut r| {
            let id = slug_id(&mut r);
            let name = r.required_string("name", "Systems");
            let color = r.color("color");
            let description = r.string("description");
            let source = source(&mut r);
            let origin = origin(&r);
            r.finish();
            Some(RawTrack { origin, id: id?, name: name?, color, description, source })
        })
        .collect()
}

pub fn speaker(mut r: Record, slug: String, body: String) -> Option<RawSpeaker> {
    let name = r.required_string("name", "Ada Lovelace");
    let speaker = RawSpeaker {
        origin: origin(&r),
        slug,
        name: String::new(),
        affiliation: r.string("affiliation"),
        job_title: r.string("job_title"),
        photo: r.image("photo"),
        pronouns: r.string("pronouns"),
        country: r.string("country"),
        links: links(&mut r, "links"),
        featured: r.bool("featured"),
        draft: r.bool("draft"),
        source: source(&mut r),
        body: super::body::read(&mut r, body),
    };
    r.finish();
    Some(RawSpeaker { name: name?, ..speaker })
}

/// The longest `duration` a session may have, in minutes: 366 days (longer than any
/// conference, short of what date arithmetic can hold).
pub const MAX_SESSION_MINUTES: i64 = 366 * 24 * 60;

/// Minutes from `45`, `45m`, `1h`, `1h30m` or `1h30`. A number too large for an `i64` comes back
/// as `i64::MAX` (or `MIN`), so that it reads as too long rather than as not a duration.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let saturate = |n: i128| n.clamp(i64::MIN.into(), i64::MAX.into()) as i64;
    if let Ok(n) = t.parse::<i128>() {
        return Some(saturate(n));
    }
    let (hours, rest) = match t.split_once('h') {
        Some((h, rest)) => (h.trim().parse::<i128>().ok()?, rest.trim()),
        None => (0, t),
    };
    // The minutes of `1h30m` are never negative (`1h-30m` is not a duration).
    let minutes = match rest.strip_suffix('m').unwrap_or(rest).trim() {
        "" => 0,
        m => i128::from(m.parse::<u64>().ok()?),
    };
    Some(saturate(hours.checked_mul(60)?.checked_add(minutes)?))
}

pub fn session(mut r: Record, slug: String, body: String) -> Option<RawSession> {
    let title = r.required_string("title", "My Talk");
    let kind = r.choice_of("kind").unwrap_or(SessionKind::Talk);
    let speakers = r.strings("speakers");
    let track = r.spanned_string("track");
    let room = r.spanned_string("room");
    // No `start`: accepted, not scheduled yet (its page says so; the grid and calendars leave
    // it out). A `start` that is there but wrong is reported by `datetime`.
    let start = r.datetime("start");
    let end = r.datetime("end").map(RawEnd::At);
    let duration = r.string("duration").and_then(|text| match parse_duration(&text) {
        Some(minutes) if (1..=MAX_SESSION_MINUTES).contains(&minutes) => {
            Some(RawEnd::Minutes(Spanned { value: minutes, pos: r.value_pos("duration") }))
        }
        Some(minutes) if minutes < 1 => {
            r.invalid(
                "duration",
                "a session must last at least one minute",
                format!("`{text}` is {minutes} minutes; write e.g. `45` or `1h30m`"),
            );
            None
        }
        Some(_) => {
            r.invalid(
                "duration",
                format!("`duration` is too long: at most {MAX_SESSION_MINUTES} minutes (366 days)"),
                "write minutes (`45`) or hours and minutes (`1h30m`)",
            );
            None
        }
        None => {
            r.invalid("duration", format!("`{text}` is not a valid duration"), "write minutes (`45`) or hours and minutes (`1h30m`)");
            None
        }
    });
    let end = match (end, duration) {
        (Some(end), None) | (None, Some(end)) => Some(end),
        (Some(end), Some(_)) => {
            r.invalid("duration", "both `end` and `duration` are given", "keep one of them");
            Some(end)
        }
        (None, None) => {
            if r.has("start") && !r.has("end") && !r.has("duration") {
                let d = r
                    .ctx()
                    .error(r.pos(), "missing `end` or `duration`")
                    .with_hint("add `duration: 45` (minutes) or `end: 2026-05-14 10:45`");
                r.ctx().report(d);
            }
            None
        }
    };
    let level = r.choice_of("level");
    let language = r.string("language");
    let tags = r.strings("tags").into_iter().map(|s| s.value).collect();
    let details = SessionDetails {
        subtitle: r.string("subtitle"),
        kind_label: r.string("kind_label"),
        slides: r.url("slides"),
        videos: videos(&mut r),
        links: titled_links(&mut r, "links"),
        attachments: titled_links(&mut r, "attachments"),
        recording: recording(&mut r),
        feedback_url: r.url("feedback_url"),
        source: source(&mut r),
    };
    let stream = r.url("stream");
    let sponsor = r.spanned_string("sponsor");
    let (featured, draft) = (r.bool("featured"), r.bool("draft"));
    let body = super::body::read(&mut r, body);
    let origin = origin(&r);
    r.finish();
    Some(RawSession {
        origin,
        slug,
        title: title?,
        kind,
        speakers,
        track,
        room,
        start,
        end,
        level,
        language,
        tags,
        details,
        stream,
        sponsor,
        featured,
        draft,
        body,
    })
}

pub fn sponsors_file(mut r: Record) -> Option<RawSponsorsFile> {
    let order = r.choice_of("order").unwrap_or(OrderPolicy::Contract);
    if !r.has("tiers") {
        r.required_string("tiers", "[...]");
    }
    let tiers = r
        .records("tiers")
        .into_iter()
        .filter_map(|mut t| {
            let id = slug_id(&mut t);
            let name = t.required_string("name", "Gold");
            let rank = required(&mut t, "rank", "1", |t| t.uint("rank")).map(|value| Spanned { value, pos: t.value_pos("rank") });
            let logo_size = t.choice("logo_size", LOGO_SIZES).unwrap_or("m");
            let placements = placements(&mut t, "placements");
            let (jobs, max, page) = (t.uint("jobs").unwrap_or(0), t.uint("max"), t.bool("page"));
            let order = t.choice_of("order");
            let report = report_sections(&mut t);
            let origin = origin(&t);
            t.finish();
            Some(RawTier { origin, id: id?, name: name?, rank: rank?, logo_size, placements, jobs, max, page, order, report })
        })
        .collect();
    let file = RawSponsorsFile { origin: origin(&r), order, tiers };
    r.finish();
    Some(file)
}

/// A tier's `report` list (absent = `None`: every section), each checked against [`REPORT_SECTIONS`].
fn report_sections(r: &mut Record) -> Option<Vec<&'static str>> {
    if !r.has("report") {
        return None;
    }
    let mut out = Vec::new();
    for s in r.strings("report") {
        match REPORT_SECTIONS.iter().find(|k| **k == s.value) {
            Some(known) => out.push(*known),
            None => {
                let d = r
                    .ctx()
                    .error(s.pos, format!("unknown report section `{}`", s.value))
                    .with_hint(format!("report sections are: {}", REPORT_SECTIONS.join(", ")))
                    .suggest(&s.value, REPORT_SECTIONS.iter().copied());
                r.ctx().report(d);
            }
        }
    }
    Some(out)
}

/// A list of placement names, each checked against [`Placement`]'s.
fn placements(r: &mut Record, key: &'static str) -> Vec<Spanned<Placement>> {
    let list = r.strings(key);
    let mut known = Vec::with_capacity(list.len());
    for p in list {
        match Placement::from_id(&p.value) {
            Some(value) => known.push(Spanned { value, pos: p.pos }),
            None => {
                let d = r
                    .ctx()
                    .error(p.pos, format!("unknown placement `{}`", p.value))
                    .with_hint(format!("placements are: {}", Placement::ids().collect::<Vec<_>>().join(", ")))
                    .suggest(&p.value, Placement::ids());
                r.ctx().report(d);
            }
        }
    }
    known
}

pub fn sponsor(mut r: Record, slug: String, body: String) -> Option<RawSponsor> {
    let name = sponsor_name(&mut r, &slug);
    let tier = r.spanned_string("tier");
    if tier.is_none() {
        r.required_string("tier", "gold");
    }
    let logo = required(&mut r, "logo", "img/sponsors/acme.svg", |r| {
        let present = r.has("logo");
        r.image("logo").or(if present { Some(String::new()) } else { None })
    });
    let url = required(&mut r, "url", "https://example.com/", |r| {
        let present = r.has("url");
        r.url("url").or(if present { Some(String::new()) } else { None })
    });
    let add_ons = placements(&mut r, "add_ons");
    let (booth, signed, draft) = (r.string("booth"), r.date("signed"), r.bool("draft"));
    let body = super::body::read(&mut r, body);
    let origin = origin(&r);
    r.finish();
    Some(RawSponsor {
        origin,
        slug,
        name: name?,
        tier: tier?,
        logo: logo.filter(|l| !l.is_empty()),
        url: url?,
        add_ons,
        booth,
        signed,
        draft,
        body,
    })
}

/// A sponsor's `name`; without one (a sponsor known only by its logo), its id, with a warning:
/// the logo's alt text then says the id.
fn sponsor_name(r: &mut Record, slug: &str) -> Option<String> {
    if let Some(name) = r.string("name").filter(|n| !n.trim().is_empty()) {
        return Some(name);
    }
    let d = crate::diag::Diagnostic::warning(r.file().to_path_buf(), r.pos(), format!("sponsor `{slug}` has no `name`"))
        .with_hint(format!("its logo's alt text and its cards say `{slug}` instead; add `name: Acme Inc.` with the sponsor's name"));
    r.ctx().report(d);
    Some(slug.to_string())
}

pub fn tickets(mut r: Record) -> Option<RawTickets> {
    let currency = required(&mut r, "currency", "EUR", |r| currency(r, "currency"));
    let url = r.url("url");
    if !r.has("tiers") {
        r.required_string("tiers", "[...]");
    }
    let tiers = r
        .records("tiers")
        .into_iter()
        .filter_map(|mut t| {
            let id = slug_id(&mut t);
            let name = t.required_string("name", "Regular");
            let price = required(&mut t, "price", "100", |t| t.number("price"));
            let description = t.string("description");
            let includes = t.strings("includes").into_iter().map(|s| s.value).collect();
            let (on_sale, off_sale) = (t.datetime("on_sale"), t.datetime("off_sale"));
            let sold_out = t.choice("status", &["sold-out"]).is_some();
            let (quantity, url, audience) = (t.uint("quantity"), t.url("url"), t.string("audience"));
            let origin = origin(&t);
            t.finish();
            Some(RawTicketTier {
                origin,
                id: id?,
                name: name?,
                price: price?,
                description,
                includes,
                on_sale,
                off_sale,
                sold_out,
                quantity,
                url,
                audience,
            })
        })
        .collect();
    let file = RawTickets { origin: origin(&r), currency: currency?, url, tiers };
    r.finish();
    Some(file)
}

/// Everyday names for currencies that are not their ISO 4217 codes.
const CURRENCY_ALIASES: &[(&str, &str)] =
    &[("NTD", "TWD"), ("NT$", "TWD"), ("RMB", "CNY"), ("YEN", "JPY"), ("EURO", "EUR"), ("UKP", "GBP")];

/// An ISO 4217 currency code (`EUR`, `TWD`), as ticket prices and salaries are shown with it.
fn currency(r: &mut Record, key: &'static str) -> Option<String> {
    let text = r.string(key)?;
    let code = text.trim().to_ascii_uppercase();
    if let Some(currency) = iso_currency::Currency::from_code(&code) {
        if code != text {
            r.invalid(key, format!("currency code `{text}` is not in capitals"), format!("write `{key}: {code}` ({})", currency.name()));
        }
        return Some(code);
    }
    let hint = match CURRENCY_ALIASES.iter().find(|(alias, _)| *alias == code).and_then(|(_, iso)| iso_currency::Currency::from_code(iso)) {
        Some(iso) => format!("`{text}` is a common name, not the ISO 4217 code: write `{key}: {}` ({})", iso.code(), iso.name()),
        None => "write a three-letter ISO 4217 code such as `EUR`, `USD`, `TWD` or `CNY`".to_string(),
    };
    r.invalid(key, format!("`{text}` is not an ISO 4217 currency code"), hint);
    None
}

pub fn job(mut r: Record, slug: String, body: String) -> Option<RawJob> {
    let title = r.required_string("title", "Senior Rust Engineer");
    let sponsor = r.spanned_string("sponsor");
    if sponsor.is_none() {
        r.required_string("sponsor", "acme");
    }
    let location = r.required_string("location", "Berlin, Germany");
    let remote = r.choice("remote", REMOTE).unwrap_or("onsite");
    let kind = r.choice("type", JOB_TYPES).unwrap_or("full-time");
    let salary = r.record("salary").and_then(|mut s| {
        let min = s.number("min");
        let max = s.number("max");
        let currency = required(&mut s, "currency", "EUR", |s| currency(s, "currency"));
        let period = s.choice("period", SALARY_PERIODS).unwrap_or("year");
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            s.invalid("max", format!("salary `max` ({hi}) is below `min` ({lo})"), "swap the two numbers");
        }
        s.finish();
        Some(RawSalary { min, max, currency: currency?, period })
    });
    let apply = required(&mut r, "apply", "https://example.com/jobs/1", |r| {
        let present = r.has("apply");
        r.url("apply").or(if present { Some(String::new()) } else { None })
    });
    let posted = required(&mut r, "posted", "2026-04-01", |r| r.date("posted"));
    let expires = r.date("expires").map(|value| Spanned { value, pos: r.value_pos("expires") });
    let tags = r.strings("tags").into_iter().map(|s| s.value).collect();
    let draft = r.bool("draft");
    let body = super::body::read(&mut r, body);
    let origin = origin(&r);
    r.finish();
    Some(RawJob {
        origin,
        slug,
        title: title?,
        sponsor: sponsor?,
        location: location?,
        remote,
        kind,
        salary,
        apply: apply?,
        posted: posted?,
        expires,
        tags,
        draft,
        body,
    })
}

/// A news post; `file_date` comes from a `YYYY-MM-DD-` file name prefix.
pub fn news(mut r: Record, slug: String, file_date: Option<jiff::civil::Date>, body: String) -> Option<RawNews> {
    let title = r.required_string("title", "Schedule announced");
    if let Some(d) = file_date
        && !super::fields::YEARS.contains(&d.year())
        && !r.has("date")
    {
        let d = r.ctx().error(Pos::default(), format!("{} (in the file name)", super::fields::unsupported_year(d)));
        r.ctx().report(d.with_hint("rename the file `YYYY-MM-DD-slug.md` with the post's date"));
    }
    let date = r.date("date").or(file_date);
    if date.is_none() && !r.has("date") {
        let d = r.ctx().error(r.pos(), "news post has no date").with_hint("name the file `YYYY-MM-DD-slug.md` or add `date: 2026-05-01`");
        r.ctx().report(d);
    }
    let (author, summary, draft) = (r.string("author"), r.string("summary"), r.bool("draft"));
    let body = super::body::read(&mut r, body);
    let origin = origin(&r);
    r.finish();
    Some(RawNews { origin, slug, title: title?, date: date?, author, summary, draft, body })
}

pub fn page(mut r: Record, slug: String, body: String) -> Option<RawPage> {
    let title = r.required_string("title", "About");
    let (description, draft) = (r.string("description"), r.bool("draft"));
    let body = super::body::read(&mut r, body);
    let origin = origin(&r);
    r.finish();
    Some(RawPage { origin, slug, title: title?, description, draft, body })
}

/// The items of a file whose top level is a list (rooms.yaml, tracks.yaml).
pub fn list_file<'a>(ctx: &'a super::fields::Ctx<'a>, value: &'a serde_yaml::Value, what: &str) -> Vec<Record<'a>> {
    list_records(ctx, "", value, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("45"), Some(45));
        assert_eq!(parse_duration("45m"), Some(45));
        assert_eq!(parse_duration("1h30m"), Some(90));
        assert_eq!(parse_duration("2h"), Some(120));
        assert_eq!(parse_duration("1h 15m"), Some(75));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("-1h"), Some(-60));
        assert_eq!(parse_duration("1h-30m"), None);
        assert_eq!(parse_duration("9223372036854775808"), Some(i64::MAX));
        assert_eq!(parse_duration("153722867280912931h"), Some(i64::MAX));
        assert_eq!(parse_duration("1h9223372036854775807m"), Some(i64::MAX));
        assert_eq!(parse_duration("99999999999999999999999999999999999999999h"), None);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("main-hall"));
        assert!(!is_slug("Main Hall"));
        assert_eq!(slugify("Main Hall (B)"), "main-hall-b");
    }
}
