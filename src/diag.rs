//! Diagnostics: every problem found in the content, with where it is and how to fix it.
//!
//! Loading and resolving never stop at the first problem: they push [`Diagnostic`]s into a
//! [`Diagnostics`] list and carry on, so one `confpress check` shows everything at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors fail the build; warnings fail it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The stage that found a problem. Problems found while reading files are printed before those
/// found by checks across files: a broken file is the cause, not a consequence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    #[default]
    Content,
    Model,
}

/// A position in a content file. Lines and columns count from 1; 0 means "unknown".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

/// One problem: what is wrong (one sentence), where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site folder.
    pub file: PathBuf,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
    pub stage: Stage,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, file: file.into(), pos, message: message.into(), hint: None, stage: Stage::Content }
    }

    pub fn warning(file: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, pos, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds "did you mean" when `wanted` is close to one of `known`.
    pub fn suggest<'a>(self, wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Diagnostic {
        match did_you_mean(wanted, known) {
            Some(best) => self.with_hint(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic like a compiler does: header, location, the source line with a
    /// caret under the column, and the hint. `source` is the file's text when it can be read.
    pub fn render(&self, source: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {}\n  --> {}", self.message, self.file.display());
        if self.pos.line > 0 {
            out.push_str(&format!(":{}", self.pos.line));
            if self.pos.col > 0 {
                out.push_str(&format!(":{}", self.pos.col));
            }
        }
        out.push('\n');
        let source = source.map(|s| s.strip_prefix('\u{feff}').unwrap_or(s));
        let line_text = source.and_then(|s| s.lines().nth(self.pos.line.saturating_sub(1) as usize));
        if let (Some(text), true) = (line_text, self.pos.line > 0) {
            let number = self.pos.line.to_string();
            let gutter = " ".repeat(number.len());
            out.push_str(&format!("{gutter} |\n{number} | {text}\n"));
            if self.pos.col > 0 {
                let width: usize = text.chars().take(self.pos.col as usize - 1).map(|c| if c == '\t' { 1 } else { char_width(c) }).sum();
                out.push_str(&format!("{gutter} | {}^\n", " ".repeat(width)));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = help: {hint}\n"));
        }
        out
    }
}

/// CJK characters take two terminal columns; good enough to place a caret.
fn char_width(c: char) -> usize {
    if ('\u{1100}'..='\u{115f}').contains(&c)
        || ('\u{2e80}'..='\u{a4cf}').contains(&c)
        || ('\u{ac00}'..='\u{d7a3}').contains(&c)
        || ('\u{f900}'..='\u{faff}').contains(&c)
        || ('\u{ff00}'..='\u{ff60}').contains(&c)
    {
        2
    } else {
        1
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.render(None))
    }
}

/// The closest of `known` to `wanted`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(wanted, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// All problems found so far, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn last_mut(&mut self) -> Option<&mut Diagnostic> {
        self.list.last_mut()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// Adds `other`'s diagnostics as found by `stage`.
    pub fn extend_as(&mut self, stage: Stage, other: Diagnostics) {
        self.list.extend(other.list.into_iter().map(|d| Diagnostic { stage, ..d }));
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Sorted by stage (what reading the files found comes first: it is the likely cause of
    /// the rest), then file and position, so output is stable and reads top to bottom.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| (a.stage, &a.file, a.pos, a.severity).cmp(&(b.stage, &b.file, b.pos, b.severity)));
        self.list.dedup();
        self.list
    }

    /// Renders every diagnostic with source lines read from `site_dir`, plus a summary line.
    pub fn render(&self, site_dir: &Path) -> String {
        let mut out = String::new();
        let mut cache: std::collections::HashMap<PathBuf, Option<String>> = Default::default();
        let list = self.clone().sorted();
        for d in &list {
            let source = cache.entry(d.file.clone()).or_insert_with(|| std::fs::read_to_string(site_dir.join(&d.file)).ok());
            out.push_str(&d.render(source.as_deref()));
            out.push('\n');
        }
        // Counted after `sorted` drops repeats, so the summary matches what is shown.
        let errors = list.iter().filter(|d| d.is_error()).count();
        out.push_str(&format!("{errors} error(s), {} warning(s)\n", list.len() - errors));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("ada-lovelac", ["ada-lovelace", "bob"]), Some("ada-lovelace"));
        assert_eq!(did_you_mean("zzz", ["ada-lovelace", "bob"]), None);
    }

    #[test]
    fn renders_caret_under_column() {
        let d = Diagnostic::error("site.yaml", Pos::new(2, 7), "bad").with_hint("fix it");
        let text = d.render(Some("a: 1\ntitle: x\n"));
        assert!(text.contains("site.yaml:2:7"), "{text}");
        assert!(text.contains("2 | title: x\n  |       ^"), "{text}");
        assert!(text.contains("help: fix it"));
    }
}
