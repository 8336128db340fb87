//! The pages a build keeps from the previous one (issue 17, goal 1): a
//! later `build` makes again only the files whose inputs changed.
//!
//! Each file of the plan gets a **key**: a 128-bit hash of everything it
//! is made from, read from the plan's own list of what it shows
//! ([`crate::plan::Plan::inputs`], the list `serve` re-renders by) with,
//! around it, what every page shares ([`Keys::site`]: the binary, the
//! configuration, the templates and assets, the files beside documents,
//! the language's edition). A build records, per output path, the key
//! and the fingerprint of the bytes it made ([`PageMemo`], in the cache
//! folder beside the output); the next build asks its sink to keep a file
//! whose key is unchanged ([`super::Sink::keep`]), and the sink does only
//! when it finds those exact bytes (the staging folder's spare, or the
//! live output read and hashed again). So a stale memo, a changed output
//! folder or a key that misses an input can cost work, and a memo that
//! cannot be read back exactly is ignored: neither changes a byte of the
//! output. `tests/suite/incremental.rs` builds random edit sequences with
//! and without the memo and compares every byte.
//!
//! What the key leaves out is what the plan's inputs leave out; what it
//! over-counts costs renders: a document's front matter is hashed with its
//! positions in the file table, so adding a file makes again the pages of
//! the documents read after it in another language than the default.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

use super::{Templates, UrlPath};
use crate::config::Config;
use crate::content::{Kind, Meta};
use crate::diagnostic::Sources;
use crate::git::History;
use crate::graph::{DocIndex, Graph, Linked};
use crate::plan::inputs::Visit;
use crate::plan::{Input, Plan, RouteKind};

/// The first bytes of the memo's file: another version is not read.
const MAGIC: &[u8] = b"dossier pages 1\n";

/// The length and hash of a file's bytes, as the output records them: a
/// kept file must have exactly these.
pub type Fingerprint = (u64, u64);

/// The fingerprint of a file's bytes: its length and their XXH3 (64
/// bits), the same in every build. SipHash, used before, cost 2.7 % of a
/// bilingual build's CPU for no more safety: its keys are fixed, so it
/// guards against accidents only, as XXH3 does.
pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    (bytes.len() as u64, xxhash_rust::xxh3::xxh3_64(bytes))
}

/// What one file of a build was made from, and what it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// The hash of its inputs.
    pub key: u128,
    /// The fingerprint of its bytes.
    pub made: Fingerprint,
}

/// The keys and fingerprints of the previous build's files, and this
/// build's as they are made.
#[derive(Debug)]
pub struct PageMemo {
    /// The hash of the program that made them: another binary keeps
    /// nothing (its templates, strings or code may differ).
    program: u128,
    /// The previous build's files, by output path.
    before: BTreeMap<String, Kept>,
    /// This build's, by output path.
    now: Mutex<BTreeMap<String, Kept>>,
    /// How many files this build kept instead of making them.
    kept: AtomicUsize,
}

impl PageMemo {
    /// The memo a previous build left in `file` when `trust`, and this
    /// build's program is the one that left it; an empty one otherwise,
    /// or when it cannot be read back exactly. `None` when the program
    /// cannot be read (then nothing is kept, ever).
    pub fn load(file: &Path, trust: bool) -> Option<PageMemo> {
        let program = program_hash()?;
        let before = trust
            .then(|| std::fs::read(file).ok())
            .flatten()
            .and_then(|bytes| decode(&bytes, program))
            .unwrap_or_default();
        Some(PageMemo {
            program,
            before,
            now: Mutex::new(BTreeMap::new()),
            kept: AtomicUsize::new(0),
        })
    }

    /// What the previous build recorded at `path`, if its key was `key`.
    pub fn before(&self, path: &UrlPath, key: u128) -> Option<Kept> {
        self.before
            .get(path.as_str())
            .filter(|kept| kept.key == key)
            .copied()
    }

    /// Records what this build has at `path`; `kept`: whether it was kept
    /// from the previous build rather than made.
    pub fn note(&self, path: &UrlPath, entry: Kept, kept: bool) {
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        self.now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.as_str().to_string(), entry);
    }

    /// How many files this build kept from the previous one.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Keeps this build's records in `file` for the next build, when they
    /// differ from what was loaded: written beside it, then renamed over
    /// it. A memo that cannot be written is not an error: the next build
    /// makes every file.
    pub fn save(&self, file: &Path) {
        let now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *now == self.before && file.is_file() {
            return;
        }
        crate::kept::save(file, &encode(&now, self.program));
    }
}

/// The hash of what tells the running program from another
/// ([`crate::kept::program`]); `None` when its file cannot be read.
fn program_hash() -> Option<u128> {
    Some(xxh3_128(crate::kept::program()?.as_bytes()))
}

/// The memo's bytes: the magic, the program's hash, then per file its
/// path (length, bytes), key, length and hash, in path order, all
/// little-endian, and the XXH3 hash of all that.
fn encode(files: &BTreeMap<String, Kept>, program: u128) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + files.len() * 80);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&program.to_le_bytes());
    out.extend_from_slice(&(files.len() as u64).to_le_bytes());
    for (path, kept) in files {
        out.extend_from_slice(&(path.len() as u32).to_le_bytes());
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&kept.key.to_le_bytes());
        out.extend_from_slice(&kept.made.0.to_le_bytes());
        out.extend_from_slice(&kept.made.1.to_le_bytes());
    }
    crate::kept::seal(&mut out);
    out
}

/// The records [`encode`] wrote, if `bytes` are exactly that, for
/// `program`; `None` for anything else (another version or program, a cut
/// or changed file, paths out of order).
fn decode(bytes: &[u8], program: u128) -> Option<BTreeMap<String, Kept>> {
    let mut reader = crate::kept::open(bytes, MAGIC)?;
    if reader.u128()? != program {
        return None;
    }
    let count = reader.u64()?;
    let mut files = BTreeMap::new();
    let mut last: Option<String> = None;
    for _ in 0..count {
        let len = reader.u32()? as usize;
        let path = std::str::from_utf8(reader.take(len)?).ok()?.to_string();
        if last.as_ref().is_some_and(|l| *l >= path) {
            return None;
        }
        let key = reader.u128()?;
        let made = (reader.u64()?, reader.u64()?);
        last = Some(path.clone());
        files.insert(path, Kept { key, made });
    }
    reader.is_done().then_some(files)
}

/// Feeds what `Debug` writes into a hash, without making the string.
struct Feed<'h>(&'h mut Xxh3Default);

impl std::fmt::Write for Feed<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// Hashes `value`'s `Debug` text into `hasher`, then a separator.
fn debug(hasher: &mut Xxh3Default, value: &dyn std::fmt::Debug) {
    let _ = write!(Feed(hasher), "{value:?}");
    hasher.update(&[0xff]);
}

/// The inputs of one language's files, hashed once per build: what every
/// page shares, each document, each kind of document and each tag's name.
pub struct Keys {
    /// What every file of this language shares.
    site: u128,
    /// Per document.
    docs: Vec<u128>,
    /// Per kind, in the order of [`Kind::ALL`]: its documents'.
    kinds: Vec<u128>,
    /// Per tag of the plan: its name and slug.
    tags: Vec<u128>,
    /// Per document: what its card shows ([`crate::plan::inputs::card`]),
    /// hashed once here rather than on every page that lists it (a
    /// country's page lists hundreds of cards, and walking them was 4 % of
    /// a rebuild that keeps every page).
    cards: Vec<u128>,
    /// Per document: what its card, title and link are made from, its
    /// body's text left out (the second of [`doc_keys`]).
    fronts: Vec<u128>,
    /// Per kind, in the order of [`Kind::ALL`]: its documents' `fronts`.
    kind_fronts: Vec<u128>,
}

/// Hashes the inputs a file shows, each as its tag and its key
/// ([`Keys::input`]), and each card as its key in [`Keys::cards`].
struct Hashing<'k> {
    keys: &'k Keys,
    hasher: Xxh3Default,
    /// Whether cards are hashed as a whole (else input by input, which is
    /// how [`Keys::cards`] are made).
    whole_cards: bool,
    /// Whether documents are hashed without their bodies' text: within the
    /// card of a brief or an event, which shows none of it.
    fronts_only: bool,
}

impl Visit for Hashing<'_> {
    fn input(&mut self, input: Input) -> bool {
        let (tag, key) = match input {
            Input::Doc(i) if self.fronts_only => (6, self.keys.fronts[i]),
            _ => self.keys.input(input),
        };
        self.hasher.update(&[tag]);
        self.hasher.update(&key.to_le_bytes());
        false
    }

    fn fronts(&mut self, kind: Kind) -> bool {
        self.hasher.update(&[7]);
        self.hasher
            .update(&self.keys.kind_fronts[kind_index(kind)].to_le_bytes());
        false
    }

    fn card(&mut self, graph: &Graph, plan: &Plan, i: DocIndex) -> bool {
        if !self.whole_cards {
            return crate::plan::inputs::card(graph, plan, i, &mut |input| self.input(input));
        }
        self.hasher.update(&[5]);
        self.hasher.update(&self.keys.cards[i].to_le_bytes());
        false
    }
}

/// The values every page of one language is made from, besides the
/// documents the plan says it shows.
pub struct Shared<'a> {
    pub graph: &'a Graph,
    pub plan: &'a Plan,
    pub config: &'a Config,
    pub history: &'a History,
    pub templates: &'a Templates,
    pub sources: &'a Sources,
    /// The newest change of any brief (entity pages without briefs show
    /// it as their last change).
    pub site_lastmod: Option<chrono::NaiveDate>,
}

impl Keys {
    /// Hashes what `shared`'s files are made from.
    pub fn new(shared: &Shared<'_>) -> Keys {
        let graph = shared.graph;
        let (docs, fronts): (Vec<u128>, Vec<u128>) = (0..graph.docs().len())
            .into_par_iter()
            .map(|i| doc_keys(shared, i))
            .unzip();
        let by_kind = |keys: &[u128]| -> Vec<u128> {
            Kind::ALL
                .iter()
                .map(|kind| {
                    let mut hasher = Xxh3Default::new();
                    for (i, doc) in graph.docs().iter().enumerate() {
                        if doc.id.kind == *kind {
                            hasher.update(&keys[i].to_le_bytes());
                        }
                    }
                    hasher.digest128()
                })
                .collect()
        };
        let kinds = by_kind(&docs);
        let kind_fronts = by_kind(&fronts);
        let tags = shared
            .plan
            .tags
            .iter()
            .map(|tag| {
                let mut hasher = Xxh3Default::new();
                debug(&mut hasher, &(&tag.slug, &tag.name));
                hasher.digest128()
            })
            .collect();
        let mut keys = Keys {
            site: site_key(shared),
            docs,
            kinds,
            tags,
            cards: Vec::new(),
            fronts,
            kind_fronts,
        };
        let cards = (0..graph.docs().len())
            .into_par_iter()
            .map(|i| {
                let mut hashing = Hashing {
                    keys: &keys,
                    hasher: Xxh3Default::new(),
                    whole_cards: false,
                    // The card of any other kind is its link, but a month
                    // of `watch/` shows its body in its country's page.
                    fronts_only: matches!(graph.kind(i), Kind::Brief | Kind::Event),
                };
                hashing.card(graph, shared.plan, i);
                hashing.hasher.digest128()
            })
            .collect();
        keys.cards = cards;
        keys
    }

    /// The tag and key of one input of a file.
    fn input(&self, input: Input) -> (u8, u128) {
        match input {
            Input::Doc(i) => (1, self.docs[i]),
            Input::Kind(kind) => (2, self.kinds[kind_index(kind)]),
            Input::TagName(n) => (3, self.tags[n]),
        }
    }

    /// The key of route `k` of the plan; `None` for files that are never
    /// kept: copies of files (read again, and compared by the output) and
    /// the theme's assets (in memory).
    pub fn of(&self, graph: &Graph, plan: &Plan, k: usize) -> Option<u128> {
        let route = &plan.routes()[k];
        if matches!(
            route.kind,
            RouteKind::Asset(_)
                | RouteKind::Static(_)
                | RouteKind::File(_)
                | RouteKind::ImageCopy(_)
        ) {
            return None;
        }
        let mut hashing = Hashing {
            keys: self,
            hasher: Xxh3Default::new(),
            whole_cards: true,
            fronts_only: false,
        };
        hashing.hasher.update(&self.site.to_le_bytes());
        hashing.hasher.update(route.path.as_str().as_bytes());
        hashing.hasher.update(&[0]);
        plan.reads(graph, route.kind, &mut hashing);
        let mut hasher = hashing.hasher;
        // Which documents it lists, in order: what it shows of each is
        // among what it reads (a card, a trend, a whole kind).
        hasher.update(&[4]);
        for i in &plan.listed(graph, route.kind) {
            hasher.update(&self.fronts[*i].to_le_bytes());
        }
        // What a page shows of its list's family: how many pages of
        // briefs there are, which months have a digest.
        match route.kind {
            RouteKind::BriefIndex(_) => hasher.update(&plan.brief_pages.to_le_bytes()),
            RouteKind::Digest(_) => debug(&mut hasher, &plan.months),
            _ => {}
        }
        if let Some(alternates) = plan.edition.alternates.get(k) {
            debug(&mut hasher, alternates);
        }
        Some(hasher.digest128())
    }
}

/// What every file of one language shares: the configuration, the
/// templates and every file read that is not a document (`site.yaml`,
/// data files), the theme's assets, the files beside documents and in
/// `static/` as the plan sees them, the language's edition.
fn site_key(shared: &Shared<'_>) -> u128 {
    let mut hasher = Xxh3Default::new();
    debug(&mut hasher, shared.config);
    for (path, text) in shared.sources.files() {
        if !path.starts_with("content") {
            debug(&mut hasher, &path);
            hasher.update(text.as_bytes());
        }
    }
    let mut templates: Vec<(&String, &crate::diagnostic::FileId)> =
        shared.templates.files.iter().collect();
    templates.sort_unstable();
    for (name, file) in templates {
        hasher.update(name.as_bytes());
        hasher.update(shared.sources.text(*file).as_bytes());
    }
    for (name, bytes) in &shared.templates.assets {
        hasher.update(name.as_bytes());
        hasher.update(bytes);
    }
    let plan = shared.plan;
    debug(&mut hasher, &plan.statics);
    debug(&mut hasher, &plan.files);
    debug(&mut hasher, &plan.copies);
    debug(&mut hasher, &plan.has_data);
    debug(&mut hasher, &shared.site_lastmod);
    debug(&mut hasher, &shared.graph.unresolved());
    let edition = &plan.edition;
    debug(
        &mut hasher,
        &(
            &edition.language,
            &edition.default,
            &edition.prefix,
            &edition.languages,
            &edition.status,
        ),
    );
    hasher.digest128()
}

/// The place of `kind` in [`Kind::ALL`].
fn kind_index(kind: Kind) -> usize {
    Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind is in Kind::ALL")
}

/// A document's two keys.
///
/// The first is what its page is made from: its file (its front matter as
/// read in another language), where its links lead and where they stand,
/// whether it is shown, and for a brief the commits of its file.
///
/// The second is what its card, title and link are made from (issue 17):
/// the same without the text of its body, which only its own page, the
/// words of search and (for a month of `watch/`) its country's pages show,
/// nor where its links stand in that text. So a sentence added to a brief
/// keeps the pages that list it.
fn doc_keys(shared: &Shared<'_>, i: usize) -> (u128, u128) {
    let graph = shared.graph;
    let doc = graph.doc(i);
    let path = shared.sources.path(doc.file);
    // What both keys share: id, path, whether and where it is shown,
    // where its links lead, its commits.
    let mut around = Xxh3Default::new();
    debug(&mut around, &doc.id);
    debug(&mut around, &path);
    debug(
        &mut around,
        &(
            graph.is_visible(i),
            shared.plan.is_public(i),
            shared.plan.edition.falls_back(i),
            shared.plan.doc_route(i).map(|r| r.path.as_str()),
            // Where links to it lead when this language lacks it.
            shared.plan.edition.original(i),
        ),
    );
    let mut positions = Xxh3Default::new();
    for target in graph.body_targets(i) {
        positions.update(&target.start.to_le_bytes());
        match &target.linked {
            Linked::Doc { to, heading } => debug(&mut around, &(&graph.doc(*to).id, heading)),
            Linked::Heading(id) => debug(&mut around, id),
        }
    }
    if let Meta::Brief(_) = &doc.meta {
        for commit in shared.history.of(path) {
            debug(&mut around, commit);
        }
        around.update(shared.history.path_in_repository(path).as_bytes());
    }
    let around = around.digest128().to_le_bytes();
    // In the default language a document is its file (with the site's
    // configuration); in another it is the original merged with its
    // translation, or a file of `data/`: its values are hashed instead.
    let its_file =
        shared.plan.edition.is_default() && doc.plain.is_none() && path.starts_with("content");
    let front = shared
        .sources
        .text(doc.file)
        .get(..doc.body_offset)
        .filter(|_| its_file);
    let mut whole = Xxh3Default::new();
    let mut card = Xxh3Default::new();
    match front {
        Some(front) => card.update(front.as_bytes()),
        // Its front matter's values (the merged ones in another language).
        None => {
            let mut values = Xxh3Default::new();
            debug(&mut values, &doc.meta);
            let values = values.digest128().to_le_bytes();
            card.update(&values);
            if !its_file {
                whole.update(&values);
            }
        }
    }
    if its_file {
        whole.update(&shared.sources.digest(doc.file).to_le_bytes());
    } else {
        debug(&mut whole, &(doc.body_hash, &doc.plain, doc.body_offset));
    }
    whole.update(&around);
    whole.update(&positions.digest128().to_le_bytes());
    card.update(&around);
    (whole.digest128(), card.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BTreeMap<String, Kept> {
        let mut files = BTreeMap::new();
        files.insert(
            "briefs/a/index.html".to_string(),
            Kept {
                key: 7,
                made: (120, 99),
            },
        );
        files.insert(
            "index.html".to_string(),
            Kept {
                key: u128::MAX,
                made: (1, 2),
            },
        );
        files
    }

    #[test]
    fn a_memo_reads_back_as_it_was_written() {
        let files = sample();
        assert_eq!(decode(&encode(&files, 5), 5), Some(files));
    }

    #[test]
    fn a_memo_of_another_program_is_not_read() {
        assert_eq!(decode(&encode(&sample(), 5), 6), None);
    }

    #[test]
    fn a_cut_extended_or_changed_memo_is_not_read() {
        let bytes = encode(&sample(), 5);
        assert_eq!(decode(&bytes[..bytes.len() - 1], 5), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer, 5), None);
        for at in [0, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 1] {
            let mut changed = bytes.clone();
            changed[at] ^= 0x10;
            assert_eq!(decode(&changed, 5), None, "byte {at} flipped");
        }
        assert_eq!(decode(&[], 5), None);
    }

    #[test]
    fn the_same_bytes_have_the_same_fingerprint_and_others_another() {
        assert_eq!(fingerprint(b"<p>a</p>"), fingerprint(b"<p>a</p>"));
        assert_ne!(fingerprint(b"<p>a</p>"), fingerprint(b"<p>b</p>"));
        assert_eq!(fingerprint(b"abc").0, 3);
    }
}
