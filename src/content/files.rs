//! The files of `content/` that are not documents (issue #12): images and
//! attachments kept beside the documents that show them, in a bundle
//! (`content/briefs/<slug>/index.md` and its other files) or beside a
//! flat file (`content/briefs/<slug>.md` and `chart.png`).
//!
//! This module finds them and reads what they are ([`ContentFile`]), and
//! resolves a relative path written in a document against the document's
//! folder ([`Place::resolve`]). Which output path each file gets, and
//! whether a reference to one is sound, is the plan's to say: it knows
//! which documents are built.

use std::path::{Path, PathBuf};

use super::Kind;
use crate::diagnostic::FileId;
use crate::images::{self, ImageProblem, Picture};

/// A file of `content/` that is not a document.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentFile {
    /// Its path from the site root, with `/`: `content/briefs/x/chart.png`.
    pub path: String,
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its entry in the file table (without text), for its problems.
    pub file: FileId,
    /// Its size in bytes (attachments show it).
    pub size: u64,
    /// When it was last written: `serve` tells a changed file by it.
    pub modified: Option<std::time::SystemTime>,
    /// Whether it is a link to a file outside `content/` and `static/`:
    /// such a file is never copied.
    pub outside: bool,
    /// What it is as an image, when its name says it is one.
    pub picture: Option<Result<Picture, ImageProblem>>,
}

/// Where a document's file is: its kind, the name its id comes from, and
/// whether it is the `index.md` of a bundle, which says the folder its
/// relative links start from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The kind of its folder.
    pub kind: Kind,
    /// Its file's stem, or its bundle folder's name.
    pub stem: String,
    /// Whether it is `content/<kind>/<stem>/index.md`.
    pub bundle: bool,
}

/// Why a relative path written in a document names no file that dossier
/// may copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// Its `..` lead above the site root.
    Site,
    /// It names a file of the site outside `content/` and `static/`.
    Folders,
}

impl Place {
    /// The place of a document file from its path relative to the site
    /// root: `content/<kind>/<stem>.md` or `content/<kind>/<stem>/index.md`
    /// (and `content/watch/<yyyy-mm>/<country>.md`).
    pub fn of_path(path: &Path) -> Option<Place> {
        let parts: Vec<String> = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [_, folder, name] => Some(Place {
                kind: Kind::from_folder(folder)?,
                stem: Path::new(name).file_stem()?.to_string_lossy().into_owned(),
                bundle: false,
            }),
            // A country's month is one folder deeper,
            // `watch/<yyyy-mm>/<country>.md`, and its stem says both (#14).
            [_, folder, month, name] if Kind::from_folder(folder) == Some(Kind::Watch) => {
                Some(Place {
                    kind: Kind::Watch,
                    stem: format!("{month}-{}", Path::new(name).file_stem()?.to_string_lossy()),
                    bundle: false,
                })
            }
            [_, folder, stem, index] if index == "index.md" => Some(Place {
                kind: Kind::from_folder(folder)?,
                stem: stem.clone(),
                bundle: true,
            }),
            _ => None,
        }
    }

    /// The folder relative links start from, from the site root:
    /// `content/briefs` for a flat file, `content/briefs/x` for a bundle.
    pub fn folder(&self) -> String {
        if self.bundle {
            format!("content/{}/{}", self.kind.folder(), self.stem)
        } else if let Some(month) = self.stem.get(..7).filter(|_| self.kind == Kind::Watch) {
            // `2025-07-mali` is `content/watch/2025-07/mali.md`.
            format!("content/{}/{month}", self.kind.folder())
        } else {
            format!("content/{}", self.kind.folder())
        }
    }

    /// The path from the site root of the file that `written` (a relative
    /// path, percent-decoded) names from this document's folder, with `.`
    /// and `..` worked out: `chart.png` from `content/briefs/x/index.md` is
    /// `content/briefs/x/chart.png`. Only files of `content/` and `static/`
    /// may be named.
    ///
    /// ```
    /// use dossier::content::{Kind, Outside, Place};
    /// let flat = Place { kind: Kind::Brief, stem: "x".into(), bundle: false };
    /// assert_eq!(flat.resolve("img/a b.png"), Ok("content/briefs/img/a b.png".into()));
    /// assert_eq!(flat.resolve("../../static/a.pdf"), Ok("static/a.pdf".into()));
    /// assert_eq!(flat.resolve("../../site.yaml"), Err(Outside::Folders));
    /// assert_eq!(flat.resolve("../../../etc/passwd"), Err(Outside::Site));
    /// ```
    pub fn resolve(&self, written: &str) -> Result<String, Outside> {
        let folder = self.folder();
        let mut parts: Vec<&str> = folder.split('/').collect();
        for part in written.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(Outside::Site);
                    }
                }
                other => parts.push(other),
            }
        }
        match parts.as_slice() {
            ["content" | "static", _, ..] => Ok(parts.join("/")),
            _ => Err(Outside::Folders),
        }
    }
}

/// Reads what a file of `content/` that is not a document is. `real_roots`
/// are the real paths of `content/` and `static/`: a file whose real path
/// (links followed) is in neither is marked outside and not read.
pub fn read(rel: &Path, path: &Path, real_roots: &[PathBuf], file: FileId) -> ContentFile {
    let real = std::fs::canonicalize(path).ok();
    let outside = real
        .as_ref()
        .is_none_or(|real| !real_roots.iter().any(|root| real.starts_with(root)));
    let metadata = std::fs::metadata(path).ok();
    ContentFile {
        path: rel.to_string_lossy().replace('\\', "/"),
        source: path.to_path_buf(),
        file,
        size: metadata.as_ref().map_or(0, |m| m.len()),
        modified: metadata.and_then(|m| m.modified().ok()),
        outside,
        picture: if outside { None } else { images::probe(path) },
    }
}

/// Whether a path under `content/` is a file that nothing should copy:
/// hidden (or inside a hidden folder), or an editor's backup.
pub fn is_hidden(rel: &Path) -> bool {
    rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
    })
}
