//! What rendering keeps from one build to the next (issue 17): the words of
//! each body for `search-words.json` ([`WordMemo`]), and for `build` the
//! key and fingerprint of every file made ([`PageMemo`]). `serve` keeps the
//! words in
//! memory between saves; `build` keeps it in the cache folder beside the
//! output (`.public.dossier-cache/build/`), which it owns and which is never
//! trusted: what cannot be read back exactly is ignored. It must not change
//! a byte of output: what it keeps is found again from the same input.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use super::pages::PageMemo;
use super::search::WordMemo;

/// The file of the words of bodies, in the build's cache folder.
const WORDS: &str = "words";

/// The file of the files made, in the build's cache folder.
const PAGES: &str = "pages";

/// What rendering keeps between builds.
#[derive(Default)]
pub struct Memo {
    /// The words of each body. Behind a lock: files are made on every core,
    /// and one of them, `search-words.json`, reads and updates it.
    words: Mutex<WordMemo>,
    /// Whether what the words memo learns is of use later (`serve`, a
    /// build that keeps it, a memo that knows bodies already). When it is
    /// not (`check` with nothing kept, tests), `search-words.json` is made
    /// from scratch: the memo's lists and merge cost more than they save
    /// once.
    learns: bool,
    /// The files the previous build made, by output path, and this
    /// build's: only for a build that keeps them (`build`; not `check`,
    /// which makes every file, nor `serve`, which keeps its own).
    pages: Option<PageMemo>,
    /// For `build`: the cache folder, and how many `search-words.json`
    /// files the build still makes ([`Memo::keep_words_early`]).
    early: Mutex<Option<(std::path::PathBuf, usize)>>,
}

impl Memo {
    /// A memo for `serve`: it also keeps what lets the next save patch
    /// `search-words.json` instead of making it again.
    pub fn serving() -> Memo {
        Memo {
            words: Mutex::new(WordMemo::serving()),
            learns: true,
            pages: None,
            early: Mutex::new(None),
        }
    }

    /// The memo a previous build kept in `folder`; an empty one when it
    /// kept none, or one that cannot be read back exactly, or when not
    /// `trust` (`build --clean`). `saving`: whether it will be kept again
    /// ([`Memo::save`]); only then are files kept from the previous build.
    pub fn load(folder: &Path, saving: bool, trust: bool) -> Memo {
        let words = if trust {
            WordMemo::load(&folder.join(WORDS))
        } else {
            WordMemo::default()
        };
        Memo {
            learns: saving || !words.is_empty(),
            words: Mutex::new(words),
            pages: saving
                .then(|| PageMemo::load(&folder.join(PAGES), trust))
                .flatten(),
            early: Mutex::new(None),
        }
    }

    /// Keeps the words in `folder` as soon as the last of the `indexes`
    /// files of words this build makes (`search-words.json`, one per
    /// language) is made, then lets them go: nothing else reads them, and
    /// they were held to the end of the build for [`Memo::save`] (1 KB a
    /// brief, issue 17). Words are known by the hash of their body, so
    /// they are right to keep even if the build then fails. When fewer
    /// indexes are made (a build that keeps the file from the last one),
    /// [`Memo::save`] keeps them at the end as before.
    pub fn keep_words_early(&self, folder: &Path, indexes: usize) {
        if self.learns && indexes > 0 {
            *self.early.lock().unwrap_or_else(PoisonError::into_inner) =
                Some((folder.to_path_buf(), indexes));
        }
    }

    /// Keeps the memo in `folder` for the next build (what changed only).
    pub fn save(&self, folder: &Path) {
        self.words
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .save(&folder.join(WORDS));
        if let Some(pages) = &self.pages {
            pages.save(&folder.join(PAGES));
        }
    }

    /// The files of the previous build and of this one, when this build
    /// keeps files from the previous one.
    pub fn pages(&self) -> Option<&PageMemo> {
        self.pages.as_ref()
    }

    /// Learns the words of `bodies` that `search-words.json` may list, each
    /// known by its hash in `keys`, while they are in memory: a build then
    /// releases them ([`crate::content::Release`]).
    pub fn learn_words(&self, keys: &[u128], bodies: &[&str]) {
        if self.learns {
            let mut words = self.words.lock().unwrap_or_else(PoisonError::into_inner);
            let read = |k: usize| Ok::<_, std::convert::Infallible>(Cow::Borrowed(bodies[k]));
            let Ok(()) = words.learn(keys, &read);
        }
    }

    /// `search-words.json` for the bodies of the search index, each known
    /// by its hash and read with `read` by its place only when its words
    /// are not known.
    pub(super) fn search_words(
        &self,
        keys: &[u128],
        read: &super::search::ReadBody<'_, Box<crate::diagnostic::Diagnostic>>,
    ) -> Result<Vec<u8>, Box<crate::diagnostic::Diagnostic>> {
        if !self.learns {
            return super::search::words_index_read(keys.len(), read);
        }
        let mut words = self.words.lock().unwrap_or_else(PoisonError::into_inner);
        let bytes = words.index(keys, read)?;
        let mut early = self.early.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((folder, left)) = early.as_mut() {
            *left -= 1;
            if *left == 0 {
                words.save(&folder.join(WORDS));
                // An empty memo, unchanged: `save` writes nothing more.
                *words = WordMemo::default();
                *early = None;
            }
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of two bodies, as a build of two languages indexes them.
    fn index(memo: &Memo) {
        let bodies = ["Les relations bilatérales", "La coopération militaire"];
        let keys: Vec<u128> = bodies
            .iter()
            .map(|b| super::super::search::memo::key(b))
            .collect();
        let read = |k: usize| Ok(Cow::Borrowed(bodies[k]));
        memo.search_words(&keys, &read).expect("in memory");
    }

    /// A build's memo in a fresh cache folder, told that two indexes of
    /// words will be made; and the file of its words.
    fn two_indexes_announced() -> (tempfile::TempDir, std::path::PathBuf, Memo) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join(WORDS);
        let memo = Memo::load(dir.path(), true, true);
        memo.keep_words_early(dir.path(), 2);
        (dir, file, memo)
    }

    #[test]
    fn the_words_are_kept_once_the_last_index_is_made_then_let_go() {
        let (dir, file, memo) = two_indexes_announced();
        index(&memo);
        assert!(!file.exists(), "one of two indexes made: not kept yet");
        index(&memo);
        assert!(file.is_file(), "the last index made: kept");
        assert!(memo.words.lock().unwrap().is_empty(), "then let go");
        // The next build reads back a memo that knows bodies.
        let kept = WordMemo::load(&file);
        assert!(!kept.is_empty());
        // The save at the end writes nothing over it.
        let written = std::fs::read(&file).unwrap();
        memo.save(dir.path());
        assert_eq!(std::fs::read(&file).unwrap(), written);
    }

    #[test]
    fn words_not_indexed_as_often_as_announced_are_kept_at_the_end() {
        let (dir, file, memo) = two_indexes_announced();
        index(&memo);
        assert!(!file.exists());
        memo.save(dir.path());
        assert!(file.is_file());
        assert!(!WordMemo::load(&file).is_empty());
    }
}
