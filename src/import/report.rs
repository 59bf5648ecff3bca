//! The summary an import prints: counts per kind of record, the fields the content could not
//! keep, conflicts (with both values), records gone from the source, and with `--dry-run`
//! every file and field that would change.

use std::fmt::Write;

use super::Outcome;
use super::merge::Action;

pub fn render(o: &Outcome) -> String {
    let mut out = String::new();
    let verb = if o.dry_run { "would change (dry run, nothing written)" } else { "imported" };
    let _ = writeln!(out, "{verb}: {} export", o.format.name());
    for (kind, c) in &o.plan.counts {
        let _ = writeln!(out, "  {kind:<9} {} created, {} updated, {} unchanged, {} removed", c.created, c.updated, c.unchanged, c.removed);
    }
    if !o.site_added.is_empty() {
        let _ = writeln!(out, "  site.yaml: added {}", o.site_added.join(", "));
    }
    if o.dry_run {
        for c in &o.plan.changes {
            let action = match c.action {
                Action::Create => "create",
                Action::Update => "update",
                Action::Remove => "remove",
            };
            let fields =
                if c.fields.is_empty() || c.action == Action::Create { String::new() } else { format!(" ({})", c.fields.join(", ")) };
            let _ = writeln!(out, "  would {action} {}{fields}", c.path);
        }
    }
    if !o.not_kept.is_empty() {
        let _ = writeln!(out, "not kept (the content format has no place for them; see docs/import.md):");
        for (what, n) in &o.not_kept {
            let _ = writeln!(out, "  {what}: {n}");
        }
    }
    if !o.plan.conflicts.is_empty() {
        let _ = writeln!(out, "conflicts: edited by hand and changed in the source; the hand edit is kept:");
        for c in &o.plan.conflicts {
            let _ = writeln!(out, "  {} `{}`: kept {}, the source now says {}", c.path, c.field, c.hand, c.source);
        }
    }
    if !o.plan.gone.is_empty() {
        let what = if o.pruned {
            "gone from the source, removed (--prune):"
        } else {
            "gone from the source, kept (import with --prune to remove them):"
        };
        let _ = writeln!(out, "{what}");
        for path in &o.plan.gone {
            let _ = writeln!(out, "  {path}");
        }
    }
    if !o.plan.deleted_by_hand.is_empty() {
        let _ = writeln!(out, "deleted by hand since the last import, not recreated:");
        for path in &o.plan.deleted_by_hand {
            let _ = writeln!(out, "  {path}");
        }
    }
    out
}
