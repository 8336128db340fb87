//! `dossier serve` (DESIGN §5, issue #3): the site built in memory, served
//! over HTTP, rebuilt on every change and reloaded in every open page
//! through server-sent events.
//!
//! [`run`] wires five parts together, each testable on its own:
//! [`rebuild::Workspace`] builds and rebuilds the site in memory,
//! [`preview::Preview`] is the state the server shows,
//! [`respond::respond`] answers a request from that state (a pure function),
//! [`socket`] carries requests and answers over HTTP (hyper, on a thread of
//! its own, with the limits that keep one client from blocking the others),
//! and [`watch::Watcher`] says what changed on disk. Rebuilds run on the
//! calling thread. Nothing is written to the site or to `public/`; the
//! live-reload script and the error overlay exist only in served pages.

pub mod overlay;
pub mod preview;
pub mod rebuild;
pub mod respond;
pub mod socket;
pub mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

use crate::config::Overrides;
use preview::Preview;
use rebuild::{Outcome, Workspace};
use watch::Watcher;

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// The address to listen on: 127.0.0.1 unless told otherwise, so that
    /// only this machine sees drafts in progress.
    pub bind: IpAddr,
    /// Show drafts, with their banner.
    pub drafts: bool,
    /// Show pages marked `TLP:RED` (issue #14).
    pub allow_red: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Builds the site, serves it, and rebuilds on every change until the
/// process is stopped (Ctrl-C). Returns only on a failure to start.
pub fn run(options: Options) -> anyhow::Result<()> {
    let listener = TcpListener::bind((options.bind, options.port)).map_err(|error| {
        if error.kind() == io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "port {} is already in use on {} (another `dossier serve`?); choose another one with `--port {}`",
                options.port,
                options.bind,
                options.port.checked_add(1).unwrap_or(1111)
            )
        } else {
            anyhow::Error::new(error).context(format!(
                "cannot listen on {}",
                SocketAddr::new(options.bind, options.port)
            ))
        }
    })?;
    let address = listener
        .local_addr()
        .context("reading the server's address")?;
    let url = format!("http://{address}/");
    let root = std::fs::canonicalize(&options.root)
        .with_context(|| format!("reading the site folder {}", options.root.display()))?;

    // Watching starts first: a file saved during the first build, which
    // takes seconds on a large site, is rebuilt right after it.
    let (mut watcher, changes) = Watcher::start(&root)?;
    println!("building {} …", root.display());
    // Links and permalinks point at this server, whatever base_url says.
    let overrides = Overrides {
        base_url: Some(url.clone()),
        drafts: options.drafts,
        allow_red: options.allow_red,
        // The cache of `build` into `public/` (issue #12).
        image_cache: Some(crate::config::ImageCache {
            dir: crate::output::image_cache(&root.join("public")),
            write: true,
            trust: true,
        }),
    };
    let (mut workspace, first) = Workspace::load(&root, overrides.clone());
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    report(&first, "the site");
    let preview = Arc::new(Preview::new(first.update.unwrap_or_default(), run));

    socket::spawn(listener, Arc::clone(&preview))?;
    println!(
        "serving {} at {url}{} (Ctrl-C to stop)",
        workspace.title().unwrap_or("the site"),
        if options.drafts { " with drafts" } else { "" }
    );
    if options.open
        && let Err(error) = open::that_detached(&url)
    {
        eprintln!("warning: could not open a browser: {error}");
    }

    // The rebuild loop: one rebuild per batch of changes, merged with any
    // batch already waiting, so a burst of saves is one rebuild.
    while let Ok(mut batch) = changes.recv() {
        while let Ok(more) = changes.try_recv() {
            batch.merge(more);
        }
        if batch.rescan {
            watcher.watch_folders()?;
        }
        let outcome = match panic::catch_unwind(AssertUnwindSafe(|| workspace.rebuild(&batch))) {
            Ok(outcome) => outcome,
            Err(_) => {
                // A bug, not the site's fault: start again from the files
                // rather than stop the preview.
                eprintln!(
                    "error: dossier failed while rebuilding (a bug; please report it); reading the whole site again"
                );
                let (fresh, outcome) = Workspace::load(&root, overrides.clone());
                workspace = fresh;
                outcome
            }
        };
        report(&outcome, &batch.describe(&root));
        if let Some(update) = outcome.update {
            preview.publish(update);
        }
    }
    Ok(())
}

/// Prints one line for a rebuild, and its problems.
fn report(outcome: &Outcome, what: &str) {
    let time = chrono::Local::now().format("%H:%M:%S");
    let ms = outcome.elapsed.as_millis();
    if outcome.errors > 0 {
        eprint!("{}", outcome.report);
        println!(
            "{time} {what}: {} error{} in {ms} ms; the browser shows {}",
            outcome.errors,
            if outcome.errors == 1 { "" } else { "s" },
            if outcome.errors == 1 { "it" } else { "them" }
        );
    } else {
        if !outcome.report.is_empty() {
            eprint!("{}", outcome.report);
        }
        println!(
            "{time} {what}: {} page{} rendered in {ms} ms",
            outcome.rendered,
            if outcome.rendered == 1 { "" } else { "s" }
        );
    }
}
