//! Languages: which string table serves a language, looking strings up with English underneath,
//! and dates and numbers written the way a table says. The site's pages (the theme's tables) and
//! the sponsor reports (their own tables) both go through this module, so a date reads the same
//! in a page and in a report.
//!
//! A table is a YAML mapping of keys to strings or lists of strings. Dates are written by a
//! table's format (`date_format: "%A, %-d %B %Y"`): `%A`, `%B` and `%b` are replaced by the
//! table's `weekdays`, `months` and `months_short` (when it has them), then the rest is strftime.

use jiff::civil::Date;
use serde_json::Value;

/// The table among `available` (names such as `en`, `zh-TW`) that serves `language`: the same
/// name in any case (`zh-tw`), else the table of the same script (`zh-Hant`, `zh-HK` → `zh-TW`;
/// `zh-Hans`, `zh-SG` → `zh-CN`), else one of the same language without a region (`en-GB` →
/// `en`; never for Chinese, where the script is what matters). `None`: English serves it.
pub fn table_for<'a>(language: &str, available: &[&'a str]) -> Option<&'a str> {
    let same = |name: &str| available.iter().copied().find(|a| a.eq_ignore_ascii_case(name));
    let lower = language.to_ascii_lowercase();
    let script = match lower.as_str() {
        "zh-hant" | "zh-hk" | "zh-mo" => Some("zh-TW"),
        _ if lower.starts_with("zh-hant-") => Some("zh-TW"),
        "zh-hans" | "zh-sg" => Some("zh-CN"),
        _ if lower.starts_with("zh-hans-") => Some("zh-CN"),
        _ => None,
    };
    let primary = lower.split('-').next().unwrap_or("");
    same(language).or_else(|| script.and_then(same)).or_else(|| (primary != "zh").then(|| same(primary)).flatten())
}

/// `over` laid on `base` (English): `over`'s keys win, the rest stays English.
pub fn layered(mut base: Value, over: Option<Value>) -> Value {
    if let (Value::Object(map), Some(Value::Object(over))) = (&mut base, over) {
        map.extend(over);
    }
    base
}

/// A language's strings: its table laid over English.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    table: Value,
}

impl Strings {
    pub fn new(table: Value) -> Strings {
        Strings { table }
    }

    /// The table, for templates.
    pub fn table(&self) -> &Value {
        &self.table
    }

    /// The string for `key`, or the key itself.
    pub fn get(&self, key: &str) -> String {
        get(&self.table, key)
    }

    /// The string for `key` if the table has it.
    pub fn maybe(&self, key: &str) -> Option<String> {
        self.table.get(key).and_then(Value::as_str).map(str::to_string)
    }

    /// The string for `key` with its `{name}` placeholders replaced.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.get(key), args)
    }

    /// The date in the table's `date_format`.
    pub fn date(&self, d: Date) -> String {
        format_date(&self.table, d, "date_format")
    }

    /// The date in the table's `short_date_format`.
    pub fn short_date(&self, d: Date) -> String {
        format_date(&self.table, d, "short_date_format")
    }

    /// Two dates as one range (see [`date_range`]).
    pub fn date_range(&self, first: Date, last: Date) -> String {
        date_range(&self.table, first, last)
    }

    /// The label of vocabulary value `id` under `prefix` (`placement_`), or the id itself.
    pub fn label(&self, prefix: &str, id: &str) -> String {
        self.maybe(&format!("{prefix}{id}")).unwrap_or_else(|| id.to_string())
    }
}

/// The string for `key` in `table`, or the key itself.
pub fn get(table: &Value, key: &str) -> String {
    table.get(key).and_then(Value::as_str).unwrap_or(key).to_string()
}

/// Item `i` of the list `key` in `table`, or "".
fn list_item<'t>(table: &'t Value, key: &str, i: usize) -> &'t str {
    table.get(key).and_then(|l| l.get(i)).and_then(Value::as_str).unwrap_or("")
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(text.to_string(), |s, (name, value)| s.replace(&format!("{{{name}}}"), value))
}

/// `date` in the format under `format_key` (see the module's documentation).
pub fn format_date(table: &Value, date: Date, format_key: &str) -> String {
    let month = date.month() as usize - 1;
    let names =
        [("%A", "weekdays", date.weekday().to_monday_zero_offset() as usize), ("%B", "months", month), ("%b", "months_short", month)];
    let mut format = get(table, format_key);
    for (directive, list, i) in names {
        // A table without the list leaves the directive to strftime (English names).
        if table.get(list).is_some() {
            format = format.replace(directive, list_item(table, list, i));
        }
    }
    date.strftime(&format).to_string()
}

/// "22–23 October 2026", "30 September – 2 October 2026" (the table's `date_range_same_month`
/// and `date_range`, with `{d1}`, `{d2}`, `{m1}`, `{m2}`, `{month1}`, `{month2}` and `{year}`); a
/// single day is its `date_format`, and a range across years two of them.
pub fn date_range(table: &Value, first: Date, last: Date) -> String {
    let full = |d| format_date(table, d, "date_format");
    if first == last {
        return full(first);
    }
    if first.year() != last.year() {
        return format!("{} – {}", full(first), full(last));
    }
    let key = if first.month() == last.month() { "date_range_same_month" } else { "date_range" };
    let month = |d: Date| list_item(table, "months", d.month() as usize - 1);
    fill(
        &get(table, key),
        &[
            ("d1", &first.day().to_string()),
            ("d2", &last.day().to_string()),
            ("m1", &first.month().to_string()),
            ("m2", &last.month().to_string()),
            ("month1", month(first)),
            ("month2", month(last)),
            ("year", &first.year().to_string()),
        ],
    )
}

/// 1234567 → "1,234,567".
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.2346 → "23.5%" (one decimal); `None` → "—".
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(s) => format!("{:.1}%", s * 100.0),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_find_their_table() {
        let available = ["en", "zh-TW", "zh-CN"];
        assert_eq!(table_for("zh-TW", &available), Some("zh-TW"));
        assert_eq!(table_for("zh-tw", &available), Some("zh-TW"));
        assert_eq!(table_for("zh-Hant", &available), Some("zh-TW"));
        assert_eq!(table_for("zh-Hant-TW", &available), Some("zh-TW"));
        assert_eq!(table_for("zh-HK", &available), Some("zh-TW"));
        assert_eq!(table_for("zh-Hans", &available), Some("zh-CN"));
        assert_eq!(table_for("en-GB", &available), Some("en"));
        assert_eq!(table_for("zh", &available), None, "Chinese needs its script");
        assert_eq!(table_for("zh-CN", &["en", "zh-TW"]), None, "not the other script's table");
        assert_eq!(table_for("de", &available), None);
    }

    #[test]
    fn dates_and_numbers() {
        let table: Value = serde_json::json!({
            "date_format": "%A, %-d %B %Y", "short_date_format": "%-d %b",
            "date_range_same_month": "{d1}–{d2} {month1} {year}", "date_range": "{d1} {month1} – {d2} {month2} {year}",
            "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
            "months_short": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        });
        let s = Strings::new(table);
        let d: Date = "2026-10-22".parse().unwrap();
        assert_eq!(s.date(d), "Thursday, 22 October 2026");
        assert_eq!(s.short_date(d), "22 Oct");
        assert_eq!(s.date_range(d, "2026-10-23".parse().unwrap()), "22–23 October 2026");
        assert_eq!(s.date_range("2026-09-30".parse().unwrap(), "2026-10-02".parse().unwrap()), "30 September – 2 October 2026");
        assert_eq!(s.date_range(d, d), "Thursday, 22 October 2026");
        assert_eq!(s.get("no_such_key"), "no_such_key");
        assert_eq!(fill("{rank} of {of}", &[("rank", "2"), ("of", "6")]), "2 of 6");
        assert_eq!(number(1234567), "1,234,567");
        assert_eq!(number(999), "999");
        assert_eq!(percent(Some(0.2345)), "23.4%");
        assert_eq!(percent(None), "—");
    }
}
