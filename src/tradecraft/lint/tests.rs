use super::*;

use Language::{En, Fr};
use Yardstick::{Icd203, Phia};

/// What the lint finds in `text`: the words each finding points at, and
/// the name of its rule.
fn found(text: &str, lang: Language, yardstick: Yardstick) -> Vec<(&str, &'static str)> {
    lint(text, lang, yardstick)
        .into_iter()
        .map(|f| {
            let rule = match f.problem {
                LintProblem::Hedge { .. } => "hedge",
                LintProblem::OtherYardstick { .. } => "other",
                LintProblem::LikelihoodWithConfidence { .. } => "confidence",
                LintProblem::MixedRows { .. } => "rows",
            };
            (&text[f.range], rule)
        })
        .collect()
}

fn suggestion(text: &str, lang: Language, yardstick: Yardstick) -> String {
    let findings = lint(text, lang, yardstick);
    assert_eq!(findings.len(), 1, "{findings:?}");
    findings[0].suggestion.clone().unwrap()
}

// Rule 1: hedges outside the yardstick.

#[test]
fn english_hedge_is_found_at_the_word_with_yardstick_terms_to_use() {
    let text = "JNIM may attack Kayes before the rains.";
    assert_eq!(found(text, En, Icd203), [("may", "hedge")]);
    let findings = lint(text, En, Icd203);
    assert_eq!(findings[0].range, 5..8);
    assert_eq!(
        findings[0].problem.to_string(),
        "`may` is a hedge outside the ICD 203 yardstick"
    );
    assert_eq!(
        findings[0].suggestion.as_deref(),
        Some(
            "write a term of the yardstick instead, such as `roughly even chance` (45–55%) or `likely` (55–80%)"
        )
    );
}

#[test]
fn english_text_in_yardstick_terms_has_no_hedge() {
    assert_eq!(
        found(
            "JNIM is likely to attack Kayes before the rains.",
            En,
            Icd203
        ),
        []
    );
    assert_eq!(
        found("An attack on Kayes is a realistic possibility.", En, Phia),
        []
    );
}

#[test]
fn french_hedges_are_found_in_every_person_of_the_conditional() {
    let text = "Le JNIM pourrait attaquer Kayes\u{202F}; les FAMa pourraient se retirer.";
    assert_eq!(
        found(text, Fr, Icd203),
        [("pourrait", "hedge"), ("pourraient", "hedge")]
    );
    assert!(
        suggestion("Le JNIM pourrait attaquer Kayes.", Fr, Icd203).contains(
            "`chances à peu près égales` (45–55\u{202F}%) or `vraisemblable` (55–80\u{202F}%)"
        )
    );
    assert!(
        suggestion("Le JNIM pourrait attaquer Kayes.", Fr, Phia)
            .contains("`possibilité réelle` (40–50\u{202F}%)")
    );
}

#[test]
fn french_text_in_yardstick_terms_has_no_hedge() {
    assert_eq!(
        found(
            "Il est vraisemblable que le JNIM attaque Kayes.",
            Fr,
            Icd203
        ),
        []
    );
    assert_eq!(
        found(
            "Une attaque sur Kayes est une possibilité réelle.",
            Fr,
            Phia
        ),
        []
    );
}

#[test]
fn may_counts_only_as_a_lowercase_whole_word() {
    let text =
        "The mayor of Mayotte spoke in May 2025; mayhem followed. May 2025 saw no attack in MAY.";
    assert_eq!(found(text, En, Icd203), []);
    assert_eq!(
        found("Convoys may be attacked.", En, Icd203),
        [("may", "hedge")]
    );
    // A word of the list inside a longer word is no hedge.
    assert_eq!(
        found("Couldron; mightily; perhapsy; possibles.", En, Icd203),
        []
    );
}

#[test]
fn peut_etre_is_a_hedge_but_peut_être_two_words_is_not() {
    assert_eq!(
        found("Le convoi peut être attaqué sur la RN16.", Fr, Icd203),
        []
    );
    assert_eq!(
        found("Le convoi sera peut-être attaqué.", Fr, Icd203),
        [("peut-être", "hedge")]
    );
    // A non-breaking hyphen and a capital do not hide it.
    assert_eq!(
        found("Peut\u{2011}être le convoi sera-t-il attaqué.", Fr, Icd203),
        [("Peut\u{2011}être", "hedge")]
    );
    assert_eq!(
        found("Le convoi est peut-etre parti.", Fr, Icd203),
        [("peut-etre", "hedge")]
    );
}

#[test]
fn phrases_with_apostrophes_are_found_whole() {
    assert_eq!(
        found(
            "Ce n’est pas exclu, et on ne peut exclure qu’il s’agisse d’un leurre.",
            Fr,
            Icd203
        ),
        [("pas exclu", "hedge"), ("ne peut exclure", "hedge")]
    );
    assert_eq!(
        found("A coup can’t be ruled out.", En, Icd203),
        [("can’t be ruled out", "hedge")]
    );
    assert!(
        suggestion("A coup cannot be ruled out.", En, Icd203)
            .contains("`very unlikely` (5–20%) or `unlikely` (20–45%)")
    );
}

#[test]
fn idioms_that_hold_a_hedge_word_are_not_hedges() {
    assert_eq!(
        found(
            "Aid must arrive as soon as possible; the junta's military might is intact, the group’s might too.",
            En,
            Icd203
        ),
        []
    );
    assert_eq!(
        found(
            "L’aide doit arriver dès que possible, sans aucun doute.",
            Fr,
            Icd203
        ),
        []
    );
    assert_eq!(
        found("Attacks are more likely in the dry season.", En, Icd203),
        []
    );
}

#[test]
fn hedges_that_imply_a_level_suggest_that_level() {
    assert_eq!(
        suggestion("Il s’agit sans doute du JNIM.", Fr, Icd203),
        "write a term of the yardstick instead, such as `vraisemblable` (55–80\u{202F}%)"
    );
    assert_eq!(
        suggestion("It is more likely than not that JNIM did it.", En, Phia),
        "write a term of the yardstick instead, such as `likely` (55–75%)"
    );
}

#[test]
fn a_term_of_the_other_yardstick_is_found_with_its_equivalent() {
    assert_eq!(
        found("An attack is highly likely.", En, Icd203),
        [("highly likely", "other")]
    );
    assert_eq!(
        suggestion("An attack is highly likely.", En, Icd203),
        "write `very likely` (80–95%)"
    );
    assert_eq!(
        suggestion("An attack is very likely.", En, Phia),
        "write `highly likely` (80–90%)"
    );
    assert_eq!(found("An attack is highly likely.", En, Phia), []);
    assert_eq!(
        suggestion("Une attaque est une possibilité réelle.", Fr, Icd203),
        "write `chances à peu près égales` (45–55\u{202F}%)"
    );
    assert_eq!(
        suggestion("Une attaque est très vraisemblable.", Fr, Phia),
        "write `hautement probable` (80–90\u{202F}%)"
    );
    let findings = lint("An attack is highly likely.", En, Icd203);
    assert_eq!(
        findings[0].problem.to_string(),
        "`highly likely` is a term of PHIA, not of the ICD 203 yardstick that this site uses"
    );
}

#[test]
fn remote_is_not_looked_for_in_prose() {
    assert_eq!(
        found("Remote violence hit remote villages.", En, Icd203),
        []
    );
    assert_eq!(found("Remote violence hit remote villages.", En, Phia), []);
}

// Rule 2: a likelihood and a confidence level in one sentence.

#[test]
fn english_likelihood_and_confidence_in_one_sentence_are_found_at_the_confidence() {
    let text = "We assess with high confidence that an attack is likely.";
    assert_eq!(found(text, En, Icd203), [("high confidence", "confidence")]);
    let finding = &lint(text, En, Icd203)[0];
    match &finding.problem {
        LintProblem::LikelihoodWithConfidence {
            likelihood,
            likelihood_range,
            ..
        } => {
            assert_eq!(likelihood, "likely");
            assert_eq!(&text[likelihood_range.clone()], "likely");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        finding.problem.to_string(),
        "the likelihood `likely` and the confidence level `high confidence` are in one sentence"
    );
}

#[test]
fn english_likelihood_and_confidence_in_two_sentences_pass() {
    assert_eq!(
        found(
            "An attack is likely. We have high confidence in this judgement.",
            En,
            Icd203
        ),
        []
    );
    assert_eq!(
        found("We have moderate confidence in the sources.", En, Icd203),
        []
    );
}

#[test]
fn french_likelihood_and_confidence_in_one_sentence_are_found() {
    assert_eq!(
        found(
            "Une attaque est vraisemblable, avec une confiance élevée.",
            Fr,
            Icd203
        ),
        [("confiance élevée", "confidence")]
    );
    assert_eq!(
        found(
            "Nous estimons avec un niveau de confiance modéré qu’un retrait est probable.",
            Fr,
            Icd203
        ),
        [("niveau de confiance modéré", "confidence")]
    );
}

#[test]
fn french_likelihood_and_confidence_in_two_sentences_pass() {
    assert_eq!(
        found(
            "Une attaque est vraisemblable. Nous l’estimons avec une confiance élevée.",
            Fr,
            Icd203
        ),
        []
    );
}

#[test]
fn abbreviations_do_not_end_a_sentence() {
    assert_eq!(
        found(
            "U.S. forces are likely to leave, with moderate confidence.",
            En,
            Icd203
        ),
        [("moderate confidence", "confidence")]
    );
    // A blank line does.
    assert_eq!(found("Likely\n\nhigh confidence", En, Icd203), []);
}

#[test]
fn a_term_of_the_other_yardstick_also_counts_as_a_likelihood() {
    assert_eq!(
        found(
            "An attack is highly likely, with high confidence.",
            En,
            Icd203
        ),
        [
            ("highly likely", "other"),
            ("high confidence", "confidence")
        ]
    );
}

// Rule 3: both ICD 203 rows in one brief.

/// The terms of several fields of a brief, each located by (field, range).
fn brief_terms<'a>(
    fields: &[(&'a str, &str)],
    lang: Language,
) -> Vec<(Term, (&'a str, Range<usize>))> {
    let words = Vocabulary::new(lang, Icd203);
    fields
        .iter()
        .flat_map(|&(field, text)| {
            words
                .terms(text)
                .into_iter()
                .map(move |(t, r)| (t, (field, r)))
        })
        .collect()
}

#[test]
fn english_brief_mixing_rows_is_found_at_the_minority_term() {
    let key_point = "An attack is likely.";
    let summary = "A deal is probable and a coup very unlikely.";
    let terms = brief_terms(&[("key_points[0]", key_point), ("summary", summary)], En);
    let findings = mixed_rows(&terms, En);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let (field, range) = &findings[0].range;
    assert_eq!((*field, &summary[range.clone()]), ("summary", "probable"));
    assert_eq!(
        findings[0].problem.to_string(),
        "`probable` is a term of the second row of ICD 203, but this brief uses the first row"
    );
    assert!(
        findings[0]
            .suggestion
            .as_deref()
            .unwrap()
            .starts_with("write `likely` (55–80%)")
    );
}

#[test]
fn english_brief_in_one_row_passes() {
    let terms = brief_terms(
        &[("summary", "An attack is likely and a coup very unlikely.")],
        En,
    );
    assert_eq!(terms.len(), 2);
    assert_eq!(mixed_rows(&terms, En), []);
    let terms = brief_terms(
        &[(
            "summary",
            "An attack is probable; a coup highly improbable.",
        )],
        En,
    );
    assert_eq!(mixed_rows(&terms, En), []);
}

#[test]
fn french_brief_mixing_rows_is_found_at_the_minority_term() {
    let summary = "Une attaque est vraisemblable\u{202F}; un accord est probable et un retrait très probable.";
    let terms = brief_terms(&[("summary", summary)], Fr);
    let findings = mixed_rows(&terms, Fr);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(&summary[findings[0].range.1.clone()], "vraisemblable");
    assert!(
        findings[0]
            .suggestion
            .as_deref()
            .unwrap()
            .starts_with("write `probable` (55–80\u{202F}%)")
    );
}

#[test]
fn french_brief_in_one_row_passes() {
    let terms = brief_terms(
        &[(
            "summary",
            "Une attaque est probable\u{202F}; un accord est improbable.",
        )],
        Fr,
    );
    assert_eq!(terms.len(), 2);
    assert_eq!(mixed_rows(&terms, Fr), []);
}

#[test]
fn a_tie_goes_to_the_row_the_brief_uses_first_and_front_matter_terms_count() {
    let probable = Icd203.parse_term("probable").unwrap();
    let likely = Icd203.parse_term("likely").unwrap();
    let findings = mixed_rows(&[(probable, "likelihood"), (likely, "summary")], En);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].range, "summary");
}

#[test]
fn phia_terms_never_mix_rows() {
    let terms: Vec<(Term, ())> = Phia.terms().map(|t| (t, ())).collect();
    assert_eq!(mixed_rows(&terms, En), []);
}

#[test]
fn terms_lists_yardstick_terms_only() {
    let words = Vocabulary::new(En, Icd203);
    let text = "An attack may come; it is likely, not highly likely, and almost certainly soon.";
    let terms: Vec<(&str, &str)> = words
        .terms(text)
        .into_iter()
        .map(|(t, r)| (t.key(), &text[r]))
        .collect();
    assert_eq!(
        terms,
        [("likely", "likely"), ("almost-certain", "almost certainly")]
    );
}

#[test]
fn findings_come_in_text_order() {
    let text = "It could be JNIM, with high confidence it is likely, perhaps.";
    let starts: Vec<usize> = lint(text, En, Icd203)
        .iter()
        .map(|f| f.range.start)
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert_eq!(
        found(text, En, Icd203),
        [
            ("could", "hedge"),
            ("high confidence", "confidence"),
            ("perhaps", "hedge")
        ]
    );
}

#[test]
fn sentence_starts_split_after_end_punctuation_only() {
    assert_eq!(
        sentence_starts("One. Two! Three? Four… five."),
        vec![4, 9, 16, 30]
    );
    assert_eq!(sentence_starts("Valeur 2.5 et U.S. forces."), vec![26]);
    assert_eq!(sentence_starts("« Fin. » Suite"), vec![7]);
}

#[test]
fn the_documented_word_lists_are_the_lists() {
    // Markdown wraps lines inside phrases: compare with single spaces.
    let doc = include_str!("../../../docs/tradecraft.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for lang in [En, Fr] {
        let lists = lists(lang);
        let phrases = lists
            .hedges
            .iter()
            .map(|(p, _)| *p)
            .chain(lists.exceptions.iter().copied())
            .chain(lists.confidence.iter().copied());
        for phrase in phrases {
            assert!(
                doc.contains(&format!("*{phrase}*")) || doc.contains(&format!("*'{phrase}*")),
                "`{phrase}` is not listed in docs/tradecraft.md"
            );
        }
    }
}

#[test]
fn read_gives_the_findings_and_the_terms_of_one_reading() {
    let words = Vocabulary::new(En, Icd203);
    let text = "It could be JNIM, with high confidence it is likely, perhaps probable.";
    let reading = words.read(text);
    assert_eq!(reading.findings, words.lint(text));
    assert_eq!(reading.terms, words.terms(text));
    assert_eq!(reading.terms.len(), 2);
}
