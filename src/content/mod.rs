//! Loading `content/`: walking the five kind folders, splitting front matter
//! from body, checking front matter into the domain types of DESIGN §3, and
//! finding the references each body makes.
//!
//! Hands on a [`Corpus`] of [`Document`]s whose references are still
//! unresolved ([`FieldRef`], [`BodyRef`]); resolving them is `graph`'s job.
//! A document whose front matter fails still registers its [`DocId`] (with
//! what could be read), so references to it do not cascade into more errors.

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

/// A link written in a body, not yet resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyRef {
    /// What the link names: `mali`, `countries/mali`, `le JNIM`, or
    /// `actors/jnim` for a Markdown link to `../actors/jnim.md`.
    pub target: String,
    /// The whole link in the file.
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
    /// Links found in the body, in order.
    pub links: Vec<BodyRef>,
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

    /// Whether the document is a draft (briefs and pages only).
    pub fn is_draft(&self) -> bool {
        self.meta.is_draft()
    }
}

/// Every document of the site, in path order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The documents.
    pub docs: Vec<Document>,
}

/// Walks `content/` and checks every document. Files are visited in path
/// order so that output and diagnostics never depend on the file system.
pub fn load(config: &Config, sources: &mut Sources, diags: &mut Diagnostics) -> Corpus {
    let content = config.root.join("content");
    if !content.is_dir() {
        return Corpus::default();
    }
    Corpus {
        docs: load_under(config, &content, sources, diags),
    }
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
) -> Vec<Document> {
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
) -> Option<Document> {
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
) -> Option<Document> {
    if skipped(path) {
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
) -> Vec<Document> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let kept: Vec<&(PathBuf, Reached)> = paths.iter().filter(|(p, _)| !skipped(p)).collect();
    let ids: Vec<FileId> = (0..kept.len()).map(|k| sources.next_id(k)).collect();
    let done: Vec<(SourceFile, Option<Document>, Diagnostics)> = kept
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

/// Finds the links of a body and turns Markdown links to other documents'
/// files into `<kind>/<slug>` targets.
fn body_links(id: &DocId, body: &str, body_offset: usize, file: FileId) -> Vec<BodyRef> {
    markdown::references(body)
        .into_iter()
        .filter_map(|link| {
            let target = if link.wiki {
                link.dest
            } else {
                document_target(id.kind, &link.dest)?
            };
            Some(BodyRef {
                target,
                span: Span::new(
                    file,
                    body_offset + link.range.start,
                    body_offset + link.range.end,
                ),
            })
        })
        .collect()
}

/// The `<kind>/<slug>` a Markdown link to a `.md` file names, relative to
/// the folder of the linking document; `None` for links to anything else.
///
/// `../actors/jnim.md` from a brief is `actors/jnim`; `mali.md` from a
/// country is `countries/mali`.
fn document_target(from: Kind, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with('/') || dest.starts_with("mailto:") {
        return None;
    }
    let path = dest.split(['#', '?']).next()?;
    let stem = path.strip_suffix(".md")?;
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

    #[test]
    fn markdown_links_to_files_become_ids() {
        assert_eq!(
            document_target(Kind::Brief, "../actors/jnim.md").as_deref(),
            Some("actors/jnim")
        );
        assert_eq!(
            document_target(Kind::Country, "mali.md").as_deref(),
            Some("countries/mali")
        );
        assert_eq!(
            document_target(Kind::Brief, "../events/x.md#detail").as_deref(),
            Some("events/x")
        );
        assert_eq!(
            document_target(Kind::Brief, "https://example.org/a.md"),
            None
        );
        assert_eq!(document_target(Kind::Brief, "image.png"), None);
    }
}
