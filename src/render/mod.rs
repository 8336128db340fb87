//! Rendering: the graph through the theme into pages (DESIGN §4, §6).
//!
//! Every page is rendered from a typed context ([`context`]) built from the
//! graph; pages are independent of each other and rendered in parallel with
//! rayon. Output is a sorted map from output path to bytes, so the result
//! never depends on the order threads finish in.

mod affected;
pub mod context;
mod data;
pub mod jsonld;
mod publish;
pub mod theme;
mod views;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{DocId, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics, Sources};
use crate::git::History;
use crate::graph::{DocIndex, Graph};
pub use affected::affected;
use context::{
    ActorsIndex, BriefsIndex, CountriesIndex, EventsIndex, HomePage, NotFoundPage, RobotsPage,
    SearchPage, SitemapPage, SitemapUrl, TagPage, TagsIndex,
};
use publish::FeedOf;
pub use theme::Templates;
use views::Views;

/// A path in the output folder, with `/` separators and no leading slash:
/// `briefs/x/index.html`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UrlPath(String);

impl UrlPath {
    /// The output file for a page URL path (`briefs/x/` → `briefs/x/index.html`).
    pub fn page(dir: &str) -> UrlPath {
        let dir = dir.trim_matches('/');
        if dir.is_empty() {
            UrlPath("index.html".to_string())
        } else {
            UrlPath(format!("{dir}/index.html"))
        }
    }

    /// The output file of a document's page: `briefs/x/index.html`, and
    /// `x/index.html` for a free page.
    pub fn of_doc(id: &DocId) -> UrlPath {
        match id.kind {
            Kind::Page => UrlPath::page(id.slug.as_str()),
            kind => UrlPath::page(&format!("{}/{}", kind.folder(), id.slug)),
        }
    }

    /// A file at a path (`assets/dossier.css`, `404.html`).
    pub fn file(path: &str) -> UrlPath {
        UrlPath(path.trim_start_matches('/').to_string())
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The built site: output path → bytes, sorted.
pub type Pages = BTreeMap<UrlPath, Vec<u8>>;

/// Which pages to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every page: `build`.
    All,
    /// The first page of each template: what `check` renders to find
    /// template errors without the cost of the whole site.
    OnePerTemplate,
    /// The pages at these output paths, where they exist: what `serve`
    /// re-renders after a change (issue #3; see [`affected`]).
    Only(&'a BTreeSet<UrlPath>),
}

/// A produced file, or the problem that stopped it.
type Rendered = Result<Vec<u8>, Box<Diagnostic>>;

/// One file to produce.
#[derive(Debug)]
enum Job {
    Doc(DocIndex),
    Home,
    Briefs(usize),
    Countries,
    Actors,
    Events,
    Tags,
    Tag(usize),
    NotFound,
    Search,
    SearchIndex,
    Feed(FeedOf),
    Digest(usize),
    Sitemap,
    Robots,
    EventsCsv,
    EventsJson,
    EventsGeojson,
    GraphJson,
}

/// Where produced files go, each as soon as it is made: the staging folder
/// of `build` ([`crate::output::Staging`]), or memory (a [`Pages`] map
/// behind a mutex) for `serve`, `check` and tests. Streaming to disk keeps a
/// build's memory to the pages being worked on: at 10,000 briefs the site is
/// 390 MB of files, which were all held until the end (issue #6).
pub trait Sink: Sync {
    /// Takes one produced file.
    fn put(&self, path: UrlPath, bytes: Vec<u8>);
    /// Whether a file was produced at `path` by this run, so that a static
    /// file cannot replace a page.
    fn has(&self, path: &UrlPath) -> bool;
}

impl Sink for std::sync::Mutex<Pages> {
    fn put(&self, path: UrlPath, bytes: Vec<u8>) {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, bytes);
    }

    fn has(&self, path: &UrlPath) -> bool {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains_key(path)
    }
}

/// Renders every page of `scope` into memory: [`site_into`] a map.
pub fn site(
    scope: Scope<'_>,
    graph: &Graph,
    config: &Config,
    history: &History,
    templates: &Templates,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Pages {
    let pages = std::sync::Mutex::new(Pages::new());
    site_into(
        scope, graph, config, history, templates, sources, diags, &pages,
    );
    pages
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Renders every page of `scope`, plus the theme's assets, into `sink`.
/// Template errors are pushed once per template position (with the first
/// page that hit it), not once per page.
#[allow(clippy::too_many_arguments)] // the stages' values, passed as STYLE §1 asks
pub fn site_into(
    scope: Scope<'_>,
    graph: &Graph,
    config: &Config,
    history: &History,
    templates: &Templates,
    sources: &Sources,
    diags: &mut Diagnostics,
    sink: &dyn Sink,
) {
    let views = Views::new(graph, config, history).with_cards(templates);
    let all = jobs(&views);
    let mut jobs: Vec<&Job> = all.iter().collect();
    match scope {
        Scope::All => {}
        Scope::OnePerTemplate => {
            // Each template once, on its lightest page whose lists are not
            // empty (so that their loops run): a country with 170 briefs
            // and a tag with 750 cost `check` 26 ms of 83 (issue #6).
            let mut lightest: Vec<(Kind, (bool, usize), DocIndex)> = Vec::new();
            for job in &jobs {
                if let Job::Doc(i) = **job {
                    let kind = graph.doc(i).id.kind;
                    let links = graph.backlinks(i).len();
                    let weight = (links == 0, links);
                    match lightest.iter_mut().find(|(k, _, _)| *k == kind) {
                        Some(best) if weight < best.1 => *best = (kind, weight, i),
                        Some(_) => {}
                        None => lightest.push((kind, weight, i)),
                    }
                }
            }
            let tag = (0..views.tags.len()).min_by_key(|n| views.tags[*n].briefs.len());
            jobs.retain(|job| match *job {
                Job::Doc(i) => lightest.iter().any(|(_, _, best)| best == i),
                Job::Tag(n) => Some(*n) == tag,
                Job::Briefs(n) | Job::Digest(n) => *n == 0,
                Job::Feed(FeedOf::Doc(_) | FeedOf::Tag(_)) => false,
                // Data files come from no template: nothing to find there.
                Job::SearchIndex
                | Job::EventsCsv
                | Job::EventsJson
                | Job::EventsGeojson
                | Job::GraphJson => false,
                _ => true,
            });
        }
        Scope::Only(paths) => jobs.retain(|job| paths.contains(&job.path(&views))),
    }
    // The sitemap lists every page, whichever of them this call renders;
    // it is made only when it is rendered (`serve` renders a few pages).
    let sitemap = SitemapPage {
        urls: if jobs.iter().any(|job| matches!(job, Job::Sitemap)) {
            // `check` renders the template with a sample of the pages, and
            // makes no more URLs than that.
            let sample = match scope {
                Scope::OnePerTemplate => 20,
                _ => usize::MAX,
            };
            // Sorted by URL (the home page first): an order of its own, not
            // the order jobs are rendered in.
            let mut urls: Vec<SitemapUrl> = all
                .iter()
                .filter_map(|job| sitemap_url(job, &views))
                .take(sample)
                .collect();
            urls.sort_unstable_by(|a, b| a.loc.cmp(&b.loc));
            urls
        } else {
            Vec::new()
        },
    };

    // Errors are collected in job order, so that they read the same
    // whatever the thread count; pages go to the sink as they are made.
    let errors: Vec<Box<Diagnostic>> = jobs
        .par_iter()
        .filter_map(|job| {
            let (path, output) = output_job(job, &views, &sitemap, templates, sources);
            debug_assert_eq!(
                path,
                job.path(&views),
                "Job::path names the file it produces"
            );
            match output {
                Ok(bytes) => {
                    sink.put(path, bytes);
                    None
                }
                Err(d) => Some(d),
            }
        })
        .collect();

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
    for (name, bytes) in &templates.assets {
        sink.put(UrlPath::file(&format!("assets/{name}")), bytes.clone());
    }
}

/// Every page of the site.
fn jobs(views: &Views<'_>) -> Vec<Job> {
    let graph = views.graph();
    // The long single jobs first: rendered last, the graph export (50 ms at
    // 10,000 briefs) kept one core busy while the others had nothing left.
    let mut jobs: Vec<Job> = vec![
        Job::GraphJson,
        Job::SearchIndex,
        Job::Events,
        Job::Sitemap,
        Job::EventsCsv,
        Job::EventsJson,
        Job::EventsGeojson,
    ];
    jobs.extend(
        (0..graph.docs().len())
            .filter(|i| graph.is_visible(*i))
            .map(Job::Doc),
    );
    jobs.extend([
        Job::Home,
        Job::Countries,
        Job::Actors,
        Job::Tags,
        Job::NotFound,
    ]);
    jobs.extend((0..views.brief_pages()).map(Job::Briefs));
    jobs.extend((0..views.tags.len()).map(Job::Tag));
    jobs.extend((0..views.months.len()).map(Job::Digest));
    jobs.push(Job::Feed(FeedOf::Site));
    jobs.extend(
        (0..graph.docs().len())
            .filter(|i| {
                graph.is_visible(*i) && matches!(graph.doc(*i).id.kind, Kind::Country | Kind::Actor)
            })
            .map(|i| Job::Feed(FeedOf::Doc(i))),
    );
    jobs.extend((0..views.tags.len()).map(|n| Job::Feed(FeedOf::Tag(n))));
    jobs.extend([Job::Search, Job::Robots]);
    jobs
}

impl Job {
    /// The output file the page is written to, without rendering it.
    fn path(&self, views: &Views<'_>) -> UrlPath {
        match self {
            Job::Doc(i) => views.page_path(*i),
            Job::Home => UrlPath::page(""),
            Job::Briefs(n) => UrlPath::page(&views.brief_page_path(*n)),
            Job::Countries => UrlPath::page("countries/"),
            Job::Actors => UrlPath::page("actors/"),
            Job::Events => UrlPath::page("events/"),
            Job::Tags => UrlPath::page("tags/"),
            Job::Tag(n) => UrlPath::page(&format!("tags/{}/", views.tags[*n].slug)),
            Job::NotFound => UrlPath::file("404.html"),
            Job::Search => UrlPath::page("search/"),
            Job::Digest(n) => UrlPath::page(&views.digest_rel(views.months[*n])),
            Job::Feed(of) => UrlPath::file(&views.feed_paths(*of).0),
            Job::SearchIndex => UrlPath::file("search-index.json"),
            Job::Sitemap => UrlPath::file("sitemap.xml"),
            Job::Robots => UrlPath::file("robots.txt"),
            Job::EventsCsv => UrlPath::file("exports/events.csv"),
            Job::EventsJson => UrlPath::file("exports/events.json"),
            Job::EventsGeojson => UrlPath::file("exports/events.geojson"),
            Job::GraphJson => UrlPath::file("graph.json"),
        }
    }

    /// The template the file is rendered with; data files have none.
    fn template(&self, graph: &Graph) -> Option<&'static str> {
        Some(match self {
            Job::Doc(i) => match graph.doc(*i).id.kind {
                Kind::Brief => "brief.html",
                Kind::Country => "country.html",
                Kind::Actor => "actor.html",
                Kind::Event => "event.html",
                Kind::Page => "page.html",
            },
            Job::Home => "home.html",
            Job::Briefs(_) => "briefs.html",
            Job::Countries => "countries.html",
            Job::Actors => "actors.html",
            Job::Events => "events.html",
            Job::Tags => "tags.html",
            Job::Tag(_) => "tag.html",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
            Job::Digest(_) => "digest.html",
            Job::Feed(_) => "atom.xml",
            Job::Sitemap => "sitemap.xml",
            Job::Robots => "robots.txt",
            Job::SearchIndex
            | Job::EventsCsv
            | Job::EventsJson
            | Job::EventsGeojson
            | Job::GraphJson => return None,
        })
    }
}

/// The output files of every page of the site built from `graph`.
pub fn all_pages(graph: &Graph, config: &Config) -> BTreeSet<UrlPath> {
    let history = History::default();
    let views = Views::new(graph, config, &history);
    jobs(&views).iter().map(|job| job.path(&views)).collect()
}

/// The output files of the pages rendered with any of the templates
/// `changed` (names under `templates/`), directly or through the templates
/// they extend, include or import: what `serve` re-renders after a template
/// is saved (issue #3). A changed template that no page can be seen to use
/// (a component, a file that is not a template yet) gives every page.
pub fn pages_using(
    changed: &BTreeSet<String>,
    graph: &Graph,
    config: &Config,
    templates: &Templates,
    sources: &Sources,
) -> BTreeSet<UrlPath> {
    let history = History::default();
    let views = Views::new(graph, config, &history);
    let jobs = jobs(&views);
    let changed: BTreeSet<String> = changed
        .iter()
        .filter(|name| theme::is_template(name))
        .cloned()
        .collect();
    let page_templates: BTreeSet<&str> =
        jobs.iter().filter_map(|job| job.template(graph)).collect();
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
    jobs.iter()
        .filter(|job| !seen || job.template(graph).is_some_and(|t| hit.contains(t)))
        .map(|job| job.path(&views))
        .collect()
}

/// The sitemap entry of a job, for pages people read (not 404, feeds or data).
fn sitemap_url(job: &Job, views: &Views<'_>) -> Option<SitemapUrl> {
    let site_lastmod = views.site_lastmod;
    let (rel, lastmod) = match job {
        Job::Doc(i) => (
            views
                .url(*i)
                .strip_prefix(views.site.base_path.as_str())?
                .to_string(),
            views.doc_lastmod(*i),
        ),
        Job::Home => (String::new(), site_lastmod),
        Job::Briefs(n) => (views.brief_page_path(*n), site_lastmod),
        Job::Countries => ("countries/".to_string(), site_lastmod),
        Job::Actors => ("actors/".to_string(), site_lastmod),
        Job::Events => ("events/".to_string(), site_lastmod),
        Job::Tags => ("tags/".to_string(), site_lastmod),
        Job::Tag(n) => (
            format!("tags/{}/", views.tags[*n].slug),
            views.tags[*n]
                .briefs
                .iter()
                .filter_map(|b| views.brief_lastmod(*b))
                .max(),
        ),
        Job::Digest(n) => (views.digest_rel(views.months[*n]), site_lastmod),
        Job::Search => ("search/".to_string(), site_lastmod),
        _ => return None,
    };
    Some(SitemapUrl {
        loc: format!("{}{rel}", views.site.base_url),
        lastmod: lastmod.map(|d| d.format("%Y-%m-%d").to_string()),
    })
}

/// Produces one output file: pages through [`render_job`], feeds and the
/// sitemap through their templates, data files through serde.
fn output_job(
    job: &Job,
    views: &Views<'_>,
    sitemap: &SitemapPage,
    templates: &Templates,
    sources: &Sources,
) -> (UrlPath, Rendered) {
    let file = |path: &str, bytes: Vec<u8>| (UrlPath::file(path), Ok(bytes));
    let template = |path: &str, name: &str, context: &dyn erased::Context| {
        let path = UrlPath::file(path);
        let result = context.render(templates, name, &path, sources);
        (path, result)
    };
    match job {
        Job::Feed(of) => {
            let (rel, _) = views.feed_paths(*of);
            template(&rel, "atom.xml", &views.feed(*of))
        }
        Job::Sitemap => template("sitemap.xml", "sitemap.xml", sitemap),
        Job::Robots => {
            let context = RobotsPage {
                sitemap_url: format!("{}sitemap.xml", views.site.base_url),
            };
            template("robots.txt", "robots.txt", &context)
        }
        Job::SearchIndex => file(
            "search-index.json",
            data::search_index(&views.search_entries()),
        ),
        Job::EventsCsv => file("exports/events.csv", data::events_csv(views.event_rows())),
        Job::EventsJson => file("exports/events.json", data::events_json(views.event_rows())),
        Job::EventsGeojson => file(
            "exports/events.geojson",
            data::events_geojson(views.event_rows()),
        ),
        Job::GraphJson => file(
            "graph.json",
            data::graph_json(views.graph, &|i| views.url(i)),
        ),
        html => {
            let (path, result) = render_job(html, views, templates, sources);
            (path, result)
        }
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

fn render_job(
    job: &Job,
    views: &Views<'_>,
    templates: &Templates,
    sources: &Sources,
) -> (UrlPath, Result<Vec<u8>, Box<Diagnostic>>) {
    let site = &views.site;
    let t = &views.t;
    match job {
        Job::Doc(i) => views.render_doc(*i, templates, sources),
        Job::Home => {
            let path = UrlPath::page("");
            let context = HomePage {
                site,
                t,
                page: views.meta(
                    &views.site.title,
                    views.config.description.clone(),
                    "",
                    "home",
                ),
                briefs: views.latest_briefs(6),
                events: views.latest_events(8),
                countries: views.country_summaries(),
            };
            let html = render(templates, "home.html", &context, &path, sources);
            (path, html)
        }
        Job::Briefs(n) => {
            let url = views.brief_page_path(*n);
            let path = UrlPath::page(&url);
            let title = if *n == 0 {
                t.briefs.to_string()
            } else {
                format!("{} — {} {}", t.briefs, t.page_n_of, n + 1)
            };
            let context = BriefsIndex {
                site,
                t,
                page: views.meta(&title, None, &url, "briefs"),
                briefs: views.brief_page(*n),
                pagination: views.pagination(*n),
            };
            let html = render(templates, "briefs.html", &context, &path, sources);
            (path, html)
        }
        Job::Countries => {
            let path = UrlPath::page("countries/");
            let context = CountriesIndex {
                site,
                t,
                page: views.meta(t.countries, None, "countries/", "countries"),
                countries: views.country_summaries(),
            };
            let html = render(templates, "countries.html", &context, &path, sources);
            (path, html)
        }
        Job::Actors => {
            let path = UrlPath::page("actors/");
            let context = ActorsIndex {
                site,
                t,
                page: views.meta(t.actors, None, "actors/", "actors"),
                groups: views.actor_groups(),
            };
            let html = render(templates, "actors.html", &context, &path, sources);
            (path, html)
        }
        Job::Events => {
            let path = UrlPath::page("events/");
            let context = EventsIndex {
                site,
                t,
                page: views.meta(t.events, None, "events/", "events"),
                years: views.timeline(),
            };
            let html = render(templates, "events.html", &context, &path, sources);
            (path, html)
        }
        Job::Tags => {
            let path = UrlPath::page("tags/");
            let context = TagsIndex {
                site,
                t,
                page: views.meta(t.tags, None, "tags/", "tags"),
                tags: views.tags.iter().map(|tag| tag.view.clone()).collect(),
            };
            let html = render(templates, "tags.html", &context, &path, sources);
            (path, html)
        }
        Job::Tag(n) => {
            let tag = &views.tags[*n];
            let url = format!("tags/{}/", tag.slug);
            let path = UrlPath::page(&url);
            let mut page = views.meta(&tag.view.name, None, &url, "tags");
            page.feed_url = Some(format!("{}{url}atom.xml", site.base_path));
            let context = TagPage {
                site,
                t,
                page,
                tag: tag.view.clone(),
                briefs: tag.briefs.iter().map(|i| views.brief_summary(*i)).collect(),
            };
            let html = render(templates, "tag.html", &context, &path, sources);
            (path, html)
        }
        Job::Search => {
            let path = UrlPath::page("search/");
            let context = SearchPage {
                site,
                t,
                page: views.meta(t.search, None, "search/", "search"),
            };
            let html = render(templates, "search.html", &context, &path, sources);
            (path, html)
        }
        Job::Digest(n) => {
            let path = UrlPath::page(&views.digest_rel(views.months[*n]));
            let html = render(templates, "digest.html", &views.digest(*n), &path, sources);
            (path, html)
        }
        Job::NotFound => {
            let path = UrlPath::file("404.html");
            let context = NotFoundPage {
                site,
                t,
                page: views.meta(t.not_found, None, "404.html", "none"),
            };
            let html = render(templates, "404.html", &context, &path, sources);
            (path, html)
        }
        other => unreachable!("{other:?} is not a page: output_job produces it"),
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

/// Adds the files of the site's `static/` folder, copied as they are
/// (DESIGN §1). A static file may not replace a page dossier generates.
pub fn add_static(
    root: &std::path::Path,
    sink: &dyn Sink,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .follow_links(true)
    {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        let shown = format!("static/{name}");
        let inside = std::fs::canonicalize(entry.path()).is_ok_and(|p| p.starts_with(&real_root));
        let bytes = if inside {
            std::fs::read(entry.path()).map_err(|e| e.to_string())
        } else {
            Err("it is a link to a file outside the site; dossier copies only files inside the site".to_string())
        };
        match bytes {
            Ok(bytes) => match UrlPath::file(&name) {
                path if !sink.has(&path) => sink.put(path, bytes),
                _ => {
                    let file = sources.add(shown, String::new());
                    diags.push(
                        Diagnostic::error(
                            crate::diagnostic::Span::new(file, 0, 0),
                            crate::diagnostic::Problem::BadValue {
                                field: "static file".to_string(),
                                reason: format!(
                                    "`{name}` would replace a page that dossier generates"
                                ),
                            },
                        )
                        .with_help("rename or move the file"),
                    );
                }
            },
            Err(reason) => {
                let file = sources.add(shown, String::new());
                diags.push(Diagnostic::error(
                    crate::diagnostic::Span::new(file, 0, 0),
                    crate::diagnostic::Problem::Unreadable(reason),
                ));
            }
        }
    }
}
