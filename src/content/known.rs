//! What the last build read of each document's file (issue 17, goal 1: a
//! later build "re-reads only changed files"). A `build` cuts each file to
//! its front matter once it is parsed ([`super::Release`]); this memo keeps
//! that front matter with the file's stamp (size, modification and change
//! times, inode, device). The next build stats each file, and when its
//! stamp is the one kept, takes the front matter from here instead of
//! reading the file: the body is known by its hash (the parse memo knows
//! its links, the words memo its words), and a page that shows it reads it
//! again, checked against that hash, as for any released file.
//!
//! A change time cannot be set back, so an edit changes the stamp. A file
//! changed in the same tick of the file system's clock as the build began
//! could keep its stamp through a second edit: such a file is not kept
//! (the "racy clean" rule of git's index), nor is one found through a link.
//! Kept in the build's cache folder (`.public.dossier-cache/build/read`)
//! like the other memos ([`crate::kept`]): read back only when it is
//! exactly what this program wrote. It must not change a byte of output
//! or a word of a report: anything it cannot vouch for is read again.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::diagnostic::{FileId, Released, Sources};
use crate::kept;

/// The first bytes of the file: its format and version.
const MAGIC: &[u8] = b"dossier read 1\n";

/// What changes whenever a file's bytes may have: its size, modification
/// and change times, inode and device. Only where the change time is one
/// that nobody can set back (Unix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

impl Stamp {
    /// The stamp of a file as `meta` found it; `None` where files have
    /// no change time that cannot be set back.
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(Stamp {
                len: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let (m, mn) = self.modified;
        let (c, cn) = self.changed;
        for n in [m, mn, c, cn] {
            out.write_all(&n.to_le_bytes())?;
        }
        for n in [self.len, self.inode, self.device] {
            out.write_all(&n.to_le_bytes())?;
        }
        Ok(())
    }

    fn read(read: &mut kept::Reader<'_>) -> Option<Stamp> {
        let mut signed = || read.u64().map(|n| n as i64);
        let modified = (signed()?, signed()?);
        let changed = (signed()?, signed()?);
        Some(Stamp {
            modified,
            changed,
            len: read.u64()?,
            inode: read.u64()?,
            device: read.u64()?,
        })
    }
}

/// A file as the last build read it: its front matter, and what it knew
/// of its whole text.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// The text up to the body.
    pub front: String,
    /// Its length, and the hashes of the whole text and of the body.
    pub whole: Released,
}

/// The memo of the files read: what the last build kept, and what this
/// one sees.
#[derive(Debug, Default)]
pub struct ReadMemo {
    /// By path (relative to the site root), each file as the last build
    /// read it. An entry is taken when asked for: each file is read once.
    known: Mutex<HashMap<Vec<u8>, (Stamp, Known)>>,
    /// The files this build read, with their stamp when they were read:
    /// what [`ReadMemo::save`] keeps of those it released.
    seen: Mutex<Vec<(FileId, Stamp)>>,
    /// The file system's time when the build began: a file whose change
    /// time is not before it is not kept.
    began: Option<(i64, i64)>,
    /// How many files were taken from the memo, and how many were read.
    recalled: AtomicUsize,
    read: AtomicUsize,
    /// How many files the last build kept: when none, no file is stat'ed
    /// before it is read.
    loaded: usize,
}

impl ReadMemo {
    /// The memo kept in `folder`; an empty one when there is none, or one
    /// that is not exactly what this program wrote, or when not `trust`
    /// (`build --clean`). Notes the file system's time now: only a file
    /// changed before it is kept for the next build.
    pub fn load(folder: &Path, trust: bool) -> ReadMemo {
        let known = trust
            .then(|| std::fs::read(folder.join(READ)).ok())
            .flatten()
            .and_then(|bytes| decode(&bytes))
            .unwrap_or_default();
        ReadMemo {
            loaded: known.len(),
            known: Mutex::new(known),
            began: clock(folder),
            ..ReadMemo::default()
        }
    }

    /// Whether the last build kept no file.
    pub fn is_empty(&self) -> bool {
        self.loaded == 0
    }

    /// The file at `path` (relative to the site root) as the last build
    /// read it, if its stamp is still `stamp`.
    pub fn recall(&self, path: &Path, stamp: Stamp) -> Option<Known> {
        let key = path.as_os_str().as_encoded_bytes();
        let (kept, known) = self
            .known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key)?;
        (kept == stamp).then_some(known)
    }

    /// Notes that `file` was read with `stamp`, from the memo (`recalled`)
    /// or from disk.
    pub fn saw(&self, file: FileId, stamp: Stamp, recalled: bool) {
        let count = if recalled { &self.recalled } else { &self.read };
        count.fetch_add(1, Ordering::Relaxed);
        if self
            .began
            .is_some_and(|began| settled(stamp.changed, began))
        {
            self.seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((file, stamp));
        }
    }

    /// Lets go of what the last build read of files this one did not ask
    /// for (removed since, or not documents any more): loading is done.
    pub fn forget_rest(&self) {
        *self.known.lock().unwrap_or_else(PoisonError::into_inner) = HashMap::new();
    }

    /// How many files were taken from the memo, and how many read.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.recalled.load(Ordering::Relaxed),
            self.read.load(Ordering::Relaxed),
        )
    }

    /// Keeps in `folder`, for the next build, every file this build saw
    /// that `sources` holds cut to its front matter. Nothing when the
    /// folder does not exist (an output refused gets no cache beside it),
    /// or when the memo kept holds all but a few of them
    /// ([`kept::worth_writing`]).
    pub fn save(self, folder: &Path, sources: &Sources) {
        if !folder.is_dir() {
            return;
        }
        let Some(program) = kept::program() else {
            return;
        };
        let mut seen = self
            .seen
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        seen.sort_unstable_by_key(|&(file, _)| file);
        let kept: Vec<(&Path, &str, Released, Stamp)> = seen
            .into_iter()
            .filter_map(|(file, stamp)| {
                let whole = sources.released(file)?;
                Some((sources.path(file), sources.text(file), whole, stamp))
            })
            .collect();
        // Those taken from the memo are kept as they were; the others, and
        // the memo's files this build did not take (changed or gone),
        // differ. A few are read again by the next builds instead.
        let recalled = self.recalled.load(Ordering::Relaxed);
        let differing = self.loaded.saturating_sub(recalled) + kept.len().saturating_sub(recalled);
        if !kept::worth_writing(self.loaded, differing) {
            return;
        }
        kept::save_sealed(&folder.join(READ), |out| {
            out.write_all(MAGIC)?;
            write_text(out, program.as_bytes())?;
            out.write_all(&(kept.len() as u64).to_le_bytes())?;
            for (path, front, whole, stamp) in kept {
                write_text(out, path.as_os_str().as_encoded_bytes())?;
                stamp.write(out)?;
                write_text(out, front.as_bytes())?;
                out.write_all(&(whole.len as u64).to_le_bytes())?;
                out.write_all(&whole.hash.to_le_bytes())?;
                out.write_all(&whole.rest.to_le_bytes())?;
            }
            Ok(())
        });
    }
}

/// Whether a file last changed at `changed` (a stamp's change time)
/// cannot change again without another stamp: it changed before the build
/// `began` (by the file system's clock, [`clock`]), in an earlier tick of
/// that clock. A file system that keeps whole seconds (no nanoseconds)
/// may stamp the cache's folder finer than the file: two seconds before.
fn settled(changed: (i64, i64), began: (i64, i64)) -> bool {
    if changed.1 == 0 {
        changed.0.saturating_add(2) <= began.0
    } else {
        changed < began
    }
}

/// The file of the memo, in the build's cache folder.
const READ: &str = "read";

/// Writes a length (`u64`) and `bytes`, as [`kept::Reader::text`] reads.
fn write_text(out: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// The entries of a kept memo: `None` unless every byte is as
/// [`ReadMemo::save`] writes them, by this program.
fn decode(bytes: &[u8]) -> Option<HashMap<Vec<u8>, (Stamp, Known)>> {
    let mut read = kept::open(bytes, MAGIC)?;
    if read.text()? != kept::program()? {
        return None;
    }
    let count = usize::try_from(read.u64()?).ok()?;
    let mut known = HashMap::with_capacity(count.min(bytes.len() / 64));
    for _ in 0..count {
        let len = usize::try_from(read.u64()?).ok()?;
        let path = read.take(len)?.to_vec();
        let stamp = Stamp::read(&mut read)?;
        let front = read.text()?.to_string();
        let whole = Released {
            len: usize::try_from(read.u64()?).ok()?,
            hash: read.u128()?,
            rest: read.u128()?,
        };
        known.insert(path, (stamp, Known { front, whole }));
    }
    read.is_done().then_some(known)
}

/// The file system's time now, as it stamps a file written in `folder`;
/// `None` when nothing can be written there (no cache folder yet: this
/// build keeps no file for the next).
fn clock(folder: &Path) -> Option<(i64, i64)> {
    let probe = folder.join(format!("clock-{}", std::process::id()));
    let stamp = std::fs::write(&probe, b"")
        .and_then(|()| std::fs::metadata(&probe))
        .ok()
        .and_then(|meta| Stamp::of(&meta));
    let _ = std::fs::remove_file(&probe);
    // The change time: the time a file changed now would get.
    stamp.map(|s| s.changed)
}

/// The time of `time`, as a stamp's (seconds, nanoseconds).
#[cfg(test)]
fn as_stamp_time(time: std::time::SystemTime) -> (i64, i64) {
    let since = time
        .duration_since(std::time::SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    (since.as_secs() as i64, i64::from(since.subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site root with one document, its file table after a build read
    /// and released it, and the memo that saw it.
    fn read_and_released(folder: &Path) -> (Sources, FileId, Stamp) {
        let path = folder.join("a.md");
        std::fs::write(&path, "---\ntitle: A\n---\nLe corps.\n").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&path).unwrap()).unwrap();
        let mut sources = Sources::default();
        let file = sources.add("a.md", std::fs::read_to_string(&path).unwrap());
        let rest = xxhash_rust::xxh3::xxh3_128(b"Le corps.\n");
        sources.release(folder, file, 17, rest);
        (sources, file, stamp)
    }

    /// A site root with one document that a build, begun after it was
    /// written, read, released and kept: its file table and stamp.
    fn kept(folder: &Path) -> (Sources, FileId, Stamp) {
        let (sources, file, stamp) = read_and_released(folder);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let memo = ReadMemo::load(folder, true);
        memo.saw(file, stamp, false);
        memo.save(folder, &sources);
        (sources, file, stamp)
    }

    /// A build that reads again a few of the files the memo kept (1 %
    /// or less) leaves the memo as it was: the next build reads those
    /// again, and takes the others from it. More, and it is written again.
    #[test]
    fn a_few_files_changed_leave_the_memo_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        let mut sources = Sources::default();
        let mut files = Vec::new();
        for n in 0..200 {
            let name = format!("a{n}.md");
            std::fs::write(folder.join(&name), "---\ntitle: A\n---\nLe corps.\n").unwrap();
            let stamp = Stamp::of(&std::fs::metadata(folder.join(&name)).unwrap()).unwrap();
            let file = sources.add(
                name.as_str(),
                std::fs::read_to_string(folder.join(&name)).unwrap(),
            );
            sources.release(
                folder,
                file,
                17,
                xxhash_rust::xxh3::xxh3_128(b"Le corps.\n"),
            );
            files.push((name, file, stamp));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        let memo = ReadMemo::load(folder, true);
        for (_, file, stamp) in &files {
            memo.saw(*file, *stamp, false);
        }
        memo.save(folder, &sources);
        let kept = std::fs::read(folder.join(READ)).unwrap();
        // A build that finds `changed` of the files with another stamp.
        let build = |changed: usize| {
            let memo = ReadMemo::load(folder, true);
            for (n, (name, file, stamp)) in files.iter().enumerate() {
                let now = Stamp {
                    len: stamp.len + u64::from(n < changed),
                    ..*stamp
                };
                let recalled = memo.recall(Path::new(name), now).is_some();
                assert_eq!(recalled, n >= changed, "{name}");
                memo.saw(*file, now, recalled);
            }
            memo.save(folder, &sources);
        };
        build(1);
        assert_eq!(
            std::fs::read(folder.join(READ)).unwrap(),
            kept,
            "not written again"
        );
        build(2);
        assert_ne!(
            std::fs::read(folder.join(READ)).unwrap(),
            kept,
            "written again"
        );
    }

    #[test]
    fn a_file_seen_reads_back_with_its_front_matter_and_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let (sources, file, stamp) = kept(dir.path());
        let next = ReadMemo::load(dir.path(), true);
        let known = next.recall(Path::new("a.md"), stamp).expect("kept");
        assert_eq!(known.front, "---\ntitle: A\n---\n");
        assert_eq!(Some(known.whole), sources.released(file));
        // Taken once.
        assert_eq!(next.recall(Path::new("a.md"), stamp), None);
    }

    #[test]
    fn another_stamp_a_racy_file_or_a_damaged_memo_give_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (sources, file, stamp) = kept(dir.path());
        let other = Stamp {
            len: stamp.len + 1,
            ..stamp
        };
        assert_eq!(
            ReadMemo::load(dir.path(), true).recall(Path::new("a.md"), other),
            None
        );
        assert_eq!(
            ReadMemo::load(dir.path(), false).recall(Path::new("a.md"), stamp),
            None
        );
        // Damaged: cut, extended, one byte changed.
        let bytes = std::fs::read(dir.path().join(READ)).unwrap();
        let mut flipped = bytes.clone();
        flipped[MAGIC.len() + 40] ^= 1;
        for damaged in [
            bytes[..bytes.len() - 1].to_vec(),
            [&bytes[..], b"x"].concat(),
            flipped,
        ] {
            std::fs::write(dir.path().join(READ), damaged).unwrap();
            assert_eq!(
                ReadMemo::load(dir.path(), true).recall(Path::new("a.md"), stamp),
                None
            );
        }
        // A file changed at or after the time the build began is not kept.
        let racy = ReadMemo::load(dir.path(), true);
        let now = Stamp {
            changed: racy.began.unwrap(),
            ..stamp
        };
        racy.saw(file, now, false);
        racy.save(dir.path(), &sources);
        assert_eq!(
            ReadMemo::load(dir.path(), true).recall(Path::new("a.md"), now),
            None
        );
    }

    #[test]
    fn a_file_changed_as_the_build_began_is_not_settled() {
        let began = (1_000, 500);
        assert!(settled((999, 999_999_999), began));
        assert!(settled((1_000, 499), began));
        assert!(!settled((1_000, 500), began), "the same tick");
        assert!(!settled((1_000, 501), began));
        // Whole seconds only: two seconds before.
        assert!(settled((998, 0), began));
        assert!(!settled((999, 0), began));
        assert!(!settled((1_000, 0), began));
    }

    #[test]
    fn the_clock_is_the_file_systems_and_needs_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let before =
            as_stamp_time(std::time::SystemTime::now() - std::time::Duration::from_secs(60));
        let began = clock(dir.path()).expect("a folder to write in");
        assert!(began > before);
        assert_eq!(clock(&dir.path().join("missing")), None);
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "the probe is removed"
        );
    }
}
