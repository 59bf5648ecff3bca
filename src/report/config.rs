//! report.yaml: the settings only `confpress report` reads — how to map the CSV exports' column
//! names, which attendee breakdowns to show and how to bucket them, and the smallest group shown.
//!
//! The file is optional; without it every CSV uses the documented column names and the audience
//! section breaks attendees down by `job_title`, `seniority` and `country` where those columns
//! exist. Which report sections each sponsor tier gets is the tier's `report` field in
//! sponsors.yaml, not this file (it is part of what a tier sells).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_yaml::Value;

use crate::content::fields::{Ctx, Record, Source};
use crate::content::locate::Locator;
use crate::diag::{Diagnostic, Diagnostics, Pos};

/// The file's name, in the site folder.
pub const FILE: &str = "report.yaml";

/// Groups with fewer people than this are folded into "other"; report.yaml may raise it, never
/// lower it.
pub const MIN_GROUP: u64 = 5;

/// Each metrics file kind and the canonical columns it knows (attendee files may have any
/// further columns, for breakdowns).
pub const KINDS: &[(&str, &[&str])] = &[
    ("attendees", &["ticket", "registered"]),
    ("clicks", &["sponsor", "placement", "clicks", "url"]),
    ("jobs", &["job", "views", "clicks"]),
    ("booth", &["sponsor", "visits", "date"]),
    ("streams", &["room", "date", "views"]),
];

/// Attendee columns that identify a person: never a breakdown, never read into memory.
pub const PERSONAL: &[&str] = &[
    "name",
    "full_name",
    "first_name",
    "last_name",
    "given_name",
    "family_name",
    "nickname",
    "email",
    "e_mail",
    "phone",
    "mobile",
    "address",
    "birthday",
    "date_of_birth",
    "attendee_id",
    "order_id",
    "ticket_id",
    "id",
];

/// The breakdowns shown when report.yaml does not list any (each only if the column exists).
pub const DEFAULT_AUDIENCE: &[&str] = &["job_title", "seniority", "country"];

/// One attendee breakdown: a column, its title and optional buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub column: String,
    pub label: Option<String>,
    /// Tried in order; a value goes into the first bucket with a matching pattern. Values that
    /// match none go into "other". No buckets: each distinct value is its own group.
    pub buckets: Vec<Bucket>,
    /// Where report.yaml names it (line 0 for the defaults).
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub label: String,
    /// Lowercase; a value matches when it contains the pattern, ignoring case.
    pub patterns: Vec<String>,
}

impl Bucket {
    pub fn matches(&self, value: &str) -> bool {
        let v = value.to_lowercase();
        self.patterns.iter().any(|p| v.contains(p.as_str()))
    }
}

/// Everything report.yaml says, with defaults filled in.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// File kind → (column name as exported → canonical name).
    pub columns: BTreeMap<String, BTreeMap<String, String>>,
    pub audience: Vec<Breakdown>,
    /// Whether `audience` came from report.yaml (else the defaults, skipped when absent).
    pub audience_given: bool,
    pub min_group: u64,
}

impl Default for ReportConfig {
    fn default() -> ReportConfig {
        ReportConfig {
            columns: BTreeMap::new(),
            audience: DEFAULT_AUDIENCE
                .iter()
                .map(|c| Breakdown { column: c.to_string(), label: None, buckets: Vec::new(), pos: Pos::default() })
                .collect(),
            audience_given: false,
            min_group: MIN_GROUP,
        }
    }
}

impl ReportConfig {
    /// The column mapping for one file kind (empty when report.yaml has none).
    pub fn mapping(&self, kind: &str) -> BTreeMap<String, String> {
        self.columns.get(kind).cloned().unwrap_or_default()
    }
}

/// Reads `<site>/report.yaml` if it exists. Problems go into `diags`.
pub fn load(site_dir: &Path, diags: &mut Diagnostics) -> ReportConfig {
    let path = site_dir.join(FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        if path.exists() {
            diags.push(Diagnostic::error(FILE, Pos::default(), "cannot read the file as UTF-8 text").with_hint("save it as UTF-8"));
        }
        return ReportConfig::default();
    };
    parse(&text, site_dir, diags)
}

/// Parses the text of report.yaml.
pub fn parse(text: &str, site_dir: &Path, diags: &mut Diagnostics) -> ReportConfig {
    let value: Value = match serde_yaml::from_str(text) {
        Ok(Value::Null) => return ReportConfig::default(),
        Ok(v) => v,
        Err(e) => {
            let pos = e.location().map_or(Pos::new(1, 1), |l| Pos::new(l.line() as u32, l.column() as u32));
            diags.push(Diagnostic::error(FILE, pos, format!("YAML syntax error: {e}")).with_hint("check indentation and quoting"));
            return ReportConfig::default();
        }
    };
    let source = Source { rel: Arc::from(Path::new(FILE)), text: text.to_string(), locator: Locator::new(text, 1) };
    let cell = RefCell::new(Diagnostics::default());
    let ctx = Ctx { src: &source, site_dir, diags: &cell };
    let mut config = ReportConfig::default();
    if let Some(mut r) = Record::root(&ctx, &value, "report settings") {
        read(&mut r, &value, &mut config);
        r.finish();
    }
    diags.extend(cell.into_inner());
    config
}

fn read(r: &mut Record, value: &Value, config: &mut ReportConfig) {
    if let Some(mut columns) = r.record("columns") {
        for (kind, known) in KINDS {
            let Some(_) = columns.record(kind) else { continue };
            let Some(Value::Mapping(map)) = value.get("columns").and_then(|c| c.get(*kind)) else { continue };
            let mut mapping = BTreeMap::new();
            for (from, to) in map {
                let (Some(from), Some(to)) = (scalar(from), scalar(to)) else {
                    let pos = columns.value_pos(kind);
                    r.ctx()
                        .report(r.ctx().error(pos, format!("`columns.{kind}` maps column names to names: `Exported name: {}`", known[0])));
                    continue;
                };
                let pos = r.ctx().src.locator.find(&format!("columns.{kind}.{from}"));
                if *kind != "attendees" && !known.contains(&to.as_str()) {
                    let d = r
                        .ctx()
                        .error(pos, format!("`{to}` is not a column of {kind}.csv"))
                        .with_hint(format!("{kind}.csv reads: {}", known.join(", ")))
                        .suggest(&to, known.iter().copied());
                    r.ctx().report(d);
                    continue;
                }
                mapping.insert(from, to);
            }
            config.columns.insert(kind.to_string(), mapping);
        }
        columns.finish();
    }
    if let Some(min) = r.uint("min_group") {
        if u64::from(min) < MIN_GROUP {
            r.invalid(
                "min_group",
                format!("`min_group` cannot be lower than {MIN_GROUP}"),
                format!("groups of fewer than {MIN_GROUP} people are always folded into \"other\" to protect attendees' privacy"),
            );
        } else {
            config.min_group = u64::from(min);
        }
    }
    if r.has("audience") {
        config.audience_given = true;
        config.audience = r.records("audience").into_iter().filter_map(breakdown).collect();
    }
}

fn breakdown(mut b: Record) -> Option<Breakdown> {
    let pos = b.value_pos("column");
    let column = b.required_string("column", "job_title").map(|c| crate::report::input::normalize(&c));
    let label = b.string("label");
    let buckets = b
        .records("buckets")
        .into_iter()
        .filter_map(|mut k| {
            let label = k.required_string("label", "Engineering");
            let patterns: Vec<String> =
                k.strings("patterns").into_iter().map(|p| p.value.to_lowercase()).filter(|p| !p.is_empty()).collect();
            if patterns.is_empty() && label.is_some() {
                k.invalid(
                    "label",
                    "this bucket has no `patterns`",
                    "add `patterns: [engineer, developer]`: a value goes into the bucket when it contains one of them",
                );
            }
            k.finish();
            Some(Bucket { label: label?, patterns })
        })
        .collect();
    let column = column?;
    if PERSONAL.contains(&column.as_str()) {
        b.invalid(
            "column",
            format!("`{column}` identifies a person and cannot be a breakdown"),
            "reports show only groups of people; choose a column such as `job_title`, `seniority` or `country`",
        );
        b.finish();
        return None;
    }
    b.finish();
    Some(Breakdown { column, label, buckets, pos })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (ReportConfig, Diagnostics) {
        let mut d = Diagnostics::default();
        let c = parse(text, Path::new("."), &mut d);
        (c, d)
    }

    #[test]
    fn empty_file_is_the_defaults() {
        let (c, d) = parse_text("");
        assert!(d.is_empty());
        assert_eq!(c.min_group, 5);
        assert_eq!(c.audience.len(), 3);
        assert!(!c.audience_given);
    }

    #[test]
    fn reads_mappings_and_buckets() {
        let text = "columns:\n  attendees:\n    職稱: job_title\n  clicks:\n    Event Label: url\nmin_group: 10\naudience:\n  - column: Job Title\n    label: Role\n    buckets:\n      - label: Engineering\n        patterns: [Engineer, 工程師]\n";
        let (c, d) = parse_text(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.mapping("attendees")["職稱"], "job_title");
        assert_eq!(c.mapping("clicks")["Event Label"], "url");
        assert_eq!(c.min_group, 10);
        assert_eq!(c.audience[0].column, "job_title");
        assert!(c.audience[0].buckets[0].matches("Senior 軟體工程師"));
        assert!(c.audience[0].buckets[0].matches("software ENGINEER"));
    }

    #[test]
    fn rejects_what_would_leak_or_is_misspelled() {
        let (c, d) = parse_text("min_group: 2\naudience:\n  - column: email\ncolumns:\n  clicks:\n    Hits: clcks\n  atendees: {}\n");
        let messages: Vec<String> = d.iter().map(|d| format!("{}:{}", d.pos.line, d.message)).collect();
        assert!(messages.iter().any(|m| m.starts_with("1:") && m.contains("lower than 5")), "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("3:") && m.contains("identifies a person")), "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("6:") && m.contains("`clcks` is not a column")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("unknown field `atendees`")), "{messages:?}");
        assert_eq!(c.min_group, 5);
        assert!(c.audience.is_empty());
    }
}
