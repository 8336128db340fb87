//! What each file of the plan shows ([`Plan::inputs`]), and from it which
//! files an edit can change ([`invalidated`]): what `serve` re-renders
//! instead of the whole site (issue #3), read from the same lists the pages
//! are rendered from instead of a model kept by hand beside them (issue #11).
//!
//! A file shows documents (a title, a card, a body), whole kinds of
//! documents (an index, the sitemap, a data file) and tags' names; a part of
//! a list (a page of the brief index, a tag, a digest, a feed, a brief's
//! related briefs) also shows *which* documents are listed, which can change
//! while none of them does. The inputs are a superset of what a template can
//! print from its context: a card shows a brief's countries' names, so a
//! page listing the card reads those countries too.
//!
//! The pictures of issue 13 show what the pages list (an event's place and
//! kind are the event's), and two things more: a country's map names its
//! neighbours that the site has (any country, by ISO code), and the actors
//! index's network links actors through their events.

use std::collections::{BTreeSet, HashMap};

use super::{FeedOf, Plan, RouteKind, UrlPath};
use crate::content::{DocId, Kind, Meta};
use crate::graph::{DocIndex, Graph};
use crate::slug::Slug;

/// One thing a file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// A document: anything of its front matter or body.
    Doc(DocIndex),
    /// Every document of a kind.
    Kind(Kind),
    /// The name a tag's page shows (by index in [`Plan::tags`]).
    TagName(usize),
}

/// What walks the inputs of a file ([`Plan::reads`]): each input in
/// turn, until it answers `true`.
pub trait Visit {
    /// One input of the file; `true` stops the walk.
    fn input(&mut self, input: Input) -> bool;

    /// The card of document `i` (what a list shows of it): each input the
    /// card shows ([`card`]), unless the visitor knows the card as a whole,
    /// as [`crate::render::pages::Keys`] does, which hashes each card once
    /// per build instead of once per page that shows it.
    fn card(&mut self, graph: &Graph, plan: &Plan, i: DocIndex) -> bool {
        card(graph, plan, i, &mut |input| self.input(input))
    }

    /// Every document of `kind`, of which the file shows only what front
    /// matter says (titles, dates, summaries, where links lead), never a
    /// body's text: by default, the whole kind.
    fn fronts(&mut self, kind: Kind) -> bool {
        self.input(Input::Kind(kind))
    }
}

/// A [`Visit`] that calls a function on each input, cards included.
struct Each<F>(F);

impl<F: FnMut(Input) -> bool> Visit for Each<F> {
    fn input(&mut self, input: Input) -> bool {
        (self.0)(input)
    }
}

/// What a file shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The documents, kinds and tag names it shows.
    pub reads: Vec<Input>,
    /// The documents it lists, in order, when it shows a part of a list.
    pub listed: Vec<DocIndex>,
}

impl Plan {
    /// What the file of route `k` (an index in [`Plan::routes`]) shows.
    pub fn inputs(&self, graph: &Graph, k: usize) -> Inputs {
        let kind = self.routes[k].kind;
        let mut reads = Vec::new();
        self.reads(
            graph,
            kind,
            &mut Each(|input| {
                reads.push(input);
                false
            }),
        );
        Inputs {
            reads,
            listed: self.listed(graph, kind),
        }
    }

    /// The briefs of a feed, newest first: at most [`FEED_SIZE`], and only
    /// those that may leave the site ([`Plan::is_public`]).
    pub fn feed_briefs(&self, graph: &Graph, of: FeedOf) -> Vec<DocIndex> {
        let public = |b: &&DocIndex| self.is_public(**b);
        let mut list: Vec<DocIndex> = match of {
            FeedOf::Site => self
                .briefs
                .iter()
                .filter(public)
                .take(FEED_SIZE)
                .copied()
                .collect(),
            FeedOf::Tag(n) => self.tags[n]
                .briefs
                .iter()
                .filter(public)
                .take(FEED_SIZE)
                .copied()
                .collect(),
            FeedOf::Doc(i) => {
                let mut from: Vec<DocIndex> = graph
                    .backlinks(i)
                    .iter()
                    .map(|e| e.from)
                    .filter(|b| graph.doc(*b).id.kind == Kind::Brief && self.is_public(*b))
                    .collect();
                from.sort_by_key(|b| self.brief_rank(*b));
                from
            }
        };
        list.truncate(FEED_SIZE);
        list
    }

    /// The documents a file lists as a part of a list, in order.
    pub(crate) fn listed(&self, graph: &Graph, kind: RouteKind) -> Vec<DocIndex> {
        match kind {
            RouteKind::Doc(i) => graph.related(i).to_vec(),
            RouteKind::BriefIndex(n) => self.brief_page(n).to_vec(),
            RouteKind::EventIndex => self.event_page(super::EventFilter::All, 0).to_vec(),
            RouteKind::EventList(filter, n) => self.event_page(filter, n).to_vec(),
            RouteKind::Tag(n) => self.tags[n].briefs.clone(),
            RouteKind::Digest(n) => {
                let (events, briefs) = &self.month_members[n];
                events.iter().chain(briefs).copied().collect()
            }
            RouteKind::Feed(of) => self.feed_briefs(graph, of),
            _ => Vec::new(),
        }
    }

    /// Walks everything the file of `kind` shows with `visit`, until it
    /// answers `true`; returns whether it did.
    pub(crate) fn reads<V: Visit>(&self, graph: &Graph, kind: RouteKind, visit: &mut V) -> bool {
        let page = kind.template(graph).is_some_and(|t| t.ends_with(".html"));
        // Every page lists the free pages in its footer: their titles.
        if page && visit.fronts(Kind::Page) {
            return true;
        }
        let all =
            |kinds: &[Kind], visit: &mut V| kinds.iter().any(|k| visit.input(Input::Kind(*k)));
        let fronts = |kinds: &[Kind], visit: &mut V| kinds.iter().any(|k| visit.fronts(*k));
        match kind {
            RouteKind::Doc(i) => {
                let doc = graph.doc(i);
                visit.input(Input::Doc(i))
                    || graph
                        .outgoing(i)
                        .iter()
                        .any(|e| visit.card(graph, self, e.to))
                    || graph
                        .backlinks(i)
                        .iter()
                        .any(|e| visit.card(graph, self, e.from))
                    || graph
                        .related(i)
                        .iter()
                        .any(|r| visit.card(graph, self, *r))
                    || matches!(&doc.meta, Meta::Brief(_)) && tag_names(self, i, &mut |input| visit.input(input))
                    // Its map names and links its neighbours (issue 13).
                    || matches!(&doc.meta, Meta::Country(_)) && visit.input(Input::Kind(Kind::Country))
            }
            // Cards, countries' names and counts, a map of events
            // (`context::HomePage`, `CountriesIndex`, `TagsIndex`).
            RouteKind::Home => fronts(
                &[Kind::Brief, Kind::Event, Kind::Country, Kind::Actor],
                visit,
            ),
            RouteKind::CountryIndex => fronts(&[Kind::Country, Kind::Brief, Kind::Event], visit),
            // Its network links actors through their events (issue 13).
            RouteKind::ActorIndex => all(&[Kind::Actor, Kind::Event], visit),
            RouteKind::EventIndex
            | RouteKind::EventList(..)
            | RouteKind::EventsCsv
            | RouteKind::EventsJson
            | RouteKind::EventsGeojson => all(&[Kind::Event, Kind::Country, Kind::Actor], visit),
            RouteKind::TagIndex => fronts(&[Kind::Brief], visit),
            // Names of imported events that no actor answers to (issue #18).
            RouteKind::Unresolved => all(&[Kind::Event, Kind::Actor], visit),
            // Addresses and dates; titles, summaries, tags and key points;
            // titles and links (`data::graph_json`, `data::SearchEntry`).
            RouteKind::Sitemap | RouteKind::SearchIndex | RouteKind::GraphJson => {
                fronts(&Kind::ALL, visit)
            }
            RouteKind::SearchWords => all(&Kind::ALL, visit),
            RouteKind::Tag(n) | RouteKind::Feed(FeedOf::Tag(n)) => {
                visit.input(Input::TagName(n))
                    || self
                        .listed(graph, kind)
                        .iter()
                        .any(|b| visit.card(graph, self, *b))
            }
            RouteKind::Feed(FeedOf::Doc(i)) => {
                visit.input(Input::Doc(i))
                    || self
                        .listed(graph, kind)
                        .iter()
                        .any(|b| visit.card(graph, self, *b))
            }
            RouteKind::Digest(n) => {
                self.listed(graph, kind)
                    .iter()
                    .any(|b| visit.card(graph, self, *b))
                    || self.trend_reads(graph, n, &mut |input| visit.input(input))
            }
            RouteKind::BriefIndex(_) | RouteKind::Feed(FeedOf::Site) => self
                .listed(graph, kind)
                .iter()
                .any(|b| visit.card(graph, self, *b)),
            // A source's citations are its backlinks, from documents of
            // any kind: a free page or a country that links to a source
            // cites it too.
            RouteKind::SourceIndex => all(&Kind::ALL, visit),
            // The state of every document's translations (issue 16).
            RouteKind::Translations => all(&Kind::ALL, visit),
            RouteKind::Search
            | RouteKind::Yardstick
            | RouteKind::NotFound
            | RouteKind::Robots
            | RouteKind::Asset(_)
            | RouteKind::Static(_)
            | RouteKind::File(_)
            | RouteKind::ImageCopy(_) => false,
        }
    }
}

impl Plan {
    /// Visits what the trends heading digest `n` show: its countries'
    /// months and their countries, and the events of the three months
    /// before it, from which a trend is computed where none is given
    /// (issue #14).
    fn trend_reads(&self, graph: &Graph, n: usize, visit: &mut dyn FnMut(Input) -> bool) -> bool {
        let watched = self.month_watch(n).iter().any(|w| {
            visit(Input::Doc(*w)) || graph.outgoing(*w).iter().any(|e| visit(Input::Doc(e.to)))
        });
        watched
            || super::tradecraft::previous_months(self.months[n])
                .iter()
                .any(|month| {
                    self.months.binary_search(month).is_ok_and(|m| {
                        self.month_members[m]
                            .0
                            .iter()
                            .any(|e| visit(Input::Doc(*e)))
                    })
                })
    }
}

/// How many briefs a feed carries.
pub const FEED_SIZE: usize = 50;

/// Visits what a document's card shows: the document, and for a brief its
/// countries and tags, for an event its countries and actors (a card prints
/// their names).
pub(crate) fn card(
    graph: &Graph,
    plan: &Plan,
    i: DocIndex,
    visit: &mut dyn FnMut(Input) -> bool,
) -> bool {
    if visit(Input::Doc(i)) {
        return true;
    }
    match graph.kind(i) {
        Kind::Brief => {
            graph
                .outgoing(i)
                .iter()
                .filter(|e| graph.kind(e.to) == Kind::Country)
                .any(|e| visit(Input::Doc(e.to)))
                || tag_names(plan, i, visit)
        }
        Kind::Event => graph
            .outgoing(i)
            .iter()
            .filter(|e| matches!(graph.kind(e.to), Kind::Country | Kind::Actor))
            .any(|e| visit(Input::Doc(e.to))),
        _ => false,
    }
}

/// Visits the names of a brief's tags.
fn tag_names(plan: &Plan, i: DocIndex, visit: &mut dyn FnMut(Input) -> bool) -> bool {
    plan.doc_tags(i).iter().any(|n| visit(Input::TagName(*n)))
}

/// What an edit touched, in one graph and its plan.
struct Touched {
    docs: Vec<bool>,
    kinds: BTreeSet<Kind>,
    tags: Vec<bool>,
}

impl Touched {
    fn has(&self, input: Input) -> bool {
        match input {
            Input::Doc(i) => self.docs[i],
            Input::Kind(k) => self.kinds.contains(&k),
            Input::TagName(n) => self.tags[n],
        }
    }
}

/// The output files that can differ between the site built from `before`
/// and the one built from `after` (each a graph and its plan, from one
/// configuration), whose documents differ in `changed`: the ids of the
/// documents edited, added and removed. Documents whose references resolve
/// elsewhere without an edit of their own (a title that a link names moved
/// to another document) count as changed too. Files of only one of the two
/// are named, so that `serve` can drop those that are gone. Theme assets
/// and static files are not named: they change with their own files; nor
/// are documents' files and image copies unless they are made from another
/// file than before (`serve` names those whose file changed, issue #12).
pub fn invalidated(
    before: (&Graph, &Plan),
    after: (&Graph, &Plan),
    changed: &BTreeSet<DocId>,
) -> BTreeSet<UrlPath> {
    let mut changed = changed.clone();
    changed.extend(relinked(before.0, after.0));
    let kinds: BTreeSet<Kind> = changed.iter().map(|id| id.kind).collect();
    let tag_names = |(_, plan): (&Graph, &Plan), (_, other): (&Graph, &Plan)| -> Vec<bool> {
        let names: HashMap<&Slug, &str> = other
            .tags
            .iter()
            .map(|t| (&t.slug, t.name.as_str()))
            .collect();
        plan.tags
            .iter()
            .map(|t| names.get(&t.slug) != Some(&t.name.as_str()))
            .collect()
    };
    let touched = |side: (&Graph, &Plan), other: (&Graph, &Plan)| Touched {
        docs: side
            .0
            .docs()
            .iter()
            .map(|d| changed.contains(&d.id))
            .collect(),
        kinds: kinds.clone(),
        tags: tag_names(side, other),
    };
    let sides = [
        (before, touched(before, after)),
        (after, touched(after, before)),
    ];
    let families_differ = |kind: RouteKind| match kind {
        RouteKind::BriefIndex(_) => before.1.brief_pages != after.1.brief_pages,
        RouteKind::Digest(_) => before.1.months != after.1.months,
        _ => false,
    };
    let mut paths = BTreeSet::new();
    for route in after.1.routes() {
        if matches!(route.kind, RouteKind::Asset(_) | RouteKind::Static(_)) {
            continue;
        }
        let Some(j) = before.1.index_of(&route.path) else {
            paths.insert(route.path.clone());
            continue;
        };
        let old = before.1.routes[j].kind;
        if matches!(route.kind, RouteKind::File(_) | RouteKind::ImageCopy(_)) {
            if before.1.made_of(old) != after.1.made_of(route.kind) {
                paths.insert(route.path.clone());
            }
            continue;
        }
        let listed_differ = || {
            let ids = |(graph, plan): (&Graph, &Plan), kind: RouteKind| -> Vec<DocId> {
                plan.listed(graph, kind)
                    .into_iter()
                    .map(|i| graph.doc(i).id.clone())
                    .collect()
            };
            ids(before, old) != ids(after, route.kind)
        };
        let reads_touched = || {
            sides
                .iter()
                .zip([old, route.kind])
                .any(|(((graph, plan), touched), kind)| {
                    plan.reads(graph, kind, &mut Each(|input| touched.has(input)))
                })
        };
        if families_differ(route.kind) || listed_differ() || reads_touched() {
            paths.insert(route.path.clone());
        }
    }
    for route in before.1.routes() {
        if !matches!(route.kind, RouteKind::Asset(_) | RouteKind::Static(_))
            && !after.1.contains(&route.path)
        {
            paths.insert(route.path.clone());
        }
    }
    paths
}

/// Documents present in both graphs whose references lead elsewhere after
/// than before, without an edit of their own: a title or slug that a link
/// names moved to another document.
fn relinked(before: &Graph, after: &Graph) -> BTreeSet<DocId> {
    let targets = |g: &Graph, i: DocIndex| -> Vec<DocId> {
        g.outgoing(i)
            .iter()
            .map(|e| g.doc(e.to).id.clone())
            .collect()
    };
    after
        .docs()
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            let j = before.get(&doc.id)?;
            (targets(after, i) != targets(before, j)).then(|| doc.id.clone())
        })
        .collect()
}
