use super::*;

#[test]
fn reliability_parses_from_its_letter_in_either_case_and_from_its_words() {
    for (letter, grade) in Reliability::ALL {
        assert_eq!(Reliability::parse(letter), Ok(grade));
        assert_eq!(Reliability::parse(&letter.to_lowercase()), Ok(grade));
        assert_eq!(Reliability::parse(&format!(" {letter} ")), Ok(grade));
        assert_eq!(Reliability::parse(grade.label(Language::En)), Ok(grade));
        assert_eq!(Reliability::parse(grade.label(Language::Fr)), Ok(grade));
        assert_eq!(grade.to_string(), letter);
    }
    assert_eq!(
        Reliability::parse("Fiabilite non estimable"),
        Ok(Reliability::F)
    );
}

#[test]
fn credibility_parses_from_its_digit_and_from_its_words() {
    for (digit, grade) in Credibility::ALL {
        assert_eq!(Credibility::parse(digit), Ok(grade));
        assert_eq!(Credibility::parse(grade.label(Language::En)), Ok(grade));
        assert_eq!(Credibility::parse(grade.label(Language::Fr)), Ok(grade));
        assert_eq!(grade.to_string(), digit);
    }
    assert_eq!(
        Credibility::parse("corroboree par d'autres sources"),
        Ok(Credibility::Confirmed)
    );
}

#[test]
fn both_grades_in_one_field_are_refused_with_the_two_fields_to_write() {
    for text in ["B2", "b2", "B 2"] {
        let err = Reliability::parse(text).unwrap_err();
        assert!(matches!(err, GradeError::BothInOne { .. }), "{err:?}");
        assert_eq!(
            err.help().as_deref(),
            Some("write `reliability: B` and `credibility: 2`")
        );
    }
    let err = Credibility::parse("C3").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`C3` holds both grades, but each has its own field"
    );
    assert_eq!(
        err.help().as_deref(),
        Some("write `reliability: C` and `credibility: 3`")
    );
}

#[test]
fn a_wrong_letter_suggests_the_nearest_grade() {
    let err = Reliability::parse("G").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`G` is not a reliability grade: expected a letter from `A` to `F`"
    );
    assert_eq!(
        err.help().as_deref(),
        Some("did you mean `F` (reliability cannot be judged)?")
    );
    assert!(matches!(
        Reliability::parse("z"),
        Err(GradeError::UnknownReliability {
            nearest: Some(Reliability::F),
            ..
        })
    ));
    assert!(matches!(
        Reliability::parse("usualy reliable"),
        Err(GradeError::UnknownReliability {
            nearest: Some(Reliability::B),
            ..
        })
    ));
    assert!(matches!(
        Reliability::parse("?"),
        Err(GradeError::UnknownReliability { nearest: None, .. })
    ));
}

#[test]
fn a_wrong_number_suggests_the_nearest_grade() {
    let err = Credibility::parse("7").unwrap_err();
    assert_eq!(
        err.help().as_deref(),
        Some("did you mean `6` (truth cannot be judged)?")
    );
    assert!(matches!(
        Credibility::parse("0"),
        Err(GradeError::UnknownCredibility {
            nearest: Some(Credibility::Confirmed),
            ..
        })
    ));
    assert!(matches!(
        Credibility::parse("probaly true"),
        Err(GradeError::UnknownCredibility {
            nearest: Some(Credibility::ProbablyTrue),
            ..
        })
    ));
}

#[test]
fn codes_and_meanings_cover_partial_grades() {
    let b2 = Grade::parse_code("B2").unwrap();
    assert_eq!(b2.code().as_deref(), Some("B2"));
    let only_source = Grade {
        reliability: Some(Reliability::F),
        credibility: None,
    };
    assert_eq!(only_source.code().as_deref(), Some("F"));
    assert_eq!(
        only_source.meaning(Language::En).as_deref(),
        Some("F: source whose reliability cannot be judged")
    );
    let only_information = Grade {
        reliability: None,
        credibility: Some(Credibility::Doubtful),
    };
    assert_eq!(only_information.code().as_deref(), Some("4"));
    assert_eq!(
        only_information.meaning(Language::Fr).as_deref(),
        Some("4\u{202F}: information douteuse")
    );
    assert_eq!(Grade::default().code(), None);
    assert_eq!(Grade::default().meaning(Language::En), None);
}

#[test]
fn every_grade_has_a_meaning_in_both_languages() {
    for (_, r) in Reliability::ALL {
        for (_, c) in Credibility::ALL {
            let g = Grade {
                reliability: Some(r),
                credibility: Some(c),
            };
            let en = g.meaning(Language::En).unwrap();
            let fr = g.meaning(Language::Fr).unwrap();
            assert!(
                en.starts_with(&format!("{}{}: ", r.letter(), c.digit())),
                "{en}"
            );
            assert!(
                fr.starts_with(&format!("{}{}\u{202F}: ", r.letter(), c.digit())),
                "{fr}"
            );
            assert!(en.contains(r.describe(Language::En)) && en.contains(c.describe(Language::En)));
            assert!(fr.contains(r.describe(Language::Fr)) && fr.contains(c.describe(Language::Fr)));
        }
    }
}

#[test]
fn parse_code_refuses_what_is_not_a_code() {
    for text in ["", "B", "2", "B22", "G2", "B0", "2B"] {
        assert_eq!(Grade::parse_code(text), None, "{text}");
    }
}

#[test]
fn a_citation_takes_its_source_documents_reliability_by_default() {
    let cited = Grade {
        reliability: None,
        credibility: Some(Credibility::ProbablyTrue),
    };
    assert_eq!(
        cited.or_source(Some(Reliability::B)).code().as_deref(),
        Some("B2")
    );
    let own = Grade {
        reliability: Some(Reliability::C),
        ..cited
    };
    assert_eq!(
        own.or_source(Some(Reliability::B)).code().as_deref(),
        Some("C2")
    );
    assert_eq!(cited.or_source(None), cited);
}
