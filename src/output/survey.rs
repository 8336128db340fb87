//! What a reused folder holds, read before a build writes into it
//! (issue 19): every file with its [`Stamp`], every folder, and nothing
//! else left standing.
//!
//! The reused folder is the output of two builds ago, and anyone may have
//! written there since (a `CNAME`, a page edited by hand, `gzip -k`
//! copies, `chmod`). The survey walks all of it without following links:
//! it removes symbolic links and special files (a write through a link
//! would land outside the folder; a FIFO would block the build), gives
//! folders back the permissions a new folder gets (so that nothing in
//! them is out of reach), and records every file and folder. `output`
//! then trusts a file only if its stamp is the one recorded when dossier
//! wrote it, and removes every file and folder the new output lacks.
//!
//! This module must not decide what is trusted or kept: it reports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::Path;

use super::manifest::{Stamp, Time};

/// The permissions a clean build gives what it creates, read from a folder
/// and a file created for the purpose (so the umask and inherited bits
/// count, as they do for a clean build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    /// Of a new folder (`0o755` under the usual umask).
    pub folder: u32,
    /// Of a new file (`0o644` under the usual umask).
    pub file: u32,
}

/// One file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Its length.
    pub length: u64,
    /// Its stamp.
    pub stamp: Stamp,
    /// Whether it is as dossier leaves its files: one link only, and the
    /// permissions of a new file.
    pub plain: bool,
}

/// Every file and folder under a folder (relative `/`-separated paths).
#[derive(Debug, Default)]
pub struct Survey {
    /// Files, with what was found of each.
    pub files: BTreeMap<String, Found>,
    /// Folders, the root excepted.
    pub folders: BTreeSet<String>,
}

/// Reads the modes a clean build gives, by creating a folder `probe` (which
/// must not exist) and a file in it, then removing both.
pub fn probe_modes(probe: &Path) -> io::Result<Modes> {
    fs::create_dir(probe)?;
    let file = probe.join("file");
    let modes = fs::write(&file, b"").and_then(|()| {
        Ok(Modes {
            folder: mode(&fs::symlink_metadata(probe)?),
            file: mode(&fs::symlink_metadata(&file)?),
        })
    });
    let _ = fs::remove_file(&file);
    fs::remove_dir(probe)?;
    modes
}

/// Walks `root`: see the module doc. `skip` names files at the root that
/// are not surveyed (the marker). Fails on the first file system error.
pub fn survey(root: &Path, skip: &str, modes: Modes) -> io::Result<Survey> {
    let mut survey = Survey::default();
    restore_folder(root, &fs::symlink_metadata(root)?, modes)?;
    visit(root, Some(""), skip, modes, &mut survey)?;
    Ok(survey)
}

/// Surveys the folder `folder`, at `rel` in the output; `None` for a
/// folder whose path no output file can have (a name that is not UTF-8),
/// whose content is removed.
fn visit(
    folder: &Path,
    rel: Option<&str>,
    skip: &str,
    modes: Modes,
    survey: &mut Survey,
) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let child = match (rel, name.to_str()) {
            (Some(""), Some(name)) if name == skip => continue,
            (Some(""), Some(name)) => Some(name.to_string()),
            (Some(rel), Some(name)) => Some(format!("{rel}/{name}")),
            _ => None,
        };
        if kind.is_dir() {
            restore_folder(&path, &entry.metadata()?, modes)?;
            visit(&path, child.as_deref(), skip, modes, survey)?;
            match child {
                Some(child) => {
                    survey.folders.insert(child);
                }
                None => fs::remove_dir(&path)?,
            }
        } else if let (true, Some(child)) = (kind.is_file(), &child) {
            let metadata = entry.metadata()?;
            survey.files.insert(
                child.clone(),
                Found {
                    length: metadata.len(),
                    stamp: stamp(&metadata),
                    plain: is_plain(&metadata, modes),
                },
            );
        } else {
            // A symbolic link (removed, not followed), a FIFO, a socket, a
            // device, or a file no output can have.
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// The stamp of a file, from its metadata.
#[cfg(unix)]
pub fn stamp(metadata: &fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt as _;
    let time = |secs: i64, nanos: i64| Time {
        secs,
        nanos: u32::try_from(nanos).unwrap_or(0),
    };
    Stamp {
        modified: time(metadata.mtime(), metadata.mtime_nsec()),
        changed: time(metadata.ctime(), metadata.ctime_nsec()),
        inode: metadata.ino(),
    }
}

/// The stamp of a file, from its metadata: without inodes and change
/// times, the modification time stands for both.
#[cfg(not(unix))]
pub fn stamp(metadata: &fs::Metadata) -> Stamp {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(Time { secs: 0, nanos: 0 }, |d| Time {
            secs: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            nanos: d.subsec_nanos(),
        });
    Stamp {
        modified,
        changed: modified,
        inode: 0,
    }
}

#[cfg(unix)]
fn mode(metadata: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(metadata: &fs::Metadata) -> u32 {
    u32::from(metadata.permissions().readonly())
}

/// Whether a file is as dossier leaves its files.
#[cfg(unix)]
fn is_plain(metadata: &fs::Metadata, modes: Modes) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    metadata.nlink() == 1 && mode(metadata) == modes.file
}

#[cfg(not(unix))]
fn is_plain(metadata: &fs::Metadata, modes: Modes) -> bool {
    mode(metadata) == modes.file
}

/// Gives a folder the permissions of a new folder, if it has others.
fn restore_folder(path: &Path, metadata: &fs::Metadata, modes: Modes) -> io::Result<()> {
    if mode(metadata) == modes.folder {
        return Ok(());
    }
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt as _;
        fs::Permissions::from_mode(modes.folder)
    };
    #[cfg(not(unix))]
    let permissions = {
        let mut p = metadata.permissions();
        p.set_readonly(modes.folder != 0);
        p
    };
    fs::set_permissions(path, permissions)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt as _, symlink};

    #[test]
    fn links_and_fifos_go_folders_open_up_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        fs::create_dir_all(root.join("a/locked/deep")).unwrap();
        fs::write(root.join("a/locked/deep/page.html"), "x").unwrap();
        fs::write(root.join("a/read-only.html"), "ro").unwrap();
        fs::set_permissions(
            root.join("a/read-only.html"),
            fs::Permissions::from_mode(0o444),
        )
        .unwrap();
        fs::write(root.join(".marker"), "m").unwrap();
        let outside = dir.path().join("outside.html");
        fs::write(&outside, "secret").unwrap();
        symlink(&outside, root.join("a/link.html")).unwrap();
        symlink(dir.path(), root.join("folder-link")).unwrap();
        fs::set_permissions(root.join("a/locked"), fs::Permissions::from_mode(0o000)).unwrap();
        let fifo = root.join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );

        let modes = probe_modes(&dir.path().join("probe")).unwrap();
        assert!(!dir.path().join("probe").exists());
        let survey = survey(&root, ".marker", modes).unwrap();
        assert_eq!(
            survey.files.keys().collect::<Vec<_>>(),
            ["a/locked/deep/page.html", "a/read-only.html"]
        );
        assert_eq!(
            survey.folders.iter().collect::<Vec<_>>(),
            ["a", "a/locked", "a/locked/deep"]
        );
        assert!(survey.files["a/locked/deep/page.html"].plain);
        assert!(!survey.files["a/read-only.html"].plain);
        for gone in ["a/link.html", "folder-link", "fifo"] {
            assert!(fs::symlink_metadata(root.join(gone)).is_err(), "{gone}");
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "secret");
        assert_eq!(
            mode(&fs::metadata(root.join("a/locked")).unwrap()),
            modes.folder
        );
    }
}
