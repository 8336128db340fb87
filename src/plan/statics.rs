//! The files of a site's `static/` folder, copied as they are into the
//! output (DESIGN §1): found here, before the plan, so that the plan can
//! refuse one that would replace a generated file and check links to them
//! (`check` as `build`, issue #11); read only when written.
//!
//! Hidden files are copied (`.well-known/security.txt`, `.nojekyll` that
//! GitHub Pages needs, `.htaccess`), except what tools leave behind
//! (`.git`, `.DS_Store`, `Thumbs.db`); `.dossier-output` is the name of the
//! marker of dossier's output and may not be used (issue #19).

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Problem, Sources, Span};

/// A file of `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Its path under `static/`, which is its path in the output, with `/`.
    pub path: String,
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its entry in [`Sources`] (without text), for its problems.
    pub file: FileId,
    /// What it is as an image, when its name says it is one (issue #12):
    /// images pages show get their size from it.
    pub picture: Option<Result<crate::images::Picture, crate::images::ImageProblem>>,
}

/// Names never copied from `static/`: what tools leave behind.
const LEFT_BEHIND: &[&str] = &[".git", ".DS_Store", "Thumbs.db"];

/// The files of `<root>/static/`, in path order. Files that cannot be
/// read, and links that lead out of the site, are reported.
pub fn scan(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> Vec<StaticFile> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .sort_by(crate::content::by_name)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !LEFT_BEHIND.contains(&entry.file_name().to_string_lossy().as_ref())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let shown = error.path().map_or_else(
                    || "static".to_string(),
                    |p| shown(p.strip_prefix(root).unwrap_or(p)),
                );
                let reason = if error.loop_ancestor().is_some() {
                    "it is a link to a folder that contains it (a loop); remove the link"
                        .to_string()
                } else {
                    error.to_string()
                };
                report(sources, diags, shown, Problem::Unreadable(reason), None);
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let path = rel.to_string_lossy().replace('\\', "/");
        let shown_path = format!("static/{path}");
        if path == crate::output::MARKER {
            report(
                sources,
                diags,
                shown_path,
                Problem::BadValue {
                    field: "static file".to_string(),
                    reason: format!(
                        "`{path}` is the name of the file that marks dossier's output, and cannot be copied into it"
                    ),
                },
                Some("rename or remove it"),
            );
            continue;
        }
        let inside = std::fs::canonicalize(entry.path()).is_ok_and(|p| p.starts_with(&real_root));
        if !inside {
            report(
                sources,
                diags,
                shown_path,
                Problem::Unreadable(
                    "it is a link to a file outside the site; dossier copies only files inside the site"
                        .to_string(),
                ),
                None,
            );
            continue;
        }
        // Opened now, so that `check` finds a file `build` cannot read.
        if let Err(error) = std::fs::File::open(entry.path()) {
            report(
                sources,
                diags,
                shown_path,
                Problem::Unreadable(error.to_string()),
                None,
            );
            continue;
        }
        files.push(StaticFile {
            file: sources.add(shown_path, String::new()),
            path,
            picture: crate::images::probe(entry.path()),
            source: entry.into_path(),
        });
    }
    files
}

/// A path as users read it, with `/`.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reports a problem of a static file, which has no text to point into.
fn report(
    sources: &mut Sources,
    diags: &mut Diagnostics,
    path: String,
    problem: Problem,
    help: Option<&str>,
) {
    let file = sources.add(path, String::new());
    diags.push(
        Diagnostic::error(Span::new(file, 0, 0), problem).with_help_opt(help.map(str::to_string)),
    );
}
