//! Rendering: the graph through the theme into pages (DESIGN §4, §6).
//!
//! Every page is rendered from a typed context ([`context`]) built from the
//! graph; pages are independent of each other and rendered in parallel with
//! rayon. Output is a sorted map from output path to bytes, so the result
//! never depends on the order threads finish in.

mod affected;
pub mod context;
pub mod theme;
mod views;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{DocId, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics, Sources};
use crate::graph::{DocIndex, Graph};
pub use affected::affected;
use context::{
    ActorsIndex, BriefsIndex, CountriesIndex, EventsIndex, HomePage, NotFoundPage, TagPage,
    TagsIndex,
};
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

/// One page to render.
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
}

/// Renders every page of the site, plus the theme's assets and `static/`.
/// Template errors are pushed once per template position (with the first
/// page that hit it), not once per page.
pub fn site(
    scope: Scope<'_>,
    graph: &Graph,
    config: &Config,
    templates: &Templates,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Pages {
    let views = Views::new(graph, config);
    let mut jobs = jobs(&views);
    match scope {
        Scope::All => {}
        Scope::OnePerTemplate => {
            let mut kinds_seen = Vec::new();
            jobs.retain(|job| match job {
                Job::Doc(i) => {
                    let kind = graph.doc(*i).id.kind;
                    let first = !kinds_seen.contains(&kind);
                    kinds_seen.push(kind);
                    first
                }
                Job::Briefs(n) | Job::Tag(n) => *n == 0,
                _ => true,
            });
        }
        Scope::Only(paths) => jobs.retain(|job| paths.contains(&job.path(&views))),
    }

    let rendered: Vec<(UrlPath, Result<String, Box<Diagnostic>>)> = jobs
        .par_iter()
        .map(|job| {
            let (path, html) = render_job(job, &views, templates, sources);
            debug_assert_eq!(
                path,
                job.path(&views),
                "Job::path names the page it renders"
            );
            (path, html)
        })
        .collect();

    let mut pages = Pages::new();
    let mut seen_errors: Vec<Diagnostic> = Vec::new();
    for (path, result) in rendered {
        match result {
            Ok(html) => {
                pages.insert(path, html.into_bytes());
            }
            Err(d) => {
                if !seen_errors
                    .iter()
                    .any(|s| s.span == d.span && s.problem == d.problem)
                {
                    seen_errors.push(*d);
                }
            }
        }
    }
    for d in seen_errors {
        diags.push(d);
    }
    for (name, bytes) in &templates.assets {
        pages.insert(UrlPath::file(&format!("assets/{name}")), bytes.clone());
    }
    pages
}

/// Every page of the site.
fn jobs(views: &Views<'_>) -> Vec<Job> {
    let graph = views.graph();
    let mut jobs: Vec<Job> = (0..graph.docs().len())
        .filter(|i| graph.is_visible(*i))
        .map(Job::Doc)
        .collect();
    jobs.extend([
        Job::Home,
        Job::Countries,
        Job::Actors,
        Job::Events,
        Job::Tags,
        Job::NotFound,
    ]);
    jobs.extend((0..views.brief_pages()).map(Job::Briefs));
    jobs.extend((0..views.tags.len()).map(Job::Tag));
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
        }
    }

    /// The template the page is rendered with.
    fn template(&self, graph: &Graph) -> &'static str {
        match self {
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
        }
    }
}

/// The output files of every page of the site built from `graph`.
pub fn all_pages(graph: &Graph, config: &Config) -> BTreeSet<UrlPath> {
    let views = Views::new(graph, config);
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
    let views = Views::new(graph, config);
    let jobs = jobs(&views);
    let changed: BTreeSet<String> = changed
        .iter()
        .filter(|name| theme::is_template(name))
        .cloned()
        .collect();
    let page_templates: BTreeSet<&str> = jobs.iter().map(|job| job.template(graph)).collect();
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
        .filter(|job| !seen || hit.contains(job.template(graph)))
        .map(|job| job.path(&views))
        .collect()
}

fn render_job(
    job: &Job,
    views: &Views<'_>,
    templates: &Templates,
    sources: &Sources,
) -> (UrlPath, Result<String, Box<Diagnostic>>) {
    let site = &views.site;
    let t = views.strings;
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
            let context = TagPage {
                site,
                t,
                page: views.meta(&tag.view.name, None, &url, "tags"),
                tag: tag.view.clone(),
                briefs: tag.briefs.iter().map(|i| views.brief_summary(*i)).collect(),
            };
            let html = render(templates, "tag.html", &context, &path, sources);
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
    }
}

/// Renders one template with a typed context.
pub(crate) fn render<C: Serialize>(
    templates: &Templates,
    template: &str,
    context: &C,
    path: &UrlPath,
    sources: &Sources,
) -> Result<String, Box<Diagnostic>> {
    let context = tera::Context::from_serialize(context).map_err(|e| {
        Box::new(theme::diagnostic(
            &e,
            &templates.files,
            sources,
            Some(path.as_str()),
        ))
    })?;
    templates.tera.render(template, &context).map_err(|e| {
        Box::new(theme::diagnostic(
            &e,
            &templates.files,
            sources,
            Some(path.as_str()),
        ))
    })
}

/// Adds the files of the site's `static/` folder, copied as they are
/// (DESIGN §1). A static file may not replace a page dossier generates.
pub fn add_static(
    root: &std::path::Path,
    pages: &mut Pages,
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
            Ok(bytes) => match pages.entry(UrlPath::file(&name)) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(bytes);
                }
                std::collections::btree_map::Entry::Occupied(_) => {
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
