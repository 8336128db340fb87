//! What rendering keeps from one build to the next (issue 17): the words of
//! each body for `search-words.json` ([`WordMemo`]). `serve` keeps it in
//! memory between saves; `build` keeps it in the cache folder beside the
//! output (`.public.dossier-cache/build/`), which it owns and which is never
//! trusted: what cannot be read back exactly is ignored. It must not change
//! a byte of output: what it keeps is found again from the same input.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use super::search::WordMemo;

/// The file of the words of bodies, in the build's cache folder.
const WORDS: &str = "words";

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
}

impl Memo {
    /// A memo for `serve`: it also keeps what lets the next save patch
    /// `search-words.json` instead of making it again.
    pub fn serving() -> Memo {
        Memo {
            words: Mutex::new(WordMemo::serving()),
            learns: true,
        }
    }

    /// The memo a previous build kept in `folder`; an empty one when it
    /// kept none, or one that cannot be read back exactly. `saving`: whether
    /// it will be kept again ([`Memo::save`]).
    pub fn load(folder: &Path, saving: bool) -> Memo {
        let words = WordMemo::load(&folder.join(WORDS));
        Memo {
            learns: saving || !words.is_empty(),
            words: Mutex::new(words),
        }
    }

    /// Keeps the memo in `folder` for the next build (what changed only).
    pub fn save(&self, folder: &Path) {
        self.words
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .save(&folder.join(WORDS));
    }

    /// `search-words.json` for `bodies` (each with its hash), reading only
    /// those not met before.
    pub(super) fn search_words(&self, bodies: &[(u128, &str)]) -> Vec<u8> {
        if !self.learns {
            let texts: Vec<&str> = bodies.iter().map(|(_, text)| *text).collect();
            return super::search::words_index(&texts);
        }
        self.words
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .index(bodies)
    }
}
