//! Analytic tradecraft (issue #14): the closed sets and rules that let a
//! brief say how likely, how well sourced, how shareable and which way
//! things are going, in words a reader can check.
//!
//! - [`yardstick`]: the estimative-language scales (ICD 203, the UK PHIA
//!   Probability Yardstick), their terms in English and French and their
//!   ranges in percent; parsing `likelihood:` values.
//! - [`lint`]: the language lint of `key_points` and `summary` (hedges
//!   outside the yardstick, a likelihood and a confidence level in one
//!   sentence, both ICD 203 rows in one brief).
//! - [`grading`]: source grades, the Admiralty/NATO code (`reliability`
//!   A–F, `credibility` 1–6, shown as "B2").
//! - [`source`]: the kind of a source document (`content/sources/<slug>.md`).
//! - [`marking`]: TLP 2.0 handling markings and what each one keeps out of
//!   the public outputs.
//! - [`trend`]: monthly trends and alerts, indicator statuses, and the
//!   computed conflict change (ACLED's thresholds).
//!
//! Everything here is pure: values in, values out, no files, no
//! diagnostics. `content` parses front matter with these types and turns
//! their errors into located diagnostics; `render` reads their labels;
//! `check` runs the lint. The module knows nothing of those stages and must
//! not: it depends only on [`crate::i18n::Language`] and the shared
//! nearest-match helper. The user-facing reference is `docs/tradecraft.md`.

pub mod grading;
pub mod lint;
pub mod marking;
pub mod source;
pub mod trend;
pub mod yardstick;

/// The form of a value used to compare what an author wrote with a closed
/// list: case, accents, and the difference between spaces, hyphens,
/// underscores and apostrophes do not count (`Almost-Certain`,
/// `almost certain` and `almost_certain` are one value; `très peu
/// probable` and `tres peu probable` too).
fn fold(text: &str) -> String {
    crate::slug::match_key(&text.replace(|c: char| !c.is_alphanumeric(), " "))
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_ignores_case_accents_and_separators() {
        assert_eq!(fold("Almost-Certain"), "almost certain");
        assert_eq!(fold(" almost_certain "), "almost certain");
        assert_eq!(fold("Très  peu probable"), "tres peu probable");
        assert_eq!(fold("d’autres"), fold("d'autres"));
        assert_ne!(fold("likely"), fold("unlikely"));
    }
}
