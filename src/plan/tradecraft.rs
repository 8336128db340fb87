//! What the plan knows of analytic tradecraft (issue #14): the marking of
//! every page, and so which pages may leave the site; the refusal of
//! `TLP:RED` without `--allow-red`; the countries' months of
//! `content/watch/` that lead each digest.
//!
//! [`Plan::is_public`] is the one rule of what goes into the files that
//! leave the site (feeds, the search index, the exports, `graph.json` and
//! the sitemap): every list those files are made from asks it, and nothing
//! else decides it.

use chrono::Datelike;

use super::{Plan, Route, RouteKind};
use crate::config::Config;
use crate::content::{Kind, Meta};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
use crate::graph::{DocIndex, Graph};
use crate::tradecraft::marking::Marking;

/// The built countries' months, each with its month (year, month).
pub(super) fn watch_months(graph: &Graph) -> Vec<((i32, u32), DocIndex)> {
    graph
        .of_kind(Kind::Watch)
        .filter_map(|i| match &graph.doc(i).meta {
            Meta::Watch(w) => Some(((w.month.year(), w.month.start().month()), i)),
            _ => None,
        })
        .collect()
}

/// Per month of `months`, its countries' months, by the country's name
/// (then slug).
pub(super) fn month_watch(
    graph: &Graph,
    months: &[(i32, u32)],
    watch: Vec<((i32, u32), DocIndex)>,
) -> Vec<Vec<DocIndex>> {
    let mut per_month = vec![Vec::new(); months.len()];
    for (month, i) in watch {
        if let Ok(n) = months.binary_search(&month) {
            per_month[n].push(i);
        }
    }
    let country_key = |i: &DocIndex| match &graph.doc(*i).meta {
        Meta::Watch(w) => (
            graph
                .resolve_field(&w.country)
                .map(|c| graph.title_key(c).to_string()),
            w.country.slug.clone(),
        ),
        _ => (None, String::new()),
    };
    for list in &mut per_month {
        list.sort_by_cached_key(country_key);
    }
    per_month
}

/// The marking each document's page shows: for a brief the stricter of its
/// own and the site's ([`Marking::effective`]), for the others the site's.
/// A built page marked `TLP:RED` is an error unless `--allow-red` was
/// given: at the site's `marking` when the whole site is red, else at each
/// red brief's.
pub(super) fn markings(
    graph: &Graph,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<Option<Marking>> {
    let site = config.marking;
    let red_site = site.is_some_and(Marking::needs_allow_red);
    if red_site
        && !config.allow_red
        && let Some(span) = config.marking_span
    {
        diags.push(
            Diagnostic::error(span, Problem::RedMarking("the whole site".to_string()))
                .with_help(red_help()),
        );
    }
    graph
        .docs()
        .iter()
        .enumerate()
        .map(|(i, doc)| match &doc.meta {
            Meta::Brief(brief) => {
                if brief.marking.is_some_and(Marking::needs_allow_red)
                    && !red_site
                    && !config.allow_red
                    && graph.is_visible(i)
                    && let Some(span) = brief.marking_span
                {
                    diags.push(
                        Diagnostic::error(
                            span,
                            Problem::RedMarking(format!("the brief `{}`", doc.id)),
                        )
                        .with_help(red_help()),
                    );
                }
                Marking::effective(site, brief.marking)
            }
            _ => site,
        })
        .collect()
}

/// What to do about a red page.
fn red_help() -> String {
    "build with `--allow-red` only for its named recipients, or lower the marking (`TLP:AMBER+STRICT`)"
        .to_string()
}

/// The three months before `month` (year, month), nearest first: the
/// baseline of a computed trend.
///
/// ```
/// use dossier::plan::previous_months;
/// assert_eq!(previous_months((2025, 2)), [(2025, 1), (2024, 12), (2024, 11)]);
/// ```
pub fn previous_months((year, month): (i32, u32)) -> [(i32, u32); 3] {
    let month = i32::try_from(month).expect("a month from 1 to 12");
    let back = |k: i32| {
        let index = year * 12 + month - 1 - k;
        let month = u32::try_from(index.rem_euclid(12) + 1).expect("a month from 1 to 12");
        (index.div_euclid(12), month)
    };
    [back(1), back(2), back(3)]
}

impl Plan {
    /// The marking shown on document `i`'s page; `None` when neither the
    /// site nor the brief sets one (the page is then public, unmarked).
    pub fn marking(&self, i: DocIndex) -> Option<Marking> {
        self.markings[i]
    }

    /// The marking of `site.yaml`, shown on every page that is not a
    /// document's (home, indexes, digests, the legend).
    pub fn site_marking(&self) -> Option<Marking> {
        self.site_marking
    }

    /// Whether document `i` may go into the files that leave the site:
    /// feeds, the search index, the exports, `graph.json` and the sitemap.
    /// Only unmarked and `TLP:CLEAR` documents do (issue #14); a stricter
    /// one is still built, and listed on the site's own pages.
    pub fn is_public(&self, i: DocIndex) -> bool {
        self.markings[i].is_none_or(Marking::is_published)
    }

    /// Whether a page may be listed in the sitemap: a page people read
    /// ([`RouteKind::in_sitemap`]) whose marking is public.
    pub fn in_sitemap(&self, route: &Route) -> bool {
        route.kind.in_sitemap()
            && match route.kind {
                RouteKind::Doc(i) => self.is_public(i),
                _ => self.site_marking.is_none_or(Marking::is_published),
            }
    }

    /// The countries' months of month `n` of [`Plan::months`], by country
    /// name: what leads its digest.
    pub fn month_watch(&self, n: usize) -> &[DocIndex] {
        &self.month_watch[n]
    }
}
