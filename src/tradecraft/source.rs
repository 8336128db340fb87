//! The kind of a source document, `content/sources/<slug>.md` (DESIGN §8:
//! `name`*, `url`, `publisher`, `reliability`, `kind`).
//!
//! A source document describes an outlet or an agency once; its
//! `reliability` is the default of every citation of it (see
//! [`Grade::or_source`](super::grading::Grade::or_source)). This module
//! owns the closed list of `kind:` and its words; loading the documents is
//! `content`'s work.

use serde::Serialize;

use crate::i18n::Language;

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A news agency (AFP, Reuters, APS).
    Agency,
    /// A newspaper, magazine or broadcaster.
    Newspaper,
    /// A government, ministry, army or other public body.
    Government,
    /// A non-governmental organisation, think tank or research group.
    Ngo,
    /// An account or channel on a social network.
    SocialMedia,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// The closed list of `kind:`, in this order on index pages.
    pub const ALL: [(&'static str, SourceKind); 6] = [
        ("agency", SourceKind::Agency),
        ("newspaper", SourceKind::Newspaper),
        ("government", SourceKind::Government),
        ("ngo", SourceKind::Ngo),
        ("social-media", SourceKind::SocialMedia),
        ("other", SourceKind::Other),
    ];

    /// Its `kind:` value.
    pub fn key(self) -> &'static str {
        SourceKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(key, _)| *key)
            .expect("every kind is in ALL")
    }

    /// The kind in words.
    ///
    /// ```
    /// use dossier::i18n::Language;
    /// use dossier::tradecraft::source::SourceKind;
    /// assert_eq!(SourceKind::Agency.label(Language::Fr), "agence de presse");
    /// assert_eq!(SourceKind::SocialMedia.label(Language::En), "social media");
    /// ```
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (SourceKind::Agency, Language::En) => "news agency",
            (SourceKind::Agency, Language::Fr) => "agence de presse",
            (SourceKind::Newspaper, Language::En) => "newspaper",
            (SourceKind::Newspaper, Language::Fr) => "journal",
            (SourceKind::Government, Language::En) => "government",
            (SourceKind::Government, Language::Fr) => "source gouvernementale",
            (SourceKind::Ngo, Language::En) => "NGO",
            (SourceKind::Ngo, Language::Fr) => "ONG",
            (SourceKind::SocialMedia, Language::En) => "social media",
            (SourceKind::SocialMedia, Language::Fr) => "réseaux sociaux",
            (SourceKind::Other, Language::En) => "other",
            (SourceKind::Other, Language::Fr) => "autre",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_key_that_parses_back_and_two_labels() {
        for (key, kind) in SourceKind::ALL {
            assert_eq!(kind.key(), key);
            assert!(!kind.label(Language::En).is_empty());
            assert_ne!(kind.label(Language::En), kind.label(Language::Fr), "{key}");
        }
    }
}
