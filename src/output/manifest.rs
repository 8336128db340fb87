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
//! A [`Record`] adds the stamp of every folder, read once the build is
//! done with it: a folder's times change whenever an entry is added to it,
//! removed or renamed, so a folder whose stamp is unchanged still holds
//! exactly the entries recorded, and need not be listed again.
//!
//! The marker of a live output lists its entries without stamps, so that
//! the same input gives a byte-identical output folder. The marker of the
//! spare (the folder kept for the next build) holds its own record and,
//! after a `#output` line, the record of the live output beside it, which
//! becomes the spare's after the next swap: stamps are never kept inside an
//! output. That second record is carried as text, unread, until then.
//!
//! This module reads and writes text; it touches no file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;

/// The first line of the marker.
pub const MARKER_TEXT: &str = "This folder was written by dossier and is replaced on every build.";

/// The line of a spare's marker after which the live output's entries come.
const OUTPUT_SECTION: &str = "#output";

/// Path (relative, `/`-separated) → what dossier wrote there.
pub type Manifest = BTreeMap<String, Entry>;

/// What dossier left in a folder: its files, and its folders with their
/// stamps (the root excepted: it is renamed at every swap).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Every file.
    pub files: Manifest,
    /// Every folder, with its stamp once dossier was done with it (`None`
    /// when unknown or not to be trusted).
    pub folders: BTreeMap<String, Option<Stamp>>,
}

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
    // One definition with what the build's memo records of each page
    // (issue 17), which keeps a page only with these exact bytes.
    crate::render::pages::fingerprint(bytes)
}

/// Forgets the stamps that a write after `now` could share: a file written
/// in the same clock tick as `now` (file times advance by ticks of a few
/// milliseconds) and changed again within that tick would keep its stamp.
/// `now` is read from a file written after every entry, so any later
/// change gets a time at or after it, never the time of an older entry
/// (the "racy clean" rule of git's index).
pub fn settle(record: &mut Record, now: Time) {
    let is_racy = |s: &Stamp| s.modified >= now || s.changed >= now;
    for entry in record.files.values_mut() {
        if entry.stamp.as_ref().is_some_and(is_racy) {
            entry.stamp = None;
        }
    }
    for stamp in record.folders.values_mut() {
        if stamp.as_ref().is_some_and(is_racy) {
            *stamp = None;
        }
    }
}

/// The marker of a live output: its entries, without stamps.
pub fn output_marker(own: &Manifest) -> String {
    let mut text = header(own.len());
    push_entries(&mut text, own, false);
    text
}

/// The text of a record, as the spare's marker holds it.
pub fn record_text(record: &Record) -> String {
    let mut text = String::with_capacity((record.files.len() + record.folders.len()) * 96);
    push_record(&mut text, record);
    text
}

/// The marker of the spare: its own record and that of the live output
/// beside it, both as [`record_text`] gives them.
pub fn spare_marker(own: &str, output: &str) -> String {
    let mut text = header(0);
    text.reserve(own.len() + output.len() + OUTPUT_SECTION.len() + 1);
    text.push_str(own);
    text.push_str(OUTPUT_SECTION);
    text.push('\n');
    text.push_str(output);
    text
}

/// Reads a marker: its own record, and the text of the live output's
/// record, left as it is (it is read when it becomes the spare's own).
/// Lines that do not read as entries (an older format, a damaged marker)
/// are left out: their files are rewritten, their folders listed.
pub fn read_marker(text: &str) -> (Record, String) {
    let (own, output) = sections(text);
    (read_record(own), output.to_string())
}

/// The text of the live output's record in a spare's marker, left
/// unread, as [`read_marker`] gives it: a build that does nothing reads
/// only that record (parsing the spare's own too was a tenth of its time
/// at 100,000 briefs).
pub fn output_record(text: &str) -> &str {
    sections(text).1
}

/// A marker's own record and the live output's, as texts: the lines
/// after the first up to the line [`OUTPUT_SECTION`], and those after it.
fn sections(text: &str) -> (&str, &str) {
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if line.strip_suffix('\n').unwrap_or(line) == OUTPUT_SECTION {
            return (&body[..at], &body[at + line.len()..]);
        }
        at += line.len();
    }
    (body, "")
}

/// Reads a record as [`record_text`] wrote it (the live output's, in the
/// spare's marker).
pub fn read_record(text: &str) -> Record {
    // The maps are built in bulk (`from_iter` sorts stably and keeps the
    // last entry of a path, as inserting each in turn did): inserting
    // 150,000 lines one by one, on one core, was a third of taking the
    // spare at 100,000 briefs (issue 17).
    let entries = entries(text);
    Record {
        files: entries
            .files
            .into_iter()
            .map(|(path, entry)| (path.to_string(), entry))
            .collect(),
        folders: entries
            .folders
            .into_iter()
            .map(|(path, stamp)| (path.to_string(), stamp))
            .collect(),
    }
}

/// The files and folders of a record's text, borrowed from it in the
/// order written, its lines read on every core; lines that are not
/// entries are left out.
fn entries(text: &str) -> Entries<'_> {
    let lines: Vec<Line<'_>> = text.par_split('\n').map(parse_line).collect();
    let mut entries = Entries {
        files: Vec::with_capacity(lines.len()),
        folders: Vec::new(),
        section: false,
    };
    for line in lines {
        match line {
            Line::File(path, entry) => entries.files.push((path, entry)),
            Line::Folder(path, stamp) => entries.folders.push((path, stamp)),
            Line::Section => {
                entries.section = true;
                break;
            }
            Line::Other => {}
        }
    }
    entries
}

/// What [`entries`] read of a record's text.
struct Entries<'t> {
    files: Vec<(&'t str, Entry)>,
    folders: Vec<(&'t str, Option<Stamp>)>,
    /// Whether the entries stop where another section starts.
    section: bool,
}

/// What one line of a record is.
enum Line<'t> {
    /// A file's entry.
    File(&'t str, Entry),
    /// A folder's stamp.
    Folder(&'t str, Option<Stamp>),
    /// The start of the live output's record, in a spare's marker.
    Section,
    /// Anything else (an older format, a damaged line): left out.
    Other,
}

/// Reads one line of a record, its path borrowed.
fn parse_line(line: &str) -> Line<'_> {
    if line == OUTPUT_SECTION {
        Line::Section
    } else if let Some(rest) = line.strip_prefix(FOLDER) {
        rest.split_once('\t')
            .and_then(|(stamp, path)| Some(Line::Folder(path, read_optional_stamp(stamp)?)))
            .unwrap_or(Line::Other)
    } else {
        parse_entry(line).map_or(Line::Other, |(path, entry)| Line::File(path, entry))
    }
}

/// A record as a build that does nothing reads it
/// ([`crate::output::untouched`]): its files and folders, borrowed from
/// its text, in order. Read on every core: reading the live output's
/// record into maps, on one, was half of that build's time at 100,000
/// briefs.
#[derive(Debug, PartialEq, Eq)]
pub struct Listed<'t> {
    /// Every file.
    pub files: Vec<(&'t str, Entry)>,
    /// Every folder.
    pub folders: Vec<(&'t str, Option<Stamp>)>,
}

/// The entries of a record's text as [`read_record`] reads them (lines
/// that are not entries left out), if each path is there once and in
/// order, as [`record_text`] writes them; `None` otherwise, or when the
/// text holds another section.
pub fn list_record(text: &str) -> Option<Listed<'_>> {
    let Entries {
        files,
        folders,
        section,
    } = entries(text);
    if section {
        return None;
    }
    let listed = Listed { files, folders };
    let in_order = listed.files.windows(2).all(|w| w[0].0 < w[1].0)
        && listed.folders.windows(2).all(|w| w[0].0 < w[1].0);
    in_order.then_some(listed)
}

/// Whether `marker` is the marker of a live output of `files` (in order),
/// byte for byte what [`output_marker`] writes; compared on every core.
pub fn is_output_marker(marker: &str, files: &[(&str, Entry)]) -> bool {
    let Some(rest) = marker
        .strip_prefix(MARKER_TEXT)
        .and_then(|r| r.strip_prefix('\n'))
    else {
        return false;
    };
    if files.is_empty() {
        return rest.is_empty();
    }
    let lines: Vec<&str> = rest.split_terminator('\n').collect();
    rest.ends_with('\n')
        && lines.len() == files.len()
        && lines.par_iter().zip(files).all(|(line, (path, entry))| {
            let mut expected = String::with_capacity(line.len());
            push_entry(&mut expected, path, entry, false);
            *line == expected
        })
}

/// The marker's first line, with room for `entries` lines after it.
fn header(entries: usize) -> String {
    let mut text = String::with_capacity(entries * 96 + MARKER_TEXT.len() + 1);
    text.push_str(MARKER_TEXT);
    text.push('\n');
    text
}

/// The start of a folder's line: `/ \t stamp \t path`.
const FOLDER: &str = "/\t";

/// A record's lines: its files, then its folders.
fn push_record(text: &mut String, record: &Record) {
    push_entries(text, &record.files, true);
    for (path, stamp) in &record.folders {
        text.push_str(FOLDER);
        match stamp {
            Some(stamp) => push_stamp(text, stamp),
            None => text.push('-'),
        }
        text.push('\t');
        text.push_str(path);
        text.push('\n');
    }
}

/// One line per entry: `length \t hash \t stamp \t path`, the stamp being
/// `mtime,ctime,inode` (times as `secs.nanos`) or `-`.
fn push_entries(text: &mut String, manifest: &Manifest, stamps: bool) {
    // Written on every core, in pieces joined in order: the lines of
    // 150,000 files, one after the other, took 80 ms of the end of a build
    // (issue 17).
    let pieces: Vec<String> = manifest
        .par_iter()
        .fold(String::new, |mut piece, (path, entry)| {
            push_entry(&mut piece, path, entry, stamps);
            piece.push('\n');
            piece
        })
        .collect();
    for piece in pieces {
        text.push_str(&piece);
    }
}

/// One entry's line, without its end: with its stamp when `stamps`.
fn push_entry(text: &mut String, path: &str, entry: &Entry, stamps: bool) {
    let _ = write!(text, "{}\t{:016x}\t", entry.length, entry.hash);
    match entry.stamp.filter(|_| stamps) {
        Some(stamp) => push_stamp(text, &stamp),
        None => text.push('-'),
    }
    text.push('\t');
    text.push_str(path);
}

fn push_stamp(text: &mut String, s: &Stamp) {
    let _ = write!(
        text,
        "{}.{:09},{}.{:09},{}",
        s.modified.secs, s.modified.nanos, s.changed.secs, s.changed.nanos, s.inode
    );
}

/// A file's line: its path (borrowed) and entry.
fn parse_entry(line: &str) -> Option<(&str, Entry)> {
    let mut parts = line.splitn(4, '\t');
    let length = parts.next()?.parse().ok()?;
    let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
    let stamp = read_optional_stamp(parts.next()?)?;
    let path = parts.next()?;
    Some((
        path,
        Entry {
            length,
            hash,
            stamp,
        },
    ))
}

/// A stamp or `-`; `None` when unreadable.
fn read_optional_stamp(text: &str) -> Option<Option<Stamp>> {
    if text == "-" {
        Some(None)
    } else {
        read_stamp(text).map(Some)
    }
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
        let own = Record {
            files: manifest(&[
                ("index.html", Some(stamp(-3, 7))),
                ("a b/tab\there.html", None),
            ]),
            folders: [
                ("a b".to_string(), Some(stamp(4, 9))),
                ("c".to_string(), None),
            ]
            .into(),
        };
        let output = Record {
            files: manifest(&[("briefs/x/index.html", Some(stamp(1_700_000_000, 42)))]),
            folders: [
                ("briefs".to_string(), Some(stamp(5, 1))),
                ("briefs/x".to_string(), Some(stamp(6, 2))),
            ]
            .into(),
        };
        let text = spare_marker(&record_text(&own), &record_text(&output));
        let (read, carried) = read_marker(&text);
        assert_eq!(read, own);
        assert_eq!(carried, record_text(&output));
        // What a build that does nothing reads of it: the output's record.
        assert_eq!(output_record(&text), carried);
        assert_eq!(read_record(output_record(&text)), output);
        assert_eq!(output_record("dossier output\n"), "");
        // The carried record reads back once it is the spare's own.
        let next = spare_marker(&carried, "");
        assert_eq!(read_marker(&next), (output, String::new()));
    }

    /// What a build that does nothing reads is what a build reads: the
    /// same entries, and a marker is the output's exactly when it is
    /// byte for byte what `output_marker` writes.
    #[test]
    fn a_record_listed_on_every_core_reads_as_the_record_does() {
        let record = Record {
            files: manifest(&[
                ("a b/tab\there.html", None),
                ("briefs/x/index.html", Some(stamp(1_700_000_000, 42))),
                ("index.html", Some(stamp(-3, 7))),
            ]),
            folders: [
                ("a b".to_string(), Some(stamp(4, 9))),
                ("briefs".to_string(), None),
            ]
            .into(),
        };
        let text = record_text(&record);
        let listed = list_record(&text).unwrap();
        let files: Manifest = listed
            .files
            .iter()
            .map(|(p, e)| (p.to_string(), *e))
            .collect();
        let folders: BTreeMap<String, Option<Stamp>> = listed
            .folders
            .iter()
            .map(|(p, s)| (p.to_string(), *s))
            .collect();
        assert_eq!(Record { files, folders }, read_record(&text));
        let marker = output_marker(&record.files);
        assert!(is_output_marker(&marker, &listed.files));
        for at in [0, MARKER_TEXT.len(), marker.len() / 2, marker.len() - 1] {
            let mut changed = marker.clone().into_bytes();
            changed[at] ^= 0x01;
            let changed = String::from_utf8(changed).unwrap();
            assert!(!is_output_marker(&changed, &listed.files), "byte {at}");
        }
        assert!(!is_output_marker(
            &marker[..marker.len() - 1],
            &listed.files
        ));
        assert!(!is_output_marker(&format!("{marker}\n"), &listed.files));
        assert!(!is_output_marker(&marker, &listed.files[1..]));
        // A path twice or out of order, or another section: not read.
        let lines: Vec<&str> = text.lines().collect();
        let twice = format!("{}\n{}\n{}\n", lines[1], lines[1], lines[2]);
        assert_eq!(list_record(&twice), None);
        let swapped = format!("{}\n{}\n", lines[2], lines[1]);
        assert_eq!(list_record(&swapped), None);
        assert_eq!(list_record(&format!("{text}{OUTPUT_SECTION}\n")), None);
    }

    #[test]
    fn an_output_marker_holds_no_stamp() {
        let own = manifest(&[("index.html", Some(stamp(1, 2)))]);
        let text = output_marker(&own);
        assert!(text.starts_with(MARKER_TEXT));
        let (read, output) = read_marker(&text);
        assert!(output.is_empty());
        assert_eq!(read.files["index.html"].stamp, None);
        assert_eq!(read.files["index.html"].hash, own["index.html"].hash);
        assert!(read.folders.is_empty());
    }

    #[test]
    fn lines_of_older_or_damaged_markers_are_left_out() {
        let text = format!(
            "{MARKER_TEXT}\n12\t00000000000000ff\tindex.html\n\
             12\t00000000000000ff\t1.000000001,2.000000001,3\tok.html\n\
             12\tzz\t-\tbad-hash.html\n\
             12\t00000000000000ff\t1.5,2.5\tshort-stamp.html\n\
             12\t00000000000000ff\t1.5000000000,2.5,3\tlong-nanos.html\n\
             /\t-\tfolder-without-stamp\n\
             /\t1.5\tbad-folder-stamp\n\
             /\t1.5,2.5,3\tok-folder\n"
        );
        let (own, _) = read_marker(&text);
        assert_eq!(own.files.keys().collect::<Vec<_>>(), ["ok.html"]);
        assert_eq!(
            own.folders.keys().collect::<Vec<_>>(),
            ["folder-without-stamp", "ok-folder"]
        );
        assert_eq!(own.folders["folder-without-stamp"], None);
    }

    #[test]
    fn stamps_at_or_after_now_are_forgotten() {
        let now = Time {
            secs: 100,
            nanos: 0,
        };
        let mut record = Record {
            files: manifest(&[
                ("old", Some(stamp(99, 1))),
                ("same-tick", Some(stamp(100, 2))),
                ("later", Some(stamp(101, 3))),
                ("unknown", None),
            ]),
            folders: [
                ("old".to_string(), Some(stamp(99, 4))),
                ("same-tick".to_string(), Some(stamp(100, 5))),
            ]
            .into(),
        };
        settle(&mut record, now);
        assert!(record.files["old"].stamp.is_some());
        for path in ["same-tick", "later", "unknown"] {
            assert_eq!(record.files[path].stamp, None, "{path}");
        }
        assert!(record.folders["old"].is_some());
        assert_eq!(record.folders["same-tick"], None);
    }
}
