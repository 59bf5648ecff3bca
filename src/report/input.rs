//! CSV input: reads one metrics file into a [`Table`] of text cells under canonical column names.
//!
//! Column names are mapped on the way in (`職稱` → `job_title`, via report.yaml's `columns`), and
//! otherwise normalized (`Job Title` → `job_title`), so a ticketing platform's export reads as it
//! is. Every problem is a diagnostic naming the file, the row (the line a spreadsheet shows; the
//! header is row 1) and the column, with a caret under the cell; reading goes on after a bad row so
//! one run reports them all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Pos};

/// A CSV file read into text cells. Rows that are entirely empty are dropped.
#[derive(Debug)]
pub struct Table {
    /// The file as diagnostics name it (relative to the site folder when inside it).
    pub file: PathBuf,
    /// Canonical column names, in file order.
    pub columns: Vec<String>,
    /// Column names as the file wrote them.
    pub original: Vec<String>,
    pub rows: Vec<Row>,
    text: String,
    delimiter: u8,
}

/// One data row: its cells (trimmed) and where it starts in the file.
#[derive(Debug)]
pub struct Row {
    /// The line the row starts on (1-based; the header is line 1).
    pub line: u32,
    /// Byte offset of the row in the file's text.
    offset: usize,
    pub cells: Vec<String>,
}

/// `Job Title` → `job_title`: trimmed, lowercase, runs of spaces, dashes and dots made `_`.
pub fn normalize(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_whitespace() || c == '-' || c == '.' || c == '_' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The spreadsheet name of a column: 0 → `A`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The delimiter of a CSV file: `,`, `;` or tab, whichever the header line has most of outside
/// quotes (spreadsheets in many locales export `;`).
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

impl Table {
    /// Reads `path` (shown as `shown` in diagnostics). `mapping` maps a file's column names
    /// (as written, or normalized) to canonical names. Returns `None` when the file cannot be
    /// read at all; a table with problems in some rows still comes back, with the problems in
    /// `diags`.
    pub fn read(path: &Path, shown: &Path, mapping: &BTreeMap<String, String>, diags: &mut Diagnostics) -> Option<Table> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(shown, Pos::default(), format!("cannot read file: {e}")));
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                diags.push(Diagnostic::error(shown, Pos::new(line, 0), format!("row {line} is not valid UTF-8 text")).with_hint(
                    "export the file as \"CSV UTF-8\" (spreadsheets often default to a local encoding such as Big5 or Windows-1252)",
                ));
                return None;
            }
        };
        let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
        let delimiter = detect_delimiter(&text);
        let mut table =
            Table { file: shown.to_path_buf(), columns: Vec::new(), original: Vec::new(), rows: Vec::new(), text: text.clone(), delimiter };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut records = reader.records();
        match records.next() {
            None => {
                diags.push(
                    Diagnostic::error(shown, Pos::new(1, 1), "the file is empty")
                        .with_hint("the first row names the columns; see docs/reports.md"),
                );
                return None;
            }
            Some(Err(e)) => {
                diags.push(Diagnostic::error(shown, Pos::new(1, 1), format!("cannot read the header row: {e}")));
                return None;
            }
            Some(Ok(header)) => {
                table.original = header.iter().map(|h| h.trim().to_string()).collect();
                table.columns = table.original.iter().map(|h| canonical(h, mapping)).collect();
            }
        }
        let width = table.columns.len();
        for record in records {
            match record {
                Ok(r) => {
                    let pos = r.position().expect("records read from a reader have positions");
                    let cells: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    let row = Row { line: pos.line() as u32, offset: pos.byte() as usize, cells };
                    if row.cells.len() != width {
                        let col = row.cells.len().min(width);
                        let message = format!("row {} has {} cells but the header names {width} columns", row.line, row.cells.len());
                        let at = table.pos(&row, col.saturating_sub(1));
                        diags.push(Diagnostic::error(shown, at, message).with_hint(
                            "a cell containing the delimiter must be in double quotes (\"Amsterdam, NL\"); check for a missing or extra delimiter",
                        ));
                        continue;
                    }
                    table.rows.push(row);
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as u32);
                    diags.push(
                        Diagnostic::error(shown, Pos::new(line, 0), format!("row {line} is not valid CSV: {e}"))
                            .with_hint("check the quotes in this row: a quote inside a quoted cell is written twice (\"\")"),
                    );
                }
            }
        }
        table.check_duplicates(diags);
        Some(table)
    }

    fn check_duplicates(&self, diags: &mut Diagnostics) {
        for (i, name) in self.columns.iter().enumerate() {
            if let Some(first) = self.columns[..i].iter().position(|c| c == name) {
                diags.push(
                    Diagnostic::error(
                        &self.file,
                        self.header_pos(i),
                        format!(
                            "columns {} (`{}`) and {} (`{}`) are both read as `{name}`",
                            column_letter(first),
                            self.original[first],
                            column_letter(i),
                            self.original[i]
                        ),
                    )
                    .with_hint("rename one of them, or map only one to this name in report.yaml's `columns`"),
                );
            }
        }
    }

    /// The index of a canonical column.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Reports every column of `required` the file lacks (at the header row) and returns whether
    /// all are there.
    pub fn require(&self, required: &[&str], diags: &mut Diagnostics) -> bool {
        let mut ok = true;
        for name in required {
            if self.col(name).is_none() {
                ok = false;
                let d = Diagnostic::error(&self.file, Pos::new(1, 1), format!("the file has no `{name}` column"))
                    .with_hint(format!(
                        "the header row has: {}; rename a column to `{name}`, or map it in report.yaml (`columns:`)",
                        self.original.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
                    ))
                    .suggest(name, self.columns.iter().map(String::as_str));
                diags.push(d);
            }
        }
        ok
    }

    /// The cell of `row` in canonical column `name` (empty when the column is missing).
    pub fn cell<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.col(name).and_then(|i| row.cells.get(i)).map_or("", String::as_str)
    }

    /// Where the header cell of column `index` starts.
    fn header_pos(&self, index: usize) -> Pos {
        let (line, col) = field_start(&self.text, 0, index, self.delimiter);
        Pos::new(line, col)
    }

    /// Where cell `index` of `row` starts (line and character column), for the caret.
    pub fn pos(&self, row: &Row, index: usize) -> Pos {
        let (line, col) = field_start(&self.text, row.offset, index, self.delimiter);
        Pos::new(line, col)
    }

    /// An error about the cell of `row` in canonical column `name`: the message is prefixed with
    /// the row and the column (letter and name as the file writes it).
    pub fn error(&self, row: &Row, name: &str, message: impl AsRef<str>) -> Diagnostic {
        let index = self.col(name).unwrap_or(0);
        let what =
            format!("row {}, column {} (`{}`)", row.line, column_letter(index), self.original.get(index).map_or(name, String::as_str));
        Diagnostic::error(&self.file, self.pos(row, index), format!("{what}: {}", message.as_ref()))
    }

    /// The cell as a count: a whole number ≥ 0, thousands separators (`1,234`, `1 234`) allowed.
    /// An empty cell is 0.
    pub fn count(&self, row: &Row, name: &str, diags: &mut Diagnostics) -> Option<u64> {
        let text = self.cell(row, name);
        match parse_count(text) {
            Some(n) => Some(n),
            None => {
                diags.push(
                    self.error(row, name, format!("`{text}` is not a whole number"))
                        .with_hint("write counts as whole numbers such as `1234`"),
                );
                None
            }
        }
    }

    /// The cell as a date: `YYYY-MM-DD`, optionally followed by a time (`2026-05-02 10:15`,
    /// RFC 3339), `/` or `.` as separators accepted.
    pub fn date(&self, row: &Row, name: &str, diags: &mut Diagnostics) -> Option<jiff::civil::Date> {
        let text = self.cell(row, name);
        match parse_date(text) {
            Some(d) => Some(d),
            None => {
                let message = if text.is_empty() { "the date is missing".to_string() } else { format!("`{text}` is not a date") };
                diags.push(
                    self.error(row, name, message).with_hint("write dates as YYYY-MM-DD (a time after it is fine: `2026-05-02 10:15`)"),
                );
                None
            }
        }
    }
}

fn canonical(header: &str, mapping: &BTreeMap<String, String>) -> String {
    let trimmed = header.trim();
    if let Some(to) = mapping.get(trimmed) {
        return to.clone();
    }
    let norm = normalize(trimmed);
    mapping.iter().find(|(from, _)| normalize(from) == norm).map(|(_, to)| to.clone()).unwrap_or(norm)
}

/// `1,234` → 1234; empty → 0; anything else that is not a whole number ≥ 0 → `None`.
pub fn parse_count(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\'')).collect();
    if digits.is_empty() {
        return if text.trim().is_empty() { Some(0) } else { None };
    }
    let digits = digits.strip_suffix(".0").unwrap_or(&digits);
    if digits.chars().all(|c| c.is_ascii_digit()) { digits.parse().ok() } else { None }
}

/// The date at the start of `text` (see [`Table::date`]).
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let t = text.trim();
    let cut = t.char_indices().nth(10).map_or(t.len(), |(i, _)| i);
    let head = t[..cut].replace(['/', '.'], "-");
    let rest = &t[cut..];
    if !(rest.is_empty() || rest.starts_with([' ', 'T', 't'])) {
        return None;
    }
    crate::content::fields::parse_date(&head)
}

/// (line, character column) where field `index` of the record starting at byte `offset` begins.
fn field_start(text: &str, offset: usize, index: usize, delimiter: u8) -> (u32, u32) {
    let line = text[..offset.min(text.len())].matches('\n').count() as u32 + 1;
    let mut line = line;
    let mut line_start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let mut field = 0;
    let mut quoted = false;
    let mut start = offset;
    for (i, c) in text[offset.min(text.len())..].char_indices() {
        if field == index {
            break;
        }
        let at = offset + i;
        match c {
            '"' => quoted = !quoted,
            '\n' if quoted => {
                line += 1;
                line_start = at + 1;
            }
            '\n' | '\r' => break,
            c if !quoted && c as u32 == delimiter as u32 => {
                field += 1;
                start = at + 1;
            }
            _ => {}
        }
    }
    let col = text[line_start..start.max(line_start)].chars().count() as u32 + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str, mapping: &[(&str, &str)]) -> (Option<Table>, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mapping = mapping.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let mut diags = Diagnostics::default();
        let t = Table::read(&path, Path::new("metrics/t.csv"), &mapping, &mut diags);
        (t, diags)
    }

    #[test]
    fn maps_and_normalizes_headers() {
        let (t, d) = table("\u{feff}職稱,Job-Level ,E-mail\n工程師,senior,a@b.c\n", &[("職稱", "job_title"), ("e_mail", "email")]);
        let t = t.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.columns, ["job_title", "job_level", "email"]);
        assert_eq!(t.cell(&t.rows[0], "job_title"), "工程師");
    }

    #[test]
    fn semicolons_and_quotes() {
        let (t, d) = table("sponsor;clicks\n\"a;b\";\"1,234\"\n\n", &[]);
        let t = t.unwrap();
        assert!(d.is_empty());
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.count(&t.rows[0], "clicks", &mut Diagnostics::default()), Some(1234));
    }

    #[test]
    fn bad_cells_point_at_row_and_column() {
        let (t, _) = table("sponsor,placement,clicks\nacme,footer,12\n\"ac,me\",home,1x\n", &[]);
        let t = t.unwrap();
        let mut d = Diagnostics::default();
        assert_eq!(t.count(&t.rows[1], "clicks", &mut d), None);
        let e = d.iter().next().unwrap();
        assert_eq!(e.pos, Pos::new(3, 14));
        assert!(e.message.starts_with("row 3, column C (`clicks`): `1x` is not a whole number"), "{}", e.message);
    }

    #[test]
    fn ragged_rows_and_bad_encoding() {
        let (t, d) = table("a,b\n1,2\n3\n4,5,6\n", &[]);
        assert_eq!(t.unwrap().rows.len(), 1);
        let lines: Vec<u32> = d.iter().map(|d| d.pos.line).collect();
        assert_eq!(lines, [3, 4]);
        let (t, d) = table("a,b\n1,\u{0}\n", &[]);
        assert!(t.is_some() && d.is_empty());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.csv"), b"a\n\xff\n").unwrap();
        let mut d = Diagnostics::default();
        assert!(Table::read(&dir.path().join("x.csv"), Path::new("x.csv"), &BTreeMap::new(), &mut d).is_none());
        assert_eq!(d.iter().next().unwrap().pos.line, 2);
    }

    #[test]
    fn counts_dates_letters() {
        assert_eq!(parse_count(""), Some(0));
        assert_eq!(parse_count("1 234"), Some(1234));
        assert_eq!(parse_count("12.0"), Some(12));
        assert_eq!(parse_count("-3"), None);
        assert_eq!(parse_count("1.5"), None);
        assert_eq!(parse_date("2026/05/02 10:15").unwrap().to_string(), "2026-05-02");
        assert_eq!(parse_date("2026-05-02T10:15:00+02:00").unwrap().to_string(), "2026-05-02");
        assert!(parse_date("02.05.2026").is_none());
        assert!(parse_date("2026-05-0212").is_none());
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(normalize(" Job  Title "), "job_title");
    }
}
