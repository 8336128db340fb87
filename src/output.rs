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
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::render::{Pages, UrlPath};

/// The file that marks a folder as dossier output.
pub const MARKER: &str = ".dossier-output";

/// Writes `pages` to `target` for the site at `root`, replacing an earlier
/// output there. Refuses targets that would destroy the site or a folder
/// dossier did not create.
pub fn write(pages: &Pages, target: &Path, root: &Path) -> anyhow::Result<()> {
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

    let staging = parent.join(format!(".{name}.dossier-new-{}", std::process::id()));
    let spare = parent.join(format!(".{name}.dossier-spare"));
    let reused = spare.join(MARKER).is_file() && fs::rename(&spare, &staging).is_ok();
    if !reused {
        fs::create_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
    }
    if let Err(error) = update(pages, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    swap(&staging, &target, &spare, parent, &name)
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

/// Makes the folder `dir` hold exactly `pages` (plus the marker): writes
/// new and changed files, removes the others. The marker is rewritten
/// without its manifest first, so that a build killed midway leaves a folder
/// that the next build rewrites whole, and with it last.
fn update(pages: &Pages, dir: &Path) -> anyhow::Result<()> {
    for path in pages.keys() {
        if !is_inside(path.as_str()) {
            bail!(
                "refusing to write `{}`: it would land outside the output folder",
                path.as_str()
            );
        }
    }
    let marker = dir.join(MARKER);
    let previous = read_manifest(&fs::read_to_string(&marker).unwrap_or_default());
    fs::write(&marker, format!("{MARKER_TEXT}\n"))
        .with_context(|| format!("writing {}", marker.display()))?;

    // Files of the previous output that this one does not have.
    for stale in previous
        .keys()
        .filter(|p| !pages.contains_key(&UrlPath::file(p)))
    {
        if is_inside(stale) {
            let _ = fs::remove_file(dir.join(stale));
        }
    }
    let folders: BTreeSet<PathBuf> = pages
        .keys()
        .filter_map(|p| Path::new(p.as_str()).parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        let path = dir.join(folder);
        if !path.is_dir() {
            fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        }
    }
    let manifest: Vec<(String, (usize, u64))> = pages
        .par_iter()
        .map(|(path, bytes)| {
            let print = fingerprint(bytes);
            let target = dir.join(path.as_str());
            if previous.get(path.as_str()) != Some(&print) || !target.is_file() {
                let mut file = fs::File::create(&target)
                    .with_context(|| format!("writing {}", target.display()))?;
                file.write_all(bytes)
                    .with_context(|| format!("writing {}", target.display()))?;
            }
            Ok((path.as_str().to_string(), print))
        })
        .collect::<anyhow::Result<_>>()?;
    remove_empty_folders(dir, &previous, &folders);

    let mut text = String::with_capacity(manifest.len() * 64);
    text.push_str(MARKER_TEXT);
    text.push('\n');
    for (path, (length, hash)) in &manifest {
        text.push_str(&format!("{length}\t{hash:016x}\t{path}\n"));
    }
    fs::write(&marker, text).with_context(|| format!("writing {}", marker.display()))
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
fn swap(
    staging: &Path,
    target: &Path,
    spare: &Path,
    parent: &Path,
    name: &str,
) -> anyhow::Result<()> {
    if target.exists() && exchange(staging, target) {
        // `staging` now holds the previous output.
        return fs::rename(staging, spare)
            .with_context(|| format!("keeping the previous output as {}", spare.display()));
    }
    if target.exists() {
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
