//! The language lint of estimative prose (issue #14): in a brief's
//! `key_points` and `summary`, words of likelihood must be the yardstick's.
//!
//! Three rules, each a warning located at the words it is about:
//! 1. a hedge outside the yardstick ("may", "could", "pourrait",
//!    "peut-être", …) or a term of the other yardstick ("highly likely" on
//!    an ICD 203 site), with the yardstick terms to use instead;
//! 2. a likelihood term and a confidence level ("high confidence",
//!    "confiance élevée") in one sentence, which ICD 203 D.6.e(2)(b)
//!    forbids;
//! 3. terms of both ICD 203 rows in one brief ([`mixed_rows`], a check over
//!    the whole brief, since a brief's terms come from several fields).
//!
//! The word lists are data at the bottom of this file and are printed in
//! `docs/tradecraft.md`; change both together. Matching works on whole
//! words (so "mayor", "Mayotte" and "mayhem" are not "may"), ignores case
//! and accents, and tells "peut-être" (maybe) from "peut être" (can be).
//! "may" counts only in lower case: "May 2025" and "in May" are the month.
//!
//! This module reads text and returns findings with byte ranges into that
//! text; it does not know files or spans, and it reports no errors: the
//! caller shifts the ranges into the file and makes them warnings.

use std::collections::BTreeMap;
use std::ops::Range;

use super::yardstick::{Row, Term, Yardstick};
use crate::i18n::Language;

/// One problem found by the lint, at `range` (byte offsets into the text
/// linted, or any span type for the brief-wide [`mixed_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding<R = Range<usize>> {
    /// Where: the hedge, the confidence expression, the mixed term.
    pub range: R,
    /// What is wrong.
    pub problem: LintProblem,
    /// What to write instead, naming the yardstick terms to use.
    pub suggestion: Option<String>,
}

/// What the lint can find. The `#[error]` strings are the messages users
/// read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LintProblem {
    /// A word of likelihood that belongs to no yardstick ("may", "could",
    /// "possibly", "pourrait", "peut-être", …). Reported at the word.
    #[error("`{written}` is a hedge outside the {yardstick} yardstick")]
    Hedge {
        /// The word or phrase as written.
        written: String,
        /// The site's yardstick.
        yardstick: Yardstick,
    },
    /// A term of the other yardstick ("highly likely" on an ICD 203 site,
    /// "very likely" on a PHIA site). Reported at the term.
    #[error("`{written}` is a term of {}, not of the {yardstick} yardstick that this site uses", .term.yardstick())]
    OtherYardstick {
        /// The term as written.
        written: String,
        /// The term on the other scale.
        term: Term,
        /// The site's yardstick.
        yardstick: Yardstick,
    },
    /// A likelihood term and a confidence level in one sentence (ICD 203
    /// D.6.e(2)(b): likelihood is about the event, confidence about the
    /// judgement; one sentence with both reads as one number). Reported at
    /// the confidence expression.
    #[error(
        "the likelihood `{likelihood}` and the confidence level `{confidence}` are in one sentence"
    )]
    LikelihoodWithConfidence {
        /// The confidence expression as written.
        confidence: String,
        /// The likelihood term as written.
        likelihood: String,
        /// Where the likelihood term is, in the same text.
        likelihood_range: Range<usize>,
    },
    /// An ICD 203 term of one row in a brief that uses the other row more
    /// (or first). Reported at the term.
    #[error(
        "`{written}` is a term of the {} row of ICD 203, but this brief uses the {} row",
        .term.row().ordinal(),
        .used.ordinal()
    )]
    MixedRows {
        /// The term's label in the brief's language.
        written: String,
        /// The term.
        term: Term,
        /// The row the rest of the brief uses.
        used: Row,
    },
}

/// The words the lint looks for in one language on one yardstick, made
/// once and used for every text of a site.
#[derive(Debug)]
pub struct Vocabulary {
    lang: Language,
    yardstick: Yardstick,
    patterns: Vec<Pattern>,
    /// Pattern indexes by their first (folded) word.
    by_first: BTreeMap<String, Vec<usize>>,
}

/// A phrase to look for: its folded words and what separates them.
#[derive(Debug)]
struct Pattern {
    words: Vec<String>,
    seps: Vec<Sep>,
    kind: Kind,
    /// Only the all-lowercase spelling counts ("may", not "May").
    lowercase_only: bool,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Not a hedge although it holds one ("as soon as possible"); it hides
    /// its words from the other patterns.
    Exception,
    /// A term of the site's yardstick.
    Term(Term),
    /// A term of the other yardstick.
    Foreign(Term),
    /// A hedge, with the levels (1–7) of the terms to suggest instead.
    Hedge(&'static [u8]),
    /// A confidence level.
    Confidence,
}

/// What separates two words of a text or a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// Spaces or line breaks.
    Space,
    /// One hyphen: "peut-être", "semble-t-il".
    Hyphen,
    /// One apostrophe, straight or curly: "n'est", "can’t".
    Apostrophe,
    /// Anything else (punctuation): no phrase runs across it.
    Break,
}

impl Sep {
    /// Whether text separated by `self` matches a pattern separated by
    /// `wanted`. A hyphen in a pattern must be a hyphen ("peut-être" is not
    /// "peut être"), but a space in a pattern may be written as a hyphen
    /// ("quasi-certain").
    fn matches(self, wanted: Sep) -> bool {
        self == wanted || (wanted == Sep::Space && self == Sep::Hyphen)
    }
}

/// The words of a text: runs of letters and digits, with their folded
/// forms (lower case, no accents) kept in one buffer, so that reading a
/// text allocates twice, not twice per word.
#[derive(Debug)]
struct Words {
    folded: String,
    list: Vec<Word>,
}

/// A word of a text: its bytes, and its folded form in [`Words::folded`].
#[derive(Debug)]
struct Word {
    range: Range<usize>,
    folded: Range<usize>,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut words = Words {
            folded: String::with_capacity(text.len()),
            list: Vec::new(),
        };
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let from = words.folded.len();
                    fold_word(&text[s..i], &mut words.folded);
                    words.list.push(Word {
                        range: s..i,
                        folded: from..words.folded.len(),
                    });
                    start = None;
                }
                _ => {}
            }
        }
        words
    }

    /// The folded form of the `i`th word.
    fn folded(&self, i: usize) -> &str {
        &self.folded[self.list[i].folded.clone()]
    }
}

/// Appends `word` to `out` in lower case and without accents ("Être" →
/// "etre"), as `deunicode` and `to_lowercase` would, char by char.
fn fold_word(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(plain) = deunicode::deunicode_char(c) {
            out.extend(plain.chars().map(|p| p.to_ascii_lowercase()));
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// A phrase found in a text.
#[derive(Debug)]
struct Hit {
    range: Range<usize>,
    kind: Kind,
}

impl Vocabulary {
    /// The words to look for in texts written in `lang` on a site using
    /// `yardstick`.
    pub fn new(lang: Language, yardstick: Yardstick) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            lang,
            yardstick,
            patterns: Vec::new(),
            by_first: BTreeMap::new(),
        };
        let lists = lists(lang);
        for phrase in lists.exceptions {
            vocabulary.add(phrase, Kind::Exception);
        }
        let own = |spelling: &str| {
            yardstick.terms().any(|t| {
                t.spellings(lang)
                    .iter()
                    .any(|s| super::fold(s) == super::fold(spelling))
            })
        };
        for term in yardstick.terms() {
            for spelling in term.spellings(lang) {
                if !term.is_front_matter_only(spelling) {
                    vocabulary.add(spelling, Kind::Term(term));
                }
            }
        }
        // Terms of the other scale, unless they are spelled like one of
        // ours ("unlikely" is on both).
        for term in yardstick.other().terms() {
            for spelling in term.spellings(lang) {
                if !term.is_front_matter_only(spelling) && !own(spelling) {
                    vocabulary.add(spelling, Kind::Foreign(term));
                }
            }
        }
        for (phrase, levels) in lists.hedges {
            if !own(phrase) {
                vocabulary.add(phrase, Kind::Hedge(levels));
            }
        }
        for phrase in lists.confidence {
            vocabulary.add(phrase, Kind::Confidence);
        }
        vocabulary
    }

    fn add(&mut self, phrase: &str, kind: Kind) {
        let words = Words::of(phrase);
        let seps = words
            .list
            .windows(2)
            .map(|w| sep(phrase, &w[0], &w[1]))
            .collect();
        // Capitalised, "May" is the month or a name ("May 2025", "in May",
        // "Theresa May"): only the modal verb is a hedge (issue #14).
        let lowercase_only = self.lang == Language::En && phrase == "may";
        if words.list.is_empty() {
            return;
        }
        self.by_first
            .entry(words.folded(0).to_string())
            .or_default()
            .push(self.patterns.len());
        self.patterns.push(Pattern {
            words: (0..words.list.len())
                .map(|i| words.folded(i).to_string())
                .collect(),
            seps,
            kind,
            lowercase_only,
        });
    }

    /// Every phrase of the vocabulary in `text`, left to right, the longest
    /// at each place; exceptions are dropped once they have hidden their
    /// words.
    fn scan(&self, text: &str) -> Vec<Hit> {
        let words = Words::of(text);
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.list.len() {
            let best = self
                .by_first
                .get(words.folded(i))
                .into_iter()
                .flatten()
                .map(|&p| &self.patterns[p])
                .filter(|p| self.matches(p, text, &words, i))
                .max_by_key(|p| (p.words.len(), matches!(p.kind, Kind::Exception)));
            match best {
                Some(pattern) => {
                    let last = &words.list[i + pattern.words.len() - 1];
                    if !matches!(pattern.kind, Kind::Exception) {
                        hits.push(Hit {
                            range: words.list[i].range.start..last.range.end,
                            kind: pattern.kind,
                        });
                    }
                    i += pattern.words.len();
                }
                None => i += 1,
            }
        }
        hits
    }

    /// Whether `pattern` matches the words of `text` from the `at`th.
    fn matches(&self, pattern: &Pattern, text: &str, words: &Words, at: usize) -> bool {
        let Some(run) = words.list.get(at..at + pattern.words.len()) else {
            return false;
        };
        let same_words = (at..)
            .zip(&pattern.words)
            .all(|(i, p)| words.folded(i) == p);
        let same_seps = run
            .windows(2)
            .zip(&pattern.seps)
            .all(|(w, &wanted)| sep(text, &w[0], &w[1]).matches(wanted));
        let case_ok =
            !pattern.lowercase_only || text[run[0].range.clone()].chars().all(char::is_lowercase);
        same_words && same_seps && case_ok
    }

    /// The terms of the site's yardstick in `text`, with their byte ranges:
    /// what [`mixed_rows`] needs from each field of a brief.
    pub fn terms(&self, text: &str) -> Vec<(Term, Range<usize>)> {
        terms_of(&self.scan(text))
    }

    /// The findings of rules 1 and 2 in `text` (a key point or a summary),
    /// in text order.
    pub fn lint(&self, text: &str) -> Vec<Finding> {
        self.findings(text, &self.scan(text))
    }

    /// [`Vocabulary::lint`] and [`Vocabulary::terms`] of `text` at once,
    /// reading it once: what `check` needs from each field of a brief.
    pub fn read(&self, text: &str) -> Reading {
        let hits = self.scan(text);
        Reading {
            findings: self.findings(text, &hits),
            terms: terms_of(&hits),
        }
    }

    /// The findings of rules 1 and 2 among the `hits` of `text`.
    fn findings(&self, text: &str, hits: &[Hit]) -> Vec<Finding> {
        let mut findings = Vec::new();
        for hit in hits {
            let written = text[hit.range.clone()].to_string();
            match hit.kind {
                Kind::Hedge(levels) => findings.push(Finding {
                    range: hit.range.clone(),
                    problem: LintProblem::Hedge {
                        written,
                        yardstick: self.yardstick,
                    },
                    suggestion: Some(self.instead(levels)),
                }),
                Kind::Foreign(term) => findings.push(Finding {
                    range: hit.range.clone(),
                    problem: LintProblem::OtherYardstick {
                        written,
                        term,
                        yardstick: self.yardstick,
                    },
                    suggestion: self.yardstick.term_at(term.level(), Row::First).map(|t| {
                        format!(
                            "write `{}` ({})",
                            t.label(self.lang),
                            t.range_text(self.lang)
                        )
                    }),
                }),
                Kind::Term(_) | Kind::Confidence | Kind::Exception => {}
            }
        }
        findings.extend(self.likelihood_with_confidence(text, hits));
        findings.sort_by_key(|f| (f.range.start, f.range.end));
        findings
    }

    /// Rule 2: each confidence expression in a sentence that also holds a
    /// likelihood term (of either yardstick).
    fn likelihood_with_confidence(&self, text: &str, hits: &[Hit]) -> Vec<Finding> {
        let starts = sentence_starts(text);
        let sentence = |at: usize| starts.partition_point(|&s| s <= at);
        let mut findings = Vec::new();
        for confidence in hits.iter().filter(|h| matches!(h.kind, Kind::Confidence)) {
            let likelihood = hits.iter().find(|h| {
                matches!(h.kind, Kind::Term(_) | Kind::Foreign(_))
                    && sentence(h.range.start) == sentence(confidence.range.start)
            });
            if let Some(likelihood) = likelihood {
                findings.push(Finding {
                    range: confidence.range.clone(),
                    problem: LintProblem::LikelihoodWithConfidence {
                        confidence: text[confidence.range.clone()].to_string(),
                        likelihood: text[likelihood.range.clone()].to_string(),
                        likelihood_range: likelihood.range.clone(),
                    },
                    suggestion: Some(
                        "keep the likelihood in this sentence and give the confidence level in a \
                         sentence of its own (or in the key point's `confidence` field)"
                            .to_string(),
                    ),
                });
            }
        }
        findings
    }

    /// "write a term of the yardstick instead, such as `likely` (55–80%)
    /// or …": the first-row terms at `levels`.
    fn instead(&self, levels: &[u8]) -> String {
        let terms: Vec<String> = levels
            .iter()
            .filter_map(|&level| self.yardstick.term_at(level, Row::First))
            .map(|t| format!("`{}` ({})", t.label(self.lang), t.range_text(self.lang)))
            .collect();
        format!(
            "write a term of the yardstick instead, such as {}",
            terms.join(" or ")
        )
    }
}

/// What the lint found in one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The findings of rules 1 and 2, in text order.
    pub findings: Vec<Finding>,
    /// The terms of the site's yardstick, for [`mixed_rows`].
    pub terms: Vec<(Term, Range<usize>)>,
}

/// The terms of the site's yardstick among `hits`.
fn terms_of(hits: &[Hit]) -> Vec<(Term, Range<usize>)> {
    hits.iter()
        .filter_map(|hit| match hit.kind {
            Kind::Term(term) => Some((term, hit.range.clone())),
            _ => None,
        })
        .collect()
}

/// The findings of rules 1 and 2 in `text`; see [`Vocabulary::lint`],
/// which a caller linting many texts should make once.
///
/// ```
/// use dossier::i18n::Language;
/// use dossier::tradecraft::lint::lint;
/// use dossier::tradecraft::yardstick::Yardstick;
/// let text = "The mayor may resign in May.";
/// let findings = lint(text, Language::En, Yardstick::Icd203);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(&text[findings[0].range.clone()], "may");
/// ```
pub fn lint(text: &str, lang: Language, yardstick: Yardstick) -> Vec<Finding> {
    Vocabulary::new(lang, yardstick).lint(text)
}

/// Rule 3: the ICD 203 terms of `terms` (every term of one brief, from its
/// key points, summary and `likelihood:` fields, each with where it is)
/// whose row is not the brief's. The brief's row is the one most of its
/// terms use; on a tie, the row of its first term. PHIA terms have one row
/// and are never reported. The suggestion names the same-range term of
/// the brief's row, in `lang`.
pub fn mixed_rows<S: Clone>(terms: &[(Term, S)], lang: Language) -> Vec<Finding<S>> {
    let icd = || {
        terms
            .iter()
            .filter(|(t, _)| t.yardstick() == Yardstick::Icd203)
    };
    let count = |row: Row| icd().filter(|(t, _)| t.row() == row).count();
    let (first, second) = (count(Row::First), count(Row::Second));
    if first == 0 || second == 0 {
        return Vec::new();
    }
    let used = match first.cmp(&second) {
        std::cmp::Ordering::Greater => Row::First,
        std::cmp::Ordering::Less => Row::Second,
        std::cmp::Ordering::Equal => icd().next().map_or(Row::First, |(t, _)| t.row()),
    };
    icd()
        .filter(|(t, _)| t.row() != used)
        .map(|(term, at)| Finding {
            range: at.clone(),
            problem: LintProblem::MixedRows {
                written: term.label(lang).to_string(),
                term: *term,
                used,
            },
            suggestion: Yardstick::Icd203.term_at(term.level(), used).map(|t| {
                format!(
                    "write `{}` ({}), its {} row equivalent, or add a note that both rows mean the same ranges",
                    t.label(lang),
                    t.range_text(lang),
                    used.ordinal()
                )
            }),
        })
        .collect()
}

/// What stands between two words of `text`.
fn sep(text: &str, before: &Word, after: &Word) -> Sep {
    let between = &text[before.range.end..after.range.start];
    let mut chars = between.chars();
    match (chars.next(), chars.next()) {
        (Some('-' | '\u{2010}' | '\u{2011}'), None) => Sep::Hyphen,
        (Some('\'' | '\u{2019}' | '\u{02BC}'), None) => Sep::Apostrophe,
        (Some(_), _) if between.chars().all(char::is_whitespace) => Sep::Space,
        _ => Sep::Break,
    }
}

/// Where the sentences of `text` start, after the first: after `.`, `!`,
/// `?` or `…` (and any closing quote or bracket) followed by white space
/// and a character that is not a lower-case letter ("U.S. forces" and
/// "e.g. the" stay one sentence), and after a blank line.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, c) in text.char_indices() {
        let ends = match c {
            '.' | '!' | '?' | '…' => {
                let rest = &text[i + c.len_utf8()..];
                let rest = rest
                    .trim_start_matches(['"', '\'', '’', '”', '»', ')', ']', '\u{202F}', '\u{A0}']);
                let after_space = rest.trim_start();
                (rest.is_empty() || rest.len() != after_space.len())
                    && !after_space.starts_with(char::is_lowercase)
            }
            '\n' => text[i + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n'),
            _ => false,
        };
        if ends {
            starts.push(i + c.len_utf8());
        }
    }
    starts
}

/// The word lists of one language.
struct Lists {
    /// Phrases that hold a hedge word without hedging.
    exceptions: &'static [&'static str],
    /// Hedges, each with the levels of the terms to suggest.
    hedges: &'static [(&'static str, &'static [u8])],
    /// Confidence levels.
    confidence: &'static [&'static str],
}

fn lists(lang: Language) -> Lists {
    match lang {
        Language::En => Lists {
            exceptions: EN_EXCEPTIONS,
            hedges: EN_HEDGES,
            confidence: EN_CONFIDENCE,
        },
        Language::Fr => Lists {
            exceptions: FR_EXCEPTIONS,
            hedges: FR_HEDGES,
            confidence: FR_CONFIDENCE,
        },
    }
}

/// "may" and "could" say nothing of how likely: suggest the middle of the
/// scale, where such words are usually meant.
const MIDDLE: &[u8] = &[4, 5];
/// "cannot be ruled out": a low but real chance.
const LOW: &[u8] = &[2, 3];
const LEVEL_5: &[u8] = &[5];
const LEVEL_6: &[u8] = &[6];

static EN_HEDGES: &[(&str, &[u8])] = &[
    ("may", MIDDLE),
    ("might", MIDDLE),
    ("could", MIDDLE),
    ("possibly", MIDDLE),
    ("possible", MIDDLE),
    ("perhaps", MIDDLE),
    ("maybe", MIDDLE),
    ("conceivably", MIDDLE),
    ("conceivable", MIDDLE),
    ("potentially", MIDDLE),
    ("presumably", MIDDLE),
    ("plausibly", MIDDLE),
    ("plausible", MIDDLE),
    ("seemingly", MIDDLE),
    ("apparently", MIDDLE),
    ("seems", MIDDLE),
    ("seem", MIDDLE),
    ("chances are", MIDDLE),
    ("fair chance", MIDDLE),
    ("good chance", MIDDLE),
    ("real possibility", MIDDLE),
    ("serious possibility", MIDDLE),
    ("distinct possibility", MIDDLE),
    ("cannot be ruled out", LOW),
    ("can't be ruled out", LOW),
    ("cannot be excluded", LOW),
    ("cannot rule out", LOW),
    ("can't rule out", LOW),
    ("not impossible", LOW),
    ("more likely than not", LEVEL_5),
    ("in all likelihood", LEVEL_5),
    ("in all probability", LEVEL_5),
];

static EN_EXCEPTIONS: &[&str] = &[
    // "possible" as a manner of speaking, not a likelihood.
    "as possible",
    "if possible",
    "where possible",
    "wherever possible",
    "when possible",
    "whenever possible",
    // "might" the noun.
    "military might",
    "economic might",
    "naval might",
    "the might",
    "its might",
    "their might",
    // The possessive: "the group's might" (the words are "group", "s",
    // "might").
    "s might",
    "full might",
    // Comparisons, not estimates.
    "more likely",
    "less likely",
    "most likely",
    "least likely",
    "as likely",
];

static EN_CONFIDENCE: &[&str] = &[
    "high confidence",
    "moderate confidence",
    "medium confidence",
    "low confidence",
    "high degree of confidence",
    "low degree of confidence",
    "highly confident",
    "moderately confident",
];

static FR_HEDGES: &[(&str, &[u8])] = &[
    ("pourrait", MIDDLE),
    ("pourraient", MIDDLE),
    ("pourrais", MIDDLE),
    ("pourrions", MIDDLE),
    ("pourriez", MIDDLE),
    ("il se peut", MIDDLE),
    ("peut-être", MIDDLE),
    ("éventuellement", MIDDLE),
    ("éventuel", MIDDLE),
    ("éventuelle", MIDDLE),
    ("éventuels", MIDDLE),
    ("éventuelles", MIDDLE),
    ("possiblement", MIDDLE),
    ("possible", MIDDLE),
    ("possibles", MIDDLE),
    ("potentiellement", MIDDLE),
    ("plausible", MIDDLE),
    ("plausibles", MIDDLE),
    ("envisageable", MIDDLE),
    ("envisageables", MIDDLE),
    ("apparemment", MIDDLE),
    ("semble", MIDDLE),
    ("semblent", MIDDLE),
    ("semble-t-il", MIDDLE),
    ("semblerait", MIDDLE),
    ("sembleraient", MIDDLE),
    ("pas exclu", LOW),
    ("pas exclue", LOW),
    ("pas à exclure", LOW),
    ("ne peut être exclu", LOW),
    ("ne peut être exclue", LOW),
    ("ne peut exclure", LOW),
    ("ne peut pas exclure", LOW),
    ("sans doute", LEVEL_5),
    ("fort probable", LEVEL_6),
    ("fort probablement", LEVEL_6),
    ("fortement probable", LEVEL_6),
];

static FR_EXCEPTIONS: &[&str] = &[
    // "possible" as a manner of speaking: "dès que possible", "autant que
    // possible", "aussi vite que possible", "le plus possible".
    "que possible",
    "si possible",
    "le plus possible",
    "le moins possible",
    "le mieux possible",
    "son possible",
    // Certainty, not doubt.
    "sans aucun doute",
    // Comparisons, not estimates.
    "plus probable",
    "moins probable",
    "plus vraisemblable",
    "moins vraisemblable",
];

static FR_CONFIDENCE: &[&str] = &[
    "confiance élevée",
    "confiance modérée",
    "confiance moyenne",
    "confiance faible",
    "faible confiance",
    "haute confiance",
    "forte confiance",
    "grande confiance",
    "niveau de confiance élevé",
    "niveau de confiance modéré",
    "niveau de confiance moyen",
    "niveau de confiance faible",
    "degré de confiance élevé",
    "degré de confiance faible",
];

#[cfg(test)]
mod tests;
