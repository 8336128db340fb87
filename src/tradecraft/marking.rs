//! Handling markings: the Traffic Light Protocol, version 2.0 (FIRST,
//! 2022), set for a whole site in `site.yaml` (`marking:`) and for a brief
//! in its front matter.
//!
//! A marking decides what leaves the site: only `TLP:CLEAR` pages go into
//! feeds, search, exports and the sitemap ([`Marking::is_published`]), and
//! `build` refuses `TLP:RED` unless `--allow-red`
//! ([`Marking::needs_allow_red`]). The page shows the label at top and
//! bottom and on every printed page, in FIRST's colours
//! ([`Marking::colours`]). Labels stay in English in every language, as
//! FIRST asks; their descriptions are translated.

use std::fmt;

use serde::Serialize;

use super::fold;
use crate::i18n::Language;

/// A TLP 2.0 label. Ordered from the least to the most restrictive, so
/// `max` gives the stricter of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Marking {
    /// `TLP:CLEAR`: no limit on disclosure.
    #[serde(rename = "TLP:CLEAR")]
    Clear,
    /// `TLP:GREEN`: the recipients' community, not public channels.
    #[serde(rename = "TLP:GREEN")]
    Green,
    /// `TLP:AMBER`: the recipients' organisations and their clients, on a
    /// need-to-know basis.
    #[serde(rename = "TLP:AMBER")]
    Amber,
    /// `TLP:AMBER+STRICT`: the recipients' organisation only.
    #[serde(rename = "TLP:AMBER+STRICT")]
    AmberStrict,
    /// `TLP:RED`: the individual recipients only.
    #[serde(rename = "TLP:RED")]
    Red,
}

/// A text colour and the background it is set on, as CSS hex colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Colours {
    /// The label's text, and the badge's border (which keeps the black
    /// badge visible on a dark page).
    pub text: &'static str,
    /// The badge's background.
    pub background: &'static str,
}

impl Marking {
    /// The five labels, least restrictive first.
    pub const ALL: [(&'static str, Marking); 5] = [
        ("TLP:CLEAR", Marking::Clear),
        ("TLP:GREEN", Marking::Green),
        ("TLP:AMBER", Marking::Amber),
        ("TLP:AMBER+STRICT", Marking::AmberStrict),
        ("TLP:RED", Marking::Red),
    ];

    /// The label as FIRST writes it, in every language: `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        Marking::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(label, _)| *label)
            .expect("every marking is in ALL")
    }

    /// Reads a `marking:` value. FIRST's form is `TLP:AMBER+STRICT`; case
    /// and spaces around `:` and `+` are forgiven (`tlp: amber`), the
    /// `TLP:` prefix is not.
    ///
    /// ```
    /// use dossier::tradecraft::marking::Marking;
    /// assert_eq!(Marking::parse("TLP:AMBER+STRICT"), Ok(Marking::AmberStrict));
    /// assert_eq!(Marking::parse("tlp: green"), Ok(Marking::Green));
    /// assert!(Marking::parse("TLP:WHITE").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Marking, MarkingError> {
        let squeezed: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if let Some(&(_, m)) = Marking::ALL.iter().find(|(label, _)| *label == squeezed) {
            return Ok(m);
        }
        let written = text.trim().to_string();
        if squeezed == "TLP:WHITE" {
            return Err(MarkingError::White { written });
        }
        // "AMBER", "amber strict", "TLP-RED": the nearest label by its words.
        let folded = fold(text);
        let nearest = Marking::ALL
            .iter()
            .map(|&(label, m)| (fold(label), m))
            .find(|(label, _)| {
                label.strip_prefix("tlp ") == Some(folded.as_str()) || *label == folded
            })
            .map(|(_, m)| m)
            .or_else(|| {
                let labels: Vec<String> = Marking::ALL.iter().map(|(l, _)| fold(l)).collect();
                crate::diagnostic::nearest(&folded, labels.iter().map(String::as_str))
                    .and_then(|l| labels.iter().position(|c| c == l))
                    .map(|i| Marking::ALL[i].1)
            });
        Err(MarkingError::Unknown { written, nearest })
    }

    /// Whether pages so marked may go into feeds, search, exports and the
    /// sitemap: only `TLP:CLEAR`, the one label without a limit on
    /// disclosure.
    pub fn is_published(self) -> bool {
        self == Marking::Clear
    }

    /// Whether `build` needs `--allow-red` to write a page so marked.
    pub fn needs_allow_red(self) -> bool {
        self == Marking::Red
    }

    /// A page's marking: the stricter of the site's and the brief's (a
    /// brief may raise the site's marking, never lower it); `None` when
    /// neither is set, and then nothing is shown and the page is public.
    pub fn effective(site: Option<Marking>, brief: Option<Marking>) -> Option<Marking> {
        site.max(brief)
    }

    /// FIRST's short definition, for the legend and the label's `title`.
    /// English from TLP 2.0; French is our translation.
    pub fn description(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Marking::Clear, Language::En) => {
                "Recipients can spread this to the world, there is no limit on disclosure."
            }
            (Marking::Green, Language::En) => {
                "Limited disclosure, recipients can spread this within their community."
            }
            (Marking::Amber, Language::En) => {
                "Limited disclosure, recipients can only spread this on a need-to-know basis within their organization and its clients."
            }
            (Marking::AmberStrict, Language::En) => {
                "Limited disclosure, recipients can only spread this on a need-to-know basis within their organization."
            }
            (Marking::Red, Language::En) => {
                "For the eyes and ears of individual recipients only, no further disclosure."
            }
            (Marking::Clear, Language::Fr) => {
                "Les destinataires peuvent diffuser cette information au monde entier, sans limite."
            }
            (Marking::Green, Language::Fr) => {
                "Diffusion limitée\u{202F}: les destinataires peuvent la diffuser au sein de leur communauté."
            }
            (Marking::Amber, Language::Fr) => {
                "Diffusion limitée\u{202F}: les destinataires ne peuvent la diffuser qu’aux personnes qui ont besoin d’en connaître, dans leur organisation et chez ses clients."
            }
            (Marking::AmberStrict, Language::Fr) => {
                "Diffusion limitée\u{202F}: les destinataires ne peuvent la diffuser qu’aux personnes qui ont besoin d’en connaître, dans leur seule organisation."
            }
            (Marking::Red, Language::Fr) => {
                "Réservé aux seuls destinataires, à titre personnel\u{202F}: aucune diffusion."
            }
        }
    }

    /// FIRST's colours for the label: coloured text on black (TLP 2.0,
    /// "colour-coding"). Each pair has a contrast ratio of at least 5.6:1
    /// (WCAG AA for text), and since the badge carries its own black
    /// background, the pair holds on light and dark pages alike; a border in
    /// the text colour keeps the badge's edge visible on a dark page.
    pub fn colours(self) -> Colours {
        let text = match self {
            Marking::Clear => "#FFFFFF",
            Marking::Green => "#33FF00",
            Marking::Amber | Marking::AmberStrict => "#FFC000",
            Marking::Red => "#FF2B2B",
        };
        Colours {
            text,
            background: "#000000",
        }
    }
}

impl fmt::Display for Marking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A `marking:` value that is not a TLP 2.0 label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkingError {
    /// TLP 1.0's `TLP:WHITE`, renamed `TLP:CLEAR` in 2.0.
    #[error("`{written}` is TLP 1.0: TLP 2.0 renamed it `TLP:CLEAR`")]
    White {
        /// The value as written.
        written: String,
    },
    /// Anything else.
    #[error(
        "`{written}` is not a TLP 2.0 marking (expected `TLP:CLEAR`, `TLP:GREEN`, `TLP:AMBER`, `TLP:AMBER+STRICT` or `TLP:RED`)"
    )]
    Unknown {
        /// The value as written.
        written: String,
        /// The label to suggest.
        nearest: Option<Marking>,
    },
}

impl MarkingError {
    /// The suggestion: "did you mean `TLP:AMBER`?".
    pub fn help(&self) -> Option<String> {
        match self {
            MarkingError::White { .. } => Some("write `TLP:CLEAR`".to_string()),
            MarkingError::Unknown { nearest, .. } => {
                nearest.map(|m| format!("did you mean `{}`?", m.label()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
