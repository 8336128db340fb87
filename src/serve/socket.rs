//! The socket layer of `serve`: hyper 1 (HTTP/1.1) on a current-thread
//! tokio runtime, on a thread of its own. It turns each request into a
//! [`Request`] for [`respond`], and the [`Response`] back into bytes on the
//! wire or an event stream. It holds no logic of the preview: what to
//! answer is [`respond`]'s, what is shown is [`Preview`]'s.
//!
//! What it must do is bound what a client can cost (issue 7: "serve under
//! load and attack"), so that no client, slow, stalled or hostile, keeps
//! the others waiting or grows the server:
//!
//! - a request line and headers must arrive within [`HEADER_TIMEOUT`] and
//!   fit in [`MAX_HEADER_SIZE`] (hyper answers 431 or 414 beyond it); an
//!   idle keep-alive connection is closed after the same time, since hyper
//!   starts that clock again while it waits for the next request;
//! - a write that makes no progress for [`WRITE_TIMEOUT`] (a client that
//!   asks and never reads) closes its connection;
//! - at most [`MAX_CONNECTIONS`] connections are open at once: past that,
//!   new ones wait in the kernel's queue until one closes;
//! - an error of `accept` (`EMFILE` when out of file descriptors) is
//!   reported and retried after a pause, and never stops the server;
//! - request bodies are never read (the preview answers `GET` and `HEAD`);
//! - a panic while answering one request gives that request a 500 and
//!   leaves the server running.
//!
//! Why hyper, not tiny_http 0.12 (DESIGN §7 asks for a measured reason to
//! change a dependency): measured on a real socket, tiny_http has no read
//! or write timeouts (ten clients stalled mid-request left other clients
//! unanswered for 3 s), reads a request line and headers with no size
//! limit (an endless request line grew the server by 300 MB), and its
//! accept thread stops for good on the first accept error, `EMFILE`
//! included. The docs (README, docs/performance.md) give the figures.

use std::convert::Infallible;
use std::future::{Future as _, poll_fn};
use std::panic::{self, AssertUnwindSafe};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper::header::{HOST, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc};
use tokio_io_timeout::TimeoutStream;

use super::preview::{Preview, Subscription};
use super::respond::{Body, Method, Request, Response, respond};

/// How long a client has to send a request line and its headers, and how
/// long an idle keep-alive connection stays open.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request line plus headers accepted, in bytes. Browsers send
/// a few kilobytes; cookies of other local servers on `localhost` can add
/// some more.
pub const MAX_HEADER_SIZE: usize = 32 * 1024;

/// How long a write may wait for a client to read before its connection
/// is closed.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// How many connections may be open at once.
pub const MAX_CONNECTIONS: usize = 512;

/// How long the accept loop pauses after an error of `accept`.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// How often an accept error is reported at most, while they go on.
const ACCEPT_REPORT: Duration = Duration::from_secs(10);

/// How often an idle event stream sends a comment, to notice a client gone
/// behind a proxy or a sleeping laptop.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Answers the connections of `listener` from `preview` on a thread of its
/// own, until the process ends.
pub fn spawn(listener: std::net::TcpListener, preview: Arc<Preview>) -> anyhow::Result<()> {
    listener
        .set_nonblocking(true)
        .context("setting up the HTTP server's socket")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("starting the HTTP server")?;
    let listener = {
        let _entered = runtime.enter();
        TcpListener::from_std(listener).context("setting up the HTTP server's socket")?
    };
    std::thread::Builder::new()
        .name("dossier-http".to_string())
        .spawn(move || runtime.block_on(accept(listener, preview)))
        .context("starting the HTTP server's thread")?;
    Ok(())
}

/// The accept loop: one task per connection, at most [`MAX_CONNECTIONS`].
async fn accept(listener: TcpListener, preview: Arc<Preview>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEADER_SIZE)
        // The read buffer: headers, and what little of a body arrives
        // with them. hyper's default is about 400 KB per connection.
        .max_buf_size(2 * MAX_HEADER_SIZE);
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut reported: Option<Instant> = None;
    loop {
        let slot = Arc::clone(&slots)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: the next accept may well succeed, and a
                // pause keeps an error that lasts from spinning the loop.
                if reported.is_none_or(|at| at.elapsed() >= ACCEPT_REPORT) {
                    eprintln!("warning: cannot accept a connection ({error}); retrying");
                    reported = Some(Instant::now());
                }
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        // Small answers go out at once rather than wait for more to send.
        let _ = stream.set_nodelay(true);
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let preview = Arc::clone(&preview);
        let connection = http.serve_connection(
            TokioIo::new(Box::pin(stream)),
            service_fn(move |request| {
                let response = answer(&request, &preview);
                async move { Ok::<_, Infallible>(response) }
            }),
        );
        tokio::spawn(async move {
            // A client that leaves, sends garbage or times out is its own
            // problem; hyper has already answered it if it could.
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Answers one request through [`respond`].
fn answer(request: &hyper::Request<Incoming>, preview: &Arc<Preview>) -> hyper::Response<Reply> {
    let method = match *request.method() {
        hyper::Method::GET => Method::Get,
        hyper::Method::HEAD => Method::Head,
        _ => Method::Other,
    };
    // A `Host` that is not text is still a host, and not a local one.
    let host = request
        .headers()
        .get(HOST)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let request = Request {
        method,
        url: request.uri().to_string(),
        host,
    };
    let response = panic::catch_unwind(AssertUnwindSafe(|| respond(preview, &request)))
        .unwrap_or_else(|_| Response::plain(500, FAILED));
    match response.body {
        Body::Bytes(bytes) => to_hyper(
            response.status,
            response.headers,
            Reply::Bytes(Some(Bytes::from_owner(Shared(bytes)))),
        ),
        Body::Events { since } => match preview.subscribe() {
            Some(subscription) => {
                // Two events in flight at most: a stream whose client does
                // not read waits; nothing piles up.
                let (sender, receiver) = mpsc::channel(2);
                tokio::spawn(stream(subscription, since, sender));
                to_hyper(response.status, response.headers, Reply::Events(receiver))
            }
            None => to_hyper(
                503,
                Response::plain(503, BUSY).headers,
                Reply::Bytes(Some(Bytes::from_static(BUSY.as_bytes()))),
            ),
        },
    }
}

/// The answer to a request whose handler panicked.
const FAILED: &str =
    "500 internal error: dossier failed while answering (a bug; please report it)\n";

/// The answer to an event stream past [`super::preview::MAX_STREAMS`].
const BUSY: &str = "503 too many live-reload streams are open\n";

/// A hyper response of `status`, `headers` and `body`.
fn to_hyper(
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Reply,
) -> hyper::Response<Reply> {
    let mut answer = hyper::Response::new(body);
    *answer.status_mut() =
        hyper::StatusCode::from_u16(status).expect("respond gives valid status codes");
    let map = answer.headers_mut();
    for (name, value) in headers {
        // Names are constants of `respond`; a value that is not a valid
        // header value (a byte below space) is dropped rather than sent.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::try_from(value),
        ) {
            map.append(name, value);
        }
    }
    answer
}

/// Streams server-sent events to one page until it leaves: `retry: 500`,
/// a `reload` event at each new version (at once if the page is already
/// stale), and a comment every [`KEEPALIVE`] when nothing happens.
async fn stream(
    mut subscription: Subscription,
    since: Option<String>,
    sender: mpsc::Sender<Bytes>,
) {
    if sender
        .send(Bytes::from_static(b"retry: 500\n\n"))
        .await
        .is_err()
    {
        return;
    }
    let current = subscription.current_token();
    if since.as_deref() != Some(&*current) && sender.send(reload_event(&current)).await.is_err() {
        return;
    }
    loop {
        let event = match next(&mut subscription, &sender).await {
            Wake::Version(token) => reload_event(&token),
            Wake::Quiet => Bytes::from_static(b": still here\n\n"),
            // The subscription drops here and frees its place.
            Wake::Gone => return,
        };
        if sender.send(event).await.is_err() {
            return;
        }
    }
}

/// Why an event stream wakes up.
enum Wake {
    /// A new version, with its token.
    Version(Arc<str>),
    /// Nothing happened for [`KEEPALIVE`].
    Quiet,
    /// The client left: hyper dropped the body.
    Gone,
}

/// Waits for whichever comes first: a new version, the keepalive, or the
/// client leaving.
async fn next(subscription: &mut Subscription, sender: &mpsc::Sender<Bytes>) -> Wake {
    let mut changed = pin!(subscription.changed());
    let mut gone = pin!(sender.closed());
    let mut quiet = pin!(tokio::time::sleep(KEEPALIVE));
    poll_fn(|context| {
        if gone.as_mut().poll(context).is_ready() {
            Poll::Ready(Wake::Gone)
        } else if let Poll::Ready(token) = changed.as_mut().poll(context) {
            Poll::Ready(Wake::Version(token))
        } else if quiet.as_mut().poll(context).is_ready() {
            Poll::Ready(Wake::Quiet)
        } else {
            Poll::Pending
        }
    })
    .await
}

fn reload_event(token: &str) -> Bytes {
    Bytes::from(format!("event: reload\ndata: {token}\n\n"))
}

/// The body of an answer: bytes of the preview, or events as they come.
enum Reply {
    /// The bytes, until they are sent.
    Bytes(Option<Bytes>),
    /// Events from the task of [`stream`]; the stream ends with it.
    Events(mpsc::Receiver<Bytes>),
}

impl HttpBody for Reply {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Reply::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Reply::Events(events) => events
                .poll_recv(context)
                .map(|event| event.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Reply::Bytes(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Reply::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Reply::Events(_) => SizeHint::default(),
        }
    }
}

/// Bytes of the preview, sent by hyper without a copy.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
