//! Writing the built site: the whole site or nothing (DESIGN §5).
//!
//! Pages are written into a staging folder beside the target, which is then
//! swapped in (on Linux in one atomic exchange), so a failed or interrupted
//! build leaves the previous output in place. A marker file says a folder is
//! dossier output: without it, a non-empty target is refused, so that no
//! folder dossier did not create is ever deleted.
//!
//! The previous output is not deleted after the swap: it is kept beside the
//! target as a spare (`.<name>.dossier-spare`) and becomes the next build's
//! staging folder, where only changed files are rewritten. The marker holds
//! a manifest (path, length, hash of every file), so nothing is read back to
//! compare. On ext4, creating and freeing the ~15,000 folders and files of
//! a 10,000-brief site costs more than rendering them (issue #6): reusing
//! them turns a rebuild's writing from seconds into a fraction of one.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, bail};

use crate::render::{Sink, UrlPath};

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
    /// What the staging folder held when this build took it.
    previous: Manifest,
    /// What this build wrote (or found already right).
    written: Mutex<Manifest>,
    /// Files whose writing failed midway: their content is unknown.
    damaged: Mutex<Vec<String>>,
    /// The first failure to write, reported by `finish`.
    error: Mutex<Option<anyhow::Error>>,
    /// Set once the staging folder has become the output.
    swapped: bool,
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
    /// not create, then takes the spare of the previous build (or a new
    /// folder) as the staging folder.
    pub fn open(target: &Path, root: &Path) -> anyhow::Result<Staging> {
        let target = absolute(target)?;
        refuse_dangerous(&target, root)?;
        let parent = target
            .parent()
            .context("the output folder has no parent folder")?;
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let name = target
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        remove_leftovers(parent, &name);

        let dir = parent.join(format!(".{name}.dossier-new-{}", std::process::id()));
        let spare = parent.join(format!(".{name}.dossier-spare"));
        let reused = spare.join(MARKER).is_file() && fs::rename(&spare, &dir).is_ok();
        if !reused {
            fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        // The marker loses its manifest first: a build killed from here on
        // leaves a folder that the next build rewrites whole.
        let marker = dir.join(MARKER);
        let previous = read_manifest(&fs::read_to_string(&marker).unwrap_or_default());
        if let Err(error) = fs::write(&marker, format!("{MARKER_TEXT}\n")) {
            let _ = fs::remove_dir_all(&dir);
            return Err(error).with_context(|| format!("writing {}", marker.display()));
        }
        Ok(Staging {
            target,
            dir,
            spare,
            previous,
            written: Mutex::new(Manifest::new()),
            damaged: Mutex::new(Vec::new()),
            error: Mutex::new(None),
            swapped: false,
        })
    }

    /// Completes the staging folder (removes what the previous output had
    /// and this one has not, writes the manifest) and swaps it in.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        if let Some(error) = lock(&self.error).take() {
            return Err(error);
        }
        // A file of the previous output that stayed would be served as part
        // of this one: a failure to remove it fails the build (the folder
        // then keeps it in its manifest, for the next build to remove).
        for stale in self.stale() {
            let file = self.dir.join(stale);
            match fs::remove_file(&file) {
                // Gone already, or a file or folder of this output now stands
                // where it or its folder was.
                Err(_) if !file.is_file() => {}
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!("removing {}, a file of the previous output", file.display())
                    });
                }
                Ok(()) => {}
            }
        }
        let manifest = std::mem::take(&mut *lock(&self.written));
        let folders: BTreeSet<PathBuf> = manifest
            .keys()
            .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
            .collect();
        remove_empty_folders(&self.dir, &self.previous, &folders);
        let marker = self.dir.join(MARKER);
        fs::write(&marker, manifest_text(&manifest))
            .with_context(|| format!("writing {}", marker.display()))?;
        let written = Written {
            files: manifest.len(),
            pages: manifest.keys().filter(|p| p.ends_with(".html")).count(),
        };
        swap(&self.dir, &self.target, &self.spare)?;
        self.swapped = true;
        Ok(written)
    }

    /// The files of the previous output that this build did not produce.
    fn stale(&self) -> Vec<&String> {
        let written = lock(&self.written);
        self.previous
            .keys()
            .filter(|p| !written.contains_key(*p) && is_inside(p))
            .collect()
    }

    /// Writes one file unless the staging folder already holds it.
    fn store(&self, path: &UrlPath, bytes: &[u8]) -> anyhow::Result<()> {
        if !is_inside(path.as_str()) {
            bail!(
                "refusing to write `{}`: it would land outside the output folder",
                path.as_str()
            );
        }
        let print = fingerprint(bytes);
        let file = self.dir.join(path.as_str());
        let unchanged = self.previous.get(path.as_str()) == Some(&print) && file.is_file();
        if !unchanged && let Err(error) = self.write_file(&file, bytes) {
            lock(&self.damaged).push(path.as_str().to_string());
            return Err(error).with_context(|| format!("writing {}", file.display()));
        }
        lock(&self.written).insert(path.as_str().to_string(), print);
        Ok(())
    }

    /// Writes `bytes` to `file` inside the staging folder, making its
    /// folder, and clearing a file or folder of the previous output that
    /// stands where this one needs a folder or a file.
    fn write_file(&self, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if fs::write(file, bytes).is_ok() {
            return Ok(());
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
        fs::write(file, bytes)
    }
}

impl Sink for Staging {
    fn put(&self, path: UrlPath, bytes: Vec<u8>) {
        if let Err(error) = self.store(&path, &bytes) {
            lock(&self.error).get_or_insert(error);
        }
    }
}

impl Drop for Staging {
    /// A build that did not finish keeps its staging folder as the next
    /// build's spare, with a manifest of what it holds now: the previous
    /// files, those this build wrote, and none whose writing failed.
    fn drop(&mut self) {
        if self.swapped {
            return;
        }
        let mut manifest = std::mem::take(&mut self.previous);
        manifest.extend(std::mem::take(&mut *lock(&self.written)));
        for path in lock(&self.damaged).iter() {
            manifest.remove(path);
        }
        let kept = fs::write(self.dir.join(MARKER), manifest_text(&manifest)).is_ok()
            && !self.spare.exists()
            && fs::rename(&self.dir, &self.spare).is_ok();
        if !kept {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Locks a mutex, whatever a panicking thread left in it: every value
/// guarded here stays meaningful after a panic.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The marker's text: its first line, then one line per file.
fn manifest_text(manifest: &Manifest) -> String {
    let mut text = String::with_capacity(manifest.len() * 64 + MARKER_TEXT.len() + 1);
    text.push_str(MARKER_TEXT);
    text.push('\n');
    for (path, (length, hash)) in manifest {
        text.push_str(&format!("{length}\t{hash:016x}\t{path}\n"));
    }
    text
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

/// Removes staging and old-output folders left by interrupted builds; only
/// folders with dossier's names that carry the marker are touched.
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
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let path = entry.path();
            let ours = path.join(MARKER).is_file()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
            if ours {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}

/// What the marker says of each file of a folder: its length and hash.
type Manifest = BTreeMap<String, (usize, u64)>;

/// The first line of the marker; the manifest follows, one file a line.
const MARKER_TEXT: &str = "This folder was written by dossier and is replaced on every build.";

/// A file's length and hash, as the manifest records them.
fn fingerprint(bytes: &[u8]) -> (usize, u64) {
    // SipHash with fixed keys: the same bytes give the same hash in every
    // build, and a changed page cannot pass for the old one by accident.
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    (bytes.len(), hasher.finish())
}

/// The manifest of a marker's text; empty for a marker without one (a
/// folder being updated when its build was killed: every file is rewritten).
fn read_manifest(text: &str) -> Manifest {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let length = parts.next()?.parse().ok()?;
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            Some((parts.next()?.to_string(), (length, hash)))
        })
        .collect()
}

/// Removes the folders that held only files of the previous output.
fn remove_empty_folders(dir: &Path, previous: &Manifest, kept: &BTreeSet<PathBuf>) {
    let mut gone: BTreeSet<PathBuf> = BTreeSet::new();
    for path in previous.keys() {
        let mut folder = Path::new(path).parent();
        while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
            if !kept.contains(f) {
                gone.insert(f.to_path_buf());
            }
            folder = f.parent();
        }
    }
    // Deepest first; `remove_dir` only removes empty folders.
    for folder in gone.iter().rev() {
        if is_inside(&folder.to_string_lossy()) {
            let _ = fs::remove_dir(dir.join(folder));
        }
    }
}

/// Whether an output path stays inside the output folder: relative, with
/// no `..`, no root and no drive.
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Puts the staging folder in the target's place, and keeps the previous
/// output as the spare for the next build. Where the system can exchange two
/// folders in one step (Linux), it does: at every moment the target holds
/// either the previous output or the new one. Elsewhere, two renames, with
/// the previous output moved back if the second fails.
fn swap(staging: &Path, target: &Path, spare: &Path) -> anyhow::Result<()> {
    if target.exists() && exchange(staging, target) {
        // `staging` now holds the previous output.
        return fs::rename(staging, spare)
            .with_context(|| format!("keeping the previous output as {}", spare.display()));
    }
    if target.exists() {
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
        fs::rename(&old, spare)
            .with_context(|| format!("keeping the previous output as {}", spare.display()))?;
    } else {
        fs::rename(staging, target)
            .with_context(|| format!("moving the new output into {}", target.display()))?;
    }
    Ok(())
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
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside() {
        assert!(is_inside("briefs/x/index.html"));
        assert!(is_inside("404.html"));
        for bad in ["", "../x", "/etc/passwd", "a/../../b", "./x"] {
            assert!(!is_inside(bad), "{bad}");
        }
    }
}
