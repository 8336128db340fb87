//! `dossier serve` (DESIGN §5, issue #3): the site built in memory, served
//! over HTTP with tiny_http, rebuilt on every change and reloaded in every
//! open page through server-sent events.
//!
//! [`run`] wires four parts together, each testable on its own:
//! [`rebuild::Workspace`] builds and rebuilds the site in memory,
//! [`preview::Preview`] is the state the server shows,
//! [`respond::respond`] answers a request from that state (a pure function),
//! and [`watch::Watcher`] says what changed on disk. Nothing is written to
//! the site or to `public/`; the live-reload script and the error overlay
//! exist only in served pages.

pub mod overlay;
pub mod preview;
pub mod rebuild;
pub mod respond;
pub mod watch;

use std::io::{self, Write as _};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

use crate::config::Overrides;
use preview::{Preview, Subscription};
use rebuild::{Outcome, Workspace};
use respond::{Body, Method, Request, respond};
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
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Threads answering ordinary requests. Event streams get a thread each.
const WORKERS: usize = 8;

/// How often an idle event stream sends a comment, to notice a client gone.
const KEEPALIVE: Duration = Duration::from_secs(15);

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
    };
    let (mut workspace, first) = Workspace::load(&root, overrides.clone());
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    report(&first, "the site");
    let preview = Arc::new(Preview::new(first.update.unwrap_or_default(), run));

    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|error| anyhow::anyhow!("starting the HTTP server: {error}"))?,
    );
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let preview = Arc::clone(&preview);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                // A bug met by one request must not take a worker away.
                let _ = panic::catch_unwind(AssertUnwindSafe(|| answer(request, &preview)));
            }
        });
    }
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

/// Answers one request on the socket: through [`respond`], then either the
/// bytes or an event stream.
fn answer(request: tiny_http::Request, preview: &Arc<Preview>) {
    let method = match request.method() {
        tiny_http::Method::Get => Method::Get,
        tiny_http::Method::Head => Method::Head,
        _ => Method::Other,
    };
    let host = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Host"))
        .map(|header| header.value.to_string());
    let response = respond(
        preview,
        &Request {
            method,
            url: request.url().to_string(),
            host,
        },
    );
    match response.body {
        Body::Events { since } => match preview.subscribe() {
            Some(subscription) => {
                std::thread::spawn(move || stream(request, subscription, since));
            }
            None => {
                let busy =
                    tiny_http::Response::from_string("503 too many live-reload streams are open\n")
                        .with_status_code(503);
                let _ = request.respond(busy);
            }
        },
        Body::Bytes(bytes) => {
            let length = bytes.len();
            let headers = response
                .headers
                .iter()
                .filter_map(|(name, value)| {
                    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
                })
                .collect();
            let reply = tiny_http::Response::new(
                tiny_http::StatusCode(response.status),
                headers,
                io::Cursor::new(Shared(bytes)),
                Some(length),
                None,
            );
            // A client gone before its answer is not the server's problem.
            let _ = request.respond(reply);
        }
    }
}

/// Streams server-sent events to one page until it leaves: a `reload`
/// event at each new version (at once if the page is already stale), and a
/// comment now and then to notice when it is gone. tiny_http buffers
/// ordinary bodies, so the answer is written on the raw connection.
fn stream(request: tiny_http::Request, subscription: Subscription, since: Option<String>) {
    let mut writer = request.into_writer();
    let mut send = |text: &str| -> io::Result<()> {
        writer.write_all(text.as_bytes())?;
        writer.flush()
    };
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
Connection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 500\n\n";
    if send(head).is_err() {
        return;
    }
    let current = subscription.current_token();
    if since.as_deref() != Some(&*current) && send(&reload_event(&current)).is_err() {
        return;
    }
    loop {
        let sent = match subscription.receiver.recv_timeout(KEEPALIVE) {
            Ok(token) => send(&reload_event(&token)),
            Err(RecvTimeoutError::Timeout) => send(": still here\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

/// Bytes of the preview, read by tiny_http without a copy.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn reload_event(token: &str) -> String {
    format!("event: reload\ndata: {token}\n\n")
}
