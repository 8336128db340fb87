//! The files documents bring into the output (issue #12, DESIGN §8
//! "Files"): the files of a bundle (`content/briefs/x/index.md` and its
//! other files), copied beside its page whatever references them; the
//! files beside a flat document that it references; the lighter copies of
//! the large images that documents show; and, for each reference (a body
//! link or image, a brief's `image` and `attachments`), the route it leads
//! to.
//!
//! A file's place in the output is its owner's page folder and its path
//! within the owner's folder: `content/briefs/x/img/a.png` of the bundle
//! `briefs/x` is `/briefs/x/img/a.png`; `content/briefs/chart.png`
//! referenced by `content/briefs/y.md` is `/briefs/y/chart.png` (and, when
//! `z.md` references it too, `/briefs/z/chart.png`: each page keeps its
//! files beside it). Every problem is reported where the file is named,
//! or at the file when nothing names it but it is copied all the same.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::{Plan, Route, RouteKind, UrlPath, route};
use crate::config::Config;
use crate::content::{ContentFile, Kind, LinkTarget, Meta, Place};
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Sources, Span};
use crate::graph::{DocIndex, Graph};
use crate::images::{self, Picture};

/// A file of a document copied into the output.
#[derive(Debug, Clone, PartialEq)]
pub struct DocFile {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path from the site root (`content/briefs/x/chart.png`).
    pub from: String,
    /// Its path in the output (`briefs/x/chart.png`).
    pub path: String,
    /// Its entry in the file table, for problems found when copying it.
    pub file: FileId,
    /// Its size in bytes.
    pub size: u64,
    /// What it is as an image, when it is one that can be shown.
    pub picture: Option<Picture>,
    /// Its lighter copies, by index in [`Plan::copies`], narrowest first.
    pub copies: Vec<usize>,
}

/// A lighter copy of an image of [`Plan::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageCopy {
    /// The image, by index in [`Plan::files`].
    pub of: usize,
    /// Its size and format.
    pub copy: images::Copy,
}

/// What a file reference leads to: a route of the plan.
type RouteIndex = usize;

/// The references of documents to files, resolved to routes.
#[derive(Debug, Default)]
pub struct FileRefs {
    /// Body links and images to files, by document and start.
    links: HashMap<(DocIndex, u32), RouteIndex>,
    /// A brief's `image`.
    images: HashMap<DocIndex, RouteIndex>,
    /// A brief's `attachments`, with their titles.
    attachments: HashMap<DocIndex, Vec<(RouteIndex, Option<String>)>>,
}

/// What is known of a file named from the site root, for [`Plan::image`].
pub struct Shown<'p> {
    /// Its size and format, when it is an image that can be shown.
    pub picture: Option<&'p Picture>,
    /// Its lighter copies, narrowest first: each route with its copy.
    pub copies: Vec<(&'p Route, images::Copy)>,
}

impl Plan {
    /// The route a body link or image to a file leads to (issue #12), by
    /// the document and the byte the link starts at.
    pub fn file_link(&self, i: DocIndex, start: u32) -> Option<&Route> {
        self.file_refs
            .links
            .get(&(i, start))
            .map(|k| &self.routes[*k])
    }

    /// The route of a brief's `image`.
    pub fn doc_image(&self, i: DocIndex) -> Option<&Route> {
        self.file_refs.images.get(&i).map(|k| &self.routes[*k])
    }

    /// The routes of a brief's `attachments`, with their titles, in the
    /// order written.
    pub fn attachments(&self, i: DocIndex) -> Vec<(&Route, Option<&str>)> {
        self.file_refs
            .attachments
            .get(&i)
            .map_or_else(Vec::new, |list| {
                list.iter()
                    .map(|(k, title)| (&self.routes[*k], title.as_deref()))
                    .collect()
            })
    }

    /// What the file at a route is as an image, and its lighter copies:
    /// for the files of documents and of `static/`.
    pub fn image(&self, route: &Route) -> Shown<'_> {
        match route.kind {
            RouteKind::File(n) => Shown {
                picture: self.files[n].picture.as_ref(),
                copies: self.files[n]
                    .copies
                    .iter()
                    .filter_map(|c| {
                        Some((self.get(RouteKind::ImageCopy(*c))?, self.copies[*c].copy))
                    })
                    .collect(),
            },
            RouteKind::Static(n) => Shown {
                picture: self.statics[n]
                    .picture
                    .as_ref()
                    .and_then(|p| p.as_ref().ok()),
                copies: Vec::new(),
            },
            _ => Shown {
                picture: None,
                copies: Vec::new(),
            },
        }
    }

    /// The size in bytes of a file of a document or of `static/`.
    pub fn file_size(&self, route: &Route) -> Option<u64> {
        match route.kind {
            RouteKind::File(n) => Some(self.files[n].size),
            RouteKind::Static(n) => std::fs::metadata(&self.statics[n].source)
                .ok()
                .map(|m| m.len()),
            _ => None,
        }
    }

    /// What a document's file or image copy is made from: the file (from
    /// the site root) and the copy; `None` for other routes.
    pub(super) fn made_of(&self, kind: RouteKind) -> Option<(&str, Option<images::Copy>)> {
        match kind {
            RouteKind::File(n) => Some((self.files[n].from.as_str(), None)),
            RouteKind::ImageCopy(c) => {
                let ImageCopy { of, copy } = self.copies[c];
                Some((self.files[of].from.as_str(), Some(copy)))
            }
            _ => None,
        }
    }

    /// The output files made from the files of `content/` at these paths
    /// (from the site root): their copies and lighter copies, which
    /// `serve` makes again when they change.
    pub fn made_from(&self, paths: &BTreeSet<String>) -> BTreeSet<UrlPath> {
        self.routes
            .iter()
            .filter(|r| match r.kind {
                RouteKind::File(n) => paths.contains(&self.files[n].from),
                RouteKind::ImageCopy(c) => paths.contains(&self.files[self.copies[c].of].from),
                _ => false,
            })
            .map(|r| r.path.clone())
            .collect()
    }

    /// The documents that name files of `content/` or `static/` at these
    /// paths (from the site root), in the body or the front matter: their
    /// pages show the files' sizes.
    pub fn docs_naming(&self, graph: &Graph, paths: &BTreeSet<String>) -> BTreeSet<DocIndex> {
        let mut found = BTreeSet::new();
        for (i, doc) in graph.docs().iter().enumerate() {
            let body = doc.links.iter().any(
                |l| matches!(&l.target, LinkTarget::File { path, .. } if paths.contains(path)),
            );
            let front = match &doc.meta {
                Meta::Brief(b) => b
                    .image
                    .iter()
                    .chain(b.attachments.iter().map(|a| &a.file))
                    .any(|f| paths.contains(&f.path)),
                _ => false,
            };
            if body || front {
                found.insert(i);
            }
        }
        found
    }

    /// Adds the files documents bring, and resolves every reference to
    /// one; pushes the problems (DESIGN §8 "Files").
    pub(super) fn add_files(
        &mut self,
        graph: &Graph,
        config: &Config,
        sources: &Sources,
        diags: &mut Diagnostics,
    ) {
        let files = graph.files();
        let has_refs = graph.docs().iter().any(|d| {
            d.links
                .iter()
                .any(|l| matches!(l.target, LinkTarget::File { .. }))
                || matches!(&d.meta, Meta::Brief(b) if b.image.is_some() || !b.attachments.is_empty())
        });
        if files.is_empty() && !has_refs {
            return;
        }
        let mut adding = Adding {
            by_path: files
                .iter()
                .enumerate()
                .map(|(n, f)| (f.path.as_str(), n))
                .collect(),
            statics: self
                .statics
                .iter()
                .enumerate()
                .map(|(n, s)| (format!("static/{}", s.path), n))
                .collect(),
            bundles: HashMap::new(),
            places: Vec::with_capacity(graph.docs().len()),
            file_routes: vec![None; files.len()],
            added: HashMap::new(),
        };
        for (i, doc) in graph.docs().iter().enumerate() {
            let place = crate::content::translation::place_of_source(sources.path(doc.file));
            if let Some(place) = place.as_ref().filter(|p| p.bundle) {
                adding.bundles.insert(place.folder(), i);
            }
            adding.places.push(place);
        }
        self.check_folders(graph, files, &adding, sources, diags);
        // A bundle's files are copied beside its page, whatever names them.
        for (n, file) in files.iter().enumerate() {
            let Some(owner) = adding.owner(&file.path) else {
                continue;
            };
            let Some(folder) = self.page_folder(owner) else {
                continue;
            };
            let at = Span::new(file.file, 0, 0);
            if file.outside {
                diags.push(Diagnostic::error(
                    at,
                    Problem::LinkedOutside(file.path.clone()),
                ));
                continue;
            }
            let within = &file.path[adding.folder_of(owner).len() + 1..];
            adding.file_routes[n] = self.add_file(
                &mut adding,
                file,
                format!("{folder}{within}"),
                graph,
                diags,
                at,
            );
        }
        let built: Vec<DocIndex> = (0..graph.docs().len())
            .filter(|i| self.doc_routes[*i].is_some())
            .collect();
        for i in built {
            let doc = graph.doc(i);
            for link in &doc.links {
                if let LinkTarget::File { path, .. } = &link.target
                    && let Some(k) = self.file_ref(
                        &mut adding,
                        files,
                        i,
                        path,
                        link.span,
                        link.image,
                        config,
                        graph,
                        diags,
                    )
                {
                    self.file_refs.links.insert((i, link.span.start), k);
                }
            }
            let Meta::Brief(brief) = &doc.meta else {
                continue;
            };
            if let Some(image) = &brief.image
                && let Some(k) = self.file_ref(
                    &mut adding,
                    files,
                    i,
                    &image.path,
                    image.span,
                    true,
                    config,
                    graph,
                    diags,
                )
            {
                self.file_refs.images.insert(i, k);
            }
            for attachment in &brief.attachments {
                let file = &attachment.file;
                if let Some(k) = self.file_ref(
                    &mut adding,
                    files,
                    i,
                    &file.path,
                    file.span,
                    false,
                    config,
                    graph,
                    diags,
                ) {
                    self.file_refs
                        .attachments
                        .entry(i)
                        .or_default()
                        .push((k, attachment.title.clone()));
                }
            }
        }
        self.sort_paths();
    }

    /// Reports flat documents beside a folder of their name that holds
    /// files but is no bundle (`content/briefs/x.md` and
    /// `content/briefs/x/chart.png`): whose files those are is unclear.
    fn check_folders(
        &self,
        graph: &Graph,
        files: &[ContentFile],
        adding: &Adding<'_>,
        sources: &Sources,
        diags: &mut Diagnostics,
    ) {
        let folders: BTreeSet<String> = files
            .iter()
            .filter_map(|f| {
                let parts: Vec<&str> = f.path.splitn(4, '/').collect();
                (parts.len() == 4).then(|| parts[..3].join("/"))
            })
            .collect();
        for (i, doc) in graph.docs().iter().enumerate() {
            let Some(place) = adding.places[i].as_ref().filter(|p| !p.bundle) else {
                continue;
            };
            let folder = format!("{}/{}", place.folder(), place.stem);
            if folders.contains(&folder) && !adding.bundles.contains_key(&folder) {
                let text = sources.text(doc.file);
                let first_line = text.find(['\r', '\n']).unwrap_or(text.len());
                let file = sources.path(doc.file).display().to_string();
                diags.push(
                    Diagnostic::error(
                        Span::new(doc.file, 0, first_line),
                        Problem::FolderBesideDocument {
                            folder: folder.clone(),
                        },
                    )
                    .with_help(format!(
                        "move `{file}` to `{folder}/index.md` (`git mv {file} {folder}/index.md`), and link its files from there without the folder's name (`chart.png`)"
                    )),
                );
            }
        }
    }

    /// The page folder of a built document (`briefs/x/`).
    fn page_folder(&self, i: DocIndex) -> Option<String> {
        let route = self.doc_route(i)?;
        Some(
            route
                .path
                .as_str()
                .strip_suffix("index.html")
                .unwrap_or("")
                // The files of a document are shared by its languages
                // (issue 16): beside its page in the default language.
                .trim_start_matches(self.edition.prefix.as_str())
                .to_string(),
        )
    }

    /// Adds the route of file `n` at output path `path`, unless the output
    /// has a file there already (reported at `at`).
    #[allow(clippy::too_many_arguments)]
    fn add_file(
        &mut self,
        adding: &mut Adding<'_>,
        file: &ContentFile,
        path: String,
        graph: &Graph,
        diags: &mut Diagnostics,
        at: Span,
    ) -> Option<RouteIndex> {
        let output = UrlPath(path);
        if let Some(&k) = adding.added.get(&output) {
            if let RouteKind::File(m) = self.routes[k].kind
                && self.files[m].from == file.path
            {
                return Some(k);
            }
            diags.push(clash(
                file,
                &output,
                "another file of a document".to_string(),
                at,
            ));
            return None;
        }
        if let Some(k) = self.index_of(&output) {
            let what = super::what(&self.routes[k], graph);
            diags.push(clash(file, &output, what, at));
            return None;
        }
        let m = self.files.len();
        self.files.push(DocFile {
            source: file.source.clone(),
            from: file.path.clone(),
            path: output.0.clone(),
            file: file.file,
            size: file.size,
            picture: file.picture.clone().and_then(Result::ok),
            copies: Vec::new(),
        });
        let made = route(RouteKind::File(m), graph, self);
        let k = self.routes.len();
        self.push(made);
        adding.added.insert(output, k);
        Some(k)
    }

    /// Resolves one reference of document `i` to the file at `path` (from
    /// the site root), adding its route (and its lighter copies, for an
    /// image) when needed; reports what is wrong at `span`.
    #[allow(clippy::too_many_arguments)]
    fn file_ref(
        &mut self,
        adding: &mut Adding<'_>,
        files: &[ContentFile],
        i: DocIndex,
        path: &str,
        span: Span,
        image: bool,
        config: &Config,
        graph: &Graph,
        diags: &mut Diagnostics,
    ) -> Option<RouteIndex> {
        if path.starts_with("static/") {
            let Some(&n) = adding.statics.get(path) else {
                diags.push(missing(
                    path,
                    adding.statics.keys().map(String::as_str),
                    span,
                ));
                return None;
            };
            if image {
                match &self.statics[n].picture {
                    None => {
                        diags.push(Diagnostic::error(
                            span,
                            Problem::NotAnImage(path.to_string()),
                        ));
                        return None;
                    }
                    Some(Err(problem)) => {
                        diags.push(bad_image(path, problem.clone(), span));
                        return None;
                    }
                    Some(Ok(_)) => {}
                }
            }
            return self.by_kind.get(&RouteKind::Static(n)).copied();
        }
        let Some(&n) = adding.by_path.get(path) else {
            diags.push(missing(path, adding.by_path.keys().copied(), span));
            return None;
        };
        let file = &files[n];
        if file.outside {
            diags.push(Diagnostic::error(
                span,
                Problem::LinkedOutside(path.to_string()),
            ));
            return None;
        }
        if image {
            match &file.picture {
                None => {
                    diags.push(Diagnostic::error(
                        span,
                        Problem::NotAnImage(path.to_string()),
                    ));
                    return None;
                }
                Some(Err(problem)) => {
                    diags.push(bad_image(path, problem.clone(), span));
                    return None;
                }
                Some(Ok(_)) => {}
            }
        }
        let k = match adding.owner(path) {
            Some(owner) if self.doc_routes[owner].is_none() => {
                diags.push(Diagnostic::error(
                    span,
                    Problem::DraftFile {
                        file: path.to_string(),
                        draft: graph.doc(owner).id.to_string(),
                    },
                ));
                return None;
            }
            // Copied with its bundle (or refused there, and reported).
            Some(_) => adding.file_routes[n]?,
            None => {
                let kind_folder = format!("content/{}/", graph.doc(i).id.kind.folder());
                let Some(within) = path.strip_prefix(&kind_folder) else {
                    diags.push(
                        Diagnostic::error(span, Problem::FileNotBeside(path.to_string()))
                            .with_help(format!(
                                "move it beside the document, into `{kind_folder}`, or into `static/` and name it from the site root (`/{}`)",
                                path.rsplit('/').next().unwrap_or(path)
                            )),
                    );
                    return None;
                };
                let folder = self.page_folder(i)?;
                self.add_file(
                    adding,
                    file,
                    format!("{folder}{within}"),
                    graph,
                    diags,
                    span,
                )?
            }
        };
        if image {
            self.add_copies(adding, k, config, graph);
        }
        Some(k)
    }

    /// Adds the lighter copies of the image at route `k`, once. A copy
    /// whose place a file of the site has already is left out (the image
    /// is shown without it).
    fn add_copies(
        &mut self,
        adding: &mut Adding<'_>,
        k: RouteIndex,
        config: &Config,
        graph: &Graph,
    ) {
        let RouteKind::File(m) = self.routes[k].kind else {
            return;
        };
        let Some(picture) = self.files[m].picture else {
            return;
        };
        if !self.files[m].copies.is_empty() {
            return;
        }
        for copy in images::copies(&picture, &config.images) {
            let c = self.copies.len();
            self.copies.push(ImageCopy { of: m, copy });
            let made = route(RouteKind::ImageCopy(c), graph, self);
            if self.index_of(&made.path).is_some() || adding.added.contains_key(&made.path) {
                self.copies.pop();
                continue;
            }
            self.files[m].copies.push(c);
            adding.added.insert(made.path.clone(), self.routes.len());
            self.push(made);
        }
    }
}

/// What [`Plan::add_files`] keeps while it works.
struct Adding<'g> {
    /// The files of `content/`, by path from the site root.
    by_path: HashMap<&'g str, usize>,
    /// The files of `static/`, by path from the site root (`static/…`).
    statics: HashMap<String, usize>,
    /// Bundle folders (`content/briefs/x`), by their document.
    bundles: HashMap<String, DocIndex>,
    /// Where each document's file is.
    places: Vec<Option<Place>>,
    /// Per file of `content/`, its route when copied with its bundle.
    file_routes: Vec<Option<RouteIndex>>,
    /// Output paths added so far, with their routes.
    added: HashMap<UrlPath, RouteIndex>,
}

impl Adding<'_> {
    /// The document whose bundle holds the file at `path` (from the site
    /// root): bundles are `content/<kind>/<name>/`.
    fn owner(&self, path: &str) -> Option<DocIndex> {
        let parts: Vec<&str> = path.splitn(4, '/').collect();
        if parts.len() < 4 || Kind::from_folder(parts[1]).is_none() {
            return None;
        }
        self.bundles.get(&parts[..3].join("/")).copied()
    }

    /// The bundle folder of a document that is a bundle.
    fn folder_of(&self, i: DocIndex) -> String {
        self.places[i]
            .as_ref()
            .map(Place::folder)
            .expect("a bundle's document has a place")
    }
}

/// A file named that does not exist, with the nearest file of the same
/// folder as a suggestion.
fn missing<'a>(path: &str, known: impl Iterator<Item = &'a str>, span: Span) -> Diagnostic {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let near: Vec<&str> = known
        .filter_map(|p| {
            p.rsplit_once('/')
                .filter(|(f, _)| *f == folder)
                .map(|(_, n)| n)
        })
        .collect();
    Diagnostic::error(span, Problem::MissingFile(path.to_string()))
        .with_help_opt(crate::diagnostic::did_you_mean(name, near))
}

/// An image that cannot be shown.
fn bad_image(path: &str, problem: images::ImageProblem, span: Span) -> Diagnostic {
    Diagnostic::error(
        span,
        Problem::BadImage {
            file: path.to_string(),
            problem,
        },
    )
}

/// A file that would land where the output has one already.
fn clash(file: &ContentFile, output: &UrlPath, what: String, at: Span) -> Diagnostic {
    Diagnostic::error(
        at,
        Problem::FileClash {
            file: file.path.clone(),
            output: output.as_str().to_string(),
            what,
        },
    )
    .with_help("rename the file")
}
