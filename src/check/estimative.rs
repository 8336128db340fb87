//! The language lint of estimative prose, run on every brief (issue #14):
//! the rules of [`crate::tradecraft::lint`] applied to a brief's key points
//! and summary, their findings turned into warnings at the words in the
//! file.
//!
//! The lint reads each text in the brief's language (`lang`, else the
//! site's) with one [`Vocabulary`] per language in use, made once per run.
//! Rule 3 (both ICD 203 rows in one brief) counts the terms of the whole
//! brief: those of its texts and those of its key points' `likelihood:`.

use crate::config::Config;
use crate::content::{Brief, KeyPoint, Located};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, Span};
use crate::i18n::Language;
use crate::tradecraft::lint::{Finding, LintProblem, Vocabulary, mixed_rows};
use crate::tradecraft::yardstick::{Term, Yardstick};
use std::sync::OnceLock;

/// The words the lint looks for, per language, each made once per run
/// when a brief of that language is first read.
pub(super) struct Vocabularies {
    config_language: Language,
    yardstick: Yardstick,
    fr: OnceLock<Vocabulary>,
    en: OnceLock<Vocabulary>,
}

impl Vocabularies {
    /// No vocabulary yet, for a site of `config`.
    pub(super) fn new(config: &Config) -> Vocabularies {
        Vocabularies {
            config_language: config.language,
            yardstick: config.yardstick,
            fr: OnceLock::new(),
            en: OnceLock::new(),
        }
    }

    fn of(&self, lang: Language) -> &Vocabulary {
        let cell = match lang {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        };
        cell.get_or_init(|| Vocabulary::new(lang, self.yardstick))
    }
}

/// Pushes a warning for each finding of the lint in `brief`.
pub(super) fn lint_brief(
    brief: &Brief,
    vocabularies: &Vocabularies,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    let lang = brief.lang.unwrap_or(vocabularies.config_language);
    let vocabulary = vocabularies.of(lang);
    let summary = brief
        .summary
        .as_ref()
        .zip(brief.summary_span)
        .map(|(text, span)| Located {
            text: text.clone(),
            span,
        });
    let texts = brief
        .key_points
        .iter()
        .map(|k: &KeyPoint| &k.text)
        .chain(summary.as_ref());
    let mut terms: Vec<(Term, Span)> = Vec::new();
    for text in texts {
        let reading = vocabulary.read(&text.text);
        for finding in reading.findings {
            diags.push(warning(finding, text, sources));
        }
        terms.extend(
            reading
                .terms
                .into_iter()
                .map(|(term, range)| (term, text.span_of(range, sources))),
        );
    }
    terms.extend(
        brief
            .key_points
            .iter()
            .filter_map(|k| Some((k.likelihood?, k.likelihood_span?))),
    );
    // The brief's terms in the order written, so that "its first term"
    // is the first in the file.
    terms.sort_by_key(|(_, span)| (span.start, span.end));
    for finding in mixed_rows(&terms, lang) {
        diags.push(
            Diagnostic::warning(
                finding.range,
                Problem::EstimativeLanguage(finding.problem.to_string()),
            )
            .with_help_opt(finding.suggestion),
        );
    }
}

/// A finding of rules 1 and 2 in `text`, as a warning at its words; a
/// likelihood beside a confidence level gets a note at the likelihood.
fn warning(finding: Finding, text: &Located, sources: &Sources) -> Diagnostic {
    let note = match &finding.problem {
        LintProblem::LikelihoodWithConfidence {
            likelihood_range, ..
        } => Some(text.span_of(likelihood_range.clone(), sources)),
        _ => None,
    };
    let mut warning = Diagnostic::warning(
        text.span_of(finding.range, sources),
        Problem::EstimativeLanguage(finding.problem.to_string()),
    )
    .with_help_opt(finding.suggestion);
    if let Some(at) = note {
        warning = warning.with_note(at, "the likelihood, in the same sentence");
    }
    warning
}
