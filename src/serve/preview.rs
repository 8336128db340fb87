//! The preview: what the server shows, shared between the thread that
//! rebuilds and the threads that answer requests (STYLE §7.5: state handed
//! to its users, never a static).
//!
//! It holds the pages of the last good build, the error overlay while the
//! site is broken, and a version that changes at every [`Preview::publish`].
//! A rebuild swaps its changes in under one short write lock, so a request
//! sees the site before or after a rebuild, never half of it. Open pages
//! learn of each new version through [`Subscription`]s (server-sent events).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard};

use crate::render::{Pages, UrlPath};

/// How many event streams may be open at once: each holds a thread. A
/// browser tab holds one while it is visible.
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
    streams: Mutex<Streams>,
}

/// The open event streams, each a channel to its thread.
#[derive(Default)]
struct Streams {
    next: u64,
    senders: BTreeMap<u64, SyncSender<Arc<str>>>,
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
            streams: Mutex::new(Streams::default()),
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
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        // A full channel already holds a reload for that page: nothing lost.
        streams.senders.retain(|_, sender| {
            !matches!(
                sender.try_send(token.clone()),
                Err(TrySendError::Disconnected(_))
            )
        });
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

    /// Opens an event stream that receives the token of each new version;
    /// `None` when [`MAX_STREAMS`] are open.
    pub fn subscribe(self: &Arc<Self>) -> Option<Subscription> {
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        if streams.senders.len() >= MAX_STREAMS {
            return None;
        }
        let (sender, receiver) = mpsc::sync_channel(1);
        let id = streams.next;
        streams.next += 1;
        streams.senders.insert(id, sender);
        Some(Subscription {
            id,
            preview: Arc::clone(self),
            receiver,
        })
    }
}

/// An open event stream. Dropping it frees its place.
pub struct Subscription {
    id: u64,
    preview: Arc<Preview>,
    /// Receives the token of each new version.
    pub receiver: Receiver<Arc<str>>,
}

impl Subscription {
    /// The token of the preview's current version.
    pub fn current_token(&self) -> Arc<str> {
        self.preview.token()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut streams = self
            .preview
            .streams
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        streams.senders.remove(&self.id);
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
        let streams: Vec<Subscription> = (0..MAX_STREAMS)
            .map(|_| preview.subscribe().expect("room for a stream"))
            .collect();
        assert!(
            preview.subscribe().is_none(),
            "the number of streams is bounded"
        );
        preview.publish(Update::default());
        assert_eq!(streams[0].receiver.try_recv().ok(), Some(preview.token()));
        drop(streams);
        assert!(preview.subscribe().is_some());
    }
}
