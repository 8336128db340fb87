//! A `build` of a site that did not change since the last build does
//! nothing (issue 17, goal 1: "nothing changed, under 3 %").
//!
//! After a build that succeeded, `build` records, beside the output
//! (`.<name>.dossier-cache/build/unchanged`), a digest of everything the
//! build read as it stood: the stamp (size, modification and change
//! times, inode) of every file it read and of every folder of `content/`,
//! `templates/`, `static/` and `data/` (a file added or removed changes
//! its folder's), the program, the command line, the git commit checked
//! out; with what it printed. The next `build` stats the same paths: when
//! the digest is the same and the output is exactly as the last build left
//! it ([`crate::output::untouched`]), it prints what the last build printed
//! and leaves everything as it is. Anything else (a digest that differs,
//! a record that cannot be read back exactly, an output changed by hand)
//! runs the whole build. A change time cannot be set back by anyone, so an
//! edit of a file always changes its stamp; a file changed while the last
//! build ran (its change time after the build began) makes that build
//! record nothing.
//!
//! It writes no output and reads no document: it decides only whether the
//! previous output already is what a build would write.
//!
//! The stats taken to compare with the record are taken before the build
//! reads anything, so what the build reads is at least as new as them:
//! the record of that build reuses them ([`Seen`]) instead of a second
//! stat of every file (130,000 at 100,000 briefs). A file changed after
//! them changes its stamp, and the next build runs whole.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3Default;

/// The first bytes of the record: another version is not read.
const MAGIC: &[u8] = b"dossier unchanged 1\n";

/// The folders of a site whose files a build reads.
const FOLDERS: [&str; 4] = ["content", "templates", "static", "data"];

/// What a build that changed nothing prints again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// Its problems, as printed without colours.
    pub plain: String,
    /// The same with colours.
    pub colored: String,
    /// How many pages and files the output holds.
    pub pages: usize,
    pub files: usize,
}

/// What the last build read, and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The digest of the stamps of `paths` and of the build's settings.
    digest: u128,
    /// Every path the digest covers, relative to the site root, sorted
    /// by their bytes; shared with the [`Seen`] of the next build.
    paths: Arc<[PathBuf]>,
    /// What it printed.
    pub said: Said,
}

impl Record {
    /// The record of a build of the site at `root` that read `read`
    /// (relative paths) with `settings` (the command line, the program);
    /// `None` when a file changed while the build ran (since `began`),
    /// or when the folders cannot be listed.
    ///
    /// Paths that `seen` found before the build read them are not
    /// statted again.
    pub fn of(
        root: &Path,
        read: impl Iterator<Item = PathBuf>,
        settings: &str,
        began: SystemTime,
        said: Said,
        seen: Option<&Seen>,
    ) -> Option<Record> {
        // The site root itself is left out: the output, its spare and
        // the cache are often in it, and change at every build. Of its
        // entries, a build reads `site.yaml` and the folders below (a
        // missing one is recorded as missing).
        let mut paths: Vec<PathBuf> = read.collect();
        paths.push(PathBuf::from("site.yaml"));
        for folder in FOLDERS {
            let dir = root.join(folder);
            if !dir.is_dir() {
                paths.push(PathBuf::from(folder));
                continue;
            }
            for entry in walkdir::WalkDir::new(&dir).follow_links(true) {
                let entry = entry.ok()?;
                if entry.file_type().is_dir() {
                    paths.push(entry.path().strip_prefix(root).ok()?.to_path_buf());
                }
            }
        }
        // By bytes: any one order does, and comparing paths component by
        // component was 0.2 s of a build of 100,000 briefs (issue 17).
        paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        paths.dedup();
        let found = stats(root, &paths, seen);
        // A file changed while the build ran may have been read before or
        // after: nothing is recorded.
        let racy = found
            .iter()
            .any(|meta| meta.as_ref().is_some_and(|m| changed_since(m, began)));
        if racy {
            return None;
        }
        Some(Record {
            digest: digest(&paths, &found, settings),
            paths: paths.into(),
            said,
        })
    }

    /// Whether the site at `root` is as this record found it, with the
    /// same `settings`; and what its paths were found to be, for the
    /// record of the build that runs when it is not.
    pub fn still(&self, root: &Path, settings: &str) -> (bool, Seen) {
        let found = stats(root, &self.paths, None);
        let same = digest(&self.paths, &found, settings) == self.digest;
        let seen = Seen {
            paths: Arc::clone(&self.paths),
            found,
        };
        (same, seen)
    }

    /// The record kept in `file`, if it reads back exactly.
    pub fn load(file: &Path) -> Option<Record> {
        decode(&std::fs::read(file).ok()?)
    }

    /// Keeps the record in `file`; a record that cannot be written is not
    /// an error.
    pub fn save(&self, file: &Path) {
        crate::kept::save(file, &encode(self));
    }

    /// Removes the record in `file`: the next build runs whole.
    pub fn forget(file: &Path) {
        let _ = std::fs::remove_file(file);
    }
}

/// What the paths of a record were found to be before a build read
/// anything, sorted by their bytes as a record's are.
pub struct Seen {
    paths: Arc<[PathBuf]>,
    found: Vec<Option<std::fs::Metadata>>,
}

impl Seen {
    /// What `path` was found to be; `None` when it was not looked at, or
    /// was missing then (it is looked at again: the build may have read
    /// it since).
    pub fn found(&self, path: &Path) -> Option<std::fs::Metadata> {
        let at = self
            .paths
            .binary_search_by(|p| p.as_os_str().cmp(path.as_os_str()))
            .ok()?;
        self.found[at].clone()
    }
}

/// Whether a file's change time is at or after `began`.
fn changed_since(meta: &std::fs::Metadata, began: SystemTime) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let began = began
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let secs = u128::try_from(meta.ctime()).unwrap_or(0);
        let nanos = u128::try_from(meta.ctime_nsec()).unwrap_or(0);
        secs * 1_000_000_000 + nanos >= began
    }
    #[cfg(not(unix))]
    {
        meta.modified().map_or(true, |m| m >= began)
    }
}

/// What `paths` under `root` are now (`None` for a missing one), in
/// their order: one stat each, on every core, since a build that does
/// nothing is little else (10,000 at 10,000 briefs). A path `seen` found
/// is not statted again.
fn stats(root: &Path, paths: &[PathBuf], seen: Option<&Seen>) -> Vec<Option<std::fs::Metadata>> {
    paths
        .par_iter()
        .map(|path| {
            seen.and_then(|seen| seen.found(path))
                .or_else(|| std::fs::metadata(root.join(path)).ok())
        })
        .collect()
}

/// The digest of `settings` and of the stamps of `paths` (`found`, in the
/// same order; a missing path has a stamp of its own).
fn digest(paths: &[PathBuf], found: &[Option<std::fs::Metadata>], settings: &str) -> u128 {
    let mut hasher = Xxh3Default::new();
    hasher.update(settings.as_bytes());
    hasher.update(&[0]);
    for (path, meta) in paths.iter().zip(found) {
        hasher.update(path.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
        match meta {
            Some(meta) => hasher.update(&stamp(meta)),
            None => hasher.update(b"missing"),
        }
    }
    hasher.digest128()
}

/// A file's size, times and inode, as bytes.
fn stamp(meta: &std::fs::Metadata) -> Vec<u8> {
    let mut out = Vec::with_capacity(48);
    out.extend_from_slice(&meta.len().to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        for n in [
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&meta.ino().to_le_bytes());
        out.extend_from_slice(&meta.mode().to_le_bytes());
    }
    #[cfg(not(unix))]
    if let Ok(modified) = meta.modified() {
        out.extend_from_slice(format!("{modified:?}").as_bytes());
    }
    out
}

/// The settings a build's output depends on besides its files: the
/// program (its version, file, size and time), the command line's
/// options, and the commit checked out (git dates and histories are read
/// from it). `None` when the program cannot be read.
pub fn settings(root: &Path, options: &str) -> Option<String> {
    let program = crate::kept::program()?;
    let head = std::process::Command::new("git")
        .current_dir(root)
        .args(["rev-parse", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    Some(format!("{program} {options} {head}"))
}

/// The record's bytes: the magic, the digest, the counts, the paths and
/// what was said (each as length and bytes), and the XXH3 of all that.
fn encode(record: &Record) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&record.digest.to_le_bytes());
    out.extend_from_slice(&(record.said.pages as u64).to_le_bytes());
    out.extend_from_slice(&(record.said.files as u64).to_le_bytes());
    let mut text = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    text(record.said.plain.as_bytes());
    text(record.said.colored.as_bytes());
    for path in record.paths.iter() {
        text(path.as_os_str().as_encoded_bytes());
    }
    crate::kept::seal(&mut out);
    out
}

/// The record [`encode`] wrote, if `bytes` are exactly that.
fn decode(bytes: &[u8]) -> Option<Record> {
    let mut reader = crate::kept::open(bytes, MAGIC)?;
    let digest = reader.u128()?;
    let pages = usize::try_from(reader.u64()?).ok()?;
    let files = usize::try_from(reader.u64()?).ok()?;
    let plain = reader.text()?.to_string();
    let colored = reader.text()?.to_string();
    let mut paths = Vec::new();
    while !reader.is_done() {
        paths.push(PathBuf::from(reader.text()?));
    }
    Some(Record {
        digest,
        paths: paths.into(),
        said: Said {
            plain,
            colored,
            pages,
            files,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said() -> Said {
        Said {
            plain: "a warning\n".to_string(),
            colored: "\u{1b}[33ma warning\u{1b}[0m\n".to_string(),
            pages: 3,
            files: 5,
        }
    }

    /// A site of one brief, `content/briefs/a.md`.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/briefs")).expect("mkdir");
        std::fs::write(root.join("site.yaml"), "title: x\n").expect("write");
        std::fs::write(root.join("content/briefs/a.md"), "a").expect("write");
        dir
    }

    #[test]
    fn a_record_reads_back_and_a_damaged_one_does_not() {
        let record = Record {
            digest: 42,
            paths: vec![PathBuf::from("content/briefs/a.md")].into(),
            said: said(),
        };
        let bytes = encode(&record);
        assert_eq!(decode(&bytes), Some(record));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        let mut flipped = bytes.clone();
        flipped[MAGIC.len() + 2] ^= 1;
        assert_eq!(decode(&flipped), None);
    }

    #[test]
    fn an_edit_a_new_file_or_other_settings_change_the_digest() {
        let dir = site();
        let root = dir.path();
        let began = SystemTime::UNIX_EPOCH;
        let read = || vec![PathBuf::from("content/briefs/a.md")].into_iter();
        let record = Record::of(root, read(), "s", began, said(), None);
        // Everything changed after the epoch: racy, nothing recorded.
        assert!(record.is_none());
        std::thread::sleep(std::time::Duration::from_millis(20));
        let began = SystemTime::now();
        let record = Record::of(root, read(), "s", began, said(), None).expect("a record");
        assert!(record.still(root, "s").0);
        assert!(!record.still(root, "t").0, "other settings");
        std::fs::write(root.join("content/briefs/b.md"), "b").expect("write");
        assert!(!record.still(root, "s").0, "a new file");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let began = SystemTime::now();
        let record = Record::of(root, read(), "s", began, said(), None).expect("a record");
        assert!(record.still(root, "s").0);
        std::fs::write(root.join("content/briefs/a.md"), "c").expect("write");
        assert!(!record.still(root, "s").0, "an edit of the same length");
    }

    #[test]
    fn the_stats_taken_before_a_build_are_recorded_and_an_edit_since_is_seen() {
        let dir = site();
        let root = dir.path();
        let only_a = || vec![PathBuf::from("content/briefs/a.md")].into_iter();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let first =
            Record::of(root, only_a(), "s", SystemTime::now(), said(), None).expect("a record");
        // The next build begins and stats; `a.md` is edited after that,
        // while the build runs. Stats taken now would find it changed
        // since the build began (nothing recorded); the stats taken
        // before are recorded, and the build after sees the edit.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let began = SystemTime::now();
        let (same, seen) = first.still(root, "s");
        assert!(same);
        std::fs::write(root.join("content/briefs/a.md"), "b").expect("write");
        let second = Record::of(root, only_a(), "s", began, said(), Some(&seen))
            .expect("recorded from the stats taken before the build");
        assert!(!second.still(root, "s").0, "the edit is seen");
        // A file the last record did not hold is statted when recorded.
        std::fs::write(root.join("content/briefs/c.md"), "c").expect("write");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let began = SystemTime::now();
        let (same, seen) = second.still(root, "s");
        assert!(!same);
        let with_c = || {
            vec![
                PathBuf::from("content/briefs/a.md"),
                PathBuf::from("content/briefs/c.md"),
            ]
            .into_iter()
        };
        let third = Record::of(root, with_c(), "s", began, said(), Some(&seen)).expect("a record");
        assert!(third.still(root, "s").0);
        std::fs::write(root.join("content/briefs/c.md"), "d").expect("write");
        assert!(!third.still(root, "s").0, "an edit of the new file");
    }
}
