//! Answering a request from the preview: a pure function of the preview
//! state and the request (STYLE §1, §4), tested without a socket.
//!
//! Only files of the built site are served, from memory: a request path is
//! percent-decoded once, and any `.`/`..` segment, backslash, control
//! character or empty segment is refused before lookup, so no path can name
//! anything else. Only requests addressed to an IP address or `localhost`
//! are answered, so that no other site can read the preview through a name
//! pointed at 127.0.0.1 (DNS rebinding). HTML pages get the live-reload
//! script, and the error overlay while the site is broken; `build` output
//! never does.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::preview::{Preview, Shown};
use crate::render::UrlPath;

/// The path of the event stream. Its first segment starts with a dot, which
/// no page or static file of a site can (`static/` skips hidden files).
pub const EVENTS: &str = "/.dossier/events";

/// The request methods the preview answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`: the same answer without its body.
    Head,
    /// Anything else: refused.
    Other,
}

/// What the handler reads of a request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The request target as sent: `/briefs/x/?a=b`.
    pub url: String,
    /// The `Host` header, if any: `127.0.0.1:1111`.
    pub host: Option<String>,
}

impl Request {
    /// A `GET` of `url`, without a `Host` header.
    pub fn get(url: &str) -> Request {
        Request {
            method: Method::Get,
            url: url.to_string(),
            host: None,
        }
    }
}

/// The answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Headers besides the length and the date.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
}

/// The body of an answer.
#[derive(Debug, Clone)]
pub enum Body {
    /// These bytes.
    Bytes(Arc<Vec<u8>>),
    /// A stream of server-sent events that lasts until the client leaves:
    /// one `reload` event at each new version. `since` is the token of the
    /// page that opened it: when it is not the current one, the page is
    /// stale and reloads at once.
    Events {
        /// The token of the requesting page.
        since: Option<String>,
    },
}

impl Response {
    /// The value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (empty for an event stream).
    pub fn text(&self) -> String {
        match &self.body {
            Body::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Body::Events { .. } => String::new(),
        }
    }

    fn bytes(status: u16, content_type: &str, body: Arc<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                // A preview must never show a page from the browser's cache.
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body: Body::Bytes(body),
        }
    }

    /// A plain-text answer.
    pub fn plain(status: u16, text: &str) -> Response {
        Response::bytes(
            status,
            "text/plain; charset=utf-8",
            Arc::new(text.as_bytes().to_vec()),
        )
    }
}

/// Answers one request from the current state of the preview.
pub fn respond(preview: &Preview, request: &Request) -> Response {
    let (authority, raw_path, query) = split_target(&request.url);
    // An absolute target names the host itself (RFC 9112 §3.2.2).
    if let Some(host) = authority.or(request.host.as_deref())
        && !is_local_host(host)
    {
        return Response::plain(
            400,
            "400 bad request: the preview answers only requests addressed to an IP address or localhost\n",
        );
    }
    if request.method == Method::Other {
        let mut response = Response::plain(
            405,
            "405 method not allowed: the preview answers GET and HEAD\n",
        );
        response.headers.push(("Allow", "GET, HEAD".to_string()));
        return response;
    }
    if raw_path == EVENTS {
        return Response {
            status: 200,
            headers: vec![
                ("Content-Type", "text/event-stream".to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body: Body::Events {
                since: query_value(query, "v"),
            },
        };
    }
    let Some(path) = site_path(raw_path) else {
        return Response::plain(400, "400 bad request: not a path of this site\n");
    };
    let shown = preview.read();
    if shown.pages.is_empty() {
        // No build has succeeded yet: every page is the list of problems.
        return html(500, NO_SITE_YET.as_bytes(), &shown);
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = shown.pages.get(&UrlPath::file(&key)) {
        return if content_type(&key).starts_with("text/html") {
            html(200, bytes, &shown)
        } else {
            Response::bytes(200, content_type(&key), bytes.clone())
        };
    }
    if !path.ends_with('/')
        && shown
            .pages
            .contains_key(&UrlPath::file(&format!("{path}/index.html")))
    {
        let mut response = Response::plain(301, "301 moved permanently\n");
        response.headers.push(("Location", format!("{raw_path}/")));
        return response;
    }
    match shown.pages.get(&UrlPath::file("404.html")) {
        Some(page) => html(404, page, &shown),
        None => Response::plain(404, "404 not found\n"),
    }
}

/// The page shown in place of every page until a first build succeeds.
const NO_SITE_YET: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>dossier: the site has errors</title></head><body></body></html>\n";

/// An HTML page with the live-reload script and, while the site has
/// errors, the overlay, inserted before its `</body>`.
fn html(status: u16, page: &[u8], shown: &Shown) -> Response {
    let mut snippet = String::new();
    if let Some(overlay) = &shown.overlay {
        snippet.push_str(overlay);
    }
    snippet.push_str(&script(&shown.token));
    let at = rfind_ascii_case_insensitive(page, b"</body>").unwrap_or(page.len());
    let mut body = Vec::with_capacity(page.len() + snippet.len());
    body.extend_from_slice(&page[..at]);
    body.extend_from_slice(snippet.as_bytes());
    body.extend_from_slice(&page[at..]);
    Response::bytes(status, "text/html; charset=utf-8", Arc::new(body))
}

/// The live-reload script: it listens to [`EVENTS`] and reloads the page at
/// each new version, keeping the scroll position. A hidden tab closes its
/// stream (browsers allow few connections per server) and reopens it when
/// shown again, reloading at once if it missed a version.
fn script(token: &str) -> String {
    format!(
        r#"<script>
(() => {{
  const token = {token:?};
  const key = "dossier-scroll:" + location.pathname;
  const kept = sessionStorage.getItem(key);
  if (kept !== null) {{
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(kept)));
  }}
  let events = null;
  const open = () => {{
    if (events) return;
    events = new EventSource("{EVENTS}?v=" + encodeURIComponent(token));
    events.addEventListener("reload", () => {{
      events.close();
      sessionStorage.setItem(key, String(scrollY));
      location.reload();
    }});
  }};
  const close = () => {{ if (events) {{ events.close(); events = null; }} }};
  document.addEventListener("visibilitychange", () => document.hidden ? close() : open());
  addEventListener("pagehide", close);
  if (!document.hidden) open();
}})();
</script>
"#
    )
}

fn rfind_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Splits a request target into its authority (for an absolute target,
/// `http://host/path`), path and query.
fn split_target(url: &str) -> (Option<&str>, &str, &str) {
    let url = url.split('#').next().unwrap_or(url);
    let (authority, rest) = match ["http://", "https://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
    {
        Some(rest) => {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            (Some(&rest[..end]), &rest[end..])
        }
        None => (None, url),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = if path.is_empty() && authority.is_some() {
        "/"
    } else {
        path
    };
    (authority, path, query)
}

/// Whether `host` (a `Host` header or the authority of a target, with or
/// without a port) is an IP address or a `localhost` name: the names no
/// other site can point at this machine. A page on another site that gets
/// its name pointed at 127.0.0.1 (DNS rebinding) must not read the
/// preview's drafts; browsers send that name as `Host`.
///
/// ```
/// # use dossier::serve::respond::is_local_host;
/// assert!(is_local_host("127.0.0.1:1111"));
/// assert!(is_local_host("[::1]:1111"));
/// assert!(is_local_host("localhost"));
/// assert!(!is_local_host("evil.example:1111"));
/// ```
pub fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((address, rest))
                if rest.is_empty() || rest.strip_prefix(':').is_some_and(is_port) =>
            {
                return address.parse::<Ipv6Addr>().is_ok();
            }
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            _ => host,
        },
    };
    let lower = name.to_ascii_lowercase();
    name.parse::<Ipv4Addr>().is_ok() || lower == "localhost" || lower.ends_with(".localhost")
}

/// Whether `text` is a port number, or empty (`localhost:` is allowed).
fn is_port(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// The value of `name` in a query string.
fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| percent_decode_str(value).decode_utf8_lossy().into_owned())
    })
}

/// The path of a site file that a request path names, without its leading
/// `/` (`briefs/x/`, `assets/dossier.css`, `` for the home page); `None`
/// for anything that could reach outside the site or is malformed.
fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (n, segment) in segments.iter().enumerate() {
        let bad = (segment.is_empty() && n != last)
            || *segment == "."
            || *segment == ".."
            || segment.contains('\\')
            || segment.contains(char::is_control);
        if bad {
            return None;
        }
    }
    Some(decoded.into_owned())
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "geojson" => "application/geo+json",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_are_decoded_once_and_never_climb() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/briefs/x/").as_deref(), Some("briefs/x/"));
        assert_eq!(site_path("/tags/s%C3%A9cu/").as_deref(), Some("tags/sécu/"));
        assert_eq!(site_path("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
        for bad in [
            "/../etc/passwd",
            "/briefs/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/./x",
            "//etc/passwd",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/a%0a%0dSet-Cookie:x",
            "/a%1fb",
            "/a%7fb",
            "/a%c2%85b",
            "/%ff",
            "/%c0%ae%c0%ae/x",
            "x",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn targets_split_into_authority_path_and_query() {
        assert_eq!(split_target("/a/?v=1#x"), (None, "/a/", "v=1"));
        assert_eq!(split_target("http://h:1/a?b"), (Some("h:1"), "/a", "b"));
        assert_eq!(split_target("http://h"), (Some("h"), "/", ""));
        assert_eq!(split_target("https://h?v=1"), (Some("h"), "/", "v=1"));
        assert_eq!(split_target("//h/a"), (None, "//h/a", ""));
        assert_eq!(query_value("a=1&v=x%2Dy", "v").as_deref(), Some("x-y"));
    }

    #[test]
    fn only_ip_addresses_and_localhost_are_local_hosts() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.20:80",
            "[::1]",
            "[::1]:1111",
            "localhost",
            "LocalHost:1111",
            "localhost:",
            "preview.localhost:1111",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example:1111",
            "user@127.0.0.1",
            "127.0.0.1:1111:1",
            "127.0.0.1:http",
            "0x7f000001",
            "[::1",
            "[::1]x",
            "[evil.example]:1111",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/dossier.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("img/Logo.PNG"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        assert_eq!(
            rfind_ascii_case_insensitive(b"a</BODY>b</body>", b"</body>"),
            Some(9)
        );
        assert_eq!(rfind_ascii_case_insensitive(b"abc", b"</body>"), None);
    }
}
