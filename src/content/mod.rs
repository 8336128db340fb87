//! Loading `content/`: walking the kind folders, splitting front matter
//! from body, checking front matter into the domain types of DESIGN §3, and
//! finding the references each body makes.
//!
//! Hands on a [`Corpus`] of [`Document`]s whose references are still
//! unresolved ([`FieldRef`], [`BodyLink`]); resolving them is `graph`'s job.
//! A document whose front matter cannot be read still registers its
//! [`DocId`] (from its path) as an [`Invalid`] document, with its title when
//! that much could be read: references to it then resolve, and one mistake
//! is reported once, not again at every link to it (issue #11). No
//! placeholder stands in for what could not be read.

pub mod acled;
pub mod data;
mod files;
mod front;
mod kinds;
mod known;
mod memo;
mod tradecraft;
pub mod translation;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, SourceFile, Sources, Span};
use crate::markdown;
use crate::slug::Slug;

pub use known::ReadMemo;
pub use memo::ParseMemo;

pub use files::{ContentFile, Outside, Place};
pub use kinds::{
    Actor, ActorKind, Affiliation, Attachment, Brief, Confidence, Country, Event, EventKind,
    FileField, Location, Meta, Page, Source,
};
pub use tradecraft::{Indicator, KeyPoint, Located, SourceDocument, Watch};
pub use translation::Translation;

/// The kinds of document, each with its folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `content/briefs/`
    Brief,
    /// `content/countries/`
    Country,
    /// `content/actors/`
    Actor,
    /// `content/events/`
    Event,
    /// `content/pages/`
    Page,
    /// `content/sources/`: an outlet or agency that citations name by slug
    /// (issue #14).
    Source,
    /// `content/watch/<yyyy-mm>/<country>.md`: a country's month, its
    /// trend and alert (issue #14). It has no page of its own: the digest
    /// of its month and its country's page show it.
    Watch,
}

impl Kind {
    /// Every kind, in the order of DESIGN §3, then those of §8.
    pub const ALL: [Kind; 7] = [
        Kind::Brief,
        Kind::Country,
        Kind::Actor,
        Kind::Event,
        Kind::Page,
        Kind::Source,
        Kind::Watch,
    ];

    /// The folder under `content/`, which is also the first segment of ids and URLs.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Brief => "briefs",
            Kind::Country => "countries",
            Kind::Actor => "actors",
            Kind::Event => "events",
            Kind::Page => "pages",
            Kind::Source => "sources",
            Kind::Watch => "watch",
        }
    }

    /// Whether documents of the kind have a page of their own: all but
    /// [`Kind::Watch`], whose months are shown by digests and countries.
    pub fn has_page(self) -> bool {
        self != Kind::Watch
    }

    /// The kind whose folder is `name`.
    pub fn from_folder(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == name)
    }

    /// "a brief", "a country"… for messages.
    pub fn article(self) -> &'static str {
        match self {
            Kind::Brief => "a brief",
            Kind::Country => "a country",
            Kind::Actor => "an actor",
            Kind::Event => "an event",
            Kind::Page => "a page",
            Kind::Source => "a source",
            Kind::Watch => "a country's month",
        }
    }

    /// "brief", "country"… for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Brief => "brief",
            Kind::Country => "country",
            Kind::Actor => "actor",
            Kind::Event => "event",
            Kind::Page => "page",
            Kind::Source => "source",
            Kind::Watch => "month",
        }
    }
}

/// A document's identity: `<kind>/<slug>` (`countries/mali`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId {
    /// The kind.
    pub kind: Kind,
    /// The slug.
    pub slug: Slug,
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.folder(), self.slug)
    }
}

/// A slug written in a front-matter list (`countries: [mali]`), of the kind
/// the field implies, not yet resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRef {
    /// The slug as written.
    pub slug: String,
    /// Where it is written.
    pub span: Span,
    /// The field it is written in (`countries`, `location.country`…).
    pub field: &'static str,
    /// The kind it must name.
    pub kind: Kind,
}

/// What a body link names, as far as can be told without the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A document: a wiki link (`[[mali]]`, `[[countries/mali#Sécurité]]`)
    /// or a Markdown link to a document's file (`../actors/jnim.md#role`).
    Document {
        /// What names it: a slug, `kind/slug`, a title, name or alias.
        name: String,
        /// The heading it points at, as written (an id or a heading's
        /// text), without `#`.
        heading: Option<String>,
    },
    /// A heading of the same document (`[x](#contexte)`), without `#`.
    Heading(String),
    /// A path from the site root (`/briefs/x/`, `/img/a.png`): a page or a
    /// file of `static/`, written with the site's base path.
    Root {
        /// The path as written, from its first `/`, without `?` or `#`.
        path: String,
        /// The fragment, without `#`.
        fragment: Option<String>,
    },
    /// A file named by a relative path (`chart.png`, `../../static/a.pdf`),
    /// resolved against the document's folder (issue #12).
    File {
        /// Its path from the site root, percent-decoded, in `content/` or
        /// `static/`: `content/briefs/x/chart.png`.
        path: String,
        /// The fragment, without `#` (`page=2` of a PDF).
        fragment: Option<String>,
    },
}

/// A link (or image) written in a body that dossier resolves: every link
/// but external ones (`https:`, `mailto:`…), which are written as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyLink {
    /// What it names.
    pub target: LinkTarget,
    /// The whole link in the file: its start identifies it when the body is
    /// rendered.
    pub span: Span,
    /// Whether it is a wiki link (`[[…]]`).
    pub wiki: bool,
    /// Whether it is an image.
    pub image: bool,
}

/// A tag as written in a brief's `tags`.
#[derive(Debug, Clone, PartialEq)]
pub struct TagRef {
    /// The tag as written.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// One file of `content/`, checked.
#[derive(Debug, Clone)]
pub struct Document {
    /// `<kind>/<slug>`.
    pub id: DocId,
    /// Its file in [`Sources`].
    pub file: FileId,
    /// The front matter, by kind.
    pub meta: Meta,
    /// Byte offset of the body in the file (spans of body links add it).
    /// The body itself stays in [`Sources`]: see [`Document::body`].
    pub body_offset: usize,
    /// The XXH3-128 hash of the body: what the words of search (and the
    /// build's cache) know a body by, without reading it again (issue 17).
    pub body_hash: u128,
    /// Where the id is written: the `slug:` value, else the first line.
    pub id_span: Span,
    /// Where the title (or name) is written: its value, else the opening
    /// `---` line.
    pub title_span: Span,
    /// Links found in the body that dossier resolves, in order.
    pub links: Vec<BodyLink>,
    /// A body of plain text instead of the file's Markdown (the `notes` of
    /// an imported row, issue #18, empty when it has none): shown escaped,
    /// in paragraphs, never read as Markdown. `None` for every file of
    /// `content/`.
    pub plain: Option<Box<str>>,
}

/// The hash a document keeps of its body ([`Document::body_hash`]): XXH3
/// (128 bits) of the text [`Document::body`] returns, which whoever sets
/// or changes a body computes again.
pub fn hash_body(body: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(body.as_bytes())
}

impl Document {
    /// Title of a brief, event or page; name of a country or actor.
    pub fn title(&self) -> &str {
        self.meta.title()
    }

    /// The Markdown body: the file's text after the front matter, read from
    /// the file table rather than copied (a 100,000-brief site would hold
    /// its 650 MB of bodies twice). Only while the file is whole: pages
    /// read a body with [`Document::read_body`], which a build's released
    /// files need ([`crate::diagnostic::SourceFile::release`]).
    pub fn body<'s>(&'s self, sources: &'s Sources) -> &'s str {
        if let Some(plain) = &self.plain {
            return plain;
        }
        debug_assert!(
            !sources.is_released(self.file),
            "the body of a released file is read with `read_body`"
        );
        sources
            .text(self.file)
            .get(self.body_offset..)
            .unwrap_or("")
    }

    /// The Markdown body, read again from its file when the build released
    /// it ([`Release`]); an error if the file changed since.
    pub fn read_body<'s>(
        &'s self,
        sources: &'s Sources,
    ) -> Result<std::borrow::Cow<'s, str>, Box<crate::diagnostic::Diagnostic>> {
        match &self.plain {
            Some(plain) => Ok(std::borrow::Cow::Borrowed(plain)),
            None => sources.text_after(self.file, self.body_offset),
        }
    }

    /// The headings of the body, with the ids their HTML gets: read again
    /// from the text when asked, which is rare (links to a heading), from
    /// disk when the build released the file ([`Document::read_body`]).
    pub fn headings(
        &self,
        sources: &Sources,
    ) -> Result<Vec<markdown::Heading>, Box<crate::diagnostic::Diagnostic>> {
        Ok(markdown::headings(&self.read_body(sources)?))
    }

    /// Whether the body is blank. A released body is not: only bodies
    /// with text are released ([`Release`]).
    pub fn has_blank_body(&self, sources: &Sources) -> bool {
        match &self.plain {
            Some(plain) => plain.trim().is_empty(),
            None => !sources.is_released(self.file) && self.body(sources).trim().is_empty(),
        }
    }

    /// Whether the document is a draft (briefs and pages only).
    pub fn is_draft(&self) -> bool {
        self.meta.is_draft()
    }
}

/// A file of `content/` whose front matter could not be read into a
/// document (broken YAML, a required field missing or invalid): its id,
/// known from its path, still answers links, so that only its own problems
/// are reported.
#[derive(Debug, Clone)]
pub struct Invalid {
    /// `<kind>/<slug>` from its path (or its `slug:`, when readable).
    pub id: DocId,
    /// Its file in [`Sources`].
    pub file: FileId,
    /// Its title or name, when that much could be read.
    pub title: Option<String>,
    /// The front-matter references that could be read: they are checked
    /// like any document's, so that every problem is reported at once.
    pub refs: Vec<FieldRef>,
    /// The links of its body, likewise.
    pub links: Vec<BodyLink>,
}

/// What one file of `content/` gives. Most files are documents: boxing
/// them would cost an allocation each for the rare invalid one.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Loaded {
    /// A document.
    Valid(Document),
    /// A file whose front matter could not be read (its problems are pushed).
    Invalid(Invalid),
    /// A file that is not a document (an image, an attachment).
    File(ContentFile),
    /// A translation of a document (issue 16).
    Translation(Box<Translation>),
}

/// Every document of the site, in path order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The documents.
    pub docs: Vec<Document>,
    /// The files that could not be read into documents, by id.
    pub invalid: Vec<Invalid>,
    /// The files of `content/` that are not documents (images,
    /// attachments), in path order (issue #12).
    pub files: Vec<ContentFile>,
    /// The translation files, in path order (issue 16): each language's
    /// documents are made from them by `crate::translation`.
    pub translations: Vec<Translation>,
}

impl Corpus {
    /// Files loaded one by one, sorted into documents, invalid ones and
    /// other files.
    pub fn from_loaded(loaded: impl IntoIterator<Item = Loaded>) -> Corpus {
        let mut corpus = Corpus::default();
        for one in loaded {
            match one {
                Loaded::Valid(doc) => corpus.docs.push(doc),
                Loaded::Invalid(invalid) => corpus.invalid.push(invalid),
                Loaded::File(file) => corpus.files.push(file),
                Loaded::Translation(t) => corpus.translations.push(*t),
            }
        }
        corpus
    }
}

/// Walks `content/` and checks every document. Files are visited in path
/// order so that output and diagnostics never depend on the file system.
///
/// Texts that `memo` knows are not parsed again: their links and YAML
/// values are read from it (issue 17).
pub fn load(
    config: &Config,
    memo: &ParseMemo,
    release: Option<&Release<'_>>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Corpus {
    let content = config.root.join("content");
    let mut corpus =
        Corpus::from_loaded(load_under(config, &content, memo, release, sources, diags));
    corpus.docs.extend(data::load(config, sources, diags));
    corpus
}

/// Checks the documents at `path`, a file or a folder under `content/`, in
/// path order, as [`load`] does for the whole folder: `serve` reloads only
/// what changed on disk (issue #3). A path that no longer exists gives
/// nothing.
///
/// Links are followed so that a linked folder inside the site works, but
/// never out of it: a folder whose real path is outside the site root is
/// reported and not entered. walkdir reports link loops itself.
pub fn load_under(
    config: &Config,
    path: &Path,
    memo: &ParseMemo,
    release: Option<&Release<'_>>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<Loaded> {
    let mut docs = Vec::new();
    match std::fs::metadata(path) {
        Err(_) => return docs,
        Ok(meta) if !meta.is_dir() => {
            return load_file(config, path, memo, sources, diags)
                .into_iter()
                .collect();
        }
        Ok(_) => {}
    }
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let mut outside: Vec<PathBuf> = Vec::new();
    let mut files: Vec<(PathBuf, Reached)> = Vec::new();
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by(by_name)
        .into_iter()
        .filter_entry(|entry| {
            if !entry.path_is_symlink() || !entry.file_type().is_dir() {
                return true;
            }
            let inside =
                std::fs::canonicalize(entry.path()).is_ok_and(|real| real.starts_with(&root));
            if !inside {
                outside.push(entry.path().to_path_buf());
            }
            inside
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| path.to_path_buf());
                let reason = if error.loop_ancestor().is_some() {
                    "it is a link to a folder that contains it (a loop); remove the link"
                        .to_string()
                } else {
                    error.to_string()
                };
                let file = sources.add(relative(config, &path), String::new());
                diags.push(Diagnostic::error(
                    Span::new(file, 0, 0),
                    Problem::Unreadable(reason),
                ));
                continue;
            }
        };
        if entry.file_type().is_file() {
            let reached = if entry.path_is_symlink() {
                Reached::ByLink
            } else {
                Reached::Inside
            };
            files.push((entry.into_path(), reached));
        }
    }
    let (documents, others): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(path, _)| looks_like_markdown(path));
    docs.extend(load_files(
        config, &documents, memo, release, sources, diags,
    ));
    docs.extend(load_others(config, &others, sources));
    for path in outside {
        let file = sources.add(relative(config, &path), String::new());
        diags.push(Diagnostic::error(
            Span::new(file, 0, 0),
            Problem::Unreadable(
                "it is a link to a folder outside the site; dossier reads only files inside the site".to_string(),
            ),
        ));
    }
    docs
}

/// The order walkdir is asked to list a folder's entries in: by name, as
/// `sort_by_file_name` does, but comparing the whole paths. Entries of one
/// folder share its path up to their names, so the order is the same;
/// `sort_by_file_name` found each name by parsing its path again at every
/// comparison, 0.3 s of a build of 100,000 briefs in one folder (issue 17).
pub fn by_name(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    a.path().as_os_str().cmp(b.path().as_os_str())
}

/// Reads one document of `kind` from its text, as [`load`] does for a file
/// at `path` (relative to the site root): for tools and fuzzing, which have
/// text but no files.
pub fn read_text(
    kind: Kind,
    path: &str,
    text: String,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let place = Place::of_path(Path::new(path))
        .filter(|p| p.kind == kind)
        .unwrap_or(Place {
            kind,
            stem: Path::new(path).file_stem()?.to_string_lossy().into_owned(),
            bundle: false,
        });
    let file = sources.add(path, text);
    // Tools without a site read likelihoods on the default yardstick.
    let yardstick = crate::tradecraft::yardstick::Yardstick::default();
    let memo = ParseMemo::default();
    front::document(
        &place,
        file,
        Text::whole(sources.text(file)),
        yardstick,
        &memo,
        diags,
    )
}

/// The path of a file relative to the site root, as users see it.
fn relative(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf()
}

/// Reads and checks one file; `None` for files that are not documents
/// (hidden files, editor backups) or that cannot be read.
fn load_file(
    config: &Config,
    path: &Path,
    memo: &ParseMemo,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    if !looks_like_markdown(path) {
        return load_others(config, &[(path.to_path_buf(), Reached::ByLink)], sources).pop();
    }
    if skipped(path) {
        misnamed(config, path, sources, diags);
        return None;
    }
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let file = sources.next_id(0);
    let (source, doc) = register(read(config, &root, path, Reached::ByLink), file, diags);
    sources.push(source);
    parse(
        doc?,
        config,
        memo,
        file,
        Text::whole(sources.text(file)),
        diags,
    )
}

/// Whether a file's extension is a Markdown one in any case (`.md`, or a
/// misnamed `.MD`, `.markdown` that [`misnamed`] reports): the others are
/// the files documents bring (issue #12).
fn looks_like_markdown(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e.as_str()))
}

/// The extensions Markdown files are saved with.
const MARKDOWN_EXTENSIONS: [&str; 6] = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];

/// Reads the files of `content/` that are not documents (issue #12), on
/// any thread, then registers them in path order. Hidden files and editor
/// backups are left out.
fn load_others(
    config: &Config,
    paths: &[(PathBuf, Reached)],
    sources: &mut Sources,
) -> Vec<Loaded> {
    let real = |folder: &str| {
        let path = config.root.join(folder);
        std::fs::canonicalize(&path).unwrap_or(path)
    };
    let roots = [real("content"), real("static")];
    let kept: Vec<(PathBuf, &PathBuf)> = paths
        .iter()
        .map(|(path, _)| (relative(config, path), path))
        .filter(|(rel, _)| !files::is_hidden(rel))
        .collect();
    let ids: Vec<FileId> = (0..kept.len()).map(|k| sources.next_id(k)).collect();
    let read: Vec<ContentFile> = kept
        .par_iter()
        .zip(&ids)
        .map(|((rel, path), &file)| files::read(rel, path, &roots, file))
        .collect();
    read.into_iter()
        .map(|found| {
            let pushed = sources.push(SourceFile::new(PathBuf::from(&found.path), String::new()));
            debug_assert_eq!(pushed, found.file, "files are registered in order");
            Loaded::File(found)
        })
        .collect()
}

/// Loads many files, each read and parsed on any thread with the id it will
/// have in the file table, then registered and its problems merged in path
/// order: the same result as [`load_file`] on each file in turn, whatever
/// the number of threads. Reading and parsing in one pass lets one file be
/// parsed while another is read (issue #6). A `build` releases the bodies
/// of each run of files before it reads the next ([`Release`]).
fn load_files(
    config: &Config,
    paths: &[(PathBuf, Reached)],
    memo: &ParseMemo,
    release: Option<&Release<'_>>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<Loaded> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    for (path, _) in paths.iter().filter(|(p, _)| skipped(p)) {
        misnamed(config, path, sources, diags);
    }
    let kept: Vec<&(PathBuf, Reached)> = paths.iter().filter(|(p, _)| !skipped(p)).collect();
    if let Some(release) = release {
        sources.set_root(release.root);
    }
    let mut docs = Vec::with_capacity(kept.len());
    // In runs of files, so that a build that releases bodies holds the
    // texts of one run at a time, not of the whole site; in one run when
    // it keeps them (`check`, `serve`), with no wait between runs.
    let run_len = if release.is_some() {
        RELEASE_RUN
    } else {
        kept.len().max(1)
    };
    for run in kept.chunks(run_len) {
        let ids: Vec<FileId> = (0..run.len()).map(|k| sources.next_id(k)).collect();
        let mut done: Vec<(SourceFile, Option<Loaded>, Diagnostics)> = run
            .par_iter()
            .zip(&ids)
            .map(|((path, reached), &file)| {
                let known = release.map(|r| r.known);
                if let Some(recalled) = recall(config, path, *reached, file, memo, release) {
                    return recalled;
                }
                let mut own = Diagnostics::default();
                let read = read(config, &root, path, *reached);
                if let (Some(known), Some(stamp)) = (known, read.stamp()) {
                    known.saw(file, stamp, false);
                }
                let (source, doc) = register(read, file, &mut own);
                let text = Text::whole(source.text());
                let doc = doc.and_then(|what| parse(what, config, memo, file, text, &mut own));
                (source, doc, own)
            })
            .collect();
        if let Some(release) = release {
            release.apply(&mut done);
        }
        for ((source, doc, own), file) in done.into_iter().zip(ids) {
            let pushed = sources.push(source);
            debug_assert_eq!(
                pushed, file,
                "files are registered with the ids they were read with"
            );
            diags.extend(own);
            docs.extend(doc);
        }
    }
    if let Some(release) = release {
        release.known.forget_rest();
    }
    docs
}

/// How many files [`load_files`] reads at a time when it releases bodies:
/// enough that every core has work between two releases (about 5 MB of
/// text for generated briefs).
const RELEASE_RUN: usize = 1024;

/// What a `build` does with each document's file as soon as it is parsed
/// (issue 17): it learns the words of the body for search, then cuts the
/// text to its front matter ([`SourceFile::release`]). Pages read their
/// body again from disk ([`Document::read_body`]), so a build never holds
/// every body at once (70 of the 172 MB at the peak of a 10,000-brief
/// build, while loading and linking). `check` and `serve` keep the texts.
pub struct Release<'a> {
    /// The site root, which released files are read again from.
    pub root: &'a Path,
    /// Learns the words of bodies, each known by its hash
    /// ([`Document::body_hash`]), in the order given.
    pub learn: &'a (dyn Fn(&[u128], &[&str]) + Sync),
    /// The files the last build read, and those this one reads: a file
    /// whose stamp did not change since is not read again.
    pub known: &'a ReadMemo,
    /// What the files of `content/` were found to be before the build
    /// read anything ([`crate::unchanged::Seen`]): a file found there is
    /// not statted again.
    pub seen: Option<&'a crate::unchanged::Seen>,
}

impl Release<'_> {
    /// Learns the words of the bodies of `done` that can be released, in
    /// file order, then releases them. Kept whole: files that are not
    /// documents or translations, months of `watch/` (their bodies show
    /// inside other pages), blank bodies, and a file whose own problems
    /// reach into its body, which the report quotes.
    fn apply(&self, done: &mut [(SourceFile, Option<Loaded>, Diagnostics)]) {
        let cut: Vec<(usize, usize, u128)> = done
            .iter()
            .enumerate()
            .filter_map(|(k, (source, loaded, own))| {
                let (front, hash) = releasable(loaded.as_ref()?)?;
                let body = source.text().get(front..)?;
                (!body.trim().is_empty() && !reaches_body(own, front)).then_some((k, front, hash))
            })
            .collect();
        let keys: Vec<u128> = cut.iter().map(|&(_, _, hash)| hash).collect();
        let bodies: Vec<&str> = cut
            .iter()
            .map(|&(k, front, _)| &done[k].0.text()[front..])
            .collect();
        (self.learn)(&keys, &bodies);
        for (k, front, hash) in cut {
            done[k].0.release(front, hash);
        }
    }
}

/// Whether a file's own problems point past its first `front` bytes, into
/// its body: the report quotes them, so the file is kept whole.
fn reaches_body(own: &Diagnostics, front: usize) -> bool {
    own.spans().any(|span| span.end as usize > front)
}

/// Where the body of a loaded file starts and its hash, when its file may
/// be released ([`Release`]): documents and translations, not months of
/// `watch/`.
fn releasable(loaded: &Loaded) -> Option<(usize, u128)> {
    match loaded {
        Loaded::Valid(doc) if doc.plain.is_none() && doc.id.kind != Kind::Watch => {
            Some((doc.body_offset, doc.body_hash))
        }
        Loaded::Translation(t) if t.id.kind != Kind::Watch => Some((t.body_offset, t.body_hash)),
        _ => None,
    }
}

/// Whether a file under `content/` is no document, by its name alone:
/// hidden files, editor backups, and anything but Markdown.
fn skipped(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || path.extension().is_none_or(|e| e != "md")
}

/// Reports a Markdown file that dossier does not read because of its name
/// (`x.MD`, `x.markdown`): it would be left out of the site in silence
/// (issue #19). Other files are left alone: hidden files, editor backups,
/// and the files a brief links to.
fn misnamed(config: &Config, path: &Path, sources: &mut Sources, diags: &mut Diagnostics) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return;
    };
    if name.starts_with('.') || !looks_like_markdown(path) {
        return;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = sources.add(relative(config, path), String::new());
    diags.push(
        Diagnostic::error(
            Span::new(file, 0, 0),
            Problem::NotMarkdownName(name.into_owned()),
        )
        .with_help(format!("rename it to `{stem}.md`")),
    );
}

/// What a file of `content/` is read as: a document at its place, or a
/// translation of the document at its place (issue 16).
enum Parse {
    Document(Place),
    Translation(Place, crate::i18n::Language),
}

/// Reads a document's or a translation's text.
fn parse(
    what: Parse,
    config: &Config,
    memo: &ParseMemo,
    file: FileId,
    text: Text<'_>,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let yardstick = config.yardstick;
    match what {
        Parse::Document(place) => front::document(&place, file, text, yardstick, memo, diags),
        Parse::Translation(place, language) => {
            translation::read(&place, language, file, text, yardstick, memo, diags)
                .map(|t| Loaded::Translation(Box::new(t)))
        }
    }
}

/// A document's or translation's text, as a reader gets it.
pub struct Text<'a> {
    /// The whole file, or its front matter alone when `body` is known
    /// without it.
    pub text: &'a str,
    /// Where its body is.
    pub body: Body,
}

impl<'a> Text<'a> {
    /// A whole file's text.
    pub fn whole(text: &'a str) -> Text<'a> {
        Text {
            text,
            body: Body::InText,
        }
    }
}

/// Where the body of a text being read is.
pub enum Body {
    /// After its front matter, in the text.
    InText,
    /// Not in the text, which is the front matter alone: the file did not
    /// change since the last build read it ([`ReadMemo`]), which knew its
    /// body by its `hash` ([`hash_body`]) and its `links`.
    Known {
        hash: u128,
        links: Vec<markdown::Link>,
    },
}

impl Body {
    /// The hash and the links of the body that follows `front`, the text
    /// before it, from `memo` when it knows the text.
    fn read(self, text: &str, front: usize, memo: &ParseMemo) -> (u128, Vec<markdown::Link>) {
        match self {
            Body::InText => {
                let body = &text[front..];
                let hash = hash_body(body);
                (hash, memo.links(body, hash))
            }
            Body::Known { hash, links } => (hash, links),
        }
    }
}

/// A document or translation read from what the last build kept of its
/// file, when its stamp did not change since ([`ReadMemo`]), with its
/// entry in the file table and its problems: as reading it from disk would
/// give. `None` when it must be read: not kept, changed, found through a
/// link, its body's links unknown to `memo`, or problems reaching into
/// its body (which a report would quote).
///
/// Its stamp is the one the build found before reading anything when
/// there is one (a file changed since then is read again by the next
/// build, whose stats differ from the unchanged record's), else a stat.
fn recall(
    config: &Config,
    path: &Path,
    reached: Reached,
    file: FileId,
    memo: &ParseMemo,
    release: Option<&Release<'_>>,
) -> Option<(SourceFile, Option<Loaded>, Diagnostics)> {
    let release = release.filter(|r| reached == Reached::Inside && !r.known.is_empty())?;
    let known = release.known;
    let rel = relative(config, path);
    let what = parse_as(config, &rel)?;
    let meta = release
        .seen
        .and_then(|seen| seen.found(&rel))
        .or_else(|| std::fs::metadata(path).ok())?;
    let stamp = known::Stamp::of(&meta)?;
    let kept = known.recall(&rel, stamp)?;
    let links = memo.recalled_links(kept.whole.rest)?;
    let front = kept.front.len();
    let source = SourceFile::released_as(rel, kept.front, kept.whole);
    let mut own = Diagnostics::default();
    let body = Body::Known {
        hash: kept.whole.rest,
        links,
    };
    let text = Text {
        text: source.text(),
        body,
    };
    let doc = parse(what, config, memo, file, text, &mut own);
    // As the last build released it: else reading it gives another file
    // table.
    let released = doc.as_ref().and_then(releasable).map(|(at, _)| at) == Some(front);
    if !released || reaches_body(&own, front) {
        return None;
    }
    known.saw(file, stamp, true);
    Some((source, doc, own))
}

/// What a file at `rel` (from the site root) is read as, by its path: a
/// document, a translation, or neither (`None`).
fn parse_as(config: &Config, rel: &Path) -> Option<Parse> {
    let translated = config
        .is_multilingual()
        .then(|| translation::place_of(rel, &config.languages))
        .flatten();
    match translated {
        Some((place, language)) => Some(Parse::Translation(place, language)),
        None => Place::of_path(rel).map(Parse::Document),
    }
}

/// What reading one file under `content/` gave.
enum Read {
    /// A Markdown file outside the kind folders.
    Stray { rel: PathBuf, text: String },
    /// A Markdown file inside a kind folder's subfolder other than a
    /// bundle's `index.md` (issue #12).
    InBundle { rel: PathBuf, text: String },
    /// A file that could not be read.
    Unreadable { rel: PathBuf, reason: String },
    /// A file that is not UTF-8.
    NotUtf8 {
        rel: PathBuf,
        lossy: String,
        valid: usize,
    },
    /// A document's or a translation's text, ready to parse as `what`,
    /// with the file's stamp when it was read (found by the walk of
    /// `content/`, not through a link).
    Text {
        rel: PathBuf,
        what: Parse,
        text: String,
        stamp: Option<known::Stamp>,
    },
}

impl Read {
    /// The stamp of a document's or translation's file when it was read.
    fn stamp(&self) -> Option<known::Stamp> {
        match self {
            Read::Text { stamp, .. } => *stamp,
            _ => None,
        }
    }
}

/// How a file was found, which says whether its real path must be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    /// Not a link, found by the walk of `content/`, which enters only
    /// folders inside the site: it is inside.
    Inside,
    /// A link, or a path given from elsewhere (`serve`'s watcher): its real
    /// path is checked.
    ByLink,
}

/// Reads one file (no shared state: runs on any thread).
/// The file is one that [`skipped`] keeps: Markdown, not hidden.
fn read(config: &Config, root: &Path, path: &Path, reached: Reached) -> Read {
    let rel = relative(config, path);
    let Some(what) = parse_as(config, &rel) else {
        let text = read_inside(root, path, reached)
            .ok()
            .and_then(|bytes| crate::utf8::string(bytes).ok())
            .unwrap_or_default();
        let in_kind_folder = rel
            .components()
            .nth(1)
            .is_some_and(|c| Kind::from_folder(&c.as_os_str().to_string_lossy()).is_some());
        if in_kind_folder && rel.components().count() > 3 {
            return Read::InBundle { rel, text };
        }
        return Read::Stray { rel, text };
    };
    let (bytes, stamp) = match read_stamped(root, path, reached) {
        Ok(read) => read,
        Err(reason) => return Read::Unreadable { rel, reason },
    };
    match crate::utf8::string(bytes) {
        Ok(text) => Read::Text {
            rel,
            what,
            text,
            stamp,
        },
        Err(error) => Read::NotUtf8 {
            rel,
            valid: error.utf8_error().valid_up_to(),
            lossy: String::from_utf8_lossy(error.as_bytes()).into_owned(),
        },
    }
}

/// What a read file becomes: its entry in the file table (to be registered
/// with the id `file`), and the kind and stem of the document to parse when
/// it is one. Problems of the file itself are pushed.
fn register(read: Read, file: FileId, diags: &mut Diagnostics) -> (SourceFile, Option<Parse>) {
    match read {
        Read::InBundle { rel, text } => {
            let first_line = text.find(['\r', '\n']).unwrap_or(text.len());
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let name = parts.last().cloned().unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    Span::new(file, 0, first_line),
                    Problem::MarkdownInBundle {
                        file: rel.display().to_string(),
                        folder: parts[..parts.len() - 1].join("/"),
                    },
                )
                .with_help(format!(
                    "to make it a document of its own, move it to `{}/{}/{name}`; to keep it as a file of the bundle, give it another extension, such as `.txt`",
                    parts[0], parts[1]
                )),
            );
            (SourceFile::new(rel, text), None)
        }
        Read::Stray { rel, text } => {
            let first_line = text.find(['\r', '\n']).unwrap_or(text.len());
            let folder = rel
                .components()
                .nth(1)
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let help = folder.and_then(|folder| {
                crate::diagnostic::did_you_mean(&folder, Kind::ALL.map(Kind::folder))
            });
            diags.push(
                Diagnostic::error(
                    Span::new(file, 0, first_line),
                    Problem::StrayFile(rel.display().to_string()),
                )
                .with_help_opt(help),
            );
            (SourceFile::new(rel, text), None)
        }
        Read::Unreadable { rel, reason } => {
            diags.push(Diagnostic::error(
                Span::new(file, 0, 0),
                Problem::Unreadable(reason),
            ));
            (SourceFile::new(rel, String::new()), None)
        }
        Read::NotUtf8 { rel, lossy, valid } => {
            diags.push(Diagnostic::error(
                Span::new(file, valid, valid + 1),
                Problem::NotUtf8(valid),
            ));
            (SourceFile::new(rel, lossy), None)
        }
        Read::Text {
            rel, what, text, ..
        } => (SourceFile::new(rel, text), Some(what)),
    }
}

/// Reads a file as [`read_inside`] does, with its stamp (for
/// [`ReadMemo`]) when the walk of `content/` found it: one that a link
/// leads to is not kept.
fn read_stamped(
    root: &Path,
    path: &Path,
    reached: Reached,
) -> Result<(Vec<u8>, Option<known::Stamp>), String> {
    if reached != Reached::Inside {
        return read_inside(root, path, reached).map(|bytes| (bytes, None));
    }
    let read = || -> std::io::Result<(Vec<u8>, Option<known::Stamp>)> {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path)?;
        // Stamped before it is read: a change while it is read gives the
        // file another stamp, which the next build does not trust.
        let meta = file.metadata()?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        Ok((bytes, known::Stamp::of(&meta)))
    };
    read().map_err(|e| e.to_string())
}

/// Reads a file, refusing symlinks that lead outside the site root (given
/// with its links resolved). Resolving a path costs a `readlink` per folder
/// of it: for the walk's plain files, which cannot lead outside, it was 7%
/// of `check` on 10,000 briefs (issue #6), so it is skipped.
fn read_inside(root: &Path, path: &Path, reached: Reached) -> Result<Vec<u8>, String> {
    if reached == Reached::Inside {
        return std::fs::read(path).map_err(|e| e.to_string());
    }
    let real = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    if !real.starts_with(root) {
        return Err(format!(
            "it is a link to `{}`, outside the site; dossier reads only files inside the site",
            real.display()
        ));
    }
    std::fs::read(&real).map_err(|e| e.to_string())
}

/// The links of a body that dossier resolves, with the kind of thing each
/// names, from every link of the body ([`markdown::links`], which
/// [`ParseMemo::links`] may know already). Relative links leading out of
/// `content/` and `static/` are reported, and so are images without alt
/// text (a warning).
fn scan_body(
    place: &Place,
    links: Vec<markdown::Link>,
    body_offset: usize,
    file: FileId,
    diags: &mut Diagnostics,
) -> Vec<BodyLink> {
    let mut resolved: Vec<BodyLink> = links
        .into_iter()
        .filter_map(|link| {
            let span = Span::new(
                file,
                body_offset + link.range.start,
                body_offset + link.range.end,
            );
            if link.image && link.alt.trim().is_empty() {
                diags.push(
                    Diagnostic::warning(span, Problem::NoAltText).with_help(
                        "say in a few words what the image shows: `![a chart of exports](chart.png)`",
                    ),
                );
            }
            let target = match link_target(place, &link) {
                Ok(target) => target?,
                Err(problem) => {
                    diags.push(Diagnostic::error(span, problem).with_help(
                        "put the file beside the document, or in `static/` and link it from the site root (`/img/chart.png`)",
                    ));
                    return None;
                }
            };
            Some(BodyLink {
                target,
                span,
                wiki: link.wiki,
                image: link.image,
            })
        })
        .collect();
    // Collected in place, in the buffer of the links found (larger items,
    // and room to grow): a document keeps its links to the end of the
    // build, and that buffer was 12 MB at 10,000 briefs (issue 17).
    resolved.shrink_to_fit();
    resolved
}

/// What a link names; `None` for external links (any URL with a scheme,
/// such as `https:` or `mailto:`, or starting with `//`), which are written
/// as they are. A relative link to a `.md` file names a document; to any
/// other file, that file (issue #12), unless it leads out of `content/`
/// and `static/`: that is the problem returned.
fn link_target(place: &Place, link: &markdown::Link) -> Result<Option<LinkTarget>, Problem> {
    let (path, fragment) = match link.dest.split_once('#') {
        Some((path, fragment)) => (path, Some(decoded(fragment)).filter(|f| !f.is_empty())),
        None => (link.dest.as_str(), None),
    };
    if link.wiki {
        return Ok(Some(LinkTarget::Document {
            name: path.trim().to_string(),
            heading: fragment.map(|f| f.trim().to_string()),
        }));
    }
    if path.is_empty() {
        return Ok(fragment.map(LinkTarget::Heading));
    }
    if has_scheme(path) || path.starts_with("//") {
        return Ok(None);
    }
    let path = path.split('?').next().unwrap_or(path);
    if path.starts_with('/') {
        return Ok(Some(LinkTarget::Root {
            path: path.to_string(),
            fragment,
        }));
    }
    if let Some(name) = document_target(place, path) {
        return Ok(Some(LinkTarget::Document {
            name,
            heading: fragment,
        }));
    }
    let written = decoded(path);
    match place.resolve(&written) {
        Ok(path) => Ok(Some(LinkTarget::File { path, fragment })),
        Err(outside) => Err(kinds::outside_problem(&written, outside)),
    }
}

/// Whether a destination starts with a URL scheme (`https:`, `mailto:`,
/// `tel:`…): letters, then letters, digits, `+`, `-` or `.`, then `:`.
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A percent-encoded part of a URL as text (`S%C3%A9curit%C3%A9` is
/// `Sécurité`); bytes that are not UTF-8 stay encoded.
pub fn decoded(part: &str) -> String {
    percent_encoding::percent_decode_str(part)
        .decode_utf8()
        .map_or_else(|_| part.to_string(), |text| text.into_owned())
}

/// The `<kind>/<slug>` a Markdown link to a `.md` file names, relative to
/// the folder of the linking document; `None` for links to anything else.
///
/// `../actors/jnim.md` from a brief is `actors/jnim`; `mali.md` from a
/// country is `countries/mali`; from a bundle (`briefs/x/index.md`),
/// `../../actors/jnim.md` is `actors/jnim` and `../y/index.md` is `briefs/y`.
fn document_target(place: &Place, path: &str) -> Option<String> {
    let stem = path.strip_suffix(".md")?;
    let stem = decoded(stem);
    let mut segments: Vec<&str> = vec![place.kind.folder()];
    if place.bundle {
        segments.push(&place.stem);
    }
    for part in stem.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    match segments.as_slice() {
        [folder, slug] | [folder, slug, "index"] if Kind::from_folder(folder).is_some() => {
            Some(format!("{folder}/{slug}"))
        }
        _ => Some(stem.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(from: Kind, dest: &str) -> Option<LinkTarget> {
        let place = Place {
            kind: from,
            stem: "x".to_string(),
            bundle: false,
        };
        let links = markdown::links(dest);
        link_target(&place, links.first().expect("one link")).expect("inside the site")
    }

    fn document(name: &str, heading: Option<&str>) -> Option<LinkTarget> {
        Some(LinkTarget::Document {
            name: name.to_string(),
            heading: heading.map(str::to_string),
        })
    }

    #[test]
    fn markdown_links_to_files_become_ids() {
        assert_eq!(
            target(Kind::Brief, "[x](../actors/jnim.md)"),
            document("actors/jnim", None)
        );
        assert_eq!(
            target(Kind::Country, "[x](mali.md)"),
            document("countries/mali", None)
        );
        assert_eq!(
            target(Kind::Brief, "[x](../events/x.md#detail)"),
            document("events/x", Some("detail"))
        );
        assert_eq!(target(Kind::Brief, "[x](https://example.org/a.md)"), None);
        assert_eq!(
            target(Kind::Brief, "[x](image.png)"),
            Some(LinkTarget::File {
                path: "content/briefs/image.png".to_string(),
                fragment: None
            })
        );
    }

    #[test]
    fn links_from_a_bundle_start_from_its_folder() {
        let place = Place {
            kind: Kind::Brief,
            stem: "x".to_string(),
            bundle: true,
        };
        let target = |dest: &str| {
            let links = markdown::links(dest);
            link_target(&place, links.first().expect("one link")).expect("inside the site")
        };
        assert_eq!(
            target("[x](../../actors/jnim.md)"),
            document("actors/jnim", None)
        );
        assert_eq!(target("[x](../y/index.md)"), document("briefs/y", None));
        assert_eq!(
            target("![x](img/carte%20du%20Mali.png)"),
            Some(LinkTarget::File {
                path: "content/briefs/x/img/carte du Mali.png".to_string(),
                fragment: None
            })
        );
        assert_eq!(
            target("[x](note.pdf#page=2)"),
            Some(LinkTarget::File {
                path: "content/briefs/x/note.pdf".to_string(),
                fragment: Some("page=2".to_string())
            })
        );
        let links = markdown::links("[x](../../../../etc/passwd) [y](../../../site.yaml)");
        assert_eq!(
            link_target(&place, &links[0]),
            Err(Problem::FileOutsideSite(
                "../../../../etc/passwd".to_string()
            ))
        );
        assert_eq!(
            link_target(&place, &links[1]),
            Err(Problem::FileOutsideFolders(
                "../../../site.yaml".to_string()
            ))
        );
    }

    #[test]
    fn an_image_keeps_its_alt_text() {
        let links = markdown::links("![a *chart* of `x`](a.png) [not an image](b.png)");
        assert_eq!(links[0].alt, "a chart of x");
        assert!(links[0].image && !links[1].image);
        assert_eq!(links[1].alt, "");
    }

    #[test]
    fn wiki_links_name_documents_and_headings() {
        assert_eq!(target(Kind::Brief, "[[mali]]"), document("mali", None));
        assert_eq!(
            target(Kind::Brief, "[[countries/mali#Sécurité|texte]]"),
            document("countries/mali", Some("Sécurité"))
        );
    }

    #[test]
    fn other_links_are_headings_roots_or_external() {
        assert_eq!(
            target(Kind::Brief, "[x](#contexte)"),
            Some(LinkTarget::Heading("contexte".to_string()))
        );
        assert_eq!(
            target(Kind::Brief, "[x](/briefs/a%20b/?q=1#s%C3%A9)"),
            Some(LinkTarget::Root {
                path: "/briefs/a%20b/".to_string(),
                fragment: Some("sé".to_string())
            })
        );
        assert_eq!(
            target(Kind::Brief, "![x](/img/a.png)"),
            Some(LinkTarget::Root {
                path: "/img/a.png".to_string(),
                fragment: None
            })
        );
        for external in [
            "[x](mailto:a@b.org)",
            "[x](//cdn.example.org/a)",
            "<https://example.org>",
            "[x](tel:+221)",
            "[x](HTTPS://E.ORG)",
        ] {
            assert_eq!(target(Kind::Brief, external), None, "{external}");
        }
    }
}
