//! The site's history in git: for each content file, the commits that
//! touched it, newest first (DESIGN §3 `updated`, §7).
//!
//! [`history`] runs **one** `git log` for the whole repository and parses
//! its output once, as it streams, keeping the paths under `content/`; never one call per file, and no libgit2
//! (DESIGN §7). It hands on a [`History`] that `render` reads for a brief's
//! `updated` date, its revision history and its "edit this page" link.
//!
//! A merge counts for the files it changed itself: those whose merged
//! content is in neither parent (a resolved conflict, an edit made while
//! merging, or changes from both sides combined), never the files it only
//! brought from one side, which keep the date of the commit that changed
//! them there.
//!
//! Git is optional. Outside a repository, in a repository without commits,
//! or without git installed, the history is empty and nothing is reported:
//! every date then comes from front matter. In a shallow clone the commit
//! at the clone's boundary ("grafted") seems to add every file at once, so
//! its file list is ignored: files that no later commit touched fall back to
//! their front matter instead of all taking the boundary's date.
//!
//! This module must not read the working tree's state (`git status`): the
//! output of a build depends on the commits only, so that two builds of the
//! same commit are byte-identical.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::NaiveDate;

/// How many commits per file are kept: the revision history a brief shows.
pub const LIMIT: usize = 5;

/// Starts a commit's header in the `git log` output (ASCII record separator).
const RECORD: u8 = 0x1e;
/// Separates the header's fields (ASCII unit separator).
const FIELD: char = '\u{1f}';

/// One commit, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hash (40 hex digits, or 64 in a SHA-256 repository).
    pub hash: String,
    /// The author date, in the author's own time zone (so it does not depend
    /// on the time zone of the machine that builds).
    pub date: NaiveDate,
    /// The first line of the message.
    pub subject: String,
}

/// The commits that touched each file of `content/`, newest first.
///
/// Paths are relative to the site root, with `/` separators
/// (`content/briefs/x.md`), as in [`crate::diagnostic::Sources`].
#[derive(Debug, Default)]
pub struct History {
    commits: Vec<Commit>,
    /// Path → indices into `commits`, newest first, at most [`LIMIT`].
    files: HashMap<String, Vec<usize>>,
    /// The site root's path inside the repository: `""` when the site is the
    /// repository's top folder, else `site/`, with its trailing `/`.
    prefix: String,
}

/// Reads the history of the site at `root` with one `git log` call. Any
/// failure (no git, not a repository, no commits yet) gives an empty history.
pub fn history(root: &Path) -> History {
    let child = Command::new("git")
        .current_dir(root)
        .args([
            // Paths are printed raw (`-z`), never quoted: accents stay accents.
            "-c",
            "core.quotepath=off",
            // Settings of the user's that would change the output we parse.
            "-c",
            "log.showSignature=false",
            "-c",
            "log.showRoot=true",
            "log",
            "--no-color",
            "--encoding=UTF-8",
            // Renames are a deletion and an addition: cheaper, and the new
            // name is all we need.
            "--no-renames",
            "--name-only",
            // Merges list the files whose merged content differs from every
            // parent: what resolving a conflict (or editing during the
            // merge) changed, not what the merge brought from one side
            // (issue 19). Without it, merges list nothing. `-c`, not
            // `--diff-merges=combined`, which git before 2.31 refuses.
            "-c",
            "-z",
            // Paths relative to the site root; changes outside it are left out.
            "--relative",
            // Full ref names, so that only the shallow boundary reads `grafted`.
            "--decorate=full",
            "--date=short",
            "--format=%x1e%H%x1f%ad%x1f%D%x1f%s",
            // No pathspec (`-- content`): it makes git compare trees to
            // simplify history, which doubled the time on 10,000 briefs;
            // paths outside `content/` are dropped while parsing instead.
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return History::default();
    };
    let history = match child.stdout.take() {
        Some(stdout) => History::parse(BufReader::new(stdout)),
        None => History::default(),
    };
    match child.wait() {
        Ok(status) if status.success() => History {
            prefix: prefix_in_repository(root),
            ..history
        },
        _ => History::default(),
    }
}

/// The site root's path inside its repository (`site/`), found by looking
/// for `.git` upwards; `""` when the root is the top folder or none is found.
fn prefix_in_repository(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|top| root.strip_prefix(top).ok())
        .map(|rel| {
            rel.components()
                .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default()
}

impl History {
    /// Parses the output of the `git log` that [`history`] runs: per commit,
    /// a header `\x1eHASH\x1fDATE\x1fREFS\x1fSUBJECT` ended by NUL, then the
    /// paths it touched, each ended by NUL (the first after a newline; for
    /// a merge, after an empty field). Only paths under `content/` are
    /// kept, and only commits touching them.
    pub fn parse(mut output: impl BufRead) -> History {
        let mut history = History::default();
        // The commit whose paths are being read, kept aside until it turns
        // out to touch `content/`; `None` for a shallow boundary or a
        // header that could not be read.
        let mut pending: Option<Commit> = None;
        let mut current: Option<usize> = None;
        let mut token = Vec::new();
        loop {
            token.clear();
            match output.read_until(0, &mut token) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if token.last() == Some(&0) {
                token.pop();
            }
            let token = token.strip_prefix(b"\n").unwrap_or(&token);
            if let Some(header) = token.strip_prefix(&[RECORD]) {
                pending = parse_header(&String::from_utf8_lossy(header));
                current = None;
            } else if token.starts_with(b"content/") {
                if let Some(commit) = pending.take() {
                    history.commits.push(commit);
                    current = Some(history.commits.len() - 1);
                }
                let Some(commit) = current else { continue };
                let path = String::from_utf8_lossy(token).into_owned();
                let list = history.files.entry(path).or_default();
                if list.len() < LIMIT {
                    list.push(commit);
                }
            }
        }
        history
    }

    /// Whether no commit is known (no git, no repository, nothing committed).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The last commits that touched a file, newest first, at most [`LIMIT`];
    /// none for a file never committed.
    pub fn of<'h>(&'h self, path: &Path) -> impl Iterator<Item = &'h Commit> + 'h {
        self.files
            .get(&key(path))
            .into_iter()
            .flatten()
            .map(|i| &self.commits[*i])
    }

    /// The last commit that touched a file.
    pub fn last(&self, path: &Path) -> Option<&Commit> {
        self.of(path).next()
    }

    /// A file's path inside the repository (`site/content/briefs/x.md` when
    /// the site is in `site/`), for links to it on the forge.
    pub fn path_in_repository(&self, path: &Path) -> String {
        format!("{}{}", self.prefix, key(path))
    }
}

/// A path as the history's key: `/` separators.
fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A commit from its header; `None` for the shallow clone's boundary
/// (decorated `grafted`) and for anything unreadable.
fn parse_header(header: &str) -> Option<Commit> {
    let mut fields = header.splitn(4, FIELD);
    let (hash, date, refs, subject) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let is_hash = matches!(hash.len(), 40 | 64) && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let is_boundary = refs.split(", ").any(|r| r == "grafted");
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    (is_hash && !is_boundary).then(|| Commit {
        hash: hash.to_string(),
        date,
        subject: subject.trim_end().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "cccccccccccccccccccccccccccccccccccccccc";

    fn record(hash: &str, date: &str, refs: &str, subject: &str, paths: &[&str]) -> String {
        let mut out = format!("\u{1e}{hash}\u{1f}{date}\u{1f}{refs}\u{1f}{subject}\0");
        if !paths.is_empty() {
            out.push('\n');
        }
        for path in paths {
            out.push_str(path);
            out.push('\0');
        }
        out
    }

    fn subjects(history: &History, path: &str) -> Vec<String> {
        history
            .of(Path::new(path))
            .map(|c| format!("{} {}", c.date, c.subject))
            .collect()
    }

    #[test]
    fn each_file_gets_its_commits_newest_first() {
        let log = [
            record(
                A,
                "2024-03-01",
                "HEAD -> refs/heads/main",
                "Update a",
                &["content/briefs/a.md"],
            ),
            record(
                B,
                "2024-02-01",
                "",
                "Add b, edit a",
                &["content/briefs/a.md", "content/briefs/é b.md"],
            ),
            record(C, "2024-01-01", "", "First", &["content/briefs/a.md"]),
        ]
        .concat();
        let history = History::parse(log.as_bytes());
        assert_eq!(
            subjects(&history, "content/briefs/a.md"),
            [
                "2024-03-01 Update a",
                "2024-02-01 Add b, edit a",
                "2024-01-01 First"
            ]
        );
        assert_eq!(
            subjects(&history, "content/briefs/é b.md"),
            ["2024-02-01 Add b, edit a"]
        );
        assert_eq!(
            history
                .last(Path::new("content/briefs/a.md"))
                .map(|c| c.hash.as_str()),
            Some(A)
        );
        assert!(history.last(Path::new("content/briefs/new.md")).is_none());
    }

    #[test]
    fn keeps_at_most_limit_commits_per_file() {
        let log: String = (0..8)
            .map(|n| {
                record(
                    &format!("{n}").repeat(40),
                    "2024-01-01",
                    "",
                    &format!("c{n}"),
                    &["content/x.md"],
                )
            })
            .collect();
        let history = History::parse(log.as_bytes());
        assert_eq!(history.of(Path::new("content/x.md")).count(), LIMIT);
    }

    #[test]
    fn the_shallow_boundary_dates_nothing() {
        let log = [
            record(
                A,
                "2024-03-01",
                "HEAD -> refs/heads/main",
                "Edit a",
                &["content/a.md"],
            ),
            record(
                B,
                "2024-02-01",
                "grafted, refs/remotes/origin/grafted",
                "Boundary",
                &["content/a.md", "content/b.md"],
            ),
        ]
        .concat();
        let history = History::parse(log.as_bytes());
        assert_eq!(subjects(&history, "content/a.md"), ["2024-03-01 Edit a"]);
        assert!(history.last(Path::new("content/b.md")).is_none());
    }

    #[test]
    fn a_branch_named_grafted_is_not_the_boundary() {
        let log = record(
            A,
            "2024-03-01",
            "refs/heads/grafted",
            "Edit",
            &["content/a.md"],
        );
        let history = History::parse(log.as_bytes());
        assert_eq!(subjects(&history, "content/a.md"), ["2024-03-01 Edit"]);
    }

    #[test]
    fn commits_without_paths_and_unreadable_headers_are_skipped() {
        let log = [
            record(A, "2024-03-01", "", "Merge", &[]),
            record("nothex", "2024-02-01", "", "Bad", &["content/a.md"]),
            record(C, "not a date", "", "Bad date", &["content/a.md"]),
            record(B, "2024-01-01", "", "Good", &["content/a.md"]),
        ]
        .concat();
        let history = History::parse(log.as_bytes());
        assert_eq!(subjects(&history, "content/a.md"), ["2024-01-01 Good"]);
    }

    #[test]
    fn paths_outside_content_are_dropped() {
        let log = [
            record(
                A,
                "2024-03-01",
                "",
                "Theme",
                &["templates/brief.html", "site.yaml"],
            ),
            record(B, "2024-02-01", "", "Both", &["site.yaml", "content/a.md"]),
        ]
        .concat();
        let history = History::parse(log.as_bytes());
        assert!(history.last(Path::new("site.yaml")).is_none());
        assert_eq!(subjects(&history, "content/a.md"), ["2024-02-01 Both"]);
        assert_eq!(
            history.commits.len(),
            1,
            "a commit outside content/ is not kept"
        );
    }

    #[test]
    fn a_merge_dates_the_files_it_lists() {
        // `git log -c --name-only -z` ends a merge's header with an empty
        // field, not a newline.
        let log = [
            format!("\u{1e}{A}\u{1f}2024-04-01\u{1f}\u{1f}Merge branch 'side'\0\0content/a.md\0"),
            record(
                B,
                "2024-03-01",
                "",
                "Edit a and b",
                &["content/a.md", "content/b.md"],
            ),
        ]
        .concat();
        let history = History::parse(log.as_bytes());
        assert_eq!(
            subjects(&history, "content/a.md"),
            ["2024-04-01 Merge branch 'side'", "2024-03-01 Edit a and b"]
        );
        assert_eq!(
            subjects(&history, "content/b.md"),
            ["2024-03-01 Edit a and b"]
        );
    }

    #[test]
    fn empty_output_is_an_empty_history() {
        assert!(History::parse(&b""[..]).is_empty());
    }

    #[test]
    fn a_folder_outside_any_repository_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        // A temporary folder may sit inside a repository (a CI checkout); the
        // history is still empty, since nothing under it is committed.
        assert!(history(dir.path()).is_empty());
    }
}
