//! Watching the site on disk (DESIGN §5): `content/`, `templates/` and
//! `static/` recursively, and the site root itself for `site.yaml` and for
//! those folders coming and going, through notify with a debouncer.
//!
//! An editor's save is often a burst (a temporary file, a rename, a change
//! of mode): the debouncer merges the events of each path over
//! [`DEBOUNCE`], and each batch it hands on becomes one [`Changes`], one
//! rebuild. This module only says what changed; it reads no file.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use anyhow::Context as _;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::render::theme;

/// How long a path must stay quiet before its events are handed on. Editors
/// finish a save within a few milliseconds; the preview must feel instant
/// (issue #6 asks for a body edit on screen within 50 ms of the save, and
/// this wait is most of it). A save slower than this gives two rebuilds,
/// not a wrong page.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(5);

/// The folders watched recursively (`data/` holds the files of `data:`,
/// issue #18).
const FOLDERS: [&str; 4] = ["content", "templates", "static", "data"];

/// What changed in the site, sorted by what each change means for it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// `site.yaml` changed: everything is rebuilt.
    pub config: bool,
    /// A watched folder came or went, or the watcher lost events: every
    /// file is read again.
    pub rescan: bool,
    /// Files and folders under `content/` that changed (written, created,
    /// renamed or removed), as absolute paths.
    pub content: BTreeSet<PathBuf>,
    /// Templates and theme assets that changed, by their name under
    /// `templates/` (`brief.html`, `assets/dossier.css`).
    pub templates: BTreeSet<String>,
    /// Something under `static/` changed.
    pub statics: bool,
    /// Something under `data/` changed: the site is read again, as for
    /// `site.yaml` (issue #18; docs/acled.md says why and how long).
    pub data: bool,
}

impl Changes {
    /// Sorts paths that changed by what they are in the site at `root`
    /// (an absolute path). Paths outside the watched places (`public/`,
    /// `.git/`), hidden files and editor backups are left out, as the
    /// stages reading those folders leave them out.
    pub fn of_paths<'p>(root: &Path, paths: impl IntoIterator<Item = &'p Path>) -> Changes {
        let mut changes = Changes::default();
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let parts: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            let Some(first) = parts.first() else {
                continue;
            };
            let name = parts.last().expect("parts has a first");
            let ignored = name.starts_with('.') || name.starts_with('#') || name.ends_with('~');
            match (first.as_str(), parts.len()) {
                ("site.yaml", 1) => changes.config = true,
                (folder, 1) if FOLDERS.contains(&folder) => changes.rescan = true,
                ("content", _) if !ignored => {
                    changes.content.insert(path.to_path_buf());
                }
                ("templates", _) => {
                    let name = parts[1..].join("/");
                    let hidden = parts[1..].iter().any(|p| p.starts_with('.'));
                    if !hidden && (theme::is_template(&name) || name.starts_with("assets/")) {
                        changes.templates.insert(name);
                    }
                }
                ("static", _) if !parts[1..].iter().any(|p| p.starts_with('.')) => {
                    changes.statics = true;
                }
                ("data", _) if !ignored => changes.data = true,
                _ => {}
            }
        }
        changes
    }

    /// Whether nothing of the site changed.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Adds the changes of a later batch.
    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.rescan |= other.rescan;
        self.content.extend(other.content);
        self.templates.extend(other.templates);
        self.statics |= other.statics;
        self.data |= other.data;
    }

    /// What changed, in a few words for the terminal: the one file, or how
    /// many.
    pub fn describe(&self, root: &Path) -> String {
        let mut names: Vec<String> = Vec::new();
        if self.config {
            names.push("site.yaml".to_string());
        }
        if self.rescan {
            names.push("the site's folders".to_string());
        }
        names.extend(self.content.iter().map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        }));
        names.extend(self.templates.iter().map(|t| format!("templates/{t}")));
        if self.statics {
            names.push("static/".to_string());
        }
        if self.data {
            names.push("data/".to_string());
        }
        match names.as_slice() {
            [] => "nothing".to_string(),
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        }
    }
}

/// Watches the site at `root` (an absolute path). Every debounced batch of
/// events arrives on the receiver as one [`Changes`]; errors of the watcher
/// arrive as a rescan, since events may have been lost.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching.
    pub fn start(root: &Path) -> anyhow::Result<(Watcher, Receiver<Changes>)> {
        let (sender, receiver) = mpsc::channel();
        let events_root = root.to_path_buf();
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
            let changes = match result {
                Ok(events) => {
                    let mut changes = Changes::of_paths(
                        &events_root,
                        events
                            .iter()
                            .filter(|e| is_change(&e.kind))
                            .flat_map(|e| e.paths.iter().map(PathBuf::as_path)),
                    );
                    changes.rescan |= events.iter().any(|e| e.need_rescan());
                    changes
                }
                Err(errors) => {
                    for error in errors {
                        eprintln!("warning: watching the site: {error}");
                    }
                    Changes {
                        rescan: true,
                        ..Changes::default()
                    }
                }
            };
            if !changes.is_empty() {
                // The receiver is gone only when the server stops.
                let _ = sender.send(changes);
            }
        })
        .context("starting to watch the site's files")?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", root.display()))?;
        watcher.watch_folders()?;
        Ok((watcher, receiver))
    }

    /// Watches the folders of `FOLDERS` afresh: after a rescan, since a
    /// folder may have been created, or removed and created again (a new
    /// folder needs a new watch).
    pub fn watch_folders(&mut self) -> anyhow::Result<()> {
        for folder in FOLDERS {
            let path = self.root.join(folder);
            if self.watched.remove(&path) {
                // Gone with the folder, or about to be renewed.
                let _ = self.debouncer.unwatch(&path);
            }
            if path.is_dir() {
                self.debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .with_context(|| format!("watching {}", path.display()))?;
                self.watched.insert(path);
            }
        }
        Ok(())
    }
}

/// Whether an event may change a file: not the opening or reading of one,
/// which the rebuild itself causes.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(paths: &[&str]) -> Changes {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        Changes::of_paths(root, paths.iter().map(PathBuf::as_path))
    }

    #[test]
    fn paths_are_sorted_by_what_they_are_in_the_site() {
        let c = changes(&[
            "site.yaml",
            "content/briefs/x.md",
            "templates/brief.html",
            "templates/assets/dossier.css",
            "static/logo.png",
        ]);
        assert!(c.config && c.statics && !c.rescan);
        assert_eq!(
            c.content,
            BTreeSet::from([PathBuf::from("/site/content/briefs/x.md")])
        );
        assert_eq!(
            c.templates,
            BTreeSet::from(["assets/dossier.css".to_string(), "brief.html".to_string()])
        );
    }

    #[test]
    fn output_hidden_files_and_backups_are_not_changes() {
        assert!(
            changes(&[
                "public/index.html",
                ".git/index",
                "content/briefs/.x.md.swp",
                "content/briefs/x.md~",
                "templates/.brief.html.swp",
                "static/.DS_Store",
                "README.md",
            ])
            .is_empty()
        );
    }

    #[test]
    fn a_watched_folder_coming_or_going_is_a_rescan() {
        assert!(changes(&["content"]).rescan);
        assert!(changes(&["static"]).rescan);
    }

    #[test]
    fn describe_names_one_file_or_counts() {
        let root = Path::new("/site");
        assert_eq!(
            changes(&["content/briefs/x.md"]).describe(root),
            "content/briefs/x.md"
        );
        assert_eq!(
            changes(&["content/briefs/x.md", "content/briefs/y.md"]).describe(root),
            "content/briefs/x.md and 1 more"
        );
    }
}
