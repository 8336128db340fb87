//! The `/translations/` page of a site of several languages (issue 16):
//! which documents lack a translation, and which translations are older
//! than their original, for the team that keeps them. It is built on every
//! site of several languages (not in the sitemap, `noindex`): a list that
//! must be asked for is a list nobody reads, and it costs one page.

use serde::Serialize;

use super::context::{DateView, PageMeta, Shared, SiteView};
use super::views::Views;
use crate::i18n::Strings;
use crate::plan::Route;
use crate::translation::native_name;

/// `translations.html`.
#[derive(Debug, Serialize)]
pub struct TranslationsPage<'a> {
    /// The site.
    pub site: &'a Shared<SiteView>,
    /// UI words.
    pub t: &'a Shared<&'static Strings>,
    /// This page.
    pub page: PageMeta,
    /// Documents without a translation into a language, in path order.
    pub missing: Vec<TranslationState>,
    /// Translations older than their original.
    pub outdated: Vec<TranslationState>,
}

/// A document and one language it is missing in, or outdated in.
#[derive(Debug, Serialize)]
pub struct TranslationState {
    /// The original's title or name.
    pub title: String,
    /// Its page (in the default language); none when it is not built.
    pub url: Option<String>,
    /// Its id (`briefs/foo`).
    pub id: String,
    /// The language's code (`en`).
    pub lang: &'static str,
    /// The language's name in itself ("English").
    pub language: &'static str,
    /// When outdated: the translation's last change.
    pub translated: Option<DateView>,
    /// When outdated: the original's last change.
    pub changed: Option<DateView>,
}

impl Views<'_> {
    /// The context of `/translations/`.
    pub fn translations_page(&self, route: &Route) -> TranslationsPage<'_> {
        let mut page = self.meta(self.strings.translations, None, route, "none");
        page.draft = false;
        let mut missing = Vec::new();
        let mut outdated = Vec::new();
        for status in &self.plan.edition.status {
            let found = self.graph.get(&status.id);
            let state = TranslationState {
                title: found.map_or_else(
                    || status.id.to_string(),
                    |i| self.shown_title(i).to_string(),
                ),
                url: found
                    .and_then(|i| self.plan.doc_route(i))
                    .map(|r| self.plan.href(r)),
                id: status.id.to_string(),
                lang: status.language.code(),
                language: native_name(status.language),
                translated: status.outdated.map(|(mine, _)| self.day(mine)),
                changed: status.outdated.map(|(_, theirs)| self.day(theirs)),
            };
            if status.outdated.is_some() {
                outdated.push(state);
            } else {
                missing.push(state);
            }
        }
        TranslationsPage {
            site: &self.site,
            t: &self.t,
            page,
            missing,
            outdated,
        }
    }
}
