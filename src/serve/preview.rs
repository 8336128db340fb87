//! The preview: what the server shows, shared between the thread that
//! rebuilds and the tasks that answer requests (STYLE §7.5: state handed
//! to its users, never a static).
//!
//! It holds the pages of the last good build, the error overlay while the
//! site is broken, and a version that changes at every [`Preview::publish`].
//! A rebuild swaps its changes in under one short write lock, so a request
//! sees the site before or after a rebuild, never half of it. Open pages
//! learn of each new version through [`Subscription`]s (server-sent events),
//! which read a `tokio` watch channel: the rebuild thread only sets its
//! value, and never waits for a stream.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

use tokio::sync::watch;

use crate::render::{Pages, UrlPath};

/// How many event streams may be open at once. A browser tab holds one
/// while it is visible; each holds a connection and a task of the server.
pub const MAX_STREAMS: usize = 64;

/// What a rebuild changes in the preview.
#[derive(Debug, Default)]
pub struct Update {
    /// Whether `pages` is the whole site, replacing every page.
    pub full: bool,
    /// Pages to add or replace.
    pub pages: Pages,
    /// Pages that no longer exist.
    pub removed: BTreeSet<UrlPath>,
    /// The error overlay, while the site has errors; `None` once it has none.
    pub overlay: Option<String>,
}

/// The site as served: pages, overlay and version.
pub struct Shown {
    /// Output path → bytes, as `build` would write them.
    pub pages: HashMap<UrlPath, Arc<Vec<u8>>>,
    /// The error overlay (HTML), while the site has errors.
    pub overlay: Option<Arc<str>>,
    /// Identifies this state for the live-reload script: it changes at every
    /// publish, and differs between two runs of the server.
    pub token: Arc<str>,
}

/// The state shared by the rebuild thread and the request handlers.
pub struct Preview {
    shown: RwLock<Shown>,
    /// Distinguishes runs of the server, so that a page from an earlier run
    /// reloads when the server comes back.
    run: u64,
    version: AtomicU64,
    /// The token of the current version, for the event streams.
    versions: watch::Sender<Arc<str>>,
    /// How many event streams are open.
    streams: AtomicUsize,
}

impl Preview {
    /// A preview showing the result of the first build. `run` tells runs of
    /// the server apart (the start time serves).
    pub fn new(first: Update, run: u64) -> Preview {
        let preview = Preview {
            shown: RwLock::new(Shown {
                pages: HashMap::new(),
                overlay: None,
                token: Arc::from(""),
            }),
            run,
            version: AtomicU64::new(0),
            versions: watch::Sender::new(Arc::from("")),
            streams: AtomicUsize::new(0),
        };
        preview.publish(first);
        preview
    }

    /// Applies a rebuild and tells every open page to reload.
    pub fn publish(&self, update: Update) {
        let version = self.version.fetch_add(1, Ordering::Relaxed) + 1;
        let token: Arc<str> = Arc::from(format!("{:x}-{version}", self.run));
        {
            let mut shown = self.shown.write().unwrap_or_else(PoisonError::into_inner);
            if update.full {
                shown.pages.clear();
            }
            for path in &update.removed {
                shown.pages.remove(path);
            }
            for (path, mut bytes) in update.pages {
                // Rendered pages carry spare capacity; at 10,000 briefs it
                // adds up to a fifth of the memory the pages take.
                bytes.shrink_to_fit();
                shown.pages.insert(path, Arc::new(bytes));
            }
            shown.overlay = update.overlay.map(Arc::from);
            shown.token = token.clone();
        }
        // A stream that has not yet read the previous version sees only
        // this one: one reload is all a page needs.
        self.versions.send_replace(token);
    }

    /// The site as it is now; hold it only to answer one request.
    pub fn read(&self) -> RwLockReadGuard<'_, Shown> {
        self.shown.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token of the current version.
    pub fn token(&self) -> Arc<str> {
        self.read().token.clone()
    }

    /// Every page, for tests and the benchmark.
    pub fn pages(&self) -> BTreeMap<UrlPath, Arc<Vec<u8>>> {
        self.read()
            .pages
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect()
    }

    /// Opens an event stream that hears of each new version; `None` when
    /// [`MAX_STREAMS`] are open.
    pub fn subscribe(self: &Arc<Self>) -> Option<Subscription> {
        self.streams
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < MAX_STREAMS).then_some(open + 1)
            })
            .ok()?;
        Some(Subscription {
            preview: Arc::clone(self),
            versions: self.versions.subscribe(),
        })
    }
}

/// An open event stream. Dropping it frees its place.
pub struct Subscription {
    preview: Arc<Preview>,
    versions: watch::Receiver<Arc<str>>,
}

impl Subscription {
    /// The token of the preview's current version; [`Subscription::changed`]
    /// then waits for a later one.
    pub fn current_token(&mut self) -> Arc<str> {
        self.versions.borrow_and_update().clone()
    }

    /// Waits for a version newer than the last one seen, and returns its
    /// token. Versions published meanwhile count as one.
    pub async fn changed(&mut self) -> Arc<str> {
        // The sender lives in the preview, which this subscription keeps
        // alive: the channel cannot close.
        let _ = self.versions.changed().await;
        self.versions.borrow_and_update().clone()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.preview.streams.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(pages: &[(&str, &str)]) -> Update {
        Update {
            pages: pages
                .iter()
                .map(|(p, b)| (UrlPath::file(p), b.as_bytes().to_vec()))
                .collect(),
            ..Update::default()
        }
    }

    #[test]
    fn publish_patches_pages_and_changes_the_token() {
        let preview = Preview::new(update(&[("a.html", "a"), ("b.html", "b")]), 7);
        let before = preview.token();
        preview.publish(Update {
            removed: BTreeSet::from([UrlPath::file("a.html")]),
            ..update(&[("b.html", "B")])
        });
        let pages = preview.pages();
        assert_eq!(pages.len(), 1);
        assert_eq!(&*pages[&UrlPath::file("b.html")], b"B");
        assert_ne!(preview.token(), before);
        assert!(preview.token().starts_with("7-"));
    }

    #[test]
    fn subscribers_hear_each_publish_and_free_their_place() {
        let preview = Arc::new(Preview::new(Update::default(), 1));
        let mut streams: Vec<Subscription> = (0..MAX_STREAMS)
            .map(|_| preview.subscribe().expect("room for a stream"))
            .collect();
        assert!(
            preview.subscribe().is_none(),
            "the number of streams is bounded"
        );
        let mut stream = streams.pop().expect("streams");
        assert_eq!(stream.current_token(), preview.token());
        preview.publish(Update::default());
        preview.publish(Update::default());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        assert_eq!(
            runtime.block_on(stream.changed()),
            preview.token(),
            "two versions published meanwhile are heard as the last one"
        );
        drop(stream);
        assert!(
            preview.subscribe().is_some(),
            "a closed stream frees its place"
        );
        assert_eq!(streams.len(), MAX_STREAMS - 1);
    }
}
