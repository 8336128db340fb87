//! Writing the built site: the whole site or nothing (DESIGN §5).
//!
//! Pages are written into a staging folder beside the target, which is then
//! swapped in with two renames, so a failed or interrupted build leaves the
//! previous output in place. A marker file says a folder is dossier output:
//! without it, a non-empty target is refused, so that no folder dossier did
//! not create is ever deleted.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::render::Pages;

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
    fs::create_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
    if let Err(error) = write_all(pages, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    swap(&staging, &target, parent, &name)
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

/// Writes every page under `dir`, in parallel. The marker goes first, so a
/// staging folder left by a killed build is recognisably dossier's and is
/// cleaned up by the next build.
fn write_all(pages: &Pages, dir: &Path) -> anyhow::Result<()> {
    let marker = dir.join(MARKER);
    fs::write(
        &marker,
        "This folder was written by dossier and is replaced on every build.\n",
    )
    .with_context(|| format!("writing {}", marker.display()))?;
    for path in pages.keys() {
        if !is_inside(path.as_str()) {
            bail!(
                "refusing to write `{}`: it would land outside the output folder",
                path.as_str()
            );
        }
    }
    let folders: BTreeSet<PathBuf> = pages
        .keys()
        .filter_map(|p| Path::new(p.as_str()).parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        let path = dir.join(folder);
        fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    }
    pages.par_iter().try_for_each(|(path, bytes)| {
        let path = dir.join(path.as_str());
        let mut file =
            fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        file.write_all(bytes)
            .with_context(|| format!("writing {}", path.display()))
    })
}

/// Whether an output path stays inside the output folder: relative, with
/// no `..`, no root and no drive.
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Puts the staging folder in the target's place. Where the system can
/// exchange two folders in one step (Linux), it does: at every moment the
/// target holds either the previous output or the new one. Elsewhere, two
/// renames, with the previous output moved back if the second fails.
fn swap(staging: &Path, target: &Path, parent: &Path, name: &str) -> anyhow::Result<()> {
    if target.exists() && exchange(staging, target) {
        // `staging` now holds the previous output.
        return fs::remove_dir_all(staging)
            .with_context(|| format!("removing the previous output {}", staging.display()));
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
        fs::remove_dir_all(&old)
            .with_context(|| format!("removing the previous output {}", old.display()))?;
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
