//! The words of each body, kept from one index of the words to the next
//! (issue 17): `search-words.json` made again reads the bodies that changed
//! only.
//!
//! A body's words are found once ([`super::words`]) and kept as the ids of
//! its distinct words in one lexicon, under the 128-bit hash of its text
//! (XXH3): an edit of a body makes a new hash, whose words are read; the
//! others are found by their hash. Making the index is then a merge of
//! those lists. `serve` keeps more ([`WordMemo::serving`]): the last
//! index's postings and their text, so that the edit of one body rewrites
//! the postings of its own words only.
//!
//! `build` keeps the memo in its cache folder beside the output
//! ([`WordMemo::load`], [`WordMemo::save`]): a file that is not exactly one
//! this code wrote (wrong version, truncated, changed) is ignored, and the
//! words are read afresh. It hands on the bytes of `search-words.json`,
//! the same bytes [`super::words_index`] makes from the same bodies.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_128;

use super::{CHUNK, ReadBody, Vocabulary, pack, push_base36, words};

/// A body's identity: the XXH3-128 hash of its text ([`key`]).
type BodyKey = u128;

/// The key of a body: the hash [`WordMemo::index`] expects with it, which
/// documents carry ([`crate::content::Document::body_hash`]).
pub fn key(body: &str) -> u128 {
    xxh3_128(body.as_bytes())
}

/// At most this many bodies changed since the last index: its postings are
/// patched (serve); more, and they are merged afresh.
const PATCH_MAX: usize = 64;

/// What the file of a memo starts with; the number is its format's
/// version, raised whenever the format or the reading of words changes.
const MAGIC: &[u8; 16] = b"dossier-words-01";

/// The words of bodies, by the hash of each body.
#[derive(Default)]
pub struct WordMemo {
    lexicon: Lexicon,
    /// Per body, the ids of its distinct words, ascending.
    bodies: FxHashMap<BodyKey, Box<[u32]>>,
    /// Whether to keep the last index ([`Last`]) for the next.
    serving: bool,
    last: Option<Last>,
    /// How many bodies the memo held when it was loaded.
    loaded: usize,
    /// How many bodies were learnt or forgotten since, and whether the
    /// words were numbered anew: what the memo kept lacks or holds unused.
    learnt: usize,
    forgotten: usize,
    renumbered: bool,
}

/// Every word met, each with an id (its place in `words`).
#[derive(Default)]
struct Lexicon {
    /// Words of at most eight bytes, packed (see [`pack`]) → id.
    short: FxHashMap<u64, u32>,
    /// Longer words → id.
    long: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Lexicon {
    /// The id of `word`, given it if it had none.
    fn intern(&mut self, word: &str) -> u32 {
        let next = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
        let id = if word.len() <= 8 {
            *self.short.entry(pack(word)).or_insert(next)
        } else {
            *self.long.entry(word.into()).or_insert(next)
        };
        if id == next {
            self.words.push(word.into());
        }
        id
    }
}

/// The last index made, kept by `serve` to patch it.
struct Last {
    /// Its bodies, in order.
    keys: Vec<BodyKey>,
    /// Per word id, the entries holding it, ascending.
    postings: Vec<Vec<u32>>,
    /// Per word id, its postings as written (without the quotes).
    texts: Vec<String>,
    /// The ids of the words with entries, sorted by their text.
    order: Vec<u32>,
}

impl WordMemo {
    /// A memo that also keeps each index to patch it at the next: `serve`'s,
    /// where one body changes at a time. It costs the postings twice over
    /// (about 20 MB at 10,000 briefs), which a one-off build does not need.
    pub fn serving() -> WordMemo {
        WordMemo {
            serving: true,
            ..WordMemo::default()
        }
    }

    /// Whether the memo knows no body.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// `search-words.json` for the entries of the search index, in its
    /// order, each known by the XXH3-128 hash of its body ([`key`]), as
    /// [`super::words_index`] writes it; `read` gives a body by its place,
    /// and is asked only for bodies the memo does not know. Forgets the
    /// bodies not among them.
    pub fn index<E: Send>(
        &mut self,
        keys: &[BodyKey],
        read: &ReadBody<'_, E>,
    ) -> Result<Vec<u8>, E> {
        self.learn(keys, read)?;
        let last = self.last.take();
        let (bytes, live) = match last.and_then(|last| self.patch(last, keys)) {
            Some(patched) => patched,
            None => self.merge(keys),
        };
        self.forget(keys, live);
        Ok(bytes)
    }

    /// Reads the words of the bodies the memo does not know, on every core.
    pub(crate) fn learn<E: Send>(
        &mut self,
        keys: &[BodyKey],
        read: &ReadBody<'_, E>,
    ) -> Result<(), E> {
        let mut seen = FxHashSet::default();
        let unknown: Vec<(BodyKey, usize)> = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| !self.bodies.contains_key(*key) && seen.insert(**key))
            .map(|(at, key)| (*key, at))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let parts: Vec<Result<Vocabulary, E>> = unknown
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut vocabulary = Vocabulary::default();
                for (k, (_, at)) in chunk.iter().enumerate() {
                    let k = u32::try_from(k).expect("a chunk is small");
                    words(&read(*at)?, &mut |word| vocabulary.note(word, k));
                }
                Ok(vocabulary)
            })
            .collect();
        // The first error in the index's order, whatever the thread count.
        let parts: Vec<Vocabulary> = parts.into_iter().collect::<Result<_, E>>()?;
        for (chunk, vocabulary) in unknown.chunks(CHUNK).zip(parts) {
            let mut lists: Vec<Vec<u32>> = vec![Vec::new(); chunk.len()];
            for (word, entries) in vocabulary.words {
                let id = self.lexicon.intern(&word);
                for k in entries {
                    lists[k as usize].push(id);
                }
            }
            for ((key, _), mut list) in chunk.iter().zip(lists) {
                list.sort_unstable();
                self.bodies.insert(*key, list.into_boxed_slice());
            }
        }
        self.learnt += unknown.len();
        Ok(())
    }

    /// The index of `keys` made from the lists of their words. Returns the
    /// bytes, and how many words it holds.
    fn merge(&mut self, keys: &[BodyKey]) -> (Vec<u8>, usize) {
        let lists: Vec<&[u32]> = keys.iter().map(|key| &self.bodies[key][..]).collect();
        let count = self.lexicon.words.len();
        // Postings in one block: each word's run starts where the counts
        // before it end.
        let mut starts = vec![0u32; count + 1];
        for list in &lists {
            for &id in *list {
                starts[id as usize + 1] += 1;
            }
        }
        for id in 0..count {
            starts[id + 1] += starts[id];
        }
        let mut fill = starts.clone();
        let mut flat = vec![0u32; starts[count] as usize];
        for (entry, list) in lists.iter().enumerate() {
            let entry = u32::try_from(entry).expect("fewer than 4 billion search entries");
            for &id in *list {
                flat[fill[id as usize] as usize] = entry;
                fill[id as usize] += 1;
            }
        }
        let run = |id: u32| &flat[starts[id as usize] as usize..starts[id as usize + 1] as usize];
        let order = self.sorted(
            (0..count as u32)
                .filter(|id| !run(*id).is_empty())
                .collect(),
        );
        let bytes = if self.serving {
            let texts: Vec<String> = (0..count as u32).map(|id| posting_text(run(id))).collect();
            let size = texts.iter().map(String::len).sum();
            let bytes = write(&self.lexicon, &order, size, |id, out| {
                out.push_str(&texts[id as usize]);
            });
            self.last = Some(Last {
                keys: keys.to_vec(),
                postings: (0..count as u32).map(|id| run(id).to_vec()).collect(),
                texts,
                order: order.clone(),
            });
            bytes
        } else {
            // A posting is a difference in base 36 and a comma: three
            // or four bytes each, mostly.
            let size = flat.len() * 4;
            write(&self.lexicon, &order, size, |id, out| {
                push_postings(out, run(id));
            })
        };
        (bytes, order.len())
    }

    /// The last index with the few bodies that changed since patched in:
    /// each changed body's entry leaves the postings of the words it lost
    /// and joins those of the words it gained; the other postings are
    /// written as they were. `None` when the entries are not the same list
    /// with a few bodies changed (then [`WordMemo::merge`]).
    fn patch(&mut self, mut last: Last, keys: &[BodyKey]) -> Option<(Vec<u8>, usize)> {
        if last.keys.len() != keys.len() {
            return None;
        }
        let changed: Vec<usize> = (0..keys.len())
            .filter(|&e| last.keys[e] != keys[e])
            .take(PATCH_MAX + 1)
            .collect();
        if changed.len() > PATCH_MAX {
            return None;
        }
        let count = self.lexicon.words.len();
        last.postings.resize_with(count, Vec::new);
        last.texts.resize_with(count, String::new);
        let mut words_changed = false;
        for &e in &changed {
            let before = self.bodies.get(&last.keys[e])?;
            let after = &self.bodies[&keys[e]];
            let entry = u32::try_from(e).expect("fewer than 4 billion search entries");
            for (id, gained) in difference(before, after) {
                let postings = &mut last.postings[id as usize];
                let text = &mut last.texts[id as usize];
                let was_empty = postings.is_empty();
                match (postings.binary_search(&entry), gained) {
                    (Err(at), true) => {
                        postings.insert(at, entry);
                        splice_in(text, postings, at);
                    }
                    (Ok(at), false) => {
                        postings.remove(at);
                        splice_out(text, postings, at, entry);
                    }
                    _ => unreachable!("an entry holds a word it lists, and only those"),
                }
                words_changed |= was_empty != postings.is_empty();
            }
        }
        if words_changed {
            last.order = self.sorted(
                (0..count as u32)
                    .filter(|id| !last.postings[*id as usize].is_empty())
                    .collect(),
            );
        }
        let size = last.texts.iter().map(String::len).sum();
        let bytes = write(&self.lexicon, &last.order, size, |id, out| {
            out.push_str(&last.texts[id as usize]);
        });
        let live = last.order.len();
        last.keys = keys.to_vec();
        self.last = Some(last);
        Some((bytes, live))
    }

    /// Word ids in the order of their text.
    fn sorted(&self, mut ids: Vec<u32>) -> Vec<u32> {
        let words = &self.lexicon.words;
        ids.sort_unstable_by(|a, b| words[*a as usize].cmp(&words[*b as usize]));
        ids
    }

    /// Forgets the bodies not in `keys`, and the words no body holds once
    /// they outnumber those `live` ones (the ids change: the last index is
    /// dropped, the next is merged afresh).
    fn forget(&mut self, keys: &[BodyKey], live: usize) {
        let wanted: FxHashSet<BodyKey> = keys.iter().copied().collect();
        if wanted.len() != self.bodies.len() {
            let before = self.bodies.len();
            self.bodies.retain(|key, _| wanted.contains(key));
            self.forgotten += before - self.bodies.len();
        }
        if self.lexicon.words.len() <= 2 * live + 4096 {
            return;
        }
        let mut used = vec![false; self.lexicon.words.len()];
        for list in self.bodies.values() {
            for &id in list.iter() {
                used[id as usize] = true;
            }
        }
        let mut lexicon = Lexicon::default();
        let renumber: Vec<u32> = self
            .lexicon
            .words
            .iter()
            .zip(&used)
            .map(|(word, used)| {
                if *used {
                    lexicon.intern(word)
                } else {
                    u32::MAX
                }
            })
            .collect();
        for list in self.bodies.values_mut() {
            for id in list.iter_mut() {
                *id = renumber[*id as usize];
            }
            // Kept in order: ids are given in the order of the old ones.
        }
        self.lexicon = lexicon;
        self.last = None;
        self.renumbered = true;
    }

    /// The memo `build` kept in `file`, or an empty one when there is none
    /// or it is not exactly what [`WordMemo::save`] writes.
    pub fn load(file: &Path) -> WordMemo {
        std::fs::read(file)
            .ok()
            .and_then(|bytes| decode(&bytes))
            .unwrap_or_default()
    }

    /// Keeps the memo in `file` when it changed since it was loaded:
    /// written beside it, then renamed over it, so that a build that dies
    /// midway leaves the old one or none. A memo that cannot be written is
    /// not an error: the next build reads the words again.
    pub fn save(&self, file: &Path) {
        // Nothing changed, or a few bodies: their words are read again by
        // the next builds ([`crate::kept::worth_writing`]).
        let differing = self.learnt + self.forgotten;
        let worth =
            self.renumbered || differing > 0 && crate::kept::worth_writing(self.loaded, differing);
        if !worth {
            return;
        }
        crate::kept::save_sealed(file, |out| self.write(out));
    }

    /// Writes the memo as bytes, which [`crate::kept::save_sealed`] ends
    /// with their hash: the magic, the words (length, bytes), the bodies
    /// (hash, count, ids), all little-endian. Streamed, not made whole
    /// first: at 10,000 briefs the whole was 13 MB at the build's peak
    /// (issue 17).
    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        // Its many small pieces go to the hash in large blocks.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        out.write_all(MAGIC)?;
        out.write_all(&(self.lexicon.words.len() as u32).to_le_bytes())?;
        for word in &self.lexicon.words {
            out.write_all(&[u8::try_from(word.len()).expect("words are short")])?;
            out.write_all(word.as_bytes())?;
        }
        // Sorted by hash: the same memo makes the same file.
        let mut keys: Vec<&BodyKey> = self.bodies.keys().collect();
        keys.sort_unstable();
        out.write_all(&(keys.len() as u32).to_le_bytes())?;
        for key in keys {
            let list = &self.bodies[key];
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&(list.len() as u32).to_le_bytes())?;
            for id in list.iter() {
                out.write_all(&id.to_le_bytes())?;
            }
        }
        out.flush()
    }
}

/// A memo read back from the bytes [`WordMemo::save`] writes; `None` for anything
/// else: another version, a cut or changed file (its hash tells), ids out
/// of range or out of order, words that are not words.
fn decode(bytes: &[u8]) -> Option<WordMemo> {
    let mut reader = crate::kept::open(bytes, MAGIC)?;
    let mut memo = WordMemo::default();
    let count = reader.u32()?;
    for _ in 0..count {
        let len = reader.take(1)?[0] as usize;
        let word = std::str::from_utf8(reader.take(len)?).ok()?;
        if word.is_empty() || memo.lexicon.intern(word) as usize != memo.lexicon.words.len() - 1 {
            return None;
        }
    }
    let bodies = reader.u32()?;
    for _ in 0..bodies {
        let key = u128::from_le_bytes(reader.take(16)?.try_into().ok()?);
        let len = reader.u32()? as usize;
        let raw = reader.take(len.checked_mul(4)?)?;
        let list: Box<[u32]> = raw
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")))
            .collect();
        let ascending = list.windows(2).all(|w| w[0] < w[1]);
        if !ascending || list.last().is_some_and(|id| *id >= count) {
            return None;
        }
        memo.bodies.insert(key, list);
    }
    memo.loaded = memo.bodies.len();
    reader.is_done().then_some(memo)
}

/// The ids in one of two ascending lists only: `(id, true)` for those of
/// `after` only, `(id, false)` for those of `before` only.
fn difference(before: &[u32], after: &[u32]) -> Vec<(u32, bool)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < before.len() || j < after.len() {
        match (before.get(i), after.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                out.push((*a, false));
                i += 1;
            }
            (Some(a), None) => {
                out.push((*a, false));
                i += 1;
            }
            (_, Some(b)) => {
                out.push((*b, true));
                j += 1;
            }
            (None, None) => unreachable!("the loop stops first"),
        }
    }
    out
}

/// Entries as `search-words.json` writes them: base-36 differences.
fn push_postings(out: &mut String, entries: &[u32]) {
    let mut previous = 0;
    for (k, &entry) in entries.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_base36(out, entry - previous);
        previous = entry;
    }
}

/// Rewrites the posting text of a word whose entries (`postings`) just
/// gained the one at `at`: the difference that spanned it becomes two. The
/// rest of the text stays as it was, so that a body edit costs the length
/// of its words' texts, not the work of writing them again.
fn splice_in(text: &mut String, postings: &[u32], at: usize) {
    let entry = postings[at];
    let previous = at.checked_sub(1).map_or(0, |p| postings[p]);
    let mut new = String::new();
    push_base36(&mut new, entry - previous);
    match postings.get(at + 1) {
        Some(&next) => {
            new.push(',');
            push_base36(&mut new, next - entry);
            let range = tokens(text, at, 1);
            text.replace_range(range, &new);
        }
        None if at == 0 => *text = new,
        None => {
            text.push(',');
            text.push_str(&new);
        }
    }
}

/// Rewrites the posting text of a word whose entries (`postings`) just
/// lost `entry`, which was at `at`: the two differences around it become
/// one.
fn splice_out(text: &mut String, postings: &[u32], at: usize, entry: u32) {
    let previous = at.checked_sub(1).map_or(0, |p| postings[p]);
    match postings.get(at) {
        Some(&next) => {
            let mut new = String::new();
            push_base36(&mut new, next - previous);
            let range = tokens(text, at, 2);
            text.replace_range(range, &new);
        }
        None if at == 0 => text.clear(),
        None => {
            // The last difference goes, with the comma before it.
            let range = tokens(text, at, 1);
            debug_assert_eq!(&text[range.clone()], posting_text(&[entry - previous]));
            text.truncate(range.start - 1);
        }
    }
}

/// Where differences `first..first + count` of a posting text are
/// (without the commas around them).
fn tokens(text: &str, first: usize, count: usize) -> std::ops::Range<usize> {
    let mut commas = memchr::memchr_iter(b',', text.as_bytes());
    let start = match first {
        0 => 0,
        n => {
            commas
                .nth(n - 1)
                .expect("the posting has that many differences")
                + 1
        }
    };
    let end = commas.nth(count - 1).unwrap_or(text.len());
    start..end
}

fn posting_text(entries: &[u32]) -> String {
    let mut out = String::with_capacity(entries.len() * 2);
    push_postings(&mut out, entries);
    out
}

/// `{"w": [words], "p": [postings]}` for the words of `order`, each
/// word's postings written by `postings`, which take about `size` bytes.
/// The text is made at about its size: grown from the words' share alone,
/// it was copied five times over at 100,000 briefs (51 MB): 18 % of the
/// time of making it (issue 17).
fn write(
    lexicon: &Lexicon,
    order: &[u32],
    size: usize,
    postings: impl Fn(u32, &mut String),
) -> Vec<u8> {
    let mut out = String::with_capacity(order.len() * 24 + size);
    out.push_str("{\"w\":[");
    for (n, id) in order.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        // Words hold letters and digits only: nothing to escape.
        out.push('"');
        out.push_str(&lexicon.words[*id as usize]);
        out.push('"');
    }
    out.push_str("],\"p\":[");
    for (n, id) in order.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('"');
        postings(*id, &mut out);
        out.push('"');
    }
    out.push_str("]}\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests;
