//! Writing the built site: the whole site or nothing (DESIGN §5), one
//! build at a time, and always what a clean build writes (issue 19).
//!
//! Pages are written into a staging folder beside the target, which is then
//! swapped in (on Linux in one atomic exchange), so a failed or interrupted
//! build leaves the previous output in place. A marker file says a folder is
//! dossier output: without it, a non-empty target is refused, so that no
//! folder dossier did not create is ever deleted.
//!
//! **One build at a time.** A build takes the output's lock
//! (`lock::OutputLock`, `.<name>.dossier-lock` beside the output) before
//! it touches anything beside the output, and keeps it until the swap is
//! done; a second build of the same output waits for it, or fails at once
//! ([`IfBusy`]). So the staging folders that a build finds beside the
//! output are leftovers of builds that died, and only those are removed.
//!
//! **The spare.** The previous output is not deleted after the swap: it is
//! kept beside the target as a spare (`.<name>.dossier-spare`) and becomes
//! the next build's staging folder, where only changed files are rewritten.
//! On ext4, creating and freeing the ~15,000 folders and files of a
//! 10,000-brief site costs more than rendering them (issue #6). The spare
//! is the output of two builds ago, and anyone may have written into it
//! since, or into the live output that becomes the next spare. So a build
//! first walks the spare (`survey`): links and special files go, folders
//! get back the permissions of a new folder, and every file is noted with
//! its stamp (times and inode, `manifest::Stamp`). A file is trusted only
//! if its stamp is the one dossier recorded when it wrote the file (and it
//! has one link and the permissions of a new file): then it is kept unread
//! when its recorded hash is that of the new bytes, else rewritten in
//! place. Any other file is replaced by a new one, never written through;
//! files and folders that the new output lacks are removed. The stamps
//! live in the spare's marker, never in an output, so that the same input
//! gives a byte-identical output folder.

mod lock;
mod manifest;
mod survey;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::render::{Sink, UrlPath};
use lock::OutputLock;
pub use lock::{Busy, IfBusy};
use manifest::{Entry, Manifest, Record, Stamp, Time};
use survey::{Modes, Survey};

/// The file that marks a folder as dossier output.
pub const MARKER: &str = ".dossier-output";

/// A build's output being written: a staging folder beside the target that
/// receives each file as soon as it is rendered (it is the build's
/// [`Sink`]), then is swapped in whole by [`Staging::finish`]. A build that
/// fails or is dropped before `finish` leaves the target untouched, and its
/// staging folder becomes the next build's spare.
pub struct Staging {
    /// The output folder, absolute.
    target: PathBuf,
    /// The folder being written.
    dir: PathBuf,
    /// Where the previous output is kept after the swap.
    spare: PathBuf,
    /// What dossier left in the staging folder when it was last an output,
    /// with stamps (its spare marker's own record).
    previous: Record,
    /// What dossier left in the live output, with stamps, as the spare's
    /// marker carries it: the spare's own record once the swap has made the
    /// live output the spare.
    output: String,
    /// What the staging folder held when this build took it.
    found: Survey,
    /// What this build wrote (or found already right).
    written: Mutex<Manifest>,
    /// Folders in which this build added or removed entries: their stamps
    /// changed since the survey.
    changed: Mutex<BTreeSet<String>>,
    /// Files whose writing failed midway: their content is unknown.
    damaged: Mutex<Vec<String>>,
    /// The first failure to write, reported by `finish`.
    error: Mutex<Option<anyhow::Error>>,
    /// Set once the staging folder has become the output.
    swapped: bool,
    /// The output's lock, released when the staging is dropped (after
    /// `Drop::drop` has put the staging folder away).
    _lock: OutputLock,
}

/// What a finished build wrote.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    /// Files in the output.
    pub files: usize,
    /// HTML pages among them.
    pub pages: usize,
}

impl Staging {
    /// Prepares to write the output of the site at `root` into `target`:
    /// refuses targets that would destroy the site or a folder dossier did
    /// not create, takes the output's lock (waiting for another build or
    /// failing, as `if_busy` says), removes what dead builds left, then
    /// takes the spare of the previous build (surveyed) or a new folder as
    /// the staging folder.
    pub fn open(target: &Path, root: &Path, if_busy: IfBusy<'_>) -> anyhow::Result<Staging> {
        let target = absolute(target)?;
        // Refused before the lock too, so that a refused target gets no
        // lock file beside it.
        refuse_dangerous(&target, root)?;
        let parent = target
            .parent()
            .context("the output folder has no parent folder")?;
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let lock = OutputLock::acquire(&target, if_busy)?;
        // Another build may have changed the target while this one waited.
        refuse_dangerous(&target, root)?;
        let name = target
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        remove_leftovers(parent, &name);

        let dir = parent.join(format!(".{name}.dossier-new-{}", std::process::id()));
        let spare = parent.join(format!(".{name}.dossier-spare"));
        let (previous, output, found) = match take_spare(&spare, &dir) {
            Some(taken) => taken,
            None => {
                fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
                (Record::default(), String::new(), Survey::default())
            }
        };
        let marker = dir.join(MARKER);
        if let Err(error) = replace_file(&marker, format!("{}\n", manifest::MARKER_TEXT).as_bytes())
        {
            let _ = fs::remove_dir_all(&dir);
            return Err(error).with_context(|| format!("writing {}", marker.display()));
        }
        Ok(Staging {
            target,
            dir,
            spare,
            previous,
            output,
            found,
            written: Mutex::new(Manifest::new()),
            changed: Mutex::new(BTreeSet::new()),
            damaged: Mutex::new(Vec::new()),
            error: Mutex::new(None),
            swapped: false,
            _lock: lock,
        })
    }

    /// Completes the staging folder (removes what this output lacks, writes
    /// the marker) and swaps it in; the previous output becomes the spare.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        if let Some(error) = lock(&self.error).take() {
            return Err(error);
        }
        let written = std::mem::take(&mut *lock(&self.written));
        self.remove_unwritten(&written)?;
        let folders = self.folder_stamps(&written);
        let marker = self.dir.join(MARKER);
        let now = write_marker(&marker, &manifest::output_marker(&written))?;
        let mut record = Record {
            files: written,
            folders,
        };
        manifest::settle(&mut record, now);
        let files = Written {
            files: record.files.len(),
            pages: record.files.keys().filter(|p| p.ends_with(".html")).count(),
        };
        let previous = swap(&self.dir, &self.target)?;
        self.swapped = true;
        keep_spare(
            previous.as_deref(),
            &self.spare,
            &manifest::spare_marker(&self.output, &manifest::record_text(&record)),
        );
        Ok(files)
    }

    /// The stamps of the folders of this output, now that nothing changes
    /// in them any more: the survey's for folders this build left alone,
    /// read again for the others.
    fn folder_stamps(&self, written: &Manifest) -> BTreeMap<String, Option<Stamp>> {
        let changed = lock(&self.changed);
        let mut stamps = Vec::new();
        let mut unknown = Vec::new();
        for folder in folders_of(written) {
            match self.found.folders.get(&folder) {
                Some(Some(stamp)) if !changed.contains(&folder) => {
                    stamps.push((folder, Some(*stamp)));
                }
                _ => unknown.push(folder),
            }
        }
        stamps.extend(survey::folder_stamps(&self.dir, unknown));
        // Built in bulk: each folder is there once.
        stamps.into_iter().collect()
    }

    /// Notes that entries were added or removed at `path`: every folder
    /// above it changed (more than needed, never less).
    fn note_change(&self, path: &str) {
        let mut changed = lock(&self.changed);
        let mut rest = path;
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !changed.insert(folder.to_string()) {
                break;
            }
            rest = folder;
        }
    }

    /// Removes every file and folder found in the staging folder that this
    /// output lacks. A file of the previous output that stayed would be
    /// served as part of this one: a failure to remove it fails the build.
    fn remove_unwritten(&self, written: &Manifest) -> anyhow::Result<()> {
        for path in self.found.files.keys() {
            if written.contains_key(path) {
                continue;
            }
            let file = self.dir.join(path);
            self.note_change(path);
            match fs::remove_file(&file) {
                Ok(()) => {}
                // Gone already, or a file or folder of this output now
                // stands where it or its folder was.
                Err(_) if !file.is_file() => {}
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!("removing {}, a file of the previous output", file.display())
                    });
                }
            }
        }
        // Deepest first: a folder sorts before everything under it.
        for path in self.found.folders.keys().rev() {
            if written_under(written, path) {
                continue;
            }
            let folder = self.dir.join(path);
            self.note_change(path);
            match fs::remove_dir(&folder) {
                Ok(()) => {}
                // Gone, or a file of this output stands there now.
                Err(_) if !folder.is_dir() => {}
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!(
                            "removing {}, a folder of the previous output",
                            folder.display()
                        )
                    });
                }
            }
        }
        Ok(())
    }

    /// The entry of a file of the staging folder that still holds what
    /// dossier wrote there: same stamp as recorded, one link, the
    /// permissions of a new file.
    fn trusted(&self, path: &str) -> Option<Entry> {
        let entry = self.previous.files.get(path)?;
        let found = self.found.files.get(path)?;
        (found.plain && entry.stamp == Some(found.stamp) && entry.length == found.length)
            .then_some(*entry)
    }

    /// Writes one file, whose fingerprint is `made`, unless the staging
    /// folder already holds it.
    fn store(&self, path: &UrlPath, bytes: &[u8], made: (u64, u64)) -> anyhow::Result<()> {
        let path = path.as_str();
        if !is_inside(path) {
            bail!("refusing to write `{path}`: it would land outside the output folder");
        }
        let (length, hash) = made;
        let entry = match self.trusted(path) {
            Some(entry) if entry.length == length && entry.hash == hash => entry,
            trusted => {
                let file = self.dir.join(path);
                if trusted.is_none() {
                    // Created, or replacing another file: folders change.
                    self.note_change(path);
                }
                // A file dossier did not leave as it is now is replaced,
                // never written through: it may be read-only, or a link
                // to a file elsewhere.
                let replace = trusted.is_none() && self.found.files.contains_key(path);
                match self.write_file(&file, bytes, replace) {
                    Ok(stamp) => Entry {
                        length,
                        hash,
                        stamp: Some(stamp),
                    },
                    Err(error) => {
                        lock(&self.damaged).push(path.to_string());
                        return Err(error).with_context(|| format!("writing {}", file.display()));
                    }
                }
            }
        };
        lock(&self.written).insert(path.to_string(), entry);
        Ok(())
    }

    /// Writes `bytes` to `file` inside the staging folder (removing the file
    /// there first when `replace`), making its folder, and clearing a file
    /// or folder of the previous output that stands where this one needs a
    /// folder or a file. Returns the stamp of the file written.
    fn write_file(&self, file: &Path, bytes: &[u8], replace: bool) -> std::io::Result<Stamp> {
        if replace {
            match fs::remove_file(file) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
        if let Ok(stamp) = create(file, bytes) {
            return Ok(stamp);
        }
        if file.is_dir() {
            // A folder of the previous output where a file goes.
            fs::remove_dir_all(file)?;
        } else if let Some(folder) = file.parent() {
            // A missing folder, or a file of the previous output where a
            // folder goes.
            for above in folder.ancestors() {
                if !above.starts_with(&self.dir) || above == self.dir {
                    break;
                }
                if above.is_file() {
                    fs::remove_file(above)?;
                }
            }
            fs::create_dir_all(folder)?;
        }
        create(file, bytes)
    }
}

impl Sink for Staging {
    fn put(&self, path: UrlPath, bytes: Vec<u8>) {
        let made = manifest::fingerprint(&bytes);
        self.put_fingerprinted(path, bytes, made);
    }

    fn put_fingerprinted(&self, path: UrlPath, bytes: Vec<u8>, made: (u64, u64)) {
        if let Err(error) = self.store(&path, &bytes, made) {
            lock(&self.error).get_or_insert(error);
        }
    }

    /// Keeps a file of the previous build (issue 17): from the staging
    /// folder when it holds exactly those bytes as dossier wrote them (a
    /// trusted file of the spare, left unread), else from the live output,
    /// read and fingerprinted again (anyone may have changed it), then
    /// stored as a made file is. Anything else makes the page again.
    fn keep(&self, path: &UrlPath, made: (u64, u64)) -> bool {
        let at = path.as_str();
        if !is_inside(at) {
            return false;
        }
        if let Some(entry) = self.trusted(at)
            && (entry.length, entry.hash) == made
        {
            lock(&self.written).insert(at.to_string(), entry);
            return true;
        }
        let Ok(bytes) = fs::read(self.target.join(at)) else {
            return false;
        };
        if manifest::fingerprint(&bytes) != made {
            return false;
        }
        self.put_fingerprinted(path.clone(), bytes, made);
        true
    }
}

impl Drop for Staging {
    /// A build that did not finish keeps its staging folder as the next
    /// build's spare, with what is known of it now: the files kept from
    /// the previous output, those this build wrote, and none whose writing
    /// failed.
    fn drop(&mut self) {
        if self.swapped {
            return;
        }
        // Folders are left out: the next build lists them all.
        let mut own = Record {
            files: self
                .previous
                .files
                .keys()
                .filter_map(|path| Some((path.clone(), self.trusted(path)?)))
                .collect(),
            folders: BTreeMap::new(),
        };
        own.files.extend(std::mem::take(&mut *lock(&self.written)));
        for path in lock(&self.damaged).iter() {
            own.files.remove(path);
        }
        let marker = self.dir.join(MARKER);
        let kept = write_marker(&marker, &format!("{}\n", manifest::MARKER_TEXT))
            .map(|now| manifest::settle(&mut own, now))
            .and_then(|()| {
                fs::write(
                    &marker,
                    manifest::spare_marker(&manifest::record_text(&own), &self.output),
                )
                .context("writing the marker")
            })
            .is_ok()
            && !self.spare.exists()
            && fs::rename(&self.dir, &self.spare).is_ok();
        if !kept {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The folders of an output (the root excepted): those of its files.
fn folders_of(files: &Manifest) -> BTreeSet<String> {
    // Found as borrowed paths, then sorted and made a set in bulk:
    // inserting 140,000 folders into the set one by one, each as a new
    // string, was a fifth of finishing a build of 100,000 briefs (issue 17).
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for path in files.keys() {
        let mut rest = path.as_str();
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !seen.insert(folder) {
                break;
            }
            rest = folder;
        }
    }
    let mut folders: Vec<&str> = seen.into_iter().collect();
    folders.sort_unstable();
    folders.into_iter().map(str::to_string).collect()
}

/// Whether this output has a file under the folder `path`.
fn written_under(written: &Manifest, path: &str) -> bool {
    let prefix = format!("{path}/");
    written
        .range(prefix.clone()..)
        .next()
        .is_some_and(|(p, _)| p.starts_with(&prefix))
}

/// Creates (or truncates) `file` with `bytes` and returns its stamp once
/// written.
fn create(file: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    let mut handle = fs::File::create(file)?;
    handle.write_all(bytes)?;
    Ok(survey::stamp(&handle.metadata()?))
}

/// Puts a new file with `bytes` at `path`, in place of whatever file or
/// link was there: a marker that was a link, or a hard link to a file
/// elsewhere, must not be written through.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    fs::File::create_new(path)?.write_all(bytes)
}

/// Writes a marker and returns the file system's time of that write: every
/// file written before it is dated at or before it.
fn write_marker(marker: &Path, text: &str) -> anyhow::Result<Time> {
    let mut handle =
        fs::File::create(marker).with_context(|| format!("writing {}", marker.display()))?;
    handle
        .write_all(text.as_bytes())
        .with_context(|| format!("writing {}", marker.display()))?;
    let stamp = survey::stamp(
        &handle
            .metadata()
            .with_context(|| format!("reading {}", marker.display()))?,
    );
    Ok(stamp.modified.max(stamp.changed))
}

/// Takes the spare as the staging folder `dir`: its marker's entries (its
/// own, and the live output's) and its survey. `None` when there is no
/// usable spare; a spare that cannot be surveyed is set aside and removed.
fn take_spare(spare: &Path, dir: &Path) -> Option<(Record, String, Survey)> {
    let is_dir = fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir());
    let marked = fs::symlink_metadata(spare.join(MARKER)).is_ok_and(|m| m.is_file());
    if !is_dir || !marked || fs::rename(spare, dir).is_err() {
        return None;
    }
    let marker = dir.join(MARKER);
    let (previous, output) =
        manifest::read_marker(&fs::read_to_string(&marker).unwrap_or_default());
    // The marker loses its entries before anything else changes: a build
    // killed from here on leaves a folder that is removed or rewritten.
    let surveyed = replace_file(&marker, format!("{}\n", manifest::MARKER_TEXT).as_bytes())
        .and_then(|()| {
            let probe = dir.join(".dossier-probe");
            let _ = fs::remove_file(&probe);
            let _ = fs::remove_dir_all(&probe);
            survey::probe_modes(&probe)
        })
        .and_then(|modes: Modes| survey::survey(dir, MARKER, modes, &previous));
    match surveyed {
        Ok(found) => Some((previous, output, found)),
        Err(_) => {
            // Unreadable (files of another user, a disk error): a new
            // folder does, and the next build removes this one if it can.
            let aside = dir.with_file_name(
                dir.file_name()
                    .map(|n| n.to_string_lossy().replace("dossier-new-", "dossier-old-"))
                    .unwrap_or_default()
                    + "-spare",
            );
            if fs::rename(dir, &aside).is_ok() {
                let _ = fs::remove_dir_all(&aside);
            }
            None
        }
    }
}

/// Keeps the previous output, now at `previous`, as the spare (with its
/// marker `text`); with no previous output, an empty spare carries the
/// marker, so that the next build knows the stamps of this one. Nothing
/// here fails the build: without a spare, the next build writes everything.
fn keep_spare(previous: Option<&Path>, spare: &Path, text: &str) {
    if spare.exists() {
        // Not reusable (no marker: not ours to remove).
        if let Some(previous) = previous {
            let _ = fs::remove_dir_all(previous);
        }
        return;
    }
    let folder = match previous {
        Some(previous) => previous,
        None => {
            if fs::create_dir(spare).is_err() {
                return;
            }
            spare
        }
    };
    if replace_file(&folder.join(MARKER), text.as_bytes()).is_err() {
        // Without its entries, the spare is rewritten whole.
        let _ = fs::remove_file(folder.join(MARKER));
    }
    if folder != spare && fs::rename(folder, spare).is_err() {
        let _ = fs::remove_dir_all(folder);
    }
}

/// Locks a mutex, whatever a panicking thread left in it: every value
/// guarded here stays meaningful after a panic.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Makes a path absolute against the current folder, resolving symlinks of
/// the part that exists so that a link cannot hide a dangerous target.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let current = std::env::current_dir().context("reading the current folder")?;
    let joined = current.join(path);
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    Ok(resolved)
}

/// The refusals of DESIGN §5.
fn refuse_dangerous(target: &Path, root: &Path) -> anyhow::Result<()> {
    let root = fs::canonicalize(root).with_context(|| format!("reading {}", root.display()))?;
    if root.starts_with(target) {
        bail!(
            "refusing to write the site into `{}`: it holds the site itself (site.yaml, content/); choose another --output, such as `public`",
            target.display()
        );
    }
    for own in ["content", "templates", "static"] {
        if target.starts_with(root.join(own)) {
            bail!(
                "refusing to write the site into `{}`: it is inside the site's `{own}/` folder; choose another --output, such as `public`",
                target.display()
            );
        }
    }
    if target.is_file() {
        bail!(
            "refusing to write the site to `{}`: it is a file",
            target.display()
        );
    }
    if target.is_dir() && !target.join(MARKER).is_file() {
        let empty = fs::read_dir(target)
            .with_context(|| format!("reading {}", target.display()))?
            .next()
            .is_none();
        if !empty {
            bail!(
                "refusing to replace `{}`: it is not empty and holds no earlier dossier output; empty it, or choose another --output",
                target.display()
            );
        }
    }
    Ok(())
}

/// Whether the output folder `target` holds exactly what the last build
/// left there (issue 17: a build of a site that did not change does
/// nothing): its marker, every file and folder the last build recorded
/// (in the spare's marker) with the stamp it had then, and nothing else
/// at its top. A stamp that was not settled is checked by reading the
/// file. Taken under the output's lock, so that no build is swapping
/// another output in meanwhile. `false` whenever anything is unknown.
pub fn untouched(target: &Path, if_busy: IfBusy<'_>) -> anyhow::Result<bool> {
    let target = absolute(target)?;
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(false);
    };
    if !target.join(MARKER).is_file() {
        return Ok(false);
    }
    let _lock = OutputLock::acquire(&target, if_busy)?;
    let name = name.to_string_lossy();
    // As any build does once it holds the lock: what dead builds left.
    remove_leftovers(parent, &name);
    let spare = parent.join(format!(".{name}.dossier-spare"));
    let read = |file: &Path| {
        fs::read(file)
            .ok()
            .and_then(|b| crate::utf8::string(b).ok())
    };
    let Some(text) = read(&spare.join(MARKER)) else {
        return Ok(false);
    };
    let Some(record) = manifest::list_record(manifest::output_record(&text)) else {
        return Ok(false);
    };
    if record.files.is_empty()
        || !read(&target.join(MARKER))
            .is_some_and(|marker| manifest::is_output_marker(&marker, &record.files))
    {
        return Ok(false);
    }
    // What a clean build gives what it creates, for entries whose stamp
    // was written in the tick of the build's end and is not trusted.
    let probe = spare.join(".dossier-probe");
    let _ = fs::remove_dir_all(&probe);
    let Ok(modes) = survey::probe_modes(&probe) else {
        return Ok(false);
    };
    let same_file = |path: &str, entry: &Entry| -> bool {
        let file = target.join(path);
        let Ok(meta) = fs::symlink_metadata(&file) else {
            return false;
        };
        if !meta.is_file() || meta.len() != entry.length {
            return false;
        }
        match entry.stamp {
            Some(stamp) => survey::stamp(&meta) == stamp,
            None => {
                survey::is_plain(&meta, modes)
                    && fs::read(&file).is_ok_and(|bytes| {
                        manifest::fingerprint(&bytes) == (entry.length, entry.hash)
                    })
            }
        }
    };
    // One stat per file, on every core: at 10,000 briefs, 15,000 of them
    // are most of a build that does nothing.
    if !record
        .files
        .par_iter()
        .all(|(path, entry)| same_file(path, entry))
    {
        return Ok(false);
    }
    // A folder's own entries: the files and folders the record has there.
    let children = |folder: &str| -> BTreeSet<String> {
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        record
            .files
            .iter()
            .map(|(p, _)| *p)
            .chain(record.folders.iter().map(|(p, _)| *p))
            .filter_map(|p| p.strip_prefix(prefix.as_str()))
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .map(str::to_string)
            .collect()
    };
    let listed = |folder: &Path| -> Option<BTreeSet<String>> {
        fs::read_dir(folder).ok().map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
    };
    let same_folder = |path: &str, stamp: &Option<Stamp>| -> bool {
        let folder = target.join(path);
        let Ok(meta) = fs::symlink_metadata(&folder) else {
            return false;
        };
        meta.is_dir()
            && match stamp {
                Some(stamp) => survey::stamp(&meta) == *stamp,
                None => {
                    survey::mode(&meta) == modes.folder && listed(&folder) == Some(children(path))
                }
            }
    };
    if !record
        .folders
        .par_iter()
        .all(|(path, stamp)| same_folder(path, stamp))
    {
        return Ok(false);
    }
    // The top folder has no stamp: its entries and mode are checked.
    let mut top = children("");
    top.insert(MARKER.to_string());
    let root_mode = fs::symlink_metadata(&target).map(|m| survey::mode(&m));
    Ok(root_mode.ok() == Some(modes.folder) && listed(&target) == Some(top))
}

/// The folder where the lighter copies of a site's large images are kept
/// between builds into `target` (issue #12): beside it, never inside it,
/// as `.<name>.dossier-cache/images/` (`.public.dossier-cache/images/`),
/// which the `.gitignore` of `dossier init` leaves out. Nothing but image
/// copies named by their content's hash is kept there: removing it costs
/// the next build the time to make them again.
pub fn image_cache(target: &Path) -> PathBuf {
    let target = absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = target.parent().unwrap_or(&target);
    parent.join(format!(".{name}.dossier-cache")).join("images")
}

/// Removes staging and old-output folders left by builds that died; only
/// folders with dossier's names that carry the marker (or are empty) are
/// touched, and only while this build holds the output's lock, so none is
/// another live build's. A folder whose build process still runs (an older
/// dossier, which took no lock) is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.dossier-new-"),
        format!(".{name}.dossier-old-"),
    ];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let path = entry.path();
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && (path.join(MARKER).is_file()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()));
        if ours && !is_running(pid) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether the process `pid` (another than this one) runs.
fn is_running(pid: &str) -> bool {
    let this = std::process::id().to_string();
    cfg!(target_os = "linux") && pid != this && Path::new("/proc").join(pid).exists()
}

/// Whether an output path stays inside the output folder: relative, with
/// no `..`, no root and no drive.
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Puts the staging folder in the target's place, and returns where the
/// previous output now is (`None` if there was none). Where the system can
/// exchange two folders in one step (Linux), it does: at every moment the
/// target holds either the previous output or the new one. Elsewhere, two
/// renames, with the previous output moved back if the second fails.
fn swap(staging: &Path, target: &Path) -> anyhow::Result<Option<PathBuf>> {
    if !target.exists() {
        fs::rename(staging, target)
            .with_context(|| format!("moving the new output into {}", target.display()))?;
        return Ok(None);
    }
    if exchange(staging, target) {
        return Ok(Some(staging.to_path_buf()));
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let parent = target.parent().unwrap_or(target);
    let old = parent.join(format!(".{name}.dossier-old-{}", std::process::id()));
    fs::rename(target, &old)
        .with_context(|| format!("moving the previous output {} aside", target.display()))?;
    if let Err(error) = fs::rename(staging, target) {
        let _ = fs::rename(&old, target);
        let _ = fs::remove_dir_all(staging);
        return Err(error)
            .with_context(|| format!("moving the new output into {}", target.display()));
    }
    Ok(Some(old))
}

/// Exchanges two folders atomically; `false` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests;
