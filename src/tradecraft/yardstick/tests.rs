use super::*;

fn keys(y: Yardstick) -> Vec<&'static str> {
    y.terms().map(Term::key).collect()
}

#[test]
fn icd203_has_its_two_rows_with_the_directive_ranges() {
    let y = Yardstick::Icd203;
    let table: Vec<(&str, Row, (u8, u8))> =
        y.terms().map(|t| (t.key(), t.row(), t.range())).collect();
    assert_eq!(
        table,
        vec![
            ("almost-no-chance", Row::First, (1, 5)),
            ("very-unlikely", Row::First, (5, 20)),
            ("unlikely", Row::First, (20, 45)),
            ("roughly-even-chance", Row::First, (45, 55)),
            ("likely", Row::First, (55, 80)),
            ("very-likely", Row::First, (80, 95)),
            ("almost-certain", Row::First, (95, 99)),
            ("remote", Row::Second, (1, 5)),
            ("highly-improbable", Row::Second, (5, 20)),
            ("improbable", Row::Second, (20, 45)),
            ("roughly-even-odds", Row::Second, (45, 55)),
            ("probable", Row::Second, (55, 80)),
            ("highly-probable", Row::Second, (80, 95)),
            ("nearly-certain", Row::Second, (95, 99)),
        ]
    );
}

#[test]
fn phia_has_one_row_with_the_published_ranges_and_gaps() {
    let table: Vec<(&str, (u8, u8))> = Yardstick::Phia
        .terms()
        .map(|t| (t.key(), t.range()))
        .collect();
    assert_eq!(
        table,
        vec![
            ("remote-chance", (0, 5)),
            ("highly-unlikely", (10, 20)),
            ("unlikely", (25, 35)),
            ("realistic-possibility", (40, 50)),
            ("likely", (55, 75)),
            ("highly-likely", (80, 90)),
            ("almost-certain", (95, 100)),
        ]
    );
    assert!(Yardstick::Phia.terms().all(|t| t.row() == Row::First));
}

#[test]
fn terms_of_one_level_share_their_range_across_rows() {
    for level in 1..=7 {
        let first = Yardstick::Icd203.term_at(level, Row::First).unwrap();
        let second = Yardstick::Icd203.term_at(level, Row::Second).unwrap();
        assert_eq!(first.range(), second.range(), "level {level}");
        assert_eq!(first.level(), level);
    }
    assert_eq!(Yardstick::Icd203.term_at(0, Row::First), None);
    assert_eq!(Yardstick::Icd203.term_at(8, Row::First), None);
    // PHIA has no second row: either row gives its one term.
    assert_eq!(
        Yardstick::Phia.term_at(5, Row::Second),
        Yardstick::Phia.term_at(5, Row::First)
    );
}

#[test]
fn every_term_parses_from_its_key_and_every_spelling_in_both_languages() {
    for y in [Yardstick::Icd203, Yardstick::Phia] {
        for term in y.terms() {
            assert_eq!(y.parse_term(term.key()), Ok(term), "{}", term.key());
            for lang in [Language::En, Language::Fr] {
                assert!(
                    !term.spellings(lang).is_empty(),
                    "{} has no {lang:?} word",
                    term.key()
                );
                for spelling in term.spellings(lang) {
                    assert_eq!(y.parse_term(spelling), Ok(term), "{y:?} {spelling}");
                    assert_eq!(
                        y.parse_term(&spelling.to_uppercase()),
                        Ok(term),
                        "{spelling}"
                    );
                    let plain = deunicode::deunicode(spelling);
                    assert_eq!(y.parse_term(&plain), Ok(term), "{plain}");
                    let dashed = spelling.replace(' ', "-");
                    assert_eq!(y.parse_term(&dashed), Ok(term), "{dashed}");
                }
            }
        }
    }
}

#[test]
fn no_spelling_names_two_terms_of_one_yardstick() {
    for y in [Yardstick::Icd203, Yardstick::Phia] {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for term in y.terms() {
            let all = std::iter::once(term.key())
                .chain(term.spellings(Language::En).iter().copied())
                .chain(term.spellings(Language::Fr).iter().copied());
            for spelling in all {
                let folded = fold(spelling);
                if let Some((_, other)) =
                    seen.iter().find(|(s, k)| *s == folded && *k != term.key())
                {
                    panic!("{y:?}: `{spelling}` is both `{other}` and `{}`", term.key());
                }
                seen.push((folded, term.key()));
            }
        }
    }
}

#[test]
fn labels_are_the_first_spelling_of_each_language() {
    let likely = Yardstick::Icd203.parse_term("likely").unwrap();
    assert_eq!(likely.label(Language::En), "likely");
    assert_eq!(likely.label(Language::Fr), "vraisemblable");
    let probable = Yardstick::Icd203.parse_term("probable").unwrap();
    assert_eq!(probable.row(), Row::Second);
    assert_eq!(probable.label(Language::Fr), "probable");
    let phia = Yardstick::Phia.parse_term("probably").unwrap();
    assert_eq!(phia.key(), "likely");
    assert_eq!(phia.label(Language::Fr), "probable");
    assert_eq!(
        Yardstick::Phia
            .parse_term("realistic possibility")
            .unwrap()
            .label(Language::Fr),
        "possibilité réelle"
    );
}

#[test]
fn badges_show_the_label_and_the_range_in_the_language() {
    let t = Yardstick::Icd203.parse_term("likely").unwrap();
    assert_eq!(t.badge(Language::En), "likely (55–80%)");
    assert_eq!(t.badge(Language::Fr), "vraisemblable (55–80\u{202F}%)");
    let remote = Yardstick::Phia.parse_term("remote chance").unwrap();
    assert_eq!(remote.badge(Language::En), "remote chance (0–5%)");
}

#[test]
fn misspelt_terms_suggest_the_nearest_in_the_writers_language() {
    let y = Yardstick::Icd203;
    let err = y.parse_term("likley").unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("likely"));
    assert_eq!(err.help().as_deref(), Some("did you mean `likely`?"));
    let err = y.parse_term("vraisemblabe").unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("likely"));
    assert_eq!(err.help().as_deref(), Some("did you mean `vraisemblable`?"));
    let err = y.parse_term("almost-certian").unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("almost-certain"));
    let err = Yardstick::Phia
        .parse_term("realistic posibility")
        .unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("realistic-possibility"));
}

#[test]
fn nonsense_gets_no_suggestion_and_a_message_listing_the_keys() {
    let err = Yardstick::Phia.parse_term("banana").unwrap_err();
    assert_eq!(err.nearest, None);
    assert_eq!(err.help(), None);
    let message = err.to_string();
    assert!(
        message.starts_with("`banana` is not a term of the PHIA yardstick"),
        "{message}"
    );
    for key in keys(Yardstick::Phia) {
        assert!(message.contains(&format!("`{key}`")), "{message}");
    }
}

#[test]
fn a_term_of_the_other_yardstick_suggests_its_equivalent() {
    let err = Yardstick::Icd203.parse_term("highly likely").unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("very-likely"));
    assert_eq!(err.other_scale.map(Term::yardstick), Some(Yardstick::Phia));
    assert_eq!(
        err.help().as_deref(),
        Some(
            "`highly likely` is a term of PHIA; on the ICD 203 yardstick write `very-likely` (80–95%)"
        )
    );
    let err = Yardstick::Phia.parse_term("nearly certain").unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("almost-certain"));
    let err = Yardstick::Phia
        .parse_term("très vraisemblable")
        .unwrap_err();
    assert_eq!(err.nearest.map(Term::key), Some("highly-likely"));
}

#[test]
fn yardsticks_parse_from_site_yaml_values_and_default_to_icd203() {
    assert_eq!(Yardstick::default(), Yardstick::Icd203);
    for (key, y) in Yardstick::ALL {
        assert_eq!(y.key(), key);
    }
    assert_eq!(Yardstick::Icd203.to_string(), "ICD 203");
    assert!(
        Yardstick::Phia
            .source()
            .1
            .starts_with("https://www.gov.uk/")
    );
}

#[test]
fn terms_serialize_as_their_key() {
    let t = Yardstick::Icd203.parse_term("roughly even chance").unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        "\"roughly-even-chance\""
    );
}

#[test]
fn the_documented_tables_hold_every_term() {
    let doc = include_str!("../../../docs/tradecraft.md");
    for y in [Yardstick::Icd203, Yardstick::Phia] {
        for t in y.terms() {
            let (low, high) = t.range();
            let row = doc
                .lines()
                .find(|l| {
                    l.contains(&format!("| `{}` |", t.key()))
                        && l.starts_with(&format!("| {low}–{high} %"))
                })
                .unwrap_or_else(|| {
                    panic!(
                        "no row for `{}` ({low}–{high} %) in docs/tradecraft.md",
                        t.key()
                    )
                });
            for lang in [Language::En, Language::Fr] {
                assert!(row.contains(&format!("| {} |", t.label(lang))), "{row}");
            }
        }
    }
}
