//! Rendering: the plan's files made from the graph through the theme
//! (DESIGN §4, §6).
//!
//! Every route of the [`Plan`] is produced here: pages from a typed context
//! ([`context`]) through their template, feeds and the sitemap likewise,
//! data files through serde, assets and static files as they are. Files are
//! independent of each other and made in parallel with rayon, each handed to
//! a [`Sink`] as soon as it is made; problems are reported in route order,
//! so the result never depends on the order threads finish in. This module
//! formats no URL: every link comes from the plan's routes.

pub mod context;
mod data;
mod imported;
pub mod jsonld;
mod memo;
pub mod pages;
mod pictures;
mod publish;
pub mod reading;
pub mod search;
pub mod theme;
pub mod tradecraft;
mod translations;
mod views;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Problem, Sources, Span};
use crate::git::History;
use crate::graph::Graph;
use crate::pictures::atlas::Atlas;
pub use crate::plan::UrlPath;
use crate::plan::{Plan, Route, RouteKind};
use context::{
    ActorsIndex, BriefsIndex, CountriesIndex, HomePage, NotFoundPage, RobotsPage, SearchPage,
    SitemapPage, SitemapUrl, TagCount, TagPage, TagsIndex,
};
pub use memo::Memo;
pub use theme::Templates;
use views::Views;

/// The built site: output path → bytes, sorted.
pub type Pages = BTreeMap<UrlPath, Vec<u8>>;

/// Which files of the plan to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every file: `build` and `check` (which writes nothing, but makes
    /// everything `build` makes, so that it rejects what `build` rejects:
    /// issue #11).
    All,
    /// The files at these output paths, where the plan has them: what
    /// `serve` re-renders after a change (issue #3; see
    /// [`crate::plan::invalidated`]).
    Only(&'a BTreeSet<UrlPath>),
}

/// A produced file, or the problem that stopped it.
type Rendered = Result<Vec<u8>, Box<Diagnostic>>;

/// Where produced files go, each as soon as it is made: the staging folder
/// of `build` ([`crate::output::Staging`]), memory (a [`Pages`] map behind a
/// mutex) for `serve` and tests, or nowhere for `check` ([`Discard`]).
/// Streaming to disk keeps a build's memory to the pages being worked on: at
/// 10,000 briefs the site is 390 MB of files, which were all held until the
/// end (issue #6).
pub trait Sink: Sync {
    /// Takes one produced file.
    fn put(&self, path: UrlPath, bytes: Vec<u8>);

    /// Takes one produced file whose fingerprint ([`pages::fingerprint`])
    /// is known already, so that the sink need not compute it again.
    fn put_fingerprinted(&self, path: UrlPath, bytes: Vec<u8>, _made: pages::Fingerprint) {
        self.put(path, bytes);
    }

    /// Takes the file at `path` as the previous build made it, without
    /// its bytes (issue 17): the sink keeps it only if it finds bytes
    /// with exactly the fingerprint `made`, and says whether it did. A
    /// sink that keeps no earlier output keeps nothing.
    fn keep(&self, _path: &UrlPath, _made: pages::Fingerprint) -> bool {
        false
    }
}

impl Sink for std::sync::Mutex<Pages> {
    fn put(&self, path: UrlPath, bytes: Vec<u8>) {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, bytes);
    }
}

/// A sink that keeps nothing: `check` makes every file and writes none.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: UrlPath, _: Vec<u8>) {}
}

/// Makes every file of `scope` into memory: [`site_into`] a map.
#[allow(clippy::too_many_arguments)] // the stages' values, passed as STYLE §1 asks
pub fn site(
    scope: Scope<'_>,
    memo: &Memo,
    graph: &Graph,
    plan: &Plan,
    config: &Config,
    history: &History,
    atlas: &Atlas,
    templates: &Templates,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Pages {
    let pages = std::sync::Mutex::new(Pages::new());
    site_into(
        scope, memo, graph, plan, config, history, atlas, templates, sources, diags, &pages,
    );
    pages
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Makes every file of `scope` into `sink`. Template errors are pushed once
/// per template position (with the first page that hit it), not once per
/// page. Returns how many images were decoded to make lighter copies, and
/// how many copies were found in the cache (issue #12). `memo` is what
/// earlier builds kept (issue 17): it saves work, never changes a byte.
#[allow(clippy::too_many_arguments)] // the stages' values, passed as STYLE §1 asks
pub fn site_into(
    scope: Scope<'_>,
    memo: &Memo,
    graph: &Graph,
    plan: &Plan,
    config: &Config,
    history: &History,
    atlas: &Atlas,
    templates: &Templates,
    sources: &Sources,
    diags: &mut Diagnostics,
    sink: &dyn Sink,
) -> crate::images::Stats {
    let mut views = Views::new(graph, plan, config, history, sources, atlas).with_cards(templates);
    let images = crate::images::Maker::new(&config.images, config.image_cache.as_ref());
    let routes: Vec<(usize, &Route)> = match scope {
        // Another language leaves the files all languages share to the
        // default one (issue 16).
        Scope::All => plan
            .routes()
            .iter()
            .enumerate()
            .filter(|(_, r)| plan.edition.renders(r.kind))
            .collect(),
        Scope::Only(paths) => plan
            .routes()
            .iter()
            .enumerate()
            .filter(|(_, r)| paths.contains(&r.path))
            .collect(),
    };
    // What each file is made from, when the memo keeps pages (issue 17).
    let keys = memo.pages().map(|_| {
        pages::Keys::new(&pages::Shared {
            graph,
            plan,
            config,
            history,
            templates,
            sources,
            site_lastmod: views.site_lastmod,
        })
    });
    // Errors are collected in route order, so that they read the same
    // whatever the thread count; files go to the sink as they are made.
    let make_all = |routes: &[(usize, &Route)], views: &Views| -> Vec<(usize, Box<Diagnostic>)> {
        routes
            .par_iter()
            .filter_map(|&(k, route)| {
                let kept = memo.pages().zip(keys.as_ref());
                let key = kept.and_then(|(_, keys)| keys.of(graph, plan, k));
                if let (Some((pages, _)), Some(key)) = (kept, key)
                    && let Some(before) = pages.before(&route.path, key)
                    && sink.keep(&route.path, before.made)
                {
                    pages.note(&route.path, before, true);
                    return None;
                }
                match make(route, views, memo, &images, templates, sources) {
                    Ok(bytes) => {
                        match (kept, key) {
                            (Some((pages, _)), Some(key)) => {
                                let made = pages::fingerprint(&bytes);
                                pages.note(&route.path, pages::Kept { key, made }, false);
                                sink.put_fingerprinted(route.path.clone(), bytes, made);
                            }
                            _ => sink.put(route.path.clone(), bytes),
                        }
                        None
                    }
                    Err(d) => Some((k, d)),
                }
            })
            .collect()
    };
    // Feeds come last, once every card is dropped: they show feed entries,
    // not cards, and holding both to the end of a 300,000-brief build took
    // 5.3 GB at its end, against 4.1 GB (issue 17). A card asked again is
    // made again, the same.
    let (feeds, pages): (Vec<_>, Vec<_>) = routes
        .into_iter()
        .partition(|(_, r)| matches!(r.kind, RouteKind::Feed(_)));
    let mut errors = make_all(&pages, &views);
    views.forget_cards();
    errors.extend(make_all(&feeds, &views));
    errors.sort_by_key(|&(k, _)| k);
    let errors = errors.into_iter().map(|(_, d)| d);
    let mut seen_errors: Vec<Diagnostic> = Vec::new();
    for d in errors {
        if !seen_errors
            .iter()
            .any(|s| s.span == d.span && s.problem == d.problem)
        {
            seen_errors.push(*d);
        }
    }
    for d in seen_errors {
        diags.push(d);
    }
    images.stats()
}

/// The output files of the pages made with any of the templates `changed`
/// (names under `templates/`), directly or through the templates they
/// extend, include or import: what `serve` re-renders after a template is
/// saved (issue #3). A changed template that no page can be seen to use (a
/// component, a file that is not a template yet) gives every file made with
/// a template.
pub fn pages_using(
    changed: &BTreeSet<String>,
    graph: &Graph,
    plan: &Plan,
    templates: &Templates,
    sources: &Sources,
) -> BTreeSet<UrlPath> {
    let changed: BTreeSet<String> = changed
        .iter()
        .filter(|name| theme::is_template(name))
        .cloned()
        .collect();
    let page_templates: BTreeSet<&str> = plan
        .routes()
        .iter()
        .filter_map(|r| r.kind.template(graph))
        .collect();
    let hit: BTreeSet<&str> = page_templates
        .iter()
        .filter(|page| {
            changed
                .iter()
                .any(|name| templates.uses(page, name, sources))
        })
        .copied()
        .collect();
    let seen = changed.iter().all(|name| {
        page_templates
            .iter()
            .any(|page| templates.uses(page, name, sources))
    });
    plan.routes()
        .iter()
        .filter(|r| {
            r.kind
                .template(graph)
                .is_some_and(|t| !seen || hit.contains(t))
        })
        .map(|r| r.path.clone())
        .collect()
}

/// Makes one file of the plan.
fn make(
    route: &Route,
    views: &Views<'_>,
    memo: &Memo,
    images: &crate::images::Maker,
    templates: &Templates,
    sources: &Sources,
) -> Rendered {
    let plan = views.plan;
    let site = &views.site;
    let t = &views.t;
    let template = route.kind.template(views.graph);
    let render_with = |context: &dyn erased::Context| {
        let name = template.expect("a page is made with its template");
        context.render(templates, name, &route.path, sources)
    };
    match route.kind {
        RouteKind::Doc(i) => views.render_doc(i, route, templates, sources),
        RouteKind::Home => render_with(&HomePage {
            site,
            t,
            page: views.meta(
                &views.site.title,
                views.config.description.clone(),
                route,
                "home",
            ),
            briefs: views.latest_briefs(6),
            events: views.latest_events(8),
            countries: views.country_summaries(),
            map: views.home_map(),
        }),
        RouteKind::BriefIndex(n) => {
            let title = if n == 0 {
                t.briefs.to_string()
            } else {
                format!("{} — {} {}", t.briefs, t.page_n_of, n + 1)
            };
            render_with(&BriefsIndex {
                site,
                t,
                page: views.meta(&title, None, route, "briefs"),
                briefs: views.brief_page(n),
                pagination: views.pagination(n),
            })
        }
        RouteKind::CountryIndex => render_with(&CountriesIndex {
            site,
            t,
            page: views.meta(t.countries, None, route, "countries"),
            countries: views.country_summaries(),
        }),
        RouteKind::ActorIndex => render_with(&ActorsIndex {
            site,
            t,
            page: views.meta(t.actors, None, route, "actors"),
            network: views.actors_network(),
            groups: views.actor_groups(),
        }),
        RouteKind::EventIndex => {
            render_with(&views.event_index(crate::plan::EventFilter::All, 0, route))
        }
        RouteKind::EventList(filter, n) => render_with(&views.event_index(filter, n, route)),
        RouteKind::TagIndex => render_with(&TagsIndex {
            site,
            t,
            page: views.meta(t.tags, None, route, "tags"),
            tags: (0..plan.tags.len()).map(|n| tag_count(views, n)).collect(),
        }),
        RouteKind::Tag(n) => {
            let tag = &plan.tags[n];
            let mut page = views.meta(&tag.name, None, route, "tags");
            page.feed_url = plan
                .get(RouteKind::Feed(crate::plan::FeedOf::Tag(n)))
                .map(|r| plan.href(r));
            render_with(&TagPage {
                site,
                t,
                page,
                tag: tag_count(views, n),
                briefs: tag.briefs.iter().map(|i| views.brief_summary(*i)).collect(),
            })
        }
        RouteKind::Digest(n) => render_with(&views.digest(n)),
        RouteKind::SourceIndex => {
            render_with(&views.sources_index(views.meta(t.sources, None, route, "sources")))
        }
        RouteKind::Yardstick => {
            render_with(&views.yardstick_page(views.meta(t.legend, None, route, "yardstick")))
        }
        RouteKind::Search => render_with(&SearchPage {
            site,
            t,
            page: views.meta(t.search, None, route, "search"),
        }),
        RouteKind::Unresolved => render_with(&views.unresolved_page(route)),
        RouteKind::NotFound => render_with(&NotFoundPage {
            site,
            t,
            page: views.meta(t.not_found, None, route, "none"),
        }),
        RouteKind::Feed(of) => render_with(&views.feed(of, route)),
        RouteKind::Translations => render_with(&views.translations_page(route)),
        RouteKind::Sitemap => render_with(&sitemap(views)),
        RouteKind::Robots => render_with(&RobotsPage {
            sitemap_url: plan.permalink(plan.route(RouteKind::Sitemap)),
        }),
        RouteKind::SearchIndex => Ok(data::search_index(&views.search_entries())),
        RouteKind::SearchWords => views.search_words(memo),
        RouteKind::EventsCsv => Ok(data::events_csv(views.event_rows())),
        RouteKind::EventsJson => Ok(data::events_json(views.event_rows())),
        RouteKind::EventsGeojson => Ok(data::events_geojson(views.event_rows())),
        RouteKind::GraphJson => Ok(data::graph_json(
            views.graph,
            &|i| plan.is_public(i),
            &|i| views.url(i),
        )),
        RouteKind::Asset(n) => Ok(templates
            .assets
            .iter()
            .find(|(name, _)| *name == plan.assets[n])
            .map(|(_, bytes)| bytes.clone())
            .expect("the plan's assets are the theme's")),
        RouteKind::Static(n) => {
            let file = &plan.statics[n];
            std::fs::read(&file.source).map_err(|error| {
                Box::new(Diagnostic::error(
                    Span::new(file.file, 0, 0),
                    Problem::Unreadable(error.to_string()),
                ))
            })
        }
        RouteKind::File(n) => {
            let file = &plan.files[n];
            std::fs::read(&file.source).map_err(|error| {
                Box::new(Diagnostic::error(
                    Span::new(file.file, 0, 0),
                    Problem::Unreadable(error.to_string()),
                ))
            })
        }
        RouteKind::ImageCopy(c) => {
            let copy = plan.copies[c];
            let file = &plan.files[copy.of];
            let picture = file
                .picture
                .as_ref()
                .expect("only images that can be shown get copies");
            images
                .copy(&file.source, picture, copy.copy)
                .map_err(|problem| {
                    Box::new(Diagnostic::error(
                        Span::new(file.file, 0, 0),
                        Problem::BadImage {
                            file: file.from.clone(),
                            problem,
                        },
                    ))
                })
        }
    }
}

/// A tag of the tags index and of its own page: with its count of briefs.
fn tag_count(views: &Views<'_>, n: usize) -> TagCount {
    let tag = views.tag_view(n);
    TagCount {
        name: tag.name,
        url: tag.url,
        count: views.plan.tags[n].briefs.len(),
    }
}

/// The sitemap: every page people read, sorted by URL (the home page
/// first), each with its last change.
fn sitemap(views: &Views<'_>) -> SitemapPage {
    let plan = views.plan;
    let mut urls: Vec<SitemapUrl> = plan
        .routes()
        .iter()
        .filter(|r| plan.in_sitemap(r))
        .map(|r| SitemapUrl {
            loc: plan.permalink(r),
            lastmod: lastmod(views, r.kind).map(|d| d.format("%Y-%m-%d").to_string()),
            alternates: views.translations(r),
        })
        .collect();
    urls.sort_unstable_by(|a, b| a.loc.cmp(&b.loc));
    SitemapPage {
        urls,
        multilingual: views.config.is_multilingual(),
    }
}

/// The last change of a page of the sitemap.
fn lastmod(views: &Views<'_>, kind: RouteKind) -> Option<chrono::NaiveDate> {
    match kind {
        RouteKind::Doc(i) => views.doc_lastmod(i),
        RouteKind::Tag(n) => views.plan.tags[n]
            .briefs
            .iter()
            .map(|b| views.lastmod(*b))
            .max(),
        _ => views.site_lastmod,
    }
}

/// Type-erased template contexts, so that one closure renders any of them.
mod erased {
    use super::{Diagnostic, Sources, Templates, UrlPath};

    /// A context that can render itself through a template.
    pub trait Context: Sync {
        fn render(
            &self,
            templates: &Templates,
            name: &str,
            path: &UrlPath,
            sources: &Sources,
        ) -> Result<Vec<u8>, Box<Diagnostic>>;
    }

    impl<T: serde::Serialize + Sync> Context for T {
        fn render(
            &self,
            templates: &Templates,
            name: &str,
            path: &UrlPath,
            sources: &Sources,
        ) -> Result<Vec<u8>, Box<Diagnostic>> {
            super::render(templates, name, self, path, sources)
        }
    }
}

/// Renders one template with a typed context.
pub(crate) fn render<C: Serialize>(
    templates: &Templates,
    template: &str,
    context: &C,
    path: &UrlPath,
    sources: &Sources,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    let context = tera::Context::from_serialize(context).map_err(|e| {
        Box::new(theme::diagnostic(
            &e,
            &templates.files,
            sources,
            Some((path.as_str(), template)),
        ))
    })?;
    // Into bytes, not a String: the output is written as bytes, and Tera
    // would check the UTF-8 of the whole site once more (4% of a build).
    let mut out = Vec::with_capacity(16 * 1024);
    templates
        .tera
        .render_to(template, &context, &mut out)
        .map_err(|e| {
            Box::new(theme::diagnostic(
                &e,
                &templates.files,
                sources,
                Some((path.as_str(), template)),
            ))
        })?;
    Ok(out)
}
