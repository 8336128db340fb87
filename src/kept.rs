//! Files a build keeps beside its output between runs (issue 17): the
//! words of search, the files made, the record of an unchanged site. Each
//! is written whole or not at all (beside, then renamed over the old one)
//! and read back only when it is exactly what was written: its first
//! bytes name its format and version, its last 16 the XXH3 of the rest.
//! Anything else (a cut, changed, older or foreign file) reads as nothing,
//! and the build does the work again. Nothing here is ever an error.

use std::io::Write;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_128;

/// Ends `out` (which starts with its format's magic) with the checksum
/// that [`open`] reads.
pub fn seal(out: &mut Vec<u8>) {
    let check = xxh3_128(out);
    out.extend_from_slice(&check.to_le_bytes());
}

/// Whether a memo that held `loaded` entries when it was read, and now
/// differs from what is on disk by `differing` of them (learnt, changed,
/// or no longer used), is worth writing again. A memo is a cache: what it
/// lacks is done again by the next build, what it holds unused is never
/// asked for. So it is written again only when that is more than 1 % of
/// it, or when there was none: a body edit at 100,000 briefs wrote 315 MB
/// of memos again whole (about 1 s of CPU) for one changed file, which
/// the next builds now read, parse and split into words again instead,
/// until 1 % of the site has changed (issue 17).
pub fn worth_writing(loaded: usize, differing: usize) -> bool {
    loaded == 0 || differing > loaded / 100
}

/// Writes `bytes` (as [`seal`] ends them) to `file`: beside it, then
/// renamed over it, so that a build that dies midway leaves the old file
/// or none.
pub fn save(file: &Path, bytes: &[u8]) {
    save_with(file, |out| out.write_all(bytes));
}

/// Writes what `write` writes to `file`, as [`save`] does, followed by the
/// checksum [`seal`] would append: for a large file that is not to be
/// held in memory whole (the parse memo is 13 MB at 10,000 briefs).
pub fn save_sealed(file: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    save_with(file, |out| {
        let mut sealed = Sealing {
            out,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        };
        write(&mut sealed)?;
        let check = sealed.hash.digest128();
        sealed.out.write_all(&check.to_le_bytes())
    });
}

/// Writes what `write` writes to a file beside `file`, synced, then
/// renames it over `file`; removes it when anything fails.
fn save_with(file: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let Some(folder) = file.parent() else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let partial = file.with_extension(format!("partial-{}", std::process::id()));
    let written = std::fs::File::create(&partial).and_then(|f| {
        let mut out = std::io::BufWriter::new(f);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    });
    if written.is_err() || std::fs::rename(&partial, file).is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}

/// A writer that hashes what passes through it, for [`save_sealed`].
struct Sealing<'w> {
    out: &'w mut dyn Write,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl Write for Sealing<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hash.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The bytes of a kept file after `magic`, if `bytes` start with it and
/// end with the checksum [`seal`] gives the rest.
pub fn open<'a>(bytes: &'a [u8], magic: &[u8]) -> Option<Reader<'a>> {
    let (body, check) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
    if xxh3_128(body).to_le_bytes() != check {
        return None;
    }
    Some(Reader(body.strip_prefix(magic)?))
}

/// What tells the running program from another: its version, and its
/// file's path, size and time of last change (a program built again is
/// written again). Hashing the file itself would cost a debug build, 175
/// MB, seconds. `None` when the file cannot be read.
pub fn program() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    Some(format!(
        "{} {} {} {:?}",
        env!("CARGO_PKG_VERSION"),
        exe.display(),
        meta.len(),
        meta.modified().ok()?
    ))
}

/// Reads a kept file's bytes from the front, little-endian.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    /// A length (`u64`) and that many bytes of UTF-8.
    pub fn text(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.u64()?).ok()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_is_written_again_past_one_percent_or_when_there_was_none() {
        assert!(worth_writing(0, 0));
        assert!(!worth_writing(300, 0));
        assert!(!worth_writing(300, 3));
        assert!(worth_writing(300, 4));
        assert!(worth_writing(10, 1));
        assert!(worth_writing(usize::MAX, usize::MAX));
    }
}
