//! Each placement's sponsor block, rendered once per build: the logos a placement shows, tier by
//! tier, in each tier's order (rotated page by page for `order: rotate`).

use std::sync::Arc;

use serde_json::{Value, json};
use tera::{Context, Tera};

use super::pages::PageKind;
use super::splice::{Snippet, Splices};
use super::views::Views;
use crate::model::{OrderPolicy, Placement, Vocabulary};

/// Sponsor groups for one placement on one page: tiers in rank order, each tier's sponsors in
/// its order (rotated by `turn` for `order: rotate`).
pub(super) fn placement_groups(v: &Views, placement: Placement, turn: usize) -> Value {
    let c = v.conf;
    let groups: Vec<Value> = c
        .sponsors_for(placement)
        .into_iter()
        .map(|(t, mut list)| {
            let tier = &c.tiers[t];
            if tier.order == OrderPolicy::Rotate && !list.is_empty() {
                let n = list.len();
                list.rotate_left(turn % n);
            }
            json!({
                "tier": {"id": tier.id, "name": tier.name, "rank": tier.rank, "logo_size": tier.logo_size},
                "sponsors": list.into_iter().map(|s| v.sponsor_link(s, placement.id())).collect::<Vec<_>>(),
            })
        })
        .collect();
    Value::Array(groups)
}

/// The template that renders one placement's sponsor block.
pub const SPONSOR_BLOCK_TEMPLATE: &str = "fragments/placement.html";

/// Most rotations rendered for one placement; more sponsors in rotating tiers than this still
/// rotate, just with some orders repeated.
const MAX_ROTATIONS: usize = 60;

/// Each placement's sponsor block, rendered once per build instead of once per page (a 30-logo
/// footer is half the bytes of a page). A placement with `order: rotate` tiers has one variant
/// per rotation; a page takes the variant of its turn.
pub struct SponsorBlocks {
    blocks: Vec<(Placement, Vec<Arc<Snippet>>)>,
}

impl SponsorBlocks {
    pub fn render(v: &Views, tera: &Tera) -> tera::TeraResult<SponsorBlocks> {
        let has_template = tera.get_template_names().any(|n| n == SPONSOR_BLOCK_TEMPLATE);
        let mut blocks = Vec::new();
        for &placement in Placement::ALL {
            let variants = if has_template { rotations(v, placement) } else { 1 };
            let mut list = Vec::with_capacity(variants);
            for turn in 0..variants {
                let html = if has_template {
                    let ctx = json!({"placement": placement.id(), "groups": placement_groups(v, placement, turn), "t": v.strings, "site": v.site});
                    tera.render(SPONSOR_BLOCK_TEMPLATE, &Context::from_serialize(&ctx)?)?
                } else {
                    String::new()
                };
                list.push(Arc::new(Snippet::new(html)));
            }
            blocks.push((placement, list));
        }
        Ok(SponsorBlocks { blocks })
    }

    /// The blocks a page of `kind` shows, in the variant for `turn` (placeholders in `splices`).
    pub(super) fn for_page(&self, kind: PageKind, turn: usize, splices: &mut Splices) -> tera::Value {
        let wanted = kind.placements();
        let blocks = self.blocks.iter().filter(|(p, _)| wanted.contains(p));
        tera::Map::from_iter(blocks.map(|(p, variants)| (p.id().into(), splices.snippet(&variants[turn % variants.len()])))).into()
    }
}

/// How many distinct orders `placement` has: the least common multiple of the sizes of its
/// rotating tiers (capped).
fn rotations(v: &Views, placement: Placement) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let c = v.conf;
    c.sponsors_for(placement)
        .iter()
        .filter(|(t, _)| c.tiers[*t].order == OrderPolicy::Rotate)
        .fold(1, |l, (_, list)| (l / gcd(l, list.len().max(1)) * list.len().max(1)).min(MAX_ROTATIONS))
}

/// A stable small number from a page's path, to rotate sponsor order page by page.
pub(super) fn turn_of(path: &str) -> usize {
    path.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
}
