//! Which pages a change of documents touches: what `serve` re-renders after
//! an edit instead of the whole site (issue #3).
//!
//! A page shows a document through its title, its card (briefs and events:
//! date, summary, countries, actors, tags) or its body. [`affected`] compares
//! the graphs before and after a change and names every page, of either
//! build, that shows a changed document in any of these ways. A page that
//! exists only before is named too, so that `serve` can drop it. Pages that
//! show every document of a kind (indexes, timelines, tag pages) are named
//! by kind; feeds, digests, the sitemap and data files follow the pages
//! they summarise. Adding a page to the site means adding it here too.

use std::collections::BTreeSet;

use super::publish::FeedOf;
use super::views::Views;
use super::{Job, UrlPath, jobs};
use crate::config::Config;
use crate::content::{DocId, Kind};
use crate::git::History;
use crate::graph::{DocIndex, Graph};

/// The output files of the pages that can differ between the site built from
/// `before` and the one built from `after`, whose documents differ in
/// `changed` (ids of edited, added and removed documents). Both graphs come
/// from the same configuration.
pub fn affected(
    before: &Graph,
    after: &Graph,
    config: &Config,
    changed: &BTreeSet<DocId>,
) -> BTreeSet<UrlPath> {
    let history = History::default();
    let views = [
        Views::new(before, config, &history),
        Views::new(after, config, &history),
    ];
    let mut changed = changed.clone();
    changed.extend(relinked(before, after));
    let mut pages = BTreeSet::new();
    if changed.iter().any(|id| id.kind == Kind::Page) {
        // Free pages are listed in the footer of every page.
        for v in &views {
            pages.extend(jobs(v).iter().map(|job| job.path(v)));
        }
        return pages;
    }

    // Briefs and events whose cards change: the changed ones, and those
    // citing a changed country or actor, whose names their cards print.
    let mut cards: BTreeSet<DocId> = BTreeSet::new();
    for v in &views {
        let graph = v.graph();
        for id in &changed {
            let Some(i) = graph.get(id) else { continue };
            showing(v, i, &mut pages);
            match id.kind {
                Kind::Brief | Kind::Event => {
                    cards.insert(id.clone());
                }
                Kind::Country | Kind::Actor => {
                    cards.extend(
                        graph
                            .backlinks(i)
                            .iter()
                            .map(|e| &graph.doc(e.from).id)
                            .filter(|from| matches!(from.kind, Kind::Brief | Kind::Event))
                            .cloned(),
                    );
                }
                Kind::Page => {}
            }
        }
        for id in &cards {
            if let Some(i) = graph.get(id) {
                showing(v, i, &mut pages);
            }
        }
    }

    // Related briefs: listed in `showing`, checked here once more since a
    // list can change without the brief itself changing.
    let [b, a] = &views;
    for (i, doc) in after.docs().iter().enumerate() {
        if let Some(j) = before.get(&doc.id)
            && !same_docs(after, after.related(i), before, before.related(j))
        {
            pages.insert(a.page_path(i));
        }
    }

    // Indexes and pages listing every document of a kind.
    pages.insert(UrlPath::page(""));
    pages.insert(UrlPath::page("countries/"));
    let kinds: BTreeSet<Kind> = changed.iter().map(|id| id.kind).collect();
    if kinds.contains(&Kind::Actor) {
        pages.insert(UrlPath::page("actors/"));
    }
    if kinds.contains(&Kind::Event)
        || kinds.contains(&Kind::Country)
        || kinds.contains(&Kind::Actor)
    {
        pages.insert(UrlPath::page("events/"));
    }
    if kinds.contains(&Kind::Brief) {
        pages.insert(UrlPath::page("tags/"));
    }

    // The brief index: the pages whose list or cards change. Every page
    // links to every other, so a change in their number touches them all.
    let ids_on = |v: &Views<'_>, n: usize| -> Vec<DocId> {
        let graph = v.graph();
        v.brief_page_docs(n)
            .iter()
            .map(|i| graph.doc(*i).id.clone())
            .collect()
    };
    for n in 0..a.brief_pages().max(b.brief_pages()) {
        let (on_before, on_after) = (ids_on(b, n), ids_on(a, n));
        if b.brief_pages() != a.brief_pages()
            || on_before != on_after
            || on_after.iter().any(|id| cards.contains(id))
        {
            pages.insert(UrlPath::page(&a.brief_page_path(n)));
        }
    }

    // Publishing files (issue #4). A country's, actor's or tag's feed lists
    // what its page lists, so it changes with its page. The site feed,
    // digests, sitemap, search index and data files gather documents of
    // every kind: they follow any change of a document.
    let mut publishing = BTreeSet::new();
    for v in &views {
        for job in jobs(v) {
            let follows = match &job {
                Job::Feed(FeedOf::Site)
                | Job::Digest(_)
                | Job::Sitemap
                | Job::Robots
                | Job::SearchIndex
                | Job::EventsCsv
                | Job::EventsJson
                | Job::EventsGeojson
                | Job::GraphJson => true,
                Job::Feed(of) => pages.contains(&UrlPath::page(&v.feed_paths(*of).1)),
                _ => false,
            };
            if follows {
                publishing.insert(job.path(v));
            }
        }
    }
    pages.extend(publishing);
    pages
}

/// Adds the pages showing document `i`: its own, those of the documents it
/// links to or that link to it, of the briefs listing it as related, and
/// for a brief the pages of its tags.
fn showing(views: &Views<'_>, i: DocIndex, pages: &mut BTreeSet<UrlPath>) {
    pages.insert(views.page_path(i));
    for j in views.graph().dependents(i) {
        pages.insert(views.page_path(j));
    }
    pages.extend(views.tag_paths(i));
}

/// Documents present in both graphs whose references lead elsewhere after
/// than before, without an edit of their own: a title or slug that a link
/// names moved to another document.
fn relinked(before: &Graph, after: &Graph) -> BTreeSet<DocId> {
    let targets =
        |g: &Graph, i: DocIndex| -> Vec<DocIndex> { g.outgoing(i).iter().map(|e| e.to).collect() };
    after
        .docs()
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            let j = before.get(&doc.id)?;
            let same = same_docs(after, &targets(after, i), before, &targets(before, j));
            (!same).then(|| doc.id.clone())
        })
        .collect()
}

/// Whether two lists, each of documents of its own graph, name the same
/// documents in the same order.
fn same_docs(g: &Graph, x: &[DocIndex], h: &Graph, y: &[DocIndex]) -> bool {
    x.len() == y.len() && x.iter().zip(y).all(|(i, j)| g.doc(*i).id == h.doc(*j).id)
}
