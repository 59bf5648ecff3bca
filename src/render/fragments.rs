//! HTML that many pages share, rendered once per build: each session's slot and cards, each
//! speaker's card, and the parts of the layout that are the same on every page ([`Chrome`]).
//!
//! A session shows up on the agenda (a slot in the grid), on my schedule, on its track and room
//! pages, on its speakers' pages and maybe on its sponsor's page and the home page (a card).
//! Rendering those per page is most of the work of a big site's list pages, so each session's
//! slot and cards are rendered once, from `fragments/agenda-slot.html` and
//! `fragments/session-card.html`, and pages insert the HTML. The server keeps them between
//! rebuilds and renders again only the sessions whose data changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::{Context, Tera};

use super::agenda::Slot;
use super::pages;
use super::splice::Snippet;
use super::views::Views;

/// Renders a session's card (`s`, `t`, `site`, `app`).
pub const CARD_TEMPLATE: &str = "fragments/session-card.html";
/// Renders a session's slot in the agenda grid (`s`, `slot`, `t`, `site`, `app`).
pub const SLOT_TEMPLATE: &str = "fragments/agenda-slot.html";
/// Renders a speaker's card on their sessions' pages and the home page (`sp`, `t`, `site`, `app`).
pub const SPEAKER_CARD_TEMPLATE: &str = "fragments/speaker-card.html";

/// One session's shared HTML.
#[derive(Debug, PartialEq)]
pub struct SessionHtml {
    /// The card, with its day label (which the theme's stylesheet hides under a day heading):
    /// a Tera string, so the pages that list the session as a value share it.
    card: tera::Value,
    /// The agenda slot.
    pub slot: String,
}

impl SessionHtml {
    pub fn card(&self) -> &str {
        self.card.as_str().unwrap_or_default()
    }
}

/// Every session's [`SessionHtml`] and every speaker's card, by index.
pub struct Fragments {
    pub sessions: Vec<Arc<SessionHtml>>,
    /// Each speaker's summary with its card (`card_html`), as session pages and the home page
    /// list speakers: a speaker is on the pages of all their sessions.
    pub speakers: Vec<tera::Value>,
}

/// Fragments the server kept from its last rebuild, for the sessions and speakers whose data
/// did not change: what [`Fragments::render`] does not render again.
pub struct Kept<'a> {
    pub session: &'a (dyn Fn(usize) -> Option<Arc<SessionHtml>> + Sync),
    pub speaker: &'a (dyn Fn(usize) -> Option<tera::Value> + Sync),
}

impl Kept<'_> {
    /// Nothing kept: a build renders every fragment.
    pub fn nothing() -> Kept<'static> {
        Kept { session: &|_| None, speaker: &|_| None }
    }
}

impl Fragments {
    /// Renders every session's and speaker's fragments, except those `kept`.
    pub fn render(v: &Views, tera: &Tera, slots: &[Slot], kept: &Kept) -> tera::TeraResult<Fragments> {
        let (sessions, speakers) = rayon::join(
            || render_all(v, v.sessions.len(), kept.session, |ctx, i| render_session(v, tera, ctx, i, slots[i]).map(Arc::new)),
            || render_all(v, v.speakers.len(), kept.speaker, |ctx, i| speaker_card(v, tera, ctx, i)),
        );
        Ok(Fragments { sessions: sessions?, speakers: speakers? })
    }

    /// A session summary with its card (`card_html`), for the short lists of the speaker, sponsor
    /// and home pages.
    pub fn summary_with_card(&self, v: &Views, i: usize) -> tera::Value {
        super::views::extended(&v.sessions[i], [("card_html", self.sessions[i].card.clone())])
    }
}

/// Items `0..n`, each as `kept` has it or else rendered by `render` with a
/// [`pages::shared_context`] of its thread, on every core.
fn render_all<T: Send>(
    v: &Views,
    n: usize,
    kept: &(dyn Fn(usize) -> Option<T> + Sync),
    render: impl Fn(&mut Context, usize) -> tera::TeraResult<T> + Sync,
) -> tera::TeraResult<Vec<T>> {
    (0..n).into_par_iter().map_init(|| pages::shared_context(v), |ctx, i| kept(i).map_or_else(|| render(ctx, i), Ok)).collect()
}

/// Renders session `i`'s fragments with `ctx` ([`pages::shared_context`]), which it leaves as
/// it found it.
fn render_session(v: &Views, tera: &Tera, ctx: &mut Context, i: usize, slot: Slot) -> tera::TeraResult<SessionHtml> {
    const KEYS: [&str; 2] = ["s", "slot"];
    ctx.insert_value("s", v.sessions[i].clone());
    ctx.insert("slot", &slot);
    let html = (|| {
        let card = tera::Value::safe_string(&tera.render(CARD_TEMPLATE, ctx)?);
        // Tera gives a render room for twice its template's length; slots are kept all build long.
        let mut slot = tera.render(SLOT_TEMPLATE, ctx)?;
        slot.shrink_to_fit();
        Ok(SessionHtml { card, slot })
    })();
    for key in KEYS {
        ctx.remove(key);
    }
    html
}

/// Speaker `i`'s summary with its card, rendered with `ctx` ([`pages::shared_context`]), which
/// it leaves as it found it.
fn speaker_card(v: &Views, tera: &Tera, ctx: &mut Context, i: usize) -> tera::TeraResult<tera::Value> {
    ctx.insert_value("sp", v.speakers[i].clone());
    let card = tera.render(SPEAKER_CARD_TEMPLATE, ctx);
    ctx.remove("sp");
    Ok(super::views::extended(&v.speakers[i], [("card_html", tera::Value::safe_string(&card?))]))
}

/// Renders the site-wide part of every page's `<head>`.
pub const HEAD_TEMPLATE: &str = "fragments/head.html";
/// Renders the skip link and the site header (`menu`, `is_home`).
pub const HEADER_TEMPLATE: &str = "fragments/header.html";
/// Renders the site footer's columns.
pub const FOOTER_TEMPLATE: &str = "fragments/footer.html";

/// A page's header and `menu`.
type HeaderAndMenu = (Arc<Snippet>, tera::Value);

/// The parts of the page layout that are the same on every page (`chrome` in templates):
/// rendered once per build rather than once per page, the header once per state of the menu
/// (when a page with that state first needs it).
pub struct Chrome {
    pub head: Arc<Snippet>,
    pub footer: Arc<Snippet>,
    /// The header and `menu` by which menu items are current and whether the page is the home
    /// page.
    by_menu: Mutex<HashMap<(Vec<bool>, bool), HeaderAndMenu>>,
}

impl Chrome {
    /// Renders the head and the footer.
    pub fn render(v: &Views, tera: &Tera) -> tera::TeraResult<Chrome> {
        let ctx = pages::shared_context(v);
        let head = Arc::new(Snippet::new(tera.render(HEAD_TEMPLATE, &ctx)?));
        let footer = Arc::new(Snippet::new(tera.render(FOOTER_TEMPLATE, &ctx)?));
        Ok(Chrome { head, footer, by_menu: Mutex::default() })
    }

    /// The header and `menu` for the page at `route`. `ctx` is a [`pages::shared_context`], to
    /// render the header with when this state of the menu is new; it is left as it was.
    pub fn for_page(&self, v: &Views, tera: &Tera, ctx: &mut Context, route: &str, is_home: bool) -> tera::TeraResult<HeaderAndMenu> {
        let key = (v.menu_active(route), is_home);
        if let Some(known) = self.by_menu.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(known.clone());
        }
        let menu = tera::Value::from_serializable(&v.menu_with(&key.0));
        ctx.insert_value("menu", menu.clone());
        ctx.insert("is_home", &is_home);
        let header = tera.render(HEADER_TEMPLATE, ctx);
        ctx.remove("menu");
        ctx.remove("is_home");
        let both = (Arc::new(Snippet::new(header?)), menu);
        self.by_menu.lock().unwrap_or_else(|e| e.into_inner()).insert(key, both.clone());
        Ok(both)
    }
}
