//! What dossier wrote into an output folder, file by file, and the marker
//! text that records it (issue 19).
//!
//! An [`Entry`] holds the length and hash of the bytes dossier wrote at a
//! path, and the file's [`Stamp`] read just after writing: the change and
//! modification times and the inode, which any later write, `chmod`,
//! rename or new link changes. A file whose stamp on disk still equals the
//! recorded one holds what dossier wrote, so it need not be read back; any
//! other file is not trusted, whoever wrote it.
//!
//! The marker of a live output lists its entries without stamps, so that
//! the same input gives a byte-identical output folder. The marker of the
//! spare (the folder kept for the next build) lists its own entries with
//! their stamps and, after a `#output` line, those of the live output
//! beside it, which become the spare's after the next swap: stamps are
//! never kept inside an output.
//!
//! This module reads and writes text; it touches no file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{Hash as _, Hasher as _};

/// The first line of the marker.
pub const MARKER_TEXT: &str = "This folder was written by dossier and is replaced on every build.";

/// The line of a spare's marker after which the live output's entries come.
const OUTPUT_SECTION: &str = "#output";

/// Path (relative, `/`-separated) → what dossier wrote there.
pub type Manifest = BTreeMap<String, Entry>;

/// What dossier wrote at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The length of the bytes written.
    pub length: u64,
    /// Their hash ([`fingerprint`]).
    pub hash: u64,
    /// The file's stamp just after it was written; `None` when unknown or
    /// not to be trusted ([`settle`]).
    pub stamp: Option<Stamp>,
}

/// A point in time as the file system records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    /// Seconds since 1970 (negative before).
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

/// What changes whenever anyone writes to a file, changes its permissions,
/// renames or links it: its modification and change times and its inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Last change of the content (`mtime`).
    pub modified: Time,
    /// Last change of the content or the metadata (`ctime`); unlike
    /// `mtime`, nobody can set it back (`touch -d`, `cp -p` cannot).
    pub changed: Time,
    /// The inode: another file put in its place has another one.
    pub inode: u64,
}

/// A file's length and hash, as an entry records them.
pub fn fingerprint(bytes: &[u8]) -> (u64, u64) {
    // SipHash with fixed keys: the same bytes give the same hash in every
    // build, and a changed page cannot pass for the old one by accident.
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    (bytes.len() as u64, hasher.finish())
}

/// Forgets the stamps that a write after `now` could share: a file written
/// in the same clock tick as `now` (file times advance by ticks of a few
/// milliseconds) and changed again within that tick would keep its stamp.
/// `now` is read from a file written after every entry, so any later
/// change gets a time at or after it, never the time of an older entry
/// (the "racy clean" rule of git's index).
pub fn settle(manifest: &mut Manifest, now: Time) {
    for entry in manifest.values_mut() {
        if entry
            .stamp
            .is_some_and(|s| s.modified >= now || s.changed >= now)
        {
            entry.stamp = None;
        }
    }
}

/// The marker of a live output: its entries, without stamps.
pub fn output_marker(own: &Manifest) -> String {
    let mut text = header(own.len());
    push_entries(&mut text, own, false);
    text
}

/// The marker of the spare: its own entries and those of the live output
/// beside it, with their stamps.
pub fn spare_marker(own: &Manifest, output: &Manifest) -> String {
    let mut text = header(own.len() + output.len());
    push_entries(&mut text, own, true);
    text.push_str(OUTPUT_SECTION);
    text.push('\n');
    push_entries(&mut text, output, true);
    text
}

/// Reads a marker: its own entries, and the live output's (empty for the
/// marker of a live output). Lines that do not read as entries (an older
/// format, a damaged marker) are left out: their files are rewritten.
pub fn read_marker(text: &str) -> (Manifest, Manifest) {
    let mut own = Manifest::new();
    let mut output = Manifest::new();
    let mut current = &mut own;
    for line in text.lines().skip(1) {
        if line == OUTPUT_SECTION {
            current = &mut output;
        } else if let Some((path, entry)) = read_entry(line) {
            current.insert(path, entry);
        }
    }
    (own, output)
}

/// The marker's first line, with room for `entries` lines after it.
fn header(entries: usize) -> String {
    let mut text = String::with_capacity(entries * 96 + MARKER_TEXT.len() + 1);
    text.push_str(MARKER_TEXT);
    text.push('\n');
    text
}

/// One line per entry: `length \t hash \t stamp \t path`, the stamp being
/// `mtime,ctime,inode` (times as `secs.nanos`) or `-`.
fn push_entries(text: &mut String, manifest: &Manifest, stamps: bool) {
    for (path, entry) in manifest {
        let _ = write!(text, "{}\t{:016x}\t", entry.length, entry.hash);
        match entry.stamp.filter(|_| stamps) {
            Some(s) => {
                let _ = write!(
                    text,
                    "{}.{:09},{}.{:09},{}",
                    s.modified.secs, s.modified.nanos, s.changed.secs, s.changed.nanos, s.inode
                );
            }
            None => text.push('-'),
        }
        text.push('\t');
        text.push_str(path);
        text.push('\n');
    }
}

fn read_entry(line: &str) -> Option<(String, Entry)> {
    let mut parts = line.splitn(4, '\t');
    let length = parts.next()?.parse().ok()?;
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let stamp = parts.next()?;
    let path = parts.next()?;
    let stamp = if stamp == "-" {
        None
    } else {
        Some(read_stamp(stamp)?)
    };
    Some((
        path.to_string(),
        Entry {
            length,
            hash,
            stamp,
        },
    ))
}

fn read_stamp(text: &str) -> Option<Stamp> {
    let mut parts = text.split(',');
    let stamp = Stamp {
        modified: read_time(parts.next()?)?,
        changed: read_time(parts.next()?)?,
        inode: parts.next()?.parse().ok()?,
    };
    parts.next().is_none().then_some(stamp)
}

fn read_time(text: &str) -> Option<Time> {
    let (secs, nanos) = text.split_once('.')?;
    Some(Time {
        secs: secs.parse().ok()?,
        nanos: nanos.parse().ok().filter(|n| *n < 1_000_000_000)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(secs: i64, inode: u64) -> Stamp {
        Stamp {
            modified: Time { secs, nanos: 5 },
            changed: Time {
                secs,
                nanos: 999_999_999,
            },
            inode,
        }
    }

    fn manifest(entries: &[(&str, Option<Stamp>)]) -> Manifest {
        entries
            .iter()
            .map(|(path, stamp)| {
                let (length, hash) = fingerprint(path.as_bytes());
                (
                    path.to_string(),
                    Entry {
                        length,
                        hash,
                        stamp: *stamp,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_spare_marker_reads_back_as_written() {
        let own = manifest(&[
            ("index.html", Some(stamp(-3, 7))),
            ("a b/tab\there.html", None),
        ]);
        let output = manifest(&[("briefs/x/index.html", Some(stamp(1_700_000_000, 42)))]);
        assert_eq!(read_marker(&spare_marker(&own, &output)), (own, output));
    }

    #[test]
    fn an_output_marker_holds_no_stamp() {
        let own = manifest(&[("index.html", Some(stamp(1, 2)))]);
        let text = output_marker(&own);
        assert!(text.starts_with(MARKER_TEXT));
        let (read, output) = read_marker(&text);
        assert!(output.is_empty());
        assert_eq!(read["index.html"].stamp, None);
        assert_eq!(read["index.html"].hash, own["index.html"].hash);
    }

    #[test]
    fn lines_of_older_or_damaged_markers_are_left_out() {
        let text = format!(
            "{MARKER_TEXT}\n12\t00000000000000ff\tindex.html\n\
             12\t00000000000000ff\t1.000000001,2.000000001,3\tok.html\n\
             12\tzz\t-\tbad-hash.html\n\
             12\t00000000000000ff\t1.5,2.5\tshort-stamp.html\n\
             12\t00000000000000ff\t1.5000000000,2.5,3\tlong-nanos.html\n"
        );
        let (own, _) = read_marker(&text);
        assert_eq!(own.keys().collect::<Vec<_>>(), ["ok.html"]);
    }

    #[test]
    fn stamps_at_or_after_now_are_forgotten() {
        let now = Time {
            secs: 100,
            nanos: 0,
        };
        let mut entries = manifest(&[
            ("old", Some(stamp(99, 1))),
            ("same-tick", Some(stamp(100, 2))),
            ("later", Some(stamp(101, 3))),
            ("unknown", None),
        ]);
        settle(&mut entries, now);
        assert!(entries["old"].stamp.is_some());
        for path in ["same-tick", "later", "unknown"] {
            assert_eq!(entries[path].stamp, None, "{path}");
        }
    }
}
