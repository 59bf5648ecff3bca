//! The closed lists of values that content fields take: session kinds, levels, sponsor order
//! policies and placements. Content reads them ([`super::fields::Record::choice_of`]), the model
//! holds them, pages and exports match on them; each value's label is in the theme's string
//! table under [`Vocabulary::label_key`] (a test checks every language has them).

use std::fmt;

/// A closed list of values, each with the id content spells it with.
pub trait Vocabulary: Copy + Eq + 'static {
    /// Every value, in the order lists and filters show them.
    const ALL: &'static [Self];
    /// The prefix of the values' keys in the theme's string table (`kind_`).
    const LABEL_PREFIX: &'static str;
    /// How content spells the value (`lightning`).
    fn id(self) -> &'static str;

    /// The value content spells `id`, if any.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }

    /// The key of the value's label in the theme's string table (`kind_lightning`).
    fn label_key(self) -> String {
        format!("{}{}", Self::LABEL_PREFIX, self.id())
    }

    /// Every id, for hints.
    fn ids() -> impl Iterator<Item = &'static str> + Clone {
        Self::ALL.iter().map(|v| v.id())
    }
}

/// Declares an enum whose values are spelled by ids in content, serialized as those ids.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $prefix:literal { $($(#[$vdoc:meta])* $variant:ident = $id:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant,)*];
            const LABEL_PREFIX: &'static str = $prefix;
            fn id(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)*
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

vocabulary! {
    /// What a session is. Breaks and socials are part of the day but not of the programme.
    SessionKind, "kind_" {
        Keynote = "keynote",
        Talk = "talk",
        Workshop = "workshop",
        Panel = "panel",
        Lightning = "lightning",
        Roundtable = "roundtable",
        Break = "break",
        Social = "social",
    }
}

impl SessionKind {
    /// Part of the programme (counted, expected to have speakers), unlike a break or a social.
    pub fn is_programme(self) -> bool {
        !matches!(self, SessionKind::Break | SessionKind::Social)
    }
}

vocabulary! {
    /// The audience a session is for.
    Level, "level_" {
        Beginner = "beginner",
        Intermediate = "intermediate",
        Advanced = "advanced",
    }
}

vocabulary! {
    /// How a tier orders its sponsors on the pages.
    OrderPolicy, "order_" {
        /// By the date the contract was signed (then by name).
        Contract = "contract",
        Alphabetical = "alphabetical",
        /// Contract order, turned page by page so that every sponsor leads somewhere.
        Rotate = "rotate",
    }
}

vocabulary! {
    /// Where a tier (or an add-on) shows its sponsors' logos. Templates ask for sponsors by these.
    Placement, "placement_" {
        HomeHero = "home-hero",
        Home = "home",
        Footer = "footer",
        Agenda = "agenda",
        Session = "session",
        Jobs = "jobs",
        Tickets = "tickets",
        News = "news",
    }
}
