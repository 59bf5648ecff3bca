//! Every value of the content's closed vocabularies has its label in every language's string
//! table: the theme's for what pages show, the report's for placements and logo orders.

use std::collections::HashMap;
use std::path::Path;

use confpress::model::{Level, OrderPolicy, Placement, SessionKind, Vocabulary};

fn table(path: &str) -> HashMap<String, serde_yaml::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn missing<T: Vocabulary>(table: &HashMap<String, serde_yaml::Value>) -> Vec<String> {
    T::ALL.iter().map(|v| v.label_key()).filter(|k| table.get(k).is_none_or(|v| v.as_str().is_none_or(str::is_empty))).collect()
}

#[test]
fn every_kind_and_level_has_a_label_in_every_theme_language() {
    for lang in ["en", "zh-TW"] {
        let t = table(&format!("themes/default/i18n/{lang}.yaml"));
        let gaps: Vec<String> = missing::<SessionKind>(&t).into_iter().chain(missing::<Level>(&t)).collect();
        assert!(gaps.is_empty(), "{lang}: no label for {gaps:?}");
    }
}

#[test]
fn every_placement_and_order_policy_has_a_label_in_every_report_language() {
    for lang in ["en", "zh-TW"] {
        let t = table(&format!("src/report/i18n/{lang}.yaml"));
        let gaps: Vec<String> = missing::<Placement>(&t).into_iter().chain(missing::<OrderPolicy>(&t)).collect();
        assert!(gaps.is_empty(), "{lang}: no label for {gaps:?}");
    }
}

#[test]
fn ids_round_trip_and_are_unique() {
    fn check<T: Vocabulary + std::fmt::Debug>() {
        for &v in T::ALL {
            assert_eq!(T::from_id(v.id()), Some(v));
        }
        let mut ids: Vec<&str> = T::ids().collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), T::ALL.len());
    }
    check::<SessionKind>();
    check::<Level>();
    check::<Placement>();
    check::<OrderPolicy>();
    assert_eq!(SessionKind::from_id("Talk"), None, "ids are exact");
}
