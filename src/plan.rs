//! The route plan (DESIGN §8, issue #11): every file a build writes, made
//! once from the graph, each with its [`Route`] (what it is, its output
//! path and its URL), its template, and what it shows ([`Plan::inputs`]).
//!
//! This is the one place that knows where anything is: [`route`] is the
//! only function that formats an output path or a URL. Rendering,
//! navigation, feeds, the sitemap, `serve`'s choice of pages to re-render
//! ([`invalidated`]) and the checks of links from the site root all read
//! the plan, so that a page type is added here and nowhere else (plus its
//! template; docs/architecture.md).
//!
//! The plan also holds the site-wide lists that decide which pages exist:
//! briefs newest first, events oldest first, tags and the months with
//! digests. It is made from the graph whatever errors the site has, so that
//! links from the site root and files of `static/` that clash with pages are
//! reported by `check` as by `build`; it reads no file.

mod files;
pub mod inputs;
mod statics;
#[cfg(test)]
mod tests;
mod tradecraft;

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use crate::config::{BaseUrl, Config};
use crate::content::{Kind, LinkTarget, Meta, decoded};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, Span};
use crate::graph::{DocIndex, Graph, heading_id};
use crate::slug::{Slug, match_key};

pub use files::{DocFile, ImageCopy, Shown};
pub use inputs::{Input, Inputs, invalidated};
pub use statics::{StaticFile, scan as scan_statics};
pub use tradecraft::previous_months;

/// A path in the output folder, with `/` separators and no leading slash:
/// `briefs/x/index.html`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UrlPath(String);

impl UrlPath {
    /// A file at a path (`assets/dossier.css`, `404.html`), as written.
    pub fn file(path: &str) -> UrlPath {
        UrlPath(path.trim_start_matches('/').to_string())
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whose Atom feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedOf {
    /// The whole site (`/atom.xml`).
    Site,
    /// A country or actor (`/countries/<slug>/atom.xml`).
    Doc(DocIndex),
    /// A tag, by its index in [`Plan::tags`] (`/tags/<tag>/atom.xml`).
    Tag(usize),
}

/// Which events a page of the events index lists (issue #15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventFilter {
    /// Every event.
    All,
    /// The events of one kind, by index in [`Plan::event_kinds`].
    Kind(usize),
    /// The events of one year, by index in [`Plan::event_years`].
    Year(usize),
}

/// What a file of the output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteKind {
    /// A document's page.
    Doc(DocIndex),
    /// `/`.
    Home,
    /// Page `n` (from 0) of `/briefs/`.
    BriefIndex(usize),
    /// `/countries/`.
    CountryIndex,
    /// `/actors/`.
    ActorIndex,
    /// `/events/`: the first page of every event.
    EventIndex,
    /// Another page of the events index (`/events/page/N/`), or a page of
    /// the events of one kind (`/events/kind/<kind>/`, then `page/N/`) or
    /// of one year (`/events/year/<yyyy>/`, then `page/N/`): page `n`
    /// from 0. Every event is listed once under "all", kind and year.
    EventList(EventFilter, usize),
    /// `/tags/`.
    TagIndex,
    /// `/tags/<tag>/`, by index in [`Plan::tags`].
    Tag(usize),
    /// `/digest/<yyyy-mm>/`, by index in [`Plan::months`].
    Digest(usize),
    /// `/sources/`: the source documents (issue #14), when the site has one.
    SourceIndex,
    /// `/yardstick/`: the legend of the site's probability yardstick,
    /// source grades, handling markings and trends (issue #14).
    Yardstick,
    /// `/search/`.
    Search,
    /// `/data/unresolved/`: the actor names of imported rows that no actor
    /// answers to (issue #18), when `site.yaml` lists data files.
    Unresolved,
    /// `/404.html`.
    NotFound,
    /// An Atom feed.
    Feed(FeedOf),
    /// `/translations/`: the missing and outdated translations of a site
    /// of several languages (issue 16), in its default language.
    Translations,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/search-index.json`.
    SearchIndex,
    /// `/search-words.json`: the words of the bodies (issue #15).
    SearchWords,
    /// `/exports/events.csv`.
    EventsCsv,
    /// `/exports/events.json`.
    EventsJson,
    /// `/exports/events.geojson`.
    EventsGeojson,
    /// `/graph.json`.
    GraphJson,
    /// A file of the theme's `assets/`, by index in [`Plan::assets`].
    Asset(usize),
    /// A file of `static/`, by index in [`Plan::statics`].
    Static(usize),
    /// A file of a document (issue #12), by index in [`Plan::files`].
    File(usize),
    /// A lighter copy of an image of a document, by index in
    /// [`Plan::copies`].
    ImageCopy(usize),
}

impl RouteKind {
    /// The template the file is rendered with; files made without one
    /// (data, assets, static files) have none.
    pub fn template(self, graph: &Graph) -> Option<&'static str> {
        Some(match self {
            RouteKind::Doc(i) => match graph.doc(i).id.kind {
                Kind::Brief => "brief.html",
                Kind::Country => "country.html",
                Kind::Actor => "actor.html",
                Kind::Event => "event.html",
                Kind::Page => "page.html",
                Kind::Source => "source.html",
                Kind::Watch => return None,
            },
            RouteKind::Home => "home.html",
            RouteKind::BriefIndex(_) => "briefs.html",
            RouteKind::CountryIndex => "countries.html",
            RouteKind::ActorIndex => "actors.html",
            RouteKind::EventIndex | RouteKind::EventList(..) => "events.html",
            RouteKind::TagIndex => "tags.html",
            RouteKind::Tag(_) => "tag.html",
            RouteKind::Digest(_) => "digest.html",
            RouteKind::SourceIndex => "sources.html",
            RouteKind::Yardstick => "yardstick.html",
            RouteKind::Search => "search.html",
            RouteKind::Unresolved => "unresolved.html",
            RouteKind::NotFound => "404.html",
            RouteKind::Feed(_) => "atom.xml",
            RouteKind::Translations => "translations.html",
            RouteKind::Sitemap => "sitemap.xml",
            RouteKind::Robots => "robots.txt",
            RouteKind::SearchIndex
            | RouteKind::SearchWords
            | RouteKind::EventsCsv
            | RouteKind::EventsJson
            | RouteKind::EventsGeojson
            | RouteKind::GraphJson
            | RouteKind::Asset(_)
            | RouteKind::Static(_)
            | RouteKind::File(_)
            | RouteKind::ImageCopy(_) => return None,
        })
    }

    /// Whether the file is a page people read, listed in the sitemap (not
    /// the 404 page, feeds, data or assets).
    pub fn in_sitemap(self) -> bool {
        matches!(
            self,
            RouteKind::Doc(_)
                | RouteKind::Home
                | RouteKind::BriefIndex(_)
                | RouteKind::CountryIndex
                | RouteKind::ActorIndex
                | RouteKind::EventIndex
                | RouteKind::EventList(..)
                | RouteKind::TagIndex
                | RouteKind::Tag(_)
                | RouteKind::Digest(_)
                | RouteKind::SourceIndex
                | RouteKind::Yardstick
                | RouteKind::Search
        )
    }
}

/// Where a file of the output is: made by [`route`] and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// What the file is.
    pub kind: RouteKind,
    /// Its path in the output folder (`briefs/x/index.html`).
    pub path: UrlPath,
}

impl Route {
    /// Its URL from the site root, without the base path: `briefs/x/` for
    /// a page (its folder's `index.html`), `atom.xml` for a file, `` for
    /// the home page.
    pub fn url(&self) -> &str {
        let path = self.path.as_str();
        match path.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
            _ => path,
        }
    }
}

/// A tag with the built briefs carrying it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The slug of its page.
    pub slug: Slug,
    /// The spelling shown: the one most briefs use (drafts included); on a
    /// tie, the one that sorts first (capitals before small letters).
    pub name: String,
    /// Its built briefs, newest first.
    pub briefs: Vec<DocIndex>,
}

/// Every file of the build, and the site-wide lists they come from.
#[derive(Debug)]
pub struct Plan {
    /// Whether `site.yaml` lists data files (issue #18): the site then has
    /// the page of their unresolved names.
    pub has_data: bool,
    base: BaseUrl,
    routes: Vec<Route>,
    /// Indexes of `routes`, sorted by path, for finding a route by its path.
    by_path: Vec<u32>,
    by_kind: HashMap<RouteKind, usize>,
    /// Per document: the index of its page's route (the commonest lookup).
    doc_routes: Vec<Option<usize>>,
    /// Built briefs, newest first (then by title).
    pub briefs: Vec<DocIndex>,
    /// Built events, oldest first (then by title): the order of the data
    /// files.
    pub events: Vec<DocIndex>,
    /// Built events in the order every page lists them (issue #15): newest
    /// first; an event known only to its month after the dated events of
    /// that month, one known only to its year after the events of that
    /// year; then by title.
    pub events_newest: Vec<DocIndex>,
    /// The kinds of the built events, in the order of DESIGN §3, each with
    /// its events newest first: the kind filters of the events index.
    pub event_kinds: Vec<(crate::content::EventKind, Vec<DocIndex>)>,
    /// The years of the built events, newest first, each with its events
    /// newest first: the year filters of the events index.
    pub event_years: Vec<(i32, Vec<DocIndex>)>,
    /// Per document, its position in `events_newest`; `usize::MAX` for others.
    event_rank: Vec<usize>,
    /// Every tag of a built brief, by name.
    pub tags: Vec<Tag>,
    /// Months with a built brief or a built event dated to the month or the
    /// day, oldest first: the months that have a digest.
    pub months: Vec<(i32, u32)>,
    /// Per document, its position in `briefs`; `usize::MAX` for others.
    brief_rank: Vec<usize>,
    /// Tags by slug.
    tag_index: HashMap<Slug, usize>,
    /// Per document: the indexes in `tags` of a brief's tags, in the order
    /// written (empty for other documents). Each spelling is slugified once
    /// per build, not once per card of every page that lists it.
    doc_tags: Vec<Box<[usize]>>,
    /// The theme's assets, by name under `assets/`.
    pub assets: Vec<String>,
    /// The files of `static/`.
    pub statics: Vec<StaticFile>,
    /// The files of documents copied into the output (issue #12).
    pub files: Vec<DocFile>,
    /// The lighter copies of documents' images.
    pub copies: Vec<ImageCopy>,
    /// The references of documents to files, resolved.
    file_refs: files::FileRefs,
    /// Number of pages of the brief index (at least one).
    pub brief_pages: usize,
    /// Briefs per page of the brief index (`paginate`).
    page_size: usize,
    /// Per month of `months`: its built events (oldest first, dated to the
    /// month or the day) and briefs (newest first).
    month_members: Vec<(Vec<DocIndex>, Vec<DocIndex>)>,
    /// Built source documents, by name (issue #14).
    pub sources: Vec<DocIndex>,
    /// Per month of `months`: its countries' months (`content/watch/`), by
    /// country name.
    month_watch: Vec<Vec<DocIndex>>,
    /// Per document, the marking its page shows (issue #14).
    markings: Vec<Option<crate::tradecraft::marking::Marking>>,
    /// The marking of `site.yaml`: every page that shows no document's
    /// (the home page, indexes, digests) has it.
    site_marking: Option<crate::tradecraft::marking::Marking>,
    /// The language this plan builds, its URL prefix and the other
    /// languages of its pages (issue 16).
    pub edition: crate::translation::Edition,
}

/// Makes the plan of the site built from `graph`: one route per output
/// file. Pushes the problems only the plan can see: links from the site
/// root that lead nowhere, static files that would replace generated ones,
/// and tags spelt two ways.
pub fn plan(
    graph: &Graph,
    config: &Config,
    assets: Vec<String>,
    statics: Vec<StaticFile>,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Plan {
    let mut briefs: Vec<DocIndex> = graph.of_kind(Kind::Brief).collect();
    briefs.sort_by_cached_key(|i| brief_key(graph, *i));
    let mut events: Vec<DocIndex> = graph.of_kind(Kind::Event).collect();
    events.sort_by_cached_key(|i| (event_date(graph, *i), graph.title_key(*i)));
    let mut events_newest = events.clone();
    events_newest
        .sort_by_cached_key(|i| (newest_first(event_date(graph, *i)), graph.title_key(*i)));
    let (event_kinds, event_years) = event_filters(graph, &events_newest);
    let tags = tags(graph, &briefs, diags);
    let watch = tradecraft::watch_months(graph);
    let mut months = months(graph, &briefs, &events);
    months.extend(watch.iter().map(|(month, _)| *month));
    months.sort_unstable();
    months.dedup();
    let month_members = month_members(graph, &months, &briefs, &events);
    let month_watch = tradecraft::month_watch(graph, &months, watch);
    let markings = tradecraft::markings(graph, config, diags);
    let mut source_docs: Vec<DocIndex> = graph.of_kind(Kind::Source).collect();
    source_docs.sort_by_key(|i| graph.title_key(*i));
    let page_size = config.paginate.get();
    let brief_pages = briefs.len().div_ceil(page_size).max(1);
    let mut plan = Plan {
        base: config.base_url.clone(),
        routes: Vec::new(),
        by_path: Vec::new(),
        by_kind: HashMap::new(),
        doc_routes: vec![None; graph.docs().len()],
        brief_rank: rank(graph.docs().len(), &briefs),
        event_rank: rank(graph.docs().len(), &events_newest),
        events_newest,
        event_kinds,
        event_years,
        tag_index: tags
            .iter()
            .enumerate()
            .map(|(n, t)| (t.slug.clone(), n))
            .collect(),
        doc_tags: Vec::new(),
        briefs,
        events,
        tags,
        months,
        assets,
        statics: Vec::new(),
        files: Vec::new(),
        copies: Vec::new(),
        file_refs: files::FileRefs::default(),
        brief_pages,
        page_size,
        month_members,
        sources: source_docs,
        month_watch,
        markings,
        site_marking: config.marking,
        has_data: !config.data.is_empty(),
        edition: crate::translation::Edition::of(config),
    };
    let texts = tag_texts(graph, &plan);
    plan.doc_tags = graph
        .docs()
        .iter()
        .map(|doc| match &doc.meta {
            Meta::Brief(brief) => brief
                .tags
                .iter()
                .filter_map(|t| texts.get(&t.text).copied())
                .collect(),
            _ => Box::default(),
        })
        .collect();
    for kind in generated(graph, &plan) {
        let route = route(kind, graph, &plan);
        plan.push(route);
    }
    plan.sort_paths();
    plan.add_statics(statics, graph, diags);
    plan.add_files(graph, config, sources, diags);
    plan.check_links(graph, sources, diags);
    plan.check_site_image(config, graph, sources, diags);
    plan
}

/// Every generated file of the site, in the order they are best rendered:
/// the long single jobs first (rendered last, the graph export kept one
/// core busy while the others had nothing left, issue #6).
fn generated(graph: &Graph, plan: &Plan) -> Vec<RouteKind> {
    let mut kinds = vec![
        RouteKind::GraphJson,
        RouteKind::SearchWords,
        RouteKind::SearchIndex,
        RouteKind::EventIndex,
        RouteKind::Sitemap,
        RouteKind::EventsCsv,
        RouteKind::EventsJson,
        RouteKind::EventsGeojson,
    ];
    let visible = (0..graph.docs().len()).filter(|i| graph.is_visible(*i));
    kinds.extend(
        visible
            .clone()
            .filter(|i| graph.doc(*i).id.kind.has_page())
            .map(RouteKind::Doc),
    );
    kinds.extend([
        RouteKind::Home,
        RouteKind::CountryIndex,
        RouteKind::ActorIndex,
        RouteKind::TagIndex,
        RouteKind::NotFound,
    ]);
    kinds.extend((0..plan.brief_pages).map(RouteKind::BriefIndex));
    kinds.extend(
        plan.event_filters()
            .flat_map(|filter| (0..plan.event_pages(filter)).map(move |n| (filter, n)))
            .filter(|(filter, n)| (*filter, *n) != (EventFilter::All, 0))
            .map(|(filter, n)| RouteKind::EventList(filter, n)),
    );
    kinds.extend((0..plan.tags.len()).map(RouteKind::Tag));
    kinds.extend((0..plan.months.len()).map(RouteKind::Digest));
    if !plan.sources.is_empty() {
        kinds.push(RouteKind::SourceIndex);
    }
    kinds.push(RouteKind::Yardstick);
    if plan.has_data {
        kinds.push(RouteKind::Unresolved);
    }
    kinds.push(RouteKind::Feed(FeedOf::Site));
    kinds.extend(
        visible
            .filter(|i| matches!(graph.doc(*i).id.kind, Kind::Country | Kind::Actor))
            .map(|i| RouteKind::Feed(FeedOf::Doc(i))),
    );
    kinds.extend((0..plan.tags.len()).map(|n| RouteKind::Feed(FeedOf::Tag(n))));
    kinds.push(RouteKind::Search);
    // One `robots.txt`, at the root of the site, and one page of the
    // state of the translations (issue 16).
    if plan.edition.is_default() {
        kinds.push(RouteKind::Robots);
    }
    if plan.edition.is_default() && plan.edition.languages.len() > 1 {
        kinds.push(RouteKind::Translations);
    }
    kinds.extend((0..plan.assets.len()).map(RouteKind::Asset));
    kinds
}

/// The route of a file: the one function that formats an output path or
/// a URL (STYLE §8.1). A page's URL is its folder; its file is the
/// folder's `index.html`.
fn route(kind: RouteKind, graph: &Graph, plan: &Plan) -> Route {
    let doc_folder = |i: DocIndex| {
        let id = &graph.doc(i).id;
        match id.kind {
            Kind::Page => format!("{}/", id.slug),
            kind => format!("{}/{}/", kind.folder(), id.slug),
        }
    };
    let page = |folder: String| UrlPath(format!("{folder}index.html"));
    let file = UrlPath;
    let path = match kind {
        RouteKind::Doc(i) => page(doc_folder(i)),
        RouteKind::Home => page(String::new()),
        RouteKind::BriefIndex(0) => page("briefs/".to_string()),
        RouteKind::BriefIndex(n) => page(format!("briefs/page/{}/", n + 1)),
        RouteKind::CountryIndex => page("countries/".to_string()),
        RouteKind::ActorIndex => page("actors/".to_string()),
        RouteKind::EventIndex => page("events/".to_string()),
        RouteKind::EventList(filter, n) => {
            let folder = match filter {
                EventFilter::All => "events/".to_string(),
                EventFilter::Kind(k) => format!("events/kind/{}/", plan.event_kinds[k].0.as_str()),
                EventFilter::Year(y) => format!("events/year/{:04}/", plan.event_years[y].0),
            };
            match n {
                0 => page(folder),
                n => page(format!("{folder}page/{}/", n + 1)),
            }
        }
        RouteKind::TagIndex => page("tags/".to_string()),
        RouteKind::Tag(n) => page(format!("tags/{}/", plan.tags[n].slug)),
        RouteKind::Digest(n) => {
            let (year, month) = plan.months[n];
            page(format!("digest/{year:04}-{month:02}/"))
        }
        RouteKind::SourceIndex => page("sources/".to_string()),
        RouteKind::Yardstick => page("yardstick/".to_string()),
        RouteKind::Search => page("search/".to_string()),
        RouteKind::Unresolved => page("data/unresolved/".to_string()),
        RouteKind::Translations => page("translations/".to_string()),
        RouteKind::NotFound => file("404.html".to_string()),
        RouteKind::Feed(FeedOf::Site) => file("atom.xml".to_string()),
        RouteKind::Feed(FeedOf::Doc(i)) => file(format!("{}atom.xml", doc_folder(i))),
        RouteKind::Feed(FeedOf::Tag(n)) => file(format!("tags/{}/atom.xml", plan.tags[n].slug)),
        RouteKind::Sitemap => file("sitemap.xml".to_string()),
        RouteKind::Robots => file("robots.txt".to_string()),
        RouteKind::SearchIndex => file("search-index.json".to_string()),
        RouteKind::SearchWords => file("search-words.json".to_string()),
        RouteKind::EventsCsv => file("exports/events.csv".to_string()),
        RouteKind::EventsJson => file("exports/events.json".to_string()),
        RouteKind::EventsGeojson => file("exports/events.geojson".to_string()),
        RouteKind::GraphJson => file("graph.json".to_string()),
        RouteKind::Asset(n) => file(format!("assets/{}", plan.assets[n])),
        RouteKind::Static(n) => file(plan.statics[n].path.clone()),
        RouteKind::File(n) => file(plan.files[n].path.clone()),
        // `chart.png`'s copy 960 pixels wide in WebP is `chart.960w.webp`.
        RouteKind::ImageCopy(c) => {
            let ImageCopy { of, copy } = plan.copies[c];
            let path = &plan.files[of].path;
            let stem = path
                .rsplit_once('.')
                .map_or(path.as_str(), |(stem, _)| stem);
            file(format!(
                "{stem}.{}w.{}",
                copy.width,
                copy.format.extension()
            ))
        }
    };
    // Another language than the default lives under `/<lang>/` (issue
    // 16), but for the files every language shares.
    let prefix = &plan.edition.prefix;
    let path = if prefix.is_empty() || !crate::translation::Edition::is_own(kind) {
        path
    } else {
        UrlPath(format!("{prefix}{}", path.0))
    };
    Route { kind, path }
}

impl Plan {
    /// Adds a route made by [`route`]; [`Plan::sort_paths`] must follow
    /// before routes are looked up by path.
    fn push(&mut self, route: Route) {
        let k = self.routes.len();
        if let RouteKind::Doc(i) = route.kind {
            self.doc_routes[i] = Some(k);
        } else {
            self.by_kind.insert(route.kind, k);
        }
        self.routes.push(route);
    }

    /// Sorts the index of routes by path.
    fn sort_paths(&mut self) {
        let routes = &self.routes;
        self.by_path =
            (0..u32::try_from(routes.len()).expect("fewer than 4 billion files")).collect();
        self.by_path
            .sort_unstable_by(|a, b| routes[*a as usize].path.cmp(&routes[*b as usize].path));
        debug_assert!(
            self.by_path
                .windows(2)
                .all(|w| routes[w[0] as usize].path != routes[w[1] as usize].path),
            "no two routes share a path"
        );
    }

    /// The index of the route at `path`.
    fn index_of(&self, path: &UrlPath) -> Option<usize> {
        self.by_path
            .binary_search_by(|k| self.routes[*k as usize].path.cmp(path))
            .ok()
            .map(|at| self.by_path[at] as usize)
    }

    /// Every route, in rendering order (generated files, then static ones).
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The route of the file at an output path.
    pub fn at(&self, path: &UrlPath) -> Option<&Route> {
        self.index_of(path).map(|k| &self.routes[k])
    }

    /// Whether the output has a file at `path`.
    pub fn contains(&self, path: &UrlPath) -> bool {
        self.index_of(path).is_some()
    }

    /// The same page in every language of the site, this one included
    /// (issue 16); empty on a site of one language or for a page that
    /// exists in one language only.
    pub fn alternates(&self, route: &Route) -> &[crate::translation::Alternate] {
        if self.edition.alternates.is_empty() {
            return &[];
        }
        self.index_of(&route.path)
            .map_or(&[][..], |k| self.edition.alternates_of(k))
    }

    /// The route of a document's page; `None` when it is not built.
    pub fn doc_route(&self, i: DocIndex) -> Option<&Route> {
        self.doc_routes[i].map(|k| &self.routes[k])
    }

    /// The route of a file of a kind, when the site has it: every kind
    /// but [`RouteKind::Doc`] (see [`Plan::doc_route`]) and
    /// [`RouteKind::Static`].
    pub fn get(&self, kind: RouteKind) -> Option<&Route> {
        self.by_kind.get(&kind).map(|k| &self.routes[*k])
    }

    /// The route of a file the plan always makes for its lists and for the
    /// site (an index, the feed of the site, a data file, page `n` of the
    /// brief index, a tag of [`Plan::tags`], a month of [`Plan::months`]).
    pub fn route(&self, kind: RouteKind) -> &Route {
        self.get(kind)
            .unwrap_or_else(|| panic!("the plan makes every {kind:?}"))
    }

    /// The route of a theme asset by name (`dossier.css`), when the theme
    /// has it.
    pub fn asset(&self, name: &str) -> Option<&Route> {
        let n = self.assets.iter().position(|a| a == name)?;
        self.get(RouteKind::Asset(n))
    }

    /// The link to a route from any page: the base path, then its URL
    /// (`/briefs/x/` for a site at `https://example.org/briefs/`),
    /// percent-encoded (a document's file may be `carte du Mali.png`).
    pub fn href(&self, route: &Route) -> String {
        encoded(self.base.path(), route.url())
    }

    /// The absolute URL of a route (`https://example.org/briefs/x/`).
    pub fn permalink(&self, route: &Route) -> String {
        encoded(self.base.as_str(), route.url())
    }

    /// The base path (`/`, `/briefs/`).
    pub fn base_path(&self) -> &str {
        self.base.path()
    }

    /// The site's base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// A link written from the site root in a body (`/img/a.png`, as
    /// checked by the plan), as the built site must write it: under the
    /// base path.
    pub fn root_href(&self, path: &str, fragment: Option<&str>) -> String {
        // In another language, `/briefs/x/` is that language's page when
        // it has one (issue 16).
        let prefix = match self.own_root(path) {
            Some(_) => self.edition.prefix.as_str(),
            None => "",
        };
        let mut href = format!(
            "{}{prefix}{}",
            self.base.path(),
            path.trim_start_matches('/')
        );
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    /// Tag `slug`'s index in [`Plan::tags`], when a built brief carries it.
    pub fn tag_of(&self, slug: &Slug) -> Option<usize> {
        self.tag_index.get(slug).copied()
    }

    /// The indexes in [`Plan::tags`] of brief `i`'s tags, as written.
    pub fn doc_tags(&self, i: DocIndex) -> &[usize] {
        self.doc_tags.get(i).map_or(&[], |t| t)
    }

    /// The position of event `i` in [`Plan::events_newest`]: sorting a
    /// list of events by it puts them in the order every page uses.
    pub fn event_rank(&self, i: DocIndex) -> usize {
        self.event_rank[i]
    }

    /// Every filter of the events index: all events, each kind, each year.
    pub fn event_filters(&self) -> impl Iterator<Item = EventFilter> + '_ {
        std::iter::once(EventFilter::All)
            .chain((0..self.event_kinds.len()).map(EventFilter::Kind))
            .chain((0..self.event_years.len()).map(EventFilter::Year))
    }

    /// The events a filter of the events index lists, newest first.
    pub fn filtered_events(&self, filter: EventFilter) -> &[DocIndex] {
        match filter {
            EventFilter::All => &self.events_newest,
            EventFilter::Kind(k) => &self.event_kinds[k].1,
            EventFilter::Year(y) => &self.event_years[y].1,
        }
    }

    /// Number of pages of a filter of the events index (at least one).
    pub fn event_pages(&self, filter: EventFilter) -> usize {
        self.filtered_events(filter)
            .len()
            .div_ceil(self.page_size)
            .max(1)
    }

    /// The events of page `n` (from 0) of a filter of the events index.
    pub fn event_page(&self, filter: EventFilter, n: usize) -> &[DocIndex] {
        let list = self.filtered_events(filter);
        let start = (n * self.page_size).min(list.len());
        &list[start..(start + self.page_size).min(list.len())]
    }

    /// The route of page `n` of a filter of the events index.
    pub fn event_list_route(&self, filter: EventFilter, n: usize) -> &Route {
        match (filter, n) {
            (EventFilter::All, 0) => self.route(RouteKind::EventIndex),
            _ => self.route(RouteKind::EventList(filter, n)),
        }
    }

    /// The position of brief `i` among the built briefs, newest first.
    pub fn brief_rank(&self, i: DocIndex) -> usize {
        self.brief_rank[i]
    }

    /// The built briefs listed on page `n` (from 0) of the brief index.
    pub fn brief_page(&self, n: usize) -> &[DocIndex] {
        let size = self.page_size;
        let start = (n * size).min(self.briefs.len());
        &self.briefs[start..(start + size).min(self.briefs.len())]
    }

    /// The built events (oldest first, dated to the month or the day) and
    /// briefs (newest first) of month `n` of [`Plan::months`].
    pub fn month_members(&self, n: usize) -> (&[DocIndex], &[DocIndex]) {
        let (events, briefs) = &self.month_members[n];
        (events, briefs)
    }

    /// Adds the files of `static/`, refusing those that would replace a
    /// generated file (a static file may not replace a page, DESIGN §1).
    fn add_statics(&mut self, statics: Vec<StaticFile>, graph: &Graph, diags: &mut Diagnostics) {
        for file in statics {
            let path = UrlPath(file.path.clone());
            if let Some(k) = self.index_of(&path) {
                diags.push(
                    Diagnostic::error(
                        Span::new(file.file, 0, 0),
                        Problem::BadValue {
                            field: "static file".to_string(),
                            reason: format!(
                                "`{}` would replace {} that dossier generates",
                                file.path,
                                what(&self.routes[k], graph)
                            ),
                        },
                    )
                    .with_help("rename or move the file"),
                );
                continue;
            }
            let n = self.statics.len();
            self.statics.push(file);
            let route = route(RouteKind::Static(n), graph, self);
            self.push(route);
        }
        self.sort_paths();
    }

    /// Checks the body links written from the site root (`/briefs/x/`,
    /// `/img/a.png`) against the routes: each must name a file of the
    /// output, and a heading of a document's page when it names one.
    fn check_links(&self, graph: &Graph, sources: &Sources, diags: &mut Diagnostics) {
        // Another language checks the links of its translations only: the
        // originals' are the default language's to report (issue 16).
        let own_suffix = self
            .edition
            .language
            .filter(|_| !self.edition.is_default())
            .map(|l| format!(".{}.md", l.code()));
        for doc in graph.docs() {
            if let Some(suffix) = &own_suffix
                && !sources
                    .path(doc.file)
                    .to_string_lossy()
                    .ends_with(suffix.as_str())
            {
                continue;
            }
            for link in &doc.links {
                if let LinkTarget::Root { path, fragment } = &link.target
                    && let Some(problem) =
                        self.root_problem(graph, sources, path, fragment.as_deref())
                {
                    diags.push(problem.at(link.span));
                }
            }
        }
    }

    /// Checks `site.yaml`'s `image` when it names a file of the site: like
    /// a link from the site root, it must name a file of the output.
    fn check_site_image(
        &self,
        config: &Config,
        graph: &Graph,
        sources: &Sources,
        diags: &mut Diagnostics,
    ) {
        if let Some(crate::config::SiteImage::Path { path, span }) = &config.image
            && let Some(problem) = self.root_problem(graph, sources, path, None)
        {
            diags.push(problem.at(*span));
        }
    }

    /// The absolute URL of `site.yaml`'s `image` (`og:image` of pages
    /// without one of their own): a file of the site under the base URL,
    /// or the address written. `None` without an image, or when the file
    /// is not in the output (an error already reported).
    pub fn site_image(&self, config: &Config) -> Option<String> {
        match config.image.as_ref()? {
            crate::config::SiteImage::Url(url) => Some(url.clone()),
            crate::config::SiteImage::Path { path, .. } => {
                self.resolve_root(path).map(|r| self.permalink(r))
            }
        }
    }

    /// What is wrong with a link from the site root, if anything.
    pub fn root_problem(
        &self,
        graph: &Graph,
        sources: &Sources,
        path: &str,
        fragment: Option<&str>,
    ) -> Option<RootProblem> {
        let Some(route) = self.resolve_root(path) else {
            let base = self.base.path();
            let help = if base != "/" && path.starts_with(base) {
                Some(format!(
                    "links from the site root leave out the base path `{base}`: write `/{}`",
                    &path[base.len()..]
                ))
            } else {
                crate::diagnostic::did_you_mean(
                    path.trim_start_matches('/'),
                    self.routes.iter().map(Route::url),
                )
            };
            return Some(RootProblem::NoFile {
                path: path.to_string(),
                help,
            });
        };
        if let (RouteKind::Doc(to), Some(wanted)) = (route.kind, fragment) {
            // A body that changed on disk since it was loaded is not
            // checked here: its page reports the change when it reads the
            // body, and the next build reads the new text.
            let headings = graph.doc(to).headings(sources).ok()?;
            let found = heading_id(&headings, wanted);
            if found.as_deref() != Some(wanted) {
                return Some(RootProblem::NoHeading {
                    target: graph.doc(to).id.to_string(),
                    heading: wanted.to_string(),
                    id: found,
                });
            }
        }
        None
    }

    /// Whether a document links from the site root to a heading of
    /// document `i`'s page (`/briefs/x/#contexte`), so that a change of
    /// its headings can break that link.
    pub fn has_root_heading_links_to(&self, graph: &Graph, i: DocIndex) -> bool {
        let Some(page) = self.doc_route(i) else {
            return false;
        };
        graph.docs().iter().flat_map(|d| &d.links).any(|link| {
            matches!(&link.target, LinkTarget::Root { path, fragment: Some(_) }
                if self.resolve_root(path).is_some_and(|r| r.path == page.path))
        })
    }

    /// The route a link from the site root names, when it names one
    /// (`/img/a.png`, `/briefs/x/`).
    pub fn root_route(&self, path: &str) -> Option<&Route> {
        self.resolve_root(path)
    }

    /// The file a link from the site root names: `/x/` is `x/index.html`;
    /// `/x` is the file `x`, or the page `x/`. Percent-encoded characters
    /// are read as themselves.
    fn resolve_root(&self, path: &str) -> Option<&Route> {
        self.own_root(path).or_else(|| self.resolve_path(path))
    }

    /// In another language than the default, the file a link from the
    /// site root names under the language's prefix (`/briefs/x/` is
    /// `en/briefs/x/index.html` in English), when there is one.
    fn own_root(&self, path: &str) -> Option<&Route> {
        if self.edition.is_default() {
            return None;
        }
        self.resolve_path(&format!(
            "/{}{}",
            self.edition.prefix,
            path.trim_start_matches('/')
        ))
    }

    /// The file at a path from the site root, as written.
    fn resolve_path(&self, path: &str) -> Option<&Route> {
        let path = decoded(path.trim_start_matches('/'));
        if path.is_empty() {
            return self.at(&UrlPath::file("index.html"));
        }
        if path.ends_with('/') {
            return self.at(&UrlPath(format!("{path}index.html")));
        }
        self.at(&UrlPath(path.clone()))
            .or_else(|| self.at(&UrlPath(format!("{path}/index.html"))))
    }
}

/// A link from the site root that leads nowhere.
#[derive(Debug, Clone, PartialEq)]
pub enum RootProblem {
    /// No file of the output is at its path.
    NoFile {
        /// The path as written.
        path: String,
        /// A suggestion.
        help: Option<String>,
    },
    /// The page exists but has no heading of that id.
    NoHeading {
        /// The page's document.
        target: String,
        /// The fragment as written.
        heading: String,
        /// The id of a heading whose text the fragment names, if any: links
        /// from the site root name headings by their id.
        id: Option<String>,
    },
}

impl RootProblem {
    /// The problem as a diagnostic at the link.
    pub fn at(self, span: Span) -> Diagnostic {
        match self {
            RootProblem::NoFile { path, help } => {
                Diagnostic::error(span, Problem::BrokenPath(path)).with_help_opt(help)
            }
            RootProblem::NoHeading {
                target,
                heading,
                id,
            } => {
                let help = match &id {
                    Some(id) => format!("the heading's id is `{id}`: write `#{id}`"),
                    None => {
                        format!("link to a heading of `{target}` by its id, or to the page alone")
                    }
                };
                Diagnostic::error(span, Problem::BrokenHeading { target, heading }).with_help(help)
            }
        }
    }
}

/// `base` then the URL path `path`, every byte of it but unreserved
/// characters and `/` percent-encoded (RFC 3986): spaces, `#`, `?`, `%`
/// and letters with accents in a file's name. Pages' paths are slugs and
/// need none.
fn encoded(base: &str, path: &str) -> String {
    let safe = |byte: u8| byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
    let mut out = String::with_capacity(base.len() + path.len());
    out.push_str(base);
    if path.bytes().all(safe) {
        out.push_str(path);
        return out;
    }
    for byte in path.bytes() {
        if safe(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What a route is, in words, for the problem of a static file clashing
/// with it.
fn what(route: &Route, graph: &Graph) -> String {
    match route.kind {
        RouteKind::Doc(i) => format!("the page of `{}`", graph.doc(i).id),
        RouteKind::Feed(_) => "a feed".to_string(),
        RouteKind::Asset(_) => "a file of the theme".to_string(),
        RouteKind::Static(_) => "a file of `static/`".to_string(),
        RouteKind::File(_) | RouteKind::ImageCopy(_) => "a file of a document".to_string(),
        RouteKind::Sitemap
        | RouteKind::Robots
        | RouteKind::SearchIndex
        | RouteKind::SearchWords
        | RouteKind::EventsCsv
        | RouteKind::EventsJson
        | RouteKind::EventsGeojson
        | RouteKind::GraphJson => "a data file".to_string(),
        _ => "a page".to_string(),
    }
}

/// The sort key of the brief list: newest first, then by title.
fn brief_key(graph: &Graph, i: DocIndex) -> (std::cmp::Reverse<chrono::NaiveDate>, &str) {
    match &graph.doc(i).meta {
        Meta::Brief(b) => (std::cmp::Reverse(b.date), graph.title_key(i)),
        _ => unreachable!("brief_key is called on briefs only"),
    }
}

/// The sort key of a date in lists of events, newest first (issue #15):
/// by year, then month, then day, each descending, where an unknown month
/// or day counts as before the first, so that an event known only to its
/// year follows every dated event of that year (it is shown in a group of
/// its own there, not before January).
pub fn newest_first(
    date: crate::date::PartialDate,
) -> (
    std::cmp::Reverse<i32>,
    std::cmp::Reverse<u32>,
    std::cmp::Reverse<u32>,
) {
    use crate::date::Precision;
    let start = date.start();
    let (month, day) = match date.precision() {
        Precision::Day => (start.month(), start.day()),
        Precision::Month => (start.month(), 0),
        Precision::Year => (0, 0),
    };
    (
        std::cmp::Reverse(date.year()),
        std::cmp::Reverse(month),
        std::cmp::Reverse(day),
    )
}

/// The kinds and the years of the built events, each with its events in
/// the order of `newest` (newest first).
#[allow(clippy::type_complexity)] // two lists of (key, events), named by their fields
fn event_filters(
    graph: &Graph,
    newest: &[DocIndex],
) -> (
    Vec<(crate::content::EventKind, Vec<DocIndex>)>,
    Vec<(i32, Vec<DocIndex>)>,
) {
    let mut kinds: Vec<(crate::content::EventKind, Vec<DocIndex>)> = crate::content::EventKind::ALL
        .iter()
        .map(|(_, k)| (*k, Vec::new()))
        .collect();
    let mut years: Vec<(i32, Vec<DocIndex>)> = Vec::new();
    for &i in newest {
        let Meta::Event(event) = &graph.doc(i).meta else {
            continue;
        };
        if let Some(kind) = event.kind
            && let Some(slot) = kinds.iter_mut().find(|(k, _)| *k == kind)
        {
            slot.1.push(i);
        }
        let year = event.date.year();
        if years.last().is_none_or(|(y, _)| *y != year) {
            years.push((year, Vec::new()));
        }
        years.last_mut().expect("pushed above").1.push(i);
    }
    kinds.retain(|(_, list)| !list.is_empty());
    (kinds, years)
}

/// An event's date.
fn event_date(graph: &Graph, i: DocIndex) -> crate::date::PartialDate {
    match &graph.doc(i).meta {
        Meta::Event(e) => e.date,
        _ => unreachable!("event_date is called on events only"),
    }
}

/// Every text a brief writes a tag with that names a tag of the plan, with
/// the tag's index.
fn tag_texts(graph: &Graph, plan: &Plan) -> HashMap<String, usize> {
    let mut texts: HashMap<String, usize> = HashMap::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for doc in graph.docs() {
        if let Meta::Brief(brief) = &doc.meta {
            for tag in &brief.tags {
                if seen.insert(tag.text.as_str())
                    && let Some(n) = Slug::from_title(&tag.text).and_then(|s| plan.tag_of(&s))
                {
                    texts.insert(tag.text.clone(), n);
                }
            }
        }
    }
    texts
}

/// The tags of the built briefs, by name, each with its built briefs
/// newest first. One spelling per tag page, the one most briefs use (drafts
/// included: the choice must not depend on `--drafts`); a brief using
/// another spelling gets a warning at it.
fn tags(graph: &Graph, briefs: &[DocIndex], diags: &mut Diagnostics) -> Vec<Tag> {
    // Per slug: each spelling with the spans where it is written.
    let mut spellings: BTreeMap<Slug, BTreeMap<&str, Vec<Span>>> = BTreeMap::new();
    // A site has few distinct tags on many briefs: each text is slugified
    // once (this runs on every rebuild of `serve`, issue #3).
    let mut slugs: HashMap<&str, Option<Slug>> = HashMap::new();
    for doc in graph.docs() {
        if let Meta::Brief(brief) = &doc.meta {
            for tag in &brief.tags {
                let slug = slugs
                    .entry(tag.text.as_str())
                    .or_insert_with(|| Slug::from_title(&tag.text));
                if let Some(slug) = slug {
                    spellings
                        .entry(slug.clone())
                        .or_default()
                        .entry(tag.text.as_str())
                        .or_default()
                        .push(tag.span);
                }
            }
        }
    }
    let mut names: HashMap<Slug, String> = HashMap::new();
    for (slug, written) in &spellings {
        let (chosen, spans) = written
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
            .expect("a tag has a spelling");
        for (other, at) in written.iter().filter(|(text, _)| *text != chosen) {
            for span in at {
                diags.push(
                    Diagnostic::warning(
                        *span,
                        Problem::TagSpelling {
                            written: other.to_string(),
                            other: chosen.to_string(),
                            shown_as: chosen.to_string(),
                        },
                    )
                    .with_note(spans[0], "the spelling shown")
                    .with_help(format!("write `{chosen}` here too")),
                );
            }
        }
        names.insert(slug.clone(), chosen.to_string());
    }
    let mut tags: Vec<Tag> = Vec::new();
    let mut index: HashMap<&Slug, usize> = HashMap::new();
    for &b in briefs {
        let Meta::Brief(brief) = &graph.doc(b).meta else {
            continue;
        };
        for tag in &brief.tags {
            let Some(Some(slug)) = slugs.get(tag.text.as_str()) else {
                continue;
            };
            let n = *index.entry(slug).or_insert_with(|| {
                tags.push(Tag {
                    slug: slug.clone(),
                    name: names[slug].clone(),
                    briefs: Vec::new(),
                });
                tags.len() - 1
            });
            // Briefs are pushed brief after brief: one already there is
            // the last one (a brief may spell one tag two ways).
            if tags[n].briefs.last() != Some(&b) {
                tags[n].briefs.push(b);
            }
        }
    }
    tags.sort_by_cached_key(|t| (match_key(&t.name), t.slug.clone()));
    tags
}

/// The months (year, month) holding a built brief, or a built event dated
/// to the month or the day: the months that get a digest.
fn months(graph: &Graph, briefs: &[DocIndex], events: &[DocIndex]) -> Vec<(i32, u32)> {
    let mut months: Vec<(i32, u32)> = briefs
        .iter()
        .filter_map(|i| match &graph.doc(*i).meta {
            Meta::Brief(b) => Some((b.date.year(), b.date.month())),
            _ => None,
        })
        .chain(events.iter().filter_map(|i| {
            let date = event_date(graph, *i);
            date.month().map(|m| (date.year(), m))
        }))
        .collect();
    months.sort_unstable();
    months.dedup();
    months
}

/// The events and briefs of each month of `months`, sorted out in one
/// pass over the site for all digests.
fn month_members(
    graph: &Graph,
    months: &[(i32, u32)],
    briefs: &[DocIndex],
    events: &[DocIndex],
) -> Vec<(Vec<DocIndex>, Vec<DocIndex>)> {
    let mut members = vec![(Vec::new(), Vec::new()); months.len()];
    let slot = |day: chrono::NaiveDate| months.binary_search(&(day.year(), day.month())).ok();
    for &i in events {
        let date = event_date(graph, i);
        if date.month().is_some()
            && let Some(m) = slot(date.start())
        {
            members[m].0.push(i);
        }
    }
    for &i in briefs {
        if let Meta::Brief(b) = &graph.doc(i).meta
            && let Some(m) = slot(b.date)
        {
            members[m].1.push(i);
        }
    }
    members
}

/// Position of each listed document in `list`; `usize::MAX` for the others.
fn rank(len: usize, list: &[DocIndex]) -> Vec<usize> {
    let mut rank = vec![usize::MAX; len];
    for (position, &i) in list.iter().enumerate() {
        rank[i] = position;
    }
    rank
}
