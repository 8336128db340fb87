//! Source grades: the Admiralty (NATO) code, which grades a source's
//! `reliability` from A to F and a piece of information's `credibility`
//! from 1 to 6, shown together as "B2" with its meaning on hover and in
//! print.
//!
//! Parsing is lenient in one documented way only: case and accents do not
//! count, and a grade may be written as its letter or digit or as its words
//! in English or French (`reliability: usually reliable`,
//! `credibility: probablement vraie`). A code holding both grades in one
//! field (`reliability: B2`) is refused with the exact fix, so that each
//! grade has one field. The English words follow NATO AJP-2.1 / STANAG
//! 2511; the French follow the NATO French terms as given by Capet and
//! Revault d'Allonnes (2013) (see `docs/tradecraft.md`).

use std::fmt;

use serde::Serialize;

use super::fold;
use crate::i18n::Language;

/// How far a source can be trusted, from its record: A (completely
/// reliable) to F (cannot be judged). F is not a bad grade: it says there
/// is no record to judge by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[allow(missing_docs)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

/// How far a piece of information can be believed, on its own merits: 1
/// (confirmed by other sources) to 6 (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credibility {
    /// 1: confirmed by other sources.
    Confirmed,
    /// 2: probably true.
    ProbablyTrue,
    /// 3: possibly true.
    PossiblyTrue,
    /// 4: doubtful.
    Doubtful,
    /// 5: improbable.
    Improbable,
    /// 6: truth cannot be judged.
    CannotBeJudged,
}

impl Reliability {
    /// The six grades in order, with their letters.
    pub const ALL: [(&'static str, Reliability); 6] = [
        ("A", Reliability::A),
        ("B", Reliability::B),
        ("C", Reliability::C),
        ("D", Reliability::D),
        ("E", Reliability::E),
        ("F", Reliability::F),
    ];

    /// Its letter.
    pub fn letter(self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }

    /// The grade in words: "usually reliable", "habituellement fiable".
    pub fn label(self, lang: Language) -> &'static str {
        let (en, fr) = self.words();
        match lang {
            Language::En => en,
            Language::Fr => fr,
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Reliability::A => ("completely reliable", "totalement fiable"),
            Reliability::B => ("usually reliable", "habituellement fiable"),
            Reliability::C => ("fairly reliable", "assez fiable"),
            Reliability::D => ("not usually reliable", "rarement fiable"),
            Reliability::E => ("unreliable", "non fiable"),
            Reliability::F => ("reliability cannot be judged", "fiabilité non estimable"),
        }
    }

    /// The source described by its grade, for the meaning sentence:
    /// "usually reliable source", "source habituellement fiable".
    fn describe(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Reliability::A, Language::En) => "completely reliable source",
            (Reliability::B, Language::En) => "usually reliable source",
            (Reliability::C, Language::En) => "fairly reliable source",
            (Reliability::D, Language::En) => "source not usually reliable",
            (Reliability::E, Language::En) => "unreliable source",
            (Reliability::F, Language::En) => "source whose reliability cannot be judged",
            (Reliability::A, Language::Fr) => "source totalement fiable",
            (Reliability::B, Language::Fr) => "source habituellement fiable",
            (Reliability::C, Language::Fr) => "source assez fiable",
            (Reliability::D, Language::Fr) => "source rarement fiable",
            (Reliability::E, Language::Fr) => "source non fiable",
            (Reliability::F, Language::Fr) => "source dont la fiabilité ne peut être estimée",
        }
    }

    /// Reads a `reliability:` value: a letter A–F in either case, or the
    /// grade in English or French words.
    ///
    /// ```
    /// use dossier::tradecraft::grading::Reliability;
    /// assert_eq!(Reliability::parse("b"), Ok(Reliability::B));
    /// assert_eq!(Reliability::parse("habituellement fiable"), Ok(Reliability::B));
    /// assert!(Reliability::parse("B2").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Reliability, GradeError> {
        let folded = fold(text);
        let found = Reliability::ALL.iter().map(|&(_, r)| r).find(|r| {
            let (en, fr) = r.words();
            folded == fold(&r.letter().to_string()) || folded == fold(en) || folded == fold(fr)
        });
        if let Some(r) = found {
            return Ok(r);
        }
        if let Some(grade) = Grade::parse_code(text) {
            return Err(GradeError::BothInOne {
                written: text.trim().to_string(),
                grade,
            });
        }
        Err(GradeError::UnknownReliability {
            written: text.trim().to_string(),
            nearest: nearest_reliability(text.trim()),
        })
    }
}

/// The grade nearest to a wrong reliability value: the closest letter for
/// one letter (`G` → F), else the nearest words.
fn nearest_reliability(text: &str) -> Option<Reliability> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let c = c.to_ascii_uppercase();
        return c.is_ascii_uppercase().then(|| {
            Reliability::ALL
                .iter()
                .map(|&(_, r)| r)
                .min_by_key(|r| (r.letter() as i32 - c as i32).abs())
                .expect("six grades")
        });
    }
    let words: Vec<(String, Reliability)> = Reliability::ALL
        .iter()
        .flat_map(|&(_, r)| [(fold(r.words().0), r), (fold(r.words().1), r)])
        .collect();
    crate::diagnostic::nearest(&fold(text), words.iter().map(|(w, _)| w.as_str()))
        .and_then(|w| words.iter().find(|(c, _)| c == w))
        .map(|&(_, r)| r)
}

impl Credibility {
    /// The six grades in order, with their digits.
    pub const ALL: [(&'static str, Credibility); 6] = [
        ("1", Credibility::Confirmed),
        ("2", Credibility::ProbablyTrue),
        ("3", Credibility::PossiblyTrue),
        ("4", Credibility::Doubtful),
        ("5", Credibility::Improbable),
        ("6", Credibility::CannotBeJudged),
    ];

    /// Its digit, 1 to 6.
    pub fn digit(self) -> u8 {
        match self {
            Credibility::Confirmed => 1,
            Credibility::ProbablyTrue => 2,
            Credibility::PossiblyTrue => 3,
            Credibility::Doubtful => 4,
            Credibility::Improbable => 5,
            Credibility::CannotBeJudged => 6,
        }
    }

    /// The grade in words: "probably true", "probablement vraie".
    pub fn label(self, lang: Language) -> &'static str {
        let (en, fr) = self.words();
        match lang {
            Language::En => en,
            Language::Fr => fr,
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Credibility::Confirmed => (
                "confirmed by other sources",
                "corroborée par d’autres sources",
            ),
            Credibility::ProbablyTrue => ("probably true", "probablement vraie"),
            Credibility::PossiblyTrue => ("possibly true", "peut-être vraie"),
            Credibility::Doubtful => ("doubtful", "douteuse"),
            Credibility::Improbable => ("improbable", "improbable"),
            Credibility::CannotBeJudged => ("truth cannot be judged", "véracité non estimable"),
        }
    }

    /// The information described by its grade, for the meaning sentence.
    fn describe(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Credibility::Confirmed, Language::En) => "information confirmed by other sources",
            (Credibility::ProbablyTrue, Language::En) => "information probably true",
            (Credibility::PossiblyTrue, Language::En) => "information possibly true",
            (Credibility::Doubtful, Language::En) => "doubtful information",
            (Credibility::Improbable, Language::En) => "improbable information",
            (Credibility::CannotBeJudged, Language::En) => {
                "information whose truth cannot be judged"
            }
            (Credibility::Confirmed, Language::Fr) => "information corroborée par d’autres sources",
            (Credibility::ProbablyTrue, Language::Fr) => "information probablement vraie",
            (Credibility::PossiblyTrue, Language::Fr) => "information peut-être vraie",
            (Credibility::Doubtful, Language::Fr) => "information douteuse",
            (Credibility::Improbable, Language::Fr) => "information improbable",
            (Credibility::CannotBeJudged, Language::Fr) => {
                "information dont la véracité ne peut être estimée"
            }
        }
    }

    /// Reads a `credibility:` value: a digit 1–6 (YAML's `2` reaches here
    /// as `"2"`), or the grade in English or French words.
    ///
    /// ```
    /// use dossier::tradecraft::grading::Credibility;
    /// assert_eq!(Credibility::parse("2"), Ok(Credibility::ProbablyTrue));
    /// assert_eq!(Credibility::parse("Douteuse"), Ok(Credibility::Doubtful));
    /// assert!(Credibility::parse("7").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Credibility, GradeError> {
        let folded = fold(text);
        let found = Credibility::ALL.iter().find(|&&(digit, c)| {
            let (en, fr) = c.words();
            folded == digit || folded == fold(en) || folded == fold(fr)
        });
        if let Some(&(_, c)) = found {
            return Ok(c);
        }
        if let Some(grade) = Grade::parse_code(text) {
            return Err(GradeError::BothInOne {
                written: text.trim().to_string(),
                grade,
            });
        }
        Err(GradeError::UnknownCredibility {
            written: text.trim().to_string(),
            nearest: nearest_credibility(text.trim()),
        })
    }
}

/// The grade nearest to a wrong credibility value: a number is clamped to
/// 1–6 (`0` → 1, `7` → 6), else the nearest words.
fn nearest_credibility(text: &str) -> Option<Credibility> {
    if let Ok(n) = text.parse::<i64>() {
        let digit = n.clamp(1, 6);
        return Credibility::ALL
            .iter()
            .map(|&(_, c)| c)
            .find(|c| i64::from(c.digit()) == digit);
    }
    let words: Vec<(String, Credibility)> = Credibility::ALL
        .iter()
        .flat_map(|&(_, c)| [(fold(c.words().0), c), (fold(c.words().1), c)])
        .collect();
    crate::diagnostic::nearest(&fold(text), words.iter().map(|(w, _)| w.as_str()))
        .and_then(|w| words.iter().find(|(c, _)| c == w))
        .map(|&(_, c)| c)
}

/// A citation's grade: either part may be missing (every field stays
/// optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Grade {
    /// The source's reliability.
    pub reliability: Option<Reliability>,
    /// The information's credibility.
    pub credibility: Option<Credibility>,
}

impl Grade {
    /// Reads a combined code, "B2" (either case, spaces ignored). Front
    /// matter never takes this form (each grade has its field); it is here
    /// to recognise the mistake and for callers reading codes elsewhere.
    ///
    /// ```
    /// use dossier::tradecraft::grading::Grade;
    /// assert_eq!(Grade::parse_code(" b2 ").unwrap().code().as_deref(), Some("B2"));
    /// assert_eq!(Grade::parse_code("B7"), None);
    /// ```
    pub fn parse_code(text: &str) -> Option<Grade> {
        let code: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let [letter, digit] = code[..] else {
            return None;
        };
        let reliability = Reliability::ALL
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(&letter.to_string()))?
            .1;
        let credibility = Credibility::ALL
            .iter()
            .find(|(d, _)| *d == digit.to_string())?
            .1;
        Some(Grade {
            reliability: Some(reliability),
            credibility: Some(credibility),
        })
    }

    /// The grade as a citation shows it: "B2", or "B" or "2" when only one
    /// part is known; `None` when neither is.
    pub fn code(self) -> Option<String> {
        match (self.reliability, self.credibility) {
            (None, None) => None,
            (r, c) => Some(format!(
                "{}{}",
                r.map(|r| r.letter().to_string()).unwrap_or_default(),
                c.map(|c| c.digit().to_string()).unwrap_or_default()
            )),
        }
    }

    /// The sentence for `title=` and print: "B2: usually reliable source;
    /// information probably true" (French sets a narrow no-break space
    /// before `:` and `;`).
    ///
    /// ```
    /// use dossier::i18n::Language;
    /// use dossier::tradecraft::grading::Grade;
    /// let g = Grade::parse_code("B2").unwrap();
    /// assert_eq!(g.meaning(Language::En).unwrap(), "B2: usually reliable source; information probably true");
    /// assert_eq!(
    ///     g.meaning(Language::Fr).unwrap(),
    ///     "B2\u{202F}: source habituellement fiable\u{202F}; information probablement vraie"
    /// );
    /// ```
    pub fn meaning(self, lang: Language) -> Option<String> {
        let code = self.code()?;
        let parts: Vec<&str> = [
            self.reliability.map(|r| r.describe(lang)),
            self.credibility.map(|c| c.describe(lang)),
        ]
        .into_iter()
        .flatten()
        .collect();
        Some(match lang {
            Language::En => format!("{code}: {}", parts.join("; ")),
            Language::Fr => format!("{code}\u{202F}: {}", parts.join("\u{202F}; ")),
        })
    }

    /// This grade, its missing reliability taken from the cited source
    /// document (`content/sources/<slug>.md`): a citation's own grade wins,
    /// the document's is the default.
    pub fn or_source(self, source: Option<Reliability>) -> Grade {
        Grade {
            reliability: self.reliability.or(source),
            ..self
        }
    }
}

/// A `reliability:` or `credibility:` value that is not a grade.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// Not a reliability grade.
    #[error("`{written}` is not a reliability grade: expected a letter from `A` to `F`")]
    UnknownReliability {
        /// The value as written.
        written: String,
        /// The grade to suggest.
        nearest: Option<Reliability>,
    },
    /// Not a credibility grade.
    #[error("`{written}` is not a credibility grade: expected a digit from `1` to `6`")]
    UnknownCredibility {
        /// The value as written.
        written: String,
        /// The grade to suggest.
        nearest: Option<Credibility>,
    },
    /// Both grades written in one field ("B2").
    #[error("`{written}` holds both grades, but each has its own field")]
    BothInOne {
        /// The value as written.
        written: String,
        /// The grade it spells.
        grade: Grade,
    },
}

impl GradeError {
    /// The suggestion: "did you mean `F` (reliability cannot be judged)?",
    /// or for "B2" the two fields to write.
    pub fn help(&self) -> Option<String> {
        match self {
            GradeError::UnknownReliability { nearest, .. } => nearest
                .map(|r| format!("did you mean `{}` ({})?", r.letter(), r.label(Language::En))),
            GradeError::UnknownCredibility { nearest, .. } => nearest
                .map(|c| format!("did you mean `{}` ({})?", c.digit(), c.label(Language::En))),
            GradeError::BothInOne { grade, .. } => match (grade.reliability, grade.credibility) {
                (Some(r), Some(c)) => Some(format!(
                    "write `reliability: {}` and `credibility: {}`",
                    r.letter(),
                    c.digit()
                )),
                _ => None,
            },
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.digit())
    }
}

#[cfg(test)]
mod tests;
