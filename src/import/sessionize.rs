//! Sessionize's "All Data" JSON (API endpoint `view/All`): sessions, speakers, rooms,
//! categories and questions, linked by ids. Its times are the event's wall-clock times
//! without an offset; categories named like a track, format or level become those fields,
//! the others tags.

use serde::Deserialize;

use super::input::Input;
use super::json::{self, id_string, invalid, is_empty, opt_id_string, undeclared_room};
use super::programme::*;
use super::times;
use crate::diag::Diagnostic;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    sessions: Vec<SSession>,
    #[serde(default)]
    speakers: Vec<SSpeaker>,
    #[serde(default)]
    rooms: Vec<SRoom>,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    questions: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SSession {
    #[serde(deserialize_with = "id_string")]
    id: String,
    title: String,
    description: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    #[serde(default)]
    is_service_session: bool,
    #[serde(default)]
    speakers: Vec<SpeakerRef>,
    #[serde(default)]
    category_items: Vec<i64>,
    #[serde(default)]
    question_answers: Vec<serde_json::Value>,
    #[serde(default, deserialize_with = "opt_id_string")]
    room_id: Option<String>,
    live_url: Option<String>,
    recording_url: Option<String>,
}

/// A session's speaker: an id (All Data) or `{id, name}` (the Sessions view).
#[derive(Deserialize)]
#[serde(untagged)]
enum SpeakerRef {
    Id(String),
    Named { id: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SSpeaker {
    id: String,
    first_name: Option<String>,
    last_name: Option<String>,
    full_name: Option<String>,
    bio: Option<String>,
    tag_line: Option<String>,
    profile_picture: Option<String>,
    #[serde(default)]
    links: Vec<SLink>,
    #[serde(default)]
    question_answers: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct SLink {
    title: Option<String>,
    url: String,
}

#[derive(Deserialize)]
struct SRoom {
    #[serde(deserialize_with = "id_string")]
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct Category {
    title: String,
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: i64,
    name: String,
}

/// What a category's items become.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Track,
    Format,
    Level,
    Tag,
}

fn role(title: &str) -> Role {
    match title.trim().to_lowercase().as_str() {
        "track" | "tracks" | "topic" => Role::Track,
        "session format" | "format" | "session type" | "type" => Role::Format,
        "level" | "audience level" | "session level" => Role::Level,
        _ => Role::Tag,
    }
}

pub fn read(input: &Input) -> Result<Programme, Diagnostic> {
    let file: File = json::parse(input, "Sessionize All Data JSON")?;
    let mut p = Programme::default();
    for r in &file.rooms {
        let source = SourceRef { id: Some(r.id.clone()), ..SourceRef::default() };
        p.rooms.push(Room { key: r.id.clone(), name: clean_name(&r.name), source, ..Room::default() });
    }
    let items: Vec<(i64, Role, String)> =
        file.categories.iter().flat_map(|c| c.items.iter().map(|i| (i.id, role(&c.title), i.name.trim().to_string()))).collect();
    for s in &file.speakers {
        speaker(&mut p, s);
    }
    for (n, s) in file.sessions.into_iter().enumerate() {
        let session = session(input, &mut p, &items, n, s)?;
        p.sessions.push(session);
    }
    p.drop_if(!file.questions.is_empty(), "the questions list (answers are not kept)");
    Ok(p)
}

fn speaker(p: &mut Programme, s: &SSpeaker) {
    let name = match &s.full_name {
        Some(f) if !f.trim().is_empty() => clean_name(f),
        _ => clean_name(&format!("{} {}", s.first_name.as_deref().unwrap_or(""), s.last_name.as_deref().unwrap_or(""))),
    };
    p.drop_if(s.question_answers.iter().any(|a| !is_empty(a)), "speaker `questionAnswers`");
    let links =
        s.links.iter().map(|l| Link { title: non_empty(l.title.as_deref()).unwrap_or_default(), url: l.url.trim().to_string() }).collect();
    p.speakers.push(Speaker {
        key: s.id.clone(),
        name,
        bio: s.bio.as_deref().and_then(Text::detect),
        job_title: non_empty(s.tag_line.as_deref()),
        photo: non_empty(s.profile_picture.as_deref()),
        links,
        source: SourceRef { id: Some(s.id.clone()), ..SourceRef::default() },
        ..Speaker::default()
    });
}

fn session(input: &Input, p: &mut Programme, items: &[(i64, Role, String)], n: usize, s: SSession) -> Result<Session, Diagnostic> {
    let path = format!("sessions[{n}]");
    let time = |field: &str, text: &Option<String>| -> Result<Option<When>, Diagnostic> {
        match text.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => times::when(t)
                .map(Some)
                .ok_or_else(|| invalid(input, &format!("{path}.{field}"), t, "a time such as `2026-10-23T14:15:00`")),
            None => Ok(None),
        }
    };
    let (start, end) = (time("startsAt", &s.starts_at)?, time("endsAt", &s.ends_at)?);
    let minutes = match (start, end) {
        (Some(a), Some(b)) => Some(span(a, b).ok_or_else(|| end_before_start(input, &path, &s))?),
        _ => None,
    };
    if let Some(room) = &s.room_id
        && !p.rooms.iter().any(|r| &r.key == room)
    {
        return Err(undeclared_room(input, &path, room));
    }
    let mut session = Session {
        key: s.id.clone(),
        title: s.title.trim().to_string(),
        service: s.is_service_session,
        start,
        minutes,
        room: s.room_id,
        speakers: s
            .speakers
            .into_iter()
            .map(|r| match r {
                SpeakerRef::Id(id) | SpeakerRef::Named { id } => id,
            })
            .collect(),
        body: s.description.as_deref().and_then(Text::detect),
        source: SourceRef { id: Some(s.id), ..SourceRef::default() },
        ..Session::default()
    };
    for id in &s.category_items {
        let Some((_, role, name)) = items.iter().find(|(i, _, _)| i == id) else { continue };
        match role {
            Role::Track => session.track = Some(p.track_named(name)),
            Role::Format => session.kind_label = Some(name.clone()),
            Role::Level => session.level = Some(name.clone()),
            Role::Tag => session.tags.push(name.clone()),
        }
    }
    if let Some(url) = non_empty(s.recording_url.as_deref()) {
        session.videos.push(Link { title: String::new(), url });
    }
    p.drop_if(s.live_url.as_deref().is_some_and(|u| !u.trim().is_empty()), "session `liveUrl` (set the room's `stream`)");
    p.drop_if(s.question_answers.iter().any(|a| !is_empty(a)), "session `questionAnswers`");
    Ok(session)
}

/// Minutes from `a` to `b` when both are the same kind of time and `b` is after `a`.
fn span(a: When, b: When) -> Option<i64> {
    let secs = match (a, b) {
        (When::At(a), When::At(b)) => a.duration_until(b).as_secs(),
        (When::Wall(a), When::Wall(b)) => a.duration_until(b).as_secs(),
        _ => return None,
    };
    (secs > 0).then_some(secs / 60)
}

fn end_before_start(input: &Input, path: &str, s: &SSession) -> Diagnostic {
    Diagnostic::error(
        &input.name,
        Default::default(),
        format!(
            "session `{}` at `{path}` ends ({}) before it starts ({})",
            s.title.trim(),
            s.ends_at.as_deref().unwrap_or(""),
            s.starts_at.as_deref().unwrap_or("")
        ),
    )
    .with_hint("fix the session's times in Sessionize and export again")
}
