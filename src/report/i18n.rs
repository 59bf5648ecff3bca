//! The report's strings in the site's language (en, zh-TW), and number and date formatting.
//!
//! The string tables are YAML files embedded in the binary (`i18n/<lang>.yaml`); a key missing
//! from a language falls back to English, then to the key itself.

use std::collections::HashMap;

use jiff::civil::Date;
use serde_yaml::Value;

const EN: &str = include_str!("i18n/en.yaml");
const ZH_TW: &str = include_str!("i18n/zh-TW.yaml");

/// One language's strings.
pub struct Strings {
    map: HashMap<String, Value>,
    fallback: HashMap<String, Value>,
}

fn table(text: &str) -> HashMap<String, Value> {
    serde_yaml::from_str(text).expect("embedded report strings are valid YAML")
}

impl Strings {
    /// The strings for `language` (`zh-TW`, `zh-Hant`… → Traditional Chinese; else English).
    pub fn new(language: &str) -> Strings {
        let lower = language.to_ascii_lowercase();
        let text = if lower.starts_with("zh") { ZH_TW } else { EN };
        Strings { map: table(text), fallback: table(EN) }
    }

    fn value(&self, key: &str) -> Option<&Value> {
        self.map.get(key).or_else(|| self.fallback.get(key))
    }

    /// The string for `key`.
    pub fn get(&self, key: &str) -> String {
        self.value(key).and_then(Value::as_str).unwrap_or(key).to_string()
    }

    /// The string for `key` with `{name}` placeholders replaced.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// The string for `key` if the table has it (e.g. `column_job_title`).
    pub fn maybe(&self, key: &str) -> Option<String> {
        self.value(key).and_then(Value::as_str).map(str::to_string)
    }

    fn list_item(&self, key: &str, i: usize) -> String {
        self.value(key).and_then(|l| l.get(i)).and_then(Value::as_str).unwrap_or("").to_string()
    }

    /// "22 October 2026" / "2026年10月22日".
    pub fn date(&self, d: Date) -> String {
        self.format_date(d, "date_format")
    }

    /// "22 Oct" / "10/22".
    pub fn short_date(&self, d: Date) -> String {
        self.format_date(d, "short_date_format")
    }

    fn format_date(&self, d: Date, key: &str) -> String {
        let month = d.month() as usize - 1;
        self.fill(
            key,
            &[
                ("y", &d.year().to_string()),
                ("m", &d.month().to_string()),
                ("d", &d.day().to_string()),
                ("month", &self.list_item("months", month)),
                ("mon", &self.list_item("months_short", month)),
            ],
        )
    }

    /// "22 October 2026 – 23 October 2026": two full dates (one when they are the same day).
    pub fn date_range(&self, first: Date, last: Date) -> String {
        if first == last { self.date(first) } else { format!("{} – {}", self.date(first), self.date(last)) }
    }

    /// The label of a placement name.
    pub fn placement(&self, p: &str) -> String {
        self.maybe(&format!("placement_{p}")).unwrap_or_else(|| p.to_string())
    }
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
    fn languages_have_the_same_keys() {
        let en = table(EN);
        let zh = table(ZH_TW);
        let mut missing: Vec<&String> =
            en.keys().filter(|k| !zh.contains_key(*k)).chain(zh.keys().filter(|k| !en.contains_key(*k))).collect();
        missing.sort();
        assert!(missing.is_empty(), "keys in only one language: {missing:?}");
    }

    #[test]
    fn formats() {
        let d: Date = "2026-10-22".parse().unwrap();
        assert_eq!(Strings::new("en").date(d), "22 October 2026");
        assert_eq!(Strings::new("zh-TW").date(d), "2026年10月22日");
        assert_eq!(Strings::new("zh-TW").short_date(d), "10/22");
        assert_eq!(Strings::new("en").fill("rank_of", &[("rank", "2"), ("of", "6")]), "2 of 6");
        assert_eq!(Strings::new("en").get("no_such_key"), "no_such_key");
        assert_eq!(number(1234567), "1,234,567");
        assert_eq!(number(999), "999");
        assert_eq!(percent(Some(0.2345)), "23.4%");
        assert_eq!(percent(None), "—");
    }
}
