//! Diagnostics: every problem found in the content, with where it is and how to fix it.
//!
//! Loading and resolving never stop at the first problem: they push [`Diagnostic`]s into a
//! [`Diagnostics`] list and carry on, so one `confpress check` shows everything at once.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

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

/// A position in a content file. Lines and columns count from 1; 0 means "unknown". A column
/// counts characters, not bytes.
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

    /// Renders the diagnostic like a compiler does, without colour: header, location, the source
    /// line with a caret under the column, and the hint. `source` is the file's text when it can
    /// be read. See [`Diagnostic::render_in`].
    pub fn render(&self, source: Option<&str>) -> String {
        self.render_in(source, false)
    }

    /// Renders the diagnostic (through annotate-snippets), in colour when `colour` (see
    /// [`colour_for_stderr`]). The text ends with a line break.
    ///
    /// The location is `file:line:col`, or less where the position is not known. With the
    /// source line at hand, it is shown under the location: with a caret under the column (a
    /// column counts characters: the caret lands under the right one whatever its width in
    /// bytes, a wide CJK character counting two places, a tab four; a column past the end of the
    /// line is just after its last character), or with the whole line underlined when only the
    /// line is known. Without the source (or past its end), the location stands alone.
    pub fn render_in(&self, source: Option<&str>, colour: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let (line, col) = (self.pos.line as usize, self.pos.col as usize);
        let source = source.map(|s| s.strip_prefix('\u{feff}').unwrap_or(s));
        let text = source.filter(|_| line > 0).and_then(|s| s.lines().nth(line - 1));
        let title = level.primary_title(self.message.as_str());
        let mut group = match text {
            Some(text) => {
                let span = if col > 0 {
                    let at = text.char_indices().nth(col - 1).map_or(text.len(), |(i, _)| i);
                    at..at
                } else {
                    let start = text.len() - text.trim_start().len();
                    start..text.trim_end().len().max(start)
                };
                let snippet = Snippet::source(text).line_start(line).path(path.as_str());
                title.element(snippet.annotation(AnnotationKind::Primary.span(span)))
            }
            None => {
                let mut origin = Origin::path(path.as_str());
                if line > 0 {
                    origin = origin.line(line);
                    if col > 0 {
                        origin = origin.char_column(col);
                    }
                }
                title.element(origin)
            }
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }
}

/// Whether diagnostics written to stderr get colour: only when stderr is a terminal, `NO_COLOR`
/// is unset or empty (<https://no-color.org>) and `TERM` is not `dumb`.
pub fn colour_for_stderr() -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    std::io::stderr().is_terminal() && set("NO_COLOR").is_none() && set("TERM").is_none_or(|t| t != "dumb")
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

    /// Renders every diagnostic with source lines read from `site_dir`, plus a summary line,
    /// without colour.
    pub fn render(&self, site_dir: &Path) -> String {
        self.render_in(site_dir, false)
    }

    /// [`Diagnostics::render`], in colour when `colour` (see [`colour_for_stderr`]).
    pub fn render_in(&self, site_dir: &Path, colour: bool) -> String {
        let mut out = String::new();
        let mut cache: std::collections::HashMap<PathBuf, Option<String>> = Default::default();
        let list = self.clone().sorted();
        for d in &list {
            let source = cache.entry(d.file.clone()).or_insert_with(|| std::fs::read_to_string(site_dir.join(&d.file)).ok());
            out.push_str(&d.render_in(source.as_deref(), colour));
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

    /// The example of the README, exactly.
    #[test]
    fn renders_the_readme_example() {
        let d = Diagnostic::error("sessions/opening.md", Pos::new(3, 12), "unknown speaker `ada-lovelac`")
            .with_hint("did you mean `ada-lovelace`?");
        let text = d.render(Some("---\ntitle: Opening\nspeakers: [ada-lovelac]\n---\n"));
        let expected = "\
error: unknown speaker `ada-lovelac`
 --> sessions/opening.md:3:12
  |
3 | speakers: [ada-lovelac]
  |            ^
  |
  = help: did you mean `ada-lovelace`?
";
        assert_eq!(text, expected);
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        assert!(readme.contains(&format!("```\n{expected}```")), "README.md shows this example as it is printed");
    }

    /// The source line and the caret line of a diagnostic at line 1, column `col` of `line`,
    /// each without its gutter.
    fn caret(line: &str, col: u32) -> (String, String) {
        let text = Diagnostic::error("f", Pos::new(1, col), "m").render(Some(line));
        let rows: Vec<&str> = text.lines().collect();
        let at = rows.iter().position(|r| r.starts_with("1 | ")).unwrap_or_else(|| panic!("no source line:\n{text}"));
        let under = rows[at + 1].strip_prefix("  | ").unwrap_or_else(|| panic!("no caret line:\n{text}"));
        (rows[at]["1 | ".len()..].to_string(), under.to_string())
    }

    #[test]
    fn the_caret_counts_characters_not_bytes() {
        // `ë` is two bytes and one column wide: the caret is under `[`, 10 places in.
        assert_eq!(caret("name: Zoë [x]", 11), ("name: Zoë [x]".into(), format!("{}^", " ".repeat(10))));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        // Three CJK characters (nine bytes) take six columns: `[` is at 6 + 6 + 1 = 13.
        assert_eq!(caret("name: 陳美玲 [x]", 11), ("name: 陳美玲 [x]".into(), format!("{}^", " ".repeat(13))));
        // Under the wide character itself, the caret is at its left edge.
        assert_eq!(caret("name: 陳美玲 [x]", 8).1, format!("{}^", " ".repeat(8)));
    }

    #[test]
    fn tabs_are_shown_as_four_spaces_and_the_caret_follows() {
        // Column 12 is `[`: after one tab (4), `speakers:` (9) and another tab (4).
        let (source, under) = caret("\tspeakers:\t[ada]", 12);
        assert_eq!(source, "    speakers:    [ada]");
        assert_eq!(under, format!("{}^", " ".repeat(17)));
        // A tab in the indentation, at column 1.
        assert_eq!(caret("\tname: Hall", 1), ("    name: Hall".into(), "^".into()));
    }

    #[test]
    fn a_column_at_the_end_of_the_line_is_after_its_last_character() {
        assert_eq!(caret("title: [", 9).1, format!("{}^", " ".repeat(8)));
    }

    #[test]
    fn a_known_line_without_a_column_is_underlined_whole() {
        let d = Diagnostic::error("metrics/clicks.csv", Pos::new(2, 0), "row 2 has 2 cells");
        let text = d.render(Some("a,b,c\nkestrel,footer\n"));
        assert!(text.contains(" --> metrics/clicks.csv:2:1\n  |\n2 | kestrel,footer\n  | ^^^^^^^^^^^^^^\n"), "{text}");
    }

    #[test]
    fn without_the_source_the_location_stands_alone() {
        let d = Diagnostic::error("--now", Pos::default(), "`never` is not a valid time").with_hint("write a time");
        assert_eq!(d.render(None), "error: `never` is not a valid time\n--> --now\n = help: write a time\n");
        let d = Diagnostic::warning("site.yaml", Pos::new(9, 3), "w");
        assert_eq!(d.render(Some("one line\n")), "warning: w\n--> site.yaml:9:3\n", "a line past the end of the file");
        assert_eq!(Diagnostic::warning("a.csv", Pos::new(4, 0), "w").render(None), "warning: w\n--> a.csv:4\n");
    }

    #[test]
    fn colour_only_when_asked() {
        let d = Diagnostic::error("site.yaml", Pos::new(1, 1), "bad").with_hint("fix");
        assert!(!d.render(Some("x: 1")).contains('\x1b'));
        let coloured = d.render_in(Some("x: 1"), true);
        assert!(coloured.contains("\x1b[") && coloured.contains("bad") && coloured.contains("site.yaml:1:1"), "{coloured:?}");
    }
}
