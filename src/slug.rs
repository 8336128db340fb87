//! Slugs: the `[a-z0-9-]+` names that make document ids and URLs (DESIGN §3).
//!
//! Transliteration is the `slug` crate's; this module only checks and wraps
//! its output so that an unchecked string can never become a URL segment.

use std::fmt;

use serde::Serialize;

/// A checked slug: non-empty, only `a-z`, `0-9` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Checks a slug as written by an author (a file stem or a `slug:` field).
    /// The error says what is wrong, in words an author understands.
    ///
    /// ```
    /// use dossier::slug::Slug;
    /// assert!(Slug::parse("cote-d-ivoire").is_ok());
    /// assert!(Slug::parse("Côte").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Slug, String> {
        if text.is_empty() {
            return Err("a slug cannot be empty".to_string());
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(format!(
                "`{text}` has the character `{bad}`; slugs use only lowercase letters a-z, digits and `-`"
            ));
        }
        if is_device_name(text) {
            return Err(format!(
                "`{text}` is a reserved device name on Windows, where a folder of that name cannot exist"
            ));
        }
        Ok(Slug(text.to_string()))
    }

    /// The slug of a title or name, by transliteration; `None` when nothing
    /// of it survives (a title made only of punctuation or emoji).
    ///
    /// ```
    /// use dossier::slug::Slug;
    /// assert_eq!(Slug::from_title("Côte d'Ivoire").unwrap().as_str(), "cote-d-ivoire");
    /// assert_eq!(Slug::from_title("Sénégal").unwrap().as_str(), "senegal");
    /// assert!(Slug::from_title("!!!").is_none());
    /// ```
    pub fn from_title(title: &str) -> Option<Slug> {
        let mut slug = slug::slugify(title);
        if is_device_name(&slug) {
            // A tag "Aux" still needs a folder Windows accepts.
            slug.push_str("-1");
        }
        (!slug.is_empty()).then_some(Slug(slug))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Names Windows reserves for devices: the built site must copy to any
/// machine, so no page folder may take them.
fn is_device_name(text: &str) -> bool {
    matches!(text, "con" | "prn" | "aux" | "nul")
        || (text.len() == 4
            && (text.starts_with("com") || text.starts_with("lpt"))
            && text.as_bytes()[3].is_ascii_digit()
            && text.as_bytes()[3] != b'0')
}

/// The form of a name used to match references by name, title or alias:
/// case, accents, apostrophe style (`'` or `’`) and runs of spaces are
/// ignored (DESIGN §3).
///
/// ```
/// use dossier::slug::match_key;
/// assert_eq!(match_key("Côte d’Ivoire"), match_key("cote d'ivoire"));
/// assert_eq!(match_key("  Cédéao "), "cedeao");
/// ```
pub fn match_key(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_windows_device_names() {
        for name in ["con", "nul", "com1", "lpt9"] {
            assert!(
                Slug::parse(name).unwrap_err().contains("reserved"),
                "{name}"
            );
        }
        assert!(Slug::parse("com0").is_ok());
        assert!(Slug::parse("console").is_ok());
    }

    #[test]
    fn parse_rejects_upper_case_spaces_and_dots() {
        assert!(Slug::parse("Mali").is_err());
        assert!(Slug::parse("a b").is_err());
        assert!(Slug::parse("../x").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("jnim-2025").is_ok());
    }

    #[test]
    fn from_title_transliterates_french() {
        let slug = |t| Slug::from_title(t).map(|s| s.0);
        assert_eq!(slug("Cédéao").as_deref(), Some("cedeao"));
        assert_eq!(
            slug("Retrait du Mali de la Cédéao").as_deref(),
            Some("retrait-du-mali-de-la-cedeao")
        );
        assert_eq!(
            slug("L’armée malienne").as_deref(),
            Some("l-armee-malienne")
        );
        assert_eq!(slug("   "), None);
    }

    #[test]
    fn match_key_ignores_case_accents_and_apostrophes() {
        assert_eq!(match_key("SÉNÉGAL"), "senegal");
        assert_eq!(match_key("l’armée"), match_key("L'Armée"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the title, its slug is a valid slug, and slugging a slug
        /// changes nothing.
        #[test]
        fn from_title_gives_valid_stable_slugs(title in "\\PC{0,60}") {
            if let Some(slug) = Slug::from_title(&title) {
                prop_assert!(Slug::parse(slug.as_str()).is_ok(), "{slug}");
                prop_assert_eq!(Slug::from_title(slug.as_str()).map(|s| s.0), Some(slug.0.clone()));
            }
        }

        /// `match_key` ignores case and accents: a title and its upper-case
        /// form match.
        #[test]
        fn match_key_ignores_case(title in "[a-zA-Zéèàçô’' ]{0,30}") {
            prop_assert_eq!(match_key(&title), match_key(&title.to_uppercase()));
        }
    }
}
