//! Loading `content/`: walking the five kind folders, splitting front matter
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
mod front;
mod kinds;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, SourceFile, Sources, Span};
use crate::markdown;
use crate::slug::Slug;

pub use kinds::{
    Actor, ActorKind, Affiliation, Brief, Confidence, Country, Event, EventKind, Location, Meta,
    Page, Source,
};

/// The five kinds of document, each with its folder under `content/`.
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
}

impl Kind {
    /// Every kind, in the order of DESIGN §3.
    pub const ALL: [Kind; 5] = [
        Kind::Brief,
        Kind::Country,
        Kind::Actor,
        Kind::Event,
        Kind::Page,
    ];

    /// The folder under `content/`, which is also the first segment of ids and URLs.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Brief => "briefs",
            Kind::Country => "countries",
            Kind::Actor => "actors",
            Kind::Event => "events",
            Kind::Page => "pages",
        }
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
    /// Where the id is written: the `slug:` value, else the first line.
    pub id_span: Span,
    /// Where the title (or name) is written: its value, else the opening
    /// `---` line.
    pub title_span: Span,
    /// Links found in the body that dossier resolves, in order.
    pub links: Vec<BodyLink>,
}

impl Document {
    /// Title of a brief, event or page; name of a country or actor.
    pub fn title(&self) -> &str {
        self.meta.title()
    }

    /// The Markdown body: the file's text after the front matter, read from
    /// the file table rather than copied (a 100,000-brief site would hold
    /// its 650 MB of bodies twice).
    pub fn body<'s>(&self, sources: &'s Sources) -> &'s str {
        sources
            .text(self.file)
            .get(self.body_offset..)
            .unwrap_or("")
    }

    /// The headings of the body, with the ids their HTML gets: read again
    /// from the text when asked, which is rare (links to a heading).
    pub fn headings(&self, sources: &Sources) -> Vec<markdown::Heading> {
        markdown::headings(self.body(sources))
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
}

/// Every document of the site, in path order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The documents.
    pub docs: Vec<Document>,
    /// The files that could not be read into documents, by id.
    pub invalid: Vec<Invalid>,
}

impl Corpus {
    /// Files loaded one by one, sorted into documents and invalid ones.
    pub fn from_loaded(loaded: impl IntoIterator<Item = Loaded>) -> Corpus {
        let mut corpus = Corpus::default();
        for one in loaded {
            match one {
                Loaded::Valid(doc) => corpus.docs.push(doc),
                Loaded::Invalid(invalid) => corpus.invalid.push(invalid),
            }
        }
        corpus
    }
}

/// Walks `content/` and checks every document. Files are visited in path
/// order so that output and diagnostics never depend on the file system.
pub fn load(config: &Config, sources: &mut Sources, diags: &mut Diagnostics) -> Corpus {
    let content = config.root.join("content");
    if !content.is_dir() {
        return Corpus::default();
    }
    Corpus::from_loaded(load_under(config, &content, sources, diags))
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
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<Loaded> {
    let mut docs = Vec::new();
    match std::fs::metadata(path) {
        Err(_) => return docs,
        Ok(meta) if !meta.is_dir() => {
            return load_file(config, path, sources, diags)
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
        .sort_by_file_name()
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
    docs.extend(load_files(config, &files, sources, diags));
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
    let stem = Path::new(path).file_stem()?.to_string_lossy().into_owned();
    let file = sources.add(path, text);
    front::document(kind, &stem, file, sources.text(file), diags)
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
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    if skipped(path) {
        misnamed(config, path, sources, diags);
        return None;
    }
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let file = sources.next_id(0);
    let (source, doc) = register(read(config, &root, path, Reached::ByLink), file, diags);
    sources.push(source);
    let (kind, stem) = doc?;
    front::document(kind, &stem, file, sources.text(file), diags)
}

/// Loads many files, each read and parsed on any thread with the id it will
/// have in the file table, then registered and its problems merged in path
/// order: the same result as [`load_file`] on each file in turn, whatever
/// the number of threads. Reading and parsing in one pass lets one file be
/// parsed while another is read (issue #6).
fn load_files(
    config: &Config,
    paths: &[(PathBuf, Reached)],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<Loaded> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    for (path, _) in paths.iter().filter(|(p, _)| skipped(p)) {
        misnamed(config, path, sources, diags);
    }
    let kept: Vec<&(PathBuf, Reached)> = paths.iter().filter(|(p, _)| !skipped(p)).collect();
    let ids: Vec<FileId> = (0..kept.len()).map(|k| sources.next_id(k)).collect();
    let done: Vec<(SourceFile, Option<Loaded>, Diagnostics)> = kept
        .par_iter()
        .zip(&ids)
        .map(|((path, reached), &file)| {
            let mut own = Diagnostics::default();
            let (source, doc) = register(read(config, &root, path, *reached), file, &mut own);
            let doc = doc.and_then(|(kind, stem)| {
                front::document(kind, &stem, file, source.text(), &mut own)
            });
            (source, doc, own)
        })
        .collect();
    let mut docs = Vec::with_capacity(done.len());
    for ((source, doc, own), file) in done.into_iter().zip(ids) {
        let pushed = sources.push(source);
        debug_assert_eq!(
            pushed, file,
            "files are registered with the ids they were read with"
        );
        diags.extend(own);
        docs.extend(doc);
    }
    docs
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
    let markdown = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];
    let Some(extension) = path.extension().map(|e| e.to_string_lossy().to_lowercase()) else {
        return;
    };
    if name.starts_with('.') || !markdown.contains(&extension.as_str()) {
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

/// What reading one file under `content/` gave.
enum Read {
    /// A Markdown file outside the kind folders.
    Stray { rel: PathBuf, text: String },
    /// A file that could not be read.
    Unreadable { rel: PathBuf, reason: String },
    /// A file that is not UTF-8.
    NotUtf8 {
        rel: PathBuf,
        lossy: String,
        valid: usize,
    },
    /// A document's text, ready to parse.
    Text {
        rel: PathBuf,
        kind: Kind,
        stem: String,
        text: String,
    },
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
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let kind = match parts.as_slice() {
        [_, folder, _] => Kind::from_folder(folder),
        _ => None,
    };
    let Some(kind) = kind else {
        let text = read_inside(root, path, reached)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default();
        return Read::Stray { rel, text };
    };
    let bytes = match read_inside(root, path, reached) {
        Ok(bytes) => bytes,
        Err(reason) => return Read::Unreadable { rel, reason },
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match String::from_utf8(bytes) {
        Ok(text) => Read::Text {
            rel,
            kind,
            stem,
            text,
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
fn register(
    read: Read,
    file: FileId,
    diags: &mut Diagnostics,
) -> (SourceFile, Option<(Kind, String)>) {
    match read {
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
            rel,
            kind,
            stem,
            text,
        } => (SourceFile::new(rel, text), Some((kind, stem))),
    }
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
/// names.
fn scan_body(kind: Kind, body: &str, body_offset: usize, file: FileId) -> Vec<BodyLink> {
    markdown::links(body)
        .into_iter()
        .filter_map(|link| {
            Some(BodyLink {
                target: link_target(kind, &link)?,
                span: Span::new(
                    file,
                    body_offset + link.range.start,
                    body_offset + link.range.end,
                ),
                wiki: link.wiki,
                image: link.image,
            })
        })
        .collect()
}

/// What a link names; `None` for external links (any URL with a scheme,
/// such as `https:` or `mailto:`, or starting with `//`), which are written
/// as they are, and for relative links to other files.
fn link_target(from: Kind, link: &markdown::Link) -> Option<LinkTarget> {
    let (path, fragment) = match link.dest.split_once('#') {
        Some((path, fragment)) => (path, Some(decoded(fragment)).filter(|f| !f.is_empty())),
        None => (link.dest.as_str(), None),
    };
    if link.wiki {
        return Some(LinkTarget::Document {
            name: path.trim().to_string(),
            heading: fragment.map(|f| f.trim().to_string()),
        });
    }
    if path.is_empty() {
        return fragment.map(LinkTarget::Heading);
    }
    if has_scheme(path) || path.starts_with("//") {
        return None;
    }
    let path = path.split('?').next().unwrap_or(path);
    if path.starts_with('/') {
        return Some(LinkTarget::Root {
            path: path.to_string(),
            fragment,
        });
    }
    document_target(from, path).map(|name| LinkTarget::Document {
        name,
        heading: fragment,
    })
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
/// country is `countries/mali`.
fn document_target(from: Kind, path: &str) -> Option<String> {
    let stem = path.strip_suffix(".md")?;
    let stem = decoded(stem);
    let mut segments: Vec<&str> = vec![from.folder()];
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
        [folder, slug] if Kind::from_folder(folder).is_some() => Some(format!("{folder}/{slug}")),
        _ => Some(stem.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(from: Kind, dest: &str) -> Option<LinkTarget> {
        let links = markdown::links(dest);
        link_target(from, links.first().expect("one link"))
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
        assert_eq!(target(Kind::Brief, "[x](image.png)"), None);
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
