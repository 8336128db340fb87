//! Rebuilding in memory (issue #3): the pipeline of `build` run once in
//! full, then again on each change, re-reading only the changed files and
//! re-rendering only the pages the change can touch.
//!
//! A [`Workspace`] keeps between rebuilds what the stages produced: every
//! content file read (its document and its own problems, keyed by path),
//! the theme, the graph the served pages were rendered from, and the
//! problems of each stage. A rebuild yields an [`Outcome`]: the pages to
//! swap into the [`Preview`](super::preview::Preview), and what to print.
//!
//! - An edit of a body alone (same front matter, same link targets) swaps
//!   the document into the graph and renders its page, and the words of
//!   search (`search-words.json`), only.
//! - Any other change of `content/` or `static/` relinks the whole corpus
//!   (the cheap part at 10,000 briefs), plans it again, and renders the
//!   files [`plan::invalidated`] names: those whose inputs the change
//!   touched; a template change renders the pages using it
//!   ([`render::pages_using`]); `site.yaml` rebuilds everything.
//! - While the site has errors nothing is rendered: the last good pages
//!   stay, under the overlay, and the changes made meanwhile are rendered
//!   together at the next good save, by comparing with the last good graph.
//! - A site of several languages (issue 16) keeps a graph and a plan per
//!   other language beside the default's. Every change of its content
//!   relinks them all, as `build` links them, and renders in each language
//!   the files that the documents changed in any language can touch: a
//!   translation shows its original's dates and entities, and an original
//!   its translations in its language switcher.
//!
//! It writes nothing to disk.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::overlay;
use super::preview::Update;
use super::watch::Changes;
use crate::check;
use crate::config::{self, Config, Overrides};
use crate::content::{self, ContentFile, Corpus, DocId, Document, Invalid, LinkTarget, Loaded};
use crate::diagnostic::{self, Diagnostic, Diagnostics, FileId, Severity, Sources};
use crate::git::{self, History};
use crate::graph::{self, DocIndex, Graph};
use crate::pictures::atlas::Atlas;
use crate::plan::{self, Plan, RouteKind, StaticFile};
use crate::render::{self, Scope, Templates, UrlPath};
use crate::translation::{self, Linked};

/// How many file versions may pile up in [`Sources`] (each re-read adds
/// one) before the next rebuild reads the whole site afresh to free them,
/// beyond one per file of the site.
const STALE_FILES: usize = 1000;

/// The site as the server holds it between rebuilds.
pub struct Workspace {
    root: PathBuf,
    overrides: Overrides,
    sources: Sources,
    config: Option<Config>,
    config_problems: Vec<Diagnostic>,
    /// Every file of `content/` that is a document or has a problem, by
    /// path relative to the root.
    files: BTreeMap<PathBuf, Entry>,
    templates: Option<Templates>,
    /// The names of the theme's assets.
    assets: Vec<String>,
    template_problems: Vec<Diagnostic>,
    /// The files of `static/`.
    statics: Vec<StaticFile>,
    /// The events of the data files of `site.yaml` (issue #18), read with
    /// `site.yaml`: a change of a data file reads the site again.
    data: Vec<Document>,
    /// The site's git history (dates and revisions of briefs), read with
    /// the whole site: it changes with commits, not with saves.
    history: History,
    /// The country outlines of `check` and the pictures (issue 13): loaded
    /// once for the server's lifetime, since they never change.
    atlas: Atlas,
    /// The last graph linked without errors: the served pages are its pages,
    /// except those in `pending`. `None` until a build succeeds.
    graph: Option<Graph>,
    /// The plan of `graph`.
    plan: Option<Plan>,
    /// Each other language of the site (issue 16), linked and planned with
    /// `graph`, in the order of `languages`; empty on a site of one.
    others: Vec<(Linked, Plan)>,
    link_problems: Vec<Diagnostic>,
    render_problems: Vec<Diagnostic>,
    static_problems: Vec<Diagnostic>,
    /// Output paths of the files being served.
    served: BTreeSet<UrlPath>,
    /// Whether `static/` changed since its files were last served.
    pending_statics: bool,
    /// Pages that `graph` changed but a failed render left stale.
    pending: BTreeSet<UrlPath>,
    /// Templates saved since the pages were last rendered.
    pending_templates: BTreeSet<String>,
    /// Whether every page must be rendered: until the first build, and after
    /// `site.yaml` changed, succeeds.
    render_all: bool,
    /// The overlay last handed to the preview.
    overlay: Option<String>,
    /// File versions read since the whole site was last read.
    stale_files: usize,
    /// What rendering keeps between rebuilds: the words of each body, so
    /// that a body edit reads the words of that body only (issue 17).
    memo: render::Memo,
}

/// One file of `content/`.
struct Entry {
    /// Its text in [`Sources`]: a new id means a new version.
    file: FileId,
    doc: Doc,
    /// Its own problems (front matter, encoding, place).
    problems: Vec<Diagnostic>,
}

/// Where the document of a file is kept.
enum Doc {
    /// The file is not a document (its problems say why).
    None,
    /// In the workspace's graph, at this index: the graph owns it.
    InGraph(DocIndex),
    /// Here: read since the graph was linked, or left out of it (a duplicate).
    Own(Box<Document>),
    /// A file whose front matter could not be read: its id still answers
    /// links (issue #11).
    Invalid(Invalid),
    /// A file that is not a document: an image, an attachment (issue #12).
    File(ContentFile),
    /// A translation of a document (`foo.en.md`, issue 16).
    Translation(Box<content::Translation>),
}

/// What a rebuild did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What to hand to the preview; `None` when nothing it shows changed.
    pub update: Option<Update>,
    /// How many pages were rendered.
    pub rendered: usize,
    /// How many errors the site has now.
    pub errors: usize,
    /// The problems (errors and warnings) as `check` prints them, for the
    /// terminal; empty when there are none.
    pub report: String,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

impl Workspace {
    /// Reads and renders the whole site at `root`.
    pub fn load(root: &Path, overrides: Overrides) -> (Workspace, Outcome) {
        let mut workspace = Workspace {
            root: root.to_path_buf(),
            overrides,
            sources: Sources::default(),
            config: None,
            config_problems: Vec::new(),
            files: BTreeMap::new(),
            templates: None,
            assets: Vec::new(),
            template_problems: Vec::new(),
            statics: Vec::new(),
            data: Vec::new(),
            history: History::default(),
            atlas: Atlas::embedded(),
            graph: None,
            plan: None,
            others: Vec::new(),
            link_problems: Vec::new(),
            render_problems: Vec::new(),
            static_problems: Vec::new(),
            served: BTreeSet::new(),
            pending_statics: false,
            pending: BTreeSet::new(),
            pending_templates: BTreeSet::new(),
            render_all: true,
            overlay: None,
            stale_files: 0,
            memo: render::Memo::serving(),
        };
        let outcome = workspace.reload(Instant::now());
        (workspace, outcome)
    }

    /// The site's title, once `site.yaml` has been read.
    pub fn title(&self) -> Option<&str> {
        self.config.as_ref().map(|c| c.title.as_str())
    }

    /// Applies what changed on disk.
    pub fn rebuild(&mut self, changes: &Changes) -> Outcome {
        let started = Instant::now();
        if changes.config
            || changes.data
            || changes.rescan
            || self.config.is_none()
            || self.stale_files > STALE_FILES + self.files.len()
        {
            return self.reload(started);
        }
        let mut touched = BTreeSet::new();
        for path in &changes.content {
            self.refresh(path, &mut touched);
        }
        if !changes.templates.is_empty() {
            self.load_templates();
            self.pending_templates
                .extend(changes.templates.iter().cloned());
        }
        if changes.statics {
            // Static files are routes of the plan: links to them and
            // clashes with pages are judged again.
            self.load_statics();
            self.pending_statics = true;
        }
        let mut outcome = if touched.is_empty() && changes.templates.is_empty() && !changes.statics
        {
            self.finish(Update::default(), 0, started)
        } else if changes.templates.is_empty()
            && !changes.statics
            && let Some(outcome) = self.patch_bodies(&touched, started)
        {
            outcome
        } else {
            self.relink(started)
        };
        outcome.elapsed = started.elapsed();
        outcome
    }

    /// Reads everything again, from `site.yaml` on, and renders every page.
    fn reload(&mut self, started: Instant) -> Outcome {
        self.sources = Sources::default();
        self.files.clear();
        self.graph = None;
        self.plan = None;
        self.others.clear();
        self.templates = None;
        self.pending.clear();
        self.pending_templates.clear();
        self.render_all = true;
        self.stale_files = 0;
        for list in [
            &mut self.config_problems,
            &mut self.template_problems,
            &mut self.link_problems,
            &mut self.render_problems,
            &mut self.static_problems,
        ] {
            list.clear();
        }
        self.history = git::history(&self.root);
        let mut diags = Diagnostics::default();
        self.config = config::load(&self.root, &self.overrides, &mut self.sources, &mut diags);
        self.data = match &self.config {
            Some(config) => content::data::load(config, &mut self.sources, &mut diags),
            None => Vec::new(),
        };
        self.config_problems = list(&diags, &self.sources);
        if self.config.is_none() {
            return self.finish(Update::default(), 0, started);
        }
        let content = self.root.join("content");
        self.refresh(&content, &mut BTreeSet::new());
        self.load_templates();
        self.load_statics();
        self.relink(started)
    }

    /// Reads the files at `path` (a file or folder under `content/`) again,
    /// and adds to `touched` those whose text changed, came or went.
    fn refresh(&mut self, path: &Path, touched: &mut BTreeSet<PathBuf>) {
        let Some(config) = &self.config else { return };
        let rel = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
        let old_paths: Vec<PathBuf> = self
            .files
            .range(rel.clone()..)
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(&rel))
            .cloned()
            .collect();
        let mut old: BTreeMap<PathBuf, Entry> = old_paths
            .into_iter()
            .filter_map(|p| self.files.remove(&p).map(|e| (p, e)))
            .collect();

        let mut diags = Diagnostics::default();
        let docs = content::load_under(
            config,
            path,
            &content::ParseMemo::default(),
            None,
            &mut self.sources,
            &mut diags,
        );
        let mut fresh: BTreeMap<PathBuf, Entry> = BTreeMap::new();
        for loaded in docs {
            let (file, doc) = match loaded {
                Loaded::Valid(doc) => (doc.file, Doc::Own(Box::new(doc))),
                Loaded::Invalid(invalid) => (invalid.file, Doc::Invalid(invalid)),
                Loaded::File(found) => (found.file, Doc::File(found)),
                Loaded::Translation(t) => (t.file, Doc::Translation(t)),
            };
            fresh.insert(
                self.sources.path(file).to_path_buf(),
                Entry {
                    file,
                    doc,
                    problems: Vec::new(),
                },
            );
        }
        for d in list(&diags, &self.sources) {
            fresh
                .entry(self.sources.path(d.span.file).to_path_buf())
                .or_insert(Entry {
                    file: d.span.file,
                    doc: Doc::None,
                    problems: Vec::new(),
                })
                .problems
                .push(d);
        }
        self.stale_files += fresh.len();
        for (path, entry) in fresh {
            let kept = old.remove(&path).filter(|before| {
                self.sources.text(before.file) == self.sources.text(entry.file)
                    && before.problems.len() == entry.problems.len()
                    && same_file(&before.doc, &entry.doc)
            });
            match kept {
                // Saved without a change: keep the version the graph knows.
                Some(before) => self.files.insert(path, before),
                None => {
                    touched.insert(path.clone());
                    self.files.insert(path, entry)
                }
            };
        }
        // Files gone: a document in the graph stays there until the relink.
        touched.extend(old.into_keys());
    }

    /// Loads the theme again.
    fn load_templates(&mut self) {
        let mut diags = Diagnostics::default();
        let (templates, assets) = render::theme::load(&self.root, &mut self.sources, &mut diags);
        self.templates = templates;
        self.assets = assets;
        self.template_problems = list(&diags, &self.sources);
        self.stale_files += self.templates.as_ref().map_or(0, |t| t.files.len());
    }

    /// Finds the files of `static/` again.
    fn load_statics(&mut self) {
        let mut diags = Diagnostics::default();
        self.statics = plan::scan_statics(&self.root, &mut self.sources, &mut diags);
        self.static_problems = list(&diags, &self.sources);
        self.stale_files += self.statics.len();
    }

    /// The commonest edit: bodies changed, nothing else. Swaps the new
    /// documents into the graph and renders their pages. `None` when the
    /// change is more than that, or the site is not in a good state to
    /// patch, and the caller must relink.
    fn patch_bodies(&mut self, touched: &BTreeSet<PathBuf>, started: Instant) -> Option<Outcome> {
        // A site of several languages relinks them all (issue 16): an edit
        // of one body may show in another language's pages.
        if self.graph.is_none()
            || self.render_all
            || !self.pending.is_empty()
            || self.has_errors()
            || !self.others.is_empty()
            || self.config.as_ref().is_some_and(Config::is_multilingual)
        {
            return None;
        }
        let plan = self.plan.as_ref()?;
        let mut graph = self.graph.take().expect("checked above");
        let mut paths = BTreeSet::new();
        for path in touched {
            let entry = self.files.get_mut(path);
            let Some(entry) = entry.filter(|e| matches!(e.doc, Doc::Own(_))) else {
                self.graph = Some(graph);
                self.pending.extend(paths);
                return None;
            };
            let Doc::Own(doc) = &entry.doc else {
                unreachable!("matched above")
            };
            // Links from the site root name routes: a broken one needs the
            // relink, which reports it.
            let roots_fine = doc.links.iter().all(|link| match &link.target {
                LinkTarget::Root { path, fragment } => plan
                    .root_problem(&graph, &self.sources, path, fragment.as_deref())
                    .is_none(),
                _ => true,
            });
            let headings_moved = graph.get(&doc.id).is_some_and(|i| {
                plan.has_root_heading_links_to(&graph, i)
                    && !graph::same_headings(graph.doc(i), doc, &self.sources)
            });
            if !roots_fine || headings_moved || !graph.only_body_differs(doc, &self.sources) {
                self.graph = Some(graph);
                // Pages patched so far must be rendered by the relink.
                self.pending.extend(paths);
                return None;
            }
            let Doc::Own(doc) = std::mem::replace(&mut entry.doc, Doc::None) else {
                unreachable!("matched above")
            };
            let id = doc.id.clone();
            graph = graph.with_body(*doc, &self.sources);
            let i = graph.get(&id).expect("with_body keeps the id");
            entry.doc = Doc::InGraph(i);
            if let Some(route) = plan.doc_route(i) {
                paths.insert(route.path.clone());
                // Search reads the words of every body (issue #15).
                paths.insert(plan.route(RouteKind::SearchWords).path.clone());
            }
        }
        self.graph = Some(graph);
        Some(self.render(Scope::Only(&paths), &paths, started))
    }

    /// Links the whole corpus again, plans it, and renders what changed
    /// since the last good graph.
    fn relink(&mut self, started: Instant) -> Outcome {
        let Some(config) = &self.config else {
            return self.finish(Update::default(), 0, started);
        };
        let mut docs: Vec<Document> = Vec::new();
        let mut invalid: Vec<Invalid> = Vec::new();
        let mut files: Vec<ContentFile> = Vec::new();
        let mut translations: Vec<content::Translation> = Vec::new();
        for entry in self.files.values() {
            match &entry.doc {
                Doc::Invalid(i) => invalid.push(i.clone()),
                Doc::File(f) => files.push(f.clone()),
                Doc::Translation(t) => translations.push((**t).clone()),
                _ => docs.extend(self.document(entry).cloned()),
            }
        }
        docs.extend(self.data.iter().cloned());
        let mut diags = Diagnostics::default();
        let mut corpus = Corpus {
            docs,
            invalid,
            files,
            translations,
        };
        // The other languages, linked as `build` links them (issue 16).
        let mut languages = Languages::link(&mut corpus, config, &self.sources, &mut diags);
        let linked = graph::link(corpus, config.drafts, &self.sources, &mut diags);
        let planned = plan::plan(
            &linked,
            config,
            self.assets.clone(),
            self.statics.clone(),
            &self.sources,
            &mut diags,
        );
        let (planned, others) = languages.plan(
            planned,
            &linked,
            &self.assets,
            &self.statics,
            &self.sources,
            &mut diags,
        );
        // The warnings of `check`, judged as `build` judges them: only on a
        // site whose files and links have no error.
        self.link_problems.clear();
        let mut planned = planned;
        if !diags.has_errors() && !self.has_blocking_errors() {
            check::run(&linked, config, &self.sources, &self.atlas, &mut diags);
        }
        if let Some(originals) = &languages.originals {
            planned.edition.status = translation::outdated(
                originals,
                &languages.translations,
                &config.languages,
                &self.history,
                &self.sources,
                &mut diags,
            );
        }
        self.link_problems = list(&diags, &self.sources);
        if self.has_blocking_errors() || self.templates.is_none() {
            return self.finish(Update::default(), 0, started);
        }
        let full = self.render_all;
        let mut only = std::mem::take(&mut self.pending);
        if let (Some(before), Some(before_plan)) = (self.graph.as_ref(), self.plan.as_ref())
            && !full
        {
            // A changed image or attachment is copied again, with its
            // lighter copies, and the pages naming it are made again: they
            // show its size (issue #12).
            let files = changed_files(before, &linked);
            let mut ids = changed(before, &linked);
            ids.extend(
                planned
                    .docs_naming(&linked, &files)
                    .into_iter()
                    .map(|i| linked.doc(i).id.clone()),
            );
            only.extend(planned.made_from(&files));
            // Issue 16: what changed in one language may show in another's
            // pages, so every language renders what any change touches.
            for ((before, before_plan), (after, after_plan)) in self
                .others
                .iter()
                .map(|(l, p)| (&l.graph, p))
                .zip(others.iter().map(|(l, p)| (&l.graph, p)))
            {
                ids.extend(changed(before, after));
                ids.extend(
                    after_plan
                        .docs_naming(after, &files)
                        .into_iter()
                        .map(|i| after.doc(i).id.clone()),
                );
                only.extend(after_plan.made_from(&files));
                if before_plan.edition.writes != after_plan.edition.writes {
                    only.extend(written(after_plan));
                }
            }
            if self.others.len() != others.len() {
                // Languages come and go with `site.yaml`, which renders all.
                ids.extend(linked.docs().iter().map(|d| d.id.clone()));
            }
            only.extend(plan::invalidated(
                (before, before_plan),
                (&linked, &planned),
                &ids,
            ));
            for ((before, before_plan), (after, after_plan)) in self
                .others
                .iter()
                .map(|(l, p)| (&l.graph, p))
                .zip(others.iter().map(|(l, p)| (&l.graph, p)))
            {
                only.extend(plan::invalidated(
                    (before, before_plan),
                    (after, after_plan),
                    &ids,
                ));
            }
            // The state of the translations names every document.
            only.extend(planned.get(RouteKind::Translations).map(|r| r.path.clone()));
        }
        if !self.pending_templates.is_empty() {
            let templates = self.templates.as_ref().expect("checked above");
            only.extend(render::pages_using(
                &self.pending_templates,
                &linked,
                &planned,
                templates,
                &self.sources,
            ));
            for (other, other_plan) in &others {
                only.extend(render::pages_using(
                    &self.pending_templates,
                    &other.graph,
                    other_plan,
                    templates,
                    &self.sources,
                ));
            }
            // Theme assets are made with any page; one may have changed.
            only.extend(
                planned
                    .routes()
                    .iter()
                    .filter(|r| matches!(r.kind, RouteKind::Asset(_)))
                    .map(|r| r.path.clone()),
            );
        }
        if self.pending_statics {
            only.extend(
                planned
                    .routes()
                    .iter()
                    .filter(|r| matches!(r.kind, RouteKind::Static(_)))
                    .map(|r| r.path.clone()),
            );
        }
        self.adopt(linked, planned, others);
        if full {
            self.render(Scope::All, &BTreeSet::new(), started)
        } else {
            self.render(Scope::Only(&only), &only, started)
        }
    }

    /// Makes `linked` the workspace's graph: documents it holds are taken
    /// from it from now on; those it left out (duplicates) are kept here.
    fn adopt(&mut self, linked: Graph, planned: Plan, others: Vec<(Linked, Plan)>) {
        self.plan = Some(planned);
        let before_others = std::mem::replace(&mut self.others, others);
        let by_file: HashMap<FileId, DocIndex> = linked
            .docs()
            .iter()
            .enumerate()
            .map(|(i, doc)| (doc.file, i))
            .collect();
        let before = self.graph.replace(linked);
        for entry in self.files.values_mut() {
            let doc = std::mem::replace(&mut entry.doc, Doc::None);
            entry.doc = match (by_file.get(&entry.file), doc, &before) {
                (Some(i), _, _) => Doc::InGraph(*i),
                (None, Doc::InGraph(i), Some(before)) => Doc::Own(Box::new(before.doc(i).clone())),
                (None, doc, _) => doc,
            };
        }
        // Freeing the old graph's documents takes tens of milliseconds at
        // 10,000 briefs: not on the way to the reload.
        if let Some(before) = before {
            std::thread::spawn(move || drop((before, before_others)));
        }
    }

    /// Renders `scope` from the graph and makes the update: the files
    /// made, and those served that the plan no longer has.
    fn render(&mut self, scope: Scope<'_>, only: &BTreeSet<UrlPath>, started: Instant) -> Outcome {
        let (Some(config), Some(graph), Some(planned), Some(templates)) =
            (&self.config, &self.graph, &self.plan, &self.templates)
        else {
            return self.finish(Update::default(), 0, started);
        };
        let mut diags = Diagnostics::default();
        let mut pages = render::site(
            scope,
            &self.memo,
            graph,
            planned,
            config,
            &self.history,
            &self.atlas,
            templates,
            &self.sources,
            &mut diags,
        );
        for (other, other_plan) in &self.others {
            if diags.has_errors() {
                break;
            }
            pages.extend(render::site(
                scope,
                &self.memo,
                &other.graph,
                other_plan,
                &other.config,
                &self.history,
                &self.atlas,
                templates,
                &self.sources,
                &mut diags,
            ));
        }
        self.render_problems = list(&diags, &self.sources);
        let full = scope == Scope::All;
        if self
            .render_problems
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            // Render these again next time, whatever changes meanwhile.
            if !full {
                self.pending.extend(only.iter().cloned());
            }
            return self.finish(Update::default(), 0, started);
        }
        self.pending.clear();
        self.pending_templates.clear();
        self.pending_statics = false;
        self.render_all = false;
        let rendered = pages
            .keys()
            .filter(|p| p.as_str().ends_with(".html"))
            .count();
        let now: BTreeSet<UrlPath> = std::iter::once(planned)
            .chain(self.others.iter().map(|(_, p)| p))
            .flat_map(written)
            .collect();
        let removed: BTreeSet<UrlPath> = if full {
            BTreeSet::new()
        } else {
            self.served.difference(&now).cloned().collect()
        };
        self.served = now;
        let update = Update {
            full,
            pages,
            removed,
            overlay: None,
        };
        self.finish(update, rendered, started)
    }

    /// Adds the overlay to an update and says what happened.
    fn finish(&mut self, mut update: Update, rendered: usize, started: Instant) -> Outcome {
        // Only errors reach the overlay and the terminal in full: a site can
        // carry thousands of warnings (briefs without sources), and drawing
        // them all after every save cost more than the rebuild itself.
        let errors = self.problems(Severity::Error);
        let warnings = self.count(Severity::Warning);
        let overlay = overlay::html(&errors.sorted(&self.sources), &self.sources);
        let changed_overlay = overlay != self.overlay;
        self.overlay = overlay.clone();
        update.overlay = overlay;
        let visible = update.full
            || !update.pages.is_empty()
            || !update.removed.is_empty()
            || changed_overlay;
        let mut report = if errors.is_empty() {
            String::new()
        } else {
            diagnostic::human(&errors, &self.sources, false)
        };
        if warnings > 0 {
            report.push_str(&format!(
                "{warnings} warning{}: `dossier check` lists them\n",
                if warnings == 1 { "" } else { "s" }
            ));
        }
        Outcome {
            update: visible.then_some(update),
            rendered,
            errors: errors.count(Severity::Error),
            report,
            elapsed: started.elapsed(),
        }
    }

    /// The document of a file, wherever it is kept.
    fn document<'s>(&'s self, entry: &'s Entry) -> Option<&'s Document> {
        match &entry.doc {
            Doc::None | Doc::Invalid(_) | Doc::File(_) | Doc::Translation(_) => None,
            Doc::Own(doc) => Some(doc),
            Doc::InGraph(i) => self.graph.as_ref().map(|g| g.doc(*i)),
        }
    }

    /// Every current problem of one severity, of every stage.
    fn problems(&self, severity: Severity) -> Diagnostics {
        let mut all = Diagnostics::default();
        for d in self.all_problems().filter(|d| d.severity == severity) {
            all.push(d.clone());
        }
        all
    }

    /// How many current problems have this severity.
    fn count(&self, severity: Severity) -> usize {
        self.all_problems()
            .filter(|d| d.severity == severity)
            .count()
    }

    fn all_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        [
            &self.config_problems,
            &self.template_problems,
            &self.link_problems,
            &self.render_problems,
            &self.static_problems,
        ]
        .into_iter()
        .flatten()
        .chain(self.files.values().flat_map(|e| &e.problems))
    }

    /// Whether any stage has an error (warnings, such as a brief without
    /// sources, do not stop a body from being patched in).
    fn has_errors(&self) -> bool {
        self.has_blocking_errors()
            || self
                .render_problems
                .iter()
                .any(|d| d.severity == Severity::Error)
    }

    /// Whether an error keeps the site from being rendered, as it keeps
    /// `build` from writing: in `site.yaml`, a content file, the theme,
    /// `static/`, a reference or the plan.
    fn has_blocking_errors(&self) -> bool {
        [
            &self.config_problems,
            &self.template_problems,
            &self.static_problems,
            &self.link_problems,
        ]
        .into_iter()
        .flatten()
        .chain(self.files.values().flat_map(|e| &e.problems))
        .any(|d| d.severity == Severity::Error)
    }
}

/// Whether two versions of an entry are the same file that is not a
/// document (same size, time of writing and picture), or both no such
/// file: a changed image must be copied and shown again (issue #12).
fn same_file(before: &Doc, after: &Doc) -> bool {
    match (before, after) {
        (Doc::File(a), Doc::File(b)) => {
            a.size == b.size && a.modified == b.modified && a.picture == b.picture
        }
        (Doc::File(_), _) | (_, Doc::File(_)) => false,
        _ => true,
    }
}

/// The paths (from the site root) of the files of `content/` that are not
/// documents and differ between two graphs: changed, added or removed.
fn changed_files(before: &Graph, after: &Graph) -> BTreeSet<String> {
    let key = |f: &ContentFile| (f.size, f.modified, f.picture.clone(), f.outside);
    let old: HashMap<&str, _> = before
        .files()
        .iter()
        .map(|f| (f.path.as_str(), key(f)))
        .collect();
    let new: HashMap<&str, _> = after
        .files()
        .iter()
        .map(|f| (f.path.as_str(), key(f)))
        .collect();
    old.keys()
        .chain(new.keys())
        .filter(|path| old.get(*path) != new.get(*path))
        .map(|path| path.to_string())
        .collect()
}

/// The output files a language's plan writes (issue 16: another language
/// writes the files the languages share only when the default does not).
fn written(plan: &Plan) -> impl Iterator<Item = UrlPath> + '_ {
    plan.routes()
        .iter()
        .filter(|r| plan.edition.renders(r.kind))
        .map(|r| r.path.clone())
}

/// The other languages of a site (issue 16) on their way to being planned:
/// what [`crate::build_into`] does with them, step by step, for `serve`.
struct Languages {
    /// The translation files, checked.
    translations: Vec<content::Translation>,
    /// Each other language, linked (handed on by [`Languages::plan`]).
    others: Vec<Linked>,
    /// The default language's documents before linking, for the dates of
    /// the outdated translations; `None` on a site of one language.
    originals: Option<Corpus>,
}

impl Languages {
    /// Takes the translations out of `corpus` and links each other
    /// language; costs nothing on a site of one language without any.
    fn link(
        corpus: &mut Corpus,
        config: &Config,
        sources: &Sources,
        diags: &mut Diagnostics,
    ) -> Languages {
        if corpus.translations.is_empty() && !config.is_multilingual() {
            return Languages {
                translations: Vec::new(),
                others: Vec::new(),
                originals: None,
            };
        }
        let translations = translation::take(corpus, sources, diags);
        let others = translation::link_others(corpus, &translations, config, sources, diags);
        let originals = config.is_multilingual().then(|| Corpus {
            docs: corpus.docs.clone(),
            ..Corpus::default()
        });
        Languages {
            translations,
            others,
            originals,
        }
    }

    /// Plans each other language, pairs the pages of all, and hands back
    /// the default language's plan and the others'.
    fn plan(
        &mut self,
        planned: Plan,
        graph: &Graph,
        assets: &[String],
        statics: &[StaticFile],
        sources: &Sources,
        diags: &mut Diagnostics,
    ) -> (Plan, Vec<(Linked, Plan)>) {
        let others = std::mem::take(&mut self.others);
        if others.is_empty() {
            return (planned, Vec::new());
        }
        let mut plans = vec![planned];
        for other in &others {
            let mut found = Diagnostics::default();
            plans.push(plan::plan(
                &other.graph,
                &other.config,
                assets.to_vec(),
                statics.to_vec(),
                sources,
                &mut found,
            ));
            translation::keep_own(found, &other.translated, diags);
        }
        translation::finish_plans(&mut plans, graph, &others);
        let mut plans = plans.into_iter();
        let first = plans.next().expect("the default language's plan");
        (first, others.into_iter().zip(plans).collect())
    }
}

/// The problems of a list, sorted, as owned values.
fn list(diags: &Diagnostics, sources: &Sources) -> Vec<Diagnostic> {
    diags.sorted(sources).into_iter().cloned().collect()
}

/// The documents whose file is not the same version in both graphs,
/// including those in one graph only.
fn changed(before: &Graph, after: &Graph) -> BTreeSet<DocId> {
    let mut ids = BTreeSet::new();
    for doc in after.docs() {
        match before.get(&doc.id) {
            Some(j) if before.doc(j).file == doc.file => {}
            _ => {
                ids.insert(doc.id.clone());
            }
        }
    }
    for doc in before.docs() {
        if after.get(&doc.id).is_none() {
            ids.insert(doc.id.clone());
        }
    }
    ids
}
