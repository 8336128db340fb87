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
}

impl Memo {
    /// A memo for `serve`: it also keeps what lets the next save patch
    /// `search-words.json` instead of making it again.
    pub fn serving() -> Memo {
        Memo {
            words: Mutex::new(WordMemo::serving()),
            learns: true,
            pages: None,
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
        self.words
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .index(keys, read)
    }
}
