//! A track's page and a room's page: their sessions by day.

use serde::Serialize;
use serde_json::Value;

use super::{Cards, Cx, Kind, View, day_lists, each, fingerprint_of};
use crate::model::{self, Conference, Placement};
use crate::render::fingerprint::Prints;
use crate::render::splice::Splices;
use crate::render::views::Views;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Track(pub usize);

#[derive(Serialize)]
struct TrackView<'a> {
    track: TrackInfo<'a>,
    /// Its sessions' cards by day.
    days: tera::Value,
}

#[derive(Serialize)]
struct TrackInfo<'a> {
    id: &'a str,
    name: &'a str,
    color: &'a str,
    description: Option<&'a str>,
}

impl Kind for Track {
    const NAME: &'static str = "track";
    const TEMPLATE: &'static str = "track.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Agenda, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Track)> {
        each(&conf.tracks, "tracks/", |t| &t.id, Track)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, splices: &mut Splices<'f>) -> View {
        let tr = &v.conf.tracks[self.0];
        let track = TrackInfo { id: &tr.id, name: &tr.name, color: &tr.color, description: tr.description.as_deref() };
        let days = day_lists(v, f, &tr.sessions, splices);
        View::new(tr.name.clone(), tr.description.clone(), &TrackView { track, days })
    }

    /// The track and its sessions' cards.
    fn inputs(&self, v: &Views, prints: &Prints) -> Option<u64> {
        let tr = &v.conf.tracks[self.0];
        Some(fingerprint_of(&(tr, Cards::of(v, prints, &tr.sessions))))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room(pub usize);

#[derive(Serialize)]
struct RoomView<'a> {
    room: RoomInfo<'a>,
    /// Its sessions' cards by day.
    days: tera::Value,
}

#[derive(Serialize)]
struct RoomInfo<'a> {
    id: &'a str,
    name: &'a str,
    capacity: Option<u32>,
    floor: Option<&'a str>,
    stream: Option<&'a str>,
    description: Option<&'a str>,
    /// The room's sponsor, as its link shows it.
    sponsor: Option<Value>,
}

/// What a room's page is made from besides the site-wide context: the room, its sponsor (with
/// the tier, which sizes the logo) and its sessions' cards.
#[derive(Hash)]
struct RoomInputs<'a> {
    room: &'a model::Room,
    sponsor: Option<(&'a model::Sponsor, &'a model::Tier)>,
    sessions: Cards,
}

impl Kind for Room {
    const NAME: &'static str = "room";
    const TEMPLATE: &'static str = "room.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Agenda, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Room)> {
        each(&conf.rooms, "rooms/", |r| &r.id, Room)
    }

    fn view<'f>(&self, Cx { v, f }: &Cx<'_, 'f>, splices: &mut Splices<'f>) -> View {
        let r = &v.conf.rooms[self.0];
        let room = RoomInfo {
            id: &r.id,
            name: &r.name,
            capacity: r.capacity,
            floor: r.floor.as_deref(),
            stream: r.stream.as_deref(),
            description: r.description.as_deref(),
            sponsor: r.sponsor.map(|s| v.sponsor_link(s, "room")),
        };
        let days = day_lists(v, f, &r.sessions, splices);
        View::new(r.name.clone(), r.description.clone(), &RoomView { room, days })
    }

    fn inputs(&self, v: &Views, prints: &Prints) -> Option<u64> {
        let c = v.conf;
        let room = &c.rooms[self.0];
        let sponsor = room.sponsor.map(|s| (&c.sponsors[s], &c.tiers[c.sponsors[s].tier]));
        Some(fingerprint_of(&RoomInputs { room, sponsor, sessions: Cards::of(v, prints, &room.sessions) }))
    }
}
