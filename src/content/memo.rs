//! What parsing learnt in the previous build (issue 17): the links of each
//! body and the YAML value of each front matter, by the hash of the text
//! they were read from. Both are pure functions of that text, so a text
//! seen before is not parsed again: on a site where one file changed, this
//! is most of loading (`markdown::links` and the YAML parser were 25 % of
//! the CPU of a rebuild after one edit at 10,000 briefs).
//!
//! Kept in the build's cache folder (`.public.dossier-cache/build/parsed`)
//! like the other memos ([`crate::kept`]): read back only when it is
//! exactly what this program wrote, and never trusted beyond that. An entry
//! that cannot be decoded is parsed again. Problems are never kept: parsing
//! an entry's text again would find the same ones, so a text that makes
//! problems (a YAML error) is simply parsed each time. It must not change a
//! byte of output or a word of a report.

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use serde_yaml::Value;
use xxhash_rust::xxh3::xxh3_128;

use crate::kept;
use crate::markdown;
use crate::yaml;

/// The first bytes of the file: its format and version.
const MAGIC: &[u8] = b"dossier parsed 1\n";

/// The two tables of the memo, by what their entries are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    /// A body's links ([`markdown::links`]), by [`super::hash_body`].
    Links = 0,
    /// A front matter's YAML value, by the XXH3-128 of its text.
    Yaml = 1,
}

/// What the previous build learnt, and what this one learns.
#[derive(Default)]
pub struct ParseMemo {
    /// The file's bytes; entries are ranges of it.
    bytes: Vec<u8>,
    /// Per table, each key's entry: its index (in `used`) and bytes.
    known: [HashMap<u128, (usize, Range<usize>)>; 2],
    /// Per table, whether each entry served this build: only those are
    /// kept again, so that the file does not grow with every edit.
    used: [Vec<AtomicBool>; 2],
    /// What this build parsed that the memo did not know, encoded.
    learnt: Mutex<Vec<(Table, u128, Vec<u8>)>>,
    /// Whether what is parsed is learnt, for [`ParseMemo::save`]:
    /// `check`, which writes nothing, only reads.
    learns: bool,
    /// How many texts were read from the memo (`build --timings`).
    recalled: AtomicUsize,
    /// How many texts were parsed.
    parsed: AtomicUsize,
}

impl ParseMemo {
    /// The memo kept in `file`; an empty one when there is none, or one
    /// that is not exactly what this program wrote, or when not `trust`
    /// (`build --clean`). `learns`: whether it will be saved.
    pub fn load(file: &Path, trust: bool, learns: bool) -> ParseMemo {
        let empty = ParseMemo {
            learns,
            ..ParseMemo::default()
        };
        if !trust {
            return empty;
        }
        let Ok(bytes) = std::fs::read(file) else {
            return empty;
        };
        match index(&bytes) {
            Some((known, used)) => ParseMemo {
                bytes,
                known,
                used,
                learns,
                ..ParseMemo::default()
            },
            None => empty,
        }
    }

    /// The links of `body`, whose [`super::hash_body`] is `hash`.
    pub fn links(&self, body: &str, hash: u128) -> Vec<markdown::Link> {
        self.recall(Table::Links, hash)
            .unwrap_or_else(|| self.learn(Table::Links, hash, markdown::links(body)))
    }

    /// The links of the body whose [`super::hash_body`] is `hash`, when
    /// the memo knows them: for a body that is not read again
    /// ([`super::ReadMemo`]). Not knowing them is no parse: nothing is
    /// counted then.
    pub fn recalled_links(&self, hash: u128) -> Option<Vec<markdown::Link>> {
        self.recall_known(Table::Links, hash)
    }

    /// The YAML value of a front matter's `text`: from the memo when it
    /// knows it, else parsed (and learnt). [`yaml::parse_with`] asks in two
    /// steps, to check a text it does not know before parsing it.
    pub fn yaml(&self, text: &str) -> Result<Value, serde_yaml::Error> {
        use yaml::Reader as _;
        self.known(text).map_or_else(|| self.read(text), Ok)
    }

    /// How many texts were read from the memo instead of being parsed,
    /// and how many were parsed.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.recalled.load(Ordering::Relaxed),
            self.parsed.load(Ordering::Relaxed),
        )
    }

    /// The entry of `table` at `hash`, decoded, if the memo has one that
    /// decodes.
    fn recall<T: serde::de::DeserializeOwned>(&self, table: Table, hash: u128) -> Option<T> {
        let found = self.decode(table, hash);
        let count = if found.is_some() {
            &self.recalled
        } else {
            &self.parsed
        };
        count.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// [`Self::recall`] for a text the build does not parse when the memo
    /// does not know it: nothing is counted then.
    fn recall_known<T: serde::de::DeserializeOwned>(&self, table: Table, hash: u128) -> Option<T> {
        let found = self.decode(table, hash)?;
        self.recalled.fetch_add(1, Ordering::Relaxed);
        Some(found)
    }

    /// The entry of `table` at `hash`, decoded and marked used, if the memo
    /// has one that decodes; nothing is counted.
    fn decode<T: serde::de::DeserializeOwned>(&self, table: Table, hash: u128) -> Option<T> {
        let (at, range) = self.known[table as usize].get(&hash)?;
        let value = rmp_serde::from_slice(&self.bytes[range.clone()]).ok()?;
        self.used[table as usize][*at].store(true, Ordering::Relaxed);
        Some(value)
    }

    /// Keeps `value`, parsed from the text of `hash`, when the memo learns;
    /// returns it.
    fn learn<T: serde::Serialize>(&self, table: Table, hash: u128, value: T) -> T {
        if self.learns
            && let Ok(encoded) = rmp_serde::to_vec(&value)
        {
            self.learnt
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((table, hash, encoded));
        }
        value
    }

    /// Writes the memo to `file` for the next build: the entries this
    /// build used, and those it learnt. Nothing when the memo does not
    /// learn, or when the file already holds all but a few of them
    /// ([`kept::worth_writing`]).
    pub fn save(mut self, file: &Path) {
        if !self.learns {
            return;
        }
        let mut learnt = std::mem::take(
            self.learnt
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let loaded = self.used.iter().map(Vec::len).sum();
        let unused = self
            .used
            .iter()
            .flatten()
            .filter(|u| !u.load(Ordering::Relaxed))
            .count();
        if !self.bytes.is_empty() && !kept::worth_writing(loaded, learnt.len() + unused) {
            return;
        }
        // Two documents with one text learn it twice.
        learnt.sort_unstable_by_key(|&(table, hash, _)| (table as u8, hash));
        learnt.dedup_by_key(|&mut (table, hash, _)| (table as u8, hash));
        let Some(program) = kept::program() else {
            return;
        };
        kept::save_sealed(file, |out| {
            out.write_all(MAGIC)?;
            out.write_all(&(program.len() as u64).to_le_bytes())?;
            out.write_all(program.as_bytes())?;
            self.write_tables(&learnt, out)
        });
    }

    /// Writes each table: the entries this build used, then those it
    /// learnt, each as its key, its length and its bytes.
    fn write_tables(
        &self,
        learnt: &[(Table, u128, Vec<u8>)],
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        for table in [Table::Links, Table::Yaml] {
            let t = table as usize;
            let old = self.known[t]
                .iter()
                .filter(|(_, (at, _))| self.used[t][*at].load(Ordering::Relaxed))
                .map(|(&hash, (_, range))| (hash, &self.bytes[range.clone()]));
            // An entry kept above is not learnt again; one that did not
            // decode is replaced.
            let kept_already = |hash: &u128| {
                self.known[t]
                    .get(hash)
                    .is_some_and(|(at, _)| self.used[t][*at].load(Ordering::Relaxed))
            };
            let new = learnt
                .iter()
                .filter(|(of, hash, _)| *of == table && !kept_already(hash))
                .map(|(_, hash, bytes)| (*hash, bytes.as_slice()));
            let entries: Vec<(u128, &[u8])> = old.chain(new).collect();
            out.write_all(&(entries.len() as u64).to_le_bytes())?;
            for (hash, bytes) in entries {
                out.write_all(&hash.to_le_bytes())?;
                out.write_all(&(bytes.len() as u64).to_le_bytes())?;
                out.write_all(bytes)?;
            }
        }
        Ok(())
    }
}

/// The memo answers for front matter it read in an earlier build, and
/// parses (and learns) the rest. Errors are not kept: they are reported
/// from a parse each time.
impl yaml::Reader for ParseMemo {
    fn known(&self, text: &str) -> Option<Value> {
        self.recall_known(Table::Yaml, xxh3_128(text.as_bytes()))
    }

    /// Called for the texts [`Self::known`] did not answer for.
    fn read(&self, text: &str) -> Result<Value, serde_yaml::Error> {
        self.parsed.fetch_add(1, Ordering::Relaxed);
        let hash = xxh3_128(text.as_bytes());
        let value = serde_yaml::from_str::<Value>(text)?;
        // A tagged value (`!tag x`) is written as a map: it would not
        // read back as itself.
        if has_tag(&value) {
            return Ok(value);
        }
        Ok(self.learn(Table::Yaml, hash, value))
    }
}

/// The tables of a memo's bytes, if they are whole and this program's.
type Tables = (
    [HashMap<u128, (usize, Range<usize>)>; 2],
    [Vec<AtomicBool>; 2],
);

/// Reads the tables of a kept memo: `None` unless every byte is as
/// [`ParseMemo::save`] writes them, by this program.
fn index(bytes: &[u8]) -> Option<Tables> {
    let mut read = kept::open(bytes, MAGIC)?;
    if read.text()? != kept::program()? {
        return None;
    }
    // Where the reader is, in `bytes`: what it has left ends 16 bytes
    // (the checksum) before their end.
    let end = bytes.len() - 16;
    let mut tables: Tables = Default::default();
    for t in 0..2 {
        for _ in 0..read.u64()? {
            let hash = read.u128()?;
            let len = usize::try_from(read.u64()?).ok()?;
            let from = end - read.0.len();
            read.take(len)?;
            tables.0[t].insert(hash, (tables.1[t].len(), from..from + len));
            tables.1[t].push(AtomicBool::new(false));
        }
    }
    read.is_done().then_some(tables)
}

/// Whether a YAML value holds a tag anywhere.
fn has_tag(value: &Value) -> bool {
    match value {
        Value::Tagged(_) => true,
        Value::Sequence(items) => items.iter().any(has_tag),
        Value::Mapping(map) => map.iter().any(|(k, v)| has_tag(k) || has_tag(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Front matters and bodies of many shapes: numbers of every kind,
    /// nested lists and maps, keys that are not text, accents, empties.
    const YAML: &[&str] = &[
        "title: \"Mali : la transition\"\ndate: 2024-03-01\n",
        "countries: [mali, niger]\nfatalities: 12\nlat: -12.5\nlon: 1e3\n",
        "big: 18446744073709551615\nneg: -9223372036854775808\nnan: .nan\ninf: -.inf\n",
        "key_points:\n  - text: \"Un point\"\n    likelihood: likely\n  - plain\n",
        "1: un\ntrue: oui\n~: rien\n[a, b]: liste\n",
        "summary: >\n  plié\n  sur deux lignes\nempty: \"\"\nnull_value:\n",
        "anchors: &a [1, 2]\nagain: *a\n",
    ];
    const BODIES: &[&str] = &[
        "",
        "Voir [[mali]] et [[actors/jnim|le JNIM]], puis [la note](../briefs/x.md#contexte).\n",
        "![Une carte](carte.png) et ![](sans-alt.png) et `[[pas un lien]]`.\n",
        "[ref]: https://example.org\n\nUn [lien][ref] et <https://example.org/auto>.\n",
    ];

    fn saved_and_loaded(dir: &Path, texts: impl Fn(&ParseMemo)) -> ParseMemo {
        let file = dir.join("parsed");
        let memo = ParseMemo::load(&file, true, true);
        texts(&memo);
        memo.save(&file);
        ParseMemo::load(&file, true, true)
    }

    fn every_text(memo: &ParseMemo) {
        for text in YAML {
            memo.yaml(text).expect("valid YAML");
        }
        for body in BODIES {
            memo.links(body, super::super::hash_body(body));
        }
    }

    #[test]
    fn what_is_read_back_is_what_parsing_gives() {
        let dir = tempfile::tempdir().unwrap();
        let memo = saved_and_loaded(dir.path(), every_text);
        for text in YAML {
            let parsed: Value = serde_yaml::from_str(text).unwrap();
            assert_eq!(memo.yaml(text).unwrap(), parsed, "{text}");
        }
        for body in BODIES {
            let hash = super::super::hash_body(body);
            assert_eq!(memo.links(body, hash), markdown::links(body), "{body}");
        }
        let texts = YAML.len() + BODIES.len();
        assert_eq!(memo.counts(), (texts, 0), "every text was known");
    }

    #[test]
    fn a_damaged_cut_extended_or_foreign_memo_knows_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("parsed");
        saved_and_loaded(dir.path(), every_text);
        let bytes = std::fs::read(&file).unwrap();
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 2] ^= 1;
        let other = [MAGIC, &8u64.to_le_bytes(), b"other 1"].concat();
        for damaged in [
            flipped,
            bytes[..bytes.len() - 1].to_vec(),
            [bytes.as_slice(), b"x"].concat(),
            Vec::new(),
            other,
        ] {
            std::fs::write(&file, &damaged).unwrap();
            let memo = ParseMemo::load(&file, true, false);
            every_text(&memo);
            assert_eq!(memo.counts(), (0, YAML.len() + BODIES.len()));
        }
    }

    #[test]
    fn a_clean_build_reads_nothing_and_check_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("parsed");
        saved_and_loaded(dir.path(), every_text);
        let clean = ParseMemo::load(&file, false, true);
        every_text(&clean);
        assert_eq!(clean.counts().0, 0, "`--clean` trusts nothing kept");
        std::fs::remove_file(&file).unwrap();
        let checking = ParseMemo::load(&file, true, false);
        every_text(&checking);
        checking.save(&file);
        assert!(!file.exists(), "a memo that does not learn is not written");
    }

    #[test]
    fn only_the_texts_of_the_last_build_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        saved_and_loaded(dir.path(), every_text);
        let memo = saved_and_loaded(dir.path(), |memo| {
            memo.yaml(YAML[0]).unwrap();
        });
        every_text(&memo);
        assert_eq!(memo.counts(), (1, YAML.len() + BODIES.len() - 1));
    }

    #[test]
    fn tagged_values_and_errors_are_parsed_each_time() {
        let dir = tempfile::tempdir().unwrap();
        let tagged = "date: !custom 2024-01-01\n";
        let broken = "title: [unclosed\n";
        let memo = saved_and_loaded(dir.path(), |memo| {
            memo.yaml(tagged).unwrap();
            assert!(memo.yaml(broken).is_err());
        });
        assert_eq!(
            memo.yaml(tagged).unwrap(),
            serde_yaml::from_str::<Value>(tagged).unwrap()
        );
        assert!(memo.yaml(broken).is_err());
        assert_eq!(memo.counts(), (0, 2));
    }

    /// A front matter the memo knows is read from it without the checks
    /// made before parsing; one it does not know is checked first, and a
    /// failed check is reported as a clean build reports it.
    #[test]
    fn known_front_matter_skips_the_checks_and_unknown_is_checked() {
        use crate::diagnostic::{Diagnostics, Sources};
        use crate::yaml::{Block, parse_with};
        let dir = tempfile::tempdir().unwrap();
        let memo = saved_and_loaded(dir.path(), every_text);
        let file = Sources::default().add("content/briefs/a.md", String::new());
        let block = |text| Block {
            file,
            text,
            base: 0,
        };
        let mut diags = Diagnostics::default();
        let map = parse_with(block(YAML[0]), &mut diags, &memo).unwrap();
        assert_eq!(
            Value::Mapping(map),
            serde_yaml::from_str::<Value>(YAML[0]).unwrap()
        );
        assert!(diags.is_empty());
        assert_eq!(memo.counts(), (1, 0));
        for unknown in ["title: x\n\tdate: 2024-01-01\n", &"a: [".repeat(70)] {
            let mut memo_diags = Diagnostics::default();
            assert!(parse_with(block(unknown), &mut memo_diags, &memo).is_none());
            let mut clean = Diagnostics::default();
            assert!(crate::yaml::parse(block(unknown), &mut clean).is_none());
            assert_eq!(format!("{memo_diags:?}"), format!("{clean:?}"));
            assert!(!memo_diags.is_empty(), "{unknown}");
        }
        assert_eq!(
            memo.counts(),
            (1, 0),
            "a text that fails a check is not parsed"
        );
    }

    /// A build that learns a few texts, or leaves a few unused, does not
    /// write the memo again: the next build parses those few again. Past
    /// 1 % of the memo, it is written again and knows them.
    #[test]
    fn a_few_texts_learnt_or_unused_leave_the_memo_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("parsed");
        let texts: Vec<String> = (0..300).map(|n| format!("title: T{n}\n")).collect();
        let all = |memo: &ParseMemo| {
            for text in &texts {
                memo.yaml(text).unwrap();
            }
        };
        saved_and_loaded(dir.path(), all);
        let before = std::fs::read(&file).unwrap();
        // One text changed: one learnt, one unused; 2 of 300.
        let memo = saved_and_loaded(dir.path(), |memo| {
            all(memo);
            memo.yaml("title: nouveau\n").unwrap();
        });
        assert_eq!(std::fs::read(&file).unwrap(), before, "not written again");
        memo.yaml("title: nouveau\n").unwrap();
        assert_eq!(memo.counts(), (0, 1), "parsed again by the next build");
        // Four texts learnt: more than 1 %.
        saved_and_loaded(dir.path(), |memo| {
            all(memo);
            for n in 0..4 {
                memo.yaml(&format!("title: autre {n}\n")).unwrap();
            }
        });
        let memo = ParseMemo::load(&file, true, true);
        memo.yaml("title: autre 3\n").unwrap();
        assert_eq!(memo.counts(), (1, 0), "written again, and known");
    }
}
