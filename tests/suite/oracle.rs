//! The oracle of a built site (issues 11 and 19): every `href`, `src` and
//! `srcset` of every page (and its Open Graph URLs) leads to a file that
//! was built, every `#fragment` names an element of its target, no page
//! has an `id` twice, and every XML and JSON file, and every page's
//! JSON-LD, parses. [`audit`] reads only the output
//! folder, as a browser or a crawler would, and knows nothing of how
//! dossier made it: it must judge any rewrite of the core alike.
//!
//! The tests below run it on every valid fixture site and on the
//! repository's own example site, each built at its own `base_url` and
//! under `https://example.org/sub/`; the first tests show that the oracle
//! itself catches each kind of fault.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use html5ever::ParseOpts;
use html5ever::tendril::TendrilSink as _;
use html5ever::tree_builder::TreeBuilderOpts;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use scraper::{ElementRef, Html, HtmlTreeSink};
use url::Url;

use crate::support::{TestSite, files_under};

// ---------------------------------------------------------------------------
// The oracle

/// One thing wrong in a built site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    /// The file holding it, relative to the output folder.
    pub file: String,
    /// Where in that file: `href="…"`, `id="…"`; empty for the whole file.
    pub at: String,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {}: {}", self.file, self.at, self.problem)
        }
    }
}

/// The faults the oracle knows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// A link into the site names a file that was not built.
    NotBuilt { file: String },
    /// `x` where `x/index.html` was built: served, it needs a redirect, and
    /// relative links on the page it reaches break.
    FolderWithoutSlash { file: String },
    /// A link to the site's own origin leaves its base path (a root-absolute
    /// link written without it, or too many `../`).
    OutsideBasePath { path: String },
    /// A `#fragment` names no `id` (nor `<a name>`) of its target.
    NoSuchFragment { fragment: String, file: String },
    /// A `#fragment` on a file that has no elements (a PDF, a feed).
    FragmentOnData { file: String },
    /// A path whose percent-decoding is not UTF-8, or holds an encoded `/`.
    BadPercentEncoding { path: String },
    /// The value is not a URL at all.
    NotAUrl { reason: String },
    /// A `javascript:` URL: code, not a link.
    Script,
    /// A relative link on `404.html`, which is served at any path, where
    /// relative links lead elsewhere each time.
    RelativeOnNotFound,
    /// Several elements carry this `id` (issue 19).
    DuplicateId { count: usize },
    /// An Open Graph URL that is not absolute, as crawlers need it.
    NotAbsolute,
    /// An XML file (feed, sitemap, SVG) that does not parse.
    NotXml { reason: String },
    /// A JSON file, or the JSON-LD of a page, that does not parse.
    NotJson { reason: String },
    /// A page that is not UTF-8.
    NotUtf8,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotBuilt { file } => write!(f, "leads to `{file}`, which was not built"),
            Problem::FolderWithoutSlash { file } => {
                write!(f, "names the folder of `{file}` without its trailing `/`")
            }
            Problem::OutsideBasePath { path } => {
                write!(f, "leads to `{path}`, outside the base path")
            }
            Problem::NoSuchFragment { fragment, file } => {
                write!(f, "no element of `{file}` has the id `{fragment}`")
            }
            Problem::FragmentOnData { file } => {
                write!(f, "a `#fragment` on `{file}`, which has no elements")
            }
            Problem::BadPercentEncoding { path } => {
                write!(
                    f,
                    "`{path}` does not percent-decode to a path of UTF-8 names"
                )
            }
            Problem::NotAUrl { reason } => write!(f, "not a URL: {reason}"),
            Problem::Script => write!(f, "a script, not a link"),
            Problem::RelativeOnNotFound => write!(
                f,
                "a relative link on the 404 page, which is served at any path"
            ),
            Problem::DuplicateId { count } => write!(f, "{count} elements have this id"),
            Problem::NotAbsolute => write!(f, "not an absolute URL, as Open Graph needs"),
            Problem::NotXml { reason } => write!(f, "not well-formed XML: {reason}"),
            Problem::NotJson { reason } => write!(f, "not valid JSON: {reason}"),
            Problem::NotUtf8 => write!(f, "not UTF-8"),
        }
    }
}

/// Every fault of the site built in `output`, sorted by file.
///
/// `base` is where the site is served: a base path (`/`, `/sub/`) or a
/// whole base URL (`https://example.org/sub/`). Given a whole URL, the
/// oracle also follows absolute links to the site itself (canonical and
/// alternate links, Open Graph URLs, `<loc>` and `href` in feeds and
/// sitemaps); given a path, every absolute URL is external.
pub fn audit(output: &Path, base: &str) -> Vec<Failure> {
    let site = site_url(base);
    let files = files_under(output);
    let mut failures = Vec::new();
    let mut pages: BTreeMap<&str, Page> = BTreeMap::new();
    let mut xml: BTreeMap<&str, Xml> = BTreeMap::new();
    for (path, bytes) in &files {
        let whole = |problem| Failure {
            file: path.clone(),
            at: String::new(),
            problem,
        };
        match extension(path) {
            "html" => match std::str::from_utf8(bytes) {
                Ok(text) => {
                    pages.insert(path, Page::parse(text));
                }
                Err(_) => failures.push(whole(Problem::NotUtf8)),
            },
            "xml" | "svg" => match Xml::parse(bytes) {
                Ok(parsed) => {
                    xml.insert(path, parsed);
                }
                Err(reason) => failures.push(whole(Problem::NotXml { reason })),
            },
            "json" | "geojson" => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(bytes) {
                    failures.push(whole(Problem::NotJson {
                        reason: e.to_string(),
                    }));
                }
            }
            _ => {}
        }
    }
    let built = Built {
        files: &files,
        pages: &pages,
        xml: &xml,
    };
    for (path, page) in &pages {
        failures.extend(page_faults(path, page, &site, &built));
    }
    for (path, parsed) in &xml {
        failures.extend(xml_faults(path, parsed, &site, &built));
    }
    failures.sort();
    failures
}

/// The faults of one page: ids used twice, JSON-LD that does not parse,
/// links that lead nowhere.
fn page_faults(path: &str, page: &Page, site: &Url, built: &Built<'_>) -> Vec<Failure> {
    let fault = |at: String, problem| Failure {
        file: path.to_string(),
        at,
        problem,
    };
    let mut faults = Vec::new();
    for (id, count) in &page.ids {
        if *count > 1 {
            faults.push(fault(
                format!("id=\"{id}\""),
                Problem::DuplicateId { count: *count },
            ));
        }
    }
    for script in &page.json_ld {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(script) {
            faults.push(fault(
                r#"<script type="application/ld+json">"#.to_string(),
                Problem::NotJson {
                    reason: e.to_string(),
                },
            ));
        }
    }
    let served = site.join(&served_path(path)).expect("a built path joins");
    let document = match &page.base_href {
        Some(href) => served.join(href).unwrap_or(served),
        None => served,
    };
    let on_not_found = path == "404.html" && page.base_href.is_none();
    for link in &page.links {
        let checked = if link.absolute_only && Url::parse(&link.value).is_err() {
            Err(Problem::NotAbsolute)
        } else {
            check_link(&link.value, &document, site, on_not_found, built)
        };
        if let Err(problem) = checked {
            faults.push(fault(
                format!("{}=\"{}\"", link.attribute, link.value),
                problem,
            ));
        }
    }
    faults
}

/// The faults of one feed or sitemap: absolute URLs of the site itself
/// that lead nowhere (they name pages by absolute URL only).
fn xml_faults(path: &str, parsed: &Xml, site: &Url, built: &Built<'_>) -> Vec<Failure> {
    let document = site.join(&served_path(path)).expect("a built path joins");
    parsed
        .links
        .iter()
        .filter(|link| Url::parse(&link.value).is_ok())
        .filter_map(|link| {
            let problem = check_link(&link.value, &document, site, false, built).err()?;
            Some(Failure {
                file: path.to_string(),
                at: format!("{}=\"{}\"", link.attribute, link.value),
                problem,
            })
        })
        .collect()
}

/// The failures, one per line.
fn lines(failures: &[Failure]) -> String {
    failures
        .iter()
        .map(Failure::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The URL the site is served at. A bare base path gets an origin that no
/// page can name, so that every absolute URL counts as external.
fn site_url(base: &str) -> Url {
    let url = if base.starts_with('/') {
        Url::parse("http://oracle.invalid")
            .and_then(|origin| origin.join(base))
            .unwrap_or_else(|e| panic!("base path {base:?}: {e}"))
    } else {
        Url::parse(base).unwrap_or_else(|e| panic!("base URL {base:?}: {e}"))
    };
    assert!(
        url.path().ends_with('/'),
        "a base path ends with `/`: {base:?}"
    );
    url
}

/// The extension of a file name, without its dot; empty when none.
fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// What a file name must percent-encode to be one segment of a URL path
/// (the URL standard's path percent-encode set, plus `%`); non-ASCII
/// characters are always encoded.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The path a built file is served at, relative to the base URL and
/// percent-encoded: `x/index.html` is served as `x/`, which resolves
/// relative links alike.
fn served_path(file: &str) -> String {
    let path = file.strip_suffix("index.html").unwrap_or(file);
    utf8_percent_encode(path, SEGMENT).to_string()
}

/// A URL written in an attribute of a page or an XML file.
#[derive(Debug)]
struct Link {
    /// `href`, `src`, `srcset`, `loc` for a sitemap's `<loc>`, or the
    /// property of an Open Graph `<meta>` (`og:image`).
    attribute: String,
    /// The URL as written (one candidate of a `srcset`), entities decoded.
    value: String,
    /// Whether only an absolute URL is right (Open Graph wants them).
    absolute_only: bool,
}

impl Link {
    /// A URL of an attribute that may be relative.
    fn new(attribute: &str, value: &str) -> Link {
        Link {
            attribute: attribute.to_string(),
            value: value.to_string(),
            absolute_only: false,
        }
    }
}

/// The `<meta>` properties whose `content` is a URL of the page or of its
/// image (Open Graph, and Twitter's cards).
const META_URLS: [&str; 5] = [
    "og:url",
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
];

/// What the oracle needs of one HTML page.
#[derive(Debug, Default)]
struct Page {
    /// Every `id`, with how many elements carry it.
    ids: BTreeMap<String, usize>,
    /// The `name` of every `<a name>`, an older kind of fragment target.
    anchor_names: BTreeSet<String>,
    /// Every `href`, `src`, `srcset` candidate and Open Graph URL, in
    /// document order.
    links: Vec<Link>,
    /// The `href` of the first `<base>`, which relative links resolve against.
    base_href: Option<String>,
    /// The text of every `<script type="application/ld+json">`.
    json_ld: Vec<String>,
}

impl Page {
    /// Parses a page with html5ever, as a browser would, entities decoded.
    /// Scripting is off: pages work without JavaScript (DESIGN §4), so the
    /// links inside `<noscript>` are links a reader follows.
    fn parse(text: &str) -> Page {
        let options = ParseOpts {
            tree_builder: TreeBuilderOpts {
                scripting_enabled: false,
                ..TreeBuilderOpts::default()
            },
            ..ParseOpts::default()
        };
        let html =
            html5ever::parse_document(HtmlTreeSink::new(Html::new_document()), options).one(text);
        let mut page = Page::default();
        for element in html.root_element().descendent_elements() {
            page.take(element);
        }
        page
    }

    /// Records what one element holds.
    fn take(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        match name {
            "base" => {
                if self.base_href.is_none() {
                    self.base_href = element.attr("href").map(str::to_string);
                }
                return;
            }
            "script" if element.attr("type") == Some("application/ld+json") => {
                self.json_ld.push(element.text().collect());
            }
            "meta" => {
                let property = element.attr("property").or(element.attr("name"));
                if let (Some(property), Some(content)) = (property, element.attr("content"))
                    && META_URLS.contains(&property)
                {
                    self.links.push(Link {
                        absolute_only: true,
                        ..Link::new(property, content)
                    });
                }
            }
            "a" => {
                if let Some(anchor) = element.attr("name") {
                    self.anchor_names.insert(anchor.to_string());
                }
            }
            _ => {}
        }
        if let Some(id) = element.value().id() {
            *self.ids.entry(id.to_string()).or_default() += 1;
        }
        for (attribute, value) in element.value().attrs() {
            match attribute {
                "href" | "src" => self.links.push(Link::new(attribute, value)),
                "srcset" => self.links.extend(
                    srcset_urls(value)
                        .into_iter()
                        .map(|url| Link::new("srcset", url)),
                ),
                _ => {}
            }
        }
    }

    /// Whether `fragment` names an element of the page.
    fn has_target(&self, fragment: &str) -> bool {
        self.ids.contains_key(fragment) || self.anchor_names.contains(fragment)
    }
}

/// The URLs of a `srcset`, after the HTML standard's "parse a srcset
/// attribute": candidates are split at commas that end a URL or follow
/// its descriptors, so commas inside a URL or a descriptor's parentheses
/// do not split. No maintained crate parses `srcset` alone.
fn srcset_urls(value: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        if url.ends_with(',') {
            urls.push(url.trim_end_matches(','));
            continue;
        }
        urls.push(url);
        let mut depth = 0usize;
        let mut cut = rest.len();
        for (at, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    cut = at + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &rest[cut..];
    }
}

/// What the oracle needs of one XML file (a feed, a sitemap, a drawing).
#[derive(Debug, Default)]
struct Xml {
    /// The `id`s of its elements, for `file.svg#id`.
    ids: BTreeSet<String>,
    /// The URLs it names: `<loc>` text and `href` attributes.
    links: Vec<Link>,
}

impl Xml {
    /// Parses an XML file with roxmltree, which accepts only well-formed XML.
    fn parse(bytes: &[u8]) -> Result<Xml, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
        let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
        let mut xml = Xml::default();
        for node in document.descendants().filter(roxmltree::Node::is_element) {
            if let Some(id) = node.attribute("id") {
                xml.ids.insert(id.to_string());
            }
            if let Some(href) = node.attribute("href") {
                xml.links.push(Link::new("href", href));
            }
            if node.tag_name().name() == "loc"
                && let Some(text) = node.text()
            {
                xml.links.push(Link::new("loc", text.trim()));
            }
        }
        Ok(xml)
    }
}

/// The built site, as links are checked against it.
struct Built<'a> {
    /// Every file: path relative to the output → bytes.
    files: &'a BTreeMap<String, Vec<u8>>,
    /// Every parsed HTML page.
    pages: &'a BTreeMap<&'a str, Page>,
    /// Every parsed XML file.
    xml: &'a BTreeMap<&'a str, Xml>,
}

/// Where a URL written on a page leads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Destination {
    /// Off the site: another origin, or a scheme such as `mailto:`.
    External,
    /// A file of the site (`x/` read as `x/index.html`), and the
    /// `#fragment` as the URL holds it (percent-encoded).
    Site {
        file: String,
        fragment: Option<String>,
    },
}

/// Where `value`, written on a page whose links resolve against
/// `document`, leads on a site served at `site`; `on_not_found` for the
/// 404 page, where only root-absolute and absolute links are safe.
fn destination(
    value: &str,
    document: &Url,
    site: &Url,
    on_not_found: bool,
) -> Result<Destination, Problem> {
    // Browsers strip leading and trailing ASCII whitespace from URLs.
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
    let absolute = Url::parse(value).is_ok();
    let target = document.join(value).map_err(|e| Problem::NotAUrl {
        reason: e.to_string(),
    })?;
    if target.scheme().eq_ignore_ascii_case("javascript") {
        return Err(Problem::Script);
    }
    if target.origin() != site.origin() {
        return Ok(Destination::External); // mailto:, https://other.org/, data:
    }
    if on_not_found
        && !absolute
        && !value.is_empty()
        && !value.starts_with('/')
        && !value.starts_with('#')
    {
        return Err(Problem::RelativeOnNotFound);
    }
    Ok(Destination::Site {
        file: built_file(&target, site)?,
        fragment: target.fragment().map(str::to_string),
    })
}

/// Checks that one URL written on a page leads to a built file and, with
/// a fragment, to an element of it (see [`destination`]).
fn check_link(
    value: &str,
    document: &Url,
    site: &Url,
    on_not_found: bool,
    built: &Built<'_>,
) -> Result<(), Problem> {
    let Destination::Site { file, fragment } = destination(value, document, site, on_not_found)?
    else {
        return Ok(());
    };
    if !built.files.contains_key(&file) {
        return Err(if built.files.contains_key(&format!("{file}/index.html")) {
            Problem::FolderWithoutSlash { file }
        } else {
            Problem::NotBuilt { file }
        });
    }
    match fragment {
        Some(fragment) => check_fragment(&fragment, &file, built),
        None => Ok(()),
    }
}

/// The built file a URL of the site names: its path under the base path,
/// percent-decoded segment by segment; `x/` names `x/index.html`.
fn built_file(target: &Url, site: &Url) -> Result<String, Problem> {
    let path = target.path();
    let Some(relative) = path.strip_prefix(site.path()) else {
        return Err(if format!("{path}/") == site.path() {
            Problem::FolderWithoutSlash {
                file: "index.html".to_string(),
            }
        } else {
            Problem::OutsideBasePath {
                path: path.to_string(),
            }
        });
    };
    let mut segments = Vec::new();
    for segment in relative.split('/') {
        let decoded = percent_decode_str(segment).decode_utf8().ok();
        match decoded {
            Some(name) if !name.contains(['/', '\\']) => segments.push(name.into_owned()),
            _ => {
                return Err(Problem::BadPercentEncoding {
                    path: path.to_string(),
                });
            }
        }
    }
    let mut file = segments.join("/");
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Ok(file)
}

/// Checks that `fragment` (as the URL holds it, percent-encoded) names an
/// element of `file`, after the HTML standard's "indicated part of the
/// document": the fragment as written, then percent-decoded; empty and
/// `top` name the top of the page.
fn check_fragment(fragment: &str, file: &str, built: &Built<'_>) -> Result<(), Problem> {
    let decoded = percent_decode_str(fragment).decode_utf8_lossy();
    if decoded.is_empty() || decoded.eq_ignore_ascii_case("top") {
        return Ok(());
    }
    let found = if let Some(page) = built.pages.get(file) {
        page.has_target(fragment) || page.has_target(&decoded)
    } else if let Some(xml) = built.xml.get(file)
        && extension(file) == "svg"
    {
        xml.ids.contains(fragment) || xml.ids.contains(decoded.as_ref())
    } else {
        return Err(Problem::FragmentOnData {
            file: file.to_string(),
        });
    };
    if found {
        Ok(())
    } else {
        Err(Problem::NoSuchFragment {
            fragment: decoded.into_owned(),
            file: file.to_string(),
        })
    }
}

// ---------------------------------------------------------------------------
// The oracle itself: it passes a sound site and names every fault

/// An output folder holding `files` (path → text).
fn output_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder can be created");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    dir
}

/// The faults of an output folder, one line each.
fn faults(output: &Path, base: &str) -> Vec<String> {
    audit(output, base).iter().map(Failure::to_string).collect()
}

#[test]
fn a_sound_site_has_no_faults_whatever_its_links_look_like() {
    let dir = output_of(&[
        (
            "index.html",
            r##"<!doctype html><html><head><title>t</title>
<link rel="stylesheet" href="/sub/assets/site.css">
<link rel="canonical" href="https://example.org/sub/">
<meta property="og:image" content="https://example.org/sub/img/a.png">
<meta property="og:url" content="https://example.org/sub/">
<script type="application/ld+json">{"@type": "WebSite", "name": "a &amp; b </p>"}</script>
</head><body>
<a href="briefs/">relative</a> <a href="./briefs/café/#résumé">raw accents</a>
<a href="/sub/briefs/caf%C3%A9/#r%C3%A9sum%C3%A9">encoded accents</a>
<a href="/sub/briefs/caf%C3%A9/#old">a named anchor</a>
<a href="briefs/caf%C3%A9/index.html">an explicit index.html</a>
<a href="&#x2F;sub&#x2F;briefs/">entities</a> <a href=" /sub/docs/rapport%20final.pdf ">a space</a>
<a href="#top">top</a> <a href="#">empty fragment</a> <a href="">this page</a> <a href="?q=x">a query</a>
<a href="https://other.org/x#y">external</a> <a href="mailto:a@example.org">mail</a>
<a href="//cdn.example.net/x.js">another host</a>
<img src="data:image/png;base64,AAAA" alt="">
<img src="/sub/img/a.png" srcset="/sub/img/a.png 1x, img/a,b.png 2x, img/a.png?v=(1,2) 3x" alt="">
<a href="map.svg#mali">an element of a drawing</a>
</body></html>"##,
        ),
        (
            "briefs/index.html",
            r#"<a href="../">up</a> <a href="caf%C3%A9/">down</a>"#,
        ),
        (
            "briefs/café/index.html",
            r#"<h2 id="résumé">R</h2><a name="old"></a><a href="../../index.html">home</a>"#,
        ),
        ("assets/site.css", ""),
        ("docs/rapport final.pdf", "%PDF"),
        ("img/a.png", ""),
        ("img/a,b.png", ""),
        (
            "map.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg"><path id="mali" d="M0 0"/></svg>"#,
        ),
        (
            "404.html",
            r##"<a href="/sub/">home</a> <a href="#main">skip</a> <main id="main"></main>"##,
        ),
        (
            "sitemap.xml",
            r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://example.org/sub/briefs/ </loc></url></urlset>"#,
        ),
        (
            "atom.xml",
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://example.org/sub/"/><link rel="self" href="https://example.org/sub/atom.xml"/><link href="https://other.org/"/></feed>"#,
        ),
        ("search-index.json", "[]"),
        (
            "exports/events.geojson",
            r#"{"type": "FeatureCollection", "features": []}"#,
        ),
    ]);
    assert_eq!(faults(dir.path(), "https://example.org/sub/"), [""; 0]);
    assert_eq!(faults(dir.path(), "/sub/"), [""; 0]);
}

#[test]
fn every_fault_is_reported_at_once_with_its_page_value_and_reason() {
    let dir = output_of(&[
        (
            "index.html",
            r##"<a href="/briefs/">no base path</a> <a href="/sub/nowhere/">not built</a>
<a href="/sub/briefs">no slash</a> <a href="/sub">home without its slash</a>
<a href="briefs/#gone">no such id</a> <a href="#also-gone">no such id here</a>
<a href="../../x/">out of the site</a> <a href="javascript:alert(1)">a script</a>
<a href="/sub/atom.xml#x">a fragment on a feed</a> <a href="/sub/%FF/">not UTF-8</a>
<a href="/sub/a%2Fb/">an encoded slash</a> <a href="http://[::1">not a URL</a>
<img src="/sub/img/missing.png" srcset="/sub/img/a.png 1x, /sub/img/missing-2x.png 2x" alt="">
<a href="https://example.org/sub/gone/">absolute, not built</a>
<a href="https://example.org/other/">absolute, outside the base path</a>
<p id="twice"></p><p id="twice"></p><span id="twice"></span><p id="once"></p>
<meta property="og:url" content="/sub/"><meta name="twitter:image" content="https://example.org/sub/gone.png">
<script type="application/ld+json">{"@type": </script>
<noscript><a href="/sub/without-scripts/">read without scripts</a></noscript>"##,
        ),
        ("briefs/index.html", r#"<h1 id="here">x</h1>"#),
        ("img/a.png", ""),
        ("404.html", r#"<a href="briefs/">relative</a>"#),
        ("atom.xml", "<feed><unclosed></feed>"),
        (
            "sitemap.xml",
            "<urlset><url><loc>https://example.org/sub/missing/</loc></url></urlset>",
        ),
        ("data.json", "{,}"),
        ("exports/events.geojson", r#"{"type": "#),
    ]);
    std::fs::write(dir.path().join("latin1.html"), b"caf\xe9").expect("write");
    let expected = [
        "404.html: href=\"briefs/\": a relative link on the 404 page, which is served at any path",
        "atom.xml: not well-formed XML: expected 'unclosed' tag, not 'feed' at 1:17",
        "data.json: not valid JSON: key must be a string at line 1 column 2",
        "exports/events.geojson: not valid JSON: EOF while parsing a value at line 1 column 9",
        "index.html: <script type=\"application/ld+json\">: not valid JSON: EOF while parsing a value at line 1 column 10",
        "index.html: href=\"#also-gone\": no element of `index.html` has the id `also-gone`",
        "index.html: href=\"../../x/\": leads to `/x/`, outside the base path",
        "index.html: href=\"/briefs/\": leads to `/briefs/`, outside the base path",
        "index.html: href=\"/sub\": names the folder of `index.html` without its trailing `/`",
        "index.html: href=\"/sub/%FF/\": `/sub/%FF/` does not percent-decode to a path of UTF-8 names",
        "index.html: href=\"/sub/a%2Fb/\": `/sub/a%2Fb/` does not percent-decode to a path of UTF-8 names",
        "index.html: href=\"/sub/atom.xml#x\": a `#fragment` on `atom.xml`, which has no elements",
        "index.html: href=\"/sub/briefs\": names the folder of `briefs` without its trailing `/`",
        "index.html: href=\"/sub/nowhere/\": leads to `nowhere/index.html`, which was not built",
        "index.html: href=\"/sub/without-scripts/\": leads to `without-scripts/index.html`, which was not built",
        "index.html: href=\"briefs/#gone\": no element of `briefs/index.html` has the id `gone`",
        "index.html: href=\"http://[::1\": not a URL: invalid IPv6 address",
        "index.html: href=\"https://example.org/other/\": leads to `/other/`, outside the base path",
        "index.html: href=\"https://example.org/sub/gone/\": leads to `gone/index.html`, which was not built",
        "index.html: href=\"javascript:alert(1)\": a script, not a link",
        "index.html: id=\"twice\": 3 elements have this id",
        "index.html: og:url=\"/sub/\": not an absolute URL, as Open Graph needs",
        "index.html: src=\"/sub/img/missing.png\": leads to `img/missing.png`, which was not built",
        "index.html: srcset=\"/sub/img/missing-2x.png\": leads to `img/missing-2x.png`, which was not built",
        "index.html: twitter:image=\"https://example.org/sub/gone.png\": leads to `gone.png`, which was not built",
        "latin1.html: not UTF-8",
        "sitemap.xml: loc=\"https://example.org/sub/missing/\": leads to `missing/index.html`, which was not built",
    ];
    assert_eq!(faults(dir.path(), "https://example.org/sub/"), expected);
}

#[test]
fn with_a_base_path_only_absolute_urls_are_external() {
    let dir = output_of(&[(
        "index.html",
        r#"<a href="https://example.org/sub/gone/">x</a> <a href="/gone/">y</a>"#,
    )]);
    assert_eq!(
        faults(dir.path(), "/sub/"),
        ["index.html: href=\"/gone/\": leads to `/gone/`, outside the base path"]
    );
}

#[test]
fn srcset_candidates_split_at_the_commas_that_end_them() {
    assert_eq!(
        srcset_urls(" a.png 1x,b.png 2x , c,d.png 480w,e.png (max-width: 1px, x) 3x,, f.png,g.png"),
        ["a.png", "b.png", "c,d.png", "e.png", "f.png,g.png"]
    );
    assert_eq!(srcset_urls(""), [""; 0]);
}

// ---------------------------------------------------------------------------
// Every site, built at its own base URL and under /sub/

/// The base URL every site is also built for: a base path, where every
/// root-absolute link must carry `/sub/` (DESIGN §4).
const SUB: &str = "https://example.org/sub/";

/// The valid fixtures, each with a test below.
const AUDITED: [&str; 11] = [
    "acled",
    "english",
    "full",
    "git",
    "heading-links",
    "ids",
    "images",
    "links",
    "reader",
    "tradecraft",
    "warnings",
];

/// Builds the site with `flags`, audits its output against `base`, and
/// describes what went wrong.
fn build_and_audit(site: &TestSite, base: &str, flags: &[&str]) -> Option<String> {
    let run = site.try_build(flags);
    if run.status != 0 {
        return Some(format!(
            "build {flags:?} failed (exit {}):\n{}",
            run.status, run.stderr
        ));
    }
    let failures = audit(site.output(), base);
    (!failures.is_empty()).then(|| {
        format!(
            "{} faults in the site built for {base}:\n{}",
            failures.len(),
            lines(&failures)
        )
    })
}

/// Builds `site` at its own `base_url` and under [`SUB`] (with `flags`
/// for both), audits both outputs, and panics with every fault of both.
#[track_caller]
fn assert_sound_at_both_base_urls(site: TestSite, flags: &[&str]) {
    let own = site.base_url();
    let site = site.output_to("public-own");
    let at_own = build_and_audit(&site, &own, flags);
    let site = site.output_to("public-sub");
    let mut sub_flags = vec!["--base-url", SUB];
    sub_flags.extend_from_slice(flags);
    let at_sub = build_and_audit(&site, SUB, &sub_flags);
    let report: Vec<String> = at_own.into_iter().chain(at_sub).collect();
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}

#[test]
fn every_valid_fixture_is_audited() {
    assert_eq!(
        crate::support::valid_fixtures(),
        AUDITED,
        "a new fixture site needs its test in oracle.rs"
    );
}

#[test]
fn acled_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("acled"), &[]);
}

#[test]
fn english_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("english"), &[]);
}

#[test]
fn full_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("full"), &[]);
}

#[test]
fn full_fixture_with_drafts_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("full"), &["--drafts"]);
}

#[test]
fn git_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("git"), &[]);
}

#[test]
fn images_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("images"), &[]);
}

#[test]
fn heading_links_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("heading-links"), &[]);
}

#[test]
fn ids_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("ids"), &[]);
}

#[test]
fn links_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("links"), &[]);
}

#[test]
fn tradecraft_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("tradecraft"), &[]);
}

#[test]
fn reader_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("reader"), &[]);
}

#[test]
fn warnings_fixture_is_sound_at_its_base_url_and_under_a_base_path() {
    assert_sound_at_both_base_urls(TestSite::fixture("warnings"), &[]);
}

#[test]
fn example_site_is_sound_at_its_base_url_and_under_another_base_path() {
    assert_sound_at_both_base_urls(TestSite::example(), &[]);
}

// ---------------------------------------------------------------------------
// Links go where their text says (issue 11)

/// Where a link of a fixture must lead.
#[derive(Debug, Clone, Copy)]
enum Expected {
    /// Off the site, to exactly this URL.
    External(&'static str),
    /// To a built file of the site and, when given, an element of it.
    Page(&'static str, Option<&'static str>),
}

/// Whether `found` is where `expected` says.
fn leads_to(found: &Destination, expected: Expected, href: &str) -> bool {
    match (found, expected) {
        (Destination::External, Expected::External(url)) => href.trim() == url,
        (Destination::Site { file, fragment }, Expected::Page(want_file, want_fragment)) => {
            let fragment = fragment
                .as_deref()
                .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
            file == want_file && fragment.as_deref() == want_fragment
        }
        _ => false,
    }
}

/// Builds `site` at its own base URL and under [`SUB`], and checks that on
/// `page` (a built file) each link whose text is listed leads where listed.
#[track_caller]
fn assert_links_lead_where_they_say(site: TestSite, page: &str, links: &[(&str, Expected)]) {
    let own = site.base_url();
    let mut wrong = Vec::new();
    let mut site = site;
    for (folder, base) in [("public-own", own.as_str()), ("public-sub", SUB)] {
        site = site.output_to(folder);
        let run = site.try_build(&["--base-url", base]);
        if run.status != 0 {
            wrong.push(format!("build for {base} failed:\n{}", run.stderr));
            continue;
        }
        let html = Html::parse_document(&site.file(page));
        let anchors = scraper::Selector::parse("a[href]").expect("a valid selector");
        let site_url = site_url(base);
        let document = site_url
            .join(&served_path(page))
            .expect("a built path joins");
        for (text, expected) in links {
            let hrefs: Vec<&str> = html
                .select(&anchors)
                .filter(|a| {
                    a.text()
                        .collect::<String>()
                        .split_whitespace()
                        .eq(text.split(' '))
                })
                .filter_map(|a| a.attr("href"))
                .collect();
            let [href] = hrefs.as_slice() else {
                wrong.push(format!(
                    "{base}: {} links read `{text}` on {page}: {hrefs:?}",
                    hrefs.len()
                ));
                continue;
            };
            match destination(href, &document, &site_url, false) {
                Ok(found) if leads_to(&found, *expected, href) => {}
                found => wrong.push(format!(
                    "{base}: `{text}` leads to {href:?} ({found:?}), not to {expected:?}"
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn body_links_lead_where_their_text_says_whatever_comes_before_them() {
    // An external link comes first: links were once matched by ordinal
    // across modules, and it shifted every wiki link after it (STYLE §8.2).
    use Expected::{External, Page};
    assert_links_lead_where_they_say(
        TestSite::fixture("links"),
        "briefs/liens/index.html",
        &[
            ("la dépêche APA", External("https://apa.sn/depeche")),
            ("la fiche du Mali", Page("countries/mali/index.html", None)),
            ("la fiche du JNIM", Page("actors/jnim/index.html", None)),
            (
                "la fiche du Sénégal",
                Page("countries/senegal/index.html", None),
            ),
            (
                "la fiche du JNIM par son fichier",
                Page("actors/jnim/index.html", None),
            ),
            (
                "histoire du Mali par son fichier",
                Page("countries/mali/index.html", Some("histoire")),
            ),
            (
                "le contexte de cette note",
                Page("briefs/liens/index.html", Some("contexte")),
            ),
            ("la liste des pays", Page("countries/index.html", None)),
            ("le rapport final", Page("docs/rapport final.pdf", None)),
            ("la note estivale", Page("docs/note-été.txt", None)),
            ("la rédaction", External("mailto:redaction@example.org")),
        ],
    );
}

#[test]
fn heading_links_lead_to_the_heading_they_name() {
    use Expected::Page;
    assert_links_lead_where_they_say(
        TestSite::fixture("heading-links"),
        "briefs/par-les-titres/index.html",
        &[
            (
                "histoire du Mali",
                Page("countries/mali/index.html", Some("histoire")),
            ),
            (
                "sécurité au Mali",
                Page("countries/mali/index.html", Some("securite")),
            ),
            (
                "contexte de la note sahélienne",
                Page("briefs/contexte-sahel/index.html", Some("contexte")),
            ),
            (
                "contexte par son fichier",
                Page("briefs/contexte-sahel/index.html", Some("contexte")),
            ),
        ],
    );
}
