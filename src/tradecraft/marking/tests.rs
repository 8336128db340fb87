use super::*;

/// WCAG 2 relative luminance of a `#RRGGBB` colour.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// WCAG 2 contrast ratio of two colours.
fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[test]
fn contrast_matches_known_values() {
    assert!((contrast("#FFFFFF", "#000000") - 21.0).abs() < 1e-9);
    assert!((contrast("#777777", "#FFFFFF") - 4.48).abs() < 0.01);
}

#[test]
fn markings_are_ordered_by_restriction() {
    let order: Vec<Marking> = Marking::ALL.iter().map(|&(_, m)| m).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(Marking::Clear < Marking::Green);
    assert!(Marking::Green < Marking::Amber);
    assert!(Marking::Amber < Marking::AmberStrict);
    assert!(Marking::AmberStrict < Marking::Red);
}

#[test]
fn labels_parse_back_and_serialize_as_written() {
    for (label, m) in Marking::ALL {
        assert_eq!(m.label(), label);
        assert_eq!(m.to_string(), label);
        assert_eq!(Marking::parse(label), Ok(m));
        assert_eq!(Marking::parse(&label.to_lowercase()), Ok(m));
        assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{label}\""));
    }
    assert_eq!(
        Marking::parse(" TLP: AMBER + STRICT "),
        Ok(Marking::AmberStrict)
    );
}

#[test]
fn wrong_labels_get_the_nearest_label() {
    let err = Marking::parse("TLP:WHITE").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`TLP:WHITE` is TLP 1.0: TLP 2.0 renamed it `TLP:CLEAR`"
    );
    assert_eq!(err.help().as_deref(), Some("write `TLP:CLEAR`"));
    for (text, nearest) in [
        ("AMBER", Marking::Amber),
        ("amber strict", Marking::AmberStrict),
        ("TLP-RED", Marking::Red),
        ("TLP:GREN", Marking::Green),
        ("TLP:AMBER-STRICT", Marking::AmberStrict),
    ] {
        let err = Marking::parse(text).unwrap_err();
        assert_eq!(
            err.help(),
            Some(format!("did you mean `{}`?", nearest.label())),
            "{text}"
        );
    }
    assert_eq!(Marking::parse("secret").unwrap_err().help(), None);
}

#[test]
fn only_clear_is_published_and_only_red_needs_allow_red() {
    for (_, m) in Marking::ALL {
        assert_eq!(m.is_published(), m == Marking::Clear, "{m}");
        assert_eq!(m.needs_allow_red(), m == Marking::Red, "{m}");
    }
}

#[test]
fn a_brief_can_raise_the_site_marking_but_not_lower_it() {
    use Marking::*;
    assert_eq!(Marking::effective(None, None), None);
    assert_eq!(Marking::effective(Some(Green), None), Some(Green));
    assert_eq!(Marking::effective(None, Some(Red)), Some(Red));
    assert_eq!(Marking::effective(Some(Amber), Some(Clear)), Some(Amber));
    assert_eq!(
        Marking::effective(Some(Green), Some(AmberStrict)),
        Some(AmberStrict)
    );
}

#[test]
fn colours_are_firsts_and_readable_on_light_and_dark_pages() {
    let expected = [
        (Marking::Clear, "#FFFFFF"),
        (Marking::Green, "#33FF00"),
        (Marking::Amber, "#FFC000"),
        (Marking::AmberStrict, "#FFC000"),
        (Marking::Red, "#FF2B2B"),
    ];
    for (m, text) in expected {
        let c = m.colours();
        assert_eq!((c.text, c.background), (text, "#000000"));
        // The label on its badge: WCAG AA for normal text.
        assert!(
            contrast(c.text, c.background) >= 4.5,
            "{m}: {}",
            contrast(c.text, c.background)
        );
        // The badge's edge: its black fill on a light page, its border (the
        // text colour) on a dark page; WCAG 1.4.11 asks 3:1.
        assert!(contrast(c.background, "#FFFFFF") >= 3.0);
        for dark in ["#000000", "#121212", "#1E1E1E"] {
            assert!(contrast(c.text, dark) >= 3.0, "{m} on {dark}");
        }
    }
    // The least contrasted pair, measured: TLP:RED's #FF2B2B on black.
    let red = contrast("#FF2B2B", "#000000");
    assert!((red - 5.63).abs() < 0.01, "{red}");
}

#[test]
fn every_marking_has_a_description_in_both_languages() {
    for (_, m) in Marking::ALL {
        let (en, fr) = (m.description(Language::En), m.description(Language::Fr));
        assert!(en.ends_with('.') && fr.ends_with('.'), "{m}");
        assert_ne!(en, fr);
        assert!(
            !fr.contains(" :"),
            "French sets a narrow no-break space before `:`: {fr}"
        );
    }
}
