//! The report's string tables (en, zh-TW), embedded in the binary (`i18n/<lang>.yaml`). They are
//! the report's own texts, chosen, looked up and formatted by the site's [`crate::i18n`].

use crate::i18n::{self, Strings};

const TABLES: &[(&str, &str)] = &[("en", include_str!("i18n/en.yaml")), ("zh-TW", include_str!("i18n/zh-TW.yaml"))];

fn table(name: &str) -> Option<serde_json::Value> {
    let (_, text) = TABLES.iter().find(|(n, _)| *n == name)?;
    Some(serde_yaml::from_str(text).expect("embedded report strings are valid YAML"))
}

/// The report's strings for `language`, English underneath.
pub fn strings(language: &str) -> Strings {
    let names: Vec<&str> = TABLES.iter().map(|(n, _)| *n).collect();
    let over = i18n::table_for(language, &names).filter(|&n| n != "en").and_then(table);
    Strings::new(i18n::layered(table("en").expect("English"), over))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_have_the_same_keys() {
        let keys = |name| table(name).unwrap().as_object().unwrap().keys().cloned().collect::<std::collections::BTreeSet<_>>();
        let (en, zh) = (keys("en"), keys("zh-TW"));
        let missing: Vec<&String> = en.symmetric_difference(&zh).collect();
        assert!(missing.is_empty(), "keys in only one language: {missing:?}");
    }

    #[test]
    fn formats() {
        let d: jiff::civil::Date = "2026-10-22".parse().unwrap();
        assert_eq!(strings("en").date(d), "22 October 2026");
        assert_eq!(strings("zh-TW").date(d), "2026年10月22日");
        assert_eq!(strings("zh-Hant").short_date(d), "10/22");
        assert_eq!(strings("en").short_date(d), "22 Oct");
        assert_eq!(strings("en").date_range(d, "2026-10-23".parse().unwrap()), "22–23 October 2026");
        assert_eq!(strings("zh-TW").date_range(d, "2026-10-23".parse().unwrap()), "2026年10月22日至23日");
        assert_eq!(strings("en").fill("rank_of", &[("rank", "2"), ("of", "6")]), "2 of 6");
        assert_eq!(strings("en").label("placement_", "home-hero"), strings("en").get("placement_home-hero"));
    }

    /// The conference's dates read the same in a report as on the site's pages, in each language
    /// (ranges within a year; a single full date has no weekday in a report).
    #[test]
    fn date_ranges_are_the_sites() {
        let en: serde_json::Value = serde_yaml::from_str(include_str!("../../themes/default/i18n/en.yaml")).unwrap();
        let zh = serde_yaml::from_str(include_str!("../../themes/default/i18n/zh-TW.yaml")).ok();
        let sites = [("en", en.clone()), ("zh-TW", i18n::layered(en, zh))];
        for (language, site) in &sites {
            for (a, b) in [("2026-10-22", "2026-10-23"), ("2026-09-30", "2026-10-02")] {
                let (a, b) = (a.parse().unwrap(), b.parse().unwrap());
                assert_eq!(strings(language).date_range(a, b), i18n::date_range(site, a, b), "{language}");
            }
        }
    }
}
