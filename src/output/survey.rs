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
//! A folder whose stamp is the one recorded when dossier was done with it
//! still holds exactly the entries recorded (adding, removing or renaming
//! an entry changes a folder's times), so it is not listed: its entries
//! are looked up by name. Listing every folder of a 10,000-brief output
//! (about 14,000, of one or two files each) cost more than looking up
//! every file and folder.
//!
//! This module must not decide what is trusted or kept: it reports.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::manifest::{Record, Stamp, Time};

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
    /// Folders, the root excepted, with their stamp as the survey leaves
    /// them (`None` when the survey changed them).
    pub folders: BTreeMap<String, Option<Stamp>>,
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
/// are not surveyed (the marker); `known` is what dossier recorded of the
/// folder. Folders are walked on every core. Fails on the first file
/// system error.
pub fn survey(root: &Path, skip: &str, modes: Modes, known: &Record) -> io::Result<Survey> {
    restore_folder(root, &fs::symlink_metadata(root)?, modes)?;
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for path in known.files.keys().chain(known.folders.keys()) {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        children.entry(parent).or_default().push(name);
    }
    let walk = Walk {
        skip,
        modes,
        known,
        children,
    };
    // The maps are built in bulk (sorted, then filled): inserting 150,000
    // paths one by one, on one core, took 31 samples of a body edit's
    // profile at 100,000 briefs, the bulk build 22 (issue 17).
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for item in walk.visit(root, Some(""), None)?.items {
        match item {
            Item::File(path, found) => files.push((path, found)),
            Item::Folder(path, stamp) => folders.push((path, stamp)),
        }
    }
    Ok(Survey {
        files: files.into_iter().collect(),
        folders: folders.into_iter().collect(),
    })
}

/// What [`Walk::visit`] found.
enum Item {
    File(String, Found),
    Folder(String, Option<Stamp>),
}

/// What [`Walk::visit`] found in a folder, and whether it removed any of
/// the folder's entries (which changes the folder's stamp).
#[derive(Default)]
struct Visited {
    items: Vec<Item>,
    removed: bool,
}

/// One entry of a folder.
struct Child {
    path: PathBuf,
    name: OsString,
    kind: fs::FileType,
    /// Read when the entry is a file or a folder.
    metadata: Option<fs::Metadata>,
}

/// What stays the same through one survey.
struct Walk<'a> {
    skip: &'a str,
    modes: Modes,
    known: &'a Record,
    /// Recorded folder (`""` for the root) → the names of its recorded
    /// files and folders.
    children: HashMap<&'a str, Vec<&'a str>>,
}

impl Walk<'_> {
    /// Surveys the folder `folder`, at `rel` in the output (`None` for a
    /// folder whose path no output file can have, a name that is not
    /// UTF-8, whose content is removed), whose stamp is `stamp`.
    fn visit(&self, folder: &Path, rel: Option<&str>, stamp: Option<Stamp>) -> io::Result<Visited> {
        self.entries(folder, rel, stamp)?
            .into_par_iter()
            .map(|child| self.visit_child(child, rel))
            .try_reduce(Visited::default, |mut all, one| {
                all.items.extend(one.items);
                all.removed |= one.removed;
                Ok(all)
            })
    }

    /// Surveys one entry of the folder at `rel`; `removed` says whether the
    /// entry itself was removed.
    fn visit_child(&self, child: Child, rel: Option<&str>) -> io::Result<Visited> {
        let at = match (rel, child.name.to_str()) {
            (Some(""), Some(name)) if name == self.skip => return Ok(Visited::default()),
            (Some(""), Some(name)) => Some(name.to_string()),
            (Some(rel), Some(name)) => Some(format!("{rel}/{name}")),
            _ => None,
        };
        match (child.metadata, at) {
            (Some(metadata), at) if child.kind.is_dir() => {
                let restored = restore_folder(&child.path, &metadata, self.modes)?;
                let before = stamp(&metadata);
                let mut inside = self.visit(&child.path, at.as_deref(), Some(before))?;
                let removed = match at {
                    Some(at) => {
                        let unchanged = !restored && !inside.removed;
                        inside
                            .items
                            .push(Item::Folder(at, unchanged.then_some(before)));
                        false
                    }
                    None => {
                        fs::remove_dir(&child.path)?;
                        true
                    }
                };
                Ok(Visited {
                    items: inside.items,
                    removed,
                })
            }
            (Some(metadata), Some(at)) if child.kind.is_file() => {
                let found = Found {
                    length: metadata.len(),
                    stamp: stamp(&metadata),
                    plain: is_plain(&metadata, self.modes),
                };
                Ok(Visited {
                    items: vec![Item::File(at, found)],
                    removed: false,
                })
            }
            _ => {
                // A symbolic link (removed, not followed), a FIFO, a socket,
                // a device, or a file no output can have.
                fs::remove_file(&child.path)?;
                Ok(Visited {
                    items: Vec::new(),
                    removed: true,
                })
            }
        }
    }

    /// The entries of a folder: those recorded, looked up by name, when
    /// its stamp is the one recorded; else (or should a lookup fail) the
    /// folder's listing.
    fn entries(
        &self,
        folder: &Path,
        rel: Option<&str>,
        stamp: Option<Stamp>,
    ) -> io::Result<Vec<Child>> {
        let unchanged = match (rel, stamp) {
            (Some(rel), Some(stamp)) if !rel.is_empty() => {
                self.known.folders.get(rel) == Some(&Some(stamp))
            }
            _ => false,
        };
        if unchanged {
            let names = rel.and_then(|r| self.children.get(r));
            let looked_up: io::Result<Vec<Child>> = names
                .into_iter()
                .flatten()
                .map(|name| {
                    let path = folder.join(name);
                    let metadata = fs::symlink_metadata(&path)?;
                    Ok(Child {
                        path,
                        name: OsString::from(name),
                        kind: metadata.file_type(),
                        metadata: Some(metadata),
                    })
                })
                .collect();
            if let Ok(children) = looked_up {
                return Ok(children);
            }
        }
        fs::read_dir(folder)?
            .map(|entry| {
                let entry = entry?;
                let kind = entry.file_type()?;
                let metadata = if kind.is_dir() || kind.is_file() {
                    Some(entry.metadata()?)
                } else {
                    None
                };
                Ok(Child {
                    path: entry.path(),
                    name: entry.file_name(),
                    kind,
                    metadata,
                })
            })
            .collect()
    }
}

/// The stamps of `folders` (relative to `root`) as they are now, read on
/// every core; `None` for one that cannot be read.
pub fn folder_stamps(root: &Path, folders: Vec<String>) -> Vec<(String, Option<Stamp>)> {
    folders
        .into_par_iter()
        .map(|folder| {
            let stamp = fs::symlink_metadata(root.join(&folder))
                .ok()
                .filter(fs::Metadata::is_dir)
                .map(|m| stamp(&m));
            (folder, stamp)
        })
        .collect()
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
pub fn mode(metadata: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
pub fn mode(metadata: &fs::Metadata) -> u32 {
    u32::from(metadata.permissions().readonly())
}

/// Whether a file is as dossier leaves its files.
#[cfg(unix)]
pub fn is_plain(metadata: &fs::Metadata, modes: Modes) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    metadata.nlink() == 1 && mode(metadata) == modes.file
}

#[cfg(not(unix))]
pub fn is_plain(metadata: &fs::Metadata, modes: Modes) -> bool {
    mode(metadata) == modes.file
}

/// Gives a folder the permissions of a new folder, if it has others;
/// says whether it did.
fn restore_folder(path: &Path, metadata: &fs::Metadata, modes: Modes) -> io::Result<bool> {
    if mode(metadata) == modes.folder {
        return Ok(false);
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
    fs::set_permissions(path, permissions)?;
    Ok(true)
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
        let survey = survey(&root, ".marker", modes, &Record::default()).unwrap();
        assert_eq!(
            survey.files.keys().collect::<Vec<_>>(),
            ["a/locked/deep/page.html", "a/read-only.html"]
        );
        assert_eq!(
            survey.folders.keys().collect::<Vec<_>>(),
            ["a", "a/locked", "a/locked/deep"]
        );
        // `a` lost a link and `a/locked` its `chmod`: their stamps changed.
        assert_eq!(survey.folders["a"], None);
        assert_eq!(survey.folders["a/locked"], None);
        assert!(survey.folders["a/locked/deep"].is_some());
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
