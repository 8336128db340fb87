//! The estimative-language scales a site can choose in `site.yaml`
//! (`tradecraft.yardstick: icd203 | phia`, default `icd203`), their terms
//! as data, and the parsing of a key point's `likelihood:`.
//!
//! A [`Term`] is one step of one scale: its key (`very-likely`), its row
//! (ICD 203 has two rows of synonyms), its range in percent and its words
//! in English and French. The tables below are the single source of the
//! words: parsing, labels, the legend page and the [`lint`](super::lint)
//! all read them. The French words are ours (we found no official French
//! version of either scale); `docs/tradecraft.md` gives the reasons.
//!
//! This module does not know where a value came from: it answers
//! `Ok(term)` or an [`UnknownTerm`] with the nearest valid term, and the
//! caller locates the error.

use std::fmt;

use serde::{Serialize, Serializer};

use super::fold;
use crate::i18n::Language;

/// A probability scale: which words a site's briefs may use for likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Yardstick {
    /// US Intelligence Community Directive 203, *Analytic Standards*
    /// (2 January 2015), section D.6.e(2)(a): seven terms in two rows of
    /// synonyms, ranges from 1 to 99 %.
    #[default]
    Icd203,
    /// The UK Professional Head of Intelligence Assessment (PHIA)
    /// Probability Yardstick, as published in *Explaining Uncertainty in UK
    /// Intelligence Assessment* (24 March 2025): seven terms, one row,
    /// with gaps between the ranges.
    Phia,
}

/// Which row of synonyms a term belongs to. ICD 203 has two rows and asks
/// analysts not to mix them in one product; the PHIA yardstick has one row,
/// [`Row::First`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Row {
    /// ICD 203's terms of likelihood ("almost no chance" … "almost
    /// certain"), and every PHIA term.
    First,
    /// ICD 203's terms of probability ("remote" … "nearly certain").
    Second,
}

impl Row {
    /// "first" / "second", for messages.
    pub fn ordinal(self) -> &'static str {
        match self {
            Row::First => "first",
            Row::Second => "second",
        }
    }
}

/// One step of a yardstick. Cheap to copy; its words and range come from
/// the static tables of this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Term {
    yardstick: Yardstick,
    /// Index into the yardstick's table.
    index: u8,
}

/// A term as data. The first spelling of each language is its label.
struct TermDef {
    key: &'static str,
    row: Row,
    /// The step on the scale, 1 (least likely) to 7 (most likely): terms of
    /// the same level in different rows or scales say the same thing.
    level: u8,
    /// Lower and upper bound in percent, as the source prints them.
    range: (u8, u8),
    en: &'static [&'static str],
    fr: &'static [&'static str],
    /// Spellings accepted in front matter but too common as ordinary words
    /// to be looked for in prose ("remote areas", "remote violence").
    not_in_text: &'static [&'static str],
}

const fn def(
    key: &'static str,
    row: Row,
    level: u8,
    range: (u8, u8),
    en: &'static [&'static str],
    fr: &'static [&'static str],
) -> TermDef {
    TermDef {
        key,
        row,
        level,
        range,
        en,
        fr,
        not_in_text: &[],
    }
}

/// ICD 203 (2015), D.6.e(2)(a). English words and ranges are the
/// directive's, with the adverbs it gives in brackets ("almost
/// certain(ly)", "probable (probably)", "improbable (improbably)"). French:
/// the first row takes the *vraisemblable* family and the second the
/// *probable* family, so that the rows stay apart in French and
/// `probable`/`improbable` mean the same term in both languages.
static ICD203: [TermDef; 14] = [
    def(
        "almost-no-chance",
        Row::First,
        1,
        (1, 5),
        &["almost no chance"],
        &["presque aucune chance", "quasiment aucune chance"],
    ),
    def(
        "very-unlikely",
        Row::First,
        2,
        (5, 20),
        &["very unlikely"],
        &["très peu vraisemblable", "très peu vraisemblables"],
    ),
    def(
        "unlikely",
        Row::First,
        3,
        (20, 45),
        &["unlikely"],
        &["peu vraisemblable", "peu vraisemblables"],
    ),
    def(
        "roughly-even-chance",
        Row::First,
        4,
        (45, 55),
        &["roughly even chance"],
        &["chances à peu près égales", "chance à peu près égale"],
    ),
    def(
        "likely",
        Row::First,
        5,
        (55, 80),
        &["likely"],
        &["vraisemblable", "vraisemblables", "vraisemblablement"],
    ),
    def(
        "very-likely",
        Row::First,
        6,
        (80, 95),
        &["very likely"],
        &[
            "très vraisemblable",
            "très vraisemblables",
            "très vraisemblablement",
        ],
    ),
    def(
        "almost-certain",
        Row::First,
        7,
        (95, 99),
        &["almost certain", "almost certainly"],
        &[
            "presque certain",
            "presque certaine",
            "presque certains",
            "presque certaines",
            "presque certainement",
        ],
    ),
    TermDef {
        not_in_text: &["remote"],
        ..def(
            "remote",
            Row::Second,
            1,
            (1, 5),
            &["remote"],
            &["probabilité infime"],
        )
    },
    def(
        "highly-improbable",
        Row::Second,
        2,
        (5, 20),
        &["highly improbable"],
        &[
            "hautement improbable",
            "hautement improbables",
            "très improbable",
            "très improbables",
            "très peu probable",
            "très peu probables",
        ],
    ),
    def(
        "improbable",
        Row::Second,
        3,
        (20, 45),
        &["improbable", "improbably"],
        &["improbable", "improbables", "peu probable", "peu probables"],
    ),
    def(
        "roughly-even-odds",
        Row::Second,
        4,
        (45, 55),
        &["roughly even odds"],
        &["probabilité à peu près égale"],
    ),
    def(
        "probable",
        Row::Second,
        5,
        (55, 80),
        &["probable", "probably"],
        &["probable", "probables", "probablement"],
    ),
    def(
        "highly-probable",
        Row::Second,
        6,
        (80, 95),
        &["highly probable"],
        &[
            "hautement probable",
            "hautement probables",
            "très probable",
            "très probables",
        ],
    ),
    def(
        "nearly-certain",
        Row::Second,
        7,
        (95, 99),
        &["nearly certain"],
        &[
            "quasi certain",
            "quasi certaine",
            "quasi certains",
            "quasi certaines",
            "quasi certainement",
            "quasiment certain",
            "quasiment certaine",
        ],
    ),
];

/// The PHIA Probability Yardstick (2025). "Likely or probably" is one term
/// (key `likely`, label "likely"); its adjective "probable" is accepted too.
/// Ranges keep the published gaps (no term covers 6–9 %, 21–24 %, …).
static PHIA: [TermDef; 7] = [
    def(
        "remote-chance",
        Row::First,
        1,
        (0, 5),
        &["remote chance"],
        &["chance infime", "chances infimes"],
    ),
    def(
        "highly-unlikely",
        Row::First,
        2,
        (10, 20),
        &["highly unlikely"],
        &[
            "hautement improbable",
            "hautement improbables",
            "très improbable",
            "très improbables",
            "très peu probable",
            "très peu probables",
        ],
    ),
    def(
        "unlikely",
        Row::First,
        3,
        (25, 35),
        &["unlikely"],
        &["improbable", "improbables", "peu probable", "peu probables"],
    ),
    def(
        "realistic-possibility",
        Row::First,
        4,
        (40, 50),
        &["realistic possibility"],
        &["possibilité réelle", "possibilité réaliste"],
    ),
    def(
        "likely",
        Row::First,
        5,
        (55, 75),
        &["likely", "likely or probably", "probably", "probable"],
        &[
            "probable",
            "probables",
            "probablement",
            "vraisemblable",
            "vraisemblables",
            "vraisemblablement",
        ],
    ),
    def(
        "highly-likely",
        Row::First,
        6,
        (80, 90),
        &["highly likely"],
        &[
            "hautement probable",
            "hautement probables",
            "très probable",
            "très probables",
        ],
    ),
    def(
        "almost-certain",
        Row::First,
        7,
        (95, 100),
        &["almost certain", "almost certainly"],
        &[
            "presque certain",
            "presque certaine",
            "presque certains",
            "presque certaines",
            "presque certainement",
            "quasi certain",
            "quasi certaine",
            "quasi certainement",
        ],
    ),
];

impl Yardstick {
    /// Every yardstick with its `site.yaml` value, for parsing and "did you
    /// mean".
    pub const ALL: [(&'static str, Yardstick); 2] =
        [("icd203", Yardstick::Icd203), ("phia", Yardstick::Phia)];

    /// Its `site.yaml` value.
    pub fn key(self) -> &'static str {
        match self {
            Yardstick::Icd203 => "icd203",
            Yardstick::Phia => "phia",
        }
    }

    /// Its name in messages and on the legend page.
    pub fn name(self) -> &'static str {
        match self {
            Yardstick::Icd203 => "ICD 203",
            Yardstick::Phia => "PHIA",
        }
    }

    /// The publication it comes from and where to read it, for the legend
    /// page.
    pub fn source(self) -> (&'static str, &'static str) {
        match self {
            Yardstick::Icd203 => (
                "Intelligence Community Directive 203, Analytic Standards (2 January 2015)",
                "https://www.dni.gov/files/documents/ICD/ICD%20203%20Analytic%20Standards.pdf",
            ),
            Yardstick::Phia => (
                "Explaining Uncertainty in UK Intelligence Assessment (24 March 2025)",
                "https://www.gov.uk/government/publications/explaining-uncertainty-in-uk-intelligence-assessment",
            ),
        }
    }

    /// The other yardstick: its terms are "outside" this one.
    pub fn other(self) -> Yardstick {
        match self {
            Yardstick::Icd203 => Yardstick::Phia,
            Yardstick::Phia => Yardstick::Icd203,
        }
    }

    fn table(self) -> &'static [TermDef] {
        match self {
            Yardstick::Icd203 => &ICD203,
            Yardstick::Phia => &PHIA,
        }
    }

    /// Every term, first row then second, each from least to most likely:
    /// the order of the legend.
    pub fn terms(self) -> impl Iterator<Item = Term> {
        (0..self.table().len()).map(move |i| Term {
            yardstick: self,
            index: u8::try_from(i).expect("a yardstick has fewer than 256 terms"),
        })
    }

    /// The term at `level` (1–7) of `row`; the PHIA yardstick has only the
    /// first row, which is used for either. `None` outside 1–7.
    pub fn term_at(self, level: u8, row: Row) -> Option<Term> {
        let row = match self {
            Yardstick::Icd203 => row,
            Yardstick::Phia => Row::First,
        };
        self.terms().find(|t| t.level() == level && t.row() == row)
    }

    /// Reads a `likelihood:` value: the key (`very-likely`) or any English
    /// or French spelling of a term, ignoring case, accents and the
    /// difference between spaces, hyphens and underscores.
    ///
    /// ```
    /// use dossier::tradecraft::yardstick::Yardstick;
    /// let y = Yardstick::Icd203;
    /// assert_eq!(y.parse_term("Very likely").unwrap().key(), "very-likely");
    /// assert_eq!(y.parse_term("très vraisemblable").unwrap().key(), "very-likely");
    /// let typo = y.parse_term("likley").unwrap_err();
    /// assert_eq!(typo.help().as_deref(), Some("did you mean `likely`?"));
    /// ```
    pub fn parse_term(self, text: &str) -> Result<Term, UnknownTerm> {
        let folded = fold(text);
        if let Some(term) = self.find_folded(&folded) {
            return Ok(term);
        }
        // A term of the other scale is no typo: answer with its equivalent.
        if let Some(foreign) = self.other().find_folded(&folded) {
            return Err(UnknownTerm {
                written: text.trim().to_string(),
                yardstick: self,
                nearest: self.term_at(foreign.level(), foreign.row()),
                nearest_written: None,
                other_scale: Some(foreign),
            });
        }
        // Every spelling, folded, with its term and as written, so that the
        // suggestion is in the writer's language ("vraisemblable", not
        // "likely").
        let spellings: Vec<(String, Term, &'static str)> = self
            .terms()
            .flat_map(|t| {
                std::iter::once(t.key())
                    .chain(t.def().en.iter().copied())
                    .chain(t.def().fr.iter().copied())
                    .map(move |s| (fold(s), t, s))
            })
            .collect();
        let nearest =
            crate::diagnostic::nearest(&folded, spellings.iter().map(|(s, ..)| s.as_str()))
                .and_then(|s| spellings.iter().find(|(c, ..)| c == s));
        Err(UnknownTerm {
            written: text.trim().to_string(),
            yardstick: self,
            nearest: nearest.map(|(_, t, _)| *t),
            nearest_written: nearest.map(|(.., w)| *w),
            other_scale: None,
        })
    }

    /// The term one of whose spellings (or key) folds to `folded`.
    fn find_folded(self, folded: &str) -> Option<Term> {
        self.terms().find(|t| {
            fold(t.key()) == folded
                || t.def()
                    .en
                    .iter()
                    .chain(t.def().fr)
                    .any(|s| fold(s) == folded)
        })
    }
}

impl fmt::Display for Yardstick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Term {
    fn def(self) -> &'static TermDef {
        &self.yardstick.table()[usize::from(self.index)]
    }

    /// The scale it belongs to.
    pub fn yardstick(self) -> Yardstick {
        self.yardstick
    }

    /// Its key, as `likelihood:` may write it: `roughly-even-chance`.
    pub fn key(self) -> &'static str {
        self.def().key
    }

    /// Its row (always [`Row::First`] on the PHIA yardstick).
    pub fn row(self) -> Row {
        self.def().row
    }

    /// Its step on the scale, 1 (least likely) to 7 (most likely).
    pub fn level(self) -> u8 {
        self.def().level
    }

    /// Its range in percent, lower and upper bound, as published.
    pub fn range(self) -> (u8, u8) {
        self.def().range
    }

    /// The term as the site's language writes it: "very likely", "très
    /// vraisemblable".
    pub fn label(self, lang: Language) -> &'static str {
        self.spellings(lang)[0]
    }

    /// Every spelling accepted in `lang`, the label first.
    pub(super) fn spellings(self, lang: Language) -> &'static [&'static str] {
        match lang {
            Language::En => self.def().en,
            Language::Fr => self.def().fr,
        }
    }

    /// Whether `spelling` is too common as an ordinary word to be looked
    /// for in prose.
    pub(super) fn is_front_matter_only(self, spelling: &str) -> bool {
        self.def().not_in_text.contains(&spelling)
    }

    /// The range as text: "55–80%" in English, "55–80 %" in French (with a
    /// narrow no-break space, as French sets a percent sign).
    ///
    /// ```
    /// use dossier::i18n::Language;
    /// use dossier::tradecraft::yardstick::Yardstick;
    /// let t = Yardstick::Phia.parse_term("highly likely").unwrap();
    /// assert_eq!(t.range_text(Language::En), "80–90%");
    /// assert_eq!(t.range_text(Language::Fr), "80–90\u{202F}%");
    /// ```
    pub fn range_text(self, lang: Language) -> String {
        let (low, high) = self.range();
        match lang {
            Language::En => format!("{low}–{high}%"),
            Language::Fr => format!("{low}–{high}\u{202F}%"),
        }
    }

    /// The badge a page shows: "likely (55–80%)", "vraisemblable (55–80 %)".
    pub fn badge(self, lang: Language) -> String {
        format!("{} ({})", self.label(lang), self.range_text(lang))
    }
}

impl Serialize for Term {
    /// A term serializes as its key, which templates can compare and use in
    /// class names.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// A `likelihood:` value that names no term of the site's yardstick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTerm {
    /// The value as written, trimmed.
    pub written: String,
    /// The site's yardstick.
    pub yardstick: Yardstick,
    /// The valid term to suggest: the equivalent when the value is a term
    /// of the other scale, else the nearest spelling by edit distance.
    pub nearest: Option<Term>,
    /// The spelling of `nearest` that the value is closest to, when the
    /// suggestion comes from edit distance.
    pub nearest_written: Option<&'static str>,
    /// Set when the value is a term of the other yardstick.
    pub other_scale: Option<Term>,
}

impl UnknownTerm {
    /// "did you mean `likely`?", or for a term of the other scale, what it
    /// is called on this one.
    pub fn help(&self) -> Option<String> {
        let nearest = self.nearest?;
        Some(match self.other_scale {
            Some(other) => format!(
                "`{}` is a term of {}; on the {} yardstick write `{}` ({})",
                self.written,
                other.yardstick().name(),
                self.yardstick.name(),
                nearest.key(),
                nearest.range_text(Language::En),
            ),
            None => format!(
                "did you mean `{}`?",
                self.nearest_written.unwrap_or(nearest.key())
            ),
        })
    }
}

impl fmt::Display for UnknownTerm {
    /// The message users read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a term of the {} yardstick (expected one of ",
            self.written,
            self.yardstick.name()
        )?;
        let keys: Vec<String> = self
            .yardstick
            .terms()
            .map(|t| format!("`{}`", t.key()))
            .collect();
        write!(f, "{})", keys.join(", "))
    }
}

impl std::error::Error for UnknownTerm {}

#[cfg(test)]
mod tests;
