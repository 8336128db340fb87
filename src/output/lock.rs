//! One build at a time per output folder (issue 19).
//!
//! A build holds an exclusive lock on a file beside its output,
//! `.<name>.dossier-lock` in the output's parent (never inside the output:
//! the output is swapped away), from before it touches anything there until
//! its swap is done. The lock is the operating system's (`flock` on Unix,
//! `LockFileEx` on Windows, through `std::fs::File::lock`): it is released
//! when its holder exits, however it exits, so a killed build never blocks
//! the next one.
//!
//! On Unix the holder removes the lock file before releasing it, so that
//! no file is left beside the output between builds. A build that was
//! waiting on the removed file then holds a lock nobody else can see: it
//! checks, once it holds the lock, that the path still names the file it
//! locked, and starts again if not.
//!
//! This module owns the lock only; what the lock protects is `output`'s.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// What a build does when another build is writing the same output.
#[derive(Clone, Copy)]
pub enum IfBusy<'a> {
    /// Wait until the other build is done; `waiting` is called once, when
    /// the wait begins (the command line says so on standard error).
    Wait(&'a dyn Fn(&Path)),
    /// Fail at once with [`Busy`] (`build --no-wait`).
    Fail,
}

/// Another build was writing the same output, and [`IfBusy::Fail`] was asked.
#[derive(Debug, thiserror::Error)]
#[error("another build is writing `{}` right now", .output.display())]
pub struct Busy {
    /// The output folder.
    pub output: PathBuf,
}

/// The lock of one output folder, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    /// Open for as long as the lock is held; `None` where the file system
    /// cannot lock files (the build then runs unlocked, as before locks).
    file: Option<File>,
    /// The lock file.
    path: PathBuf,
}

impl OutputLock {
    /// The lock file of the output folder `target`: `.<name>.dossier-lock`
    /// beside it.
    pub fn path_for(target: &Path) -> Option<PathBuf> {
        let name = target.file_name()?.to_string_lossy();
        Some(target.parent()?.join(format!(".{name}.dossier-lock")))
    }

    /// Takes the lock of the output folder `target`, waiting for another
    /// build that holds it or failing with [`Busy`], as `if_busy` says.
    /// The output's parent folder must exist.
    pub fn acquire(target: &Path, if_busy: IfBusy<'_>) -> anyhow::Result<OutputLock> {
        let path = OutputLock::path_for(target).context("the output folder has no name")?;
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("opening the lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => match if_busy {
                    IfBusy::Fail => {
                        return Err(Busy {
                            output: target.to_path_buf(),
                        }
                        .into());
                    }
                    IfBusy::Wait(waiting) => {
                        if !told {
                            waiting(target);
                            told = true;
                        }
                        file.lock()
                            .with_context(|| format!("waiting for the lock {}", path.display()))?;
                    }
                },
                Err(TryLockError::Error(error))
                    if error.kind() == std::io::ErrorKind::Unsupported =>
                {
                    // A file system without locks (some network and FUSE
                    // ones): build unlocked rather than not at all.
                    return Ok(OutputLock { file: None, path });
                }
                Err(TryLockError::Error(error)) => {
                    return Err(error).with_context(|| format!("locking {}", path.display()));
                }
            }
            if names_file(&path, &file) {
                return Ok(OutputLock {
                    file: Some(file),
                    path,
                });
            }
            // The previous holder removed the file as it finished; the lock
            // now lives on a new file at the same path.
        }
    }
}

impl Drop for OutputLock {
    /// Removes the lock file while still holding it (Unix; see the module
    /// doc), then releases the lock by closing the file.
    fn drop(&mut self) {
        if cfg!(unix) && self.file.is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
        self.file.take();
    }
}

/// Whether `path` still names the open `file` (same device and inode).
#[cfg(unix)]
fn names_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(named), Ok(open)) => named.dev() == open.dev() && named.ino() == open.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed, so the path always names it.
#[cfg(not(unix))]
fn names_file(_: &Path, _: &File) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_or_waits_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = OutputLock::acquire(&target, IfBusy::Fail).unwrap();
        assert!(dir.path().join(".public.dossier-lock").is_file());
        let busy = OutputLock::acquire(&target, IfBusy::Fail).unwrap_err();
        assert!(busy.downcast_ref::<Busy>().is_some(), "{busy:#}");

        let waited = std::sync::atomic::AtomicUsize::new(0);
        let waiting = |_: &Path| {
            waited.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        };
        std::thread::scope(|s| {
            let second = s.spawn(|| OutputLock::acquire(&target, IfBusy::Wait(&waiting)));
            while waited.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            drop(first);
            let second = second.join().unwrap().unwrap();
            // The second holds the lock: a third cannot take it.
            assert!(OutputLock::acquire(&target, IfBusy::Fail).is_err());
            drop(second);
        });
        assert_eq!(waited.into_inner(), 1, "the wait is announced once");
        assert!(
            !dir.path().join(".public.dossier-lock").exists(),
            "the lock file is removed by its last holder"
        );
        OutputLock::acquire(&target, IfBusy::Fail).unwrap();
    }

    #[test]
    fn outputs_of_different_names_do_not_share_a_lock() {
        let dir = tempfile::tempdir().unwrap();
        let _a = OutputLock::acquire(&dir.path().join("a"), IfBusy::Fail).unwrap();
        OutputLock::acquire(&dir.path().join("b"), IfBusy::Fail).unwrap();
    }
}
