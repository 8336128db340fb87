//! The words of the documents' bodies for the search page (issue #15):
//! `search-words.json`, an inverted index from each word of the bodies to
//! the entries of `search-index.json` whose body holds it.
//!
//! Words are read from the Markdown as written, without parsing it: link
//! destinations, the targets of wiki links that have a label, HTML tags,
//! URLs, heading ids and footnote labels are skipped, the rest is split on
//! anything but letters and digits. A parse of every body would cost a
//! quarter of a second more at 10,000 briefs (docs/performance.md).
//! Words are folded as the page's script folds a query: lower case, Latin
//! letters without their accents (`é` → `e`, `œ` → `oe`), so that a search
//! ignores both.
//!
//! It hands on the file's bytes; it knows nothing of the graph, and writes
//! the same bytes for the same bodies (words sorted, entries in order).

pub mod memo;

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use memo::WordMemo;

/// Words shorter than this (in bytes once folded) are left out: `le`,
/// `de`, `of` would each list nearly every document, and they are a quarter
/// of the words of a French text. The page's script knows it: a shorter
/// word of a query is looked for in titles and summaries only.
pub const MIN_WORD: usize = 3;

/// Words longer than this (in bytes) are left out: no one searches for a
/// hash, and the longest French words ("anticonstitutionnellement") fit.
const MAX_WORD: usize = 40;

/// The words met so far, each with its entries. A word of up to eight
/// bytes (most of them) is found by its bytes packed into a number: one
/// multiplication to hash, one comparison to match, where a map keyed by
/// the text hashed it byte by byte and compared it with `memcmp`. Ten
/// million words are read at 10,000 briefs.
#[derive(Default)]
struct Vocabulary {
    /// Short words, packed (no word holds a zero byte: the packing is
    /// unique) → index in `words`.
    short: FxHashMap<u64, u32>,
    /// Longer words → index in `words`.
    long: FxHashMap<String, u32>,
    /// Each word, with the entries holding it, ascending.
    words: Vec<(String, Vec<u32>)>,
}

impl Vocabulary {
    /// Notes that entry `entry` (never smaller than the last one noted)
    /// holds `word`.
    fn note(&mut self, word: &str, entry: u32) {
        let next = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
        let id = if word.len() <= 8 {
            *self.short.entry(pack(word)).or_insert(next)
        } else {
            match self.long.get(word) {
                Some(id) => *id,
                None => {
                    self.long.insert(word.to_string(), next);
                    next
                }
            }
        };
        if id == next {
            self.words.push((word.to_string(), vec![entry]));
            return;
        }
        let entries = &mut self.words[id as usize].1;
        if entries.last() != Some(&entry) {
            entries.push(entry);
        }
    }

    /// Adds the words of `other`, whose entries all follow ours.
    fn extend(&mut self, other: Vocabulary) {
        for (word, entries) in other.words {
            let next = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
            let id = if word.len() <= 8 {
                *self.short.entry(pack(&word)).or_insert(next)
            } else {
                *self.long.entry(word.clone()).or_insert(next)
            };
            if id == next {
                self.words.push((word, entries));
            } else {
                self.words[id as usize].1.extend(entries);
            }
        }
    }
}

/// The bytes of a word of at most eight bytes as one number.
fn pack(word: &str) -> u64 {
    word.bytes()
        .enumerate()
        .fold(0, |key, (k, b)| key | (u64::from(b) << (8 * k)))
}

/// Bodies read by one task: enough to keep the per-task maps few.
const CHUNK: usize = 512;

/// `search-words.json` for the bodies of the search index's entries, in
/// the index's order: `{"w": [words, sorted], "p": [postings]}`, where the
/// postings of `w[k]` are the indexes of the entries holding it, ascending,
/// each written as its difference from the previous one (the first from 0)
/// in base 36, separated by commas.
///
/// ```
/// let bytes = dossier::render::search::words_index(&["Les Sénégalais.", "Sénégal et Mali"]);
/// assert_eq!(
///     String::from_utf8(bytes).unwrap(),
///     r#"{"w":["les","mali","senegal","senegalais"],"p":["0","1","1","0"]}"#.to_string() + "\n"
/// );
/// ```
pub fn words_index(bodies: &[&str]) -> Vec<u8> {
    let read = |k: usize| Ok::<_, std::convert::Infallible>(Cow::Borrowed(bodies[k]));
    match words_index_read(bodies.len(), &read) {
        Ok(bytes) => bytes,
        Err(never) => match never {},
    }
}

/// A body of the search index by its place in it, read when its words are
/// read: a build keeps bodies on disk rather than in memory (issue 17), so
/// that each is held only while it is read.
pub type ReadBody<'a, E> = dyn Fn(usize) -> Result<Cow<'a, str>, E> + Sync + 'a;

/// [`words_index`] for `count` bodies, each read with `read`. The first
/// body that cannot be read (in the index's order) is the error.
pub fn words_index_read<E: Send>(count: usize, read: &ReadBody<'_, E>) -> Result<Vec<u8>, E> {
    let parts: Vec<Result<Vocabulary, E>> = (0..count.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut vocabulary = Vocabulary::default();
            for k in c * CHUNK..count.min((c + 1) * CHUNK) {
                let entry = u32::try_from(k).expect("fewer than 4 billion search entries");
                words(&read(k)?, &mut |word| vocabulary.note(word, entry));
            }
            Ok(vocabulary)
        })
        .collect();
    // Chunks in order: each word's entries stay ascending.
    let mut all = Vocabulary::default();
    for part in parts {
        all.extend(part?);
    }
    let mut sorted = all.words;
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(sorted.len() * 24);
    out.push_str("{\"w\":[");
    for (n, (word, _)) in sorted.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        // Words hold letters and digits only: nothing to escape.
        debug_assert!(word.chars().all(char::is_alphanumeric));
        out.push('"');
        out.push_str(word);
        out.push('"');
    }
    out.push_str("],\"p\":[");
    for (n, (_, entries)) in sorted.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('"');
        let mut previous = 0;
        for (k, &entry) in entries.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_base36(&mut out, entry - previous);
            previous = entry;
        }
        out.push('"');
    }
    out.push_str("]}\n");
    Ok(out.into_bytes())
}

/// Writes `n` in base 36 (digits, then small letters).
fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buffer = [0u8; 8];
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    for &b in &buffer[at..] {
        out.push(char::from(b));
    }
}

/// Calls `emit` with each folded word of a Markdown body, in order, the
/// markup skipped (see the module's documentation). A word already folded
/// (small ASCII letters and digits, the most common) is passed as a slice
/// of the body, without a copy.
pub fn words(body: &str, emit: &mut impl FnMut(&str)) {
    let bytes = body.as_bytes();
    let mut folded = String::with_capacity(MAX_WORD + 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if CLASS[usize::from(b)] != OTHER {
            let start = i;
            let mut simple = true;
            loop {
                // The common run: small letters and digits.
                i = skip_small(bytes, i);
                let Some(&b) = bytes.get(i) else { break };
                match CLASS[usize::from(b)] {
                    CAPITAL => {
                        simple = false;
                        i += 1;
                    }
                    WIDE => {
                        let (c, len) = decode(bytes, i, body);
                        if !is_letter(c) {
                            break;
                        }
                        simple = false;
                        i += len;
                    }
                    _ => break,
                }
            }
            if i == start {
                // A character that is not a letter nor a digit.
                i += decode(bytes, i, body).1;
                continue;
            }
            let word = &body[start..i];
            // A URL: `http://…` or `https://…`, to the next space.
            if bytes.get(i) == Some(&b':')
                && bytes[i..].starts_with(b"://")
                && word.eq_ignore_ascii_case("http") | word.eq_ignore_ascii_case("https")
            {
                i = skip_until(bytes, i, |c| c.is_ascii_whitespace());
                continue;
            }
            if !(MIN_WORD..=MAX_WORD).contains(&word.len()) && word.is_ascii() {
                continue;
            }
            if simple {
                emit(word);
                continue;
            }
            folded.clear();
            if word.is_ascii() {
                // Capitals only: the most common case after small letters.
                folded.push_str(word);
                folded.make_ascii_lowercase();
            } else {
                for c in word.chars() {
                    if c.is_ascii() {
                        folded.push(c.to_ascii_lowercase());
                    } else {
                        fold_into(c, &mut folded);
                    }
                }
            }
            if (MIN_WORD..=MAX_WORD).contains(&folded.len()) {
                emit(&folded);
            }
            continue;
        }
        let next = bytes.get(i + 1).copied();
        i = match (b, next) {
            (b'[', Some(b'[')) => wiki_link(body, i, emit),
            (b'[', Some(b'^')) => skip_past(bytes, i, b']'),
            (b']', Some(b'(')) => skip_past(bytes, i, b')'),
            (b'<', Some(c)) if c.is_ascii_alphabetic() || c == b'/' || c == b'!' => {
                skip_past(bytes, i, b'>')
            }
            (b'{', Some(b'#')) => skip_past(bytes, i, b'}'),
            _ => i + 1,
        };
    }
}

/// How [`words`] sees a byte: part of a word already folded (small ASCII
/// letters, digits), a capital, the start or rest of a character outside
/// ASCII, or anything else. A table read is one instruction where the
/// tests it replaces were five (the scan reads 65 MB at 10,000 briefs).
const CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => SMALL,
            b'A'..=b'Z' => CAPITAL,
            0x80..=0xFF => WIDE,
            _ => OTHER,
        };
        b += 1;
    }
    class
};
const OTHER: u8 = 0;
const SMALL: u8 = 1;
const CAPITAL: u8 = 2;
const WIDE: u8 = 3;

/// Reads the wiki link opening at `at` (`[[…]]`): the words of its label
/// (`[[jnim|le JNIM]]`), else of the last part of its target (`[[countries/
/// mali]]` shows the target's title, which its slug spells). Returns where
/// reading goes on.
fn wiki_link(body: &str, at: usize, emit: &mut impl FnMut(&str)) -> usize {
    let inside = &body[at + 2..];
    let Some(end) = inside
        .find("]]")
        .filter(|end| !inside[..*end].contains('\n'))
    else {
        return at + 2;
    };
    let link = &inside[..end];
    let shown = match link.split_once('|') {
        Some((_, label)) => label,
        None => {
            let target = link.split('#').next().unwrap_or(link);
            target.rsplit('/').next().unwrap_or(target)
        }
    };
    words(shown, emit);
    at + 2 + end + 2
}

/// The position after the first `close` from `at`, or the end of the line
/// when there is none on it (a lone bracket is not markup).
fn skip_past(bytes: &[u8], at: usize, close: u8) -> usize {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            c if c == close => return i + 1,
            b'\n' => return at + 1,
            _ => i += 1,
        }
    }
    at + 1
}

/// The position of the first byte from `at` that `stop` accepts, or the end.
fn skip_until(bytes: &[u8], at: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[at..]
        .iter()
        .position(|c| stop(*c))
        .map_or(bytes.len(), |k| at + k)
}

/// The position of the first byte from `i` that is not a small ASCII
/// letter or a digit. Eight bytes at a time (SWAR: one branch per word
/// instead of one per letter, whose last one the processor always
/// mispredicted).
fn skip_small(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` below 0x80 that lies strictly
    // between `low` and `high` (Sean Anderson's "bit twiddling hacks").
    let between = |x: u64, low: u8, high: u8| -> u64 {
        let seven = x & (ONES * 127);
        (ONES * (127 + u64::from(high)) - seven)
            & !x
            & (seven + ONES * (127 - u64::from(low)))
            & HIGHS
    };
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let small = between(x, b'a' - 1, b'z' + 1) | between(x, b'0' - 1, b'9' + 1);
        if small == HIGHS {
            i += 8;
            continue;
        }
        return i + ((!small & HIGHS).trailing_zeros() / 8) as usize;
    }
    while i < bytes.len() && CLASS[usize::from(bytes[i])] == SMALL {
        i += 1;
    }
    i
}

/// The character starting at byte `i` of `body`, and its length: the
/// two-byte characters of Latin scripts decoded on the spot, others by
/// the standard library.
fn decode(bytes: &[u8], i: usize, body: &str) -> (char, usize) {
    if bytes[i] & 0xE0 == 0xC0
        && let Some(&next) = bytes.get(i + 1)
    {
        let code = (u32::from(bytes[i] & 0x1F) << 6) | u32::from(next & 0x3F);
        if let Some(c) = char::from_u32(code) {
            return (c, 2);
        }
    }
    let c = body[i..].chars().next().expect("a character starts here");
    (c, c.len_utf8())
}

/// Whether a character outside ASCII is a letter or a digit: the Latin
/// letters of French and its neighbours are answered without Unicode's
/// tables, which a tenth of the words of a French text would look up.
fn is_letter(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        _ => c.is_alphanumeric(),
    }
}

/// Appends a letter or digit outside ASCII, folded: Latin letters without
/// their accents (`é` → `e`, `œ` → `oe`, `ß` → `ss`), others in lower case.
fn fold_into(c: char, word: &mut String) {
    if ('\u{C0}'..='\u{24F}').contains(&c)
        && let Some(ascii) = deunicode::deunicode_char(c)
    {
        word.extend(
            ascii
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|a| a.to_ascii_lowercase()),
        );
        return;
    }
    word.extend(c.to_lowercase());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(body: &str) -> Vec<String> {
        let mut found = Vec::new();
        words(body, &mut |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn words_are_folded_like_queries() {
        assert_eq!(
            all("Les gens du SÉNÉGAL, la Cédéao et l’œuvre d'Ørsted, 2025."),
            [
                "les", "gens", "senegal", "cedeao", "oeuvre", "orsted", "2025"
            ]
        );
    }

    #[test]
    fn markup_is_skipped() {
        assert_eq!(
            all("Voir [le rapport](https://e.org/x-y) et [[actors/jnim|les JNIM]]."),
            ["voir", "rapport", "les", "jnim"]
        );
        assert_eq!(
            all("[[countries/cote-d-ivoire#Sécurité]]"),
            ["cote", "ivoire"]
        );
        assert_eq!(
            all("Lue sur https://example.org/page?q=1 hier"),
            ["lue", "sur", "hier"]
        );
        assert_eq!(
            all("## Titre {#id-propre}\n<span class=\"x\">mot</span>"),
            ["titre", "mot"]
        );
        assert_eq!(all("Une note[^apa]."), ["une", "note"]);
        // A lone bracket is text; so is a character that is neither a
        // letter nor a digit.
        assert_eq!(all("aaa < bbb et [ccc «ddd»"), ["aaa", "bbb", "ccc", "ddd"]);
    }

    #[test]
    fn runs_of_small_letters_end_where_the_table_says() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789 Zz é{a}[b]`@/:";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            let mut expected = start;
            while expected < bytes.len() && CLASS[usize::from(bytes[expected])] == SMALL {
                expected += 1;
            }
            assert_eq!(skip_small(bytes, start), expected, "from {start}");
        }
        // Every byte value, alone and in a run.
        for b in 0..=255u8 {
            let run = [b'a', b'b', b'c', b'd', b'e', b'f', b'g', b, b'x', b'y'];
            let expected = if CLASS[usize::from(b)] == SMALL {
                10
            } else {
                7
            };
            assert_eq!(skip_small(&run, 0), expected, "byte {b:#x}");
        }
    }

    #[test]
    fn the_index_lists_each_document_once_per_word_in_order() {
        let bodies = ["Mali Mali mali", "rien", "Mali"];
        let json = String::from_utf8(words_index(&bodies)).unwrap();
        assert_eq!(json, "{\"w\":[\"mali\",\"rien\"],\"p\":[\"0,2\",\"1\"]}\n");
    }

    #[test]
    fn postings_are_base_36_differences() {
        let many: Vec<String> = (0..40)
            .map(|k| {
                if k % 39 == 0 {
                    "xx1".into()
                } else {
                    "yyy".into()
                }
            })
            .collect();
        let bodies: Vec<&str> = many.iter().map(String::as_str).collect();
        let json = String::from_utf8(words_index(&bodies)).unwrap();
        // Entries 0 and 39: 39 is `13` in base 36.
        assert!(json.contains("\"0,13\""), "{json}");
        let mut out = String::new();
        push_base36(&mut out, 36 * 36);
        assert_eq!(out, "100");
    }

    #[test]
    fn entries_past_a_chunk_keep_their_numbers() {
        let bodies: Vec<&str> = (0..CHUNK + 3)
            .map(|k| if k == CHUNK + 1 { "fin" } else { "" })
            .collect();
        let json = String::from_utf8(words_index(&bodies)).unwrap();
        let expected = {
            let mut s = String::new();
            push_base36(&mut s, u32::try_from(CHUNK + 1).unwrap());
            s
        };
        assert_eq!(
            json,
            format!("{{\"w\":[\"fin\"],\"p\":[\"{expected}\"]}}\n")
        );
    }
}

#[cfg(test)]
mod vocabulary {
    use super::*;

    #[test]
    fn short_and_long_words_keep_their_own_entries() {
        let mut vocabulary = Vocabulary::default();
        for (word, entry) in [
            ("aaa", 0),
            ("aaaaaaaa", 0),
            ("aaaaaaaaa", 1),
            ("aaa", 1),
            ("aaa", 1),
            ("aaaaaaaaa", 2),
            ("aab", 2),
        ] {
            vocabulary.note(word, entry);
        }
        let words: Vec<(&str, &[u32])> = vocabulary
            .words
            .iter()
            .map(|(w, e)| (w.as_str(), e.as_slice()))
            .collect();
        assert_eq!(
            words,
            [
                ("aaa", &[0, 1][..]),
                ("aaaaaaaa", &[0][..]),
                ("aaaaaaaaa", &[1, 2][..]),
                ("aab", &[2][..]),
            ]
        );
        assert_ne!(pack("ab"), pack("ba"));
        assert_ne!(pack("a"), pack("a\u{1}"));
    }
}
