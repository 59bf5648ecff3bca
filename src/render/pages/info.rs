//! The tickets page, the news and its posts, the content folder's own pages, and the 404 page.

use serde::Serialize;
use serde_json::Value;

use super::{Cx, Kind, View, each, single, t};
use crate::markup::body;
use crate::model::{Conference, Placement};
use crate::render::splice::Splices;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tickets;

#[derive(Serialize)]
struct TicketsView {
    tickets: Value,
}

impl Kind for Tickets {
    const NAME: &'static str = "tickets";
    const TEMPLATE: &'static str = "tickets.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::Tickets, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Tickets)> {
        single("tickets/", conf.tickets.is_some(), Tickets)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        View::new(t(v, "tickets"), None, &TicketsView { tickets: v.ticket_tiers() })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct News;

#[derive(Serialize)]
struct NewsView {
    posts: Vec<Value>,
}

impl Kind for News {
    const NAME: &'static str = "news";
    const TEMPLATE: &'static str = "news.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::News, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, News)> {
        single("news/", !conf.news.is_empty(), News)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        View::new(t(v, "news"), None, &NewsView { posts: (0..v.conf.news.len()).map(|i| v.news_summary(i)).collect() })
    }
}

/// One news post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Post(pub usize);

#[derive(Serialize)]
struct PostView {
    /// The post's summary with its `body_html`.
    post: Value,
}

impl Kind for Post {
    const NAME: &'static str = "post";
    const TEMPLATE: &'static str = "post.html";
    const PLACEMENTS: &'static [Placement] = &[Placement::News, Placement::Footer];

    fn pages(conf: &Conference) -> Vec<(String, Post)> {
        each(&conf.news, "news/", |n| &n.slug, Post)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let news = &v.conf.news[self.0];
        let mut post = v.news_summary(self.0);
        post.as_object_mut().expect("object").insert("body_html".into(), body::html(&news.body, &v.base).into());
        let summary = post.get("summary").and_then(Value::as_str).map(str::to_string);
        View::new(news.title.clone(), summary, &PostView { post })
    }
}

/// A page of the content folder's `pages/` (about, code of conduct, venue…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentPage(pub usize);

#[derive(Serialize)]
struct ContentView<'a> {
    content: Content<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    slug: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    body_html: String,
}

impl Kind for ContentPage {
    const NAME: &'static str = "page";
    const TEMPLATE: &'static str = "page.html";

    fn pages(conf: &Conference) -> Vec<(String, ContentPage)> {
        each(&conf.pages, "", |p| &p.slug, ContentPage)
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        let p = &v.conf.pages[self.0];
        let content =
            Content { slug: &p.slug, title: &p.title, description: p.description.as_deref(), body_html: body::html(&p.body, &v.base) };
        let description = p.description.clone().or_else(|| Some(body::summary(&p.body, 200)).filter(|s| !s.is_empty()));
        View::new(p.title.clone(), description, &ContentView { content })
    }
}

/// The page a static host serves for a URL the site does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotFound;

#[derive(Serialize)]
struct Nothing {}

impl Kind for NotFound {
    const NAME: &'static str = "404";
    const TEMPLATE: &'static str = "404.html";

    fn pages(_: &Conference) -> Vec<(String, NotFound)> {
        vec![("404.html".to_string(), NotFound)]
    }

    fn view<'f>(&self, Cx { v, .. }: &Cx<'_, 'f>, _: &mut Splices<'f>) -> View {
        View::new(t(v, "not_found_title"), None, &Nothing {})
    }
}
